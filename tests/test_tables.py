"""Every table shape of REPORTS.md, on realistic inputs, read by label with exact cells."""
from generator.parse.statistics import parse_proactive, parse_requests, parse_review
from generator.parse.tables import splits, row_sum_rule, group_sum_rule

HEAD3 = "三、收到和处理政府信息公开申请情况\n"
HEAD4 = "四、政府信息公开行政复议、行政诉讼情况\n"
ROWS_2021 = [
    ("一、本年新收政府信息公开申请数量", "new_received"), ("二、上年结转政府信息公开申请数量", "carried_over"),
    ("（一）予以公开", "granted"), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partially_granted"),
    ("1.属于国家秘密", "denied_state_secret"), ("2.其他法律行政法规禁止公开", "denied_prohibited_by_law"),
    ("3.危及“三安全一稳定”", "denied_security_stability"), ("4.保护第三方合法权益", "denied_third_party_rights"),
    ("5.属于三类内部事务信息", "denied_internal_affairs"), ("6.属于四类过程性信息", "denied_process_information"),
    ("7.属于行政执法案卷", "denied_enforcement_files"), ("8.属于行政查询事项", "denied_administrative_query"),
    ("1.本机关不掌握相关政府信息", "unavailable_not_held"), ("2.没有现成信息需要另行制作", "unavailable_needs_creation"),
    ("3.补正后申请内容仍不明确", "unavailable_unclear"), ("1.信访举报投诉类申请", "not_processed_complaint"),
    ("2.重复申请", "not_processed_repeated"), ("3.要求提供公开出版物", "not_processed_publication"),
    ("4.无正当理由大量反复申请", "not_processed_excessive"), ("5.要求行政机关确认或重新出具已获取信息", "not_processed_confirmation"),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_overdue_correction"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "other_overdue_fee"),
    ("3.其他", "other_other"), ("（七）总计", "total"), ("四、结转下年度继续办理", "carried_forward"),
]
VALUES = {"new_received": [10, 1, 0, 0, 0, 0, 11], "granted": [6, 1, 0, 0, 0, 0, 7], "unavailable_not_held": [4, 0, 0, 0, 0, 0, 4],
          "total": [10, 1, 0, 0, 0, 0, 11]}


def values(key):
    return VALUES.get(key, [0] * 7)


def parse(text, era="2021"):
    notes, inferred = [], []
    table = parse_requests(text, era, notes, inferred)
    return table, notes, inferred


def test_one_cell_per_line():
    lines = [HEAD3, "申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    for label, key in ROWS_2021:
        lines.append(label)
        lines += [str(v) for v in values(key)]
    table, notes, inferred = parse("\n".join(lines) + "\n" + HEAD4)
    assert {k: list(v.values()) for k, v in table.items()} == {key: values(key) for _, key in ROWS_2021}
    assert inferred == []


def test_pipe_joined_with_merged_cell_runs():
    text = HEAD3 + "|申请人情况|||||||\n"
    for label, key in ROWS_2021:
        text += "|" + label + "|" + "|".join(map(str, values(key))) + "|||\n"
    table, _, _ = parse(text + HEAD4)
    assert list(table["granted"].values()) == [6, 1, 0, 0, 0, 0, 7]
    assert list(table["carried_forward"].values()) == [0] * 7


def test_blank_slash_and_dash_are_null_not_zero():
    text = HEAD3
    for label, key in ROWS_2021:
        cells = ["/", "-", "", "", "", "", ""] if key == "granted" else map(str, values(key))
        text += "|" + label + "|" + "|".join(cells) + "|\n"
    table, notes, _ = parse(text + HEAD4)
    assert list(table["granted"].values()) == [None] * 7
    assert any(n["field"] == "statistics.requests.granted" and "记为空值，不作 0" in n["reason"] for n in notes)


def test_pdf_text_with_footer_labels_broken_per_character_and_numbers_on_the_next_line():
    text = (HEAD3 + "一、本年新收政府信息公开申请数量 10 1 0 0 0 0 11\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
            "三、\n本\n年\n度\n办\n理\n结\n果\n（一）予以公开 6 1 0 0 0 0 7\n"
            "（二）部分公开（区分处理的，只计这一情\n形，不计其他情形） 0 0 0 0 0 0 0\n- 5 -\n")
    for label, key in ROWS_2021[4:]:
        if key == "other_overdue_correction":
            text += "（六）其\n他处理\n1、申请人无正当理由逾期不补\n正、行政机关不再处理其政府信\n息公开申请\n0 0 0 0 0 0 0\n"
            continue
        text += label + " " + " ".join(map(str, values(key))) + "\n"
    table, notes, _ = parse(text + HEAD4)
    assert {k: list(v.values()) for k, v in table.items()} == {key: values(key) for _, key in ROWS_2021}


def test_glued_cells_split_by_row_sum_then_by_column_identities():
    # "101000011" fits the row two ways (10 1 0 0 0 0 11 and 1 0 10 0 0 0 11);
    # only the first keeps 本年新收 + 上年结转 = 总计 + 结转 in every column.
    text = HEAD3
    for label, key in ROWS_2021:
        cell = "".join(map(str, values(key))) if key == "new_received" else " ".join(map(str, values(key)))
        text += label + cell + "\n"
    table, notes, inferred = parse(text + HEAD4)
    assert list(table["new_received"].values()) == [10, 1, 0, 0, 0, 0, 11]
    assert "statistics.requests.new_received.total" in inferred
    assert any("本表逐列恒等关系" in n["reason"] for n in notes)
    assert len(splits(["101000011"], 7, row_sum_rule(7))) == 2


def test_glued_cells_without_a_unique_split_stay_null():
    text = HEAD3 + "".join(label + ("101000011" if key == "new_received" else " ".join(map(str, values(key)))) + "\n"
                           for label, key in ROWS_2021 if key not in ("total", "carried_forward"))
    table, notes, _ = parse(text + HEAD4)
    assert list(table["new_received"].values()) == [None] * 7
    assert any("有 2 种拆法" in n["reason"] for n in notes)


def test_section_four_glued_fifteen_numbers():
    text = HEAD4 + "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计21317000001324019五、存在的主要问题"
    notes, inferred = [], []
    review = parse_review(text, notes, inferred)
    assert review == {"review": {"upheld": 2, "corrected": 1, "other": 3, "pending": 1, "total": 7},
                      "litigation_direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0},
                      "litigation_after_review": {"upheld": 13, "corrected": 2, "other": 4, "pending": 0, "total": 19}}
    assert len(inferred) == 15
    assert len(splits(["21317000001324019"], 15, group_sum_rule(5))) == 1


def test_2019_era_section_two_with_negative_change():
    text = ("二、主动公开政府信息情况\n信息内容|本年新制作数量|本年新公开数量|对外公开总数量|\n|规章|0|0|0|\n|规范性文件|3|3|41|\n"
            "|行政许可|120|-5|3300|\n|其他对外管理服务事项|10|0|88|\n|行政处罚|34|2|500|\n|行政强制|2|0|7|\n"
            "|行政事业性收费|6|-1|\n|政府集中采购|12|356.5|\n三、收到和处理政府信息公开申请情况\n")
    notes, inferred = [], []
    pro = parse_proactive(text, "2019", notes, inferred)
    assert pro["licensing"] == {"previous": 120, "change": -5, "decisions": 3300}
    assert pro["fees"] == {"previous": 6, "change": -1}
    assert pro["procurement"] == {"projects": 12, "amount": 356.5}
    assert pro["normative_documents"] == {"made": 3, "published": 3, "total_published": 41}


def test_2019_era_other_is_one_row():
    rows = [(l, k) for l, k in ROWS_2021 if not k.startswith("other_")]
    rows.insert(-2, ("（六）其他处理", "other"))
    text = HEAD3 + "".join(f"{label} {' '.join(map(str, values(key)))}\n" for label, key in rows)
    table, _, _ = parse(text + HEAD4, era="2019")
    assert "other" in table and "other_other" not in table
    assert list(table["other"].values()) == [0] * 7
    assert list(table["total"].values()) == [10, 1, 0, 0, 0, 0, 11]


def test_labels_in_traditional_script_after_normalisation_and_spaces_inside_labels():
    import unicodedata

    import opencc
    from generator.clean import clean_text
    lines = [HEAD3]
    for label, key in ROWS_2021:
        lines.append("|" + label.replace("申请", "申 请") + "|" + "|".join(map(str, values(key))) + "|")
    traditional = opencc.OpenCC("s2t").convert("\n".join(lines) + "\n" + HEAD4)
    assert "申 請" in traditional and "結轉" in traditional
    doc = clean_text(traditional)
    table, _, _ = parse(unicodedata.normalize("NFKC", doc.text))
    assert list(table["new_received"].values()) == [10, 1, 0, 0, 0, 0, 11]
    assert list(table["total"].values()) == [10, 1, 0, 0, 0, 0, 11]


def rest_of_table(after: str) -> str:
    keys = [k for _, k in ROWS_2021]
    return "".join(f"{label} {' '.join(map(str, values(key)))}\n" for label, key in ROWS_2021[keys.index(after) + 1:])


def test_rows_without_leading_pipe_and_merged_cells_after_the_label():
    text = HEAD3 + "一、本年新收政府信息公开申请数量|||10|1|0|0|0|0|11\n二、上年结转政府信息公开申请数量|||0|0|0|0|0|0|0\n" \
        "三、本年度办理结果|（一）予以公开||6|1|0|0|0|0|7\n（二）部分公开（区分处理的，只计这一情形，不计其他情形）||0|0|0|0|0|0|0\n"
    table, _, _ = parse(text + rest_of_table("partially_granted") + HEAD4)
    assert list(table["new_received"].values()) == [10, 1, 0, 0, 0, 0, 11]
    assert list(table["granted"].values()) == [6, 1, 0, 0, 0, 0, 7]
    assert list(table["partially_granted"].values()) == [0] * 7


def test_one_cell_per_line_dump_with_closing_pipes_and_blank_layout_lines():
    text = HEAD3 + "一、本年新收政府信息公开申请数量 |\n\n||\n\n" + "".join(f"{v} |\n\n" for v in [10, 1, 0, 0, 0, 0, 11]) + \
        "（一）予以公开 |\n|\n|\n|\n|\n|\n|\n|\n|\n"
    table, _, _ = parse(text + rest_of_table("granted") + HEAD4)
    assert list(table["new_received"].values()) == [10, 1, 0, 0, 0, 0, 11]
    assert list(table["granted"].values()) == [None] * 7


def test_legacy_table_shapes():
    from generator.parse.legacy import parse_legacy
    pipe = ["政府信息公开情况统计表", "指标名称|计量单位|2013年度", "主动公开信息数|条|80", "其中：1、网站公开|条|36",
            "3.政策解读稿件发布数|篇|5", "行政复议数|件|"]
    cells = ["政府信息公开情况统计表", "统计指标 |", "单位 |", "统计数 |", "一、主动公开情况 |", "|", "|",
             "（一）主动公开政府信息数 |", "条 |", "193 |", "3.政策解读稿件发布数 |", "篇 |", "5 |"]
    for lines, expected in [
        (pipe, [("主动公开信息数", "条", 80), ("其中：1、网站公开", "条", 36), ("3.政策解读稿件发布数", "篇", 5), ("行政复议数", "件", None)]),
        (cells, [("一、主动公开情况", None, None), ("（一）主动公开政府信息数", "条", 193), ("3.政策解读稿件发布数", "篇", 5)]),
    ]:
        rows = parse_legacy(lines, [], [])
        assert [(r["label"], r["unit"], r["value"]) for r in rows] == expected


def test_label_and_heading_variants_of_other_bodies():
    text = "三、收到和处理政府信息公开申请的情况\n"
    for label, key in ROWS_2021:
        label = label.replace("本年新收", "本年度新收").replace("其他法律行政法规", "其他法律、行政法规").replace("结转下年度", "结转下一年度")
        text += f"{label} {' '.join(map(str, values(key)))}\n"
    table, notes, _ = parse(text + "四、政府信息公开行政复议和行政诉讼情况\n")
    assert {k: list(v.values()) for k, v in table.items()} == {key: values(key) for _, key in ROWS_2021}
    assert [n for n in notes if "未找到" in n["reason"]] == []


def test_cells_that_repeat_the_unit():
    text = HEAD3 + "".join(f"|{label}|" + "|".join(f"{v}件" for v in values(key)) + "|\n" for label, key in ROWS_2021)
    table, _, _ = parse(text + HEAD4)
    assert list(table["new_received"].values()) == [10, 1, 0, 0, 0, 0, 11]


def test_2021_section_two_with_the_short_row_name():
    text = ("二、主动公开政府信息情况\n|第二十条第（一）项|\n|信息内容|本年制发件数|本年废止件数|现行有效件数|\n|规章|0|0|2|\n"
            "|规范性文件|5|1|30|\n|行政许可|120|\n|行政处罚|8|\n|行政强制|0|\n|行政事业性收费|12.5|\n三、收到和处理政府信息公开申请情况\n")
    pro = parse_proactive(text, "2021", [], [])
    assert pro["normative_documents"] == {"issued": 5, "repealed": 1, "in_force": 30}
    assert pro["fees"] == {"amount_10k_yuan": 12.5}
