"""Pages that need not be rendered again: a report's two pages, kept by what they are made of.

A report page and its full-text page depend only on the report's record (as the archive holds it:
sanitised, with its body slug, title and place), on the other originals of the same report, on
whether its raw-source copy exists, on the script, and on the renderer itself.  ``page_key``
hashes the first four; ``renderer_digest`` hashes the renderer: every file of ``generator/``, the
phrase table (zh-Hant conversion) and the pinned versions, so any edit of a template, string,
table description or converter misses every entry (a cache that is wrong is worse than none).

``PageCache`` remembers, per docs page, its key and the size and modification time its file had
when written; a page whose key is unchanged and whose file is as it was left is not rendered: its
file stays, byte for byte what a render would write.  A body's page is keyed the same way, by the
body and its reports (``pages.body``); the JSON twins and source copies by their record
(``downloads.iter_shared_files``).  The other pages (lists, years, indexes) depend on many records
and are rendered on every run.  The cache lives in the build's
work folder, one file per edition, written after the docs tree is complete.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from generator import convert
from generator.parse_cache import parser_files
from generator.records import value_digest

GENERATOR = Path(__file__).resolve().parents[1]
LOCK = GENERATOR.parent / "requirements.lock"
FORMAT = "page-cache 1"


def renderer_digest(generator_dir: Path = GENERATOR, phrases: Path | None = None, lock: Path = LOCK) -> str:
    """SHA-256 of everything a page's rendering reads besides its data (the phrase table as
    ``generator.convert`` names it now)."""
    phrases = Path(convert.DEFAULT_PHRASES) if phrases is None else phrases
    h = hashlib.sha256(FORMAT.encode())
    for rel, digest in parser_files(generator_dir, skip=()).items():      # all of generator/
        h.update(f"{rel}\0{digest}\n".encode())
    for extra in (Path(phrases), Path(lock)):
        h.update(b"\1" + (extra.read_bytes() if extra.is_file() else b"missing"))
    return h.hexdigest()


def page_key(script: str, record: dict | str, twins: list, has_source_copy: bool) -> str:
    """What one report's pages are made of, hashed (values, their order and their types). ``record``:
    the record as the archive holds it, or its digest (``Archive.record_key``)."""
    return value_digest([script, record, twins, has_source_copy])


class SanitizeMemo:
    """Per record value digest, the top-level keys sanitising changed (``safe.sanitize_record``:
    the others need no walk), kept between runs in one file of the build's work folder for one
    renderer (``renderer_digest``, which the sanitising rules are part of)."""

    def __init__(self, path: Path | None, renderer: str):
        self.path, self.renderer = (Path(path) if path is not None else None), renderer
        self.entries: dict[str, list[str]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8")) if self.path is not None else None
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and data.get("renderer") == renderer and isinstance(data.get("records"), dict):
            self.entries = {d: keys for d, keys in data["records"].items()
                            if isinstance(keys, list) and all(isinstance(k, str) for k in keys)}

    def get(self, digest: str) -> list[str] | None:
        return self.entries.get(digest)

    def put(self, digest: str, keys: list[str]) -> None:
        self.entries[digest] = keys

    def save(self, digests: Iterable[str]) -> None:
        """Write the memo, keeping only ``digests`` (the records rendered now)."""
        if self.path is None:
            return
        keep = {d: self.entries[d] for d in sorted(set(digests)) if d in self.entries}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"renderer": self.renderer, "records": keep}, separators=(",", ":")) + "\n",
                       encoding="utf-8")
        tmp.replace(self.path)


@dataclass(frozen=True)
class RecordFacts:
    """What each process of one render needs of every record, worked out once before the build
    forks them (``downloads.record_facts``): each record's ``value_digest`` as given to the render,
    the ids of the records that get a raw-source copy, and the ``SanitizeMemo`` of the last runs.
    Each was worked out in every process, for every record, on every run."""
    digests: Mapping[str, str]
    source_copies: frozenset[str]
    memo: SanitizeMemo | None = None


class PageCache:
    """The keys of the pages last written into one docs tree (see the module docstring)."""

    def __init__(self, path: Path, docs_dir: Path, renderer: str):
        self.path, self.docs_dir, self.renderer = Path(path), Path(docs_dir), renderer
        self.entries: dict[str, list] = {}
        self.pending: dict[str, str] = {}
        self.hits = self.misses = 0
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and data.get("renderer") == renderer and isinstance(data.get("pages"), dict):
            self.entries = data["pages"]

    def unchanged(self, rel: str, key: str) -> bool:
        """Whether the page at ``rel`` was written for ``key`` and its file is as it was left."""
        entry = self.entries.get(rel)
        ok = False
        if entry and entry[0] == key:
            try:
                st = (self.docs_dir / rel).stat()
                ok = [st.st_size, st.st_mtime_ns] == list(entry[1:])
            except OSError:
                ok = False
        if ok:
            self.hits += 1
        else:
            self.misses += 1
            self.entries.pop(rel, None)
            self.pending[rel] = key
        return ok

    def written(self, rel: str) -> None:
        """The page at ``rel`` (rendered for its pending key) is now on disk."""
        key = self.pending.pop(rel, None)
        if key is not None:
            st = (self.docs_dir / rel).stat()
            self.entries[rel] = [key, st.st_size, st.st_mtime_ns]

    def save(self, pages: set[str]) -> None:
        """Write the cache, keeping only ``pages`` (those the docs tree now holds)."""
        keep = {rel: entry for rel, entry in sorted(self.entries.items()) if rel in pages}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"renderer": self.renderer, "pages": keep}, separators=(",", ":")) + "\n",
                       encoding="utf-8")
        tmp.replace(self.path)
