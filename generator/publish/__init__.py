"""Data people can use: the archive's downloads, each a pure function of the records.

One module per artefact; each takes the records (an iterable of record dicts, any order — they are
sorted by id here) and returns the file's bytes, the same bytes for the same records:

| module | files |
|---|---|
| ``csvs`` | ``headline.csv`` and its Excel copy, ``cells.csv.gz`` (every table cell, gzip) |
| ``sqlite`` | ``archive.sqlite`` (served as ``archive.sqlite.gz``): tables reports, cells, checks |
| ``dictionary`` | the data dictionary (``dictionary.json``) and its page body (Markdown) |
| ``datapackage`` | ``datapackage.json`` (Data Package v2) describing the CSVs |
| ``twins`` | ``reports/<id>.json``: a report page's record as JSON |
| ``jsonl`` | ``records.jsonl.gz``: every record, one JSON line each, gzip (deterministic bytes) |

``data_files`` gathers them all: {path under data/: bytes}, what the site publishes in ``data/``
(``generator.render.downloads`` adds the YAML records and the raw-source copies).

Every string is sanitised the way ``records.json`` is (``generator.render.sanitize``: control,
zero-width and bidi characters removed, dates as ISO text); CSV cells that a spreadsheet would
evaluate as a formula are prefixed with ``'``.
"""
from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

# File names, relative to the data directory of the site (data/).
HEADLINE_CSV = "headline.csv"
HEADLINE_EXCEL = "headline-excel.csv"
# Every cell, one row each (~150 a report: 19 MB at 1,000 reports, past Excel's 1,048,576 rows at
# about 7,000): served gzipped (1.3 MB at 1,000), for programs and the SQLite file's users; no
# Excel copy, which Excel could not open at the archive's size.
CELLS_CSV = "cells.csv.gz"
CELLS_FILE = "cells.csv"            # the file the download unpacks to
# The SQLite file is the largest download (41 MB at 1,000 reports) and compresses 8 to 1: it is
# served gzipped (gunzip archive.sqlite.gz, then open it); headline.csv stays plain for spreadsheets.
SQLITE = "archive.sqlite.gz"
SQLITE_FILE = "archive.sqlite"      # the file the download unpacks to
DATAPACKAGE = "datapackage.json"
DICTIONARY_JSON = "dictionary.json"
TWIN_DIR = "reports"            # data/reports/<id>.json
RECORDS_JSONL = "records.jsonl.gz"

# A cell a spreadsheet would read as a formula (or whose leading tab/CR it would drop).
_CSV_FORMULA = re.compile(r"^[=+\-@\t\r]")


def sanitize(obj: Any) -> Any:
    """The records.json rules (one implementation, in generator.render)."""
    from generator.render import sanitize as render_sanitize
    return render_sanitize(obj)


class SortedRecords(list):
    """What ``sorted_records`` returns: sanitised copies, sorted by id.  Handed to another function
    of this package, they are used as they are instead of being sanitised and sorted again (a
    thousand reports take seconds to sanitise)."""


def sorted_records(records: Iterable[dict]) -> SortedRecords:
    """Sanitised copies of the records, sorted by id."""
    if isinstance(records, SortedRecords):
        return records
    return SortedRecords(sorted((sanitize(r) for r in records), key=lambda r: r["id"]))


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


def data_files(records: Iterable[dict]) -> dict[str, bytes]:
    """Every download of the data directory, {path relative to data/: bytes}, in a fixed order:
    headline.csv and its Excel copy, cells.csv.gz, the SQLite file, the Data Package descriptor, the data
    dictionary as JSON, every record as JSON Lines (gzip) and one JSON twin per record."""
    return dict(iter_data_files(records))


def iter_data_files(records: Iterable[dict]) -> Iterator[tuple[str, bytes]]:
    """``data_files`` one file at a time: the archive-wide files, then each twin as it is made,
    so the twins (25 KB a report) are never all in memory."""
    from generator.heap import no_cycle_collection

    from . import twins

    # Every cell of every report is held at once (~150 a report): the cyclic collector would walk
    # them all again and again (at 1,000 reports: 34 s with it, 10 s without), and they hold no cycle.
    with no_cycle_collection():
        recs = sorted_records(records)
        yield from _data_files(recs).items()
        yield from twins.iter_report_twins(recs)


def _data_files(recs: SortedRecords) -> dict[str, bytes]:
    from . import csvs, datapackage, dictionary, jsonl, sqlite   # they import this module

    headline_rows = list(csvs.headline_rows(recs))
    # The cells (~150 a report) are made twice, streamed into cells.csv.gz and into the SQLite
    # file, rather than held: at 1,000 reports the list alone took 70 MB.
    files = {
        HEADLINE_CSV: csvs.write_csv(headline_rows, excel=False),
        HEADLINE_EXCEL: csvs.write_csv(headline_rows, excel=True),
        CELLS_CSV: csvs.cells_csv_gz(recs),
        SQLITE: sqlite.archive_sqlite_gz(recs),
    }
    files[DATAPACKAGE] = datapackage.datapackage_json(recs, {k: files[k] for k in datapackage.CSV_FILES})
    files[DICTIONARY_JSON] = dictionary.dictionary_json()
    files[RECORDS_JSONL] = jsonl.records_jsonl_gz(recs)
    return files
