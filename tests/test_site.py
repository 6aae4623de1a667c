"""generator.site: a real build of both editions (MkDocs --strict) plus Pagefind, from fixture records."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

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
def real_site(tmp_path_factory) -> Path:
    """The real sample archive (site_data/records), built the way `make site` does, into a tmp dir."""
    if not list((ROOT / "site_data" / "records").glob("*.yaml")):
        pytest.skip("no committed records yet")
    from generator.pipeline import load_published as _load_published

    tmp = tmp_path_factory.mktemp("real")
    records, unpublished = _load_published()
    common = dict(records_dir=ROOT / "site_data" / "records", sources_dir=SOURCES)
    render_docs(records, unpublished, tmp / "hans", "zh-Hans", CONTENT, **common)
    render_docs(records, unpublished, tmp / "hant", "zh-Hant", CONTENT, **common)
    return build_site(tmp / "hans", tmp / "hant", tmp / "site", work_dir=tmp / "work", strict=True)


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
            "not-published/index.html", "data/index.html", "search/index.html", "about/index.html",
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


def test_head_alternates_point_at_the_same_page(site):
    """<link rel="alternate" hreflang> names this page in both editions (not the edition home pages)."""
    hans_page = site / "reports" / REPORT / "index.html"
    hant_page = site / "zh-Hant" / "reports" / REPORT / "index.html"
    assert _head_alternates(hans_page) == {"zh-Hans": f"../../reports/{REPORT}/",
                                           "zh-Hant": f"../../zh-Hant/reports/{REPORT}/"}
    assert _head_alternates(hant_page) == {"zh-Hans": f"../../../reports/{REPORT}/",
                                           "zh-Hant": f"../../reports/{REPORT}/"}
    for page in (hans_page, hant_page):
        targets = {lang: (page.parent / href / "index.html").resolve() for lang, href in _head_alternates(page).items()}
        assert targets == {"zh-Hans": hans_page.resolve(), "zh-Hant": hant_page.resolve()}
    assert _head_alternates(site / "index.html") == {"zh-Hans": "./", "zh-Hant": "zh-Hant/"}
    assert _head_alternates(site / "zh-Hant" / "index.html") == {"zh-Hans": "../", "zh-Hant": "./"}
    # Every page of both editions: its two alternates exist and are the same relative path.
    for page in html_files(site):
        rel = page.relative_to(site).as_posix()
        if page.name != "index.html":
            continue
        alts = _head_alternates(page)
        assert set(alts) == {"zh-Hans", "zh-Hant"}, rel
        hans = (page.parent / alts["zh-Hans"] / "index.html").resolve()
        hant = (page.parent / alts["zh-Hant"] / "index.html").resolve()
        assert hans.is_file() and hant.is_file(), rel
        assert hant.relative_to(site / "zh-Hant") == hans.relative_to(site), rel
        assert page.resolve() in (hans, hant), rel


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
    assert _head_alternates(report) == {"zh-Hans": f"{base}reports/{REPORT}/",
                                        "zh-Hant": f"{base}zh-Hant/reports/{REPORT}/"}
    hant = site / "zh-Hant" / "reports" / REPORT / "index.html"
    assert f'<link rel="canonical" href="{base}zh-Hant/reports/{REPORT}/">' in hant.read_text(encoding="utf-8")
    assert _head_alternates(hant) == _head_alternates(report)
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


def test_build_command_reads_the_site_url_from_the_environment(monkeypatch, tmp_path):
    import generator.build as build_mod

    seen = {}
    monkeypatch.setattr(build_mod.pipeline, "parse_archive", lambda sources, progress=False: ([], []))
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


def test_blank_cell_differs_from_zero_in_html(site):
    page = (site / "reports" / REPORT / "index.html").read_text(encoding="utf-8")
    assert '<td class="cell-blank" title="空白/未填">—</td>' in page
    assert '<td class="cell-num cell-zero">0</td>' in page
    css = (site / "assets" / "archive.css").read_text(encoding="utf-8")
    assert "td.cell-blank" in css


def _nav_links(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    nav = text.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]*)" class="md-nav__link', nav)


def test_nav_is_small_and_lists_no_report_pages(site):
    links = _nav_links(site / "reports" / REPORT / "index.html")
    assert links == ["../..", "../", "../../bodies/", "../../years/", "../../data-quality/",
                     "../../not-published/", "../../data/", "../../search/", "../../about/",
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
    assert (site / "sources" / f"{REPORT}.txt").read_bytes() == (SOURCES / "pingtan" / "pingtan-zone-2024.html").read_bytes()
    assert not list((site / "sources").glob("*.html"))
    assert not (site / "zh-Hant" / "sources").exists()
    records = json.loads((site / "data" / "records.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == ["pingtan--pingtan-county-2012-html", "pingtan--pingtan-zone-2022-html", REPORT]
    assert (site / "data" / "headline.csv").read_text(encoding="utf-8").startswith("id,year,organisation,")
    assert (site / "data" / "records" / f"{REPORT}.yaml").is_file()
    hant = (site / "zh-Hant" / "reports" / REPORT / "index.html").read_text(encoding="utf-8")
    assert f'<a href="../../../sources/{REPORT}.txt" type="text/plain">' in hant


def test_pagefind_index_per_language(site):
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = entry["languages"]
    # One Simplified index serves both editions (generator.site.run_pagefind; tests/test_search.py).
    assert sorted(languages) == ["zh-hans"]
    # Indexed: the 3 report pages + about + methodology, of the zh-Hans edition; index pages are not.
    assert languages["zh-hans"]["page_count"] == 5
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    report = (site / "reports" / REPORT / "index.html").read_text(encoding="utf-8")
    assert "<div data-pagefind-body>" in report
    assert 'data-pagefind-filter="年度">2024</a>' in report
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
    assert len(cfg["nav"]) == 10
    hant = edition_config("zh-Hant", Path("/d"), Path("/s"))
    assert hant["theme"]["language"] == "zh-Hant"
    assert hant["site_name"] == "政府信息公開工作年度報告檔案"
    assert hant["nav"][1] == {"報告": "reports/index.md"}
    assert [a["link"] for a in hant["extra"]["alternate"]] == ["../", "./"]
    assert "hooks" not in hant and "watch" not in hant
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
    assert '<tr><th>行政事业性收费</th><td class="cell-num">18651.06</td></tr>' in html
    assert (real_site / "sources" / f"{REPORT}.txt").read_bytes() == (
        SOURCES / "pingtan" / "pingtan-zone-2024.html").read_bytes()
    assert (real_site / "data" / "records" / f"{REPORT}.yaml").read_bytes() == (
        ROOT / "site_data" / "records" / f"{REPORT}.yaml").read_bytes()
    hant = (real_site / "zh-Hant" / "reports" / REPORT / "index.html").read_text(encoding="utf-8")
    assert "<h1>平潭綜合實驗區2024年度政府信息公開工作年度報告</h1>" in hant
    entry = json.loads((real_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    reports = len(list((real_site / "reports").glob("*/index.html")))
    assert entry["languages"]["zh-hans"]["page_count"] == reports + 2  # + about, methodology
    assert "zh-hant" not in entry["languages"]  # one Simplified index serves both editions
