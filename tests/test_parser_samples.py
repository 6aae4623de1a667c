"""Golden tests on the real sample sources: exact metadata and table cells."""
from datetime import date
from pathlib import Path

import pytest

from documents_support import HUAIAN, shared_file
from generator import ingest
from generator.parse import parse_source

SOURCES = Path(__file__).resolve().parent.parent / "site_data" / "sources"


def parse(rel: str) -> list[dict]:
    return parse_source(ingest.load(SOURCES / rel, SOURCES))


def row(r, key):
    return list(r["statistics"]["requests"][key].values())


@pytest.mark.parametrize("name", ["huaian-2024.pdf", "huaian-2024.txt"])
def test_huaian_pdf_and_its_text_2021_era(name):
    # The real published PDF (tables read from its cell structure) and the text extracted from
    # it (footers inside the tables, labels wrapped): the same figures. Read from ../shared/.
    path = shared_file(HUAIAN / name)
    (r,) = parse_source(ingest.load(path, HUAIAN.parent))
    assert (r["title"], r["organisation"]["name"], r["organisation"]["region"], r["year"], r["template"]) == (
        "淮安市人民政府2024年政府信息公开工作年度报告", "淮安市人民政府", [], 2024, "2021")
    assert r["published"] is None
    assert row(r, "new_received") == [3001, 53, 0, 0, 61, 4, 3119]
    assert row(r, "partially_granted") == [447, 7, 0, 0, 0, 0, 454]   # label wrapped over two lines
    assert row(r, "unavailable_not_held") == [746, 12, 0, 0, 10, 1, 769]  # page footer "- 5 -" inside the row
    assert row(r, "not_processed_confirmation") == [1, 0, 0, 0, 0, 0, 1]
    assert row(r, "other_overdue_correction") == [67, 3, 0, 0, 1, 0, 71]
    assert row(r, "total") == [2932, 53, 0, 0, 61, 4, 3050]
    assert row(r, "carried_forward") == [103, 0, 0, 0, 0, 0, 103]
    rl = r["statistics"]["review_litigation"]
    assert list(rl["review"].values()) == [72, 64, 178, 37, 351]
    assert list(rl["litigation_direct"].values()) == [13, 4, 8, 1, 26]
    assert list(rl["litigation_after_review"].values()) == [12, 1, 1, 6, 20]
    assert r["statistics"]["proactive"]["fees"] == {"amount_10k_yuan": 96171.6}
    assert r["statistics"]["proactive"]["normative_documents"] == {"issued": 8, "repealed": 26, "in_force": 66}
    assert r["headline"] == {"proactive_items": None, "requests_received": 3119, "requests_granted": 1362,
                             "requests_partially_granted": 454, "requests_completed": 3050, "reviews": 351, "lawsuits": 46}
    assert r["inferred"] == []
    # "5500 余条" is approximate: null with the reason, never 5500.
    assert any(n["field"] == "headline.proactive_items" and "5500余" in n["reason"] for n in r["nulls"])


def test_glued_cells_are_split_by_arithmetic_and_match_the_html_page():
    (txt,) = parse("pingtan/pingtan-zone-2024.txt")
    (html,) = parse("pingtan/pingtan-zone-2024.html")
    assert txt["statistics"]["requests"] == html["statistics"]["requests"]
    assert row(txt, "new_received") == [217, 1, 0, 0, 0, 0, 218]
    assert "statistics.requests.new_received.natural_person" in txt["inferred"]
    assert html["inferred"] == []
    assert txt["statistics"]["review_litigation"] == html["statistics"]["review_litigation"]
    assert list(txt["statistics"]["review_litigation"]["litigation_after_review"].values()) == [13, 2, 4, 0, 19]
    # "6233440" has many splits into 制发/废止/现行有效 and no arithmetic ties them: null, said so.
    assert txt["statistics"]["proactive"]["normative_documents"] == {"issued": None, "repealed": None, "in_force": None}
    assert html["statistics"]["proactive"]["normative_documents"] == {"issued": 62, "repealed": 33, "in_force": 440}
    assert any("6233440" in n["reason"] and "故记为空值" in n["reason"] for n in txt["nulls"])


def test_word_export_html_2022_with_misspelt_section_heading():
    (r,) = parse("pingtan/pingtan-zone-2022.html")
    assert (r["organisation"]["name"], r["year"], r["published"], r["template"]) == ("平潭综合实验区", 2022, date(2023, 2, 20), "2021")
    assert r["source"]["url"] == "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202302/t20230220_80629.htm"
    assert row(r, "other_overdue_correction") == [2, 0, 0, 0, 0, 0, 2]
    assert row(r, "carried_forward") == [0, 0, 0, 0, 0, 0, 0]
    assert list(r["statistics"]["review_litigation"]["review"].values()) == [0, 1, 1, 0, 2]
    assert r["headline"]["proactive_items"] == 14571
    assert r["headline_sources"]["proactive_items"].startswith("prose: ")


def test_pipe_joined_traditional_dump_keeps_blank_cells_null():
    (r,) = parse("seeds/001_08f9ccedd4df91cd.txt")
    assert r["organisation"] == {"name": None, "region": [], "name_source": None}
    assert any("我镇" in n["reason"] for n in r["nulls"] if n["field"] == "organisation.name")
    assert (r["year"], r["published"], r["template"], r["index_number"]) == (2024, date(2025, 1, 27), "2021", "zbxzf00000/2025-000058")
    assert row(r, "new_received") == [0] * 7
    assert row(r, "granted") == [None] * 7          # blank is not zero
    assert row(r, "total") == [0] * 7
    assert r["statistics"]["proactive"]["fees"] == {"amount_10k_yuan": 0}
    assert r["headline"]["requests_granted"] is None


def test_traditional_mirror_with_pinyin_and_spam_line():
    (r,) = parse("seeds/000_53fa4d835beed9e5.txt")
    assert r["title"] == "章古台镇2018年度政府信息公开工作报告"
    assert (r["organisation"]["name"], r["year"], r["published"], r["template"]) == ("章古台镇人民政府", 2018, date(2019, 3, 14), "pre2019")
    assert "jizz" not in r["text"] and "(zhèn)" not in r["text"] and "鎮" not in r["text"]
    steps = [c["step"] for c in r["cleaning"]]
    assert {"script", "spam-line", "pinyin"} <= set(steps)
    assert r["headline"]["proactive_items"] is None  # "300余条"


def test_township_report_with_legacy_table_one_cell_per_line():
    (r,) = parse("seeds/002_1ead00d6a3377127.txt")
    assert (r["organisation"]["name"], r["organisation"]["region"], r["year"], r["published"]) == ("禹山镇人民政府", ["华容县"], 2017, date(2018, 3, 15))
    table = {row["label"]: row for row in r["statistics"]["legacy_table"]}
    assert table["(一)主动公开政府信息数"]["value"] == 32
    assert table["(一)回应公众关注热点或重大舆情数"]["value"] == 141
    assert table["七、依申请公开信息收取的费用"]["unit"] == "万元"
    assert table["(一)政府信息公开工作专门机构数"]["value"] is None   # blank in the source
    assert table["2.兼职人员数"]["value"] == 1
    assert r["headline"]["proactive_items"] == 32
    assert r["dates"]["garbled"] == ["填报日期:2018213"]
    assert "镇长胡先兵" in r["text"]


def test_spam_brand_tokens_are_marked_not_guessed_and_the_opening_sentence_names_the_author():
    (r,) = parse("seeds/003_609de0e3619b3334.txt")
    assert "188bet" not in r["text"] and "〔垃圾词〕" in r["text"]
    assert (r["organisation"]["name"], r["organisation"]["name_source"], r["year"], r["template"]) == ("黄阁镇人民政府", "text", 2021, "2021")
    assert r["published"] == date(2022, 1, 19)
    assert "requests" not in r["statistics"]   # tables published as images
    assert r["headline"]["proactive_items"] == 143 and r["headline"]["requests_received"] == 1


def test_file_with_several_articles_is_split_and_none_is_a_report():
    parts = parse("seeds/004_f2e2464724e2d28a.txt")
    assert [p["id"] for p in parts] == ["seeds--004_f2e2464724e2d28a-txt-p1", "seeds--004_f2e2464724e2d28a-txt-p2", "seeds--004_f2e2464724e2d28a-txt-p3"]
    assert [p["is_report"] for p in parts] == [False, False, False]
    assert parts[0]["not_report_reason"].startswith("范文，")
    assert parts[2]["not_report_reason"].startswith("半年或季度")
    assert all(p["statistics"] == {} for p in parts)
    assert any(c["step"] == "mojibake" for c in parts[0]["cleaning"])


@pytest.mark.parametrize("rel,expected", [
    ("pingtan/pingtan-zone-2013.html", {"主动公开信息数": (72804, 76424), "2、政府公报公开": (0, None), "行政复议数": (0, 0)}),
    ("pingtan/pingtan-zone-2011.txt", {"主动公开信息数": (425, 1516), "1.网站公开": (418, 1509), "2.政府公报公开": (7, 7)}),
])
def test_legacy_tables_with_cumulative_column(rel, expected):
    (r,) = parse(rel)
    table = {re.sub(r"^其中[:：]", "", row["label"]): (row["value"], row.get("cumulative")) for row in r["statistics"]["legacy_table"]}
    for label, values in expected.items():
        assert table[label] == values


def test_glued_legacy_table_split_only_where_the_text_states_the_figure():
    (r,) = parse("pingtan/pingtan-county-2012.txt")
    rows = {row["label"]: row for row in r["statistics"]["legacy_table"]}
    # "主动公开信息数条20263542": 20|263542, 202|63542 and 2026|3542 all keep 累计 ≥ 本年; the text says 2026条.
    assert (rows["主动公开信息数"]["value"], rows["主动公开信息数"]["cumulative"]) == (2026, 3542)
    assert "statistics.legacy_table[0].value" in r["inferred"]
    # "网站公开条17953304" has several splits and the text states none of them: null, with the reason.
    assert (rows["1.网站公开"]["value"], rows["1.网站公开"]["cumulative"]) == (None, None)
    assert any("17953304" in n["reason"] for n in r["nulls"])


@pytest.mark.parametrize("stem", ["pingtan-county-2012", "pingtan-county-2013", "pingtan-zone-2012", "pingtan-zone-2013",
                                  "pingtan-zone-2014", "pingtan-zone-2015", "pingtan-zone-2016"])
def test_crawler_dump_never_contradicts_the_published_page(stem):
    (html,) = parse(f"pingtan/{stem}.html")
    (txt,) = parse(f"pingtan/{stem}.txt")
    def key(label):   # the dump loses "其中：" and numbering punctuation varies
        return re.sub(r"^(其中[:：])?(\d{1,2}\s*[.、])?", "", label)
    page = [(key(row["label"]), (row["value"], row.get("cumulative"))) for row in html["statistics"]["legacy_table"]]
    dump = [(key(row["label"]), (row["value"], row.get("cumulative"))) for row in txt["statistics"]["legacy_table"]]
    assert [k for k, _ in page] == [k for k, _ in dump] and len(page) >= 16
    page, dump = dict(page), dict(dump)
    contradictions = {k: (v, page.get(k)) for k, v in dump.items() if v != (None, None) and v != page.get(k)}
    assert contradictions == {}


import re  # noqa: E402  (used by the parametrised legacy test)


def test_glued_section_two_resolved_by_counts_stated_in_the_prose():
    (txt,) = parse("pingtan/pingtan-zone-2022.txt")
    (html,) = parse("pingtan/pingtan-zone-2022.html")
    assert txt["statistics"]["proactive"]["normative_documents"] == {"issued": 88, "repealed": 55, "in_force": 698}
    assert txt["statistics"]["proactive"] == html["statistics"]["proactive"]
    assert "statistics.proactive.normative_documents.repealed" in txt["inferred"]


def _parse_text(text: str, name: str = "x.txt") -> list[dict]:
    from generator.ingest import RawSource
    return parse_source(RawSource(file=name, data=text.encode("utf-8")))


def test_letter_in_the_report_column_is_not_a_report():
    (r,) = _parse_text("关于某某同志政府信息公开申请的答复书\n某某同志：你于2023年5月提出的政府信息公开申请收悉。现答复如下：……\n某县人民政府办公室")
    assert (r["is_report"], r["not_report_reason"]) == (False, "放在年度报告栏目中的函件或通知")


def test_old_layout_after_2019_is_pre2019_by_content():
    text = ("某镇2023年政府信息公开工作年度报告\n一、主动公开政府信息情况\n2023年我镇主动公开政府信息120条。\n"
            "二、依申请公开政府信息情况\n2023年我镇未收到政府信息公开申请。\n三、存在的问题及改进措施\n加强培训。")
    (r,) = _parse_text(text)
    assert (r["year"], r["template"], r["headline"]["proactive_items"]) == (2023, "pre2019", 120)
