"""Data downloads and raw source copies, written into the zh-Hans tree only (the zh-Hant edition,
mounted at ``zh-Hant/`` under the zh-Hans site root, links to the same files): ``data/records.json``,
``data/headline.csv``, ``data/records/<id>.yaml`` and inert copies of the raw sources
(``sources/<id>.txt``)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import yaml

from .cells import fmt_number
from .safe import clean_str, sanitize
from .strings import text
from .tables_spec import HEADLINE_KEYS

# Written into the zh-Hans tree only; the zh-Hant edition links to them ("../" + path).
SHARED_DIRS = ("data/records", "sources")
SHARED_FILES = ("data/records.json", "data/headline.csv")
# Documents are never republished as is (scripts, external references): the copy is their text.
DOCUMENT_FORMATS = ("pdf", "docx", "xlsx")

# A cell a spreadsheet would evaluate as a formula: "=HYPERLINK(…)", "+1", "-2", "@SUM(…)".
CSV_FORMULA = re.compile(r"^[=+\-@\t\r]")


def records_json(records: list[dict]) -> bytes:
    clean = [sanitize(r) for r in sorted(records, key=lambda r: r["id"])]
    return (json.dumps(clean, ensure_ascii=False, indent=1, default=str) + "\n").encode("utf-8")


def csv_text(value: Any) -> str:
    if value is None:
        return ""
    shown = fmt_number(value) if isinstance(value, (int, float)) else str(value)
    if isinstance(value, str) and CSV_FORMULA.match(shown):
        return "'" + shown  # keep spreadsheets from evaluating scraped text as a formula
    return shown


def headline_csv(records: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["id", "year", "organisation", "region", "title", "published", "template", *HEADLINE_KEYS,
                     "failed_checks", "source_url"])
    for r in sorted((sanitize(r) for r in records), key=lambda r: r["id"]):
        org = r.get("organisation") or {}
        headline = r.get("headline") or {}
        failed = sum(1 for c in r.get("checks") or [] if c.get("status") == "fail")
        writer.writerow([
            r["id"], csv_text(r.get("year")), csv_text(org.get("name")), csv_text(" / ".join(org.get("region") or [])),
            csv_text(r.get("title")), csv_text(r.get("published")), csv_text(r.get("template")),
            *(csv_text(headline.get(k)) for k in HEADLINE_KEYS), failed,
            csv_text((r.get("source") or {}).get("url")),
        ])
    return buf.getvalue().encode("utf-8")


def record_yaml(record: dict, records_dir: Path | None) -> bytes:
    if records_dir is not None:
        path = Path(records_dir) / f"{record['id']}.yaml"
        if path.is_file():
            return path.read_bytes()
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100).encode("utf-8")


def document_copy(record: dict) -> bytes:
    """The raw-source copy of a PDF/Word/spreadsheet source: the text extracted from it, headed by
    the original's name, SHA-256 and URL (the file itself can carry scripts and external links)."""
    src = record.get("source") or {}
    head = [text("copy.file", file=src.get("file")), text("copy.sha256", sha256=src.get("sha256")),
            text("copy.url", url=src.get("url") or text("copy.no_url")), text("copy.intro"), ""]
    return ("\n".join(head) + "\n" + clean_str(str(record.get("text") or "")) + "\n").encode("utf-8")


def shared_files(
    records: list[dict],
    records_dir: Path | None = None,
    sources_dir: Path | None = None,
) -> dict[str, bytes | Path]:
    """Static files for the zh-Hans tree: {path: bytes, or a Path to copy byte for byte}."""
    files: dict[str, bytes | Path] = {
        "data/records.json": records_json(records),
        "data/headline.csv": headline_csv(records),
    }
    for record in records:
        files[f"data/records/{record['id']}.yaml"] = record_yaml(record, records_dir)
        source_file = (record.get("source") or {}).get("file")
        if sources_dir is not None and isinstance(source_file, str) and source_file:
            path = (Path(sources_dir) / source_file).resolve()
            base = Path(sources_dir).resolve()
            if path.is_file() and base in path.parents:
                if (record.get("source") or {}).get("format") in DOCUMENT_FORMATS:
                    files[f"sources/{record['id']}.txt"] = document_copy(record)
                    continue
                # Served as text/plain: a scraped page must never run from our origin.
                files[f"sources/{record['id']}.txt"] = path
    return files
