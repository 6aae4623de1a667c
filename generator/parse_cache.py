"""The parse cache: one source's parse result, kept by what the result depends on.

A source's parse depends on its bytes, its provenance sidecar (``<file>.meta.yaml``), its path
under the sources directory (the record id is made from it) and the parser: every file of
``generator/`` but the modules that only render, build or publish (``NOT_PARSE_INPUTS``), the
pinned library versions (``requirements.lock``) and the Python version.  The key is a hash of all
of them, so a changed parser misses every entry without anyone bumping a number: a cache that is
wrong is worse than none.  Corrections, body names and checks are not cached; they run on every
build from the cached parse (``pipeline.finalize``).

What is cached is exactly what the worker returned for the source (its records, or the reason it
could not be read).  A worker that was stopped (over its time or memory budget) returns nothing
cacheable: the budget is the machine's, not the source's.  Sources that are not plain files inside
the sources directory (links, directories) are never cached.

The entries are pickles written by this build into its own workspace (``build/.../parse-cache/``)
and read only from there; nothing scraped is unpickled.  Each is written to a temporary file and
renamed, so a killed build leaves whole entries or none.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from .ingest import META_SUFFIX

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"
LOCK = ROOT / "requirements.lock"
# Parts of generator/ that never change what a parse returns.
NOT_PARSE_INPUTS = ("render", "charts", "publish", "site", "build.py", "cli.py", "accuracy.py", "__main__.py", "tree.py")
FORMAT = b"parse-cache 1"


def parser_files(generator_dir: Path = GENERATOR, skip: tuple[str, ...] = NOT_PARSE_INPUTS) -> dict[str, str]:
    """Each file of the parser (relative path → sha256), ``skip`` left out."""
    base = Path(generator_dir)
    left_out = [base / name for name in skip]
    out = {}
    for path in sorted(p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        if any(path == s or path.is_relative_to(s) for s in left_out):
            continue
        out[path.relative_to(base).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def parser_version(generator_dir: Path = GENERATOR, lock: Path = LOCK) -> str:
    """A hash of everything the parser is: its files, the pinned libraries and the Python version."""
    h = hashlib.sha256(FORMAT)
    for rel, digest in parser_files(generator_dir).items():
        h.update(f"{rel}\0{digest}\n".encode())
    h.update(Path(lock).read_bytes() if Path(lock).is_file() else b"no lock")
    h.update(f"python {sys.version_info.major}.{sys.version_info.minor}".encode())
    return h.hexdigest()


class ParseCache:
    """Parse results on disk under ``directory``, for one parser ``version``."""

    def __init__(self, directory: Path, version: str | None = None):
        self.directory = Path(directory)
        self.version = version or parser_version()
        self.hits = 0
        self.misses = 0
        self.used: set[str] = set()

    def key(self, path: Path, root: Path) -> str | None:
        """The entry's key for one source, or None when the source is not cacheable."""
        path, root = Path(path), Path(root)
        try:
            if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(root.resolve()):
                return None
            rel = path.resolve().relative_to(root.resolve()).as_posix()
            h = hashlib.sha256(self.version.encode())
            h.update(b"\0" + rel.encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
            sidecar = path.with_name(path.name + META_SUFFIX)
            if sidecar.is_symlink() or sidecar.exists():
                # A sidecar that is a link is read (or refused) by ingest: the cache keeps out of it.
                if sidecar.is_symlink() or not sidecar.is_file():
                    return None
                h.update(b"meta\0" + hashlib.sha256(sidecar.read_bytes()).digest())
            return h.hexdigest()
        except OSError:
            return None

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, key: str | None) -> Any | None:
        if key is None:
            return None
        try:
            data = self._path(key).read_bytes()
            value = pickle.loads(data)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        self.used.add(key)
        return value

    def put(self, key: str | None, value: Any) -> None:
        if key is None:
            return
        self.used.add(key)
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def prune(self) -> int:
        """Remove the entries this run did not use (old parser versions, changed or removed sources)."""
        removed = 0
        if not self.directory.is_dir():
            return 0
        for path in self.directory.glob("*/*"):
            if path.suffix in (".pickle", ".tmp") and path.stem.lstrip(".") not in self.used:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
