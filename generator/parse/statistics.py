"""Sections 二, 三 and 四 of the 2019 and 2021 formats (keys per RECORD.md)."""
from __future__ import annotations

import re

from ..domain import FORMATS, Formats
from ..domain import Row as DomainRow
from ..domain.arithmetic import row_rule, table_holds
from ..domain import Table
from .tables import GAP, Row, TableResult, _assign, cell_tokens, fit_cells, label, read_rows, resolve_candidates

def _pattern(row: DomainRow) -> re.Pattern:
    return label(row.match or row.printed, item=row.item, heading=row.heading, required=row.numbered)


def request_rows(era: str, formats: Formats = FORMATS) -> list[Row]:
    """Section 三's rows of one era, as the parser looks for them (formats.yaml)."""
    table = formats.requests
    width = len(table.columns)
    return [Row(r.key, _pattern(r), width) for r in table.rows(era)]


def section_span(text: str, start: re.Pattern | tuple[re.Pattern, ...],
                 end: re.Pattern | tuple[re.Pattern, ...] | None) -> str | None:
    """The text after a section's heading, up to the next section's heading.

    ``start`` and ``end`` may each be several patterns, tried in order: the first that matches wins
    (the template's numeral first, then any numeral)."""
    starts = start if isinstance(start, tuple) else (start,)
    m = next((found for p in starts if (found := p.search(text))), None)
    if not m:
        return None
    rest = text[m.end():]
    ends = () if end is None else end if isinstance(end, tuple) else (end,)
    e = next((found for p in ends if (found := p.search(rest))), None)
    if e:
        rest = rest[: e.start()]
    return rest


# Headings vary a little between bodies ("…申请的情况", "主动公开政府信息的情况"): the
# numeral plus the section's key words, within one line, is enough.
def _heading(numeral: str, words: str) -> re.Pattern:
    return re.compile(rf"(?<![(（]){numeral}{GAP}[、.．]{GAP}{words}")


# Reports that leave the overview unnumbered print 二、三、四 as 一、二、三 (and annexes renumber
# too): each section is found by the template's numeral first, then by its words under any numeral.
ANY_NUMERAL = "[一二三四五六七八九]"
PROACTIVE_WORDS = rf"[^\n|。]{{0,4}}?主{GAP}动{GAP}公{GAP}开[^\n|。]{{0,12}}?情{GAP}况"      # 二、主动公开政府信息情况
REQUESTS_WORDS = rf"[^\n|。]{{0,4}}?收{GAP}到[^\n|。]{{0,4}}?处{GAP}理[^\n|。]{{0,16}}?申{GAP}请"  # 三、收到和处理政府信息公开申请情况
# Tolerant: sources misspell it (行政法复议) and vary the conjunction (、/和).
REVIEW_WORDS = rf"[^\n|]{{0,16}}?复{GAP}议"                                                    # 四、政府信息公开行政复议、行政诉讼情况
PROBLEMS_WORDS = rf"{GAP}(存在|主要问题)"                                                        # 五、存在的主要问题及改进情况
H2 = _heading("二", PROACTIVE_WORDS)
H3 = _heading("三", REQUESTS_WORDS)
H4 = _heading("四", REVIEW_WORDS)
H5 = _heading("五", PROBLEMS_WORDS)
PROACTIVE_HEADINGS = (H2, _heading(ANY_NUMERAL, PROACTIVE_WORDS))
REQUESTS_HEADINGS = (H3, _heading(ANY_NUMERAL, REQUESTS_WORDS))
REVIEW_HEADINGS = (H4, _heading(ANY_NUMERAL, REVIEW_WORDS))
PROBLEMS_HEADINGS = (H5, _heading(ANY_NUMERAL, PROBLEMS_WORDS))
# Section 四's header names 总计 once per group: "结果维持 结果纠正 其他结果 尚未审结 总计".
TOTAL_HEADER = re.compile(rf"总{GAP}计")
DIGIT = re.compile(r"\d")     # "0" in "（一）本年新收 0": a section with figures in it
# Matches "" anywhere: section 四 is read as one row of all its cells, found by the headers, not a label.
NO_LABEL = re.compile("")


def _shape(result: TableResult, columns: list[str], prefix: str, inferred: list[str]) -> dict:
    table = {}
    for key, values in result.rows.items():
        table[key] = dict(zip(columns, values))
        for i in result.inferred.get(key, []):
            inferred.append(f"{prefix}{key}.{columns[i]}")
    return table


def parse_requests(text: str, era: str, notes: list, inferred: list, formats: Formats = FORMATS) -> dict | None:
    table = formats.requests
    prefix = f"{table.path}."
    span = section_span(text, REQUESTS_HEADINGS, REVIEW_HEADINGS)
    if span is None or not DIGIT.search(span):
        notes.append({"field": table.path, "reason": "原文没有第三部分表格（缺少标题或数字；该表可能以图片形式发布）"})
        return None
    rows = request_rows(era, formats)
    columns = table.column_keys
    result = read_rows(span, rows, rule_for=lambda r: row_rule(table), prefix=prefix)
    resolve_candidates(result, lambda found: table_holds(table, _cells(found, columns), era),
                       "本表逐列恒等关系（一 + 二 = 三（七） + 四；各办理结果之和 = 总计）", prefix)
    if len(result.rows) < len(rows) // 2:
        notes.append({"field": table.path, "reason": f"找到第三部分，但 {len(rows)} 个行名中只找到 {len(result.rows)} 个；未读取该表"})
        return None
    notes.extend(result.notes)
    shaped = _shape(result, columns, prefix, inferred)
    # Keep RECORD.md's row order even when a row is missing from the source.
    return {r.key: shaped.get(r.key, dict.fromkeys(columns)) for r in rows}


def _cells(found: dict[str, list], columns: list[str]) -> dict[str, dict]:
    return {key: dict(zip(columns, values)) for key, values in found.items()}


def parse_review(text: str, notes: list, inferred: list, formats: Formats = FORMATS) -> dict | None:
    table = formats.review_litigation
    span = section_span(text, REVIEW_HEADINGS, PROBLEMS_HEADINGS)
    if span is None:
        notes.append({"field": table.path, "reason": "原文没有第四部分"})
        return None
    heads = list(TOTAL_HEADER.finditer(span))
    if not heads:
        notes.append({"field": table.path, "reason": "第四部分没有表头（未找到“总计”）"})
        return None
    groups, columns = table.row_keys(), table.column_keys
    width = len(columns)
    row = Row("all", NO_LABEL, width * len(groups))
    result = TableResult()
    _assign(result, row, review_tokens(span, heads, table), row_rule(table), f"{table.path}.")
    values = result.rows["all"]
    out = {g: dict(zip(columns, values[i * width:(i + 1) * width])) for i, g in enumerate(groups)}
    if "all" in result.inferred:
        inferred.extend(f"{table.path}.{g}.{c}" for g in groups for c in columns)
    for n in result.notes:
        notes.append({"field": table.path, "reason": n["reason"]})
    return out


REVIEW_WINDOW = 600   # characters after a 总计 in which its figures stand


def review_tokens(span: str, heads: list[re.Match], table: Table) -> list[str]:
    """Section 四's figures in the template's group order.

    One table: the groups side by side, all figures after the header's last 总计. Three tables
    (行政复议 / 未经复议直接起诉 / 复议后起诉, each with its own header): each group's figures after
    its own 总计, the group told by the label printed before that header."""
    groups, width = table.row_keys(), len(table.column_keys)
    together = cell_tokens(span[heads[-1].end():][:REVIEW_WINDOW])
    if len(together) >= width * len(groups) or len(heads) < len(groups):
        return together
    found: dict[str, list[str]] = {}
    starts = [0] + [h.end() for h in heads]
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else head.end() + REVIEW_WINDOW
        cells = fit_cells(cell_tokens(span[head.end():end]), width)
        group = _review_group(span[starts[i]:head.start()], table)
        if cells is not None and group is not None and group not in found:
            found[group] = cells
    if set(found) != set(groups):
        return together
    return [c for g in groups for c in found[g]]


def _review_group(before: str, table: Table) -> str | None:
    """The group whose printed label stands before a header (the longest, so 复议后起诉 is not 行政复议)."""
    hits = [(len(r.printed), r.key) for r in table.rows() if _pattern(r).search(before)]
    return max(hits)[1] if hits else None


def parse_proactive(text: str, era: str, notes: list, inferred: list, formats: Formats = FORMATS) -> dict | None:
    section = formats.proactive
    span = section_span(text, PROACTIVE_HEADINGS, REQUESTS_HEADINGS)
    if span is None or not DIGIT.search(span):
        notes.append({"field": "statistics.proactive", "reason": "原文没有第二部分表格"})
        return None
    spec = [(r.key, [c.key for c in cols]) for r, cols in section.rows(era if era == "2021" else "2019")]
    patterns = {r.key: _pattern(r) for r, _ in section.rows(era if era == "2021" else "2019")}
    rows = [Row(key, patterns[key], len(cols)) for key, cols in spec]
    result = read_rows(span, rows, prefix="statistics.proactive.")
    stated = prose_document_counts(text)
    if stated and "normative_documents" in result.candidates:
        cols = next(c for k, c in spec if k == "normative_documents")
        def agrees(rows):
            values = dict(zip(cols, rows["normative_documents"]))
            return all(values.get(col) == n for col, n in stated.items() if col in values)
        resolve_candidates(result, agrees, "正文写明的件数（" + "，".join(f"{ {'issued': '本年制发', 'repealed': '本年废止', 'in_force': '现行有效'}[k]} {v}" for k, v in sorted(stated.items())) + "）", "statistics.proactive.")
    if not result.rows:
        notes.append({"field": "statistics.proactive", "reason": "找到第二部分，但其中的行名一个也没找到"})
        return None
    notes.extend(result.notes)
    out = {}
    for key, cols in spec:
        values = result.rows.get(key, [None] * len(cols))
        out[key] = dict(zip(cols, values))
        for i in result.inferred.get(key, []):
            inferred.append(f"statistics.proactive.{key}.{cols[i]}")
    return out


ISSUED_DOCUMENTS = re.compile(r"(?:本年度?)?制发(?:的|了)?(?:行政)?规范性文件\s*(\d+)\s*件")   # "本年度制发的规范性文件88件"
IN_FORCE_DOCUMENTS = re.compile(r"现行有效(?:的)?(?:行政)?规范性文件\s*(\d+)\s*件")           # "现行有效行政规范性文件698件"
REPEALED_DOCUMENTS = re.compile(r"废止(?:的|了)?(?:行政)?规范性文件\s*(\d+)\s*件")             # "废止了规范性文件3件"
DOCUMENT_COUNTS = [("issued", ISSUED_DOCUMENTS), ("in_force", IN_FORCE_DOCUMENTS), ("repealed", REPEALED_DOCUMENTS)]


def prose_document_counts(text: str) -> dict[str, int]:
    """规范性文件 counts the prose states ("本年度制发的规范性文件88件", "现行有效行政规范性文件698件")."""
    flat = text.replace("\n", "")
    found: dict[str, int] = {}
    for col, pattern in DOCUMENT_COUNTS:
        values = {int(m.group(1)) for m in pattern.finditer(flat)}
        if len(values) == 1:
            found[col] = values.pop()
    return found
