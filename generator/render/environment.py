"""The Jinja environment the page templates (templates/*.j2) are rendered in.

Autoescape is on: every value is escaped unless it is a Markup made in Python.  ``t("id", name=…)``
prints a catalogue text (generator/render/strings/) with its ``{name}`` placeholders filled, each
value escaped and finalised like a ``{{ }}`` output.  A zh-Hant exception (a text that is not the
OpenCC conversion of the Simplified one) is printed verbatim-marked, so the page's conversion
leaves it as written; its values must then not be verbatim-marked themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import strings
from .cells import fmt_number, fmt_value, headline_cells, paragraphs
from .fields import field_label, label_of
from .safe import KEEP_CLOSE, KEEP_OPEN, breakable, finalize, keep, plain_title, safe_url
from . import tables_spec

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Labels keyed by a record's machine ids, from the catalogue (template.*, status.* …).
TEMPLATE_LABELS = strings.group("template")
TEMPLATE_SHORT = strings.group("template_short")
STATUS_LABELS = strings.group("status")
SOURCE_FORMAT_LABELS = strings.group("source_format")
CHECK_LABELS = strings.group("check")
CLEANING_LABELS = strings.group("cleaning")
NAME_SOURCE_LABELS = strings.group("name_source")


@jinja2.pass_context
def t(context: Any, string_id: str, **values: Any) -> Markup:
    """The catalogue text ``string_id`` in the page's script (the context's ``script``)."""
    value, exception = strings.script_text(string_id, context.get("script") or "zh-Hans")
    shown = Markup(value).format(**{k: finalize(v) for k, v in values.items()}) if values else Markup(value)
    return Markup(KEEP_OPEN) + shown + Markup(KEEP_CLOSE) if exception else shown


def _json_str(value: Any) -> Markup:
    return Markup(json.dumps(plain_title(value), ensure_ascii=False))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        # A render is one process (serve renders each edit in a fresh one): the templates are not
        # looked up on disk again for each of the tens of thousands of pages.
        auto_reload=False,
        autoescape=True,
        # Markdown attribute lists ("## 标题 {#id}") contain "{#": Jinja comments use {## ##}.
        comment_start_string="{##",
        comment_end_string="##}",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    env.filters.update(keep=keep, ident=breakable, num=fmt_number, value=fmt_value, title=plain_title, json_str=_json_str,
                       paragraphs=paragraphs)
    env.globals.update(
        t=t,
        TEMPLATE_LABELS=TEMPLATE_LABELS,
        TEMPLATE_SHORT=TEMPLATE_SHORT,
        STATUS_LABELS=STATUS_LABELS,
        SOURCE_FORMAT_LABELS=SOURCE_FORMAT_LABELS,
        CHECK_LABELS=CHECK_LABELS,
        CLEANING_LABELS=CLEANING_LABELS,
        NAME_SOURCE_LABELS=NAME_SOURCE_LABELS,
        label_of=label_of,
        field_label=field_label,
        headline_cells=headline_cells,
        safe_url=safe_url,
    )
    return env


_ENV: jinja2.Environment | None = None


def env() -> jinja2.Environment:
    """The one environment (built on first use; templates are cached in it)."""
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    _ENV.globals.update(table_globals(tables_spec.current()))   # the description rendered now
    return _ENV


def table_globals(spec: tables_spec.TableSpec) -> dict:
    """The tables' rows, columns and headline labels as the templates name them."""
    return {"HEADLINE_KEYS": spec.headline_keys, "HEADLINE_LABELS": spec.headline_labels,
            "REVIEW_COLUMNS": spec.review_columns, "REVIEW_ROWS": spec.review_rows}
