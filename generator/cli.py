"""python -m generator — the archive's command line.

Exit codes: 0 success; 1 some sources could not be read (named on stderr; everything else was
still processed); 2 usage error; 3 records failed schema validation or differ from the sources.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import ingest, pipeline, records as rec

EXIT_OK, EXIT_SOURCE_ERRORS, EXIT_USAGE, EXIT_INVALID = 0, 1, 2, 3


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
        paths.extend(ingest.discover(p))
    root = Path(args.paths[0]) if len(args.paths) == 1 and Path(args.paths[0]).is_dir() else None
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
    records, errors = pipeline.parse_archive(progress=True)
    pipeline.write_records(records, pipeline.RECORDS, prune=True)
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
    return args.func(args)
