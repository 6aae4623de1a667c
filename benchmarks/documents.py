"""Synthetic reports (benchmarks/synth.py) written as PDF and Word attachments, in several layouts.

    render_pdf(report, layout)   -> bytes    reportlab, CJK font STSong-Light
    render_docx(report, layout)  -> bytes    python-docx
    fill_template(template, report) -> bytes the official 2021-format Word template, figures filled in

PDF layouts:
  ruled       tables drawn with ruling lines; table 三 split over two pages with its header rows
              repeated on the next page; running header and "- n -" page footers on every page
  borderless  the same tables without any ruling line (cells only by position)
  compact     small type: sections 二 and 四 tables share a page with the text around them
  rotated     every page stored rotated by 90° (/Rotate 90, content drawn to appear upright)

DOCX layouts: grid (merged cells with gridSpan / vMerge, as Word writes them), plain (no borders).

Every table comes from synth's cell grids (text, rowspan, colspan), so the figures parsed back
must be exactly the report's statistics.
"""
from __future__ import annotations

import io

from synth import Report, _cn_date, tables_for

PDF_LAYOUTS = ("ruled", "borderless", "compact", "rotated")
DOCX_LAYOUTS = ("grid", "plain")
FONT = "STSong-Light"


def _font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    try:
        pdfmetrics.getFont(FONT)
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _grid(rows) -> tuple[list[list[str]], list[tuple]]:
    """synth cells → a full grid of strings (covered positions "") and SPAN commands."""
    width = 0
    for r in rows[:1]:
        width = sum(c.colspan for c in r)
    grid: list[list[str | None]] = []
    spans = []
    taken: dict[tuple[int, int], bool] = {}
    for i, r in enumerate(rows):
        while len(grid) <= i:
            grid.append([None] * width)
        j = 0
        for c in r:
            while taken.get((i, j)):
                j += 1
            for di in range(c.rowspan):
                for dj in range(c.colspan):
                    taken[(i + di, j + dj)] = True
                    while len(grid) <= i + di:
                        grid.append([None] * width)
            grid[i][j] = c.text
            if c.rowspan > 1 or c.colspan > 1:
                spans.append(("SPAN", (j, i), (j + c.colspan - 1, i + c.rowspan - 1)))
            j += c.colspan
    return [[x or "" for x in row] for row in grid], spans


def _widths(key: str, ncols: int, total: float) -> list[float]:
    if key == "requests":
        label = [0.09, 0.13, 0.25]
        rest = (1 - sum(label)) / (ncols - 3)
        return [total * w for w in label] + [total * rest] * (ncols - 3)
    if key == "proactive":
        return [total * 0.31] + [total * 0.23] * (ncols - 1)
    if key == "legacy":
        return [total * 0.6, total * 0.15, total * 0.25]
    return [total / ncols] * ncols


def render_pdf(report: Report, layout: str = "ruled") -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _font()
    size = 8 if layout == "compact" else 11
    body = ParagraphStyle("body", fontName=FONT, fontSize=size, leading=size * 1.6, firstLineIndent=size * 2, wordWrap="CJK")
    head = ParagraphStyle("head", parent=body, firstLineIndent=size * 2)
    title = ParagraphStyle("title", parent=body, fontSize=size + 5, leading=(size + 5) * 1.5, alignment=1, firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=7 if layout == "compact" else 8, leading=10, wordWrap="CJK", alignment=1)
    buf = io.BytesIO()
    pagesize = (A4[1], A4[0]) if layout == "rotated" else A4
    doc = SimpleDocTemplate(buf, pagesize=pagesize, leftMargin=60, rightMargin=60, topMargin=72, bottomMargin=72,
                            title="report", author="synth", rotation=90 if layout == "rotated" else 0)
    story = [Paragraph(report.body.full_name, title), Paragraph(f"{report.year}年政府信息公开工作年度报告", title), Spacer(1, 12)]
    tables = tables_for(report)
    keys = {"二、主动公开政府信息情况": "proactive", "三、收到和处理政府信息公开申请情况": "requests",
            "四、政府信息公开行政复议、行政诉讼情况": "review", "__annex__": "legacy"}

    def table(rows, key):
        grid, spans = _grid(rows)
        data = [[Paragraph(x, cell) if x else "" for x in row] for row in grid]
        header = 3 if key == "requests" else 0
        t = Table(data, colWidths=_widths(key, len(grid[0]), pagesize[0] - 120), repeatRows=header)
        style = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                 ("BOTTOMPADDING", (0, 0), (-1, -1), 2), *spans]
        if layout != "borderless":
            style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        t.setStyle(TableStyle(style))
        return t

    for heading, paragraphs in report.sections:
        if heading:
            story.append(Paragraph(heading, head))
        story.extend(Paragraph(p, body) for p in paragraphs)
        for rows in tables.get(heading, []):
            if keys[heading] == "requests" and layout in ("ruled", "borderless", "rotated"):
                # Table 三 starts low on a page, so that it runs on to the next one, where its
                # three header rows are repeated.
                story += [PageBreak(), Spacer(1, 380)]
            story.append(table(rows, keys[heading]))
    if "__annex__" in tables:
        story += [PageBreak(), Paragraph("附件：", head), Paragraph("政府信息公开情况统计表", title),
                  Paragraph(f"（{report.year}年度）", title), Paragraph(f"填报单位（盖章）：{report.body.name}", head)]
        story.extend(table(rows, "legacy") for rows in tables["__annex__"])
    story += [Spacer(1, 12), Paragraph(report.body.full_name, head), Paragraph(_cn_date(report.published), head)]

    def page(canvas, doc):
        if layout == "rotated":
            # Stored sideways, shown upright: a portrait media box with /Rotate 90 whose content
            # is laid out landscape and turned a quarter counter-clockwise.
            canvas.setPageSize((A4[0], A4[1]))
            canvas.transform(0, 1, -1, 0, A4[0], 0)
        w, h = pagesize
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(w / 2, h - 40, f"{report.body.full_name}政府信息公开工作年度报告")
        canvas.drawCentredString(w / 2, 36, f"- {doc.page} -")
        canvas.restoreState()

    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Word
# ---------------------------------------------------------------------------------------------

def _docx_table(document, rows, bordered: bool):
    grid, _ = _grid(rows)
    ncols = len(grid[0])
    t = document.add_table(rows=len(grid), cols=ncols)
    if bordered:
        t.style = "Table Grid"
    taken = set()
    for i, r in enumerate(rows):
        j = 0
        for c in r:
            while (i, j) in taken:
                j += 1
            for di in range(c.rowspan):
                for dj in range(c.colspan):
                    taken.add((i + di, j + dj))
            target = t.cell(i, j)
            if c.rowspan > 1 or c.colspan > 1:
                target = target.merge(t.cell(i + c.rowspan - 1, j + c.colspan - 1))
            target.text = c.text
            j += c.colspan
    return t


def render_docx(report: Report, layout: str = "grid") -> bytes:
    import docx
    document = docx.Document()
    document.add_paragraph(report.title)
    tables = tables_for(report)
    for heading, paragraphs in report.sections:
        if heading:
            document.add_paragraph(heading)
        for p in paragraphs:
            document.add_paragraph(p)
        for rows in tables.get(heading, []):
            _docx_table(document, rows, layout == "grid")
    if "__annex__" in tables:
        for s in ("附件：", "政府信息公开情况统计表", f"（{report.year}年度）", f"填报单位（盖章）：{report.body.name}"):
            document.add_paragraph(s)
        for rows in tables["__annex__"]:
            _docx_table(document, rows, layout == "grid")
    document.add_paragraph(report.body.full_name)
    document.add_paragraph(_cn_date(report.published))
    section = document.sections[0]
    section.footer.paragraphs[0].text = "- 1 -"          # a footer: not part of the body text
    section.header.paragraphs[0].text = report.body.full_name
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _fmt(v) -> str:
    from synth import fmt
    return fmt(v)


def fill_template(template: bytes, report: Report) -> bytes:
    """The official 2021-format template (three tables, figures empty) filled with a 2021-era
    synthetic report: title, prose in place of （文字描述）, every figure in its cell."""
    import docx
    from synth import COLUMNS, REVIEW_GROUPS, REVIEW_KEYS, request_row_keys
    assert report.era == "2021"
    document = docx.Document(io.BytesIO(template))
    paras = list(document.paragraphs)
    paras[0].text = report.title
    intro = [x for h, ps in report.sections if h == "" for x in ps]
    anchor = paras[0]
    for x in intro:
        anchor = _after(anchor, x)
    general = [x for h, ps in report.sections if h.startswith("（") for x in [h, *ps]]
    prose = {h: list(ps) for h, ps in report.sections}
    prose["一、总体情况"] = prose.get("一、总体情况", []) + general
    heading = None
    for p in paras[1:]:
        t = p.text.strip()
        if t.startswith("（文字描述"):
            texts = prose.get(heading) or [""]
            p.text = texts[0]
            anchor = p
            for extra in texts[1:]:
                anchor = _after(anchor, extra)
        elif t:
            heading = t
    last = document.paragraphs[-1]
    _after(_after(last, report.body.full_name), _cn_date(report.published))
    t2, t3, t4 = document.tables
    p = report.statistics["proactive"]

    def put(row, values):
        cells = []
        for c in row.cells:
            if not cells or c._tc is not cells[-1]._tc:
                cells.append(c)
        for c, v in zip(cells[-len(values):], values):
            c.text = _fmt(v)

    put(t2.rows[2], [p["regulations"][k] for k in ("issued", "repealed", "in_force")])
    put(t2.rows[3], [p["normative_documents"][k] for k in ("issued", "repealed", "in_force")])
    put(t2.rows[6], [p["licensing"]["decisions"]])
    put(t2.rows[9], [p["punishment"]["decisions"]])
    put(t2.rows[10], [p["coercion"]["decisions"]])
    put(t2.rows[13], [p["fees"]["amount_10k_yuan"]])
    req = report.statistics["requests"]
    for row, key in zip(t3.rows[3:], request_row_keys("2021")):
        put(row, [req[key][c] for c in COLUMNS])
    rl = report.statistics["review_litigation"]
    put(t4.rows[3], [rl[g][k] for g in REVIEW_GROUPS for k in REVIEW_KEYS])
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _after(paragraph, text: str):
    """Insert a paragraph with ``text`` right after ``paragraph``; return it."""
    import copy
    new = copy.deepcopy(paragraph._p)
    paragraph._p.addnext(new)
    from docx.text.paragraph import Paragraph
    para = Paragraph(new, paragraph._parent)
    para.text = text
    return para
