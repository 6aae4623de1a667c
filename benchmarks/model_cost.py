"""What the typed model costs: 10,000 records read into it and written back, against validating
the same dicts with the JSON Schema (jsonschema), the check it sits beside.

    .venv/bin/python benchmarks/model_cost.py [--n 10000]
"""
from __future__ import annotations

import argparse
import copy
import glob
import time
import tracemalloc
from pathlib import Path

from generator import model
from generator.records import load_yaml, to_json_compatible, validate

ROOT = Path(__file__).resolve().parents[1]


def corpus(n: int) -> list[dict]:
    samples = [load_yaml(Path(p)) for p in sorted(glob.glob(str(ROOT / "site_data" / "records" / "*.yaml")))]
    out = []
    for i in range(n):
        record = copy.deepcopy(samples[i % len(samples)])
        record["id"] = f"{record['id']}-{i}"
        out.append(record)
    return out


def timed(label: str, fn, records: list[dict]) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    kept = [fn(r) for r in records]
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    per = seconds / len(records) * 1e6
    print(f"{label:<44} {seconds:8.2f} s  {per:8.0f} µs/record  peak {peak / 2**20:7.1f} MB")
    del kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    n = parser.parse_args().n
    records = corpus(n)
    print(f"{n} records (copies of the {len(glob.glob(str(ROOT / 'site_data/records/*.yaml')))} samples)")
    timed("msgspec: dict → Record", model.from_data, records)
    typed = [model.from_data(r) for r in records]
    timed("msgspec: Record → dict", model.to_data, typed)   # type: ignore[arg-type]
    timed("jsonschema: validate dict (today's check)", lambda r: validate(r), records[: max(1, n // 10)])
    timed("deepcopy of the dict (baseline)", copy.deepcopy, records)
    timed("to_json_compatible (baseline)", to_json_compatible, records)


if __name__ == "__main__":
    main()
