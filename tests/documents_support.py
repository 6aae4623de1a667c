"""Shared by the document tests: the real samples in ../shared/ (never copied into the repository),
the synthetic corpus and its PDF/Word renderings (benchmarks/synth.py, benchmarks/documents.py),
and hand-built hostile PDFs."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
HUAIAN = SHARED / "samples" / "huaian"
TEMPLATE = SHARED / "samples" / "templates" / "2021-format-template.docx"


def shared_file(path: Path) -> Path:
    """A file of the shared samples folder, or skip the test saying that the folder is absent."""
    if not path.is_file():
        pytest.skip(f"共享样本不在：{path}（测试从仓库旁的 ../shared/ 读取真实样本，不复制进仓库）")
    return path


def _load(name: str, path: Path):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


synth = _load("synth", ROOT / "benchmarks" / "synth.py")
documents = _load("documents", ROOT / "benchmarks" / "documents.py")


def expected(report) -> dict:
    """What a record must say for a synthetic report: metadata and every table figure."""
    out = {"template": report.era, "year": report.year, "published": report.published, "name": report.body.name}
    for key in ("requests", "review_litigation", "proactive"):
        if key in report.statistics:
            out[key] = report.statistics[key]
    if "legacy_table" in report.statistics:
        out["legacy_values"] = [r["value"] for r in report.statistics["legacy_table"]]
    return out


def got(record: dict, report) -> dict:
    out = {"template": record["template"], "year": record["year"],
           "published": record["published"].isoformat() if record["published"] else None,
           "name": record["organisation"]["name"]}
    for key in ("requests", "review_litigation", "proactive"):
        if key in report.statistics:
            out[key] = record["statistics"].get(key)
    if "legacy_table" in report.statistics:
        out["legacy_values"] = [r["value"] for r in record["statistics"].get("legacy_table", [])]
    return out


# --- hand-built PDFs -------------------------------------------------------------------------

def minimal_pdf(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF from numbered object bodies (1-based) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


# A CJK font as many producers embed it: Identity-H encoding and no /ToUnicode map, so the
# glyph ids in the text say nothing about which characters they draw.
NO_TOUNICODE = b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [7 0 R] >>"
CIDFONT = (b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
           b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>")


def one_page_pdf(content: bytes, catalog_extra: bytes = b"", count: int = 1) -> bytes:
    """One page; font /F1 is the unmapped CJK font above, /F2 is Helvetica."""
    return minimal_pdf([
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count %d >>" % count,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>",
        stream(content),
        NO_TOUNICODE,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        CIDFONT,
    ])
