"""The data dictionary page (``data/dictionary.md``): every column of every download, rendered from
``generator.publish.dictionary`` (the one description, which also writes ``dictionary.json`` and
the Data Package schemas).

Its body holds no scraped text: only the formats' names and publish.dictionary's constants, already
HTML-escaped there.  Each of its tables is put in the site's scrolling region (``archive-block`` /
``archive-scroll``: focusable, named after the table's heading), so a wide table scrolls sideways on
a phone instead of widening the page, and the column names in its codes may break after "_", ".",
"-" or "/" (``<wbr>``), never inside a word."""

from __future__ import annotations

import functools
import re

from markupsafe import Markup

from generator.publish.dictionary import dictionary_markdown

from ..archive import Archive
from . import PageSpec, spec

PATH = "data/dictionary.md"
# A Markdown heading of the dictionary body: "## 下载文件" (group 1: its text, already escaped).
HEADING = re.compile(r"^#{2,6} (.+?)\s*$")
# A table's caption line: "<caption>行</caption>" (group 1: its text).
CAPTION = re.compile(r"^<caption>(.*)</caption>$")
# A code of the dictionary's tables, "<code>requests_partially_granted</code>" (group 1: the name,
# escaped there), and the characters it may break after on a phone: "_", ".", "-", "/".
CODE = re.compile(r"<code>([^<]*)</code>")
NAME_BREAK = re.compile(r"([_./-]+)")


def wrap_tables(body: str) -> str:
    """The dictionary body with every ``<table>…</table>`` block inside a named scrolling region."""
    out: list[str] = []
    heading = ""
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = HEADING.match(line)
        if m:
            heading = m.group(1)
        if line == "<table>":
            end = lines.index("</table>", i)
            table = lines[i:end + 1]
            caption = next((c.group(1) for c in map(CAPTION.match, table) if c), None)
            label = f"{heading}：{caption}" if heading and caption else heading or caption or ""
            rows = [CODE.sub(lambda c: "<code>" + NAME_BREAK.sub(r"\1<wbr>", c.group(1)) + "</code>", row)
                    for row in table[1:]]
            out += ['<div class="archive-block">',
                    f'<div class="archive-scroll" role="region" tabindex="0" aria-label="{label}">',
                    '<table class="archive-dictionary">', *rows, "</div>", "</div>"]
            i = end + 1
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


@functools.lru_cache(maxsize=1)
def body() -> Markup:
    """The page body (trusted HTML and Markdown: publish.dictionary escapes every text it holds)."""
    return Markup(wrap_tables(dictionary_markdown()))


def dictionary_pages(archive: Archive, script: str) -> list[PageSpec]:
    return [spec(archive, script, PATH, "dictionary.md.j2", body=body())]
