"""The bodies index and one page per issuing body (its reports, year by year, and their chart);
the regions index and one page per province listing its bodies."""

from __future__ import annotations

from functools import partial
from typing import Iterator

from generator.records import value_digest

from ..archive import Archive
from ..cells import Page
from ..figures import body_figure
from . import PageSpec, list_pages, spec


def body_pages(archive: Archive, script: str) -> Iterator[PageSpec]:
    for path, lp in list_pages("bodies/index.md", archive.bodies_sorted()):
        yield spec(archive, script, path, "bodies_index.md.j2", lp=lp)
    for b in archive.bodies_sorted():
        path = f"bodies/{b['slug']}.md"
        # A body's page is made of the body and its reports alone: keyed by them, it is rendered
        # again only when one of them changed (generator.render.page_cache).
        yield PageSpec(path, "body.md.j2", partial(body_context, archive, script, path, b),
                       key=partial(body_key, archive, script, b))


def body_key(archive: Archive, script: str, body: dict) -> str:
    """What a body's page is made of, hashed: the body and each of its reports (by its key)."""
    return value_digest(["body", script, {k: v for k, v in body.items() if k != "records"},
                         [archive.record_key(r) for r in body["records"]]])


def body_context(archive: Archive, script: str, path: str, body: dict) -> dict:
    """The template context of one body's page."""
    return {"p": Page(path, script), "a": archive, "script": script, "body": body, "chart": body_figure(body)}


def region_pages(archive: Archive, script: str) -> Iterator[PageSpec]:
    provinces = archive.provinces()
    yield spec(archive, script, "regions/index.md", "regions_index.md.j2", provinces=provinces)
    for g in provinces:
        for path, lp in list_pages(f"regions/{g['slug']}.md", g["bodies"]):
            yield spec(archive, script, path, "region.md.j2", province=g, lp=lp)
