"""Controls, non-characters, zero-width and bidi characters (issue 6, items 1 and 10).

A title holding U+0080–U+009F, U+FFFE or U+FFFF used to make PyYAML reject a page's front matter;
MkDocs then rendered the header as Markdown and the title's `[x](javascript:…)` became a live link.
Zero-width characters split one body into two, and U+202E reached headings and links.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.meta import get_data

from generator import pipeline, render
from generator.ingest import RawSource
from generator.parse import parse_source
from generator.render import render_docs, render_pages, safe_url
from generator.site import build_site

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
FIXTURES = ROOT / "tests" / "fixtures" / "render"
PAYLOAD = "[x](javascript:alert(document.domain))[y](https://a.cn){: onclick=alert(1) }![z](https://evil.example/p.png)"
BAD_CHARS = ["\x80", "\x9f", "\ufffe", "\uffff", "\x01", "\U0001fffe", "\ud800"]


def record_titled(title: str, rid: str) -> dict:
    record = yaml.safe_load((FIXTURES / "hostile.yaml").read_text(encoding="utf-8"))
    record["id"] = rid
    record["title"] = title
    return record


@pytest.mark.parametrize("char", BAD_CHARS, ids=lambda c: f"U+{ord(c):04X}")
def test_front_matter_parses_whatever_the_title_holds(char):
    record = record_titled(f"某县{char}人民政府2020年报告{PAYLOAD}", "t-2020-txt")
    for script in ("zh-Hans", "zh-Hant"):
        page = render_pages([record], [], script)["reports/t-2020-txt.md"]
        body, meta = get_data(page)
        assert isinstance(meta.get("title"), str), (script, page[:200])
        assert char not in meta["title"] and char not in page
        assert not body.lstrip().startswith("title:")


def test_a_page_whose_front_matter_mkdocs_cannot_read_fails_the_build():
    broken = '---\ntitle: "a\x80b"\n---\n\n[x](javascript:alert(1))\n'
    with pytest.raises(render.RenderError, match=r"reports/x\.md（来源 seeds/x\.txt）"):
        render.check_front_matter("reports/x.md", broken, "seeds/x.txt")
    render.check_front_matter("reports/x.md", '---\ntitle: "ab"\n---\n\ntext\n', "seeds/x.txt")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("controls")
    records = [record_titled(f"报告{c}{PAYLOAD}", f"c{i}-2020-txt") for i, c in enumerate(BAD_CHARS[:4])]
    for script, docs in (("zh-Hans", tmp / "hans"), ("zh-Hant", tmp / "hant")):
        render_docs(records, [], docs, script, CONTENT)
    return build_site(tmp / "hans", tmp / "hant", tmp / "site", work_dir=tmp / "work", strict=True, pagefind=False)


def test_built_report_pages_keep_the_payload_inert(site):
    for i in range(4):
        for edition in ("", "zh-Hant/"):
            html = (site / f"{edition}reports/c{i}-2020-txt/index.html").read_text(encoding="utf-8")
            assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.I)
            assert not re.search(r"<[a-z][^>]*\sonclick\s*=", html, re.I)
            assert "evil.example/p.png\"" not in html and "<img" not in html.split("md-content", 1)[1]
            # The page kept its <title> (the front matter was read), with markup made full-width.
            title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
            assert title.startswith(("报告[x](javascript:alert(document.domain))", "報告[x](javascript:alert(document.domain))"))


def source(text: str, name: str = "seeds/x.txt") -> RawSource:
    return RawSource(file=name, data=text.encode("utf-8"))


REPORT = """{title}
一、总体情况
{name}认真贯彻《中华人民共和国政府信息公开条例》，全年主动公开政府信息120条。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
六、其他需要报告的事项
"""


def test_cleaning_removes_controls_and_says_so():
    [record] = parse_source(source(REPORT.format(title="日照镇\x80人民政府2021年政府信息公开工作年度报告\ufffe", name="日照镇")))
    assert record["title"] == "日照镇人民政府2021年政府信息公开工作年度报告"
    assert record["organisation"]["name"] == "日照镇人民政府"
    [note] = [c for c in record["cleaning"] if c["step"] == "characters"]
    assert note["detail"].startswith("删除了控制字符或非字符 2 个（U+0080、U+FFFE）")


def test_zero_width_characters_do_not_split_a_body():
    plain = parse_source(source(REPORT.format(title="日照镇人民政府2021年政府信息公开工作年度报告", name="日照镇"), "a/x.txt"))[0]
    hidden = parse_source(source(REPORT.format(title="日照\u200b镇人民\u2060政府2022年政府信息公开工作\ufeff年度报告", name="日照\u200d镇"), "a/y.txt"))[0]
    assert plain["organisation"]["name"] == hidden["organisation"]["name"] == "日照镇人民政府"
    assert hidden["title"] == "日照镇人民政府2022年政府信息公开工作年度报告"
    [note] = [c for c in hidden["cleaning"] if c["step"] == "characters"]
    assert note["detail"].startswith("删除了零宽或不可见字符 4 个（U+200B、U+200D、U+2060、U+FEFF）")
    finalized = pipeline.finalize([plain, hidden], {})
    assert {r["organisation"]["body"] for r in finalized} == {"日照镇人民政府"}


def test_bidi_overrides_reach_no_heading_and_no_link():
    text = REPORT.format(title="某县人民政府2021年政府信息公开工作年度报告", name="某县").replace(
        "二、主动公开政府信息情况", "二、主动公开\u202e情况gpj.exe\u202c政府信息情况")
    [record] = parse_source(source(text + "详见 https://www.example.gov.cn/\u202eexe.pdf\n"))
    assert "\u202e" not in record["text"] and "\u202c" not in record["text"]
    assert [s["title"] for s in record["sections"] if s["number"] == "二"] == ["主动公开情况gpj.exe政府信息情况"]
    assert safe_url("https://www.example.gov.cn/\u202eexe.pdf") is None
    assert safe_url("https://www.example.gov.cn/a\u200bb") is None


def test_every_unsafe_class_is_stripped_and_line_separators_become_breaks():
    from generator import characters
    assert characters.strip_unsafe("a\x85b\u2028c\u2029d") == "a\nb\nc\nd"
    assert characters.strip_unsafe("".join(BAD_CHARS) + "\u200b\u202e\u2066\u00adok\t\n") == "ok\t\n"
    assert characters.describe_removed("平潭综合实验区") is None


def test_html_nested_ten_thousand_deep_is_read_not_refused():
    """Found by the hostile corpus: the HTML walk recursed and raised RecursionError at ~1,000 levels."""
    cell = "<table><tr><td>" + "<div>" * 3 + "予以公开<b>7</b>" + "</div>" * 3 + "</td></tr></table>"
    page = ("<html><body>" + "<div>" * 10_000 + "<p>某县人民政府2021年政府信息公开工作年度报告</p>" + cell
            + "</div>" * 10_000 + "</body></html>")
    [record] = parse_source(RawSource(file="x.html", data=page.encode("utf-8")))
    assert record["title"] == "某县人民政府2021年政府信息公开工作年度报告"
    assert record["text"] == "某县人民政府2021年政府信息公开工作年度报告\n|予以公开7|"
