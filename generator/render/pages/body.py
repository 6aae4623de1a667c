"""The bodies index and one page per issuing body (its reports, year by year, and their chart)."""

from __future__ import annotations

from ..archive import Archive
from ..figures import body_figure
from . import PageSpec, spec


def body_pages(archive: Archive, script: str) -> list[PageSpec]:
    return [spec(archive, script, "bodies/index.md", "bodies_index.md.j2"),
            *(spec(archive, script, f"bodies/{b['slug']}.md", "body.md.j2", body=b, chart=body_figure(b))
              for b in archive.bodies_sorted())]
