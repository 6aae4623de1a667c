"""Maintainers' corrections survive re-parsing and are shown with what they replaced and why."""
from datetime import date

from generator import pipeline, records as rec
from generator.render import render_pages


def test_apply_corrections_keeps_the_parsed_value_and_the_reason():
    record = {"organisation": {"name": None, "region": [], "name_source": None}, "published": None, "corrections": []}
    out = rec.apply_corrections(record, [
        {"field": "organisation.name", "value": "某镇人民政府", "reason": "URL is the township's site"},
        {"field": "published", "value": "2020-01-15", "reason": "web date"},
    ], "x.yaml")
    assert out["organisation"] == {"name": "某镇人民政府", "region": [], "name_source": "correction"}
    assert out["published"] == date(2020, 1, 15)
    assert out["corrections"] == [
        {"field": "organisation.name", "from": None, "to": "某镇人民政府", "reason": "URL is the township's site (x.yaml)"},
        {"field": "published", "from": None, "to": "2020-01-15", "reason": "web date (x.yaml)"},
    ]
    assert record["organisation"]["name"] is None   # the parser's record is not mutated


def test_sample_correction_survives_reparsing_and_reaches_the_page():
    records, _ = pipeline.parse_archive(jobs=1)
    (r,) = [r for r in records if r["id"] == "003-609de0e3619b3334-txt"]
    assert r["organisation"] == {"name": "黄阁镇人民政府", "region": ["广州市", "南沙区"], "name_source": "correction"}
    assert [(c["field"], c["from"], c["to"]) for c in r["corrections"]] == [
        ("organisation.name", "黄阁镇", "黄阁镇人民政府"), ("organisation.region", [], ["广州市", "南沙区"])]
    # The township deadline rule now applies (the statute names no date for townships).
    assert [c["status"] for c in r["checks"] if c["id"] == "deadline"] == ["not_applicable"]
    published, unpublished = pipeline.select_published(records, [])
    page = render_pages(published, unpublished, "zh-Hans")["reports/003-609de0e3619b3334-txt.md"]
    assert "黄阁镇人民政府" in page and "organisation.name" in page
