#!/usr/bin/env python3
"""Benchmark every pipeline stage on a synthetic corpus (benchmarks/synth.py).

    python benchmarks/bench.py --n 1000[,3000,10000] [--workdir DIR] [--jobs J] [--seed S] [--keep]
                               [--no-e2e] [--no-rebuild] [--detail] [--json FILE]

For each N: generates N synthetic raw sources into WORKDIR/n<N>/sources/synth/, runs each stage in its
own child process(es) through the project's entry points, and prints ONE table, one row per stage and N:

  stage | N | wall s | CPU s | peak RSS MB | PSS MB (process tree) | files | bytes

  parse            `python -m generator parse sources --out records --jobs J` (parse, checks, YAML, schema)
  records          loading the records back for render (generator.pipeline.load_published)
  render zh-Hans   records → Markdown docs tree (generator.render.render_docs), loading included
  render zh-Hant
  mkdocs both      generator.site.build_site(pagefind=False): both editions in parallel, as published
  mkdocs stock     the same two docs trees (copies) with a minimal mkdocs.yml each: theme material, no
                   hooks, no overrides (custom_dir), no plugins, same nav / markdown_extensions
  pagefind         generator.site.run_pagefind over the assembled site
  end to end       `python -m generator build --sources … --site …` (--no-e2e skips it)

  wall s    elapsed time of the stage
  CPU s     user + system time of the stage's processes and every descendant they waited for
            (os.wait4 rusage of each direct child)
  peak RSS  peak of the summed RSS of the whole process tree (see _tree_rss: polled from /proc); a
            page that forked processes share is counted once per process, so an upper bound
  PSS MB    peak of the summed PSS of the same tree: each page counted once (shared ones split
            between their processes), what the machine holds and a cgroup limit would charge
  files, bytes   what the stage wrote (records dir, docs tree, site, pagefind/)

Below the table: our MkDocs build over the stock Material build (wall and CPU, same run, so the figure
holds on a noisy machine); site bytes per report (both editions + search) and the largest files; report
page HTML size (median, max; target ≤ 30 KB) and first-load bytes of a report page (gzip of the HTML and
of each stylesheet/script it references; target ≤ 150 KB). With several N, the exponent k of
value ∝ N^k for wall, CPU and memory of every stage (least squares on log-log; target ≤ 1.1).

--detail adds single-core parse rows per source shape (text / html / word) and PDF/.docx attachments
(benchmarks/documents.py). The raw log of every child is WORKDIR/bench.log; the figures are written to
WORKDIR/bench.json (or --json) after each N. The work directory is a temporary one, removed at the end,
unless --workdir or --keep. The end-to-end build keeps scratch files in the repository's (ignored)
build/work-<key>/, removed afterwards.
"""
from __future__ import annotations

import argparse
import gzip
import importlib
import inspect
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, unquote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
SCRIPTS = ("zh-Hans", "zh-Hant")

TARGET_EXPONENT = 1.1
TARGET_PAGE_KB = 30
TARGET_FIRST_LOAD_KB = 150
TARGET_KB_PER_REPORT = 100


# ---------------------------------------------------------------------------------------------
# Measuring child processes
# ---------------------------------------------------------------------------------------------

@dataclass
class Result:
    stage: str
    n: int
    wall: float | None = None
    cpu: float | None = None            # user + sys of the children and their waited-for descendants
    rss_mb: float | None = None         # peak summed RSS of the process tree (polled)
    one_mb: float | None = None         # largest single process (wait4 ru_maxrss), a floor for rss_mb
    pss_mb: float | None = None         # peak summed PSS of the process tree: each shared page counted once
    files: int | None = None
    bytes: int | None = None
    ok: bool = True
    note: str = ""
    extra: dict = field(default_factory=dict)


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


def _tree_pids(roots: set[int], table: dict[int, tuple[int, int]]) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    out, stack, seen = [], [p for p in roots if p in table], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        out.append(pid)
        stack.extend(children.get(pid, ()))
    return out


def _pss(pid: int) -> int:
    """Proportional set size of one process (bytes): its private pages plus its share of each page
    it shares (a forked child's copy-on-write pages, the binaries' code)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def _tree_memory(roots: set[int]) -> tuple[int, int]:
    """(summed RSS, summed PSS) of `roots` and all their descendants, now (see _tree_rss)."""
    table = _proc_table()
    pids = _tree_pids(roots, table)
    return sum(table[p][1] for p in pids), sum(_pss(p) for p in pids)


def _tree_rss(roots: set[int]) -> int:
    """Summed RSS of `roots` and all their descendants, now.

    Why polling and not resource.getrusage(RUSAGE_CHILDREN).ru_maxrss: ru_maxrss of children is the
    peak of the single largest descendant, not of the sum, so for two MkDocs builds in parallel, a
    parse over J workers or Python + the Pagefind binary it waits for, it under-states what the
    machine must hold. Polling /proc every 50 ms (what psutil would do, without the dependency) sums
    the tree at each instant; a spike shorter than the interval can be missed, so the result is
    max(polled sum, largest ru_maxrss). RSS counts pages shared between processes (the parent's
    imports and records in forked workers) once per process: an upper bound. What the machine
    holds — and what a cgroup memory limit on the tree charges — counts each page once: the summed
    PSS (``_tree_memory``), reported beside it.
    """
    table = _proc_table()
    return sum(table[p][1] for p in _tree_pids(roots, table))


def measure(stage: str, n: int, commands: list[list[str]], *, cwd: Path | None = None, env: dict | None = None,
            log: Path | None = None, interval: float = 0.05) -> Result:
    """Run `commands` concurrently as child processes: wall, CPU, peak tree RSS, their BENCH output.

    A child may print lines ``BENCH {json}`` on stdout (extra figures, summed over children); the rest
    of its output goes to `log`.
    """
    if not hasattr(os, "wait4"):
        raise SystemExit("bench.py needs os.wait4 (Linux)")
    logs, procs = [], []
    start = time.perf_counter()
    for cmd in commands:
        out = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        logs.append(out)
        procs.append(subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT))
    pids = {p.pid for p in procs}
    peak_tree = peak_pss = 0
    stop = threading.Event()

    def sample():
        nonlocal peak_tree, peak_pss
        while not stop.is_set():
            rss, pss = _tree_memory(pids)
            peak_tree, peak_pss = max(peak_tree, rss), max(peak_pss, pss)
            stop.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    one, cpu, codes = 0, 0.0, []
    for p in procs:
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        codes.append(p.returncode)
        one = max(one, usage.ru_maxrss * 1024)          # kilobytes on Linux
        cpu += usage.ru_utime + usage.ru_stime
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    result = Result(stage, n, wall, cpu, max(peak_tree, one) / 2**20, one / 2**20, (peak_pss or one) / 2**20)
    texts = []
    for out in logs:
        out.seek(0)
        texts.append(out.read())
        out.close()
    for text in texts:
        for line in text.splitlines():
            if line.startswith("BENCH "):
                for k, v in json.loads(line[6:]).items():
                    if isinstance(v, (int, float)) and isinstance(result.extra.get(k), (int, float)):
                        result.extra[k] += v
                    else:
                        result.extra[k] = v
    if log is not None:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"===== {stage} N={n}: {' ; '.join(' '.join(c) for c in commands)}\n")
            fh.writelines(t if t.endswith("\n") or not t else t + "\n" for t in texts)
    if any(codes):
        result.ok = False
        tail = next((t for t, c in zip(texts, codes) if c), "").strip().splitlines()[-3:]
        result.note = f"FAILED (exit {','.join(map(str, codes))}): " + " | ".join(tail)
    return result


# ---------------------------------------------------------------------------------------------
# Pure helpers (tested in tests/test_bench_corpus.py)
# ---------------------------------------------------------------------------------------------

def fit_exponent(ns: list[float], values: list[float]) -> float | None:
    """k in value ≈ c·N^k, least squares on (log N, log value); None with < 2 usable points."""
    pts = [(math.log(n), math.log(v)) for n, v in zip(ns, values) if n and v and n > 0 and v > 0]
    if len({x for x, _ in pts}) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and "stylesheet" in (a.get("rel") or "").lower().split() and a.get("href"):
            self.refs.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.refs.append(a["src"])


def page_assets(html: str) -> list[str]:
    """The stylesheets (<link rel=stylesheet href>) and scripts (<script src>) a page loads, in order,
    each once."""
    p = _Refs()
    p.feed(html)
    p.close()
    return list(dict.fromkeys(p.refs))


def gz_size(data: bytes) -> int:
    """Bytes of `data` gzip-compressed (level 9, no timestamp: what a CDN serves, deterministic)."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def first_load_bytes(page: Path, site: Path) -> dict:
    """Compressed bytes a first visit to `page` downloads: the HTML plus every local stylesheet and
    script it references (resolved against the page, inside `site`). External URLs are listed apart."""
    data = page.read_bytes()
    total = gz_size(data)
    assets, external, missing = {}, [], []
    for ref in page_assets(data.decode("utf-8", "replace")):
        parts = urlsplit(ref)
        if parts.scheme or parts.netloc:
            external.append(ref)
            continue
        path = unquote(parts.path)
        target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
        target = Path(os.path.normpath(target))
        if not target.is_file() or not target.is_relative_to(site):
            missing.append(ref)
            continue
        size = gz_size(target.read_bytes())
        assets[target.relative_to(site).as_posix()] = size
        total += size
    return {"total": total, "html_gz": gz_size(data), "assets": assets, "external": external, "missing": missing}


def report_pages(site: Path, part: str = "index.html") -> list[Path]:
    """Every report page of both editions: <edition>/reports/<id>/index.html (not the index itself);
    with ``part="text/index.html"``, every report's full-text page instead."""
    out = []
    for base in (site, site / "zh-Hant"):
        reports = base / "reports"
        if reports.is_dir():
            out += sorted(p / part for p in reports.iterdir() if p.name != "page" and (p / part).is_file())
    return out


def search_size(site: Path) -> tuple[int, int]:
    """Files and bytes of the site's Pagefind bundles: pagefind/ and, past
    generator.site.PAGES_PER_BUNDLE pages, pagefind-1/ … beside it."""
    sizes = [tree_size(p) for p in sorted(Path(site).glob("pagefind*"))
             if p.is_dir() and re.fullmatch(r"pagefind(-\d+)?", p.name)]
    return sum(f for f, _ in sizes), sum(b for _, b in sizes)


def tree_size(path: Path) -> tuple[int, int]:
    """(files, bytes) under path."""
    files = size = 0
    if path.is_file():
        return 1, path.stat().st_size
    if path.exists():
        for p in path.rglob("*"):
            if p.is_file() and not p.is_symlink():
                files += 1
                size += p.stat().st_size
    return files, size


# ---------------------------------------------------------------------------------------------
# Child-side stage runners (python bench.py --child --stage NAME ...)
# ---------------------------------------------------------------------------------------------

def _has(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name, None)
    except Exception:        # noqa: BLE001 - a half-written module must not stop the benchmark
        return None


def _emit(**data) -> None:
    print("BENCH " + json.dumps(data, ensure_ascii=False), flush=True)


def _load(records_dir: Path, sources: Path):
    load_published = _has("generator.pipeline", "load_published")
    if load_published is not None:
        return load_published(records_dir, sources)
    import yaml
    records = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(records_dir.glob("*.yaml"))]
    return ([r for r in records if r.get("is_report")],
            [{"file": (r.get("source") or {}).get("file"), "id": r.get("id"),
              "reason": r.get("not_report_reason") or "not an annual report"} for r in records if not r.get("is_report")])


def stage_records(records_dir: Path, sources: Path) -> None:
    published, unpublished = _load(records_dir, sources)
    _emit(published=len(published), unpublished=len(unpublished))


def stage_render(records_dir: Path, docs_dir: Path, script: str, sources: Path) -> None:
    from generator.render import render_docs
    t = time.perf_counter()
    published, unpublished = _load(records_dir, sources)
    loaded = time.perf_counter() - t
    kwargs = {}
    params = inspect.signature(render_docs).parameters
    if "records_dir" in params:
        kwargs["records_dir"] = records_dir
    if "sources_dir" in params:
        kwargs["sources_dir"] = sources
    render_docs(published, unpublished, docs_dir, script, ROOT / "content", **kwargs)
    _emit(load_s=round(loaded, 2), render_s=round(time.perf_counter() - t - loaded, 2))


def stage_parse_shape(listing: Path, root: Path, out: Path) -> None:
    """One core, through the API (for --detail): parse_paths(jobs=1), then the YAML records."""
    from generator.pipeline import parse_paths
    paths = [Path(x) for x in listing.read_text(encoding="utf-8").split("\n") if x]
    out.mkdir(parents=True, exist_ok=True)
    records, _ = parse_paths(paths, root, jobs=1)
    import yaml
    for r in records:
        (out / f"{r['id']}.yaml").write_text(yaml.safe_dump(r, allow_unicode=True, sort_keys=False), encoding="utf-8")


def stage_site_both(docs: Path, site_dir: Path, work_dir: Path) -> None:
    from generator.site import build_site
    kwargs = {"work_dir": work_dir}
    if "pagefind" in inspect.signature(build_site).parameters:
        kwargs["pagefind"] = False
    build_site(docs / "zh-Hans", docs / "zh-Hant", site_dir, **kwargs)


def stage_pagefind(site_dir: Path) -> None:
    from generator.site import run_pagefind
    run_pagefind(site_dir)


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
    _emit(pdf_pages=pages)


def child_main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stage", required=True)
    ap.add_argument("--root", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--records", type=Path)
    ap.add_argument("--docs", type=Path)
    ap.add_argument("--site", type=Path)
    ap.add_argument("--script")
    ap.add_argument("--n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--list", type=Path)
    a = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if a.stage == "generate":
        sys.path.insert(0, str(HERE))
        import synth
        synth.generate(a.out, a.n, seed=a.seed)
    elif a.stage == "generate-docs":
        stage_generate_documents(a.out, a.n, a.seed)
    elif a.stage == "parse-shape":
        stage_parse_shape(a.list, a.root, a.out)
    elif a.stage == "records":
        stage_records(a.records, a.root)
    elif a.stage == "render":
        stage_render(a.records, a.docs, a.script, a.root)
    elif a.stage == "site-both":
        stage_site_both(a.docs, a.site, a.out)
    elif a.stage == "pagefind":
        stage_pagefind(a.site)
    else:
        raise SystemExit(f"unknown stage {a.stage}")
    return 0


# ---------------------------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------------------------

def _self(*args: str) -> list[str]:
    return [PY, str(Path(__file__).resolve()), "--child", *args]


def _cli_help(command: str, tries: int = 3) -> str | None:
    """The help text of `python -m generator <command>`, or None (after `tries`: the tree may be
    mid-edit for a moment)."""
    for attempt in range(tries):
        try:
            proc = subprocess.run([PY, "-m", "generator", command, "--help"], cwd=ROOT, capture_output=True,
                                  text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if proc.returncode == 0:
            return proc.stdout
        if attempt == tries - 1:
            print(f"# `python -m generator {command} --help` failed: {proc.stderr.strip().splitlines()[-1:]}", flush=True)
        time.sleep(2)
    return None


def stock_config(script: str, docs_dir: Path, site_dir: Path) -> dict:
    """A minimal MkDocs configuration for the same Markdown: theme material (language only), no hooks,
    no custom_dir overrides, no theme features/palette/extra, no plugins (stock Material would add its
    lunr search; our site uses Pagefind, timed apart). Kept: site_name, nav and not_in_nav (without
    them Material puts all N report pages in every page's sidebar, an N² build that measures the nav,
    not the theme) and markdown_extensions (how the Markdown reads) but generator.site.rawblocks."""
    edition_config = _has("generator.site", "edition_config")
    if edition_config is not None:
        cfg = edition_config(script, docs_dir, site_dir)
    else:
        import yaml
        cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    out = {
        "site_name": cfg.get("site_name", "archive"),
        "docs_dir": str(Path(docs_dir).resolve()),
        "site_dir": str(Path(site_dir).resolve()),
        "use_directory_urls": cfg.get("use_directory_urls", True),
        "theme": {"name": "material", "language": "zh" if script == "zh-Hans" else "zh-Hant"},
        "plugins": [],
    }
    for key in ("markdown_extensions", "nav", "not_in_nav", "validation"):
        if key in cfg:
            out[key] = cfg[key]
    # Our own extension (the renderer's HTML blocks unparsed) is part of "ours", not of stock Material.
    out["markdown_extensions"] = [e for e in out.get("markdown_extensions", []) if e != "generator.site.rawblocks"]
    return out


class Bench:
    def __init__(self, args):
        self.args = args
        self.results: list[Result] = []
        self.summaries: dict[int, dict] = {}
        self.log = args.workdir / "bench.log"
        self.env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
        self.env.setdefault("NO_MKDOCS_2_WARNING", "1")
        self.parse_help = _cli_help("parse")
        self.build_help = _cli_help("build")

    def run(self, stage: str, n: int, commands: list[list[str]], output=None, note: str = "") -> Result:
        """``output``: the path the stage writes, or a function giving its (files, bytes)."""
        r = measure(stage, n, commands, cwd=ROOT, env=self.env, log=self.log)
        if callable(output):
            r.files, r.bytes = output()
        elif output is not None:
            r.files, r.bytes = tree_size(output)
        if note and r.ok:
            r.note = note
        self.results.append(r)
        print(row(r), flush=True)
        return r

    def one_n(self, n: int) -> None:
        work = self.args.workdir / f"n{n}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        sources, records, docs, site = work / "sources", work / "records", work / "docs", work / "site"
        jobs = self.args.jobs
        g = measure("generate", n, [_self("--stage", "generate", "--out", str(sources), "--n", str(n),
                                         "--seed", str(self.args.seed))], cwd=ROOT, env=self.env, log=self.log)
        if not g.ok:
            raise SystemExit(f"corpus generation failed: {g.note}")
        src_files, src_bytes = tree_size(sources / "synth")
        print(f"# N={n}: corpus {src_files // 2} sources, {src_bytes / 1e6:.1f} MB, generated in {g.wall:.1f} s", flush=True)

        if self.args.detail:
            self.detail(n, work, sources)

        # parse
        if self.parse_help:
            cmd = [PY, "-m", "generator", "parse", str(sources), "--out", str(records)]
            if "--jobs" in self.parse_help:
                cmd += ["--jobs", str(jobs)]
            self.run("parse", n, [cmd], records, note=f"--jobs {jobs}")
        else:
            self.results.append(Result("parse", n, ok=False, note="no `python -m generator parse`"))
        # records
        self.run("records", n, [_self("--stage", "records", "--records", str(records), "--root", str(sources))])
        # render
        for script in SCRIPTS:
            self.run(f"render {script}", n, [_self("--stage", "render", "--records", str(records), "--docs",
                                                    str(docs / script), "--script", script, "--root", str(sources))],
                     docs / script)
        # mkdocs, ours then stock
        ours = self.run("mkdocs both", n, [_self("--stage", "site-both", "--docs", str(docs), "--site", str(site),
                                                 "--out", str(work / "build"))], site, note="build_site(pagefind=False)")
        stock = self.stock(n, work, docs)
        # pagefind
        pf = self.run("pagefind", n, [_self("--stage", "pagefind", "--site", str(site))],
                      lambda: search_size(site))
        # end to end
        if not self.args.no_e2e:
            self.end_to_end(n, work, sources)
        self.summaries[n] = self.summary(n, site, ours, stock, pf)
        self.print_summary(n)
        self.write_json()

    def stock(self, n: int, work: Path, docs: Path) -> Result:
        """Both editions with the stock configuration, in parallel, from copies of the docs trees."""
        import yaml
        copies, out, cmds = work / "stock-docs", work / "stock-site", []
        shutil.rmtree(copies, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        for script in SCRIPTS:
            if not (docs / script).is_dir():
                continue
            shutil.copytree(docs / script, copies / script)
            cfg = stock_config(script, copies / script, out / script)
            path = work / f"mkdocs.stock.{script}.yml"
            path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
            cmds.append([PY, "-m", "mkdocs", "build", "--clean", "--quiet", "-f", str(path)])
        r = self.run("mkdocs stock", n, cmds, out, note="theme material only, same Markdown")
        shutil.rmtree(copies, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        return r

    def end_to_end(self, n: int, work: Path, sources: Path) -> None:
        if not self.build_help:
            self.results.append(Result("end to end", n, ok=False, note="no `python -m generator build`"))
            return
        site = work / "site-e2e"
        cmd = [PY, "-m", "generator", "build", "--sources", str(sources), "--site", str(site)]
        if "--jobs" in self.build_help:
            cmd += ["--jobs", str(self.args.jobs)]
        self.run("end to end", n, [cmd], site, note="python -m generator build")
        # Incremental (issue 11, item 2): the same build again, unchanged, then with one source edited.
        pages = [] if self.args.no_rebuild else sorted((sources / "synth").glob("*.html"))
        if pages:
            edited = pages[0]
            self.run("rebuild, no change", n, [cmd], site, note="parse cache: every source cached")
            edited.write_bytes(edited.read_bytes() + b"\n<!-- saved again -->\n")
            self.run("rebuild, 1 source edited", n, [cmd], site, note=f"{edited.name} changed")
            # The next edit: an incremental build starts from the tree the last one replaced
            # (generator.site's spare), the first one after a full build from a new linked copy.
            again = pages[len(pages) // 2]
            again.write_bytes(again.read_bytes() + b"\n<!-- saved again -->\n")
            self.run("rebuild, next source edited", n, [cmd], site, note=f"{again.name} changed")
        workspace = _has("generator.build", "workspace")
        if workspace is not None:
            try:
                scratch = Path(workspace(sources)["work"])
            except Exception:      # noqa: BLE001
                scratch = None
            if scratch is not None and scratch.parent == ROOT / "build" and scratch.name.startswith("work-"):
                shutil.rmtree(scratch, ignore_errors=True)
        if not self.args.keep:
            shutil.rmtree(site, ignore_errors=True)

    def detail(self, n: int, work: Path, sources: Path) -> None:
        files = sorted(p for p in (sources / "synth").iterdir() if not p.name.endswith(".meta.yaml"))
        groups = {"text": [p for p in files if p.name.endswith(("-dump.txt", "-cells.txt"))],
                  "html": [p for p in files if p.name.endswith("-html.html")],
                  "word": [p for p in files if p.name.endswith("-word.html")]}
        docs_n = min(n, 40)
        root = work / "documents"
        g = measure("generate documents", n, [_self("--stage", "generate-docs", "--out", str(root), "--n", str(docs_n),
                                                    "--seed", str(self.args.seed))], cwd=ROOT, env=self.env, log=self.log)
        if g.ok:
            for kind in ("pdf", "docx"):
                groups[kind] = sorted(p for p in (root / kind / "synth").iterdir() if p.suffix == f".{kind}")
        for kind, paths in groups.items():
            if not paths:
                continue
            listing = work / f"list-{kind}.txt"
            listing.write_text("\n".join(map(str, paths)), encoding="utf-8")
            base = sources if kind in ("text", "html", "word") else root / kind
            r = self.run(f"parse {kind} 1 core", n, [_self("--stage", "parse-shape", "--list", str(listing), "--root",
                                                        str(base), "--out", str(work / f"records-{kind}"))],
                         work / f"records-{kind}", note=f"{len(paths)} files, {len(paths) / 1:.0f} items")
            if r.wall:
                r.note = f"{len(paths)} files, {len(paths) / r.wall:.1f} files/s"
            shutil.rmtree(work / f"records-{kind}", ignore_errors=True)

    def summary(self, n: int, site: Path, ours: Result, stock: Result, pf: Result) -> dict:
        s: dict = {"n": n}
        if ours.ok and stock.ok and stock.wall and stock.cpu:
            s["mkdocs_ratio_wall"] = round(ours.wall / stock.wall, 3)
            s["mkdocs_ratio_cpu"] = round(ours.cpu / stock.cpu, 3)
        if not site.is_dir():
            return s
        sizes = sorted(((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*")
                        if p.is_file() and not p.is_symlink()), reverse=True)
        total = sum(b for b, _ in sizes)
        hant = tree_size(site / "zh-Hant")[1]
        search = search_size(site)[1]
        s.update(site_bytes=total, site_files=len(sizes), per_report=round(total / n),
                 parts={"zh-Hans": total - hant - search, "zh-Hant": hant, "pagefind": search},
                 largest=[[p, b] for b, p in sizes[:5]])
        texts = sorted(p.stat().st_size for p in report_pages(site, "text/index.html"))
        if texts:
            s["text_page_median"], s["text_page_max"] = statistics.median_low(texts), texts[-1]
        pages = report_pages(site)
        if pages:
            page_sizes = sorted(p.stat().st_size for p in pages)
            s["page_median"] = statistics.median_low(page_sizes)
            s["page_max"] = page_sizes[-1]
            by_size = sorted(pages, key=lambda p: (p.stat().st_size, str(p)))
            median_page, max_page = by_size[len(by_size) // 2], by_size[-1]
            for key, page in (("first_load_median", median_page), ("first_load_max", max_page)):
                fl = first_load_bytes(page, site)
                s[key] = fl["total"]
                s[key + "_page"] = page.relative_to(site).as_posix()
                s[key + "_detail"] = fl
        return s

    def print_summary(self, n: int) -> None:
        s = self.summaries[n]
        kb = 1e3
        print(f"# N={n}:", flush=True)
        if "mkdocs_ratio_wall" in s:
            print(f"#   MkDocs ours / stock Material: {s['mkdocs_ratio_wall']:.2f}x wall, {s['mkdocs_ratio_cpu']:.2f}x CPU")
        if "site_bytes" in s:
            parts = ", ".join(f"{k} {v / n / kb:.1f}" for k, v in s["parts"].items())
            flag = "ok" if s["per_report"] <= TARGET_KB_PER_REPORT * kb else f"target <= {TARGET_KB_PER_REPORT}"
            print(f"#   site: {s['site_bytes'] / 1e6:.1f} MB, {s['site_files']} files, {s['per_report'] / kb:.1f} KB per report "
                  f"({flag}; {parts} KB/report)")
            print("#   largest files: " + ", ".join(f"{p} {b / kb:.0f} KB" for p, b in s["largest"]))
        if "page_median" in s:
            print(f"#   report page HTML: median {s['page_median'] / kb:.1f} KB, max {s['page_max'] / kb:.1f} KB "
                  f"(target <= {TARGET_PAGE_KB} KB)")
            if "text_page_median" in s:
                print(f"#   full-text page HTML (reports/<id>/text/, beside each report page): median "
                      f"{s['text_page_median'] / kb:.1f} KB, max {s['text_page_max'] / kb:.1f} KB")
            print(f"#   first load, gzip, HTML + CSS/JS: median page {s['first_load_median'] / kb:.1f} KB, "
                  f"largest page {s['first_load_max'] / kb:.1f} KB (target <= {TARGET_FIRST_LOAD_KB} KB; "
                  f"HTML {s['first_load_max_detail']['html_gz'] / kb:.1f} KB + {len(s['first_load_max_detail']['assets'])} assets)")
        sys.stdout.flush()

    def exponents(self) -> list[dict]:
        ns = sorted(self.summaries)
        if len(ns) < 2:
            return []
        out = []
        stages = list(dict.fromkeys(r.stage for r in self.results))
        for stage in stages:
            rs = {r.n: r for r in self.results if r.stage == stage and r.ok}
            xs = [n for n in ns if n in rs]
            e = {"stage": stage}
            for key in ("wall", "cpu", "rss_mb", "pss_mb", "bytes"):
                e[key] = fit_exponent(xs, [getattr(rs[n], key) or 0 for n in xs])
            out.append(e)
        for key, label in (("page_max", "report page max"), ("site_bytes", "site bytes")):
            xs = [n for n in ns if key in self.summaries[n]]
            out.append({"stage": label, "wall": None, "cpu": None, "rss_mb": None, "pss_mb": None,
                        "bytes": fit_exponent(xs, [self.summaries[n][key] for n in xs])})
        xs = [n for n in ns if self.summaries[n].get("largest")]
        out.append({"stage": "largest file", "wall": None, "cpu": None, "rss_mb": None, "pss_mb": None,
                    "bytes": fit_exponent(xs, [self.summaries[n]["largest"][0][1] for n in xs])})
        return out

    def write_json(self) -> None:
        out = self.args.json or self.args.workdir / "bench.json"
        out.write_text(json.dumps({
            "n": sorted(self.summaries), "seed": self.args.seed, "jobs": self.args.jobs, "cores": os.cpu_count(),
            "results": [asdict(r) for r in self.results], "summaries": self.summaries, "exponents": self.exponents(),
        }, ensure_ascii=False, indent=1), encoding="utf-8")


def _fmt(v, spec: str, width: int) -> str:
    return "—".rjust(width) if v is None else format(v, spec).rjust(width)


HEADER = (f"{'stage':<20} {'N':>6} {'wall s':>8} {'CPU s':>8} {'peak RSS MB':>11} {'PSS MB':>7} {'files':>7} "
          f"{'bytes':>13}  note")


def row(r: Result) -> str:
    note = r.note
    shown = {k: v for k, v in r.extra.items() if not isinstance(v, (dict, list))}
    if shown:
        note = (note + " " if note else "") + " ".join(f"{k}={v}" for k, v in shown.items())
    return (f"{r.stage:<20} {r.n:>6} {_fmt(r.wall, '.1f', 8)} {_fmt(r.cpu, '.1f', 8)} {_fmt(r.rss_mb, '.0f', 11)} "
            f"{_fmt(r.pss_mb, '.0f', 7)} {_fmt(r.files, 'd', 7)} {_fmt(r.bytes, ',d', 13)}  {note}")


def exponent_table(rows: list[dict]) -> str:
    def f(v):
        if v is None:
            return "—".rjust(7)
        return f"{v:7.2f}" + ("!" if v > TARGET_EXPONENT else " ")
    lines = [f"{'exponent k (value ~ N^k)':<26} {'wall':>8} {'CPU':>8} {'RSS':>8} {'PSS':>8} {'bytes':>8}   (! = above {TARGET_EXPONENT})"]
    for e in rows:
        lines.append(f"{e['stage']:<26} {f(e['wall'])} {f(e['cpu'])} {f(e['rss_mb'])} {f(e.get('pss_mb'))} {f(e['bytes'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        return child_main(argv[1:])
    ap = argparse.ArgumentParser(description="Time every pipeline stage on a synthetic corpus.")
    ap.add_argument("--n", default="1000", help="number(s) of synthetic reports, comma-separated (default 1000)")
    ap.add_argument("--workdir", type=Path, help="work directory (default: a temporary one, removed afterwards)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for the parse (default: all cores)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", action="store_true", help="keep the work directory (and the end-to-end site)")
    ap.add_argument("--no-e2e", action="store_true", help="skip `python -m generator build` end to end")
    ap.add_argument("--no-rebuild", action="store_true", help="skip the two incremental rebuilds after the end-to-end build")
    ap.add_argument("--detail", action="store_true", help="also single-core parse per source shape, PDF and .docx")
    ap.add_argument("--json", type=Path, help="write the results as JSON here (default WORKDIR/bench.json)")
    args = ap.parse_args(argv)
    try:
        ns = sorted({int(x) for x in str(args.n).split(",") if x.strip()})
    except ValueError:
        ap.error("--n takes integers separated by commas")
    if not ns or min(ns) < 1:
        ap.error("--n must be at least 1")
    temporary = args.workdir is None
    args.workdir = Path(tempfile.mkdtemp(prefix="bench-")) if temporary else args.workdir.resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    bench = Bench(args)
    print(f"# benchmark: N={','.join(map(str, ns))} seed={args.seed} jobs={args.jobs} cores={os.cpu_count()} "
          f"workdir={args.workdir}", flush=True)
    print(HEADER, flush=True)
    for n in ns:
        bench.one_n(n)
        if temporary and not args.keep:
            shutil.rmtree(args.workdir / f"n{n}", ignore_errors=True)
    print()
    print(HEADER)
    order = list(dict.fromkeys(r.stage for r in bench.results))
    for stage in order:
        for r in sorted((r for r in bench.results if r.stage == stage), key=lambda r: r.n):
            print(row(r))
    for n in ns:
        bench.print_summary(n)
    exps = bench.exponents()
    if exps:
        print()
        print(exponent_table(exps))
    bench.write_json()
    if temporary and not args.keep:
        shutil.rmtree(args.workdir, ignore_errors=True)
        print("(temporary work directory removed with its log; --keep or --workdir to keep them)")
    else:
        print(f"log: {bench.log}  results: {args.json or args.workdir / 'bench.json'}")
    return 0 if all(r.ok for r in bench.results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
