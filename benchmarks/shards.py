#!/usr/bin/env python3
"""Simulate the sharded build of docs/scale.md on one machine: K shards of S reports, one after another.

    python benchmarks/shards.py --shards 4 --size 600 [--workdir DIR] [--jobs J] [--keep]

Shard k holds the synthetic reports k·S … (k+1)·S − 1 (S is rounded to whole bodies, so every year
of a body is in one shard, as with the province key). Each shard is built as an independent job:
parse → render zh-Hans, zh-Hant → MkDocs both editions → Pagefind of that shard, each stage measured
like benchmarks/bench.py (wall, CPU, peak RSS of the process tree). The point is the shape: per-shard
time and memory stay flat as shards are added (they depend on S, not on K·S), and the Pagefind
bundles are what the search page merges (``pagefind.mergeIndex``). Shard folders are removed after
measuring unless --keep; the bundles' sizes are kept in the table.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402
import synth  # noqa: E402

STAGES = ("parse", "render zh-Hans", "render zh-Hant", "mkdocs both", "pagefind")


def generate_range(out: Path, start: int, count: int, seed: int) -> None:
    folder = out / synth.COLLECTION
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + count):
        report = synth.make_report(seed, i)
        path = out / report.file
        path.write_bytes(synth.render(report))
        path.with_name(path.name + ".meta.yaml").write_text(synth.meta_yaml(report), encoding="utf-8")


def build_shard(k: int, start: int, size: int, work: Path, args, env: dict, log: Path) -> list[bench.Result]:
    shard = work / f"shard-{k:03d}"
    shutil.rmtree(shard, ignore_errors=True)
    sources, records, docs, site = shard / "sources", shard / "records", shard / "docs", shard / "site"
    generate_range(sources, start, size, args.seed)
    py, me = bench.PY, bench._self
    label = f"shard {k}"
    out = []

    def run(stage, cmds, output=None):
        r = bench.measure(f"{label} {stage}", size, cmds, cwd=bench.ROOT, env=env, log=log)
        if output is not None:
            r.files, r.bytes = bench.tree_size(output)
        out.append(r)
        print(bench.row(r), flush=True)
        return r

    run("parse", [[py, "-m", "generator", "parse", str(sources), "--out", str(records), "--jobs", str(args.jobs)]], records)
    for script in bench.SCRIPTS:
        run(f"render {script}", [me("--stage", "render", "--records", str(records), "--docs", str(docs / script),
                                    "--script", script, "--root", str(sources))], docs / script)
    run("mkdocs both", [me("--stage", "site-both", "--docs", str(docs), "--site", str(site), "--out", str(shard / "build"))], site)
    run("pagefind", [me("--stage", "pagefind", "--site", str(site))], site / "pagefind")
    if not args.keep:
        shutil.rmtree(shard, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--size", type=int, default=600, help="reports per shard (rounded up to whole bodies)")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    size = -(-args.size // synth.REPORTS_PER_BODY) * synth.REPORTS_PER_BODY
    temporary = args.workdir is None
    work = Path(tempfile.mkdtemp(prefix="shards-")) if temporary else args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(bench.ROOT), os.environ.get("PYTHONPATH")])))
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    log = work / "shards.log"
    print(f"# {args.shards} shards x {size} reports, jobs={args.jobs}, workdir={work}", flush=True)
    print(bench.HEADER, flush=True)
    results = []
    for k in range(args.shards):
        results += build_shard(k, k * size, size, work, args, env, log)
    print()
    print(f"{'stage':<16} " + " ".join(f"{'shard ' + str(k):>16}" for k in range(args.shards)) + "   (wall s / peak MB)")
    for stage in STAGES:
        cells = []
        for k in range(args.shards):
            r = next((r for r in results if r.stage == f"shard {k} {stage}"), None)
            cells.append(f"{r.wall:7.1f} / {r.rss_mb:5.0f}".rjust(16) if r and r.ok else "failed".rjust(16))
        print(f"{stage:<16} " + " ".join(cells))
    per_shard = [sum(r.wall or 0 for r in results if r.stage.startswith(f"shard {k} ")) for k in range(args.shards)]
    peak = max((r.rss_mb or 0) for r in results)
    print(f"per shard wall s: {', '.join(f'{w:.0f}' for w in per_shard)}; peak RSS of any stage {peak:.0f} MB; "
          f"{args.shards * size} reports in all")
    (args.json or work / "shards.json").write_text(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=1),
                                                   encoding="utf-8")
    if temporary and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
