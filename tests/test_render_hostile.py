"""Scraped strings are hostile: every one must stay inert text, in Markdown and in the built site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.render import render_docs, render_pages
from generator.site import build_site

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "render"
CONTENT = ROOT / "content"
HOSTILE_ID = "hostile-2020-txt"


def hostile_record() -> dict:
    return yaml.safe_load((FIXTURES / "hostile.yaml").read_text(encoding="utf-8"))


def unpublished() -> list[dict]:
    return [{"file": "seeds/<script>alert(1)</script>.txt", "id": None,
             "reason": "<img src=x onerror=alert(1)>[x](javascript:alert(1)){{ config }}"}]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    for script, docs in (("zh-Hans", tmp / "hans"), ("zh-Hant", tmp / "hant")):
        render_docs([hostile_record()], unpublished(), docs, script, CONTENT)
    return build_site(tmp / "hans", tmp / "hant", tmp / "site", work_dir=tmp / "work", strict=True,
                      pagefind=False)


def built_pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_nothing_live_in_the_built_site(site):
    pages = built_pages(site)
    assert f"reports/{HOSTILE_ID}/index.html" in pages and f"zh-Hant/reports/{HOSTILE_ID}/index.html" in pages
    for path, html in pages.items():
        assert "<script>alert" not in html, path
        assert not re.search(r"<[a-z][^>]*\sonerror\s*=", html, re.I), path
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=\s*['\"]?alert", html, re.I), path
        assert not re.search(r"""href\s*=\s*['"]?\s*javascript:""", html, re.I), path
        assert "<iframe" not in html.lower(), path
        assert "<img src=x" not in html, path
        assert "\x02" not in html and "\x03" not in html, path  # Markdown placeholder delimiters stripped
        # Only our own scripts: Material's bundle, our search script, and nothing inline from data.
        for src in re.findall(r"<script\b([^>]*)>", html):
            assert src in ("", ' id="__config" type="application/json"') or re.fullmatch(
                r' src="[./]*assets/[^"]+\.js"', src), (path, src)


@pytest.mark.parametrize("page", [f"reports/{HOSTILE_ID}/index.html", f"zh-Hant/reports/{HOSTILE_ID}/index.html"])
def test_literal_text_is_visible(site, page):
    html = (site / page).read_text(encoding="utf-8")
    # The report page and its full-text page beside it (reports/<id>/text/) show the record between them.
    text_page = (site / page).with_name("text") / "index.html"
    body = "".join(p.read_text(encoding="utf-8").split('<article class="md-content__inner md-typeset">', 1)[1]
                   for p in (site / page, text_page))
    for text in ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;",
                 "[x](javascript:alert(1))", "{{ config }}", "{% include &#39;x&#39; %}",
                 "&lt;iframe src=//evil&gt;", "# heading", "1. list", "```code```", "| a | b |",
                 "wzxhzdk:0 x *a* _b_ | c |"):
        assert text in body, text
    # A non-http(s) URL is shown as text, never as a link.
    assert '<span class="url-inert" title="' in body and ">javascript:alert(1)</span>" in body
    # Titles are printed unescaped by the theme, so they carry no markup characters at all.
    for titled in (html, text_page.read_text(encoding="utf-8")):
        title = re.search(r"<title>(.*?)</title>", titled, re.S).group(1)
        assert "<" not in title and "&" not in title and "＜script＞alert(1)＜/script＞" in title


def test_markdown_sources_keep_data_inside_html_blocks():
    for script in ("zh-Hans", "zh-Hant"):
        pages = render_pages([hostile_record()], unpublished(), script)
        # The data dictionary holds no record data at all (the same page for any archive): its
        # Markdown headings and paragraphs are generator.publish.dictionary's constants.
        assert pages.pop("data/dictionary.md") == render_pages([], [], script)["data/dictionary.md"]
        for path, text in pages.items():
            front, body = text.split("\n---\n", 1)
            # Front matter is one quoted title line: no YAML or Markdown from data can escape it.
            for line in front.splitlines()[1:]:
                assert line.startswith(("title: ", "pagefind: ", "hide:", "  - ")), (path, line)
            # No blank line inside a raw HTML block (some Markdown processors end the block there);
            # a block is a <div> at the start of a line up to its own </div> (divs nest: a wide
            # table's scrolling region is inside its block).
            depth = 0
            for line in body.split("\n"):
                if depth or line.startswith("<div"):
                    assert line.strip(), (path, "blank line inside an HTML block")
                    depth += line.count("<div") - line.count("</div>")
                    assert depth >= 0, (path, line)
                    continue
                # Outside raw HTML blocks, only the templates' own headings appear.
                assert line == "" or re.fullmatch(r"#{1,3} [^<>\[\]`*_|{]*?( \{#[a-z-]+\})?", line), (path, line)


def test_unpublished_and_data_quality_pages_escape(site):
    pages = built_pages(site)
    np = pages["not-published/index.html"]
    assert "<code>seeds/<wbr>&lt;script&gt;alert(1)&lt;/<wbr>script&gt;.txt</code>" in np
    dq = pages["data-quality/index.html"]
    assert "&lt;img src=x onerror=alert(1)&gt;{{ config }}" in dq
