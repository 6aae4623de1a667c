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
import tempfile
from pathlib import Path
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
    one JSON twin per record (in id order), then headline.csv and its Excel copy, cells.csv.gz, the
    SQLite file, the Data Package descriptor, the data dictionary as JSON and every record as JSON
    Lines (gzip)."""
    return dict(iter_data_files(records))


def iter_data_files(records: Iterable[dict], cache=None, digests: dict[str, str] | None = None,
                    twin_wanted=None) -> Iterator[tuple[str, bytes | None]]:
    """``data_files`` one file at a time, in one pass over the records: each is sanitised once,
    handed to every archive-wide file being made and its twin yielded, then dropped; the
    archive-wide files come last. So neither the sanitised copies nor the twins are ever all in
    memory.

    cache        a ``chunks.DataCache``: the chunks of records unchanged since the last run, and
                 the SQLite rows of each unchanged record, are taken from it instead of being made
                 again (the files are the same bytes either way)
    digests      {id: value digest of the record} (``generator.records.value_digest``), when the
                 caller has them; computed here otherwise (only with a cache)
    twin_wanted  ``twin_wanted(id, digest)`` is false when the twin on disk is the one this record
                 makes: it comes as (path, None) and the record need not be sanitised for it"""
    from generator.heap import no_cycle_collection
    from generator.records import value_digest

    from . import chunks, csvs, datapackage, dictionary, jsonl, sqlite, twins   # they import this module

    ordered = sorted(records, key=lambda r: r["id"])
    if cache is not None:
        digests = {r["id"]: (digests or {}).get(r["id"]) or value_digest(r) for r in ordered}
    tmp = None
    if cache is None:
        tmp = tempfile.TemporaryDirectory(prefix="archive-sqlite-")
        staging = sqlite.Staging(Path(tmp.name) / "staging.sqlite")
    else:
        staging = sqlite.Staging(cache.staging, cache.renderer)
        staging.keep_only(digests)
    headline = [list(csvs.HEADLINE_COLUMNS)]
    cells, lines, hosts = [chunks.member(csvs.cells_header())], [], set()
    try:
        # The records hold no cycle: the cyclic collector need not walk them (at 1,000 reports
        # it made the downloads take 34 s instead of 10).
        with no_cycle_collection():
            for chunk in chunks.chunked(ordered):
                key = cache.key([(r["id"], digests[r["id"]]) for r in chunk]) if cache is not None else None
                entry = cache.get(key) if cache is not None else None
                made = None if entry is not None else {"headline": [], "cells": csvs.CellsText(), "lines": [], "hosts": datapackage.SourceHosts()}
                for original in chunk:
                    rid = original["id"]
                    digest = digests[rid] if cache is not None else ""
                    in_db = cache is not None and staging.has(rid, digest)
                    wanted = twin_wanted is None or twin_wanted(rid, digest)
                    if made is None and in_db and not wanted:
                        yield twins.twin_path(original), None
                        continue
                    r = sanitize(original)
                    if made is not None:
                        made["headline"].append(csvs.headline_row(r))
                        made["cells"].add(r)
                        made["lines"].append(jsonl.record_line(r))
                        made["hosts"].add(r)
                    if not in_db:
                        staging.add(r, digest)
                    yield twins.twin_path(r), (twins.report_twin(r, sanitized=True) if wanted else None)
                if made is not None:
                    entry = {"headline": made["headline"], "hosts": sorted(made["hosts"].hosts),
                             "cells": chunks.member(made["cells"].finish()), "lines": chunks.member(b"".join(made["lines"]))}
                    if cache is not None:
                        cache.put(key, entry)
                headline += entry["headline"]
                cells.append(entry["cells"])
                lines.append(entry["lines"])
                hosts.update(entry["hosts"])
            files = {
                HEADLINE_CSV: csvs.write_csv(headline, excel=False),
                HEADLINE_EXCEL: csvs.write_csv(headline, excel=True),
                CELLS_CSV: b"".join(cells),
                SQLITE: sqlite.export_gz(staging),
            }
    finally:
        staging.close()
        if tmp is not None:
            tmp.cleanup()
    if cache is not None:
        cache.prune()
    files[DATAPACKAGE] = datapackage.datapackage_json([], {k: files[k] for k in datapackage.CSV_FILES},
                                                      datapackage.SourceHosts(hosts).finish())
    files[DICTIONARY_JSON] = dictionary.dictionary_json()
    files[RECORDS_JSONL] = b"".join(lines) or jsonl.gzip_bytes(b"")
    yield from files.items()
