"""The report formats as typed, read-only objects, loaded from ``formats.yaml``.

This is the one place the eras, tables, rows, columns, arithmetic identities and headline figures
are written down. The parser, the checks, the pages, the JSON Schema and the synthetic corpus all
read a :class:`Formats`; a test loads a modified copy of the YAML to prove that a new row needs no
other edit.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator, Literal

import yaml

FORMATS_PATH = Path(__file__).resolve().parent / "formats.yaml"
MODERN_ERAS = ("2019", "2021")


@dataclass(frozen=True)
class Era:
    code: str
    name: str       # the report page's wording
    short: str      # the lists' 格式 column
    years: str
    notice: tuple[int, int] | None = None   # (year, number) of the 国办公开办函 that issued it


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str | None = None


@dataclass(frozen=True)
class Row:
    """A table row that carries figures."""
    key: str
    printed: str                      # the label as the official template prints it
    match: str | None = None          # the label's core for the parser (see formats.yaml)
    heading: str | None = None        # its Chinese numeral: 一、 or （一）
    item: int | None = None           # its sub-item number: 1. 2、 (3) ③
    numbered: bool = False            # numbering required (a bare "3.其他")
    short: str | None = None          # the name check messages use
    label: str | None = None          # the name pages use, when not the printed label
    level: int = 0                    # indent on the page
    outcome: bool = False             # one of section 三's 办理结果 rows
    eras: tuple[str, ...] = MODERN_ERAS

    @property
    def display(self) -> str:
        return self.label or self.printed

    @property
    def name(self) -> str:
        return self.short or self.display


@dataclass(frozen=True)
class Caption:
    """A label-only line of a table (三、本年度办理结果, （三）不予公开 …)."""
    caption: str
    level: int = 0
    eras: tuple[str, ...] = MODERN_ERAS


@dataclass(frozen=True)
class Identity:
    """An arithmetic identity a correct table satisfies.

    ``kind: column`` holds in every column: the sum of the ``left`` rows equals the sum of the
    ``right`` rows (``left: outcomes`` stands for every 办理结果 row of the era). ``kind: row``
    holds in every row: the sum of the ``left`` columns equals the ``right`` column.
    """
    id: str
    kind: Literal["column", "row"]
    left: tuple[str, ...] | Literal["outcomes"]
    right: tuple[str, ...]
    what: str
    unit: str
    failure: str


@dataclass(frozen=True)
class Table:
    """A table of rows × one set of columns (sections 三 and 四)."""
    name: str
    section: str
    heading: str
    eras: tuple[str, ...]
    columns: tuple[Column, ...]
    lines: tuple[Row | Caption, ...]
    identities: tuple[Identity, ...]
    missing: str

    @property
    def path(self) -> str:
        return f"statistics.{self.name}"

    def rows(self, era: str | None = None) -> list[Row]:
        """Figure rows in printed order; of one era, or of every era."""
        return [r for r in self.lines if isinstance(r, Row) and (era is None or era in r.eras)]

    def row_keys(self, era: str | None = None) -> list[str]:
        return list(dict.fromkeys(r.key for r in self.rows(era)))

    def row(self, key: str) -> Row:
        return next(r for r in self.rows() if r.key == key)

    @property
    def column_keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def left_rows(self, identity: Identity, era: str) -> list[str]:
        if identity.left == "outcomes":
            return [r.key for r in self.rows(era) if r.outcome]
        return list(identity.left)


@dataclass(frozen=True)
class Part:
    """One sub-table of section 二: the rows under one article of the regulation."""
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Proactive:
    name: str
    section: str
    heading: str
    eras: tuple[str, ...]
    missing: str
    parts: dict[str, tuple[Part, ...]]

    def rows(self, era: str) -> Iterator[tuple[Row, tuple[Column, ...]]]:
        for part in self.parts.get(era, ()):
            for row in part.rows:
                yield row, part.columns

    def row_keys(self, era: str | None = None) -> list[str]:
        eras = [era] if era else list(self.parts)
        return list(dict.fromkeys(r.key for e in eras for r, _ in self.rows(e)))


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    cells: tuple[str, ...] = ()     # table paths under statistics, summed
    prose: str | None = None        # name of the prose pattern that may state it


@dataclass(frozen=True)
class Formats:
    eras: tuple[Era, ...]
    requests: Table
    review_litigation: Table
    proactive: Proactive
    headline: tuple[Headline, ...]

    @property
    def era_codes(self) -> list[str]:
        return [e.code for e in self.eras]

    def era(self, code: str) -> Era:
        return next(e for e in self.eras if e.code == code)

    @property
    def tables(self) -> tuple[Table, Table]:
        return (self.requests, self.review_litigation)

    @property
    def headline_keys(self) -> list[str]:
        return [h.key for h in self.headline]

    @cached_property
    def headline_labels(self) -> dict[str, str]:
        return {h.key: h.label for h in self.headline}


# ------------------------------------------------------------------------------------------
# Loading


def _columns(raw: list[dict[str, Any]]) -> tuple[Column, ...]:
    return tuple(Column(key=c["key"], label=c["label"], unit=c.get("unit")) for c in raw)


def _line(raw: dict[str, Any]) -> Row | Caption:
    eras = tuple(str(e) for e in raw.get("eras", MODERN_ERAS))
    if "caption" in raw:
        return Caption(caption=raw["caption"], level=raw.get("level", 0), eras=eras)
    known = {"key", "printed", "match", "heading", "item", "numbered", "short", "label", "level", "outcome"}
    unknown = set(raw) - known - {"eras"}
    if unknown:
        raise ValueError(f"formats.yaml: row {raw.get('key')!r} has unknown fields {sorted(unknown)}")
    return Row(eras=eras, **{k: v for k, v in raw.items() if k in known})


def _identity(raw: dict[str, Any]) -> Identity:
    left = raw["left"]
    return Identity(id=raw["id"], kind=raw["kind"], left=left if left == "outcomes" else tuple(left),
                    right=tuple(raw["right"]), what=raw["what"], unit=raw["unit"], failure=raw["failure"])


def _table(name: str, raw: dict[str, Any], columns: dict[str, tuple[Column, ...]]) -> Table:
    return Table(name=name, section=raw["section"], heading=raw["heading"],
                 eras=tuple(str(e) for e in raw["eras"]), columns=columns[raw["columns"]],
                 lines=tuple(_line(r) for r in raw["rows"]),
                 identities=tuple(_identity(i) for i in raw.get("identities", ())), missing=raw["missing"])


def _proactive(raw: dict[str, Any]) -> Proactive:
    parts = {str(era): tuple(Part(caption=p["caption"], columns=_columns(p["columns"]),
                                  rows=tuple(Row(**r) for r in p["rows"])) for p in ps)
             for era, ps in raw["parts"].items()}
    return Proactive(name="proactive", section=raw["section"], heading=raw["heading"],
                     eras=tuple(str(e) for e in raw["eras"]), missing=raw["missing"], parts=parts)


def load(path: Path = FORMATS_PATH) -> Formats:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    columns = {name: _columns(cols) for name, cols in raw["columns"].items()}
    tables = raw["tables"]
    return Formats(
        eras=tuple(Era(code=str(e["code"]), name=e["name"], short=e["short"], years=str(e["years"]),
                       notice=(int(e["notice"]["year"]), int(e["notice"]["number"])) if e.get("notice") else None)
                   for e in raw["eras"]),
        requests=_table("requests", tables["requests"], columns),
        review_litigation=_table("review_litigation", tables["review_litigation"], columns),
        proactive=_proactive(tables["proactive"]),
        headline=tuple(Headline(key=h["key"], label=h["label"], cells=tuple(h.get("cells", ())), prose=h.get("prose"))
                       for h in raw["headline"]),
    )


FORMATS = load()
