"""Parse: a cleaned document → report record(s) (keys per RECORD.md and ARCHITECTURE.md).

Whatever cannot be read is null, and ``nulls`` says why; nothing is guessed.
"""
from __future__ import annotations

import re
import unicodedata

from ..domain import FORMATS
from ..clean import CleanDocument, clean_html, clean_text, split_articles
from ..ingest import RawSource, decode
from . import metadata as md
from .legacy import parse_legacy, parse_legacy_glued
from .statistics import H3, parse_proactive, parse_requests, parse_review

SCHEMA_VERSION = 1
HEADLINE_KEYS = FORMATS.headline_keys     # formats.yaml: the record's headline order


# The six headings of the 2019 and 2021 formats, each under its own number (a pre-2019 report's
# "二、主动公开政府信息情况" or "五、因政府信息公开申请行政复议…" sits under another number or none).
SIX_HEADINGS = [("一", r"总体(?:公开)?情况"), ("二", r"(?:行政机关)?主动公开政府信息(?:的)?情况"),
                ("三", r"(?:行政机关)?收到和(?:处理|办理)政府信息公开申请(?:的)?情况"),
                ("四", r"(?:因)?政府信息公开(?:工作)?(?:被申请)?行政复议"), ("五", r"(?:政府信息公开工作)?存在的主要问题"),
                ("六", r"其他需要报告的事项")]
ERA_2021 = re.compile(r"本年制发件数|本年废止件数|现行有效件数|逾期不补正|逾期未按收费通知要求缴纳费用|本年收费金额")
ERA_2019 = re.compile(r"本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|本年增\s*/\s*减|其他对外管理服务事项|采购项目数量")
# Section 三's "（六）其他处理": one row of figures straight before "（七）总计" is the 2019 table.
OTHER_ROW = re.compile(r"[(（]\s*六\s*[)）]\s*其他处理([^()（）\u4e00-\u9fff]{0,120})[(（]\s*七\s*[)）]\s*总\s*计")
DIGIT_RUN = re.compile(r"\d+")     # "12" and "0" in " 12 0 "
# "三、收到和处理…", "第三部分 收到和处理…" or "3. 收到和处理…": a heading under the number the format gives it.
NUMBERED_SIX_HEADINGS = [
    (n, re.compile(r"(?:(?<![\u4e00-\u9fff(（])" + n + r"\s*[、.．]|第" + n + r"部分\s*[、.．:：]?|(?<![\d.(（])" + str(k) + r"\s*[、.．](?!\d))\s*+(?:\*\*\s*+)?" + t))
    for k, (n, t) in enumerate(SIX_HEADINGS, 1)]
# "\n二、收到和处理政府信息公开申请情况\n": a heading's own words on a line of their own, under any numeral or none.
SIX_HEADING_LINES = [
    (n, re.compile(r"(?:^|\n)[ \t]*+(?:(?:[一二三四五六七八九十]{1,2}[ \t]*+[、.．]|第[一二三四五六七八九十]{1,2}部分[ \t]*+[、.．:：]?)[ \t]*+)?(?:\*\*[ \t]*+)?" + t + r"[^\n。]{0,20}(?:\n|$)"))
    for n, t in SIX_HEADINGS]
# What only the old format writes: "统 计 表", "依申请公开信息情况", "概述".
OLD_FORMAT_WORDS = re.compile(r"统\s*计\s*表|依申请公开(?:政府)?信息(?:的)?情况|概\s*述")
INFORMATION_DISCLOSURE = re.compile(r"信息公开")      # "政府信息公开"
# The notice that issued a format, cited by a report that follows it: "国办公开办函〔2021〕30号",
# "国办公开办函[2019]60号" (formats.yaml: eras[].notice).
FORMAT_NOTICE = re.compile(r"国办公开办函\s*[〔\[［(（【]\s*((?:19|20)\d\d)\s*[〕\]］)）】]\s*(\d{1,3})\s*号")


# The format notice cited by its title: "关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知" (2021)
# or "…年度报告格式（试行）》的通知" (2019, the trial format).
FORMAT_NOTICE_TITLE = re.compile(r"关于印发\s*[《〈]?\s*(?:中华人民共和国)?政府信息公开工作年度报告格式\s*([(（]\s*试行\s*[)）])?\s*[》〉]?\s*的通知")
# The opening sentence listing the parts of the 2019 and 2021 formats: "全文包括总体情况、主动公开政府信息
# 情况、收到和处理政府信息公开申请情况、…其他需要报告的事项" (收到和处理 only these formats write).
LISTED_PARTS = re.compile(r"[^。]{0,40}?总体情况[^。]{0,60}?收到和处理政府信息公开申请[^。]{0,160}?(?:存在的主要问题|其他需要报告的事项)")
# The heading of section 二's table in both modern formats: "第二十条第（一）项".
ARTICLE_20 = re.compile(r"第二十条第\s*[(（]\s*一\s*[)）]\s*项")


def era_by_notice(text: str) -> str | None:
    """The era whose format notice the text cites (the newest if it cites several), or None."""
    cited = {(int(m.group(1)), int(m.group(2))) for m in FORMAT_NOTICE.finditer(text)}
    eras = [e for e in FORMATS.eras if e.notice in cited]
    return max(eras, key=lambda e: e.notice or (0, 0)).code if eras else None


def detect_template(text: str, year: int | None, notes: list) -> str:
    m = ERA_2021.search(text)
    if m:
        return "2021"
    m = ERA_2019.search(text)
    if m:
        return "2019"
    m = OTHER_ROW.search(text)
    if m and 1 <= len(DIGIT_RUN.findall(m.group(1))) <= 7:
        notes.append({"field": "template", "reason": "“（六）其他处理”只有一行（没有逾期不补正等三个子项），为 2019 版格式"})
        return "2019"
    cited = era_by_notice(text)
    titled = FORMAT_NOTICE_TITLE.search(text)
    if not cited and titled and titled.group(1):
        cited = "2019"
    if cited:
        number = FORMATS.era(cited).notice
        notes.append({"field": "template", "reason": f"没有可区分格式的表格，但正文写明依照国办公开办函〔{number[0]}〕{number[1]}号印发的格式编制，为 {cited} 版格式"})
        return cited
    # "三、…", "第三部分 …" or "3. …": the number the format gives the heading, however it is written.
    six = [n for n, heading in NUMBERED_SIX_HEADINGS if heading.search(text)]
    if len(six) < 4:
        # Numbered one off the template (the overview unnumbered, 收到和处理 under 二): the headings'
        # own words, in the template's order, under any numeral. 收到和处理…申请 is the 2019 format's
        # alone (the old format says 依申请公开), so it must be among them.
        found = [(m.start(), n) for n, heading in SIX_HEADING_LINES for m in [heading.search(text)] if m]
        order = [n for _, n in sorted(found)]
        if len(found) >= 4 and "三" in order and order == sorted(order, key="一二三四五六".index):
            six = order
            notes.append({"field": "template", "reason": f"六部分标题的编号与格式不同，按标题文字认出其中 {len(order)} 个（{'、'.join(order)}）"})
    structure = None
    if titled:
        structure = f"正文引用印发格式的通知“{titled.group(0)}”"
    elif LISTED_PARTS.search(text):
        structure = "开头一句列出的各部分是 2019 年以后格式的六部分"
    elif ARTICLE_20.search(text):
        structure = "第二部分表格列“第二十条第（一）项”，为 2019 年以后的格式"
    if structure and len(six) < 4:
        if year is not None:
            era = "2021" if year >= 2021 else "2019"
            notes.append({"field": "template", "reason": f"{structure}，但缺少可区分 2019 版与 2021 版格式的表格；按报告写明的年份 {year} 定为 {era} 版"})
            return era
        if titled:
            notes.append({"field": "template", "reason": f"{structure}（没有“试行”二字），为 2021 版格式"})
            return "2021"
        notes.append({"field": "template", "reason": f"{structure}，但表格和年份都无法区分 2019 版与 2021 版格式"})
        return "unknown"
    if len(six) >= 4 or H3.search(text):
        if year is not None:
            era = "2021" if year >= 2021 else "2019"
            notes.append({"field": "template", "reason": f"采用六部分结构（标题 {'、'.join(six) or '三'}），但缺少可区分 2019 版与 2021 版格式的表格；按报告写明的年份 {year} 定为 {era} 版"})
            return era
        notes.append({"field": "template", "reason": "采用六部分结构，但表格和年份都无法区分 2019 版与 2021 版格式"})
        return "unknown"
    if year is not None and year >= 2019 and not OLD_FORMAT_WORDS.search(text):
        # A report on 2019 or later is never in the old format; without tables or the six headings
        # the input cannot tell 2019 from 2021.
        notes.append({"field": "template", "reason": f"报告年份为 {year}，但既没有表格也没有六部分标题，无法判断采用哪一版格式"})
        return "unknown"
    if DISCLOSURE_WORDS.search(text):       # 信息公开 or 政务公开
        return "pre2019"
    notes.append({"field": "template", "reason": "既没有六部分标题和新格式表格，也看不出旧格式的政府信息公开内容，无法判断格式"})
    return "unknown"


# A statistic of part of a year: "2024年上半年", "半年度", "第三季度", "1-6月", "3月份政府信息公开".
PART_OF_YEAR = re.compile(r"上半年|半年度|第[一二三四]季度|[1１一]\s*[-—至到]\s*[6６六]\s*月|\d{1,2}月份?(?:政府)?信息公开")
HALF_YEAR_OPENING = re.compile(r"^.{0,30}上半年")     # "某某局2024年上半年政府信息公开…" at the very start
LETTER_END = re.compile(r"(复函|函|通知|告知书|答复书|答复|意见书|决定书)$")   # "关于…的复函", "…的通知"
# A notice about the reports: "关于印发《…年度报告格式》的通知", "关于做好…年度报告编制发布工作的通知".
ABOUT_THE_REPORTS = re.compile(r"报告格式|编制|报送|发布工作|有关事项|做好")
WHITESPACE = re.compile(r"\s+")                       # " ", "\t", "\u3000 "
# A news outlet in the page's 来源 field: "某某日报", "某某晚报", "新华社", "某某电视台", "某某新闻网".
NEWS_SOURCE = re.compile(r"[\u4e00-\u9fff]{0,10}(?:日报|晚报|晨报|都市报|商报|新华社|新华网|人民网|中新社|电视台|广播电视台|新闻网|融媒体中心)")
# Another kind of disclosure document: "…基层政务公开标准目录", "…信息公开工作年度报告制度（试行）",
# "…政府信息公开指南", "…实施办法".
OTHER_DOCUMENT = re.compile(r"(?:目录|制度|办法|细则|规定|指南|方案|要点|清单|规则)\s*(?:[(（]\s*试行\s*[)）])?$")
# A page explaining a report, not the report: "文字解读：某某街道…年度报告", "图解某某局…年度报告",
# "一图读懂…年度报告", "关于…年度报告的解读".
EXPLAINER = re.compile(r"^\W{0,3}(?:文字|文稿|图文|政策|图片|视频)?(?:解读|图解)|^\W{0,3}一图(?:读懂|看懂|了解)|报告(?:的)?(?:政策)?(?:解读|图解)\W{0,3}$")
# A line that is a whole report's title: "某某局2023年度政府信息公开工作年度报告".
REPORT_TITLE_LINE = re.compile(r"(?:19|20)\d{2}\s*年度?\s*(?:政府)?信息公开(?:工作)?(?:年度)?报告$")
OVERVIEW_HEADING = re.compile(r"^\s*一\s*[、.．]\s*(?:总体情况|概述)")   # "一、总体情况", "一. 概述"
LISTED_REPORT = re.compile(r"年度?.{0,20}(报告|年报)")          # "2023年度政府信息公开工作报告" in a list of links
DISCLOSURE_WORDS = re.compile(r"信息公开|政务公开")             # "政府信息公开", "政务公开"
REPORT_WORDS = re.compile(r"报告|总结|年报|统计表")             # "年度报告", "工作总结"


def judge_report(title: str | None, lines: list[str], text: str, meta: dict | None = None) -> str | None:
    """None when this is one annual report; otherwise the reason it is not."""
    source = NEWS_SOURCE.search(str((meta or {}).get("来源") or ""))
    if source:
        # "来源：某某日报": a newspaper's story about the reports, reposted on the portal.
        return f"新闻报道（来源：{source.group(0)}），不是年度报告"
    head = " ".join([title or ""] + lines[:3])
    if md.BLANKED.search(head):
        return f"范文，年份或名称被隐去（{md.BLANKED.search(head).group(0)}）"
    if PART_OF_YEAR.search(head) or HALF_YEAR_OPENING.search(text[:200]):
        return "半年或季度、月度等阶段性统计"
    other = next((t for t in [title] + lines[:2] if t and len(t) < 80 and OTHER_DOCUMENT.search(t.strip())
                  and DISCLOSURE_WORDS.search(t)), None)
    if other:
        return f"政务公开的其他文件（目录、制度、办法等），不是年度报告（{other.strip()[:60]}）"
    explainer = next((t for t in [title] + lines[:2] if t and EXPLAINER.search(t.strip())), None)
    if explainer:
        return f"年度报告的解读或图解，不是报告本身（{explainer.strip()[:60]}）"
    heading = next((t for t in [title] + lines[:2] if t and LETTER_END.search(t.strip())), None)
    if heading and "报告" not in heading:
        return "放在年度报告栏目中的函件或通知"
    if heading and ABOUT_THE_REPORTS.search(heading):
        # "关于印发《…年度报告格式》的通知" (国办公开办函), "关于做好2023年…年度报告编制发布工作的通知":
        # about the reports, not one; a notice that publishes a report ("关于公布…年度报告的通知") stays.
        return f"关于年度报告格式或编制发布工作的通知，不是年度报告（{heading.strip()[:60]}）"
    report_titles = list(dict.fromkeys(WHITESPACE.sub("", s) for s in lines if len(s) < 60 and "|" not in s
                                       and REPORT_TITLE_LINE.search(s)))
    overviews = [s for s in lines if OVERVIEW_HEADING.match(s)]
    if len(report_titles) >= 2 and len(overviews) >= 2:
        return f"一页含 {len(report_titles)} 篇年度报告（{'；'.join(t[:40] for t in report_titles[:3])}），不作为一篇报告发布"
    titles = [s for s in lines if len(s) < 80 and LISTED_REPORT.search(s)]
    prose = sum(len(s) for s in lines if len(s) >= 80)
    if len(titles) >= 5 and prose < 400:
        return f"列表页：有 {len(titles)} 个报告标题，没有报告正文"
    if not DISCLOSURE_WORDS.search(text):
        return "内容与政府信息公开无关"
    if not REPORT_WORDS.search(head + text[:3000]) and not _report_structure(text):
        return "看不出是年度报告（既无报告标题，也无报告类措辞，也没有年度报告格式的各部分标题或表格）"
    return None


def _report_structure(text: str) -> bool:
    """The report's own structure, where it has neither a title nor the word 报告: the headings of the
    2019/2021 formats (at least three, 收到和处理 among them) or their table words, or an old-format
    report's 概述 with its 主动公开 and 依申请公开 sections."""
    if ERA_2021.search(text) or ERA_2019.search(text) or ARTICLE_20.search(text):
        return True
    found = [n for n, heading in SIX_HEADING_LINES if heading.search(text)]
    if len(found) >= 3 and "三" in found:
        return True
    first = next((line for line in text.split("\n") if line.strip()), "")
    if OLD_FORMAT_SECTIONS.match(first) and DISCLOSURE_WORDS.search(text[:2000]):
        return True             # the text starts at its overview: "一、总体情况", "一、政府信息公开基本情况"
    return bool(OLD_FORMAT_SECTIONS.search(text)) and len(OLD_FORMAT_SECTION_WORDS.findall(text)) >= 2


# An old-format report's first section and its others: "一、概述", "二、主动公开政府信息情况", "三、依申请公开…".
OLD_FORMAT_SECTIONS = re.compile(r"(?:^|\n)\s*一\s*[、.．]\s*[^\n。]{0,12}?(?:概述|总体情况|基本情况)")
OLD_FORMAT_SECTION_WORDS = re.compile(r"(?:^|\n)\s*[二三四五六七]\s*[、.．]\s*(?:政府信息)?(?:主动公开|依申请公开|不予公开|收费|减免|行政复议|存在的|主要问题)")


TABLE_TITLE = re.compile(r"统\s*计\s*表\s*$")      # "2017年政府信息公开情况统计表", "统 计 表"
# A top-level heading, numeral and title: "三、收到和处理政府信息公开申请情况".
SECTION_HEADING = re.compile(r"^([一二三四五六七八九十]{1,2})\s*[、.．]\s*(.{2,40}?)\s*$")
ENDS_IN_DIGIT = re.compile(r"\d\s*$")               # "一、本年新收 12": a table row, not a heading


def split_sections(lines: list[str]) -> list[dict]:
    # Top-level headings count up (一、二、三 …); a numbered list inside a section ("一是…", a
    # second "一、") or a table row label ("一、本年新收…|") is not one.
    heads = []
    last = 0
    table_at = next((i for i, s in enumerate(lines) if len(s) < 80 and TABLE_TITLE.search(s)), len(lines))
    for i, s in enumerate(lines[:table_at]):
        m = SECTION_HEADING.match(s)
        if not m or "|" in s or m.group(2).startswith("是") or ENDS_IN_DIGIT.search(s):
            continue
        n = md.cn_number(m.group(1)) or 0
        if last < n <= last + 2:
            heads.append((i, m))
            last = n
    sections = []
    if not heads:
        return [{"number": None, "title": None, "text": "\n".join(lines)}] if lines else []
    if heads[0][0] > 0:
        sections.append({"number": None, "title": None, "text": "\n".join(lines[: heads[0][0]]).strip()})
    for k, (i, m) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else table_at
        sections.append({"number": m.group(1), "title": m.group(2), "text": "\n".join(lines[i + 1:end]).strip()})
    if table_at < len(lines):   # the pre-2019 统计表 annexed after the sections
        sections.append({"number": None, "title": lines[table_at].strip(), "text": "\n".join(lines[table_at + 1:]).strip()})
    return sections


PROACTIVE_PROSE = re.compile(r"主动公开(?:各类|各级)?(?:政府)?信息(?:公开)?(?:数)?\s*(?:共计|共|累计)?\s*(\d+)\s*(余|多)?\s*条")
RECEIVED_PROSE = re.compile(r"(?:共|全年|累计)?(?:收到|受理|接收|接到)(?:各类)?(?:政府信息公开|信息公开|依申请公开(?:政府信息)?)?(?:的)?申请(?:共计|共)?\s*(\d+)\s*(余|多)?\s*(?:件|条|宗|个)")
# "收到0件信息公开申请", "共收到12件信息依申请公开", "接到12项依申请公开政府信息申请": the count before the object.
RECEIVED_PROSE_COUNT_FIRST = re.compile(r"(?:收到|受理|接收|接到)\s*(\d+)\s*(余|多)?\s*(?:件|宗|个|项|条)(?:(?:政府)?信息(?:公开申请|依申请公开)|依申请公开(?:政府信息)?(?:的)?申请)")
# "受理公民、法人和其他组织提出的政府信息公开申请5件", "共收到依申请公开0件", "依申请公开系统共收到1宗":
# the object spelled out at length, or 依申请公开 standing for the requests.
RECEIVED_PROSE_LONG = re.compile(r"(?:收到|受理|接收|接到)[^。；;\d]{1,40}?(?:政府信息公开|信息公开|依申请公开)(?:的)?申请\s*(?:共计|共)?\s*(\d+)\s*(余|多)?\s*(?:件|条|宗|个)"
                                 r"|(?:收到|受理|接收|接到)依申请公开(?:政府信息)?\s*(?:共计|共)?\s*(\d+)\s*(余|多)?\s*(?:件|条|宗|个)"
                                 r"|依申请公开[^。；;，,\d]{0,10}?(?:收到|受理)\s*(\d+)\s*(余|多)?\s*(?:件|条|宗|个)"
                                 r"|(?:收到|受理|接到)(?:依法)?申请公开(?:政府信息|信息)?(?:的)?(?:申请)?\s*(?:共计|共)?\s*(\d+)\s*(余|多)?\s*(?:件|条|宗|个|项)")
# "依申请公开2条，免于公开0条": a clause that opens with 依申请公开 and its count.
RECEIVED_PROSE_CLAUSE = re.compile(r"(?:^|[。；;，,\n：:])\s*依申请公开(?:政府信息|信息)?(?:申请)?\s*(?:共计|共)?\s*(\d+)\s*(余|多)?\s*(?:件|条)")
# "因政府信息公开被申请行政复议2件、提起行政诉讼1件": figures of section 四 stated in the prose.
REVIEWS_PROSE = re.compile(r"(?:被申请|申请|提起|发生|收到)?行政复议(?:案件)?(?:共计|共)?\s*(\d+)\s*(余|多)?\s*(?:件|起|宗|个)")
LAWSUITS_PROSE = re.compile(r"(?:被提起|提起|发生|收到)?(?:行政)?诉讼(?:案件)?(?:共计|共)?\s*(\d+)\s*(余|多)?\s*(?:件|起|宗|个)")
# Zero stated in words: "没有收到政府信息公开申请", "未发生因政府信息公开引起的行政复议、行政诉讼".
# "没有依申请公开和不予公开的政府信息", "本年度无申请。" (under the section on applications), but not
# "无依申请公开信息收费" (fees).
NO_REQUESTS = re.compile(r"(?:没有|未|无)(?:收到|接到|受理|接收到?)(?:过)?[^。；，,\d]{0,24}?(?:(?:政府信息公开|信息公开|公开政府信息|公开信息|政府信息|依申请公开(?:政府信息)?|申请公开)(?:的)?(?:申请|事项)|依申请公开)"
                         r"|(?:没有|未|无)(?:任何)?(?:政府信息)?依申请公开(?!\S{0,8}(?:收费|费用|复议|诉讼))(?:的)?(?:政务|政府)?(?:申请|事项|和|情况|信息|[。，,；])"
                         r"|(?:没有|未|无)(?:任何)?(?:政府信息公开|信息公开)?申请(?=[。，,；])")
NO_REVIEW = re.compile(r"(?:没有|未|无)(?:发生|出现|收到|接到)?[^。；，,\d]{0,20}?(行政复议)(?:案件|案|事件)?(?:[、和及与或]|以及)?(?:提起)?(行政诉讼|诉讼)?(?!\s*\d)")
NO_LAWSUIT = re.compile(r"(?:没有|未|无)(?:发生|出现|收到|接到)?[^。；，,\d]{0,20}?(行政诉讼)(?!\s*\d)")
# A clause about information-disclosure work: what a prose figure must stand in, so that the
# 行政审批 "共受理申请136437件" of a service hall is not read as disclosure requests.
DISCLOSURE_CONTEXT = re.compile(r"信息公开|依申请公开|公开申请")


HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,2}\s*[、.．]|[(（][一二三四五六七八九十]{1,2}[)）]|\d{1,2}\s*[.、．](?!\d))")
CLAUSE_MARK = re.compile(r"[。，,；]")     # "，" in "一、总体情况，本年度…": a heading with a sentence after it


def unwrap(text: str) -> str:
    """Join lines that PDF extraction broke mid-sentence ("政\n府信息"); keep paragraph and heading breaks."""
    lines = text.split("\n")
    out = lines[:1]
    for line in lines[1:]:
        prev = out[-1].rstrip()
        if prev and not prev.endswith(("。", "；", ";", "！", "？", ":", "：")) and line.strip() and not HEADING_START.match(line) \
                and not (HEADING_START.match(prev) and not CLAUSE_MARK.search(prev)) and not prev.endswith("|") and not line.lstrip().startswith("|"):
            out[-1] = prev + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def _sentence(text: str, m: re.Match) -> str:
    """The sentence around a match (bounded: unwrapped PDF text has no line breaks left)."""
    lo = max(text.rfind("。", 0, m.start()), text.rfind("\n", 0, m.start()), text.rfind("；", 0, m.start())) + 1
    if m.start() - lo > 60:   # a long sentence: start at a clause boundary near the figure
        comma = max(text.rfind("，", 0, m.start() - 40), text.rfind(",", 0, m.start() - 40))
        lo = comma + 1 if comma >= lo else m.start() - 60
    ends = [x for x in (text.find("。", m.end()), text.find("\n", m.end()), text.find("；", m.end())) if x != -1]
    hi = min(ends + [len(text), m.end() + 60])
    return text[lo:hi + 1].strip()


# A heading in the text before a figure: "\n三、收到和处理政府信息公开申请情况", "\n（二）行政诉讼".
HEADING_BEFORE = re.compile(r"(?:^|\n)\s*(?:[一二三四五六七八九十]{1,2}\s*[、.．]|[(（][一二三四五六七八九十]{1,2}[)）])[^\n。]{0,30}")
DISCLOSURE_HEADING = re.compile(r"依申请|信息公开|行政复议|行政诉讼")   # "四、政府信息公开行政复议、行政诉讼情况"


def _in_disclosure_context(text: str, m: re.Match) -> bool:
    """The sentence holding the match speaks of information disclosure, or it stands under a
    heading that does (the section on applications or on review and litigation)."""
    sentence = _sentence(text, m)
    if DISCLOSURE_CONTEXT.search(sentence):
        return True
    lo = max(0, m.start() - 400)
    before = text[lo:m.start()]
    heads = list(HEADING_BEFORE.finditer(before))
    return bool(heads) and bool(DISCLOSURE_HEADING.search(heads[-1].group(0)))


def prose_figure(pattern: re.Pattern, text: str, key: str, notes: list, *, context: bool = False) -> tuple[int | None, str | None]:
    m = next((m for m in pattern.finditer(text) if not context or _in_disclosure_context(text, m)), None)
    if not m:
        return None, None
    # Patterns of several alternatives hold one (count, 余/多) pair of groups each.
    n = next(i for i in range(1, (m.lastindex or 1) + 1, 2) if m.group(i) is not None)
    if m.group(n + 1):
        notes.append({"field": f"headline.{key}", "reason": f"正文只给出约数（{m.group(n)}{m.group(n + 1)}）：“{_sentence(text, m)}”"})
        return None, None
    return int(m.group(n)), f"prose: {_sentence(text, m)}"


LEGACY_HEADLINE = {
    "proactive_items": r"主动公开(政府)?信息(数|总数)",
    "requests_received": r"(收到|受理)(依申请公开信息|政府信息公开)?申请(总)?数|受理依申请公开信息总数|依申请公开信息总数",
    "requests_granted": r"同意公开(答复)?数",
    "requests_partially_granted": r"同意部分公开(答复)?数",
    "requests_completed": r"申请办结数|对申请的答复(总)?数|申请答复(总)?数|答复总数",
    "reviews": r"行政复议(数量|数|案件数)",
    "lawsuits": r"行政诉讼(数量|数|案件数)",
}
# A whole row label of the old table, numbered or not: "（一）主动公开政府信息数", "其中：1.行政复议数".
LEGACY_HEADLINE_LABELS = {
    key: re.compile(r"(?:其中[:：])?(?:[(（][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}、)?(?:\d{1,2}\s*[.、])?(?:" + pattern + r")")
    for key, pattern in LEGACY_HEADLINE.items()}


def headline(record: dict, text: str, notes: list) -> tuple[dict, dict]:
    values = dict.fromkeys(HEADLINE_KEYS)
    sources = dict.fromkeys(HEADLINE_KEYS)
    stats = record.get("statistics", {})
    req, rev = stats.get("requests"), stats.get("review_litigation")
    if req:
        for key, row in [("requests_received", "new_received"), ("requests_granted", "granted"),
                         ("requests_partially_granted", "partially_granted"), ("requests_completed", "total")]:
            if req[row]["total"] is not None:
                values[key], sources[key] = req[row]["total"], f"statistics.requests.{row}.total"
    if rev:
        if rev["review"]["total"] is not None:
            values["reviews"], sources["reviews"] = rev["review"]["total"], "statistics.review_litigation.review.total"
        a, b = rev["litigation_direct"]["total"], rev["litigation_after_review"]["total"]
        if a is not None and b is not None:
            values["lawsuits"] = a + b
            sources["lawsuits"] = "statistics.review_litigation.litigation_direct.total + litigation_after_review.total"
    for i, row in enumerate(stats.get("legacy_table") or []):
        for key, label in LEGACY_HEADLINE_LABELS.items():
            if values[key] is None and sources[key] is None and label.fullmatch(row["label"]) and row["value"] is not None:
                values[key], sources[key] = row["value"], f"statistics.legacy_table[{i}] ({row['label']})"
    text = unwrap(text)
    if values["proactive_items"] is None:
        values["proactive_items"], sources["proactive_items"] = prose_figure(PROACTIVE_PROSE, text, "proactive_items", notes)
    if values["requests_received"] is None:
        for pattern in (RECEIVED_PROSE, RECEIVED_PROSE_COUNT_FIRST, RECEIVED_PROSE_LONG, RECEIVED_PROSE_CLAUSE):
            values["requests_received"], sources["requests_received"] = prose_figure(pattern, text, "requests_received", notes, context=True)
            if sources["requests_received"] is not None:
                break
    for key, pattern in (("reviews", REVIEWS_PROSE), ("lawsuits", LAWSUITS_PROSE)):
        if values[key] is None:
            values[key], sources[key] = prose_figure(pattern, text, key, notes, context=True)
    _zero_in_words(text, values, sources)
    return values, sources


def _zero_in_words(text: str, values: dict, sources: dict) -> None:
    """Zero stated in words, the sentence as provenance: "本年度没有收到政府信息公开申请" is 0
    requests; "未发生行政复议、行政诉讼" is 0 reviews and 0 lawsuits. Only where neither a table
    nor a prose figure gave the value."""
    if values["requests_received"] is None:
        # A bare "无申请" counts only under the section on applications.
        m = next((m for m in NO_REQUESTS.finditer(text) if "公开" in m.group(0) or _in_disclosure_context(text, m)), None)
        if m:
            values["requests_received"], sources["requests_received"] = 0, f"prose: {_sentence(text, m)}"
    for m in NO_REVIEW.finditer(text):
        if not _in_disclosure_context(text, m):
            continue
        if values["reviews"] is None:
            values["reviews"], sources["reviews"] = 0, f"prose: {_sentence(text, m)}"
        if m.group(2) and values["lawsuits"] is None:
            values["lawsuits"], sources["lawsuits"] = 0, f"prose: {_sentence(text, m)}"
        break
    if values["lawsuits"] is None:
        m = next((m for m in NO_LAWSUIT.finditer(text) if _in_disclosure_context(text, m)), None)
        if m:
            values["lawsuits"], sources["lawsuits"] = 0, f"prose: {_sentence(text, m)}"


def build_record(source: RawSource, doc: CleanDocument, part: int | None, extra_notes: list) -> dict:
    notes: list[dict] = list(extra_notes)
    inferred: list[str] = []
    text = doc.text
    norm = unicodedata.normalize("NFKC", text)
    title = md.find_title(doc.lines, doc.meta)
    reason = judge_report(title, doc.lines, norm, doc.meta)
    year = md.find_year(title, norm, notes)
    name, region, name_source = md.find_organisation(title, doc.meta, text, notes)
    dates = md.find_dates(doc.meta, doc.lines, notes)
    template = detect_template(norm, year, notes) if reason is None else "unknown"
    if reason is None:
        statistics = _statistics(doc, norm, template, notes, inferred)
    else:
        statistics = {}
        notes.append({"field": "statistics", "reason": "不是年度报告：其中的数字不作为统计数据发布"})
    record = {
        "schema_version": SCHEMA_VERSION,
        "id": source.id + (f"-p{part}" if part else ""),
        "is_report": reason is None,
        "not_report_reason": reason,
        "title": title,
        "organisation": {"name": name, "region": region, "name_source": name_source},
        "year": year,
        "published": dates["web"] or dates["signed"],
        "template": template,
        "index_number": md.find_index_number(doc.meta),
        "source": {"file": source.file, "sha256": source.sha256,
                   "url": source.meta.get("url") or doc.meta.get("原文链接") or None,
                   "retrieved": str(source.meta["retrieved"]) if source.meta.get("retrieved") else None,
                   "part": part, "format": source.format},
        "dates": {"web": dates["web"], "web_field": dates["web_field"], "signed": dates["signed"], "garbled": dates["garbled"]},
        "statistics": statistics,
        "inferred": inferred,
    }
    _published_fallback(record, notes)
    # A page that is not a report publishes no figures: its prose speaks of other things (a province's
    # total in a news story, a notice's examples).
    values, sources = headline(record, norm, notes) if reason is None else (dict.fromkeys(HEADLINE_KEYS), dict.fromkeys(HEADLINE_KEYS))
    record["headline"] = values
    record["headline_sources"] = sources
    record["checks"] = []
    record["nulls"] = notes
    record["cleaning"] = doc.cleaning
    record["sections"] = split_sections(doc.lines)
    record["text"] = text
    record["corrections"] = []
    return record


def _statistics(doc: CleanDocument, norm: str, template: str, notes: list, inferred: list) -> dict:
    """A report's tables: sections 二, 三 and 四 of the 2019 and 2021 formats, or the old 统计表."""
    statistics: dict = {}
    if template in ("2019", "2021"):
        for key, fn in [("proactive", lambda: parse_proactive(norm, template, notes, inferred)),
                        ("requests", lambda: parse_requests(norm, template, notes, inferred)),
                        ("review_litigation", lambda: parse_review(norm, notes, inferred))]:
            value = fn()
            if value is not None:
                statistics[key] = value
    elif template == "pre2019":
        legacy = parse_legacy(doc.lines, notes, inferred)
        if legacy is None or all(r["value"] is None for r in legacy):
            glued = parse_legacy_glued(norm, notes)
            legacy = glued or legacy
            if glued:
                inferred.extend(f"statistics.legacy_table[{i}].value" for i, r in enumerate(glued) if r.pop("_inferred", False))
        if legacy:
            statistics["legacy_table"] = legacy
        else:
            notes.append({"field": "statistics.legacy_table", "reason": "原文没有政府信息公开情况统计表"})
    return statistics


def _published_fallback(record: dict, notes: list) -> None:
    """The date in the page's address, which stands in for a missing publication date; the note
    says where ``published`` came from when it is not the page's own date."""
    record["dates"]["url"] = md.url_date(record["source"]["url"])
    if record["published"] is None and record["dates"]["url"] is not None:
        record["published"] = record["dates"]["url"]
        notes.append({"field": "published", "reason": f"原文没有发布日期或落款日期，采用网页地址中的日期（{record['source']['url']}）"})
    elif record["published"] is None:
        notes.append({"field": "published", "reason": "原文没有发布日期，也没有落款日期"})
    elif record["dates"]["web"] is None:
        notes.append({"field": "published", "reason": "没有网页发布日期，采用文末落款日期"})


def parse_source(source: RawSource) -> list[dict]:
    """One raw source → one record per article it holds (a record even when it is no report)."""
    if source.format in ("pdf", "docx", "xlsx"):
        # A document attachment: its extractor gives lines (table rows "|"-joined) and notes,
        # then the text cleaning path as for any text dump.
        from ..extract import extract
        extracted = extract(source.file, source.data)
        doc = clean_text("\n".join(extracted.lines))
        doc.cleaning[:0] = extracted.notes
    else:
        text, decode_notes = decode(source.data)
        doc = clean_html(text) if source.format == "html" else clean_text(text)
        for n in decode_notes:
            doc.note("decode", n)
    parts = split_articles(doc)
    if len(parts) == 1:
        records = [build_record(source, parts[0], None, [])]
    else:
        records = [build_record(source, p, i, []) for i, p in enumerate(parts, 1)]
    related = _related(source)
    for r in records:
        if related:
            r["source"]["related"] = related
        if source.format == "pdf" and extracted.kind == "pdf-ocr":
            r["source"]["ocr"] = True      # every figure came from OCR: the report page marks each
    return records


def _related(source: RawSource) -> list[str]:
    """The sidecar's ``attachments:`` (files or URLs the page links to) and ``page:`` (the page an
    attachment came from): the same report in another original (pipeline.select_published)."""
    out: list[str] = []
    for key in ("attachments", "page"):
        value = source.meta.get(key)
        for v in (value if isinstance(value, list) else [value]):
            if isinstance(v, str) and v.strip() and v.strip() not in out:
                out.append(v.strip())
    return out
