"""Record field paths and table sources named as a reader finds them on the page: check ids and
cleaning steps by their Chinese label, "statistics.requests.granted.total" as the row and column of
section 三, a headline's source as the cells it was read from."""

from __future__ import annotations

import re
from typing import Any

from . import strings
from .strings import text
from .tables_spec import current as table_spec

# Labels keyed by a record's machine ids (the catalogue's check.*, cleaning.*, field.* … ids).
FIELD_LABELS = strings.group("field")

# One statistics cell: "statistics.requests.granted.total", "proactive.licensing.decisions".
SOURCE_CELL = re.compile(r"^(?:statistics\.)?(requests|review_litigation|proactive)\.(\w+)\.(\w+)$")
# A legacy table row, optionally with its label: "statistics.legacy_table[3] (受理数)", "legacy_table[0].value".
SOURCE_LEGACY = re.compile(r"^(?:statistics\.)?legacy_table\[(\d+)\](?:\.value)?(?:\s*\((.*)\))?$", re.S)
# The second term of a sum, in the first term's table: "new_received.total" in "a.total + new_received.total".
SOURCE_SHORT_CELL = re.compile(r"^\w+\.\w+$")
# A statistics row: "statistics.requests.granted".
FIELD_ROW = re.compile(r"^statistics\.(requests|review_litigation|proactive)\.(\w+)$")
# A legacy table row or one of its fields: "statistics.legacy_table[11]", "statistics.legacy_table[0].cumulative".
FIELD_LEGACY = re.compile(r"^statistics\.legacy_table\[(\d+)\](?:\.(value|cumulative|label|unit))?$")

# Statistics table → (anchor on the report page, catalogue id of its section's name).
SECTIONS = {"requests": ("requests", "section.requests"),
            "review_litigation": ("review-litigation", "section.review_litigation"),
            "proactive": ("proactive", "section.proactive")}
LEGACY_FIELD_IDS = {"cumulative": "fieldpath.legacy_cumulative", "label": "fieldpath.legacy_label",
                    "unit": "fieldpath.legacy_unit"}


def label_of(labels: dict, machine_id: Any) -> str | None:
    """The Chinese name of a check id or cleaning step, or None.  A check id is looked up whole,
    then without its last parts (requests.balance.total → requests.balance)."""
    parts = str(machine_id).split(".")
    for n in range(len(parts), 0, -1):
        label = labels.get(".".join(parts[:n]))
        if label:
            return label
    return None


def table_names(table: str, template: str) -> tuple[dict, dict]:
    """({row key: label}, {column key: label}) of a statistics table as this page shows it."""
    if table == "requests":
        return {k: v for k, v, _ in table_spec().request_rows if k}, dict(table_spec().request_columns)
    if table == "review_litigation":
        return dict(table_spec().review_rows), dict(table_spec().review_columns)
    rows: dict = {}
    cols: dict = {}
    for _, columns, body in table_spec().proactive_tables.get(template, ()):
        rows.update(body)
        cols.update(columns)
    return rows, cols


def _legacy_source(m: re.Match) -> dict:
    n = int(m.group(1)) + 1
    row = (text("fieldpath.legacy_row_named", n=n, label=m.group(2).strip()) if m.group(2)
           else text("fieldpath.legacy_row", n=n))
    return {"anchor": "legacy-table", "section": text("fieldpath.legacy_section"), "row": row, "column": None}


def describe_source(path: str, template: str) -> list[dict] | None:
    """A table source (statistics.requests.total.total, "a.total + b.total", statistics.legacy_table[3]
    (label)) as the cells a reader looks for: [{section anchor, section, row, column}], or None
    when some part is not a cell this page shows."""
    out: list[dict] = []
    table = None
    for part in (x.strip() for x in path.split(" + ")):
        m = SOURCE_LEGACY.match(part)
        if m:
            out.append(_legacy_source(m))
            continue
        m = SOURCE_CELL.match(part)
        if not m and table and SOURCE_SHORT_CELL.fullmatch(part):  # "a.total + b.total": b is in a's table
            m = SOURCE_CELL.match(f"{table}.{part}")
        if not m:
            return None
        table, row, col = m.groups()
        rows, cols = table_names(table, template)
        if row not in rows or col not in cols:
            return None
        anchor, section = SECTIONS[table]
        out.append({"anchor": anchor, "section": text(section), "row": text("fieldpath.row", label=rows[row]),
                    "column": text("fieldpath.column", label=cols[col])})
    return out or None


def field_label(path: Any, template: str = "unknown") -> str | None:
    """A record field path (空值说明, 维护者更正) in Chinese, or None when it is not one we know."""
    path = str(path)
    if path in FIELD_LABELS:
        return FIELD_LABELS[path]
    labels = table_spec().headline_labels
    if path.startswith("headline.") and path[len("headline."):] in labels:
        return text("fieldpath.headline", label=labels[path[len("headline."):]])
    m = FIELD_LEGACY.match(path)
    if m:
        extra = text(LEGACY_FIELD_IDS[m.group(2)]) if m.group(2) in LEGACY_FIELD_IDS else ""
        return text("fieldpath.legacy_field", n=int(m.group(1)) + 1, extra=extra)
    m = FIELD_ROW.match(path)
    if m:
        table, row = m.groups()
        rows = table_names(table, template)[0]
        return text(SECTIONS[table][1]) + text("fieldpath.row", label=rows[row]) if row in rows else None
    cells = describe_source(path, template) if path.startswith("statistics.") and " " not in path else None
    if cells and len(cells) == 1:
        return cells[0]["section"] + cells[0]["row"] + (cells[0]["column"] or "")
    return None


def headline_source(source: Any, template: str = "unknown") -> dict:
    """Where a headline figure was read: {kind: none|prose|table, text, cells (table)}."""
    if source is None:
        return {"kind": "none", "text": ""}
    source_text = str(source)
    if source_text.startswith("prose:"):
        return {"kind": "prose", "text": source_text[len("prose:"):].strip()}
    return {"kind": "table", "text": source_text, "cells": describe_source(source_text, template)}
