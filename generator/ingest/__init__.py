"""Ingest: find raw sources on disk, read their bytes and provenance.

A raw source is any ``.html``/``.htm``/``.txt`` file under the sources directory. Beside it may
sit ``<file>.meta.yaml`` (url, retrieved, notes). Other files (SOURCE.md, SOURCES.tsv, README)
document a collection and are not sources.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SOURCE_SUFFIXES = (".html", ".htm", ".txt")
META_SUFFIX = ".meta.yaml"


@dataclass(frozen=True)
class RawSource:
    file: str            # path relative to the sources root, with "/" separators
    data: bytes
    meta: dict = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def format(self) -> str:
        return "html" if self.file.lower().endswith((".html", ".htm")) else "text"

    @property
    def id(self) -> str:
        return source_id(self.file)


class SourceError(Exception):
    """A raw source that cannot be read at all (the message names the file and why)."""


def source_id(rel_file: str) -> str:
    """Stable, URL-safe, script-independent id derived from the archived file path.

    The collection folder is left out so ids stay short; the file name (with its extension,
    since an .html page and its .txt dump are different sources) is slugged. Non-ASCII names
    fall back to a hash of the name so that ids never depend on a script conversion.
    """
    name = rel_file.rsplit("/", 1)[-1]
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if not slug or not name.isascii():
        slug = (slug[:40] + "-" if slug else "src-") + hashlib.sha256(name.encode()).hexdigest()[:10]
    return slug


def discover(root: Path) -> list[Path]:
    """Every raw source under ``root`` (or ``root`` itself if it is a file), in a stable order."""
    root = Path(root)
    if root.is_file():
        return [root]
    found = [
        p for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES and not p.name.endswith(META_SUFFIX)
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def read_meta(path: Path) -> dict:
    meta_path = path.with_name(path.name + META_SUFFIX)
    if not meta_path.exists():
        return {}
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise SourceError(f"随附的来源说明文件 {meta_path.name} 不是有效的 YAML（{exc.__class__.__name__}）") from exc
    if not isinstance(meta, dict):
        raise SourceError(f"随附的来源说明文件 {meta_path.name} 必须是键值映射（mapping）")
    return meta


def load(path: Path, root: Path | None = None) -> RawSource:
    path = Path(path)
    if root is not None and Path(root).is_dir():
        try:
            rel = path.resolve().relative_to(Path(root).resolve()).as_posix()
        except ValueError:
            rel = path.name
    else:
        rel = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"无法读取（{exc.strerror}）") from exc
    if not data.strip():
        raise SourceError("空文件（未保存任何内容）")
    if b"\x00" in data[:65536]:
        raise SourceError("二进制数据（含 NUL 字节），不是保存下来的网页或文本")
    return RawSource(file=rel, data=data, meta=read_meta(path))


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes → text. UTF-8 first (the web's default), then GB18030 (a superset of GBK/GB2312).

    Returns the text and notes on what decoding had to do; undecodable bytes become U+FFFD and
    are reported, never silently dropped.
    """
    notes: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding != "utf-8":
            notes.append(f"按 {encoding} 编码解码")
        return text, notes
    text = data.decode("utf-8", errors="replace")
    notes.append(f"既不是有效的 UTF-8，也不是有效的 GB18030：{text.count(chr(0xFFFD))} 处无法解码的字节已替换为 U+FFFD")
    return text, notes
