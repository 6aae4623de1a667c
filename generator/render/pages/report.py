"""One page per report: metadata, headline figures with their sources, the statistics tables,
checks, null reasons, corrections, full text and provenance."""

from __future__ import annotations

from typing import Iterator

from ..archive import Archive
from ..cells import Page, legacy_rows, proactive_tables, request_rows
from ..downloads import DOCUMENT_FORMATS
from ..fields import headline_source
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
    }


def report_pages(archive: Archive, script: str, sources_available: set[str]) -> Iterator[PageSpec]:
    for r in archive.records:
        yield PageSpec(f"reports/{r['id']}.md", "report.md.j2",
                       {"a": archive, "script": script, **report_context(archive, r, script, sources_available)})
