"""Check: the arithmetic a correct report satisfies (REPORTS.md). A failure is a published finding.

Each check returns {id, status: pass|fail|not_applicable, message}; messages show the numbers.
"""
from __future__ import annotations

import re
from datetime import date

OUTCOME_ROWS_2021 = ["granted", "partially_granted", "denied_state_secret", "denied_prohibited_by_law",
                     "denied_security_stability", "denied_third_party_rights", "denied_internal_affairs",
                     "denied_process_information", "denied_enforcement_files", "denied_administrative_query",
                     "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
                     "not_processed_complaint", "not_processed_repeated", "not_processed_publication",
                     "not_processed_excessive", "not_processed_confirmation"]
OTHER_2021 = ["other_overdue_correction", "other_overdue_fee", "other_other"]
COLUMNS = ["natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total"]
ROW_NAMES = {
    "new_received": "本年新收", "carried_over": "上年结转", "granted": "予以公开", "partially_granted": "部分公开",
    "denied_state_secret": "不予公开·国家秘密", "denied_prohibited_by_law": "不予公开·法律行政法规禁止",
    "denied_security_stability": "不予公开·三安全一稳定", "denied_third_party_rights": "不予公开·第三方合法权益",
    "denied_internal_affairs": "不予公开·内部事务", "denied_process_information": "不予公开·过程性信息",
    "denied_enforcement_files": "不予公开·行政执法案卷", "denied_administrative_query": "不予公开·行政查询事项",
    "unavailable_not_held": "无法提供·不掌握", "unavailable_needs_creation": "无法提供·需另行制作",
    "unavailable_unclear": "无法提供·补正后仍不明确", "not_processed_complaint": "不予处理·信访举报投诉",
    "not_processed_repeated": "不予处理·重复申请", "not_processed_publication": "不予处理·公开出版物",
    "not_processed_excessive": "不予处理·大量反复申请", "not_processed_confirmation": "不予处理·确认或重新出具",
    "other_overdue_correction": "其他处理·逾期不补正", "other_overdue_fee": "其他处理·逾期未缴费",
    "other_other": "其他处理·其他", "other": "其他处理", "total": "总计", "carried_forward": "结转下年度",
}
GROUP_NAMES = {"review": "行政复议", "litigation_direct": "行政诉讼（未经复议直接起诉）", "litigation_after_review": "行政诉讼（复议后起诉）"}
COLUMN_NAMES = {"natural_person": "自然人", "commercial": "商业企业", "research": "科研机构", "social_welfare": "社会公益组织",
                "legal_services": "法律服务机构", "other_org": "其他", "total": "总计"}


def _result(check_id: str, failures: list[str], checked: int, what: str, unit: str = "项") -> dict:
    if checked == 0:
        return {"id": check_id, "status": "not_applicable", "message": f"{what}：没有可完整核对的数据（空白或无法读取）"}
    if failures:
        return {"id": check_id, "status": "fail", "message": f"{what}：" + "；".join(failures)}
    return {"id": check_id, "status": "pass", "message": f"{what}：已核对的 {checked} {unit}全部相符"}


def _complete(*values) -> bool:
    return all(v is not None for v in values)


def check_requests(req: dict | None, template: str) -> list[dict]:
    if not req:
        return [{"id": f"requests.{x}", "status": "not_applicable", "message": "没有第三部分表格"} for x in ("balance", "outcomes_sum", "row_totals")]
    out = []
    failures, checked = [], 0
    for c in COLUMNS:
        a, b, t, f = (req[r][c] for r in ("new_received", "carried_over", "total", "carried_forward"))
        if _complete(a, b, t, f):
            checked += 1
            if a + b != t + f:
                failures.append(f"{COLUMN_NAMES[c]} {a} + {b} = {a + b} ≠ {t} + {f} = {t + f}")
    out.append(_result("requests.balance", failures, checked, "逐列核对 本年新收 + 上年结转 = 总计 + 结转下年度", "列"))
    rows = OUTCOME_ROWS_2021 + (OTHER_2021 if template == "2021" else ["other"])
    failures, checked = [], 0
    for c in COLUMNS:
        values = [req[r][c] for r in rows if r in req]
        t = req["total"][c]
        if t is None or any(v is None for v in values):
            # Blank outcome rows are common when nothing happened; only a fully blank-free column is checked.
            continue
        checked += 1
        if sum(values) != t:
            failures.append(f"{COLUMN_NAMES[c]} 各办理结果合计 {sum(values)} ≠ 总计 {t}")
    out.append(_result("requests.outcomes_sum", failures, checked, "逐列核对 各办理结果之和 = （七）总计", "列"))
    failures, checked = [], 0
    for r, cells in req.items():
        parts = [cells[c] for c in COLUMNS[:-1]]
        if _complete(*parts, cells["total"]):
            checked += 1
            if sum(parts) != cells["total"]:
                failures.append(f"{ROW_NAMES.get(r, r)}：{' + '.join(map(str, parts))} = {sum(parts)} ≠ 总计 {cells['total']}")
    out.append(_result("requests.row_totals", failures, checked, "逐行核对 总计 = 自然人 + 法人或其他组织五列", "行"))
    return out


def check_review(rev: dict | None) -> list[dict]:
    if not rev:
        return [{"id": "review_litigation.group_sums", "status": "not_applicable", "message": "没有第四部分表格"}]
    failures, checked = [], 0
    for g, cells in rev.items():
        parts = [cells[k] for k in ("upheld", "corrected", "other", "pending")]
        if _complete(*parts, cells["total"]):
            checked += 1
            if sum(parts) != cells["total"]:
                failures.append(f"{GROUP_NAMES.get(g, g)}：{' + '.join(map(str, parts))} = {sum(parts)} ≠ 总计 {cells['total']}")
    return [_result("review_litigation.group_sums", failures, checked, "逐组核对 维持 + 纠正 + 其他 + 尚未审结 = 总计", "组")]


PROSE_FIGURES = [
    # (check id, what the text says, how the table gives it)
    ("prose_vs_table.requests_received", r"(?:收到|受理)(?:各类)?(?:政府信息公开)?申请(?:共计|共)?\s*(\d+)\s*(?:件|条|宗|个)",
     "本年新收总计", lambda s: (s.get("requests") or {}).get("new_received", {}).get("total")),
    ("prose_vs_table.reviews", r"(?:政府信息公开)?行政复议(?:案件)?(?:共计|共)?\s*(\d+)\s*(?:件|宗|起)",
     "行政复议总计", lambda s: (s.get("review_litigation") or {}).get("review", {}).get("total")),
    ("prose_vs_table.lawsuits", r"(?:政府信息公开)?行政诉讼(?:案件)?(?:共计|共)?\s*(\d+)\s*(?:件|宗|起)",
     "行政诉讼总计（直接起诉 + 复议后起诉）", lambda s: _lawsuits(s)),
]


def _lawsuits(stats: dict):
    rl = stats.get("review_litigation") or {}
    a, b = rl.get("litigation_direct", {}).get("total"), rl.get("litigation_after_review", {}).get("total")
    return None if a is None or b is None else a + b


def check_prose(record: dict) -> list[dict]:
    """Figures the text states beside the same figures in the tables."""
    text = (record.get("text") or "").replace("\n", "")
    stats = record.get("statistics") or {}
    out = []
    for check_id, pattern, what, cell_of in PROSE_FIGURES:
        m = re.search(pattern, text)
        cell = cell_of(stats)
        if not m or cell is None:
            out.append({"id": check_id, "status": "not_applicable", "message": f"正文与表格未同时给出{what}"})
            continue
        prose = int(m.group(1))
        accepted = {cell}
        if check_id.endswith("requests_received"):
            accepted.add(cell + (stats["requests"]["carried_over"]["total"] or 0))   # some count 上年结转 in
        if prose in accepted:
            extra = "" if prose == cell else f"（含上年结转 {prose - cell}）"
            out.append({"id": check_id, "status": "pass", "message": f"正文称 {prose}，表中{what}为 {cell}{extra}"})
        else:
            out.append({"id": check_id, "status": "fail", "message": f"正文称 {prose}（“{m.group(0)}”），表中{what}为 {cell}"})
    return out


def deadline_rule(record: dict) -> tuple[date | None, str]:
    year, template = record.get("year"), record.get("template")
    name = (record.get("organisation") or {}).get("name") or ""
    if year is None:
        return None, "年份不详"
    if template == "pre2019" or year < 2019:
        return date(year + 1, 3, 31), "修订前条例第三十一条：各机关均须于 3 月 31 日前公布"
    if name.endswith(("镇人民政府", "乡人民政府", "街道办事处")) or name.endswith(("镇", "乡", "街道")):
        return None, "乡镇或街道办事处：条例未规定期限（各地规定不一，此处不套用任何期限）"
    if not name:
        return None, "发布机关不详，无法判断其层级和公布期限"
    if name.endswith("人民政府") or name.endswith(("管委会", "管理委员会")) or name.endswith(("区", "县", "市", "省")):
        return date(year + 1, 3, 31), "条例第四十九条：人民政府本级报告须于 3 月 31 日前公布"
    return date(year + 1, 1, 31), "条例第四十九条：县级以上人民政府部门须于 1 月 31 日前公布"


def check_deadline(record: dict) -> dict:
    deadline, rule = deadline_rule(record)
    published = record.get("published")
    if deadline is None:
        return {"id": "deadline", "status": "not_applicable", "message": rule}
    if published is None:
        return {"id": "deadline", "status": "not_applicable", "message": f"发布日期不详（{rule}）"}
    if published <= deadline:
        return {"id": "deadline", "status": "pass", "message": f"发布于 {published.isoformat()}，期限为 {deadline.isoformat()}（{rule}）"}
    return {"id": "deadline", "status": "fail", "message": f"发布于 {published.isoformat()}，晚于期限 {deadline.isoformat()}（{rule}）"}


def check_record(record: dict) -> list[dict]:
    if not record.get("is_report"):
        return []
    stats = record.get("statistics") or {}
    checks: list[dict] = []
    if record.get("template") in ("2019", "2021"):
        checks += check_requests(stats.get("requests"), record["template"])
        checks += check_review(stats.get("review_litigation"))
        checks += check_prose(record)
    checks.append(check_deadline(record))
    checks.append(check_locality(record))
    return checks


LOCALITY = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:镇|乡|街道|县|区|市)")


def check_locality(record: dict) -> dict:
    """Reports copied from another locality: the text keeps naming a place of the same kind
    that is not the issuing body's own."""
    name = (record.get("organisation") or {}).get("name") or ""
    m = re.match(r"^(.{1,12}?(?:镇|乡|街道|县|区|市))", name)
    if not m:
        return {"id": "locality", "status": "not_applicable", "message": "发布机关名称不详或不是地名，无法核对正文中的地名"}
    own = m.group(1)
    kind = own[-1] if not own.endswith("街道") else "街道"
    text = record.get("text") or ""
    counts: dict[str, int] = {}
    for place in LOCALITY.findall(text):
        if place.endswith(kind) and place != own and not own.endswith(place) and not place.endswith(own) \
                and not re.match(r"^(全|本|我|各|该|乡|镇|县|区|市|城|农|社|街)", place):
            counts[place] = counts.get(place, 0) + 1
    own_count = text.count(own)
    others = sorted(((n, p) for p, n in counts.items() if n >= 3 and n > own_count), reverse=True)
    if others:
        n, place = others[0]
        return {"id": "locality", "status": "fail", "message": f"正文提到“{place}” {n} 次，而发布机关“{own}”只出现 {own_count} 次：可能抄自其他地方的报告"}
    return {"id": "locality", "status": "pass", "message": f"正文中没有反复出现其他{kind}的名称（“{own}”出现 {own_count} 次）"}


def check_across_years(records: list[dict]) -> None:
    """Carry-over between consecutive years of the same body (appended to the later record)."""
    by_body: dict[tuple, dict[int, dict]] = {}
    for r in records:
        org = r.get("organisation") or {}
        name = org.get("body") or org.get("name")
        if r.get("is_report") and name and r.get("year"):
            by_body.setdefault((name, tuple(r["organisation"]["region"])), {}).setdefault(r["year"], r)
    for years in by_body.values():
        for year, r in sorted(years.items()):
            prev = years.get(year - 1)
            req = (r.get("statistics") or {}).get("requests")
            if prev is None or not req:
                continue
            preq = (prev.get("statistics") or {}).get("requests")
            if not preq:
                continue
            a, b = preq["carried_forward"]["total"], req["carried_over"]["total"]
            if a is None or b is None:
                status, msg = "not_applicable", "有一格结转数为空白"
            else:
                status = "pass" if a == b else "fail"
                msg = f"{year - 1} 结转下年度 总计 {a} {'=' if a == b else '≠'} {year} 上年结转 总计 {b}"
            r["checks"].append({"id": "across_years.carry_over", "status": status, "message": msg})
            pro, ppro = (r["statistics"].get("proactive") or {}), (prev["statistics"].get("proactive") or {})
            if r["template"] == "2021" and prev["template"] == "2021":
                for key in ("regulations", "normative_documents"):
                    x, y = ppro.get(key) or {}, pro.get(key) or {}
                    vals = [x.get("in_force"), y.get("issued"), y.get("repealed"), y.get("in_force")]
                    if None in vals:
                        r["checks"].append({"id": f"across_years.{key}_stock", "status": "not_applicable", "message": "有一格件数为空白"})
                        continue
                    expect = vals[0] + vals[1] - vals[2]
                    r["checks"].append({"id": f"across_years.{key}_stock",
                                        "status": "pass" if expect == vals[3] else "fail",
                                        "message": f"{year - 1} 现行有效 {vals[0]} + 制发 {vals[1]} − 废止 {vals[2]} = {expect} {'=' if expect == vals[3] else '≠'} {year} 现行有效 {vals[3]}"})
