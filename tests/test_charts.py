"""generator.charts: inline SVG charts with real text, on the sample records and on hostile ones."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import leather
import markdown
import pytest
import yaml

from generator import charts
from generator.convert import to_traditional
from generator.pipeline import select_published

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "site_data" / "records"
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script>" onload="x'


@pytest.fixture(scope="module")
def published() -> list[dict]:
    records = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(RECORDS.glob("*.yaml"))]
    return select_published(records, [])[0]


@pytest.fixture(scope="module")
def zone(published) -> list[dict]:
    return [r for r in published if r["organisation"].get("body") == "平潭综合实验区"]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(SVG + "text")]


def panels(root: ET.Element) -> list[ET.Element]:
    """The stacked panels: the root's <g> children."""
    return root.findall(SVG + "g")


def panel_texts(panel: ET.Element) -> list[str]:
    return [t.text for t in panel.iter(SVG + "text")]


def x_labels(panel: ET.Element) -> list[str]:
    """Tick labels of the panel's bottom axis (the group anchored "middle")."""
    axis = [g for g in panel.iter(SVG + "g") if g.get("text-anchor") == "middle"]
    assert len(axis) == 1
    return [t.text for t in axis[0].iter(SVG + "text")]


def dots(panel: ET.Element) -> list[tuple[int, int]]:
    """Centres of the dots (zero-length round-capped segments) drawn in a panel."""
    out = []
    for path in panel.iter(SVG + "path"):
        if path.get("stroke-linecap") == "round":
            out += [(int(x), int(y)) for x, y in re.findall(r"M(-?\d+) (-?\d+)h0", path.get("d"))]
    return out


def line_segments(panel: ET.Element) -> list[str]:
    return [p.get("d") for p in panel.iter(SVG + "path") if p.get("stroke-linecap") is None]


def assert_inert(svg: str) -> None:
    """Parses as XML; only drawing elements; no script, event handler, link or style sheet."""
    root = parse(svg)
    allowed = {"svg", "title", "desc", "g", "rect", "line", "path", "circle", "text"}
    for el in root.iter():
        assert el.tag.startswith(SVG) and el.tag[len(SVG):] in allowed, el.tag
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), name
            assert "href" not in name.lower(), name
            assert "<" not in value and "javascript" not in value.lower(), (name, value)
    tags = re.findall(r"<[^>]*>", svg)              # text holds no "<" or ">" (escaped): these are all tags
    assert not any(t.lower().startswith("<script") for t in tags)
    assert not any(re.search(r"\son\w*\s*=", t) for t in tags)
    assert not any("href" in t for t in tags)


def assert_accessible(svg: str, title: str) -> ET.Element:
    root = parse(svg)
    assert root.get("role") == "img"
    title_el = root.find(SVG + "title")
    desc_el = root.find(SVG + "desc")
    assert title_el.text == title
    assert root.get("aria-labelledby") == title_el.get("id")
    assert root.get("aria-describedby") == desc_el.get("id")
    assert list(root)[:2] == [title_el, desc_el]            # first children, as SVG wants them
    assert root.get("viewBox") == f"0 0 400 {root.get('height')}" and root.get("width") == "400"
    assert "max-width:100%" in root.get("style")
    assert "Noto Sans CJK SC" in root.get("font-family") and root.get("font-family").endswith("sans-serif")
    return root


# --------------------------------------------------------------------------------------------
# body_trend


def test_body_trend_on_the_sample(zone):
    svg = charts.body_trend(zone)
    root = assert_accessible(svg, "平潭综合实验区：主要数字历年变化")
    assert texts(root)[0] == "平潭综合实验区：主要数字历年变化"    # the visible heading
    ps = panels(root)
    assert [panel_texts(p)[0] for p in ps] == ["收到申请数", "办理完结（总计）", "行政复议", "行政诉讼", "主动公开信息数"]
    # Years 2011–2016, 2022, 2024 have reports; labels that would collide at 400 px are left out.
    for p in ps:
        assert x_labels(p) == ["2011", "2013", "2015", "2022", "2024"]
        assert len(dots(p)) == 8                                  # every report year has its dot
        # 2016 → 2022 and 2022 → 2024 have years without a report: the line breaks, twice.
        assert len(line_segments(p)) == 1
    # y axes in round steps, large numbers in 万
    assert panel_texts(ps[0]) == ["收到申请数", "2011", "2013", "2015", "2022", "2024", "100", "200", "300", "0"]
    assert panel_texts(ps[2])[-4:] == ["3", "6", "9", "0"]
    assert panel_texts(ps[4])[-4:] == ["2.5万", "5万", "7.5万", "0"]
    desc = root.find(SVG + "desc").text
    assert desc == (
        "平潭综合实验区，2011—2024年，共 8 个年度有报告（2011、2012、2013、2014、2015、2016、2022、2024），"
        "以下各项依次为这些年度的数字。收到申请数：0，0，0，1，0，0，74，218。办理完结（总计）：0，0，0，1，0，0，75，218。"
        "行政复议：0，0，0，0，0，0，2，7。行政诉讼：0，0，0，0，0，0，1，19。"
        "主动公开信息数：425，739，72,804，2,543，2,949，3,460，14,571，10,407。"
        "“空白”指原文此项空白或无法读出，图中为断开处，不是零；没有报告的年份也是断开处。")
    assert desc == charts.body_trend_text(zone)


def test_body_trend_blank_is_a_gap_and_zero_is_a_dot(zone):
    records = [dict(r, headline=dict(r["headline"])) for r in zone]
    for r in records:
        if r["year"] == 2014:
            r["headline"]["requests_received"] = None
    root = parse(charts.body_trend(records))
    received, completed = panels(root)[:2]
    assert len(dots(received)) == 7 and len(dots(completed)) == 8
    # 2011–2013 and 2015–2016: the blank 2014 splits the line in two.
    assert len(line_segments(received)) == 2 and len(line_segments(completed)) == 1
    # zero sits on the zero line (the lowest dot), it is not left out
    zero_y = max(y for _, y in dots(received))
    assert sum(1 for _, y in dots(received) if y == zero_y) == 5      # 2011, 2012, 2013, 2015, 2016
    assert "收到申请数：0，0，0，空白，0，0，74，218。" in root.find(SVG + "desc").text
    table = charts.body_trend_table(records)
    assert '<tr><th scope="row">2014</th><td class="blank">空白</td><td>1</td>' in table


def test_body_trend_all_blank_figure_and_no_years():
    records = [{"id": "a", "year": 2020, "organisation": {"name": "甲镇人民政府"}, "headline": {"reviews": 2}},
               {"id": "b", "year": 2023, "organisation": {"name": "甲镇人民政府"}, "headline": {"reviews": 0}}]
    root = parse(charts.body_trend(records))
    titles = [panel_texts(p)[0] for p in panels(root)]
    assert titles == ["收到申请数（各年均为空白）", "办理完结（总计）（各年均为空白）", "行政复议",
                      "行政诉讼（各年均为空白）", "主动公开信息数（各年均为空白）"]
    assert [dots(p) != [] for p in panels(root)] == [False, False, True, False, False]
    assert x_labels(panels(root)[2]) == ["2020", "2023"]
    undated = charts.body_trend([{"id": "c", "year": None, "organisation": {"name": "乙镇"}, "headline": {}}])
    root = assert_accessible(undated, "乙镇：主要数字历年变化")
    assert texts(root) == ["乙镇：主要数字历年变化", "没有可以作图的数字。"]
    assert root.find(SVG + "desc").text == "乙镇：没有注明年度的报告，无法按年份作图。"


def test_body_trend_two_records_for_one_year_takes_the_richer(zone):
    twin = dict(zone[-1], id="zzz-twin", headline={k: None for k in zone[-1]["headline"]})
    assert charts.body_trend([twin] + zone) == charts.body_trend(zone + [twin]) == charts.body_trend(zone)


def test_body_trend_table(zone):
    table = charts.body_trend_table(zone)
    root = ET.fromstring(table)
    assert root.find("caption").text == "平潭综合实验区：主要数字历年变化（空白＝原文此项空白）"
    assert [th.text for th in root.find("thead").iter("th")] == [
        "年度", "收到申请数", "办理完结（总计）", "行政复议", "行政诉讼", "主动公开信息数"]
    rows = [[c.text for c in tr] for tr in root.find("tbody")]
    assert rows[0] == ["2011", "0", "0", "0", "0", "425"]
    assert rows[-1] == ["2024", "218", "218", "7", "19", "10,407"]
    assert [r[0] for r in rows] == ["2011", "2012", "2013", "2014", "2015", "2016", "2022", "2024"]


# --------------------------------------------------------------------------------------------
# year_distribution


def test_year_distribution_on_the_sample(published):
    year_2024 = [r for r in published if r["year"] == 2024]
    svg = charts.year_distribution(year_2024, "requests_received")
    root = assert_accessible(svg, "2024年：收到申请数，各机构")
    (panel,) = panels(root)
    labels = panel_texts(panel)
    assert labels[0] == "收到申请数（2 个机构）"
    # bodies largest first (top), each bar followed by its value; zero still reads "0"
    assert "平潭综合实验区" in labels and "（发布机构不详）" in labels
    assert labels[-2:] == ["218", "0"]
    assert root.find(SVG + "desc").text == "2024年，收到申请数：2 个机构有数字，平潭综合实验区 218；（发布机构不详） 0。"
    bars = [r for r in panel.iter(SVG + "rect")]
    assert len(bars) == 2 and float(bars[0].get("width")) > 0 and float(bars[1].get("width")) == 0
    assert float(bars[0].get("y")) < float(bars[1].get("y"))                 # 218 above 0


def test_year_distribution_blank_is_listed_not_drawn(published):
    year_2021 = [r for r in published if r["year"] == 2021]
    svg = charts.year_distribution(year_2021, "reviews")
    root = parse(svg)
    assert texts(root) == ["2021年：行政复议，各机构", "另有 1 个机构此项空白（不是零），见数据表。"]
    assert root.find(SVG + "desc").text == (
        "2021年，行政复议：0 个机构有数字。此项空白（原文空白或无法读出，不是零）的 1 个：黄阁镇人民政府（广州市·南沙区）。")
    table = ET.fromstring(charts.year_distribution_table(year_2021, "reviews"))
    assert [[c.text for c in tr] for tr in table.find("tbody")] == [["黄阁镇人民政府（广州市·南沙区）", "空白"]]
    with pytest.raises(ValueError):
        charts.year_distribution(year_2021, "not_a_key")


def test_year_distribution_many_bodies_is_a_histogram():
    records = [{"id": f"r{i:03d}", "year": 2023, "organisation": {"name": f"第{i}街道办事处", "region": ["某省"]},
                "headline": {"requests_received": None if i % 9 == 0 else (i * i * 7) % 1300}} for i in range(45)]
    root = parse(charts.year_distribution(records, "requests_received"))
    (panel,) = panels(root)
    labels = panel_texts(panel)
    assert labels[0] == "机构数，按收到申请数分段（共 40 个机构）"
    assert x_labels(panel) == ["0", "1–9", "10–99", "100–999", "1,000–9,999"]
    assert texts(root)[-1] == "另有 5 个机构此项空白（不是零），见数据表。"
    heights = [float(r.get("height")) for r in panel.iter(SVG + "rect")]
    values = [(i * i * 7) % 1300 for i in range(45) if i % 9]
    counts = [sum(1 for v in values if lo <= v <= hi) for lo, hi in ((0, 0), (1, 9), (10, 99), (100, 999), (1000, 9999))]
    assert counts == [0, 1, 4, 27, 8]
    assert heights.index(max(heights)) == 3 and heights[0] == 0
    assert len(ET.fromstring(charts.year_distribution_table(records, "requests_received")).find("tbody")) == 45


# --------------------------------------------------------------------------------------------
# coverage


def test_coverage_on_the_sample(published):
    svg = charts.coverage(published)
    root = assert_accessible(svg, "收录范围：14 份年度报告")
    by_year, by_era, by_region = panels(root)
    assert panel_texts(by_year)[0] == "按年度（报告所述年度）"
    assert x_labels(by_year) == ["2011", "2013", "2015", "2017", "2019", "2021", "2024"]
    columns = [float(r.get("height")) for r in by_year.iter(SVG + "rect")]
    assert len(columns) == 14                                   # every year 2011–2024, 2019/2020/2023 as none
    assert [c == 0 for c in columns] == [False] * 8 + [True, True] + [False, False, True, False]
    # labels of an ordinal axis come bottom first; the largest bar is on top
    assert panel_texts(by_era) == ["按格式", "5", "10", "0", "2021年版", "2019年以前格式", "10", "4"]
    assert panel_texts(by_region) == ["按地区（原文所写最外一级）", "5", "10", "15", "0",
                                      "（未注明地区）", "广州市", "华容县", "1", "1", "12"]
    era_bars = [r for r in by_era.iter(SVG + "rect")]
    assert float(era_bars[0].get("y")) < float(era_bars[1].get("y"))      # 10 (pre2019) above 4 (2021)
    assert root.find(SVG + "desc").text == (
        "本站共收录 14 份年度报告。按年度：2011年 1 份，2012年 2 份，2013年 2 份，2014年 1 份，2015年 1 份，"
        "2016年 1 份，2017年 1 份，2018年 1 份，2021年 1 份，2022年 1 份，2024年 2 份。"
        "按格式：2019年以前格式 10 份，2021年版 4 份。按地区（原文所写最外一级）：华容县 1 份，广州市 1 份，（未注明地区） 12 份。")


def test_coverage_by_province_and_many_regions():
    records = [{"id": f"r{i}", "year": 2020 + i % 3, "template": "2019" if i % 3 < 1 else "2021",
                "organisation": {"name": f"机构{i}", "region": [f"地区{i % 15:02d}"]}} for i in range(30)]
    records.append({"id": "u", "year": None, "template": "unknown", "organisation": {"name": "丙"}})
    root = parse(charts.coverage(records, province_of=lambda r: "某省" if r["id"] != "u" else None))
    assert panel_texts(panels(root)[2])[0] == "按省份"
    assert texts(root)[-1] == "另有 1 份年份不详，未计入年度图。"
    root = parse(charts.coverage(records))
    region_labels = panel_texts(panels(root)[2])
    assert "其他 3 个地区" in region_labels and "（未注明地区）" in region_labels
    table = ET.fromstring(charts.coverage_table(records))
    groups = [tb[0][0].text for tb in table.findall("tbody")]
    assert groups == ["按年度", "按格式", "按地区（原文所写最外一级）"]
    assert [[c.text for c in tr] for tr in table.findall("tbody")[0]][1:] == [
        ["2020年", "10"], ["2021年", "10"], ["2022年", "10"], ["年份不详", "1"]]


# --------------------------------------------------------------------------------------------
# Safety, determinism, size, script


def hostile_records() -> list[dict]:
    name = HOSTILE + "\u202e\x01\u200b"
    return [
        {"id": "h1", "year": 2020, "template": "2019", "organisation": {"name": name, "region": [name]},
         "headline": {"requests_received": 3, "reviews": None}},
        {"id": "h2", "year": 2021, "template": "2021", "organisation": {"name": name, "body": name, "region": [name]},
         "headline": {"requests_received": None, "reviews": 1}},
        {"id": "h3", "year": 2021, "template": "2021", "organisation": {"name": "javascript:alert(2)", "region": []},
         "headline": {"requests_received": 5, "reviews": 1}},
    ]


@pytest.mark.parametrize("draw", [
    lambda rs: charts.body_trend(rs[:2]),
    lambda rs: charts.year_distribution(rs, "requests_received"),
    lambda rs: charts.year_distribution(rs, "reviews"),
    lambda rs: charts.coverage(rs),
])
def test_hostile_names_stay_text(draw):
    svg = draw(hostile_records())
    assert_inert(svg)
    root = parse(svg)
    words = " ".join([*texts(root), root.find(SVG + "title").text, root.find(SVG + "desc").text])
    # the name is there, as text, without its control/bidi/zero-width characters
    assert HOSTILE in words or HOSTILE[:12] in words
    assert not re.search("[\u202e\x01\u200b]", svg)
    assert "&lt;script&gt;" in svg


def test_hostile_names_in_tables_are_escaped():
    for table in (charts.body_trend_table(hostile_records()[:2]),
                  charts.year_distribution_table(hostile_records(), "reviews"),
                  charts.coverage_table(hostile_records())):
        root = ET.fromstring(table)
        assert not any(el.tag == "script" for el in root.iter())
        tags = re.findall(r"<[^>]*>", table)
        assert not any(t.startswith("<script") or re.search(r"\son\w*\s*=", t) for t in tags)
        assert "&lt;script&gt;" in table


def test_figure_names_its_table_region_with_the_escaped_caption():
    records = hostile_records()[:2]
    fig = charts.figure(charts.body_trend(records), charts.body_trend_table(records))
    label = re.search(r'<div class="archive-scroll" role="region" tabindex="0" aria-label="([^"]*)">', fig).group(1)
    assert label.startswith("&lt;script&gt;alert(1)&lt;/script&gt;&#34; onload=&#34;x")
    assert label.endswith("：主要数字历年变化（空白＝原文此项空白）")
    with pytest.raises(charts.ChartError):
        charts.figure(charts.body_trend(records), "<table><caption>x</table>")


def test_check_svg_refuses_active_content():
    good = charts.coverage(hostile_records())
    assert charts.check_svg(good) is not None
    for bad in (good.replace("<title", "<script>alert(1)</script><title", 1),
                good.replace("<rect ", '<rect onclick="alert(1)" ', 1),
                good.replace("<g ", '<a href="javascript:alert(1)"><g ', 1).replace("</svg>", "</a></svg>"),
                good.replace("<title", '<image href="https://example.org/x.png"/><title', 1),
                good.replace("<title", "<foreignObject/><title", 1),
                good[:-10]):
        with pytest.raises(charts.ChartError):
            charts.check_svg(bad)
    with pytest.raises(charts.ChartError):
        charts.body_trend(hostile_records(), id_prefix='x" onload="y')


def test_ids_are_unique_and_overridable(published, zone):
    county = [r for r in published if r["organisation"].get("body") == "平潭县人民政府"]
    a, b = parse(charts.body_trend(zone)), parse(charts.body_trend(county))
    assert a.find(SVG + "title").get("id") != b.find(SVG + "title").get("id")
    c = parse(charts.body_trend(zone, id_prefix="trend-1"))
    assert (c.find(SVG + "title").get("id"), c.get("aria-describedby")) == ("trend-1-t", "trend-1-d")


def test_deterministic_and_order_independent(published, zone):
    shuffled = list(published)
    random.Random(7).shuffle(shuffled)
    assert charts.coverage(published) == charts.coverage(published) == charts.coverage(shuffled)
    assert charts.body_trend(zone) == charts.body_trend(list(reversed(zone)))
    year = [r for r in published if r["year"] == 2024]
    assert charts.year_distribution(year, "lawsuits") == charts.year_distribution(year[::-1], "lawsuits")


def test_leather_theme_is_left_as_found(zone):
    before = {k: getattr(leather.theme, k) for k in dir(leather.theme) if not k.startswith("_")}
    charts.body_trend(zone)
    charts.coverage(zone)
    assert {k: getattr(leather.theme, k) for k in dir(leather.theme) if not k.startswith("_")} == before


def test_every_sample_chart_is_small(published):
    limit = 12 * 1024
    bodies: dict[str, list[dict]] = {}
    for r in published:
        bodies.setdefault(r["organisation"].get("body") or "", []).append(r)
    sizes = {f"body {name}": len(charts.body_trend(rs).encode()) for name, rs in bodies.items()}
    for year in {r["year"] for r in published}:
        for key in charts.FIGURE_LABELS:
            recs = [r for r in published if r["year"] == year]
            sizes[f"{year} {key}"] = len(charts.year_distribution(recs, key).encode())
    sizes["coverage"] = len(charts.coverage(published).encode())
    assert max(sizes.values()) <= limit, {k: v for k, v in sizes.items() if v > limit}
    # A body reporting every year 2008–2025 (18 points per figure) stays under the limit too.
    full = [{"id": f"x{y}", "year": y, "organisation": {"name": "某某市某某区人民政府办公室"},
             "headline": {k: (y * 37 + i) % 90000 for i, k in enumerate(charts.TREND_KEYS)}} for y in range(2008, 2026)]
    assert len(charts.body_trend(full).encode()) <= limit


def test_traditional_edition_converts_the_text(zone):
    hant = to_traditional(charts.body_trend(zone))
    root = parse(hant)
    assert root.find(SVG + "title").text == "平潭綜合實驗區：主要數字歷年變化"
    assert "7.5萬" in texts(root) and "行政復議" in texts(root)
    assert_inert(hant)


def test_figure_passes_through_markdown(zone):
    fig = charts.figure(charts.body_trend(zone), charts.body_trend_table(zone))
    assert "\n" not in fig
    assert fig.startswith('<figure class="archive-figure" data-pagefind-ignore="all"><svg ') and fig.endswith("</table></div></details></figure>")
    # The data table scrolls sideways in a region a keyboard reaches, named after its caption.
    assert ('<summary>图表数据（表格）</summary><div class="archive-scroll" role="region" tabindex="0" '
            'aria-label="平潭综合实验区：主要数字历年变化（空白＝原文此项空白）"><table class="archive-chart-data">') in fig
    html = markdown.markdown(f"# 标题\n\n{fig}\n\n正文")
    assert fig in html


def test_odd_values_stay_inside_the_chart():
    """A negative (misparsed) count widens the axis below zero; huge numbers read in 亿; two reports
    of unknown issuers are two rows, not one."""
    records = [
        {"id": "n1", "year": 2020, "organisation": {"name": "丁局"}, "headline": {"requests_received": -3}},
        {"id": "n2", "year": 2021, "organisation": {"name": "丁局"}, "headline": {"requests_received": 250_000_000}},
        {"id": "n3", "year": 2022, "organisation": {"name": "丁局"}, "headline": {"requests_received": True}},
    ]
    root = parse(charts.body_trend(records))
    received = panels(root)[0]
    assert panel_texts(received) == ["收到申请数", "2020", "2021", "2022", "-1亿", "1亿", "2亿", "3亿", "0"]
    assert "收到申请数：-3，250,000,000，空白。" in root.find(SVG + "desc").text     # a bool is not a number
    ys = [y for _, y in dots(received)]
    assert len(ys) == 2 and all(0 <= y <= 100 for y in ys)
    unknown = [{"id": f"u{i}", "year": 2024, "organisation": {"name": None}, "headline": {"reviews": i}} for i in (1, 2)]
    table = ET.fromstring(charts.year_distribution_table(unknown, "reviews"))
    assert [[c.text for c in tr] for tr in table.find("tbody")] == [["（发布机构不详）", "2"], ["（发布机构不详）", "1"]]
    negative = parse(charts.year_distribution(records[:1] + unknown, "requests_received"))
    assert_inert(charts.year_distribution(records[:1] + unknown, "requests_received"))
    assert panel_texts(panels(negative)[0])[-1] == "-3"


def _contrast_on_white(colour: str) -> float:
    def channel(x: float) -> float:
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_text_and_marks_have_contrast(published, zone):
    """Text ≥ 4.5:1 on the white background; bars, lines and dots ≥ 3:1 (gridlines are decoration)."""
    for svg in (charts.body_trend(zone), charts.coverage(published),
                charts.year_distribution([r for r in published if r["year"] == 2024], "requests_received")):
        root = parse(svg)
        assert root.find(SVG + "rect").get("fill") == "#ffffff"
        inherited = root.get("fill")
        for t in root.iter(SVG + "text"):
            assert _contrast_on_white(t.get("fill", inherited)) >= 4.5
        marks = [r.get("fill") for r in root.iter(SVG + "rect")][1:]
        marks += [p.get("stroke") for p in root.iter(SVG + "path")]
        assert marks and all(_contrast_on_white(c) >= 3 for c in marks), marks
