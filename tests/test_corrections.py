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


def test_a_correction_the_parser_has_caught_up_with_changes_nothing():
    record = {"organisation": {"name": "某镇人民政府", "region": []}, "corrections": []}
    out = rec.apply_corrections(record, [{"field": "organisation.name", "value": "某镇人民政府", "reason": "r"},
                                         {"field": "organisation.region", "value": ["某县"], "reason": "r2"}], "x.yaml")
    assert out["organisation"] == {"name": "某镇人民政府", "region": ["某县"]}
    assert [(c["field"], c["from"], c["to"]) for c in out["corrections"]] == [("organisation.region", [], ["某县"])]


def test_the_sample_correction_is_now_what_the_parser_reads(sample_records):
    records, _ = sample_records
    (r,) = [r for r in records if r["id"] == "seeds--003_609de0e3619b3334-txt"]
    # The parser now reads what the maintainer's correction says from the text itself (the signature
    # "广州市南沙区黄阁镇人民政府"): the correction changes nothing and is not listed.
    assert r["organisation"] == {"name": "黄阁镇人民政府", "region": ["广州市", "南沙区"], "name_source": "text", "body": "黄阁镇人民政府",
                                 # the corrected name and region now tell its division (generator/places)
                                 "place": {"code": "440115102", "province": "广东省", "prefecture": "广州市", "county": "南沙区",
                                           "township": "黄阁镇", "via": "name"}}
    assert r["corrections"] == []
    # The township deadline rule now applies (the statute names no date for townships).
    assert [c["status"] for c in r["checks"] if c["id"] == "deadline"] == ["not_applicable"]
    published, unpublished = pipeline.select_published(records, [])
    page = render_pages(published, unpublished, "zh-Hans")["reports/seeds--003_609de0e3619b3334-txt.md"]
    assert "黄阁镇人民政府" in page


def test_a_body_that_names_itself_two_ways_has_one_page_and_keeps_its_own_names(sample_records):
    records, _ = sample_records
    by_id = {r["id"]: r for r in records}
    assert by_id["pingtan--pingtan-zone-2014-html"]["organisation"]["name"] == "平潭综合实验区管委会"   # as the report says
    assert by_id["pingtan--pingtan-zone-2014-html"]["organisation"]["body"] == "平潭综合实验区"          # site_data/bodies.yaml
    published, unpublished = pipeline.select_published(records, [])
    pages = render_pages(published, unpublished, "zh-Hans")
    zone = [p for path, p in pages.items() if path.startswith("bodies/b-") and "reports/pingtan--pingtan-zone-2014-html/" in p]
    assert len(zone) == 1
    assert "共 8 份报告" in zone[0]
    assert all(f"reports/pingtan--pingtan-zone-{y}-html/" in zone[0] for y in (2011, 2012, 2013, 2015, 2016, 2022, 2024))
