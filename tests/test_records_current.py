"""The committed records are exactly what the parser makes of the committed sources, and valid."""
from generator import pipeline, records as rec


def test_committed_records_match_the_parser(sample_records):
    records, errors = sample_records
    assert errors == []
    expected = {f"{r['id']}.yaml": rec.dump_yaml(r) for r in records}
    committed = {p.name: p.read_text(encoding="utf-8") for p in sorted(pipeline.RECORDS.glob("*.yaml"))}
    assert sorted(committed) == sorted(expected), "records are stale: run `make records`"
    stale = [name for name in expected if committed[name] != expected[name]]
    assert stale == [], f"records differ from the parser's output (run `make records`): {stale}"


def test_every_committed_record_is_valid():
    for path in sorted(pipeline.RECORDS.glob("*.yaml")):
        assert rec.validate(rec.load_yaml(path)) == [], path.name


def test_parsing_is_deterministic_across_processes(sample_records):
    a, _ = sample_records
    b, _ = pipeline.parse_archive(jobs=2)
    assert [rec.dump_yaml(r) for r in a] == [rec.dump_yaml(r) for r in b]


def test_every_source_is_published_or_listed_with_a_reason(sample_records):
    records, errors = sample_records
    published, unpublished = pipeline.select_published(records, errors)
    files = {p.relative_to(pipeline.SOURCES).as_posix() for p in pipeline.ingest.discover(pipeline.SOURCES)}
    accounted = {r["source"]["file"] for r in published} | {u["file"] for u in unpublished}
    assert files == accounted
    assert all(u["reason"] for u in unpublished)
    assert len(published) == 14          # huaian-2024.txt now lives in ../shared/ (tests/test_pdf.py)
    assert {u["id"] for u in unpublished if u["reason"].startswith("不是年度报告：")} == {
        "seeds--004_f2e2464724e2d28a-txt-p1", "seeds--004_f2e2464724e2d28a-txt-p2", "seeds--004_f2e2464724e2d28a-txt-p3"}
