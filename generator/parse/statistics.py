"""Sections 二, 三 and 四 of the 2019 and 2021 formats (keys per RECORD.md)."""
from __future__ import annotations

import re

from ..domain import FORMATS, Formats
from ..domain import Row as DomainRow
from ..domain.arithmetic import row_rule, table_holds
from .tables import GAP, Row, TableResult, label, read_rows, resolve_candidates

def _pattern(row: DomainRow) -> re.Pattern:
    return label(row.match or row.printed, item=row.item, heading=row.heading, required=row.numbered)


def request_rows(era: str, formats: Formats = FORMATS) -> list[Row]:
    """Section 三's rows of one era, as the parser looks for them (formats.yaml)."""
    table = formats.requests
    width = len(table.columns)
    return [Row(r.key, _pattern(r), width) for r in table.rows(era)]


def section_span(text: str, start: re.Pattern, end: re.Pattern | None) -> str | None:
    m = start.search(text)
    if not m:
        return None
    rest = text[m.end():]
    if end is not None:
        e = end.search(rest)
        if e:
            rest = rest[: e.start()]
    return rest


# Headings vary a little between bodies ("…申请的情况", "主动公开政府信息的情况"): the
# numeral plus the section's key words, within one line, is enough.
H2 = re.compile(rf"(?<![(（])二{GAP}[、.．]{GAP}[^\n|。]{{0,4}}?主{GAP}动{GAP}公{GAP}开[^\n|。]{{0,12}}?情{GAP}况")
H3 = re.compile(rf"(?<![(（])三{GAP}[、.．]{GAP}[^\n|。]{{0,4}}?收{GAP}到[^\n|。]{{0,4}}?处{GAP}理[^\n|。]{{0,16}}?申{GAP}请")
# Tolerant: sources misspell it (行政法复议) and vary the conjunction (、/和).
H4 = re.compile(rf"(?<![(（])四{GAP}[、.．]{GAP}[^\n|]{{0,16}}?复{GAP}议")
H5 = re.compile(rf"(?<![(（])五{GAP}[、.．]{GAP}(存在|主要问题)")


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
    span = section_span(text, H3, H4)
    if span is None or not re.search(r"\d", span):
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
    span = section_span(text, H4, H5)
    if span is None:
        notes.append({"field": table.path, "reason": "原文没有第四部分"})
        return None
    # The figures follow the header's last 总计 (the header has one per group).
    heads = list(re.finditer(rf"总{GAP}计", span))
    if not heads:
        notes.append({"field": table.path, "reason": "第四部分没有表头（未找到“总计”）"})
        return None
    body = span[heads[-1].end():]
    groups, columns = table.row_keys(), table.column_keys
    width = len(columns)
    row = Row("all", re.compile(""), width * len(groups))
    result = TableResult()
    from .tables import _assign, cell_tokens
    _assign(result, row, cell_tokens(body[:600]), row_rule(table), f"{table.path}.")
    values = result.rows["all"]
    out = {g: dict(zip(columns, values[i * width:(i + 1) * width])) for i, g in enumerate(groups)}
    if "all" in result.inferred:
        inferred.extend(f"{table.path}.{g}.{c}" for g in groups for c in columns)
    for n in result.notes:
        notes.append({"field": table.path, "reason": n["reason"]})
    return out


def parse_proactive(text: str, era: str, notes: list, inferred: list, formats: Formats = FORMATS) -> dict | None:
    section = formats.proactive
    span = section_span(text, H2, H3)
    if span is None or not re.search(r"\d", span):
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


def prose_document_counts(text: str) -> dict[str, int]:
    """规范性文件 counts the prose states ("本年度制发的规范性文件88件", "现行有效行政规范性文件698件")."""
    flat = text.replace("\n", "")
    found: dict[str, int] = {}
    for col, pattern in [("issued", r"(?:本年度?)?制发(?:的|了)?(?:行政)?规范性文件\s*(\d+)\s*件"),
                         ("in_force", r"现行有效(?:的)?(?:行政)?规范性文件\s*(\d+)\s*件"),
                         ("repealed", r"废止(?:的|了)?(?:行政)?规范性文件\s*(\d+)\s*件")]:
        values = {int(m.group(1)) for m in re.finditer(pattern, flat)}
        if len(values) == 1:
            found[col] = values.pop()
    return found
