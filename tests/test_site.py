"""generator.site: a real build of both editions (MkDocs --strict) plus Pagefind, from fixture records."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from generator.publish import jsonl
from generator.render import render_docs
from generator.site import build_site, edition_config

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "render"
SOURCES = ROOT / "site_data" / "sources"
CONTENT = ROOT / "content"
REPORT = "pingtan--pingtan-zone-2024-html"


def _records():
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / "records").glob("*.yaml"))]


def _build_fixture_site(tmp: Path, **options) -> Path:
    """Both editions of the fixture records, rendered and built with --strict into tmp/site."""
    unpublished = yaml.safe_load((FIXTURES / "unpublished.yaml").read_text(encoding="utf-8"))
    for script, docs in (("zh-Hans", tmp / "hans"), ("zh-Hant", tmp / "hant")):
        render_docs(_records(), unpublished, docs, script, CONTENT, sources_dir=SOURCES)
    return build_site(tmp / "hans", tmp / "hant", tmp / "site", work_dir=tmp / "work", strict=True, **options)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return _build_fixture_site(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="module")
def real_site(sample_site) -> Path:
    """The real sample archive (site_data/records), built the way `make site` does: once per run,
    shared with the other modules (tests/conftest.py). Read only."""
    return sample_site


@pytest.fixture(params=["fixture", "real"])
def any_site(request):
    return request.getfixturevalue("site" if request.param == "fixture" else "real_site")


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_both_editions_with_identical_paths(site):
    hans = {p.relative_to(site).as_posix() for p in html_files(site)
            if not p.relative_to(site).as_posix().startswith("zh-Hant/")}
    hant = {p.relative_to(site / "zh-Hant").as_posix() for p in html_files(site / "zh-Hant")}
    assert hans == hant
    assert f"reports/{REPORT}/index.html" in hans
    assert {"index.html", "reports/index.html", "bodies/index.html", "years/index.html", "data-quality/index.html",
            "not-published/index.html", "data/index.html", "data/dictionary/index.html", "search/index.html", "about/index.html",
            "methodology/index.html", "404.html"} <= hans


def test_html_lang_and_script(site):
    hans = (site / "reports" / REPORT / "index.html").read_text(encoding="utf-8")
    hant = (site / "zh-Hant" / "reports" / REPORT / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans" class="no-js">' in hans
    assert '<html lang="zh-Hant" class="no-js">' in hant
    assert "年度报告" in hans and "報告" not in hans.split("<body", 1)[1].split("md-select")[0]
    assert "<h1>平潭綜合實驗區2024年度政府信息公開工作年度報告</h1>" in hant
    assert "<title>平潭綜合實驗區2024年度政府信息公開工作年度報告 - 政府信息公開工作年度報告檔案</title>" in hant
    for page in html_files(site / "zh-Hant"):
        assert '<html lang="zh-Hant"' in page.read_text(encoding="utf-8")
    for page in html_files(site):
        if not page.relative_to(site).as_posix().startswith("zh-Hant/"):
            assert '<html lang="zh-Hans"' in page.read_text(encoding="utf-8")
    # theme.language zh-Hans keeps Material's Chinese UI strings (overrides/partials/languages/zh-Hans.html).
    assert 'aria-label="页眉"' in hans and 'placeholder="搜索"' in hans and "跳转至" in hans
    assert 'aria-label="頁首"' in hant


def test_language_switcher_keeps_the_page(site):
    hans_page = site / "reports" / REPORT / "index.html"
    hant_page = site / "zh-Hant" / "reports" / REPORT / "index.html"
    hans = hans_page.read_text(encoding="utf-8")
    hant = hant_page.read_text(encoding="utf-8")
    assert f'<a href="../../zh-Hant/reports/{REPORT}/" hreflang="zh-Hant" lang="zh-Hant" class="md-select__link">' in hans
    assert f'<a href="../../../reports/{REPORT}/" hreflang="zh-Hans" lang="zh-Hans" class="md-select__link">' in hant
    assert (hans_page.parent / f"../../zh-Hant/reports/{REPORT}/index.html").resolve() == hant_page.resolve()
    assert (hant_page.parent / f"../../../reports/{REPORT}/index.html").resolve() == hans_page.resolve()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="zh-Hant/" hreflang="zh-Hant"' in home
    assert '<a href="./" hreflang="zh-Hans"' in home
    assert '<a href="../" hreflang="zh-Hans"' in (site / "zh-Hant" / "index.html").read_text(encoding="utf-8")


def _head_alternates(page: Path) -> dict[str, str]:
    head = page.read_text(encoding="utf-8").split("</head>", 1)[0]
    return {lang: href for href, lang in re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">', head)}


def test_head_alternates_point_at_the_edition_roots(site):
    """<link rel="alternate" hreflang> names each edition's root, where its sitemap.xml is: Material's
    bundle fetches sitemap.xml next to each alternate (a page-level alternate made every page fetch
    <page>/sitemap.xml twice, 404).  The switcher still keeps the page (test_language_switcher_…)."""
    hans_page = site / "reports" / REPORT / "index.html"
    hant_page = site / "zh-Hant" / "reports" / REPORT / "index.html"
    assert _head_alternates(hans_page) == {"zh-Hans": "../../", "zh-Hant": "../../zh-Hant/"}
    assert _head_alternates(hant_page) == {"zh-Hans": "../../../", "zh-Hant": "../../"}
    assert _head_alternates(site / "index.html") == {"zh-Hans": "./", "zh-Hant": "zh-Hant/"}
    assert _head_alternates(site / "zh-Hant" / "index.html") == {"zh-Hans": "../", "zh-Hant": "./"}
    # Every page of both editions: its two alternates are the two edition roots, each with a sitemap.
    pages = [p for p in html_files(site) if p.name == "index.html"]
    assert len(pages) > 20
    for page in pages:
        alts = _head_alternates(page)
        assert set(alts) == {"zh-Hans", "zh-Hant"}, page
        assert (page.parent / alts["zh-Hans"]).resolve() == site.resolve(), page
        assert (page.parent / alts["zh-Hant"]).resolve() == (site / "zh-Hant").resolve(), page
    for root in (site, site / "zh-Hant"):
        assert (root / "sitemap.xml").is_file() and (root / "sitemap.xml.gz").is_file()


@pytest.fixture(scope="module")
def site_with_url(tmp_path_factory) -> Path:
    """The fixture site built with a known site_url (as CI does from actions/configure-pages)."""
    return _build_fixture_site(tmp_path_factory.mktemp("site-url"), site_url=SITE_URL, pagefind=False)


SITE_URL = "https://example.github.io/archive"


def test_site_url_gives_absolute_alternates_and_a_working_404(site_with_url):
    site = site_with_url
    base = SITE_URL + "/"
    report = site / "reports" / REPORT / "index.html"
    html = report.read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{base}reports/{REPORT}/">' in html
    assert _head_alternates(report) == {"zh-Hans": base, "zh-Hant": f"{base}zh-Hant/"}
    hant = site / "zh-Hant" / "reports" / REPORT / "index.html"
    assert f'<link rel="canonical" href="{base}zh-Hant/reports/{REPORT}/">' in hant.read_text(encoding="utf-8")
    assert _head_alternates(hant) == _head_alternates(report)
    # The page-to-page hreflang pairs are in each edition's sitemap.
    for edition in ("", "zh-Hant/"):
        assert _sitemap_alternates(site / edition / "sitemap.xml")[f"{base}{edition}reports/{REPORT}/"] == {
            "zh-Hans": f"{base}reports/{REPORT}/", "zh-Hant": f"{base}zh-Hant/reports/{REPORT}/"}
    # The visible switcher stays relative.
    assert f'<a href="../../zh-Hant/reports/{REPORT}/" hreflang="zh-Hant"' in html
    # The 404 page is served at any path: its links are absolute paths under the project sub-path.
    page = (site / "404.html").read_text(encoding="utf-8")
    parser = _Refs()
    parser.feed(page)
    local = [u for u in parser.links + parser.resources if not _EXTERNAL.match(u) and not u.startswith("#")]
    assert local and all(u.startswith("/archive/") for u in local), [u for u in local if not u.startswith("/archive/")]
    for url in local:
        target = site / urlsplit(url).path.removeprefix("/archive/")
        assert (target / "index.html" if target.is_dir() else target).exists(), url
    assert _head_alternates(site / "404.html") == {"zh-Hans": base, "zh-Hant": f"{base}zh-Hant/"}
    assert '<a href="https://example.github.io/archive/zh-Hant/" hreflang="zh-Hant"' in page
    hant_404 = (site / "zh-Hant" / "404.html").read_text(encoding="utf-8")
    assert '<a href="https://example.github.io/archive/" hreflang="zh-Hans"' in hant_404


_SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_XHTML = "{http://www.w3.org/1999/xhtml}"


def _sitemap_alternates(path: Path) -> dict[str, dict[str, str]]:
    """{loc: {hreflang: href}} of a sitemap.xml."""
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    return {url.findtext(_SITEMAP + "loc"): {a.get("hreflang"): a.get("href") for a in url.iter(_XHTML + "link")
                                              if a.get("rel") == "alternate"}
            for url in root.iter(_SITEMAP + "url")}


def test_sitemaps_pair_every_page_with_its_other_edition(site_with_url):
    base = SITE_URL + "/"
    hans = _sitemap_alternates(site_with_url / "sitemap.xml")
    hant = _sitemap_alternates(site_with_url / "zh-Hant" / "sitemap.xml")
    pages = sorted(loc[len(base):] for loc in hans)
    assert len(pages) == 24 and "regions/unknown/" in pages and f"reports/{REPORT}/" in pages and "" in pages and "data/dictionary/" in pages
    assert f"reports/{REPORT}/text/" in pages         # each report's full-text page (3 reports)
    assert sorted(loc[len(base + "zh-Hant/"):] for loc in hant) == pages
    for sitemap in (hans, hant):
        for loc, alternates in sitemap.items():
            page = loc.removeprefix(base).removeprefix("zh-Hant/")
            assert alternates == {"zh-Hans": base + page, "zh-Hant": f"{base}zh-Hant/{page}"}, loc


def test_sitemap_without_site_url_is_as_mkdocs_writes_it(site):
    """No site_url: MkDocs lists no page (a sitemap needs absolute URLs), and the override adds nothing."""
    for root in (site, site / "zh-Hant"):
        assert (root / "sitemap.xml").read_text(encoding="utf-8") == (
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            "</urlset>")


def test_404_page_holds_both_scripts(site, site_with_url):
    """The root 404.html (served for every missing path, zh-Hant/… too) holds each edition's text in
    a block naming the edition's root; its own is shown, the other hidden until archive-404.js picks
    by the address."""
    for built, roots in ((site, ("/", "/zh-Hant/")), (site_with_url, (SITE_URL + "/", SITE_URL + "/zh-Hant/"))):
        page = (built / "404.html").read_text(encoding="utf-8")
        blocks = re.findall(r'<div class="archive-404" lang="([^"]+)" data-archive-root="([^"]+)"( hidden)?>\s*'
                            r"<h1>([^<]+)</h1>\s*<p>([^<]+)<a href=\"([^\"]+)\">([^<]+)</a>([^<]+)</p>", page)
        assert blocks == [
            ("zh-Hans", roots[0], "", "404 - 找不到此页面", "此页面不存在或已移动。请回到", roots[0], "首页", "，或用上方的搜索框查找。"),
            ("zh-Hant", roots[1], " hidden", "404 - 找不到此頁面", "此頁面不存在或已移動。請回到", roots[1], "首頁", "，或用上方的搜尋框查找。"),
        ]
        script = "/archive/assets/archive-404.js" if built == site_with_url else "/assets/archive-404.js"
        assert f'<script src="{script}"></script>' in page
        assert (built / "assets" / "archive-404.js").is_file()
        hant = (built / "zh-Hant" / "404.html").read_text(encoding="utf-8")
        assert re.findall(r'<div class="archive-404" lang="([^"]+)"[^>]*?( hidden)?>', hant) == [("zh-Hans", " hidden"),
                                                                                                ("zh-Hant", "")]


def test_build_command_reads_the_site_url_from_the_environment(monkeypatch, tmp_path):
    import generator.build as build_mod

    seen = {}
    monkeypatch.setattr(build_mod.pipeline, "parse_archive", lambda sources, progress=False, **kwargs: ([], []))
    monkeypatch.setattr(build_mod.pipeline, "write_records", lambda *a, **k: None)
    monkeypatch.setattr(build_mod.pipeline, "select_published", lambda records, errors: ([], []))
    monkeypatch.setattr(build_mod, "render_docs", lambda *a, **k: None)
    monkeypatch.setattr(build_mod, "build_site", lambda *a, **k: seen.setdefault("site_url", k.get("site_url")))
    monkeypatch.setenv("ARCHIVE_SITE_URL", "https://example.github.io/archive/")
    build_mod.build(tmp_path / "sources", tmp_path / "site")
    assert seen["site_url"] == "https://example.github.io/archive/"
    seen.clear()
    monkeypatch.setenv("ARCHIVE_SITE_URL", "")
    build_mod.build(tmp_path / "sources", tmp_path / "site")
    assert seen["site_url"] is None


class _Tables(HTMLParser):
    """Every <table> of a page's content with the element it is directly in: (table class,
    (parent tag, parent attributes))."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "col", "source", "area", "base", "embed", "track"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.tables: list[tuple[str, tuple[str, dict]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append((dict(attrs).get("class", ""), self.stack[-1] if self.stack else ("", {})))
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        if tag == "table":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


def _table_regions(page: Path) -> list[tuple[str, str | None]]:
    """(table class, the aria-label of the scrolling region it is directly in, or None)."""
    parser = _Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    out = []
    for cls, (tag, attrs) in parser.tables:
        region = (tag == "div" and "archive-scroll" in attrs.get("class", "").split()
                  and attrs.get("role") == "region" and attrs.get("tabindex") == "0")
        out.append((cls, attrs.get("aria-label") if region else None))
    return out


def test_every_wide_table_scrolls_in_a_focusable_region(any_site):
    """Every table a page shows is directly in a region a keyboard reaches (tabindex=0,
    role=region) and named after the table (axe scrollable-region-focusable), but the key-value
    tables whose values wrap; the names differ within a page.  Written in the pages' HTML, not by a
    script."""
    site = any_site
    pages = [p for p in html_files(site) if p.name == "index.html" and "/about/" not in p.as_posix()
             and "/methodology/" not in p.as_posix()]
    seen = 0
    for page in pages:
        regions = _table_regions(page)
        seen += len(regions)
        for cls, label in regions:
            if cls == "archive-meta":
                assert label is None, page
            else:
                assert label, (page, cls)
        labels = [label for _, label in regions if label]
        assert len(labels) == len(set(labels)), (page, labels)
    assert seen > 30


def test_report_page_table_regions(site, real_site):
    hans = _table_regions(site / "reports" / REPORT / "index.html")
    hant = _table_regions(site / "zh-Hant" / "reports" / REPORT / "index.html")
    assert [label for _, label in hans] == [
        None, "主要数字",
        "二、主动公开政府信息情况：第二十条第（一）项", "二、主动公开政府信息情况：第二十条第（五）项",
        "二、主动公开政府信息情况：第二十条第（六）项", "二、主动公开政府信息情况：第二十条第（八）项",
        "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况", "核对结果",
        "空值说明", "维护者更正", None]
    assert [cls for cls, _ in hans] == [cls for cls, _ in hant]
    # The full-text page: its provenance, and what cleaning removed.
    assert [label for _, label in _table_regions(site / "reports" / REPORT / "text" / "index.html")] == [
        None, "清理时删除或标记的内容"]
    assert hant[1] == ("archive-headline", "主要數字") and hant[6][1] == "三、收到和處理政府信息公開申請情況"
    # The real report's full text holds the source's own tables: each in a region named after its
    # section; they have a class, so Material's script does not wrap them in a box of its own.
    real = _table_regions(real_site / "reports" / REPORT / "text" / "index.html")
    assert [label for cls, label in real if cls == "archive-source"] == [
        "二、主动公开政府信息情况：原文表格", "三、收到和处理政府信息公开申请情况：原文表格",
        "四、政府信息公开行政复议、行政诉讼情况：原文表格"]


def test_blank_cell_differs_from_zero_in_html(site):
    page = (site / "reports" / REPORT / "index.html").read_text(encoding="utf-8")
    assert '<td class="blank">—</td>' in page
    assert '<td class="num zero">0</td>' in page
    css = (site / "assets" / "archive.css").read_text(encoding="utf-8")
    assert "td.blank" in css


def _nav_links(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    nav = text.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]*)" class="md-nav__link', nav)


def test_nav_is_small_and_lists_no_report_pages(site):
    links = _nav_links(site / "reports" / REPORT / "index.html")
    assert links == ["../..", "../", "../../bodies/", "../../regions/", "../../years/", "../../data-quality/",
                     "../../not-published/", "../../data/", "../../data/dictionary/", "../../search/", "../../about/",
                     "../../methodology/"]
    assert not any("/reports/" in l and l.rstrip("/").split("/")[-1] != "reports" for l in links)


class _Refs(HTMLParser):
    """Collect every URL a page would load (resources) and every link it offers."""

    RESOURCE_ATTRS = {("script", "src"), ("img", "src"), ("img", "srcset"), ("link", "href"), ("iframe", "src"),
                      ("source", "src"), ("source", "srcset"), ("video", "src"), ("audio", "src"),
                      ("embed", "src"), ("object", "data"), ("video", "poster"), ("input", "src"),
                      ("track", "src")}

    def __init__(self):
        super().__init__()
        self.resources: list[str] = []
        self.links: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if (tag, name) in self.RESOURCE_ATTRS:
                if tag == "link" and any(a == ("rel", "alternate") or a == ("rel", "canonical") for a in attrs):
                    self.links.append(value)
                else:
                    self.resources.append(value)
            elif name == "href" or (tag == "form" and name == "action"):
                self.links.append(value)
            elif name == "style":
                self.styles.append(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)


def test_no_third_party_requests(any_site):
    site = any_site
    offenders = []
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            parser = _Refs()
            parser.feed(path.read_text(encoding="utf-8"))
            for url in parser.resources:
                if _EXTERNAL.match(url) and not url.startswith("data:"):
                    offenders.append((path, url))
            for style in parser.styles:
                offenders += [(path, u) for u in _CSS_URL.findall(style)]
        elif path.suffix in (".css", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [(path, u) for u in _CSS_URL.findall(text)]
            offenders += [(path, u) for u in _JS_LOAD.findall(text) if u not in _MATERIAL_CONDITIONAL]
    assert offenders == []
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.suffix in (".html", ".css"))
    for host in ("fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "unpkg.com", "googletagmanager",
                 "google-analytics", "api.github.com"):
        assert host not in pages
    assert 'class="mermaid"' not in pages  # so Material never loads mermaid from unpkg


# Script loads in JavaScript: fetch/import/importScripts/script src, and Material's watchScript.
_JS_LOAD = re.compile(
    r"""(?:fetch|import|importScripts|watchScript|\.src\s*=)\s*\(?\s*['"`]((?:https?:)?//[^'"`]+)""")
# Material's bundle loads these only when a page needs them: the ResizeObserver polyfill when the
# browser lacks ResizeObserver (every browser since 2020 has it) and mermaid for diagrams (none here).
# api.github.com is used only with repo_url, which mkdocs.yml does not set.
_MATERIAL_CONDITIONAL = {"https://unpkg.com/resize-observer-polyfill", "https://unpkg.com/mermaid@11/dist/mermaid.min.js"}


def test_internal_links_resolve(any_site):
    site = any_site
    missing = []
    for path in html_files(site):
        parser = _Refs()
        parser.feed(path.read_text(encoding="utf-8"))
        for url in parser.links + parser.resources:
            if _EXTERNAL.match(url) or url.startswith("#") or path.name == "404.html":
                continue
            target_path = urlsplit(url).path
            if not target_path:
                continue
            target = (path.parent / target_path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                missing.append((path.relative_to(site).as_posix(), url))
    assert missing == []


def test_shared_files_and_raw_source_copy(site):
    assert gzip.decompress((site / "sources" / f"{REPORT}.txt.gz").read_bytes()) == (
        SOURCES / "pingtan" / "pingtan-zone-2024.html").read_bytes()
    assert sorted(p.name for p in (site / "sources").iterdir()) == [
        f"{r}.txt.gz" for r in ("pingtan--pingtan-county-2012-html", "pingtan--pingtan-zone-2022-html", REPORT)
        if r != "pingtan--pingtan-county-2012-html" or (SOURCES / "pingtan" / "pingtan-county-2012.html").is_file()]
    assert not (site / "zh-Hant" / "sources").exists()
    records = jsonl.read_records((site / "data" / "records.jsonl.gz").read_bytes())
    assert [r["id"] for r in records] == ["pingtan--pingtan-county-2012-html", "pingtan--pingtan-zone-2022-html", REPORT]
    assert not (site / "data" / "records.json").exists()
    assert (site / "data" / "headline.csv").read_text(encoding="utf-8").startswith("id,year,organisation,")
    assert not (site / "data" / "records").exists()     # the YAML stays in the repository; the twin is published
    hant = (site / "zh-Hant" / "reports" / REPORT / "index.html").read_text(encoding="utf-8")
    assert f'<a href="../../../sources/{REPORT}.txt.gz" type="application/gzip">' in hant


def test_pagefind_index_per_language(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = entry["languages"]
    # One Simplified index serves both editions (generator.site.run_pagefind; tests/test_search.py).
    assert sorted(languages) == ["zh-hans"]
    # Indexed: the 3 full-text pages + about + methodology, of the zh-Hans edition; index pages are not.
    assert languages["zh-hans"]["page_count"] == 5
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    # A report is indexed by its full-text page, which carries the filters; the report page is not.
    report = (site / "reports" / REPORT / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind" not in report
    text = (site / "reports" / REPORT / "text" / "index.html").read_text(encoding="utf-8")
    assert "<div data-pagefind-body>" in text
    assert 'data-pagefind-filter="年度">2024</a>' in text
    assert "data-pagefind-body" not in (site / "reports" / "index.html").read_text(encoding="utf-8")


def test_search_page_and_header_form(site):
    hans = (site / "search" / "index.html").read_text(encoding="utf-8")
    hant = (site / "zh-Hant" / "search" / "index.html").read_text(encoding="utf-8")
    assert '<div id="archive-search" data-bundle="../pagefind/"></div>' in hans
    assert '<div id="archive-search" data-bundle="../../pagefind/"></div>' in hant
    assert (site / "zh-Hant" / "search" / "../../pagefind/pagefind-ui.js").resolve().is_file()
    report = (site / "reports" / REPORT / "index.html").read_text(encoding="utf-8")
    assert '<form class="md-header__option archive-search-form" action="../../search/" method="get" role="search">' in report
    assert '<script src="../../assets/archive-search.js"></script>' in report


def test_edition_configs():
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert cfg["docs_dir"] == "content"
    assert cfg["plugins"] == []
    assert cfg["theme"]["font"] is False
    assert cfg["theme"]["custom_dir"] == "overrides"
    # MkDocs only builds: no hook, no watch list (generator.build prepares, `serve` watches).
    assert "hooks" not in cfg and "watch" not in cfg
    assert not (ROOT / "hooks").exists()
    assert len(cfg["nav"]) == 12 and cfg["nav"][3] == {"地区": "regions/index.md"} and cfg["nav"][7:9] == [{"数据下载": "data/index.md"}, {"数据字典": "data/dictionary.md"}]
    hant = edition_config("zh-Hant", Path("/d"), Path("/s"))
    assert hant["theme"]["language"] == "zh-Hant"
    assert hant["site_name"] == "政府信息公開工作年度報告檔案"
    assert hant["nav"][1] == {"報告": "reports/index.md"}
    assert [a["link"] for a in hant["extra"]["alternate"]] == ["../", "./"]
    # The generated configs' hooks free memory (release_hook) and compact the pages (compact_hook) only.
    assert hant["hooks"] == [str(ROOT / "generator" / "site" / name) for name in ("release_hook.py", "compact_hook.py")] and "watch" not in hant
    hans = edition_config("zh-Hans", Path("/d"), Path("/s"), site_url="https://example.github.io/archive")
    assert hans["site_url"] == "https://example.github.io/archive/"
    assert edition_config("zh-Hant", Path("/d"), Path("/s"), site_url="https://e.io/a/")["site_url"] == \
        "https://e.io/a/zh-Hant/"
    assert [a["url"] for a in hans["extra"]["alternate"]] == ["https://example.github.io/archive/",
                                                              "https://example.github.io/archive/zh-Hant/"]
    assert cfg["theme"]["language"] == "zh-Hans" and hans["theme"]["language"] == "zh-Hans"
    assert (ROOT / "overrides" / "partials" / "languages" / "zh-Hans.html").is_file()


def test_real_sample_site(real_site):
    page = real_site / "reports" / REPORT / "index.html"
    html = page.read_text(encoding="utf-8")
    assert '<tr><th>行政事业性收费</th><td class="num">18651.06</td></tr>' in html
    assert gzip.decompress((real_site / "sources" / f"{REPORT}.txt.gz").read_bytes()) == (
        SOURCES / "pingtan" / "pingtan-zone-2024.html").read_bytes()
    canonical = yaml.safe_load((ROOT / "site_data" / "records" / f"{REPORT}.yaml").read_text(encoding="utf-8"))
    twin = json.loads((real_site / "data" / "reports" / f"{REPORT}.json").read_text(encoding="utf-8"))
    assert twin["statistics"] == canonical["statistics"] and twin["text"] == canonical["text"]
    hant = (real_site / "zh-Hant" / "reports" / REPORT / "index.html").read_text(encoding="utf-8")
    assert "<h1>平潭綜合實驗區2024年度政府信息公開工作年度報告</h1>" in hant
    entry = json.loads((real_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    reports = len(list((real_site / "reports").glob("*/index.html")))
    assert entry["languages"]["zh-hans"]["page_count"] == reports + 2  # + about, methodology
    assert "zh-hant" not in entry["languages"]  # one Simplified index serves both editions


def _article_rows(page: Path) -> list[list[str]]:
    """The table rows of a page's article, each as its cells' text."""
    article = page.read_text(encoding="utf-8").split('<article class="md-content__inner md-typeset">', 1)[1]
    return [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", article.split("</article>", 1)[0], re.S)]


def test_browse_by_province(real_site):
    """regions/ lists the provinces of the bodies' division codes in code order, the bodies with
    no code last; each province's page lists its bodies by prefecture and county, in both scripts."""
    assert _article_rows(real_site / "regions" / "index.html") == [
        ["省级行政区", "发布机构数", "报告数"],
        ["辽宁省", "1", "1"], ["福建省", "2", "10"], ["湖南省", "1", "1"], ["广东省", "1", "1"], ["地区不详", "1", "1"]]
    links = re.findall(r'<a href="([^"]+)">(?:辽宁省|地区不详)</a>', (real_site / "regions" / "index.html").read_text("utf-8"))
    assert links == ["../regions/21/", "../regions/unknown/"]
    assert _article_rows(real_site / "regions" / "35" / "index.html") == [
        ["地级", "县级", "发布机构", "报告数", "年度"],
        ["福州市", "平潭县", "平潭县人民政府", "2", "2012、2013"],
        ["福州市", "平潭县", "平潭综合实验区", "8", "2011、2012、2013、2014、2015、2016、2022、2024"]]
    hant = _article_rows(real_site / "zh-Hant" / "regions" / "35" / "index.html")
    assert hant[0] == ["地級", "縣級", "發佈機構", "報告數", "年度"] and hant[2][:3] == ["福州市", "平潭縣", "平潭綜合實驗區"]
    assert '<h1 id="_1">地區不詳</h1>' in (real_site / "zh-Hant" / "regions" / "unknown" / "index.html").read_text("utf-8")


# --------------------------------------------------------------------------------------------
# The downloads (generator.publish), shared by both editions


DATA_FILES = ["archive.sqlite.gz", "cells.csv.gz", "datapackage.json", "dictionary.json",
              "headline-excel.csv", "headline.csv", "records.jsonl.gz"]


def _data_links(page: Path) -> list[str]:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8").split('<article class="md-content__inner md-typeset">', 1)[1])
    return [u for u in parser.links if not _EXTERNAL.match(u) and not u.startswith("#")]


def test_data_page_links_the_same_shared_files_in_both_editions(site):
    """Every download the data page links, in either edition, is one file at the site root's data/
    (zh-Hant/ holds no copy); the dictionary link stays in the page's own edition."""
    hans_page, hant_page = site / "data" / "index.html", site / "zh-Hant" / "data" / "index.html"
    hans = [u for u in _data_links(hans_page) if "data/" in u]       # not the report pages
    hant = [u for u in _data_links(hant_page) if "data/" in u]
    dictionary = "../data/dictionary/"          # a page of the same edition
    assert hans[:2] == [dictionary, "../data/headline.csv"] and hant[:2] == [dictionary, "../../data/headline.csv"]
    assert [u for u in hant if u != dictionary] == ["../" + u for u in hans if u != dictionary]
    targets = set()
    for page, links in ((hans_page, hans), (hant_page, hant)):
        for url in links:
            target = (page.parent / url).resolve()
            if url == dictionary:
                assert target == (page.parent / "dictionary").resolve() and (target / "index.html").is_file()
                continue
            assert target.is_file() and site.resolve() / "data" in target.parents, url
            targets.add(target.relative_to(site.resolve() / "data").as_posix())
    assert targets == set(DATA_FILES)      # each report's twin is linked from its page, not listed here
    assert not (site / "zh-Hant" / "data" / "headline.csv").exists()
    assert sorted(p.name for p in (site / "zh-Hant" / "data").iterdir()) == ["dictionary", "index.html"]
    assert sorted(p.name for p in (site / "data").iterdir() if p.is_file()) == sorted(DATA_FILES + ["index.html"])
    # 字段含义见方法说明 gave way to the dictionary.
    for page in (hans_page, hant_page):
        assert "方法说明" not in page.read_text(encoding="utf-8").split('<article', 1)[1].split("</article>")[0]
        assert "方法說明" not in page.read_text(encoding="utf-8").split('<article', 1)[1].split("</article>")[0]


def test_report_page_links_its_json_twin(site):
    twin = json.loads((site / "data" / "reports" / f"{REPORT}.json").read_text(encoding="utf-8"))
    assert twin["id"] == REPORT and twin["headline"]["proactive_items"] == 5210 and list(twin) == sorted(twin)
    for page, up in ((site / "reports" / REPORT / "index.html", "../../"),
                     (site / "zh-Hant" / "reports" / REPORT / "index.html", "../../../")):
        html = page.read_text(encoding="utf-8")
        assert f'<a href="{up}data/reports/{REPORT}.json" type="application/json">' in html
        assert "data/records/" not in html
        assert (page.parent / f"{up}data/reports/{REPORT}.json").resolve() == (site / "data" / "reports" / f"{REPORT}.json").resolve()


def test_dictionary_page_in_both_editions(site):
    hans = (site / "data" / "dictionary" / "index.html").read_text(encoding="utf-8")
    hant = (site / "zh-Hant" / "data" / "dictionary" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="_1">数据字典</h1>' in hans and '<h1 id="_1">數據字典</h1>' in hant
    assert '<a href="../../data/dictionary.json">dictionary.json</a>' in hans
    assert '<a href="../../../data/dictionary.json">dictionary.json</a>' in hant
    for html in (hans, hant):
        assert html.count('<table class="archive-dictionary">') == 16
        assert "<code>requests_<wbr>partially_<wbr>granted</code>" in html
        assert '<pre><code class="language-sql">SELECT template, COUNT(*) AS reports' in html
    # The table of contents lists the dictionary's sections.
    toc = hans.split('class="md-nav md-nav--secondary"', 1)[1].split('<div class="md-content"', 1)[0]
    assert "示例查询" in toc and "统计表的行与列" in toc


def test_unused_theme_files_are_removed_from_both_editions(site):
    """Material's lunr search (no search plugin here: Pagefind searches) and the JavaScript source
    maps are not in the site, and no script still names a map."""
    for root in (site, site / "zh-Hant"):
        assert (root / "assets" / "javascripts").is_dir()
        assert not (root / "assets" / "javascripts" / "lunr").exists()
    assert list(site.rglob("*.js.map")) == []
    for script in site.rglob("*.js"):
        assert b"sourceMappingURL=" not in script.read_bytes()[-300:], script
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert bundle.read_bytes().endswith(b"\n") and len(bundle.read_bytes()) > 100_000


def test_prune_unused(tmp_path):
    from generator.site import prune_unused
    for root in (tmp_path, tmp_path / "zh-Hant"):
        js = root / "assets" / "javascripts"
        (js / "lunr" / "min").mkdir(parents=True)
        (js / "lunr" / "min" / "lunr.zh.min.js").write_text("x")
        (js / "bundle.1.min.js").write_text("code();\n//# sourceMappingURL=bundle.1.min.js.map\n\n")
        (js / "bundle.1.min.js.map").write_text("{}")
        (js / "other.js").write_text("keep();\n//# sourceMappingURL=elsewhere.js.map\n")
        (root / "assets" / "stylesheets").mkdir(parents=True)
        (root / "assets" / "stylesheets" / "main.css.map").write_text("{}")
    removed = prune_unused(tmp_path)
    assert removed == ["assets/javascripts/bundle.1.min.js.map", "assets/javascripts/lunr",
                       "zh-Hant/assets/javascripts/bundle.1.min.js.map", "zh-Hant/assets/javascripts/lunr"]
    for root in (tmp_path, tmp_path / "zh-Hant"):
        js = root / "assets" / "javascripts"
        assert (js / "bundle.1.min.js").read_text() == "code();\n"
        assert (js / "other.js").read_text() == "keep();\n//# sourceMappingURL=elsewhere.js.map\n"   # not ours to cut
        assert (root / "assets" / "stylesheets" / "main.css.map").exists()                              # only *.js.map
    assert prune_unused(tmp_path) == []


def test_release_hook_frees_a_pages_markdown_once_converted_and_its_html_once_written():
    from types import SimpleNamespace

    from generator.site import release_hook

    page = SimpleNamespace(markdown="# 标题", content=None)
    assert release_hook.on_page_content("<h1>标题</h1>", page, {}, []) == "<h1>标题</h1>"
    assert page.markdown is None
    page.content = "<h1>标题</h1>"
    assert release_hook.on_post_page("<html>…</html>", page, {}) == "<html>…</html>"
    assert page.content is None


def test_build_holds_no_record_while_the_site_is_built(monkeypatch, tmp_path):
    """generator.build.build drops the parsed records before MkDocs and Pagefind run: at 10,000
    reports they are over a gigabyte, and the site is built from the docs trees alone."""
    import gc
    import shutil

    import generator.build as build_mod

    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "site_data" / "sources" / "pingtan", sources / "pingtan")
    alive: dict[str, int] = {}
    made: dict[int, str] = {}          # id() of each record this build parsed → its record id
    real_prepare = build_mod.prepare

    def prepare(*args, **kwargs):
        prepared = real_prepare(*args, **kwargs)
        made.update({id(r): r["id"] for r in prepared.records})
        return prepared

    def count_records(*args, **kwargs):
        # Only this build's records: other tests' fixtures may hold records of the same sources.
        gc.collect()
        alive["records"] = sum(1 for o in gc.get_objects()
                               if id(o) in made and type(o) is dict and o.get("id") == made[id(o)])

    monkeypatch.setattr(build_mod, "prepare", prepare)
    monkeypatch.setattr(build_mod, "build_site", count_records)
    try:
        errors = build_mod.build(sources, tmp_path / "site")
        assert len(made) >= 8 and alive == {"records": 0}
        assert isinstance(errors, list)
        # ...while the records were there to render: the docs hold every Pingtan report.
        docs = build_mod.workspace(sources)["hans"] / "reports"
        assert len(list(docs.glob("pingtan--*.md"))) == len(list((sources / "pingtan").glob("*.html")))
    finally:
        shutil.rmtree(build_mod.workspace(sources)["work"], ignore_errors=True)
