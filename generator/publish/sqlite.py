"""archive.sqlite: the whole archive as one SQLite file (tables made with sqlite-utils, rows put in with executemany).

Tables (columns described in generator.publish.dictionary):

- ``reports``: one row per record, primary key ``id``;
- ``cells``: every statistics cell of every report (the long format of cells.csv), primary key
  (record, table, row, column), ``record`` → ``reports.id``;
- ``checks``: every check of every record, primary key (record, seq), ``record`` → ``reports.id``.

The rows are first put into a staging database (``Staging``: kept between builds in the work folder,
so a rebuild only replaces the rows of the records that changed); the published file is then made
fresh from it. Determinism: that file is built in a fresh temporary directory by one fixed sequence
of statements (every row copied in id order, then the indexes), then ``VACUUM`` rewrites every page
in a fixed order, whatever the staging database's history. Built
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

from . import sorted_records
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


def _create_tables(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """The published file's settings and tables, empty."""
    conn.execute("PRAGMA page_size = 4096")
    conn.execute(f"PRAGMA user_version = {USER_VERSION}")
    db = sqlite_utils.Database(conn)
    db.table("reports").create(REPORT_COLUMNS, pk="id", not_null={"id", "is_report", "failed_checks"})
    db.table("cells").create(CELL_TYPES, pk=("record", "table", "row", "column"),
                             not_null={"record", "table", "row", "column", "blank", "inferred"},
                             foreign_keys=[("record", "reports", "id")])
    db.table("checks").create(CHECK_COLUMNS, pk=("record", "seq"), not_null={"record", "seq", "id", "status"},
                              foreign_keys=[("record", "reports", "id")])
    return db


def _quoted(columns) -> str:
    return ", ".join(f'"{c}"' for c in columns)


# The staging tables: the published columns (no declared type, so a value is kept exactly as given
# and the published table's affinity applies to it when copied, as to a direct insert), keyed by
# record and position, in key order on disk (WITHOUT ROWID), so a copy in key order is a scan.
_STAGING = (
    ("reports", tuple(REPORT_COLUMNS), "id"),
    ("cells", ("record", "seq", *(c for c in CELL_TYPES if c != "record")), "record, seq"),
    ("checks", tuple(CHECK_COLUMNS), "record, seq"),
)
_STAGING_FORMAT = f"staging 1, layout {USER_VERSION}"


class Staging:
    """The rows of archive.sqlite, kept between builds in a database of their own (``path``) with
    the value digest each record's rows were made from: a rebuild deletes the rows of the records
    changed or gone and adds those of the new ones (``replace``), then ``export`` copies every row,
    in id order, into a fresh file and finishes it exactly as a build from scratch would (the
    published bytes never depend on the staging database's history). ``key`` names what made the
    rows (the renderer); a staging database made by another is started afresh."""

    BATCH = 200        # records a batch of inserts: one executemany per table per batch

    def __init__(self, path: Path, key: str = ""):
        self.path = Path(path)
        self.conn = self._open(key)
        self.digests: dict[str, str] = dict(self.conn.execute("SELECT id, digest FROM _digests"))
        self._rows: dict[str, list] = {name: [] for name, _, _ in _STAGING}
        self._pending: list[tuple[str, str]] = []

    def _open(self, key: str) -> sqlite3.Connection:
        stamp = f"{_STAGING_FORMAT}\0{key}"
        try:
            conn = sqlite3.connect(self.path)
            if conn.execute("SELECT value FROM _meta WHERE key = 'made_by'").fetchone() == (stamp,):
                return conn
            conn.close()
        except sqlite3.Error:
            pass
        self.path.unlink(missing_ok=True)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path)
        for name, columns, pk in _STAGING:
            conn.execute(f'CREATE TABLE "{name}" ({_quoted(columns)}, PRIMARY KEY ({pk})) WITHOUT ROWID')
        conn.execute("CREATE TABLE _digests (id TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID")
        conn.execute("CREATE TABLE _meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
        conn.execute("INSERT INTO _meta VALUES ('made_by', ?)", (stamp,))
        conn.commit()
        return conn

    def has(self, record_id: str, digest: str) -> bool:
        """Whether the record's rows, made from a record with this digest, are in the database."""
        return self.digests.get(record_id) == digest

    def keep_only(self, wanted: dict[str, str]) -> None:
        """Delete the rows of every record not in ``wanted`` ({id: digest}) with that digest."""
        stale = [rid for rid, digest in self.digests.items() if wanted.get(rid) != digest]
        for rid in stale:
            for name, _, _ in _STAGING:
                self.conn.execute(f'DELETE FROM "{name}" WHERE {"id" if name == "reports" else "record"} = ?', (rid,))
            self.conn.execute("DELETE FROM _digests WHERE id = ?", (rid,))
            del self.digests[rid]

    def add(self, r: dict, digest: str) -> None:
        """One sanitised record's rows (after ``keep_only`` removed any older ones)."""
        rid = r["id"]
        self._rows["reports"].append(_fit(_report_row(r), REPORT_COLUMNS))
        self._rows["cells"] += (_fit({"seq": i, **c, "blank": int(c["blank"]), "inferred": int(c["inferred"])}, CELL_TYPES)
                                for i, c in enumerate(record_cells(r)))
        self._rows["checks"] += (_fit({"record": rid, "seq": i, "id": c.get("id"), "status": c.get("status"),
                                       "message": c.get("message")}, CHECK_COLUMNS)
                                 for i, c in enumerate(r.get("checks") or []))
        self._pending.append((rid, digest))
        self.digests[rid] = digest
        if len(self._pending) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        # Plain executemany (sqlite-utils' insert_all took 8 s for 150,000 cells).
        for name, columns, _ in _STAGING:
            rows = self._rows[name]
            if rows:
                sql = f'INSERT INTO "{name}" ({_quoted(columns)}) VALUES ({", ".join("?" * len(columns))})'
                self.conn.executemany(sql, ([row[c] for c in columns] for row in rows))
            self._rows[name] = []
        self.conn.executemany("INSERT INTO _digests VALUES (?, ?)", self._pending)
        self._pending = []

    def commit(self) -> None:
        self._flush()
        self.conn.commit()

    def close(self) -> None:
        self.conn.close()

    def export(self, path: Path) -> None:
        """The published file at ``path``: every row in id order (a record's cells and checks in
        their order), then the indexes, the foreign-key check and ``VACUUM``."""
        self.commit()
        conn = sqlite3.connect(path)
        try:
            db = _create_tables(conn)
            conn.execute("ATTACH DATABASE ? AS staging", (str(self.path),))
            for name, columns, pk in _STAGING:
                cols = _quoted(REPORT_COLUMNS if name == "reports" else CELL_TYPES if name == "cells" else CHECK_COLUMNS)
                conn.execute(f'INSERT INTO main."{name}" ({cols}) SELECT {cols} FROM staging."{name}" ORDER BY {pk}')
            conn.commit()
            conn.execute("DETACH DATABASE staging")
            for table, columns in INDEXES:
                db.table(table).create_index(list(columns), index_name=f"idx_{table}_{'_'.join(columns)}")
            conn.commit()
            problems = conn.execute("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise AssertionError(f"archive.sqlite: foreign keys broken: {problems[:3]}")
            conn.execute("VACUUM")
        finally:
            conn.close()


def archive_sqlite(records: Iterable[dict]) -> bytes:
    """The SQLite file's bytes."""
    with tempfile.TemporaryDirectory(prefix="archive-sqlite-") as tmp:
        staging = Staging(Path(tmp) / "staging.sqlite")
        try:
            for r in sorted_records(records):
                staging.add(r, "")
            staging.export(Path(tmp) / "archive.sqlite")
        finally:
            staging.close()
        return (Path(tmp) / "archive.sqlite").read_bytes()


def archive_sqlite_gz(records: Iterable[dict]) -> bytes:
    """archive.sqlite.gz's bytes: ``archive_sqlite`` compressed as it is read (``export_gz``)."""
    with tempfile.TemporaryDirectory(prefix="archive-sqlite-") as tmp:
        staging = Staging(Path(tmp) / "staging.sqlite")
        try:
            for r in sorted_records(records):
                staging.add(r, "")
            return export_gz(staging)
        finally:
            staging.close()


def export_gz(staging: Staging) -> bytes:
    """The published file made from ``staging``, gzip-compressed as it is read (the uncompressed
    database, 8 times larger, is never held in memory)."""
    from .jsonl import gzip_stream
    with tempfile.TemporaryDirectory(prefix="archive-sqlite-") as tmp:
        path = Path(tmp) / "archive.sqlite"
        staging.export(path)
        with path.open("rb") as f:
            return gzip_stream(iter(lambda: f.read(1 << 20), b""))


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


__all__ = ["archive_sqlite", "archive_sqlite_gz", "Staging", "export_gz", "content_digest", "CELL_COLUMNS", "REPORT_COLUMNS", "CHECK_COLUMNS", "INDEXES"]
