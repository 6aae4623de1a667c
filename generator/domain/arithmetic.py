"""The tables' identities, evaluated: shared by the glued-digit splitter and the checks."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Mapping, Sequence, Union

from . import Identity, Table

Number = Union[int, float]
Cells = Mapping[str, Mapping[str, "Number | None"]]   # row key → column key → value


@dataclass(frozen=True)
class Comparison:
    """One instance of an identity (one column, or one row) where every cell involved is known."""
    name: str
    left_terms: tuple[Number, ...]
    right_terms: tuple[Number, ...]

    @property
    def left(self) -> Number:
        return sum(self.left_terms)

    @property
    def right(self) -> Number:
        return sum(self.right_terms)

    @property
    def holds(self) -> bool:
        return self.left == self.right

    def failure(self, identity: Identity) -> str:
        return identity.failure.format(
            name=self.name, left=self.left, right=self.right,
            left_terms=" + ".join(map(str, self.left_terms)), right_terms=" + ".join(map(str, self.right_terms)))


def _known(values: Sequence[Number | None]) -> tuple[Number, ...] | None:
    if not values or any(v is None for v in values):
        return None
    return tuple(v for v in values if v is not None)


def comparisons(table: Table, identity: Identity, cells: Cells, era: str) -> Iterator[Comparison]:
    """Every column (or row) of ``cells`` where the identity can be checked: all its cells known.

    Rows absent from ``cells`` are left out of a sum (a parser's partial table); an instance with
    nothing on one side is not checked."""
    if identity.kind == "column":
        left_rows = [r for r in table.left_rows(identity, era) if r in cells]
        right_rows = [r for r in identity.right if r in cells]
        for column in table.columns:
            left = _known([cells[r].get(column.key) for r in left_rows])
            right = _known([cells[r].get(column.key) for r in right_rows])
            if left is not None and right is not None:
                yield Comparison(column.label, left, right)
        return
    names = {r.key: r.name for r in table.rows()}
    for key, row in cells.items():
        left = _known([row.get(c) for c in table.left_rows(identity, era)])
        right = _known([row.get(c) for c in identity.right])
        if left is not None and right is not None:
            yield Comparison(names.get(key, key), left, right)


def table_holds(table: Table, cells: Cells, era: str, kind: str = "column") -> bool:
    """True when no identity of ``kind`` fails on the cells known."""
    return all(c.holds for i in table.identities if i.kind == kind for c in comparisons(table, i, cells, era))


def row_rule(table: Table) -> Callable[[list[int]], bool]:
    """The splitter's acceptor for one row of figures, from the table's row identity.

    Called with a growing prefix of candidate values: any prefix is acceptable until the row is
    complete; then the row identity must hold. A printed row may hold several groups of the
    table's columns side by side (section 四's fifteen figures): each complete group is checked.
    """
    identity = next(i for i in table.identities if i.kind == "row")
    keys = table.column_keys
    width = len(keys)
    left = [keys.index(c) for c in table.left_rows(identity, "")]
    right = [keys.index(c) for c in identity.right]

    def accept(acc: list[int]) -> bool:
        if not acc or len(acc) % width:
            return True
        group = acc[-width:]
        return sum(group[i] for i in left) == sum(group[i] for i in right)
    return accept
