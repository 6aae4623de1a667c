"""archive.sqlite: the whole archive as one SQLite file (tables made with sqlite-utils, rows put in with executemany).

Tables (columns described in generator.publish.dictionary):

- ``reports``: one row per record, primary key ``id``;
- ``cells``: every statistics cell of every report (the long format of cells.csv), primary key
  (record, table, row, column), ``record`` → ``reports.id``;
- ``checks``: every check of every record, primary key (record, seq), ``record`` → ``reports.id``.

Determinism: the file is built in a fresh temporary directory by one fixed sequence of statements
(rows in id order, then the indexes), then ``VACUUM`` rewrites every page in a fixed order. Built
twice by the same SQLite library the bytes are identical; the header records the library's version
number (bytes 96–99), so another SQLite version may write other bytes for the same content —
``content_digest`` is the version-independent fingerprint (a hash of every table's rows in order).
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Iterable

import sqlite_utils

from . import fill, sorted_records
from .csvs import CELL_COLUMNS, PLACE_COLUMNS, place_values, record_cells
from .domain import vocabulary

USER_VERSION = 2     # PRAGMA user_version: the layout of this file

REPORT_COLUMNS = {
    "id": str, "title": str, "organisation": str, "body": str, "region": str,
    **{c: str for c in PLACE_COLUMNS}, "year": int, "published": str,
    "template": str, "is_report": int, "not_report_reason": str,
    "source_file": str, "source_sha256": str, "source_url": str, "source_format": str,
    **{h.key: "ANY" for h in vocabulary().headline},
    "failed_checks": int,
}
CELL_TYPES = {"record": str, "era": str, "table": str, "row": str, "column": str, "value": "ANY",
              "blank": int, "inferred": int, "row_label": str, "column_label": str, "unit": str}
CHECK_COLUMNS = {"record": str, "seq": int, "id": str, "status": str, "message": str}
INDEXES = (
    ("reports", ("body", "year")),
    ("reports", ("year",)),
    ("reports", ("province", "prefecture", "county")),
    ("reports", ("template",)),
    ("cells", ("table", "row", "column")),
    ("cells", ("era",)),
    ("checks", ("id", "status")),
    ("checks", ("status",)),
)


INT64 = (-2 ** 63, 2 ** 63 - 1)


def _fit(row: dict, types: dict) -> dict:
    """A row as SQLite can store it: a text column holds text (a record value parsed as a number,
    e.g. a hash YAML read as an int, is written as its digits), and an integer beyond 64 bits, which
    SQLite cannot hold, is stored as the nearest REAL (what SQLite itself makes of such a number;
    the CSVs and the JSON keep every digit) instead of failing the build."""
    out = {}
    for key, value in row.items():
        kind = types.get(key)
        if value is not None and kind is str and not isinstance(value, str):
            value = str(value).lower() if isinstance(value, bool) else str(value)
        elif isinstance(value, int) and not isinstance(value, bool) and not INT64[0] <= value <= INT64[1]:
            value = float(value)
        out[key] = value
    return out


def _report_row(r: dict) -> dict:
    org = r.get("organisation") or {}
    src = r.get("source") or {}
    headline = r.get("headline") or {}
    region = org.get("region") or []
    return {
        "id": r["id"], "title": r.get("title"), "organisation": org.get("name"), "body": org.get("body") or org.get("name"),
        "region": " / ".join(region) if region else None, **place_values(org), "year": r.get("year"), "published": r.get("published"),
        "template": r.get("template"), "is_report": 1 if r.get("is_report") else 0,
        "not_report_reason": r.get("not_report_reason"),
        "source_file": src.get("file"), "source_sha256": src.get("sha256"), "source_url": src.get("url"),
        "source_format": src.get("format"),
        **{h.key: headline.get(h.key) for h in vocabulary().headline},
        "failed_checks": sum(1 for c in r.get("checks") or [] if c.get("status") == "fail"),
    }


def _insert(conn: sqlite3.Connection, table: str, types: dict, rows: Iterable[dict]) -> None:
    """Every row into ``table``, its columns in the order ``types`` names them (as created)."""
    columns = list(types)
    sql = f'INSERT INTO "{table}" ({", ".join(f"{chr(34)}{c}{chr(34)}" for c in columns)}) VALUES ({", ".join("?" * len(columns))})'
    conn.executemany(sql, ([row[c] for c in columns] for row in (_fit(r, types) for r in rows)))


class _Builder:
    """The archive's SQLite file at ``path``, filled one sanitised record at a time (``add``, in id
    order: every table's rows go in in the same order whichever way they are added) and finished
    by ``close`` (indexes, foreign-key check, VACUUM)."""

    def __init__(self, path: Path):
        self.conn = conn = sqlite3.connect(path)
        conn.execute("PRAGMA page_size = 4096")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA user_version = {USER_VERSION}")
        self.db = db = sqlite_utils.Database(conn)
        db.table("reports").create(REPORT_COLUMNS, pk="id", not_null={"id", "is_report", "failed_checks"})
        db.table("cells").create(CELL_TYPES, pk=("record", "table", "row", "column"),
                           not_null={"record", "table", "row", "column", "blank", "inferred"},
                           foreign_keys=[("record", "reports", "id")])
        db.table("checks").create(CHECK_COLUMNS, pk=("record", "seq"), not_null={"record", "seq", "id", "status"},
                            foreign_keys=[("record", "reports", "id")])
        self._reports: list[dict] = []
        self._cells: list[dict] = []
        self._checks: list[dict] = []

    BATCH = 200        # records a batch of inserts: one executemany per table per batch

    def add(self, r: dict) -> None:
        """One record, its cells and its checks."""
        self._reports.append(_report_row(r))
        self._cells += ({**c, "blank": int(c["blank"]), "inferred": int(c["inferred"])} for c in record_cells(r))
        self._checks += ({"record": r["id"], "seq": i, "id": c.get("id"), "status": c.get("status"), "message": c.get("message")}
                         for i, c in enumerate(r.get("checks") or []))
        if len(self._reports) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        # Plain executemany (sqlite-utils' insert_all took 8 s for 150,000 cells); the reports of a
        # batch before its cells and checks (their foreign keys).
        _insert(self.conn, "reports", REPORT_COLUMNS, self._reports)
        _insert(self.conn, "cells", CELL_TYPES, self._cells)
        _insert(self.conn, "checks", CHECK_COLUMNS, self._checks)
        self._reports, self._cells, self._checks = [], [], []

    def close(self) -> None:
        try:
            self._flush()
            for table, columns in INDEXES:
                self.db.table(table).create_index(list(columns), index_name=f"idx_{table}_{'_'.join(columns)}")
            self.conn.commit()
            problems = self.conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise AssertionError(f"archive.sqlite: foreign keys broken: {problems[:3]}")
            self.conn.execute("VACUUM")
        finally:
            self.conn.close()


def archive_sqlite(records: Iterable[dict]) -> bytes:
    """The SQLite file's bytes."""
    with tempfile.TemporaryDirectory(prefix="archive-sqlite-") as tmp:
        path = Path(tmp) / "archive.sqlite"
        builder = _Builder(path)
        try:
            for r in sorted_records(records):
                builder.add(r)
        finally:
            builder.close()
        return path.read_bytes()


def archive_sqlite_gz(records: Iterable[dict]) -> bytes:
    """archive.sqlite.gz's bytes (``ArchiveSqliteGz``)."""
    return fill(ArchiveSqliteGz(), records)


class ArchiveSqliteGz:
    """archive.sqlite.gz made one sanitised record at a time (``add``, in id order), its bytes at
    the end (``finish``): the file is compressed as it is read, so the uncompressed database
    (8 times larger) is never held in memory."""

    def __init__(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="archive-sqlite-")
        self._path = Path(self._tmp.name) / "archive.sqlite"
        self._builder = _Builder(self._path)

    def add(self, record: dict) -> None:
        self._builder.add(record)

    def finish(self) -> bytes:
        from .jsonl import gzip_stream
        try:
            self._builder.close()
            with self._path.open("rb") as f:
                return gzip_stream(iter(lambda: f.read(1 << 20), b""))
        finally:
            self._tmp.cleanup()

    def discard(self) -> None:
        """Stop without a file (the records could not all be added): the temporary folder goes."""
        try:
            self._builder.conn.close()
        finally:
            self._tmp.cleanup()


def content_digest(data: bytes) -> str:
    """SHA-256 of every table's schema and rows in primary-key order: equal for equal content
    whichever SQLite version wrote the file."""
    with tempfile.TemporaryDirectory(prefix="archive-sqlite-") as tmp:
        path = Path(tmp) / "archive.sqlite"
        path.write_bytes(data)
        conn = sqlite3.connect(path)
        try:
            h = hashlib.sha256()
            for (name, sql) in conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"):
                h.update(json.dumps([name, sql], ensure_ascii=False).encode("utf-8"))
            for table, order in (("reports", "id"), ("cells", 'record, "table", "row", "column"'), ("checks", "record, seq")):
                for row in conn.execute(f"SELECT * FROM {table} ORDER BY {order}"):
                    h.update(json.dumps(row, ensure_ascii=False).encode("utf-8"))
            return h.hexdigest()
        finally:
            conn.close()


__all__ = ["archive_sqlite", "archive_sqlite_gz", "content_digest", "CELL_COLUMNS", "REPORT_COLUMNS", "CHECK_COLUMNS", "INDEXES"]
