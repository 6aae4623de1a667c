"""Records → Markdown pages (Jinja2) for one script (zh-Hans or zh-Hant).

One module per concern, and one per page type (``pages/``):

=================  ==========================================================================
``strings``        the catalogue of user-facing strings (``strings/zh-Hans.yaml``, ``zh-Hant.yaml``)
``tables_spec``    the statistics tables' rows and columns with their labels, the headline figures
``safe``           sanitising scraped strings, page titles, http(s)-only URLs, verbatim markers
``urls``           body and year slugs, page URLs
``cells``          number formatting, table cells and the rows of each statistics table, full text
``fields``         record field paths and headline sources named in Chinese, machine-id labels
``archive``        records sorted and grouped by body and by year
``pages``          page data: ``report``, ``body``, ``year``, ``indexes``, ``dictionary`` (no rendering, no writing)
``environment``    the Jinja environment (filters, ``t()``, label globals)
``downloads``      the data downloads (generator.publish), YAML copies, document copies (zh-Hans tree only)
``write``          rendering page data, the front-matter check, writing the docs trees
=================  ==========================================================================

Safety model.  Every string in a record is scraped and hostile.  Pages are Markdown files whose
data-bearing parts are raw HTML blocks: Python-Markdown passes block-level raw HTML through without
looking inside, so escaped text in them can never become Markdown syntax (links, emphasis,
headings, lists, tables) — and the Jinja environment autoescapes every value, so it can never become
HTML either.  The only Markdown the templates emit is their own constant text (section headings).
Before rendering, every string in a record is sanitised (``safe``).  Jinja never sees scraped text
as a template.

Script.  Pages are rendered once, in Simplified; for zh-Hant the finished page text is converted
with ``generator.convert.to_traditional`` except the spans marked "verbatim" (URLs, file names,
hashes, ids, and the catalogue's zh-Hant exceptions), which stay as they are.

Shared files.  The zh-Hans tree also receives the data downloads — what ``generator.publish``
makes of the records (``data/headline.csv`` and its Excel copy, ``data/cells.csv.gz``,
``data/archive.sqlite.gz``, ``data/datapackage.json``, ``data/dictionary.json``,
``data/records.jsonl.gz``, ``data/reports/<id>.json``) — and inert, compressed copies of the raw
sources (``sources/<id>.txt.gz``) as static files; the zh-Hant edition, mounted at
``zh-Hant/`` under the zh-Hans site root, links to those same files instead of duplicating them.
The data dictionary page (``data/dictionary.md``) is rendered in both scripts from
``generator.publish.dictionary``.

Files are written only when their bytes change, and generated files that are no longer produced are
removed (only inside the generated paths), so ``mkdocs serve`` does not loop.

The names below are the package's public interface (and a few internals the tests reach).
"""

from __future__ import annotations

from .archive import Archive
from .cells import Page, fmt_number, fmt_value
from .cells import paragraphs as _paragraphs
from .downloads import DOCUMENT_FORMATS, SHARED_DIRS, SHARED_FILES, document_copy, shared_files
from .environment import (CHECK_LABELS, CLEANING_LABELS, NAME_SOURCE_LABELS, SOURCE_FORMAT_LABELS, STATUS_LABELS,
                          TEMPLATE_LABELS, TEMPLATE_SHORT, TEMPLATES)
from .fields import FIELD_LABELS, field_label, label_of
from .fields import describe_source as _describe_source
from .safe import finish, keep, plain_title, safe_url, sanitize
from .tables_spec import (HEADLINE_KEYS, HEADLINE_LABELS, PROACTIVE_TABLES, REQUEST_COLUMNS, REQUEST_ROWS,
                          REVIEW_COLUMNS, REVIEW_ROWS)
from .urls import body_slug, page_url, year_slug
from .write import (GENERATED_DIRS, GENERATED_FILES, SCRIPTS, RenderError, check_front_matter, render_docs,
                    render_pages, write_if_changed)

__all__ = [
    # the interface the build, the pipeline and the benchmarks use
    "render_docs", "render_pages", "shared_files", "check_front_matter", "RenderError", "write_if_changed",
    "GENERATED_DIRS", "GENERATED_FILES", "SHARED_DIRS", "SHARED_FILES", "SCRIPTS", "TEMPLATES",
    # slugs, URLs, safety
    "body_slug", "year_slug", "page_url", "safe_url", "sanitize", "plain_title", "keep", "finish",
    # page parts
    "Archive", "Page", "fmt_number", "fmt_value", "document_copy", "DOCUMENT_FORMATS", "field_label", "label_of",
    "_paragraphs", "_describe_source",
    # labels: from the string catalogue, and the tables' own wording (tables_spec)
    "CHECK_LABELS", "CLEANING_LABELS", "FIELD_LABELS", "NAME_SOURCE_LABELS", "SOURCE_FORMAT_LABELS", "STATUS_LABELS",
    "TEMPLATE_LABELS", "TEMPLATE_SHORT", "HEADLINE_KEYS", "HEADLINE_LABELS", "PROACTIVE_TABLES", "REQUEST_COLUMNS",
    "REQUEST_ROWS", "REVIEW_COLUMNS", "REVIEW_ROWS",
]
