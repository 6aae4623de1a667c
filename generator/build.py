"""One build: ``prepare`` (sources → records → both editions' Markdown and data), then MkDocs builds.

``prepare``  the plain Python step (``python -m generator prepare``): parses the sources into records
             (site_data/records for the sample archive) and renders the zh-Hans docs (``content/``)
             and the zh-Hant docs (``build/zh-Hant/docs``), writing only the files whose bytes
             change.  It re-parses only when a parse input changed since the last parse (a source
             or its sidecar, a correction, bodies.yaml, the parser's code or data: ``parse_inputs``,
             recorded in ``<work>/prepare-state.json``); otherwise it renders the records on disk.
             The phrase table is read afresh on every run.
``build``    ``python -m generator build``: ``prepare`` with a full re-parse, then both MkDocs builds
             and Pagefind into the site, published at once (``generator.site.build_site``) — unless
             the site was built from exactly these docs trees, configuration, overrides, code and
             versions (``site_inputs_digest``, kept in ``<work>/site-<key>.json`` with the site's
             file count and bytes) and is as that build left it.
``serve``    ``python -m generator serve`` (``make serve``): ``prepare`` and ``build_site`` into
             ``<work>/serve/site``, served by MkDocs' live-reload server; a watcher re-runs prepare
             (in a fresh process, so code and table edits take effect) and then rebuilds the site
             once per edit (``plan``, ``site_needed``).  MkDocs has no hook: it only builds.

A build holds two locks for its whole run, taken without waiting (``safety.LockHeld``, exit code 4
in the CLI): the site's (``generator.site.site_lock``) and its workspace's (``workspace_lock``: the
records, docs and work folders of one sources directory; ``records``, ``prepare`` and ``serve`` take
it too, ``serve`` waiting for it).

Reproducible: unless the environment sets ``SOURCE_DATE_EPOCH``, MkDocs gets the one
``source_date_epoch`` derives from the records, so the same sources give byte-identical sites
(``sitemap.xml`` ``<lastmod>`` and the ``sitemap.xml.gz`` header included) whenever they are built.
"""
from __future__ import annotations

import calendar
import gc
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from . import convert, pipeline, records as rec, safety, tree, workers
from .render import GENERATED_DIRS, GENERATED_FILES, render_docs
from .render.downloads import record_facts
from .render.write import hand_written, write_shared_files
from .parse_cache import NOT_PARSE_INPUTS, ParseCache
from .site import build_site, site_lock

ROOT = pipeline.ROOT
CONTENT = ROOT / "content"
STATE_FILE = "prepare-state.json"
RENDER_STATE_FILE = "render-state.json"
SANITIZE_MEMO_FILE = "sanitize-memo.json"
# The parts of generator/ a parse never runs: editing them re-renders, never re-parses.
# The published URL of the site root (e.g. https://owner.github.io/repo/), when known: CI sets it
# from actions/configure-pages. It gives canonical and hreflang links absolute URLs and the 404 page
# (served at any path) links that work under a project sub-path. Unset: links are relative, and the
# 404 page assumes the site is served at the domain root.
SITE_URL_ENV = "ARCHIVE_SITE_URL"


def workspace(sources: Path) -> dict[str, Path]:
    """Where one build writes. The sample archive uses the tracked layout (records in site_data/,
    zh-Hans pages in content/); any other sources directory gets its own scratch space under
    build/, so that building it never touches a tracked file."""
    if Path(sources).resolve() == pipeline.SOURCES.resolve():
        return {"records": pipeline.RECORDS, "hans": CONTENT, "hant": ROOT / "build" / "zh-Hant" / "docs", "work": ROOT / "build"}
    key = hashlib.sha256(str(Path(sources).resolve()).encode()).hexdigest()[:12]
    work = ROOT / "build" / f"work-{key}"
    return {"records": work / "records", "hans": work / "zh-Hans" / "docs", "hant": work / "zh-Hant" / "docs", "work": work}


def workspace_lock(sources: Path, *, wait: bool = False):
    """The exclusive lock of one sources directory's workspace (``<work>/build.lock``); for the
    sample archive it guards site_data/records, content/ and build/."""
    work = workspace(Path(sources))["work"]
    what = ("the sample archive's workspace (site_data/records, content/, build/)"
            if work == ROOT / "build" else f"the workspace {work} of {Path(sources).resolve()}")
    return safety.exclusive_lock(work / "build.lock", what, wait=wait)


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def source_date_epoch(records: list[dict]) -> int:
    """SOURCE_DATE_EPOCH for the site when the environment sets none: midnight UTC of the newest
    date in the records (a report's ``published`` or a source's ``retrieved`` date), 0 when no
    record has one.  It depends only on the sources, so rebuilding the same sources at another
    time gives the same bytes; a newly added report moves it forward."""
    dates = [d for r in records
             for d in (_as_date(r.get("published")), _as_date((r.get("source") or {}).get("retrieved"))) if d]
    return calendar.timegm(max(dates).timetuple()) if dates else 0


# --------------------------------------------------------------------------------------------
# prepare


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return [folder] if folder.is_file() else []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def parse_inputs(sources: Path) -> dict[str, str]:
    """Everything a parse of ``sources`` reads, label → sha256 of the bytes: every file under the
    sources directory (sources, sidecars, ``_corrections/``), the corrections and bodies.yaml of the
    sample archive, and the parser's code and data (``generator/`` but ``NOT_PARSE_INPUTS``, the
    modules that only render, build or publish).  Records made from the same inputs are the same
    records; a new package under ``generator/`` counts as a parse input until listed there."""
    sources = Path(sources)
    out: dict[str, str] = {}
    groups = [("sources", sources), ("corrections", pipeline.corrections_dir(sources)),
              ("bodies", pipeline.bodies_file(sources)), ("places", pipeline.places_file(sources)),
              ("generator", ROOT / "generator")]
    skip = [ROOT / "generator" / name for name in NOT_PARSE_INPUTS]
    for label, base in groups:
        for path in _files(base):
            if label == "generator" and any(path == s or path.is_relative_to(s) for s in skip):
                continue
            rel = path.relative_to(base).as_posix() if base.is_dir() else base.name
            out[f"{label}/{rel}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def parse_cache(places: dict[str, Path]) -> ParseCache:
    """The workspace's parse cache: a source unchanged since it was last parsed by this same
    parser is not parsed again, whether or not the rest of the archive changed."""
    return ParseCache(Path(places["work"]) / "parse-cache")


def _digest(inputs: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()


def _read_state(work: Path) -> dict | None:
    try:
        state = json.loads((Path(work) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) else None


def reusable_records(state: dict | None, inputs_digest: str, records_dir: Path) -> list[dict] | None:
    """The records on disk when they are what a parse would write now: the last parse (``state``)
    had the same inputs and every record file it wrote is there and readable, and no other.  None
    means re-parse (a record file that cannot be read is named on stderr by ``load_records``)."""
    if not state or state.get("inputs") != inputs_digest:
        return None
    records = pipeline.load_records(records_dir)
    on_disk = sorted(p.stem for p in Path(records_dir).glob("*.yaml"))
    if sorted(r["id"] for r in records) != sorted(state.get("records") or []) or len(records) != len(on_disk):
        return None
    return records


@dataclass
class Prepared:
    """What ``prepare`` did: whether it parsed, and per tree the files written, unchanged, removed."""
    records: list[dict]
    errors: list[dict]
    parsed: bool
    counts: dict[str, dict[str, int]] = field(default_factory=dict)   # "records", "zh-Hans", "zh-Hant"
    sources: dict[str, int] = field(default_factory=lambda: {"parsed": 0, "cached": 0})   # of a parse

    @property
    def changed(self) -> bool:
        return any(c.get("written", 0) or c.get("removed", 0) for c in self.counts.values())

    def summary(self) -> dict:
        return {"parsed": self.parsed, "changed": self.changed, "errors": len(self.errors), "sources": self.sources,
                **self.counts}


def _store(records: list[dict], errors: list[dict], places: dict, inputs: dict[str, str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    last = _read_state(places["work"]) or {}
    known = last.get("files") if isinstance(last.get("files"), dict) else {}
    pipeline.write_records(records, places["records"], prune=True, counts=counts, known=known)
    state = {"inputs": _digest(inputs), "records": sorted(r["id"] for r in records), "errors": errors,
             "files": known}
    rec.write_if_changed(Path(places["work"]) / STATE_FILE,
                         json.dumps(state, ensure_ascii=False, sort_keys=True, indent=1) + "\n")
    return counts


def parse_and_store(sources: Path = pipeline.SOURCES) -> tuple[list[dict], list[dict]]:
    """Re-parse ``sources`` and write its records (``python -m generator records``); the caller
    holds the workspace lock."""
    places = workspace(Path(sources))
    inputs = parse_inputs(Path(sources))
    records, errors = pipeline.parse_archive(Path(sources), progress=True, cache=parse_cache(places))
    _store(records, errors, places, inputs)
    return records, errors


def _render_edition(published: list[dict], unpublished: list[dict], docs: Path, script: str,
                    sources: Path, work: Path, shared=None, facts=None) -> dict[str, int]:
    # The reports' pages unchanged since the last render are not rendered again (page_cache).
    return render_docs(published, unpublished, docs, script, CONTENT, sources_dir=sources,
                       page_cache=Path(work) / f"page-cache-{script}.json", data_cache=Path(work) / "data-cache",
                       shared=shared, facts=facts)


def _write_shared(published: list[dict], docs: Path, sources: Path, work: Path, facts=None):
    return write_shared_files(published, docs, sources, Path(work) / "page-cache-zh-Hans-shared.json",
                              Path(work) / "data-cache", facts)


def render_inputs_digest(places: dict[str, Path], errors: list[dict], parse_digest: str) -> str:
    """SHA-256 of everything both editions' docs are rendered from: the parse inputs (sources,
    corrections, bodies, places, the parser), the records on disk and the sources not published,
    all of ``generator/``, the phrase table, the hand-written pages and the pinned versions."""
    h = hashlib.sha256(parse_digest.encode() + b"\0")
    h.update(json.dumps(errors, ensure_ascii=False, sort_keys=True, default=str).encode() + b"\0")
    groups = (("records", Path(places["records"])), ("generator", ROOT / "generator"),
              ("phrases", Path(convert.DEFAULT_PHRASES)), ("lock", ROOT / "requirements.lock"))
    for label, base in groups:
        for path in _files(base):
            h.update(f"{label}/{path.relative_to(base) if base.is_dir() else base.name}\0".encode())
            h.update(hashlib.sha256(path.read_bytes()).digest())
    for path in hand_written(CONTENT):
        h.update(f"content/{path.relative_to(CONTENT).as_posix()}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def _docs_stamps(places: dict[str, Path]) -> dict[str, list[int]]:
    return {key: _site_stamp(places[key]) for key in ("hans", "hant")}


def _render_both(published: list[dict], unpublished: list[dict], places: dict[str, Path], sources: Path,
                 digest: str) -> dict[str, dict[str, int]]:
    """Both editions' docs, rendered at once where there are two cores — or left as they are when
    they were rendered from exactly these inputs (``render_inputs_digest``) and are as that render
    left them (file count and bytes of each tree)."""
    state_file = Path(places["work"]) / RENDER_STATE_FILE
    try:
        last = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        last = None
    stamps = _docs_stamps(places)
    if last == {"inputs": digest, **stamps}:
        safety.pause_point("render")
        return {script: {"written": 0, "unchanged": stamps[key][0], "removed": 0}
                for script, key in (("zh-Hans", "hans"), ("zh-Hant", "hant"))}
    state_file.unlink(missing_ok=True)
    counts: dict[str, dict[str, int]] = {}
    # Where there are two cores, the two editions' pages and the downloads are made at once: three
    # jobs of about a third each (the downloads alone are a third of the zh-Hans edition's work).
    work = places["work"]
    parallel = (os.cpu_count() or 1) > 1
    # The records are shared with the forked processes copy-on-write. A full collection writes into
    # every object it walks, which would give each process its own copy of all the records' pages:
    # what is alive now is frozen (never walked) until all three are done.
    # Each record's digest and whether it gets a source copy, worked out once for the three (each
    # worked them out for itself: a JSON dump of every record, twice per edition).
    facts = record_facts(published, sources, memo=Path(work) / SANITIZE_MEMO_FILE)
    gc.collect()
    gc.freeze()
    try:
        hant = (workers.in_child(_render_edition, published, unpublished, places["hant"], "zh-Hant", sources, work,
                                 None, facts) if parallel else None)
        shared = workers.in_child(_write_shared, published, places["hans"], sources, work, facts) if parallel else None
        counts["zh-Hans"] = _render_edition(published, unpublished, places["hans"], "zh-Hans", sources, work, shared,
                                            facts)
        if facts.memo is not None:            # what this process's render learnt (the other's is the same)
            facts.memo.save(facts.digests.values())
        safety.pause_point("render")
        counts["zh-Hant"] = (hant() if hant is not None else
                             _render_edition(published, unpublished, places["hant"], "zh-Hant", sources, work,
                                             None, facts))
    finally:
        gc.unfreeze()
    rec.write_if_changed(state_file, json.dumps({"inputs": digest, **_docs_stamps(places)}) + "\n")
    return counts


def prepare(sources: Path = pipeline.SOURCES, *, reparse: bool = False, wait: bool = False) -> Prepared:
    """Records and both editions' docs for ``sources`` (see the module docstring).

    reparse  parse even when the records on disk were made from the same inputs (``build`` does)
    wait     wait for the workspace lock instead of raising ``safety.LockHeld``"""
    sources = Path(sources)
    places = workspace(sources)
    with workspace_lock(sources, wait=wait):
        inputs = parse_inputs(sources)
        state = None if reparse else _read_state(places["work"])
        records = None if reparse else reusable_records(state, _digest(inputs), places["records"])
        counts: dict[str, dict[str, int]] = {}
        parsed = records is None
        cache = parse_cache(places)
        if parsed:
            records, errors = pipeline.parse_archive(sources, progress=True, cache=cache)
            safety.pause_point("parse")
            counts["records"] = _store(records, errors, places, inputs)
        else:
            errors = list(state.get("errors") or [])
            counts["records"] = {"written": 0, "unchanged": len(records), "removed": 0}
        published, unpublished = pipeline.select_published(records, errors)
        # The phrase table is cached per path (generator.convert): read it afresh, so an edit of
        # site_data/phrases.tsv takes effect in a process that prepares more than once.
        convert._phrase_matcher.cache_clear()
        counts.update(_render_both(published, unpublished, places, sources,
                                   render_inputs_digest(places, errors, _digest(inputs))))
    return Prepared(records, errors, parsed, counts, {"parsed": cache.misses, "cached": cache.hits})


# What MkDocs and Pagefind read besides the two docs trees: a change in any of them rebuilds the site.
SITE_INPUTS = ("mkdocs.yml", "overrides", "generator/site", "generator/tree.py", "requirements.lock")


def _tree_digest(h, root: Path, memo: dict | None = None, seen: dict | None = None) -> None:
    """Every file's path and bytes into ``h``. With ``memo`` ({path: [size, mtime_ns, sha256]}
    of the last run; ``seen`` gets this run's entries), a file whose size and modification time are those recorded is taken to
    hold the bytes it held then and is not read again (at 10,000 reports the docs trees are over
    a gigabyte; the renderer writes a file only when its bytes change)."""
    root = Path(root)
    if not root.exists():               # nothing rendered yet: hashes differently from an empty tree
        h.update(b"\2missing\0")
        return
    if not root.is_dir():
        h.update(root.name.encode() + b"\0" + root.read_bytes() + b"\0")
        return
    for rel, entry in tree.files(root, sort=True):
        h.update(rel.encode() + b"\0")
        if memo is None:
            h.update(Path(entry.path).read_bytes() + b"\0")
            continue
        key = f"{root}/{rel}"
        st = entry.stat(follow_symlinks=False)
        known = memo.get(key)
        if not (isinstance(known, list) and len(known) == 3 and known[:2] == [st.st_size, st.st_mtime_ns]):
            known = [st.st_size, st.st_mtime_ns, hashlib.sha256(Path(entry.path).read_bytes()).hexdigest()]
        seen[key] = known
        h.update(str(known[2]).encode() + b"\0")


DOCS_HASHES_FILE = "docs-hashes.json"


def site_inputs_digest(places: dict[str, Path], site_url: str | None, epoch: int) -> str:
    """SHA-256 of everything a site is built from: both docs trees' paths and bytes, the MkDocs
    configuration, the theme overrides, the site step's code, the pinned versions, the site URL
    and SOURCE_DATE_EPOCH.  The docs files' hashes are kept in ``<work>/docs-hashes.json`` by size
    and modification time, so only the files written since are read."""
    memo_file = Path(places["work"]) / DOCS_HASHES_FILE
    try:
        memo = json.loads(memo_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    memo = memo if isinstance(memo, dict) else {}
    seen: dict = {}
    h = hashlib.sha256(json.dumps([site_url, epoch, os.environ.get("SOURCE_DATE_EPOCH")]).encode())
    for docs in (places["hans"], places["hant"]):
        h.update(b"\1docs\0")
        _tree_digest(h, docs, memo, seen)
    for rel in SITE_INPUTS:
        h.update(b"\1" + rel.encode() + b"\0")
        _tree_digest(h, ROOT / rel)
    rec.write_if_changed(memo_file, json.dumps(dict(sorted(seen.items())), separators=(",", ":")) + "\n")
    return h.hexdigest()


def site_config_digest(site_url: str | None) -> str:
    """SHA-256 of what every page of a site depends on besides its own docs page: the MkDocs
    configuration (navigation included), the theme overrides, the site step's code, the pinned
    versions and the site URL.  A site built with the same digest can be updated in place of a
    rebuild (``build_site(incremental=True)``); SOURCE_DATE_EPOCH is not in it: only the sitemaps
    use it, and they are written on every build."""
    h = hashlib.sha256(json.dumps(["site config 1", site_url]).encode())
    for rel in SITE_INPUTS:
        h.update(b"\1" + rel.encode() + b"\0")
        _tree_digest(h, ROOT / rel)
    return h.hexdigest()


def _site_stamp(site_dir: Path) -> list[int]:
    """Files and bytes of a built site: a site changed or emptied by hand is rebuilt."""
    return tree.stamp(site_dir)


def _built_marker(places: dict[str, Path], site_dir: Path) -> Path:
    key = hashlib.sha256(str(site_dir).encode()).hexdigest()[:12]
    return Path(places["work"]) / f"site-{key}.json"


def build(sources: Path, site_dir: Path) -> list[dict]:
    """Run the whole pipeline; returns the sources that could not be read (also listed on the site).

    When the site was built from exactly the inputs it would be built from now (the docs trees
    byte for byte, the configuration, overrides, code and versions: ``site_inputs_digest``) and is
    as that build left it, MkDocs and Pagefind are not run again.

    Raises ``safety.LockHeld`` at once when another build holds the site or the workspace."""
    sources, site_dir = Path(sources), Path(site_dir).resolve()
    places = workspace(sources)
    with site_lock(site_dir), workspace_lock(sources):
        prepared = prepare(sources, reparse=True)
        site_url = os.environ.get(SITE_URL_ENV, "").strip() or None
        epoch = source_date_epoch(prepared.records)
        # The records are on disk and in the docs: not held while MkDocs and Pagefind run (at
        # 10,000 reports they are over a gigabyte).
        errors, prepared = prepared.errors, None
        gc.collect()
        marker = _built_marker(places, site_dir)
        digest = site_inputs_digest(places, site_url, epoch)
        try:
            last = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            last = None
        stamp = _site_stamp(site_dir)
        if isinstance(last, dict) and last.get("inputs") == digest and last.get("site") == stamp:
            return errors
        # The site as the last build left it, from the same configuration, theme and code: only
        # the pages whose docs changed are built again (MkDocs' dirty build in a copy of it).
        config = site_config_digest(site_url)
        incremental = isinstance(last, dict) and last.get("config") == config and last.get("site") == stamp
        marker.unlink(missing_ok=True)
        build_site(places["hans"], places["hant"], site_dir, work_dir=places["work"], site_url=site_url,
                   source_date_epoch=epoch, incremental=incremental)
        rec.write_if_changed(marker, json.dumps({"inputs": digest, "config": config,
                                                 "site": _site_stamp(site_dir)}) + "\n")
    return errors


# --------------------------------------------------------------------------------------------
# serve: a watcher re-runs prepare, MkDocs rebuilds the site once per edit

PREPARE, SITE = "prepare", "site"


def watch_places(sources: Path) -> dict[str, Path]:
    """The inputs ``serve`` watches and the outputs it must not react to, for one sources directory."""
    sources = Path(sources)
    places = {k: Path(os.path.abspath(v)) for k, v in workspace(sources).items()}
    return {
        "sources": Path(os.path.abspath(sources)),
        "corrections": Path(os.path.abspath(pipeline.corrections_dir(sources))),
        "bodies": Path(os.path.abspath(pipeline.bodies_file(sources))),
        "place_aliases": Path(os.path.abspath(pipeline.places_file(sources))),
        "phrases": Path(os.path.abspath(convert.DEFAULT_PHRASES)),
        "content": Path(os.path.abspath(CONTENT)),
        "generator": ROOT / "generator",
        "overrides": ROOT / "overrides",
        "config": ROOT / "mkdocs.yml",
        "build": ROOT / "build",
        **{f"out_{k}": v for k, v in places.items()},
    }


def classify(path: Path | str, places: dict[str, Path]) -> str | None:
    """What an edit of ``path`` re-runs: ``"prepare"`` (the prepare step; the site is rebuilt when
    it changed a file), ``"site"`` (MkDocs and Pagefind only: a template override or mkdocs.yml) or
    None (a file the build writes itself, such as a record or a generated page, or one it never
    reads: editor back-ups, hidden files, byte code)."""
    p = Path(os.path.abspath(path))
    if p.name.startswith(".") or p.name.endswith("~") or p.suffix in (".pyc", ".swp", ".tmp") or "__pycache__" in p.parts:
        return None
    for out in ("out_records", "out_work", "build"):
        if p.is_relative_to(places[out]):
            return None
    hans = places["out_hans"]
    if p.is_relative_to(hans) and hans != places["content"]:
        return None
    if p.is_relative_to(places["content"]):
        rel = p.relative_to(places["content"]).as_posix()
        if rel == "." or rel in GENERATED_FILES or rel.split("/", 1)[0] in GENERATED_DIRS:
            return None          # written by prepare
        return PREPARE           # a hand-written page: prepare converts its zh-Hant copy
    if (p.is_relative_to(places["sources"]) or p.is_relative_to(places["corrections"])
            or p in (places["bodies"], places["place_aliases"], places["phrases"]) or p.is_relative_to(places["generator"])):
        return PREPARE
    if p.is_relative_to(places["overrides"]) or p == places["config"]:
        return SITE
    return None


def plan(paths, places: dict[str, Path]) -> frozenset[str]:
    """The steps a batch of edited paths re-runs (empty: nothing to do)."""
    return frozenset(step for step in (classify(p, places) for p in paths) if step)


def site_needed(steps: frozenset[str], prepared: dict | None) -> bool:
    """Whether the site is rebuilt after ``steps`` ran: always for a template or config edit, and
    after prepare only when it wrote or removed a file (so an edit that changes no output, or the
    watcher seeing prepare's own writes, builds nothing)."""
    return SITE in steps or (PREPARE in steps and bool(prepared and prepared.get("changed")))


class Changes:
    """Edited paths collected by the watcher thread until the builder takes them."""

    def __init__(self, places: dict[str, Path], on_change=None):
        self.places, self.on_change = places, on_change
        self._paths: set[Path] = set()
        self._lock = threading.Lock()

    def add(self, path: Path | str) -> bool:
        if classify(path, self.places) is None:
            return False
        with self._lock:
            self._paths.add(Path(os.path.abspath(path)))
        if self.on_change:
            self.on_change()
        return True

    def take(self) -> set[Path]:
        with self._lock:
            paths, self._paths = self._paths, set()
        return paths


_EVENTS = ("created", "modified", "deleted", "moved", "closed")


def watch_dirs(places: dict[str, Path]) -> list[tuple[Path, bool]]:
    """(directory, recursive) pairs the watcher schedules."""
    dirs = [(places["sources"], True), (places["corrections"], True), (places["bodies"].parent, False),
            (places["phrases"].parent, False), (places["content"], True), (places["generator"], True),
            (places["overrides"], True), (places["config"].parent, False)]
    out: list[tuple[Path, bool]] = []
    for d, recursive in dirs:
        if d.is_dir() and (d, recursive) not in out and not any(r and d.is_relative_to(o) for o, r in out):
            out.append((d, recursive))
    return out


def _start_watcher(changes: Changes):
    import watchdog.events
    import watchdog.observers

    class Handler(watchdog.events.FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type not in _EVENTS or (event.is_directory and event.event_type == "modified"):
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    changes.add(os.fsdecode(path))

    observer = watchdog.observers.Observer()
    for d, recursive in watch_dirs(changes.places):
        observer.schedule(Handler(), str(d), recursive=recursive)
    observer.start()
    return observer


def _run_prepare(sources: Path) -> dict:
    """``python -m generator prepare`` in a fresh process (so edits of the parser's code, of
    templates and of the tables all take effect); its summary."""
    cmd = [sys.executable, "-m", "generator", "prepare", "--sources", str(sources), "--wait", "--json"]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    proc = safety.start(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        out, _ = proc.communicate()
    finally:
        safety.reap([proc])
    if proc.returncode not in (0, 1):       # 1: some sources unreadable, listed on the site
        raise RuntimeError(f"prepare failed (exit {proc.returncode})")
    return json.loads(out.strip().splitlines()[-1])


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] serve: {message}", file=sys.stderr, flush=True)


def serve(sources: Path = pipeline.SOURCES, dev_addr: str = "127.0.0.1:8000") -> None:
    """Prepare, build the site into ``<work>/serve/site`` and serve it with live reload until
    interrupted; each edit re-runs what ``plan`` says, with at most one site build."""
    try:
        from mkdocs.livereload import LiveReloadServer
    except ImportError:                       # ProperDocs, the continuation of MkDocs 1.x
        from properdocs.livereload import LiveReloadServer
    sources = Path(sources).resolve()
    places = workspace(sources)
    site_dir = Path(places["work"]) / "serve" / "site"
    trigger = Path(places["work"]) / "serve" / "changed"
    trigger.parent.mkdir(parents=True, exist_ok=True)
    trigger.write_text("0\n")
    builds = 0

    def build_served(reason: str, incremental: bool = False) -> None:
        nonlocal builds
        with workspace_lock(sources, wait=True):
            build_site(places["hans"], places["hant"], site_dir, work_dir=places["work"], strict=False,
                       incremental=incremental)
        builds += 1
        _log(f"site build {builds} done ({reason})")

    def rebuild() -> None:
        paths = changes.take()
        steps = plan(paths, changes.places)
        if not steps:
            return
        shown = ", ".join(sorted(os.path.relpath(p, ROOT) for p in paths))
        _log(f"changed: {shown} → {' + '.join(sorted(steps))}")
        summary = _run_prepare(sources) if PREPARE in steps else None
        if summary is not None:
            _log(f"prepare: {json.dumps(summary, ensure_ascii=False, sort_keys=True)}")
        if site_needed(steps, summary):
            # Only data changed (no template, override, mkdocs.yml or code edit): the served site
            # is updated in place of a rebuild (MkDocs' dirty build in a copy of it).
            code = any(Path(os.path.abspath(p)).is_relative_to(ROOT / "generator") for p in paths)
            build_served(shown, incremental=SITE not in steps and not code and builds > 0)
        else:
            _log("no output changed: nothing to build")

    counter = [0]

    def poke() -> None:                       # wakes the live-reload server's build loop
        counter[0] += 1
        trigger.write_text(f"{counter[0]}\n")

    changes = Changes(watch_places(sources), on_change=poke)
    _log(f"prepare: {json.dumps(_run_prepare(sources), ensure_ascii=False, sort_keys=True)}")
    build_served("start")
    host, _, port = dev_addr.rpartition(":")
    server = LiveReloadServer(builder=rebuild, host=host or "127.0.0.1", port=int(port), root=str(site_dir))
    server.error_handler = lambda code: (site_dir / "404.html").read_bytes() if code == 404 and (site_dir / "404.html").is_file() else None
    server.watch(str(trigger))
    observer = _start_watcher(changes)
    listen = server.server_activate

    def listen_then_say() -> None:
        # MkDocs binds the socket inside serve(): "serving" is said once a request can connect.
        listen()
        _log(f"serving {site_dir} on {server.url}; watching " +
             ", ".join(os.path.relpath(d, ROOT) for d, _ in watch_dirs(changes.places)))

    server.server_activate = listen_then_say  # type: ignore[method-assign]
    try:
        server.serve()
    except KeyboardInterrupt:
        _log("shutting down")
    finally:
        observer.stop()
        server.shutdown()
        observer.join(timeout=5)
