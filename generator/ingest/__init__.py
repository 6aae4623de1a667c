"""Ingest: find raw sources on disk, read their bytes and provenance.

A raw source is any ``.html``/``.htm``/``.txt`` file under the sources directory. Beside it may
sit ``<file>.meta.yaml`` (url, retrieved, notes). Other files (SOURCE.md, SOURCES.tsv, README)
document a collection and are not sources.
"""
from __future__ import annotations

import codecs
import collections
import datetime
import functools
import hashlib
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

# Documents (PDF, Word, spreadsheets) are read by generator.extract; see DOCUMENT_SUFFIXES there.
DOCUMENT_SUFFIXES = (".pdf", ".docx", ".xlsx", ".doc", ".wps", ".rtf", ".et", ".xls")
SOURCE_SUFFIXES = (".html", ".htm", ".txt") + DOCUMENT_SUFFIXES
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
        name = self.file.lower()
        if name.endswith(".pdf"):
            return "pdf"
        if name.endswith((".docx", ".doc", ".wps", ".rtf")):
            return "docx"
        if name.endswith((".xlsx", ".xls", ".et")):
            return "xlsx"
        return "html" if name.endswith((".html", ".htm")) else "text"

    @property
    def id(self) -> str:
        return source_id(self.file)


class SourceError(Exception):
    """A raw source that cannot be read at all (the message names the file and why)."""


class DuplicateIdError(ValueError):
    """Two different sources gave records the same id (source_id is injective, so this means two
    sources were given under the same relative path, e.g. from different roots)."""


def check_unique_ids(records: list[dict]) -> list[dict]:
    """The records, a record repeated from the very same source (same file, same bytes) kept once;
    raises DuplicateIdError naming both sources when two different ones share an id."""
    seen: dict[str, dict] = {}
    out = []
    for r in records:
        first = seen.setdefault(r["id"], r)
        if first is r:
            out.append(r)
        elif (first["source"]["file"], first["source"]["sha256"]) != (r["source"]["file"], r["source"]["sha256"]):
            raise DuplicateIdError(
                f"two sources give the record id {r['id']}: {first['source']['file']} "
                f"(sha256 {first['source']['sha256'][:12]}) and {r['source']['file']} (sha256 {r['source']['sha256'][:12]}); "
                "give them different paths under one sources root")
    return out


_SEGMENT = re.compile(r"[a-z0-9][a-z0-9_]*(?:-[a-z0-9_]+)*")   # lossless: no upper case, dots, runs of "-"
_EXTENSION = re.compile(r"[a-z]+")                       # letters only, so never "p1" (the part suffix)
_MAX_SLUG = 120
_NOT_SLUG = re.compile(r"[^a-z0-9_]+")                   # "." or "/" or "平潭" in a path segment: becomes "-"


def _slug(segment: str) -> str:
    return _NOT_SLUG.sub("-", segment.lower()).strip("-")


def source_id(rel_file: str) -> str:
    """Stable, URL-safe, script-independent id of a source: an injective function of its path
    relative to the sources root, collection folders included.

    The folders and the file name are joined with ``--``, the file name written ``<stem>-<ext>``
    (an .html page and its .txt dump are different sources). When every folder and the stem is
    already a lossless slug (``[a-z0-9_]`` words joined by single ``-``, not starting with ``_``)
    and the extension is letters, the id is exactly that and can be read back:
    ``pingtan/pingtan-zone-2024.html`` → ``pingtan--pingtan-zone-2024-html``.
    Any other path (upper case, non-ASCII, dots in the stem, runs of dashes, no extension, a
    very long path …) gets a readable slug plus ``--h`` and 10 hex digits of the SHA-256 of the
    exact relative path: ``平潭/报告.HTML`` → ``html--h<hash>``. Such an id's last ``--`` segment
    has no ``-`` while a lossless id's always has, so the two kinds never meet, and two paths
    differ in their hash. Parts of a multi-article file append ``-p<n>`` (generator.parse),
    which neither kind of id can end with.
    """
    *folders, name = rel_file.split("/")
    stem, dot, ext = name.rpartition(".")
    if dot and _EXTENSION.fullmatch(ext) and all(_SEGMENT.fullmatch(s) for s in [*folders, stem]):
        slug = "--".join([*folders, f"{stem}-{ext}"])
        if len(slug) <= _MAX_SLUG:
            return slug
    words = [w for w in (_slug(s) for s in folders) if w]
    words.append("-".join(w for w in ((_slug(stem), _slug(ext)) if dot else (_slug(name),)) if w) or "src")
    readable = "--".join(words)[:80].lstrip("-_").rstrip("-") or "src"
    return f"{readable}--h{hashlib.sha256(rel_file.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path``, every symbolic link followed, is ``root`` or lies under it."""
    try:
        Path(os.path.realpath(path)).relative_to(os.path.realpath(root))
    except ValueError:
        return False
    return True


def discover(root: Path) -> list[Path]:
    """Every raw source under ``root`` (or ``root`` itself if it is a file), in a stable order.

    Symbolic links are never followed out of ``root``. A link to a file is returned like any
    source (``load`` refuses it, with the reason, when its target lies outside ``root``); a link
    to a directory outside ``root`` is returned too, so that it is listed as not published
    rather than silently skipped; a link to a directory inside ``root`` is not walked (what it
    holds is found under its real path, and a link to an ancestor cannot loop).
    """
    root = Path(root)
    if root.is_file():
        return [root]
    found = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for d in dirs:
            if (here / d).is_symlink() and not _inside(here / d, root):
                found.append(here / d)
        for name in files:
            p = here / name
            if (not name.startswith(".") and name.lower().endswith(SOURCE_SUFFIXES)
                    and not name.endswith(META_SUFFIX)):
                found.append(p)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


META_MAX_BYTES = 64 * 1024
# libyaml where PyYAML was built with it: the same events and values in a sixth of the time
# (0.64 → 0.11 ms a synthetic sidecar).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_META_SCALARS = (str, int, float, bool, type(None), datetime.date)   # datetime is a date


def read_meta(path: Path, root: Path | None = None) -> dict:
    """The provenance sidecar ``<file>.meta.yaml``: a small flat map, read defensively.

    Refused, with a reason naming the sidecar: a link leaving ``root``, more than 64 KB, not
    UTF-8, not YAML, YAML anchors/aliases or explicit tags (an alias bomb of a few hundred bytes
    expands to gigabytes), and anything but a mapping of string keys to plain scalars (text,
    number, true/false, null, date) or flat lists of plain scalars (``attachments:``).
    """
    meta_path = path.with_name(path.name + META_SUFFIX)
    if not os.path.lexists(meta_path):
        return {}
    name = meta_path.name

    def refuse(why: str) -> SourceError:
        return SourceError(f"随附的来源说明文件 {name} {why}")

    text = _sidecar_text(meta_path, root, refuse)
    try:
        _check_plain_yaml(text, refuse)
        meta = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise refuse(f"不是有效的 YAML（{exc.__class__.__name__}）") from exc
    return _flat_map(meta, refuse)


def _sidecar_text(meta_path: Path, root: Path | None, refuse: Callable[[str], SourceError]) -> str:
    """The sidecar's text: inside ``root``, at most META_MAX_BYTES, UTF-8."""
    if root is not None and Path(root).is_dir() and not _inside(meta_path, root):
        raise refuse("是指向来源目录之外的符号链接，不予读取")
    try:
        size = meta_path.stat().st_size
        if size > META_MAX_BYTES:
            raise refuse(f"过大（{size} 字节，上限 {META_MAX_BYTES} 字节）")
        with open(meta_path, "rb") as fh:
            raw = fh.read(META_MAX_BYTES + 1)
    except OSError as exc:
        raise refuse(f"无法读取（{exc.strerror}）") from exc
    if len(raw) > META_MAX_BYTES:
        raise refuse(f"过大（超过 {META_MAX_BYTES} 字节）")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise refuse("不是 UTF-8 编码的文本") from exc


def _check_plain_yaml(text: str, refuse: Callable[[str], SourceError]) -> None:
    """Before anything is built from the YAML: no alias, anchor or tag, and no nesting beyond a
    mapping of lists (raises yaml.YAMLError when it is no YAML at all)."""
    depth = 0
    for event in yaml.parse(text, Loader=_YAML_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise refuse(f"使用了 YAML 别名（*{event.anchor}），来源说明只能写普通的值")
        if getattr(event, "anchor", None) is not None:
            raise refuse(f"使用了 YAML 锚点（&{event.anchor}），来源说明只能写普通的值")
        if getattr(event, "tag", None) is not None:
            raise refuse(f"使用了 YAML 标签（{event.tag}），来源说明只能写普通的值")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth == 1 and not isinstance(event, yaml.MappingStartEvent):
                raise refuse("必须是键值映射（mapping）")
            if depth > 2 or (depth == 2 and not isinstance(event, yaml.SequenceStartEvent)):
                raise refuse("只能是一层键值映射：值只能是文字、数字、日期、true/false、null 或这些值的简单列表")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _flat_map(meta: object, refuse: Callable[[str], SourceError]) -> dict:
    """The loaded sidecar, when it is a map of text keys to plain scalars or lists of them."""
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise refuse("必须是键值映射（mapping）")
    for key, value in meta.items():
        if not isinstance(key, str):
            raise refuse(f"的键必须是文字（{key!r} 不是）")
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, _META_SCALARS) for v in values):
            raise refuse(f"中 {key} 的值只能是文字、数字、日期、true/false、null 或这些值的简单列表")
    return meta


def load(path: Path, root: Path | None = None) -> RawSource:
    """Read one raw source. ``file`` is its path relative to ``root`` as found there (a link
    keeps its own name, so its id is its own); a link whose target leaves ``root`` is refused."""
    path = Path(path)
    rooted = root is not None and Path(root).is_dir()
    if rooted:
        try:   # resolve the folder, not the file: a symbolic link keeps its own name
            rel = (Path(os.path.realpath(path.parent)) / path.name).relative_to(os.path.realpath(root)).as_posix()
        except ValueError:
            rel = path.name
    else:
        rel = path.name
    if rooted and not _inside(path, root):
        raise SourceError("是指向来源目录之外的符号链接，不予读取")   # the target is not named: it is a local path
    if path.is_dir():
        raise SourceError("是一个目录，不是保存下来的网页或文本")
    if path.is_symlink() and not path.exists():
        raise SourceError("是符号链接，但指向的文件不存在")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"无法读取（{exc.strerror}）") from exc
    if not data.strip():
        raise SourceError("空文件（未保存任何内容）")
    if (b"\x00" in data[:65536] and not rel.lower().endswith(DOCUMENT_SUFFIXES)   # documents are binary
            and not _unicode_bom(data) and not _utf16_without_bom(data)):
        raise SourceError("二进制数据（含 NUL 字节），不是保存下来的网页或文本")
    return RawSource(file=rel, data=data, meta=read_meta(path, root if rooted else None))


# ---------------------------------------------------------------------------------------------
# Decoding. Web pages of Chinese bodies come in UTF-8, GBK/GB18030, Big5, now and then UTF-16, and
# sometimes a page mixes UTF-8 chrome with GBK content. GB18030 decodes almost any byte string
# without an error, so "decoded without error" proves nothing; a decoding is judged by the share
# of its non-ASCII characters that are characters Chinese reports are written in.

LOSS_LIMIT = 0.005          # refuse a text whose decoding lost more than 0.5 % of its characters
_PREFER = 0.01              # an earlier candidate (declared, whole file) wins within this margin

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32LE"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32BE"),
         (codecs.BOM_UTF8, "utf-8", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16LE"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16BE"))

# Charset labels of the web → the Python codec that decodes them (GB18030 is a superset of GBK and
# GB2312; Big5-HKSCS of Big5).
_CHARSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "gb_2312": "gb18030",
    "cp936": "gb18030", "ms936": "gb18030", "windows-936": "gb18030", "euc-cn": "gb18030", "csgb2312": "gb18030",
    "chinese": "gb18030", "iso-ir-58": "gb18030", "gb18030": "gb18030", "gb-18030": "gb18030",
    "big5": "big5hkscs", "big-5": "big5hkscs", "x-big5": "big5hkscs", "cn-big5": "big5hkscs", "csbig5": "big5hkscs",
    "big5-hkscs": "big5hkscs", "big5hkscs": "big5hkscs", "cp950": "cp950", "ms950": "cp950", "windows-950": "cp950",
}
_LEGACY = ("gb18030", "big5hkscs", "cp950")
_DECLARED = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_UTF8_WIDE = re.compile(rb"(?:[\xe2-\xef][\x80-\xbf]{2}){2}")   # two UTF-8 characters of U+2000–U+FFFF in a row
_SEGMENT_BYTES = re.compile(rb"[^\x00-\x2f\x3a-\x3f]+")   # never splits a UTF-8, GBK, GB18030 or Big5 character


@functools.lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """GB2312's first level (the 3,755 commonest Simplified characters), Big5's 常用字 (the 5,401
    commonest Traditional ones), CJK punctuation and full-width forms."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                chars.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lead in range(0xA4, 0xC7):
        for trail in [*range(0x40, 0x7F), *(range(0xA1, 0xFF) if lead < 0xC6 else ())]:
            try:
                chars.add(bytes((lead, trail)).decode("big5"))
            except UnicodeDecodeError:
                pass
    chars.update("，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』—…·　％￥×÷±≤≥①②③④⑤⑥⑦⑧⑨⑩")
    chars.update(chr(c) for c in range(0xFF01, 0xFF5F))
    return frozenset(chars)


def _common_share(text: str) -> float:
    """Share of the non-ASCII characters that are common Chinese ones (1.0 when there are none)."""
    common, wide, total = _common_chars(), 0, 0
    for char, n in collections.Counter(text).items():
        if char > "\x7f":
            total += n
            wide += n if char in common else 0
    return wide / total if total else 1.0


class _Lost(threading.local):
    chars = 0          # characters lost in the finished runs of undecodable bytes
    run = 0            # bytes in the current run
    end = -1           # where the last undecodable sequence ended


_lost = _Lost()


def _count_and_replace(exc: UnicodeDecodeError) -> tuple[str, int]:
    if exc.start != _lost.end:              # a new run of undecodable bytes
        _lost.chars += -(-_lost.run // 3)
        _lost.run = 0
    _lost.run += exc.end - exc.start
    _lost.end = exc.end
    return "\ufffd", exc.end


codecs.register_error("archive-ingest-replace", _count_and_replace)


def _decode_counted(data: bytes, codec: str) -> tuple[str, int]:
    """Decode, each undecodable sequence → U+FFFD; returns (text, characters lost). A run of
    adjacent undecodable bytes stood for one character per three bytes (at least one): a UTF-8
    surrogate or an overlong form is one character lost, not two or three."""
    _lost.chars, _lost.run, _lost.end = 0, 0, -1
    text = data.decode(codec, "archive-ingest-replace")
    return text, _lost.chars + -(-_lost.run // 3)


def _unicode_bom(data: bytes) -> tuple[bytes, str, str] | None:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return bom, codec, label
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when NUL bytes are there because the text is UTF-16 without a BOM:
    it decodes without error, holds no control characters, and reads as ASCII and common Chinese."""
    if len(data) < 8 or len(data) % 2 or b"\x00" not in data[:65536]:
        return None
    best = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        sample = text[:32768]
        if any(c < " " and c not in "\t\n\r\f" for c in sample):
            continue
        common = _common_chars()
        share = sum(c < "\x7f" or c in common for c in sample) / len(sample)
        if share >= 0.9 and (best is None or share > best[1]):
            best = (codec, share)
    return best[0] if best else None


def _declared_charset(data: bytes) -> tuple[str, str] | None:
    """(label as written, Python codec) of a ``<meta charset>`` or ``content="…; charset=…"`` in
    the first 4 KB, when Python knows the encoding."""
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    label = m.group(1).decode("ascii").lower()
    codec = _CHARSETS.get(label, label)
    try:
        info = codecs.lookup(codec)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):      # charset=zlib, base64, rot13 …
        return None
    return label, info.name if codec not in _LEGACY else codec


def _detected(data: bytes) -> str | None:
    """charset-normalizer's best guess among non-Unicode encodings (a Python codec name)."""
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
    except Exception:   # a detector failure only means no hint
        return None
    if best is None:
        return None
    codec = codecs.lookup(best.encoding).name
    if codec.startswith(("utf-", "utf_")) or codec == "ascii":
        return None
    return _CHARSETS.get(codec.replace("_", "-"), codec)


def _decode_mixed(data: bytes, codec: str) -> tuple[str, int, int, int]:
    """Segment by segment (split at ASCII bytes that no multi-byte character contains): UTF-8
    where a segment is valid UTF-8 and reads at least as well, ``codec`` otherwise.
    Returns (text, segments in UTF-8, segments in codec, characters lost)."""
    out, pos, in_utf8, in_codec, lost = [], 0, 0, 0, 0
    for m in _SEGMENT_BYTES.finditer(data):
        seg = m.group()
        out.append(data[pos:m.start()].decode("ascii"))
        pos = m.end()
        if seg.isascii():
            out.append(seg.decode("ascii"))
            continue
        try:
            as_utf8 = seg.decode("utf-8")
        except UnicodeDecodeError:
            as_utf8 = None
        legacy, legacy_lost = _decode_counted(seg, codec)
        if as_utf8 is not None and (legacy_lost or _common_share(as_utf8) >= _common_share(legacy)):
            out.append(as_utf8)
            in_utf8 += 1
        else:
            out.append(legacy)
            in_codec += 1
            lost += legacy_lost
    out.append(data[pos:].decode("ascii", "archive-ingest-replace"))
    return "".join(out), in_utf8, in_codec, lost


def _accept(text: str, lost: int, how: str, notes: list[str]) -> tuple[str, list[str]]:
    """Refuse a decoding that lost more than LOSS_LIMIT of the characters; note a smaller loss."""
    if lost:
        share = lost / max(1, len(text))
        if share > LOSS_LIMIT:
            raise SourceError(f"文字编码无法可靠识别：{how}，约 {lost} 个字符无法解码（占全部字符的 {share:.1%}，"
                              f"超过 {LOSS_LIMIT:.1%} 的上限），不予发布")
        notes.append(f"约 {lost} 个字符无法解码，已替换为 U+FFFD（占全部字符的 {share:.2%}）")
    return text, notes


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes → text, and notes (in Chinese) on what decoding had to do.

    In order: a byte-order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE); UTF-16 without a BOM, told by
    its NUL bytes; strict UTF-8 (the web's default, and the fast path: no detector runs); then
    the encoding the page declares (``<meta charset>``; gb2312/gbk → GB18030), GB18030, Big5 and
    charset-normalizer's guess, and — for a page mixing UTF-8 and GBK — segment by segment, each
    judged by the share of common Chinese characters it yields. Undecodable bytes become U+FFFD
    and are counted; more than 0.5 % of the characters lost and the source is refused
    (SourceError, with the share).
    """
    notes: list[str] = []
    bom = _unicode_bom(data)
    if bom:
        marker, codec, label = bom
        text, lost = _decode_counted(data[len(marker):], codec)
        if codec != "utf-8":
            notes.append(f"按字节顺序标记（BOM）以 {label} 解码")
        return _accept(text, lost, f"按 {label} 解码", notes)
    codec = _utf16_without_bom(data)
    if codec:
        label = codec.upper().replace("-LE", "LE").replace("-BE", "BE")
        notes.append(f"没有字节顺序标记，按 NUL 字节的分布判断为 {label} 并以此解码")
        return data.decode(codec), notes
    try:
        return data.decode("utf-8"), notes
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data)
    candidates = _candidates(data, declared)
    top = max(score for score, *_ in candidates)
    _, _, text, lost, how = min((c for c in candidates if c[0] >= top - _PREFER), key=lambda c: c[1])
    if declared and declared[1] not in ("utf-8", "utf_8") and not how.startswith("按网页声明"):
        notes.append(f"网页声明的编码是 {declared[0]}，但按它解码读不通，改为{how}")
    else:
        notes.append(how)
    return _accept(text, lost, how, notes)


def _candidates(data: bytes, declared: tuple[str, str] | None) -> list[tuple[float, int, str, int, str]]:
    """Every decoding of bytes that are not UTF-8 as they stand, most trusted first, each as
    (share of common Chinese characters, rank, text, characters lost, how it was decoded): the
    declared encoding, the detector's guess, GB18030, Big5, UTF-8 with losses, and the two mixes."""
    order: list[tuple[str, str]] = []      # (codec, why), most trusted first
    if declared and declared[1] not in ("utf-8", "utf_8"):
        order.append((declared[1], "declared"))
    guess = _detected(data)
    if guess:
        order.append((guess, "detected"))
    order += [(c, "tried") for c in _LEGACY]
    decoded = {}                           # codec → (text, lost); lossy decodings only when no codec is clean
    for codec, _ in order:
        if codec not in decoded:
            try:
                decoded[codec] = (data.decode(codec), 0)
            except UnicodeDecodeError:
                decoded[codec] = None
    if not any(decoded.values()):
        decoded = {codec: _decode_counted(data, codec) for codec in decoded}
    candidates = []                        # (score, rank, text, lost, note)
    seen = set()
    for codec, why in order:
        if codec in seen or not decoded[codec]:
            continue
        seen.add(codec)
        text, lost = decoded[codec]
        if why == "declared":
            how = f"按网页声明的编码 {declared[0]} 解码" + (f"（{codec}）" if codec != declared[0] else "")
        else:
            how = f"按 {codec} 编码解码"
        candidates.append((_common_share(text), len(candidates), text, lost, how))
    text, lost = _decode_counted(data, "utf-8")          # UTF-8 with a stray byte or a cut character
    candidates.append((_common_share(text), len(candidates), text, lost, "按 UTF-8 解码"))
    for codec in ("gb18030", "big5hkscs") if _UTF8_WIDE.search(data) else ():
        text, in_utf8, in_codec, lost = _decode_mixed(data, codec)
        if in_utf8 and in_codec:
            how = f"混用了两种编码：{in_utf8} 段按 UTF-8、{in_codec} 段按 {codec} 解码"
            candidates.append((_common_share(text), len(candidates), text, lost, how))
    return candidates
