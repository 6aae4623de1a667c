"""PDF attachments: the real published report, generated reports in every era and layout, scans,
unreadable fonts and hostile files (generator/extract/pdf.py)."""
from __future__ import annotations

import io
import re
import subprocess

import pytest

from documents_support import (HUAIAN, documents, expected, got, one_page_pdf, shared_file, synth)
from generator import ingest, pipeline
from generator.extract import extract
from generator.ingest import RawSource, SourceError
from generator.parse import parse_source
from generator.records import validate


def parse_pdf(data: bytes, name: str = "attachments/report.pdf") -> dict:
    (r,) = parse_source(RawSource(file=name, data=data, meta={}))
    return r


# --- the real PDF ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def huaian_pdf() -> bytes:
    return shared_file(HUAIAN / "huaian-2024.pdf").read_bytes()


def test_real_pdf_table_three_rows_come_from_cell_positions(huaian_pdf):
    lines = extract("huaian/huaian-2024.pdf", huaian_pdf).lines
    # Merged label cells stand once; each row has its own seven figures; the row that
    # continues on page 5 keeps its cells (the label "（四）无法提供" is split by the page).
    assert "|一、本年新收政府信息公开申请数量|3001|53|0|0|61|4|3119|" in lines
    assert "|（二）部分公开（区分处理的，只计这一情形，不计其他情形）|447|7|0|0|0|0|454|" in lines
    assert "|（四）无|1.本机关不掌握相关政府信息|746|12|0|0|10|1|769|" in lines
    assert "||法提供|2.没有现成信息需要另行制作|11|0|0|0|0|0|11|" in lines
    assert "|5.要求行政机关确认或重新出具已获取信息|1|0|0|0|0|0|1|" in lines
    assert "|72|64|178|37|351|13|4|8|1|26|12|1|1|6|20|" in lines
    # Page footers "- 1 -" … "- 6 -" are gone, also from inside the tables.
    assert not [s for s in lines if re.fullmatch(r"\s*-\s*\d+\s*-\s*", s)]
    # A ruled box around a paragraph is text, not a one-column table.
    assert any(s.startswith("本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》") for s in lines)


def test_real_pdf_record_matches_its_text_twin(huaian_pdf):
    pdf = parse_pdf(huaian_pdf, "huaian/huaian-2024.pdf")
    (txt,) = parse_source(RawSource(file="huaian/huaian-2024.txt", data=shared_file(HUAIAN / "huaian-2024.txt").read_bytes()))
    assert pdf["source"]["format"] == "pdf"
    assert validate(pdf) == []
    for key in ("title", "organisation", "year", "published", "template", "statistics", "headline", "inferred"):
        assert pdf[key] == txt[key], key
    steps = [c["step"] for c in pdf["cleaning"]]
    assert steps[:4] == ["page-footer", "pdf-table", "pdf-paragraph", "pdf"]
    assert pdf["cleaning"][0]["detail"] == "删除 PDF 页眉页脚与页码 6 处，如 - 1 - / - 2 - / - 3 - / - 4 - / - 5 - / - 6 -"
    assert pdf["cleaning"][1]["detail"] == "2 个表格跨页续排，已接续"


# --- generated PDFs in every era and layout ---------------------------------------------------

CASES = [(i, layout) for i in range(3) for layout in documents.PDF_LAYOUTS] + [(4, "ruled"), (5, "borderless")]


@pytest.mark.parametrize("index,layout", CASES, ids=[f"{synth.era_of(i)}-{l}-{i}" for i, l in CASES])
def test_generated_pdf_parses_back_to_its_figures(index, layout):
    report = synth.make_report(11, index)
    record = parse_pdf(documents.render_pdf(report, layout))
    assert got(record, report) == expected(report)
    assert record["inferred"] == []
    assert validate(record) == []


def test_table_three_split_over_two_pages_with_repeated_header():
    report = synth.make_report(11, 2)            # 2021 era
    data = documents.render_pdf(report, "ruled")
    out = extract("x.pdf", data)
    assert {"step": "pdf-table", "detail": "1 个表格跨页续排，已接续；删除续页重复的表头 3 行"} in out.notes
    # The repeated header rows are dropped: the header stands once.
    assert sum("勾稽关系" in s for s in out.lines) == 1
    # Running header and "- n -" footers of every page are gone.
    assert not [s for s in out.lines if re.fullmatch(r"-\s*\d+\s*-", s) or s.endswith("政府信息公开工作年度报告") and s.startswith(report.body.full_name + "政府")]
    assert out.notes[0]["step"] == "page-footer"


def test_rotated_pages_are_read_upright():
    report = synth.make_report(11, 1)
    data = documents.render_pdf(report, "rotated")
    assert data.count(b"/Rotate 90") >= 3
    out = extract("x.pdf", data)
    assert {"step": "pdf-rotated", "detail": f"{data.count(b'/Rotate 90')} 页为旋转页面，已按显示方向读取"} in out.notes
    assert out.lines[:2] == [report.body.full_name, f"{report.year}年政府信息公开工作年度报告"]


def test_borderless_tables_keep_wrapped_labels_together():
    report = synth.make_report(11, 2)
    lines = extract("x.pdf", documents.render_pdf(report, "borderless")).lines
    row = [str(v) for v in report.statistics["requests"]["not_processed_confirmation"].values()]
    # The label wrapped in its cell ("…确认或重新出" above the figures, "具已获取信息" below) is one
    # cell again, followed by the row's seven figures, one cell per line.
    i = lines.index("5.要求行政机关确认或重新出具已获取信息")
    assert lines[i + 1:i + 8] == row
    assert lines[i + 8] == "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert not any(s.startswith("|") for s in lines)     # no ruling lines: no cell grid either


def test_two_tables_and_text_on_one_page():
    report = synth.make_report(11, 1)
    import pdfplumber
    data = documents.render_pdf(report, "compact")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert max(len(p.find_tables()) for p in pdf.pages) >= 2
    assert got(parse_pdf(data), report) == expected(report)


# --- fonts without a Unicode map, scans ------------------------------------------------------

def test_cjk_font_without_tounicode_is_listed_not_published_as_garbage():
    glyphs = b"".join(b"%04x" % (0x100 + i) for i in range(40))
    data = one_page_pdf(b"BT /F1 12 Tf 72 700 Td <" + glyphs + b"> Tj ET")
    with pytest.raises(SourceError) as exc:
        extract("x.pdf", data)
    assert str(exc.value) == ("PDF 的文字无法识别：40 / 40 个字符的字体没有 Unicode 映射（ToUnicode），"
                              "提取出来是乱码；不发布乱码")


def test_a_few_unmapped_glyphs_are_flagged_not_guessed():
    data = one_page_pdf(b"BT /F2 12 Tf 72 700 Td (Annual report 2024: requests received 3119, completed 3050.) Tj ET "
                        b"BT /F1 12 Tf 72 600 Td <01000101> Tj ET")
    out = extract("x.pdf", data)
    assert {"step": "pdf-font", "detail": "2 个字符的字体没有 Unicode 映射（ToUnicode），无法识别，以 U+FFFD 标出（未猜测原字）"} in out.notes
    assert "\ufffd\ufffd" in "".join(out.lines) and "(cid:" not in "".join(out.lines)


def _scan_pdf() -> bytes:
    """An image-only PDF, as a scanner makes it: the page is a picture, there is no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    image = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(image)
    for y in range(80, 760, 24):
        draw.rectangle([60, y, 540, y + 10], fill=0)
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.drawImage(ImageReader(image), 0, 0, 595, 842)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_scan_without_text_layer_is_listed_with_reason(tmp_path, monkeypatch):
    # Whether or not this machine has Tesseract: the workers are forked, so they see the patch.
    import generator.extract.pdf as pdf_module
    monkeypatch.setattr(pdf_module, "_ocr_available", lambda: False)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "scan.pdf").write_bytes(_scan_pdf())
    records, errors = pipeline.parse_paths(ingest.discover(tmp_path), tmp_path)
    assert records == []
    assert [(e["file"], e["reason"]) for e in errors] == [
        ("c/scan.pdf", "扫描件（PDF 没有文字层，只有页面图像）；本机未安装 OCR（Tesseract chi_sim），无法读取其中的文字和数字")]


def _ocr_ready() -> bool:
    from generator.extract.pdf import _ocr_available
    return _ocr_available()


def _cjk_font() -> bool:
    # The test draws the scan by rendering a generated PDF with pdfium, which needs a system CJK font.
    try:
        return bool(subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=20).stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.skipif(not _ocr_ready(), reason="未安装 Tesseract（chi_sim）：OCR 是可选功能，此测试只在安装后运行")
@pytest.mark.skipif(not _cjk_font(), reason="未安装中文字体（fonts-noto-cjk）：无法生成用于 OCR 的扫描页")
def test_scan_is_ocr_when_tesseract_is_installed():
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    report = synth.make_report(11, 2)
    text_pdf = pdfium.PdfDocument(documents.render_pdf(report, "ruled"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for page in text_pdf:
        c.drawImage(ImageReader(page.render(scale=300 / 72).to_pil()), 0, 0, 595.2756, 841.8898)
        c.showPage()
    c.save()
    record = parse_pdf(buf.getvalue())
    assert any(n["step"] == "ocr" and "所有数字均来自 OCR" in n["detail"] for n in record["cleaning"])
    assert record["source"]["ocr"] is True          # the report page marks every figure (test_attachments)
    assert record["year"] == report.year


# --- hostile and broken files ----------------------------------------------------------------

def _reason(data: bytes) -> str:
    with pytest.raises(SourceError) as exc:
        extract("x.pdf", data)
    return str(exc.value)


def test_javascript_action_is_listed():
    data = one_page_pdf(b"BT /F2 12 Tf 72 700 Td (report) Tj ET", catalog_extra=b"/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>")
    assert _reason(data) == "PDF 含可执行的动作（/JavaScript，如 JavaScript 或启动外部程序），疑为恶意文件；不发布，也不转载"


def test_launch_action_is_listed():
    data = one_page_pdf(b"BT /F2 12 Tf 72 700 Td (report) Tj ET", catalog_extra=b"/OpenAction << /S /Launch /F (cmd.exe) >>")
    assert _reason(data) == "PDF 含可执行的动作（/Launch，如 JavaScript 或启动外部程序），疑为恶意文件；不发布，也不转载"


def test_huge_page_count_is_refused_before_reading_pages():
    data = one_page_pdf(b"BT /F2 12 Tf 72 700 Td (x) Tj ET", count=1_000_000)
    assert _reason(data) == "PDF 页数过多（1000000 页，上限 300 页），疑为恶意文件，未读取"


def test_broken_and_truncated_files_are_listed(huaian_pdf):
    assert _reason(b"%PDF-1.4\n" + bytes(range(256)) * 40) == "PDF 文件结构损坏，无法读取（PdfminerException）"
    assert _reason(huaian_pdf[: len(huaian_pdf) // 2]) == "PDF 文件结构损坏，无法读取（PdfminerException）"
    assert _reason(b"<html>not a pdf</html>") == "不是 PDF 文件（缺少 %PDF 文件头）"


def test_encrypted_pdf_is_listed():
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    c.drawString(72, 700, "annual report")
    c.showPage()
    c.save()
    assert _reason(buf.getvalue()) == "PDF 已加密，无法读取文字"


def test_hostile_pdf_in_the_archive_is_listed_and_the_rest_published(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "evil.pdf").write_bytes(one_page_pdf(b"BT /F2 12 Tf 72 700 Td (x) Tj ET",
                                                           catalog_extra=b"/OpenAction << /S /JavaScript /JS (x) >>"))
    report = synth.make_report(11, 2)
    (tmp_path / "c" / "good.pdf").write_bytes(documents.render_pdf(report, "ruled"))
    records, errors = pipeline.parse_paths(ingest.discover(tmp_path), tmp_path)
    assert [r["source"]["file"] for r in records] == ["c/good.pdf"]
    assert [(e["file"], e["id"]) for e in errors] == [("c/evil.pdf", ingest.source_id("c/evil.pdf"))]
    assert errors[0]["reason"].startswith("PDF 含可执行的动作（/JavaScript")


def test_stream_decompression_bomb_is_refused_before_inflating_it():
    import zlib
    from documents_support import minimal_pdf
    content = zlib.compress(b"0 0 m\n" * (10 * 1024 * 1024), 9)      # 90 KB that inflate to 60 MB
    data = minimal_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream"])
    assert _reason(data) == "PDF 对象 4 的数据流解压后超过 48 MB，疑为压缩炸弹，未读取"
