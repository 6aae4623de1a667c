"""Metadata and era on the shapes real reports take (issue 8): the title's grammar, the body's name,
the year, the printed publication date and the format era. Every body name and figure below is
invented; each test reproduces one shape seen in real reports (docs/real-world-shapes/metadata.md)."""
from datetime import date

import pytest

from generator import ingest
from generator.clean import clean_text
from generator.parse import detect_template, parse_source
from generator.parse.metadata import find_dates, find_organisation, find_title, find_year

BODY = "根据《中华人民共和国政府信息公开条例》规定，编制本报告。"


def record(tmp_path, text: str, name: str = "r.txt") -> dict:
    folder = tmp_path / "c"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    (r,) = parse_source(ingest.load(folder / name, tmp_path))
    return r


def org(title, meta, text):
    notes: list = []
    name, region, source = find_organisation(title, meta, text, notes)
    return name, region, source, [n["reason"] for n in notes]


# --- Title assembly -------------------------------------------------------------------------------

def test_title_wrapped_over_two_lines_is_joined():
    lines = ["青禾市自然资源局2023年政府信息公开", "工作年度报告", "一、总体情况"]
    assert find_title(lines, {}) == "青禾市自然资源局2023年政府信息公开工作年度报告"


def test_title_wrapped_over_three_lines_is_joined():
    lines = ["青禾市", "自然资源和规划局2023年政府信息公开", "工作年度报告", BODY]
    assert find_title(lines, {}) == "青禾市自然资源和规划局2023年政府信息公开工作年度报告"
    lines = ["青禾市人民政府办公室", "2023年政府信息公开", "工作年度报告", BODY]
    assert find_title(lines, {}) == "青禾市人民政府办公室2023年政府信息公开工作年度报告"


def test_a_generic_title_line_under_the_real_one_is_not_the_title():
    lines = ["2025年青禾镇政府信息公开工作年度报告", "政府信息公开工作年度报告", BODY]
    assert find_title(lines, {}) == "2025年青禾镇政府信息公开工作年度报告"


def test_a_title_line_is_not_glued_to_a_short_line_above_it():
    lines = ["政务公开", "青禾县水利局2023年政府信息公开工作年度报告", BODY]
    assert find_title(lines, {}) == "青禾县水利局2023年政府信息公开工作年度报告"


def test_leading_zhengwen_and_markdown_hashes_are_not_part_of_the_title():
    assert find_title(["# 青禾县人民政府2022年政府信息公开工作年度报告", BODY], {}) == "青禾县人民政府2022年政府信息公开工作年度报告"
    assert find_title(["## 青禾县人民政府2022年政府信息公开工作年度报告", BODY], {}) == "青禾县人民政府2022年政府信息公开工作年度报告"
    assert find_title(["正文：青禾县人民政府2022年政府信息公开工作年度报告", BODY], {}) == "青禾县人民政府2022年政府信息公开工作年度报告"


def test_a_breadcrumb_is_never_the_title():
    crumb = "首页 > 政务公开 > 政府信息公开年报 > 2023年度报告"
    assert find_title([crumb, "青禾县水利局2023年政府信息公开工作年度报告", BODY], {}) == "青禾县水利局2023年政府信息公开工作年度报告"
    assert find_title([crumb, "一、总体情况", BODY], {}) is None


def test_a_title_printed_twice_is_kept_once():
    t = "青禾县水利局2023年政府信息公开工作年度报告"
    assert find_title([t + t, BODY], {}) == t
    assert find_title([t + " " + t, BODY], {}) == t


def test_plain_pinyin_inside_the_title_is_dropped():
    assert find_title(["青(qing)禾(he)县教育局2023年政府信息公开工作年度报告", BODY], {}) == "青禾县教育局2023年政府信息公开工作年度报告"


def test_spam_inside_the_title_makes_the_name_unreliable():
    doc = clean_text("青禾bet365娱乐城局2023年政府信息公开工作年度报告\n" + BODY + "\n一、总体情况\n我局认真做好公开工作。")
    title = find_title(doc.lines, doc.meta)
    assert title == "青禾〔垃圾词〕局2023年政府信息公开工作年度报告"
    name, region, source, reasons = org(title, doc.meta, doc.text)
    assert (name, region, source) == (None, [], None)
    assert reasons == ["标题中的机关名称含有被替换进来的垃圾词（〔垃圾词〕），名称不可靠；报告只以“我局”自称，未写明发布机关；"
                       "记为空值（维护者可在 site_data/corrections/ 中补正）"]


def test_no_title_at_all_body_and_year_from_the_prose(tmp_path):
    text = ("一、总体情况\n2023年，青禾县交通运输局认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开。\n"
            "二、主动公开政府信息情况\n全年主动公开政府信息120条。\n")
    r = record(tmp_path, text)
    assert (r["title"], r["organisation"]["name"], r["organisation"]["region"], r["organisation"]["name_source"], r["year"]) == (
        None, "青禾县交通运输局", [], "text", 2023)


# --- The body's name ------------------------------------------------------------------------------

def test_name_from_the_reports_self_reference_xianjiang():
    text = "根据《条例》规定，现将青禾县农业农村局2023年政府信息公开工作年度报告公布如下。\n一、总体情况"
    name, region, source, reasons = org(None, {}, text)
    assert (name, region, source) == ("青禾县农业农村局", [], "text")
    assert reasons == ["标题没有写明发布机关；名称取自正文：“根据《条例》规定，现将青禾县农业农村局2023年政府信息公开工作年度报告公布如下”"]


def test_name_from_the_prose_with_the_year_first():
    text = "现向社会公布2018年度青禾县发展和改革局信息公开年度报告。\n一、概述"
    assert org(None, {}, text)[:3] == ("青禾县发展和改革局", [], "text")


def test_name_from_ben_baogao_you_bianzhi():
    text = "本年度报告根据《条例》要求，由青禾市白沙街道办事处编制。\n一、总体情况"
    assert org(None, {}, text)[:3] == ("白沙街道办事处", ["青禾市"], "text")


def test_abbreviation_kept_as_printed_unless_the_text_expands_it():
    title = "县发改局2023年政府信息公开工作年度报告"
    assert org(title, {}, "我局认真做好政务公开工作。")[:3] == ("县发改局", [], "title")
    expanded = "2023年，青禾县发展和改革局（以下简称“县发改局”）认真贯彻落实《条例》。"
    assert org(title, {}, expanded)[:3] == ("青禾县发展和改革局", [], "title")


def test_a_self_name_in_the_title_is_no_name():
    name, region, source, reasons = org("我局2023年政府信息公开工作年度报告", {}, "我局认真做好政务公开工作。")
    assert (name, source) == (None, None)
    assert reasons == ["报告只以“我局”自称，未写明发布机关；记为空值（维护者可在 site_data/corrections/ 中补正）"]


def test_self_names_wo_ban_wo_wei_give_null_with_the_reason():
    for self_name in ("我办", "我委", "我部", "我镇", "我街"):
        name, _, source, reasons = org(None, {}, f"2023年，{self_name}坚持公开为常态。")
        assert (name, source) == (None, None)
        assert reasons[0].startswith(f"报告只以“{self_name}”自称")


def test_the_fabuji_gou_field_names_the_body():
    name, region, source, reasons = org(None, {"发布机构": "青禾县白沙镇人民政府"}, "2023年，我镇坚持公开为常态。")
    assert (name, region, source) == ("白沙镇人民政府", ["青禾县"], "metadata")
    assert reasons == ["标题没有写明发布机关；名称取自网页的“发布机构”栏"]


def test_a_laiyuan_line_naming_the_portal_is_not_the_issuer():
    text = "2023年，我镇在青禾市人民政府门户网站公开信息80条，并在青禾市人民政府网转载。"
    for meta in ({"来源": "青禾市人民政府门户网站"}, {"来源": "青禾市人民政府"}):
        name, _, source, reasons = org(None, meta, text)
        assert (name, source) == (None, None)
        assert reasons[0].startswith("报告只以“我镇”自称")


# --- Year -----------------------------------------------------------------------------------------

def test_year_from_the_reports_self_reference_when_there_is_no_title():
    notes: list = []
    assert find_year(None, "根据《条例》要求，现将2023年政府信息公开工作年度报告公布如下：", notes) == 2023
    assert notes == [{"field": "year", "reason": "没有标题：年份取自正文中报告的自称“现将2023年政府信息公开工作年度报告”"}]


def test_a_report_cited_in_book_marks_is_not_the_years_source():
    notes: list = []
    text = "我镇编制了《青禾县白沙镇2020年政府信息公开工作年度报告》并按时公布。"
    assert find_year(None, text, notes) is None


def test_blanked_year_in_the_prose_is_null():
    notes: list = []
    assert find_year(None, "现将20**年政府信息公开工作年度报告公布如下：", notes) is None
    assert notes == [{"field": "year", "reason": "正文中的年份被隐去（20**年）"}]


# --- Publication date -----------------------------------------------------------------------------

def test_publication_date_with_plain_pinyin_inside_the_label():
    doc = clean_text("青禾县教育局2023年政府信息公开工作年度报告\n文(wen)章(zhang)来源：青禾县教育局 发(fa)布时(shi)间(jian)：2024-01-18\n" + BODY)
    notes: list = []
    dates = find_dates(doc.meta, doc.lines, notes)
    assert (dates["web"], dates["web_field"]) == (date(2024, 1, 18), "发布时间")


def test_publication_date_from_chengwen_riqi():
    dates = find_dates({"成文日期": "2024-01-20"}, [BODY], [])
    assert (dates["web"], dates["web_field"]) == (date(2024, 1, 20), "成文日期")


# --- Era ------------------------------------------------------------------------------------------

SIX = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
       "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def test_one_row_other_processing_is_the_2019_table_whatever_the_year():
    text = "\n".join(SIX[:3] + ["（六）其他处理|0|0|0|0|0|0|0|", "（七）总计|5|0|0|0|0|0|5|"] + SIX[3:])
    notes: list = []
    assert detect_template(text, 2022, notes) == "2019"
    assert notes == [{"field": "template", "reason": "“（六）其他处理”只有一行（没有逾期不补正等三个子项），为 2019 版格式"}]


def test_overdue_fee_row_alone_is_the_2021_table():
    text = "\n".join(SIX[:3] + ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请|0|0|0|0|0|0|0|"] + SIX[3:])
    assert detect_template(text, 2020, []) == "2021"


def test_2019_section_two_columns_decide_2019():
    text = "\n".join(SIX[:2] + ["信息内容|上一年项目数量|本年增/减|处理决定数量|", "行政许可|3|1|40|"] + SIX[2:])
    assert detect_template(text, 2023, []) == "2019"


def test_six_headings_numbered_in_arabic_without_tables_are_not_pre2019():
    text = "\n".join(s.replace(s[0] + "、", f"{i}. ") for i, s in enumerate(SIX, 1))
    notes: list = []
    assert detect_template(text + "\n政府信息公开", 2023, notes) == "2021"
    assert notes[0]["reason"].startswith("采用六部分结构（标题 一、二、三、四、五、六），但缺少可区分")
    notes = []
    assert detect_template(text, None, notes) == "unknown"
    assert notes == [{"field": "template", "reason": "采用六部分结构，但表格和年份都无法区分 2019 版与 2021 版格式"}]


def test_six_headings_with_variant_wording_count():
    text = "\n".join(["一、总体情况", "二、主动公开政府信息的情况", "四、因政府信息公开工作被申请行政复议和提起行政诉讼情况",
                      "五、政府信息公开工作存在的主要问题及改进情况"])
    assert detect_template(text, 2020, []) == "2019"


def test_free_form_report_after_2019_stays_pre2019():
    text = "一、概述\n2022年我局政府信息公开工作平稳。\n二、主动公开政府信息情况\n三、依申请公开政府信息情况\n四、存在问题"
    assert detect_template(text, 2022, []) == "pre2019"


def test_name_in_book_marks_after_xian_gongbu_with_a_bracketed_second_name():
    text = "根据《条例》要求，现公布《青禾市人民政府（市人民政府办公厅）2021年政府信息公开工作年度报告》。"
    assert org(None, {}, text)[:3] == ("青禾市人民政府（市人民政府办公厅）", [], "text")
    notes: list = []
    assert find_year(None, text, notes) == 2021


def test_te_xiang_shehui_gongkai_names_the_township():
    text = "根据《条例》规定，特向社会公开青禾乡2016年度政府信息公开工作年度报告。\n一、概述"
    assert org(None, {}, text)[:3] == ("青禾乡", [], "text")


def test_a_title_name_with_a_bracketed_second_name_is_kept_as_printed():
    title = "市科技局（外国专家局）2019年政府信息公开工作年度报告"
    assert org(title, {}, "2019年，市科技局（外国专家局）认真贯彻落实《条例》。")[:3] == ("市科技局（外国专家局）", [], "title")


def test_head_labels_without_a_colon_give_the_body_and_the_date():
    doc = clean_text("发布机构 青禾市科技局 发文日期 2020-01-22\n一、总体情况\n2019年，我局对照工作要点做好公开工作。")
    name, region, source, reasons = org(find_title(doc.lines, doc.meta), doc.meta, doc.text)
    assert (name, region, source) == ("青禾市科技局", [], "metadata")
    dates = find_dates(doc.meta, doc.lines, [])
    assert (dates["web"], dates["web_field"]) == (date(2020, 1, 22), "发文日期")


def test_traditional_label_with_plain_pinyin_in_a_simplified_page():
    doc = clean_text("青禾县水利局2023年政府信息公开工作年度报告\n發(fa)布時(shi)間(jian)：2024-01-18 來源：青禾县人民政府网\n" + BODY)
    notes: list = []
    dates = find_dates(doc.meta, doc.lines, notes)
    assert (dates["web"], dates["web_field"]) == (date(2024, 1, 18), "发布时间")
    assert notes[0]["reason"].startswith("网页抬头的“发布时间”未被当作元数据行读出")


def test_markdown_conversion_wrapped_title_and_six_headings_without_tables(tmp_path):
    text = ("# 青禾市林业局2023年政府信息公开\n# 工作年度报告\n\n" + BODY + "\n\n"
            + "\n\n".join("## " + h + "\n本部分内容从略。" for h in SIX) + "\n")
    r = record(tmp_path, text, "r.md.txt")
    assert (r["title"], r["organisation"]["name"], r["organisation"]["name_source"], r["year"], r["template"]) == (
        "青禾市林业局2023年政府信息公开工作年度报告", "青禾市林业局", "title", 2023, "2021")
    assert {"field": "template", "reason": "采用六部分结构（标题 一、二、三、四、五、六），但缺少可区分 2019 版与 2021 版格式的表格；"
            "按报告写明的年份 2023 定为 2021 版"} in r["nulls"]


def test_a_level_of_government_in_the_prose_is_not_the_bodys_name():
    for text in ("2022年，在区委区政府的坚强领导下，街道认真贯彻落实《条例》。", "现将全县2019年政府信息公开工作情况报告如下：",
                 "2022年，县政府认真贯彻落实《条例》。", "本报告由办公室负责编制。"):
        name, _, source, _ = org(None, {}, text)
        assert (name, source) == (None, None), text


def test_guanyu_between_the_name_and_the_year_in_the_title():
    assert org("青禾县人民政府关于2019年度政府信息公开工作年度报告", {}, "")[:3] == ("青禾县人民政府", [], "title")


def test_a_self_name_the_text_defines_gives_the_body():
    text = "2020年，青禾市青山区政务公开工作办公室（下称我办）立足新形势，积极开展政务公开工作。"
    name, region, source, reasons = org(None, {}, text)
    assert (name, region, source) == ("青山区政务公开工作办公室", ["青禾市"], "text")


def test_an_abbreviated_title_name_is_expanded_by_the_prose_self_reference():
    title = "区科技局2020年信息公开工作年度报告"
    text = "根据《条例》要求，现公布青山区科技局2020年政府信息公开工作年度报告。"
    assert org(title, {}, text)[:3] == ("青山区科技局", [], "title")


def test_pdf_text_wrapped_title_six_headings_tables_as_images_signed_date(tmp_path):
    text = ("青禾市自然资源局\n2023年政府信息公开\n工作年度报告\n\n"
            "本报告根据《中华人民共和国政府信息公开条例》编制。\n"
            "一、总体情况\n2023年，我局持续推进政务公开。\n- 1 -\n"
            "二、主动公开政府信息情况\n（表格见附件图片）\n"
            "三、收到和处理政府信息公开申请情况\n（表格见附件图片）\n"
            "四、政府信息公开行政复议、行政诉讼情况\n（表格见附件图片）\n- 2 -\n"
            "五、存在的主要问题及改进情况\n一是公开深度不够。\n"
            "六、其他需要报告的事项\n无。\n\n青禾市自然资源局\n2024年1月20日\n")
    r = record(tmp_path, text)
    assert (r["title"], r["organisation"]["name"], r["organisation"]["name_source"], r["year"], r["template"], r["published"]) == (
        "青禾市自然资源局2023年政府信息公开工作年度报告", "青禾市自然资源局", "title", 2023, "2021", date(2024, 1, 20))


def test_the_month_a_title_was_written_is_not_its_year():
    notes: list = []
    assert find_year("青禾县人民政府办公室政府信息公开工作年度报告（2024年1月）", "2023年，我办坚持公开为常态。", notes) == 2023
    assert find_year("青禾县人民政府办公室2023年政府信息公开年度报告（2024年1月）", "", []) == 2023


def test_archive_and_crawl_dates_are_never_the_publication_date():
    dates = find_dates({"归档时间": "2022-01-25"}, ["抓取时间：2025-03-12", BODY], [])
    assert (dates["web"], dates["web_field"]) == (None, None)


def test_a_metadata_line_is_not_joined_to_a_column_label_above_it():
    lines = ["部门信息公开年报 2019", "索引号 3210000000/2020-00001 分类 科技 报告", "一、总体情况", "2019年，市科技局对照要点做好工作。"]
    assert find_title(lines, {}) is None


def test_a_title_swallowed_by_an_empty_metadata_label_is_still_the_title():
    doc = clean_text("索引号: 000000000/2020-00001\n发布机构:\n\n青禾县人民政府关于2019年度政府信息公开工作年度报告\n\n"
                     "发布时间:2020年02月17日\n\n" + BODY + "\n一、总体情况")
    title = find_title(doc.lines, doc.meta)
    assert title == "青禾县人民政府关于2019年度政府信息公开工作年度报告"
    assert org(title, doc.meta, doc.text)[:3] == ("青禾县人民政府", [], "title")


def test_six_headings_with_the_agency_prefix_and_banli():
    text = "\n".join(["一、总体公开情况说明", "二、行政机关主动公开政府信息情况", "三、行政机关收到和办理政府信息公开申请的情况",
                      "六、其他需要报告的事项"])
    notes: list = []
    assert detect_template(text, None, notes) == "unknown"
    assert notes == [{"field": "template", "reason": "采用六部分结构，但表格和年份都无法区分 2019 版与 2021 版格式"}]


@pytest.mark.parametrize("cited, year, era", [
    ("国办公开办函〔2021〕30号", None, "2021"),
    ("国办公开办函[2019]60号", 2021, "2019"),        # what the report says it follows, not its year
    ("国办公开办函（2021）30号", 2019, "2021"),
])
def test_a_report_citing_the_notice_that_issued_its_format_is_in_that_format(cited, year, era):
    # The opening sentence only (a page cut before its tables): the notice it names is the evidence.
    text = f"根据《条例》和关于印发《政府信息公开工作年度报告格式》的通知（{cited}）要求，编制本报告。\n一、总体情况\n"
    notes: list = []
    assert detect_template(text, year, notes) == era
    number = {"2019": "〔2019〕60号", "2021": "〔2021〕30号"}[era]
    assert notes == [{"field": "template", "reason": f"没有可区分格式的表格，但正文写明依照国办公开办函{number}印发的格式编制，为 {era} 版格式"}]


def test_another_notice_number_and_the_tables_words_outrank_a_citation():
    # 国办公开办函〔2021〕5号 issued no format; the 2019 section 二 columns beat a cited 2021 notice.
    assert detect_template("依据国办公开办函〔2021〕5号编制。\n政府信息公开", None, []) == "pre2019"
    assert detect_template("国办公开办函〔2021〕30号\n本年新制作数量 本年新公开数量", 2022, []) == "2019"


@pytest.mark.parametrize("opening, name", [
    ("2022年，云岭县青石街道办事处按照上级部署，持续推进政务公开。", "青石街道办事处"),
    ("2023年,白沙街以新时代中国特色社会主义思想为指导，全面推进政务公开。", "白沙街"),
    ("2021年度，云岭县林业局坚持以公开为常态。", "云岭县林业局"),   # a department keeps its county
])
def test_name_from_the_opening_sentences_subject_after_the_year(opening, name):
    notes: list = []
    got = find_organisation(None, {}, opening + "\n一、总体情况\n", notes)
    assert got[0] == name and got[2] == "text"


@pytest.mark.parametrize("opening", [
    "2022年，全区坚持以公开为常态。",           # a level of government, not a body
    "2022年，我街按照上级部署推进政务公开。",      # a self-name
    "2022年，在区委区政府的领导下，各部门推进政务公开。",
])
def test_no_name_from_an_opening_without_a_proper_name(opening):
    assert find_organisation(None, {}, opening, [])[0] is None


# --- The body's fullest name and its region, from its other mentions ---------------------------
# Divisions are real (the official code table must know them); towns and figures are invented.

def test_a_bare_town_in_the_title_takes_its_fuller_name_and_region_from_the_signature():
    text = "青石镇2022年政府信息公开工作年度报告\n一、总体情况\n全年主动公开信息40条。\n华容县青石镇人民政府\n2023年1月20日"
    name, region, how, reasons = org("青石镇2022年政府信息公开工作年度报告", {}, text)
    assert (name, region, how) == ("青石镇人民政府", ["华容县"], "title")
    assert reasons == ["名称和所属地区按正文中最完整的写法“华容县青石镇人民政府”补全（原为“青石镇”）"]


def test_the_contact_line_gives_the_region_of_a_street_office():
    text = "2022年，青石街道办事处按照上级部署推进政务公开。如有疑问，请联系岳阳市华容县青石街道办事处。"
    assert org(None, {}, text)[:2] == ("青石街道办事处", ["岳阳市", "华容县"])


def test_a_division_cut_out_of_a_longer_word_is_no_region():
    # 宁县 is a county, but here it is the end of 景宁县 (officially 景宁畲族自治县): no region.
    text = "2022年，梅岭乡坚持以公开为常态。\n地址：景宁县梅岭乡人民路1号"
    assert org(None, {}, text)[:2] == ("梅岭乡", [])


def test_a_town_government_is_not_shortened_to_its_informal_name():
    text = "2022年，青石镇坚持以公开为常态。青石镇政府全年公开信息30条。"
    assert org(None, {}, text)[:2] == ("青石镇", [])


def test_an_internal_office_that_compiled_the_report_is_not_the_body():
    text = "本报告由华容县青石镇人民政府党政办公室编制。\n一、概述\n"
    name, region, how, reasons = org(None, {}, text)
    assert (name, region, how) == ("青石镇人民政府", ["华容县"], "text")
    assert "“党政办公室”是机关的内设机构，名称取其所属机关" in reasons


def test_name_after_shi_in_a_sentence_about_the_work():
    text = "一、概述\n推进政府信息公开是青石乡政府贯彻落实《条例》的重要举措。"
    assert org(None, {}, text)[0] == "青石乡政府"


def test_a_laiyuan_line_counts_when_the_text_names_the_same_town_informally():
    meta = {"来源": "青石镇人民政府"}
    text = "根据《条例》规定，青石镇政府认真编制了2016年度政府信息公开年度报告。请与青石镇党政办联系。"
    assert org(None, meta, text)[:3] == ("青石镇人民政府", [], "metadata")


def test_year_from_the_report_compiled_by_the_body():
    notes: list = []
    text = "本报告是根据《条例》要求，由青石镇人民政府编制的2018年度政府信息公开年度报告。"
    assert find_year(None, text, notes) == 2018


def test_a_county_named_by_its_place_in_the_title_is_its_government_where_the_text_says_so():
    text = "华容县2017年政府信息公开工作年度报告\n本报告由华容县人民政府编制。详见华容县人民政府门户网站。"
    assert org("华容县2017年政府信息公开工作年度报告", {}, text)[:3] == ("华容县人民政府", [], "title")
    # Its portal or its office is another thing: the place stays as printed.
    text = "华容县2017年政府信息公开工作年度报告\n请与华容县人民政府办公室联系，或访问华容县人民政府门户网站。"
    assert org("华容县2017年政府信息公开工作年度报告", {}, text)[:2] == ("华容县", [])


def test_a_bare_department_takes_its_place_from_the_contact_line_or_the_laiyuan_field():
    text = "农业农村局2020年政府信息公开工作年度报告\n如有疑问，请与华容县农业农村局联系。"
    assert org("农业农村局2020年政府信息公开工作年度报告", {}, text)[:2] == ("华容县农业农村局", [])
    title = "农业农村局2020年政府信息公开工作年度报告"
    assert org(title, {"来源": "岳阳市华容县农业农村局"}, title + "\n一、总体情况\n")[:2] == ("华容县农业农村局", ["岳阳市"])


def test_a_department_with_its_level_only_takes_a_place_of_that_level():
    title = "省财政厅2019年政府信息公开工作年度报告"
    assert org(title, {}, title + "\n依据《湖南省财政厅信息公开实施办法》编制。")[:2] == ("湖南省财政厅", [])
    # 华容县 is no 省: the department keeps its printed name.
    assert org(title, {}, title + "\n请与华容县财政厅联系。")[:2] == ("省财政厅", [])


def test_name_from_bianxie_with_the_year_after_the_name():
    assert org(None, {}, "根据《条例》规定，编写沙洋县2017年度政府信息公开工作年度报告。")[0] == "沙洋县"


def test_a_spaced_out_title_label_is_not_part_of_the_title():
    lines = ["索引号 x01/2023-00011", "标   题 云岭县青石镇人民政府2022年度政府信息公开工作年度报告", "发布机构 青石镇人民政府"]
    assert find_title(lines, {}) == "云岭县青石镇人民政府2022年度政府信息公开工作年度报告"


@pytest.mark.parametrize("text, year, era, reason", [
    ("本报告依据《条例》和《关于印发中华人民共和国政府信息公开工作年度报告格式的通知》要求编制。\n一、总体情况\n", None, "2021",
     "正文引用印发格式的通知“关于印发中华人民共和国政府信息公开工作年度报告格式的通知”（没有“试行”二字），为 2021 版格式"),
    ("依据《关于印发〈中华人民共和国政府信息公开工作年度报告格式（试行）〉的通知》编制。\n一、总体情况\n", None, "2019",
     "没有可区分格式的表格，但正文写明依照国办公开办函〔2019〕60号印发的格式编制，为 2019 版格式"),
    ("全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、"
     "存在的主要问题及改进情况、其他需要报告的事项六部分。\n一、总体情况\n", 2022, "2021",
     "开头一句列出的各部分是 2019 年以后格式的六部分，但缺少可区分 2019 版与 2021 版格式的表格；按报告写明的年份 2022 定为 2021 版"),
    ("一、总体情况\n二、主动公开政府信息情况\n第二十条第（一）项\n", 2020, "2019",
     "第二部分表格列“第二十条第（一）项”，为 2019 年以后的格式，但缺少可区分 2019 版与 2021 版格式的表格；按报告写明的年份 2020 定为 2019 版"),
])
def test_era_from_the_structure_the_text_states(text, year, era, reason):
    notes: list = []
    assert detect_template(text, year, notes) == era
    assert notes == [{"field": "template", "reason": reason}]


def test_the_metadata_block_as_pipe_table_rows_gives_the_title_and_the_date(tmp_path):
    r = record(tmp_path, "标 题 | 云岭省2014年政府信息公开工作年度报告 | ||\n索引号 | 000014349/2015-00339 | 文 号 | |\n"
                         "发布机构 | 省人民政府办公厅 | 发布日期 | 2015-03-30 17:35:00 |\n"
                         "本报告根据《条例》编制。\n一、概述\n2014年全省主动公开政府信息5万条。\n")
    assert (r["title"], r["year"], r["published"]) == ("云岭省2014年政府信息公开工作年度报告", 2014, date(2015, 3, 30))


def test_a_title_line_ending_in_empty_table_cells(tmp_path):
    r = record(tmp_path, "发布单位: | 青石镇 |\n2009年度青石镇政府信息公开年度报告 | ||\n根据《条例》规定，现将2009年我镇政府信息公开年度报告如下：\n"
                         "一、政府信息主动公开情况\n2009年度我镇主动公开信息120条。\n")
    assert r["title"] == "2009年度青石镇政府信息公开年度报告"
