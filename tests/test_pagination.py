"""List pages cut into pages (generator.render.pages.list_pages): no list page grows with the
archive. The sample archive is rendered with two rows a page, so every kind of list spills over."""
from __future__ import annotations

import copy
import math
import re
from collections import Counter
from pathlib import Path

import pytest

from generator.pipeline import load_published
from generator.render import pages as page_module
from generator.render import render_pages
from generator.render.pages import ListPage, list_pages
from generator.render.urls import year_slug

ROOT = Path(__file__).resolve().parents[1]
ROWS = 2
REPORT_LINK = re.compile(r'<a href="(?:\.\./)+reports/([^"/#]+)/"')
PAGER = re.compile(r'<nav class="archive-pager" aria-label="分页">.*?</nav>', re.S)


@pytest.fixture(scope="module")
def archive():
    return load_published()


@pytest.fixture(scope="module")
def hans(archive):
    records, unpublished = archive
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(page_module, "LIST_PAGE_ROWS", ROWS)
        return render_pages(records, unpublished, "zh-Hans", set())


def _pages(hans: dict[str, str], first: str, base: str) -> list[str]:
    """The Markdown of every page of one list, in order."""
    count = 1 + sum(1 for p in hans if p.startswith(base + "/page/"))
    return [hans[first]] + [hans[f"{base}/page/{k}.md"] for k in range(2, count + 1)]


def test_list_pages_cuts_rows_and_names_each_page():
    pages = list_pages("years/2024.md", list("abcde"), 2)
    assert [path for path, _ in pages] == ["years/2024.md", "years/2024/page/2.md", "years/2024/page/3.md"]
    assert [lp.rows for _, lp in pages] == [["a", "b"], ["c", "d"], ["e"]]
    assert [(lp.first, lp.last, lp.total, lp.count) for _, lp in pages] == [(1, 2, 5, 3), (3, 4, 5, 3), (5, 5, 5, 3)]
    assert pages[0][1].urls == ("years/2024/", "years/2024/page/2/", "years/2024/page/3/")
    assert [p for p, _ in list_pages("reports/index.md", [1, 2, 3], 2)] == ["reports/index.md", "reports/page/2.md"]
    assert list_pages("reports/index.md", [1, 2, 3], 2)[1][1].urls == ("reports/", "reports/page/2/")
    assert [p for p, _ in list_pages("not-published.md", [1, 2, 3], 2)] == ["not-published.md", "not-published/page/2.md"]
    # An empty list is one page with no rows; a list that fills its pages has no empty last page.
    assert list_pages("bodies/index.md", [], 2) == [("bodies/index.md", ListPage(1, [], 0, 0, ("bodies/",)))]
    assert len(list_pages("bodies/index.md", [1, 2, 3, 4], 2)) == 2


def test_every_report_is_listed_once_across_the_pages_of_all_reports(hans, archive):
    records, _ = archive
    pages = _pages(hans, "reports/index.md", "reports")
    assert len(pages) == math.ceil(len(records) / ROWS)
    listed = [REPORT_LINK.findall(page.split("<tbody>", 1)[1]) for page in pages]
    assert all(len(ids) <= ROWS for ids in listed)
    flat = [i for ids in listed for i in ids]
    assert sorted(flat) == sorted(r["id"] for r in records) and len(set(flat)) == len(flat)


def test_year_links_of_the_reports_list_go_to_the_page_of_that_years_first_report(hans):
    pages = _pages(hans, "reports/index.md", "reports")
    first_page = {}
    for number, page in enumerate(pages, 1):
        for year in re.findall(r'<h2 id="y-(\w+)">', page):
            first_page.setdefault(year, number)
    links = dict((y, href) for href, y in re.findall(r'<a href="([^"]*#y-(\w+))">', pages[0]))
    assert set(links) == set(first_page)
    for year, number in first_page.items():
        assert links[year] == (f"#y-{year}" if number == 1 else f"../reports/page/{number}/#y-{year}")


def test_the_pager_says_where_the_page_is_and_links_every_page(hans, archive):
    records, _ = archive
    count = math.ceil(len(records) / ROWS)
    second = PAGER.findall(hans["reports/page/2.md"])
    assert len(second) == 2                       # above and below the lists
    numbers = " ".join(['<a href="../../../reports/">1</a>', '<span aria-current="page">2</span>']
                       + [f'<a href="../../../reports/page/{k}/">{k}</a>' for k in range(3, count + 1)])
    assert second[0] == (
        '<nav class="archive-pager" aria-label="分页">'
        f'<p>第 2 页，共 {count} 页（第 3–4 条，共 {len(records)} 条）。点表头排序只排本页。</p>\n'
        f'<p><a href="../../../reports/" rel="prev">上一页</a> {numbers} '
        '<a href="../../../reports/page/3/" rel="next">下一页</a></p></nav>')
    assert hans["reports/page/2.md"].startswith('---\ntitle: "全部报告 · 第 2 页"\n')
    last = PAGER.findall(hans[f"reports/page/{count}.md"])[0]
    assert 'rel="next"' not in last and f'<span aria-current="page">{count}</span>' in last


def test_year_body_and_province_lists_are_cut_the_same_way(hans, archive):
    records, unpublished = archive
    per_year = Counter(year_slug(r.get("year")) for r in records)
    for year, n in per_year.items():
        pages = _pages(hans, f"years/{year}.md", f"years/{year}")
        assert len(pages) == math.ceil(n / ROWS), year
        assert sum(len(REPORT_LINK.findall(p.split("<tbody>", 1)[1])) for p in pages) == n
        # The year's charts (over all its reports) are on its first page only.
        assert all("<svg" not in p for p in pages[1:])
    bodies = _pages(hans, "bodies/index.md", "bodies")
    listed = [b for p in bodies for b in re.findall(r'<a href="(?:\.\./)+bodies/(b-[0-9a-f]+|unknown)/">', p)]
    assert len(bodies) == math.ceil(len(listed) / ROWS) and len(set(listed)) == len(listed)
    unpub = _pages(hans, "not-published.md", "not-published")
    assert len(unpub) == math.ceil(len(unpublished) / ROWS)
    assert sum(p.count("<tr><td><code>") for p in unpub) == len(unpublished)
    # Every body is on the pages of exactly one province (or of "unknown").
    in_regions = []
    for first in sorted(p for p in hans if re.fullmatch(r"regions/(\d\d|unknown)\.md", p)):
        pages = _pages(hans, first, first[:-3])
        rows = [b for page in pages
                for b in re.findall(r'<a href="(?:\.\./)+bodies/(b-[0-9a-f]+|unknown)/">', page.split("<tbody>", 1)[1])]
        assert len(pages) == math.ceil(len(rows) / ROWS), first
        in_regions += rows
    assert sorted(in_regions) == sorted(listed)


def test_a_short_list_has_one_page_and_no_pager(archive):
    records, unpublished = archive
    pages = render_pages(records, unpublished, "zh-Hans", set())
    assert not [p for p in pages if "/page/" in p]
    assert not any("archive-pager" in text for text in pages.values())


def test_one_row_a_page_splits_years_and_provinces_and_keeps_the_charts_on_the_first(archive):
    records, unpublished = archive
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(page_module, "LIST_PAGE_ROWS", 1)
        pages = render_pages(records, unpublished, "zh-Hans", set())
    per_year = Counter(year_slug(r.get("year")) for r in records)
    two = sorted(y for y, n in per_year.items() if n == 2)
    assert two                                     # the sample has years with two reports
    for year in two:
        first, second = pages[f"years/{year}.md"], pages[f"years/{year}/page/2.md"]
        assert f"years/{year}/page/3.md" not in pages
        assert "<svg" in first and "<svg" not in second
        assert len(REPORT_LINK.findall(first.split("<tbody>", 1)[1])) == 1
        assert len(REPORT_LINK.findall(second.split("<tbody>", 1)[1])) == 1
    assert "regions/35/page/2.md" in pages and "regions/35/page/3.md" not in pages    # 福建省: two bodies


def test_the_pages_of_a_list_build_in_strict_mkdocs_and_their_links_resolve(archive, tmp_path):
    """The list pages are outside the nav (mkdocs.yml not_in_nav): a strict build passes, both
    editions have every page, and every pager link of every list page opens a built page."""
    from generator.render import render_docs
    from generator.site import build_site

    records, unpublished = archive
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(page_module, "LIST_PAGE_ROWS", ROWS)
        for script in ("zh-Hans", "zh-Hant"):
            render_docs(records, unpublished, tmp_path / script, script, ROOT / "content",
                        sources_dir=ROOT / "site_data" / "sources")
    site = build_site(tmp_path / "zh-Hans", tmp_path / "zh-Hant", tmp_path / "site", work_dir=tmp_path / "work",
                      strict=True, pagefind=False)
    pagers = 0
    for edition in (site, site / "zh-Hant"):
        for page in sorted(edition.glob("*/page/*/index.html")) + sorted(edition.glob("*/*/page/*/index.html")):
            html = page.read_text(encoding="utf-8")
            nav = re.search(r'<nav class="archive-pager".*?</nav>', html, re.S)
            assert nav, page
            for href in re.findall(r'href="([^"#]+)"', nav.group(0)):
                assert (page.parent / href / "index.html").resolve().is_file(), (page, href)
                pagers += 1
    assert (site / "reports/page/2/index.html").is_file() and (site / "zh-Hant/not-published/page/2/index.html").is_file()
    assert pagers > 50


def test_the_failed_checks_list_is_cut_and_its_summary_is_on_the_first_page(archive):
    records, unpublished = copy.deepcopy(archive)
    for r in records[:5]:        # five more failures than the sample has
        r["checks"] = list(r.get("checks") or []) + [{"id": "requests.balance", "status": "fail", "message": "测试"}]
    failed = sum(1 for r in records for c in r["checks"] if c["status"] == "fail")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(page_module, "LIST_PAGE_ROWS", ROWS)
        pages = render_pages(records, unpublished, "zh-Hans", set())
    quality = _pages(pages, "data-quality.md", "data-quality")
    assert len(quality) == math.ceil(failed / ROWS) > 2
    assert sum(len(REPORT_LINK.findall(p.split('{#all}', 1)[1])) for p in quality) == failed
    assert "{#by-check}" in quality[0] and all("{#by-check}" not in p for p in quality[1:])
