"""Making scraped strings safe to print, and the "do not convert" markers.

Every string in a record is scraped and hostile.  Before rendering, every string is sanitised:
control characters (which Python-Markdown uses for its placeholders) and the two private-use
characters used below as "do not convert" markers are removed.  Page titles (which Material prints
unescaped into <title> and the header) have < > & " ' replaced by their full-width forms.  Links
are emitted only for absolute http(s) URLs (``safe_url``); anything else is shown as text.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from generator.characters import LINE_BREAK, UNSAFE
from generator.convert import to_traditional

# Markers around text that must not be converted to Traditional (URLs, file names, ids).  Removed
# from every scraped string before rendering, so input cannot forge them.
KEEP_OPEN = "\ue000"
KEEP_CLOSE = "\ue001"
# A verbatim span: "\ue000https://example.gov.cn/a\ue001" (group 1: the URL).
KEEP_SPAN = re.compile(f"{KEEP_OPEN}(.*?){KEEP_CLOSE}", re.S)
# The shared list of unsafe characters (generator.characters) plus the two private-use marker
# characters: "\x00", "\u202e", "\ue000".
UNSAFE_CHARS = re.compile(f"{UNSAFE.pattern}|[\ue000\ue001]")
# What a link's URL may not hold: whitespace, quotes, angle brackets, backquote, backslash,
# controls — "http://a.cn/x y", 'http://a.cn/"onclick', "http://a.cn/\\x".
URL_FORBIDDEN = re.compile(r"[\s\"'<>`\\\x00-\x1f\x7f]")

_TITLE_FULLWIDTH = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "\n": " ", "\t": " ",
                                  "\u2028": " ", "\u2029": " ", "\x85": " "})


# Anything clean_str would change: most strings hold none, and one search is cheaper than the subs.
_NEEDS_CLEANING = re.compile(f"[\r]|{LINE_BREAK.pattern}|{UNSAFE_CHARS.pattern}")
_PLAIN = frozenset({int, float, bool, type(None)})


def clean_str(value: str) -> str:
    """One string with line breaks made "\\n" and unsafe characters removed."""
    # A str subclass (Markup) is made plain str even when clean: its markup is not trusted.
    if type(value) is str and not _NEEDS_CLEANING.search(value):
        return value
    value = LINE_BREAK.sub("\n", value.replace("\r\n", "\n").replace("\r", "\n"))
    return UNSAFE_CHARS.sub("", value)


def sanitize(obj: Any) -> Any:
    """A record with every string (keys too) made safe to hand to templates, dates as ISO text and
    tuples as lists. What is already so is shared, not copied (a record is mostly clean, and a
    copy of every record was the render's largest cost in memory): treat the result as read-only,
    and copy a dict before adding keys to it (generator.render.archive does)."""
    kind = type(obj)
    if kind is str:
        return clean_str(obj)
    if kind in _PLAIN:              # the numbers of the tables: most of a record's values
        return obj
    if isinstance(obj, str):
        return clean_str(obj)
    if isinstance(obj, dict):
        out = {}
        same = type(obj) is dict
        for k, v in obj.items():
            k2 = clean_str(k) if isinstance(k, str) else k
            v2 = sanitize(v)
            same = same and k2 is k and v2 is v
            out[k2] = v2
        return obj if same else out
    if isinstance(obj, (list, tuple)):
        items = [sanitize(v) for v in obj]
        return obj if type(obj) is list and all(a is b for a, b in zip(items, obj)) else items
    if isinstance(obj, (_dt.date, _dt.datetime)):
        return obj.isoformat()
    return obj


def sanitize_record(record: dict, changed: list[str] | None = None) -> tuple[dict, list[str] | None]:
    """``sanitize(record)`` as a new dict, and the top-level keys whose values sanitising changed
    (None when a key itself changed: no shortcut is kept for such a record).

    ``changed``: those keys, as this function returned them for a record of the same value digest
    (the same values of the same JSON types): only their values are sanitised again, the others
    are the record's own, which sanitising left as they were. A record is mostly tables of
    numbers and clean text, and walking all of it was half of each edition's render on a rebuild
    (generator.render.archive keeps the keys per digest between runs: ``SanitizeMemo``)."""
    if type(record) is not dict:
        return dict(sanitize(record)), None
    if changed is not None:
        out = dict(record)
        for key in changed:
            out[key] = sanitize(record[key])
        return out, list(changed)
    clean = sanitize(record)
    if clean is record:
        return dict(record), []
    if list(clean) != list(record):
        return dict(clean), None
    return dict(clean), [k for k, v in clean.items() if v is not record[k]]


def plain_title(text: str) -> str:
    """A page title safe where Material prints it unescaped (<title>, header): no markup characters."""
    return " ".join(clean_str(str(text)).translate(_TITLE_FULLWIDTH).split())


def safe_url(url: Any) -> str | None:
    """The URL if it is an absolute http(s) URL with a host and no whitespace/quotes, else None."""
    if not isinstance(url, str) or not url or len(url) > 2000:
        return None
    if URL_FORBIDDEN.search(url) or UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if not url.lower().startswith(parts.scheme.lower() + "://"):
        return None
    return url


def keep(value: Any) -> Markup:
    """Escape ``value`` and mark it so that zh-Hant conversion leaves it as it is."""
    return Markup(KEEP_OPEN) + escape(str(value)) + Markup(KEEP_CLOSE)


# A run of the characters after which an id or a file name may break: "pingtan--", "seeds/".
BREAK_AFTER = re.compile(r"([-/]+)")


def breakable(value: Any) -> Markup:
    """An id or a file name, escaped and verbatim-marked like ``keep``, with a line-break
    opportunity (``<wbr>``) after each run of "-" or "/": a narrow column breaks it there, never
    inside a word (``seeds/<wbr>004_f2e2…-<wbr>txt``).  Copying the text gives the name unchanged."""
    shown = BREAK_AFTER.sub(r"\1<wbr>", str(escape(str(value))))
    return Markup(KEEP_OPEN) + Markup(shown) + Markup(KEEP_CLOSE)


def finalize(value: Any) -> Any:
    """Every {{ }} output: null prints as nothing (never "None"); a multi-line string is escaped
    with its line breaks as <br>, so no data string can put a blank line (the end of a raw HTML
    block for some Markdown processors) into a page."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup) and "\n" in value:
        return Markup("<br>\n").join(escape(line) for line in value.split("\n"))
    return value


def finish(text: str, script: str) -> str:
    """Convert a finished page to its script; verbatim-marked spans are left as they are."""
    if script == "zh-Hans":
        return text.replace(KEEP_OPEN, "").replace(KEEP_CLOSE, "")
    out = []
    pos = 0
    for m in KEEP_SPAN.finditer(text):
        out.append(to_traditional(text[pos:m.start()]))
        out.append(m.group(1))
        pos = m.end()
    out.append(to_traditional(text[pos:]))
    result = "".join(out)
    if KEEP_OPEN in result or KEEP_CLOSE in result:  # unbalanced marker: a template bug
        raise AssertionError("unbalanced verbatim markers in rendered page")
    return result
