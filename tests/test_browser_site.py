"""The public site in a real browser (Debian's Chromium through Playwright): search in either script,
the script switcher, sortable tables, phone width, console errors and failed requests, axe-core.

The sample archive is built once (tests/browser/support.py) and served locally.  Screenshots of
every page type at 1280×900 and 390×844 in both editions go to build/screenshots/, axe-core's
violation counts per page type to build/screenshots/axe-counts.json.  Skipped, saying how to
install it, where Chromium is missing.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import support

CHROMIUM = support.require_browser()

from playwright.sync_api import sync_playwright  # noqa: E402 - only once Chromium is known to be there

EDITIONS = ["zh-Hans", "zh-Hant"]
PAGE_TYPES = ["home", "report", "report-text", "body", "region", "year", "reports-index", "search", "not-published", "data-quality", "data",
              "dictionary", "404"]

@pytest.fixture(scope="module")
def site():
    return support.sample_site()


@pytest.fixture(scope="module")
def base(site):
    return support.serve(site)


@pytest.fixture(scope="module")
def types(site):
    return {**support.page_types(site), "data": "data/", "dictionary": "data/dictionary/"}


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


# ---------------------------------------------------------------------------------------------
# Search in either script


def search(browser, base, edition, query):
    """(count Pagefind UI reports, the result links' paths in order, the search box's value), on the search page ?q=."""
    message, paths, value = support.search_page(browser, base, edition, query)
    return int(re.search(r"\d+", message).group()), paths, value


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
            c => [c.textContent.trim(), c.classList.contains('blank')]))""")
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
        filled = [v for v in first if v != "—"]          # a blank (—) sorts last here too
        assert first == sorted(filled) + ["—"] * (len(first) - len(filled)) and len(first) == len(cells)
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


@pytest.mark.parametrize("kind, edition, width", _cases(lambda *a: []))
def test_page_is_no_wider_than_the_screen(browser, base, types, kind, edition, width):
    v = visit(browser, base, types, kind, edition, width)
    assert v["scroll"] <= v["inner"], f"{v['path']}: the page is {v['scroll']} px wide in a {v['inner']} px screen"


@pytest.mark.parametrize("kind, edition, width", _cases(lambda *a: []))
def test_no_console_error_or_failed_request(browser, base, types, kind, edition, width):
    v = visit(browser, base, types, kind, edition, width)
    assert v["errors"] == [] and v["failed"] == []


@pytest.mark.parametrize("kind, edition, width", _cases(lambda *a: []))
def test_axe_finds_no_violation(browser, base, types, kind, edition, width):
    # None of any impact (the last minor one, the review table's empty corner header, now has a
    # label for screen readers).
    v = visit(browser, base, types, kind, edition, width)
    assert [(x["id"], x["impact"]) for x in v["violations"]] == [], v["violations"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_search_box_has_an_accessible_name(browser, base, edition):
    page, _ = support.open_page(browser, base, support.edition_path("search/", edition), support.DESKTOP)
    try:
        page.wait_for_selector(".pagefind-ui__search-input")
        expected = "站內搜尋" if edition == "zh-Hant" else "站内搜索"
        assert page.get_attribute(".pagefind-ui__search-input", "aria-label") == expected
    finally:
        support.close(page)


@pytest.mark.parametrize("edition", EDITIONS)
def test_404_is_in_the_script_of_the_address(browser, base, edition):
    """GitHub Pages (and the test server) answer every missing path with the root 404.html: under
    zh-Hant/ it reads in Traditional script and links to the zh-Hant home page, elsewhere in
    Simplified; the other script's text is not shown."""
    page, _ = support.open_page(browser, base, support.edition_path("no-such-page/", edition), support.DESKTOP,
                                expect_404=True)
    try:
        text = page.inner_text("article")
        shown, hidden = ("找不到此頁面", "找不到此页面") if edition == "zh-Hant" else ("找不到此页面", "找不到此頁面")
        assert shown in text and hidden not in text
        visible = page.locator(".archive-404:visible")
        assert visible.count() == 1 and visible.get_attribute("lang") == edition
        home = visible.locator("a").get_attribute("href")
        assert home == ("/zh-Hant/" if edition == "zh-Hant" else "/")
        assert page.locator(".archive-404:visible a").inner_text() == ("首頁" if edition == "zh-Hant" else "首页")
    finally:
        support.close(page)


def test_404_without_javascript_keeps_the_root_script(browser, base):
    context = browser.new_context(viewport=support.DESKTOP, java_script_enabled=False)
    page = context.new_page()
    try:
        assert page.goto(base + "zh-Hant/no-such-page/").status == 404
        text = page.inner_text("article")
        assert "找不到此页面" in text and "找不到此頁面" not in text
    finally:
        support.close(page)


# ---------------------------------------------------------------------------------------------
# Material's sitemap requests and the script switcher


def test_sitemaps_are_fetched_from_the_edition_roots(browser, base, types):
    """Material's bundle fetches sitemap.xml next to each <link rel="alternate">: those name the
    edition roots, where each edition has its sitemap.xml, so every fetch answers 200."""
    for kind in ("report", "body", "year"):
        for edition in EDITIONS:
            context = browser.new_context(viewport=support.DESKTOP)
            page = context.new_page()
            fetched: list[tuple[str, int]] = []
            page.on("response", lambda r, fetched=fetched: fetched.append((urlsplit(r.url).path, r.status))
                    if r.url.endswith("sitemap.xml") else None)
            try:
                page.goto(base + support.edition_path(types[kind], edition), wait_until="load")
                page.wait_for_load_state("networkidle")
                assert sorted(fetched) == [("/sitemap.xml", 200), ("/zh-Hant/sitemap.xml", 200)], (kind, edition)
            finally:
                support.close(page)


@pytest.mark.parametrize("edition", EDITIONS)
def test_switcher_keeps_the_page_whatever_material_has_fetched(browser, base, types, edition):
    """Material's alternate-language handler sends a click on a link into another edition to that
    edition's page in its sitemap, or to its home page when the sitemap does not list it (a build
    without site_url lists none).  With this edition's own sitemap held back, Material knows only
    the other edition's: the switcher must still go to the same page."""
    own = "/zh-Hant/sitemap.xml" if edition == "zh-Hant" else "/sitemap.xml"
    other_sitemap = "/sitemap.xml" if edition == "zh-Hant" else "/zh-Hant/sitemap.xml"
    other = "zh-Hans" if edition == "zh-Hant" else "zh-Hant"
    context = browser.new_context(viewport=support.DESKTOP)
    held = []
    context.route(re.compile(r"sitemap\.xml$"), lambda route: held.append(route)
                  if urlsplit(route.request.url).path == own and not held else route.continue_())
    page = context.new_page()
    try:
        with page.expect_response(lambda r: urlsplit(r.url).path == other_sitemap):
            page.goto(base + support.edition_path(types["report"], edition), wait_until="load")
        page.wait_for_timeout(200)          # Material stores the sitemap once it is parsed
        assert len(held) == 1
        page.hover(".md-header__option .md-select")
        with page.expect_navigation():
            page.click(f'a.md-select__link[hreflang="{other}"]')
        assert urlsplit(page.url).path == "/" + support.edition_path(types["report"], other)
    finally:
        for route in held:
            try:
                route.abort()
            except Exception:   # its page has gone: nothing is waiting for it any more
                pass
        support.close(page)


# ---------------------------------------------------------------------------------------------
# Wide tables: a keyboard reaches them, the first column stays in view


def test_wide_table_scrolls_by_keyboard_with_its_first_column_in_view(browser, base, types):
    page, _ = support.open_page(browser, base, types["body"], support.PHONE)
    try:
        region = page.locator(".archive-scroll:has(> table.archive-list)")
        assert region.count() == 1
        assert (region.get_attribute("role"), region.get_attribute("tabindex"), region.get_attribute("aria-label")) == \
            ("region", "0", "历年主要数字")
        assert "archive-overflow" in region.get_attribute("class").split()     # the cue: more to the right
        region.focus()
        assert page.evaluate("document.activeElement.classList.contains('archive-scroll')")
        first = region.locator("tbody tr >> nth=0").locator("td >> nth=0")
        third = region.locator("tbody tr >> nth=0").locator("td >> nth=2")
        before = (first.bounding_box()["x"], third.bounding_box()["x"])
        for _ in range(5):
            page.keyboard.press("ArrowRight")
        page.wait_for_function("document.activeElement.scrollLeft > 100")
        page.wait_for_timeout(300)                                     # keyboard scrolling is animated
        after = (first.bounding_box()["x"], third.bounding_box()["x"])
        assert after[0] == pytest.approx(before[0], abs=1)            # the year stays in view (sticky)
        assert after[1] < before[1] - 20                               # the figures moved left
    finally:
        support.close(page)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("viewport", [support.PHONE, support.DESKTOP], ids=["phone", "desktop"])
def test_a_bodys_years_are_one_line_each(browser, base, types, edition, viewport):
    """Every row of a body's years is as tall as its numbers: a report's title stays on one line
    (the table scrolls sideways) instead of wrapping to three lines and making the row three
    lines tall."""
    page, _ = support.open_page(browser, base, support.edition_path(types["body"], edition), viewport)
    try:
        rows = page.eval_on_selector_all(
            ".archive-scroll > table.archive-list tbody tr",
            "trs => trs.map(tr => [tr.getBoundingClientRect().height, tr.cells[0].scrollHeight,"
            " tr.querySelector('a[href*=\"reports/\"]') !== null])")
        assert len(rows) >= 2 and all(link for _, _, link in rows)
        line = page.eval_on_selector(".archive-scroll > table.archive-list thead tr", "tr => tr.getBoundingClientRect().height")
        assert max(height for height, _, _ in rows) <= line + 1
    finally:
        support.close(page)


# ---------------------------------------------------------------------------------------------
# Charts: drawn at build time, inline SVG with real text


CHARTS = {"body": 1, "year": 2, "home": 1}


def _ink(png: bytes) -> int:
    """How many pixels of a screenshot are not (near) white."""
    from PIL import Image
    image = Image.open(io.BytesIO(png)).convert("L")
    return sum(count for value, count in enumerate(image.histogram()) if value < 200)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("width", ["phone", "desktop"])
@pytest.mark.parametrize("kind", list(CHARTS))
def test_charts_render(browser, base, types, kind, edition, width):
    """Each chart is drawn (a box of the expected size, text laid out in a font, ink in the
    screenshot) at 390 and 1280 px; its data table is one click away."""
    support.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page, watch = support.open_page(browser, base, support.edition_path(types[kind], edition), support.WIDTHS[width])
    try:
        charts = page.locator("figure.archive-figure > svg.archive-chart")
        assert charts.count() == CHARTS[kind]
        content = page.evaluate("document.querySelector('.md-content__inner').getBoundingClientRect().width")
        for i in range(charts.count()):
            svg = charts.nth(i)
            box = svg.bounding_box()
            # 400 units wide: full size on a desktop, scaled to the column on a phone, never wider
            assert box["width"] == pytest.approx(min(400, content), abs=2) and box["height"] > 50
            view_h = float(svg.get_attribute("height"))
            assert box["height"] == pytest.approx(view_h * box["width"] / 400, abs=2)
            text_widths = svg.evaluate("s => Array.from(s.querySelectorAll('text'), t => t.getBBox().width)")
            assert text_widths and min(text_widths) > 0
            shot = svg.screenshot()
            assert _ink(shot) > 500
            title = svg.locator("title").text_content()
            assert (("歷年變化" in title or "各機構" in title or "收錄範圍" in title) if edition == "zh-Hant"
                    else ("历年变化" in title or "各机构" in title or "收录范围" in title)), title
            svg.screenshot(path=str(support.SCREENSHOTS / f"chart-{kind}-{i}-{edition}-{width}.png"))
        details = page.locator("figure.archive-figure > details").first
        details.locator("summary").click()
        table = details.locator("table.archive-chart-data")
        assert table.is_visible() and table.locator("tbody tr").count() > 0
        assert watch.errors == [] and watch.failed == []
    finally:
        support.close(page)


# ---------------------------------------------------------------------------------------------
# Downloads: what a click does, what no page loads, names kept whole on a phone

REPORT = "pingtan--pingtan-zone-2024-html"


@pytest.mark.parametrize("edition", EDITIONS)
def test_json_twin_opens_in_the_browser_and_the_source_copy_downloads(browser, base, edition):
    """The record's link is its JSON twin, which the browser shows; the raw-source copy is a gzip
    file (served as application/gzip, never as a page of our origin), which the browser downloads
    and which unpacks to the source's bytes."""
    page, watch = support.open_page(browser, base, support.edition_path(f"reports/{REPORT}/", edition), support.DESKTOP)
    try:
        twin = page.locator(f'a[href$="data/reports/{REPORT}.json"]')
        copy = page.locator(f'a[href$="sources/{REPORT}.txt.gz"]')
        assert copy.get_attribute("type") == "application/gzip" and twin.get_attribute("type") == "application/json"
        assert page.locator('a[href*="data/records/"]').count() == 0
        with page.expect_download() as download:
            copy.click()
        assert download.value.suggested_filename == f"{REPORT}.txt.gz"
        assert download.value.url == base + f"sources/{REPORT}.txt.gz"
        assert gzip.decompress(Path(download.value.path()).read_bytes()) == (
            support.ROOT / "site_data" / "sources" / "pingtan" / "pingtan-zone-2024.html").read_bytes()
        # A download ends the navigation that started it: Chromium reports that request as aborted.
        assert watch.errors == [] and watch.failed == [f"{base}sources/{REPORT}.txt.gz (net::ERR_ABORTED)"]
        watch.failed.clear()
        with page.expect_navigation():
            twin.click()
        assert urlsplit(page.url).path == f"/data/reports/{REPORT}.json"       # the shared file, either edition
        shown = json.loads(page.inner_text("body"))
        assert shown["id"] == REPORT and shown["headline"]["reviews"] == 7
        # A JSON document has no <link rel="icon">: the browser asks for /favicon.ico, which no site has.
        assert [f for f in watch.failed if not f.startswith(base + "favicon.ico")] == []
    finally:
        support.close(page)
    with urllib.request.urlopen(base + f"sources/{REPORT}.txt.gz") as response:
        assert response.headers["Content-Type"] == "application/gzip"
    with urllib.request.urlopen(base + f"data/reports/{REPORT}.json") as response:
        assert response.headers["Content-Type"] == "application/json"


def test_no_page_requests_lunr_or_a_source_map(browser, base, types):
    """The site has no lunr search (Pagefind searches) and no source maps: none is in the site, and
    no page of either edition asks for one."""
    asked = []
    for kind in PAGE_TYPES:
        for edition in EDITIONS:
            context = browser.new_context(viewport=support.DESKTOP)
            page = context.new_page()
            page.on("request", lambda r: asked.append(r.url))
            try:
                page.goto(base + support.edition_path(types[kind], edition), wait_until="load")
                page.wait_for_load_state("networkidle")
            finally:
                support.close(page)
    assert len(asked) > 100
    assert [u for u in asked if "/lunr/" in u or u.endswith(".map") or "workers/search" in u] == []


BROKEN_WORDS = """(selector) => {
    // Every piece of an id or a file name between two <wbr> is one text node: it must lie on one
    // line (one client rect), i.e. the name breaks only where a <wbr> allows it.
    const out = [];
    for (const el of document.querySelectorAll(selector)) {
        if (!el.querySelector("wbr")) continue;
        for (const node of el.childNodes) {
            if (node.nodeType !== Node.TEXT_NODE || !node.textContent.trim()) continue;
            const range = document.createRange();
            range.selectNodeContents(node);
            const lines = new Set(Array.from(range.getClientRects(), r => Math.round(r.top)));
            if (lines.size > 1) out.push(node.textContent);
        }
    }
    return out;
}"""


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("kind, selector, least", [
    ("not-published", "td code", 20),
    ("data", "td a, td code", 3),
    ("report", "table.archive-meta code, table.archive-meta a", 4),
    ("dictionary", "td code", 50),
])
def test_ids_and_file_names_break_only_after_a_dash_or_slash_at_390px(browser, base, types, kind, selector, least, edition):
    page, _ = support.open_page(browser, base, support.edition_path(types[kind], edition), support.PHONE)
    try:
        assert page.eval_on_selector_all(selector, "els => els.filter(e => e.querySelector('wbr')).length") >= least
        assert page.evaluate(BROKEN_WORDS, selector) == []
    finally:
        support.close(page)


@pytest.mark.parametrize("edition", EDITIONS)
def test_report_page_links_its_full_text_and_back(browser, base, site, types, edition):
    """Issue 10, item 9: a report page holds the figures, checks and provenance within 30 KB of
    HTML; its full text is one tap away (the table of contents' 报告全文 → the link), on a page of
    its own that links back, in the edition's script."""
    from generator.convert import to_traditional
    shown = to_traditional if edition == "zh-Hant" else (lambda text: text)
    report = types["report"]
    assert (site / support.edition_path(report, edition) / "index.html").stat().st_size <= 30_000
    page, watch = support.open_page(browser, base, support.edition_path(report, edition), support.PHONE)
    try:
        toc = page.eval_on_selector_all(".md-nav--secondary a.md-nav__link", "as => as.map(a => a.textContent.trim())")
        assert toc.count(shown("报告全文")) == 1
        link = page.locator(f'#text ~ .archive-block a[href$="{report}text/"]').first
        assert link.inner_text() == shown("阅读报告全文")
        with page.expect_navigation():
            link.click()
        assert urlsplit(page.url).path == "/" + support.edition_path(report, edition) + "text/"
        assert page.inner_text("h1") == shown("平潭综合实验区2024年度政府信息公开工作年度报告")
        assert page.inner_text("#section-1") == shown("一、总体情况")
        with page.expect_navigation():
            page.click(f'a[href$="{report}"]:has-text("{shown("统计表")}")')
        assert urlsplit(page.url).path == "/" + support.edition_path(report, edition)
        assert watch.errors == [] and watch.failed == []
    finally:
        support.close(page)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("kind", ["report", "report-text"])
def test_first_load_of_a_report_page_is_small(browser, base, types, edition, kind):
    """Issue 10, item 9: what a phone downloads to show a report page the first time (its HTML and
    every stylesheet, script, font and image it asks for, each gzip-compressed as a server sends
    it) is at most 150 KB; its HTML at most 30 KB uncompressed."""
    import gzip

    context = browser.new_context(viewport=support.PHONE, locale="zh-CN")
    page = context.new_page()
    sizes: dict[str, tuple[int, int]] = {}

    def measure(response):
        if response.ok:
            body = response.body()
            sizes[response.url] = (len(body), len(gzip.compress(body, 6)))

    page.on("response", measure)
    try:
        url = base + support.edition_path(types[kind], edition)
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    html_raw, _ = sizes[url]
    assert kind != "report" or html_raw <= 30_000, html_raw
    assert len(sizes) > 5 and all(u.startswith(base) for u in sizes)     # its own assets, nothing third-party
    assert sum(gz for _, gz in sizes.values()) <= 150_000, sorted(sizes.items(), key=lambda kv: -kv[1][1])[:5]


def test_duplicate_on_not_published_links_to_the_published_report(browser, base):
    page, _ = support.open_page(browser, base, "not-published/", support.PHONE)
    try:
        row = page.locator("table.archive-unpublished tbody tr", has_text="pingtan/pingtan-zone-2024.txt")
        assert row.count() == 1
        link = row.locator("td >> nth=1").locator(f'a[href$="reports/{REPORT}/"]')
        assert link.inner_text() == "平潭综合实验区2024年度政府信息公开工作年度报告"
        with page.expect_navigation():
            link.click()
        assert urlsplit(page.url).path == f"/reports/{REPORT}/"
        assert page.inner_text("h1") == "平潭综合实验区2024年度政府信息公开工作年度报告"
    finally:
        support.close(page)
