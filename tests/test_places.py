"""generator.places: a body's division by the official code table, from its name and region."""
from __future__ import annotations

import pytest

from generator import pipeline
from generator.places import TABLE, Gazetteer, gazetteer, load_aliases, names_in, resolve


def test_the_table_is_the_2023_code_table_as_shipped():
    text = TABLE.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) == 44703
    assert lines[0] == "11\t北京市" and "440115102\t黄阁镇" in lines
    codes = [line.split("\t")[0] for line in lines]
    assert codes == sorted(codes) and {len(c) for c in codes} == {2, 4, 6, 9}
    by_code = dict(line.split("\t") for line in lines)
    assert all(c[:-2 if len(c) <= 6 else -3] in by_code for c in codes if len(c) > 2)   # every division's parent is there


@pytest.mark.parametrize("name, region, code, names", [
    ("广州市南沙区黄阁镇人民政府", [], "440115102", {"province": "广东省", "prefecture": "广州市", "county": "南沙区", "township": "黄阁镇"}),
    ("黄阁镇人民政府", ["广州市", "南沙区"], "440115102", {"province": "广东省", "prefecture": "广州市", "county": "南沙区", "township": "黄阁镇"}),
    ("淮安市人民政府", [], "3208", {"province": "江苏省", "prefecture": "淮安市"}),
    ("北京市朝阳区人民政府办公室", [], "110105", {"province": "北京市", "county": "朝阳区"}),      # 市辖区 is no name
    ("长春市朝阳区发展和改革局", [], "220104", {"province": "吉林省", "prefecture": "长春市", "county": "朝阳区"}),
    ("华容县人民政府", ["华容县"], "430623", {"province": "湖南省", "prefecture": "岳阳市", "county": "华容县"}),
    ("海淀区北京路街道办事处", [], "110108", {"province": "北京市", "county": "海淀区"}),      # a street named after no division inside
])
def test_names_nest_into_one_division(name, region, code, names):
    place, why = resolve(name, region)
    assert (place.code, place.names, place.via, why) == (code, names, "name", None)


def test_a_name_the_table_holds_twice_is_not_guessed():
    assert resolve("朝阳区人民政府", []) == (None, "“朝阳区”对应 2 个同名行政区划，无法确定")
    place, why = resolve("新城镇人民政府", ["保定市"])
    assert why is None and place.names["prefecture"] == "保定市" and place.names["township"] == "新城镇"


def test_candidates_in_one_county_give_the_county_and_say_why():
    gaz = Gazetteer(by_code={"43": "湖南省", "4306": "岳阳市", "430623": "华容县", "430623100": "东山镇", "430623101": "东山镇"},
                    by_name={"华容县": ("430623",), "东山镇": ("430623100", "430623101")})
    place, why = resolve("东山镇人民政府", [], gaz)
    assert (place.code, place.names) == ("430623", {"province": "湖南省", "prefecture": "岳阳市", "county": "华容县"})
    assert why == "“东山镇”对应 2 个同名行政区划，无法确定，只确定到华容县"


def test_generic_names_and_no_names(tmp_path):
    assert resolve("城区人民政府", []) == (None, "名称和所属地区中没有可识别的行政区划名称")
    assert resolve(None, []) == (None, "发布机关和所属地区均不详")
    assert names_in("广州市城区", gazetteer()) == [("广州市", ("4401",))]
    place, _ = resolve("广州市城区街道办事处", [])       # 城区街道 lies in no division of 广州市
    assert place.code == "4401"


def test_a_maintainers_alias_names_the_division(tmp_path):
    aliases = load_aliases(pipeline.PLACES)
    assert aliases == {"平潭综合实验区": "350128"}
    place, why = resolve("平潭综合实验区管理委员会", [], aliases=aliases)
    assert (place.code, place.names["county"], place.via, why) == ("350128", "平潭县", "alias", None)
    assert resolve("平潭综合实验区管理委员会", []) == (None, "名称和所属地区中没有可识别的行政区划名称")
    (tmp_path / "places.yaml").write_text("某开发区: '999999'\n", encoding="utf-8")
    assert resolve("某开发区管委会", [], aliases=load_aliases(tmp_path / "places.yaml"))[0] is None   # no such code


def test_every_published_sample_report_has_its_place(sample_records):
    records, errors = sample_records
    published, _ = pipeline.select_published(records, errors)
    places = {r["id"]: (r["organisation"]["place"] or {}).get("code") for r in published}
    assert places["seeds--003_609de0e3619b3334-txt"] == "440115102"
    assert sum(1 for c in places.values() if c) == len(places) - 1
    (missing,) = [r for r in published if not r["organisation"]["place"]]
    assert {"field": "organisation.place", "reason": "发布机关和所属地区均不详"} in missing["nulls"]


def test_pages_show_the_division_and_filter_by_it(sample_records):
    from generator.render import render_pages
    records, errors = sample_records
    published, unpublished = pipeline.select_published(records, errors)
    pages = render_pages(published, unpublished, "zh-Hans")
    report = pages["reports/seeds--003_609de0e3619b3334-txt.md"]
    assert ('<tr><th>所属地区</th><td><span>广东省</span> › <span>广州市</span>'
            ' › <span>南沙区</span> › <span>黄阁镇</span></td></tr>') in report
    assert "<tr><th>行政区划代码</th><td><code>440115102</code>" in report
    # Search filters by each level of the division: on the report's full-text page, which is indexed.
    text = pages["reports/seeds--003_609de0e3619b3334-txt/text.md"]
    assert (' · <span data-pagefind-filter="地区">广东省</span> › <span data-pagefind-filter="地区">广州市</span>'
            ' › <span data-pagefind-filter="地区">南沙区</span> › <span data-pagefind-filter="地区">黄阁镇</span> · ') in text
    assert "由机关名称和所属地区查得" in report
    zone = pages["reports/pingtan--pingtan-zone-2024-html.md"]     # named by site_data/places.yaml
    assert "<code>350128</code>" in zone and "由维护者在 site_data/places.yaml 中指定" in zone
    rows = [line for line in pages["bodies/index.md"].splitlines() if line.startswith("<tr><td>")]
    assert [row.split("</td>")[0][len("<tr><td>"):] for row in rows] == [
        "广东省 › 广州市 › 南沙区 › 黄阁镇", "湖南省 › 岳阳市 › 华容县 › 禹山镇", "福建省 › 福州市 › 平潭县",
        "福建省 › 福州市 › 平潭县", "辽宁省 › 阜新市 › 彰武县 › 章古台镇", '<span class="value-none">—</span>']
    hant = render_pages(published, unpublished, "zh-Hant")["reports/seeds--003_609de0e3619b3334-txt/text.md"]
    assert '<span data-pagefind-filter="地區">廣東省</span>' in hant
