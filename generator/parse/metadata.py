"""Who published the report, for which year, when, and in which format era."""
from __future__ import annotations

import re
from datetime import date

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
TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?")


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


def find_title(lines: list[str], meta: dict) -> str | None:
    for key in ("标题", "页面标题"):
        value = (meta.get(key) or "").strip()
        if value:
            # "<title>" carries the site's name after "_", "|" or " - ".
            value = re.split(r"[_|｜]|\s*[-－—–]+\s*(?=[^\d\s])", value)[0].strip()
            if re.search(r"报告|总结|年报", value):
                return value
    for i, s in enumerate(lines[:6]):
        s = s.strip()
        if 6 <= len(s) <= 80 and re.search(r"(报告|总结|年报)(\[\d+\]|[（(][^）)]{1,8}[）)])?$", s) and "|" not in s:
            s = re.sub(r"\[\d+\]$", "", s)
            # A PDF title broken over two lines: "淮安市人民政府" / "2024 年政府信息公开工作年度报告".
            if re.match(r"^\s*(?:19|20)\d{2}\s*年", s) and i > 0 and re.fullmatch(r"[\u4e00-\u9fff（）()]{2,30}", lines[i - 1].strip()):
                s = lines[i - 1].strip() + s
            return re.sub(r"(?<=\d)\s+(?=年)|(?<=[\u4e00-\u9fff])\s+(?=\d)", "", s)
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


def organisation_from_title(title: str | None) -> str | None:
    """The body as the title names it: what precedes the year or the report's own name.

    "华容县禹山镇人民政府2017年政府信息公开…" and "某镇政府信息公开工作年度报告（2023年度）" alike.
    """
    if not title:
        return None
    title = re.sub(r"^关于", "", title.strip())
    # "2023年度某某局政府信息公开工作年度报告": the year may come first.
    if BLANKED.search(title):
        return None        # a model essay: whatever name is left is a placeholder
    title = re.sub(r"^(?:19|20)\d{2}\s*年度?\s*", "", title)
    cuts = [m.start() for m in [re.search(r"(?:19|20)\d{2}\s*年|20\*\*|\*\*\s*年", title),
                                re.search(r"政府信息公开|政务公开|信息公开", title)] if m]
    if not cuts:
        return None
    name = title[: min(cuts)].strip(" ：:（(")
    if name.endswith("人民") and title[len(name):].startswith("政府"):
        name += "政府"     # "某县人民政府信息公开…": 政府 belongs to the name
    # A body's name ends like one (人民政府, 教育局, 管委会, 某某镇 …), not like "乡镇电子政务和".
    if not re.search(r"[府委局办厅部署院会心所站处道镇乡区县市省旗盟州队室馆社行司]$", name):
        return None
    return name if 2 <= len(name) <= 40 and not re.search(r"\d", name) else None


def find_organisation(title: str | None, meta: dict, text: str, notes: list) -> tuple[str | None, list[str], str | None]:
    name = organisation_from_title(title)
    if name:
        short, region = split_organisation(name)
        return short, region, "title"
    # A metadata line counts only when the report itself names that body, so that a website's
    # 来源 line naming its owner (华容县政府) never becomes the author of a township's report.
    for key in ("发布机构", "发文机构", "来源", "信息来源"):
        value = re.split(r"\s|时间[:：]", (meta.get(key) or "").strip())[0]
        if 2 <= len(value) <= 30 and not re.search(r"网站|网|\d", value) and text.count(value) >= 2:
            short, region = split_organisation(value)
            notes.append({"field": "organisation.name", "reason": f"报告没有标题；名称取自网页的“{key}”栏，报告正文提到该名称 {text.count(value)} 次"})
            return short, region, "metadata"
    selfref = re.search(r"我(镇|乡|局|办|委|区|县|市|街道|院|厅|部)", text)
    why = f"报告只以“{selfref.group(0)}”自称，未写明发布机关" if selfref else "原文未写明发布机关"
    notes.append({"field": "organisation.name", "reason": why + "；记为空值（维护者可在 site_data/corrections/ 中补正）"})
    return None, [], None


def find_year(title: str | None, text: str, notes: list) -> int | None:
    if title:
        if BLANKED.search(title):
            notes.append({"field": "year", "reason": f"标题中的年份被隐去（{BLANKED.search(title).group(0)}）"})
            return None
        m = TITLE_YEAR.search(title)
        if m:
            return int(m.group(1))
    m = re.search(r"统计(?:期限|时限|时间|区间)\S{0,4}?((?:19|20)\d{2})年\s*1\s*月\s*1\s*日", text)
    if m:
        return int(m.group(1))
    m = re.search(r"((?:19|20)\d{2})\s*年\s*(?:度)?\s*[,，]\s*\S|((?:19|20)\d{2})\s*年\s*(?:度)?\s*(?:全年)?\s*(?:我|全|本)", text[:600])
    if m:
        notes.append({"field": "year", "reason": "没有标题：年份取自报告开头一句"})
        return int(m.group(1) or m.group(2))
    if BLANKED.search(text[:600]):
        notes.append({"field": "year", "reason": "正文中的年份被隐去（20**年）"})
    else:
        notes.append({"field": "year", "reason": "标题和统计期限都没有写明年份"})
    return None


def find_dates(meta: dict, lines: list[str], notes: list) -> dict:
    web = None
    web_key = None
    for key in ("发布日期", "发布时间", "公开日期", "生成日期", "日期", "来源"):
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


def find_index_number(meta: dict) -> str | None:
    value = (meta.get("索引号") or "").strip()
    m = re.match(r"[0-9A-Za-z][0-9A-Za-z/\-_.]{4,}", value)
    return m.group(0) if m else None
