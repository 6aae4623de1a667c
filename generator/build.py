"""`python -m generator build`: raw sources → records → Markdown (both scripts) → static site.

A build holds two locks for its whole run, taken without waiting (``safety.LockHeld``, exit code 4
in the CLI): the site's (``generator.site.site_lock``) and its workspace's (``workspace_lock``: the
records, docs and work folders of one sources directory; ``records`` and the MkDocs hook take it
too).  The site is published at once at the end (``generator.site.build_site``).

Reproducible: unless the environment sets ``SOURCE_DATE_EPOCH``, MkDocs gets the one
``source_date_epoch`` derives from the records, so the same sources give byte-identical sites
(``sitemap.xml`` ``<lastmod>`` and the ``sitemap.xml.gz`` header included) whenever they are built.
"""
from __future__ import annotations

import calendar
import hashlib
import os
from datetime import date, datetime
from pathlib import Path

from . import pipeline, safety
from .render import render_docs
from .site import build_site, site_lock

ROOT = pipeline.ROOT
CONTENT = ROOT / "content"
# The published URL of the site root (e.g. https://owner.github.io/repo/), when known: CI sets it
# from actions/configure-pages. It gives canonical and hreflang links absolute URLs and the 404 page
# (served at any path) links that work under a project sub-path. Unset: links are relative, and the
# 404 page assumes the site is served at the domain root.
SITE_URL_ENV = "ARCHIVE_SITE_URL"


def workspace(sources: Path) -> dict[str, Path]:
    """Where one build writes. The sample archive uses the tracked layout (records in site_data/,
    zh-Hans pages in content/); any other sources directory gets its own scratch space under
    build/, so that building it never touches a tracked file."""
    if sources.resolve() == pipeline.SOURCES.resolve():
        return {"records": pipeline.RECORDS, "hans": CONTENT, "hant": ROOT / "build" / "zh-Hant" / "docs", "work": ROOT / "build"}
    key = hashlib.sha256(str(sources.resolve()).encode()).hexdigest()[:12]
    work = ROOT / "build" / f"work-{key}"
    return {"records": work / "records", "hans": work / "zh-Hans" / "docs", "hant": work / "zh-Hant" / "docs", "work": work}


def workspace_lock(sources: Path, *, wait: bool = False):
    """The exclusive lock of one sources directory's workspace (``<work>/build.lock``); for the
    sample archive it guards site_data/records, content/ and build/."""
    work = workspace(Path(sources))["work"]
    what = ("the sample archive's workspace (site_data/records, content/, build/)"
            if work == ROOT / "build" else f"the workspace {work} of {Path(sources).resolve()}")
    return safety.exclusive_lock(work / "build.lock", what, wait=wait)


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def source_date_epoch(records: list[dict]) -> int:
    """SOURCE_DATE_EPOCH for the site when the environment sets none: midnight UTC of the newest
    date in the records (a report's ``published`` or a source's ``retrieved`` date), 0 when no
    record has one.  It depends only on the sources, so rebuilding the same sources at another
    time gives the same bytes; a newly added report moves it forward."""
    dates = [d for r in records
             for d in (_as_date(r.get("published")), _as_date((r.get("source") or {}).get("retrieved"))) if d]
    return calendar.timegm(max(dates).timetuple()) if dates else 0


def build(sources: Path, site_dir: Path) -> list[dict]:
    """Run the whole pipeline; returns the sources that could not be read (also listed on the site).

    Raises ``safety.LockHeld`` at once when another build holds the site or the workspace."""
    sources, site_dir = Path(sources), Path(site_dir).resolve()
    places = workspace(sources)
    with site_lock(site_dir), workspace_lock(sources):
        records, errors = pipeline.parse_archive(sources, progress=True)
        safety.pause_point("parse")
        pipeline.write_records(records, places["records"], prune=True)
        published, unpublished = pipeline.select_published(records, errors)
        for script, key in (("zh-Hans", "hans"), ("zh-Hant", "hant")):
            render_docs(published, unpublished, places[key], script, CONTENT,
                        records_dir=places["records"], sources_dir=sources)
            if script == "zh-Hans":
                safety.pause_point("render")
        build_site(places["hans"], places["hant"], site_dir, work_dir=places["work"],
                   site_url=os.environ.get(SITE_URL_ENV, "").strip() or None,
                   source_date_epoch=source_date_epoch(records))
    return errors
