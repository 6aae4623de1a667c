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
import sys
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
    from generator.pipeline import refresh_docs

    counts = refresh_docs(ROOT)
    log.info("archive: docs refreshed %s", counts)


def on_post_build(config, **kwargs):
    if _managed():
        return
    from generator.site import HANT_DIR, add_hant_edition

    target = add_hant_edition(Path(config["site_dir"]), ROOT / "build" / HANT_DIR / "docs", ROOT / "build")
    log.info("archive: built %s and the Pagefind index", target)
