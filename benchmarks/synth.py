#!/usr/bin/env python3
"""Deterministic synthetic corpus of raw annual-report sources, for benchmarks and tests.

    python benchmarks/synth.py OUT_DIR --n 1000 [--seed 0]

writes OUT_DIR/synth/<name> and a provenance sidecar <name>.meta.yaml beside each file, shaped like
the real scraped input in site_data/sources/:

* ``html``  – a government-site page: header, navigation, breadcrumb, metadata block (索引号 …),
  字号 大 中 小, the report as Word-pasted paragraphs and ``<table class="MsoNormalTable">`` tables
  with rowspan/colspan, ``&nbsp;`` and MsoNormal spans, footer (版权所有, ICP备案号) and scripts;
  about one in eight is served as GB18030 (``charset=gb2312``).
* ``word``  – the same, but a heavy Word export (every cell and run carries its full inline ``mso-``
  style) of about 250 KB, like pingtan-zone-2022.html.
* ``dump``  – a crawler's text dump: a header block or metadata lines, the page text with chrome
  kept, tables as cells joined by ``|`` (runs of ``|||`` for merged cells), either one row per line
  or one ``cell |`` per line.
* ``cells`` – plain text with one table cell per line (blank lines between some cells).

Each report is in one of the three eras of REPORTS.md: ``pre2019`` (free-form sections and an
annexed 政府信息公开情况统计表 of label / unit / value rows), ``2019`` and ``2021`` (the six fixed
sections; section 二 per era; section 三 with the seven applicant columns; section 四 with 15
numbers). Generated numbers satisfy the arithmetic identities: per column 本年新收 + 上年结转 =
总计 + 结转下年度, outcome rows sum to 总计, the 总计 column is the sum of the six applicant
columns, section 四 totals; across consecutive years of one body 结转下年度 carries into 上年结转
and 现行有效件数 chains. Prose (3–8 KB) states figures that agree with the tables.

Everything derives from ``random.Random(f"{seed}/…")`` string seeds, so the same seed and N give
identical bytes on every machine and Python run, and the corpus for N is a prefix of the one for a
larger N. The numbers behind every file are available from :func:`make_report` for tests.
"""
from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from pathlib import Path

from generator.domain import FORMATS, Caption

COLLECTION = "synth"
ERAS = ("pre2019", "2019", "2021")
SHAPES = ("html", "dump", "cells", "word")
HEAVY_EVERY = 10          # item i is a ~250 KB Word export when i % HEAVY_EVERY == HEAVY_AT
HEAVY_AT = 4
HEAVY_TARGET = (235_000, 265_000)
PROSE_TARGET = (3_000, 8_000)
REPORTS_PER_BODY = 6

# Tables, rows, labels and columns come from the one description of the formats
# (generator/domain/formats.yaml), so a row added there is printed here too.
REQUESTS = FORMATS.requests
REVIEW = FORMATS.review_litigation
COLUMNS = tuple(REQUESTS.column_keys)
APPLICANTS = COLUMNS[:-1]

SECTION_TITLES = (
    ("一", "总体情况"),
    (FORMATS.proactive.section, FORMATS.proactive.heading),
    (REQUESTS.section, REQUESTS.heading),
    (REVIEW.section, REVIEW.heading),
    ("五", "存在的主要问题及改进情况"),
    ("六", "其他需要报告的事项"),
)


def outcome_groups(era: str) -> list[tuple[str | None, tuple[tuple[str, str], ...]]]:
    """Section 三 outcome rows (一)…(六), grouped as the table prints them; (group label, rows).

    A caption at the outcome rows' level opens a group; an outcome row at that level stands alone."""
    groups: list[tuple[str | None, list[tuple[str, str]]]] = []
    outcome_level = min(r.level for r in REQUESTS.rows(era) if r.outcome)
    for line in REQUESTS.lines:
        if era not in line.eras:
            continue
        if isinstance(line, Caption):
            if line.level == outcome_level:
                groups.append((line.caption, []))
            continue
        if not line.outcome:
            continue
        if line.level == outcome_level:
            groups.append((None, [(line.key, line.printed)]))
        else:
            groups[-1][1].append((line.key, line.printed))
    return [(label, tuple(rows)) for label, rows in groups]


def outcome_keys(era: str) -> list[str]:
    return [key for _, rows in outcome_groups(era) for key, _ in rows]


def request_row_keys(era: str) -> list[str]:
    return REQUESTS.row_keys(era)


REVIEW_GROUPS = tuple(REVIEW.row_keys())
REVIEW_KEYS = tuple(REVIEW.column_keys)
REVIEW_LABELS = tuple(c.label for c in REVIEW.columns)

# ---------------------------------------------------------------------------------------------
# Bodies
# ---------------------------------------------------------------------------------------------

_PLACE_1 = "东西南北清安平永兴长宁丰和新临桃柳石金白青龙凤云阳泉江河湖溪桥林松梅杏汉黄盘双大高古乐广太武通"
_PLACE_2 = "山水川城源口坪岗溪湾塘林桥阳宁安丰昌华兴江河湖州陵池田庄集坝店铺堡关台"
_DEPARTMENTS = (
    "财政局", "自然资源局", "生态环境局", "人力资源和社会保障局", "卫生健康局", "教育局", "交通运输局",
    "住房和城乡建设局", "市场监督管理局", "农业农村局", "民政局", "司法局", "水利局", "应急管理局",
    "统计局", "审计局", "文化和旅游局", "商务局", "林业局", "退役军人事务局", "医疗保障局", "发展和改革局",
)
_SHORT = {"town": "我镇", "township": "我乡", "street": "我街道", "county": "我县", "district": "我区",
          "city": "我市", "dept": "我局"}


@dataclass(frozen=True)
class Body:
    index: int
    kind: str                 # town | township | street | county | district | city | dept
    name: str                 # as it names itself, e.g. 禹山镇人民政府
    region: tuple[str, ...]   # enclosing divisions, outermost first
    short: str                # 我镇 / 我局 …
    scale: int                # rough size of its request counts
    domain: str

    @property
    def full_name(self) -> str:
        return "".join(self.region) + self.name


def _place(rng: random.Random, suffix: str) -> str:
    a = rng.choice(_PLACE_1)
    b = rng.choice(_PLACE_2)
    while b == a:
        b = rng.choice(_PLACE_2)
    return a + b + suffix


def make_body(seed: int, index: int) -> Body:
    rng = random.Random(f"{seed}/body/{index}")
    city = _place(rng, "市")
    county = _place(rng, rng.choice("县县县区"))
    kind = rng.choices(["town", "township", "street", "county", "city", "dept"], [30, 8, 10, 14, 4, 34])[0]
    if kind == "town":
        name, region, scale = _place(rng, "镇") + "人民政府", (city, county), 4
    elif kind == "township":
        name, region, scale = _place(rng, "乡") + "人民政府", (city, county), 2
    elif kind == "street":
        name, region, scale = _place(rng, "街道") + "办事处", (city, county), 6
    elif kind == "county":
        kind = "district" if county.endswith("区") else "county"
        name, region, scale = county + "人民政府", (city,), 60
    elif kind == "city":
        name, region, scale = city + "人民政府", (), 900
    else:
        upper = rng.choice([city, county])
        name = upper + rng.choice(_DEPARTMENTS)
        region = (city,) if upper == county else ()
        scale = 40 if upper == city else 12
    letters = "abcdefghjklmnpqrstwxyz"
    domain = "www." + "".join(rng.choice(letters) for _ in range(rng.randint(2, 4))) + f"{index % 97}.gov.cn"
    return Body(index, kind, name, region, _SHORT[kind], scale, domain)


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

_OUTCOME_WEIGHTS = {
    "granted": 40, "partially_granted": 8, "unavailable_not_held": 25, "unavailable_needs_creation": 4,
    "unavailable_unclear": 3, "not_processed_complaint": 3, "not_processed_repeated": 3,
    "not_processed_publication": 1, "not_processed_excessive": 1, "not_processed_confirmation": 1,
    "other_overdue_correction": 4, "other_overdue_fee": 0.5, "other_other": 3, "other": 7,
}


def _carry(seed: int, body: Body, year: int) -> dict[str, int]:
    """结转下年度 of `body` at the end of `year`, per applicant column (also next year's 上年结转)."""
    rng = random.Random(f"{seed}/carry/{body.index}/{year}")
    out = {c: 0 for c in APPLICANTS}
    if rng.random() < 0.35:
        out["natural_person"] = rng.randint(1, max(1, body.scale // 8))
    if rng.random() < 0.1:
        out["commercial"] = rng.randint(1, max(1, body.scale // 40))
    return out


def _requests(rng: random.Random, seed: int, body: Body, year: int, era: str) -> dict[str, dict[str, int]]:
    carried_over = _carry(seed, body, year - 1)
    carried_forward = _carry(seed, body, year)
    quiet = rng.random() < (0.45 if body.scale <= 6 else 0.1)
    new: dict[str, int] = {}
    for col in APPLICANTS:
        share = {"natural_person": 1.0, "commercial": 0.08, "research": 0.005, "social_welfare": 0.01,
                 "legal_services": 0.03, "other_org": 0.02}[col]
        mean = body.scale * share
        n = 0 if quiet else (int(rng.expovariate(1 / mean)) if mean >= 1 else int(rng.random() < mean))
        # 结转下年度 cannot exceed what was there to handle.
        new[col] = max(n, carried_forward[col] - carried_over[col])
    keys = outcome_keys(era)
    weights = [_OUTCOME_WEIGHTS.get(k, 0.6) for k in keys]
    rows: dict[str, dict[str, int]] = {k: {} for k in request_row_keys(era)}
    for col in APPLICANTS:
        handled = new[col] + carried_over[col] - carried_forward[col]
        counts = dict.fromkeys(keys, 0)
        for k in rng.choices(keys, weights, k=handled):
            counts[k] += 1
        rows["new_received"][col] = new[col]
        rows["carried_over"][col] = carried_over[col]
        for k in keys:
            rows[k][col] = counts[k]
        rows["total"][col] = handled
        rows["carried_forward"][col] = carried_forward[col]
    for row in rows.values():
        row["total"] = sum(row[c] for c in APPLICANTS)
    return rows


def _review(rng: random.Random, body: Body) -> dict[str, dict[str, int]]:
    out = {}
    for group in REVIEW_GROUPS:
        limit = max(0, body.scale // (10 if group == "review" else 25))
        vals = [0, 0, 0, 0]
        if limit and rng.random() < 0.6:
            vals = [rng.randint(0, limit) if rng.random() < 0.5 else 0 for _ in range(4)]
        out[group] = dict(zip(REVIEW_KEYS, [*vals, sum(vals)]))
    return out


def _money(rng: random.Random, top: float) -> float:
    if rng.random() < 0.4:
        return 0
    return round(rng.uniform(0, top), rng.choice([0, 1, 2]))


def _proactive_2021(seed: int, body: Body, year: int) -> dict:
    """Section 二, 2021 era; 现行有效件数 chains across the body's years from 2021."""
    base = random.Random(f"{seed}/inforce/{body.index}")
    in_force = {"regulations": base.randint(0, 30) if body.kind == "city" else 0,
                "normative_documents": base.randint(0, max(3, body.scale // 3))}
    for y in range(2021, year + 1):
        rng = random.Random(f"{seed}/proactive/{body.index}/{y}")
        issued_repealed = {}
        for key, top in (("regulations", 3 if body.kind == "city" else 0),
                         ("normative_documents", max(2, body.scale // 20))):
            issued = rng.randint(0, top)
            repealed = min(in_force[key], rng.randint(0, top))
            in_force[key] += issued - repealed
            issued_repealed[key] = {"issued": issued, "repealed": repealed, "in_force": in_force[key]}
    rng = random.Random(f"{seed}/proactive-2021/{body.index}/{year}")
    out = dict(issued_repealed)
    out["licensing"] = {"decisions": int(rng.expovariate(1 / (body.scale * 20 + 1)))}
    out["punishment"] = {"decisions": int(rng.expovariate(1 / (body.scale * 5 + 1)))}
    out["coercion"] = {"decisions": int(rng.expovariate(1 / (body.scale + 1)))}
    out["fees"] = {"amount_10k_yuan": _money(rng, body.scale * 20)}
    return out


def _proactive_2019(rng: random.Random, body: Body) -> dict:
    out = {}
    for key in ("regulations", "normative_documents"):
        made = rng.randint(0, 3 if (key == "normative_documents" or body.kind == "city") else 0)
        published = made
        out[key] = {"made": made, "published": published, "total_published": published + rng.randint(0, 60)}
    for key in ("licensing", "other_services", "punishment", "coercion"):
        previous = rng.randint(0, max(1, body.scale * 2))
        change = rng.randint(-min(previous, 5), 8)
        out[key] = {"previous": previous, "change": change, "decisions": int(rng.expovariate(1 / (body.scale * 8 + 1)))}
    previous = rng.randint(0, 12)
    out["fees"] = {"previous": previous, "change": rng.randint(-min(previous, 3), 2)}
    out["procurement"] = {"projects": rng.randint(0, 40), "amount": _money(rng, body.scale * 30)}
    return out


# pre2019 统计表: (label, unit, kind); kind: "head" (no value), "sum:a,b,…" (value = sum of named rows), or "n" / "money".
LEGACY_2014 = (
    ("一、主动公开情况", "", "head"),
    ("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", "sum:p1,p2,p3,p4,p5"),
    ("其中：主动公开规范性文件数", "条", "n"),
    ("制发规范性文件总数", "件", "n"),
    ("（二）通过不同渠道和方式公开政府信息的情况", "", "head"),
    ("1.政府公报公开政府信息数", "条", "n:p1"),
    ("2.政府网站公开政府信息数", "条", "n:p2"),
    ("3.政府微博公开政府信息数", "条", "n:p3"),
    ("4.政府微信公开政府信息数", "条", "n:p4"),
    ("5.其他方式公开政府信息数", "条", "n:p5"),
    ("二、回应解读情况", "", "head"),
    ("（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）", "次", "n"),
    ("（二）通过不同渠道和方式回应解读的情况", "", "head"),
    ("1.参加或举办新闻发布会总次数", "次", "n"),
    ("其中：主要负责同志参加新闻发布会次数", "次", "n"),
    ("2.政府网站在线访谈次数", "次", "n"),
    ("其中：主要负责同志参加政府网站在线访谈次数", "次", "n"),
    ("3.政策解读稿件发布数", "篇", "n"),
    ("4.微博微信回应事件数", "次", "n"),
    ("5.其他方式回应事件数", "次", "n"),
    ("三、依申请公开情况", "", "head"),
    ("（一）收到申请数", "件", "sum:r1,r2,r3,r4"),
    ("1.当面申请数", "件", "n:r1"),
    ("2.传真申请数", "件", "n:r2"),
    ("3.网络申请数", "件", "n:r3"),
    ("4.信函申请数", "件", "n:r4"),
    ("（二）申请办结数", "件", "sum:c1,c2"),
    ("1.按时办结数", "件", "n:c1"),
    ("2.延期办结数", "件", "n:c2"),
    ("（三）申请答复数", "件", "sum:a1,a2,a3,a4,a5,a6,a7,a8"),
    ("1.属于已主动公开范围数", "件", "n:a1"),
    ("2.同意公开答复数", "件", "n:a2"),
    ("3.同意部分公开答复数", "件", "n:a3"),
    ("4.不同意公开答复数", "件", "sum:d1,d2,d3,d4,d5,d6"),
    ("其中：涉及国家秘密", "件", "n:d1"),
    ("涉及商业秘密", "件", "n:d2"),
    ("涉及个人隐私", "件", "n:d3"),
    ("危及国家安全、公共安全、经济安全和社会稳定", "件", "n:d4"),
    ("不是《条例》所指政府信息", "件", "n:d5"),
    ("法律法规规定的其他情形", "件", "n:d6"),
    ("5.不属于本行政机关公开数", "件", "n:a5"),
    ("6.申请信息不存在数", "件", "n:a6"),
    ("7.告知作出更改补充数", "件", "n:a7"),
    ("8.告知通过其他途径办理数", "件", "n:a8"),
    ("四、行政复议数量", "件", "sum:v1,v2,v3"),
    ("（一）维持具体行政行为数", "件", "n:v1"),
    ("（二）被依法纠错数", "件", "n:v2"),
    ("（三）其他情形数", "件", "n:v3"),
    ("五、行政诉讼数量", "件", "sum:l1,l2,l3"),
    ("（一）维持具体行政行为或者驳回原告诉讼请求数", "件", "n:l1"),
    ("（二）被依法纠错数", "件", "n:l2"),
    ("（三）其他情形数", "件", "n:l3"),
    ("六、举报投诉数量", "件", "n"),
    ("七、依申请公开信息收取的费用", "万元", "money"),
    ("八、机构建设和保障经费情况", "", "head"),
    ("（一）政府信息公开工作专门机构数", "个", "n"),
    ("（二）设置政府信息公开查阅点数", "个", "n"),
    ("（三）从事政府信息公开工作人员数", "人", "sum:s1,s2"),
    ("1.专职人员数（不包括政府公报及政府网站工作人员数）", "人", "n:s1"),
    ("2.兼职人员数", "人", "n:s2"),
    ("（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）", "万元", "money"),
    ("九、政府信息公开会议和培训情况", "", "head"),
    ("（一）召开政府信息公开工作会议或专题会议数", "次", "n"),
    ("（二）举办各类培训班数", "次", "n"),
    ("（三）接受培训人员数", "人次", "n"),
)
LEGACY_2008 = (
    ("主动公开信息数", "条", "sum:p1,p2"),
    ("其中：1、网站公开", "条", "n:p1"),
    ("2、政府公报公开", "条", "n:p2"),
    ("受理依申请公开信息总数", "条", "sum:r1,r2,r3,r4,r5"),
    ("其中：1、当面申请数", "条", "n:r1"),
    ("2、传真申请数", "条", "n:r2"),
    ("3、电子邮件申请数", "条", "n:r3"),
    ("4、网上申请数", "条", "n:r4"),
    ("5、信函申请数", "条", "n:r5"),
    ("对申请的答复总数", "条", "sum:a1,a2,a3"),
    ("其中：1、同意公开答复数", "条", "n:a1"),
    ("2、同意部分公开答复数", "条", "n:a2"),
    ("3、否决公开答复数", "条", "n:a3"),
    ("行政复议数", "件", "n"),
    ("行政诉讼数", "件", "n"),
    ("行政申诉、举报数", "件", "n"),
)


def _legacy_table(rng: random.Random, body: Body, year: int) -> list[dict]:
    """The annexed 统计表 as [{label, unit, value}]; subtotals equal the sum of their parts."""
    spec = LEGACY_2014 if year >= 2014 else LEGACY_2008
    leaf_keys = [kind[2:] for _, _, kind in spec if kind.startswith("n:")]
    has_denials = any(kind.startswith("sum:d") for _, _, kind in spec)
    requests = 0 if rng.random() < 0.5 else rng.randint(1, max(1, body.scale))
    leaf: dict[str, int] = {}
    channels = [k for k in leaf_keys if k.startswith("r")]
    leaf.update(zip(channels, _split(rng, requests, len(channels))))
    answers = sorted({k for k in leaf_keys if k.startswith("a")} | ({"a4"} if has_denials else set()))
    leaf.update(zip(answers, _split(rng, requests, len(answers), skew=True)))
    if has_denials:
        leaf.update(zip(("d1", "d2", "d3", "d4", "d5", "d6"), _split(rng, leaf["a4"], 6)))
    if "c1" in leaf_keys:
        late = rng.randint(0, requests // 10)
        leaf["c1"], leaf["c2"] = requests - late, late
    for key in leaf_keys:
        if key not in leaf:
            leaf[key] = _small(rng, body, key)
    rows = []
    for label, unit, kind in spec:
        if kind == "head":
            value = None
        elif kind == "money":
            value = _money(rng, 5)
        elif kind == "n":
            value = _small(rng, body, label)
        elif kind.startswith("n:"):
            value = leaf[kind[2:]]
        else:
            value = sum(leaf[k] for k in kind[4:].split(","))
        rows.append({"label": label, "unit": unit, "value": value})
    return rows


def _small(rng: random.Random, body: Body, key: str) -> int:
    if key.startswith("p"):
        return rng.randint(5, 40 + body.scale * 3)
    if key.startswith(("v", "l")):
        return 0 if rng.random() < 0.8 else rng.randint(0, 2)
    return 0 if rng.random() < 0.5 else rng.randint(0, 6)


def _split(rng: random.Random, total: int, parts: int, skew: bool = False) -> list[int]:
    if parts == 0:
        return []
    weights = [3 if (skew and i in (1, 5)) else 1 for i in range(parts)]
    out = [0] * parts
    for i in rng.choices(range(parts), weights, k=total):
        out[i] += 1
    return out


# ---------------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------------

@dataclass
class Report:
    index: int
    seed: int
    body: Body
    era: str
    year: int
    shape: str
    published: str               # YYYY-MM-DD
    encoding: str                # utf-8 | gb18030
    statistics: dict
    proactive_items: int         # the prose figure 主动公开政府信息…条
    title: str
    url: str
    file: str = ""               # relative to the output root: synth/<name>
    sections: list[tuple[str, list[str]]] = field(default_factory=list)   # (heading, paragraphs)

    @property
    def name(self) -> str:
        return self.file.rsplit("/", 1)[-1]


def era_of(index: int) -> str:
    return ERAS[index % 3]


def shape_of(index: int) -> str:
    if index % HEAVY_EVERY == HEAVY_AT:
        return "word"
    return ("html", "dump", "cells")[(index + index // 3) % 3]


def _year(seed: int, body: Body, era: str, index: int) -> int:
    rng = random.Random(f"{seed}/years/{body.index}")
    first = index % REPORTS_PER_BODY < 3
    if era == "pre2019":
        base = rng.randint(2009, 2017)
        return base if first else base + 1
    if era == "2019":
        return 2019 if first else 2020
    base = rng.randint(2021, 2023)
    return base if first else base + 1


def make_report(seed: int, index: int) -> Report:
    """The data behind synthetic item `index`: body, era, year, shape, statistics, prose."""
    rng = random.Random(f"{seed}/report/{index}")
    body = make_body(seed, index // REPORTS_PER_BODY)
    era = era_of(index)
    year = _year(seed, body, era, index)
    shape = shape_of(index)
    stats: dict = {}
    if era == "pre2019":
        stats["legacy_table"] = _legacy_table(rng, body, year)
        proactive_items = next(r["value"] for r in stats["legacy_table"] if r["label"].startswith(("（一）主动公开政府信息数", "主动公开信息数")))
    else:
        stats["proactive"] = _proactive_2021(seed, body, year) if era == "2021" else _proactive_2019(rng, body)
        stats["requests"] = _requests(rng, seed, body, year, era)
        stats["review_litigation"] = _review(rng, body)
        proactive_items = rng.randint(20, 80 + body.scale * 20)
    # Publication: departments by 31 January, governments by 31 March; a few late.
    month = 1 if body.kind == "dept" and era != "pre2019" else rng.choice([1, 2, 3])
    if rng.random() < 0.05:
        month = rng.choice([4, 5])
    day = rng.randint(5, 28)
    published = f"{year + 1}-{month:02d}-{day:02d}"
    title = f"{body.full_name}{year}年政府信息公开工作年度报告"
    if rng.random() < 0.3:
        title = f"{body.full_name}{year}年度政府信息公开工作年度报告"
    docid = 10000 + (seed * 7919 + index * 104729) % 89999
    url = f"https://{body.domain}/zwgk/zfxxgk/zfxxgknb/{year + 1}{month:02d}/t{year + 1}{month:02d}{day:02d}_{docid}.html"
    encoding = "gb18030" if shape == "html" and rng.random() < 0.125 else "utf-8"
    report = Report(index, seed, body, era, year, shape, published, encoding, stats, proactive_items, title, url)
    ext = "html" if shape in ("html", "word") else "txt"
    report.file = f"{COLLECTION}/s{index:05d}-{era}-{shape}.{ext}"
    report.sections = _prose(rng, report)
    return report


# ---------------------------------------------------------------------------------------------
# Prose
# ---------------------------------------------------------------------------------------------

_GENERAL = (
    "{year}年，{short}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "按照上级政务公开工作部署，围绕中心、服务大局，扎实推进政府信息公开工作。",
    "{short}成立了由主要负责同志任组长、分管负责同志任副组长的政务公开工作领导小组，领导小组办公室设在党政综合办公室，"
    "明确专人负责信息的收集、审核和发布工作，形成了主要领导亲自抓、分管领导具体抓、工作人员抓落实的工作格局。",
    "严格执行信息发布“三审三校”制度，坚持“先审查、后公开”和“一事一审”原则，全年未发生泄密和不当公开事件。",
    "结合工作实际，及时调整和更新政府信息主动公开基本目录，梳理公开事项{items2}项，做到应公开尽公开。",
)
_PROACTIVE = (
    "{year}年，{short}通过政府网站、政务新媒体、公开栏等渠道主动公开政府信息{items}条，其中机构职能、政策文件、"
    "财政预决算、重大项目、社会救助等重点领域信息{items2}条。",
    "围绕乡村振兴、安全生产、生态环境保护、民生保障等群众关注的重点领域，及时发布工作动态和政策措施，"
    "全年发布政策解读{interp}篇，回应社会关切{concerns}次。",
    "持续做好财政预决算和“三公”经费公开，按规定时限在政府网站公开部门预算、决算及说明，接受社会监督。",
    "在便民服务中心、村（社区）公开栏设置政务公开专区，放置政策汇编、办事指南等资料，方便群众就近查阅。",
    "规范政策解读工作，坚持政策文件与解读材料同步组织、同步审签、同步部署，通过图解、问答等形式提高解读的针对性。",
)
_APPLY = (
    "{year}年，{short}共收到政府信息公开申请{received}件，上年结转{carried}件，全部在法定期限内予以答复。",
    "进一步规范依申请公开的受理、登记、审核、答复、归档等工作流程，统一答复文书格式，做到依法依规、及时准确。",
    "加强与申请人的沟通，准确了解申请人的信息需求，对申请内容不明确的，及时一次性告知申请人补正。",
)
_MANAGE = (
    "加强政府信息公开属性源头认定，在公文拟制时即明确公开属性，对不予公开的说明理由，提高公文公开率。",
    "定期开展政府网站和政务新媒体信息内容自查，对过期失效的信息及时清理，对错链断链及时整改。",
    "严格落实保密审查制度，未经审查的信息不得公开，涉及个人隐私的信息作去标识化处理后再行公开。",
)
_PLATFORM = (
    "以政府门户网站为第一平台，优化政府信息公开专栏设置，完善法定主动公开内容栏目，规范栏目名称和内容。",
    "加强政务新媒体管理，{short}现有政务新媒体{media}个，全年发布信息{posts}条，坚持集约开设、规范运营。",
    "拓展线下公开渠道，利用广播、宣传栏、村务公开栏等形式，将政策信息送到群众身边。",
)
_SUPERVISE = (
    "将政务公开工作纳入年度绩效考核，定期通报工作进展，对工作不到位的及时督促整改。",
    "组织政务公开业务培训{training}次，参训人员{trainees}人次，工作人员的业务能力和依法公开意识进一步增强。",
    "全年未发生因政府信息公开工作不到位而被责任追究的情况。",
)
_PROBLEMS = (
    "{year}年{short}政府信息公开工作取得了一定成效，但仍存在一些不足：一是公开内容的深度和广度还需拓展，"
    "部分栏目更新不够及时；二是政策解读形式较为单一，图解、视频等解读方式运用不够；三是工作人员业务水平有待进一步提高。",
    "{next}年，{short}将从以下方面加以改进：一是加强组织领导，进一步压实工作责任；二是丰富公开形式，"
    "提升政策解读质量；三是加强业务培训，提高工作人员的专业素养；四是强化监督检查，推动政务公开工作规范化、标准化。",
    "针对检查中发现的问题，建立问题台账，明确整改责任和时限，逐项对账销号，确保整改到位。",
)
_OTHER = (
    "{year}年，{short}未收取政府信息公开信息处理费。",
    "按照上级统一部署，{short}认真落实政务公开年度工作要点，各项任务均已按期完成。",
    "{short}无其他需要报告的事项。",
)
_PRE2019_INTRO = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求，由{org}编制。全文包括概述，主动公开政府信息情况，"
    "依申请公开政府信息情况，政府信息公开的收费及减免情况，因政府信息公开申请提起行政复议、行政诉讼的情况，"
    "存在的主要问题及改进措施，其他需要报告的事项。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
)
_INTRO = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定编制，全文包括总体情况、主动公开政府信息情况、"
    "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
    "本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。如对本报告有疑问，请与{org}办公室联系"
    "（地址：{addr}，邮编：{zip}，电话：{tel}）。"
)
_PRE2019_SECTIONS = (
    ("一、概述", _GENERAL),
    ("二、主动公开政府信息情况", _PROACTIVE),
    ("三、依申请公开政府信息情况", _APPLY),
    ("四、政府信息公开的收费及减免情况", ("{year}年，{short}未收取政府信息公开检索、复制、邮寄等费用，也未发生减免收费的情况。",)),
    ("五、因政府信息公开申请提起行政复议、行政诉讼的情况", ("{year}年，{short}发生因政府信息公开申请提起的行政复议{reviews}件、行政诉讼{lawsuits}件。",)),
    ("六、存在的主要问题及改进措施", _PROBLEMS),
    ("七、其他需要报告的事项", _OTHER),
)
_SUBSECTIONS = (
    ("（一）主动公开", _PROACTIVE),
    ("（二）依申请公开", _APPLY),
    ("（三）政府信息管理", _MANAGE),
    ("（四）政府信息公开平台建设", _PLATFORM),
    ("（五）监督保障", _SUPERVISE),
)


_TOPICS = ("乡村振兴", "安全生产", "生态环境保护", "义务教育", "医疗卫生", "社会救助", "养老服务", "就业创业", "住房保障",
           "食品药品监管", "征地拆迁", "财政预决算", "重大建设项目", "公共资源配置", "农村人居环境整治", "防汛抗旱",
           "耕地保护", "优化营商环境", "减税降费", "殡葬改革", "退役军人服务", "残疾人帮扶", "文化旅游", "市场监管",
           "交通运输", "河长制", "林长制", "森林防火", "消防安全", "城乡低保", "农村危房改造", "涉农补贴", "教育收费")
_ACTIONS = ("及时发布", "集中公开", "动态更新", "梳理汇总并公开", "规范发布", "全面公开", "分类公开", "逐项公示")
_OBJECTS = ("政策文件", "工作动态", "办事指南", "通知公告", "资金分配结果", "项目审批信息", "补贴发放名单", "执法检查结果",
            "公示公告", "统计数据", "招标采购信息", "规划计划")
_CHANNELS = ("政府门户网站", "政务新媒体", "村（社区）公开栏", "便民服务中心", "政务服务大厅", "微信公众号", "新闻发布会", "宣传展板")
_RESULTS = ("群众知晓率明显提高", "有效保障了群众的知情权、参与权和监督权", "得到群众普遍好评", "进一步提升了政府公信力",
            "切实回应了群众关切", "推动了各项工作落实", "营造了良好的社会氛围")
_COMPOSED = (
    "围绕{topic}工作，通过{channel}{action}{object}{n}条，{result}。",
    "聚焦{topic}和{topic2}等重点领域，{action}相关{object}，{result}。",
    "在{topic}方面，{{short}}{action}{object}{n}条，并通过{channel}同步推送，{result}。",
    "{month}月，{{short}}组织开展{topic}专项工作，{action}{object}{n}条，{result}。",
    "针对群众关注的{topic}问题，{{short}}通过{channel}和{channel2}{action}{object}，{result}。",
)


def _composed_sentence(rng: random.Random) -> str:
    """A template sentence from vocabulary lists (returned with {short} etc. still to fill)."""
    return rng.choice(_COMPOSED).format(
        topic=rng.choice(_TOPICS), topic2=rng.choice(_TOPICS), action=rng.choice(_ACTIONS),
        object=rng.choice(_OBJECTS), channel=rng.choice(_CHANNELS), channel2=rng.choice(_CHANNELS),
        result=rng.choice(_RESULTS), n=rng.randint(1, 200), month=rng.randint(1, 12))


def _prose(rng: random.Random, report: Report) -> list[tuple[str, list[str]]]:
    """Sections as (heading, paragraphs); section 二/三/四 tables go where render puts them."""
    body, year = report.body, report.year
    stats = report.statistics
    if "requests" in stats:
        received = stats["requests"]["new_received"]["total"]
        carried = stats["requests"]["carried_over"]["total"]
        rl = stats["review_litigation"]
        reviews = rl["review"]["total"]
        lawsuits = rl["litigation_direct"]["total"] + rl["litigation_after_review"]["total"]
    else:
        table = {r["label"]: r["value"] for r in stats["legacy_table"]}
        received = next(v for k, v in table.items() if k.startswith(("（一）收到申请数", "受理依申请公开信息总数")))
        carried = 0
        reviews = next(v for k, v in table.items() if k.startswith(("四、行政复议数量", "行政复议数")))
        lawsuits = next(v for k, v in table.items() if k.startswith(("五、行政诉讼数量", "行政诉讼数")))
    fill = {
        "year": year, "next": year + 1, "short": body.short, "org": body.name, "items": report.proactive_items,
        "items2": max(1, report.proactive_items // rng.randint(2, 5)), "interp": rng.randint(1, 30),
        "concerns": rng.randint(0, 40), "received": received, "carried": carried, "media": rng.randint(1, 12),
        "posts": rng.randint(50, 3000), "training": rng.randint(1, 6), "trainees": rng.randint(10, 300),
        "reviews": reviews, "lawsuits": lawsuits,
        "addr": f"{''.join(body.region) or body.name[:3]}{rng.choice(['人民路', '建设路', '解放路', '府前街', '中山路'])}{rng.randint(1, 199)}号",
        "zip": f"{rng.randint(10, 85)}{rng.randint(0, 9999):04d}", "tel": f"0{rng.randint(310, 999)}-{rng.randint(2000000, 8999999)}",
    }
    target = rng.randint(*PROSE_TARGET)
    # Each section's extra sentences: its bank (each sentence once, in random order), then composed ones.
    sections: list[tuple[str, list[str]]]
    if report.era == "pre2019":
        sections = [("", [_PRE2019_INTRO.format(**fill)])]
        slots = []
        for heading, bank in _PRE2019_SECTIONS:
            sections.append((heading, [bank[0].format(**fill)]))
            slots.append((len(sections) - 1, list(bank[1:])))
    else:
        sections = [("", [_INTRO.format(**fill)]), ("一、总体情况", [_GENERAL[0].format(**fill)])]
        slots = [(1, list(_GENERAL[1:]))]
        for heading, bank in _SUBSECTIONS:
            sections.append((heading, [bank[0].format(**fill)]))
            slots.append((len(sections) - 1, list(bank[1:])))
        sections += [("二、主动公开政府信息情况", []), ("三、收到和处理政府信息公开申请情况", []),
                     ("四、政府信息公开行政复议、行政诉讼情况", []),
                     ("五、存在的主要问题及改进情况", [_PROBLEMS[0].format(**fill), _PROBLEMS[1].format(**fill)]),
                     ("六、其他需要报告的事项", [_OTHER[0].format(**fill)])]
        slots.append((len(sections) - 2, list(_PROBLEMS[2:])))
    for _, bank in slots:
        rng.shuffle(bank)
    size = sum(len(p.encode()) for _, ps in sections for p in ps)
    turn = 0
    while size < target:
        slot, bank = slots[turn % len(slots)]
        turn += 1
        sentence = (bank.pop() if bank else _composed_sentence(rng)).format(**fill)
        paragraphs = sections[slot][1]
        if paragraphs and rng.random() < 0.5:
            paragraphs[-1] += sentence
        else:
            paragraphs.append(sentence)
        size += len(sentence.encode())
    return sections


# ---------------------------------------------------------------------------------------------
# Tables as grids of cells (text, rowspan, colspan); every shape renders from these
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1


def fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def table_proactive(report: Report) -> list[list[Cell]]:
    p = report.statistics["proactive"]
    rows: list[list[Cell]] = []
    if report.era == "2021":
        rows += [[Cell("第二十条第（一）项", colspan=4)],
                 [Cell("信息内容"), Cell("本年制发件数"), Cell("本年废止件数"), Cell("现行有效件数")]]
        for key, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
            rows.append([Cell(label), *(Cell(fmt(p[key][k])) for k in ("issued", "repealed", "in_force"))])
        rows += [[Cell("第二十条第（五）项", colspan=4)], [Cell("信息内容"), Cell("本年处理决定数量", colspan=3)],
                 [Cell("行政许可"), Cell(fmt(p["licensing"]["decisions"]), colspan=3)],
                 [Cell("第二十条第（六）项", colspan=4)], [Cell("信息内容"), Cell("本年处理决定数量", colspan=3)],
                 [Cell("行政处罚"), Cell(fmt(p["punishment"]["decisions"]), colspan=3)],
                 [Cell("行政强制"), Cell(fmt(p["coercion"]["decisions"]), colspan=3)],
                 [Cell("第二十条第（八）项", colspan=4)], [Cell("信息内容"), Cell("本年收费金额（单位：万元）", colspan=3)],
                 [Cell("行政事业性收费"), Cell(fmt(p["fees"]["amount_10k_yuan"]), colspan=3)]]
        return rows
    rows += [[Cell("第二十条第（一）项", colspan=4)],
             [Cell("信息内容"), Cell("本年新制作数量"), Cell("本年新公开数量"), Cell("对外公开总数量")]]
    for key, label in (("regulations", "规章"), ("normative_documents", "规范性文件")):
        rows.append([Cell(label), *(Cell(fmt(p[key][k])) for k in ("made", "published", "total_published"))])
    head = [Cell("信息内容"), Cell("上一年项目数量"), Cell("本年增/减"), Cell("处理决定数量")]
    rows += [[Cell("第二十条第（五）项", colspan=4)], head]
    for key, label in (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")):
        rows.append([Cell(label), *(Cell(fmt(p[key][k])) for k in ("previous", "change", "decisions"))])
    rows += [[Cell("第二十条第（六）项", colspan=4)], head]
    for key, label in (("punishment", "行政处罚"), ("coercion", "行政强制")):
        rows.append([Cell(label), *(Cell(fmt(p[key][k])) for k in ("previous", "change", "decisions"))])
    rows += [[Cell("第二十条第（八）项", colspan=4)],
             [Cell("信息内容"), Cell("上一年项目数量"), Cell("本年增/减", colspan=2)],
             [Cell("行政事业性收费"), Cell(fmt(p["fees"]["previous"])), Cell(fmt(p["fees"]["change"]), colspan=2)],
             [Cell("第二十条第（九）项", colspan=4)],
             [Cell("信息内容"), Cell("采购项目数量"), Cell("采购总金额", colspan=2)],
             [Cell("政府集中采购"), Cell(fmt(p["procurement"]["projects"])), Cell(fmt(p["procurement"]["amount"]), colspan=2)]]
    return rows


def table_requests(report: Report) -> list[list[Cell]]:
    req = report.statistics["requests"]

    def nums(key: str) -> list[Cell]:
        return [Cell(fmt(req[key][c])) for c in COLUMNS]

    rows = [
        [Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3), Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell("商业企业"), Cell("科研机构"), Cell("社会公益组织"), Cell("法律服务机构"), Cell("其他")],
        [Cell(REQUESTS.row("new_received").printed, colspan=3), *nums("new_received")],
        [Cell(REQUESTS.row("carried_over").printed, colspan=3), *nums("carried_over")],
    ]
    groups = outcome_groups(report.era)
    span = sum(len(r) for _, r in groups) + 1
    first = True
    for group, members in groups:
        for j, (key, label) in enumerate(members):
            row: list[Cell] = []
            if first:
                row.append(Cell("三、本年度办理结果", rowspan=span))
                first = False
            if group is None:
                row.append(Cell(label, colspan=2))
            else:
                if j == 0:
                    row.append(Cell(group, rowspan=len(members)))
                row.append(Cell(label))
            rows.append(row + nums(key))
    rows.append([Cell(REQUESTS.row("total").printed, colspan=2), *nums("total")])
    rows.append([Cell(REQUESTS.row("carried_forward").printed, colspan=3), *nums("carried_forward")])
    return rows


def table_review(report: Report) -> list[list[Cell]]:
    rl = report.statistics["review_litigation"]
    labels = [Cell(t) for t in REVIEW_LABELS]
    return [
        [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
        [*(Cell(t, rowspan=2) for t in REVIEW_LABELS), Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)],
        [*labels, *labels],
        [Cell(fmt(rl[g][k])) for g in REVIEW_GROUPS for k in REVIEW_KEYS],
    ]


def table_legacy(report: Report) -> list[list[Cell]]:
    rows = [[Cell("统计指标"), Cell("单位"), Cell("统计数")]]
    if report.year < 2014:
        rows = [[Cell("指标名称"), Cell("计量单位"), Cell(f"{report.year}年度")]]
    for r in report.statistics["legacy_table"]:
        rows.append([Cell(r["label"]), Cell(r["unit"]), Cell(fmt(r["value"]))])
    return rows


def tables_for(report: Report) -> dict[str, list[list[list[Cell]]]]:
    """Section heading → tables printed under it."""
    if report.era == "pre2019":
        return {"__annex__": [table_legacy(report)]}
    return {"二、主动公开政府信息情况": [table_proactive(report)],
            "三、收到和处理政府信息公开申请情况": [table_requests(report)],
            "四、政府信息公开行政复议、行政诉讼情况": [table_review(report)]}


# ---------------------------------------------------------------------------------------------
# Rendering: HTML pages
# ---------------------------------------------------------------------------------------------

_NAV = ("首页", "政务公开", "政务服务", "互动交流", "走进" , "新闻中心", "专题专栏", "数据发布", "政策文件", "政策解读",
        "通知公告", "人事信息", "财政信息", "规划计划", "应急管理", "重点领域", "建议提案办理", "政府会议", "机构职能")
_WORD_TD = ("border-left:1.0000pt solid windowtext;mso-border-left-alt:0.5000pt solid windowtext;"
            "border-right:1.0000pt solid windowtext;mso-border-right-alt:0.5000pt solid windowtext;\n"
            "border-top:none;mso-border-top-alt:0.5000pt solid windowtext;border-bottom:1.0000pt solid windowtext;\n"
            "mso-border-bottom-alt:0.5000pt solid windowtext;padding:0.0000pt 5.4000pt 0.0000pt 5.4000pt ;")
_WORD_CELL_SPAN = "font-family:仿宋_GB2312;letter-spacing:0pt;font-size:12.0000pt;mso-font-kerning:0.0000pt;"
_WORD_SPAN = "font-family:仿宋_GB2312;mso-hansi-font-family:'Times New Roman';mso-bidi-font-family:'Times New Roman';letter-spacing:0pt;font-size:12.0000pt;mso-font-kerning:0.0000pt;"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _html_cell(cell: Cell, heavy: bool, rng: random.Random) -> str:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    text = _esc(cell.text) if cell.text else "&nbsp;"
    width = 40 * cell.colspan + rng.randint(0, 60)
    if heavy:
        inner = (f'<p class="MsoNormal" align="center" style="margin-top:0pt;margin-bottom:0pt;text-align:center;'
                 f'line-height:15.0000pt;mso-line-height-rule:exactly;">'
                 f'<span style="{_WORD_CELL_SPAN}"><font face="仿宋_GB2312">{text}</font><o:p></o:p></span></p>')
        return (f'<td width="{width}" valign="center"{attrs} style="width:{width * 0.75:.4f}pt;{_WORD_TD}">'
                f'{inner}</td>')
    if rng.random() < 0.5:
        return f'<td{attrs} style="border:1px solid #000;text-align:center;"><p class="MsoNormal"><span style="font-size:12pt;">{text}</span></p></td>'
    return f"<td{attrs}>{text}</td>"


def _html_table(rows: list[list[Cell]], heavy: bool, rng: random.Random) -> str:
    style = ('border-collapse:collapse;width:434.9500pt;border:none;mso-border-left-alt:0.5000pt solid windowtext;'
             'mso-border-top-alt:0.5000pt solid windowtext;mso-border-right-alt:0.5000pt solid windowtext;'
             'mso-border-bottom-alt:0.5000pt solid windowtext;mso-padding-alt:0.0000pt 5.4000pt 0.0000pt 5.4000pt ;'
             if heavy else "border-collapse:collapse;width:100%;")
    out = [f'<table class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" style="{style}"><tbody>']
    for i, row in enumerate(rows):
        height = f' style="height:{rng.randint(18, 32)}.{rng.randint(0, 99):02d}pt;"' if heavy else ""
        cls = ' class="firstRow"' if i == 0 else ""
        out.append(f"<tr{height}{cls}>" + "".join(_html_cell(c, heavy, rng) for c in row) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def _html_para(text: str, heavy: bool, heading: bool = False) -> str:
    text = _esc(text)
    if heavy:
        weight = "font-weight:bold;" if heading else ""
        return (f'<p class="MsoNormal" style="text-indent:32.0000pt;mso-char-indent-count:2.0000;line-height:28.0000pt;'
                f'mso-line-height-rule:exactly;mso-pagination:widow-orphan;"><span style="mso-spacerun:\'yes\';'
                f'font-family:仿宋_GB2312;{weight}mso-hansi-font-family:\'Times New Roman\';font-size:16.0000pt;'
                f'mso-font-kerning:0.0000pt;"><font face="仿宋_GB2312">{text}</font></span>'
                f'<span style="font-family:仿宋_GB2312;font-size:16.0000pt;"><o:p></o:p></span></p>')
    if heading:
        return f'<p style="text-indent:2em;"><strong>{text}</strong></p>'
    return f'<p style="text-indent:2em;"><span style="font-size: 16px;"><span style="white-space:pre">\t</span>{text}</span></p>'


def _chrome_nav(rng: random.Random, body: Body, repeat: int) -> str:
    items = []
    for k in range(repeat):
        for label in _NAV:
            path = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(4))
            items.append(f'<li class="nav_item"><a href="https://{body.domain}/{path}/" target="_blank" title="{label}">{label}</a>'
                         f'<div class="sub_nav"><a href="https://{body.domain}/{path}/{k}/">{label}动态</a></div></li>')
    return '<div class="nav"><ul class="clearfix">' + "".join(items) + "</ul></div>"


def _script_blob(rng: random.Random, body: Body, size: int) -> str:
    lines = ["var SiteInfo = {", f'  siteDomain: "{body.domain}",', "  openSlb: true, openWza: true,"]
    n = 0
    while sum(len(x) for x in lines) < size:
        lines.append(f"  hotWord{n}: '{rng.choice(_NAV)};{rng.choice(_NAV)}', // 热搜词 {n}")
        n += 1
    lines.append("};")
    return "<script type=\"text/javascript\">\n" + "\n".join(lines) + "\n</script>"


def render_html(report: Report, heavy: bool) -> str:
    rng = random.Random(f"{report.seed}/html/{report.index}")
    body = report.body
    charset = "gb2312" if report.encoding == "gb18030" else "utf-8"
    date = report.published
    index_no = f"{rng.randint(10000000, 99999999)}{rng.choice('ABCDEFGHJK')}/{report.year + 1}-{rng.randint(1, 99999):05d}"
    tables = tables_for(report)
    parts = [
        "<!DOCTYPE html>", "<html>", "<head>",
        f'<meta charset="{charset}" />' if charset == "utf-8" else f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />',
        f'<meta name="SiteName" content="{body.full_name}"/>',
        f'<meta name="SiteDomain" content="{body.domain}"/>',
        '<meta name="ColumnName" content="政府信息公开年报"/>',
        f'<meta name="ArticleTitle" content="{report.title}"/>',
        f'<meta name="PubDate" content="{date} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"/>',
        f'<meta name="Url" content="{report.url}"/>',
        f"<title>{report.title}_政府信息公开年报_{body.full_name}</title>",
        '<link rel="stylesheet" type="text/css" href="/images/common.css">',
        "</head>", "<body>", '<div class="header">',
        f'<div class="logo"><a href="/"><img src="/images/logo.png" alt="{body.full_name}"/></a></div>',
        '<div class="top_links"><a href="javascript:;">无障碍浏览</a> <a href="javascript:;">长者模式</a> <a href="javascript:;">繁体版</a></div>',
        _chrome_nav(rng, body, 2 if heavy else rng.randint(2, 6)),
        "</div>",
        '<div class="breadcrumb"><span>当前位置：</span><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
        '<a href="/zwgk/zfxxgk/">政府信息公开</a> &gt; <a href="/zwgk/zfxxgk/zfxxgknb/">政府信息公开年报</a></div>',
        '<table class="xxgk_table"><tbody>',
        f"<tr><td>索引号：</td><td>{index_no}</td><td>发布机构：</td><td>{body.name}</td></tr>",
        f"<tr><td>生成日期：</td><td>{date}</td><td>发布日期：</td><td>{date}</td></tr>",
        "<tr><td>公开方式：</td><td>主动公开</td><td>文号：</td><td></td></tr>",
        "</tbody></table>",
        f'<div class="article_title">{report.title}</div>',
        f'<div class="article_extend"><span>发布时间：{date}</span> <span>来源：{body.full_name}</span> '
        f'<span>浏览次数：<em id="pv">{rng.randint(10, 3000)}</em></span> <span>字号：<a href="javascript:;">大</a> '
        '<a href="javascript:;">中</a> <a href="javascript:;">小</a></span></div>',
        '<div class="article_content" id="zoom"><div class="TRS_Editor"><div class="Section0">',
        f'<p class="MsoNormal" align="center" style="text-align:center;"><b>{_esc(report.title)}</b></p>',
    ]
    for heading, paragraphs in report.sections:
        if heading:
            parts.append(_html_para(heading, heavy, heading=True))
        for p in paragraphs:
            parts.append(_html_para(p, heavy, heading=p.startswith("（") and len(p) < 20))
        for t in tables.get(heading, []):
            parts.append(_html_table(t, heavy, rng))
    if "__annex__" in tables:
        parts.append(_html_para("附件：", heavy))
        parts.append(_html_para(f"政府信息公开情况统计表（{report.year}年度）", heavy, heading=True))
        parts.append(_html_para(f"填报单位（盖章）：{body.name}", heavy))
        for t in tables["__annex__"]:
            parts.append(_html_table(t, heavy, rng))
    parts.append(_html_para(body.full_name, heavy))
    parts.append(_html_para(_cn_date(report.published), heavy))
    tail = [
        "</div></div></div>",
        '<div class="article_tools"><a href="javascript:window.print();">打印</a> <a href="javascript:;">分享</a> '
        '<a href="javascript:window.close();">关闭</a> <span>扫一扫在手机打开当前页</span></div>',
        '<div class="footer"><p><a href="/sybz/">使用帮助</a> <em>|</em> <a href="/lxwm/">联系我们</a> <em>|</em> <a href="/wzdt/">网站地图</a></p>',
        f"<p><span>网站标识码：{rng.randint(1000000000, 9999999999)}</span> <span>{rng.choice('京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云陕甘宁新')}ICP备{rng.randint(10000000, 99999999)}号</span></p>",
        f"<p><span>版权所有：{body.full_name}</span> <span>主办单位：{body.full_name}办公室</span></p></div>",
    ]
    doc = "\n".join(parts)
    end = "\n".join(tail)
    script_size = rng.randint(3_000, 8_000) if heavy else rng.randint(4_000, 30_000)
    if heavy:
        # Word exports pad with empty styled paragraphs; fill up to the target page size.
        target = rng.randint(*HEAVY_TARGET)
        filler = ('<p class="MsoNormal" style="line-height:28.0000pt;mso-line-height-rule:exactly;"><span style="'
                  f'{_WORD_SPAN}"><o:p>&nbsp;</o:p></span></p>')
        current = len((doc + end).encode("utf-8")) + script_size + 300
        if current < target:
            doc += "\n" + "\n".join([filler] * ((target - current) // (len(filler.encode()) + 1)))
    return doc + "\n" + end + "\n" + _script_blob(rng, body, script_size) + "\n</body>\n</html>\n"


_CN_DIGITS = "〇一二三四五六七八九"


def _cn_date(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))

    def small(n: int) -> str:
        if n < 10:
            return _CN_DIGITS[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")

    return "".join(_CN_DIGITS[int(c)] for c in str(y)) + "年" + small(m) + "月" + small(d) + "日"


# ---------------------------------------------------------------------------------------------
# Rendering: text dumps
# ---------------------------------------------------------------------------------------------

def _table_pipe_rows(rows: list[list[Cell]]) -> list[str]:
    """One table row per line, cells joined by "|", merged cells as runs of empty cells."""
    out = []
    for row in rows:
        cells: list[str] = []
        for c in row:
            cells.append(c.text)
            cells.extend([""] * (c.colspan - 1))
        out.append("|".join(cells))
    return out


def _table_pipe_cells(rows: list[list[Cell]]) -> list[str]:
    """One "cell |" per line; a merged cell is followed by a line of "|" runs (the seeds' dumps)."""
    out = []
    for row in rows:
        for c in row:
            out.append(f"{c.text} |" if c.text else "|")
            if c.colspan > 1:
                out.append("|" * (c.colspan - 1))
    return out


def _table_one_cell(rows: list[list[Cell]], rng: random.Random, blank_lines: bool) -> list[str]:
    out = []
    for row in rows:
        for c in row:
            out.append(c.text if c.text else " ")
            if blank_lines:
                out.append("")
    return out


def _body_lines(report: Report, table_lines) -> list[str]:
    tables = tables_for(report)
    lines = []
    for heading, paragraphs in report.sections:
        if heading:
            lines.append(heading)
        lines.extend(paragraphs)
        for t in tables.get(heading, []):
            lines.extend(table_lines(t))
    if "__annex__" in tables:
        lines += ["附件：", "政府信息公开情况统计表", f"（{report.year}年度）", f"填报单位（盖章）：{report.body.name}"]
        for t in tables["__annex__"]:
            lines.extend(table_lines(t))
    lines += [report.body.full_name, _cn_date(report.published)]
    return lines


def render_dump(report: Report) -> str:
    rng = random.Random(f"{report.seed}/dump/{report.index}")
    body = report.body
    per_row = rng.random() < 0.5
    lines = _body_lines(report, _table_pipe_rows if per_row else _table_pipe_cells)
    if rng.random() < 0.5:
        head = [f"标题: {report.title}", f"发布时间: {report.published} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}",
                "文号: ", f"发布机构: {body.name if rng.random() < 0.6 else ''}", "栏目: 政府信息公开年报",
                f"原文链接: {report.url}", "==================== 正文 ====================",
                f"当前位置：首页 > 政务公开 > 政府信息公开 > 政府信息公开年报 {report.title} 来源：{body.full_name} 时间：{report.published}"]
        tail = ["附件下载", "扫一扫在手机上查看当前页面", "关闭", f"版权所有：{body.full_name}",
                f"ICP备案号：{rng.choice('京苏浙皖闽赣鲁豫鄂湘粤')}ICP备{rng.randint(10000000, 99999999)}号"]
    else:
        head = [f"索引号:{rng.randint(10000000, 99999999)}{rng.choice('ABCK')}/{report.year + 1}-{rng.randint(1, 99999):05d}",
                f"发布机构:{body.name}", f"生成日期:{report.published}", f"发布日期:{report.published}", "公开方式:主动公开",
                report.title, f"日期: {report.published} 浏览量:{rng.randint(1, 999)} 文字大小: 大 中 小"]
        tail = ["打印", "分享", "返回列表"]
    sep = "\n\n" if rng.random() < 0.3 else "\n"
    return sep.join(head + lines + tail) + "\n"


def render_cells(report: Report) -> str:
    rng = random.Random(f"{report.seed}/cells/{report.index}")
    body = report.body
    blank = rng.random() < 0.5
    lines = _body_lines(report, lambda t: _table_one_cell(t, rng, blank))
    head = [f"{report.title}", f"来源：{body.full_name}   {report.published} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}",
            f"浏览量:{rng.randint(1, 500)} | | | |", ""]
    return "\n".join(head + lines + ["扫一扫在手机打开当前页"]) + "\n"


# ---------------------------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------------------------

def render(report: Report) -> bytes:
    if report.shape in ("html", "word"):
        text = render_html(report, heavy=report.shape == "word")
    elif report.shape == "dump":
        text = render_dump(report)
    else:
        text = render_cells(report)
    return text.encode(report.encoding)


def meta_yaml(report: Report) -> str:
    return (f"# Synthetic benchmark source (benchmarks/synth.py, seed {report.seed}, item {report.index}); not a real report.\n"
            f"url: {report.url}\n"
            "retrieved: null\n"
            "notes: synthetic\n")


def generate(out_dir: Path | str, n: int, seed: int = 0) -> list[Report]:
    """Write `n` synthetic sources (and their sidecars) under out_dir/synth/; return their reports."""
    out = Path(out_dir)
    (out / COLLECTION).mkdir(parents=True, exist_ok=True)
    reports = []
    for i in range(n):
        report = make_report(seed, i)
        path = out / report.file
        path.write_bytes(render(report))
        path.with_name(path.name + ".meta.yaml").write_text(meta_yaml(report), encoding="utf-8")
        reports.append(report)
    return reports


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="output directory (a sources root: files go to OUT/synth/)")
    ap.add_argument("--n", type=int, default=100, help="number of reports (default 100)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    reports = generate(args.out, args.n, args.seed)
    total = sum((args.out / r.file).stat().st_size for r in reports)
    print(f"wrote {len(reports)} sources ({total / 1e6:.1f} MB) to {args.out / COLLECTION}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
