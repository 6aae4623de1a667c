"""JSON twins: each report page's record as one JSON file (``reports/<id>.json`` under data/).

A twin holds the record's public fields — the properties the record JSON Schema publishes
(generator/schema/record.schema.json), nothing a pipeline may have attached beside them — sanitised
by the records.json rules, with sorted keys and UTF-8 text (ensure_ascii=False).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Iterable

from . import TWIN_DIR, SortedRecords, sanitize

# Record ids are URL-safe by the schema (^[a-z0-9][a-z0-9_-]*$); a twin is only written for such an id.
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@lru_cache(maxsize=1)
def public_fields() -> tuple[str, ...]:
    from generator.records import schema
    root = schema()
    node = root
    while "$ref" in node and "properties" not in node:     # "#/$defs/Record"
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"record schema: cannot follow {ref!r}")
        node = root
        for part in ref[2:].split("/"):
            node = node[part]
    return tuple(node["properties"])


def report_twin(record: dict, *, sanitized: bool = False) -> bytes:
    """One record's twin: its public fields as JSON (sorted keys, UTF-8, one-space indent, final
    newline); ``sanitized``: the record is already sanitised (from ``sorted_records``)."""
    public = {k: record[k] for k in public_fields() if k in record}
    data = public if sanitized else sanitize(public)
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1, default=str) + "\n").encode("utf-8")


def twin_path(record: dict) -> str:
    rid = record.get("id")
    if not isinstance(rid, str) or not _SAFE_ID.match(rid):
        raise ValueError(f"record id {rid!r} is not URL-safe: no JSON twin")
    return f"{TWIN_DIR}/{rid}.json"


def report_twins(records: Iterable[dict]) -> dict[str, bytes]:
    """{path under data/: bytes} for every record, in id order."""
    done = isinstance(records, SortedRecords)
    return {twin_path(r): report_twin(r, sanitized=done) for r in sorted(records, key=lambda r: r["id"])}
