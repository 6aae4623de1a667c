"""A page and the PDF it links to are one report: the richer is published, the other listed as its
duplicate, the report page links both originals, and the site's raw-source copy of a document is
its extracted text, never the file itself."""
from __future__ import annotations

import gzip
import re
import shutil

from documents_support import HUAIAN, documents, shared_file, synth
from generator import ingest, pipeline
from generator.records import validate
from generator.render import render_pages, shared_files

PDF_URL = "https://www.huaian.gov.cn/zwgk/fdzdgknr/ndbg/202502/P020250225123456.pdf"
PAGE_URL = "https://www.huaian.gov.cn/zwgk/fdzdgknr/ndbg/202502/t20250225_7654321.html"
# The page a scraper saved beside the attachment: a title without the issuer's name and a link.
PAGE = """<html><head><meta charset="utf-8"><title>2024年政府信息公开工作年度报告</title></head><body>
<h1>2024年政府信息公开工作年度报告</h1>
<p>根据《中华人民共和国政府信息公开条例》规定，现公布本年度政府信息公开工作年度报告，详见附件。</p>
<p><a href="P020250225123456.pdf">附件：2024年政府信息公开工作年度报告.pdf</a></p>
</body></html>"""


def _archive(tmp_path, *, linked: bool):
    root = tmp_path / "sources"
    (root / "huaian").mkdir(parents=True)
    shutil.copyfile(shared_file(HUAIAN / "huaian-2024.pdf"), root / "huaian" / "huaian-2024.pdf")
    (root / "huaian" / "huaian-2024.html").write_text(PAGE, encoding="utf-8")
    (root / "huaian" / "huaian-2024.pdf.meta.yaml").write_text(
        f"url: {PDF_URL}\nretrieved: 2025-03-01\n" + ("page: huaian-2024.html\n" if linked else ""), encoding="utf-8")
    (root / "huaian" / "huaian-2024.html.meta.yaml").write_text(
        f"url: {PAGE_URL}\nretrieved: 2025-03-01\n" + ("attachments:\n  - huaian-2024.pdf\n" if linked else ""), encoding="utf-8")
    records, errors = pipeline.parse_archive(root, jobs=1)
    return root, records, errors


PDF_ID, PAGE_ID = ingest.source_id("huaian/huaian-2024.pdf"), ingest.source_id("huaian/huaian-2024.html")


def test_page_and_its_attachment_are_one_report(tmp_path):
    root, records, errors = _archive(tmp_path, linked=True)
    assert errors == []
    by_id = {r["id"]: r for r in records}
    assert [validate(r) for r in records] == [[], []]     # source.related is in the schema
    assert by_id[PAGE_ID]["source"]["related"] == ["huaian-2024.pdf"]
    assert by_id[PDF_ID]["source"]["related"] == ["huaian-2024.html"]
    published, unpublished = pipeline.select_published(records, errors)
    assert [r["id"] for r in published] == [PDF_ID]
    assert unpublished == [{"file": "huaian/huaian-2024.html", "id": PAGE_ID, "duplicate_of": PDF_ID, "url": PAGE_URL,
                            "reason": f"与 {PDF_ID}（huaian/huaian-2024.pdf）是同一份报告；后者直接从原文读出的数据格更多，故发布后者"}]
    page = render_pages(published, unpublished, "zh-Hans", {PDF_ID})[f"reports/{PDF_ID}.md"]
    assert f'href="{PDF_URL}"' in page and f'href="{PAGE_URL}"' in page
    assert "同一报告的另一原件" in page and "huaian/<wbr>huaian-<wbr>2024.html" in page   # breakable after / and -
    assert "从原件提取的文字，gzip 压缩的纯文本；原件不转载" in page


def test_without_the_sidecar_link_they_stay_apart(tmp_path):
    # The page never names its issuer, so only the sidecar can say it is the 淮安 report.
    root, records, errors = _archive(tmp_path, linked=False)
    published, unpublished = pipeline.select_published(records, errors)
    assert sorted(r["id"] for r in published) == sorted([PDF_ID, PAGE_ID])
    assert unpublished == []


def test_raw_source_copy_of_a_pdf_is_its_extracted_text(tmp_path):
    root, records, errors = _archive(tmp_path, linked=True)
    published, _ = pipeline.select_published(records, errors)
    files = shared_files(published, root)
    copy = gzip.decompress(files[f"sources/{PDF_ID}.txt.gz"])     # generated text, not the original
    sha = ingest.load(root / "huaian" / "huaian-2024.pdf", root).sha256
    head = copy.decode("utf-8").split("\n")[:4]
    assert head == ["原件：huaian/huaian-2024.pdf", f"SHA-256：{sha}", f"网址：{PDF_URL}",
                    "以下是从原件提取的文字（表格每行以“|”分隔各格）；原件本身不转载。"]
    assert b"%PDF" not in copy and b"/JavaScript" not in copy
    assert "|一、本年新收政府信息公开申请数量|3001|53|0|0|61|4|3119|" in copy.decode("utf-8")


def test_html_page_copy_is_still_the_file_itself(tmp_path):
    root, records, errors = _archive(tmp_path, linked=False)
    published, _ = pipeline.select_published(records, errors)
    files = shared_files(published, root)
    assert gzip.decompress(files[f"sources/{PAGE_ID}.txt.gz"]) == (root / "huaian" / "huaian-2024.html").read_bytes()


def test_text_twin_and_pdf_tie_goes_to_the_pdf(tmp_path):
    # The same figures from both: the PDF (the file the body published, with its cell structure) wins.
    root = tmp_path / "sources"
    (root / "huaian").mkdir(parents=True)
    for name in ("huaian-2024.pdf", "huaian-2024.txt"):
        shutil.copyfile(shared_file(HUAIAN / name), root / "huaian" / name)
    records, errors = pipeline.parse_archive(root, jobs=1)
    published, unpublished = pipeline.select_published(records, errors)
    assert [r["id"] for r in published] == [PDF_ID]
    assert [(u["id"], u["duplicate_of"]) for u in unpublished] == [(ingest.source_id("huaian/huaian-2024.txt"), PDF_ID)]


def test_docx_attachment_pairs_with_its_page_by_url(tmp_path):
    report = synth.make_report(11, 2)
    root = tmp_path / "sources"
    (root / "c").mkdir(parents=True)
    (root / "c" / "report.docx").write_bytes(documents.render_docx(report, "grid"))
    docx_url = "https://www.example.gov.cn/files/report.docx"
    (root / "c" / "report.docx.meta.yaml").write_text(f"url: {docx_url}\n", encoding="utf-8")
    (root / "c" / "page.html").write_text(PAGE.replace("2024年", f"{report.year}年"), encoding="utf-8")
    (root / "c" / "page.html.meta.yaml").write_text(f"url: {PAGE_URL}\nattachments: [{docx_url}]\n", encoding="utf-8")
    records, errors = pipeline.parse_archive(root, jobs=1)
    published, unpublished = pipeline.select_published(records, errors)
    assert [r["id"] for r in published] == [ingest.source_id("c/report.docx")]
    assert [u["id"] for u in unpublished] == [ingest.source_id("c/page.html")]


def test_figures_read_by_ocr_are_marked_on_the_page(tmp_path):
    # The OCR path itself runs only where Tesseract is installed (tests/test_pdf.py); here a record
    # that says its figures came from OCR: every figure cell of its page carries the mark.
    root, records, errors = _archive(tmp_path, linked=False)
    record = next(r for r in records if r["id"] == PDF_ID)
    plain = render_pages([record], [], "zh-Hans")[f"reports/{PDF_ID}.md"]
    record["source"]["ocr"] = True
    assert validate(record) == []
    page = render_pages([record], [], "zh-Hans")[f"reports/{PDF_ID}.md"]
    assert "ocr" not in plain
    numbers = page.count('class="num')
    assert numbers > 60 and len(re.findall(r'class="num[^"]* ocr"', page)) == numbers
    assert page.count('<sup class="ocr-mark">OCR</sup>') == numbers
