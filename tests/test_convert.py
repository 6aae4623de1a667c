"""generator.convert: OpenCC s2t plus the maintainers' phrase table, and Traditional → Simplified."""

import pytest

from generator.convert import load_phrases, to_simplified, to_traditional


@pytest.mark.parametrize(
    "simplified, traditional",
    [
        # Known OpenCC mis-conversions fixed by site_data/phrases.tsv.
        ("镇长胡先兵", "鎮長胡先兵"),  # OpenCC alone: 鎮長鬍先兵
        ("对标对表", "對標對表"),  # OpenCC alone: 對標對錶
        ("并成立", "並成立"),  # OpenCC alone: 併成立
        ("新征程", "新征程"),  # OpenCC alone: 新徵程
        ("发放", "發放"),
        ("向街头发放宣传资料", "向街頭發放宣傳資料"),  # OpenCC alone: 街頭髮放
        ("学习了如何", "學習了如何"),  # OpenCC alone: 學習瞭如何
        ("行政复议", "行政復議"),  # OpenCC alone: 行政複議
        # Longer phrases and neighbours.
        ("合并成立", "合併成立"),
        ("长胡子", "長鬍子"),
        ("征收土地", "徵收土地"),
        ("政府信息公开工作年度报告", "政府信息公開工作年度報告"),
        ("", ""),
        ("2024年 <b>&amp;</b>", "2024年 <b>&amp;</b>"),
        ("镇长胡先兵并成立了工作组，对标对表推进新征程。",
         "鎮長胡先兵並成立了工作組，對標對表推進新征程。"),
    ],
)
def test_to_traditional(simplified, traditional):
    assert to_traditional(simplified) == traditional


@pytest.mark.parametrize(
    "traditional, simplified",
    [
        ("衞生", "卫生"),
        ("著力", "着力"),
        ("臺灣", "台湾"),
        ("鎮長", "镇长"),
        ("裏面", "里面"),
        ("羣衆", "群众"),
        ("著作", "著作"),
        ("政府信息公開工作年度報告", "政府信息公开工作年度报告"),
    ],
)
def test_to_simplified(traditional, simplified):
    assert to_simplified(traditional) == simplified


def test_round_trip_of_phrases():
    table = load_phrases()
    for simplified, traditional in table.items():
        assert to_traditional(simplified) == traditional
    assert table["并成立"] == "並成立"


def test_phrase_table_errors(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# comment\n甲 乙\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_phrases(bad)
    dup = tmp_path / "dup.tsv"
    dup.write_text("甲\t乙\n甲\t丙\n", encoding="utf-8")
    with pytest.raises(ValueError):
        load_phrases(dup)
    custom = tmp_path / "custom.tsv"
    custom.write_text("报告\t报告\n", encoding="utf-8")
    assert to_traditional("年度报告", phrases=custom) == "年度报告"
