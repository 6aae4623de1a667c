"""Data downloads and raw source copies, written into the zh-Hans tree only (the zh-Hant edition,
mounted at ``zh-Hant/`` under the zh-Hans site root, links to the same files).

``data/`` holds what ``generator.publish.data_files`` makes of the records (the CSVs and their Excel
copies, ``archive.sqlite.gz``, ``datapackage.json``, ``dictionary.json``, ``records.jsonl.gz`` and the
JSON twin of every report, ``data/reports/<id>.json``), plus each record's canonical YAML
(``data/records/<id>.yaml``); ``sources/<id>.txt`` are inert copies of the raw sources."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator import publish

from .safe import clean_str
from .strings import text

DATA = "data/"
# Written into the zh-Hans tree only; the zh-Hant edition links to them ("../" + path).
SHARED_DIRS = ("data/records", "data/" + publish.TWIN_DIR, "sources")
SHARED_FILES = tuple(DATA + name for name in (
    publish.HEADLINE_CSV, publish.HEADLINE_EXCEL, publish.CELLS_CSV, publish.CELLS_EXCEL, publish.SQLITE,
    publish.DATAPACKAGE, publish.DICTIONARY_JSON, publish.RECORDS_JSONL))
# Documents are never republished as is (scripts, external references): the copy is their text.
DOCUMENT_FORMATS = ("pdf", "docx", "xlsx")


def twin_url(record_id: str) -> str:
    """The site-root-relative path of a report's JSON twin."""
    return f"{DATA}{publish.TWIN_DIR}/{record_id}.json"


def yaml_url(record_id: str) -> str:
    """The site-root-relative path of a report's canonical YAML record."""
    return f"{DATA}records/{record_id}.yaml"


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
    files: dict[str, bytes | Path] = {DATA + name: data for name, data in publish.data_files(records).items()}
    for record in records:
        files[yaml_url(record["id"])] = record_yaml(record, records_dir)
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
