"""The index pages: home, all reports, all bodies, all years, not published, data quality,
downloads and search.  Their templates read the archive (``a``) directly."""

from __future__ import annotations

from ..archive import Archive
from ..figures import home_figure
from . import PageSpec, spec


def top_pages(archive: Archive, script: str) -> list[PageSpec]:
    """The home page (with the archive's coverage chart) and the list of all reports (rendered
    before the report pages)."""
    return [spec(archive, script, "index.md", "home.md.j2", chart=home_figure(archive.records)),
            spec(archive, script, "reports/index.md", "reports_index.md.j2")]


def archive_pages(archive: Archive, script: str) -> list[PageSpec]:
    """The pages rendered last: not published, data quality, downloads, search."""
    return [spec(archive, script, "not-published.md", "not_published.md.j2"),
            spec(archive, script, "data-quality.md", "data_quality.md.j2"),
            spec(archive, script, "data/index.md", "data_index.md.j2"),
            spec(archive, script, "search.md", "search.md.j2")]
