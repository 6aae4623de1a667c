"""Table cells and rows: numbers, blanks and absent keys each shown distinctly, inferred and OCR
figures marked, links only to http(s) URLs, and the rows of the statistics tables a record holds."""

from __future__ import annotations

import json
import re
from typing import Any, Iterable

from markupsafe import Markup, escape

from .safe import keep, safe_url
from .strings import text
from .tables_spec import current as table_spec
from .urls import depth

# A list index written with a dot, as in "statistics.legacy_table.3.value" (group 1: "3").
DOTTED_INDEX = re.compile(r"\.(\d+)(?=\.|$)")
# A list index written in brackets, as in "statistics.legacy_table[3].value" (group 1: "3").
BRACKET_INDEX = re.compile(r"\[(\d+)\]")
# A "|a|b|c|" line: how the cleaner keeps a source's table row (group 1: "a|b|c").
TABLE_LINE = re.compile(r"\|(.+)\|", re.S)


def esc(value: Any) -> str:
    """``value`` HTML-escaped, as a plain str (to concatenate; Markup + str would escape the str)."""
    return str(escape(value))


def fmt_number(value: Any) -> str:
    """A number as the record holds it (a float as its repr); a boolean as 是/否."""
    if isinstance(value, bool):
        return text("value.true") if value else text("value.false")
    if isinstance(value, float):
        return repr(value)
    return str(value)


def fmt_value(value: Any) -> str:
    """Any record value as one line of text (null as （空）, lists and mappings as JSON)."""
    if value is None:
        return text("value.null")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return fmt_number(value) if isinstance(value, (int, float)) else str(value)


class Page:
    """Helpers bound to one page (relative links depend on its depth)."""

    def __init__(self, md_path: str, script: str, inferred: Iterable[str] = (), ocr: bool = False):
        self.md_path = md_path
        self.script = script
        self.up = "../" * depth(md_path)
        self.inferred = set(inferred)
        self.ocr = ocr          # every figure of the page was read by OCR from a scan

    def url(self, target: str) -> str:
        """Relative URL from this page to a site-root-relative URL of the same edition."""
        return (self.up + target) or "./"

    def shared(self, target: str) -> str:
        """Relative URL to a shared file (data download, raw source copy) in the zh-Hans root."""
        return self.up + ("" if self.script == "zh-Hans" else "../") + target

    def is_inferred(self, path: str) -> bool:
        if path in self.inferred:
            return True
        # List indices are written "[3]" by the parser; accept ".3." too.
        bracket = DOTTED_INDEX.sub(r"[\1]", path)
        dotted = BRACKET_INDEX.sub(r".\1", path)
        return bracket in self.inferred or dotted in self.inferred

    # A report page has ~170 cells: they are built by concatenating escaped parts (esc: plain str,
    # since str + Markup would escape the str), not with Markup.format (a Python-level formatter:
    # a quarter of all render time).  Short class names and no per-cell title on blank and absent
    # cells (the legend above the tables says what — and an empty cell mean): a report page stays
    # within 30 KB of HTML (issue 10).
    def cell(self, row: dict | None, key: str, path: str) -> Markup:
        """One statistics cell: a number, 0, a blank (null) or a missing key — each distinct."""
        if not isinstance(row, dict) or key not in row:
            return Markup('<td class="absent"></td>')
        return self.value_cell(row[key], path)

    def value_cell(self, value: Any, path: str) -> Markup:
        if value is None:
            return Markup('<td class="blank">—</td>')
        classes = "num"
        if value == 0 and not isinstance(value, bool):
            classes += " zero"
        mark = title = ""
        if self.is_inferred(path):
            classes += " inferred"
            title = ' title="' + esc(text("cell.inferred")) + '"'
            mark = '<sup class="inferred-mark">' + esc(text("cell.inferred_mark")) + "</sup>"
        if self.ocr:
            classes += " ocr"
            title = ' title="' + esc(text("cell.ocr")) + '"'
            mark += '<sup class="ocr-mark">OCR</sup>'
        shown = fmt_number(value) if isinstance(value, (int, float)) else str(value)
        return Markup('<td class="' + classes + '"' + title + ">" + esc(shown) + mark + "</td>")

    def link(self, url: Any, label: Any | None = None) -> Markup:
        """A link to an external URL only when it is http(s); otherwise the URL as plain text."""
        good = safe_url(url)
        shown = keep(url) if label is None else escape(str(label))
        if good is None:
            if url in (None, ""):
                return Markup('<span class="value-none">—</span>')
            return Markup('<span class="url-inert" title="{}">{}</span>').format(text("link.inert"), keep(url))
        return Markup('<a href="{}" rel="nofollow noopener noreferrer" class="external">{}</a>').format(
            keep(good), shown)


def headline_cells(page: Page, record: dict) -> list[Markup]:
    """The headline figures of one record as cells, in HEADLINE_KEYS order."""
    headline = record.get("headline") or {}
    return [page.cell(headline, key, f"headline.{key}") for key in table_spec().headline_keys]


def unrecognised_row(key: str) -> Markup:
    """The label of a statistics row the tables do not know: the record's key, shown as it is."""
    return Markup("{}<code>{}</code>").format(text("row.unrecognised"), keep(key))


def request_rows(requests: dict, page: Page) -> list[dict]:
    """Rows of the section 三 table present in the record, in source order.

    A group heading (三、本年度办理结果, （三）不予公开 …) is shown only above rows it contains."""
    spec_rows = table_spec().request_rows
    known = {key for key, _, _ in spec_rows if key}
    rows: list[dict] = []
    pending: list[dict] = []
    for key, label, level in spec_rows:
        if key is None:
            pending = [g for g in pending if g["level"] < level]
            pending.append({"label": label, "level": level, "group": True})
            continue
        if key not in requests:
            continue
        rows.extend(g for g in pending if g["level"] < level)
        pending = []
        rows.append(request_row(requests, key, label, level, page))
    for key in requests:
        if key not in known:
            rows.append(request_row(requests, key, unrecognised_row(key), 0, page))
    return rows


def request_row(requests: dict, key: str, label: str, level: int, page: Page) -> dict:
    row = requests.get(key)
    columns = table_spec().request_columns
    cells = [page.cell(row, col, f"statistics.requests.{key}.{col}") for col, _ in columns]
    extra = sorted(k for k in (row or {}) if k not in dict(columns)) if isinstance(row, dict) else []
    return {"label": label, "level": level, "group": False, "cells": cells, "extra": extra, "row": row, "key": key}


def proactive_tables(proactive: dict, template: str, page: Page) -> tuple[list[dict], list[dict]]:
    """(era tables, leftover rows) for section 二."""
    tables = []
    used: set[tuple[str, str]] = set()
    for caption, columns, rows in table_spec().proactive_tables.get(template, ()):
        present = [(key, label) for key, label in rows if key in proactive]
        if not present:
            continue
        body = []
        for key, label in present:
            row = proactive.get(key)
            body.append({
                "label": label,
                "cells": [page.cell(row, col, f"statistics.proactive.{key}.{col}") for col, _ in columns],
            })
            used.update((key, col) for col, _ in columns)
        tables.append({"caption": caption, "columns": [c[1] for c in columns], "rows": body})
    return tables, proactive_leftovers(proactive, used, page)


def proactive_leftovers(proactive: dict, used: set[tuple[str, str]], page: Page) -> list[dict]:
    """Section 二 values no era table shows, as (key, field, cell) rows."""
    leftovers = []
    for key, row in proactive.items():
        if isinstance(row, dict):
            for col, value in row.items():
                if (key, col) not in used:
                    leftovers.append({"key": key, "field": col,
                                      "cell": page.value_cell(value, f"statistics.proactive.{key}.{col}")})
        else:
            leftovers.append({"key": key, "field": "", "cell": page.value_cell(row, f"statistics.proactive.{key}")})
    return leftovers


def legacy_rows(table: Any, page: Page) -> list[dict]:
    """Rows of a pre-2019 statistics table (label, unit, value cell)."""
    rows = []
    for i, item in enumerate(table if isinstance(table, list) else []):
        item = item if isinstance(item, dict) else {"label": fmt_value(item)}
        rows.append({
            "label": item.get("label"),
            "unit": item.get("unit"),
            "cell": page.cell(item, "value", f"statistics.legacy_table[{i}].value"),
        })
    return rows


def paragraphs(body: Any, number: Any = None, title: Any = None) -> Markup:
    """Plain text → <p> elements (blank line = new paragraph, newline = <br>), all escaped.

    Runs of "|a|b|c|" lines (how the cleaner keeps a source's table rows) become an HTML table
    again, so the full text shows the table as the source laid it out.  Each such table scrolls
    sideways in a region a keyboard reaches (as the templates' tables do, ``_macros.j2`` scroll),
    named after the section's heading (its ``number`` and ``title``, as the page shows them; the
    full text's heading when it has neither): 一、总体情况：原文表格, numbered when the section
    holds several.  The table has a class, so Material's script does
    not wrap it in a scrolling box of its own.
    """
    if body in (None, ""):
        return Markup("")
    out: list[Markup | list[list[str]]] = []
    para: list[str] = []
    rows: list[list[str]] = []

    def flush_para():
        if any(line.strip() for line in para):
            out.append(Markup("<p>" + "<br>\n".join(esc(line) for line in para) + "</p>"))
        para.clear()

    def flush_rows():
        if rows:
            out.append(list(rows))
        rows.clear()

    for line in str(body).split("\n"):
        stripped = line.strip()
        table_line = TABLE_LINE.fullmatch(stripped) if len(stripped) > 2 else None
        if table_line:
            flush_para()
            rows.append(table_line.group(1).split("|"))
        elif not stripped:
            flush_rows()
            flush_para()
        else:
            flush_rows()
            para.append(line)
    flush_rows()
    flush_para()
    several = sum(isinstance(item, list) for item in out) > 1
    number_text, title_text = ("" if v is None else str(v) for v in (number, title))
    heading = (number_text + (text("sep.list") if number_text and title_text else "") + title_text) or text("report.text")
    shown: list[Markup] = []
    count = 0
    for item in out:
        if isinstance(item, Markup):
            shown.append(item)
            continue
        count += 1
        n = f" {count}" if several else ""
        label = text("report.source_table", section=heading, n=n)
        cells = Markup("".join("<tr>" + "".join("<td>" + esc(c) + "</td>" for c in row) + "</tr>" for row in item))
        shown.append(Markup('<div class="archive-scroll" role="region" tabindex="0" aria-label="{}">'
                            '<table class="archive-source">{}</table></div>').format(label, cells))
    return Markup("\n").join(shown)
