"""Drop the whitespace MkDocs' templates leave between tags, without changing what a page shows.

Material's templates indent every tag and leave a blank line behind each ``{% if %}``: about a
tenth of a report page (4–5 KB of 46) is indentation and empty lines. Outside ``<pre>``,
``<textarea>``, ``<script>`` and ``<style>`` a run of whitespace that holds a line break renders
as one space, exactly as a single line break does, so each such run becomes ``\\n`` and the page
renders the same (text, layout, search index). Inside those four elements every byte is kept.
Scraped text cannot open one of them: the templates escape it (``&lt;pre``).

Pure bytes → bytes (``compact_text``: str → str), deterministic. The build compacts each page as
MkDocs writes it (``compact_hook``); ``compact_pages`` rewrites every ``*.html`` of a built site.
"""
from __future__ import annotations

import re
from pathlib import Path

# An element whose content keeps its whitespace, from its start tag to its end tag.
RAW_ELEMENT = re.compile(rb"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
# Whitespace holding at least one line break: "  \n\n    " → "\n". The lookbehind starts a match
# only where a run of spaces starts: without it a long run with no line break in it (scraped text
# can hold one) is tried from each of its spaces, quadratic in its length.
BROKEN_SPACE = re.compile(rb"(?<![ \t\r])[ \t\r]*\n[ \t\r\n]*")


def compact_html(data: bytes) -> bytes:
    """``data`` with every whitespace run that holds a line break outside RAW_ELEMENT made one
    ``\\n``."""
    out = []
    end = 0
    for m in RAW_ELEMENT.finditer(data):
        out.append(BROKEN_SPACE.sub(b"\n", data[end:m.start()]))
        out.append(m.group(0))
        end = m.end()
    out.append(BROKEN_SPACE.sub(b"\n", data[end:]))
    return b"".join(out)


_RAW_ELEMENT_TEXT = re.compile(RAW_ELEMENT.pattern.decode(), re.S | re.I)
_BROKEN_SPACE_TEXT = re.compile(BROKEN_SPACE.pattern.decode())


def compact_text(text: str) -> str:
    """``compact_html`` of a page as text (what a MkDocs hook is handed): the same result."""
    out = []
    end = 0
    for m in _RAW_ELEMENT_TEXT.finditer(text):
        out.append(_BROKEN_SPACE_TEXT.sub("\n", text[end:m.start()]))
        out.append(m.group(0))
        end = m.end()
    out.append(_BROKEN_SPACE_TEXT.sub("\n", text[end:]))
    return "".join(out)


def compact_pages(site_dir: Path, *, fresh_only: bool = False) -> tuple[int, int]:
    """Compact every HTML page under ``site_dir`` in place. Returns (bytes before, bytes after).
    ``fresh_only``: only the files with one link (an incremental build shares the others with the
    published site, and they were compacted when written)."""
    before = after = 0
    for path in sorted(Path(site_dir).rglob("*.html")):
        if fresh_only and path.stat().st_nlink > 1:
            continue
        data = path.read_bytes()
        small = compact_html(data)
        before, after = before + len(data), after + len(small)
        if small != data:
            path.write_bytes(small)
    return before, after
