"""generator.render: Markdown pages for one script, from fixture records and from the real sample."""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator.convert import to_traditional
from generator.publish import csvs, jsonl
from generator.render import body_slug, page_url, render_docs, render_pages, safe_url

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "render"
SOURCES = ROOT / "site_data" / "sources"
CONTENT = ROOT / "content"

ZONE = "b-2f20f4d64888"  # 平潭综合实验区管理委员会, [福建省, 平潭综合实验区]
COUNTY = "b-278818c14d90"  # 平潭县人民政府, [福建省]


def fixture_records() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / "records").glob("*.yaml"))]


def fixture_unpublished() -> list[dict]:
    return yaml.safe_load((FIXTURES / "unpublished.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hans() -> dict[str, str]:
    return render_pages(fixture_records(), fixture_unpublished(), "zh-Hans", {"pingtan--pingtan-zone-2024-html"})


@pytest.fixture(scope="module")
def hant() -> dict[str, str]:
    return render_pages(fixture_records(), fixture_unpublished(), "zh-Hant", {"pingtan--pingtan-zone-2024-html"})


def test_page_set(hans, hant):
    expected = {
        "index.md", "search.md", "not-published.md", "data-quality.md", "data/index.md", "data/dictionary.md",
        "reports/index.md", "reports/pingtan--pingtan-county-2012-html.md", "reports/pingtan--pingtan-zone-2022-html.md",
        "reports/pingtan--pingtan-zone-2024-html.md",
        # each report's full text is a page of its own, beside it (reports/<id>/text/)
        "reports/pingtan--pingtan-county-2012-html/text.md", "reports/pingtan--pingtan-zone-2022-html/text.md",
        "reports/pingtan--pingtan-zone-2024-html/text.md",
        "bodies/index.md", f"bodies/{ZONE}.md", f"bodies/{COUNTY}.md", "regions/index.md", "regions/unknown.md",
        "years/index.md", "years/2012.md", "years/2022.md", "years/2024.md",
    }
    assert set(hans) == expected
    assert set(hant) == expected  # identical paths in both scripts


def test_slugs_and_urls():
    assert body_slug("平潭综合实验区管理委员会", ["福建省", "平潭综合实验区"]) == ZONE
    assert body_slug("平潭县人民政府", ["福建省"]) == COUNTY
    assert body_slug(None, ["福建省"]) == "unknown"
    assert page_url("index.md") == ""
    assert page_url("reports/index.md") == "reports/"
    assert page_url("reports/x.md") == "reports/x/"


@pytest.mark.parametrize("url, ok", [
    ("https://www.pingtan.gov.cn/a.htm", True),
    ("http://example.gov.cn/", True),
    ("HTTPS://EXAMPLE.GOV.CN/x", True),
    ("javascript:alert(1)", False),
    ("JavaScript:alert(1)", False),
    (" javascript:alert(1)", False),
    ("data:text/html,<script>", False),
    ("//evil.example/x", False),
    ("https:/evil", False),
    ("https://x.example/\" onmouseover=\"alert(1)", False),
    ("https://x.example/a b", False),
    ("vbscript:x", False),
    ("/relative/path", False),
    (None, False),
    ("", False),
])
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) is ok
    if ok:
        assert safe_url(url) == url


def test_report_metadata_and_filters(hans):
    page = hans["reports/pingtan--pingtan-zone-2024-html.md"]
    # The report page is not indexed for search: its full-text page is (below).
    assert page.startswith('---\ntitle: "平潭综合实验区2024年度政府信息公开工作年度报告"\n---\n')
    assert "pagefind" not in page
    assert (f'<tr><th>发布机构</th><td><a href="../../bodies/{ZONE}/">'
            "平潭综合实验区管理委员会</a> <span class=\"note\">（机构名称来自标题）</span></td></tr>") in page
    assert '<tr><th>所属地区</th><td><span>福建省</span> › <span>平潭综合实验区</span></td></tr>' in page
    assert '<tr><th>报告年度</th><td><a href="../../years/2024/">2024</a></td></tr>' in page
    assert "<tr><th>发布日期</th><td>2025-03-10</td></tr>" in page
    assert "<tr><th>报告格式</th><td>2021年版格式（2021年度起）</td></tr>" in page
    assert "<tr><th>索引号</th><td>FJ00101-0200-2025-00012</td></tr>" in page
    # The full-text page carries the search filters, in a line under the title.
    text = hans["reports/pingtan--pingtan-zone-2024-html/text.md"]
    assert text.startswith('---\ntitle: "平潭综合实验区2024年度政府信息公开工作年度报告（全文）"\npagefind: true\n---\n')
    assert (f'<p class="archive-byline"><a href="../../../bodies/{ZONE}/" data-pagefind-filter="发布机构">'
            '平潭综合实验区管理委员会</a> · <span data-pagefind-filter="地区">福建省</span> › '
            '<span data-pagefind-filter="地区">平潭综合实验区</span> · '
            '<a href="../../../years/2024/" data-pagefind-filter="年度">2024</a></p>') in text
    assert '<p data-pagefind-ignore><a href="../../../reports/pingtan--pingtan-zone-2024-html/">← 本报告的统计表、核对结果与来源</a></p>' in text


def test_blank_zero_inferred_absent_cells(hans):
    page = hans["reports/pingtan--pingtan-zone-2024-html.md"]
    # partially_granted: 5 natural persons, the five organisation columns blank in the source, total 5.
    assert ('<tr class="level-1"><th>（二）部分公开（区分处理的，只计这一情形，不计其他情形）</th>'
            '<td class="num">5</td>' + '<td class="blank">—</td>' * 5
            + '<td class="num">5</td></tr>') in page
    # 0 is a number, shown as 0.
    assert '<tr><th>行政强制</th><td class="num zero">0</td></tr>' in page
    # Inferred value is marked.
    assert ('<td class="num inferred" title="推算值：由表内算术关系推出，非直接读取">70'
            '<sup class="inferred-mark">推</sup></td>') in page
    # Money keeps its decimals.
    assert '<tr><th>行政事业性收费</th><td class="num">12.5</td></tr>' in page
    # Group headings only above rows present; the 2021 （六） sub-row keeps its own label.
    assert '<tr class="row-group level-1"><th colspan="8">（四）无法提供</th></tr>' in page
    assert "（三）不予公开" not in page and "（五）不予处理" not in page
    assert '<tr class="level-2"><th>3.其他</th>' in page

    legacy = hans["reports/pingtan--pingtan-county-2012-html.md"]
    assert ('<tr><th>同意公开答复数</th><td>件</td><td class="blank">—</td></tr>') in legacy
    assert '<tr><th>收到申请数</th><td>件</td><td class="num zero">0</td></tr>' in legacy
    assert ('<tr><th>行政事业性收费</th><td>万元</td><td class="num inferred" '
            'title="推算值：由表内算术关系推出，非直接读取">0.35<sup class="inferred-mark">推</sup></td></tr>') in legacy

    review = hans["reports/pingtan--pingtan-zone-2022-html.md"]
    assert "四、政府信息公开行政复议" not in review  # no section 四 table in this record


def test_headline_sources_checks_nulls_corrections_provenance(hans):
    page = hans["reports/pingtan--pingtan-zone-2024-html.md"]
    assert ('<tr><th>主动公开信息数</th><td class="num">5210</td><td>正文：'
            "<q>全年主动公开政府信息5210条。</q></td></tr>") in page
    # A table source names the cell in Chinese (row and column labels), then the record's path;
    # machine paths and ids are shown beside it.
    assert ('<tr><th>收到申请数</th><td class="num">73</td><td>表格：'
            '<a href="#requests">第三部分</a>“一、本年新收政府信息公开申请数量”行“总计”列<br>'
            '<code class="machine-id">statistics.requests.new_received.total</code></td></tr>') in page
    assert ('<td>表格：<a href="#review-litigation">第四部分</a>“行政诉讼：未经复议直接起诉”行“总计”列'
            ' + <a href="#review-litigation">第四部分</a>“行政诉讼：复议后起诉”行“总计”列<br>') in page
    # Checks and cleaning steps are named in Chinese; the id is beside.
    assert ('<tr class="check-fail"><td>申请数收支平衡 <code class="machine-id">requests.balance.total</code>'
            "</td><td>未通过</td><td>本年新收 73 + 上年结转 3 = 76，但总计 69 + 结转下年度 7 = 76。</td></tr>") in page
    assert ('<tr class="check-not_applicable"><td>公布期限 <code class="machine-id">deadline</code>'
            "</td><td>不适用</td><td>未知适用的公布期限。</td></tr>") in page
    assert "<tr><th>格式</th><td>网页（HTML）</td></tr>" in page
    # Null notes: grouped by reason, the fields named by their labels (paths in the JSON twin).
    assert ("<tr><td>第三部分“（二）部分公开（区分处理的，只计这一情形，不计其他情形）”行“商业企业”列</td>"
            "<td>原表此格空白</td></tr>") in page
    assert ('<tr><td>发布机构名称 <code class="machine-id">organisation.name</code></td>'
            "<td>平潭综合实验区</td><td>平潭综合实验区管理委员会</td><td>维护者据落款更正。</td></tr>") in page
    # Ids and file names break only after "-" or "/" (<wbr>), never inside a word.
    assert ("<tr><th>记录编号</th><td><code>pingtan--<wbr>pingtan-<wbr>zone-<wbr>2024-<wbr>html</code>"
            "</td></tr>") in page
    assert "<tr><th>原始文件</th><td><code>pingtan/<wbr>pingtan-<wbr>zone-<wbr>2024.html</code></td></tr>" in page
    assert ('<tr><th>发布网址</th><td><a href="https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/'
            't20250310_97791.htm" rel="nofollow noopener noreferrer" class="external">'
            "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm</a></td></tr>") in page
    assert ('<a href="../../sources/pingtan--pingtan-zone-2024-html.txt.gz" type="application/gzip">'
            "sources/<wbr>pingtan--<wbr>pingtan-<wbr>zone-<wbr>2024-<wbr>html.txt.gz</a>（逐字节复制，gzip 压缩，解压后为纯文本）") in page
    # The record: its JSON twin (a browser shows it); the YAML stays in the repository.
    assert ('<tr><th>记录数据</th><td><a href="../../data/reports/pingtan--pingtan-zone-2024-html.json" type="application/json">'
            "data/<wbr>reports/<wbr>pingtan--<wbr>pingtan-<wbr>zone-<wbr>2024-<wbr>html.json</a>"
            "（JSON，可在浏览器中查看；与档案仓库中的 YAML 记录内容相同）</td></tr>") in page
    assert "data/records/" not in page
    # The full text and what cleaning removed are on the full-text page, linked from here.
    assert ('<p><a href="../../reports/pingtan--pingtan-zone-2024-html/text/">阅读报告全文</a>'
            "（清理后的全文，约 86 字，单独成页）</p>") in page
    assert "镇长胡先兵" not in page
    text = hans["reports/pingtan--pingtan-zone-2024-html/text.md"]
    assert ('<tr><td>网站界面文字 <code class="machine-id">chrome</code></td>'
            "<td>删除网站导航、浏览次数、打印分享等页面元素。</td></tr>") in text
    # Sections: paragraphs split at blank lines.
    assert ('<h2 id="section-1">一、总体情况</h2>\n<p>2024年，平潭综合实验区认真贯彻落实《政府信息公开条例》，'
            "镇长胡先兵并成立了工作专班。</p>\n<p>全年主动公开政府信息5210条。</p>") in text
    assert ('<a href="../../../sources/pingtan--pingtan-zone-2024-html.txt.gz" type="application/gzip">'
            "sources/<wbr>pingtan--<wbr>pingtan-<wbr>zone-<wbr>2024-<wbr>html.txt.gz</a>") in text
    # No source copy for a record whose raw file is not available.
    assert "原始文件副本</th><td><span class=\"value-none\">—</span>" in hans["reports/pingtan--pingtan-county-2012-html.md"]


def test_traditional_page(hant):
    page = hant["reports/pingtan--pingtan-zone-2024-html.md"]
    assert page.startswith('---\ntitle: "平潭綜合實驗區2024年度政府信息公開工作年度報告"\n')
    assert "<h1>平潭綜合實驗區2024年度政府信息公開工作年度報告</h1>" in page
    text = hant["reports/pingtan--pingtan-zone-2024-html/text.md"]
    assert "鎮長胡先兵並成立了工作專班" in text  # phrase table: not 鬍, not 併
    assert '<a href="../../../sources/pingtan--pingtan-zone-2024-html.txt.gz" type="application/gzip">' in page  # shared copy
    assert '<a href="../../../data/reports/pingtan--pingtan-zone-2024-html.json" type="application/json">' in page
    assert "## 覈對" not in page and "## 核對結果 {#checks}" in page
    # Pagefind shows the filter keys as the filter names: the edition's own script.
    assert 'data-pagefind-filter="發佈機構">平潭綜合實驗區管理委員會</a>' in text
    assert '<span data-pagefind-filter="地區">福建省</span> › <span data-pagefind-filter="地區">平潭綜合實驗區</span>' in text
    assert 'data-pagefind-filter="年度">2024</a>' in text
    # URLs and file names are never converted.
    other = hant["reports/pingtan--pingtan-zone-2022-html.md"]
    assert '<a href="https://www.pingtan.gov.cn/年报/发布.htm?栏目=公开"' in other
    assert ">https://www.pingtan.gov.cn/年报/发布.htm?栏目=公开</a>" in other
    assert "<code>pingtan/<wbr>pingtan-<wbr>zone-<wbr>2022.html</code>" in other
    assert "對標對表推進新征程" in hant["reports/pingtan--pingtan-zone-2022-html/text.md"]
    legacy = hant["reports/pingtan--pingtan-county-2012-html/text.md"]
    assert "縣政府學習了如何做好政府信息公開工作，發放宣傳資料。" in legacy
    assert "\ue000" not in page and "\ue001" not in page


def test_index_pages(hans):
    home = hans["index.md"]
    assert '<tr><th>已发布的报告</th><td class="num">3</td><td><a href="reports/">全部报告</a></td></tr>' in home
    assert '<tr><th>发布机构</th><td class="num">2</td>' in home
    assert '<tr><th>报告年度</th><td class="num">3</td>' in home
    assert '<tr><th>未发布的来源文件</th><td class="num">3</td>' in home
    assert '<tr><th>未通过的核对</th><td class="num">1</td>' in home
    # Latest first by publication date.
    latest = home.index("pingtan--pingtan-zone-2024-html"), home.index("pingtan--pingtan-zone-2022-html"), home.index(
        "pingtan--pingtan-county-2012-html")
    assert list(latest) == sorted(latest)

    reports = hans["reports/index.md"]
    assert reports.index('id="y-2024"') < reports.index('id="y-2022"') < reports.index('id="y-2012"')
    assert ('<td><a href="../reports/pingtan--pingtan-zone-2024-html/">平潭综合实验区2024年度政府信息公开工作年度报告</a></td>'
            "<td class=\"cell-date\">2025-03-10</td><td>2021年版</td><td><span class=\"check-fail\">1 项未通过</span></td>") in reports

    body = hans[f"bodies/{ZONE}.md"]
    rows = [line for line in body.splitlines() if line.startswith("<tr><td>20")]
    assert [r[8:12] for r in rows] == ["2022", "2024"]  # year over year, oldest first
    assert rows[0].startswith(
        '<tr><td>2022</td><td>2021年版</td><td class="blank">—</td><td class="num">50</td>')

    year = hans["years/2012.md"]
    assert f'<a href="../../bodies/{COUNTY}/">平潭县人民政府</a>' in year
    assert '<td class="num">1200</td>' in year

    quality = hans["data-quality.md"]
    assert ('<tr><td><a href="../reports/pingtan--pingtan-zone-2024-html/">平潭综合实验区2024年度政府信息公开工作年度报告</a>'
            f'</td><td><a href="../bodies/{ZONE}/">平潭综合实验区管理委员会</a></td><td>2024</td>'
            '<td>申请数收支平衡 <code class="machine-id">requests.balance.total</code></td>') in quality

    unpublished = hans["not-published.md"]
    files = [line.split("<code>")[1].split("</code>")[0].replace("<wbr>", "") for line in unpublished.splitlines()
             if line.startswith("<tr><td><code>")]
    assert files == ["pingtan/pingtan-zone-2024.txt", "seeds/000_53fa4d835beed9e5.txt", "seeds/001_08f9ccedd4df91cd.txt"]
    # The file, then (smaller) its record id when it has one; ids and names break only after - and /.
    assert ('<tr><td><code>seeds/<wbr>001_08f9ccedd4df91cd.txt</code><br><code class="machine-id">seeds-<wbr>001</code>'
            "</td><td>列表页，不是一份年度报告。</td></tr>") in unpublished
    assert "<tr><td><code>seeds/<wbr>000_53fa4d835beed9e5.txt</code></td><td>解析失败：无法识别正文。</td></tr>" in unpublished

    # The checks column: how many failed, else whether any check passed or none could run -- in
    # words, never the "—" that means a blank in the source.
    assert [line.rsplit("<td>", 1)[1] for line in reports.splitlines() if line.startswith("<tr><td>")] == [
        '<span class="check-fail">1 项未通过</span></td></tr>', '<span class="check-ok">通过</span></td></tr>',
        '<span class="check-none">未能核对</span></td></tr>']
    assert '<span class="check-ok">—</span>' not in body + year + reports

    assert 'data-bundle="../pagefind/"' in hans["search.md"]


def test_data_page_lists_every_download_and_links_the_dictionary(hans):
    data = hans["data/index.md"]
    links = re.findall(r'<tr><td><a href="([^"]+)" type="([^"]+)">([^<]+(?:<wbr>[^<]+)*)</a></td>', data)
    assert [(href, kind, name.replace("<wbr>", "")) for href, kind, name in links] == [
        ("../data/headline.csv", "text/csv", "headline.csv"),
        ("../data/headline-excel.csv", "text/csv", "headline-excel.csv"),
        ("../data/cells.csv.gz", "application/gzip", "cells.csv.gz"),
        ("../data/archive.sqlite.gz", "application/gzip", "archive.sqlite.gz"),
        ("../data/datapackage.json", "application/json", "datapackage.json"),
        ("../data/dictionary.json", "application/json", "dictionary.json"),
        ("../data/records.jsonl.gz", "application/gzip", "records.jsonl.gz"),
    ]
    assert [name for name in re.findall(r"<tr><td><code>([^<]+(?:<wbr>[^<]+)*)</code></td>", data)] == [
        "reports/<wbr>&lt;id&gt;.json", "sources/<wbr>&lt;id&gt;.txt.gz"]
    # No list of every report (a page that would grow with the archive): each report page links its twin.
    assert "data/reports/pingtan" not in data
    assert "全部 3 份报告的完整记录" in data
    # The dictionary, not the methodology, says what the columns mean.
    assert '见<a href="../data/dictionary/">数据字典</a>。' in data and "字段含义见" not in data
    assert "records.json\"" not in data and "records.json<" not in data


def test_dictionary_page_in_both_scripts(hans, hant):
    from generator.publish.dictionary import QUERIES, resources
    page = hans["data/dictionary.md"]
    assert page.startswith("---\ntitle: 数据字典\n---\n\n# 数据字典\n")
    assert '<a href="../../data/">数据下载</a>页' in page and '<a href="../../data/dictionary.json">dictionary.json</a>' in page
    for r in resources():
        for f in r.fields:
            assert f"<code>{f.name.replace('_', '_<wbr>')}</code>" in page, f.name
    # Every table scrolls in its own named region (a phone scrolls the table, not the page).
    assert page.count("<table") == page.count('<div class="archive-scroll" role="region" tabindex="0" aria-label="') == 16
    assert ('<div class="archive-scroll" role="region" tabindex="0" aria-label="第三部分 收到和处理政府信息公开申请情况（requests）：行">'
            in page)
    assert f'<pre><code class="language-sql">{QUERIES[0].sql}</code></pre>' in page
    # Traditional: converted like any page, its codes and SQL (ASCII) unchanged; same without records.
    tpage = hant["data/dictionary.md"]
    assert tpage.startswith("---\ntitle: 數據字典\n---\n\n# 數據字典\n") and "主要數字（每條記錄一行）" in tpage
    assert f'<pre><code class="language-sql">{QUERIES[0].sql}</code></pre>' in tpage
    assert '<a href="../../../data/dictionary.json">dictionary.json</a>' in tpage
    assert render_pages([], [], "zh-Hans")["data/dictionary.md"] == page


def test_duplicate_links_to_the_report_published_in_its_place():
    unpublished = fixture_unpublished()
    unpublished[0]["duplicate_of"] = "pingtan--pingtan-zone-2024-html"
    unpublished[1]["duplicate_of"] = "no-such-record"           # not published: no link
    pages = {s: render_pages(fixture_records(), unpublished, s)["not-published.md"] for s in ("zh-Hans", "zh-Hant")}
    assert ('<td>与 pingtan/pingtan-zone-2024.html 为同一报告（重复）。<br><span class="archive-published-as">已发布的同一份报告：'
            '<a href="../reports/pingtan--pingtan-zone-2024-html/">平潭综合实验区2024年度政府信息公开工作年度报告</a></span></td>'
            ) in pages["zh-Hans"]
    assert pages["zh-Hans"].count("已发布的同一份报告") == 1
    assert ('已發佈的同一份報告：<a href="../reports/pingtan--pingtan-zone-2024-html/">平潭綜合實驗區2024年度政府信息公開工作年度報告</a>'
            in pages["zh-Hant"])


def test_traditional_edition_links_to_shared_files(hant):
    data = hant["data/index.md"]
    assert '<a href="../../data/records.jsonl.gz" type="application/gzip">records.jsonl.gz</a>' in data
    assert '<a href="../../data/headline-excel.csv" type="text/csv">headline-<wbr>excel.csv</a>' in data
    assert '<a href="../../data/cells.csv.gz" type="application/gzip">cells.csv.gz</a>' in data
    assert '見<a href="../data/dictionary/">數據字典</a>。' in data     # a page of this edition
    assert 'data-bundle="../../pagefind/"' in hant["search.md"]
    assert "全部報告" in hant["index.md"]


def test_deterministic(hans):
    records = fixture_records()
    random.Random(7).shuffle(records)
    unpublished = list(reversed(fixture_unpublished()))
    again = render_pages(records, unpublished, "zh-Hans", {"pingtan--pingtan-zone-2024-html"})
    assert again == hans
    assert all(again[k].encode() == hans[k].encode() for k in hans)


def test_render_docs_writes_shared_files_and_only_changes(tmp_path):
    records, unpublished = fixture_records(), fixture_unpublished()
    hans_dir, hant_dir = tmp_path / "hans", tmp_path / "hant"
    first = render_docs(records, unpublished, hans_dir, "zh-Hans", CONTENT, sources_dir=SOURCES)
    render_docs(records, unpublished, hant_dir, "zh-Hant", CONTENT, sources_dir=SOURCES)
    # Shared files in the Simplified tree only.
    assert gzip.decompress((hans_dir / "sources" / "pingtan--pingtan-zone-2024-html.txt.gz").read_bytes()) == (
        SOURCES / "pingtan" / "pingtan-zone-2024.html").read_bytes()
    assert not (hans_dir / "sources" / "pingtan--pingtan-county-2012-html.txt.gz").exists() or (
        SOURCES / "pingtan" / "pingtan-county-2012.html").is_file()
    # The zh-Hant tree holds its pages only: data/index.md and data/dictionary.md, no download.
    assert not (hant_dir / "sources").exists()
    assert sorted(p.relative_to(hant_dir).as_posix() for p in (hant_dir / "data").rglob("*")) == [
        "data/dictionary.md", "data/index.md"]
    ids = ["pingtan--pingtan-county-2012-html", "pingtan--pingtan-zone-2022-html", "pingtan--pingtan-zone-2024-html"]
    assert sorted(p.relative_to(hans_dir / "data").as_posix() for p in (hans_dir / "data").rglob("*") if p.is_file()) == [
        "archive.sqlite.gz", "cells.csv.gz", "datapackage.json", "dictionary.json", "dictionary.md",
        "headline-excel.csv", "headline.csv", "index.md", "records.jsonl.gz", *(f"reports/{i}.json" for i in ids)]
    assert [r["id"] for r in jsonl.read_records((hans_dir / "data" / "records.jsonl.gz").read_bytes())] == ids
    assert json.loads((hans_dir / "data" / "reports" / f"{ids[2]}.json").read_bytes())["headline"]["reviews"] == 1
    # One implementation of headline.csv: generator.publish's, and its Excel copy beside it.
    assert (hans_dir / "data" / "headline.csv").read_bytes() == csvs.headline_csv(records)
    assert (hans_dir / "data" / "headline-excel.csv").read_bytes() == csvs.headline_excel(records)
    rows = list(csv.reader(io.StringIO((hans_dir / "data" / "headline.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["id", "year", "organisation", "region", "division_code", "province", "prefecture", "county",
                       "title", "published", "template",
                       "proactive_items", "requests_received", "requests_granted", "requests_partially_granted",
                       "requests_completed", "reviews", "lawsuits", "failed_checks", "source_url"]
    assert rows[3] == ["pingtan--pingtan-zone-2024-html", "2024", "平潭综合实验区管理委员会", "福建省 / 平潭综合实验区",
                       "", "", "", "", "平潭综合实验区2024年度政府信息公开工作年度报告", "2025-03-10", "2021",
                       "5210", "73", "42", "5", "69", "1", "1", "1",
                       "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm"]
    assert rows[1][11:18] == ["1200", "0", "", "", "", "", ""]  # blank stays blank, 0 stays 0
    # Hand-written pages: copied as is for zh-Hans, converted for zh-Hant.
    assert (hans_dir / "about.md").read_text(encoding="utf-8") == (CONTENT / "about.md").read_text(encoding="utf-8")
    assert "# 關於本站" in (hant_dir / "about.md").read_text(encoding="utf-8")

    # Second run: nothing written.
    assert render_docs(records, unpublished, hans_dir, "zh-Hans", CONTENT, sources_dir=SOURCES) == {
        "written": 0, "unchanged": first["written"], "removed": 0}
    # A separate tree is entirely generated: a file nobody produces goes.
    (hant_dir / "stray.md").write_text("x", encoding="utf-8")
    render_docs(records, unpublished, hant_dir, "zh-Hant", CONTENT, sources_dir=SOURCES)
    assert not (hant_dir / "stray.md").exists()


def test_render_docs_in_content_tree_keeps_hand_written_files(tmp_path):
    records, unpublished = fixture_records(), fixture_unpublished()
    content = tmp_path / "content"
    content.mkdir()
    (content / "about.md").write_text("# 关于\n", encoding="utf-8")
    (content / "notes.txt").write_text("kept", encoding="utf-8")
    render_docs(records, unpublished, content, "zh-Hans", content, sources_dir=SOURCES)
    assert (content / "about.md").read_text(encoding="utf-8") == "# 关于\n"
    fewer = [r for r in records if r["id"] != "pingtan--pingtan-zone-2024-html"]
    counts = render_docs(fewer, unpublished, content, "zh-Hans", content, sources_dir=SOURCES)
    assert not (content / "reports" / "pingtan--pingtan-zone-2024-html.md").exists()
    assert not (content / "years" / "2024.md").exists()
    assert not (content / "sources" / "pingtan--pingtan-zone-2024-html.txt.gz").exists()
    assert (content / f"bodies/{ZONE}.md").exists()  # its 2022 report is still there
    assert not (content / "data" / "reports" / "pingtan--pingtan-zone-2024-html.json").exists()
    assert not (content / "reports" / "pingtan--pingtan-zone-2024-html" / "text.md").exists()
    assert counts["removed"] == 5  # report page, its full-text page, year page, JSON twin, source copy
    assert (content / "notes.txt").exists() and (content / "about.md").exists()


def test_each_record_is_published_once_as_its_json_twin(tmp_path):
    """No YAML copy beside the twin (the canonical YAML stays in the repository): the twin holds
    the record's public fields, the same values."""
    canonical = yaml.safe_load((FIXTURES / "records" / "pingtan--pingtan-zone-2022-html.yaml").read_text(encoding="utf-8"))
    render_docs(fixture_records(), [], tmp_path / "docs", "zh-Hans", CONTENT)
    assert not (tmp_path / "docs" / "data" / "records").exists()
    twin = json.loads((tmp_path / "docs" / "data" / "reports" / "pingtan--pingtan-zone-2022-html.json").read_text(encoding="utf-8"))
    assert twin["headline"] == canonical["headline"] and twin["statistics"] == canonical["statistics"]
    assert twin["id"] == canonical["id"] and twin["title"] == canonical["title"]


def test_rejects_unsafe_ids():
    record = fixture_records()[0]
    record["id"] = "../../etc/passwd"
    with pytest.raises(ValueError):
        render_pages([record], [], "zh-Hans")
    with pytest.raises(ValueError):
        render_pages(fixture_records(), [], "zh-TW")


# --------------------------------------------------------------------------------------------
# The real sample archive (site_data/records), when present.

REAL = sorted((ROOT / "site_data" / "records").glob("*.yaml"))


@pytest.fixture(scope="module")
def real():
    if not REAL:
        pytest.skip("no committed records yet")
    from generator.pipeline import load_published as _load_published

    records, unpublished = _load_published()
    return records, unpublished, render_pages(records, unpublished, "zh-Hans"), render_pages(
        records, unpublished, "zh-Hant")


def test_real_sample_pages(real):
    records, unpublished, hans, hant = real
    ids = {r["id"] for r in records}
    assert {p for p in hans if p.startswith("reports/") and p != "reports/index.md"} == {
        f"reports/{i}{part}.md" for i in ids for part in ("", "/text")}
    assert set(hans) == set(hant)
    # Every committed record is either published or listed as not published.
    assert ids | {u["id"] for u in unpublished if u.get("id")} == {p.stem for p in REAL}
    assert ids.isdisjoint(u["id"] for u in unpublished if u.get("id"))
    page = hans["reports/pingtan--pingtan-zone-2024-html.md"]
    assert page.startswith('---\ntitle: "平潭综合实验区2024年度政府信息公开工作年度报告"\n')
    assert '<tr><th>行政事业性收费</th><td class="num">18651.06</td></tr>' in page
    assert '<tr><th>收到申请数</th><td class="num">218</td>' in page
    assert '<tr><th>主动公开信息数</th><td class="num">10407</td>' in page
    assert "<h1>平潭綜合實驗區2024年度政府信息公開工作年度報告</h1>" in hant["reports/pingtan--pingtan-zone-2024-html.md"]
    for text in hans.values():
        assert "None" not in text.replace("NoneType", "")


def test_unknown_issuer_and_year_are_grouped():
    base = fixture_records()[1]  # pingtan--pingtan-zone-2022-html
    a = dict(base, id="anon-a", organisation={"name": None, "region": ["甲县"]}, year=None)
    b = dict(base, id="anon-b", organisation={"name": "", "region": [7, None]}, year="2019")
    pages = render_pages([a, b], [], "zh-Hans")
    assert {p for p in pages if p.startswith(("bodies/", "years/"))} == {
        "bodies/index.md", "bodies/unknown.md", "years/index.md", "years/2019.md", "years/unknown.md"}
    body = pages["bodies/unknown.md"]
    assert "<h1>（发布机构不详）</h1>" in body and '所属地区：<span class="value-none">—</span>' in body
    assert '<span data-pagefind-filter="年度">年份不详</span>' in pages["reports/anon-a/text.md"]
    assert '<a href="../../../years/2019/" data-pagefind-filter="年度">2019</a>' in pages["reports/anon-b/text.md"]
    assert '<span data-pagefind-filter="地区">7</span>' in pages["reports/anon-b/text.md"]
    assert "<tr><th>报告年度</th><td><span>年份不详</span></td></tr>" in pages["reports/anon-a.md"]
    # The reports of unknown issuers are not one body, the undated ones not one year: no chart.
    assert "<figure" not in pages["bodies/unknown.md"] and "<figure" not in pages["years/unknown.md"]
    assert pages["years/2019.md"].count('<figure class="archive-figure"') == 1     # only 收到申请数 has a value
    assert pages["index.md"].count('<figure class="archive-figure"') == 1


# --------------------------------------------------------------------------------------------
# Charts on the pages (generator.charts): each with its data table, in both scripts.

SVG = "{http://www.w3.org/2000/svg}"
FIGURE = re.compile(r'<figure class="archive-figure" data-pagefind-ignore="all">(<svg .*?</svg>)'
                    r'<details class="archive-chart-table"><summary>[^<]+</summary>'
                    r'<div class="archive-scroll" role="region" tabindex="0" aria-label="[^"]+">'
                    r'<table class="archive-chart-data">.*?</table></div></details></figure>')


def _charts(page: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in FIGURE.findall(page)]


def _chart_titles(pages: dict[str, str]) -> dict[str, list[str]]:
    return {path: [c.find(SVG + "title").text for c in _charts(text)] for path, text in sorted(pages.items())
            if "<figure" in text}


def test_pages_hold_their_charts(real):
    records, _, hans, hant = real
    bodies = {"平潭综合实验区": [], "平潭县人民政府": [], "禹山镇人民政府": ["华容县"], "章古台镇人民政府": [],
              "黄阁镇人民政府": ["广州市", "南沙区"]}
    expected = {"index.md": ["收录范围：14 份年度报告"]}
    expected.update({f"bodies/{body_slug(name, region)}.md": [f"{name}：主要数字历年变化"] for name, region in bodies.items()})
    expected.update({f"years/{y}.md": [f"{y}年：收到申请数，各机构", f"{y}年：主动公开信息数，各机构"]
                     for y in (2011, 2012, 2013, 2014, 2015, 2016, 2017, 2021, 2022, 2024)})
    # 2018's one report states no request in words (0) and no proactive count: one chart.
    expected["years/2018.md"] = ["2018年：收到申请数，各机构"]
    assert _chart_titles(hans) == expected
    # Every figure is whole (the pattern matches all of them); the page of the 2024 report whose
    # issuer is unknown has none.
    assert sum(text.count("<figure") for text in hans.values()) == 1 + 5 + 10 * 2 + 1
    assert "<figure" not in hans["bodies/unknown.md"]
    # zh-Hant: the same charts, converted with the page: the SVG still parses, its text is Traditional.
    assert _chart_titles(hant) == {path: [to_traditional(t) for t in titles] for path, titles in expected.items()}
    zone = _charts(hant[f"bodies/{body_slug('平潭综合实验区', [])}.md"])[0]
    words = [t.text for t in zone.iter(SVG + "text")]
    assert words[0] == "平潭綜合實驗區：主要數字歷年變化"
    assert {"收到申請數", "辦理完結（總計）", "行政復議", "行政訴訟", "主動公開信息數", "7.5萬"} <= set(words)
    assert not {"收到申请数", "办理完结（总计）", "行政复议"} & set(words)
    assert "主動公開信息數：425，739，72,804" in zone.find(SVG + "desc").text


def test_charts_are_small_and_deterministic(real):
    records, unpublished, hans, hant = real
    sizes = {path: [len(svg.encode()) for svg in re.findall(r"<svg .*?</svg>", text)]
             for path, text in {**hans, **{"zh-Hant/" + k: v for k, v in hant.items()}}.items()}
    assert max(n for ns in sizes.values() for n in ns) <= 12 * 1024, sizes
    shuffled = list(records)
    random.Random(3).shuffle(shuffled)
    again = render_pages(shuffled, unpublished, "zh-Hant")
    assert all(again[k] == hant[k] for k in hant)


@pytest.mark.parametrize("path, template, expected", [
    ("statistics.requests.total.total", "2021", [("requests", "第三部分", "“（七）总计”行", "“总计”列")]),
    ("statistics.review_litigation.litigation_direct.total + litigation_after_review.total", "2021",
     [("review-litigation", "第四部分", "“行政诉讼：未经复议直接起诉”行", "“总计”列"),
      ("review-litigation", "第四部分", "“行政诉讼：复议后起诉”行", "“总计”列")]),
    ("statistics.proactive.normative_documents.in_force", "2021",
     [("proactive", "第二部分", "“行政规范性文件”行", "“现行有效件数”列")]),
    ("statistics.legacy_table[3] (受理依申请公开信息总数)", "pre2019",
     [("legacy-table", "统计表", "第 4 行“受理依申请公开信息总数”", None)]),
    ("statistics.requests.no_such_row.total", "2021", None),
    ("statistics.proactive.regulations.issued", "pre2019", None),
    ("<script>", "2021", None),
])
def test_headline_table_source_in_chinese(path, template, expected):
    from generator.render import _describe_source
    got = _describe_source(path, template)
    assert (None if got is None else [(c["anchor"], c["section"], c["row"], c["column"]) for c in got]) == expected


def test_machine_ids_named_in_chinese():
    from generator.render import CHECK_LABELS, CLEANING_LABELS, label_of
    assert label_of(CHECK_LABELS, "requests.balance.total") == "申请数收支平衡"
    assert label_of(CHECK_LABELS, "prose_vs_table.requests_received") == "正文与表格：收到申请数"
    assert label_of(CHECK_LABELS, "prose_vs_table.something_new") == "正文与表格一致"
    assert label_of(CHECK_LABELS, "requests.something_new") is None
    assert label_of(CLEANING_LABELS, "page-widgets") == "页面按钮"
    assert label_of(CLEANING_LABELS, "new-step") is None


@pytest.mark.parametrize("path, label", [
    ("year", "报告年度"),
    ("organisation.name", "发布机构名称"),
    ("headline.reviews", "主要数字：行政复议"),
    ("statistics.requests", "第三部分表格"),
    ("statistics.requests.granted", "第三部分“（一）予以公开”行"),
    ("statistics.requests.granted.total", "第三部分“（一）予以公开”行“总计”列"),
    ("statistics.proactive.regulations", "第二部分“规章”行"),
    ("statistics.legacy_table[11]", "统计表第 12 行"),
    ("statistics.legacy_table[0].cumulative", "统计表第 1 行（历年累计）"),
    ("statistics.requests.mystery", None),
    ("statistics.requests.granted.total + x", None),
    ("nulls", None),
])
def test_field_paths_named_in_chinese(path, label):
    from generator.render import field_label
    assert field_label(path, "2021") == label


def test_every_generated_docs_dir_is_ignored_by_git():
    """content/ holds the hand-written pages and, after a build, the generated ones: each generated
    folder is both skipped when the hand-written pages are copied and ignored by git."""
    from generator.render.write import GENERATED_DIRS
    ignored = set((Path(__file__).resolve().parents[1] / ".gitignore").read_text(encoding="utf-8").splitlines())
    assert [d for d in GENERATED_DIRS if f"/content/{d}/" not in ignored] == []


def test_sanitize_shares_what_is_clean_and_copies_what_it_changes():
    import datetime

    from generator.render.safe import sanitize

    clean = {"a": {"b": [1, "x"]}, "c": "y", "n": None}
    assert sanitize(clean) is clean
    dirty = {"a": {"b": [1, "x\ue000"]}, "c": {"d": "y"}, "when": datetime.date(2024, 1, 2), "t": (1, 2)}
    out = sanitize(dirty)
    assert out == {"a": {"b": [1, "x"]}, "c": {"d": "y"}, "when": "2024-01-02", "t": [1, 2]}
    assert out is not dirty and out["a"] is not dirty["a"] and out["a"]["b"] is not dirty["a"]["b"]
    assert out["c"] is dirty["c"]                          # untouched: shared
    assert dirty["a"]["b"][1] == "x\ue000" and dirty["t"] == (1, 2)     # the input as it was


def test_rendering_leaves_the_callers_records_as_they_were():
    import copy

    records, unpublished = fixture_records(), fixture_unpublished()
    before = (copy.deepcopy(records), copy.deepcopy(unpublished))
    first = render_pages(records, unpublished, "zh-Hans", {"pingtan--pingtan-zone-2024-html"})
    assert (records, unpublished) == before                # no private key added, nothing changed
    assert render_pages(records, unpublished, "zh-Hans", {"pingtan--pingtan-zone-2024-html"}) == first
