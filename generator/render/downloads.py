"""Data downloads and raw source copies, written into the zh-Hans tree only (the zh-Hant edition,
mounted at ``zh-Hant/`` under the zh-Hans site root, links to the same files).

``data/`` holds what ``generator.publish.data_files`` makes of the records (``headline.csv`` and its
Excel copy, ``cells.csv.gz``, ``archive.sqlite.gz``, ``datapackage.json``, ``dictionary.json``,
``records.jsonl.gz`` and the JSON twin of every report, ``data/reports/<id>.json``);
``sources/<id>.txt.gz`` are inert, gzip-compressed copies of the raw sources.

What a report costs the site is what the archive can grow to (issue 11: ≤ 100 KB a report), so
nothing is published twice: the canonical YAML record stays in the repository
(``site_data/records/``) — its public fields are the JSON twin, and every record is in
``records.jsonl.gz`` — and a raw page, 30–150 KB as scraped, is served compressed (6–8 to 1)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator


from generator import publish
from generator.publish.jsonl import gzip_bytes

from .safe import clean_str
from .strings import text

if TYPE_CHECKING:
    from .page_cache import RecordFacts

DATA = "data/"
# Written into the zh-Hans tree only; the zh-Hant edition links to them ("../" + path).
SHARED_DIRS = ("data/" + publish.TWIN_DIR, "sources")
SHARED_FILES = tuple(DATA + name for name in (
    publish.HEADLINE_CSV, publish.HEADLINE_EXCEL, publish.CELLS_CSV, publish.SQLITE,
    publish.DATAPACKAGE, publish.DICTIONARY_JSON, publish.RECORDS_JSONL))
# Documents are never republished as is (scripts, external references): the copy is their text.
DOCUMENT_FORMATS = ("pdf", "docx", "xlsx")


def twin_url(record_id: str) -> str:
    """The site-root-relative path of a report's JSON twin."""
    return f"{DATA}{publish.TWIN_DIR}/{record_id}.json"


def source_copy_url(record_id: str) -> str:
    """The site-root-relative path of a report's raw-source copy (gzip)."""
    return f"sources/{record_id}.txt.gz"


def document_copy(record: dict) -> bytes:
    """The raw-source copy of a PDF/Word/spreadsheet source: the text extracted from it, headed by
    the original's name, SHA-256 and URL (the file itself can carry scripts and external links)."""
    src = record.get("source") or {}
    head = [text("copy.file", file=src.get("file")), text("copy.sha256", sha256=src.get("sha256")),
            text("copy.url", url=src.get("url") or text("copy.no_url")), text("copy.intro"), ""]
    return ("\n".join(head) + "\n" + clean_str(str(record.get("text") or "")) + "\n").encode("utf-8")


def source_path(record: dict, sources_dir: Path | None) -> Path | None:
    """The record's raw source file, if it is a file inside ``sources_dir`` (never outside)."""
    source_file = (record.get("source") or {}).get("file")
    if sources_dir is None or not isinstance(source_file, str) or not source_file:
        return None
    path = (Path(sources_dir) / source_file).resolve()
    return path if path.is_file() and Path(sources_dir).resolve() in path.parents else None


def source_copy_ids(records: list[dict], sources_dir: Path | None) -> set[str]:
    """Ids of the records that get a raw-source copy (the pages of both editions link it)."""
    return {r["id"] for r in records if source_path(r, sources_dir) is not None}


def record_facts(records: list[dict], sources_dir: Path | None, *, digests: bool = True,
                 memo: Path | None = None) -> RecordFacts:
    """The ``RecordFacts`` of ``records`` (published, as handed to the render); without their
    ``digests`` when nothing will be cached; ``memo``: the file of the ``SanitizeMemo``."""
    from generator.records import value_digest

    from .page_cache import RecordFacts, SanitizeMemo, renderer_digest
    return RecordFacts({r["id"]: value_digest(r) for r in records} if digests or memo else {},
                       frozenset(source_copy_ids(records, sources_dir)),
                       SanitizeMemo(memo, renderer_digest()) if memo is not None else None)


def shared_files(
    records: list[dict],
    sources_dir: Path | None = None,
) -> dict[str, bytes | Path]:
    """Static files for the zh-Hans tree: {path: bytes}."""
    return dict(iter_shared_files(records, sources_dir))


def iter_shared_files(records: list[dict], sources_dir: Path | None = None, page_cache=None,
                      data_cache: Path | None = None, facts: RecordFacts | None = None,
                      ) -> Iterator[tuple[str, bytes | None]]:
    """``shared_files`` one file at a time (the renderer writes each before the next is made: the
    twins and source copies of 10,000 reports are a third of a gigabyte).

    page_cache  a ``PageCache`` of the docs tree: a twin or source copy whose record is unchanged
                since it was written, and whose file is as it was left, comes as (path, None)
    data_cache  a folder (in the build's work folder) for ``publish.chunks.DataCache``: the
                archive-wide downloads re-make only the chunks of records that changed
    facts       the records' ``RecordFacts``, when the caller has them"""
    from generator.publish.chunks import DataCache
    from generator.records import value_digest

    from .page_cache import renderer_digest

    if facts is not None and (facts.digests or not records):
        digests = dict(facts.digests)
    elif page_cache is not None or data_cache is not None:
        digests = {r["id"]: value_digest(r) for r in records}
    else:
        digests = {}

    def unchanged(path: str, rid: str) -> bool:
        return page_cache is not None and page_cache.unchanged(path, digests[rid])

    cache = DataCache(Path(data_cache), renderer_digest()) if data_cache is not None else None
    twin_wanted = (lambda rid, _digest: not unchanged(twin_url(rid), rid)) if page_cache is not None else None
    for name, data in publish.iter_data_files(records, cache, digests or None, twin_wanted):
        yield DATA + name, data
    for record in records:
        if facts is not None and record["id"] not in facts.source_copies:
            continue
        copy = source_copy_url(record["id"])
        if facts is not None and unchanged(copy, record["id"]):
            yield copy, None
            continue
        path = source_path(record, sources_dir)
        if path is None:
            continue
        if facts is None and unchanged(copy, record["id"]):
            yield copy, None
        elif (record.get("source") or {}).get("format") in DOCUMENT_FORMATS:
            yield copy, gzip_bytes(document_copy(record))
        else:
            # Served as a gzip file, never as HTML: a scraped page must never run from our origin.
            yield copy, gzip_bytes(path.read_bytes())
