"""Search recall: Node runs the site's own Pagefind JS (``pagefind/pagefind.js``) against the built index.

Pagefind's extended build segments Chinese with jieba when it indexes; the browser side must find
the same words. Pagefind 1.5.x segments the query in the browser with ``Intl.Segmenter`` instead, and
the two disagree (upstream Pagefind/pagefind#1237): ICU splits 复议 and 平潭 into single characters,
1.5 then keeps only pages matching every character as a word (prefix), and most pages that say
行政复议 or 平潭综合实验区 are lost. Pagefind is pinned to 1.4.0 for this (see pyproject.toml).

The tests build a small site (three fixture reports plus a probe page, both editions) and the sample
archive, read every indexed page's ``data-pagefind-body`` text and check that sub-word queries find
exactly (small site) or at least (sample archive) the pages whose text contains them, in each
edition's own index (chosen, as in the browser, from ``<html lang>``), and that filters still work.

Node 20+ (full ICU, so ``Intl.Segmenter`` segments Chinese as browsers do) runs the JS; the tests are
skipped only when ``node`` is not on PATH.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.convert import to_traditional
from generator.render import render_docs
from generator.site import build_site

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "render"
SOURCES = ROOT / "site_data" / "sources"
CONTENT = ROOT / "content"
REPORTS = ["pingtan--pingtan-county-2012-html", "pingtan--pingtan-zone-2022-html", "pingtan--pingtan-zone-2024-html"]

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not on PATH: the search tests run Pagefind's JS with Node")

# Loads pagefind.js (an ES module written for browsers) in Node: a minimal `document` whose
# <html lang> is the edition's, file:// fetches read from disk, and basePath = the bundle directory.
# Works with Pagefind 1.2–1.5. argv: <bundle dir> <html lang> <requests.json>; each request is
# {"q": term, "filters": {...}}; prints one sorted list of result URLs per request ({"list_filters": true}:
# the sorted names of the index's filters instead; "text": true: each result's indexed content and
# excerpts, as "<url> <what>: <text>" lines).
RUNNER = r"""
import { readFile } from "node:fs/promises";
import { pathToFileURL, fileURLToPath } from "node:url";
import path from "node:path";
const [dir, lang, requestsFile] = process.argv.slice(2);
const requests = JSON.parse(await readFile(requestsFile, "utf8"));
globalThis.window ??= { location: {} };
globalThis.document = {
  currentScript: null,
  querySelector: (sel) => (sel === "html" ? { getAttribute: (a) => (a === "lang" ? lang : null) } : null),
};
const nodeFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(typeof input === "string" ? input : input.url);
  if (url.protocol !== "file:") return nodeFetch(input, init);
  try { return new Response(await readFile(fileURLToPath(url))); }
  catch { return new Response(null, { status: 404 }); }
};
const bundle = pathToFileURL(path.resolve(dir)).href + "/";
const pagefind = await import(bundle + "pagefind.js");
await pagefind.options({ basePath: bundle, baseUrl: "/" });
const out = [];
for (const { q, filters, list_filters, text } of requests) {
  if (list_filters) { out.push(Object.keys(await pagefind.filters()).sort()); continue; }
  const search = await pagefind.search(q, filters ? { filters } : {});
  const pages = await Promise.all(search.results.map((r) => r.data()));
  if (text) {
    out.push(pages.flatMap((p) => [`${p.url} content: ${p.content}`, `${p.url} excerpt: ${p.excerpt}`,
                                   ...p.sub_results.map((s) => `${p.url} ${s.title}: ${s.excerpt}`)]));
    continue;
  }
  out.push(pages.map((p) => p.url).sort());
}
console.log(JSON.stringify(out));
"""


# A page that says 议案 and 潭头镇 but neither 复议 nor 平潭.  Browsers' ICU segmenter splits the
# queries 复议 and 平潭 into single characters (复 议, 平 潭); Pagefind 1.5 then intersects the pages
# matching each character, and this page (议…, 潭…) empties the intersection: 1.5.2 finds nothing.
PROBE = """---
title: {title}
pagefind: true
---

# {title}

{text}
"""
PROBE_TEXT = "本年度办理人大代表议案十二件。潭头镇便民服务中心设有政府信息查阅点。"


def _write_probe(docs: Path, script: str) -> None:
    conv = to_traditional if script == "zh-Hant" else (lambda t: t)
    (docs / "reports" / "probe.md").write_text(
        PROBE.format(title=conv("议案办理情况"), text=conv(PROBE_TEXT)), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The three fixture reports and the probe page, both editions."""
    tmp = tmp_path_factory.mktemp("search")
    records = [yaml.safe_load((FIXTURES / "records" / f"{r}.yaml").read_text(encoding="utf-8")) for r in REPORTS]
    unpublished = yaml.safe_load((FIXTURES / "unpublished.yaml").read_text(encoding="utf-8"))
    for script, docs in (("zh-Hans", tmp / "hans"), ("zh-Hant", tmp / "hant")):
        render_docs(records, unpublished, docs, script, CONTENT, sources_dir=SOURCES)
        _write_probe(docs, script)
    return build_site(tmp / "hans", tmp / "hant", tmp / "site", work_dir=tmp / "work", strict=True)


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    """The sample archive (site_data/records), built as `make site` does."""
    from generator.pipeline import load_published as _load_published

    records, unpublished = _load_published()
    if not records:
        pytest.skip("no committed records yet")
    tmp = tmp_path_factory.mktemp("search-real")
    common = dict(records_dir=ROOT / "site_data" / "records", sources_dir=SOURCES)
    render_docs(records, unpublished, tmp / "hans", "zh-Hans", CONTENT, **common)
    render_docs(records, unpublished, tmp / "hant", "zh-Hant", CONTENT, **common)
    return build_site(tmp / "hans", tmp / "hant", tmp / "site", work_dir=tmp / "work", strict=True)


@pytest.fixture(scope="module")
def runner(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("node") / "pagefind-search.mjs"
    path.write_text(RUNNER, encoding="utf-8")
    return path


def search(site: Path, runner: Path, edition: str, requests: list[dict]) -> list[set[str]]:
    """Run the requests with the site's pagefind.js as a page of ``edition`` would (its <html lang>)."""
    page = (site / edition / "search" / "index.html") if edition else (site / "search" / "index.html")
    lang = re.search(r'<html lang="([^"]+)"', page.read_text(encoding="utf-8")).group(1)
    spec = runner.parent / "requests.json"
    spec.write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([NODE, str(runner), str(site / "pagefind"), lang, str(spec)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return [set(urls) for urls in json.loads(proc.stdout.strip().splitlines()[-1])]


class _IndexedText(HTMLParser):
    """The text Pagefind indexes: inside data-pagefind-body, outside data-pagefind-ignore/script/style."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[bool, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        names = {name for name, _ in attrs}
        self.stack.append(("data-pagefind-body" in names,
                           "data-pagefind-ignore" in names or tag in ("script", "style")))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if any(body for body, _ in self.stack) and not any(ignore for _, ignore in self.stack):
            self.parts.append(data)


def indexed_pages(site: Path, edition: str) -> dict[str, str]:
    """URL (as Pagefind reports it with baseUrl "/") → indexed text, for one edition."""
    root = site / edition if edition else site
    pages = {}
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if not edition and rel.startswith("zh-Hant/"):
            continue
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" not in html:
            continue
        parser = _IndexedText()
        parser.feed(html)
        pages["/" + re.sub(r"(^|/)index\.html$", r"\1", rel)] = "".join(parser.parts)
    return pages


EDITIONS = [pytest.param("", id="zh-Hans"), pytest.param("zh-Hant", id="zh-Hant")]


def _script(word: str, edition: str) -> str:
    return to_traditional(word) if edition else word


def _report_urls(edition: str, *ids: str) -> set[str]:
    prefix = f"/{edition}" if edition else ""
    return {f"{prefix}/reports/{r}/" for r in ids}


def _pages(edition: str, *names: str) -> set[str]:
    prefix = f"/{edition}" if edition else ""
    return {f"{prefix}/{name}/" for name in names}


def test_indexed_pages_are_known(site):
    """What the recall tests rely on: which pages say what (so their expected sets are exact)."""
    for edition in ("", "zh-Hant"):
        pages = indexed_pages(site, edition)
        assert set(pages) == _report_urls(edition, *REPORTS, "probe") | _pages(edition, "about", "methodology")
        for url in _report_urls(edition, *REPORTS):
            assert _script("行政复议", edition) in pages[url] and _script("平潭", edition) in pages[url]
        probe = pages[next(iter(_report_urls(edition, "probe")))]
        assert _script("议案", edition) in probe and _script("潭头镇", edition) in probe
        assert _script("复议", edition) not in probe and _script("平潭", edition) not in probe


@needs_node
@pytest.mark.parametrize("edition", EDITIONS)
def test_sub_word_query_finds_exactly_the_pages_that_say_it(site, runner, edition):
    """复议 (the reports say 行政复议, one word to the index's segmenter) finds exactly the pages
    whose indexed text contains 复议, and 平潭 (in 平潭综合实验区, 平潭县) exactly the three reports,
    in each edition; the probe page's 议案 and 潭头镇 must not get in the way.  Pagefind 1.5.2 finds
    no page for either (its query segmenter and its index disagree); 1.4.0 finds them all."""
    words = [_script(w, edition) for w in ("复议", "平潭", "行政复议", "潭头镇", "诉讼", "申请", "主动公开", "政府信息",
                                           "议案")]
    got = dict(zip(words, search(site, runner, edition, [{"q": w} for w in words])))
    fuyi, pingtan, yian = words[0], words[1], words[-1]
    assert got[fuyi] == _report_urls(edition, *REPORTS) | _pages(edition, "about", "methodology")
    assert got[pingtan] == _report_urls(edition, *REPORTS)
    pages = indexed_pages(site, edition)
    for word, found in got.items():
        expected = {url for url, text in pages.items() if word in text}
        assert expected <= found, f"{word}: missing {sorted(expected - found)}"
        # 1.4.0 can over-match a word its index holds only as single characters: 議案 in the
        # Traditional edition also finds pages that say 議 (in 復議) but not 議案.  Recall is what counts.
        if word != yian:
            assert found == expected, f"{word}: extra {sorted(found - expected)}"


# Everyday words of the reports, searched on the real sample archive: every page that says the word
# must be found (recall).  Multi-word queries may also find pages that have the parts apart.
EVERYDAY = ["复议", "行政复议", "申请", "依申请", "主动公开", "政府信息", "诉讼", "行政诉讼", "平潭", "规范性文件",
            "答复", "不予公开", "收费", "办理"]


@needs_node
@pytest.mark.parametrize("edition", EDITIONS)
def test_everyday_words_find_every_page_of_the_sample_archive(real_site, runner, edition):
    pages = indexed_pages(real_site, edition)
    words = [_script(w, edition) for w in EVERYDAY]
    got = search(real_site, runner, edition, [{"q": w} for w in words])
    missing = {}
    for word, found in zip(words, got):
        expected = {url for url, text in pages.items() if word in text}
        if expected - found:
            missing[word] = f"{len(expected - found)} of {len(expected)}: {sorted(expected - found)[:3]}"
        assert found <= set(pages), word
    assert missing == {}


@needs_node
@pytest.mark.parametrize("edition", EDITIONS)
def test_each_edition_searches_its_own_script_and_filters_work(site, runner, edition):
    other = "" if edition else "zh-Hant"
    fuyi, body = _script("复议", edition), _script("平潭综合实验区管理委员会", edition)
    # Pagefind UI shows the filter keys as the filters' names: Chinese, in the edition's script.
    year, issuer, region = (_script(k, edition) for k in ("年度", "发布机构", "地区"))
    assert (year, issuer, region) == (("年度", "發佈機構", "地區") if edition else ("年度", "发布机构", "地区"))
    got = search(site, runner, edition, [
        {"q": fuyi, "filters": {year: "2024"}},
        {"q": fuyi, "filters": {issuer: body}},
        {"q": _script("复议", other)},
        {"q": fuyi, "filters": {region: _script("平潭综合实验区", edition)}},
        {"q": fuyi, "filters": {region: _script("福建省", edition), year: "2012"}},
        {"list_filters": True},
    ])
    assert got[5] == {year, issuer, region}
    assert got[0] == _report_urls(edition, "pingtan--pingtan-zone-2024-html")
    assert got[1] == _report_urls(edition, "pingtan--pingtan-zone-2022-html", "pingtan--pingtan-zone-2024-html")
    # The other script's spelling finds only what this edition's own text says (nothing, here).
    pages = indexed_pages(site, edition)
    assert got[2] == {url for url, text in pages.items() if _script("复议", other) in text} == set()
    assert got[3] == _report_urls(edition, "pingtan--pingtan-zone-2022-html", "pingtan--pingtan-zone-2024-html")
    assert got[4] == _report_urls(edition, "pingtan--pingtan-county-2012-html")
    # Results come from this edition's index only.
    prefix = "/zh-Hant/" if edition else "/"
    for found in got[:5]:
        assert all(url.startswith(prefix) and (edition or not url.startswith("/zh-Hant/")) for url in found)


def test_pagefind_splits_the_index_by_html_lang(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["zh-hans", "zh-hant"]
    assert '<html lang="zh-Hans"' in (site / "search" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant"' in (site / "zh-Hant" / "search" / "index.html").read_text(encoding="utf-8")


def test_index_is_built_by_the_pinned_pagefind(site):
    """The recall above was measured per version (see the comment at the pin in pyproject.toml): a
    stale environment with another Pagefind would quietly change what visitors find."""
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = dict(re.findall(r"^(pagefind|pagefind_bin_extended)==(\S+)$", lock, re.M))
    assert pinned["pagefind"] == pinned["pagefind_bin_extended"]
    assert f'"pagefind[extended]=={pinned["pagefind"]}"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == pinned["pagefind"]
    assert f'pagefind_version="{pinned["pagefind"]}"' in (site / "pagefind" / "pagefind.js").read_text(encoding="utf-8")


# Provenance a reader does not search for: field paths (statistics.…), check ids, record ids, file
# names, hashes, maintainers' notes.  They stay on the page, marked data-pagefind-ignore, so excerpts
# show report text.
MACHINE = re.compile(r"statistics\.|headline\.|organisation\.|requests\.|review_litigation\.|prose_vs_table|"
                     r"legacy_table|\b[0-9a-f]{64}\b|site_data/\S+\.yaml|data/records/|sources/\S+\.txt")


def test_machine_paths_and_ids_are_not_indexed(real_site):
    for edition in ("", "zh-Hant"):
        pages = indexed_pages(real_site, edition)
        reports = {url: text for url, text in pages.items() if "/reports/" in url}
        assert reports
        for url, text in reports.items():
            assert not MACHINE.search(text), (url, MACHINE.search(text).group(0))
            assert url.rstrip("/").rsplit("/", 1)[1] not in text, url  # the record id
        # Labels and section headings stay indexed.
        page = reports[f"{'/zh-Hant' if edition else ''}/reports/pingtan--pingtan-zone-2024-html/"]
        for word in ("收到申请数", "行政复议", "三、收到和处理政府信息公开申请情况", "核对结果", "发布机构"):
            assert _script(word, edition) in page, word


@needs_node
@pytest.mark.parametrize("edition", EDITIONS)
def test_excerpts_show_no_field_paths(real_site, runner, edition):
    """复议 is in every 2021-format report's headline table, whose 出处 column names the cell
    (statistics.review_litigation.review.total): the excerpts must show the report, not the path."""
    lines = search(real_site, runner, edition, [{"q": _script("复议", edition), "text": True}])[0]
    assert any(": " in line and _script("行政复议", edition) in line for line in lines)
    noisy = [line for line in lines if MACHINE.search(line.split(": ", 1)[1])]
    assert noisy == []
