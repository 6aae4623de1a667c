"""Golden values for every sample source, checked by hand against the sources.

Metadata for all of them; every cell of the section 三 table for one Word page, one glued crawler
dump and the real published PDF of 淮安市人民政府 2024 (the PDF itself and its text extraction),
which are read from the shared samples folder beside the repository (../shared/samples/huaian/,
never copied into the archive).
"""

import copy

import pytest

from documents_support import HUAIAN as HUAIAN_DIR, shared_file
from generator import ingest
from generator.parse import parse_source

METADATA = [
    ("seeds--000_53fa4d835beed9e5-txt", True, "章古台镇2018年度政府信息公开工作报告", "章古台镇人民政府", [], 2018, "2019-03-14", "pre2019"),
    ("seeds--001_08f9ccedd4df91cd-txt", True, None, None, [], 2024, "2025-01-27", "2021"),
    ("seeds--002_1ead00d6a3377127-txt", True, "华容县禹山镇人民政府2017年政府信息公开工作年度报告", "禹山镇人民政府", ["华容县"], 2017, "2018-03-15", "pre2019"),
    ("seeds--003_609de0e3619b3334-txt", True, None, "黄阁镇人民政府", ["广州市", "南沙区"], 2021, "2022-01-19", "2021"),
    ("seeds--004_f2e2464724e2d28a-txt-p1", False, "20**年计划生育委信息公开工作总结", None, [], None, None, "unknown"),
    ("seeds--004_f2e2464724e2d28a-txt-p2", False, "11月乡镇政府信息公开情况总结", None, [], None, None, "unknown"),
    ("seeds--004_f2e2464724e2d28a-txt-p3", False, "乡镇电子政务和政府信息公开工作总结", None, [], None, None, "unknown"),
] + [
    (f"pingtan--pingtan-{who}-{year}-{fmt}", True, f"{name}{year}年{'度' if int(year) >= 2014 else ''}政府信息公开工作年度报告",
     name, [], int(year), published, "2021" if int(year) >= 2021 else "pre2019")
    for who, year, name, published in [
        ("county", "2012", "平潭县人民政府", "2013-01-17"), ("county", "2013", "平潭县人民政府", "2014-01-22"),
        ("zone", "2011", "平潭综合实验区", "2012-04-11"), ("zone", "2012", "平潭综合实验区", "2013-02-25"),
        ("zone", "2013", "平潭综合实验区", "2014-01-10"), ("zone", "2014", "平潭综合实验区管委会", "2015-01-02"),
        ("zone", "2015", "平潭综合实验区", "2016-01-12"), ("zone", "2016", "平潭综合实验区", "2017-01-18"),
        ("zone", "2022", "平潭综合实验区", "2023-02-20"), ("zone", "2024", "平潭综合实验区", "2025-03-10")]
    for fmt in ("html", "txt")
]


@pytest.fixture(scope="module")
def records(sample_parse):
    recs, errors = copy.deepcopy(sample_parse)
    assert errors == []
    return {r["id"]: r for r in recs}


def test_every_source_has_golden_metadata(records):
    assert sorted(records) == sorted(m[0] for m in METADATA)


@pytest.mark.parametrize("expected", METADATA, ids=[m[0] for m in METADATA])
def test_metadata(records, expected):
    r = records[expected[0]]
    got = (r["id"], r["is_report"], r["title"], r["organisation"]["name"], r["organisation"]["region"], r["year"],
           r["published"].isoformat() if r["published"] else None, r["template"])
    assert got == expected


def z(n=0, *rest):
    return [n, *rest] + [0] * (6 - len(rest)) if rest else [n, 0, 0, 0, 0, 0, n]


HUAIAN = {
    "new_received": [3001, 53, 0, 0, 61, 4, 3119], "carried_over": z(34), "granted": [1288, 21, 0, 0, 50, 3, 1362],
    "partially_granted": [447, 7, 0, 0, 0, 0, 454], "denied_state_secret": z(2), "denied_prohibited_by_law": [30, 1, 0, 0, 0, 0, 31],
    "denied_security_stability": z(5), "denied_third_party_rights": z(6), "denied_internal_affairs": [7, 1, 0, 0, 0, 0, 8],
    "denied_process_information": z(12), "denied_enforcement_files": z(9), "denied_administrative_query": z(105),
    "unavailable_not_held": [746, 12, 0, 0, 10, 1, 769], "unavailable_needs_creation": z(11), "unavailable_unclear": z(1),
    "not_processed_complaint": [56, 6, 0, 0, 0, 0, 62], "not_processed_repeated": z(25), "not_processed_publication": z(0),
    "not_processed_excessive": z(0), "not_processed_confirmation": z(1), "other_overdue_correction": [67, 3, 0, 0, 1, 0, 71],
    "other_overdue_fee": z(6), "other_other": [108, 2, 0, 0, 0, 0, 110], "total": [2932, 53, 0, 0, 61, 4, 3050],
    "carried_forward": z(103),
}
PINGTAN_2024 = {
    "new_received": [217, 1, 0, 0, 0, 0, 218], "carried_over": z(0), "granted": z(71), "partially_granted": z(29),
    "denied_state_secret": z(4), "denied_prohibited_by_law": z(0), "denied_security_stability": z(0),
    "denied_third_party_rights": z(3), "denied_internal_affairs": z(32), "denied_process_information": z(0),
    "denied_enforcement_files": z(0), "denied_administrative_query": z(0), "unavailable_not_held": z(75),
    "unavailable_needs_creation": z(0), "unavailable_unclear": z(0), "not_processed_complaint": z(0),
    "not_processed_repeated": z(1), "not_processed_publication": z(0), "not_processed_excessive": z(0),
    "not_processed_confirmation": z(0), "other_overdue_correction": z(1), "other_overdue_fee": z(0),
    "other_other": [1, 1, 0, 0, 0, 0, 2], "total": [217, 1, 0, 0, 0, 0, 218], "carried_forward": z(0),
}


@pytest.mark.parametrize("rid,expected", [("pingtan--pingtan-zone-2024-html", PINGTAN_2024),
                                          ("pingtan--pingtan-zone-2024-txt", PINGTAN_2024)])
def test_every_cell_of_section_three(records, rid, expected):
    table = records[rid]["statistics"]["requests"]
    assert {k: list(v.values()) for k, v in table.items()} == expected


def huaian_record(name: str) -> dict:
    """The 淮安 2024 report parsed from the shared samples (skipped, saying so, when absent)."""
    path = shared_file(HUAIAN_DIR / name)
    (r,) = parse_source(ingest.load(path, HUAIAN_DIR.parent))
    return r


@pytest.mark.parametrize("name", ["huaian-2024.pdf", "huaian-2024.txt"])
def test_huaian_metadata_and_every_cell_of_section_three(name):
    r = huaian_record(name)
    assert r["id"] == ingest.source_id(f"huaian/{name}")
    got = (r["is_report"], r["title"], r["organisation"]["name"], r["organisation"]["region"], r["year"], r["published"], r["template"])
    assert got == (True, "淮安市人民政府2024年政府信息公开工作年度报告", "淮安市人民政府", [], 2024, None, "2021")
    assert {k: list(v.values()) for k, v in r["statistics"]["requests"].items()} == HUAIAN
    assert r["source"]["format"] == ("pdf" if name.endswith(".pdf") else "text")


@pytest.mark.parametrize("rid,expected", [
    ("seeds--001_08f9ccedd4df91cd-txt", ["一 总体情况", "二 主动公开政府信息情况", "三 收到和处理政府信息公开申请情况",
                                  "四 政府信息公开行政复议、行政诉讼情况", "五 存在的主要问题及改进情况", "六 其他需要报告的事项"]),
    ("seeds--000_53fa4d835beed9e5-txt", ["None None", "一 主动公开政府信息情况", "二 依申请公开政府信息情况", "三 重点领域信息公开情况",
                                  "四 工作制度建立完善情况", "五 政策发布与解读情况", "六 回应社会关切情况",
                                  "七 开展“5.15政务公开日”情况", "八 存在的主要问题", "九 下一步整改措施及2019年的工作计划"]),
    ("seeds--002_1ead00d6a3377127-txt", ["None None", "一 加强组织领导,着力统筹推进", "二 巩固阵地建设,优化服务质量",
                                  "三 严格落实制度,提升规范水平", "四 狠抓务实创新,不断凝聚民心", "None 政府信息公开情况统计表"]),
])
def test_sections_skip_table_rows_and_numbered_lists(records, rid, expected):
    assert [f"{s['number']} {s['title']}" for s in records[rid]["sections"]] == expected
