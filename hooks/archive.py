"""MkDocs hook for `mkdocs serve` and a plain `mkdocs build` on the repository's mkdocs.yml.

on_pre_build   regenerate content/ (zh-Hans) and build/zh-Hant/docs (zh-Hant) from site_data/,
               writing only files whose bytes changed (so serve's watcher does not loop).
on_post_build  build the zh-Hant edition into <site_dir>/zh-Hant and run Pagefind over the site,
               so the served site has both editions and search.

Both steps are skipped when ARCHIVE_MANAGED_BUILD is set: `python -m generator build` renders the
docs and builds both editions itself (generator.site.build_site).  In a managed build the hook is
loaded only for the test hook ARCHIVE_TEST_PAUSE_AT=mkdocs (generator.safety.pause_point).

Both steps hold the sample archive's workspace lock (site_data/records, content/, build/), the one
`python -m generator build` and `records` take, waiting for it when another build holds it; the
zh-Hant edition and the Pagefind index are swapped in whole (generator.site.add_hant_edition).
"""

from __future__ import annotations

import logging
import os
from contextlib import ExitStack
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

log = logging.getLogger("mkdocs.hooks.archive")


def _managed() -> bool:
    return bool(os.environ.get("ARCHIVE_MANAGED_BUILD"))


def _workspace_lock() -> ExitStack:
    from generator import pipeline, safety
    from generator.build import workspace_lock

    held = ExitStack()
    try:
        held.enter_context(workspace_lock(pipeline.SOURCES))
    except safety.LockHeld as exc:
        log.info("archive: waiting: %s", exc)
        held.enter_context(workspace_lock(pipeline.SOURCES, wait=True))
    return held


def on_pre_build(config, **kwargs):
    if _managed():
        return
    from generator.pipeline import refresh_docs

    with _workspace_lock():
        counts = refresh_docs(ROOT)
    log.info("archive: docs refreshed %s", counts)


def on_post_build(config, **kwargs):
    if _managed():
        from generator.safety import pause_point

        pause_point("mkdocs")  # test hook; a no-op unless ARCHIVE_TEST_PAUSE_AT=mkdocs
        return
    from generator.site import HANT_DIR, add_hant_edition

    with _workspace_lock():
        target = add_hant_edition(Path(config["site_dir"]), ROOT / "build" / HANT_DIR / "docs", ROOT / "build")
    log.info("archive: built %s and the Pagefind index", target)
