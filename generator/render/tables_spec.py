"""The statistics tables as the pages show them: row and column keys with their display labels, in
source order, and the headline figures — read from the one description of the report formats
(``generator/domain/formats.yaml``), never written out here.

Kept apart from the string catalogue (generator/render/strings/): these labels are the report
forms' own wording, part of the domain description, not user-interface text.

``current()`` is what the renderer reads at render time; ``described_by(formats)`` renders with
another description for a while (a test adds a row to a copy of formats.yaml and sees it on the
page). The module constants are the shipped description's, for readers that only need that.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Iterator

from ..domain import FORMATS, Caption, Formats, Row

Pairs = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class TableSpec:
    headline_keys: tuple[str, ...]
    headline_labels: dict[str, str]
    # Section 三: the columns, and the rows in source order: (key, or None for a label-only
    # group row; label; indent level).
    request_columns: Pairs
    request_rows: tuple[tuple[str | None, str, int], ...]
    review_columns: Pairs
    review_rows: Pairs
    # Section 二, per era: sub-tables (caption, columns, rows).
    proactive_tables: dict[str, tuple[tuple[str, Pairs, Pairs], ...]]


def spec(formats: Formats) -> TableSpec:
    requests, review = formats.requests, formats.review_litigation
    return TableSpec(
        headline_keys=tuple(formats.headline_keys),
        headline_labels=dict(formats.headline_labels),
        request_columns=tuple((c.key, c.label) for c in requests.columns),
        request_rows=tuple((line.key, line.display, line.level) if isinstance(line, Row) else (None, line.caption, line.level)
                           for line in requests.lines if isinstance(line, (Row, Caption))),
        review_columns=tuple((c.key, c.label) for c in review.columns),
        review_rows=tuple((r.key, r.display) for r in review.rows()),
        proactive_tables={era: tuple((part.caption, tuple((c.key, c.label) for c in part.columns),
                                      tuple((r.key, r.display) for r in part.rows)) for part in parts)
                          for era, parts in formats.proactive.parts.items()},
    )


SHIPPED = spec(FORMATS)
_current = SHIPPED


def current() -> TableSpec:
    return _current


@contextlib.contextmanager
def described_by(formats: Formats) -> Iterator[TableSpec]:
    """Render with ``formats`` instead of the shipped description until the block ends."""
    global _current
    before, _current = _current, spec(formats)
    try:
        yield _current
    finally:
        _current = before


HEADLINE_KEYS = SHIPPED.headline_keys
HEADLINE_LABELS = SHIPPED.headline_labels
REQUEST_COLUMNS = SHIPPED.request_columns
REQUEST_ROWS = SHIPPED.request_rows
REVIEW_COLUMNS = SHIPPED.review_columns
REVIEW_ROWS = SHIPPED.review_rows
PROACTIVE_TABLES = SHIPPED.proactive_tables
