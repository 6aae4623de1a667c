"""Page data, one module per page type: each builds, from the archive, the pages of its type as
``PageSpec`` (docs path, template, template context of plain values).  Nothing here renders or
writes; ``generator.render.write`` does."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

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


def all_pages(archive: Archive, script: str, sources_available: set[str]) -> Iterator[PageSpec]:
    """Every generated page of one script, in a fixed order, one at a time: a page's data is built
    when it is rendered and dropped after, so the archive's size does not multiply in memory."""
    from . import body, dictionary, indexes, report, year
    yield from indexes.top_pages(archive, script)
    yield from report.report_pages(archive, script, sources_available)
    yield from body.body_pages(archive, script)
    yield from body.region_pages(archive, script)
    yield from year.year_pages(archive, script)
    yield from indexes.archive_pages(archive, script)
    yield from dictionary.dictionary_pages(archive, script)
