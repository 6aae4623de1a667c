"""Markdown extension: the generated pages' own HTML blocks go to the output without being parsed.

Most of a generated page is HTML that ``generator.render`` wrote (metadata, statistics tables, the
report's text), each block a ``<div class="archive-…">`` standing on its own lines.  Markdown
passes such a block through unchanged anyway, but first Python's ``html.parser`` reads it twice —
in MkDocs' anchor collector and in Markdown's raw-HTML preprocessor — which was 66 % of a whole
MkDocs build (``benchmarks/profile.py``).  This preprocessor runs before both and stashes each
block as Markdown would, so the page comes out byte for byte the same (``tests/test_rawblocks.py``
builds a site with and without it), only without the parse.

Only blocks that are certainly the renderer's are taken: a line starting ``<div class="archive-``
after a blank line, through the line where its ``<div>``s close, followed by a blank line.  Text
from a source cannot start such a line: the renderer escapes every ``<`` of scraped text.  Any
other HTML, and a block that does not close, takes Markdown's ordinary path.
"""
from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

BLOCK_START = re.compile(r'<div class="archive-[a-z-]+[" ]')    # <div class="archive-block">
DIV_OPEN = re.compile(r"<div\b")                                 # <div class="archive-scroll" …>
DIV_CLOSE = re.compile(r"</div\s*>")                             # </div></div>
PRIORITY = 30      # before MkDocs' raw-HTML anchor collector (21) and Markdown's html_block (20)


def block_end(lines: list[str], start: int) -> int | None:
    """The index of the line that closes the block opened at ``start``, or None."""
    depth = 0
    for j in range(start, len(lines)):
        depth += len(DIV_OPEN.findall(lines[j])) - len(DIV_CLOSE.findall(lines[j]))
        if depth <= 0:
            return j
    return None


class RawBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(lines):
            if BLOCK_START.match(lines[i]) and (i == 0 or not lines[i - 1].strip()):
                end = block_end(lines, i)
                if end is not None and (end + 1 == len(lines) or not lines[end + 1].strip()):
                    # Markdown keeps the line end that closes a raw block: so do we, for the same bytes.
                    out.append(self.md.htmlStash.store("\n".join(lines[i:end + 1]) + "\n"))
                    i = end + 1
                    continue
            out.append(lines[i])
            i += 1
        return out


class RawBlocksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(RawBlocks(md), "archive_raw_blocks", PRIORITY)


def makeExtension(**kwargs) -> RawBlocksExtension:
    return RawBlocksExtension(**kwargs)
