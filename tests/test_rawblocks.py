"""generator.site.rawblocks: the renderer's HTML blocks skip Markdown's HTML parsing, and every page
comes out byte for byte as it does without the extension."""
from __future__ import annotations

import copy
from pathlib import Path

import markdown
import pytest
import yaml

from generator.render import render_docs
from generator.site import build_site, edition_config
from generator.site.rawblocks import RawBlocks, block_end

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CONTENT = ROOT / "content"
SOURCES = ROOT / "site_data" / "sources"
PLAIN = ["attr_list", "toc"]


def convert(text: str, raw: bool) -> str:
    return markdown.Markdown(extensions=PLAIN + (["generator.site.rawblocks"] if raw else [])).convert(text)


def stashed(text: str) -> list[str]:
    md = markdown.Markdown(extensions=PLAIN + ["generator.site.rawblocks"])
    pre = next(p for p in md.preprocessors if isinstance(p, RawBlocks))
    pre.run(text.split("\n"))
    return list(md.htmlStash.rawHtmlBlocks)


def test_a_closed_block_after_a_blank_line_is_stashed_whole():
    page = '# 标题\n\n<div class="archive-block">\n<div class="archive-scroll">\n<table><tr><td>1</td></tr></table>\n</div></div>\n\n正文'
    assert stashed(page) == ['<div class="archive-block">\n<div class="archive-scroll">\n'
                             '<table><tr><td>1</td></tr></table>\n</div></div>\n']
    assert convert(page, raw=True) == convert(page, raw=False)


@pytest.mark.parametrize("page", [
    '段落\n<div class="archive-block">\n<p>x</p>\n</div>\n',          # no blank line before: a lazy paragraph line
    '<div class="archive-block">\n<p>never closed</p>\n\n正文\n',     # does not close
    '<div class="archive-block">\n<p>x</p>\n</div>\n紧接的文字\n',     # no blank line after
    '<div class="other">\n<p>x</p>\n</div>\n',                       # not the renderer's
    '&lt;div class="archive-block"&gt;\n\n',                         # scraped text, escaped by the renderer
])
def test_anything_else_takes_markdowns_own_path(page):
    assert stashed(page) == []
    assert convert(page, raw=True) == convert(page, raw=False)


def test_block_end_counts_nested_divs():
    lines = ['<div class="archive-block">', '<div>', '</div>', '<div></div>', '</div>', '<p>after</p>']
    assert block_end(lines, 0) == 4
    assert block_end(lines[:4], 0) is None


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, Path]:
    """The fixture reports, the hostile record and the not-published list, rendered in both scripts."""
    tmp = tmp_path_factory.mktemp("rawblocks")
    records = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / "render" / "records").glob("*.yaml"))]
    records.append(yaml.safe_load((FIXTURES / "render" / "hostile.yaml").read_text(encoding="utf-8")))
    unpublished = yaml.safe_load((FIXTURES / "render" / "unpublished.yaml").read_text(encoding="utf-8"))
    out = {}
    for script in ("zh-Hans", "zh-Hant"):
        out[script] = tmp / script
        render_docs(records, unpublished, out[script], script, CONTENT, sources_dir=SOURCES)
    return out


def test_every_generated_page_converts_to_the_same_html(docs):
    pages = sorted(p for d in docs.values() for p in d.rglob("*.md"))
    assert len(pages) > 20
    taken = 0
    for page in pages:
        text = page.read_text(encoding="utf-8").split("\n---\n", 1)[-1]   # without the front matter
        assert convert(text, raw=True) == convert(text, raw=False), page
        taken += len(stashed(text))
    assert taken > 100                     # the extension did take the blocks


def test_mkdocs_builds_the_same_site_with_and_without_it(docs, tmp_path):
    cfg = edition_config("zh-Hans", docs["zh-Hans"], tmp_path / "unused")
    assert "generator.site.rawblocks" in cfg["markdown_extensions"]
    plain = tmp_path / "mkdocs.plain.yml"
    without = copy.deepcopy(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    without["markdown_extensions"] = [e for e in without["markdown_extensions"] if e != "generator.site.rawblocks"]
    without["theme"]["custom_dir"] = str(ROOT / without["theme"]["custom_dir"])
    plain.write_text(yaml.safe_dump(without, allow_unicode=True, sort_keys=False), encoding="utf-8")
    sites = {}
    for name, config in (("raw", ROOT / "mkdocs.yml"), ("plain", plain)):
        sites[name] = build_site(docs["zh-Hans"], docs["zh-Hant"], tmp_path / name, config_file=config,
                                 work_dir=tmp_path / f"work-{name}", strict=True, pagefind=False,
                                 source_date_epoch=1_700_000_000)
    files = {name: {p.relative_to(s).as_posix(): p.read_bytes() for p in sorted(s.rglob("*")) if p.is_file()}
             for name, s in sites.items()}
    assert sorted(files["raw"]) == sorted(files["plain"])
    assert [f for f in files["raw"] if files["raw"][f] != files["plain"][f]] == []
