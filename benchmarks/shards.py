#!/usr/bin/env python3
"""Simulate the sharded build of docs/scale.md on one machine: K shards of S reports, one after another.

    python benchmarks/shards.py --shards 4 --size 600 [--workdir DIR] [--jobs J] [--keep] [--search]

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
    if args.search:
        # What one CI job would publish for the search: its Pagefind bundles, under names of its
        # own — pagefind-<k>, and pagefind-<k>-<j> for the more bundles a shard past
        # PAGES_PER_BUNDLE pages is indexed as (shard 0 keeps its whole site, bundles and all,
        # as the page they are merged in).
        served = work / "served"
        if k == 0:
            shutil.rmtree(served, ignore_errors=True)
            shutil.move(str(site), served)
        else:
            for bundle in sorted(site.glob("pagefind*")):
                if bundle.is_dir():
                    name = f"pagefind-{k:03d}" + bundle.name[len("pagefind"):]
                    shutil.rmtree(served / name, ignore_errors=True)
                    shutil.move(str(bundle), served / name)
    if not args.keep:
        shutil.rmtree(shard, ignore_errors=True)
    return out


# In the page: load shard 0's bundle, merge the others, run each query. A result's fragment is
# fetched as the search page does (Pagefind UI loads results a few at a time): in ranked batches,
# until every report the query must find has shown up. Fetching every fragment of thousands of
# results at once is not what a visitor's browser does, and Chromium refuses it ("Failed to
# fetch": too many requests in flight), which is how the first 50-shard run failed.
BATCH = 25
MERGED_SEARCH = """async ([bundles, queries, batch]) => {
  const t0 = performance.now();
  const pagefind = await import(bundles[0] + "pagefind.js");
  await pagefind.options({ basePath: bundles[0] });
  for (const bundle of bundles.slice(1)) await pagefind.mergeIndex(bundle);
  await pagefind.init();
  const setup = performance.now() - t0;
  const out = [];
  for (const [query, ids] of queries) {
    const t = performance.now();
    const found = await pagefind.search(query);
    const urls = [], wanted = new Set(ids);
    for (let i = 0; i < found.results.length && wanted.size; i += batch) {
      const pages = await Promise.all(found.results.slice(i, i + batch).map((r) => r.data()));
      for (const p of pages) {
        urls.push(p.url);
        for (const id of wanted) if (p.url.includes("/reports/" + id + "/")) wanted.delete(id);
      }
    }
    out.push({ query, total: found.results.length, urls, ms: performance.now() - t });
  }
  return { setup, out };
}"""


def expected_reports(k: int, size: int, seed: int) -> tuple[str, set[str]]:
    """The query for shard k (the full name of its first body, whose reports are all in shard k)
    and the report ids it must find."""
    from generator.ingest import source_id

    first = synth.make_report(seed, k * size)
    ids = {source_id(synth.make_report(seed, i).file) for i in range(k * size, k * size + synth.REPORTS_PER_BODY)}
    return first.body.full_name, ids


def _report_id(url: str) -> str:
    """The record id in a result's URL: reports/<id>/ or its full-text page reports/<id>/text/
    (the page the search indexes)."""
    parts = url.strip("/").split("/")
    at = parts.index("reports") + 1 if "reports" in parts else len(parts)
    return parts[at] if at < len(parts) else ""


def not_served(served: Path, k: int, rid: str) -> bool:
    """Whether report ``rid`` of shard ``k`` is indexed in one of the shard's further bundles that
    is not among the served ones (runs before 2026-12-08 kept only a shard's first bundle)."""
    import json

    from generator.site import bundle_of
    first = served / ("pagefind" if k == 0 else f"pagefind-{k:03d}")
    try:
        others = json.loads((first / "bundles.json").read_text(encoding="utf-8")).get("bundles") or []
    except (OSError, ValueError):
        others = []
    j = bundle_of(f"reports/{rid}/text/index.html", 1 + len(others)) if others else 0
    return j > 0 and not (served / (f"{first.name}-{j}")).is_dir()


def merged_search(work: Path, shards: int, size: int, seed: int) -> list[str]:
    """Serve shard 0's site with every shard's bundle beside it, merge the bundles in Chromium
    (Pagefind's mergeIndex) and search each shard's first body: every one of its reports must be
    found, whichever shard it is in. Returns the lines to print."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    served = work / "served"
    # Every bundle served: shard 0's first (its site's own), then all the others by name.
    bundles = ["/pagefind/"] + [f"/{d.name}/" for d in sorted(served.iterdir())
                                if d.is_dir() and d.name.startswith("pagefind") and d.name != "pagefind"]

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    wanted = [expected_reports(k, size, seed) for k in range(shards)]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("--search needs Debian's chromium (apt-get install chromium)")
    lines, missing, unserved = [], 0, 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium)
            page = browser.new_page()
            page.goto(base + "about/")
            result = page.evaluate(MERGED_SEARCH, [bundles, [[q, sorted(ids)] for q, ids in wanted], BATCH])
            browser.close()
    finally:
        server.shutdown()
    lines.append(f"merged search: {len(bundles)} bundles of {shards} shards loaded and merged in {result['setup']:.0f} ms")
    for k, ((query, ids), got) in enumerate(zip(wanted, result["out"])):
        ranks = {_report_id(u): i + 1 for i, u in reversed(list(enumerate(got["urls"]))) if "/reports/" in u}
        absent = {i for i in ids if not_served(served, k, i)}
        lost = sorted(ids - ranks.keys() - absent)
        missing += len(lost)
        unserved += len(absent)
        last = max((ranks[i] for i in ids if i in ranks), default=0)
        lines.append(f"  shard {k}: {query!r}: {len(ids & ranks.keys())}/{len(ids)} of its reports in the first {last} "
                     f"of {got['total']} results, {got['ms']:.0f} ms"
                     + (f"; {len(absent)} in a bundle not served" if absent else "")
                     + (f"; missing {lost}" if lost else ""))
    if unserved:
        lines.append(f"  ({unserved} reports are in further bundles of shards that this run did not keep)")
    if missing:
        lines.append(f"merged search FAILED: {missing} reports not found")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shards", type=int, default=4)
    ap.add_argument("--size", type=int, default=600, help="reports per shard (rounded up to whole bodies)")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--search", action="store_true",
                    help="keep every shard's Pagefind bundle and search them merged in Chromium (Playwright)")
    ap.add_argument("--first", type=int, default=0,
                    help="start at this shard (resume a run whose earlier shards' bundles are in --workdir)")
    ap.add_argument("--search-only", action="store_true",
                    help="only the merged search, over the bundles an earlier --search run left in --workdir")
    args = ap.parse_args(argv)
    size = -(-args.size // synth.REPORTS_PER_BODY) * synth.REPORTS_PER_BODY
    temporary = args.workdir is None
    work = Path(tempfile.mkdtemp(prefix="shards-")) if temporary else args.workdir.resolve()
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(bench.ROOT), os.environ.get("PYTHONPATH")])))
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    log = work / "shards.log"
    if args.search_only:
        lines = merged_search(work, args.shards, size, args.seed)
        print("\n".join(lines))
        return 1 if lines[-1].startswith("merged search FAILED") else 0
    print(f"# {args.shards} shards x {size} reports, jobs={args.jobs}, workdir={work}", flush=True)
    print(bench.HEADER, flush=True)
    results = []
    for k in range(args.first, args.shards):
        results += build_shard(k, k * size, size, work, args, env, log)
    print()
    names = ("parse", "Hans", "Hant", "mkdocs", "pagefind")
    print(f"{'shard':>5} " + " ".join(f"{n:>8}" for n in names) + f" {'total s':>8} {'RSS MB':>7} {'PSS MB':>7}"
          "   (wall s of each stage; peak of any stage)")
    per_shard = []
    for k in range(args.first, args.shards):
        rs = [next((r for r in results if r.stage == f"shard {k} {stage}"), None) for stage in STAGES]
        cells = [f"{r.wall:8.1f}" if r and r.ok else "  failed" for r in rs]
        total = sum(r.wall or 0 for r in rs if r)
        per_shard.append(total)
        rss = max((r.rss_mb or 0) for r in rs if r)
        pss = max((r.pss_mb or 0) for r in rs if r)
        print(f"{k:>5} " + " ".join(cells) + f" {total:8.1f} {rss:7.0f} {pss:7.0f}")
    peak = max((r.rss_mb or 0) for r in results)
    peak_pss = max((r.pss_mb or 0) for r in results)
    print(f"per shard wall s: min {min(per_shard):.0f}, median {sorted(per_shard)[len(per_shard) // 2]:.0f}, "
          f"max {max(per_shard):.0f}; peak of any stage {peak:.0f} MB RSS, {peak_pss:.0f} MB PSS; "
          f"{args.shards * size} reports in all, {sum(per_shard) / 60:.1f} minutes")
    searched = True
    if args.search:
        lines = merged_search(work, args.shards, size, args.seed)
        print("\n".join(lines))
        searched = not lines[-1].startswith("merged search FAILED")
    (args.json or work / "shards.json").write_text(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=1),
                                                   encoding="utf-8")
    if temporary and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(r.ok for r in results) and searched else 1


if __name__ == "__main__":
    raise SystemExit(main())
