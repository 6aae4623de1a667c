"""Per-field accuracy of the parser against a directory of labelled records.

A label is a YAML record (any subset of the record keys) whose ``id`` and ``source.file`` name the
raw source it describes. Only the fields a label states are scored, so a maintainer can label just
the metadata of a hundred reports, or every cell of ten.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from . import ingest, records as rec
from .parse import parse_source

METADATA = ["is_report", "title", "organisation.name", "organisation.region", "year", "published", "template"]


def _leaves(node, prefix: str):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _leaves(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(node, list) and node and isinstance(node[0], dict):
        for i, v in enumerate(node):
            yield from _leaves(v, f"{prefix}[{i}]")
    else:
        yield prefix, node


def _get(record: dict, path: str):
    node = record
    for part in path.replace("[", ".[").split("."):
        if part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(node, list) or index >= len(node):
                return _MISSING
            node = node[index]
        else:
            if not isinstance(node, dict) or part not in node:
                return _MISSING
            node = node[part]
    return node


_MISSING = object()


def field_group(path: str) -> str:
    """Scores are reported per metadata field and per table (every cell of a table together)."""
    if path in METADATA:
        return path
    parts = path.split(".")
    if parts[0] == "statistics":
        return ".".join(parts[:2]).split("[")[0]
    return parts[0]


def _norm(value):
    return value.isoformat() if isinstance(value, date) else value


def score(labels_dir: Path, sources_dir: Path) -> tuple[dict[str, list[int]], list[str]]:
    """{field group: [correct, total]} and the list of mismatches."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    mismatches: list[str] = []
    cache: dict[str, dict[str, dict]] = {}
    for label_path in sorted(Path(labels_dir).glob("*.yaml")):
        label = rec.load_yaml(label_path)
        file = (label.get("source") or {}).get("file")
        if not file:
            mismatches.append(f"{label_path.name}: label names no source.file; skipped")
            continue
        if file not in cache:
            try:
                parsed = parse_source(ingest.load(Path(sources_dir) / file, sources_dir))
            except (ingest.SourceError, OSError) as exc:
                mismatches.append(f"{label_path.name}: source {file} unreadable ({exc})")
                continue
            cache[file] = {r["id"]: r for r in parsed}
        got = cache[file].get(label.get("id"))
        for path, expected in _leaves({k: v for k, v in label.items() if k in ("statistics", "headline")}, ""):
            _tally(totals, mismatches, label_path.name, path, expected, got)
        for path in METADATA:
            expected = _get(label, path)
            if expected is not _MISSING:
                _tally(totals, mismatches, label_path.name, path, expected, got)
    return dict(totals), mismatches


def _tally(totals, mismatches, name, path, expected, got) -> None:
    group = field_group(path)
    actual = _MISSING if got is None else _get(got, path)
    totals[group][1] += 1
    if actual is not _MISSING and _norm(actual) == _norm(expected):
        totals[group][0] += 1
    else:
        shown = "missing" if actual is _MISSING else repr(_norm(actual))
        mismatches.append(f"{name}: {path}: expected {_norm(expected)!r}, parser gives {shown}")


def format_report(totals: dict[str, list[int]]) -> str:
    lines = [f"{'field':<40} {'correct':>8} {'total':>6} {'accuracy':>9}"]
    order = [g for g in METADATA if g in totals] + sorted(g for g in totals if g not in METADATA)
    for group in order:
        ok, n = totals[group]
        lines.append(f"{group:<40} {ok:>8} {n:>6} {ok / n:>9.1%}")
    ok = sum(v[0] for v in totals.values())
    n = sum(v[1] for v in totals.values())
    if n:
        lines.append(f"{'all fields':<40} {ok:>8} {n:>6} {ok / n:>9.1%}")
    return "\n".join(lines)
