#!/usr/bin/env python3
"""Where parse, records, render and MkDocs spend their time and memory (cProfile, tracemalloc, gc).

    python benchmarks/profile.py WORK [--out DIR] [--parts parse,gc,parent,records,render,mkdocs] [--limit K]

WORK is a benchmark work directory for one N (``bench.py --workdir W`` leaves W/n<N>/ with sources/,
records/ and docs/). Each part runs in this process, in-process (no worker processes, so that the
profiler sees the work), and writes DIR/<part>.txt (top 15 by cumulative time) and DIR/profile.json:

  parse    parse + checks + YAML + schema of the first K sources, in-process (cProfile)
  gc       the controlled test of issue 11: parse the first K sources in-process, keeping every
           record (as parse_paths' parent does), CPU per batch of 100 with the garbage collector
           on and off; time spent in collections (gc.callbacks) and the number of full collections
  parent   parse_paths(jobs=2) as the CLI runs it: CPU of this (parent) process vs its workers,
           then finalize / write_records / validate (cProfile) and their peak Python memory
  records  generator.pipeline.load_published (cProfile, tracemalloc peak)
  render   generator.render.render_docs zh-Hans into a scratch tree (cProfile, tracemalloc peak)
  mkdocs   MkDocs build of the zh-Hans edition in-process (cProfile): the share of html.parser
           (HTMLParser.goahead) by caller — Markdown's HtmlBlockPreprocessor, MkDocs' anchor
           collector, others — and the number of end tags parsed
"""
from __future__ import annotations

import sys
from pathlib import Path

# This file shadows the standard library's `profile`, which cProfile imports: run as a script,
# benchmarks/ is sys.path[0], so take it off before importing cProfile.
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]

import argparse  # noqa: E402
import cProfile  # noqa: E402
import gc  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402

ROOT = HERE.parent
sys.path.insert(0, str(ROOT))


def _top(prof: cProfile.Profile, n: int = 15) -> str:
    s = io.StringIO()
    st = pstats.Stats(prof, stream=s)
    st.sort_stats("cumulative").print_stats(n)
    return s.getvalue()


def _total(prof: cProfile.Profile) -> float:
    return pstats.Stats(prof).total_tt


def _func_share(prof: cProfile.Profile, filename_end: str, name: str, line: int | None = None) -> dict:
    """Cumulative time of every function `name` defined in a file ending `filename_end` (at `line`,
    if given), split by its callers (file:function), and its call count."""
    st = pstats.Stats(prof)
    out = {"cumulative": 0.0, "calls": 0, "by_caller": {}}
    for (fn, lineno, func), (cc, nc, tt, ct, callers) in st.stats.items():
        if func == name and fn.endswith(filename_end) and (line is None or lineno == line):
            out["cumulative"] += ct
            out["calls"] += nc
            for (cfn, cline, cfunc), caller_stats in callers.items():
                key = f"{'/'.join(Path(cfn).parts[-2:])}:{cfunc}"
                out["by_caller"][key] = out["by_caller"].get(key, 0.0) + caller_stats[3]
    return out


def _sources(work: Path, limit: int | None) -> tuple[Path, list[Path]]:
    from generator import ingest
    root = work / "sources"
    paths = list(ingest.discover(root))
    return root, paths[:limit] if limit else paths


def part_parse(work: Path, out: Path, limit: int | None) -> dict:
    from generator import pipeline, records as rec
    root, paths = _sources(work, limit)
    prof = cProfile.Profile()
    t = time.process_time()
    prof.enable()
    records = []
    for p in paths:
        recs, _ = pipeline._parse_one((str(p), str(root)))
        records.extend(recs)
    records = pipeline.finalize(records, {})
    scratch = Path(tempfile.mkdtemp(prefix="prof-records-"))
    pipeline.write_records(records, scratch)
    for r in records:
        rec.validate(r)
    prof.disable()
    cpu = time.process_time() - t
    shutil.rmtree(scratch, ignore_errors=True)
    (out / "parse.txt").write_text(_top(prof, 25), encoding="utf-8")
    return {"sources": len(paths), "records": len(records), "cpu_s_profiled": round(cpu, 2)}


def part_gc(work: Path, out: Path, limit: int | None) -> dict:
    from generator import pipeline
    root, paths = _sources(work, limit or 600)
    result = {}
    for mode in ("gc on", "gc off"):
        gc.collect()
        held, batches = [], []
        spent = {"t": 0.0, "full": 0, "start": 0.0}

        def cb(phase, info, spent=spent):
            if phase == "start":
                spent["start"] = time.perf_counter()
            else:
                spent["t"] += time.perf_counter() - spent["start"]
                if info.get("generation") == 2:
                    spent["full"] += 1

        gc.callbacks.append(cb)
        if mode == "gc off":
            gc.disable()
        try:
            t = time.process_time()
            for i, p in enumerate(paths, 1):
                recs, _ = pipeline._parse_one((str(p), str(root)))
                held.extend(recs)
                if i % 100 == 0:
                    now = time.process_time()
                    batches.append(round(now - t, 2))
                    t = now
        finally:
            gc.enable()
            gc.callbacks.remove(cb)
        result[mode] = {"cpu_per_100": batches, "gc_seconds": round(spent["t"], 2), "full_collections": spent["full"],
                        "objects_tracked_at_end": len(gc.get_objects())}
        del held
    (out / "gc.txt").write_text(json.dumps(result, indent=1), encoding="utf-8")
    return result


def part_parent(work: Path, out: Path, limit: int | None) -> dict:
    import resource
    from generator import pipeline, records as rec
    root, paths = _sources(work, limit)
    self0, kids0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    records, errors = pipeline.parse_paths(paths, root, jobs=2)
    wall = time.perf_counter() - t
    self1, kids1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    parent_cpu = (self1.ru_utime + self1.ru_stime) - (self0.ru_utime + self0.ru_stime)
    workers_cpu = (kids1.ru_utime + kids1.ru_stime) - (kids0.ru_utime + kids0.ru_stime)
    prof = cProfile.Profile()
    tracemalloc.start()
    timings = {}
    prof.enable()
    t = time.process_time()
    records = pipeline.finalize(records, {})
    timings["finalize"] = time.process_time() - t
    scratch = Path(tempfile.mkdtemp(prefix="prof-records-"))
    t = time.process_time()
    pipeline.write_records(records, scratch)
    timings["write_records"] = time.process_time() - t
    t = time.process_time()
    for r in records:
        rec.validate(r)
    timings["validate"] = time.process_time() - t
    prof.disable()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    shutil.rmtree(scratch, ignore_errors=True)
    (out / "parent.txt").write_text(_top(prof), encoding="utf-8")
    return {"sources": len(paths), "parse_paths_wall_s": round(wall, 2), "parent_cpu_s": round(parent_cpu, 2),
            "workers_cpu_s": round(workers_cpu, 2), **{k + "_cpu_s": round(v, 2) for k, v in timings.items()},
            "after_parse_traced_peak_mb": round(peak / 2**20, 1)}


def part_records(work: Path, out: Path, limit: int | None) -> dict:
    from generator import pipeline
    prof = cProfile.Profile()
    tracemalloc.start()
    t = time.process_time()
    prof.enable()
    published, unpublished = pipeline.load_published(work / "records", work / "sources")
    prof.disable()
    cpu = time.process_time() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    (out / "records.txt").write_text(_top(prof), encoding="utf-8")
    return {"published": len(published), "cpu_s_profiled": round(cpu, 2), "traced_peak_mb": round(peak / 2**20, 1)}


def part_render(work: Path, out: Path, limit: int | None) -> dict:
    from generator import pipeline
    from generator.render import render_docs
    published, unpublished = pipeline.load_published(work / "records", work / "sources")
    gc.collect()
    scratch = Path(tempfile.mkdtemp(prefix="prof-docs-"))
    prof = cProfile.Profile()
    tracemalloc.start()
    base, _ = tracemalloc.get_traced_memory()
    t = time.process_time()
    prof.enable()
    render_docs(published, unpublished, scratch, "zh-Hans", ROOT / "content", 
                sources_dir=work / "sources")
    prof.disable()
    cpu = time.process_time() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    shutil.rmtree(scratch, ignore_errors=True)
    (out / "render.txt").write_text(_top(prof, 25), encoding="utf-8")
    return {"records": len(published), "cpu_s_profiled": round(cpu, 2),
            "traced_peak_above_loaded_mb": round((peak - base) / 2**20, 1)}


def part_mkdocs(work: Path, out: Path, limit: int | None) -> dict:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    import generator.site as site
    from generator.site import edition_config, write_edition_config
    os.environ[getattr(site, "MANAGED_ENV", "ARCHIVE_MANAGED_BUILD")] = "1"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    scratch = Path(tempfile.mkdtemp(prefix="prof-site-"))
    cfg = edition_config("zh-Hans", work / "docs" / "zh-Hans", scratch / "site")
    path = write_edition_config(cfg, scratch / "mkdocs.zh-Hans.yml")
    config = load_config(config_file=str(path))
    prof = cProfile.Profile()
    t = time.process_time()
    prof.enable()
    build(config)
    prof.disable()
    cpu = time.process_time() - t
    shutil.rmtree(scratch, ignore_errors=True)
    prof.dump_stats(str(out / "mkdocs.pstats"))
    total = _total(prof)
    # Both html.parser passes run HTMLParser.feed → goahead; which pass is which shows in the
    # cumulative time of the preprocessor that feeds it.
    import inspect
    import markdown.preprocessors
    import mkdocs.structure.pages

    def line(f):
        return inspect.getsourcelines(f)[1]

    passes = {
        "markdown HtmlBlockPreprocessor.run": _func_share(
            prof, "markdown/preprocessors.py", "run", line(markdown.preprocessors.HtmlBlockPreprocessor.run)),
        "mkdocs _RawHTMLPreprocessor.run (anchors)": _func_share(
            prof, "mkdocs/structure/pages.py", "run", line(mkdocs.structure.pages._RawHTMLPreprocessor.run)),
        "markdown Markdown.convert": _func_share(prof, "markdown/core.py", "convert"),
        "mkdocs _build_page": _func_share(prof, "mkdocs/commands/build.py", "_build_page"),
        "mkdocs _populate_page": _func_share(prof, "mkdocs/commands/build.py", "_populate_page"),
        "mkdocs Page.render": _func_share(prof, "mkdocs/structure/pages.py", "render"),
    }
    goahead = _func_share(prof, "html/parser.py", "goahead")
    endtags = _func_share(prof, "html/parser.py", "parse_endtag")
    templates = _func_share(prof, "jinja2/environment.py", "render")
    markdown = _func_share(prof, "markdown/core.py", "convert")
    text = _top(prof, 25)
    text += "\n\nhtml.parser goahead by caller (cumulative s):\n" + json.dumps(goahead, indent=1)
    (out / "mkdocs.txt").write_text(text, encoding="utf-8")
    return {"cpu_s_profiled": round(cpu, 2), "profiled_total_s": round(total, 2),
            "passes_cumulative_s": {k: round(v["cumulative"], 2) for k, v in passes.items()},
            "html_parser_s": round(goahead["cumulative"], 2),
            "html_parser_share": round(goahead["cumulative"] / total, 3) if total else None,
            "html_parser_by_caller_s": {k: round(v, 2) for k, v in sorted(goahead["by_caller"].items(), key=lambda kv: -kv[1])},
            "end_tags": endtags["calls"], "jinja_render_s": round(templates["cumulative"], 2),
            "markdown_convert_s": round(markdown["cumulative"], 2)}


PARTS = {"parse": part_parse, "gc": part_gc, "parent": part_parent, "records": part_records,
         "render": part_render, "mkdocs": part_mkdocs}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("work", type=Path, help="a benchmark work directory for one N (with sources/, records/, docs/)")
    ap.add_argument("--out", type=Path, default=None, help="where to write the profiles (default WORK/profile)")
    ap.add_argument("--parts", default=",".join(PARTS))
    ap.add_argument("--limit", type=int, default=None, help="sources for parse / gc / parent (default all; gc 600)")
    a = ap.parse_args(argv)
    out = a.out or a.work / "profile"
    out.mkdir(parents=True, exist_ok=True)
    summary_path = out / "profile.json"
    summary = json.loads(summary_path.read_text(encoding="utf-8")) if summary_path.is_file() else {}
    for name in a.parts.split(","):
        t = time.perf_counter()
        summary[name] = PARTS[name](a.work, out, a.limit)
        summary[name]["wall_s"] = round(time.perf_counter() - t, 1)
        print(name, json.dumps(summary[name], ensure_ascii=False), flush=True)
        summary_path.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
