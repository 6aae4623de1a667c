"""A MkDocs hook for the incremental site build only (``generator.site.build_site(incremental=True)``,
which runs MkDocs' ``--dirty`` build in a copy of the last site): MkDocs warns that a dirty build
may leave navigation and links stale, and ``--strict`` would turn that one warning into a failed
build.  Here it does not apply: the navigation is fixed by mkdocs.yml (whose change rebuilds the
site from scratch), and ``generator.site`` removes the outputs whose pages are gone before MkDocs
runs.  Every other warning still fails the build."""
from __future__ import annotations

import logging

DIRTY_WARNING = "A 'dirty' build is being performed"


class _NotTheDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


logging.getLogger("mkdocs.commands.build").addFilter(_NotTheDirtyWarning())
