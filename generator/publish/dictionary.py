"""The data dictionary: every published column of every download, and the page that shows it.

``resources()`` describes each download (headline.csv, cells.csv, the SQLite tables) column by
column: name, type, unit, meaning (Chinese), the eras it applies to, how a blank differs from 0,
and, for coded columns, the codes with their meanings. ``datapackage.json`` takes its schemas from
here, ``dictionary_markdown`` renders it as a page body and ``dictionary_json`` writes it for
programs (``dictionary.json``).

The page body is Markdown whose tables are raw HTML blocks (the site's Markdown has no table
extension, and raw HTML is what every other generated page uses): every text is HTML-escaped, and
the page holds no scraped text at all — only the formats' names and this module's constants. The
example SQL is ASCII only, so converting the page to Traditional script leaves it runnable.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from typing import Iterable

from . import (CELLS_CSV, CELLS_FILE, DATAPACKAGE, DICTIONARY_JSON, HEADLINE_CSV, HEADLINE_EXCEL, RECORDS_JSONL, SQLITE, SQLITE_FILE,
               TWIN_DIR)
from .domain import vocabulary
from .csvs import PLACE_COLUMNS

ALL_ERAS = ("pre2019", "2019", "2021")
MODERN = ("2019", "2021")

TYPE_NAMES = {"string": "文本", "integer": "整数", "number": "数值（整数或小数）", "boolean": "true / false",
              "date": "日期（YYYY-MM-DD）"}
SQLITE_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "ANY（数值）", "boolean": "INTEGER（1 / 0）",
                "date": "TEXT（YYYY-MM-DD）"}

BLANK_CELL = ("空白（SQLite 中为 NULL）：原文该格为空白、“/”或“-”，或无法读取；不等于 0。"
              "0：原文写明 0。")
BLANK_HEADLINE = ("空白：报告没有给出这一数字（所取的表格一格空白或缺失、正文也未写明），或该格式没有对应的数；"
                  "不等于 0。0：报告写明 0。")
BLANK_TEXT = "空白：原文没有写明，或无法判断。"
BLANK_PLACE = "空白：机关名称不能唯一对应一个行政区划（记录的 nulls 写明原因）。"
PUBLISHED_ONLY = "本站发布的文件只含已发布的报告：重复的原件与不是年度报告的来源不在其中，列在“未发布的来源”页。"
NEVER_BLANK = "从不为空。"


@dataclass(frozen=True)
class Code:
    code: str
    meaning: str
    eras: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    name: str
    type: str                       # Table Schema type: string | integer | number | boolean | date
    meaning: str
    eras: tuple[str, ...] = ALL_ERAS
    unit: str | None = None
    blank: str = NEVER_BLANK
    codes: tuple[Code, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Resource:
    name: str                       # Data Package resource name / SQLite table name
    path: str | None                # file under data/, None for a SQLite table
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()    # (field, resource, field)
    sqlite: bool = False


@dataclass(frozen=True)
class Query:
    title: str
    sql: str
    explains: str = ""


# ------------------------------------------------------------------------------------------
# Codes


def era_codes() -> tuple[Code, ...]:
    return tuple(Code(e.code, e.name + (f"，{e.years}" if e.years and e.years not in e.name else ""))
                 for e in vocabulary().eras)


STATUS_CODES = (
    Code("pass", "通过：已核对的数字全部相符"),
    Code("fail", "未通过：至少一处不相符（说明中列出数字）"),
    Code("not_applicable", "不适用：没有可核对的数据（表格缺失、格子空白），或规则不适用于该报告"),
)

_OTHER_CHECKS = (
    Code("prose_vs_table.requests_received", "正文所述收到申请数与第三部分表格（本年新收总计，或含上年结转）是否一致", MODERN),
    Code("prose_vs_table.reviews", "正文所述行政复议数与第四部分表格是否一致", MODERN),
    Code("prose_vs_table.lawsuits", "正文所述行政诉讼数与第四部分表格（直接起诉 + 复议后起诉）是否一致", MODERN),
    Code("deadline", "是否在条例规定的期限内公布（说明中写明所依据的条款；乡镇、街道不套用期限）", ALL_ERAS),
    Code("locality", "正文是否反复出现其他同级地名（可能抄自其他地方的报告）", ALL_ERAS),
    Code("across_years.carry_over", "同一机关上一年的结转下年度总计 = 本年的上年结转总计", MODERN),
    Code("across_years.regulations_stock", "2021年版：上一年规章现行有效件数 + 本年制发 − 本年废止 = 本年现行有效件数", ("2021",)),
    Code("across_years.normative_documents_stock",
         "2021年版：上一年规范性文件现行有效件数 + 本年制发 − 本年废止 = 本年现行有效件数", ("2021",)),
)


def check_codes() -> tuple[Code, ...]:
    return tuple(Code(i, what, eras) for i, what, eras in vocabulary().identities) + _OTHER_CHECKS


def table_codes() -> tuple[Code, ...]:
    return tuple(Code(t.name, t.title, t.eras) for t in vocabulary().tables)


def row_codes(table: str) -> tuple[Code, ...]:
    seen: dict[str, Code] = {}
    for c in vocabulary().coordinates:
        if c.table == table and c.row not in seen:
            eras = tuple(e for e in MODERN if any(x.row == c.row and e in x.eras
                                                  for x in vocabulary().coordinates if x.table == table))
            seen[c.row] = Code(c.row, c.row_label, eras)
    return tuple(seen.values())


def column_codes(table: str) -> tuple[Code, ...]:
    seen: dict[str, tuple[str, set, list]] = {}
    for c in vocabulary().coordinates:
        if c.table == table:
            unit = f"（单位：{c.unit}）"
            label, eras, rows = seen.setdefault(
                c.column, (c.column_label if unit in c.column_label else c.column_label + unit, set(), []))
            eras.update(c.eras)
            rows.append(c.row)
    out = []
    for col, (label, eras, rows) in seen.items():
        if table == "proactive":
            label += "；用于 " + "、".join(rows)
        out.append(Code(col, label, tuple(e for e in MODERN if e in eras)))
    return tuple(out)


LEGACY_COLUMN_CODES = (Code("value", "本年数", ("pre2019",)), Code("cumulative", "累计数（原表有“累计”一栏时）", ("pre2019",)))

HEADLINE_MEANINGS = {
    "proactive_items": ("主动公开政府信息条数", "条",
                        "2019、2021年版：正文写明的主动公开条数（如有）；2019年以前：统计表“主动公开政府信息数”"),
    "requests_received": ("收到的政府信息公开申请数", "件",
                          "2019、2021年版：第三部分“本年新收”总计；2019年以前：统计表“收到申请数”或同义项"),
    "requests_granted": ("予以公开的申请数", "件", "2019、2021年版：第三部分“予以公开”总计；2019年以前：“同意公开答复数”"),
    "requests_partially_granted": ("部分公开的申请数", "件",
                                   "2019、2021年版：第三部分“部分公开”总计；2019年以前：“同意部分公开答复数”"),
    "requests_completed": ("办理完结的申请数", "件",
                           "2019、2021年版：第三部分“（七）总计”的总计；2019年以前：“申请办结数”或“申请答复数”"),
    "reviews": ("政府信息公开行政复议案件数", "件", "2019、2021年版：第四部分行政复议总计；2019年以前：“行政复议数量”"),
    "lawsuits": ("政府信息公开行政诉讼案件数", "件",
                 "2019、2021年版：第四部分未经复议直接起诉总计 + 复议后起诉总计（两格都有数才相加）；2019年以前：“行政诉讼数量”"),
}


# ------------------------------------------------------------------------------------------
# Fields


def _headline_fields() -> tuple[Field, ...]:
    out = []
    for h in vocabulary().headline:
        meaning, unit, how = HEADLINE_MEANINGS[h.key]
        out.append(Field(h.key, "number", f"{h.label}：{meaning}。{how}。各条记录的 headline_sources 写明每个数取自哪一格或哪一句",
                         unit=unit, blank=BLANK_HEADLINE))
    return tuple(out)


def _common_report_fields() -> dict[str, Field]:
    return {
        "id": Field("id", "string", "记录编号：由来源文件的路径生成，稳定、与字体无关、可用于网址", required=True),
        "year": Field("year", "integer", "报告所述年度", unit="年", blank="空白：年份不详（如“20**年”）。"),
        "organisation": Field("organisation", "string", "发布机关，按报告自称（简体）", blank=BLANK_TEXT),
        "region": Field("region", "string", "原文写明的上级行政区划，由外到内，以“ / ”分隔", blank="空白：原文没有写明。"),
        "division_code": Field("division_code", "string",
                               "发布机关所在地的行政区划代码（国家统计局 2023 年区划代码的前 6 位或 9 位），"
                               "由机关名称或 site_data/places.yaml 查得", blank=BLANK_PLACE),
        "province": Field("province", "string", "该区划代码所属的省级行政区", blank=BLANK_PLACE),
        "prefecture": Field("prefecture", "string", "该区划代码所属的地级行政区", blank="空白：省级机关，或区划不详。"),
        "county": Field("county", "string", "该区划代码所属的县级行政区", blank="空白：省级、地级机关，或区划不详。"),
        "title": Field("title", "string", "报告标题（简体）", blank=BLANK_TEXT),
        "published": Field("published", "date", "机关发布报告的日期（不是抓取日期）", blank="空白：发布日期不详。"),
        "template": Field("template", "string", "报告所用格式（年代）：决定各统计表的行与列", codes=era_codes(), required=True),
        "source_url": Field("source_url", "string", "报告原发布网址", blank="空白：网址未记录。"),
    }


def _place_fields(common: dict[str, Field]) -> tuple[Field, ...]:
    return tuple(common[c] for c in PLACE_COLUMNS)


def _cell_fields(sqlite: bool) -> tuple[Field, ...]:
    flag = "integer" if sqlite else "boolean"
    return (
        Field("record", "string", "记录编号（headline.csv 的 id；SQLite 中引用 reports.id）", required=True),
        Field("era", "string", "该报告的格式（年代）", codes=era_codes(), required=True),
        Field("table", "string", "统计表", codes=table_codes(), required=True),
        Field("row", "string", "行：固定格式表为行的编号（见下文“统计表的行与列”）；legacy_table 为原表中的行序号（从 0 起）",
              required=True),
        Field("column", "string", "列：固定格式表为列的编号（见下文）；legacy_table 为 value（本年数）或 cumulative（累计数）",
              required=True),
        Field("value", "number", "该格的数字。本年增/减一列可为负数；金额可有小数", unit="见 unit 列", blank=BLANK_CELL),
        Field("blank", flag, "该格在原文中为空白、“/”、“-”或无法读取（此时 value 为空）" + ("：1 是，0 否" if sqlite else ""),
              required=True),
        Field("inferred", flag, "该数字不是直接读出的，而是推算得出（例如用表格的恒等关系拆开连在一起的数字）；"
              "即记录的 inferred 列表中含有该格（或其所在行）的路径" + ("：1 是，0 否" if sqlite else ""), required=True),
        Field("row_label", "string", "行名：固定格式表为规定的行名；legacy_table 为原表中的行名（原文文字）",
              blank="空白：未知的行（格式中没有列出）。"),
        Field("column_label", "string", "列名", blank="空白：未知的列（格式中没有列出）。"),
        Field("unit", "string", "单位：固定格式表按格式规定；legacy_table 为原表写明的单位", blank="空白：原表没有写明单位。"),
    )


def resources() -> tuple[Resource, ...]:
    common = _common_report_fields()
    headline_fields = (
        common["id"], common["year"], common["organisation"], common["region"], *_place_fields(common),
        common["title"], common["published"],
        common["template"], *_headline_fields(),
        Field("failed_checks", "integer", "未通过的核对项数（checks 中 status 为 fail 的个数）", unit="项", required=True),
        common["source_url"],
    )
    report_fields = (
        common["id"], common["title"], common["organisation"],
        Field("body", "string", "机关：同一机关的不同自称合并为一个名称（site_data/bodies.yaml），否则同 organisation",
              blank=BLANK_TEXT),
        common["region"], *_place_fields(common), common["year"], common["published"], common["template"],
        Field("is_report", "integer", "是否为一篇年度报告：1 是；0 否（列表页、信件、范文等，见 not_report_reason）", required=True),
        Field("not_report_reason", "string", "不是年度报告的原因", blank="空白：是年度报告。"),
        Field("source_file", "string", "原始来源文件（site_data/sources/ 下的路径）"),
        Field("source_sha256", "string", "原始来源文件字节的 SHA-256"),
        common["source_url"],
        Field("source_format", "string", "原始来源的格式", codes=tuple(Code(c, m) for c, m in (
            ("html", "网页"), ("text", "纯文本"), ("pdf", "PDF"), ("docx", "Word 文档"), ("xlsx", "电子表格")))),
        *_headline_fields(),
        Field("failed_checks", "integer", "未通过的核对项数", unit="项", required=True),
    )
    check_fields = (
        Field("record", "string", "记录编号（引用 reports.id）", required=True),
        Field("seq", "integer", "该核对在记录 checks 列表中的位置（从 0 起）", required=True),
        Field("id", "string", "核对项编号", codes=check_codes(), required=True),
        Field("status", "string", "核对结果", codes=STATUS_CODES, required=True),
        Field("message", "string", "核对说明：列出所核对的数字", blank=BLANK_TEXT),
    )
    return (
        Resource("headline", HEADLINE_CSV, "主要数字（每条记录一行）",
                 f"各格式都有的几个可比数字，每条记录一行，按 id 排序。{PUBLISHED_ONLY}"
                 f"UTF-8（无 BOM）、换行 \\n；{HEADLINE_EXCEL} 内容相同，为 UTF-8 带 BOM、换行 \\r\\n，"
                 "可直接用 Excel 打开。以 =、+、-、@ 开头的文字前加了一个 '，以免电子表格把它当作公式。",
                 headline_fields, primary_key=("id",)),
        Resource("cells", CELLS_CSV, "全部统计表格（每格一行）",
                 f"每篇年度报告（is_report 为真）各统计表的每一格一行（长表格式），按 record、表、行、列排序。"
                 f"gzip 压缩（解压得 {CELLS_FILE}），编码与换行同 headline.csv。行数随档案增长"
                 "（每份报告约 150 行），超出 Excel 一张表的行数上限，因此不另提供 Excel 版：请用程序、"
                 "SQLite 文件的 cells 表，或 Excel 的“数据 → 自文本/CSV”导入。",
                 _cell_fields(sqlite=False), primary_key=("record", "table", "row", "column"),
                 foreign_keys=(("record", "headline", "id"),)),
        Resource("reports", None, f"{SQLITE}：reports 表", f"每条记录一行。{PUBLISHED_ONLY}",
                 report_fields, primary_key=("id",), sqlite=True),
        Resource("cells_table", None, f"{SQLITE}：cells 表", "与 cells.csv 相同的各格；blank、inferred 为 1 / 0。",
                 _cell_fields(sqlite=True), primary_key=("record", "table", "row", "column"),
                 foreign_keys=(("record", "reports", "id"),), sqlite=True),
        Resource("checks", None, f"{SQLITE}：checks 表", "每条记录的每项核对一行。",
                 check_fields, primary_key=("record", "seq"), foreign_keys=(("record", "reports", "id"),), sqlite=True),
    )


def sqlite_table_name(resource: Resource) -> str:
    return "cells" if resource.name == "cells_table" else resource.name


# ------------------------------------------------------------------------------------------
# Example queries (ASCII only: the Traditional page keeps them runnable). tests/test_publish.py
# runs each against the archive built from the sample records and checks the exact result.

QUERIES = (
    Query("每种格式各有多少篇年度报告",
          "SELECT template, COUNT(*) AS reports\nFROM reports\nWHERE is_report = 1\nGROUP BY template\nORDER BY template;"),
    Query("各省级行政区各有多少篇年度报告（province 空白：区划不详）",
          "SELECT province, COUNT(*) AS reports\nFROM reports\nWHERE is_report = 1\nGROUP BY province\nORDER BY reports DESC, province;"),
    Query("哪些核对未通过最多",
          "SELECT id, COUNT(*) AS failures\nFROM checks\nWHERE status = 'fail'\nGROUP BY id\nORDER BY failures DESC, id;"),
    Query("一个机关历年的主要数字（以平潭综合实验区 2024 年报告所属的机关为例，只取网页来源）",
          "SELECT year, requests_received, requests_granted, requests_completed, reviews, lawsuits\nFROM reports\n"
          "WHERE body = (SELECT body FROM reports WHERE id = 'pingtan--pingtan-zone-2024-html')\n"
          "  AND source_format = 'html'\nORDER BY year;"),
    Query("2021年版报告中，各类不予公开理由的申请数合计",
          "SELECT \"row\", SUM(value) AS applications\nFROM cells\n"
          "WHERE era = '2021' AND \"table\" = 'requests' AND \"column\" = 'total' AND \"row\" LIKE 'denied%'\n"
          "GROUP BY \"row\"\nORDER BY applications DESC, \"row\";",
          "table、row、column 是 SQL 的保留字，须加双引号。"),
    Query("各格式的表格中有多少格空白、多少格是推算的",
          "SELECT era, COUNT(*) AS cells, SUM(blank) AS blank_cells, SUM(inferred) AS inferred_cells\n"
          "FROM cells\nGROUP BY era\nORDER BY era;"),
    Query("各报告的行政复议总计（cells 与 reports 关联）",
          "SELECT r.year, r.id, c.value AS reviews\nFROM cells AS c JOIN reports AS r ON r.id = c.record\n"
          "WHERE c.\"table\" = 'review_litigation' AND c.\"row\" = 'review' AND c.\"column\" = 'total'\n"
          "ORDER BY r.year, r.id;"),
)


# ------------------------------------------------------------------------------------------
# The page


def _e(text: object) -> str:
    """Escaped for an HTML block inside Markdown: & < > " ' and | (so no text can become a Markdown
    table cell separator either), line breaks as spaces."""
    s = escape(" ".join(str(text).split()), quote=True)
    return s.replace("|", "&#124;")


def _code(text: str) -> str:
    return f"<code>{_e(text)}</code>"


def _eras(eras: Iterable[str]) -> str:
    eras = tuple(eras)
    return "全部" if set(ALL_ERAS) <= set(eras) else "、".join(eras) if eras else "—"


def _table(head: list[str], rows: list[list[str]], caption: str | None = None) -> str:
    """An HTML table as one raw block (no blank line inside); cells are already escaped HTML."""
    lines = ["<table>"]
    if caption:
        lines.append(f"<caption>{_e(caption)}</caption>")
    lines.append("<thead><tr>" + "".join(f'<th scope="col">{_e(h)}</th>' for h in head) + "</tr></thead>")
    lines.append("<tbody>")
    for row in rows:
        lines.append("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
    lines.append("</tbody>")
    lines.append("</table>")
    return "\n".join(lines)


def _codes_html(codes: tuple[Code, ...]) -> str:
    return "<br>".join(f"{_code(c.code)}：{_e(c.meaning)}" for c in codes)


def _fields_table(resource: Resource) -> str:
    type_names = SQLITE_TYPES if resource.sqlite else TYPE_NAMES
    rows = []
    for f in resource.fields:
        kind = _e(type_names[f.type]) + (f"<br>{_e('单位：' + f.unit)}" if f.unit else "")
        meaning = _e(f.meaning)
        if f.codes:
            meaning += "<br>" + _codes_html(f.codes)
        meaning += f"<br>{_e('适用格式：' + _eras(f.eras))}<br>{_e('空白与 0：' + f.blank)}"
        rows.append([_code(f.name), kind, meaning])
    # Three columns, so that a phone shows a column's name, type and meaning side by side.
    return _table(["列名", "类型", "含义"], rows)


def _coordinates_section() -> list[str]:
    out = ["## 统计表的行与列", "",
           "cells.csv 与 SQLite cells 表中 row、column 两列的编号。“适用格式”指该行（列）出现在哪一年代的格式中；"
           "legacy_table（2019年以前格式的附表）的行名和单位照录原表，row 为其行序号。", ""]
    for t in vocabulary().tables:
        if t.name == "legacy_table":
            out += [f"### {_e(t.title)}（{t.name}）", "",
                    _table(["列编号", "含义", "适用格式"], [[_code(c.code), _e(c.meaning), _e(_eras(c.eras))]
                                                       for c in LEGACY_COLUMN_CODES]), ""]
            continue
        out += [f"### {_e(t.title)}（{t.name}）", ""]
        out += [_table(["行编号", "行名", "适用格式"], [[_code(c.code), _e(c.meaning), _e(_eras(c.eras))]
                                                  for c in row_codes(t.name)], caption="行"), ""]
        out += [_table(["列编号", "列名", "适用格式"], [[_code(c.code), _e(c.meaning), _e(_eras(c.eras))]
                                                  for c in column_codes(t.name)], caption="列"), ""]
    return out


def _downloads_section() -> list[str]:
    rows = [
        [_code(HEADLINE_CSV), _e("主要数字，每条记录一行（UTF-8，无 BOM）")],
        [_code(HEADLINE_EXCEL), _e("同上，Excel 版（UTF-8 带 BOM，换行 \\r\\n）")],
        [_code(CELLS_CSV), _e("全部统计表格，每格一行（长表格式；gzip 压缩）")],
        [_code(SQLITE), _e("整个档案的 SQLite 数据库（gzip 压缩）：reports、cells、checks 三张表，带索引和外键")],
        [_code(DATAPACKAGE), _e("Data Package v2 描述文件：三个 CSV 文件的列、类型、主键与外键")],
        [_code(DICTIONARY_JSON), _e("本页内容的机器可读版本（JSON）")],
        [_code(RECORDS_JSONL), _e("全部记录的完整内容：gzip 压缩的 JSON Lines，每行一条记录，按 id 排序")],
        [_code(f"{TWIN_DIR}/<id>.json"), _e("每篇报告页面对应的记录（JSON，键按字母排序）")],
    ]
    return ["## 下载文件", "", _table(["文件", "内容"], rows), ""]


def _queries_section() -> list[str]:
    out = ["## 示例查询", "", f"下载 {SQLITE} 后先解压（gunzip {SQLITE}），再用 sqlite3 命令行（sqlite3 {SQLITE_FILE}）"
           "或任何 SQLite 工具打开数据库，即可运行：", ""]
    for q in QUERIES:
        out += [f"### {_e(q.title)}", ""]
        if q.explains:
            out += [_e(q.explains), ""]
        out += [f'<pre><code class="language-sql">{escape(q.sql)}</code></pre>', ""]
    return out


def dictionary_markdown(records: Iterable[dict] = ()) -> str:
    """The data-dictionary page body (Markdown with raw HTML tables; no front matter, no H1)."""
    out = ["本页说明每个下载文件的每一列：类型、单位、含义、适用于哪一年代的格式，以及空白与 0 的区别。"
           "空白从不表示 0：原文空白、写作“/”或“-”的格子记为空白，只有原文写明 0 才是 0。", ""]
    out += _downloads_section()
    out += ["## 报告格式（template / era）", "",
            _table(["编号", "含义"], [[_code(c.code), _e(c.meaning)] for c in era_codes()]), ""]
    for r in resources():
        where = _code(r.path) if r.path else _e(r.title)
        out += [f"## {_e(r.title)}", "", f"<p>{where}：{_e(r.description)}</p>", "",
                f"<p>主键：{'、'.join(_code(k) for k in r.primary_key)}"
                + "".join(f"；{_code(f)} 引用 {_code(res)}.{_code(k)}" for f, res, k in r.foreign_keys) + "</p>", "",
                _fields_table(r), ""]
    out += _coordinates_section()
    out += ["## 核对项（checks.id）", "",
            _table(["编号", "核对内容", "适用格式"], [[_code(c.code), _e(c.meaning), _e(_eras(c.eras))] for c in check_codes()]),
            "", "## 核对结果（checks.status）", "",
            _table(["编号", "含义"], [[_code(c.code), _e(c.meaning)] for c in STATUS_CODES]), ""]
    out += _queries_section()
    return "\n".join(out).rstrip("\n") + "\n"


def dictionary_page(records: Iterable[dict] = ()) -> bytes:
    return dictionary_markdown(records).encode("utf-8")


# ------------------------------------------------------------------------------------------
# The same for programs


def _code_json(c: Code) -> dict:
    out: dict = {"code": c.code, "meaning": c.meaning}
    if c.eras:
        out["eras"] = list(c.eras)
    return out


def _field_json(f: Field, sqlite: bool) -> dict:
    out: dict = {"name": f.name, "type": f.type, "sqlite_type": SQLITE_TYPES[f.type] if sqlite else None,
                 "unit": f.unit, "meaning": f.meaning, "eras": list(f.eras), "blank": f.blank, "required": f.required}
    if not sqlite:
        del out["sqlite_type"]
    if f.codes:
        out["codes"] = [_code_json(c) for c in f.codes]
    return out


def dictionary_data() -> dict:
    """The dictionary as plain data: what the page shows, keyed for programs."""
    return {
        "blank_is_not_zero": BLANK_CELL,
        "eras": [_code_json(c) for c in era_codes()],
        "resources": [{
            "name": r.name, "path": r.path, "sqlite_table": sqlite_table_name(r) if r.sqlite else None,
            "title": r.title, "description": r.description,
            "primary_key": list(r.primary_key),
            "foreign_keys": [{"field": f, "resource": res, "reference": k} for f, res, k in r.foreign_keys],
            "fields": [_field_json(f, r.sqlite) for f in r.fields],
        } for r in resources()],
        "tables": [{
            "name": t.name, "title": t.title, "eras": list(t.eras),
            "rows": [_code_json(c) for c in row_codes(t.name)] if t.name != "legacy_table" else [],
            "columns": [_code_json(c) for c in (column_codes(t.name) if t.name != "legacy_table" else LEGACY_COLUMN_CODES)],
        } for t in vocabulary().tables],
        "checks": [_code_json(c) for c in check_codes()],
        "statuses": [_code_json(c) for c in STATUS_CODES],
        "queries": [{"title": q.title, "sql": q.sql, **({"explains": q.explains} if q.explains else {})} for q in QUERIES],
    }


def dictionary_json() -> bytes:
    """dictionary.json: ``dictionary_data()`` as UTF-8 JSON (one-space indent, final newline)."""
    return (json.dumps(dictionary_data(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
