"""Checks publish what the arithmetic says, with the numbers, and never "fix" a figure."""
from datetime import date

from generator import check
from generator.domain import FORMATS
from generator.parse.statistics import request_rows

APPLICANT_COLUMNS = FORMATS.requests.column_keys

ZERO = dict.fromkeys(APPLICANT_COLUMNS, 0)


def requests(**rows):
    table = {r.key: dict(ZERO) for r in request_rows("2021")}
    for key, values in rows.items():
        table[key] = dict(zip(APPLICANT_COLUMNS, values))
    return table


def record(**kw):
    base = {"is_report": True, "template": "2021", "year": 2021, "published": date(2022, 1, 20), "text": "",
            "organisation": {"name": "某市教育局", "region": []}, "statistics": {}, "checks": [],
            "headline_sources": {"requests_received": "statistics.requests.new_received.total"}}
    base.update(kw)
    return base


def by_id(checks):
    return {c["id"]: c for c in checks}


def test_requests_identities_pass_and_fail_with_numbers():
    good = requests(new_received=[5, 1, 0, 0, 0, 0, 6], granted=[4, 1, 0, 0, 0, 0, 5], total=[4, 1, 0, 0, 0, 0, 5],
                    carried_forward=[1, 0, 0, 0, 0, 0, 1])
    assert {c["id"]: c["status"] for c in check.check_requests(good, "2021")} == {
        "requests.balance": "pass", "requests.outcomes_sum": "pass", "requests.row_totals": "pass"}
    bad = requests(new_received=[5, 1, 0, 0, 0, 0, 7], granted=[4, 1, 0, 0, 0, 0, 5], total=[4, 1, 0, 0, 0, 0, 5],
                   carried_forward=[0, 0, 0, 0, 0, 0, 1])
    checks = by_id(check.check_requests(bad, "2021"))
    assert checks["requests.balance"]["status"] == "fail"
    assert "自然人 5 + 0 = 5 ≠ 4 + 0 = 4" in checks["requests.balance"]["message"]
    assert "总计 7 + 0 = 7 ≠ 5 + 1 = 6" in checks["requests.balance"]["message"]
    assert checks["requests.row_totals"]["message"].endswith("本年新收：5 + 1 + 0 + 0 + 0 + 0 = 6 ≠ 总计 7；结转下年度：0 + 0 + 0 + 0 + 0 + 0 = 0 ≠ 总计 1")


def test_blank_cells_make_a_check_not_applicable_rather_than_fail():
    blank = {r.key: dict.fromkeys(APPLICANT_COLUMNS) for r in request_rows("2021")}
    assert {c["status"] for c in check.check_requests(blank, "2021")} == {"not_applicable"}


def test_review_group_sums():
    rev = {"review": {"upheld": 1, "corrected": 1, "other": 0, "pending": 0, "total": 3},
           "litigation_direct": dict.fromkeys(["upheld", "corrected", "other", "pending", "total"], 0),
           "litigation_after_review": dict.fromkeys(["upheld", "corrected", "other", "pending", "total"], 0)}
    (c,) = check.check_review(rev)
    assert (c["status"], c["message"]) == ("fail", "逐组核对 维持 + 纠正 + 其他 + 尚未审结 = 总计：行政复议：1 + 1 + 0 + 0 = 2 ≠ 总计 3")


def test_prose_versus_table():
    req = requests(new_received=[5, 1, 0, 0, 0, 0, 6])
    ok = record(text="全年共收到政府信息公开申请6件。", statistics={"requests": req})
    assert by_id(check.check_prose(ok))["prose_vs_table.requests_received"]["status"] == "pass"
    off = record(text="全年共收到政府信息公开申请70件。", statistics={"requests": req})
    c = check.check_prose(off)[0]
    assert (c["status"], c["message"]) == ("fail", "正文称 70（“收到政府信息公开申请70件”），表中本年新收总计为 6")


def test_deadline_rules_by_level_and_era():
    dept = record(published=date(2022, 2, 1))
    assert check.check_deadline(dept) == {"id": "deadline", "status": "fail", "message":
        "发布于 2022-02-01，晚于期限 2022-01-31（条例第四十九条：县级以上人民政府部门须于 1 月 31 日前公布）"}
    gov = record(organisation={"name": "淮安市人民政府", "region": []}, published=date(2022, 3, 30))
    assert check.check_deadline(gov)["status"] == "pass"
    town = record(organisation={"name": "禹山镇人民政府", "region": ["华容县"]})
    assert check.check_deadline(town)["status"] == "not_applicable"
    assert "条例未规定期限" in check.check_deadline(town)["message"]
    old = record(template="pre2019", year=2011, published=date(2012, 4, 11), organisation={"name": "某市教育局", "region": []})
    assert check.check_deadline(old)["message"] == "发布于 2012-04-11，晚于期限 2012-03-31（修订前条例第三十一条：各机关均须于 3 月 31 日前公布）"


def test_across_years_carry_over_and_stock():
    prev = record(year=2021, statistics={"requests": requests(carried_forward=[2, 0, 0, 0, 0, 0, 2]),
                                         "proactive": {"normative_documents": {"issued": 3, "repealed": 1, "in_force": 40}}})
    this = record(year=2022, statistics={"requests": requests(carried_over=[1, 0, 0, 0, 0, 0, 1]),
                                         "proactive": {"normative_documents": {"issued": 5, "repealed": 2, "in_force": 43}}})
    check.check_across_years([prev, this])
    checks = by_id(this["checks"])
    assert checks["across_years.carry_over"] == {"id": "across_years.carry_over", "status": "fail",
                                                 "message": "2021 结转下年度 总计 2 ≠ 2022 上年结转 总计 1"}
    assert checks["across_years.normative_documents_stock"]["status"] == "pass"
    assert checks["across_years.normative_documents_stock"]["message"] == "2021 现行有效 40 + 制发 5 − 废止 2 = 43 = 2022 现行有效 43"
    assert prev["checks"] == []


def test_prose_reviews_and_lawsuits_against_section_four():
    zero = dict.fromkeys(["upheld", "corrected", "other", "pending", "total"], 0)
    rl = {"review": {**zero, "other": 3, "total": 3}, "litigation_direct": {**zero, "pending": 1, "total": 1},
          "litigation_after_review": {**zero, "upheld": 1, "total": 1}}
    r = record(text="政府信息公开行政复议 3 件，行政诉讼 5 件。", statistics={"review_litigation": rl})
    checks = by_id(check.check_prose(r))
    assert checks["prose_vs_table.reviews"] == {"id": "prose_vs_table.reviews", "status": "pass", "message": "正文称 3，表中行政复议总计为 3"}
    assert checks["prose_vs_table.lawsuits"]["status"] == "fail"
    assert checks["prose_vs_table.requests_received"]["status"] == "not_applicable"


def test_thousands_separators_are_one_figure():
    from generator.parse.tables import cell_tokens, to_number
    assert cell_tokens(" 447,228 3 1,2 ") == ["447,228", "3", "1", "2"]
    assert to_number("447,228") == 447228


def test_report_copied_from_another_locality_is_flagged():
    text = "2022年，乙镇坚持依法公开。乙镇主动公开信息30条。乙镇政府网站运行良好。甲镇人民政府"
    r = record(organisation={"name": "甲镇人民政府", "region": []}, text=text)
    assert check.check_locality(r) == {"id": "locality", "status": "fail",
                                       "message": "正文提到“乙镇” 3 次，而发布机关“甲镇”只出现 1 次：可能抄自其他地方的报告"}
    own = record(organisation={"name": "甲镇人民政府", "region": []}, text=text.replace("乙镇", "甲镇"))
    assert check.check_locality(own)["status"] == "pass"
