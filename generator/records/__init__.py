"""Records: canonical YAML (stable key order, same bytes every run), JSON Schema, corrections."""
from __future__ import annotations

import copy
import json
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "record.schema.json"


# The C (libyaml) loader and emitter when PyYAML has them: same output, several times faster.
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_BaseDumper):
    pass


def _str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(record: dict) -> str:
    # Dict order is the record's own order (built in a fixed order by the parser); never sorted,
    # so the contract keys come first as RECORD.md lists them.
    return yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000, default_flow_style=False)


def load_yaml(path: Path) -> dict:
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)


def write_if_changed(path: Path, text: str) -> bool:
    path = Path(path)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
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
