"""The pre-2019 政府信息公开情况统计表: rows of label / unit / value (and sometimes 历年累计)."""
from __future__ import annotations

import re
from functools import lru_cache

from .metadata import parse_date
from .tables import BLANK_MARKS, NUMBER, NUMBER_RE, PAGE_FOOTER, splits, to_number

UNITS = ("人次", "万元", "元", "条", "件", "次", "个", "人", "项", "宗", "期", "场", "篇", "份", "家", "天", "小时", "%")
TABLE_START = re.compile(r"统\s*计\s*表|统\s*计\s*指\s*标|指\s*标\s*名\s*称")
HEADER_WORDS = re.compile(r"^(统\s*计\s*指\s*标|指\s*标\s*名\s*称|单\s*位|计\s*量\s*单\s*位|统\s*计\s*数|本年|\d{4}\s*年度?|历年累计|累计|数量)$")
FOOTER = re.compile(r"单位负责人|审核人|填报人|联系电话|填报日期|制表")
# The whole header row on one line: "统 计 指 标 单 位 统 计 数".
HEADER_LINE = re.compile(r"^(?:统计指标|指标名称|计量单位|单位|统计数|本年|\d{4}年度?|历年累计|累计|数量)+$")
# PDF text of the form: a row's label wrapped over lines, the last one ending in its unit and
# figures ("府信息数（不同渠" / "道和方式公开相同" / "信息计1条）条 91").
ROW_END = re.compile(rf"^(?P<label>.*?)(?P<unit>{'|'.join(UNITS)})\s+(?P<value>{NUMBER_RE})(?:\s+(?P<cum>{NUMBER_RE}))?$")
# A line that starts a row's label: "一、", "（一）", "1.", "其中：".
ROW_START = re.compile(r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}\s*[.、．](?!\d)|其中[:：])")
WHITESPACE = re.compile(r"\s+")                     # "统 计 数" → "统计数"; "\u3000", "\t" too
YEAR_CELL = re.compile(r"^[(（]?\d{4}年度?[)）]?$")    # a header cell: "2017年度", "（2017年）"
FILLED_BY = re.compile(r"^填报单位")                 # "填报单位：某某县人民政府办公室"
BRACKETED_NOTE = re.compile(r"^[(（][^)）]*[)）]$")    # "(不同渠道和方式公开相同信息计1条)"


def _table_lines(lines: list[str]) -> tuple[list[str], bool]:
    start = next((i for i, s in enumerate(lines) if TABLE_START.search(s) and len(s) < 80), None)
    if start is None:
        return [], False
    body = lines[start + 1:]
    cumulative = any("累计" in s for s in lines[start:start + 12])
    return body, cumulative


def parse_legacy(lines: list[str], notes: list, inferred: list) -> list[dict] | None:
    body, cumulative = _table_lines(lines)
    if not body:
        return None
    rows: list[dict] = []
    # Rows of "|"-joined cells (HTML tables, dumps), or one cell per line ("条 |" crawler dumps
    # end each cell with a pipe; a bare "|" line is an empty cell).
    multi = sum(1 for s in body if len(s.strip().strip("|").split("|")) >= 2)
    if multi >= 3:
        rows = _pipe_rows(body, cumulative)
    elif sum(1 for s in body if ROW_END.match(s.strip())) >= 3:
        rows = _wrapped_rows([s.strip() for s in body], cumulative)
    else:
        rows = _line_rows([s.strip().strip("|").strip() for s in body], cumulative, notes)
    rows = [r for r in rows if r["label"]]
    if not rows:
        return None
    for i, r in enumerate(rows):
        if r.pop("_inferred", False):
            inferred.append(f"statistics.legacy_table[{i}].value")
        blank = r.pop("_blank", None)
        if blank is not None:
            shown = f"“{blank}”" if blank else "空白"
            notes.append({"field": f"statistics.legacy_table[{i}].value", "reason": f"“{r['label']}”一格在原文中为{shown}（记为空值，不作 0）"})
    return rows


def _row(label: str, unit: str | None, values: list, cumulative: bool) -> dict:
    row = {"label": label, "unit": unit, "value": values[0] if values else None}
    if cumulative:
        row["cumulative"] = values[1] if len(values) > 1 else None
    return row


def _pipe_rows(body: list[str], cumulative: bool) -> list[dict]:
    rows = []
    for s in body:
        if "|" not in s:
            if rows and FOOTER.search(s):
                break
            continue
        row_text = s.strip()
        # One pipe off each end only: "|行政复议数|件|||" keeps its two blank cells.
        row_text = row_text[1:] if row_text.startswith("|") else row_text
        row_text = row_text[:-1] if row_text.endswith("|") else row_text
        cells = [c.strip() for c in row_text.split("|")]
        texts = [c for c in cells if c and not NUMBER.match(c) and c not in UNITS and c not in BLANK_MARKS]
        if not texts or all(HEADER_WORDS.match(WHITESPACE.sub("", t)) for t in texts):
            continue
        label = WHITESPACE.sub("", texts[0])
        unit = next((c for c in cells if c in UNITS), None)
        after = cells[cells.index(texts[0]) + 1:]
        kept = [c for c in after if c not in UNITS and (NUMBER.match(c) or c in BLANK_MARKS)]
        values = [to_number(c) if NUMBER.match(c) else None for c in kept]
        row = _row(label, unit, values, cumulative)
        if kept and kept[0] in BLANK_MARKS:
            row["_blank"] = kept[0]
        rows.append(row)
    return rows


def _line_rows(body: list[str], cumulative: bool, notes: list) -> list[dict]:
    """One cell per line: a label line, then optional unit and value lines."""
    rows: list[dict] = []
    current: dict | None = None
    values: list = []
    for raw in body:
        s = WHITESPACE.sub("", raw)
        if not s:
            continue
        if FOOTER.search(s) or (len(s) <= 20 and parse_date(s) is not None):
            break          # the signature (body, date) or the form's footer ends the table
        if HEADER_WORDS.match(s) or YEAR_CELL.match(s) or FILLED_BY.match(s):
            continue
        if current is not None and s in UNITS:
            current["unit"] = s
            continue
        if current is not None and NUMBER.match(s):
            values.append(to_number(s))
            continue
        if current is not None and BRACKETED_NOTE.match(s) and not values:
            current["note"] = s      # "(不同渠道和方式公开相同信息计1条)" explains the row above
            continue
        if current is not None:
            rows.append(_row(current["label"], current.get("unit"), values, cumulative))
        current, values = {"label": s}, []
    if current is not None:
        rows.append(_row(current["label"], current.get("unit"), values, cumulative))
    while rows and rows[-1]["value"] is None and rows[-1]["unit"] is None and SIGNATURE.search(rows[-1]["label"]):
        rows.pop()         # the signing body's name below the table is no row of it
    return rows


def _wrapped_rows(body: list[str], cumulative: bool) -> list[dict]:
    """Rows whose labels wrap over several lines, each row ending at the line with its unit and
    figures. A line that starts with a row's numbering begins a new label, so a group row without
    figures (二、回应解读情况) stays a row of its own instead of joining the next label."""
    rows: list[dict] = []
    pending: list[str] = []
    for line in body:
        if not line or PAGE_FOOTER.fullmatch(line):
            continue
        flat = WHITESPACE.sub("", line)
        if FOOTER.search(flat) or (len(flat) <= 20 and parse_date(flat) is not None):
            break
        if HEADER_LINE.match(flat) or FILLED_BY.match(flat):
            continue
        end = ROW_END.match(line)
        if ROW_START.match(flat) and pending:
            rows.append(_row("".join(pending), None, [], cumulative))
            pending = []
        if end:
            label = "".join(pending) + WHITESPACE.sub("", end["label"])
            values = [to_number(end["value"])] + ([to_number(end["cum"])] if end["cum"] else [])
            rows.append(_row(label, end["unit"], values, cumulative))
            pending = []
        else:
            pending.append(flat)
    if pending:
        rows.append(_row("".join(pending), None, [], cumulative))
    while rows and rows[-1]["value"] is None and rows[-1]["unit"] is None and SIGNATURE.search(rows[-1]["label"]):
        rows.pop()
    return rows


SIGNATURE = re.compile(r"(人民政府|政府|委员会|管委会|办公室|局|委|办|厅|院|街道办事处|镇|乡)$")

# e.g. "1.网站公开条20263542": a label (ending in a non-space, so a run of spaces is never tried
# as 60 different label ends), its unit, and the glued figures.
GLUED_ROW = re.compile(r"((?:\d{1,2}\s*[.、])?[^\d|]{1,59}?[^\d|\s])\s*+(" + "|".join(UNITS) + r")\s*(\d+(?:[ \t]+\d+)?)")
TABLE_HEADER_START = re.compile(r"单\s*位|指\s*标")     # "单 位", "指标名称" right after "统计表"
# The header cells glued before the first label: "指标名称计量单位2017年度历年累计".
HEADER_CELLS = re.compile(r"^(指标名称|计量单位|单位|\d{4}年度|年度|历年累计)+")


def parse_legacy_glued(text: str, notes: list) -> list[dict] | None:
    """A crawler dump that glued the whole 统计表 onto one line: "主动公开信息数条20263542其中：1.网站公开条…".

    The unit after each label marks where the figures start. With a 历年累计 column each run holds
    two numbers; a split is only taken when one alone keeps 累计 ≥ 本年, otherwise both are null.
    """
    # The intro often names the 统计表 too; the table itself is the mention followed by its header.
    starts = [m for m in TABLE_START.finditer(text) if TABLE_HEADER_START.search(text[m.end():m.end() + 40])]
    if not starts:
        return None
    body = text[starts[-1].end():]
    prose = text[: starts[-1].start()].replace("\n", "")
    cumulative = "累计" in body[:80]
    rows = []
    for g in GLUED_ROW.finditer(body):
        label = WHITESPACE.sub("", g.group(1)).lstrip(".、")
        label = HEADER_CELLS.sub("", label)
        digits = g.group(3)
        if body[g.end():g.end() + 1] in (".", "、") and len(digits) > 1 and " " not in digits:
            digits = digits[:-1]       # "条2122100372、": the last digit numbers the next item
        if " " in digits.strip():
            a, b = digits.split()[:2]
            rows.append({"label": label, "unit": g.group(2), "value": int(a), "cumulative": int(b) if cumulative else None})
            continue
        if not cumulative:
            rows.append({"label": label, "unit": g.group(2), "value": int(digits)})
            continue
        cands = splits([digits], 2, lambda acc: len(acc) < 2 or acc[1] >= acc[0])
        stated = [c for c in cands if _stated_in_prose(prose, label, c[0], g.group(2))] if len(cands) > 1 else []
        if len(stated) == 1:
            rows.append({"label": label, "unit": g.group(2), "value": stated[0][0], "cumulative": stated[0][1], "_inferred": True})
            notes.append({"field": f"statistics.legacy_table[{len(rows) - 1}]", "reason": f"“{label}”的数字连在一起（{digits}）：拆成本年和历年累计共有 {len(cands)} 种拆法，只有 {stated[0][0]} + {stated[0][1]} 的本年数见于正文"})
        elif len(cands) == 1:
            rows.append({"label": label, "unit": g.group(2), "value": cands[0][0], "cumulative": cands[0][1], "_inferred": True})
        elif not cands and len(digits) == 1:
            # A single digit cannot hold two figures: the 历年累计 cell is blank in the source.
            rows.append({"label": label, "unit": g.group(2), "value": int(digits), "cumulative": None})
            notes.append({"field": f"statistics.legacy_table[{len(rows) - 1}].cumulative", "reason": f"“{label}”只有一个数字（{digits}），历年累计一格在原文中为空白（记为空值）"})
        else:
            rows.append({"label": label, "unit": g.group(2), "value": None, "cumulative": None})
            notes.append({"field": f"statistics.legacy_table[{len(rows) - 1}]", "reason": f"“{label}”的数字连在一起（{digits}）：拆成本年和历年累计有 {len(cands)} 种拆法，故两者均记为空值"})
    return rows or None


ROW_NUMBERING = re.compile(r"^(其中[:：])?(\d{1,2}\s*[.、])?")     # "其中：1." before "网站公开"


@lru_cache(maxsize=256)
def _figure_in_prose(key: str, value: int, unit: str) -> re.Pattern:
    """A row's first words, then its figure and unit, in one clause: "主动公开政府信息2026条".
    Built from the row (label, candidate figure, unit), so it cannot be a module constant."""
    return re.compile(re.escape(key) + r"[^。；\d]{0,20}?(?<!\d)" + str(value) + r"\s*" + re.escape(unit))


def _stated_in_prose(prose: str, label: str, value: int, unit: str) -> bool:
    """Does the report's text state this figure for this row ("主动公开政府信息2026条")?"""
    core = ROW_NUMBERING.sub("", label)
    key = core[:4]
    if len(key) < 2:
        return False
    return _figure_in_prose(key, value, unit).search(prose) is not None
