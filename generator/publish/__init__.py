"""Data people can use: the archive's downloads, each a pure function of the records.

One module per artefact; each takes the records (an iterable of record dicts, any order — they are
sorted by id here) and returns the file's bytes, the same bytes for the same records:

| module | files |
|---|---|
| ``csvs`` | ``headline.csv`` and its Excel copy, ``cells.csv`` (every table cell) and its Excel copy |
| ``sqlite`` | ``archive.sqlite``: tables reports, cells, checks |
| ``dictionary`` | the data dictionary (``dictionary.json``) and its page body (Markdown) |
| ``datapackage`` | ``datapackage.json`` (Data Package v2) describing the CSVs |
| ``twins`` | ``reports/<id>.json``: a report page's record as JSON |

Every string is sanitised the way ``records.json`` is (``generator.render.sanitize``: control,
zero-width and bidi characters removed, dates as ISO text); CSV cells that a spreadsheet would
evaluate as a formula are prefixed with ``'``.
"""
from __future__ import annotations

import re
from typing import Any, Iterable

# File names, relative to the data directory of the site (data/).
HEADLINE_CSV = "headline.csv"
HEADLINE_EXCEL = "headline-excel.csv"
CELLS_CSV = "cells.csv"
CELLS_EXCEL = "cells-excel.csv"
SQLITE = "archive.sqlite"
DATAPACKAGE = "datapackage.json"
DICTIONARY_JSON = "dictionary.json"
TWIN_DIR = "reports"            # data/reports/<id>.json

# A cell a spreadsheet would read as a formula (or whose leading tab/CR it would drop).
_CSV_FORMULA = re.compile(r"^[=+\-@\t\r]")


def sanitize(obj: Any) -> Any:
    """The records.json rules (one implementation, in generator.render)."""
    from generator.render import sanitize as render_sanitize
    return render_sanitize(obj)


def sorted_records(records: Iterable[dict]) -> list[dict]:
    """Sanitised copies of the records, sorted by id."""
    return sorted((sanitize(r) for r in records), key=lambda r: r["id"])


def number_text(value: Any) -> str:
    """A number as the downloads write it: ints as digits, decimals by repr (shortest round-trip)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def csv_text(value: Any) -> str:
    """One CSV cell: blank for None; scraped text that starts like a formula gets a leading '."""
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return number_text(value)
    text = str(value)
    if _CSV_FORMULA.match(text):
        return "'" + text
    return text
