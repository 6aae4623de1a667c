"""Extract: PDF, Word and spreadsheet attachments → the same kind of lines the parser reads.

Each extractor turns a document into paragraph lines and table rows in reading order, one row per
line as ``|cell|cell|…|`` (the shape ``generator.clean.html`` gives an HTML ``<table>``), with merged
cells resolved so that every row carries its own cells once, page headers and footers dropped, and
a table that continues on the next page joined (its repeated header row dropped). The result goes
through the text cleaning path like any text dump, so tables are still read by their row labels.

What an extractor cannot read honestly ends as :class:`generator.ingest.SourceError` with a reason
in Chinese, and the source is listed as not published: a scan without OCR, a PDF with JavaScript
actions, a zip bomb, an XML entity declaration, too many pages, a broken file. A document is never
republished as is; the site publishes the extracted text instead (``generator.render``).

Supported here: ``.pdf`` (pdfplumber), ``.docx`` (python-docx), ``.xlsx`` (openpyxl). ``.doc``,
``.wps``, ``.rtf``, ``.et`` and ``.xls`` are converted with LibreOffice in headless mode when it is
installed (``soffice``), otherwise listed with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..ingest import SourceError

PDF_SUFFIXES = (".pdf",)
DOCX_SUFFIXES = (".docx",)
SHEET_SUFFIXES = (".xlsx",)
CONVERTED_SUFFIXES = (".doc", ".wps", ".rtf", ".et", ".xls")
DOCUMENT_SUFFIXES = PDF_SUFFIXES + DOCX_SUFFIXES + SHEET_SUFFIXES + CONVERTED_SUFFIXES

# Cheap up-front limits (the pipeline's worker adds a per-source time and memory budget).
MAX_BYTES = 64 * 1024 * 1024          # a report attachment is a few MB at most
MAX_PAGES = 300                       # PDF pages read (government reports run to a few dozen)
MAX_UNZIPPED = 100 * 1024 * 1024      # sum of a DOCX/XLSX's decompressed members
MAX_MEMBER_RATIO = 200                # decompressed / compressed size of one large member
MAX_MEMBERS = 5000


@dataclass
class Extracted:
    lines: list[str]
    notes: list[dict] = field(default_factory=list)   # [{step, detail}] for the record's cleaning list
    kind: str = "pdf"                                  # pdf | docx | xlsx

    def note(self, step: str, detail: str) -> None:
        self.notes.append({"step": step, "detail": detail})


def extract(file: str, data: bytes) -> Extracted:
    """Lines and notes of a document attachment; SourceError (with the reason) when unreadable."""
    if len(data) > MAX_BYTES:
        raise SourceError(f"文件过大（{len(data) // (1024 * 1024)} MB，上限 {MAX_BYTES // (1024 * 1024)} MB），未读取")
    name = file.lower()
    if name.endswith(PDF_SUFFIXES):
        from .pdf import extract_pdf
        return extract_pdf(data)
    if name.endswith(DOCX_SUFFIXES):
        from .docx import extract_docx
        return extract_docx(data)
    if name.endswith(SHEET_SUFFIXES):
        from .sheet import extract_xlsx
        return extract_xlsx(data)
    if name.endswith(CONVERTED_SUFFIXES):
        from .convert import extract_converted
        return extract_converted(file, data)
    raise SourceError("不支持的文件格式")
