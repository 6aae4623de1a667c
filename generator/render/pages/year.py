"""The years index and one page per report year (its reports, by region and body, and charts of
its headline figures across bodies)."""

from __future__ import annotations

from typing import Iterator

from ..archive import Archive
from ..figures import year_figures
from . import PageSpec, spec


def year_pages(archive: Archive, script: str) -> Iterator[PageSpec]:
    yield spec(archive, script, "years/index.md", "years_index.md.j2")
    for slug in archive.year_slugs():
        yield spec(archive, script, f"years/{slug}.md", "year.md.j2", year=slug, recs=archive.years[slug],
                   charts=year_figures(slug, archive.years[slug]))
