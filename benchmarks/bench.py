#!/usr/bin/env python3
"""Benchmark every pipeline stage on a synthetic corpus (benchmarks/synth.py).

    python benchmarks/bench.py --n 1000 [--workdir DIR] [--jobs J] [--seed S] [--keep] [--e2e]

Generates N synthetic raw sources into WORKDIR/sources/synth/, then runs each stage in its own child
process(es) and prints one row per stage:

  wall s        elapsed time of the stage (all its processes)
  peak MB       peak resident set of the largest single process of the stage (os.wait4 rusage, which
                on Linux covers the process and every descendant it waited for)
  tree MB       peak of the summed RSS of all the stage's processes, sampled from /proc every 50 ms
                (what parallel stages really need; short spikes between samples can be missed)
  items, /s     items processed and items per second; /s/core divides by the processes used

Stages, each through the project's own entry points (the CLI where one exists, else the API):

  parse text  1 core     text dumps (crawler dumps with |-joined cells, one-cell-per-line text)
  parse html  1 core     ordinary HTML pages (site chrome + Word-pasted tables, ~30-100 KB)
  parse word  1 core     heavy Word-exported HTML pages (~250 KB)
  parse pdf   1 core     PDF attachments (benchmarks/documents.py: reportlab, every era, layouts
                         ruled / borderless / compact / rotated; pages/s in the note)
  parse docx  1 core     Word .docx attachments (python-docx; merged cells, bordered and plain)
  parse all   J cores    the whole corpus, sharded over J processes → WORKDIR/records/
  render zh-Hans/zh-Hant records → Markdown docs trees (WORKDIR/docs/<script>/)
  build zh-Hans/zh-Hant  MkDocs build of one edition; then both editions in parallel
  search index           Pagefind over the built site
  site bytes             bytes of the final site per report (and per edition / search index)

  build end to end       (--e2e, or when the staged site build is unavailable)
                         `python -m generator build --sources WORKDIR/sources --site WORKDIR/site-e2e`

If a stage's API is missing, its row says what is missing and the rest still runs. The work
directory is a fresh temporary directory unless --workdir is given; it is deleted at the end unless
--keep or --workdir. The stages write only there; the end-to-end build keeps scratch files in the
repository's (ignored) build/work-<key>/, which is removed afterwards. The raw log of every child is
WORKDIR/bench.log and the figures are also written to WORKDIR/bench.json (or --json).
"""
from __future__ import annotations

import argparse
import re
import importlib
import inspect
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
PAGE = 4096 if not hasattr(os, "sysconf") else os.sysconf("SC_PAGE_SIZE")
SCRIPTS = ("zh-Hans", "zh-Hant")


# ---------------------------------------------------------------------------------------------
# Measuring child processes
# ---------------------------------------------------------------------------------------------

@dataclass
class Result:
    stage: str
    wall: float | None = None
    peak_mb: float | None = None        # largest single process (wait4 ru_maxrss)
    tree_mb: float | None = None        # summed RSS of all processes, sampled
    items: int | None = None
    procs: int = 1
    note: str = ""
    ok: bool = True
    extra: dict = field(default_factory=dict)

    @property
    def rate(self) -> float | None:
        return self.items / self.wall if self.items and self.wall else None

    @property
    def rate_per_core(self) -> float | None:
        return self.rate / self.procs if self.rate else None


def _proc_table() -> dict[int, tuple[int, int]]:
    """pid → (ppid, rss bytes) for every process, from /proc/<pid>/stat."""
    table = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read().decode("ascii", "replace")
        except OSError:
            continue
        rest = stat[stat.rfind(")") + 2:].split()
        try:
            table[int(name)] = (int(rest[1]), int(rest[21]) * PAGE)
        except (IndexError, ValueError):
            continue
    return table


def _tree_rss(roots: set[int]) -> int:
    table = _proc_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    total, stack, seen = 0, [p for p in roots if p in table], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += table[pid][1]
        stack.extend(children.get(pid, ()))
    return total


def measure(stage: str, commands: list[list[str]], *, cwd: Path | None = None, env: dict | None = None,
            log: Path | None = None, items: int | None = None) -> Result:
    """Run `commands` concurrently as child processes; wall time, peak RSS, and their JSON output.

    A child may print one line ``BENCH {json}`` on stdout (items, extra figures); the rest of its output
    goes to `log`.
    """
    if not hasattr(os, "wait4"):
        raise SystemExit("bench.py needs os.wait4 (Linux or another Unix)")
    logs = []
    procs = []
    start = time.perf_counter()
    for i, cmd in enumerate(commands):
        out = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        logs.append(out)
        procs.append(subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT))
    pids = {p.pid for p in procs}
    peak_tree = 0
    stop = threading.Event()

    def sample():
        nonlocal peak_tree
        while not stop.is_set():
            peak_tree = max(peak_tree, _tree_rss(pids))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    peak = 0
    codes = []
    for p in procs:
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        codes.append(p.returncode)
        peak = max(peak, usage.ru_maxrss * 1024)      # kilobytes on Linux
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    result = Result(stage, wall, peak / 2**20, max(peak_tree, peak) / 2**20, items, len(commands))
    texts = []
    for out in logs:
        out.seek(0)
        texts.append(out.read())
        out.close()
    for text in texts:
        for line in text.splitlines():
            if line.startswith("BENCH "):
                data = json.loads(line[6:])
                if "items" in data:
                    result.items = (result.items or 0) + data.pop("items") if len(commands) > 1 else data.pop("items")
                for k, v in data.items():
                    if isinstance(v, (int, float)) and k in result.extra:
                        result.extra[k] += v
                    else:
                        result.extra[k] = v
    if log is not None:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"===== {stage}: {' ; '.join(' '.join(c) for c in commands)}\n")
            fh.writelines(t if t.endswith("\n") or not t else t + "\n" for t in texts)
    if any(codes):
        result.ok = False
        tail = next((t for t, c in zip(texts, codes) if c), "").strip().splitlines()[-3:]
        result.note = f"FAILED (exit {','.join(map(str, codes))}): " + " | ".join(tail)
    return result


# ---------------------------------------------------------------------------------------------
# What the pipeline offers (it is being written alongside this benchmark; adapt to what exists)
# ---------------------------------------------------------------------------------------------

def _cli_has(command: str) -> str | None:
    """The help text of `python -m generator <command>`, or None if there is no such command."""
    try:
        proc = subprocess.run([PY, "-m", "generator", command, "--help"], cwd=ROOT, capture_output=True,
                              text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _has(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name, None)
    except Exception:        # noqa: BLE001 - a half-written module must not stop the benchmark
        return None


@dataclass
class Capabilities:
    parse_cli: str | None
    build_cli: str | None
    parse_api: bool
    render_api: bool
    site_api: str | None       # name of the generator.site function used per edition, if any

    def missing(self) -> list[str]:
        out = []
        if not (self.parse_cli or self.parse_api):
            out.append("parse: neither `python -m generator parse` nor generator.pipeline.parse_paths")
        if not self.render_api:
            out.append("render: generator.render.render_docs")
        if not self.site_api:
            out.append("site build: generator.site.build_edition and build_site")
        if not self.build_cli:
            out.append("end to end: `python -m generator build`")
        return out


def capabilities() -> Capabilities:
    site_fn = "build_edition+build_site" if (_has("generator.site", "build_edition") and _has("generator.site", "build_site")) else None
    return Capabilities(
        parse_cli=_cli_has("parse"),
        build_cli=_cli_has("build"),
        parse_api=bool(_has("generator.pipeline", "parse_paths") or _has("generator.parse", "parse_source")),
        render_api=bool(_has("generator.render", "render_docs")),
        site_api=site_fn,
    )


# ---------------------------------------------------------------------------------------------
# Child-side stage runners (python bench.py --stage NAME ...)
# ---------------------------------------------------------------------------------------------

def _emit(**data) -> None:
    print("BENCH " + json.dumps(data, ensure_ascii=False), flush=True)


def _dump_record(record: dict, out: Path) -> None:
    dump = _has("generator.records", "dump_yaml")
    text = None
    if dump is not None:
        try:
            text = dump(record)
        except Exception:     # noqa: BLE001
            text = None
    if not isinstance(text, str):
        import yaml
        text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
    (out / f"{record['id']}.yaml").write_text(text, encoding="utf-8")


def stage_parse_api(paths: list[Path], root: Path, out: Path, jobs: int = 1) -> None:
    """Parse through the API (used when the CLI has no `parse` command)."""
    out.mkdir(parents=True, exist_ok=True)
    parse_paths = _has("generator.pipeline", "parse_paths")
    t = time.perf_counter()
    if parse_paths is not None:
        params = inspect.signature(parse_paths).parameters
        records = parse_paths(paths, root, **({"jobs": jobs} if "jobs" in params else {}))
        if isinstance(records, tuple):
            records = records[0]
    else:
        from generator.ingest import load
        from generator.parse import parse_source
        records = [r for p in paths for r in parse_source(load(p, root))]
    parsed = time.perf_counter() - t
    for r in records:
        _dump_record(r, out)
    _emit(items=len(paths), records=len(records), parse_seconds=round(parsed, 3))


def stage_generate_documents(out: Path, n: int, seed: int) -> None:
    """N synthetic reports as PDF (rotating through the layouts) and as .docx, each with a sidecar."""
    sys.path.insert(0, str(HERE))
    import documents
    import synth
    pages = 0
    for kind, layouts, render in (("pdf", documents.PDF_LAYOUTS, documents.render_pdf),
                                  ("docx", documents.DOCX_LAYOUTS, documents.render_docx)):
        folder = out / kind / "synth"
        folder.mkdir(parents=True, exist_ok=True)
        for i in range(n):
            report = synth.make_report(seed, i)
            layout = layouts[(i // 3) % len(layouts)]
            data = render(report, layout)
            path = folder / f"d{i:05d}-{report.era}-{layout}.{kind}"
            path.write_bytes(data)
            path.with_name(path.name + ".meta.yaml").write_text(synth.meta_yaml(report), encoding="utf-8")
            if kind == "pdf":
                pages += len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    _emit(items=2 * n, pdf_pages=pages)


def _load_records(records_dir: Path) -> list[dict]:
    load = _has("generator.records", "load_yaml")
    if load is not None:
        return [load(p) for p in sorted(records_dir.glob("*.yaml"))]
    import yaml
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(records_dir.glob("*.yaml"))]


def stage_render(records_dir: Path, docs_dir: Path, script: str, sources: Path) -> None:
    from generator.render import render_docs
    t = time.perf_counter()
    load_published = _has("generator.pipeline", "load_published")
    if load_published is not None:
        published, unpublished = load_published(records_dir, sources)
    else:
        records = _load_records(records_dir)
        published = [r for r in records if r.get("is_report")]
        unpublished = [{"file": (r.get("source") or {}).get("file"), "id": r.get("id"),
                        "reason": r.get("not_report_reason") or "not an annual report"}
                       for r in records if not r.get("is_report")]
    loaded = time.perf_counter() - t
    kwargs = {}
    params = inspect.signature(render_docs).parameters
    if "records_dir" in params:
        kwargs["records_dir"] = records_dir
    if "sources_dir" in params:
        kwargs["sources_dir"] = sources
    counts = render_docs(published, unpublished, docs_dir, script, ROOT / "content", **kwargs)
    pages = sum(1 for _ in docs_dir.rglob("*.md"))
    _emit(items=len(published), unpublished=len(unpublished), pages=pages, load_seconds=round(loaded, 3),
          counts=counts if isinstance(counts, dict) else None)


def stage_site(docs_dir: Path, site_dir: Path, script: str, work_dir: Path) -> None:
    """One edition: generator.site.build_edition (MkDocs --strict in a subprocess)."""
    from generator.site import build_edition
    build_edition(script, docs_dir, site_dir, work_dir)
    _emit(items=sum(1 for _ in site_dir.rglob("*.html")))


def stage_site_both(docs_hans: Path, docs_hant: Path, site_dir: Path, work_dir: Path) -> None:
    """Both editions in parallel, assembled as published (zh-Hant under zh-Hant/), no Pagefind."""
    from generator.site import build_site
    kwargs = {"work_dir": work_dir}
    if "pagefind" in inspect.signature(build_site).parameters:
        kwargs["pagefind"] = False
    build_site(docs_hans, docs_hant, site_dir, **kwargs)
    _emit(items=sum(1 for _ in site_dir.rglob("*.html")))


def stage_pagefind(site_dir: Path) -> None:
    from generator.site import run_pagefind
    run_pagefind(site_dir)
    _emit(items=sum(1 for _ in site_dir.rglob("*.html")))


def child_main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stage", required=True)
    ap.add_argument("--root", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--records", type=Path)
    ap.add_argument("--docs", type=Path)
    ap.add_argument("--site", type=Path)
    ap.add_argument("--script")
    ap.add_argument("--function")
    ap.add_argument("--list", type=Path, help="file listing source paths, one per line")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if a.stage == "parse":
        paths = [Path(x) for x in a.list.read_text(encoding="utf-8").split("\n") if x]
        stage_parse_api(paths, a.root, a.out, int(a.script or 1))
    elif a.stage == "render":
        stage_render(a.records, a.docs, a.script, a.root)
    elif a.stage == "site":
        stage_site(a.docs, a.site, a.script, a.out)
    elif a.stage == "site-both":
        stage_site_both(a.docs / "zh-Hans", a.docs / "zh-Hant", a.site, a.out)
    elif a.stage == "pagefind":
        stage_pagefind(a.site)
    elif a.stage == "generate":
        sys.path.insert(0, str(HERE))
        import synth
        n = int(a.script)
        synth.generate(a.out, n, seed=int(a.function or 0))
        _emit(items=n)
    elif a.stage == "generate-docs":
        stage_generate_documents(a.out, int(a.script), int(a.function or 0))
    else:
        raise SystemExit(f"unknown stage {a.stage}")
    return 0


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------

def _self(*args: str) -> list[str]:
    return [PY, str(Path(__file__).resolve()), "--child", *args]


def _shards(items: list, k: int) -> list[list]:
    k = max(1, min(k, len(items)))
    return [items[i::k] for i in range(k)]


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


class Bench:
    def __init__(self, args):
        self.args = args
        self.work: Path = args.workdir
        self.sources = self.work / "sources"
        self.records = self.work / "records"
        self.log = self.work / "bench.log"
        self.results: list[Result] = []
        self.caps: Capabilities | None = None
        self.env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))

    def add(self, result: Result) -> Result:
        self.results.append(result)
        print(_row(result), flush=True)
        return result

    def run(self, stage, commands, *, items=None, note="", procs=None, cwd=None) -> Result:
        r = measure(stage, commands, cwd=cwd or ROOT, env=self.env, log=self.log)
        if items is not None:
            r.items = items
        if procs is not None:
            r.procs = procs
        if note and r.ok:
            r.note = note
        return self.add(r)

    # -- stages -------------------------------------------------------------------------------
    def generate(self):
        if self.sources.exists():
            shutil.rmtree(self.sources)
        self.run("generate corpus", [_self("--stage", "generate", "--out", str(self.sources),
                                           "--script", str(self.args.n), "--function", str(self.args.seed))])
        files = sorted(p for p in (self.sources / "synth").iterdir() if not p.name.endswith(".meta.yaml"))
        self.groups = {
            "text": [p for p in files if p.name.endswith(("-dump.txt", "-cells.txt"))],
            "html": [p for p in files if p.name.endswith("-html.html")],
            "word": [p for p in files if p.name.endswith("-word.html")],
        }
        self.files = files
        self.results[-1].extra["MB"] = round(_du(self.sources / "synth") / 1e6, 1)

    def _parse_command(self, paths: list[Path], out: Path, jobs: int) -> list[list[str]]:
        """`python -m generator parse PATH... --out DIR --jobs J` (the API in a child if there is no CLI)."""
        if self.caps.parse_cli:
            cmd = [PY, "-m", "generator", "parse", *map(str, paths), "--out", str(out)]
            if "--jobs" in self.caps.parse_cli:
                cmd += ["--jobs", str(jobs)]
            return [cmd]
        listing = self.work / f"parse-list-{out.name}.txt"
        listing.write_text("\n".join(map(str, paths)), encoding="utf-8")
        return [_self("--stage", "parse", "--root", str(self.sources), "--out", str(out), "--list", str(listing),
                      "--script", str(jobs))]

    def parse(self):
        if not (self.caps.parse_cli or self.caps.parse_api):
            self.add(Result("parse", ok=False, note="missing: " + self.caps.missing()[0]))
            return
        how = "CLI" if self.caps.parse_cli else "API"
        for group, label in (("text", "parse text  1 core"), ("html", "parse html  1 core"), ("word", "parse word  1 core")):
            paths = self.groups[group]
            if paths:
                out = self.work / f"records-{group}"
                shutil.rmtree(out, ignore_errors=True)
                self.run(label, self._parse_command(paths, out, 1), items=len(paths), note=f"{how}, --jobs 1")
        shutil.rmtree(self.records, ignore_errors=True)
        jobs = self.args.jobs
        # The whole sources directory, so that records name their files relative to it and the
        # cross-record checks (across years of one body) see every record.
        r = self.run(f"parse all   {jobs} cores", self._parse_command([self.sources], self.records, jobs),
                     items=len(self.files), procs=jobs, note=f"{how}, --jobs {jobs}, incl. checks + YAML + schema")
        r.extra["records"] = sum(1 for _ in self.records.glob("*.yaml"))

    def documents(self):
        """PDF and .docx attachments: generated apart from the main corpus, parsed one core each."""
        n = self.args.docs
        if n <= 0 or not self.caps.parse_cli:
            return
        root = self.work / "documents"
        shutil.rmtree(root, ignore_errors=True)
        g = self.run("generate documents", [_self("--stage", "generate-docs", "--out", str(root), "--script", str(n),
                                                  "--function", str(self.args.seed))], items=2 * n)
        pages = g.extra.get("pdf_pages")
        if not g.ok:
            return
        for kind in ("pdf", "docx"):
            paths = sorted(p for p in (root / kind / "synth").iterdir() if p.suffix == f".{kind}")
            out = self.work / f"records-{kind}"
            shutil.rmtree(out, ignore_errors=True)
            r = measure(f"parse {kind:<4}  1 core", self._parse_command(paths, out, 1), cwd=ROOT, env=self.env, log=self.log)
            r.items = len(paths)
            if r.ok:
                r.note = "CLI, --jobs 1"
            r.extra["records"] = sum(1 for _ in out.glob("*.yaml"))
            if kind == "pdf" and pages and r.wall:
                r.extra["pages"] = pages
                r.extra["pages/s"] = round(pages / r.wall, 1)
            self.add(r)

    def render(self):
        if not self.caps.render_api:
            self.add(Result("render", ok=False, note="missing: generator.render.render_docs"))
            return
        for script in SCRIPTS:
            docs = self.work / "docs" / script
            shutil.rmtree(docs, ignore_errors=True)
            self.run(f"render {script}", [_self("--stage", "render", "--records", str(self.records), "--docs", str(docs),
                                                "--script", script, "--root", str(self.sources))])

    def site(self) -> Path | None:
        """Each edition alone, then both in parallel into WORKDIR/site (the published layout)."""
        if not self.caps.site_api:
            self.add(Result("site build", ok=False, note="missing: generator.site.build_edition/build_site"))
            return None
        docs = self.work / "docs"
        for script in SCRIPTS:
            out = self.work / "site-editions" / script
            shutil.rmtree(out, ignore_errors=True)
            self.run(f"build {script}", [_self("--stage", "site", "--docs", str(docs / script), "--site", str(out),
                                               "--script", script, "--out", str(self.work / "build"))],
                     note="build_edition: mkdocs build --strict (items = HTML pages)")
        site = self.work / "site"
        shutil.rmtree(site, ignore_errors=True)
        self.run("build both  parallel", [_self("--stage", "site-both", "--docs", str(docs), "--site", str(site),
                                                "--out", str(self.work / "build"))],
                 note="build_site(pagefind=False): two mkdocs builds at once")
        shutil.rmtree(self.work / "site-editions", ignore_errors=True)
        return site if site.exists() else None

    def end_to_end(self):
        if not self.caps.build_cli:
            self.add(Result("build end to end", ok=False, note="missing: `python -m generator build`"))
            return None
        site = self.work / "site-e2e"
        shutil.rmtree(site, ignore_errors=True)
        cmd = [PY, "-m", "generator", "build", "--sources", str(self.sources), "--site", str(site)]
        help_text = self.caps.build_cli
        if "--jobs" in help_text:
            cmd += ["--jobs", str(self.args.jobs)]
        for flag, sub in (("--records", "records-e2e"), ("--work", "build-e2e"), ("--workdir", "build-e2e"),
                          ("--build", "build-e2e"), ("--docs", "docs-e2e")):
            if f"{flag} " in help_text or f"{flag}=" in help_text or f"{flag}\n" in help_text:
                cmd += [flag, str(self.work / sub)]
        self.run("build end to end", [cmd], items=self.args.n, note="python -m generator build")
        # generator.build keeps its scratch space for a non-sample sources directory under build/work-<key>.
        workspace = _has("generator.build", "workspace")
        if workspace is not None:
            scratch = workspace(self.sources)["records"].parent
            if scratch.parent == ROOT / "build" and scratch.name.startswith("work-"):
                shutil.rmtree(scratch, ignore_errors=True)
        return site

    def search_index(self, site: Path | None):
        """Pagefind over the assembled site (both editions; the index is split by page language)."""
        if site is None or not site.exists():
            self.add(Result("search index", ok=False, note="no built site to index"))
            return
        if _has("generator.site", "run_pagefind") is not None:
            cmd, how = _self("--stage", "pagefind", "--site", str(site)), "generator.site.run_pagefind"
        else:
            cmd, how = [PY, "-m", "pagefind", "--site", str(site)], "python -m pagefind"
        self.run("search index", [cmd], note=how + " (items = HTML pages)")

    def bytes_per_report(self, site: Path | None):
        if site is None or not site.exists():
            self.add(Result("site bytes", ok=False, note="no built site"))
            return
        total = _du(site)
        hant = _du(site / "zh-Hant")
        index = _du(site / "pagefind")
        parts = {"zh-Hans": total - hant - index, "zh-Hant": hant, "pagefind": index}
        for name in ("data", "sources", "reports", "assets"):
            parts[f"zh-Hans/{name}"] = _du(site / name)
        n = self.args.n
        r = Result("site bytes", items=n, note=f"{total / 1e6:.1f} MB total, {total / n / 1e3:.1f} KB per report: " +
                   ", ".join(f"{k} {v / n / 1e3:.1f}" for k, v in parts.items()) + " KB/report")
        r.extra = {"bytes": total, "per_report": round(total / n), **{f"{k}_bytes": v for k, v in parts.items()},
                   "files": sum(1 for p in site.rglob("*") if p.is_file())}
        self.results.append(r)
        print(_row(r, extras=False), flush=True)


def _fmt(v, spec) -> str:
    if v is None:
        width = int("".join(c for c in spec.split(".")[0] if c.isdigit()) or 0)
        return "—".rjust(width)
    return format(v, spec)


HEADER = f"{'stage':<24} {'wall s':>8} {'peak MB':>8} {'tree MB':>8} {'items':>6} {'items/s':>9} {'/s/core':>8}  note"


def _row(r: Result, extras: bool = True) -> str:
    note = r.note
    if r.extra and extras:
        shown = {k: v for k, v in r.extra.items() if not isinstance(v, dict)}
        if shown:
            note = (note + " " if note else "") + " ".join(f"{k}={v}" for k, v in shown.items())
    return (f"{r.stage:<24} {_fmt(r.wall, '8.2f')} {_fmt(r.peak_mb, '8.0f')} {_fmt(r.tree_mb, '8.0f')} "
            f"{_fmt(r.items, '6d')} {_fmt(r.rate, '9.1f')} {_fmt(r.rate_per_core, '8.1f')}  {note}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        return child_main(argv[1:])
    ap = argparse.ArgumentParser(description="Time every pipeline stage on a synthetic corpus.")
    ap.add_argument("--n", type=int, default=1000, help="number of synthetic reports (default 1000)")
    ap.add_argument("--workdir", type=Path, help="work directory (default: a temporary one, removed afterwards)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for the all-cores parse (default: all cores)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--docs", type=int, default=None, help="PDF and .docx attachments to parse (default min(N, 40); 0: none)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary work directory")
    ap.add_argument("--e2e", action="store_true", help="also time `python -m generator build` end to end")
    ap.add_argument("--json", type=Path, help="write the results as JSON here (default WORKDIR/bench.json)")
    args = ap.parse_args(argv)

    if args.docs is None:
        args.docs = min(args.n, 40)
    temporary = args.workdir is None
    args.workdir = Path(tempfile.mkdtemp(prefix="bench-")) if temporary else args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    bench = Bench(args)
    print(f"benchmark: N={args.n} seed={args.seed} jobs={args.jobs} cores={os.cpu_count()} workdir={args.workdir}")
    bench.caps = caps = capabilities()
    missing = caps.missing()
    if missing:
        print("not (yet) in the pipeline: " + "; ".join(missing))
    print(HEADER)
    bench.generate()
    bench.parse()
    bench.documents()
    bench.render()
    site = bench.site()
    bench.search_index(site)
    if args.e2e or site is None:
        e2e_site = bench.end_to_end()
        site = site or e2e_site
    bench.bytes_per_report(site)

    out = args.json or args.workdir / "bench.json"
    out.write_text(json.dumps({
        "n": args.n, "seed": args.seed, "jobs": args.jobs, "cores": os.cpu_count(),
        "missing": missing,
        "results": [{**{k: getattr(r, k) for k in ("stage", "wall", "peak_mb", "tree_mb", "items", "procs", "ok", "note")},
                     "rate": r.rate, "extra": r.extra} for r in bench.results],
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    if temporary and not args.keep:
        shutil.rmtree(args.workdir, ignore_errors=True)
        print("(temporary work directory removed with its log; --keep or --workdir to keep them)")
    else:
        print(f"log: {bench.log}  results: {out}")
    return 0 if all(r.ok for r in bench.results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
