"""`python -m generator build`: raw sources → records → Markdown (both scripts) → static site."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import pipeline
from .render import render_docs
from .site import build_site

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


def build(sources: Path, site_dir: Path) -> list[dict]:
    """Run the whole pipeline; returns the sources that could not be read (also listed on the site)."""
    places = workspace(Path(sources))
    records, errors = pipeline.parse_archive(Path(sources), progress=True)
    pipeline.write_records(records, places["records"], prune=True)
    published, unpublished = pipeline.select_published(records, errors)
    for script, key in (("zh-Hans", "hans"), ("zh-Hant", "hant")):
        render_docs(published, unpublished, places[key], script, CONTENT,
                    records_dir=places["records"], sources_dir=Path(sources))
    build_site(places["hans"], places["hant"], Path(site_dir), work_dir=places["work"],
               site_url=os.environ.get(SITE_URL_ENV, "").strip() or None)
    return errors
