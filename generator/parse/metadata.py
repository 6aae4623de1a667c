"""Who published the report, for which year, when, and in which format era."""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ..clean import HAN

CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "O": 0, "o": 0, "Ｏ": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
            "六": 6, "七": 7, "八": 8, "九": 9}
CN_DATE = re.compile(r"([〇○零Oo一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日")
ARABIC_DATE = re.compile(r"((?:19|20)\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})(?!\d)")
GARBLED_DATE = re.compile(r"(?:19|20)\d{2}年\d{3,4}日|(?:填报|发布|生成)日期\s*[:：]?\s*(?:19|20)\d{5,6}(?!\d)|(?:19|20)\d{2}年\d{1,2}月\d{3,}日")

ADMIN_UNIT = re.compile(
    r"[\u4e00-\u9fff]{1,12}?(?:特别行政区|自治区|自治州|自治县|自治旗|综合实验区|实验区|开发区|高新区|新区|地区|"
    r"省|市|盟|县|区|旗|镇|乡|街道办事处|街道)"
)
BLANKED = re.compile(r"20\*\*|\*\*\s*年|[Xx×]{2}\s*年|20[Xx×]{2}")
# The year a title reports on; "（2024年1月）" after the report's name is when it was written, not the year.
TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)(?:度)?")


def cn_number(s: str) -> int | None:
    if not s:
        return None
    if s == "十":
        return 10
    if "十" in s:
        a, _, b = s.partition("十")
        return (CN_DIGIT.get(a, 1) if a else 1) * 10 + (CN_DIGIT.get(b, 0) if b else 0)
    if len(s) == 1:
        return CN_DIGIT.get(s)
    return None


def make_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(s: str | None) -> date | None:
    if not s:
        return None
    m = ARABIC_DATE.search(s)
    if m:
        return make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = CN_DATE.search(s)
    if m:
        y = "".join(str(CN_DIGIT.get(c, "")) for c in m.group(1))
        mo, d = cn_number(m.group(2)), cn_number(m.group(3))
        if len(y) == 4 and mo and d:
            return make_date(int(y), mo, d)
    return None


# The title's grammar: an issuer and a year, then 政府信息公开(工作)年度报告 / 年报 / 工作报告 in its variants.
TITLE_END = re.compile(r"(?:报告|总结|年报)(?:\[\d+\]|[（(][^）)]{1,12}[）)])?$")
TITLE_CORE = re.compile(r"(?:政府信息公开|政务公开|信息公开|政府信息).{0,10}(?:报告|年报|总结)|年度报告|工作报告|年报")
# Plain (toneless) pinyin in parentheses after a character, as hijacked mirrors print it: 發(fa)布.
ASCII_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])[(（]\s*[a-z]{1,6}\s*[)）]")
TITLE_CONT = re.compile(r"(?:工作|年度|报告|年报|政府信息|信息公开|政务公开|情况|[（(])")
TITLE_CUT = re.compile(r"(?:政府信息公开|政务公开|信息公开|政府信息|工作|年度|年|政府|\d)$")
META_WORDS = re.compile(r"索引|分类|发布机构|来源|文号|日期|时间|浏览|点击|字号|/")
BREADCRUMB = re.compile(r"[>›»]|→|首页|当前位置|您的位置|所在位置")
MARKDOWN_HASHES = re.compile(r"^\s*#{1,6}\s*")         # "## " before "某某局2023年…报告"
BODY_LABEL = re.compile(r"^正文\s*[:：]?\s*")           # "正文：" before the title
BOLD_LINE = re.compile(r"^\*\*(.*)\*\*$")              # "**某某局2023年政府信息公开工作年度报告**"
SENTENCE_END = re.compile(r"[。；;！？]")                # "。" in "现将…报告如下。": a sentence, not a title
FOOTNOTE = re.compile(r"\[\d+\]$")                     # "[1]" after "…年度报告"
# Spaces that layout put inside a title: "2024 年", "某局 2024年", "政 府 信 息".
TITLE_SPACES = re.compile(r"(?<=\d)\s+(?=年)|(?<=[\u4e00-\u9fff])\s+(?=\d)|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


# The page's 标题 field written as a line, its label spaced out or in a table row: "标   题 某某2022年度…报告",
# "标 题 | 某某2014年…年度报告 | ||".
TITLE_FIELD = re.compile(r"^(?:标\s*题|题\s*名)\s*[:：|｜]?\s*(?=[^\s:：|｜])")
# The cells a table row leaves after a title: "某镇…年度报告 | ||" (stripped, not matched: a
# pattern anchored at the end would rescan every run of spaces).
TRAILING_CELLS = " \t\u3000|｜"


def _title_line(s: str) -> str:
    """A candidate line without what is not the title: a markdown "#", a leading "正文", plain pinyin."""
    s = MARKDOWN_HASHES.sub("", s.strip())
    s = BODY_LABEL.sub("", s)
    s = TITLE_FIELD.sub("", s)
    s = s.rstrip(TRAILING_CELLS)
    s = BOLD_LINE.sub(r"\1", s)
    return ASCII_PINYIN.sub("", s).strip()


def _dedupe(s: str) -> str:
    """A title printed twice on one line ("某局…报告某局…报告", or with a space between) once."""
    t = s.replace(" ", "")
    n = len(t)
    if n % 2 == 0 and n >= 12 and t[: n // 2] == t[n // 2:]:
        return t[: n // 2]
    return s


def _is_title(s: str, grammar: bool = True) -> bool:
    return 6 <= len(s) <= 80 and bool(TITLE_END.search(s)) and (not grammar or bool(TITLE_CORE.search(s))) and "|" not in s \
        and not BREADCRUMB.search(s) and not SENTENCE_END.search(s)


def _tidy(s: str) -> str:
    s = FOOTNOTE.sub("", s)
    return TITLE_SPACES.sub("", s)


# What a page's <title> adds after the report's: "…年度报告_某某市人民政府", "…报告 - 某某网".
# The spaces before a dash are taken only from the start of their run ("(?<!\s)"): the same
# matches as r"[_|｜]|\s*[-－—–]+\s*(?=[^\d\s])", which retried from every space of a long run
# and took quadratic time on it (1 s on 8,000 spaces).
SITE_NAME_SEPARATOR = re.compile(r"[_|｜]|(?:(?<!\s)\s+)?[-－—–]+\s*(?=[^\d\s])")
REPORT_WORD = re.compile(r"报告|总结|年报")               # "年度报告", "工作总结", "年报"


def find_title(lines: list[str], meta: dict) -> str | None:
    for key in ("标题", "页面标题"):
        value = (meta.get(key) or "").strip()
        if value:
            # "<title>" carries the site's name after "_", "|" or " - ".
            value = SITE_NAME_SEPARATOR.split(value)[0].strip()
            if REPORT_WORD.search(value):
                return _dedupe(_title_line(value))
    head = [_title_line(s) for s in lines[:8]]
    # First a line (or a wrapped run of lines) in the title's grammar; failing that, any short line that
    # ends like a title (报告/总结/年报), as some non-reports have one ("某局2018年度整体支出绩效评价报告").
    title = _grammar_title(head) or next((_dedupe(_tidy(s)) for s in head[:6] if _is_title(_tidy(s), grammar=False) and not META_WORDS.search(s)), None)
    if title is None:
        # A title swallowed as the value of an empty metadata label above it ("发布机构：" / the title).
        title = next((_tidy(_title_line(v)) for k, v in meta.items() if k not in ("标题", "页面标题") and v and TITLE_YEAR.search(v)
                      and not META_WORDS.search(v) and _is_title(_tidy(_title_line(v)))), None)
    return title


CLAUSE_OR_COLON = re.compile(r"[。；，,：:]")             # "，" or "：" in "发布机构：某某局": no title's continuation
NUMBERED_LINE = re.compile(r"^[一二三四五六七八九十]{1,2}\s*[、.．]|^[(（][一二三四五六七八九十]")   # "一、总体情况", "（一）"
CLAUSE_MARK = re.compile(r"[。；，,]")                   # "，" in "为做好…，": a sentence has begun
STARTS_WITH_YEAR = re.compile(r"^\s*(?:19|20)\d{2}\s*年")  # "2024 年政府信息公开工作年度报告"
HAN_NAME = re.compile(r"[\u4e00-\u9fff（）()]{2,30}")    # "淮安市人民政府", "某某局（某某办）"


def _grammar_title(head: list[str]) -> str | None:
    for i, s in enumerate(head):
        if not s or BREADCRUMB.search(s) or META_WORDS.search(s) or len(s) > 80:
            continue
        # A title wrapped over two or three lines (PDF: "某某市某某局2023年政府信息公开" / "工作年度报告"):
        # join short lines that carry no sentence punctuation until the join ends like a title.
        joined = s
        for k in range(i + 1, min(i + 3, len(head))):
            nxt = head[k]
            if _is_title(_tidy(_dedupe(joined))) or not nxt or len(nxt) > 40 or CLAUSE_OR_COLON.search(nxt) \
                    or NUMBERED_LINE.match(nxt):
                break
            if len(joined) > 40 or CLAUSE_MARK.search(joined):
                break
            # A metadata line ("索引号 … 分类 … 报告", "发布机构 …") is no continuation.
            if META_WORDS.search(nxt):
                break
            # A next line that is a whole title of its own (its issuer or year first) is not a continuation.
            if _is_title(_tidy(nxt)) and not TITLE_CONT.match(nxt):
                break
            # Only an unfinished title continues: a name, or a cut inside the report's name.
            if not (TITLE_CUT.search(joined) or (BODY_END.search(joined) and not TITLE_CORE.search(joined))):
                break
            joined += nxt
        for cand in (joined, s):
            cand = _dedupe(cand)
            if _is_title(_tidy(cand)):
                t = _tidy(cand)
                # A PDF title broken before the year: "淮安市人民政府" / "2024 年政府信息公开工作年度报告".
                if STARTS_WITH_YEAR.match(t) and i > 0 and HAN_NAME.fullmatch(head[i - 1]) \
                        and not TITLE_CORE.search(head[i - 1]):
                    t = head[i - 1] + t
                return _dedupe(t)
    return None


def split_organisation(name: str) -> tuple[str, list[str]]:
    """"华容县禹山镇人民政府" → ("禹山镇人民政府", ["华容县"]): enclosing divisions become the region."""
    units: list[str] = []
    pos = 0
    while True:
        m = ADMIN_UNIT.match(name, pos)
        if not m:
            break
        units.append(m.group(0))
        pos = m.end()
    rest = name[pos:]
    if not units:
        return name, []
    return units[-1] + rest, units[:-1]


TRAILING_NOTE = re.compile(r"[（(][^（()）]{1,20}[）)]$")     # "（外国专家局）" after "市科技局"


def _bare(name: str) -> str:
    """The name without a trailing note in brackets: "市科技局（外国专家局）" ends like a body (局)."""
    return TRAILING_NOTE.sub("", name)


LEADING_GUANYU = re.compile(r"^关于")                          # "关于…" before the issuer
LEADING_YEAR = re.compile(r"^(?:19|20)\d{2}\s*年度?\s*")        # "2023年度" before "某某局政府信息公开…"
YEAR_OR_BLANK = re.compile(r"(?:19|20)\d{2}\s*年|20\*\*|\*\*\s*年")   # "2023年", "20**", "** 年"
REPORT_NAME = re.compile(r"政府信息公开|政务公开|信息公开")     # "政府信息公开" in "…政府信息公开工作年度报告"
TRAILING_GUANYU = re.compile(r"关于$")                         # "某县人民政府关于"
DIGIT = re.compile(r"\d")                                     # "2" in "第2中学": no body's name


# A label before the title proper: "文字解读：", "图解:", "标题：" (not part of the body's name).
TITLE_LABEL = re.compile(r"^(?:(?:(?:文字|文稿|图文|政策|图片|视频)?(?:解读|图解)|标题|题目|名称)\s*[:：]|【[^【】]{1,8}】)\s*(?=\S)")


def organisation_from_title(title: str | None) -> str | None:
    """The body as the title names it: what precedes the year or the report's own name.

    "华容县禹山镇人民政府2017年政府信息公开…" and "某镇政府信息公开工作年度报告（2023年度）" alike.
    """
    if not title:
        return None
    title = LEADING_GUANYU.sub("", TITLE_LABEL.sub("", title.strip()))
    # "2023年度某某局政府信息公开工作年度报告": the year may come first.
    if BLANKED.search(title):
        return None        # a model essay: whatever name is left is a placeholder
    title = LEADING_YEAR.sub("", title)
    cuts = [m.start() for m in [YEAR_OR_BLANK.search(title), REPORT_NAME.search(title)] if m]
    if not cuts:
        return None
    name = title[: min(cuts)].strip(" ：:（(")
    name = TRAILING_GUANYU.sub("", name)      # "某县人民政府关于2019年度政府信息公开工作年度报告"
    if name.endswith("人民") and title[len(name):].startswith("政府"):
        name += "政府"     # "某县人民政府信息公开…": 政府 belongs to the name
    # A body's name ends like one (人民政府, 教育局, 管委会, 某某镇 …), not like "乡镇电子政务和".
    if not BODY_END.search(_bare(name)) or SELF_NAME.match(name) or name.startswith(("本", "该")):
        return None        # "我局2023年…": a self-name is no name (find_organisation says why)
    return name if 2 <= len(name) <= 40 and not DIGIT.search(name) else None


BODY_END = re.compile(r"[府委局办厅部署院会心所站处道街镇乡区县市省旗盟州队室馆社行司]$")
SELF_NAME = re.compile(r"我(?:街道|街|镇|乡|局|办|委|区|县|市|院|厅|部|署|处|中心|所|站|会|室|馆|司|单位|公司)")
SPAM_MARK = "〔垃圾词〕"      # generator.clean.SPAM_MARK: a brand a hijacked site put in place of a word
_NAME = r"[\u4e00-\u9fff（）()]{2,40}?"
_NAME_NO_SHI = r"(?:(?!是)[\u4e00-\u9fff（）()]){2,40}?"     # "…是某乡政府贯彻…": the name starts after 是
# The report naming itself in its prose: "现将某某局2023年政府信息公开工作年度报告公布如下",
# "现向社会公布2018年度某某局信息公开年度报告", "本报告由某某街道办事处编制", "2019年，市科技局认真贯彻…".
PROSE_NAME_XIANJIANG = re.compile(r"(?:[现特](?:将|予|向社会|面向社会)?(?:公布|公开|发布|印发)?|(?<![\u4e00-\u9fff])(?:编写|编制)(?:了|出)?)\s*《?\s*(" + _NAME + r")\s*(?:19|20)\d{2}\s*年度?\s*(?:的)?(?:政府信息公开|政务公开|信息公开)")
PROSE_NAME_YEAR_FIRST = re.compile(r"[现特](?:将|向社会公布|向社会公开|面向社会公开|公布|予以公布)\s*《?\s*(?:19|20)\d{2}\s*年度?\s*(" + _NAME + r")(?:政府信息公开|政务公开|信息公开)")
PROSE_NAME_BIANZHI = re.compile(r"(?:^|[。，,；;\n])(?:本(?:年度)?报告|本年报|报告)?(?:根据[^。]{0,80}?[，,]\s*)?由\s*(" + _NAME + r")\s*(?:负责)?编制")
PROSE_NAME_GUANCHE = re.compile(r"(?:^|[。；;，,\n]|(?:19|20)\d{2}\s*年度?\s*[，,]?|(?<=是))\s*(" + _NAME_NO_SHI + r")(?:认真|深入|全面|坚决)?(?:贯彻|落实)")
# The report defining its own self-name: "某区政务公开工作办公室（下称我办）".
PROSE_NAME_DEFINED = re.compile(r"(?:^|[^\u4e00-\u9fff]|由|经)([\u4e00-\u9fff]{3,40}?)[（(]\s*(?:以下)?(?:简称|下称|称)\s*[“\"「]?我[\u4e00-\u9fff]{1,2}[”\"」]?\s*[）)]")
# The opening sentence's subject after the year: "2022年，某某街道办事处按照…", "2023年,某某街以…".
PROSE_NAME_OPENING = re.compile(r"(?:^|[。\n])\s*(?:19|20)\d{2}\s*年度?\s*(?:以来|全年)?\s*[,，]\s*(" + _NAME + r")"
                                r"(?:按照|坚持|以|紧紧|紧扣|紧密|围绕|严格|积极|始终|持续|不断|进一步|在|高度重视|着力|聚焦|立足|切实|扎实|大力|依托|结合|对照|主动|注重)")
PROSE_NAME = [PROSE_NAME_DEFINED, PROSE_NAME_XIANJIANG, PROSE_NAME_YEAR_FIRST, PROSE_NAME_BIANZHI, PROSE_NAME_GUANCHE,
              PROSE_NAME_OPENING]
PORTAL = re.compile(r"网站|门户|网$|本站|原创|新闻|报社|日报|中心网")


# Words that name a level of government, not a body, when the prose uses them: "全县", "县政府",
# "区委区政府" (the superior's leadership), "街道" — a report's self-reference needs a proper name.
GENERIC = re.compile(r"^(?:全|本|我|该)?[省市县区镇乡州盟旗]$|^全[\u4e00-\u9fff]{1,3}$|^(?:[省市县区镇乡]|街道)(?:人民)?政府$|"
                     r"^[省市县区州](?:委)?[、和及]?[省市县区州]?(?:人民)?政府$|^街道(?:办事处|办)?$|"
                     r"^(?:[局委]?办公室|党政办(?:公室)?|综合[科股处室]|(?:政务|信息)公开办(?:公室)?)$")


NO_NAME_START = re.compile(r"\d|我|本|该|各")     # the first character of "我局", "本单位", "各镇": no name


def _body_name(value: str, prose: bool = False) -> str | None:
    value = value.strip(" ：:（(，,")
    if not (2 <= len(value) <= 40) or not BODY_END.search(_bare(value)) or NO_NAME_START.search(value[:1]):
        return None
    if value in ("政府", "人民政府", "办事处") or PORTAL.search(value) or DIGIT.search(value) or (prose and GENERIC.search(value)):
        return None
    return value


@lru_cache(maxsize=256)
def _defines_short_name(name: str) -> re.Pattern:
    """A full name that the text says it abbreviates as ``name``: "某某县发展和改革局（以下简称县发改局）".
    Built from the name found, so it cannot be a module constant."""
    return re.compile(r"(?:^|[^\u4e00-\u9fff]|由|经)([\u4e00-\u9fff]{3,40}?)[（(]\s*(?:以下)?简称\s*[:：]?\s*[“\"「]?" + re.escape(name) + r"[”\"」]?\s*[）)]")


def _expand(name: str, text: str) -> str:
    """An abbreviation (市科委, 县发改局) stays as printed unless the text itself expands it:
    "某某县发展和改革局（以下简称县发改局）"."""
    m = _defines_short_name(name).search(text)
    if m:
        full = _body_name(m.group(1))
        if full and len(full) > len(name):
            return full
    # The report's self-reference in the prose giving the same name in full: title "区科技局…",
    # prose "现公布某某区科技局2020年政府信息公开工作年度报告".
    for pattern in (PROSE_NAME_XIANJIANG, PROSE_NAME_YEAR_FIRST, PROSE_NAME_BIANZHI):
        for m in pattern.finditer(text[:3000]):
            full = _body_name(m.group(1), prose=True)
            if full and len(full) > len(name) and full.endswith(name):
                return full
    return name


# Where the issuer's name ends in a title: "2023年", "政府信息公开" (the title is split there).
TITLE_NAME_END = re.compile(r"(?:19|20)\d{2}\s*年|政府信息公开|政务公开|信息公开")
META_VALUE_END = re.compile(r"\s|时间[:：]|日期[:：]")   # " " or "时间：" after "某某局" in "发布机构：某某局 发布时间：…"
SOURCE_VALUE_END = re.compile(r"\s|时间[:：]")          # the same for "来源：某某局 时间：…"


@lru_cache(maxsize=256)
def _mention(name: str) -> re.Pattern:
    """The report naming a body, not its portal: "某市人民政府" but not "某市人民政府门户网站".
    Built from the name found, so it cannot be a module constant."""
    return re.compile(re.escape(name) + r"(?!门户|网|办公室|信息公开专栏)")


# A township or street named by its place alone or with its body's word: "龙归镇", "某乡政府", "某街道".
PLACE_BODY = re.compile(r"^([\u4e00-\u9fff]{1,12}?(?:镇|乡|街道|街))(人民政府|政府|街道办事处|办事处)?$")
# A county, district or city named by its place alone in the title: "潞城市", "某某区".
COUNTY_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,10}?(?:市|县|区|旗)$")
# What follows "某市人民政府" when it names another thing than the government itself.
NOT_THE_GOVERNMENT = re.compile(r"门户|网|办公|信息公开|令|文件|常务|工作报告|关于|印发|发")
# A department named without its place, or with only its level: "农业农村局", "省财政厅", "县发改局".
BARE_DEPARTMENT = re.compile(r"^([省市县区州])?([\u4e00-\u9fff（）()]{2,20}?(?:局|委员会|委|厅|中心|办公室|办))$")
FULL_BODY_WORD = re.compile(r"人民政府|办事处|政府")       # what follows the place in its fuller mention
# "某镇政府" is no fuller than "某镇": only the formal words replace a bare place.
BODY_WORD_RANK = {None: 0, "政府": 0, "办事处": 2, "街道办事处": 2, "人民政府": 3}
# The character before a run of divisions that ends a word, not a name: 联系, 地址, 位于, 的 …
BEFORE_DIVISIONS = set("系址于为是在由及与和的将请")
# An office inside a township's government, not the body: "某镇人民政府党政办公室" is 某镇人民政府's.
INTERNAL_OFFICE = re.compile(r"(?<=府|处)(?:党政综合办公室|党政办公室|党政办|综合办公室)$")


def _divisions_before(text: str, end: int) -> list[str]:
    """The divisions written straight before ``end`` ("韶关市武江区" before 龙归镇), each one a name
    of the official code table; the longest such run, outermost first, or []."""
    from ..places import gazetteer
    known = gazetteer().by_name
    before = text[max(0, end - 24):end]
    for start in range(len(before) - 1):
        units, pos = [], start
        while pos < len(before):
            m = ADMIN_UNIT.match(before, pos)
            if not m or m.group(0) not in known:
                break
            units.append(m.group(0))
            pos = m.end()
        if units and pos == len(before) and (start == 0 or not HAN.match(before[start - 1])
                                             or before[start - 1] in BEFORE_DIVISIONS):
            return units
    return []


def _fuller_place(name: str, region: list[str], text: str) -> tuple[str, list[str], str | None]:
    """"潞城市" → "潞城市人民政府" where the text names that government (not its portal or office)."""
    mentions = [(_divisions_before(text, hit.start()), hit) for hit in re.finditer(re.escape(name) + "人民政府", text)
                if not NOT_THE_GOVERNMENT.match(text, hit.end())]
    if not mentions:
        return name, region, None
    divisions, hit = max(mentions, key=lambda dm: len(dm[0]))       # the first of the fullest
    return name + "人民政府", divisions or region, text[hit.start() - len("".join(divisions)):hit.end()]


def _fuller_department(name: str, region: list[str], text: str) -> tuple[str, list[str], str | None]:
    """"农业农村局" or "县农业农村局" → "资溪县农业农村局" where the text writes the department with its
    place ("请与资溪县农业农村局联系"); the level it has (县) must be the place's."""
    m = BARE_DEPARTMENT.match(name)
    if not m or region or GENERIC.search(m.group(2)):
        return name, region, None
    level, department = m.group(1), m.group(2)
    best: list[str] = []
    for hit in re.finditer(re.escape(department), text):
        divisions = _divisions_before(text, hit.start())
        if divisions and (level is None or divisions[-1].endswith(level)) and len(divisions) > len(best):
            best = divisions
    if not best:
        return name, region, None
    full = "".join(best) + department
    short, outer = split_organisation(full)
    return short, outer, full


def fuller_mention(name: str, region: list[str], text: str) -> tuple[str, list[str], str | None]:
    """A township's or street's name and region as the text writes them most fully elsewhere (its
    signature, contact line or opening): title "龙归镇…", signature "韶关市武江区龙归镇人民政府" →
    ("龙归镇人民政府", ["韶关市", "武江区"]). Only the same place's own mentions count."""
    m = PLACE_BODY.match(name)
    if not m:
        if COUNTY_PLACE.match(name):
            return _fuller_place(name, region, text)
        return _fuller_department(name, region, text)
    place, word = m.group(1), m.group(2)
    best_word, best_region, evidence = word, region, None
    for hit in re.finditer(re.escape(place), text):
        after = FULL_BODY_WORD.match(text, hit.end())
        said = after.group(0) if after else None
        if place.endswith("街道") and said == "政府":
            said = None                       # "某街道政府" is no street office's name
        divisions = _divisions_before(text, hit.start())
        better_word = BODY_WORD_RANK[said] > BODY_WORD_RANK[best_word]
        if better_word or len(divisions) > len(best_region):
            if better_word:
                best_word = said
            if len(divisions) > len(best_region):
                best_region = divisions
            evidence = text[max(0, hit.start() - len("".join(divisions))):hit.end() + (len(said) if said else 0)]
    if evidence is None:
        return name, region, None
    return place + (best_word or ""), best_region, evidence


def find_organisation(title: str | None, meta: dict, text: str, notes: list) -> tuple[str | None, list[str], str | None]:
    found = _find_organisation(title, meta, text, notes)
    if found[0] is None:
        return found
    name, region, how = found
    office = INTERNAL_OFFICE.search(name)
    if office:
        notes.append({"field": "organisation.name", "reason": f"“{office.group(0)}”是机关的内设机构，名称取其所属机关"})
        name = name[:office.start()]
    # The page's own 来源 / 发布机构 lines count as mentions too ("来源：某市某区农业农村局").
    stated = "\n".join(str(meta.get(k) or "") for k in ("来源", "信息来源", "发布机构", "发文机构"))
    full, divisions, evidence = fuller_mention(name, region, text + "\n" + stated)
    if evidence:
        notes.append({"field": "organisation.name", "reason": f"名称和所属地区按正文中最完整的写法“{evidence}”补全（原为“{name}”）"})
    return full, divisions, how


def _find_organisation(title: str | None, meta: dict, text: str, notes: list) -> tuple[str | None, list[str], str | None]:
    name = organisation_from_title(title)
    spam = ""
    if title and SPAM_MARK in TITLE_NAME_END.split(title)[0]:
        # A brand a hijacked site put in place of part of the name: what is left of it is unreliable.
        spam = f"标题中的机关名称含有被替换进来的垃圾词（{SPAM_MARK}），名称不可靠；"
        name = None
    if name:
        short, region = split_organisation(_expand(name, text))
        return short, region, "title"
    # The publishing body the page states (发布机构): a body's name, not a website's.
    head = head_meta(text.split("\n", 12)[:12])
    for key in ("发布机构", "发文机构", "发布单位", "所属机构"):
        value = _body_name(META_VALUE_END.split((meta.get(key) or head.get(key, ("",))[0]).strip())[0])
        if value and SPAM_MARK not in value:
            short, region = split_organisation(_expand(value, text))
            notes.append({"field": "organisation.name", "reason": spam + f"标题没有写明发布机关；名称取自网页的“{key}”栏"})
            return short, region, "metadata"
    # The report naming itself in its prose.
    body = text[:3000]
    for pattern in PROSE_NAME:
        for m in pattern.finditer(body):
            value = _body_name(m.group(1), prose=True)
            if value and SPAM_MARK not in value:
                short, region = split_organisation(_expand(value, text))
                notes.append({"field": "organisation.name", "reason": spam + f"标题没有写明发布机关；名称取自正文：“{_clip(body, m)}”"})
                return short, region, "text"
    # A 来源 line counts only when the report itself names that body, so that a website's
    # 来源 line naming its portal or owner (华容县政府) never becomes the author of a township's report.
    # Mentions of the portal ("某市人民政府门户网站", "某市人民政府网") do not count.
    for key in ("来源", "信息来源"):
        value = _body_name(SOURCE_VALUE_END.split((meta.get(key) or "").strip())[0], prose=True)
        count = len(_mention(value).findall(text)) if value else 0
        place = PLACE_BODY.match(value) if value else None
        if place and count < 2:     # "来源：沙塘镇人民政府", the text: "沙塘镇政府…", "沙塘镇…"
            count = len(re.findall(re.escape(place.group(1)), text))
        if value and count >= 2:
            short, region = split_organisation(value)
            notes.append({"field": "organisation.name", "reason": spam + f"报告没有标题；名称取自网页的“{key}”栏，报告正文提到该名称 {count} 次"})
            return short, region, "metadata"
    selfref = SELF_NAME.search(text)
    why = f"报告只以“{selfref.group(0)}”自称，未写明发布机关" if selfref else "原文未写明发布机关"
    notes.append({"field": "organisation.name", "reason": spam + why + "；记为空值（维护者可在 site_data/corrections/ 中补正）"})
    return None, [], None


def _clip(text: str, m: re.Match) -> str:
    """The words around a name found in the prose, within its line."""
    start = max(0, m.start(1) - 12, text.rfind("\n", 0, m.start(1)) + 1)
    end = text.find("\n", m.end(1))
    end = m.end() + 12 if end < 0 else min(end, m.end() + 12)
    return text[start:end].strip("，,。；;\n ")


PROSE_YEAR = re.compile(r"(?:编制|制定|发布)(?:的|了)\s*《?((?:19|20)\d{2})\s*年\s*度?\s*(?:的)?(?:政府信息公开|政务公开|信息公开)[^。《》\n\d]{0,12}?(?:报告|年报)|"
                        r"[现特](?:将|予|向社会|面向社会)?(?:公布|公开|发布)?\s*《?[^。《》\n\d]{0,30}?((?:19|20)\d{2})\s*年\s*度?\s*(?:的)?"
                        r"[^。《》\n\d]{0,20}?(?:政府信息公开|政务公开|信息公开)[^。《》\n\d]{0,12}?(?:报告|年报|汇报)")


# The statistics' period the report states: "统计期限为2023年1月1日至12月31日".
STATISTICS_PERIOD = re.compile(r"统计(?:期限|时限|时间|区间)\S{0,4}?((?:19|20)\d{2})年\s*1\s*月\s*1\s*日")
# The year the opening sentence speaks of: "2023年，我局…", "2023年度全年本单位…".
OPENING_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:度)?\s*[,，]\s*\S|((?:19|20)\d{2})\s*年\s*(?:度)?\s*(?:全年)?\s*(?:我|全|本)")


def find_year(title: str | None, text: str, notes: list) -> int | None:
    if title:
        if BLANKED.search(title):
            notes.append({"field": "year", "reason": f"标题中的年份被隐去（{BLANKED.search(title).group(0)}）"})
            return None
        m = TITLE_YEAR.search(title)
        if m:
            return int(m.group(1))
    m = STATISTICS_PERIOD.search(text)
    if m:
        return int(m.group(1))
    where = "标题没有写明年份" if title else "没有标题"
    # The report naming itself: "现将2023年政府信息公开工作年度报告公布如下", "…2019年度政府信息公开工作情况报告如下".
    m = PROSE_YEAR.search(text[:3000])
    if m and not BLANKED.search(text[max(0, m.start() - 20):m.end()]):
        notes.append({"field": "year", "reason": f"{where}：年份取自正文中报告的自称“{m.group(0)}”"})
        return int(m.group(1) or m.group(2))
    m = OPENING_YEAR.search(text[:600])
    if m:
        notes.append({"field": "year", "reason": f"{where}：年份取自报告开头一句"})
        return int(m.group(1) or m.group(2))
    if BLANKED.search(text[:600]):
        notes.append({"field": "year", "reason": "正文中的年份被隐去（20**年）"})
    else:
        notes.append({"field": "year", "reason": "标题和统计期限都没有写明年份"})
    return None


HEAD_LABEL = re.compile(r"(发布机构|发文机构|发布单位|发布日期|发布时间|公开日期|成文日期|发文日期|(?<![\u4e00-\u9fff])时间)\s*[:：|｜]?\s*"
                        r"([^\s|:：]{2,30}(?:\s\d{1,2}:\d{2}(?::\d{2})?)?)")
# A line that may hold such a label, pinyin or not: "時間：", "發(fa)布", "发文", "成文", "公(gong)开".
HEAD_LABEL_HINT = re.compile(r"^\s*时\s*间\s*[:：]|[发發][(（]?\w{0,3}[)）]?[布文]|成[(（]?\w{0,4}[)）]?文|公[(（]?\w{0,5}[)）]?开")


def head_meta(lines: list[str]) -> dict[str, tuple[str, str]]:
    """Metadata labels in the page's head that cleaning leaves as text lines: with plain pinyin inside
    ("發(fa)布時(shi)間(jian)：2020-11-26") or without a colon ("发布机构 某某局 发文日期 2020-01-22").
    {key: (value, line)}; a date key only with a date, a body key only with a body's name."""
    from ..clean import to_simplified
    found: dict[str, tuple[str, str]] = {}
    for line in lines[:12]:
        if len(line) > 120 or not HEAD_LABEL_HINT.search(line):
            continue
        plain = to_simplified(ASCII_PINYIN.sub("", line))
        for m in HEAD_LABEL.finditer(plain):
            key, value = m.group(1), m.group(2)
            ok = parse_date(value) if ("日期" in key or "时间" in key) else _body_name(value)
            if ok and key not in found:
                found[key] = (value, line.strip())
    return found


# The page's own publication date; a crawler's 抓取/采集 date is never one of these.
PUBLISHED_KEYS = ("发布日期", "发布时间", "公开日期", "成文日期", "发文日期", "生成日期")


def find_dates(meta: dict, lines: list[str], notes: list) -> dict:
    web = None
    web_key = None
    meta = dict(meta)
    for key, (value, line) in head_meta(lines).items():
        if (key in PUBLISHED_KEYS or key == "时间") and not meta.get(key):
            meta[key] = value
            notes.append({"field": "published", "reason": f"网页抬头的“{key}”未被当作元数据行读出（{line[:40]}），在此读取"})
    for key in PUBLISHED_KEYS + ("日期", "时间", "来源"):
        d = parse_date(meta.get(key))
        if d:
            web, web_key = d, key
            break
    signed = None
    for s in reversed([s for s in lines[-8:] if s.strip()]):
        if len(s) <= 40:
            d = parse_date(s)
            if d:
                signed = d
                break
    garbled = sorted({m.group(0) for s in lines for m in GARBLED_DATE.finditer(s)} |
                     {m.group(0) for v in meta.values() for m in GARBLED_DATE.finditer(v or "")})
    for g in garbled:
        notes.append({"field": "dates", "reason": f"原文日期错乱：“{g}”（仅标记，不作推测）"})
    return {"web": web, "web_field": web_key, "signed": signed, "garbled": garbled}


URL_DATE = re.compile(r"/t?((?:19|20)\d{2})(\d{2})(\d{2})_\d+|/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/|/((?:19|20)\d{2})-(\d{2})-(\d{2})/")


def url_date(url: str | None) -> date | None:
    """The publication date many Chinese government CMSs put in the article URL (…/t20250310_97791.htm)."""
    m = URL_DATE.search(url or "")
    if not m:
        return None
    y, mo, d = [g for g in m.groups() if g][:3]
    return make_date(int(y), int(mo), int(d))


INDEX_NUMBER = re.compile(r"[0-9A-Za-z][0-9A-Za-z/\-_.]{4,}")   # "11350128MB1234567X/2024-00012"


def find_index_number(meta: dict) -> str | None:
    value = (meta.get("索引号") or "").strip()
    m = INDEX_NUMBER.match(value)
    return m.group(0) if m else None
