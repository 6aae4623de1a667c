"""The archive-wide downloads made in chunks, so that one changed record re-makes one chunk.

``cells.csv.gz`` and ``records.jsonl.gz`` are gzip files of several *members* (RFC 1952 allows a
file of several; ``gunzip``, Python's ``gzip`` and every zlib reader read them as one stream): a
header member, then one member per chunk of records in id order. A chunk ends after a record whose
id hashes to 0 modulo ``CHUNK_MODULUS``, so chunk boundaries depend only on the ids themselves:
adding, editing or removing a record changes its own chunk and no other (about 64 records a chunk).
``headline.csv`` is assembled from the chunks' rows.

``DataCache`` keeps, in the build's work folder, what each chunk made — its headline rows, source
hosts and the two gzip members — under a key that hashes the renderer (every file of
``generator/``, as the page cache does) and the ids and value digests of the chunk's records. A
rebuild with one source edited sanitises and serialises one chunk instead of the archive. Made with
or without the cache, the files are byte for byte the same.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Iterable, Iterator

from .jsonl import gzip_bytes

CHUNK_MODULUS = 64
FORMAT = "data-chunks 1"


def ends_chunk(record_id: str) -> bool:
    """Whether a chunk ends after the record with this id (a pure function of the id)."""
    return int.from_bytes(hashlib.sha256(record_id.encode("utf-8")).digest()[:4], "big") % CHUNK_MODULUS == 0


def chunked(items: Iterable, id_of=lambda r: r["id"]) -> Iterator[list]:
    """``items`` (in id order) cut into chunks; the last chunk may be cut short by the end."""
    chunk: list = []
    for item in items:
        chunk.append(item)
        if ends_chunk(id_of(item)):
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def member(data: bytes) -> bytes:
    """One gzip member (the deterministic settings of ``jsonl.gzip_bytes``); an empty chunk adds nothing."""
    return gzip_bytes(data) if data else b""


class DataCache:
    """What each chunk of the downloads made, in ``folder`` (see the module docstring); entries not
    used by a run are removed by ``prune``."""

    def __init__(self, folder: Path, renderer: str):
        self.folder, self.renderer = Path(folder), renderer
        self.used: set[str] = set()
        self.hits = self.misses = 0

    def key(self, ids_and_digests: list[tuple[str, str]]) -> str:
        h = hashlib.sha256(f"{FORMAT}\0{self.renderer}\0".encode())
        for rid, digest in ids_and_digests:
            h.update(f"{rid}\0{digest}\n".encode("utf-8"))
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / "chunks" / f"{key}.bin"

    # An entry's file: one line of JSON (headline rows, hosts, the members' lengths), then the
    # cells member and the JSON Lines member as they are.
    def get(self, key: str) -> dict | None:
        """The chunk's entry, or None (missing or unreadable: the chunk is made again)."""
        self.used.add(key)
        try:
            blob = self._path(key).read_bytes()
            head, _, body = blob.partition(b"\n")
            meta = json.loads(head)
            cut = meta["cells"]
            if cut + meta["lines"] != len(body):
                raise ValueError("cut short")
            out = {"headline": meta["headline"], "hosts": [tuple(h) for h in meta["hosts"]],
                   "cells": body[:cut], "lines": body[cut:]}
        except (OSError, ValueError, KeyError, TypeError):
            self.misses += 1
            return None
        self.hits += 1
        return out

    def put(self, key: str, entry: dict) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {"headline": entry["headline"], "hosts": [list(h) for h in entry["hosts"]],
                "cells": len(entry["cells"]), "lines": len(entry["lines"])}
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
                        + entry["cells"] + entry["lines"])
        tmp.replace(path)

    def prune(self) -> None:
        """Remove the entries this run did not use (chunks of records gone or changed)."""
        folder = self.folder / "chunks"
        if folder.is_dir():
            for path in folder.iterdir():
                if path.name.removesuffix(".bin") not in self.used:
                    path.unlink()

    @property
    def staging(self) -> Path:
        """The SQLite staging database kept between runs (``generator.publish.sqlite.Staging``)."""
        return self.folder / "staging.sqlite"
