"""records.jsonl.gz: every record as one line of JSON, gzip-compressed, in id order.

The content is the sanitised record (the rules of every download: ``generator.publish.sanitize``),
keys in the record's own order, UTF-8 text (``ensure_ascii=False``), one record per line, each line
ending in ``\\n``.  The gzip stream is deterministic: no file name, modification time 0, compression
level 6 — the same records give the same bytes (with the same zlib).  Unlike one JSON array, a
reader can stream it line by line (``gzip.open(path, "rt")``), and it is a fraction of the size.
"""
from __future__ import annotations

import gzip
import io
import json
from typing import Iterable

from . import sorted_records

COMPRESSLEVEL = 6       # zlib default: 3.5x faster than 9 on the SQLite file, 2 % larger
MTIME = 0


def records_jsonl(records: Iterable[dict]) -> bytes:
    """The uncompressed JSON Lines: one sanitised record per line, sorted by id."""
    return b"".join(record_line(r) for r in sorted_records(records))


def record_line(r: dict) -> bytes:
    """One sanitised record's line."""
    return (json.dumps(r, ensure_ascii=False, separators=(",", ":"), default=str) + "\n").encode("utf-8")


class GzipBuffer:
    """A gzip stream in memory, written piece by piece, with gzip_stream's settings and bytes
    (those of gzip_bytes but for the header's OS byte, 255 here)."""

    def __init__(self):
        self._buf = io.BytesIO()
        self._gz = gzip.GzipFile(filename="", mode="wb", fileobj=self._buf, compresslevel=COMPRESSLEVEL, mtime=MTIME)

    def write(self, data: bytes) -> None:
        self._gz.write(data)

    def finish(self) -> bytes:
        self._gz.close()
        return self._buf.getvalue()


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip: no file name, mtime 0, level 6 (the same bytes for the same data)."""
    return gzip.compress(data, compresslevel=COMPRESSLEVEL, mtime=MTIME)


def gzip_stream(chunks: Iterable[bytes]) -> bytes:
    """The concatenated ``chunks`` gzip-compressed as they come, with gzip_bytes' settings:
    deterministic (the same chunks give the same bytes), the whole input never held."""
    out = GzipBuffer()
    for chunk in chunks:
        out.write(chunk)
    return out.finish()


def records_jsonl_gz(records: Iterable[dict]) -> bytes:
    """records.jsonl.gz's bytes: each chunk of records (``chunks``) a gzip member of its own."""
    from .chunks import chunked, member
    return b"".join(member(b"".join(record_line(r) for r in chunk)) for chunk in chunked(sorted_records(records))) \
        or gzip_bytes(b"")


def read_records(data: bytes) -> list[dict]:
    """The records of a records.jsonl.gz (for tests and readers)."""
    return [json.loads(line) for line in gzip.decompress(data).decode("utf-8").splitlines() if line]
