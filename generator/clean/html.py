"""HTML page → text lines.

Block elements end a line; a data table (one that holds no other table) becomes one line per
row with cells between "|" (``|a|b||d|``), so that the same label-driven table reader handles
HTML, "|"-joined crawler dumps and plain text. Word exports split one number over several
``<span>``s, so inline elements are joined without spaces; ``<br>`` and ``<p>`` inside a cell
become a space.
"""
from __future__ import annotations

import re
from typing import Callable, Iterator

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
             "head", "select", "button", "input", "textarea", "form", "nav"}
BLOCK_TAGS = {"p", "div", "section", "article", "header", "footer", "aside", "main", "h1", "h2", "h3",
              "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center",
              "tr", "table", "tbody", "thead", "tfoot", "hr", "address", "figure", "figcaption", "caption"}
META_NAMES = {"articletitle": "标题", "pubdate": "发布时间", "url": "原文链接", "contentsource": "来源",
              "author": "作者"}

# Removed before parsing: they carry no report text, and Word exports make them most of the bytes
# (a 250 KB page is ~30 KB without inline styles), which is most of the parse time.
# What ``strip_inert_blocks`` removes, as one pattern (the tests check the scanner against it):
# "<script …>…</script>", "<style>…</style>", "<!-- … -->". Used by itself it is quadratic on
# many unclosed <script> tags or comments: each would search to the end of the page.
_INERT_BLOCKS = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.S | re.I)
INERT_KINDS = ("script", "style", "noscript", "template")
INERT_OPEN = {k: re.compile(rf"<{k}\b[^>]*>", re.I) for k in INERT_KINDS}      # "<script type=…>"
INERT_CLOSE = {k: re.compile(rf"</{k}\s*>", re.I) for k in INERT_KINDS}        # "</script >"
_STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*(?:"[^"]*"|'[^']*')""", re.I)

_WS = re.compile(r"[ \t\r\n\f\v\xa0\u3000\u200b\ufeff]+")


class _After:
    """Stands on the walk's stack behind a tag's children: run once they are done."""
    __slots__ = ("run",)

    def __init__(self, run: Callable[[], None]):
        self.run = run


def _walk(root: Tag, on_text: Callable[[str], None], on_tag: Callable[[Tag], Callable[[], None] | bool]) -> None:
    """Depth first through ``root``'s descendants with an explicit stack, not recursion: scraped
    pages nest elements thousands deep. ``on_tag`` returns False to skip a tag's content, True to
    go into it, or a function to run after its content."""
    stack: list[Iterator] = [iter(root.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif isinstance(child, _After):
            child.run()
        elif isinstance(child, Comment):
            continue
        elif isinstance(child, NavigableString):
            on_text(str(child))
        elif isinstance(child, Tag):
            enter = on_tag(child)
            if enter is False:
                continue
            if enter is not True:
                stack.append(iter([_After(enter)]))
            stack.append(iter(child.children))


def _cell_text(cell: Tag) -> str:
    parts: list[str] = []

    def space() -> None:
        parts.append(" ")

    def on_tag(tag: Tag):
        if tag.name in DROP_TAGS:
            return False
        if tag.name == "br":
            space()
            return False
        if tag.name in BLOCK_TAGS:
            space()
            return space
        return True

    _walk(cell, parts.append, on_tag)
    return _WS.sub(" ", "".join(parts)).strip().replace("|", "｜")


def strip_inert_blocks(html: str) -> str:
    """``_INERT_BLOCKS.sub("", html)`` in linear time.

    The leftmost block whose end exists is removed, then the scan goes on after it. When a kind's
    closing tag (or "-->") is missing after one opener, it is missing after every later opener of
    that kind too, so that kind is not looked for again: each kind's closing is searched to the end
    at most once."""
    last_gt = html.rfind(">") + 1            # no opener after the last ">" can complete
    live = {*INERT_KINDS, "comment"}
    found: dict[str, tuple[int, int] | None] = {}     # kind → (start, end of opener) at or after pos
    out, pos = [], 0
    while True:
        best: tuple[int, int, str] | None = None
        for kind in sorted(live):
            hit = found.get(kind)
            if hit is None or hit[0] < pos:
                if kind == "comment":
                    at = html.find("<!--", pos)
                    hit = (at, at + 4) if at >= 0 else None
                else:
                    m = INERT_OPEN[kind].search(html, pos, last_gt)
                    hit = m.span() if m else None
                found[kind] = hit
            if hit is None:
                live.discard(kind)
            elif best is None or hit[0] < best[0]:
                best = (hit[0], hit[1], kind)
        if best is None:
            break
        start, opened, kind = best
        if kind == "comment":
            close = html.find("-->", opened)
            end = close + 3 if close >= 0 else -1
        else:
            m = INERT_CLOSE[kind].search(html, opened)
            end = m.end() if m else -1
        if end < 0:
            live.discard(kind)
            continue
        out.append(html[pos:start])
        pos = end
    out.append(html[pos:])
    return "".join(out)


# The tree is searched by walking it, not with find_all: bs4's general matcher was a quarter of
# the time of a page (same tags, same document order).
def _tags(root: Tag, names: set[str] | frozenset[str]) -> list[Tag]:
    return [t for t in root.descendants if isinstance(t, Tag) and t.name in names]


def _child_tags(root: Tag, names: set[str] | frozenset[str]) -> list[Tag]:
    return [t for t in root.children if isinstance(t, Tag) and t.name in names]


_TR, _CELLS = frozenset({"tr"}), frozenset({"td", "th"})


def _is_data_table(table: Tag) -> bool:
    return not any(isinstance(t, Tag) and t.name == "table" for t in table.descendants)


def html_to_lines(html: str) -> tuple[list[str], dict[str, str], list[str]]:
    size = len(html)
    html = _STYLE_ATTR.sub("", strip_inert_blocks(html))
    # html.parser, not lxml: lxml was no faster here (bs4's tree building is the cost, measured on
    # 441 pages) and dropped the text after an unclosed comment. Attribute values stay strings
    # (no class lists): nothing here reads them as lists.
    soup = BeautifulSoup(html, "html.parser", multi_valued_attributes=None)
    meta: dict[str, str] = {}
    metas, drops = [], []
    for tag in soup.descendants:
        if isinstance(tag, Tag):
            if tag.name == "meta":
                metas.append(tag)
            if tag.name in DROP_TAGS:
                drops.append(tag)
    for tag in metas:
        name = (tag.get("name") or "").strip().lower()
        if name in META_NAMES and tag.get("content", "").strip():
            meta.setdefault(META_NAMES[name], tag["content"].strip())
    if soup.title and soup.title.string and "标题" not in meta:
        meta["页面标题"] = soup.title.string.strip()
    removed: list[str] = []
    dropped = 0
    for tag in drops:
        if tag.parent is not None:
            tag.decompose()
            dropped += 1
    if dropped:
        removed.append(f"删除页面中的表单、导航和嵌入元素 {dropped} 个")
    if len(html) < size:
        removed.append(f"删除脚本、样式、注释和内联样式属性（{size} 个字符中的 {size - len(html)} 个）")

    lines: list[str] = []
    buf: list[str] = []

    def flush():
        text = _WS.sub(" ", "".join(buf)).strip()
        buf.clear()
        if text:
            lines.append(text)

    def on_tag(tag: Tag):
        if tag.name == "br":
            flush()
            return False
        if tag.name == "table" and _is_data_table(tag):
            flush()
            for tr in _tags(tag, _TR):
                cells = [_cell_text(td) for td in _child_tags(tr, _CELLS)]
                if any(cells):
                    lines.append("|" + "|".join(cells) + "|")
            lines.append("")
            return False
        if tag.name in BLOCK_TAGS:
            flush()
            return flush
        return True

    _walk(soup.body or soup, buf.append, on_tag)
    flush()
    return lines, meta, removed
