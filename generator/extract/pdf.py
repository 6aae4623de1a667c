"""PDF → lines, with pdfplumber (on pdfminer.six).

Text comes in reading order from the character positions; tables come from the page structure:
pdfplumber finds the cells from the ruling lines ("lines" strategy) and returns each row's cells
with ``None`` where a merged cell covers a grid position, so a merged label stands once and every
row keeps its figures in their own cells. A page without ruling lines keeps its words in lines,
with the gaps between them, which the parser reads by label like any text dump.

Dropped: page headers and footers (page numbers such as "- 5 -" or "第 2 页", and lines repeated
in the top or bottom margin of several pages). Joined: a table that runs on at the top of the next
page, with the header row it repeats dropped; a paragraph that runs on over a page break.

Refused (SourceError, the source is listed with the reason): not a PDF, broken structure,
encrypted, JavaScript or launch actions, more than MAX_PAGES pages, a scan with no text layer
(unless Tesseract with ``chi_sim`` is installed: then the page images are OCR'd and the record
says that every figure came from OCR), and text whose fonts have no Unicode mapping (pdfminer's
"(cid:N)"), which is flagged rather than published as garbage.
"""
from __future__ import annotations

import io
import logging
import re
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from ..ingest import SourceError
from . import MAX_PAGES, Extracted
from .common import join_wrapped, row_key, row_line

PAGE_NUMBER = re.compile(r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$")
HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,2}\s*[、.．]|[(（][一二三四五六七八九十]{1,2}[)）]|\d{1,2}\s*[.、．](?!\d))")
# Names of actions that run code or open other files when the document is opened or clicked.
ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|RichMedia|SubmitForm|ImportData|GoToE)(?![A-Za-z0-9])")
# A stream's data, whose compressed bytes may spell anything: b"stream\r\n…endstream".
# (As one pattern: rb"stream\r?\n.*?endstream", quadratic on many streams that never end;
# ``strip_stream_data`` does the same in one pass.)
STREAM_START = re.compile(rb"stream\r?\n")                 # b"stream\r\n"
ACTIVE_NAMES = {"JavaScript", "JS", "Launch", "RichMedia", "SubmitForm", "ImportData", "GoToE"}
MARGIN = 0.08          # share of the page height that counts as header / footer band
UNREADABLE = "\ufffd"  # what an unmapped glyph becomes (cleaning flags it as mojibake)
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                  "join_tolerance": 3, "intersection_tolerance": 3}


# pdfminer logs every odd font descriptor of hostile or sloppy files; the record says what matters.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def _active_in(obj, depth: int = 0) -> str | None:
    from pdfminer.psparser import PSLiteral
    if depth > 8:
        return None
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in ACTIVE_NAMES:
                return k
            if k == "S" and isinstance(v, PSLiteral) and v.name in ACTIVE_NAMES:
                return v.name
            found = _active_in(v, depth + 1)
            if found:
                return found
    elif isinstance(obj, list):
        for v in obj[:1000]:
            found = _active_in(v, depth + 1)
            if found:
                return found
    return None


def strip_stream_data(data: bytes) -> bytes:
    """The file without its streams' data (b"stream\r\n…endstream" removed), in linear time: once
    no "endstream" follows an opener, none follows any later one."""
    out, pos = [], 0
    while (m := STREAM_START.search(data, pos)) is not None:
        close = data.find(b"endstream", m.end())
        if close < 0:
            break
        out.append(data[pos:m.start()])
        pos = close + len(b"endstream")
    out.append(data[pos:])
    return b"".join(out)


def _active_content(data: bytes, doc) -> str | None:
    # Outside stream data (compressed bytes may spell anything), then every object pdfminer can
    # resolve, which covers dictionaries packed in object streams.
    m = ACTIVE.search(strip_stream_data(data))
    if m:
        return m.group(1).decode()
    # Actions may sit in compressed object streams: look at every object pdfminer can resolve.
    seen = 0
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            seen += 1
            if seen > 200_000:
                return None
            try:
                obj = doc.getobj(objid)
            except Exception:
                continue
            found = _active_in(obj)
            if found:
                return found
    return None


MAX_STREAM = 48 * 1024 * 1024       # one decompressed stream (a page's content, an image)
MAX_STREAMS = 256 * 1024 * 1024     # all of them together


def _stream_bomb(doc) -> str | None:
    """A Flate stream that inflates past the caps (a decompression bomb), found by inflating at
    most MAX_STREAM bytes of each, before pdfminer would inflate it whole in memory."""
    import zlib
    from pdfminer.pdftypes import PDFStream
    total = 0
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            try:
                obj = doc.getobj(objid)
            except Exception:
                continue
            if not isinstance(obj, PDFStream):
                continue
            filters = obj.get_filters() if hasattr(obj, "get_filters") else []
            if not filters or getattr(filters[0][0], "name", filters[0][0]) not in ("FlateDecode", "Fl"):
                continue
            inflater = zlib.decompressobj()
            try:
                size = len(inflater.decompress(obj.rawdata or b"", MAX_STREAM))
            except zlib.error:
                continue      # pdfminer reports a corrupt stream its own way
            if size >= MAX_STREAM and inflater.unconsumed_tail:
                return f"对象 {objid} 的数据流解压后超过 {MAX_STREAM // (1024 * 1024)} MB"
            total += size
            if total > MAX_STREAMS:
                return f"全部数据流解压后超过 {MAX_STREAMS // (1024 * 1024)} MB"
    return None


def _open(data: bytes):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.pdftypes import resolve1
    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        raise SourceError("不是 PDF 文件（缺少 %PDF 文件头）")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        doc = pdf.doc
        count = resolve1(resolve1(doc.catalog.get("Pages")).get("Count")) if doc.catalog.get("Pages") else None
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise SourceError("PDF 已加密，无法读取文字") from exc
    except (PDFSyntaxError, Exception) as exc:
        if any(isinstance(a, (PDFPasswordIncorrect, PDFEncryptionError)) for a in getattr(exc, "args", ())):
            raise SourceError("PDF 已加密，无法读取文字") from exc
        raise SourceError(f"PDF 文件结构损坏，无法读取（{exc.__class__.__name__}）") from exc
    if not isinstance(count, int):
        pdf.close()
        raise SourceError("PDF 文件结构损坏：页面目录缺少页数（/Count）")
    if count > MAX_PAGES:
        pdf.close()
        raise SourceError(f"PDF 页数过多（{count} 页，上限 {MAX_PAGES} 页），疑为恶意文件，未读取")
    return pdf, count


def _unreadable(ch: dict) -> bool:
    t = ch["text"]
    return t.startswith("(cid:") or (len(t) == 1 and ("\ue000" <= t <= "\uf8ff" or t == "\ufffd"))


def _fix_chars(page) -> None:
    """An unmapped glyph becomes U+FFFD (one character, flagged downstream), never "(cid:12)"."""
    for ch in page.chars:
        if _unreadable(ch):
            ch["text"] = UNREADABLE


class _Block:
    __slots__ = ("top", "bottom", "kind", "lines", "rows", "x0", "x1", "ncols", "runs_on", "indented", "grid")

    def __init__(self, top, bottom, kind, lines=None, rows=None, x0=0.0, x1=0.0, ncols=0):
        self.top, self.bottom, self.kind, self.lines, self.rows = top, bottom, kind, lines, rows
        self.x0, self.x1, self.ncols = x0, x1, ncols
        self.runs_on = self.indented = self.grid = False


def _page_blocks(page) -> list[_Block]:
    tables = []
    for t in page.find_tables(TABLE_SETTINGS):
        rows = t.extract()
        ncols = max((len(r) for r in rows), default=0)
        filled_cols = {i for r in rows for i, c in enumerate(r) if c is not None}
        if ncols < 2 or len(filled_cols) < 2:
            continue          # a ruled box around a paragraph is text, not a table
        tables.append((t, rows, ncols))
    rest = page
    for t, _, _ in tables:
        rest = rest.outside_bbox(t.bbox, strict=False)
    blocks = [_Block(t.bbox[1], t.bbox[3], "table", rows=rows, x0=t.bbox[0], x1=t.bbox[2], ncols=ncols) for t, rows, ncols in tables]
    text = [ln for ln in rest.extract_text_lines(strip=True, return_chars=True) if ln["text"].strip()]
    for ln in _unsandwich(text):
        cells = ln.get("cells") or _cells(ln)
        # A line in columns (a table without ruling lines): one cell per line, as the parser
        # reads crawler dumps of such tables; a blank cell stays invisible, as on the page.
        block = _Block(ln["top"], ln["bottom"], "text", lines=cells if len(cells) >= 2 else [ln["text"]], x0=ln["x0"], x1=ln["x1"])
        block.grid = len(cells) >= 2
        blocks.append(block)
    blocks.sort(key=lambda b: (round(b.top, 1), b.x0))
    return blocks


FIGURES = re.compile(r"^[\d\s./／\-—–,，%]+$")
DIGIT = re.compile(r"\d")                 # "1" in "1 0 0 0 0 0 1": a line that may hold a row's figures
ENDS_IN_FIGURE = re.compile(r"\d\s*$")    # "…政府网站建设 0": a row of its own, not half a label


def _unsandwich(lines: list[dict]) -> list[dict]:
    """A table without ruling lines whose label wraps in its cell: the row's figures stand on a
    line of their own, vertically between the label's two halves ("5.要求行政机关确认或重新出" /
    "1 0 0 0 0 0 1" / "具已获取信息"; or the unit and figure, "万元 0"). The positions say they are one
    row: both halves lie left of the figures and within a line's height of them. Put the label back together before the figures."""
    lines = _label_tails(_rejoin_labels(_untangle(lines)))
    out: list[dict] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if out and i + 1 < len(lines) and DIGIT.search(ln["text"]):
            above, below = out[-1], lines[i + 1]
            h = max(1.0, ln["bottom"] - ln["top"])
            if (not FIGURES.match(above["text"]) and not FIGURES.match(below["text"])
                    and above["x1"] <= ln["x0"] and below["x1"] <= ln["x0"]
                    and not ENDS_IN_FIGURE.search(above["text"])
                    and ln["top"] - above["bottom"] < h and below["top"] - ln["bottom"] < h
                    and below["x0"] >= above["x0"] - 2 * h and below["x1"] <= above["x1"] + 2 * h):
                # Fragments of the same label cell: above and below, beside each other vertically.
                merged = dict(ln)
                merged["text"] = join_wrapped([above["text"], below["text"]]) + " " + ln["text"]
                merged["cells"] = [join_wrapped([above["text"], below["text"]]), *(ln.get("cells") or _cells(ln))]
                merged["x0"], merged["top"], merged["bottom"] = above["x0"], above["top"], below["bottom"]
                out[-1] = merged
                i += 2
                continue
        out.append(ln)
        i += 1
    return out


def _segments(ln: dict) -> list[tuple[float, float]]:
    """The x-extents of a line's runs of characters separated by a wide gap (table columns)."""
    chars = [c for c in ln.get("chars") or [] if c["text"].strip()]
    if not chars:
        return [(ln["x0"], ln["x1"])]
    segs = [[chars[0]["x0"], chars[0]["x1"]]]
    for c in chars[1:]:
        size = max(1.0, c.get("size") or (c["bottom"] - c["top"]))
        if c["x0"] - segs[-1][1] > 1.5 * size:
            segs.append([c["x0"], c["x1"]])
        else:
            segs[-1][1] = max(segs[-1][1], c["x1"])
    return [(a, b) for a, b in segs]


def _cells(ln: dict) -> list[str]:
    """A line's text per column (runs of characters separated by a wide gap)."""
    chars = sorted((c for c in ln.get("chars") or [] if c["text"].strip()), key=lambda c: c["x0"])
    if not chars:
        return [ln["text"]]
    cells = [chars[0]["text"]]
    end = chars[0]["x1"]
    for c in chars[1:]:
        size = max(1.0, c.get("size") or (c["bottom"] - c["top"]))
        gap = c["x0"] - end
        if gap > 1.5 * size:
            cells.append(c["text"])
        else:
            cells[-1] += (" " if gap > 3 else "") + c["text"]
        end = max(end, c["x1"])
    return [s.strip() for s in cells]


def _rejoin_labels(lines: list[dict]) -> list[dict]:
    """A table without ruling lines whose label wraps in its cell: the label's first part on a
    line of its own, the rest on the next line with the row's unit and figures beside it
    ("（一）主动公开政府信息数（…计1" / "条） 条 91"). The positions say it is one cell: the next line's
    first column lies under the first part, closely below it, and the next line has more columns."""
    out: list[dict] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and not FIGURES.match(prev["text"]) and not ENDS_IN_FIGURE.search(prev["text"]):
            h = max(1.0, ln["bottom"] - ln["top"])
            mine, theirs = _segments(prev), _segments(ln)
            if (len(mine) == 1 and len(theirs) >= 2 and 0 <= ln["top"] - prev["bottom"] < 0.6 * h
                    and prev["x0"] - h <= theirs[0][0] and theirs[0][1] <= prev["x1"] + h
                    and theirs[1][0] > prev["x1"]):
                merged = dict(ln)
                merged["text"] = join_wrapped([prev["text"], ln["text"]])
                merged["x0"], merged["top"] = min(prev["x0"], ln["x0"]), prev["top"]
                rest = ln.get("cells") or _cells(ln)
                merged["cells"] = [join_wrapped([prev["text"], rest[0]]), *rest[1:]]
                out[-1] = merged
                continue
        out.append(ln)
    return out


def _label_tails(lines: list[dict]) -> list[dict]:
    """The last part of a wrapped label below its row ("…政府网站建设 0" / "维护等方面的经费）"): a
    line of one piece, tight below a row in columns and within that row's first column."""
    out: list[dict] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None and not FIGURES.match(ln["text"]):
            h = max(1.0, ln["bottom"] - ln["top"])
            cells = prev.get("cells") or _cells(prev)
            segs = _segments(prev)
            if (len(cells) >= 2 and len(segs) >= 2 and len(_segments(ln)) == 1 and 0 <= ln["top"] - prev["bottom"] < 0.6 * h
                    and segs[0][0] - h <= ln["x0"] and ln["x1"] <= segs[1][0]):
                merged = dict(prev)
                merged["cells"] = [join_wrapped([cells[0], ln["text"]]), *cells[1:]]
                merged["bottom"] = ln["bottom"]
                out[-1] = merged
                continue
        out.append(ln)
    return out


def _untangle(lines: list[dict]) -> list[dict]:
    """A wrapped label of the column to the left (a group label such as （六）其他处 / 理) puts a
    fragment on a line of its own between the two halves of a row label: the fragment lies wholly
    left of both halves. Keep the fragment, and join the halves of the row label."""
    out = list(lines)
    i = 1
    while i + 1 < len(out):
        above, mid, below = out[i - 1], out[i], out[i + 1]
        h = max(1.0, mid["bottom"] - mid["top"])
        if (mid["x1"] <= above["x0"] and mid["x1"] <= below["x0"] and not FIGURES.match(mid["text"])
                and not FIGURES.match(above["text"]) and not ENDS_IN_FIGURE.search(above["text"])
                and above["x0"] - h <= below["x0"] <= above["x1"] and below["top"] - above["bottom"] < 2 * h):
            joined = dict(below)
            joined["text"] = join_wrapped([above["text"], below["text"]])
            rest = below.get("cells") or _cells(below)
            joined["cells"] = [join_wrapped([above["text"], rest[0]]), *rest[1:]] if len(rest) >= 2 else None
            joined["x0"], joined["top"] = above["x0"], above["top"]
            out[i - 1:i + 2] = [mid, joined]
            continue
        i += 1
    return out


WHITESPACE = re.compile(r"\s+")      # " " in "第 2 页"
DIGITS = re.compile(r"\d+")          # "12" in "第12页": a page's own number


def _digitless(s: str) -> str:
    return DIGITS.sub("#", WHITESPACE.sub("", s))


PAGE_NUMBER_MARK = re.compile(r"[-—–页/]")   # "-" in "- 3 -", "页" in "第 2 页", "/" in "2/10": no figure of the text


def _drop_margins(pages: list[tuple[float, list[_Block]]], out: Extracted) -> None:
    """Page numbers anywhere outside tables, and lines repeated in the top/bottom band of pages."""
    bands: dict[str, int] = {}
    for height, blocks in pages:
        for b in blocks:
            if b.kind == "text" and (b.bottom < height * MARGIN or b.top > height * (1 - MARGIN)):
                key = _digitless(" ".join(b.lines))
                bands[key] = bands.get(key, 0) + 1
    repeated = {k for k, n in bands.items() if n >= 2 and len(pages) >= 2}
    dropped: list[str] = []
    for height, blocks in pages:
        keep = []
        for b in blocks:
            if b.kind == "text":
                s = " ".join(b.lines)
                in_band = b.bottom < height * MARGIN or b.top > height * (1 - MARGIN)
                if PAGE_NUMBER.match(s) and (in_band or PAGE_NUMBER_MARK.search(s)) or (in_band and _digitless(s) in repeated):
                    dropped.append(s.strip())
                    continue
            keep.append(b)
        blocks[:] = keep
    if dropped:
        shown = " / ".join(dict.fromkeys(dropped[:6]))
        out.note("page-footer", f"删除 PDF 页眉页脚与页码 {len(dropped)} 处，如 {shown}")


def _text_frame(pages: list[list[_Block]]) -> tuple[float, float, float] | None:
    """The text column of the whole document: left and right edges of its full lines, line height."""
    text = [b for blocks in pages for b in blocks if b.kind == "text" and not b.grid]
    if not text:
        return None
    full = [b for b in text if len(b.lines[0]) >= 12] or text
    right = statistics.median(b.x1 for b in full)
    left = statistics.median(sorted(b.x0 for b in full)[: max(1, len(full) // 4)])
    em = statistics.median([(b.bottom - b.top) for b in text]) or 10
    return left, right, em


def _paragraphs(blocks: list[_Block], frame: tuple[float, float, float] | None) -> list[_Block]:
    """Join a page's wrapped lines into paragraphs: a line that reaches the right edge of the text
    runs on into the next line, unless the next is indented (a new paragraph) or a heading."""
    if frame is None:
        return blocks
    left, right, em = frame
    out: list[_Block] = []
    for b in blocks:
        if b.kind == "text":
            b.indented = b.x0 > left + em * 0.8
        prev = out[-1] if out else None
        if (b.kind == "text" and prev is not None and prev.kind == "text" and prev.runs_on
                and not b.grid and not prev.grid and not b.indented and not HEADING.match(b.lines[0])):
            prev.lines.append(b.lines[0])
            prev.x1, prev.bottom = b.x1, b.bottom
            prev.runs_on = b.x1 >= right - em
            continue
        if b.kind == "text":
            b.runs_on = b.x1 >= right - em and not b.grid
        out.append(b)
    return out


def _join_pages(pages: list[list[_Block]], out: Extracted) -> list[str]:
    lines: list[str] = []
    joined = repeated = paragraphs = 0
    prev_last: _Block | None = None
    for blocks in pages:
        for i, b in enumerate(blocks):
            rows = b.rows
            if i == 0 and prev_last is not None and b.kind == "table" and prev_last.kind == "table":
                # The table runs on from the previous page: same width (or columns), nothing between.
                if b.ncols == prev_last.ncols or (abs(b.x0 - prev_last.x0) < 6 and abs(b.x1 - prev_last.x1) < 6):
                    joined += 1
                    head = [row_key(r) for r in prev_last.rows[:3]]
                    k = 0
                    while k < len(rows) and k < len(head) and head[k] and row_key(rows[k]) == head[k]:
                        k += 1
                    if k:
                        repeated += k
                        rows = rows[k:]
            if (i == 0 and prev_last is not None and b.kind == "text" and prev_last.kind == "text" and lines
                    and prev_last.runs_on and not b.grid and not b.indented and not HEADING.match(b.lines[0])):
                lines[-1] = join_wrapped([lines[-1], *b.lines])      # a paragraph over a page break
                paragraphs += 1
                continue
            if b.kind == "table":
                lines.extend(row_line(r) for r in rows)
            elif b.grid:
                lines.extend(b.lines)
            else:
                lines.append(join_wrapped(b.lines))
        prev_last = blocks[-1] if blocks else prev_last
    if joined:
        out.note("pdf-table", f"{joined} 个表格跨页续排，已接续" + (f"；删除续页重复的表头 {repeated} 行" if repeated else ""))
    if paragraphs:
        out.note("pdf-paragraph", f"{paragraphs} 个段落跨页续排，已接续")
    return lines


def _ocr_available() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "chi_sim" in langs.split()


OCR_SPACE = re.compile(r"(?<=[\u4e00-\u9fff（）、，。：；]) (?=[\u4e00-\u9fff（）、，。：；])")   # the space in "政 府", "公开 ，"


def _ocr(data: bytes, count: int, out: Extracted) -> list[str]:
    import pypdfium2 as pdfium
    lines: list[str] = []
    doc = pdfium.PdfDocument(data)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for i in range(min(count, len(doc))):
                image = doc[i].render(scale=300 / 72).to_pil()
                path = Path(tmp) / f"p{i}.png"
                image.save(path)
                text = subprocess.run(["tesseract", str(path), "-", "-l", "chi_sim", "--psm", "6"],
                                      capture_output=True, text=True, timeout=120).stdout
                lines.extend(s.strip() for s in text.splitlines() if s.strip() and not PAGE_NUMBER.match(s))
    finally:
        doc.close()
    # Tesseract puts spaces between Han characters; they are not the document's.
    lines = [OCR_SPACE.sub("", s) for s in lines]
    out.note("ocr", f"扫描件（PDF 没有文字层）：{count} 页文字与数字均由 OCR 识别（Tesseract chi_sim），未经人工核对，所有数字均来自 OCR")
    return lines


def extract_pdf(data: bytes) -> Extracted:
    out = Extracted(lines=[], kind="pdf")
    pdf, count = _open(data)
    try:
        active = _active_content(data, pdf.doc)
        if active:
            raise SourceError(f"PDF 含可执行的动作（/{active}，如 JavaScript 或启动外部程序），疑为恶意文件；不发布，也不转载")
        bomb = _stream_bomb(pdf.doc)
        if bomb:
            raise SourceError(f"PDF {bomb}，疑为压缩炸弹，未读取")
        pages: list[tuple[float, list[_Block]]] = []
        chars = unreadable = images = rotated = 0
        try:
            for page in pdf.pages:
                if page.rotation % 360:
                    rotated += 1
                page_chars = [c for c in page.chars if c["text"].strip()]
                chars += len(page_chars)
                unreadable += sum(1 for c in page_chars if _unreadable(c))
                images += len(page.images)
                _fix_chars(page)
                # pdfminer turns a rotated page's content upright: its height is the page's width.
                height = page.width if page.rotation % 180 == 90 else page.height
                pages.append((float(height), _page_blocks(page)))
                if hasattr(page, "flush_cache"):
                    page.flush_cache()          # one page's objects in memory at a time
        except SourceError:
            raise
        except Exception as exc:
            raise SourceError(f"PDF 文件结构损坏，无法读取页面内容（{exc.__class__.__name__}）") from exc
    finally:
        pdf.close()
    if chars < 10 * max(1, count):          # fewer than ten characters a page: no text layer
        if images and _ocr_available():
            out.lines = _ocr(data, count, out)
            out.kind = "pdf-ocr"
            return out
        if images:
            raise SourceError("扫描件（PDF 没有文字层，只有页面图像）；本机未安装 OCR（Tesseract chi_sim），无法读取其中的文字和数字")
        raise SourceError("PDF 没有任何文字（也没有页面图像）")
    if unreadable > 0.2 * chars:
        raise SourceError(f"PDF 的文字无法识别：{unreadable} / {chars} 个字符的字体没有 Unicode 映射（ToUnicode），"
                          "提取出来是乱码；不发布乱码")
    if unreadable:
        out.note("pdf-font", f"{unreadable} 个字符的字体没有 Unicode 映射（ToUnicode），无法识别，以 U+FFFD 标出（未猜测原字）")
    if rotated:
        out.note("pdf-rotated", f"{rotated} 页为旋转页面，已按显示方向读取")
    _drop_margins(pages, out)
    frame = _text_frame([blocks for _, blocks in pages])
    out.lines = _join_pages([_paragraphs(blocks, frame) for _, blocks in pages], out)
    out.note("pdf", f"从 PDF 提取文字与表格（{count} 页；pdfplumber：表格按页面框线与单元格位置读取，合并单元格只取一次）")
    return out
