"""Page data, one module per page type: each builds, from the archive, the pages of its type as
``PageSpec`` (docs path, template, template context of plain values).  Nothing here renders or
writes; ``generator.render.write`` does."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from ..archive import Archive
from ..cells import Page


@dataclass(frozen=True)
class PageSpec:
    path: str                 # docs-relative Markdown path, "reports/<id>.md"
    template: str             # templates/<name>.md.j2
    # The template context, or a function that builds it (called only when the page is rendered)
    context: dict[str, Any] | Callable[[], dict[str, Any]] = field(default_factory=dict)
    # For a page made from one record: a function giving the hash of what it is made of
    # (generator.render.page_cache), so an unchanged page need not be rendered again
    key: Callable[[], str] | None = None

    def make_context(self) -> dict[str, Any]:
        return self.context() if callable(self.context) else self.context


def spec(archive: Archive, script: str, path: str, template: str, **context: Any) -> PageSpec:
    """A page whose context is the archive, the script, a Page helper for its path, and ``context``."""
    return PageSpec(path, template, {"p": Page(path, script), "a": archive, "script": script, **context})


# Rows of one list page (reports, a year's reports, bodies, a province's bodies, not published):
# past it a list goes on to …/page/2/, so no page grows with the archive (issue 11). Read when
# the pages are made, so a test can make it small.
LIST_PAGE_ROWS = 500


@dataclass(frozen=True)
class ListPage:
    """One page of a list cut into pages: its rows and where every page of the list is."""
    number: int               # 1-based
    rows: list
    first: int                # 1-based position of its first row in the whole list (0 when empty)
    total: int                # rows in the whole list
    urls: tuple[str, ...]     # site-relative URL of each page: "years/2024/", "years/2024/page/2/" …

    @property
    def count(self) -> int:
        return len(self.urls)

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def _list_base(path: str) -> str:
    """"years/2024.md" → "years/2024"; "reports/index.md" → "reports"; "not-published.md" → "not-published"."""
    base = path[:-3]
    return base[: -len("/index")] if base.endswith("/index") else base


def page_path(path: str, number: int) -> str:
    """Docs path of page ``number`` of the list whose first page is ``path``."""
    return path if number == 1 else f"{_list_base(path)}/page/{number}.md"


def list_pages(path: str, rows: list, size: int | None = None) -> list[tuple[str, ListPage]]:
    """``rows`` cut into pages of ``size`` (LIST_PAGE_ROWS): (docs path, ListPage) of each. An
    empty list is one empty page."""
    size = size or LIST_PAGE_ROWS
    count = max(1, -(-len(rows) // size))
    base = _list_base(path)
    urls = tuple(("" if base == "index" else base + "/") if k == 1 else f"{base}/page/{k}/" for k in range(1, count + 1))
    return [(page_path(path, k), ListPage(k, rows[(k - 1) * size:k * size], (k - 1) * size + 1 if rows else 0,
                                          len(rows), urls))
            for k in range(1, count + 1)]


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
