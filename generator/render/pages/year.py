"""The years index and one page per report year (its reports, by region and body, and charts of
its headline figures across bodies)."""

from __future__ import annotations

from typing import Iterator

from ..archive import Archive
from ..figures import year_figures
from . import PageSpec, list_pages, spec


def year_pages(archive: Archive, script: str) -> Iterator[PageSpec]:
    yield spec(archive, script, "years/index.md", "years_index.md.j2")
    for slug in archive.year_slugs():
        recs = archive.years[slug]
        for path, lp in list_pages(f"years/{slug}.md", recs):
            # The charts cover the whole year: on its first page only.
            yield spec(archive, script, path, "year.md.j2", year=slug, recs=recs, lp=lp,
                       charts=year_figures(slug, recs) if lp.number == 1 else [])
