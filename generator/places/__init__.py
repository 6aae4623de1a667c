"""Where a body is: province → prefecture → county → township, with its 行政区划代码.

Read from the body's name and the enclosing divisions the source states (``organisation.region``),
against the official code table shipped beside this module (``divisions.tsv``: the National
Bureau of Statistics' 2023 统计用区划代码, provinces to townships; provenance in SOURCE.md). A
maintainer can name the division of a body whose name holds none (a 综合实验区, a 开发区) in
``site_data/places.yaml``.

The name is read left to right for the longest division names it holds ("广州市南沙区黄阁镇人民政府":
广州市, 南沙区, 黄阁镇), and each name must lie inside the one before it: the codes nest (4401 →
440115 → 440115102). A name the table holds several times (朝阳区: Beijing and Changchun) is
narrowed by the names around it; when the input cannot tell, the place stops at the level all the
candidates share, or is null, and the reason says why. Generic names that are parts of many
divisions' names (城区, 郊区, 矿区) are never read alone.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

TABLE = Path(__file__).resolve().parent / "divisions.tsv"
LEVELS = ((2, "province"), (4, "prefecture"), (6, "county"), (9, "township"))
# Code-table rows that group divisions and are no name a body uses.
GROUPING = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
GENERIC = {"城区", "郊区", "矿区", "新区", "开发区", "高新区", "林区", "新城", "市区"}
MAX_NAME = 20


@dataclass(frozen=True)
class Place:
    code: str
    names: dict[str, str]          # level → name, outermost first
    via: str                       # "name" (the body's name and region) or "alias" (site_data/places.yaml)

    def as_record(self) -> dict:
        return {"code": self.code, **self.names, "via": self.via}


@dataclass(frozen=True)
class Gazetteer:
    by_code: dict[str, str]
    by_name: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, path: Path = TABLE) -> Gazetteer:
        by_code: dict[str, str] = {}
        by_name: dict[str, list[str]] = {}
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            code, name = line.split("\t")
            by_code[code] = name
            if name not in GROUPING and name not in GENERIC and len(name) >= 2:
                by_name.setdefault(name, []).append(code)
        return cls(by_code, {k: tuple(v) for k, v in by_name.items()})

    def place(self, code: str, via: str) -> Place:
        names = {level: self.by_code[code[:n]] for n, level in LEVELS
                 if len(code) >= n and code[:n] in self.by_code and self.by_code[code[:n]] not in GROUPING}
        return Place(code, names, via)


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def names_in(text: str, gaz: Gazetteer) -> list[tuple[str, tuple[str, ...]]]:
    """The division names ``text`` holds, left to right, the longest at each position."""
    found, i = [], 0
    while i < len(text):
        for j in range(min(len(text), i + MAX_NAME), i + 1, -1):
            codes = gaz.by_name.get(text[i:j])
            if codes:
                found.append((text[i:j], codes))
                i = j
                break
        else:
            i += 1
    return found


def _within(code: str, outer: str) -> bool:
    return code != outer and code.startswith(outer)


def _shared(codes: set[str], gaz: Gazetteer) -> str | None:
    """The most specific division every code lies in."""
    for n, _ in reversed(LEVELS):
        heads = {c[:n] for c in codes if len(c) >= n}
        if len(heads) == 1 and all(len(c) >= n for c in codes):
            head = heads.pop()
            if head in gaz.by_code and gaz.by_code[head] not in GROUPING:
                return head
    return None


def resolve(name: str | None, region: list[str], gaz: Gazetteer | None = None,
            aliases: dict[str, str] | None = None) -> tuple[Place | None, str | None]:
    """(place, None), or (a less specific place or None, the reason it is not more)."""
    gaz = gaz or gazetteer()
    for text in [name or "", *region]:
        for alias, code in (aliases or {}).items():
            if alias and alias in text and code in gaz.by_code:
                return gaz.place(code, "alias"), None
    if not name and not region:
        return None, "发布机关和所属地区均不详"
    text = "".join(region) + (name or "")
    found = names_in(text, gaz)
    if not found:
        return None, "名称和所属地区中没有可识别的行政区划名称"
    candidates: set[str] = set(found[0][1])
    for word, codes in found[1:]:
        inner = {c for c in codes if any(_within(c, o) for o in candidates)}
        if inner:
            candidates = inner
        elif not any(_within(o, c) for o in candidates for c in codes):
            # A name that lies in none of the divisions before it (a street named after a
            # county elsewhere, 北京路): the divisions already read stand.
            continue
    if len(candidates) == 1:
        return gaz.place(next(iter(candidates)), "name"), None
    words = "、".join(w for w, _ in found)
    shared = _shared(candidates, gaz)
    reason = f"“{words}”对应 {len(candidates)} 个同名行政区划，无法确定"
    if shared:
        return gaz.place(shared, "name"), reason + f"，只确定到{gaz.by_code[shared]}"
    return None, reason


def load_aliases(path: Path) -> dict[str, str]:
    """site_data/places.yaml: a body's name (or a part of it) → its 行政区划代码."""
    if not Path(path).is_file():
        return {}
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}
