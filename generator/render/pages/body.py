"""The bodies index and one page per issuing body (its reports, year by year, and their chart);
the regions index and one page per province listing its bodies."""

from __future__ import annotations

from typing import Iterator

from ..archive import Archive
from ..figures import body_figure
from . import PageSpec, list_pages, spec


def body_pages(archive: Archive, script: str) -> Iterator[PageSpec]:
    for path, lp in list_pages("bodies/index.md", archive.bodies_sorted()):
        yield spec(archive, script, path, "bodies_index.md.j2", lp=lp)
    for b in archive.bodies_sorted():
        yield spec(archive, script, f"bodies/{b['slug']}.md", "body.md.j2", body=b, chart=body_figure(b))


def region_pages(archive: Archive, script: str) -> Iterator[PageSpec]:
    provinces = archive.provinces()
    yield spec(archive, script, "regions/index.md", "regions_index.md.j2", provinces=provinces)
    for g in provinces:
        for path, lp in list_pages(f"regions/{g['slug']}.md", g["bodies"]):
            yield spec(archive, script, path, "region.md.j2", province=g, lp=lp)
