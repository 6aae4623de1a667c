"""Word and spreadsheet attachments: the official 2021 template filled with python-docx, generated
reports in every era, merged cells, hostile containers, formats that need LibreOffice."""
from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from documents_support import TEMPLATE, documents, expected, got, shared_file, synth
from generator.extract import extract
from generator.ingest import RawSource, SourceError
from generator.parse import parse_source
from generator.records import validate


def parse(name: str, data: bytes) -> dict:
    (r,) = parse_source(RawSource(file=f"attachments/{name}", data=data, meta={}))
    return r


@pytest.fixture(scope="module")
def template() -> bytes:
    return shared_file(TEMPLATE).read_bytes()


# --- the official template ------------------------------------------------------------------

def test_unfilled_template_keeps_every_empty_cell_blank(template):
    out = extract("t.docx", template)
    assert out.lines[out.lines.index("|规章||||") - 1] == "|信息内容|本年制发件数|本年废止件数|现行有效件数|"
    assert "|行政许可||" in out.lines                      # gridSpan 3: one cell, not three
    assert "|一、本年新收政府信息公开申请数量||||||||" in out.lines
    record = parse("template.docx", template)
    assert record["template"] == "2021"
    assert list(record["statistics"]["requests"]["granted"].values()) == [None] * 7   # blank is not 0
    assert {"field": "statistics.requests.granted", "reason": "原文有 7 格为空白（记为空值，不作 0）"} in record["nulls"]


@pytest.mark.parametrize("index", [2, 5, 8, 11])
def test_filled_template_round_trips_exactly(template, index):
    report = synth.make_report(11, index)
    assert report.era == "2021"
    record = parse("filled.docx", documents.fill_template(template, report))
    assert got(record, report) == expected(report)
    assert record["title"] == report.title
    assert record["inferred"] == []
    assert record["source"]["format"] == "docx"
    assert validate(record) == []


def test_filled_template_merged_cells_are_resolved(template):
    report = synth.make_report(11, 2)
    lines = extract("t.docx", documents.fill_template(template, report)).lines
    req = report.statistics["requests"]

    def cells(key):
        return "|".join(documents._fmt(v) for v in req[key].values())

    # vMerge: 三、本年度办理结果 and （三）不予公开 stand in their first row only.
    assert f"|三、本年度办理结果|（一）予以公开|{cells('granted')}|" in lines
    assert f"|（三）不予公开|1.属于国家秘密|{cells('denied_state_secret')}|" in lines
    assert f"|2.其他法律行政法规禁止公开|{cells('denied_prohibited_by_law')}|" in lines
    assert f"|（七）总计|{cells('total')}|" in lines
    assert sum("三、本年度办理结果" in s for s in lines) == 1
    # gridSpan: 行政许可's figure spans three grid columns and stands once.
    assert f"|行政许可|{report.statistics['proactive']['licensing']['decisions']}|" in lines


# --- generated Word reports -----------------------------------------------------------------

CASES = [(i, layout) for i in range(6) for layout in documents.DOCX_LAYOUTS]


@pytest.mark.parametrize("index,layout", CASES, ids=[f"{synth.era_of(i)}-{l}-{i}" for i, l in CASES])
def test_generated_docx_parses_back_to_its_figures(index, layout):
    report = synth.make_report(11, index)
    record = parse("r.docx", documents.render_docx(report, layout))
    assert got(record, report) == expected(report)
    assert record["inferred"] == []


def test_page_header_and_footer_are_not_body_text():
    report = synth.make_report(11, 2)
    lines = extract("r.docx", documents.render_docx(report, "grid")).lines
    assert "- 1 -" not in lines
    assert lines[0] == report.title and report.body.full_name not in lines[:1]


# --- hostile containers ---------------------------------------------------------------------

def _rezip(data: bytes, replace: dict[str, bytes], compress=zipfile.ZIP_DEFLATED) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as out:
        for info in src.infolist():
            out.writestr(info.filename, replace.pop(info.filename, src.read(info.filename)))
        for name, blob in replace.items():
            out.writestr(name, blob)
    return buf.getvalue()


@pytest.fixture(scope="module")
def plain_docx() -> bytes:
    return documents.render_docx(synth.make_report(11, 2), "grid")


def _reason(name: str, data: bytes) -> str:
    with pytest.raises(SourceError) as exc:
        extract(name, data)
    return str(exc.value)


def test_external_entity_is_refused(plain_docx):
    xxe = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
    assert _reason("x.docx", _rezip(plain_docx, {"word/document.xml": xxe})) == \
        "Word 文件的部件 word/document.xml 含 DTD 或实体声明（可能是 XML 外部实体攻击），未读取"


def test_entity_expansion_bomb_is_refused(plain_docx):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">&b;</Types>')
    assert _reason("x.docx", _rezip(plain_docx, {"[Content_Types].xml": laughs})) == \
        "Word 文件的部件 [Content_Types].xml 含 DTD 或实体声明（可能是 XML 外部实体攻击），未读取"


def test_zip_bomb_is_refused(plain_docx):
    bomb = _rezip(plain_docx, {"word/media/padding.bin": b"\0" * (8 * 1024 * 1024)})
    assert _reason("x.docx", bomb).startswith("Word 文件的部件 word/media/padding.bin 压缩比异常（")
    assert _reason("x.docx", bomb).endswith("倍），疑为压缩炸弹，未读取")


def test_decompressed_size_cap(plain_docx, monkeypatch):
    import generator.extract as ex
    monkeypatch.setattr(ex, "MAX_UNZIPPED", 20_000)
    assert _reason("x.docx", plain_docx).startswith("Word 文件解压后达 0 MB（上限 0 MB），疑为压缩炸弹")


def test_not_a_zip_and_missing_body_are_listed(plain_docx):
    assert _reason("x.docx", b"PK\x03\x04 broken") == "Word 文件损坏，不是有效的 zip 容器（BadZipFile）"
    src = zipfile.ZipFile(io.BytesIO(plain_docx))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            if info.filename != "word/document.xml":
                out.writestr(info.filename, src.read(info.filename))
    assert _reason("x.docx", buf.getvalue()) == "Word 文件缺少主体部件 word/document.xml，无法读取"


def test_external_relationships_are_never_followed(plain_docx):
    rels = zipfile.ZipFile(io.BytesIO(plain_docx)).read("word/_rels/document.xml.rels")
    rels = rels.replace(b"</Relationships>", b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
                        b'Target="http://127.0.0.1:9/track.png" TargetMode="External"/></Relationships>')
    out = extract("x.docx", _rezip(plain_docx, {"word/_rels/document.xml.rels": rels}))
    assert out.lines == extract("x.docx", plain_docx).lines


# --- formats that need LibreOffice; spreadsheets --------------------------------------------

@pytest.mark.skipif(shutil.which("soffice") or shutil.which("libreoffice"), reason="LibreOffice 已安装：.doc 会被转换")
@pytest.mark.parametrize("suffix,name", [(".doc", "Word 97–2003 文档（.doc）"), (".wps", "WPS 文字文档（.wps）"),
                                         (".rtf", "RTF 文档（.rtf）"), (".xls", "Excel 97–2003 表格（.xls）"), (".et", "WPS 表格（.et）")])
def test_old_formats_are_listed_without_libreoffice(suffix, name):
    assert _reason(f"x{suffix}", b"\xd0\xcf\x11\xe0 old office file") == f"{name}需要用 LibreOffice 转换后才能读取，本机未安装 LibreOffice；未发布"


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="未安装 LibreOffice：.doc/.wps/.rtf 只列出原因（见上一测试）")
def test_doc_is_converted_with_libreoffice(tmp_path):
    import subprocess
    report = synth.make_report(11, 2)
    src = tmp_path / "r.docx"
    src.write_bytes(documents.render_docx(report, "grid"))
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([exe, "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(src)], check=True, timeout=180)
    record = parse("r.doc", (tmp_path / "r.doc").read_bytes())
    assert got(record, report) == expected(report)
    assert record["cleaning"][0]["step"] == "convert"


def test_xlsx_statistics_sheet():
    import openpyxl
    report = synth.make_report(11, 3)          # pre2019: the annexed 统计表
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "统计表"
    ws.append([f"{report.body.full_name}{report.year}年政府信息公开工作年度报告"])
    ws.append(["政府信息公开情况统计表"])
    ws.append(["统计指标", "单位", "统计数"])
    for r in report.statistics["legacy_table"]:
        ws.append([r["label"], r["unit"] or None, r["value"]])
    ws.merge_cells("A1:C1")
    buf = io.BytesIO()
    wb.save(buf)
    record = parse("stats.xlsx", buf.getvalue())
    assert record["source"]["format"] == "xlsx"
    assert validate(record) == []
    assert [(x["label"], x["value"]) for x in record["statistics"]["legacy_table"]] == \
        [(x["label"], x["value"]) for x in report.statistics["legacy_table"]]
