"""Search recall: Node runs the site's own Pagefind JS (``pagefind/pagefind.js``) against the built index.

Pagefind's extended build segments Chinese with jieba when it indexes; the browser side must find
the same words. Pagefind 1.5.x segments the query in the browser with ``Intl.Segmenter`` instead, and
the two disagree (upstream Pagefind/pagefind#1237): ICU splits 复议 and 平潭 into single characters,
1.5 then keeps only pages matching every character as a word (prefix), and most pages that say
行政复议 or 平潭综合实验区 are lost. Pagefind is pinned to 1.4.0 for this (see pyproject.toml).

The tests build a small site (three fixture reports plus a probe page, both editions) and the sample
archive, read every indexed page's ``data-pagefind-body`` text and check that sub-word queries find
exactly (small site) or at least (sample archive) the pages whose text contains them, and that
filters still work.  One index, built from the zh-Hans pages (Simplified), serves both editions: the
search page's script (assets/archive-search.js, run here around Pagefind as on the page) converts a
Traditional query to Simplified and maps zh-Hant results to the zh-Hant pages, in Traditional
script, so a query typed in either script finds the same reports in both editions.

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
# Works with Pagefind 1.2–1.5.  Around it runs the search page's own script (assets/archive-search.js
# with the vendored opencc-js, as built into the site): the query goes through its processTerm and
# every result through its processResult, as Pagefind UI does on the page.
# argv: <bundle dir> <html lang> <requests.json> <assets dir>; each request is {"q": term, "filters":
# {...}}; prints one sorted list of result URLs per request ({"list_filters": true}: the sorted names
# of the index's filters as the page shows them instead; "text": true: each result's title, indexed
# content and excerpts, as "<url> <what>: <text>" lines; "term": true: the term actually searched).
RUNNER = r"""
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { pathToFileURL, fileURLToPath } from "node:url";
import path from "node:path";
import vm from "node:vm";
const [dir, lang, requestsFile, assets] = process.argv.slice(2);
const requests = JSON.parse(await readFile(requestsFile, "utf8"));
globalThis.window ??= { location: {} };
globalThis.document = {
  currentScript: null,
  getElementById: () => null,
  querySelector: (sel) => (sel === "html" ? { getAttribute: (a) => (a === "lang" ? lang : null) } : null),
};
const nodeFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(typeof input === "string" ? input : input.url);
  if (url.protocol !== "file:") return nodeFetch(input, init);
  try { return new Response(await readFile(fileURLToPath(url))); }
  catch { return new Response(null, { status: 404 }); }
};
// The search page's conversion, from the built site's files.
const OpenCC = createRequire(import.meta.url)(path.resolve(assets, "vendor/opencc-js/t2cn.js"));
const hant = lang === "zh-Hant";
const stFile = await readFile(path.resolve(assets, "vendor/opencc-js/STCharacters.js"), "utf8");
const st = hant ? (await import("data:text/javascript," + encodeURIComponent(stFile))).default : null;
vm.runInThisContext(await readFile(path.resolve(assets, "archive-search.js"), "utf8"));
const conv = globalThis.ArchiveSearch.converters(OpenCC, st);
const proc = globalThis.ArchiveSearch.processors(conv, hant, "/");
const bundle = pathToFileURL(path.resolve(dir)).href + "/";
const pagefind = await import(bundle + "pagefind.js");
await pagefind.options({ basePath: bundle, baseUrl: "/" });
const out = [];
for (const { q, filters, list_filters, text, term } of requests) {
  if (list_filters) {
    out.push(Object.keys(await pagefind.filters()).map((k) => (hant ? conv.toTraditional(k) : k)).sort());
    continue;
  }
  if (term) { out.push([proc.processTerm(q)]); continue; }
  const search = await pagefind.search(proc.processTerm(q), filters ? { filters } : {});
  const pages = (await Promise.all(search.results.map((r) => r.data()))).map(proc.processResult);
  if (text) {
    out.push(pages.flatMap((p) => [`${p.url} title: ${p.meta.title}`, `${p.url} content: ${p.content}`,
                                   `${p.url} excerpt: ${p.excerpt}`,
                                   ...p.sub_results.map((s) => `${s.url} ${s.title}: ${s.excerpt}`)]));
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
# A page that says 行政复议 (one word to the index's segmenter), for the sub-word query 复议: the
# fixture reports' full texts do not say it (their tables do, and tables are not indexed).
REVIEW_PROBE_TEXT = "本年度申请行政复议两起，均已审结。"


def _write_probe(docs: Path, script: str) -> None:
    conv = to_traditional if script == "zh-Hant" else (lambda t: t)
    (docs / "reports" / "probe.md").write_text(
        PROBE.format(title=conv("议案办理情况"), text=conv(PROBE_TEXT)), encoding="utf-8")
    (docs / "reports" / "probe-review.md").write_text(
        PROBE.format(title=conv("行政复议情况"), text=conv(REVIEW_PROBE_TEXT)), encoding="utf-8")


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
def real_site(sample_site) -> Path:
    """The real sample archive (site_data/records), built the way `make site` does: once per run,
    shared with the other modules (tests/conftest.py). Read only."""
    return sample_site


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
    proc = subprocess.run([NODE, str(runner), str(site / "pagefind"), lang, str(spec), str(site / "assets")],
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
    """Where search finds a report: its full-text page (the report page itself is not indexed)."""
    prefix = f"/{edition}" if edition else ""
    return {f"{prefix}/reports/{r}/text/" for r in ids}


def _probe_urls(edition: str, *names: str) -> set[str]:
    prefix = f"/{edition}" if edition else ""
    return {f"{prefix}/reports/{name}/" for name in names}


def _pages(edition: str, *names: str) -> set[str]:
    prefix = f"/{edition}" if edition else ""
    return {f"{prefix}/{name}/" for name in names}


def _expected(site: Path, word: str, edition: str) -> set[str]:
    """The pages of ``edition`` a search for the Simplified ``word`` must find: one index serves
    both editions, built from the zh-Hans pages, so those whose indexed text says ``word``, at
    their path in ``edition``."""
    prefix = f"/{edition}" if edition else ""
    return {prefix + url for url, text in indexed_pages(site, "").items() if word in text}


def test_indexed_pages_are_known(site):
    """What the recall tests rely on: which pages say what (so their expected sets are exact)."""
    for edition in ("", "zh-Hant"):
        pages = indexed_pages(site, edition)
        assert set(pages) == (_report_urls(edition, *REPORTS) | _probe_urls(edition, "probe", "probe-review")
                              | _pages(edition, "about", "methodology"))
        for url in _report_urls(edition, *REPORTS):
            assert _script("平潭", edition) in pages[url] and _script("复议", edition) not in pages[url]
        probe = pages[next(iter(_probe_urls(edition, "probe")))]
        assert _script("议案", edition) in probe and _script("潭头镇", edition) in probe
        assert _script("复议", edition) not in probe and _script("平潭", edition) not in probe
        review = pages[next(iter(_probe_urls(edition, "probe-review")))]
        assert _script("行政复议", edition) in review and _script("平潭", edition) not in review


@needs_node
@pytest.mark.parametrize("edition", EDITIONS)
def test_sub_word_query_finds_exactly_the_pages_that_say_it(site, runner, edition):
    """复议 (the reports say 行政复议, one word to the index's segmenter) finds exactly the pages
    whose indexed text contains 复议, and 平潭 (in 平潭综合实验区, 平潭县) exactly the three reports,
    in each edition, typed in the edition's script; the probe page's 议案 and 潭头镇 must not get in
    the way.  Pagefind 1.5.2 finds no page for either (its query segmenter and its index disagree);
    1.4.0 finds them all."""
    words = ["复议", "平潭", "行政复议", "潭头镇", "诉讼", "申请", "主动公开", "政府信息", "议案"]
    got = dict(zip(words, search(site, runner, edition, [{"q": _script(w, edition)} for w in words])))
    assert got["复议"] == _probe_urls(edition, "probe-review") | _pages(edition, "about", "methodology")
    assert got["平潭"] == _report_urls(edition, *REPORTS)
    assert got["议案"] == _probe_urls(edition, "probe")
    for word, found in got.items():
        assert found == _expected(site, word, edition), word


# Everyday words of the reports, searched on the real sample archive: every page that says the word
# must be found (recall).  Multi-word queries may also find pages that have the parts apart.
EVERYDAY = ["复议", "行政复议", "申请", "依申请", "主动公开", "政府信息", "诉讼", "行政诉讼", "平潭", "规范性文件",
            "答复", "不予公开", "收费", "办理"]


@needs_node
@pytest.mark.parametrize("edition", EDITIONS)
def test_everyday_words_find_every_page_of_the_sample_archive(real_site, runner, edition):
    own = set(indexed_pages(real_site, edition))
    got = search(real_site, runner, edition, [{"q": _script(w, edition)} for w in EVERYDAY])
    missing = {}
    for word, found in zip(EVERYDAY, got):
        expected = _expected(real_site, word, edition)
        assert expected <= own, word
        if expected - found:
            missing[word] = f"{len(expected - found)} of {len(expected)}: {sorted(expected - found)[:3]}"
        assert found <= own, word
    assert missing == {}


# Issue 10: a query typed in either script finds the same reports in both editions.
CROSS_SCRIPT = [("复议", "復議"), ("黄阁", "黃閣"), ("镇", "鎮"), ("发布", "發佈"), ("行政复议", "行政復議"),
                ("黄阁镇", "黃閣鎮")]


@needs_node
def test_either_script_finds_the_same_reports_in_both_editions(real_site, runner):
    """Both spellings, on both editions, find the same pages: those whose (Simplified) indexed text
    says the word, each at its own edition's path.  A one-character query finds the words that
    begin with it (Pagefind matches word prefixes): 镇 finds 镇人民政府 and 黄阁镇, and 乡镇 only
    where jieba did not keep it one word (the about page's 乡镇人民政府: not found, in either
    edition, before or after this change)."""
    queries = [{"q": q} for pair in CROSS_SCRIPT for q in pair]
    hans, hant = search(real_site, runner, "", queries), search(real_site, runner, "zh-Hant", queries)
    for i, (simplified, traditional) in enumerate(CROSS_SCRIPT):
        expected = _expected(real_site, simplified, "")
        assert expected, simplified
        if simplified == "镇":
            pages = indexed_pages(real_site, "")
            assert {url for url, text in pages.items() if re.search("(?<!乡)镇", text)} <= hans[2 * i]
            assert expected - hans[2 * i] == {"/about/"}
            expected = hans[2 * i]
        # A query the segmenter splits (行政复议 → 行政 复议 …) may also find a page that has the
        # parts apart (依法行政 … 回复 … 会议): never one that lacks a character of it.
        pages = indexed_pages(real_site, "")
        assert expected <= hans[2 * i], simplified
        assert all(set(simplified) <= set(pages[url]) for url in hans[2 * i] - expected), simplified
        assert hans[2 * i] == hans[2 * i + 1], simplified
        assert hant[2 * i] == hant[2 * i + 1] == {"/zh-Hant" + url for url in hans[2 * i]}, traditional
        for url in hant[2 * i]:
            assert (real_site / url.strip("/") / "index.html").is_file(), url


@needs_node
@pytest.mark.parametrize("edition", EDITIONS)
def test_queries_are_converted_to_simplified_only_when_traditional(site, runner, edition):
    """The term searched: Traditional is converted (with the Taiwan variants: 隨著 → 随着), a
    Simplified query stays as typed (显著 is no 显着, which the variant table alone would make)."""
    terms = ["復議", "复议", "黃閣鎮", "發佈", "显著", "顯著", "隨著", "行政复议 訴訟", "2024", "平潭 pingtan"]
    got = search(site, runner, edition, [{"q": t, "term": True} for t in terms])
    assert [next(iter(found)) for found in got] == ["复议", "复议", "黄阁镇", "发布", "显著", "显著", "随着",
                                                    "行政复议 诉讼", "2024", "平潭 pingtan"]


@needs_node
def test_results_show_in_the_editions_script(real_site, runner):
    """zh-Hant results link to zh-Hant pages and show title, excerpt and sub-results in Traditional
    script; zh-Hans results stay as indexed."""
    report = "/reports/pingtan--pingtan-zone-2024-html/text/"
    hans = search(real_site, runner, "", [{"q": "复议", "text": True}])[0]
    hant = search(real_site, runner, "zh-Hant", [{"q": "復議", "text": True}])[0]
    assert f"{report} title: 平潭综合实验区2024年度政府信息公开工作年度报告" in hans
    assert f"/zh-Hant{report} title: 平潭綜合實驗區2024年度政府信息公開工作年度報告" in hant
    shown = [line for line in hant if " content: " not in line]  # content is not shown by the UI
    assert shown and all(line.startswith("/zh-Hant/") for line in shown)
    assert any("行政<mark>復議</mark>" in line for line in shown)
    assert not any("复议" in line or "行政复议" in line for line in shown)
    assert any("复议" in line for line in hans) and not any("復議" in line for line in hans)
    # Sub-results keep their anchors, which are the same in both editions.
    subs = [line.split(" ", 1)[0] for line in shown if "#" in line.split(" ", 1)[0]]
    assert subs
    for url in subs:
        path, anchor = url.split("#")
        page = (real_site / path.strip("/") / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in page, url


@needs_node
@pytest.mark.parametrize("edition", EDITIONS)
def test_filters_work_in_both_editions(site, runner, edition):
    """The filters are the one index's (Simplified); the zh-Hant page shows their names in
    Traditional script, and choosing one works with a query typed in either script."""
    other = "" if edition else "zh-Hant"
    word = _script("平潭", edition)
    year, issuer, region = "年度", "发布机构", "地区"
    got = search(site, runner, edition, [
        {"q": word, "filters": {year: "2024"}},
        {"q": word, "filters": {issuer: "平潭综合实验区管理委员会"}},
        {"q": _script("平潭", other)},
        {"q": word, "filters": {region: "平潭综合实验区"}},
        {"q": word, "filters": {region: "福建省", year: "2012"}},
        {"q": _script("平潭", other), "filters": {year: "2022"}},
        {"list_filters": True},
    ])
    assert got[6] == ({"年度", "發布機構", "地區"} if edition else {year, issuer, region})
    assert got[0] == _report_urls(edition, "pingtan--pingtan-zone-2024-html")
    assert got[1] == _report_urls(edition, "pingtan--pingtan-zone-2022-html", "pingtan--pingtan-zone-2024-html")
    # The other script's spelling finds what this edition's own spelling finds.
    assert got[2] == _report_urls(edition, *REPORTS)
    assert got[3] == _report_urls(edition, "pingtan--pingtan-zone-2022-html", "pingtan--pingtan-zone-2024-html")
    assert got[4] == _report_urls(edition, "pingtan--pingtan-county-2012-html")
    assert got[5] == _report_urls(edition, "pingtan--pingtan-zone-2022-html")
    # Results are this edition's pages only.
    for found in got[:6]:
        assert all(url.startswith("/zh-Hant/") == bool(edition) for url in found)


def test_one_simplified_index_serves_both_editions(site):
    """Only the zh-Hans pages are indexed (each report once, in Simplified); the zh-Hant pages load
    the same index (Pagefind falls back to its largest language when none matches <html lang>)."""
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh-hans"]
    assert entry["languages"]["zh-hans"]["page_count"] == len(indexed_pages(site, "")) == len(REPORTS) + 4
    assert '<html lang="zh-Hans"' in (site / "search" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant"' in (site / "zh-Hant" / "search" / "index.html").read_text(encoding="utf-8")


def test_search_page_loads_its_converter_from_this_site(site):
    """opencc-js is vendored (its licence beside it) and loaded by the search page only."""
    vendor = site / "assets" / "vendor" / "opencc-js"
    assert (vendor / "t2cn.js").read_text(encoding="utf-8").startswith("/*! opencc-js 1.4.2 ")
    assert (vendor / "STCharacters.js").read_text(encoding="utf-8").startswith("/*! opencc-js 1.4.2 ")
    assert "MIT License" in (vendor / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in (vendor / "LICENSE-Apache-2.0.txt").read_text(encoding="utf-8")
    script = (site / "assets" / "archive-search.js").read_text(encoding="utf-8")
    assert 'new URL("t2cn.js", vendor)' in script and 'new URL("STCharacters.js", vendor)' in script
    # The table that rewrites zh-Hant excerpts (Pagefind's escaped HTML) maps CJK characters to CJK
    # characters only: a converted excerpt can gain no markup, entity or URL.
    table = (vendor / "STCharacters.js").read_text(encoding="utf-8").split('"')[1]
    assert len(table.split("|")) > 3000
    assert {ch for ch in table if ord(ch) < 0x2E80} == {" ", "|"}
    for page in (site / "reports").rglob("index.html"):
        assert "opencc" not in page.read_text(encoding="utf-8"), page
    # The switcher links the search page keeps ?q= on (they exist on every page).
    for edition in ("", "zh-Hant"):
        html = (site / edition / "search" / "index.html").read_text(encoding="utf-8")
        assert len(re.findall(r'<a href="[^"?]*" hreflang="zh-Han[st]" lang="zh-Han[st]" class="md-select__link">',
                              html)) == 2


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
            assert url.strip("/").split("/")[-2] not in text, url  # the record id
        # The report's title, body and text stay indexed, section headings too.
        page = reports[f"{'/zh-Hant' if edition else ''}/reports/pingtan--pingtan-zone-2024-html/text/"]
        for word in ("平潭综合实验区2024年度政府信息公开工作年度报告", "行政复议", "三、收到和处理政府信息公开申请情况",
                     "福建省"):
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


# The search page's own script (assets/archive-search.js) run in Node with a stand-in DOM: the
# built site's files, the real opencc-js, a stand-in PagefindUI that records its options.  argv:
# <assets dir copy> <search page file> <html lang> <hrefs of the switcher links, JSON>.  Prints what
# the page did: the UI options' effect, the links after typing, the address, the converted filters.
PAGE_RUNNER = r"""
import path from "node:path";
import vm from "node:vm";
import { readFile } from "node:fs/promises";
import { pathToFileURL, fileURLToPath } from "node:url";
const [assets, page, lang, hrefs] = process.argv.slice(2);
const attrs = (o) => {
  const listeners = {};
  return { getAttribute: (k) => o[k] ?? null, setAttribute: (k, v) => { o[k] = String(v); }, hasAttribute: (k) => k in o,
           addEventListener: (type, fn) => { (listeners[type] ??= []).push(fn); }, listeners };
};
// A click on a link as the page's own listeners see it: did one of them stop it reaching Material's?
const clickStopped = (a) => { let stopped = false; (a.listeners.click ?? []).forEach((fn) => fn({ stopPropagation() { stopped = true; } }));
                              return stopped; };
const input = attrs({ title: "search" });
const links = JSON.parse(hrefs).map((href) => attrs({ href }));
const text = (data, next) => ({ nodeType: 3, data, nextSibling: next ?? null });
const panel = { nodeType: 1, firstChild: text("发布机构", text("平潭综合实验区管理委员会")) };
const el = attrs({ "data-bundle": lang === "zh-Hant" ? "../../pagefind/" : "../pagefind/" });
el.querySelectorAll = (sel) => (sel === ".pagefind-ui__filter-panel" ? [panel] : []);
el.querySelector = (sel) => (sel === ".pagefind-ui__search-input" ? input : null);
const loaded = [];
let observer = null;
globalThis.MutationObserver = class { constructor(cb) { observer = cb; } observe() {} };
const history = [];
globalThis.window = globalThis;
globalThis.location = { search: "?q=" + encodeURIComponent("復議"), pathname: "/search/", hash: "" };
globalThis.history = { state: null, replaceState: (s, t, u) => history.push(u) };
let ui = null;
globalThis.PagefindUI = class { constructor(o) { ui = { options: o, triggered: [] }; }
                                triggerSearch(q) { ui.triggered.push(q); } };
globalThis.document = {
  currentScript: { src: pathToFileURL(path.join(assets, "archive-search.js")).href },
  baseURI: pathToFileURL(page).href,
  documentElement: { lang },
  getElementById: (id) => (id === "archive-search" ? el : null),
  querySelectorAll: (sel) => (sel === "a.md-select__link[hreflang]" ? links : []),
  createElement: (tag) => ({ tag }),
  head: { appendChild: async (node) => {
    if (node.tag !== "script") return;
    const file = fileURLToPath(node.src);
    loaded.push(path.basename(file));
    if (!file.endsWith("pagefind-ui.js")) vm.runInThisContext(await readFile(file, "utf8"));
    node.onload();
  } },
};
await import(pathToFileURL(path.join(assets, "archive-search.js")).href);
for (let i = 0; i < 100 && !ui; i++) await new Promise((r) => setTimeout(r, 20));
const root = new URL("../", new URL(el.getAttribute("data-bundle"), document.baseURI)).pathname;
const result = ui.options.processResult({ url: root + "reports/x/", meta: { title: "行政复议" }, excerpt: "<mark>复议</mark>",
                                          sub_results: [{ url: root + "reports/x/#text", title: "发布", excerpt: "发布" }] });
const term = ui.options.processTerm("黃閣鎮");
observer?.();
console.log(JSON.stringify({
  loaded: loaded.sort(), baseUrl: ui.options.baseUrl === root, triggered: ui.triggered, term,
  links: links.map((a) => a.getAttribute("href")), address: history.at(-1),
  stopped: links.map(clickStopped), inputLabel: input.getAttribute("aria-label"),
  result: { url: result.url.slice(root.length), title: result.meta.title, excerpt: result.excerpt,
            sub: [result.sub_results[0].url.slice(root.length), result.sub_results[0].title] },
  filters: [panel.firstChild.data, panel.firstChild.nextSibling.data],
}));
"""


@needs_node
@pytest.mark.parametrize("edition", EDITIONS)
def test_search_page_script_converts_and_keeps_the_query(site, tmp_path, edition):
    """What archive-search.js does on the search page, with the built files: it loads Pagefind UI and
    the vendored converter (the Traditional table only on zh-Hant), searches ?q= in Simplified, maps
    results to the edition's pages in its script, converts the filter names, and puts the query typed
    on the script switcher's links and in the address, so it survives the switch."""
    assets = tmp_path / "assets"
    shutil.copytree(site / (edition or ".") / "assets", assets)
    # Node reads the ES module files (archive-search.js, STCharacters.js) as modules, as browsers do.
    (assets / "package.json").write_text('{"type": "module"}', encoding="utf-8")
    page = site / edition / "search" / "index.html" if edition else site / "search" / "index.html"
    html = page.read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="([^"]*)" hreflang="zh-Han[st]" lang="zh-Han[st]" class="md-select__link">', html)
    assert hrefs == (["../../search/", "../search/"] if edition else ["../search/", "../zh-Hant/search/"])
    script = tmp_path / "page.mjs"
    script.write_text(PAGE_RUNNER, encoding="utf-8")
    lang = "zh-Hant" if edition else "zh-Hans"
    proc = subprocess.run([NODE, str(script), str(assets), str(page), lang, json.dumps(hrefs)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    q = "?q=%E9%BB%83%E9%96%A3%E9%8E%AE"  # 黃閣鎮, as typed
    assert got["baseUrl"] is True and got["triggered"] == ["復議"] and got["term"] == "黄阁镇"
    assert got["links"] == [href + q for href in hrefs]
    assert got["address"] == "/search/" + q
    # Material's own switcher handler would send the visitor to the sitemap's page, without ?q=.
    assert got["stopped"] == [True, True]
    assert got["inputLabel"] == ("站內搜尋" if edition else "站内搜索")
    if edition:
        assert got["loaded"] == ["pagefind-ui.js", "t2cn.js"]  # STCharacters.js: imported as a module
        assert got["result"] == {"url": "zh-Hant/reports/x/", "title": "行政復議", "excerpt": "<mark>復議</mark>",
                                 "sub": ["zh-Hant/reports/x/#text", "發布"]}
        assert got["filters"] == ["發布機構", "平潭綜合實驗區管理委員會"]
    else:
        assert got["loaded"] == ["pagefind-ui.js", "t2cn.js"]
        assert got["result"] == {"url": "reports/x/", "title": "行政复议", "excerpt": "<mark>复议</mark>",
                                 "sub": ["reports/x/#text", "发布"]}
        assert got["filters"] == ["发布机构", "平潭综合实验区管理委员会"]
