"""Word (.docx) → lines, with python-docx, from the document structure.

Paragraphs and tables in body order (content controls opened up); each table row is one
``|cell|…|`` line with merged cells resolved: a horizontal merge (``w:gridSpan``) is one cell, a
vertical merge (``w:vMerge``) keeps its text in the first row and is left out of the rows it
continues into, so a group label such as （三）不予公开 stands once and every row keeps its own
figures. Page headers and footers are not part of the body and do not reach the text.

Before python-docx sees the file: zip-bomb and size limits, and no XML member with a DTD or entity
declaration (generator.extract.common.check_zip); python-docx parses with lxml and
``resolve_entities=False`` (no network), and never follows external relationships.
"""
from __future__ import annotations

import io
import re

from ..ingest import SourceError
from . import Extracted
from .common import check_zip, join_wrapped, row_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOT_SPACE = re.compile(r"\S")     # "一" in "  一": a line with any text at all


def _text(p) -> str:
    """A paragraph's text: runs, hyperlinks and fields; tabs as spaces, breaks as new lines."""
    parts = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr", f"{W}delText"):
        tag = el.tag[len(W):]
        if tag == "t":
            parts.append(el.text or "")
        elif tag == "tab":
            parts.append(" ")
        elif tag in ("br", "cr"):
            parts.append("\n")
    return "".join(parts)


def _cell(tc) -> str:
    pieces = []
    for el in tc.iterchildren():
        tag = el.tag[len(W):] if el.tag.startswith(W) else ""
        if tag == "p":
            pieces.append(_text(el))
        elif tag == "tbl":               # a table nested in a cell: its rows' text, in order
            pieces.extend(" ".join(_cell(c) for c in tr.iter(f"{W}tc")) for tr in el.iter(f"{W}tr"))
        elif tag == "sdt":
            pieces.extend(_text(p) for p in el.iter(f"{W}p"))
    text = join_wrapped([s for piece in pieces for s in piece.split("\n")])
    return "" if not text.replace("\u3000", "").strip() else text


def _span(tc) -> int:
    pr = tc.find(f"{W}tcPr")
    span = pr.find(f"{W}gridSpan") if pr is not None else None
    try:
        return max(1, int(span.get(f"{W}val"))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _continues(tc) -> bool:
    """A cell that continues a vertical merge from the row above (vMerge without val=restart)."""
    pr = tc.find(f"{W}tcPr")
    vm = pr.find(f"{W}vMerge") if pr is not None else None
    return vm is not None and vm.get(f"{W}val", "continue") == "continue"


def table_rows(tbl) -> list[list[str | None]]:
    """A w:tbl as grid rows: text at a merge's first position, None where a merge covers."""
    rows = []
    for tr in tbl.iterchildren(f"{W}tr"):
        cells: list[str | None] = []
        for tc in tr.iter(f"{W}tc"):
            if tc.getparent() is not tr and tc.getparent().tag != f"{W}sdtContent":
                continue   # a nested table's cell
            span = _span(tc)
            cells.append(None if _continues(tc) else _cell(tc))
            cells.extend([None] * (span - 1))
        rows.append(cells)
    return rows


def body_lines(body) -> tuple[list[str], int]:
    lines: list[str] = []
    tables = 0
    for el in body.iterchildren():
        tag = el.tag[len(W):] if el.tag.startswith(W) else ""
        if tag == "p":
            for s in _text(el).split("\n"):
                lines.append(s.strip())
        elif tag == "tbl":
            tables += 1
            lines.extend(row_line(r) for r in table_rows(el))
        elif tag == "sdt":
            content = el.find(f"{W}sdtContent")
            if content is not None:
                more, n = body_lines(content)
                lines.extend(more)
                tables += n
    return lines, tables


def extract_docx(data: bytes) -> Extracted:
    check_zip(data, "word/document.xml", "Word")
    import docx
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise SourceError(f"Word 文件损坏，无法读取（{exc.__class__.__name__}）") from exc
    lines, tables = body_lines(document.element.body)
    out = Extracted(lines=[s for s in lines], kind="docx")
    if not any(NOT_SPACE.search(s) for s in lines):
        raise SourceError("Word 文件没有任何文字")
    out.note("docx", f"从 Word 文档提取段落与表格（{tables} 个表格；合并单元格 gridSpan / vMerge 只取一次；页眉页脚不计入正文）")
    return out
