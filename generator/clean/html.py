"""HTML page → text lines.

Block elements end a line; a data table (one that holds no other table) becomes one line per
row with cells between "|" (``|a|b||d|``), so that the same label-driven table reader handles
HTML, "|"-joined crawler dumps and plain text. Word exports split one number over several
``<span>``s, so inline elements are joined without spaces; ``<br>`` and ``<p>`` inside a cell
become a space.
"""
from __future__ import annotations

import re

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
_INERT_BLOCKS = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_STYLE_ATTR = re.compile(r"""\sstyle\s*=\s*(?:"[^"]*"|'[^']*')""", re.I)

_WS = re.compile(r"[ \t\r\n\f\v\xa0\u3000\u200b\ufeff]+")


def _cell_text(cell: Tag) -> str:
    parts: list[str] = []
    # An explicit stack, not recursion: scraped pages nest elements thousands deep.
    stack: list = [iter(cell.children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if isinstance(child, str) and not isinstance(child, NavigableString):   # a block's closing space
            parts.append(child)
        elif isinstance(child, Comment):
            continue
        elif isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            if child.name in DROP_TAGS:
                continue
            if child.name == "br":
                parts.append(" ")
                continue
            if child.name in BLOCK_TAGS:
                parts.append(" ")
                stack.append(iter([" "]))
            stack.append(iter(child.children))
    return _WS.sub(" ", "".join(parts)).strip().replace("|", "｜")


def _is_data_table(table: Tag) -> bool:
    return table.find("table") is None


def html_to_lines(html: str) -> tuple[list[str], dict[str, str], list[str]]:
    size = len(html)
    html = _STYLE_ATTR.sub("", _INERT_BLOCKS.sub("", html))
    soup = BeautifulSoup(html, "html.parser")
    meta: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        name = (tag.get("name") or "").strip().lower()
        if name in META_NAMES and tag.get("content", "").strip():
            meta.setdefault(META_NAMES[name], tag["content"].strip())
    if soup.title and soup.title.string and "标题" not in meta:
        meta["页面标题"] = soup.title.string.strip()
    removed: list[str] = []
    dropped = 0
    for tag in soup.find_all(DROP_TAGS):
        if isinstance(tag, Tag) and tag.parent is not None:
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

    _FLUSH = object()   # marks the end of a block element on the stack

    def walk(root: Tag) -> None:
        # An explicit stack, not recursion: scraped pages nest elements thousands deep.
        stack: list = [iter(root.children)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                continue
            if child is _FLUSH:
                flush()
            elif isinstance(child, Comment):
                continue
            elif isinstance(child, NavigableString):
                buf.append(str(child))
            elif not isinstance(child, Tag):
                continue
            elif child.name == "br":
                flush()
            elif child.name == "table" and _is_data_table(child):
                flush()
                for tr in child.find_all("tr"):
                    cells = [_cell_text(td) for td in tr.find_all(["td", "th"], recursive=False)]
                    if any(cells):
                        lines.append("|" + "|".join(cells) + "|")
                lines.append("")
            elif child.name in BLOCK_TAGS:
                flush()
                stack.append(iter([_FLUSH]))
                stack.append(iter(child.children))
            else:
                stack.append(iter(child.children))

    body = soup.body or soup
    walk(body)
    flush()
    return lines, meta, removed
