"""Sections 二, 三 and 四 of the 2019 and 2021 formats (keys per RECORD.md)."""
from __future__ import annotations

import re

from .tables import GAP, Row, TableResult, group_sum_rule, label, no_rule, read_rows, resolve_candidates, row_sum_rule

OUTCOMES = ["granted", "partially_granted", "denied_state_secret", "denied_prohibited_by_law", "denied_security_stability",
            "denied_third_party_rights", "denied_internal_affairs", "denied_process_information", "denied_enforcement_files",
            "denied_administrative_query", "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
            "not_processed_complaint", "not_processed_repeated", "not_processed_publication", "not_processed_excessive",
            "not_processed_confirmation", "other_overdue_correction", "other_overdue_fee", "other_other", "other"]


def table_identities_hold(rows: dict[str, list]) -> bool:
    """Section 三's column identities, on every column where all the cells involved are known."""
    for c in range(7):
        def v(key):
            values = rows.get(key)
            return values[c] if values else None
        a, b, t, f = v("new_received"), v("carried_over"), v("total"), v("carried_forward")
        if None not in (a, b, t, f) and a + b != t + f:
            return False
        outs = [v(k) for k in OUTCOMES if k in rows]
        if t is not None and outs and None not in outs and sum(outs) != t:
            return False
    return True

APPLICANT_COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
REVIEW_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]


def _rows(spec) -> list[Row]:
    return [Row(key, pat, width) for key, pat, width in spec]


def request_rows(era: str) -> list[Row]:
    w = 7
    spec = [
        ("new_received", label("本年度?新收政府信息公开申请数量", heading="一"), w),
        ("carried_over", label("上年度?结转政府信息公开申请数量", heading="二"), w),
        ("granted", label("予以公开", heading="一"), w),
        ("partially_granted", label("部分公开", heading="二"), w),
        ("denied_state_secret", label("属于国家秘密", item=1), w),
        ("denied_prohibited_by_law", label("其他法律行政法规禁止公开", item=2), w),
        ("denied_security_stability", label("危及“三安全一稳定”", item=3), w),
        ("denied_third_party_rights", label("保护第三方合法权益", item=4), w),
        ("denied_internal_affairs", label("属于三类内部事务信息", item=5), w),
        ("denied_process_information", label("属于四类过程性信息", item=6), w),
        ("denied_enforcement_files", label("属于行政执法案卷", item=7), w),
        ("denied_administrative_query", label("属于行政查询事项", item=8), w),
        ("unavailable_not_held", label("本机关不掌握相关政府信息", item=1), w),
        ("unavailable_needs_creation", label("没有现成信息需要另行制作", item=2), w),
        ("unavailable_unclear", label("补正后申请内容仍不明确", item=3), w),
        ("not_processed_complaint", label("信访举报投诉类申请", item=1), w),
        ("not_processed_repeated", label("重复申请", item=2), w),
        ("not_processed_publication", label("要求提供公开出版物", item=3), w),
        ("not_processed_excessive", label("无正当理由大量反复申请", item=4), w),
        ("not_processed_confirmation", label("要求行政机关确认或重新出具已获取信息", item=5), w),
    ]
    if era == "2021":
        spec += [
            ("other_overdue_correction", label("申请人无正当理由逾期不补正", item=1), w),
            ("other_overdue_fee", label("申请人逾期未按收费通知要求缴纳费用", item=2), w),
            ("other_other", label("其他", item=3, required=True), w),
        ]
    else:
        spec.append(("other", label("其他处理", heading="六"), w))
    spec += [
        ("total", label("总计", heading="七"), w),
        ("carried_forward", label("结转下一?年度?继续办理", heading="四"), w),
    ]
    return _rows(spec)


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


def parse_requests(text: str, era: str, notes: list, inferred: list) -> dict | None:
    span = section_span(text, H3, H4)
    if span is None or not re.search(r"\d", span):
        notes.append({"field": "statistics.requests", "reason": "原文没有第三部分表格（缺少标题或数字；该表可能以图片形式发布）"})
        return None
    rows = request_rows(era)
    result = read_rows(span, rows, rule_for=lambda r: row_sum_rule(7), prefix="statistics.requests.")
    resolve_candidates(result, table_identities_hold, "本表逐列恒等关系（一 + 二 = 三（七） + 四；各办理结果之和 = 总计）", "statistics.requests.")
    if len(result.rows) < len(rows) // 2:
        notes.append({"field": "statistics.requests", "reason": f"找到第三部分，但 {len(rows)} 个行名中只找到 {len(result.rows)} 个；未读取该表"})
        return None
    notes.extend(result.notes)
    table = _shape(result, APPLICANT_COLUMNS, "statistics.requests.", inferred)
    # Keep RECORD.md's row order even when a row is missing from the source.
    return {r.key: table.get(r.key, dict.fromkeys(APPLICANT_COLUMNS)) for r in rows}


def parse_review(text: str, notes: list, inferred: list) -> dict | None:
    span = section_span(text, H4, H5)
    if span is None:
        notes.append({"field": "statistics.review_litigation", "reason": "原文没有第四部分"})
        return None
    # The 15 figures follow the header's last 总计 (the header has one per group).
    heads = list(re.finditer(rf"总{GAP}计", span))
    if not heads:
        notes.append({"field": "statistics.review_litigation", "reason": "第四部分没有表头（未找到“总计”）"})
        return None
    body = span[heads[-1].end():]
    row = Row("all", re.compile(""), 15)
    result = TableResult()
    from .tables import _assign, cell_tokens
    _assign(result, row, cell_tokens(body[:600]), group_sum_rule(5), "statistics.review_litigation.")
    values = result.rows["all"]
    groups = ["review", "litigation_direct", "litigation_after_review"]
    out = {g: dict(zip(REVIEW_COLUMNS, values[i * 5:(i + 1) * 5])) for i, g in enumerate(groups)}
    if "all" in result.inferred:
        inferred.extend(f"statistics.review_litigation.{g}.{c}" for g in groups for c in REVIEW_COLUMNS)
    for n in result.notes:
        notes.append({"field": "statistics.review_litigation", "reason": n["reason"]})
    return out


PROACTIVE_2021 = [
    ("regulations", label("规章"), ["issued", "repealed", "in_force"]),
    ("normative_documents", label("行?政?规范性文件"), ["issued", "repealed", "in_force"]),
    ("licensing", label("行政许可"), ["decisions"]),
    ("punishment", label("行政处罚"), ["decisions"]),
    ("coercion", label("行政强制"), ["decisions"]),
    ("fees", label("行政事业性收费"), ["amount_10k_yuan"]),
]
PROACTIVE_2019 = [
    ("regulations", label("规章"), ["made", "published", "total_published"]),
    ("normative_documents", label("规范性文件"), ["made", "published", "total_published"]),
    ("licensing", label("行政许可"), ["previous", "change", "decisions"]),
    ("other_services", label("其他对外管理服务事项"), ["previous", "change", "decisions"]),
    ("punishment", label("行政处罚"), ["previous", "change", "decisions"]),
    ("coercion", label("行政强制"), ["previous", "change", "decisions"]),
    ("fees", label("行政事业性收费"), ["previous", "change"]),
    ("procurement", label("政府集中采购"), ["projects", "amount"]),
]


def parse_proactive(text: str, era: str, notes: list, inferred: list) -> dict | None:
    span = section_span(text, H2, H3)
    if span is None or not re.search(r"\d", span):
        notes.append({"field": "statistics.proactive", "reason": "原文没有第二部分表格"})
        return None
    spec = PROACTIVE_2021 if era == "2021" else PROACTIVE_2019
    # Skip the column headers: rows start after the first "信息内容" header when there is one.
    rows = [Row(key, pat, len(cols)) for key, pat, cols in spec]
    result = read_rows(span, rows, prefix="statistics.proactive.")
    stated = prose_document_counts(text)
    if stated and "normative_documents" in result.candidates:
        cols = next(c for k, _, c in spec if k == "normative_documents")
        def agrees(rows):
            values = dict(zip(cols, rows["normative_documents"]))
            return all(values.get(col) == n for col, n in stated.items() if col in values)
        resolve_candidates(result, agrees, "正文写明的件数（" + "，".join(f"{ {'issued': '本年制发', 'repealed': '本年废止', 'in_force': '现行有效'}[k]} {v}" for k, v in sorted(stated.items())) + "）", "statistics.proactive.")
    if not result.rows:
        notes.append({"field": "statistics.proactive", "reason": "找到第二部分，但其中的行名一个也没找到"})
        return None
    notes.extend(result.notes)
    out = {}
    for key, _, cols in spec:
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
