"""Records → Markdown pages (Jinja2) for one script (zh-Hans or zh-Hant).

Safety model.  Every string in a record is scraped and hostile.  Pages are Markdown files whose
data-bearing parts are raw HTML blocks: Python-Markdown passes block-level raw HTML through without
looking inside, so escaped text in them can never become Markdown syntax (links, emphasis,
headings, lists, tables) — and the Jinja environment autoescapes every value, so it can never become
HTML either.  The only Markdown the templates emit is their own constant text (section headings).
Before rendering, every string in a record is sanitised: control characters (which Python-Markdown
uses for its placeholders) and the two private-use characters used below as "do not convert"
markers are removed.  Page titles (which Material prints unescaped into <title> and the header) have
< > & " ' replaced by their full-width forms.  Links to record URLs are emitted only for absolute
http(s) URLs; anything else is shown as text.  Jinja never sees scraped text as a template.

Script.  Pages are rendered once, in Simplified; for zh-Hant the finished page text is converted
with ``generator.convert.to_traditional`` except the spans marked "verbatim" (URLs, file names,
hashes, ids), which stay as they are.

Shared files.  The zh-Hans tree also receives the data downloads (``data/records.json``,
``data/headline.csv``, ``data/records/<id>.yaml``) and inert copies of the raw sources
(``sources/<id>.txt``) as static files; the zh-Hant edition, mounted at ``zh-Hant/`` under the
zh-Hans site root, links to those same files instead of duplicating them.

Files are written only when their bytes change, and generated files that are no longer produced are
removed (only inside the generated paths), so ``mkdocs serve`` does not loop.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import json
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

import jinja2
import yaml
from markupsafe import Markup, escape

from generator.characters import LINE_BREAK, UNSAFE
from generator.convert import to_traditional

__all__ = [
    "render_docs",
    "render_pages",
    "body_slug",
    "page_url",
    "safe_url",
    "GENERATED_DIRS",
    "GENERATED_FILES",
    "SHARED_DIRS",
    "HEADLINE_KEYS",
]

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = Path(__file__).resolve().parent / "templates"
SCRIPTS = ("zh-Hans", "zh-Hant")

# Paths under a docs tree that render_docs owns (stale files in them are deleted).
GENERATED_DIRS = ("reports", "bodies", "years", "data", "sources")
GENERATED_FILES = ("index.md", "search.md", "not-published.md", "data-quality.md")
# Written into the zh-Hans tree only; the zh-Hant edition links to them ("../" + path).
SHARED_DIRS = ("data/records", "sources")
SHARED_FILES = ("data/records.json", "data/headline.csv")

# Markers around text that must not be converted to Traditional (URLs, file names, ids).  Removed
# from every scraped string before rendering, so input cannot forge them.
_KEEP_OPEN = "\ue000"
_KEEP_CLOSE = "\ue001"
_KEEP_RE = re.compile(f"{_KEEP_OPEN}(.*?){_KEEP_CLOSE}", re.S)
# The shared list of unsafe characters (generator.characters) plus the two private-use characters
# used below as "do not convert" markers.
_UNSAFE_CHARS = re.compile(f"{UNSAFE.pattern}|[\ue000\ue001]")

HEADLINE_KEYS = (
    "proactive_items",
    "requests_received",
    "requests_granted",
    "requests_partially_granted",
    "requests_completed",
    "reviews",
    "lawsuits",
)
HEADLINE_LABELS = {
    "proactive_items": "主动公开信息数",
    "requests_received": "收到申请数",
    "requests_granted": "予以公开",
    "requests_partially_granted": "部分公开",
    "requests_completed": "办理完结（总计）",
    "reviews": "行政复议",
    "lawsuits": "行政诉讼",
}

TEMPLATE_LABELS = {
    "pre2019": "2019年以前格式（自由格式，附统计表）",
    "2019": "2019年版格式（2019—2020年度）",
    "2021": "2021年版格式（2021年度起）",
    "unknown": "未能判定",
}

# Short form for the lists' 格式 column (the report page shows TEMPLATE_LABELS).
TEMPLATE_SHORT = {"pre2019": "2019年以前", "2019": "2019年版", "2021": "2021年版", "unknown": "未能判定"}

STATUS_LABELS = {"pass": "通过", "fail": "未通过", "not_applicable": "不适用"}

SOURCE_FORMAT_LABELS = {"html": "网页（HTML）", "text": "纯文本", "txt": "纯文本", "pdf": "PDF",
                        "docx": "Word 文档", "xlsx": "电子表格"}
# Documents are never republished as is (scripts, external references): the copy is their text.
DOCUMENT_FORMATS = ("pdf", "docx", "xlsx")

# Records keep machine ids for checks and cleaning steps; pages name them in Chinese, with the id
# beside in small type (not indexed for search).  A check id is looked up whole, then without its
# last parts (requests.balance.total → requests.balance); an id not listed is shown as it is.
CHECK_LABELS = {
    "requests.balance": "申请数收支平衡",
    "requests.outcomes_sum": "办理结果合计",
    "requests.row_totals": "各行总计",
    "review_litigation.group_sums": "复议、诉讼合计",
    "prose_vs_table": "正文与表格一致",
    "prose_vs_table.requests_received": "正文与表格：收到申请数",
    "prose_vs_table.reviews": "正文与表格：行政复议数",
    "prose_vs_table.lawsuits": "正文与表格：行政诉讼数",
    "deadline": "公布期限",
    "locality": "正文中的地名",
    "across_years": "跨年度衔接",
    "across_years.carry_over": "跨年度：结转申请数",
    "across_years.regulations_stock": "跨年度：规章现行有效件数",
    "across_years.normative_documents_stock": "跨年度：规范性文件现行有效件数",
}
CLEANING_LABELS = {
    "pdf": "PDF 提取", "pdf-table": "PDF 跨页表格", "pdf-paragraph": "PDF 跨页段落", "pdf-font": "PDF 无法识别的字符",
    "pdf-rotated": "PDF 旋转页面", "ocr": "OCR 识别", "docx": "Word 提取", "xlsx": "电子表格提取", "convert": "格式转换",
    "characters": "不可见字符与控制字符",
    "decode": "字符编码",
    "html": "网页代码",
    "chrome": "网站界面文字",
    "page-header": "页头",
    "page-footer": "页脚",
    "page-widgets": "页面按钮",
    "metadata": "页面元数据",
    "crawler-header": "爬虫抬头",
    "mojibake": "乱码",
    "pinyin": "拼音注音",
    "script": "繁简转换",
    "spam-line": "垃圾内容行",
    "spam-token": "垃圾词",
    "spam-url": "被改写的链接",
    "split": "多篇拆分",
}


def label_of(labels: dict, machine_id: Any) -> str | None:
    """The Chinese name of a check id or cleaning step, or None."""
    parts = str(machine_id).split(".")
    for n in range(len(parts), 0, -1):
        label = labels.get(".".join(parts[:n]))
        if label:
            return label
    return None

NAME_SOURCE_LABELS = {
    "title": "标题",
    "metadata": "页面元数据",
    "text": "正文",
    "correction": "维护者更正",
}

# Section 三: the seven columns, and the rows in source order with their labels.
REQUEST_COLUMNS = (
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social_welfare", "社会公益组织"),
    ("legal_services", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
# (key or None for a label-only group row, label, indent level)
REQUEST_ROWS = (
    ("new_received", "一、本年新收政府信息公开申请数量", 0),
    ("carried_over", "二、上年结转政府信息公开申请数量", 0),
    (None, "三、本年度办理结果", 0),
    ("granted", "（一）予以公开", 1),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
    (None, "（三）不予公开", 1),
    ("denied_state_secret", "1.属于国家秘密", 2),
    ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", 2),
    ("denied_security_stability", "3.危及“三安全一稳定”", 2),
    ("denied_third_party_rights", "4.保护第三方合法权益", 2),
    ("denied_internal_affairs", "5.属于三类内部事务信息", 2),
    ("denied_process_information", "6.属于四类过程性信息", 2),
    ("denied_enforcement_files", "7.属于行政执法案卷", 2),
    ("denied_administrative_query", "8.属于行政查询事项", 2),
    (None, "（四）无法提供", 1),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息", 2),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作", 2),
    ("unavailable_unclear", "3.补正后申请内容仍不明确", 2),
    (None, "（五）不予处理", 1),
    ("not_processed_complaint", "1.信访举报投诉类申请", 2),
    ("not_processed_repeated", "2.重复申请", 2),
    ("not_processed_publication", "3.要求提供公开出版物", 2),
    ("not_processed_excessive", "4.无正当理由大量反复申请", 2),
    ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", 2),
    (None, "（六）其他处理", 1),
    ("other_overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", 2),
    ("other_overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", 2),
    ("other_other", "3.其他", 2),
    ("other", "（六）其他处理", 1),
    ("total", "（七）总计", 1),
    ("carried_forward", "四、结转下年度继续办理", 0),
)

REVIEW_COLUMNS = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
REVIEW_ROWS = (
    ("review", "行政复议"),
    ("litigation_direct", "行政诉讼：未经复议直接起诉"),
    ("litigation_after_review", "行政诉讼：复议后起诉"),
)

# Section 二, per era: a list of sub-tables (caption, columns, rows).
PROACTIVE_TABLES = {
    "2021": (
        ("第二十条第（一）项", (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
         (("regulations", "规章"), ("normative_documents", "行政规范性文件"))),
        ("第二十条第（五）项", (("decisions", "本年处理决定数量"),), (("licensing", "行政许可"),)),
        ("第二十条第（六）项", (("decisions", "本年处理决定数量"),),
         (("punishment", "行政处罚"), ("coercion", "行政强制"))),
        ("第二十条第（八）项", (("amount_10k_yuan", "本年收费金额（单位：万元）"),),
         (("fees", "行政事业性收费"),)),
    ),
    "2019": (
        ("第二十条第（一）项", (("made", "本年新制作数量"), ("published", "本年新公开数量"),
                              ("total_published", "对外公开总数量")),
         (("regulations", "规章"), ("normative_documents", "规范性文件"))),
        ("第二十条第（五）项", (("previous", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")),
         (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项"))),
        ("第二十条第（六）项", (("previous", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")),
         (("punishment", "行政处罚"), ("coercion", "行政强制"))),
        ("第二十条第（八）项", (("previous", "上一年项目数量"), ("change", "本年增/减")),
         (("fees", "行政事业性收费"),)),
        ("第二十条第（九）项", (("projects", "采购项目数量"), ("amount", "采购总金额")),
         (("procurement", "政府集中采购"),)),
    ),
}


# --------------------------------------------------------------------------------------------
# Sanitising and small helpers


def _clean_str(value: str) -> str:
    value = LINE_BREAK.sub("\n", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _UNSAFE_CHARS.sub("", value)


def sanitize(obj: Any) -> Any:
    """A deep copy of a record with every string (keys too) made safe to hand to templates."""
    if isinstance(obj, str):
        return _clean_str(obj)
    if isinstance(obj, dict):
        return {(_clean_str(k) if isinstance(k, str) else k): sanitize(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [sanitize(v) for v in obj]
    if isinstance(obj, (_dt.date, _dt.datetime)):
        return obj.isoformat()
    return obj


_TITLE_FULLWIDTH = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "\n": " ", "\t": " ",
                                  "\u2028": " ", "\u2029": " ", "\x85": " "})


def plain_title(text: str) -> str:
    """A page title safe where Material prints it unescaped (<title>, header): no markup characters."""
    return " ".join(_clean_str(str(text)).translate(_TITLE_FULLWIDTH).split())


def safe_url(url: Any) -> str | None:
    """The URL if it is an absolute http(s) URL with a host and no whitespace/quotes, else None."""
    if not isinstance(url, str) or not url or len(url) > 2000:
        return None
    if re.search(r"[\s\"'<>`\\\x00-\x1f\x7f]", url) or UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if not url.lower().startswith(parts.scheme.lower() + "://"):
        return None
    return url


def body_slug(name: str | None, region: Iterable[str] | None) -> str:
    """URL-safe, deterministic, script-independent slug of an issuing body (Simplified name + region)."""
    if not name:
        return "unknown"
    key = "\x1f".join([*(region or []), name])
    return "b-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def year_slug(year: Any) -> str:
    if isinstance(year, int) and not isinstance(year, bool) and year >= 0:
        return str(year)
    if isinstance(year, str) and year.isascii() and year.isdigit():
        return str(int(year))
    return "unknown"


def page_url(md_path: str) -> str:
    """Site-root-relative URL of a docs page with use_directory_urls (``reports/x.md`` → ``reports/x/``)."""
    if md_path == "index.md":
        return ""
    if md_path.endswith("/index.md"):
        return md_path[: -len("index.md")]
    return md_path[: -len(".md")] + "/"


def _depth(md_path: str) -> int:
    return page_url(md_path).count("/")


def fmt_number(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def fmt_value(value: Any) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return fmt_number(value) if isinstance(value, (int, float)) else str(value)


def keep(value: Any) -> Markup:
    """Escape ``value`` and mark it so that zh-Hant conversion leaves it as it is."""
    return Markup(_KEEP_OPEN) + escape(str(value)) + Markup(_KEEP_CLOSE)


# --------------------------------------------------------------------------------------------
# Cells


class Page:
    """Helpers bound to one page (relative links depend on its depth)."""

    def __init__(self, md_path: str, script: str, inferred: Iterable[str] = (), ocr: bool = False):
        self.md_path = md_path
        self.script = script
        self.up = "../" * _depth(md_path)
        self.inferred = set(inferred)
        self.ocr = ocr          # every figure of the page was read by OCR from a scan

    def url(self, target: str) -> str:
        """Relative URL from this page to a site-root-relative URL of the same edition."""
        return (self.up + target) or "./"

    def shared(self, target: str) -> str:
        """Relative URL to a shared file (data download, raw source copy) in the zh-Hans root."""
        return self.up + ("" if self.script == "zh-Hans" else "../") + target

    def is_inferred(self, path: str) -> bool:
        if path in self.inferred:
            return True
        # List indices are written "[3]" by the parser; accept ".3." too.
        bracket = re.sub(r"\.(\d+)(?=\.|$)", r"[\1]", path)
        dotted = re.sub(r"\[(\d+)\]", r".\1", path)
        return bracket in self.inferred or dotted in self.inferred

    def cell(self, row: dict | None, key: str, path: str) -> Markup:
        """One statistics cell: a number, 0, a blank (null) or a missing key — each distinct."""
        if not isinstance(row, dict) or key not in row:
            return Markup('<td class="cell-absent" title="记录中无此项"></td>')
        return self.value_cell(row[key], path)

    def value_cell(self, value: Any, path: str) -> Markup:
        if value is None:
            return Markup('<td class="cell-blank" title="空白/未填">—</td>')
        classes = ["cell-num"]
        if value == 0 and not isinstance(value, bool):
            classes.append("cell-zero")
        mark = Markup("")
        title = ""
        if self.is_inferred(path):
            classes.append("cell-inferred")
            title = ' title="推算值：由表内算术关系推出，非直接读取"'
            mark = Markup('<sup class="inferred-mark">推</sup>')
        if self.ocr:
            classes.append("cell-ocr")
            title = ' title="OCR 识别：从扫描件识别出的数字，未经人工核对"'
            mark = mark + Markup('<sup class="ocr-mark">OCR</sup>')
        text = fmt_number(value) if isinstance(value, (int, float)) else str(value)
        return Markup('<td class="{}"{}>{}{}</td>').format(" ".join(classes), Markup(title), text, mark)

    def link(self, url: Any, text: Any | None = None) -> Markup:
        """A link to an external URL only when it is http(s); otherwise the URL as plain text."""
        good = safe_url(url)
        label = keep(url) if text is None else escape(str(text))
        if good is None:
            if url in (None, ""):
                return Markup('<span class="value-none">—</span>')
            return Markup('<span class="url-inert" title="非 http(s) 链接，仅作文本显示">{}</span>').format(keep(url))
        return Markup('<a href="{}" rel="nofollow noopener noreferrer" class="external">{}</a>').format(
            keep(good), label)


def _headline_cells(page: Page, record: dict) -> list[Markup]:
    headline = record.get("headline") or {}
    return [page.cell(headline, key, f"headline.{key}") for key in HEADLINE_KEYS]


# --------------------------------------------------------------------------------------------
# The archive model


def _sort_text(value: Any) -> str:
    return "" if value is None else str(value)


def _year_num(record: dict) -> int:
    slug = year_slug(record.get("year"))
    return -1 if slug == "unknown" else int(slug)


def _region_of(record: dict) -> list[str]:
    region = (record.get("organisation") or {}).get("region") or []
    return [str(x) for x in region if x not in (None, "")] if isinstance(region, list) else [str(region)]


def _record_sort_key(record: dict) -> tuple:
    org = record.get("organisation") or {}
    return (_region_of(record), _sort_text(org.get("name")), record["id"])


def _display_name(record: dict) -> str:
    return (record.get("organisation") or {}).get("name") or "（发布机构不详）"


def _title(record: dict) -> str:
    if record.get("title"):
        return record["title"]
    year = record.get("year")
    return f"{_display_name(record)} {year if year is not None else '年份不详'} 政府信息公开工作年度报告"


class Archive:
    def __init__(self, records: list[dict], unpublished: list[dict]):
        self.records = sorted((sanitize(r) for r in records), key=lambda r: r["id"])
        ids = [r["id"] for r in self.records]
        if len(ids) != len(set(ids)):
            dup = sorted(i for i, n in Counter(ids).items() if n > 1)
            raise ValueError(f"duplicate record ids: {dup}")
        for rid in ids:
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", rid):
                raise ValueError(f"record id is not URL-safe: {rid!r}")
        self.unpublished = sorted(
            (sanitize(u) for u in unpublished),
            key=lambda u: (_sort_text(u.get("file")), _sort_text(u.get("id")), _sort_text(u.get("reason"))),
        )
        self.bodies: dict[str, dict] = {}
        self.years: dict[str, list[dict]] = defaultdict(list)
        for record in self.records:
            org = record.get("organisation") or {}
            name = org.get("body") or org.get("name")    # the body's one name (site_data/bodies.yaml)
            name = str(name) if name not in (None, "") else None
            slug = body_slug(name, _region_of(record))
            record["_body_slug"] = slug
            record["_title"] = str(_title(record))
            record["_body"] = name or "（发布机构不详）"
            record["_region"] = _region_of(record)
            record["_year_slug"] = year_slug(record.get("year"))
            record["_failed"] = [c for c in record.get("checks") or [] if c.get("status") == "fail"]
            body = self.bodies.setdefault(slug, {
                "slug": slug, "name": record["_body"],
                # Reports whose issuer is unknown are grouped together, whatever their regions.
                "region": record["_region"] if slug != "unknown" else [],
                "records": []})
            body["records"].append(record)
            self.years[record["_year_slug"]].append(record)
        for body in self.bodies.values():
            body["records"].sort(key=lambda r: (_year_num(r) < 0, _year_num(r), r["id"]))
        for recs in self.years.values():
            recs.sort(key=_record_sort_key)

    def bodies_sorted(self) -> list[dict]:
        return sorted(self.bodies.values(), key=lambda b: (b["slug"] == "unknown", b["region"], b["name"], b["slug"]))

    def year_slugs(self) -> list[str]:
        """Newest first, unknown last."""
        known = sorted((s for s in self.years if s != "unknown"), key=int, reverse=True)
        return known + (["unknown"] if "unknown" in self.years else [])

    def latest(self, n: int = 10) -> list[dict]:
        return sorted(
            self.records,
            key=lambda r: (_sort_text(r.get("published")), _year_num(r), r["id"]),
            reverse=True,
        )[:n]

    def failed_checks(self) -> list[tuple[dict, dict]]:
        out = []
        for record in self.records:
            for check in sorted(record["_failed"], key=lambda c: (_sort_text(c.get("id")), _sort_text(c.get("message")))):
                out.append((record, check))
        return out


# --------------------------------------------------------------------------------------------
# Jinja


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        # Markdown attribute lists ("## 标题 {#id}") contain "{#": Jinja comments use {## ##}.
        comment_start_string="{##",
        comment_end_string="##}",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters["keep"] = keep
    env.filters["num"] = fmt_number
    env.filters["value"] = fmt_value
    env.filters["title"] = plain_title
    env.filters["json_str"] = lambda s: Markup(json.dumps(plain_title(s), ensure_ascii=False))
    env.filters["paragraphs"] = _paragraphs
    env.globals.update(
        HEADLINE_KEYS=HEADLINE_KEYS,
        HEADLINE_LABELS=HEADLINE_LABELS,
        TEMPLATE_LABELS=TEMPLATE_LABELS,
        TEMPLATE_SHORT=TEMPLATE_SHORT,
        STATUS_LABELS=STATUS_LABELS,
        SOURCE_FORMAT_LABELS=SOURCE_FORMAT_LABELS,
        CHECK_LABELS=CHECK_LABELS,
        CLEANING_LABELS=CLEANING_LABELS,
        label_of=label_of,
        field_label=field_label,
        NAME_SOURCE_LABELS=NAME_SOURCE_LABELS,
        REQUEST_COLUMNS=REQUEST_COLUMNS,
        REVIEW_COLUMNS=REVIEW_COLUMNS,
        REVIEW_ROWS=REVIEW_ROWS,
        headline_cells=_headline_cells,
        safe_url=safe_url,
    )
    return env


def _finalize(value: Any) -> Any:
    """Every {{ }} output: null prints as nothing (never "None"); a multi-line string is escaped
    with its line breaks as <br>, so no data string can put a blank line (the end of a raw HTML
    block for some Markdown processors) into a page."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup) and "\n" in value:
        return Markup("<br>\n").join(escape(line) for line in value.split("\n"))
    return value


_ENV: jinja2.Environment | None = None


def _env() -> jinja2.Environment:
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV


def _paragraphs(text: Any) -> Markup:
    """Plain text → <p> elements (blank line = new paragraph, newline = <br>), all escaped.

    Runs of "|a|b|c|" lines (how the cleaner keeps a source's table rows) become an HTML table
    again, so the full text shows the table as the source laid it out.
    """
    if text in (None, ""):
        return Markup("")
    out: list[Markup] = []
    para: list[str] = []
    rows: list[list[str]] = []

    def flush_para():
        if any(line.strip() for line in para):
            out.append(Markup("<p>{}</p>").format(Markup("<br>\n").join(escape(line) for line in para)))
        para.clear()

    def flush_rows():
        if rows:
            body = Markup("").join(
                Markup("<tr>{}</tr>").format(Markup("").join(Markup("<td>{}</td>").format(c) for c in row)) for row in rows)
            out.append(Markup('<div class="source-table"><table>{}</table></div>').format(body))
        rows.clear()

    for line in str(text).split("\n"):
        stripped = line.strip()
        if len(stripped) > 2 and stripped.startswith("|") and stripped.endswith("|"):
            flush_para()
            rows.append(stripped[1:-1].split("|"))
        elif not stripped:
            flush_rows()
            flush_para()
        else:
            flush_rows()
            para.append(line)
    flush_rows()
    flush_para()
    return Markup("\n").join(out)


def _request_rows(requests: dict, page: Page) -> list[dict]:
    """Rows of the section 三 table present in the record, in source order.

    A group heading (三、本年度办理结果, （三）不予公开 …) is shown only above rows it contains."""
    known = {key for key, _, _ in REQUEST_ROWS if key}
    rows: list[dict] = []
    pending: list[dict] = []
    for key, label, level in REQUEST_ROWS:
        if key is None:
            pending = [g for g in pending if g["level"] < level]
            pending.append({"label": label, "level": level, "group": True})
            continue
        if key not in requests:
            continue
        rows.extend(g for g in pending if g["level"] < level)
        pending = []
        rows.append(_request_row(requests, key, label, level, page))
    for key in requests:
        if key not in known:
            label = Markup("（未识别的行）<code data-pagefind-ignore>{}</code>").format(keep(key))
            rows.append(_request_row(requests, key, label, 0, page))
    return rows


def _request_row(requests: dict, key: str, label: str, level: int, page: Page) -> dict:
    row = requests.get(key)
    cells = [page.cell(row, col, f"statistics.requests.{key}.{col}") for col, _ in REQUEST_COLUMNS]
    extra = sorted(k for k in (row or {}) if k not in dict(REQUEST_COLUMNS)) if isinstance(row, dict) else []
    return {"label": label, "level": level, "group": False, "cells": cells, "extra": extra, "row": row, "key": key}


def _proactive_tables(proactive: dict, template: str, page: Page) -> tuple[list[dict], list[dict]]:
    """(era tables, leftover rows) for section 二."""
    tables = []
    used: set[tuple[str, str]] = set()
    for caption, columns, rows in PROACTIVE_TABLES.get(template, ()):
        present = [(key, label) for key, label in rows if key in proactive]
        if not present:
            continue
        body = []
        for key, label in present:
            row = proactive.get(key)
            body.append({
                "label": label,
                "cells": [page.cell(row, col, f"statistics.proactive.{key}.{col}") for col, _ in columns],
            })
            for col, _ in columns:
                used.add((key, col))
        tables.append({"caption": caption, "columns": [c[1] for c in columns], "rows": body})
    leftovers = []
    for key, row in proactive.items():
        if isinstance(row, dict):
            for col, value in row.items():
                if (key, col) not in used:
                    leftovers.append({"key": key, "field": col,
                                      "cell": page.value_cell(value, f"statistics.proactive.{key}.{col}")})
        else:
            leftovers.append({"key": key, "field": "", "cell": page.value_cell(row, f"statistics.proactive.{key}")})
    return tables, leftovers


def _legacy_rows(table: Any, page: Page) -> list[dict]:
    rows = []
    for i, item in enumerate(table if isinstance(table, list) else []):
        item = item if isinstance(item, dict) else {"label": fmt_value(item)}
        rows.append({
            "label": item.get("label"),
            "unit": item.get("unit"),
            "cell": page.cell(item, "value", f"statistics.legacy_table[{i}].value"),
        })
    return rows


_SOURCE_CELL = re.compile(r"^(?:statistics\.)?(requests|review_litigation|proactive)\.(\w+)\.(\w+)$")
_SOURCE_LEGACY = re.compile(r"^(?:statistics\.)?legacy_table\[(\d+)\](?:\.value)?(?:\s*\((.*)\))?$", re.S)


_SECTIONS = {"requests": ("requests", "第三部分"), "review_litigation": ("review-litigation", "第四部分"),
             "proactive": ("proactive", "第二部分")}


def _table_names(table: str, template: str) -> tuple[dict, dict]:
    """({row key: label}, {column key: label}) of a statistics table as this page shows it."""
    if table == "requests":
        return {k: v for k, v, _ in REQUEST_ROWS if k}, dict(REQUEST_COLUMNS)
    if table == "review_litigation":
        return dict(REVIEW_ROWS), dict(REVIEW_COLUMNS)
    rows: dict = {}
    cols: dict = {}
    for _, columns, body in PROACTIVE_TABLES.get(template, ()):
        rows.update(body)
        cols.update(columns)
    return rows, cols


def _describe_source(path: str, template: str) -> list[dict] | None:
    """A table source (statistics.requests.total.total, "a.total + b.total", statistics.legacy_table[3]
    (label)) as the cells a reader looks for: [{section anchor, section, row, column}], or None
    when some part is not a cell this page shows."""
    out: list[dict] = []
    table = None
    for part in (x.strip() for x in path.split(" + ")):
        m = _SOURCE_LEGACY.match(part)
        if m:
            row = f"第 {int(m.group(1)) + 1} 行" + (f"“{m.group(2).strip()}”" if m.group(2) else "")
            out.append({"anchor": "legacy-table", "section": "统计表", "row": row, "column": None})
            continue
        m = _SOURCE_CELL.match(part)
        if not m and table and re.fullmatch(r"\w+\.\w+", part):  # "a.total + b.total": b is in a's table
            m = _SOURCE_CELL.match(f"{table}.{part}")
        if not m:
            return None
        table, row, col = m.groups()
        rows, cols = _table_names(table, template)
        if row not in rows or col not in cols:
            return None
        anchor, section = _SECTIONS[table]
        out.append({"anchor": anchor, "section": section, "row": f"“{rows[row]}”行", "column": f"“{cols[col]}”列"})
    return out or None


FIELD_LABELS = {
    "title": "标题",
    "year": "报告年度",
    "published": "发布日期",
    "dates": "日期",
    "template": "报告格式",
    "index_number": "索引号",
    "organisation": "发布机构",
    "organisation.name": "发布机构名称",
    "organisation.region": "所属地区",
    "statistics": "统计表",
    "statistics.proactive": "第二部分表格",
    "statistics.requests": "第三部分表格",
    "statistics.review_litigation": "第四部分表格",
    "statistics.legacy_table": "统计表（2019年以前的格式）",
    "text": "全文",
    "sections": "全文的六个部分",
}
_FIELD_ROW = re.compile(r"^statistics\.(requests|review_litigation|proactive)\.(\w+)$")
_FIELD_LEGACY = re.compile(r"^statistics\.legacy_table\[(\d+)\](?:\.(value|cumulative|label|unit))?$")


def field_label(path: Any, template: str = "unknown") -> str | None:
    """A record field path (空值说明, 维护者更正) in Chinese, or None when it is not one we know."""
    path = str(path)
    if path in FIELD_LABELS:
        return FIELD_LABELS[path]
    if path.startswith("headline.") and path[len("headline."):] in HEADLINE_LABELS:
        return "主要数字：" + HEADLINE_LABELS[path[len("headline."):]]
    m = _FIELD_LEGACY.match(path)
    if m:
        extra = {"cumulative": "（历年累计）", "label": "（指标名称）", "unit": "（单位）"}.get(m.group(2) or "", "")
        return f"统计表第 {int(m.group(1)) + 1} 行{extra}"
    m = _FIELD_ROW.match(path)
    if m:
        table, row = m.groups()
        rows = _table_names(table, template)[0]
        return f"{_SECTIONS[table][1]}“{rows[row]}”行" if row in rows else None
    cells = _describe_source(path, template) if path.startswith("statistics.") and " " not in path else None
    if cells and len(cells) == 1:
        return cells[0]["section"] + cells[0]["row"] + (cells[0]["column"] or "")
    return None


def _headline_source(source: Any, template: str = "unknown") -> dict:
    if source is None:
        return {"kind": "none", "text": ""}
    text = str(source)
    if text.startswith("prose:"):
        return {"kind": "prose", "text": text[len("prose:"):].strip()}
    return {"kind": "table", "text": text, "cells": _describe_source(text, template)}


# --------------------------------------------------------------------------------------------
# Pages


def _report_context(archive: Archive, record: dict, script: str, sources_available: set[str]) -> dict:
    page = Page(f"reports/{record['id']}.md", script, record.get("inferred") or [],
                ocr=bool((record.get("source") or {}).get("ocr")))
    stats = record.get("statistics") or {}
    template = str(record.get("template") or "unknown")
    headline = record.get("headline") or {}
    sources = record.get("headline_sources") or {}
    return {
        "p": page,
        "r": record,
        "org": record.get("organisation") or {},
        "src": record.get("source") or {},
        "dates": record.get("dates") or {},
        "template": template,
        "headline_rows": [
            {"label": HEADLINE_LABELS[k], "cell": page.cell(headline, k, f"headline.{k}"),
             "source": _headline_source(sources.get(k), template)}
            for k in HEADLINE_KEYS
        ],
        "requests": _request_rows(stats["requests"], page) if isinstance(stats.get("requests"), dict) else None,
        "review": stats.get("review_litigation") if isinstance(stats.get("review_litigation"), dict) else None,
        "proactive": (_proactive_tables(stats["proactive"], template, page)
                      if isinstance(stats.get("proactive"), dict) else None),
        "legacy": _legacy_rows(stats["legacy_table"], page) if "legacy_table" in stats else None,
        "has_source_copy": record["id"] in sources_available,
        "document_copy": (record.get("source") or {}).get("format") in DOCUMENT_FORMATS,
        # The same report's other originals (a page and its PDF attachment): listed as duplicates.
        "twins": [u for u in archive.unpublished if u.get("duplicate_of") == record["id"]],
    }


def render_pages(
    records: list[dict],
    unpublished: list[dict],
    script: str,
    sources_available: Iterable[str] = (),
) -> dict[str, str]:
    """All generated Markdown pages of one script: {docs-relative path: text}.  Pure and deterministic."""
    if script not in SCRIPTS:
        raise ValueError(f"script must be one of {SCRIPTS}, got {script!r}")
    archive = Archive(records, unpublished)
    env = _env()
    available = set(sources_available)
    raw: dict[str, str] = {}

    def render(path: str, template: str, **ctx: Any) -> None:
        raw[path] = env.get_template(template).render(p=Page(path, script), a=archive, script=script, **ctx)

    render("index.md", "home.md.j2")
    render("reports/index.md", "reports_index.md.j2")
    for record in archive.records:
        path = f"reports/{record['id']}.md"
        raw[path] = env.get_template("report.md.j2").render(
            a=archive, script=script, **_report_context(archive, record, script, available))
    render("bodies/index.md", "bodies_index.md.j2")
    for body in archive.bodies_sorted():
        render(f"bodies/{body['slug']}.md", "body.md.j2", body=body)
    render("years/index.md", "years_index.md.j2")
    for slug in archive.year_slugs():
        render(f"years/{slug}.md", "year.md.j2", year=slug, recs=archive.years[slug])
    render("not-published.md", "not_published.md.j2")
    render("data-quality.md", "data_quality.md.j2")
    render("data/index.md", "data_index.md.j2")
    render("search.md", "search.md.j2")
    origins = {f"reports/{r['id']}.md": r["source"]["file"] for r in archive.records}
    pages = {path: finish(text, script) for path, text in sorted(raw.items())}
    for path, text in pages.items():
        check_front_matter(path, text, origins.get(path))
    return pages


class RenderError(RuntimeError):
    """A generated page that MkDocs would not read as intended (the message names the source)."""


def check_front_matter(path: str, text: str, source_file: str | None = None) -> None:
    """Fail closed: MkDocs renders a front matter it cannot parse as Markdown, page text included,
    so a page whose front matter MkDocs would not read back as a mapping with its title stops the
    build instead of being published."""
    from mkdocs.utils.meta import get_data
    _, meta = get_data(text)
    if not isinstance(meta, dict) or not isinstance(meta.get("title"), str):
        where = f"（来源 {source_file}）" if source_file else ""
        raise RenderError(f"生成的页面 {path}{where} 的页首元数据无法被 MkDocs 读取，已停止构建以免把元数据当作正文发布")


def finish(text: str, script: str) -> str:
    """Convert a finished page to its script; verbatim-marked spans are left as they are."""
    if script == "zh-Hans":
        return text.replace(_KEEP_OPEN, "").replace(_KEEP_CLOSE, "")
    out = []
    pos = 0
    for m in _KEEP_RE.finditer(text):
        out.append(to_traditional(text[pos:m.start()]))
        out.append(m.group(1))
        pos = m.end()
    out.append(to_traditional(text[pos:]))
    result = "".join(out)
    if _KEEP_OPEN in result or _KEEP_CLOSE in result:  # unbalanced marker: a template bug
        raise AssertionError("unbalanced verbatim markers in rendered page")
    return result


# --------------------------------------------------------------------------------------------
# Data downloads and raw source copies (zh-Hans tree only)


def _records_json(records: list[dict]) -> bytes:
    clean = [sanitize(r) for r in sorted(records, key=lambda r: r["id"])]
    return (json.dumps(clean, ensure_ascii=False, indent=1, default=str) + "\n").encode("utf-8")


_CSV_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    text = fmt_number(value) if isinstance(value, (int, float)) else str(value)
    if isinstance(value, str) and _CSV_FORMULA.match(text):
        return "'" + text  # keep spreadsheets from evaluating scraped text as a formula
    return text


def _headline_csv(records: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["id", "year", "organisation", "region", "title", "published", "template", *HEADLINE_KEYS,
                     "failed_checks", "source_url"])
    for r in sorted((sanitize(r) for r in records), key=lambda r: r["id"]):
        org = r.get("organisation") or {}
        headline = r.get("headline") or {}
        failed = sum(1 for c in r.get("checks") or [] if c.get("status") == "fail")
        writer.writerow([
            r["id"], _csv_text(r.get("year")), _csv_text(org.get("name")), _csv_text(" / ".join(org.get("region") or [])),
            _csv_text(r.get("title")), _csv_text(r.get("published")), _csv_text(r.get("template")),
            *(_csv_text(headline.get(k)) for k in HEADLINE_KEYS), failed,
            _csv_text((r.get("source") or {}).get("url")),
        ])
    return buf.getvalue().encode("utf-8")


def _record_yaml(record: dict, records_dir: Path | None) -> bytes:
    if records_dir is not None:
        path = Path(records_dir) / f"{record['id']}.yaml"
        if path.is_file():
            return path.read_bytes()
    return yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100).encode("utf-8")


def document_copy(record: dict) -> bytes:
    """The raw-source copy of a PDF/Word/spreadsheet source: the text extracted from it, headed by
    the original's name, SHA-256 and URL (the file itself can carry scripts and external links)."""
    src = record.get("source") or {}
    head = [f"原件：{src.get('file')}", f"SHA-256：{src.get('sha256')}", f"网址：{src.get('url') or '（未记录）'}",
            "以下是从原件提取的文字（表格每行以“|”分隔各格）；原件本身不转载。", ""]
    return ("\n".join(head) + "\n" + _clean_str(str(record.get("text") or "")) + "\n").encode("utf-8")


def shared_files(
    records: list[dict],
    records_dir: Path | None = None,
    sources_dir: Path | None = None,
) -> dict[str, bytes | Path]:
    """Static files for the zh-Hans tree: {path: bytes, or a Path to copy byte for byte}."""
    files: dict[str, bytes | Path] = {
        "data/records.json": _records_json(records),
        "data/headline.csv": _headline_csv(records),
    }
    for record in records:
        files[f"data/records/{record['id']}.yaml"] = _record_yaml(record, records_dir)
        source_file = (record.get("source") or {}).get("file")
        if sources_dir is not None and isinstance(source_file, str) and source_file:
            path = (Path(sources_dir) / source_file).resolve()
            base = Path(sources_dir).resolve()
            if path.is_file() and base in path.parents:
                if (record.get("source") or {}).get("format") in DOCUMENT_FORMATS:
                    files[f"sources/{record['id']}.txt"] = document_copy(record)
                    continue
                # Served as text/plain: a scraped page must never run from our origin.
                files[f"sources/{record['id']}.txt"] = path
    return files


# --------------------------------------------------------------------------------------------
# Writing


def write_if_changed(path: Path, data: bytes | str | Path) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly those bytes.  True if written."""
    if isinstance(data, Path):
        if path.is_file() and path.stat().st_size == data.stat().st_size and path.read_bytes() == data.read_bytes():
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(data, path)
        return True
    blob = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == blob:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(blob)
    tmp.replace(path)
    return True


def _hand_written(content_dir: Path) -> list[Path]:
    """Files of the hand-written content tree that render_docs does not generate."""
    out = []
    for path in sorted(content_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(content_dir).as_posix()
        if rel in GENERATED_FILES or rel.split("/", 1)[0] in GENERATED_DIRS or rel.startswith("."):
            continue
        out.append(path)
    return out


def render_docs(
    records: list[dict],
    unpublished: list[dict],
    docs_dir: Path,
    script: str,
    content_dir: Path,
    *,
    records_dir: Path | None = None,
    sources_dir: Path | None = None,
) -> dict[str, int]:
    """Write the docs tree of one script.

    records      published report records (dicts as in ARCHITECTURE.md, Simplified values)
    unpublished  [{file, id (may be None), reason}] for every source not published
    docs_dir     the docs tree to write (``content/`` for zh-Hans, ``build/zh-Hant/docs`` for zh-Hant)
    script       "zh-Hans" or "zh-Hant"
    content_dir  the hand-written pages (``content/``); copied (converted) when docs_dir differs
    records_dir  where canonical record YAML files are (copied byte for byte into data/records/);
                 records without a file there are dumped with yaml.safe_dump
    sources_dir  the raw sources (``site_data/sources``); each published record's source is copied
                 to ``sources/<id>.txt`` (zh-Hans tree only)

    Returns counts: {"written": n, "unchanged": n, "removed": n}.
    """
    docs_dir = Path(docs_dir)
    content_dir = Path(content_dir)
    files: dict[str, bytes | str | Path] = {}
    sources_available: set[str] = set()
    if script == "zh-Hans":
        shared = shared_files(records, records_dir, sources_dir)
        files.update(shared)
        sources_available = {p[len("sources/"):-len(".txt")] for p in shared if p.startswith("sources/")}
    else:
        # zh-Hant links to the zh-Hans copies; it only needs to know which exist.
        for record in records:
            f = (record.get("source") or {}).get("file")
            if sources_dir is not None and isinstance(f, str) and f and (Path(sources_dir) / f).is_file():
                sources_available.add(record["id"])
    files.update(render_pages(records, unpublished, script, sources_available))

    same_tree = docs_dir.resolve() == content_dir.resolve()
    if not same_tree:
        for path in _hand_written(content_dir):
            rel = path.relative_to(content_dir).as_posix()
            if path.suffix == ".md":
                text = path.read_text(encoding="utf-8")
                files[rel] = to_traditional(text) if script == "zh-Hant" else text
            else:
                files[rel] = path

    counts = {"written": 0, "unchanged": 0, "removed": 0}
    for rel in sorted(files):
        if write_if_changed(docs_dir / rel, files[rel]):
            counts["written"] += 1
        else:
            counts["unchanged"] += 1

    # Remove generated files that are no longer produced.
    candidates: list[Path] = []
    for d in GENERATED_DIRS:
        if (docs_dir / d).is_dir():
            candidates += [p for p in (docs_dir / d).rglob("*") if p.is_file()]
    candidates += [docs_dir / f for f in GENERATED_FILES if (docs_dir / f).is_file()]
    if not same_tree:
        # The whole zh-Hant tree is generated: hand-written copies that vanished go too.
        candidates += [p for p in docs_dir.rglob("*") if p.is_file()]
    for path in sorted(set(candidates)):
        if path.relative_to(docs_dir).as_posix() not in files:
            path.unlink()
            counts["removed"] += 1
    for d in sorted((p for p in docs_dir.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(d.iterdir()):
            d.rmdir()
    return counts
