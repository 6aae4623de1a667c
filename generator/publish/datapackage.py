"""datapackage.json (Data Package v2): the CSV downloads described for programs.

Each CSV (headline.csv, its Excel copy, cells.csv.gz) is a tabular resource with its byte count and SHA-256, its dialect,
and a Table Schema built from the data dictionary (generator.publish.dictionary): field types,
titles, descriptions, required fields, enumerated codes, primary and foreign keys. Sources are the
websites the reports were published on (the hosts of the records' source URLs).
"""
from __future__ import annotations

import hashlib
import json
import re
from typing import Iterable
from urllib.parse import urlsplit

from . import CELLS_CSV, HEADLINE_CSV, HEADLINE_EXCEL, sorted_records
from .csvs import cells_csv_gz, headline_csv, headline_excel
from .dictionary import Field, Resource, resources

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
DIALECT_PROFILE = "https://datapackage.org/profiles/2.0/tabledialect.json"
NAME = "gov-information-disclosure-annual-reports"
TITLE = "政府信息公开工作年度报告档案"
DESCRIPTION = ("中国各级行政机关的政府信息公开工作年度报告：主要数字、全部统计表格（每格一行）。"
               "空白不等于 0；各列含义见数据字典页面。")
LICENSES = (
    {"name": "MIT", "path": "https://opensource.org/licenses/MIT",
     "title": "MIT License: the archive's code and its compilation of the figures. The reports themselves are "
              "public documents of the bodies that published them (see each record's source_url)."},
)
# A host as it may appear in a published source: letters, digits, dots and hyphens only.
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$")


def _field(f: Field) -> dict:
    out: dict = {"name": f.name, "type": f.type, "title": f.name, "description": f.meaning}
    if f.unit:
        out["description"] += f"（单位：{f.unit}）"
    out["description"] += f" 空白：{f.blank}"
    if f.type == "boolean":
        out["trueValues"], out["falseValues"] = ["true"], ["false"]
    if f.type == "number":
        out["bareNumber"] = True
    constraints: dict = {}
    if f.required:
        constraints["required"] = True
    if f.codes and f.name in ("template", "era", "table"):
        constraints["enum"] = [c.code for c in f.codes]
    if constraints:
        out["constraints"] = constraints
    return out


def _schema(r: Resource) -> dict:
    schema: dict = {"$schema": SCHEMA_PROFILE, "fields": [_field(f) for f in r.fields], "missingValues": [""]}
    if r.primary_key:
        schema["primaryKey"] = list(r.primary_key)
    if r.foreign_keys:
        schema["foreignKeys"] = [{"fields": [f], "reference": {"resource": res, "fields": [k]}} for f, res, k in r.foreign_keys]
    return schema


def _resource(r: Resource, name: str, path: str, data: bytes, excel: bool, fk_target: str) -> dict:
    schema = _schema(r)
    for fk in schema.get("foreignKeys", []):
        fk["reference"]["resource"] = fk_target
    # bytes and hash are those of the file as served (compressed); frictionless checks them so.
    compressed = {"compression": "gz"} if path.endswith(".gz") else {}
    return {
        "name": name, "type": "table", "path": path, "format": "csv", **compressed, "mediatype": "text/csv",
        "encoding": "utf-8-sig" if excel else "utf-8", "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "title": r.title + ("（Excel 版：UTF-8 带 BOM，换行 \\r\\n）" if excel else ""),
        "description": r.description,
        "dialect": {"$schema": DIALECT_PROFILE, "header": True, "delimiter": ",", "quoteChar": '"', "doubleQuote": True,
                    "lineTerminator": "\r\n" if excel else "\n"},
        "schema": schema,
    }


class SourceHosts:
    """The publishing sites of the records' source URLs, gathered one record at a time (``add``):
    the package's ``sources``."""

    def __init__(self, hosts: Iterable[tuple[str, str]] = ()):
        self.hosts: set[tuple[str, str]] = set(hosts)

    def add(self, r: dict) -> None:
        url = (r.get("source") or {}).get("url")
        if isinstance(url, str):
            try:
                parts = urlsplit(url)
            except ValueError:
                return
            host = (parts.hostname or "").lower()
            if parts.scheme in ("http", "https") and _HOST.match(host):
                self.hosts.add((parts.scheme, host))

    def finish(self) -> list[dict]:
        return [{"title": f"发布机关网站 {host}", "path": f"{scheme}://{host}/"}
                for scheme, host in sorted(self.hosts, key=lambda x: (x[1], x[0]))]


def _sources(records: list[dict]) -> list[dict]:
    hosts = SourceHosts()
    for r in records:
        hosts.add(r)
    return hosts.finish()


CSV_FILES = (HEADLINE_CSV, HEADLINE_EXCEL, CELLS_CSV)


def datapackage_json(records: Iterable[dict], csv_files: dict[str, bytes] | None = None,
                     sources: list[dict] | None = None) -> bytes:
    """datapackage.json's bytes (hashes and sizes of the CSVs built from the same records;
    ``csv_files``: those CSVs by file name, when already made; ``sources``: ``SourceHosts`` of the
    records, when already gathered — then ``records`` is not read)."""
    recs = sorted_records(records) if csv_files is None or sources is None else []
    if csv_files is None:
        csv_files = {HEADLINE_CSV: headline_csv(recs), HEADLINE_EXCEL: headline_excel(recs),
                     CELLS_CSV: cells_csv_gz(recs)}
    by_name = {r.name: r for r in resources()}
    files = (
        ("headline", HEADLINE_CSV, csv_files[HEADLINE_CSV], False, "headline", by_name["headline"]),
        ("headline-excel", HEADLINE_EXCEL, csv_files[HEADLINE_EXCEL], True, "headline-excel", by_name["headline"]),
        ("cells", CELLS_CSV, csv_files[CELLS_CSV], False, "headline", by_name["cells"]),
    )
    package = {
        "$schema": PROFILE,
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "licenses": list(LICENSES),
        "sources": (_sources(recs) if sources is None else sources) or [{"title": "各发布机关网站"}],
        "keywords": ["政府信息公开", "年度报告", "government information disclosure", "annual report", "China"],
        "resources": [_resource(r, name, path, data, excel, fk) for name, path, data, excel, fk, r in files],
    }
    return (json.dumps(package, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")
