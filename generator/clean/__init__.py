"""Clean: raw page or text dump → the report's own lines, in Simplified script.

Every step records what it removed or flagged (``CleanDocument.cleaning``), so a report page can
show exactly what the archive took away from the source. Nothing here guesses content: spam
tokens are marked, not replaced by what they probably stood for; mojibake is flagged, not fixed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ..characters import describe_removed, strip_unsafe
from .html import html_to_lines

__all__ = ["CleanDocument", "clean_text", "clean_html", "split_articles", "SPAM_MARK"]

SPAM_MARK = "〔垃圾词〕"

# Metadata keys of Chinese government CMS pages and crawler header blocks.
META_KEYS = (
    "索引号", "发布机构", "发文机构", "生成日期", "发布日期", "发布时间", "公开日期", "成文日期",
    "公开方式", "公开范围", "公开时限", "公开形式", "文号", "信息来源", "来源", "主题分类", "体裁分类",
    "组配分类", "内容概述", "有效性", "归档时间", "所属机构", "发布单位", "标题", "栏目", "原文链接",
    "本地目录", "日期", "作者", "字号", "浏览次数", "访问次数", "点击数",
)
_META_KEY_RE = "|".join(sorted(map(re.escape, META_KEYS), key=len, reverse=True))
META_LINE = re.compile(rf"^[\s•·●\-*]*(?:{_META_KEY_RE})\s*[:：]")
META_PAIR = re.compile(rf"({_META_KEY_RE})\s*[:：]\s*")

# Page counters ("浏览量:191", "点击数：", "阅读次数 12") are chrome; a sentence that mentions them
# ("全年网站浏览量达12万次。") is report text: the word must stand as a label, its count (if any) alone.
COUNTER = re.compile(r"(?:浏览量|浏览次数|访问次数|点击数|点击量|阅读次数|阅读量|访问量)\s*[:：]?\s*(?:\d+\s*次?)?\s*(?:$|[|\s【\[）)]|[\u4e00-\u9fff]{2,4}\s*[:：])")
CHROME_LINE = re.compile(
    r"(字号|文字大小|字体[:：]?\s*[【\[]?大|"
    r"^\s*+(?:[【\[]\s*+)?(打印|关闭|关闭窗口|分享|分享到|收藏|返回列表|返回顶部|返回|上一篇|下一篇|我要纠错)\s*+[】\]]?\s*+$|"
    r"扫一扫在手机|手机扫一扫|版权所有|ICP备|公网安备|网站标识码|网站地图|联系我们|技术支持[:：]|主办单位[:：]|"
    r"承办单位[:：]|^附件下载$|您现在的位置|当前位置[:：]|页面链接与图片详见|^=+\s*正文\s*=+$|^\s*[-—]\s*$|"
    r"^\s*(大|中|小)(\s+(大|中|小))+\s*$|^xml:namespace|^\s*[-—–]\s*\d{1,3}\s*[-—–]\s*$|"
    r"^\s*第\s*\d{1,3}\s*页\s*(?:[,，/／]?\s*共\s*\d{1,3}\s*页)?\s*$|^\s*共\s*\d{1,3}\s*页\s*第\s*\d{1,3}\s*页\s*$)"
)
FOOTER_START = re.compile(
    r"^\s*+(?:[【\[]\s*+)?(打印(本页)?|关闭(窗口)?|分享到|上一篇|下一篇|相关(链接|文章|附件|信息)|扫一扫|版权所有|"
    r"主办(单位)?[:：]|网站地图|使用帮助|网站标识码|【打印】)"
)
# Share buttons and format toggles between a page's title and the report text.
WIDGET_LINE = re.compile(r"^[^，。；,;]{0,24}$")

# Gambling and porn brands that hijacked sites put in place of real words: a latin/digit token that
# contains a brand stem (e.g. "vwin", "365bet", "hg0088", "xpjapp"), with any brand suffixes that
# follow it ("bet365娱乐城官网"). Matched token by token, never with a leading open-ended quantifier,
# so the time is linear in the line (the old single pattern took 154 s on a 20,000-letter line).
SPAM_STEM = re.compile(r"bet|casino|jizz|poker|slot|bwin|sbobet|dafabet|vwin|xpj|hg\d{3}", re.I)
LATIN_TOKEN = re.compile(r"[0-9a-z]+", re.I)   # e.g. "bet365"
SPAM_SUFFIX = re.compile(
    r"(?:老虎机|娱乐城|娱乐|注册|官网|平台|开户|下载|网址|体育|真人|棋牌|彩票|app|手机版|国产精品|国产|精品|传媒|免费)+", re.I)


def spam_latin_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every latin spam token in ``text``, suffixes included, in order."""
    spans: list[tuple[int, int]] = []
    for token in LATIN_TOKEN.finditer(text):
        if token.start() < (spans[-1][1] if spans else 0) or not SPAM_STEM.search(token.group(0)):
            continue
        suffix = SPAM_SUFFIX.match(text, token.end())
        spans.append((token.start(), suffix.end() if suffix else token.end()))
    return spans


def _sub_spans(text: str, spans: list[tuple[int, int]], repl) -> str:
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(repl(text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


SPAM_CJK = re.compile(r"老虎机|百家乐|娱乐城|赌场|博彩|六合彩|时时彩|澳门新葡京|威尼斯人|太阳城集团|国产精品|无码|精品传媒")

# Pinyin with at least one tone mark, directly after a Han character: 鎮(zhèn), 臺（tái）.
PINYIN = re.compile(
    r"(?<=[\u4e00-\u9fff])\s?[(（]\s*([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-züāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]*)\s*[)）]"
)
# Mojibake: a "?" where a character was lost between Han characters, or GBK/UTF-8 confusion debris.
MOJIBAKE = re.compile(r"[\u4e00-\u9fff]\?+[\u4e00-\u9fff,，A-Za-z]|\?,[A-Za-z]|\ufffd|[ÃÂâ€][\x80-\xbf€™]")

HAN = re.compile(r"[\u4e00-\u9fff]")
ARTICLE_BREAK = re.compile(r"^\s*篇\s*[0-9一二三四五六七八九十]+\s*[:：]")


@dataclass
class CleanDocument:
    lines: list[str]
    meta: dict[str, str] = field(default_factory=dict)   # metadata block values, first seen wins
    cleaning: list[dict] = field(default_factory=list)   # [{step, detail}]
    script: str = "zh-Hans"                               # script of the source before normalising

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def note(self, step: str, detail: str) -> None:
        self.cleaning.append({"step": step, "detail": detail})


@lru_cache(maxsize=None)
def _converter(config: str):
    import opencc
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    # hk2t first folds Hong Kong variants (衞, 着) into Taiwan/standard forms that tw2s knows.
    return _converter("tw2s").convert(_converter("hk2t").convert(text))


def looks_traditional(text: str) -> bool:
    """True when the Han characters are mostly Traditional forms.

    Counts characters that only Traditional script writes (they change under tw2s) against those
    that only Simplified writes (they change under s2t). Converting text that is already
    Simplified is not harmless (tw2s turns 显著 into 显着), so only a real mirror is converted.
    """
    han = "".join(sorted(set(HAN.findall(text[:20000]))))
    if not han:
        return False
    traditional_only = sum(a != b for a, b in zip(han, to_simplified(han)))
    simplified_only = sum(a != b for a, b in zip(han, _converter("s2t").convert(han)))
    return traditional_only > simplified_only


def _short(s: str, n: int = 60) -> str:
    s = s.strip()
    return s if len(s) <= n else s[: n - 1] + "…"


def extract_meta(line: str) -> dict[str, str]:
    """Key/value pairs of a metadata line, including several glued on one line."""
    pairs: dict[str, str] = {}
    matches = list(META_PAIR.finditer(line))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end():end].strip(" \t|•·")
        pairs.setdefault(m.group(1), value)
    return pairs


URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9.\-]+(?::\d+)?(?:/[^\s，。；、）)“”\"'<>]*)?", re.I)
SPAM_URL_MARK = "〔疑似被改写的链接〕"
URL_SCHEME = re.compile(r"^(?:https?://)?", re.I)    # "https://" before "www.example.gov.cn/…" (or nothing)


def rewritten_url(url: str) -> bool:
    """A link a hijacked site rewrote: a gambling host, or a foreign host wrapping a gov.cn address."""
    host = URL_SCHEME.sub("", url).split("/", 1)[0].split(":")[0].lower()
    if spam_latin_spans(host):
        return True
    official = host.endswith((".gov.cn", ".gov", ".org.cn", ".edu.cn", ".mil.cn")) or host in ("gov.cn",)
    return not official and "gov.cn" in url.lower()[len(host):]


def _strip_spam_tokens(line: str) -> tuple[str, list[str]]:
    found: list[str] = []

    def mark(m: re.Match) -> str:
        return mark_text(m.group(0))

    def mark_text(token: str) -> str:
        found.append(token)
        return SPAM_MARK

    def mark_url(m: re.Match) -> str:
        if rewritten_url(m.group(0)):
            found.append(m.group(0))
            return SPAM_URL_MARK
        return m.group(0)

    line = URL.sub(mark_url, line)
    line = _sub_spans(line, spam_latin_spans(line), mark_text)
    line = SPAM_CJK.sub(mark, line)
    return line, found


SPAM_LINE_FILLER = re.compile(r"[\s,，|_\-、。:：;；/]+")   # " | ", "，", " - " between the brands of a spam line


def _is_spam_line(marked: str) -> bool:
    rest = marked.replace(SPAM_MARK, "")
    rest = SPAM_LINE_FILLER.sub("", rest)
    return len(HAN.findall(rest)) <= 10 and marked.count(SPAM_MARK) >= 1


def _normalise_script(doc: CleanDocument, lines: list[str]) -> list[str]:
    joined = "\n".join(lines)
    if not looks_traditional(joined):
        return lines
    converted = to_simplified(joined)
    doc.script = "zh-Hant"
    doc.note("script", "原文为繁体，已转为简体（OpenCC hk2t → tw2s）；不转载镜像站自行转换的繁体文本")
    return converted.split("\n")


def _strip_unsafe_characters(doc: CleanDocument, lines: list[str]) -> list[str]:
    """Controls, non-characters, zero-width and bidi characters go first, before anything matches
    a name or a label (日照\u200b镇 must be 日照镇), and the record says what went."""
    joined = "\n".join(lines)
    removed = describe_removed(joined + "".join(doc.meta.keys()) + "".join(doc.meta.values()))
    if removed is None:
        return lines
    doc.note("characters", removed)
    doc.meta = {strip_unsafe(k): strip_unsafe(v) for k, v in doc.meta.items()}
    return strip_unsafe(joined).split("\n")


# Full-width digits and Latin letters (２０２４年, ＩＣＰ): the same characters, typed in a CJK input mode.
# Only these are folded; full-width punctuation (，：（）) is the report's own and stays.
FULLWIDTH_ALNUM = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                                 **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                                 **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}})
FULLWIDTH_ALNUM_RE = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
# A markdown conversion: "# 标题", "## 一、总体情况", and the "|---|:---:|" rule under a pipe table's header.
MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+(?=\S)")
# Each "|" opens its own cell, and no two runs of spaces can meet, so a line of spaces fails in one pass.
MARKDOWN_RULE = re.compile(r"^\s*(?:\|\s*)?:?-{3,}:?\s*(?:\|\s*(?::?-{3,}:?\s*)?)*$")


# A metadata key spaced out letter by letter, as PDF text of a justified table cell gives it: "标 题 ：".
SPACED_KEY = re.compile("(?<![\u4e00-\u9fff])(" + "|".join(r"\s+".join(map(re.escape, k)) for k in sorted(META_KEYS, key=len, reverse=True)
                                                  if len(k) >= 2) + r")\s*(?=[:：])")
WHITESPACE = re.compile(r"\s+")                     # the spaces in "标 题"


def _join_spaced_keys(doc: CleanDocument, lines: list[str]) -> list[str]:
    out, count = [], 0
    for s in lines:
        if " " in s and len(s) <= 200 and ("：" in s or ":" in s):
            new = SPACED_KEY.sub(lambda m: WHITESPACE.sub("", m.group(1)), s)
            count += new != s
            s = new
        out.append(s)
    if count:
        doc.note("metadata", f"{count} 行中被逐字隔开的元数据标签（如“标 题 ：”）已连写")
    return out


def _fold_fullwidth(doc: CleanDocument, lines: list[str]) -> list[str]:
    count = sum(len(FULLWIDTH_ALNUM_RE.findall(s)) for s in lines)
    if not count:
        return lines
    doc.note("fullwidth", f"将 {count} 个全角数字或字母改为半角（如“２０２４”→“2024”）；全角标点不变")
    doc.meta = {k: v.translate(FULLWIDTH_ALNUM) for k, v in doc.meta.items()}
    return [s.translate(FULLWIDTH_ALNUM) for s in lines]


def _strip_markdown(doc: CleanDocument, lines: list[str]) -> list[str]:
    headings = sum(1 for s in lines if MARKDOWN_HEADING.match(s))
    rules = [s for s in lines if "-" in s and MARKDOWN_RULE.match(s)]
    if headings:
        doc.note("markdown", f"删除 {headings} 处 markdown 标题符号“#”")
    if rules:
        doc.note("markdown", f"删除 {len(rules)} 行 markdown 表格分隔线（{_short(rules[0], 30)}）")
    if not headings and not rules:
        return lines
    return [MARKDOWN_HEADING.sub("", s) for s in lines if not ("-" in s and MARKDOWN_RULE.match(s))]


TABLE_META_KEY = re.compile(rf"({_META_KEY_RE})\s*[:：]?")    # a cell "索引号：" or "发布日期"


def _table_meta(s: str) -> dict[str, str] | None:
    """A metadata block laid out as a table row: "|索引号：|X|发布日期：|2024-01-02|"."""
    if not s.startswith("|"):
        return None
    cells = [c.strip() for c in s.strip().strip("|").split("|")]
    if len(cells) < 2 or len(cells) % 2:
        return None
    pairs = {}
    for k in range(0, len(cells), 2):
        m = TABLE_META_KEY.fullmatch(cells[k])
        if not m:
            return None
        pairs.setdefault(m.group(1), cells[k + 1])
    return pairs


def _clean_lines(raw_lines: list[str], doc: CleanDocument, *, html: bool) -> list[str]:
    lines = _normalise(doc, raw_lines)
    lines = _crawler_header(doc, lines)
    if html:
        lines = _trim_page(doc, [ln.strip() for ln in lines])
    kept = _sort_out_lines(doc, lines)
    out = _drop_dangling_metadata(doc, kept)
    _flag_mojibake(doc, out)
    return _collapse_blank_lines(out)


def _normalise(doc: CleanDocument, raw_lines: list[str]) -> list[str]:
    """The characters before the words: unsafe ones out, NFC, full-width letters and digits, one
    script, no pinyin, no markdown, metadata keys written together."""
    raw_lines = _strip_unsafe_characters(doc, raw_lines)
    lines = [unicodedata.normalize("NFC", ln).replace("\u3000", " ").replace("\xa0", " ").rstrip() for ln in raw_lines]
    lines = _fold_fullwidth(doc, lines)
    lines = _normalise_script(doc, lines)
    lines = _strip_pinyin(doc, lines)
    lines = _strip_markdown(doc, lines)
    lines = _join_spaced_keys(doc, lines)
    doc.meta = {k: (to_simplified(v) if doc.script == "zh-Hant" else v) for k, v in doc.meta.items()}
    return lines


CRAWLER_BODY_RULE = re.compile(r"^=+\s*正文\s*=+$")     # "==== 正文 ====" under a crawler's header block


def _crawler_header(doc: CleanDocument, lines: list[str]) -> list[str]:
    """Crawler header block: everything above the "==== 正文 ====" rule is metadata."""
    for i, ln in enumerate(lines):
        if CRAWLER_BODY_RULE.match(ln.strip()):
            pending_key = None   # "发布机构：" with its value on the line below
            for head in lines[:i]:
                pairs = extract_meta(head)
                if pending_key and head.strip() and not pairs:
                    doc.meta[pending_key] = head.strip()
                pending_key = None
                for k, v in pairs.items():
                    if v or not doc.meta.get(k):
                        doc.meta[k] = doc.meta.get(k) or v
                if pairs and not list(pairs.values())[-1] and META_LINE.match(head):
                    pending_key = list(pairs)[-1]
            doc.note("crawler-header", f"删除“正文”分隔线以上的爬虫抬头信息（{i} 行）")
            return lines[i + 1:]
    return lines


SENTENCE_MARK = re.compile(r"[，。；]")     # "，" in "为进一步做好…，": a sentence, not a metadata value
SENTENCE_END = re.compile(r"[。；！？]")    # "。" in "全年网站浏览量达12万次。": report text, not a counter


def _sort_out_lines(doc: CleanDocument, lines: list[str]) -> list[str]:
    """Line by line: spam lines out and spam tokens marked; metadata lines (one key or several, a
    value on the line below its key, a block laid out as a table row) into ``doc.meta``; page
    chrome out. What is left is the report's text."""
    kept: list[str] = []
    pending: str | None = None   # a metadata key whose value stands on the next line
    for ln in lines:
        s = ln.strip()
        if not s:
            kept.append("")
            continue
        marked = _mark_spam(doc, s)
        if marked is None:
            continue
        s = marked
        if pending and len(s) <= 120 and not BODY_START.match(s) and (META_PAIR.search(s) or (len(s) <= 40 and not SENTENCE_MARK.search(s))):
            # The value of "索引号:" on the line below, glued to the next key: "zbx/2025-58发布日期:".
            m = META_PAIR.search(s)
            value = (s[: m.start()] if m else s).strip()
            if value and not doc.meta.get(pending):
                doc.meta[pending] = value
            pairs = extract_meta(s)
            for k, v in pairs.items():
                if not doc.meta.get(k):
                    doc.meta[k] = v
            pending = next((k for k, v in reversed(list(pairs.items())) if not v), None) if pairs else None
            doc.note("metadata", f"元数据行已移入记录：{_short(s)}")
            continue
        pending = None
        table_meta = _table_meta(s) if len(s) <= 200 else None
        if table_meta:
            for k, v in table_meta.items():
                if not doc.meta.get(k):
                    doc.meta[k] = v
            doc.note("metadata", f"表格形式的元数据行已移入记录：{_short(s)}")
            continue
        if (len(s) <= 120 or (len(s) <= 400 and len(META_PAIR.findall(s)) >= 3)) and META_LINE.match(s):
            # A whole block glued on one line ("索引号：… 发布机构：… 生成日期：…") may run longer.
            pairs = extract_meta(s)
            for k, v in pairs.items():
                if not doc.meta.get(k):
                    doc.meta[k] = v
            last_key, last_value = list(pairs.items())[-1]
            pending = last_key if not last_value else None
            doc.note("metadata", f"元数据行已移入记录：{_short(s)}")
            continue
        if len(s) <= 80 and (CHROME_LINE.search(s) or (COUNTER.search(s) and not SENTENCE_END.search(s))):
            # A date on a chrome line ("日期: 2019-03-14 浏览量:191") is still metadata.
            for k, v in extract_meta(s).items():
                doc.meta.setdefault(k, v)
            doc.note("chrome", f"删除网站界面文字：{_short(s)}")
            continue
        kept.append(s)
    return kept


def _mark_spam(doc: CleanDocument, s: str) -> str | None:
    """The line with its spam tokens and rewritten links marked, or None for a spam line (dropped)."""
    marked, spam = _strip_spam_tokens(s)
    if spam and _is_spam_line(marked):
        doc.note("spam-line", f"删除垃圾内容行：{_short(s)}")
        return None
    if not spam:
        return s
    urls = [t for t in spam if URL.fullmatch(t)]
    tokens = [t for t in spam if t not in urls]
    if tokens:
        doc.note("spam-token", f"将 {len(tokens)} 处疑似被替换进来的品牌词 {sorted(set(tokens))} 标记为 {SPAM_MARK}；不推测原文被替换的内容")
    if urls:
        doc.note("spam-url", f"将 {len(urls)} 个疑似被劫持网站改写的链接 {sorted(set(urls))} 标记为 {SPAM_URL_MARK}；不推测原来的地址")
    return marked


# A date line, and what is glued after it: "2025年01月27日 11:11来源:", "2024-01-02 浏览量:3".
DATE_LINE = re.compile(r"^(\d{4}[-年./]\d{1,2}[-月./]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)\s*(.*)$")
NO_HAN = re.compile(r"^[^\u4e00-\u9fff]*$")               # "| 11:11" after a date: no words
EMPTY_LABEL = re.compile(r"^[\u4e00-\u9fff]{0,6}[:：]\s*$")   # "来源：" with no value


def _drop_dangling_metadata(doc: CleanDocument, kept: list[str]) -> list[str]:
    """A dangling metadata value on its own line ("2025年01月27日 11:11来源:") is glued debris —
    above the report only: a date line below its text is the signing date and stays."""
    out: list[str] = []
    in_body = False
    for s in kept:
        in_body = in_body or bool(BODY_START.match(s)) or len(s) >= 60
        m = DATE_LINE.match(s)
        if m and not in_body and len(s) < 60 and (not m.group(2) or META_LINE.match(m.group(2)) or NO_HAN.match(m.group(2))):
            doc.meta.setdefault("日期", m.group(1))
            for k, v in extract_meta(m.group(2)).items():
                doc.meta.setdefault(k, v)
            doc.note("metadata", f"日期行已移入记录：{_short(s)}")
            continue
        if EMPTY_LABEL.match(s) and len(s) <= 8 and out and not out[-1]:
            doc.note("metadata", f"删除空的元数据标签：{s}")
            continue
        out.append(s)
    return out


def _collapse_blank_lines(lines: list[str]) -> list[str]:
    """Runs of blank lines collapsed; single blanks kept as paragraph breaks; none at the end."""
    result: list[str] = []
    for s in lines:
        if s == "" and (not result or result[-1] == ""):
            continue
        result.append(s)
    while result and result[-1] == "":
        result.pop()
    return result


# Toneless pinyin inside a metadata label, as mirrors print it: 發(fa)布時(shi)間(jian)：. Only where the
# label, without it, is a metadata key, so "(a)" in a sentence is never touched.
LABEL_PINYIN = re.compile(r"((?:[\u4e00-\u9fff]\s?(?:[(（]\s*[a-z]{1,6}\s*[)）])?){2,8})(?=\s*[:：])")
ASCII_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\s?[(（]\s*[a-z]{1,6}\s*[)）]")
ENDS_WITH_META_KEY = re.compile(rf"(?:{_META_KEY_RE})$")      # "发布时间" once "發(fa)布時(shi)間(jian)" lost its pinyin


def _strip_pinyin(doc: CleanDocument, lines: list[str]) -> list[str]:
    count = 0
    samples: list[str] = []
    out = []
    for s in lines:
        def drop(m: re.Match) -> str:
            nonlocal count
            count += 1
            if len(samples) < 5:
                samples.append(m.group(0).strip())
            return ""

        def label(m: re.Match) -> str:
            bare = ASCII_PINYIN.sub("", m.group(1))
            if bare == m.group(1) or not ENDS_WITH_META_KEY.search(bare.replace(" ", "")):
                return m.group(1)
            return ASCII_PINYIN.sub(drop, m.group(1))
        s = PINYIN.sub(drop, s)
        if "(" in s or "（" in s:
            s = LABEL_PINYIN.sub(label, s)
        out.append(s)
    if count:
        doc.note("pinyin", f"删除汉字后带声调的拼音注音 {count} 处，如 {'、'.join(samples)}")
    return out


def _flag_mojibake(doc: CleanDocument, lines: list[str]) -> None:
    for n, s in enumerate(lines, 1):
        for m in MOJIBAKE.finditer(s):
            lo = max(0, m.start() - 8)
            doc.note("mojibake", f"第 {n} 行：“{s[lo:m.end() + 8]}”附近有字符丢失或乱码（仅标记，未修复）")


DATE_IN_LINE = re.compile(r"(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}")
TITLE_LINE = re.compile(r"(年度?|年)\S{0,20}(报告|总结|年报)|政府信息公开.{0,12}(报告|年报)")
BODY_START = re.compile(r"^(一\s*[、.．]|本报告|本年度报告|[（(]?一[）)]|现将|根据《)")


def _trim_page(doc: CleanDocument, lines: list[str]) -> list[str]:
    """A published page carries navigation above the report and a footer below it."""
    first = next((i for i, s in enumerate(lines) if BODY_START.match(s)), None)
    if first is None:
        return lines
    start = first
    for i in range(first - 1, -1, -1):
        s = lines[i]
        if s and len(s) <= 80 and TITLE_LINE.search(s):
            start = i
            break
    end = len(lines)
    for i in range(first, len(lines)):
        if FOOTER_START.match(lines[i]):
            end = i
            break
    # A metadata line or a date ("发布日期：2024-01-05") between the title and the text is no button:
    # it stays for the metadata step, which moves it into the record (it may be the only date).
    widgets = [i for i in range(start + 1, first) if lines[i] and WIDGET_LINE.match(lines[i]) and not TITLE_LINE.search(lines[i])
               and not META_LINE.match(lines[i]) and not DATE_IN_LINE.search(lines[i])]
    if widgets:
        doc.note("page-widgets", "删除标题与正文之间的分享、字号等按钮：" + " / ".join(_short(lines[i], 20) for i in widgets))
        drop = set(widgets)
        lines = [s for i, s in enumerate(lines) if i not in drop]
        first -= len(widgets)
        end = next((i for i in range(first, len(lines)) if FOOTER_START.match(lines[i])), len(lines))
    for s in lines[:start] + lines[end:]:
        if s and len(s) <= 120 and (META_LINE.match(s) or CHROME_LINE.search(s) or COUNTER.search(s)):
            for k, v in extract_meta(s).items():
                doc.meta.setdefault(k, v)
    if start > 0:
        dropped = [s for s in lines[:start] if s]
        doc.note("page-header", f"删除报告上方的导航文字 {len(dropped)} 行，如 {' / '.join(_short(s, 20) for s in dropped[:4])}")
    if end < len(lines):
        dropped = [s for s in lines[end:] if s]
        doc.note("page-footer", f"删除报告下方的页脚文字 {len(dropped)} 行，如 {' / '.join(_short(s, 20) for s in dropped[:4])}")
    return lines[start:end]


ONE_LINE_CHROME = re.compile(r"当前位置|您现在的位置|来源[:：]|时间[:：]|微信|微博|字号|打印|全真版|文字版|相关链接")
ONE_LINE_START = re.compile(r"本报告|本年度报告|根据《|按照《")
ONE_LINE_TAIL = re.compile(r"(?:(?:附件下载|【?打印】?|【?关闭】?|返回顶部|扫一扫\S*)\s*+)+$")  # e.g. "【打印】 【关闭】"
ONE_LINE_TAIL_SPAN = 200
INLINE_HEADING = re.compile(r"(?<=[\s。；])(?=(?:[一二三四五六七八九十]{1,2}、|[(（][一二三四五六七八九十]{1,2}[)）])\s*[\u4e00-\u9fff]{2})")


def _unflatten(doc: CleanDocument, lines: list[str]) -> list[str]:
    """Crawler dumps that flattened a whole page onto one line: cut the page chrome at its start
    and end, and put the report's own headings back on lines of their own."""
    out = []
    for line in lines:
        if len(line) < 300:
            out.append(line)
            continue
        start = ONE_LINE_START.search(line, 0, 800)
        if start and ONE_LINE_CHROME.search(line, 0, start.start()):
            doc.note("chrome", f"删除单行文本开头的网站界面文字：{_short(line[:start.start()])}")
            line = line[start.start():]
        line = line.rstrip()
        # Tail chrome is a few words: look only at the end, so a long run of spaces costs nothing.
        tail = ONE_LINE_TAIL.search(line, max(0, len(line) - ONE_LINE_TAIL_SPAN))
        if tail:
            doc.note("chrome", f"删除单行文本末尾的网站界面文字：{tail.group(0).strip()}")
            line = line[: tail.start()]
        out.extend(part.strip() for part in INLINE_HEADING.split(line) if part.strip())
    return out


def clean_text(text: str) -> CleanDocument:
    doc = CleanDocument(lines=[])
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    doc.lines = _clean_lines(lines, doc, html=False)
    doc.lines = _unflatten(doc, doc.lines)
    return doc


def clean_html(html: str) -> CleanDocument:
    lines, meta, removed = html_to_lines(html)
    doc = CleanDocument(lines=[], meta=meta)
    for r in removed:
        doc.note("html", r)
    doc.lines = _clean_lines(lines, doc, html=True)
    return doc


def split_articles(doc: CleanDocument) -> list[CleanDocument]:
    """A file holding several articles (篇2：…, 篇3：…) becomes one document per article."""
    breaks = [i for i, s in enumerate(doc.lines) if ARTICLE_BREAK.match(s)]
    if not breaks:
        return [doc]
    parts = []
    bounds = [0] + breaks + [len(doc.lines)]
    for a, b in zip(bounds, bounds[1:]):
        lines = doc.lines[a:b]
        if lines and ARTICLE_BREAK.match(lines[0]):
            lines = [ARTICLE_BREAK.sub("", lines[0]).strip()] + lines[1:]
        lines = [s for s in lines if s or True]
        if not any(s.strip() for s in lines):
            continue
        part = CleanDocument(lines=lines, meta=dict(doc.meta), cleaning=list(doc.cleaning), script=doc.script)
        part.note("split", f"该文件含 {len(breaks) + 1} 篇文章（篇2、篇3……），此为第 {len(parts) + 1} 篇")
        parts.append(part)
    return parts
