"""MkDocs hook for `mkdocs serve` and a plain `mkdocs build` on the repository's mkdocs.yml.

on_pre_build   regenerate content/ (zh-Hans) and build/zh-Hant/docs (zh-Hant) from site_data/,
               writing only files whose bytes changed (so serve's watcher does not loop).
on_post_build  build the zh-Hant edition into <site_dir>/zh-Hant and run Pagefind over the site,
               so the served site has both editions and search.

Both steps are skipped when ARCHIVE_MANAGED_BUILD is set: `python -m generator build` renders the
docs and builds both editions itself (generator.site.build_site).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

log = logging.getLogger("mkdocs.hooks.archive")


def _managed() -> bool:
    return bool(os.environ.get("ARCHIVE_MANAGED_BUILD"))


def on_pre_build(config, **kwargs):
    if _managed():
        return
    try:
        from generator.pipeline import refresh_docs  # the pipeline's own, if it provides one
    except ImportError:
        from generator.site import refresh_docs
    counts = refresh_docs(ROOT)
    log.info("archive: docs refreshed %s", counts)


def on_post_build(config, **kwargs):
    if _managed():
        return
    from generator.site import HANT_DIR, build_edition, run_pagefind

    site_dir = Path(config["site_dir"])
    work = ROOT / "build"
    work.mkdir(parents=True, exist_ok=True)
    target = site_dir / HANT_DIR
    # Build into a fresh directory next to the target (MkDocs cleans its own site_dir), then swap.
    staging = Path(tempfile.mkdtemp(prefix="zh-Hant-serve-", dir=work))
    try:
        build_edition("zh-Hant", ROOT / "build" / HANT_DIR / "docs", staging, work, strict=False)
        if target.exists():
            shutil.rmtree(target)
        shutil.move(str(staging), str(target))
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    run_pagefind(site_dir)
    log.info("archive: built %s and the Pagefind index", target)
