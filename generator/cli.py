"""python -m generator — the archive's command line.

Exit codes:
    0    success
    1    some sources could not be read (each named on stderr); everything else was processed
         and published
    2    usage error (bad arguments, missing path)
    3    records failed schema validation or differ from the sources
    4    another build holds the lock of the site directory or of the records (build, records);
         nothing was done
    5    internal error: the build failed or crashed (one-line message and traceback on stderr);
         nothing was published, the previous site is unchanged
    130  interrupted by SIGINT or SIGTERM; children stopped, staging removed, the previous site
         is unchanged
"""
from __future__ import annotations

import argparse
import os
import re
import signal
import sys
import traceback
from pathlib import Path

from . import ingest, pipeline, records as rec, safety

EXIT_OK, EXIT_SOURCE_ERRORS, EXIT_USAGE, EXIT_INVALID = 0, 1, 2, 3
EXIT_LOCKED, EXIT_INTERNAL, EXIT_INTERRUPTED = 4, 5, 130


def _report_errors(errors: list[dict]) -> None:
    for e in errors:
        print(f"error: {e['file']}: {e['reason']}", file=sys.stderr)


def cmd_parse(args) -> int:
    paths: list[Path] = []
    for p in args.paths:
        p = Path(p)
        if not p.exists():
            print(f"error: {p}: no such file or directory", file=sys.stderr)
            return EXIT_USAGE
        paths.extend(ingest.discover(p.absolute()))
    # One root for all the paths (their deepest common folder), so that ids carry the folders
    # that tell c1/index.html from c2/index.html.
    root = Path(os.path.commonpath([Path(p).absolute() if Path(p).is_dir() else Path(p).absolute().parent
                                    for p in args.paths]))
    records, errors = pipeline.parse_paths(paths, root, jobs=args.jobs, progress=True)
    records = pipeline.finalize(records, {})
    written = pipeline.write_records(records, Path(args.out))
    invalid = [(r["id"], v) for r in records if (v := rec.validate(r))]
    for rid, v in invalid:
        print(f"error: record {rid} fails the schema: {v[0]}", file=sys.stderr)
    _report_errors(errors)
    print(f"{len(written)} record(s) from {len(paths)} source(s) written to {args.out}", file=sys.stderr)
    return EXIT_INVALID if invalid else (EXIT_SOURCE_ERRORS if errors else EXIT_OK)


def cmd_records(args) -> int:
    from .build import parse_and_store, workspace_lock
    with workspace_lock(pipeline.SOURCES):
        records, errors = parse_and_store(pipeline.SOURCES)
    _report_errors(errors)
    print(f"{len(records)} record(s) written to {pipeline.RECORDS}", file=sys.stderr)
    return EXIT_SOURCE_ERRORS if errors else EXIT_OK


def cmd_build(args) -> int:
    from .build import build
    sources = Path(args.sources)
    if not sources.is_dir():
        print(f"error: {sources}: not a directory of raw sources", file=sys.stderr)
        return EXIT_USAGE
    errors = build(sources, Path(args.site))
    _report_errors(errors)
    return EXIT_SOURCE_ERRORS if errors else EXIT_OK


def cmd_prepare(args) -> int:
    import json
    from .build import prepare, workspace
    sources = Path(args.sources)
    if not sources.is_dir():
        print(f"error: {sources}: not a directory of raw sources", file=sys.stderr)
        return EXIT_USAGE
    prepared = prepare(sources, reparse=args.reparse, wait=args.wait)
    _report_errors(prepared.errors)
    places = workspace(sources)
    c = prepared.counts
    print(f"{'parsed' if prepared.parsed else 'records reused'}: {len(prepared.records)} record(s) in {places['records']} "
          f"({c['records']['written']} written, {c['records']['removed']} removed); docs: zh-Hans {places['hans']} "
          f"({c['zh-Hans']['written']} written, {c['zh-Hans']['removed']} removed), zh-Hant {places['hant']} "
          f"({c['zh-Hant']['written']} written, {c['zh-Hant']['removed']} removed)", file=sys.stderr)
    if args.json:
        print(json.dumps(prepared.summary(), ensure_ascii=False, sort_keys=True))
    return EXIT_SOURCE_ERRORS if prepared.errors else EXIT_OK


def cmd_serve(args) -> int:
    from .build import serve
    sources = Path(args.sources)
    if not sources.is_dir():
        print(f"error: {sources}: not a directory of raw sources", file=sys.stderr)
        return EXIT_USAGE
    if not re.fullmatch(r"[^\s:]*:\d{1,5}", args.dev_addr):
        print(f"error: --dev-addr {args.dev_addr!r}: expected HOST:PORT", file=sys.stderr)
        return EXIT_USAGE
    serve(sources, args.dev_addr)
    return EXIT_OK


def cmd_validate(args) -> int:
    bad = 0
    for path in sorted(Path(args.dir).glob("*.yaml")):
        for problem in rec.validate(rec.load_yaml(path)):
            print(f"error: {path}: {problem}", file=sys.stderr)
            bad += 1
    return EXIT_INVALID if bad else EXIT_OK


def cmd_accuracy(args) -> int:
    from .accuracy import format_report, score
    totals, mismatches = score(Path(args.labels), Path(args.sources))
    if not totals:
        print(f"error: {args.labels}: no labelled records (*.yaml) found", file=sys.stderr)
        return EXIT_USAGE
    print(format_report(totals))
    if args.verbose:
        for m in mismatches:
            print("  " + m)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("parse", help="raw files → one YAML record per report found")
    p.add_argument("paths", nargs="+", metavar="PATH", help="raw source files or directories")
    p.add_argument("--out", required=True, metavar="DIR", help="directory for the YAML records")
    p.add_argument("--jobs", type=int, default=1, help="parse on this many processes (default 1)")
    p.set_defaults(func=cmd_parse)
    b = sub.add_parser("build", help="raw sources → finished static site in both scripts")
    b.add_argument("--sources", default=str(pipeline.SOURCES), metavar="DIR", help="directory of raw sources (default: the shipped sample archive)")
    b.add_argument("--site", default="site", metavar="DIR", help="output directory (default: site/)")
    b.set_defaults(func=cmd_build)
    pr = sub.add_parser("prepare", help="raw sources → records and both editions' Markdown (what MkDocs builds)")
    pr.add_argument("--sources", default=str(pipeline.SOURCES), metavar="DIR", help="directory of raw sources (default: the shipped sample archive)")
    pr.add_argument("--reparse", action="store_true", help="parse even when no source, correction, body list or parser file changed")
    pr.add_argument("--wait", action="store_true", help="wait for another build's workspace lock instead of exiting 4")
    pr.add_argument("--json", action="store_true", help="print a summary (parsed, files written per tree) as JSON on stdout")
    pr.set_defaults(func=cmd_prepare)
    s_ = sub.add_parser("serve", help="live preview: prepare, build both editions, serve, rebuild on every edit")
    s_.add_argument("--sources", default=str(pipeline.SOURCES), metavar="DIR", help="directory of raw sources (default: the shipped sample archive)")
    s_.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="address to serve on (default 127.0.0.1:8000)")
    s_.set_defaults(func=cmd_serve)
    r = sub.add_parser("records", help="re-parse the sample archive and rewrite site_data/records/")
    r.set_defaults(func=cmd_records)
    v = sub.add_parser("validate", help="validate YAML records against the JSON Schema")
    v.add_argument("dir", nargs="?", default=str(pipeline.RECORDS))
    v.set_defaults(func=cmd_validate)
    a = sub.add_parser("accuracy", help="per-field accuracy of the parser against labelled records")
    a.add_argument("labels", metavar="LABELS_DIR", help="directory of labelled YAML records (any subset of the record keys)")
    a.add_argument("--sources", default=str(pipeline.SOURCES), metavar="DIR", help="where the labels' source.file paths are (default: the sample archive)")
    a.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    a.set_defaults(func=cmd_accuracy)
    args = parser.parse_args(argv)
    safety.children_die_with_parent()
    try:
        with safety.sigterm_interrupts():
            return args.func(args)
    except ingest.DuplicateIdError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except safety.LockHeld as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_LOCKED
    except KeyboardInterrupt as exc:
        name = str(exc) if isinstance(exc, safety.Interrupted) else signal.SIGINT.name
        after = f"; the previous site in {args.site} is unchanged" if args.command == "build" else ""
        print(f"error: interrupted by {name}: stopped and cleaned up{after}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [""])[0]
        print(f"error: internal error: {exc.__class__.__name__}: {first}", file=sys.stderr)
        traceback.print_exc()
        return EXIT_INTERNAL
