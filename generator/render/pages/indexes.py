"""The index pages: home, all reports, all bodies, all years, not published, data quality,
downloads and search.  Their templates read the archive (``a``) directly."""

from __future__ import annotations

from itertools import groupby
from typing import Iterator

from ..archive import Archive
from ..figures import home_figure
from . import PageSpec, list_pages, spec


def top_pages(archive: Archive, script: str) -> Iterator[PageSpec]:
    """The home page (with the archive's coverage chart) and the list of all reports, year by
    year, in pages (rendered before the report pages)."""
    yield spec(archive, script, "index.md", "home.md.j2", chart=home_figure(archive.records))
    rows = [r for y in archive.year_slugs() for r in archive.years[y]]
    pages = list_pages("reports/index.md", rows)
    # Each year's link goes to the page its first report is on: its number.
    year_links: dict[str, int] = {}
    for _, lp in pages:
        for r in lp.rows:
            year_links.setdefault(r["_year_slug"], lp.number)
    for path, lp in pages:
        groups = [(y, list(rs)) for y, rs in groupby(lp.rows, key=lambda r: r["_year_slug"])]
        yield spec(archive, script, path, "reports_index.md.j2", lp=lp, groups=groups, year_links=year_links)


def archive_pages(archive: Archive, script: str) -> Iterator[PageSpec]:
    """The pages rendered last: not published (in pages), data quality, downloads, search."""
    for path, lp in list_pages("not-published.md", archive.unpublished):
        yield spec(archive, script, path, "not_published.md.j2", lp=lp)
    failed = archive.failed_checks()
    for path, lp in list_pages("data-quality.md", failed):
        yield spec(archive, script, path, "data_quality.md.j2", lp=lp, failed=failed)
    yield spec(archive, script, "data/index.md", "data_index.md.j2")
    yield spec(archive, script, "search.md", "search.md.j2")
