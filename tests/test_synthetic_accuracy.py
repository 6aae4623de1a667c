"""End to end on the benchmark's synthetic corpus: every era and every scraped shape, parsed back
to exactly the figures that were written (benchmarks/synth.py keeps the ground truth)."""
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from generator import ingest
from generator.parse import parse_source

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("synth", ROOT / "benchmarks" / "synth.py")
    synth = importlib.util.module_from_spec(spec)
    sys.modules["synth"] = synth
    spec.loader.exec_module(synth)
    out = tmp_path_factory.mktemp("synth")
    reports = synth.generate(out, 36, seed=7)
    return out, reports


def _key(label: str) -> str:
    return re.sub(r"^(其中[:：])?(\d{1,2}\s*[.、])?", "", label)


def test_every_synthetic_report_parses_back_to_its_figures(corpus):
    root, reports = corpus
    shapes, problems = set(), []
    for rep in reports:
        (r,) = parse_source(ingest.load(root / rep.file, root))
        shapes.add((rep.era, rep.shape))
        got = (r["template"], r["year"], r["published"].isoformat() if r["published"] else None)
        if got != (rep.era, rep.year, rep.published):
            problems.append((rep.file, "metadata", got, (rep.era, rep.year, rep.published)))
        for section in ("requests", "review_litigation", "proactive"):
            if section in rep.statistics and r["statistics"].get(section) != rep.statistics[section]:
                problems.append((rep.file, section))
        if "legacy_table" in rep.statistics:
            # Same label may stand twice (被依法纠错数 under 复议 and under 诉讼): compare in order.
            expected = [(_key(x["label"]), x["value"]) for x in rep.statistics["legacy_table"]]
            got_rows = [(_key(x["label"]), x["value"]) for x in r["statistics"].get("legacy_table", [])]
            if got_rows != expected:
                problems.append((rep.file, "legacy_table"))
        if r["inferred"]:
            problems.append((rep.file, "inferred", r["inferred"][:3]))
    assert problems == []
    assert {era for era, _ in shapes} == {"pre2019", "2019", "2021"}
    assert len(shapes) >= 9
