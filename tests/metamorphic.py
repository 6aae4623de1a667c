"""Metamorphic transformations: what publishing and scraping do to a report's text.

Each transformation is a small pure function ``(text, rng) -> text``: it rewrites a report's text
the way a CMS, a crawler, a PDF extractor, a markdown converter or a hijacked mirror does, without
changing what the report says. The parser must read the same metadata and figures back (tests in
tests/test_metamorphic.py); where a transformation really destroys information (a zero written
as a blank cell is no longer a stated zero), the transformation says which fields may become null
and why, and the record must carry a ``nulls`` entry for them.

A transformation that finds nothing to act on (no table, no metadata block, no title line) returns
its input unchanged; the suite counts that as "not applicable", not as a pass.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Callable

from generator.clean import META_LINE, _converter

TITLE_RE = re.compile(r"(?:年度?|年).{0,20}(?:报告|年报)|信息公开.{0,12}(?:报告|年报)")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
NUMBER_CELL = re.compile(r"^\s*[-−]?\d+(?:\.\d+)?\s*$")
SECTION_HEADING = re.compile(r"^\s*([一二三四五六])\s*[、.．]\s*(\S.{1,38})$")


# -------------------------------------------------------------------------------------------
# Helpers: where the title, the tables and the metadata block stand
# -------------------------------------------------------------------------------------------

def _lines(text: str) -> list[str]:
    return text.split("\n")


def title_index(lines: list[str]) -> int | None:
    """The report's title line: short, near the top, shaped like a report title, not a metadata
    line ("标题: …") and not a table row."""
    for i, s in enumerate(lines[:60]):
        t = s.strip()
        if t and len(t) <= 80 and TITLE_RE.search(t) and "|" not in t and not META_LINE.match(t) \
                and not re.search(r"[，。；]", t) and not t.startswith(("当前位置", "您现在的位置", "本报告", "根据")):
            return i
    return None


def title_top(lines: list[str]) -> int | None:
    """The first line of the title, a PDF title broken before the year included
    ("淮安市人民政府" / "2024 年政府信息公开工作年度报告")."""
    i = title_index(lines)
    if i is None:
        return None
    # Walk up over the first lines of a wrapped title: short, no punctuation, cut inside the name.
    while i > 0 and re.fullmatch(r"[\u4e00-\u9fff（）()\d\s]{2,40}", lines[i - 1].strip()) \
            and (re.match(r"^\s*\d{4}\s*年", lines[i]) or re.match(r"^\s*(?:工作|年度|报告|年报)", lines[i])):
        i -= 1
    return i


def full_title(lines: list[str]) -> str | None:
    top, i = title_top(lines), title_index(lines)
    return None if i is None else "".join(s.strip() for s in lines[top:i + 1])


def table_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every run of consecutive "|…|" lines."""
    blocks, i = [], 0
    while i < len(lines):
        if TABLE_ROW.match(lines[i]):
            j = i
            while j < len(lines) and TABLE_ROW.match(lines[j]):
                j += 1
            blocks.append((i, j))
            i = j
        else:
            i += 1
    return blocks


def cells(row: str) -> list[str]:
    s = row.strip()
    return s[1:-1].split("|")


def row_of(cs: list[str]) -> str:
    return "|" + "|".join(cs) + "|"


def meta_block(lines: list[str]) -> list[int]:
    """Indexes of the metadata lines (索引号：…, 发布日期：…) above the report text."""
    out = []
    for i, s in enumerate(lines[:40]):
        t = s.strip()
        if re.match(r"^=+\s*正文\s*=+$", t):
            break
        if len(t) <= 120 and META_LINE.match(t):
            out.append(i)
        elif out and t:
            break                      # the block is one run of lines
        elif t.startswith(("本报告", "根据《", "一、")) or len(t) > 120:
            break
    return out


def _meta_pairs(line: str) -> list[tuple[str, str]]:
    from generator.clean import extract_meta
    return list(extract_meta(line).items())


# -------------------------------------------------------------------------------------------
# Transformations
# -------------------------------------------------------------------------------------------

def wrap_title(text: str, rng: random.Random) -> str:
    """PDF and Word wrap a long title: "…政府信息公开" / "工作年度报告"."""
    lines = _lines(text)
    i = title_index(lines)
    if i is None:
        return text
    t = lines[i].strip()
    k = t.find("工作年度报告")
    if k <= 0:
        k = t.find("年度报告")
    if k <= 0:
        k = t.find("年报")
    if k <= 0:
        return text
    if rng.random() < 0.5 and k > 6:     # three lines: the body's name on a line of its own
        m = re.search(r"\d{4}\s*年", t)
        if m and 0 < m.start() < k:
            return "\n".join(lines[:i] + [t[:m.start()], t[m.start():k], t[k:]] + lines[i + 1:])
    return "\n".join(lines[:i] + [t[:k], t[k:]] + lines[i + 1:])


def breadcrumbs(text: str, rng: random.Random) -> str:
    """A CMS breadcrumb ending in the report's title, above the title."""
    lines = _lines(text)
    i = title_index(lines)
    title = full_title(lines) if i is not None else "政府信息公开工作年度报告"
    sep = rng.choice([" > ", ">", " » ", " / "])
    crumb = sep.join(["首页", "政务公开", "政府信息公开", "政府信息公开年报", title])
    at = title_top(lines) if i is not None else 0
    return "\n".join(lines[:at] + [crumb] + lines[at:])


def leading_zhengwen(text: str, rng: random.Random) -> str:
    """A leading "正文" (the CMS tab or crawler's marker) just above the title."""
    lines = _lines(text)
    at = title_top(lines) or 0
    return "\n".join(lines[:at] + [rng.choice(["正文", "正文：", "【正文】"])] + lines[at:])


def markdown_headings(text: str, rng: random.Random) -> str:
    """A markdown conversion: "# " before the title, "## " before the six section headings."""
    lines = _lines(text)
    i = title_index(lines)
    changed = False
    if i is not None:
        lines[i] = "# " + lines[i].strip()
        changed = True
    for k, s in enumerate(lines):
        if k != i and SECTION_HEADING.match(s) and "|" not in s and len(s.strip()) <= 40:
            lines[k] = "## " + s.strip()
            changed = True
    return "\n".join(lines) if changed else text


def _rewrite_table_rows(text: str, rewrite: Callable[[list[str], bool], list[str]]) -> str:
    """Every table row's cells given to ``rewrite`` (cells, first row of its table?) for the lines
    that replace the row; the text between tables stays."""
    lines = _lines(text)
    blocks = table_blocks(lines)
    if not blocks:
        return text
    out, pos = [], 0
    for a, b in blocks:
        out.extend(lines[pos:a])
        for k in range(a, b):
            out.extend(rewrite(cells(lines[k]), k == a))
        pos = b
    out.extend(lines[pos:])
    return "\n".join(out)


def tables_markdown(text: str, rng: random.Random) -> str:
    """Markdown pipe tables: "| a | b |" rows and a "|---|---|" rule after the first row."""
    def row(cs: list[str], first: bool) -> list[str]:
        out = ["| " + " | ".join(c.strip() for c in cs) + " |"]
        return out + ["|" + "|".join("---" for _ in cs) + "|"] if first else out
    return _rewrite_table_rows(text, row)


def one_cell_per_line(text: str, rng: random.Random) -> str:
    """A crawler that keeps no cell separators: every cell on a line of its own."""
    return _rewrite_table_rows(text, lambda cs, first: [c.strip() if c.strip() else " " for c in cs])


def _spaced(label: str) -> str:
    return " ".join(label) if len(label) <= 6 else label


def _wrapped(label: str, width: int) -> list[str]:
    return [label[k:k + width] for k in range(0, len(label), width)]


def pdf_text(text: str, rng: random.Random) -> str:
    """PDF text extraction: cells separated by spaces, short header labels broken per character
    ("自 然 人"), long row labels wrapped over several lines, and page footers ("第 3 页 共 9 页",
    "- 3 -") between the lines."""
    lines = _lines(text)
    blocks = table_blocks(lines)
    out, pos = [], 0
    for a, b in blocks:
        out.extend(lines[pos:a])
        for k in range(a, b):
            cs = [c.strip() for c in cells(lines[k])]
            labels = [c for c in cs if c and not NUMBER_CELL.match(c)]
            numbers = [c if c else " " for c in cs if not c or NUMBER_CELL.match(c)]
            if labels and any(NUMBER_CELL.match(c) for c in cs):
                lab = "".join(labels)
                parts = _wrapped(lab, 8)
                out.extend(parts[:-1])
                out.append(parts[-1] + " " + " ".join(numbers))
            elif labels:
                out.append(" ".join(_spaced(c) for c in labels))
            else:
                out.append(" ".join(numbers))
        pos = b
    out.extend(lines[pos:])
    if not blocks and len(out) < 8:
        return text
    pages = max(2, len(out) // 30 + 1)
    result, page = [], 1
    for k, s in enumerate(out, 1):
        result.append(s)
        if k % 30 == 0 and page < pages:
            result.append(rng.choice([f"第 {page} 页 共 {pages} 页", f"- {page} -"]))
            page += 1
    result.append(f"第 {pages} 页 共 {pages} 页")
    return "\n".join(result)


ANNEX_TABLES = [("二", "主动公开政府信息情况"), ("三", "收到和处理政府信息公开申请情况"), ("四", "政府信息公开行政复议、行政诉讼情况")]


def annex_tables(text: str, rng: random.Random) -> str:
    """Tables labelled as annexes: "附表1 主动公开政府信息情况" above each table of 二, 三, 四."""
    lines = _lines(text)
    blocks = table_blocks(lines)
    if not blocks:
        return text
    out, pos, n = [], 0, 0
    for a, b in blocks:
        out.extend(lines[pos:a])
        heading = next((SECTION_HEADING.match(lines[k]) for k in range(a - 1, max(-1, a - 40), -1)
                        if SECTION_HEADING.match(lines[k])), None)
        if heading and heading.group(1) in "二三四" and (not out or not out[-1].startswith("附表")):
            n += 1
            out.append(f"附表{n}{rng.choice(['：', ' ', '　'])}{heading.group(2).strip()}")
        out.extend(lines[a:b])
        pos = b
    out.extend(lines[pos:])
    return "\n".join(out) if n else text


SHIFT = {"二": "一", "三": "二", "四": "三", "五": "四", "六": "五"}


def renumber_sections(text: str, rng: random.Random) -> str:
    """Sections numbered one lower than the template (the overview has no number): what the
    template calls 三 and 四 stand under 二 and 三."""
    lines = _lines(text)
    changed = False
    for k, s in enumerate(lines):
        m = SECTION_HEADING.match(s)
        if m and "|" not in s and len(s.strip()) <= 40:
            if m.group(1) == "一" and "总体" in m.group(2):
                lines[k] = m.group(2).strip()
            elif m.group(1) in SHIFT:
                lines[k] = f"{SHIFT[m.group(1)]}、{m.group(2).strip()}"
            else:
                continue
            changed = True
    return "\n".join(lines) if changed else text


REVIEW_GROUPS = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
REVIEW_HEADER = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def split_section_four(text: str, rng: random.Random) -> str:
    """Section 四 printed as three tables of five columns each (复议 / 直接起诉 / 复议后起诉)."""
    lines = _lines(text)
    for a, b in table_blocks(lines):
        values = next((k for k in range(a, b) if len(cells(lines[k])) == 15
                       and all(NUMBER_CELL.match(c) or not c.strip() for c in cells(lines[k]))), None)
        if values is None or not any("复议" in lines[k] for k in range(a, b)):
            continue
        vs = [c.strip() for c in cells(lines[values])]
        new = []
        for g, name in enumerate(REVIEW_GROUPS):
            new += [row_of([name]), row_of(REVIEW_HEADER), row_of(vs[g * 5:(g + 1) * 5])]
            if g < 2:
                new.append("")
        return "\n".join(lines[:a] + new + lines[b:])
    return text


FULL = "，：；（）！？"
HALF = ",:;()!?"
TO_HALF = str.maketrans(FULL, HALF)
TO_FULL = str.maketrans(HALF, FULL)


def swap_punctuation(text: str, rng: random.Random) -> str:
    """Full-width punctuation made half-width and the reverse (，↔, ：↔: （↔( …)."""
    out = "".join(ch.translate(TO_HALF) if ch in FULL else ch.translate(TO_FULL) if ch in HALF else ch for ch in text)
    return out if out != text else text


def fullwidth_digits(text: str, rng: random.Random) -> str:
    """Digits typed full-width (２０２４年), as some Word exports and OCR give them."""
    return text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))


LABEL_PINYIN = {
    "发布时间": "發(fa)布時(shi)間(jian)", "发布日期": "發(fa)布日(ri)期(qi)", "发布机构": "發(fa)布機(ji)構(gou)",
    "索引号": "索(suo)引(yin)號(hao)", "来源": "來(lai)源(yuan)", "标题": "標(biao)題(ti)", "成文日期": "成(cheng)文日(ri)期(qi)",
    "生成日期": "生(sheng)成日(ri)期(qi)", "日期": "日(ri)期(qi)",
}


def traditional_pinyin(text: str, rng: random.Random) -> str:
    """A mirror site: the page in Traditional script, toneless pinyin inside the metadata labels
    ("發(fa)布時(shi)間(jian)：") and tone-marked pinyin after some characters (臺(tái))."""
    trad = _converter("s2t").convert(text)
    lines = _lines(trad)
    simp_lines = _lines(text)
    for k in meta_block(simp_lines):
        pairs = _meta_pairs(simp_lines[k])
        if pairs and pairs[0][0] in LABEL_PINYIN and k < len(lines):
            key = pairs[0][0]
            lines[k] = re.sub(r"^(\s*[•·●\-*]*)" + re.escape(_converter("s2t").convert(key)), lambda m, key=key: m.group(1) + LABEL_PINYIN[key], lines[k], count=1)
    out = "\n".join(lines)
    out = re.sub(r"報(?![(（])", "報(bào)", out, count=1)
    out = re.sub(r"鎮(?![(（])", "鎮(zhèn)", out, count=1)
    return out


SPAM_TOP = ["bet365娱乐城官网 | vwin德赢体育 | 365bet开户", "首页 | 网站地图 | 无障碍浏览 | 长者模式", "您现在的位置：首页 > 政务公开"]
SPAM_BOTTOM = ["【打印】 【关闭】", "扫一扫在手机上查看当前页面", "版权所有：某某网站 ICP备12345678号", "xpj娱乐app下载 | 澳门新葡京"]


def spam_and_chrome(text: str, rng: random.Random) -> str:
    """A hijacked page: spam lines and page chrome at the top and bottom, and a brand token
    dropped between two sentences of the report."""
    lines = _lines(text)
    prose = [k for k, s in enumerate(lines) if len(s) > 60 and "。" in s and "|" not in s]
    if prose:
        k = prose[len(prose) // 2]
        s = lines[k]
        cut = s.find("。") + 1
        lines[k] = s[:cut] + "vwin德赢" + s[cut:]
    return "\n".join(SPAM_TOP + lines + SPAM_BOTTOM)


def _relayout(text: str, how: Callable[[list[tuple[str, str]]], list[str]], after_title: bool = False) -> str:
    lines = _lines(text)
    idx = meta_block(lines)
    if len(idx) < 2:
        return text
    pairs = [p for k in idx for p in _meta_pairs(lines[k])]
    drop = set(idx)
    rest = [s for k, s in enumerate(lines) if k not in drop]
    block = how(pairs)
    at = idx[0] - sum(1 for k in idx if k < idx[0])
    if after_title:
        t = title_index(rest)
        if t is not None:
            at = t + 1
    return "\n".join(rest[:at] + block + rest[at:])


def meta_one_per_line(text: str, rng: random.Random) -> str:
    """Layout 1: "键：值" one per line, full-width colon."""
    return _relayout(text, lambda ps: [f"{k}：{v}" for k, v in ps])


def meta_one_line(text: str, rng: random.Random) -> str:
    """Layout 2: the whole block glued on one line."""
    return _relayout(text, lambda ps: ["  ".join(f"{k}：{v}" for k, v in ps)])


def meta_value_below(text: str, rng: random.Random) -> str:
    """Layout 3: each key on a line of its own, its value on the next."""
    return _relayout(text, lambda ps: [x for k, v in ps for x in (f"{k}：", v) if x])


def meta_table(text: str, rng: random.Random) -> str:
    """Layout 4: the block as a two-column table, two pairs to a row."""
    def how(ps):
        rows = []
        for k in range(0, len(ps), 2):
            rows.append(row_of([c for k2, v in ps[k:k + 2] for c in (f"{k2}：", v)]))
        return rows
    return _relayout(text, how)


def meta_after_title(text: str, rng: random.Random) -> str:
    """Layout 5: below the title, half-width colons and bullets ("• 发布日期: …")."""
    return _relayout(text, lambda ps: [f"• {k}: {v}" for k, v in ps], after_title=True)


def _zero_cells(text: str, mark: str) -> str:
    lines = _lines(text)
    changed = False
    for a, b in table_blocks(lines):
        for k in range(a, b):
            cs = cells(lines[k])
            new = [mark if c.strip() == "0" else c for c in cs]
            if new != cs:
                lines[k] = row_of(new)
                changed = True
    return "\n".join(lines) if changed else text


def zeros_blank(text: str, rng: random.Random) -> str:
    """Zero cells left blank."""
    return _zero_cells(text, "")


def zeros_slash(text: str, rng: random.Random) -> str:
    """Zero cells written as "/"."""
    return _zero_cells(text, "/")


def crlf(text: str, rng: random.Random) -> str:
    """Windows line ends."""
    return text.replace("\n", "\r\n")


# -------------------------------------------------------------------------------------------
# Registry
# -------------------------------------------------------------------------------------------

ZERO_LOST = "一个写作空白或“/”的格子不再说明它是 0：该格记为空值（nulls 说明原因），由它得出的头条数字可为空"


@dataclass(frozen=True)
class Transformation:
    name: str
    fn: Callable[[str, random.Random], str]
    order: int = 0                                        # composition order in pairs (script, line ends last)
    may_null: tuple[str, ...] = ()                        # field prefixes that may become null …
    null_reason: str = ""                                 # … and why the transformation destroys them
    xfail: str = ""                                       # a known failure not fixed in files this suite owns
    tags: tuple[str, ...] = field(default=())

    def apply(self, text: str, seed: str) -> str:
        return self.fn(text, random.Random(f"{self.name}/{seed}"))


TRANSFORMATIONS = [
    Transformation("wrap_title", wrap_title),
    Transformation("breadcrumbs", breadcrumbs),
    Transformation("leading_zhengwen", leading_zhengwen),
    Transformation("markdown_headings", markdown_headings),
    Transformation("tables_markdown", tables_markdown),
    Transformation("one_cell_per_line", one_cell_per_line),
    Transformation("pdf_text", pdf_text),
    Transformation("annex_tables", annex_tables),
    Transformation("renumber_sections", renumber_sections),
    Transformation("split_section_four", split_section_four),
    Transformation("swap_punctuation", swap_punctuation),
    Transformation("fullwidth_digits", fullwidth_digits),
    Transformation("spam_and_chrome", spam_and_chrome),
    Transformation("meta_one_per_line", meta_one_per_line),
    Transformation("meta_one_line", meta_one_line),
    Transformation("meta_value_below", meta_value_below),
    Transformation("meta_table", meta_table),
    Transformation("meta_after_title", meta_after_title),
    Transformation("zeros_blank", zeros_blank, may_null=("statistics.", "headline."), null_reason=ZERO_LOST),
    Transformation("zeros_slash", zeros_slash, may_null=("statistics.", "headline."), null_reason=ZERO_LOST),
    Transformation("traditional_pinyin", traditional_pinyin, order=1),
    Transformation("crlf", crlf, order=2),
]
BY_NAME = {t.name: t for t in TRANSFORMATIONS}

# Single cases known to fail, with the reason (not fixed: no rule that generalises was found).
KNOWN_CASES: dict[tuple[str, str], str] = {}


def expected_failure(ts: list[Transformation], sample: str) -> str | None:
    """The reason a case is expected to fail (one of its transformations fails on that sample alone)."""
    for t in ts:
        if (t.name, sample) in KNOWN_CASES:
            return KNOWN_CASES[(t.name, sample)]
    return None


def compose(ts: list[Transformation]) -> list[Transformation]:
    return sorted(ts, key=lambda t: t.order)


# -------------------------------------------------------------------------------------------
# Samples, parsing, comparison
# -------------------------------------------------------------------------------------------

import hashlib  # noqa: E402
import importlib.util  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared")
SYNTH_SEED = 11
SYNTH_N = 12


@dataclass
class Sample:
    name: str
    text: str
    meta: dict = field(default_factory=dict)


def _base_of_html(html: str) -> str:
    """A page, as a crawler's text dump keeps it: the metadata block, then the page's text."""
    from generator.clean import clean_html
    doc = clean_html(html)
    head = [f"{k}：{v}" for k, v in doc.meta.items() if k != "原文链接" and v]
    return "\n".join(head + [""] + doc.lines) + "\n"


def _synth():
    spec = importlib.util.spec_from_file_location("synth", ROOT / "benchmarks" / "synth.py")
    module = sys.modules.get("synth")
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules["synth"] = module
        spec.loader.exec_module(module)
    return module


def samples() -> list[Sample]:
    """Every sample text: the archive's sources, the shared seeds and samples (read in place,
    never copied), and synthetic reports of every era and shape."""
    from generator.ingest import decode, read_meta
    out: list[Sample] = []
    seen: set[str] = set()
    paths = sorted((ROOT / "site_data" / "sources").rglob("*"))
    paths += sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "samples" / "huaian").glob("*.txt"))
    for p in paths:
        if p.suffix not in (".txt", ".html", ".htm") or not p.is_file():
            continue
        data = p.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            continue
        seen.add(digest)
        text, _ = decode(data)
        try:
            meta = read_meta(p)
        except Exception:
            meta = {}
        meta = {k: v for k, v in meta.items() if k == "url"}
        if p.suffix != ".txt":
            text = _base_of_html(text)
        out.append(Sample(f"{p.parent.name}/{p.name}", text, meta))
    synth = _synth()
    for i in range(SYNTH_N):
        rep = synth.make_report(SYNTH_SEED, i)
        if rep.shape == "dump":
            text = synth.render_dump(rep)
        elif rep.shape == "cells":
            text = synth.render_cells(rep)
        else:
            text = _base_of_html(synth.render_html(rep, heavy=False))
        out.append(Sample(f"synth/{rep.era}-{rep.shape}-{i}", text, {"url": rep.url}))
    return out


def parse_text(text: str, meta: dict, name: str = "metamorphic/sample.txt") -> list[dict]:
    from generator.ingest import RawSource
    from generator.parse import parse_source
    return parse_source(RawSource(file=name, data=text.encode("utf-8"), meta=dict(meta)))


def _flat(prefix: str, value, out: dict) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flat(f"{prefix}.{k}", v, out)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _flat(f"{prefix}[{i}]", v, out)
    else:
        out[prefix] = value


def project(record: dict) -> dict:
    """The fields the suite holds invariant: metadata and figures."""
    out = {
        "is_report": record["is_report"], "title": record["title"], "organisation.name": record["organisation"]["name"],
        "year": record["year"], "published": record["published"], "template": record["template"],
    }
    stats = dict(record["statistics"])
    legacy = stats.pop("legacy_table", None)
    _flat("statistics", stats, out)
    if legacy is not None:
        for i, row in enumerate(legacy):
            out[f"statistics.legacy_table[{i}].value"] = row["value"]
    _flat("headline", record["headline"], out)
    return out


def _noted(path: str, record: dict) -> bool:
    """Whether the record's nulls say why ``path`` is null (an entry for it or for its row/table)."""
    fields = [n["field"] for n in record["nulls"]]
    return any(path == f or path.startswith(f + ".") or path.startswith(f + "[") for f in fields)


@dataclass
class Outcome:
    status: str          # "na" | "same" | "null-ok" | "changed"
    diffs: list = field(default_factory=list)


def judge(base: list[dict], got: list[dict], ts: list[Transformation]) -> Outcome:
    if len(base) != len(got):
        return Outcome("changed", [("records", len(base), len(got))])
    may_null = tuple(p for t in ts for p in t.may_null)
    diffs, nulled = [], []
    for b, g in zip(base, got):
        pb, pg = project(b), project(g)
        for key in sorted(set(pb) | set(pg)):
            vb, vg = pb.get(key), pg.get(key)
            if vb == vg:
                continue
            if vg is None and key.startswith(may_null) and (key.startswith("headline.") or _noted(key, g)):
                nulled.append(key)
                continue
            diffs.append((key, vb, vg))
    if diffs:
        return Outcome("changed", diffs)
    return Outcome("null-ok" if nulled else "same", nulled)


def run_case(sample: Sample, base: list[dict], ts: list[Transformation]) -> Outcome:
    text = sample.text
    for t in compose(ts):
        text = t.apply(text, sample.name)
    if text == sample.text:
        return Outcome("na")
    # Every transformation must have acted: a pair where one part found nothing is not that pair.
    return judge(base, parse_text(text, sample.meta), ts)


# Outcome counts per transformation, filled by tests/test_metamorphic.py and printed by
# tests/metamorphic_report.py at the end of the run.
RESULTS: dict = {}
