"""The one place generator.publish learns the report formats: eras, tables, rows, columns, labels.

Everything the downloads say about the statistics tables — which rows and columns exist, in which
era, under which Chinese name and unit — comes through :func:`vocabulary`, which reads the formats
(``generator.domain.FORMATS``, i.e. ``formats.yaml``). Swap that one function to change where the
formats come from; nothing else in generator.publish reads them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache


@dataclass(frozen=True)
class Era:
    code: str
    name: str
    years: str


@dataclass(frozen=True)
class Coordinate:
    """One cell position of a fixed statistics table: (table, row, column), and where it applies."""
    table: str
    row: str
    column: str
    row_label: str
    column_label: str
    unit: str
    eras: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: str          # the section as the report names it
    eras: tuple[str, ...]


@dataclass(frozen=True)
class Headline:
    key: str
    label: str


@dataclass(frozen=True)
class Vocabulary:
    eras: tuple[Era, ...]
    tables: tuple[Table, ...]
    coordinates: tuple[Coordinate, ...]     # table by table, rows and columns in printed order
    headline: tuple[Headline, ...]
    identities: tuple[tuple[str, str, tuple[str, ...]], ...]   # (check id, what it checks, eras)

    def era_codes(self) -> list[str]:
        return [e.code for e in self.eras]

    _by_key: dict = field(init=False, repr=False, compare=False)
    _by_table: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_table: dict[str, list] = {}
        for c in self.coordinates:
            by_table.setdefault(c.table, []).append((c.row, c.column))
        object.__setattr__(self, "_by_key", {(c.table, c.row, c.column): c for c in self.coordinates})
        object.__setattr__(self, "_by_table", {t: tuple(cells) for t, cells in by_table.items()})

    def coordinate(self, table: str, row: str, column: str) -> Coordinate | None:
        return self._by_key.get((table, row, column))

    def table_cells(self, table: str) -> tuple[tuple[str, str], ...]:
        """(row, column) of one table, in the formats' order."""
        return self._by_table.get(table, ())


# Units the formats leave implicit: counts of applications and cases are 件; section 二 counts
# documents (件), items (项) or purchases (个). Columns with their own unit (money) keep it.
_UNITS = {
    "requests": "件", "review_litigation": "件",
    "issued": "件", "repealed": "件", "in_force": "件", "made": "件", "published": "件", "total_published": "件",
    "decisions": "件", "previous": "项", "change": "项", "projects": "个",
}
LEGACY_TITLE = "政府信息公开情况统计表（2019年以前格式的附表）"


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The adapter: the formats (generator.domain) as generator.publish needs them."""
    from generator.domain import FORMATS as f

    eras = tuple(Era(e.code, e.name, e.years) for e in f.eras)
    tables = tuple(Table(t.name, f"第{t.section}部分 {t.heading}", tuple(t.eras))
                   for t in (f.requests, f.review_litigation, f.proactive)) + (Table("legacy_table", LEGACY_TITLE, ("pre2019",)),)
    coords: list[Coordinate] = []
    for table in (f.requests, f.review_litigation):
        for row in table.rows():
            for col in table.columns:
                coords.append(Coordinate(table.name, row.key, col.key, row.name, col.label,
                                         col.unit or _UNITS[table.name], tuple(row.eras)))
    seen: dict[tuple[str, str], list] = {}
    row_order: dict[str, int] = {}
    # Rows in the 2021 order, then the rows only 2019 has; under each row its 2021 columns, then 2019's.
    for era in sorted(f.proactive.parts, reverse=True):
        for row, columns in f.proactive.rows(era):
            row_order.setdefault(row.key, len(row_order))
            for col in columns:
                entry = seen.setdefault((row.key, col.key), [[], [], col])
                entry[0].append(era)
                entry[1].append(row.display)
    for (row, col), (row_eras, names, column) in sorted(seen.items(), key=lambda item: row_order[item[0][0]]):
        coords.append(Coordinate("proactive", row, col, " / ".join(dict.fromkeys(names)), column.label,
                                 column.unit or _UNITS[col], tuple(sorted(row_eras))))
    headline = tuple(Headline(h.key, h.label) for h in f.headline)
    identities = tuple((i.id, i.what, tuple(t.eras)) for t in (f.requests, f.review_litigation) for i in t.identities)
    return Vocabulary(eras=eras, tables=tables, coordinates=tuple(coords), headline=headline, identities=identities)
