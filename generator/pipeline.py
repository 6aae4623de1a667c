"""The pipeline end to end: sources → records → (published, not published) → pages → site."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from . import check, ingest, places, records as rec, workers
from .parse import parse_source
from .heap import no_cycle_collection
from .parse_cache import ParseCache

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "site_data" / "sources"
RECORDS = ROOT / "site_data" / "records"
CORRECTIONS = ROOT / "site_data" / "corrections"
BODIES = ROOT / "site_data" / "bodies.yaml"
PLACES = ROOT / "site_data" / "places.yaml"


def load_bodies(path: Path = BODIES) -> dict[tuple, str]:
    """(name as a report writes it, region) → the body's one name (site_data/bodies.yaml)."""
    import yaml
    path = Path(path)
    if not path.exists():
        return {}
    out: dict[tuple, str] = {}
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
        region = tuple(entry.get("region") or [])
        for alias in [entry["name"], *(entry.get("aliases") or [])]:
            out[(alias, region)] = entry["name"]
    return out


def _relative(path: str, root: str) -> str:
    return Path(path).relative_to(root).as_posix() if Path(path).is_relative_to(root) else Path(path).name


def _parse_one(args: tuple[str, str]) -> tuple[list[dict], dict | None]:
    path, root = args
    try:
        return parse_source(ingest.load(Path(path), Path(root))), None
    except ingest.SourceError as exc:
        rel = _relative(path, root)
        return [], {"file": rel, "id": ingest.source_id(rel), "reason": str(exc)}
    except MemoryError:
        raise                    # the worker reports it as over the memory budget
    except Exception as exc:  # a parser bug must name the source, not stop the archive
        rel = _relative(path, root)
        return [], {"file": rel, "id": ingest.source_id(rel), "reason": f"解析程序出错：{exc.__class__.__name__}: {exc}"}


def parse_paths(paths: list[Path], sources_root: Path | None = None, *, jobs: int = 1, progress: bool = False,
                budget: workers.Budget | None = None, cache: ParseCache | None = None) -> tuple[list[dict], list[dict]]:
    """Parse raw files, each in a worker process within its time and memory budget (the rest of the
    archive is parsed whatever one source does). Returns (records, errors).

    With a ``cache``, a source whose bytes, sidecar, path and parser are those of a cached parse
    is not parsed again (generator.parse_cache)."""
    with no_cycle_collection():
        return _parse_paths(paths, sources_root, jobs=jobs, progress=progress, budget=budget, cache=cache)


def _parse_paths(paths: list[Path], sources_root: Path | None, *, jobs: int, progress: bool,
                 budget: workers.Budget | None, cache: ParseCache | None) -> tuple[list[dict], list[dict]]:
    root = Path(sources_root) if sources_root else None
    tasks = [(str(p), str(root) if root else str(Path(p).parent)) for p in paths]
    keys = [cache.key(Path(p), Path(r)) for p, r in tasks] if cache else [None] * len(tasks)
    results: list = [cache.get(k) if cache else None for k in keys]
    todo = [i for i, r in enumerate(results) if r is None]
    bar = None
    if progress and sys.stderr.isatty() and todo:
        from tqdm import tqdm
        bar = tqdm(total=len(todo), unit="source", desc="parse", file=sys.stderr)
    try:
        fresh = workers.run(_parse_one, [tasks[i] for i in todo], jobs=jobs, budget=budget,
                            on_done=bar.update if bar else None)
    finally:
        if bar:
            bar.close()
    for i, result in zip(todo, fresh):
        results[i] = result
        if cache and not isinstance(result, workers.Failure):
            cache.put(keys[i], result)
    records, errors = [], []
    for (path, root_dir), result in zip(tasks, results):
        if isinstance(result, workers.Failure):
            rel = _relative(path, root_dir)
            errors.append({"file": rel, "id": ingest.source_id(rel), "reason": result.reason})
            continue
        recs, err = result
        records.extend(recs)
        if err:
            errors.append(err)
    return records, errors


def finalize(records: list[dict], corrections: dict[str, list[dict]], bodies: dict[tuple, str] | None = None,
             place_aliases: dict[str, str] | None = None) -> list[dict]:
    """Corrections, body names and places, then checks (so that a corrected body joins its other years)."""
    out = []
    with no_cycle_collection():
        for r in ingest.check_unique_ids(records):   # two sources, one id: fail loudly, never drop one
            if r["id"] in corrections:
                r = rec.apply_corrections(r, corrections[r["id"]], f"site_data/corrections/{r['id']}.yaml")
            org = r["organisation"]
            org["body"] = (bodies or {}).get((org["name"], tuple(org["region"])), org["name"])
            if r.get("is_report"):
                _place(r, place_aliases)
            r["checks"] = check.check_record(r)
            out.append(r)
    # Across years only between the reports that will be published (one per body and year).
    published, _ = select_published(out, [])
    check.check_across_years(published)
    return sorted(out, key=lambda r: r["id"])


def _place(record: dict, aliases: dict[str, str] | None) -> None:
    org = record["organisation"]
    found, why = places.resolve(org.get("body") or org["name"], org["region"], aliases=aliases)
    org["place"] = found.as_record() if found else None
    if why:
        record.setdefault("nulls", []).append({"field": "organisation.place", "reason": why})


def _richness(r: dict) -> tuple:
    cells = 0
    def count(node):
        nonlocal cells
        if isinstance(node, dict):
            for v in node.values():
                count(v)
        elif isinstance(node, list):
            for v in node:
                count(v)
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            cells += 1
    count(r.get("statistics"))
    # On a tie, the original with the most structure: a document's own tables, then a page's.
    rank = {"pdf": 3, "docx": 3, "xlsx": 2, "html": 1}.get(r["source"]["format"], 0)
    return (cells - len(r.get("inferred") or []), rank, r["id"])


def _same_report_links(reports: list[dict]) -> list[tuple[int, int]]:
    """Pairs of reports one names as the other (sidecar ``attachments:`` / ``page:``, kept in
    ``source.related``): by URL, by path under the sources root, or by file name in the same folder."""
    by_name: dict[str, list[int]] = {}
    for i, r in enumerate(reports):
        src = r["source"]
        folder = src["file"].rsplit("/", 1)[0] if "/" in src["file"] else ""
        for name in {src["file"], src.get("url") or "", f"{folder}\0{src['file'].rsplit('/', 1)[-1]}"}:
            if name:
                by_name.setdefault(name, []).append(i)
    pairs = []
    for i, r in enumerate(reports):
        src = r["source"]
        folder = src["file"].rsplit("/", 1)[0] if "/" in src["file"] else ""
        for v in src.get("related") or []:
            v = v.strip()
            for j in by_name.get(v, []) + by_name.get(f"{folder}\0{v}", []) + by_name.get(f"{folder}/{v}".lstrip("/"), []):
                if j != i:
                    pairs.append((i, j))
    return pairs


def select_published(records: list[dict], errors: list[dict]) -> tuple[list[dict], list[dict]]:
    """Every source ends up published or listed with its reason; one record per (body, year)."""
    unpublished = [dict(e) for e in errors]
    reports = []
    for r in records:
        if not r["is_report"]:
            unpublished.append({"file": r["source"]["file"], "id": r["id"], "reason": f"不是年度报告：{r['not_report_reason']}"})
        else:
            reports.append(r)
    keys = []
    for r in reports:
        name, year = r["organisation"].get("body") or r["organisation"]["name"], r["year"]
        keys.append((name, tuple(r["organisation"]["region"]), year) if name and year else ("", (), r["id"]))
    # A page and the attachment it links to are one report, whatever each says about its issuer.
    parent = {k: k for k in keys}
    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k
    for i, j in _same_report_links(reports):
        a, b = sorted((find(keys[i]), find(keys[j])), key=repr)
        parent[b] = a
    groups: dict[tuple, list[dict]] = {}
    for r, key in zip(reports, keys):
        groups.setdefault(find(key), []).append(r)
    published = []
    for members in groups.values():
        members.sort(key=_richness, reverse=True)
        best = members[0]
        published.append(best)
        for other in members[1:]:
            unpublished.append({"file": other["source"]["file"], "id": other["id"], "duplicate_of": best["id"],
                                "url": other["source"].get("url"),
                                "reason": f"与 {best['id']}（{best['source']['file']}）是同一份报告；后者直接从原文读出的数据格更多，故发布后者"})
    published.sort(key=lambda r: r["id"])
    unpublished.sort(key=lambda u: (u["file"], u.get("id") or ""))
    return published, unpublished


def write_records(records: list[dict], out_dir: Path, *, prune: bool = False,
                  counts: dict | None = None, known: dict | None = None) -> list[Path]:
    """Write each record to ``<out_dir>/<id>.yaml`` (only the files whose bytes change); with
    ``prune``, remove the record files of ids no longer produced.  ``counts`` (a dict), when given,
    is filled with {"written", "unchanged", "removed"}.

    ``known`` ({id: [record_digest, size, mtime_ns]}, from the last write) is updated in place: a
    record whose digest is unchanged and whose file is as that write left it is not dumped again
    (a 10,000-report archive with one source edited: 10,000 YAML dumps, about 40 s, saved)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tally = {"written": 0, "unchanged": 0, "removed": 0}
    written = []
    fresh: dict = {}
    for r in records:
        path = out_dir / f"{r['id']}.yaml"
        digest = rec.record_digest(r) if known is not None else None
        if known is not None and _file_as_left(path, known.get(r["id"]), digest):
            tally["unchanged"] += 1
        else:
            tally["written" if rec.write_if_changed(path, rec.dump_yaml(r)) else "unchanged"] += 1
        if digest is not None:
            st = path.stat()
            fresh[r["id"]] = [digest, st.st_size, st.st_mtime_ns]
        written.append(path)
    if known is not None:
        known.clear()
        known.update(fresh)
    if prune:
        keep = {p.name for p in written}
        for stale in out_dir.glob("*.yaml"):
            if stale.name not in keep:
                stale.unlink()
                tally["removed"] += 1
        for partial in out_dir.glob(rec.PARTIAL_GLOB):  # left by a writer that was killed
            partial.unlink()
    if counts is not None:
        counts.update(tally)
    return written


def _file_as_left(path: Path, entry, digest: str | None) -> bool:
    """Whether ``path`` holds what was written for ``digest``: the same digest, and the file has
    the size and modification time it had then (a file edited or replaced since is rewritten)."""
    if not entry or entry[0] != digest:
        return False
    try:
        st = path.stat()
    except OSError:
        return False
    return [st.st_size, st.st_mtime_ns] == list(entry[1:])


def corrections_dir(sources: Path = SOURCES) -> Path:
    """The maintainers' corrections of one sources directory: site_data/corrections/ for the sample
    archive, ``<sources>/_corrections/`` for any other."""
    return CORRECTIONS if Path(sources).resolve() == SOURCES.resolve() else Path(sources) / "_corrections"


def bodies_file(sources: Path = SOURCES) -> Path:
    """The list of bodies with several names: site_data/bodies.yaml for the sample archive,
    ``<sources>/_bodies.yaml`` for any other (absent: no body has several names)."""
    return BODIES if Path(sources).resolve() == SOURCES.resolve() else Path(sources) / "_bodies.yaml"


def places_file(sources: Path = SOURCES) -> Path:
    """The maintainers' divisions of bodies whose names hold none: site_data/places.yaml for the
    sample archive, ``<sources>/_places.yaml`` for any other."""
    return PLACES if Path(sources).resolve() == SOURCES.resolve() else Path(sources) / "_places.yaml"


def parse_archive(sources: Path = SOURCES, *, jobs: int | None = None, progress: bool = False,
                  cache: ParseCache | None = None) -> tuple[list[dict], list[dict]]:
    """Every source of ``sources`` parsed (or taken from ``cache``), then finalized. The cache
    keeps only the entries of this archive as it is now."""
    paths = ingest.discover(sources)
    jobs = jobs or (os.cpu_count() or 1)
    records, errors = parse_paths(paths, sources, jobs=jobs, progress=progress, cache=cache)
    if cache:
        cache.prune()
    corrections = rec.load_corrections(corrections_dir(sources))
    return finalize(records, corrections, load_bodies(bodies_file(sources)),
                    places.load_aliases(places_file(sources))), errors


def load_published(records_dir: Path = RECORDS, sources: Path = SOURCES) -> tuple[list[dict], list[dict]]:
    """Published and not-published lists from committed records (no re-parse)."""
    return select_published(load_records(records_dir), [])


def load_records(records_dir: Path = RECORDS) -> list[dict]:
    """The records on disk.  A file that is no readable record (empty, cut short, not YAML, no id
    or source) is named on stderr and skipped, so the records on disk no longer match the ids the
    last parse wrote (generator.build.prepare then re-parses and rewrites it)."""
    out = []
    with no_cycle_collection():
        for p in sorted(Path(records_dir).glob("*.yaml")):
            try:
                out.append(rec.load_record(p))
            except rec.BrokenRecord as exc:
                print(f"warning: {p}: not a readable record ({exc}); skipped, it will be re-parsed", file=sys.stderr)
    return out
