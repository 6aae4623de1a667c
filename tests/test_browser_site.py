"""The public site in a real browser (Debian's Chromium through Playwright): search in either script,
the script switcher, sortable tables, phone width, console errors and failed requests, axe-core.

The sample archive is built once (tests/browser/support.py) and served locally.  Screenshots of
every page type at 1280×900 and 390×844 in both editions go to build/screenshots/, axe-core's
violation counts per page type to build/screenshots/axe-counts.json.  Skipped, saying how to
install it, where Chromium is missing.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from browser import support

CHROMIUM = support.require_browser()

from playwright.sync_api import sync_playwright  # noqa: E402 - only once Chromium is known to be there

EDITIONS = ["zh-Hans", "zh-Hant"]
PAGE_TYPES = ["home", "report", "body", "year", "reports-index", "search", "not-published", "data-quality", "404"]

# Template changes the lead applies (helper B's files); until then these cases are expected to fail.
SITEMAP = ("every page but the home page fetches <page>/sitemap.xml twice (404): Material's bundle "
           "fetches sitemap.xml next to each <link rel=alternate> in the head, and overrides/main.html "
           "points those at this page in each edition instead of at the editions' roots")
SCROLL_REGIONS = ("the report page's statistics tables scroll sideways on a phone but cannot be "
                  "reached by keyboard (axe scrollable-region-focusable): the templates must give each "
                  "wide table a wrapper with tabindex=0, role=region and an aria-label")
HANT_404 = ("GitHub Pages answers every missing path with the root 404.html, which is Simplified only: "
            "overrides/404.html must say it in both scripts (or choose by the path's zh-Hant/ prefix)")


@pytest.fixture(scope="module")
def site():
    return support.sample_site()


@pytest.fixture(scope="module")
def base(site):
    return support.serve(site)


@pytest.fixture(scope="module")
def types(site):
    return support.page_types(site)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


# ---------------------------------------------------------------------------------------------
# Search in either script


def search(browser, base, edition, query):
    """(count Pagefind UI reports, the result links' paths in order), on the search page ?q=."""
    path = support.edition_path("search/", edition) + "?q=" + query
    page, watch = support.open_page(browser, base, path, support.DESKTOP)
    try:
        page.wait_for_function("""() => {
            const m = document.querySelector('.pagefind-ui__message');
            return m && /\\d/.test(m.textContent) && !/正在搜|搜尋中|Searching/.test(m.textContent);
        }""", timeout=15000)
        message = page.inner_text(".pagefind-ui__message")
        links = page.eval_on_selector_all(".pagefind-ui__result-link", "as => as.map(a => a.href)")
        assert [e for e in watch.errors if "sitemap.xml" not in e] == []   # sitemap.xml: see SITEMAP
        value = page.input_value(".pagefind-ui__search-input")
        return int(re.search(r"\d+", message).group()), [urlsplit(u).path for u in links], value
    finally:
        support.close(page)


def _simplified(paths):
    return [p.replace("/zh-Hant/", "/", 1) for p in paths]


@pytest.mark.parametrize("simplified, traditional", [("复议", "復議"), ("黄阁", "黃閣"), ("镇", "鎮"), ("发布", "發佈")])
def test_cross_script_search(browser, base, simplified, traditional):
    results = {(ed, q): search(browser, base, ed, q) for ed in EDITIONS for q in (simplified, traditional)}
    count, paths, _ = results["zh-Hans", simplified]
    assert count > 0 and paths
    for (edition, query), (n, found, typed) in results.items():
        assert typed == query                                   # the box shows the query as typed
        assert n == count, (edition, query, n, count)
        assert _simplified(found) == paths, (edition, query)
        if edition == "zh-Hant":
            assert all(p.startswith("/zh-Hant/") for p in found)
        else:
            assert not any(p.startswith("/zh-Hant/") for p in found)


def test_sub_word_query_finds_the_report(browser, base):
    """复议 is part of 行政复议: the 2024 Pingtan report (7 reviews) is found in both scripts."""
    for edition, query in (("zh-Hans", "复议"), ("zh-Hant", "復議")):
        _, paths, _ = search(browser, base, edition, query)
        prefix = "/zh-Hant" if edition == "zh-Hant" else ""
        assert any(p.startswith(prefix + "/reports/pingtan--pingtan-zone-") for p in paths), paths


def _switch(page, lang):
    """Clicks the header's script switcher entry for lang, as a visitor does (hover, then click)."""
    page.hover(".md-header__option .md-select")
    with page.expect_navigation():
        page.click(f'a.md-select__link[hreflang="{lang}"]')
    page.wait_for_load_state("networkidle")


def test_query_survives_the_script_switch(browser, base):
    page, _ = support.open_page(browser, base, "search/?q=复议", support.DESKTOP)
    try:
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        hans = page.eval_on_selector_all(".pagefind-ui__result-link", "as => as.map(a => a.pathname)")
        _switch(page, "zh-Hant")
        assert urlsplit(page.url).path == "/zh-Hant/search/"
        assert support.plain(urlsplit(page.url).query) == "q=复议"
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        assert page.input_value(".pagefind-ui__search-input") == "复议"
        hant = page.eval_on_selector_all(".pagefind-ui__result-link", "as => as.map(a => a.pathname)")
        assert hant == ["/zh-Hant" + p for p in hans]
        _switch(page, "zh-Hans")
        assert urlsplit(page.url).path == "/search/" and support.plain(urlsplit(page.url).query) == "q=复议"
    finally:
        support.close(page)


@pytest.mark.parametrize("kind", ["report", "body", "year", "reports-index", "data-quality"])
def test_script_switcher_keeps_the_page(browser, base, types, kind):
    page, _ = support.open_page(browser, base, types[kind], support.DESKTOP)
    try:
        _switch(page, "zh-Hant")
        assert urlsplit(page.url).path == "/zh-Hant/" + types[kind]
        assert page.get_attribute("html", "lang") == "zh-Hant"
        _switch(page, "zh-Hans")
        assert urlsplit(page.url).path == "/" + types[kind]
    finally:
        support.close(page)


# ---------------------------------------------------------------------------------------------
# Sortable tables


def _figure(text):
    digits = re.match(r"[-+]?\d+(?:\.\d+)?", text.replace(",", ""))
    return float(digits.group()) if digits else None


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("kind", ["body", "year-2024"])
def test_sorting_a_table_by_a_figure(browser, base, types, kind, edition):
    """A body's reports across years (figures: numeric order, 72804 after 14571), a year's reports
    across bodies (a blank in the column: last in both directions); aria-sort on the header."""
    path = types["body"] if kind == "body" else "years/2024/"
    page, _ = support.open_page(browser, base, support.edition_path(path, edition), support.DESKTOP)
    try:
        table = "table.archive-list"
        headers = page.eval_on_selector(table, "t => Array.from(t.tHead.rows[0].cells, c => c.textContent.trim())")
        cells = page.eval_on_selector(table, """t => Array.from(t.tBodies[0].rows, r => Array.from(r.cells,
            c => [c.textContent.trim(), c.classList.contains('cell-blank')]))""")
        # body: the first column with three different figures; year: the first with a blank
        column = next(i for i in range(1, len(headers))
                      if (any(r[i][1] for r in cells) if kind != "body" else
                          len({_figure(r[i][0]) for r in cells if not r[i][1]} - {None}) >= 3))
        values = [None if r[column][1] else _figure(r[column][0]) for r in cells]
        numbers = sorted(v for v in values if v is not None)
        blanks = values.count(None)
        th = page.locator(f"{table} thead th").nth(column)
        assert th.get_attribute("aria-sort") is None

        th.click()
        assert th.get_attribute("aria-sort") == "ascending"
        shown = [None if b else _figure(t) for t, b in support.table_column_cells(page, table, column)]
        assert shown == numbers + [None] * blanks

        th.click()
        assert th.get_attribute("aria-sort") == "descending"
        shown = [None if b else _figure(t) for t, b in support.table_column_cells(page, table, column)]
        assert shown == numbers[::-1] + [None] * blanks

        # another header takes the sort: the first loses aria-sort; Enter on a focused header sorts
        other = page.locator(f"{table} thead th").nth(0)
        other.focus()
        page.keyboard.press("Enter")
        assert other.get_attribute("aria-sort") == "ascending" and th.get_attribute("aria-sort") is None
        first = support.table_column(page, table, 0)
        assert first == sorted(first) and len(first) == len(cells)
    finally:
        support.close(page)


def test_reports_index_sorts_by_date(browser, base):
    page, _ = support.open_page(browser, base, "reports/", support.DESKTOP)
    try:
        table = "table.archive-list >> nth=0"
        headers = page.locator(f"{table} >> thead th").all_inner_texts()
        column = [h.strip() for h in headers].index("发布日期")
        dates = support.table_column(page, "table.archive-list", column)
        page.locator(f"{table} >> thead th").nth(column).click()
        assert support.table_column(page, "table.archive-list", column) == sorted(dates)
        page.locator(f"{table} >> thead th").nth(column).press("Space")
        assert support.table_column(page, "table.archive-list", column) == sorted(dates, reverse=True)
    finally:
        support.close(page)


# ---------------------------------------------------------------------------------------------
# Every page type: phone width, console, requests, axe, screenshots

_visits: dict[tuple, dict] = {}


def visit(browser, base, types, kind, edition, width) -> dict:
    """One load of a page type: screenshot, console errors and failed requests, page width, axe."""
    key = (kind, edition, width)
    if key not in _visits:
        path = support.edition_path(types[kind], edition)
        page, watch = support.open_page(browser, base, path, support.WIDTHS[width], expect_404=kind == "404")
        try:
            if kind == "search":
                page.wait_for_selector(".pagefind-ui__search-input")
            support.screenshot(page, f"{kind}-{edition}-{width}")
            scroll, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
            violations = support.axe(page)
        finally:
            support.close(page)
        _visits[key] = dict(path=path, errors=watch.errors, failed=watch.failed, scroll=scroll, inner=inner,
                            violations=violations)
        counts = {f"{k} {e} {w}": {v["id"]: [v["impact"], len(v["nodes"])] for v in r["violations"]}
                  for (k, e, w), r in sorted(_visits.items())}
        support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (support.SCREENSHOTS / "axe-counts.json").write_text(
            json.dumps(counts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return _visits[key]


def _cases(marks_for):
    return [pytest.param(kind, edition, width, marks=marks_for(kind, edition, width), id=f"{kind}-{edition}-{width}")
            for kind in PAGE_TYPES for edition in EDITIONS for width in support.WIDTHS]


def _console_marks(kind, edition, width):
    return [pytest.mark.xfail(reason=SITEMAP, strict=True)] if kind not in ("home", "404") else []


def _axe_marks(kind, edition, width):
    return [pytest.mark.xfail(reason=SCROLL_REGIONS, strict=True)] if (kind, width) == ("report", "phone") else []


@pytest.mark.parametrize("kind, edition, width", _cases(lambda *a: []))
def test_page_is_no_wider_than_the_screen(browser, base, types, kind, edition, width):
    v = visit(browser, base, types, kind, edition, width)
    assert v["scroll"] <= v["inner"], f"{v['path']}: the page is {v['scroll']} px wide in a {v['inner']} px screen"


@pytest.mark.parametrize("kind, edition, width", _cases(_console_marks))
def test_no_console_error_or_failed_request(browser, base, types, kind, edition, width):
    v = visit(browser, base, types, kind, edition, width)
    assert v["errors"] == [] and v["failed"] == []


@pytest.mark.parametrize("kind, edition, width", _cases(_axe_marks))
def test_axe_finds_no_serious_violation(browser, base, types, kind, edition, width):
    v = visit(browser, base, types, kind, edition, width)
    assert support.serious(v["violations"]) == [], v["violations"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_search_box_has_an_accessible_name(browser, base, edition):
    page, _ = support.open_page(browser, base, support.edition_path("search/", edition), support.DESKTOP)
    try:
        page.wait_for_selector(".pagefind-ui__search-input")
        expected = "站內搜尋" if edition == "zh-Hant" else "站内搜索"
        assert page.get_attribute(".pagefind-ui__search-input", "aria-label") == expected
    finally:
        support.close(page)


@pytest.mark.xfail(reason=HANT_404, strict=True)
def test_zh_hant_404_is_traditional(browser, base):
    page, _ = support.open_page(browser, base, "zh-Hant/no-such-page/", support.DESKTOP, expect_404=True)
    try:
        assert "找不到此頁面" in page.inner_text("article")
    finally:
        support.close(page)


def test_zh_hans_404(browser, base):
    page, _ = support.open_page(browser, base, "no-such-page/", support.DESKTOP, expect_404=True)
    try:
        assert "找不到此页面" in page.inner_text("article")
    finally:
        support.close(page)
