"""Cleaning traps of REPORTS.md on realistic lines: each removal is recorded, nothing is guessed."""
from generator.clean import SPAM_MARK, clean_html, clean_text, split_articles, to_simplified
from generator.parse.metadata import find_dates, parse_date, split_organisation
from datetime import date


def steps(doc):
    return [c["step"] for c in doc.cleaning]


def test_pinyin_after_characters_removed_but_numbering_years_and_notes_kept():
    doc = clean_text("章古臺(tái)鎮（zhèn）2018年度政府信息公開工作報(bào)告\n（一）加強領導（2019）年度(盖章)\n(一)主動公開(2)")
    assert doc.lines[0] == "章古台镇2018年度政府信息公开工作报告"
    assert doc.lines[1] == "（一）加强领导（2019）年度(盖章)"
    assert doc.lines[2] == "(一)主动公开(2)"
    assert any("删除汉字后带声调的拼音注音 3 处" in c["detail"] for c in doc.cleaning)


def test_hong_kong_and_traditional_forms_normalise_to_simplified():
    assert to_simplified("著力推進衞生工作") == "着力推进卫生工作"
    doc = clean_text("本機關著力推進衞生領域政府信息公開，依申請公開辦理結果如下。" * 3)
    assert doc.script == "zh-Hant" and doc.lines[0].startswith("本机关着力推进卫生领域政府信息公开")


def test_simplified_text_is_not_run_through_conversion():
    doc = clean_text("我局显著提升了政府信息公开质量，著名的做法得到推广。")
    assert doc.script == "zh-Hans"
    assert doc.lines == ["我局显著提升了政府信息公开质量，著名的做法得到推广。"]   # tw2s would write 显着


def test_spam_first_line_with_pipes_removed_and_brand_tokens_marked():
    doc = clean_text("jizzjizz国产,jizzjizz国产精品|jizzjizz国产精品传媒_jizzjizz国产免费\n"
                     "我镇推进基层188bet老虎机 标准化规范化。\n版权所有:188bet注册")
    assert doc.lines == [f"我镇推进基层{SPAM_MARK} 标准化规范化。"]
    assert steps(doc) == ["spam-line", "spam-token", "spam-line"]
    assert "188bet老虎机" in doc.cleaning[1]["detail"] and "不推测原文被替换的内容" in doc.cleaning[1]["detail"]


def test_metadata_block_bulleted_and_glued_moves_to_meta():
    doc = clean_text("• 索引号:006382986K/2018-1309079\n  • 发布机构:禹山镇\n  • 生成日期:2018-03-15\n"
                     "来源:黄阁镇发布日期:2022-01-19\n索引号:\nzbxzf00000/2025-000058发布日期:\n2025年01月27日 11:11来源:\n正文第一段。")
    assert doc.meta["索引号"] == "006382986K/2018-1309079"
    assert doc.meta["发布机构"] == "禹山镇" and doc.meta["生成日期"] == "2018-03-15"
    assert doc.meta["来源"] == "黄阁镇" and doc.meta["发布日期"] == "2022-01-19"
    assert doc.lines == ["正文第一段。"]


def test_site_chrome_lines_removed_and_recorded():
    doc = clean_text("您现在的位置:首页 > 政府信息公开年报\n【浏览字号 :大 中 小】\n浏览量:1 | | | |\n"
                     "一、总体情况\n正文。\n打印\n分享\n返回列表\n扫一扫在手机打开当前页\nICP备案号:粤ICP备19092744号-3")
    assert doc.lines == ["一、总体情况", "正文。"]
    assert steps(doc).count("chrome") == 8


def test_mojibake_is_flagged_not_repaired():
    doc = clean_text("扎實推進政府信息公開工作?,F將**年工作情況報告")
    assert any(c["step"] == "mojibake" for c in doc.cleaning)
    assert "?,F" in doc.text


def test_html_page_keeps_report_and_table_rows_drops_navigation_and_scripts():
    html = ("<html><head><title>甲县2020年政府信息公开工作年度报告_年报_甲县政府</title><script>var a=1</script></head><body>"
            "<div>首页</div><div>政务公开</div><h1>甲县2020年政府信息公开工作年度报告</h1><div>微信 微博</div>"
            "<p>一、总体情况</p><p>正文<span>1</span><span>2</span>条。</p>"
            "<table><tr><td>（一）予以公开</td><td><p>1</p></td><td>&nbsp;</td></tr></table>"
            "<div>上一篇：无</div><div>版权所有 甲县</div></body></html>")
    doc = clean_html(html)
    assert doc.lines == ["甲县2020年政府信息公开工作年度报告", "一、总体情况", "正文12条。", "|（一）予以公开|1||"]
    assert doc.meta["页面标题"].startswith("甲县2020年")


def test_articles_split_on_pian_markers():
    doc = clean_text("甲镇2019年政府信息公开工作年度报告\n正文。\n篇2:乙镇2019年工作总结\n正文二。\n篇3：丙\n正文三。")
    parts = split_articles(doc)
    assert [p.lines[0] for p in parts] == ["甲镇2019年政府信息公开工作年度报告", "乙镇2019年工作总结", "丙"]


def test_dates_web_signed_chinese_numerals_and_garbled():
    assert parse_date("二○一二年二月二十日") == date(2012, 2, 20)
    assert parse_date("二〇一四年一月十日") == date(2014, 1, 10)
    assert parse_date("2018年1231日") is None
    notes = []
    d = find_dates({"发布日期": "2019-03-14 浏览量:191"}, ["正文", "某镇人民政府", "二○一九年三月一日", "填报日期:2018213"], notes)
    assert (d["web"], d["signed"], d["garbled"]) == (date(2019, 3, 14), date(2019, 3, 1), ["填报日期:2018213"])
    assert notes == [{"field": "dates", "reason": "原文日期错乱：“填报日期:2018213”（仅标记，不作推测）"}]


def test_organisation_name_and_enclosing_region():
    assert split_organisation("华容县禹山镇人民政府") == ("禹山镇人民政府", ["华容县"])
    assert split_organisation("广州市南沙区黄阁镇人民政府") == ("黄阁镇人民政府", ["广州市", "南沙区"])
    assert split_organisation("淮安市人民政府") == ("淮安市人民政府", [])
    assert split_organisation("平潭综合实验区") == ("平潭综合实验区", [])


def test_organisation_from_title_forms():
    from generator.parse.metadata import organisation_from_title as name
    assert name("华容县禹山镇人民政府2017年政府信息公开工作年度报告") == "华容县禹山镇人民政府"
    assert name("某县人民政府信息公开工作年度报告（2023年）") == "某县人民政府"
    assert name("北京市海淀区教育委员会2022年政务公开工作年度报告") == "北京市海淀区教育委员会"
    assert name("关于2023年政府信息公开工作年度报告") is None           # the title names no body
    assert name("乡镇电子政务和政府信息公开工作总结") is None              # not a body's name
    assert name("20**年计划生育委信息公开工作总结") is None


def test_one_line_crawler_dump_loses_page_chrome_and_regains_headings():
    line = ("当前位置： 首页政务公开 某区2013年政府信息公开工作年度报告 来源：某区办公室 时间：2014-01-10 微信 微博 "
            "本报告根据《中华人民共和国政府信息公开条例》编制。" + "正文内容。" * 60 +
            " 二、主动公开政府信息情况 （一）主动公开政府信息的数量 2013年主动公开政府信息4970条。 附件下载")
    doc = clean_text(line)
    assert doc.lines == ["本报告根据《中华人民共和国政府信息公开条例》编制。" + "正文内容。" * 60, "二、主动公开政府信息情况",
                         "（一）主动公开政府信息的数量 2013年主动公开政府信息4970条。"]
    assert [c["step"] for c in doc.cleaning] == ["chrome", "chrome"]


def test_title_with_the_year_first_and_a_trailing_note():
    from generator.parse.metadata import find_title, organisation_from_title as name
    assert name("2023年度淮安市交通运输局政府信息公开工作年度报告") == "淮安市交通运输局"
    assert find_title(["某某局2023年政府信息公开工作年度报告（全文）", "一、总体情况"], {}) == "某某局2023年政府信息公开工作年度报告（全文）"


def test_page_title_without_the_site_name():
    from generator.parse.metadata import find_title
    for page_title in ["某县2023年政府信息公开工作年度报告-某县人民政府网", "某县2023年政府信息公开工作年度报告_年报_某县",
                       "某县2023年政府信息公开工作年度报告 | 某县政府"]:
        assert find_title([], {"页面标题": page_title}) == "某县2023年政府信息公开工作年度报告"


def test_publication_date_in_the_page_url():
    from generator.parse.metadata import url_date
    assert url_date("https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm") == date(2025, 3, 10)
    assert url_date("http://www.example.gov.cn/art/2024/1/15/art_1229_1.html") == date(2024, 1, 15)
    assert url_date("http://www.example.gov.cn/xxgk/index.html") is None


def test_links_rewritten_by_a_hijacked_site_are_marked_and_official_ones_kept():
    doc = clean_text("电子版见 http://www.188bet-cn.com/www.pingtan.gov.cn/art/1.html ，也可访问 http://www.pingtan.gov.cn 或 "
                     "http://abc.xyz.top/?u=www.huaian.gov.cn 查阅。")
    assert doc.lines == ["电子版见 〔疑似被改写的链接〕 ，也可访问 http://www.pingtan.gov.cn 或 〔疑似被改写的链接〕 查阅。"]
    assert [c["step"] for c in doc.cleaning] == ["spam-url"]
    assert "http://abc.xyz.top/?u=www.huaian.gov.cn" in doc.cleaning[0]["detail"]


def test_date_line_above_the_report_is_metadata_but_the_signing_date_below_stays():
    doc = clean_text("2024-01-20 10:30\n一、总体情况\n正文。\n某县教育局\n2024年1月18日")
    assert doc.meta["日期"] == "2024-01-20 10:30"
    assert doc.lines == ["一、总体情况", "正文。", "某县教育局", "2024年1月18日"]
    notes = []
    assert find_dates(doc.meta, doc.lines, notes)["signed"] == date(2024, 1, 18)


# --- Scraping shapes from the metamorphic suite (tests/metamorphic.py) ---------------------------

def test_fullwidth_digits_and_letters_fold_but_fullwidth_punctuation_stays():
    doc = clean_text("云岭县２０２３年政府信息公开工作年度报告\n全年主动公开政府信息１２８条，ＩＣＰ。")
    assert doc.lines == ["云岭县2023年政府信息公开工作年度报告", "全年主动公开政府信息128条，ICP。"]
    assert any(c["step"] == "fullwidth" and c["detail"].startswith("将 10 个全角数字或字母改为半角") for c in doc.cleaning)


def test_markdown_heading_marks_and_table_rules_go():
    doc = clean_text("# 云岭县2023年政府信息公开工作年度报告\n## 一、总体情况\n| 信息内容 | 本年制发件数 |\n|---|:---:|\n| 规章 | 0 |")
    assert doc.lines == ["云岭县2023年政府信息公开工作年度报告", "一、总体情况", "| 信息内容 | 本年制发件数 |", "| 规章 | 0 |"]
    assert [c["detail"] for c in doc.cleaning if c["step"] == "markdown"] == ["删除 2 处 markdown 标题符号“#”", "删除 1 行 markdown 表格分隔线（|---|:---:|）"]


def test_metadata_block_as_a_table_row_is_metadata():
    doc = clean_text("|索引号：|11530000/2024-00012|发布日期：|2024-01-18|\n云岭县2023年政府信息公开工作年度报告")
    assert doc.meta == {"索引号": "11530000/2024-00012", "发布日期": "2024-01-18"}
    assert doc.lines == ["云岭县2023年政府信息公开工作年度报告"]


def test_toneless_pinyin_inside_metadata_labels_goes_but_not_elsewhere():
    doc = clean_text("發(fa)布時(shi)間(jian)：2023-01-28 來(lai)源(yuan)：雲嶺縣衛生健康局\n附件(a)：說明(b)。本機關著力推進政府信息公開工作，依申請公開辦理結果如下。")
    assert doc.meta["发布时间"] == "2023-01-28" and doc.meta["来源"] == "云岭县卫生健康局"
    assert doc.lines == ["附件(a)：说明(b)。本机关着力推进政府信息公开工作，依申请公开办理结果如下。"]


def test_metadata_key_spaced_out_by_pdf_text_is_joined():
    doc = clean_text("发 布 日 期 ：2024-01-18\n本报告根据《中华人民共和国政府信息公开条例》编制。")
    assert doc.meta["发布日期"] == "2024-01-18"


def test_pdf_page_footers_are_chrome():
    doc = clean_text("本年新收政府信息公开\n第 3 页 共 9 页\n申请数量 5 0 0 0 0 0 5\n- 4 -\n共 9 页 第 5 页")
    assert doc.lines == ["本年新收政府信息公开", "申请数量 5 0 0 0 0 0 5"]


def test_crawler_header_value_on_the_line_below_its_key():
    doc = clean_text("标题：\n云岭县2023年政府信息公开工作年度报告\n发布时间：\n2024-01-18 09:30\n文号：\n==================== 正文 ====================\n本报告根据《条例》编制。")
    assert doc.meta["标题"] == "云岭县2023年政府信息公开工作年度报告"
    assert doc.meta["发布时间"] == "2024-01-18 09:30"
    assert doc.lines == ["本报告根据《条例》编制。"]


def test_whole_metadata_block_glued_on_one_long_line_is_metadata():
    line = "  ".join(f"{k}：{v}" for k, v in [("索引号", "006382986K/2018-1309079"), ("发布机构", "云岭县青石镇人民政府办公室"),
                                             ("公开范围", "全部公开"), ("生成日期", "2018-03-15"), ("公开日期", "2018-03-15"),
                                             ("公开方式", "政府网站"), ("来源", "云岭县人民政府门户网站信息公开专栏"), ("文号", "无")])
    assert len(line) > 120
    doc = clean_text(line + "\n云岭县青石镇2017年政府信息公开工作年度报告")
    assert doc.meta["公开日期"] == "2018-03-15" and doc.lines == ["云岭县青石镇2017年政府信息公开工作年度报告"]
