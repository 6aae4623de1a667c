"""Old and other office formats (.doc, .wps, .rtf; .xls, .et) via LibreOffice in headless mode.

Used only when ``soffice`` (or ``libreoffice``) is installed; otherwise the source is listed as not
published with the reason. The conversion runs in a scratch directory with its own user profile,
with a time limit, and its output (.docx / .xlsx) then goes through the same checks and extractor
as any Word or spreadsheet attachment.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..ingest import SourceError
from . import Extracted

TIMEOUT = 120
TARGET = {".doc": "docx", ".wps": "docx", ".rtf": "docx", ".xls": "xlsx", ".et": "xlsx"}
NAMES = {".doc": "Word 97–2003 文档（.doc）", ".wps": "WPS 文字文档（.wps）", ".rtf": "RTF 文档（.rtf）",
         ".xls": "Excel 97–2003 表格（.xls）", ".et": "WPS 表格（.et）"}


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def extract_converted(file: str, data: bytes) -> Extracted:
    suffix = Path(file).suffix.lower()
    exe = soffice()
    if exe is None:
        raise SourceError(f"{NAMES[suffix]}需要用 LibreOffice 转换后才能读取，本机未安装 LibreOffice；未发布")
    target = TARGET[suffix]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / f"source{suffix}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        try:
            subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                            "--convert-to", target, "--outdir", tmp, str(src)],
                           capture_output=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired as exc:
            raise SourceError(f"LibreOffice 转换 {NAMES[suffix]}超时（{TIMEOUT} 秒），未读取") from exc
        out = Path(tmp) / f"source.{target}"
        if not out.is_file():
            raise SourceError(f"LibreOffice 无法转换该{NAMES[suffix]}（文件可能已损坏）")
        converted = out.read_bytes()
    if target == "docx":
        from .docx import extract_docx
        result = extract_docx(converted)
    else:
        from .sheet import extract_xlsx
        result = extract_xlsx(converted)
    result.notes.insert(0, {"step": "convert", "detail": f"{NAMES[suffix]}先用 LibreOffice（无界面模式）转换为 .{target} 再读取"})
    return result
