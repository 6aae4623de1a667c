"""Page data, one module per page type: each builds, from the archive, the pages of its type as
``PageSpec`` (docs path, template, template context of plain values).  Nothing here renders or
writes; ``generator.render.write`` does."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..archive import Archive
from ..cells import Page


@dataclass(frozen=True)
class PageSpec:
    path: str                 # docs-relative Markdown path, "reports/<id>.md"
    template: str             # templates/<name>.md.j2
    context: dict[str, Any] = field(default_factory=dict)


def spec(archive: Archive, script: str, path: str, template: str, **context: Any) -> PageSpec:
    """A page whose context is the archive, the script, a Page helper for its path, and ``context``."""
    return PageSpec(path, template, {"p": Page(path, script), "a": archive, "script": script, **context})


def all_pages(archive: Archive, script: str, sources_available: set[str]) -> list[PageSpec]:
    """Every generated page of one script, in a fixed order."""
    from . import body, dictionary, indexes, report, year
    return [
        *indexes.top_pages(archive, script),
        *report.report_pages(archive, script, sources_available),
        *body.body_pages(archive, script),
        *body.region_pages(archive, script),
        *year.year_pages(archive, script),
        *indexes.archive_pages(archive, script),
        *dictionary.dictionary_pages(archive, script),
    ]
