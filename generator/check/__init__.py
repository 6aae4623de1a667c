"""Check: the arithmetic a correct report satisfies (REPORTS.md). A failure is a published finding.

Each check returns {id, status: pass|fail|not_applicable, message}; messages show the numbers.
"""
from __future__ import annotations

import re
from datetime import date

from ..domain import FORMATS, Formats, Table
from ..domain.arithmetic import comparisons

def _result(check_id: str, failures: list[str], checked: int, what: str, unit: str = "项") -> dict:
    if checked == 0:
        return {"id": check_id, "status": "not_applicable", "message": f"{what}：没有可完整核对的数据（空白或无法读取）"}
    if failures:
        return {"id": check_id, "status": "fail", "message": f"{what}：" + "；".join(failures)}
    return {"id": check_id, "status": "pass", "message": f"{what}：已核对的 {checked} {unit}全部相符"}


def _complete(*values) -> bool:
    return all(v is not None for v in values)


def check_table(table: Table, cells: dict | None, era: str) -> list[dict]:
    """Every identity of the table (formats.yaml), over every column or row where all cells are known."""
    if not cells:
        return [{"id": i.id, "status": "not_applicable", "message": table.missing} for i in table.identities]
    out = []
    for identity in table.identities:
        checked = list(comparisons(table, identity, cells, era))
        failures = [c.failure(identity) for c in checked if not c.holds]
        out.append(_result(identity.id, failures, len(checked), identity.what, identity.unit))
    return out


def check_requests(req: dict | None, template: str, formats: Formats = FORMATS) -> list[dict]:
    return check_table(formats.requests, req, template)


def check_review(rev: dict | None, template: str = "2021", formats: Formats = FORMATS) -> list[dict]:
    return check_table(formats.review_litigation, rev, template)


# Figures the prose states. Examples: "共收到政府信息公开申请 27 件", "行政复议案件共 2 宗", "政府信息公开行政诉讼 1 起".
PROSE_REQUESTS = re.compile(r"(?:收到|受理)(?:各类)?(?:政府信息公开)?申请(?:共计|共)?\s*(\d+)\s*(?:件|条|宗|个)")
PROSE_REVIEWS = re.compile(r"(?:政府信息公开)?行政复议(?:案件)?(?:共计|共)?\s*(\d+)\s*(?:件|宗|起)")
PROSE_LAWSUITS = re.compile(r"(?:政府信息公开)?行政诉讼(?:案件)?(?:共计|共)?\s*(\d+)\s*(?:件|宗|起)")
PROSE_FIGURES = [
    # (check id, what the text says, how the table gives it)
    ("prose_vs_table.requests_received", PROSE_REQUESTS,
     "本年新收总计", lambda s: (s.get("requests") or {}).get("new_received", {}).get("total")),
    ("prose_vs_table.reviews", PROSE_REVIEWS,
     "行政复议总计", lambda s: (s.get("review_litigation") or {}).get("review", {}).get("total")),
    ("prose_vs_table.lawsuits", PROSE_LAWSUITS,
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
        m = pattern.search(text)
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
        checks += check_review(stats.get("review_litigation"), record["template"])
        checks += check_prose(record)
    checks.append(check_deadline(record))
    checks.append(check_locality(record))
    return checks


# A place name of one kind: "黄阁镇", "南沙区", "万顷沙镇".
LOCALITY = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:镇|乡|街道|县|区|市)")
# The place at the head of a body's name: "黄阁镇" of "黄阁镇人民政府".
OWN_PLACE = re.compile(r"^(.{1,12}?(?:镇|乡|街道|县|区|市))")
# Words that make a place-like run generic, not another locality: "全镇", "本区", "各街道", "城区".
GENERIC_PLACE = re.compile(r"^(全|本|我|各|该|乡|镇|县|区|市|城|农|社|街)")


def check_locality(record: dict) -> dict:
    """Reports copied from another locality: the text keeps naming a place of the same kind
    that is not the issuing body's own."""
    name = (record.get("organisation") or {}).get("name") or ""
    m = OWN_PLACE.match(name)
    if not m:
        return {"id": "locality", "status": "not_applicable", "message": "发布机关名称不详或不是地名，无法核对正文中的地名"}
    own = m.group(1)
    kind = own[-1] if not own.endswith("街道") else "街道"
    text = record.get("text") or ""
    counts: dict[str, int] = {}
    for place in LOCALITY.findall(text):
        if place.endswith(kind) and place != own and not own.endswith(place) and not place.endswith(own) \
                and not GENERIC_PLACE.match(place):
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
