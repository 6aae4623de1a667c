"""Report shapes seen in real reports (issue 8), each reproduced by an invented fixture under
tests/fixtures/shapes/ (catalogue: docs/real-world-shapes.md): not-a-report decisions both ways,
each naming its evidence; zero stated in words; headline figures from the prose when the table's
cells are blank; pinyin inside metadata labels; the printed publication date kept."""
from __future__ import annotations

import unicodedata

from datetime import date
from pathlib import Path

import pytest

from generator import ingest
from generator.ingest import RawSource
from generator.parse import parse_source

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def parse(name: str) -> list[dict]:
    return parse_source(ingest.load(FIXTURES / "shapes" / name, FIXTURES))


def one(name: str) -> dict:
    (r,) = parse(name)
    return r


def text_record(text: str) -> dict:
    (r,) = parse_source(RawSource(file="t/x.txt", data=text.encode("utf-8")))
    return r


# --- Not a report, with its evidence -----------------------------------------------------------

@pytest.mark.parametrize("name, reason", [
    ("list-page.html", "列表页：有 6 个报告标题，没有报告正文"),
    ("format-notice.html", "关于年度报告格式或编制发布工作的通知，不是年度报告（关于转发《中华人民共和国政府信息公开工作年度报告格式》的通知）"),
    ("compile-notice.txt", "关于年度报告格式或编制发布工作的通知，不是年度报告（关于做好2023年政府信息公开工作年度报告编制发布工作的通知）"),
    ("reply-letter.txt", "放在年度报告栏目中的函件或通知"),
    ("model-essay.txt", "范文，年份或名称被隐去（20XX）"),
    ("half-year-2023.txt", "半年或季度、月度等阶段性统计"),
    ("explainer-2022.txt", "年度报告的解读或图解，不是报告本身（图文解读：云岭县青石镇人民政府2022年政府信息公开工作年度报告）"),
    ("several-reports.txt", "一页含 2 篇年度报告（云岭县青石镇人民政府2022年政府信息公开工作年度报告；"
                            "云岭县白沙乡人民政府2022年政府信息公开工作年度报告），不作为一篇报告发布"),
])
def test_not_a_report_names_its_evidence(name, reason):
    r = one(name)
    assert (r["is_report"], r["not_report_reason"]) == (False, reason)
    assert r["statistics"] == {} and r["template"] == "unknown"
    assert {"field": "statistics", "reason": "不是年度报告：其中的数字不作为统计数据发布"} in r["nulls"]


def test_an_explainer_still_names_the_body_it_explains():
    r = one("explainer-2022.txt")
    assert (r["organisation"]["name"], r["organisation"]["region"], r["year"]) == ("青石镇人民政府", ["云岭县"], 2022)


def test_a_report_that_mentions_its_policy_explainers_stays_a_report():
    # 解读 inside the text (section 二's 政策解读) or a title ending in 工作年度报告 is no explainer.
    r = text_record("云岭县青石镇人民政府2022年政府信息公开工作年度报告\n一、总体情况\n2022年，青石镇发布政策解读6篇，"
                    "全年收到政府信息公开申请2件。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n")
    assert (r["is_report"], r["not_report_reason"], r["headline"]["requests_received"]) == (True, None, 2)


def test_a_notice_that_publishes_a_report_stays_a_report():
    r = text_record("关于公布云岭县2023年政府信息公开工作年度报告的通知\n各乡镇人民政府：\n现将云岭县2023年政府信息公开工作年度报告公布如下。\n"
                    "一、总体情况\n2023年，全县主动公开政府信息3200条。\n二、主动公开政府信息情况\n全年制发规范性文件5件。\n"
                    "三、收到和处理政府信息公开申请情况\n全年收到政府信息公开申请31件。")
    assert (r["is_report"], r["not_report_reason"]) == (True, None)
    assert (r["year"], r["headline"]["requests_received"]) == (2023, 31)


def test_a_report_without_a_title_stays_a_report():
    r = one("no-title-2022.txt")
    assert (r["is_report"], r["title"], r["year"], r["template"]) == (True, None, 2022, "2021")
    assert (r["organisation"]["name"], r["organisation"]["name_source"]) == ("松溪街道办事处", "text")


def test_a_report_with_an_odd_title_stays_a_report():
    r = one("odd-title-2020.txt")
    assert (r["is_report"], r["title"]) == (True, "云岭县林业局关于2020年度政务公开工作情况的报告")
    assert (r["organisation"]["name"], r["year"], r["published"], r["template"]) == ("云岭县林业局", 2020, date(2021, 1, 22), "2019")


# --- Zero stated in words, prose figures when the table is blank --------------------------------

def test_zero_stated_in_words_is_zero_with_the_sentence_as_provenance():
    r = one("no-title-2022.txt")
    h, src = r["headline"], r["headline_sources"]
    assert (h["proactive_items"], h["requests_received"], h["reviews"], h["lawsuits"]) == (128, 0, 0, 0)
    assert src["requests_received"] == "prose: 2022年,我街道没有收到政府信息公开申请。"
    assert src["reviews"] == src["lawsuits"] == "prose: 本年度未发生因政府信息公开引起的行政复议、行政诉讼。"
    assert h["requests_granted"] is None and src["requests_granted"] is None     # nothing said about it


@pytest.mark.parametrize("sentence, received", [
    ("本年度未收到政府信息公开申请。", 0),
    ("全年没有受理依申请公开政府信息申请。", 0),
    ("本年度未接到信息公开申请。", 0),
    ("全年共收到政府信息公开申请0件。", 0),
    ("全年共受理政府信息公开申请12件。", 12),
    ("2020年，我镇收到0件信息公开申请。", 0),
    ("本年度我镇没有接到群众主动要求公开政府信息的申请。", 0),
    ("2022年本街道未接收到依申请公开，尚未发现应主动公开而未公开的情况。", 0),
])
def test_requests_received_from_the_prose(sentence, received):
    r = text_record(f"云岭县审计局2023年政府信息公开工作年度报告\n一、总体情况\n{sentence}\n")
    assert r["headline"]["requests_received"] == received
    # provenance quotes the NFKC-normalised text the figures are read from (，→,)
    assert r["headline_sources"]["requests_received"] == f"prose: {unicodedata.normalize('NFKC', sentence)}"


def test_no_review_case_nor_lawsuit_case_in_words():
    sentence = "本年度没有发生针对本单位有关政府信息公开事务的行政复议案、行政诉讼案。"
    r = text_record(f"云岭县青石镇2018年政府信息公开工作年度报告\n四、复议、诉讼和申诉情况\n{sentence}\n")
    assert (r["headline"]["reviews"], r["headline"]["lawsuits"]) == (0, 0)
    assert r["headline_sources"]["lawsuits"] == f"prose: {unicodedata.normalize('NFKC', sentence)}"


def test_review_only_zero_leaves_lawsuits_unknown():
    r = text_record("云岭县审计局2023年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n全年未发生因政府信息公开引起的行政复议。\n")
    assert (r["headline"]["reviews"], r["headline"]["lawsuits"]) == (0, None)


def test_an_approval_count_is_not_a_disclosure_request():
    # "受理申请136437件" of a service hall is about administrative approvals, not disclosure requests.
    r = text_record("云岭县人民政府2015年政府信息公开工作年度报告\n一、概述\n建立窗口服务大厅，开设窗口24个，共受理申请136437件。\n")
    assert (r["headline"]["requests_received"], r["headline_sources"]["requests_received"]) == (None, None)


def test_blank_table_cells_fall_back_to_the_figures_in_the_prose():
    r = one("blank-cells-2023.txt")
    assert r["statistics"]["review_litigation"]["review"]["total"] is None      # the cells are blank
    h, src = r["headline"], r["headline_sources"]
    assert (h["reviews"], h["lawsuits"], h["requests_received"], h["proactive_items"]) == (1, 2, 5, 213)
    assert src["reviews"] == src["lawsuits"] == "prose: 因政府信息公开被申请行政复议1件,被提起行政诉讼2件。"
    assert r["statistics"]["proactive"]["regulations"] == {"issued": None, "repealed": None, "in_force": None}


# --- Metadata on scraped pages ------------------------------------------------------------------

def test_pinyin_inside_metadata_labels_on_a_traditional_mirror():
    r = one("mirror-pinyin-labels.html")
    assert (r["title"], r["organisation"]["name"], r["year"]) == ("云岭县卫生健康局2022年政府信息公开工作年度报告", "云岭县卫生健康局", 2022)
    assert (r["published"], r["dates"]["web_field"]) == (date(2023, 1, 28), "发布时间")
    assert (r["headline"]["reviews"], r["headline"]["lawsuits"]) == (0, 0)
    # a 2022 report with neither tables nor the six headings: the input cannot tell the format
    assert r["template"] == "unknown"
    assert {"field": "template", "reason": "报告年份为 2022，但既没有表格也没有六部分标题，无法判断采用哪一版格式"} in r["nulls"]


def test_page_views_sentence_and_printed_date_survive_cleaning():
    r = one("page-views-and-date.html")
    assert (r["published"], r["dates"]["web_field"]) == (date(2024, 1, 19), "发布日期")
    assert "2023年，我局网站全年浏览量达8.6万次，主动公开政府信息152条。" in r["text"]
    assert "浏览次数" not in r["text"] and "分享到" not in r["text"]
    assert r["headline"]["proactive_items"] == 152


def test_era_by_heading_words_is_linear_on_whitespace_runs():
    import time
    from generator.parse import detect_template
    for text in ("\n" + " " * 30000 + "x", "\n一、" + " " * 30000 + "x", ("\n" + "\t" * 40) * 500):
        start = time.perf_counter()
        assert detect_template(text, 2022, []) == "unknown"
        assert time.perf_counter() - start < 1.0


# --- Tables by their words, wherever they stand ------------------------------------------------

RENUMBERED_SPLIT = """云岭县人民政府办公室2022年政府信息公开工作年度报告
总体情况
2022年，云岭县人民政府办公室认真落实政府信息公开工作。
一、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 5 1 40
二、收到和处理政府信息公开申请情况
本年度没有收到政府信息公开申请。
三、政府信息公开行政复议、行政诉讼情况
行政诉讼（复议后起诉）
结果维持 结果纠正 其他结果 尚未审结 总计
0 1 0 0 1
行政复议
结果维持 结果纠正 其他结果 尚未审结 总计
2 1 0 0 3
行政诉讼（未经复议直接起诉）
结果维持 结果纠正 其他结果 尚未审结 总计
1 0 0 1 2
四、存在的主要问题及改进情况
无。
"""


def test_sections_numbered_one_lower_and_section_four_as_three_tables_in_any_order():
    """The overview unnumbered, so 二、三、四 stand as 一、二、三; section 四 printed as one table per
    group, the groups not in the template's order: each group is told by its printed label."""
    r = text_record(RENUMBERED_SPLIT)
    assert r["statistics"]["proactive"]["normative_documents"] == {"issued": 5, "repealed": 1, "in_force": 40}
    assert r["statistics"]["review_litigation"] == {
        "review": {"upheld": 2, "corrected": 1, "other": 0, "pending": 0, "total": 3},
        "litigation_direct": {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2},
        "litigation_after_review": {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1},
    }
    assert (r["headline"]["reviews"], r["headline"]["lawsuits"]) == (3, 3)


def test_section_four_split_with_a_group_unnamed_is_not_guessed():
    """Three headers but one group's label missing: no group is assigned by position alone."""
    r = text_record(RENUMBERED_SPLIT.replace("行政复议\n结果维持", "结果维持"))
    assert all(v is None for group in r["statistics"]["review_litigation"].values() for v in group.values())
    assert {"field": "statistics.review_litigation", "reason": "未能在行名之后读出 15 格（找到 5 项：1 0 0 1 2）"} in r["nulls"]


PDF_LEGACY = """云岭县青石镇人民政府2014年政府信息公开工作年度报告
根据《中华人民共和国政府信息公开条例》，现公布本镇2014年政府信息公开工作年度报告。
附件：
政府信息公开情况统计表（2014年度）
统 计 指 标 单 位 统 计 数
一、主动公开情况
（一）主动公开政
府信息数（不同渠
道和方式公开相同
信息计1条）条 57
其中：主动公开规
范性文件数条 2
第 2 页 共 4 页
四、行政复议数量
件 1
七、依申请公开信
息收取的费用万元 0.5
云岭县青石镇人民政府
二〇一五年三月二日
"""


def test_a_pdf_statistics_form_with_labels_wrapped_over_lines():
    """PDF text of the pre-2019 统计表: each label wraps, its last line ends in unit and figure; a
    page footer stands between rows; a group row keeps its own place."""
    rows = [(r["label"], r["unit"], r["value"]) for r in text_record(PDF_LEGACY)["statistics"]["legacy_table"]]
    assert rows == [("一、主动公开情况", None, None),
                    ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", 57),
                    ("其中：主动公开规范性文件数", "条", 2),
                    ("四、行政复议数量", "件", 1),
                    ("七、依申请公开信息收取的费用", "万元", 0.5)]


def test_requests_stated_count_first_with_the_words_of_the_application():
    """ "共收到12件信息依申请公开": the count before the object, which names 依申请公开."""
    r = text_record("云岭县白沙街道办事处2023年政府信息公开工作年度报告\n一、总体情况\n（二）依申请公开\n"
                    "2023年，本街道共收到12件信息依申请公开，其中10件已按时答复，剩余2件结转下年度继续办理。")
    assert r["headline"]["requests_received"] == 12
    assert r["headline_sources"]["requests_received"].startswith("prose: ")


@pytest.mark.parametrize("sentence, count", [
    ("受理公民、法人和其他组织向县政府提出的政府信息公开申请5件，均按时答复。", 5),
    ("2022年我镇全年共收到依申请公开0件，公开0件。", 0),
    ("依申请公开2条，免于公开信息0条。", 2),
    ("2016年，政府信息依申请公开系统共收到1宗信息。", 1),
    ("本年度我镇没有依申请公开和不予公开的政府信息。", 0),
    ("2017年，我局接到12项依申请公开政府信息申请。", 12),
    ("全年收到申请公开21条，均已答复。", 21),
    ("本年度没有收到要求公开信息的申请。", 0),
    ("全年未收到依法申请公开事项。", 0),
    ("我局无依申请公开政务信息情况。", 0),
])
def test_requests_received_stated_in_other_words(sentence, count):
    r = text_record("青石镇2022年政府信息公开工作年度报告\n一、概述\n全年主动公开信息40条。\n"
                    "二、依申请公开政府信息情况\n" + sentence + "\n三、存在的问题\n")
    assert r["headline"]["requests_received"] == count
    source = r["headline_sources"]["requests_received"]
    assert source.startswith("prose: ") and sentence.split("，")[0].rstrip("。") in source


def test_a_bare_no_requests_counts_only_under_the_section_on_applications():
    under = text_record("青石镇2016年政府信息公开年度报告\n一、概述\n全年主动公开信息40条。\n"
                        "三、依申请公开政府信息和不予公开政府信息情况\n我镇2016年度无申请。\n")
    elsewhere = text_record("青石镇2016年政府信息公开年度报告\n一、概述\n全年主动公开信息40条，无申请。\n")
    fees = text_record("青石镇2016年政府信息公开年度报告\n一、概述\n全年主动公开信息40条。\n"
                       "四、收费及减免情况\n本年度无依申请公开信息收费和减免情况。\n")
    assert under["headline"]["requests_received"] == 0
    assert elsewhere["headline"]["requests_received"] is None
    assert fees["headline"]["requests_received"] is None


@pytest.mark.parametrize("heading, reason", [
    ("青石镇政府文件信息领域基层政务公开标准目录",
     "政务公开的其他文件（目录、制度、办法等），不是年度报告（青石镇政府文件信息领域基层政务公开标准目录）"),
    ("青石乡人民政府信息公开工作年度报告制度（试行）",
     "政务公开的其他文件（目录、制度、办法等），不是年度报告（青石乡人民政府信息公开工作年度报告制度（试行））"),
    ("【文稿解读】青石街道办事处2020年政府信息公开工作年度报告",
     "年度报告的解读或图解，不是报告本身（【文稿解读】青石街道办事处2020年政府信息公开工作年度报告）"),
])
def test_other_disclosure_documents_are_not_reports(heading, reason):
    r = text_record(heading + "\n第一条 为做好政府信息公开工作，制定本制度。\n第二条 政府信息公开年度报告每年编制一次。\n")
    assert (r["is_report"], r["not_report_reason"]) == (False, reason)


@pytest.mark.parametrize("text", [
    # No title, no word 报告: the 2021 format's headings and table words are the evidence.
    "一、总体情况\n2022年，我县主动公开政府信息1200条。\n二、主动公开政府信息情况\n规章 本年制发件数 0\n"
    "三、收到和处理政府信息公开申请情况\n全年收到申请9件。\n四、政府信息公开行政复议、行政诉讼情况\n",
    # An old-format report that starts at its overview.
    "一、政府信息与政务公开基本情况\n我局2017年主动公开政府信息2100条。\n二、政府信息依申请公开情况\n"
    "2017年，我局接到12项依申请公开政府信息申请。\n",
])
def test_a_report_without_a_title_or_the_word_baogao_stays_a_report(text):
    r = text_record(text)
    assert (r["is_report"], r["not_report_reason"]) == (True, None)


def test_news_without_the_structure_of_a_report_is_not_one():
    r = text_record("我县召开政务公开工作推进会\n会议强调，要做好政府信息公开工作，及时回应群众关切。")
    assert r["is_report"] is False
    assert r["not_report_reason"] == "看不出是年度报告（既无报告标题，也无报告类措辞，也没有年度报告格式的各部分标题或表格）"


def test_a_newspapers_story_about_the_reports_is_not_one():
    r = parse_source(RawSource(file="t/news.html", data=(
        "<html><body><h1>云岭省发布2016年政府信息公开工作年度报告</h1><p>来源：云岭日报</p>"
        "<p>记者从省政务公开办获悉，2016年全省共收到政府信息公开申请5319件。</p></body></html>").encode("utf-8")))[0]
    assert (r["is_report"], r["not_report_reason"]) == (False, "新闻报道（来源：云岭日报），不是年度报告")
    assert r["headline"]["requests_received"] is None


def test_a_time_line_in_the_page_head_is_its_publication_date():
    r = text_record("时间:2016-03-05 00:00 大 中 小\n华容县林业局2015年政府信息公开工作年度报告\n一、概述\n2015年我局主动公开信息40条。\n")
    assert r["published"] == date(2016, 3, 5)
