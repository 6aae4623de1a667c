"""Two pages per report: the report page (metadata, headline figures with their sources, the
statistics tables, checks, null reasons, corrections, provenance) and, beside it, its full text
(``reports/<id>/text/``: the cleaned text, what cleaning removed, and the text Pagefind indexes).
The text is a page of its own so that a report page stays small on a phone (issue 10: ≤ 30 KB of
HTML) while a search for a phrase lands where the phrase is."""

from __future__ import annotations

from functools import cache, partial
from typing import Iterator

from ..archive import Archive
from ..cells import Page, legacy_rows, proactive_tables, request_rows
from ..downloads import DOCUMENT_FORMATS
from ..fields import headline_source
from ..page_cache import page_key
from ..strings import text
from ..tables_spec import current as table_spec
from . import PageSpec


def report_context(archive: Archive, record: dict, script: str, sources_available: set[str]) -> dict:
    """The template context of one report page."""
    page = Page(f"reports/{record['id']}.md", script, record.get("inferred") or [],
                ocr=bool((record.get("source") or {}).get("ocr")))
    stats = record.get("statistics") or {}
    template = str(record.get("template") or "unknown")
    headline = record.get("headline") or {}
    sources = record.get("headline_sources") or {}
    return {
        "p": page,
        "r": record,
        "org": record.get("organisation") or {},
        "src": record.get("source") or {},
        "dates": record.get("dates") or {},
        "template": template,
        "headline_rows": [
            {"label": table_spec().headline_labels[k], "cell": page.cell(headline, k, f"headline.{k}"),
             "source": headline_source(sources.get(k), template)}
            for k in table_spec().headline_keys
        ],
        "requests": request_rows(stats["requests"], page) if isinstance(stats.get("requests"), dict) else None,
        "review": stats.get("review_litigation") if isinstance(stats.get("review_litigation"), dict) else None,
        "proactive": (proactive_tables(stats["proactive"], template, page)
                      if isinstance(stats.get("proactive"), dict) else None),
        "legacy": legacy_rows(stats["legacy_table"], page) if "legacy_table" in stats else None,
        "has_source_copy": record["id"] in sources_available,
        "document_copy": (record.get("source") or {}).get("format") in DOCUMENT_FORMATS,
        # The same report's other originals (a page and its PDF attachment): listed as duplicates.
        "twins": archive.duplicates_of(record["id"]),
        "text_chars": text_chars(record),
        "null_groups": null_groups(record.get("nulls") or []),
    }


def null_groups(nulls: list) -> list[dict]:
    """The null notes grouped by reason, in the order each reason first appears: a table of blank
    cells gives one reason ("原文有 7 格为空白…") for many rows, shown once with the rows it names."""
    groups: dict[str, list] = {}
    for note in nulls:
        note = note if isinstance(note, dict) else {}
        groups.setdefault(str(note.get("reason") or ""), []).append(note.get("field"))
    return [{"reason": reason, "fields": fields} for reason, fields in groups.items()]


def text_chars(record: dict) -> int:
    """How many characters the full-text page shows (its sections when the record has them, else
    the text; whitespace not counted)."""
    sections = [s for s in record.get("sections") or [] if isinstance(s, dict)]
    shown = ("".join(str(s.get(k) or "") for s in sections for k in ("number", "title", "text")) if sections
             else str(record.get("text") or ""))
    return sum(1 for ch in shown if not ch.isspace())


def text_path(record_id: str) -> str:
    """Docs path of a report's full-text page: beside the report page, at reports/<id>/text/."""
    return f"reports/{record_id}/text.md"


def text_context(record: dict, script: str, sources_available: set[str]) -> dict:
    """The template context of one report's full-text page."""
    src = record.get("source") or {}
    return {
        "p": Page(text_path(record["id"]), script),
        "r": record,
        # plain str + plain str: the title filter (json_str) sees it whole; a Markup join would escape it
        "page_title": str(record.get("_title") or "") + text("report_text.title_suffix"),
        "src": src,
        "has_source_copy": record["id"] in sources_available,
        "document_copy": src.get("format") in DOCUMENT_FORMATS,
    }


def report_pages(archive: Archive, script: str, sources_available: set[str]) -> Iterator[PageSpec]:
    for r in archive.records:
        key = cache(partial(page_key, script, archive.record_key(r), archive.duplicates_of(r["id"]),
                            r["id"] in sources_available))
        yield PageSpec(f"reports/{r['id']}.md", "report.md.j2",
                       partial(_with_archive, archive, script, report_context, archive, r, script, sources_available),
                       key=key)
        yield PageSpec(text_path(r["id"]), "report_text.md.j2",
                       partial(_with_archive, archive, script, text_context, r, script, sources_available), key=key)


def _with_archive(archive: Archive, script: str, make, *args) -> dict:
    return {"a": archive, "script": script, **make(*args)}
