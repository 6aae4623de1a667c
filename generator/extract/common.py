"""Shared by the extractors: table grids → ``|cell|…|`` lines, and checks on zip containers."""
from __future__ import annotations

import io
import re
import zipfile

from ..ingest import SourceError

_CJK_END = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]$")
_CJK_START = re.compile(r"^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
LINE_BREAKS = re.compile(r"[\r\n]+")      # "\r\n" or "\n\n" inside a cell
WHITESPACE = re.compile(r"\s+")           # " ", "\n" in a row's cells
# A DTD or entity declaration in an XML part: b"<!DOCTYPE", b"<! ENTITY"; or "<!" in UTF-16LE, b"<\x00!\x00".
DTD_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)
UTF16_DECLARATION = re.compile(rb"<\x00!\x00")


def join_wrapped(parts: list[str]) -> str:
    """Pieces of one cell or paragraph that layout wrapped: no space between CJK pieces
    ("法律服务\\n机构" → 法律服务机构), one space otherwise ("2024\\n年" keeps the text's own spaces)."""
    out = ""
    for p in (s.strip() for s in parts):
        if not p:
            continue
        if out and not (_CJK_END.search(out) or _CJK_START.match(p)):
            out += " "
        out += p
    return out


def cell_text(text: str | None) -> str:
    if text is None:
        return ""
    return join_wrapped(LINE_BREAKS.split(text)).replace("|", "｜")


def row_line(cells: list[str | None]) -> str:
    """One table row as a line. ``None`` is a grid position covered by a merged cell (its text
    stands once, in the merge's first position); "" is a cell that is really empty (blank, not 0)."""
    return "|" + "|".join(cell_text(c) for c in cells if c is not None) + "|"


def row_key(cells: list[str | None]) -> str:
    return WHITESPACE.sub("", "|".join(cell_text(c) for c in cells if c))


def check_zip(data: bytes, required: str, what: str) -> zipfile.ZipFile:
    """Open an OOXML container after cheap checks: a zip, not a bomb, the main part present, and
    no XML member declaring a DTD or entities (OOXML never does; XXE and "billion laughs" do)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SourceError(f"{what} 文件损坏，不是有效的 zip 容器（{exc.__class__.__name__}）") from exc
    from . import MAX_MEMBER_RATIO, MAX_MEMBERS, MAX_UNZIPPED
    if len(infos) > MAX_MEMBERS:
        raise SourceError(f"{what} 文件含 {len(infos)} 个部件（上限 {MAX_MEMBERS}），疑为恶意文件，未读取")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED:
        raise SourceError(f"{what} 文件解压后达 {total // (1024 * 1024)} MB（上限 {MAX_UNZIPPED // (1024 * 1024)} MB），疑为压缩炸弹，未读取")
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > MAX_MEMBER_RATIO * max(1, i.compress_size):
            raise SourceError(f"{what} 文件的部件 {i.filename} 压缩比异常（{i.file_size // max(1, i.compress_size)} 倍），疑为压缩炸弹，未读取")
    names = {i.filename for i in infos}
    if required not in names:
        raise SourceError(f"{what} 文件缺少主体部件 {required}，无法读取")
    for i in infos:
        if i.filename.lower().endswith((".xml", ".rels", ".vml")):
            try:
                head = zf.read(i.filename)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, NotImplementedError) as exc:
                raise SourceError(f"{what} 文件的部件 {i.filename} 无法解压（{exc.__class__.__name__}）") from exc
            if DTD_DECLARATION.search(head[:65536]) or UTF16_DECLARATION.search(head[:4096]):
                raise SourceError(f"{what} 文件的部件 {i.filename} 含 DTD 或实体声明（可能是 XML 外部实体攻击），未读取")
    return zf
