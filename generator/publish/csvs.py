"""The CSV downloads: headline figures (one row per record) and every table cell (long format).

Both are UTF-8 without BOM with ``\\n`` line ends (for programs). headline.csv also comes as an
Excel copy — UTF-8 with BOM and ``\\r\\n`` line ends, which Excel on Chinese Windows opens without
garbling — holding the same cells; the cells are served gzipped (generator.publish.CELLS_CSV).
"""
from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from typing import Any, Iterable, Iterator

from . import csv_text, sorted_records
from .domain import vocabulary

PLACE_COLUMNS = ("division_code", "province", "prefecture", "county")
HEADLINE_COLUMNS = ("id", "year", "organisation", "region", *PLACE_COLUMNS, "title", "published", "template",
                    *(h.key for h in vocabulary().headline), "failed_checks", "source_url")
CELL_COLUMNS = ("record", "era", "table", "row", "column", "value", "blank", "inferred",
                "row_label", "column_label", "unit")
LEGACY_COLUMNS = {"value": "本年数", "cumulative": "累计数"}
FIXED_TABLES = ("requests", "review_litigation", "proactive")

# An inferred path names a cell, or a whole row/table: statistics.requests.total.total,
# statistics.legacy_table[3].value, statistics.legacy_table[3].
_PATH_PARENT = re.compile(r"^(.*)(?:\.[^.\[\]]+|\[\d+\])$")


def write_csv(rows: Iterable[Iterable[Any]], excel: bool) -> bytes:
    """Rows as CSV bytes: UTF-8 and \\n, or for Excel UTF-8 with BOM and \\r\\n."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n" if excel else "\n")
    for row in rows:
        writer.writerow(row)
    return (("\ufeff" if excel else "") + buf.getvalue()).encode("utf-8")


# ------------------------------------------------------------------------------------------
# Headline figures


def place_values(org: dict) -> dict[str, str | None]:
    """The division code and the province / prefecture / county names of organisation.place
    (generator.places), keyed by PLACE_COLUMNS; None where the name gave no division."""
    place = org.get("place") or {}
    return {"division_code": place.get("code"), "province": place.get("province"),
            "prefecture": place.get("prefecture"), "county": place.get("county")}


def headline_rows(records: Iterable[dict]) -> Iterator[list[str]]:
    """The header, then one row per record (sorted by id), every cell as CSV text."""
    yield list(HEADLINE_COLUMNS)
    for r in sorted_records(records):
        yield headline_row(r)


def headline_row(r: dict) -> list[str]:
    """One sanitised record's row of headline.csv."""
    org = r.get("organisation") or {}
    headline = r.get("headline") or {}
    failed = sum(1 for c in r.get("checks") or [] if c.get("status") == "fail")
    return [
        r["id"], csv_text(r.get("year")), csv_text(org.get("name")), csv_text(" / ".join(org.get("region") or [])),
        *(csv_text(v) for v in place_values(org).values()), csv_text(r.get("title")), csv_text(r.get("published")), csv_text(r.get("template")),
        *(csv_text(headline.get(k)) for k in _headline_keys()), str(failed),
        csv_text((r.get("source") or {}).get("url")),
    ]


@lru_cache(maxsize=1)
def _headline_keys() -> tuple[str, ...]:
    return tuple(h.key for h in vocabulary().headline)


def headline_csv(records: Iterable[dict]) -> bytes:
    """headline.csv: UTF-8, no BOM, \\n (the columns of the site's headline.csv)."""
    return write_csv(headline_rows(records), excel=False)


def headline_excel(records: Iterable[dict]) -> bytes:
    """headline-excel.csv: the same cells, UTF-8 with BOM, \\r\\n."""
    return write_csv(headline_rows(records), excel=True)


# ------------------------------------------------------------------------------------------
# Every table cell


def _is_inferred(path: str, inferred: set[str]) -> bool:
    while path:
        if path in inferred:
            return True
        m = _PATH_PARENT.match(path)
        if not m or m.group(1) == "statistics":
            return False
        path = m.group(1)
    return False


def _fixed_cells(table: str, cells: dict) -> Iterator[tuple[str, str, Any]]:
    """(row, column, value) of a fixed table: the formats' order first, then any other key sorted."""
    done = set()
    for row, col in vocabulary().table_cells(table):
        values = cells.get(row)
        if isinstance(values, dict) and col in values:
            done.add((row, col))
            yield row, col, values[col]
    for row in sorted(k for k in cells if isinstance(cells[k], dict)):
        for col in sorted(cells[row]):
            if (row, col) not in done:
                yield row, col, cells[row][col]


def cell_records(records: Iterable[dict]) -> Iterator[dict]:
    """Every statistics cell of every report (is_report true), as dicts keyed by CELL_COLUMNS with
    typed values: value is a number or None, blank and inferred are bools."""
    for r in sorted_records(records):
        yield from record_cells(r)


def record_cells(r: dict) -> Iterator[dict]:
    """``cell_records`` of one sanitised record."""
    if not r.get("is_report"):
        return
    v = vocabulary()
    stats = r.get("statistics") or {}
    inferred = set(r.get("inferred") or [])
    era = r.get("template")
    for table in FIXED_TABLES:
        cells = stats.get(table)
        if not isinstance(cells, dict):
            continue
        for row, col, value in _fixed_cells(table, cells):
            coord = v.coordinate(table, row, col)
            yield {"record": r["id"], "era": era, "table": table, "row": row, "column": col,
                   "value": value, "blank": value is None,
                   "inferred": _is_inferred(f"statistics.{table}.{row}.{col}", inferred),
                   "row_label": coord.row_label if coord else None,
                   "column_label": coord.column_label if coord else None,
                   "unit": coord.unit if coord else None}
    for i, item in enumerate(stats.get("legacy_table") or []):
        for col, col_label in LEGACY_COLUMNS.items():
            if col not in item:
                continue
            value = item[col]
            yield {"record": r["id"], "era": era, "table": "legacy_table", "row": str(i), "column": col,
                   "value": value, "blank": value is None,
                   "inferred": _is_inferred(f"statistics.legacy_table[{i}].{col}", inferred),
                   "row_label": item.get("label"), "column_label": col_label, "unit": item.get("unit")}


def cell_rows(records: Iterable[dict], cells: Iterable[dict] | None = None) -> Iterator[list[str]]:
    """The header, then every cell as CSV text (``cells``: cell_records(records), when already made)."""
    yield list(CELL_COLUMNS)
    for cell in cell_records(records) if cells is None else cells:
        yield cell_row(cell)


def cell_row(cell: dict) -> list[str]:
    return [csv_text(cell[k]) if not isinstance(cell[k], bool) else ("true" if cell[k] else "false")
            for k in CELL_COLUMNS]


def cells_csv(records: Iterable[dict]) -> bytes:
    """cells.csv (served as cells.csv.gz): one row per table cell. UTF-8, no BOM, \\n."""
    return write_csv(cell_rows(records), excel=False)


def cells_header() -> bytes:
    """cells.csv's first line."""
    return write_csv([CELL_COLUMNS], excel=False)


def cells_csv_gz(records: Iterable[dict]) -> bytes:
    """cells.csv.gz, the file served: the header, then each chunk of records (``chunks``) as a
    gzip member of its own, compressed as it is made (the cells are never all held)."""
    from .chunks import chunked, member
    out = [member(cells_header())]
    for chunk in chunked(sorted_records(records)):
        text = CellsText()
        for r in chunk:
            text.add(r)
        out.append(member(text.finish()))
    return b"".join(out)


class CellsText:
    """The CSV lines of the cells of some sanitised records (``add``, in id order), as bytes (``finish``)."""

    def __init__(self):
        self._text = io.StringIO()
        self._writer = csv.writer(self._text, lineterminator="\n")

    def add(self, record: dict) -> None:
        for cell in record_cells(record):
            self._writer.writerow(cell_row(cell))

    def finish(self) -> bytes:
        return self._text.getvalue().encode("utf-8")
