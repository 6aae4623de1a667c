"""The bodies index and one page per issuing body (its reports, year by year)."""

from __future__ import annotations

from ..archive import Archive
from . import PageSpec, spec


def body_pages(archive: Archive, script: str) -> list[PageSpec]:
    return [spec(archive, script, "bodies/index.md", "bodies_index.md.j2"),
            *(spec(archive, script, f"bodies/{b['slug']}.md", "body.md.j2", body=b) for b in archive.bodies_sorted())]
