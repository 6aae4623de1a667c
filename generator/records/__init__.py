"""Records: canonical YAML (stable key order, same bytes every run), JSON Schema, corrections."""
from __future__ import annotations

import copy
import hashlib
import json
import os
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "record.schema.json"


# The C (libyaml) loader and emitter when PyYAML has them: same output, several times faster.
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_BaseDumper):
    # No anchors and aliases (&id001 / *id001) where two fields share one list or mapping: a
    # record's YAML is then a function of its values alone, which record_digest relies on, and
    # reads the same in any YAML tool.
    def ignore_aliases(self, data) -> bool:
        return True


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(record: dict) -> str:
    # Dict order is the record's own order (built in a fixed order by the parser); never sorted,
    # so the contract keys come first as RECORD.md lists them.
    return yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False)


def _tagged(value):
    """A value JSON has no type for (a date), tagged with its type, so that a date and the string
    of the same date digest differently (YAML writes one bare, the other quoted)."""
    return [type(value).__name__, str(value)]


def value_digest(value) -> str:
    """SHA-256 of plain data (what a record holds): its values in their order, types included."""
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, default=_tagged).encode("utf-8")).hexdigest()


def record_digest(record: dict) -> str:
    """A record's ``value_digest``: two records with the same digest have the same YAML
    (``dump_yaml``), so a record file whose digest is unchanged need not be written out again to
    compare it (generator.pipeline.write_records)."""
    return value_digest(record)


def load_yaml(path: Path) -> dict:
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)


class BrokenRecord(ValueError):
    """A record file that cannot be read as a record (the message says why)."""


def load_record(path: Path) -> dict:
    """One record file, checked to be a record (a mapping with an id and a source file and sha256);
    ``BrokenRecord`` when it is empty, cut short, not UTF-8 or not YAML."""
    try:
        data = load_yaml(path)
    except UnicodeDecodeError as exc:
        raise BrokenRecord(f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    except yaml.YAMLError as exc:
        raise BrokenRecord(f"not YAML: {str(exc).splitlines()[0]}") from None
    if data is None:
        raise BrokenRecord("empty file")
    source = data.get("source") if isinstance(data, dict) else None
    if not (isinstance(data.get("id") if isinstance(data, dict) else None, str) and isinstance(source, dict)
            and "file" in source and "sha256" in source):
        raise BrokenRecord("no id or source: cut short or not a record")
    return data


# Temporary files of write_if_changed: ".<name>.<random>.tmp" beside the target (never "*.yaml").
PARTIAL_GLOB = ".*.yaml.*.tmp"
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` unless it holds exactly that already.  Atomic: the bytes go to a
    temporary file in the same folder, are flushed to disk, and replace ``path`` in one rename, so
    a reader (or a build killed midway) sees the old file or the new one, never a part."""
    path = Path(path)
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), 0o666 & ~_UMASK)    # as a plain write would (mkstemp makes 0600)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return True


def to_json_compatible(value):
    if isinstance(value, dict):
        return {k: to_json_compatible(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json_compatible(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def validate(record: dict) -> list[str]:
    """Schema violations of one record, as readable strings (empty when valid)."""
    import jsonschema
    validator = jsonschema.Draft202012Validator(schema())
    return [f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message}"
            for e in sorted(validator.iter_errors(to_json_compatible(record)), key=lambda e: list(map(str, e.absolute_path)))]


def _get(record: dict, dotted: str):
    node = record
    for part in dotted.split("."):
        node = node[part]
    return node


def _set(record: dict, dotted: str, value) -> None:
    parts = dotted.split(".")
    node = record
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def apply_corrections(record: dict, corrections: list[dict], origin: str) -> dict:
    """Maintainers' corrections: [{field: "organisation.name", value: ..., reason: ...}].

    They live in site_data/corrections/<id>.yaml, outside the parser's output, so re-parsing never
    loses them; the record keeps what the parser said (``from``) and why it was changed.
    """
    record = copy.deepcopy(record)
    for c in corrections:
        field, value, reason = c["field"], c.get("value"), c.get("reason") or "未说明理由"
        try:
            old = _get(record, field)
        except (KeyError, TypeError):
            old = None
        if isinstance(value, str) and field in ("published",):
            value = date.fromisoformat(value)
        if old == value:
            # The parser already says so (it learnt to read this source): nothing is corrected,
            # and the correction stays a guard should the parser ever say otherwise again.
            continue
        _set(record, field, value)
        if field == "organisation.name":
            record["organisation"]["name_source"] = "correction"
        record["corrections"].append({"field": field, "from": to_json_compatible(old), "to": to_json_compatible(value), "reason": f"{reason} ({origin})"})
    return record


def load_corrections(directory: Path) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    directory = Path(directory)
    if not directory.is_dir():
        return out
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        rid = data.get("id") or path.stem
        out[rid] = list(data.get("corrections") or [])
    return out
