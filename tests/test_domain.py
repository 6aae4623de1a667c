"""The one description of the report formats (generator/domain/formats.yaml), the typed model
(generator/model.py) and the JSON Schema generated from both."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from generator import model
from generator.check import check_requests
from generator.domain import FORMATS, FORMATS_PATH, Caption, load
from generator.domain.arithmetic import comparisons, row_rule
from generator.parse.statistics import parse_requests
from generator.parse.tables import splits
from generator.records import dump_yaml, load_yaml, to_json_compatible
from generator.render import render_pages
from generator.render.tables_spec import described_by
from generator.schema import generate

ROOT = Path(__file__).resolve().parents[1]
RECORDS = sorted((ROOT / "site_data" / "records").glob("*.yaml"))

NEW_ROW = ("      - {key: not_processed_new_kind, printed: 6.要求提供测试用的新类型信息, "
           "match: 要求提供测试用的新类型信息, item: 6, short: 不予处理·新类型, level: 2, outcome: true}\n")


def test_the_eras_rows_are_those_of_record_md():
    req = FORMATS.requests
    assert len(req.rows("2021")) == 25 and len(req.rows("2019")) == 23
    assert req.row_keys("2019")[-4:] == ["not_processed_confirmation", "other", "total", "carried_forward"]
    assert [c.key for c in req.columns] == ["natural_person", "commercial", "research", "social_welfare",
                                           "legal_services", "other_org", "total"]
    assert FORMATS.review_litigation.row_keys() == ["review", "litigation_direct", "litigation_after_review"]
    assert FORMATS.proactive.row_keys("2019") == ["regulations", "normative_documents", "licensing", "other_services",
                                                  "punishment", "coercion", "fees", "procurement"]
    assert FORMATS.headline_keys == ["proactive_items", "requests_received", "requests_granted",
                                     "requests_partially_granted", "requests_completed", "reviews", "lawsuits"]
    captions = [line.caption for line in req.lines if isinstance(line, Caption) and "2019" in line.eras]
    assert captions == ["三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理"]


def test_the_splitter_rule_is_the_tables_row_identity():
    # "101000011": seven cells whose first six sum to the seventh; two splits satisfy it.
    assert splits(["101000011"], 7, row_rule(FORMATS.requests)) == [[1, 0, 10, 0, 0, 0, 11], [10, 1, 0, 0, 0, 0, 11]]
    # Section 四's fifteen glued figures: each group of five ends with its sum.
    assert splits(["21317000001324019"], 15, row_rule(FORMATS.review_litigation)) == [
        [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19]]


def test_a_failing_identity_names_the_numbers():
    cells = {"new_received": {"total": 5}, "carried_over": {"total": 1}, "total": {"total": 4}, "carried_forward": {"total": 1}}
    balance = FORMATS.requests.identities[0]
    [column] = list(comparisons(FORMATS.requests, balance, cells, "2021"))
    assert not column.holds
    assert column.failure(balance) == "总计 5 + 1 = 6 ≠ 4 + 1 = 5"


def _formats_with_new_row(tmp_path: Path):
    text = FORMATS_PATH.read_text(encoding="utf-8")
    anchor = "short: 不予处理·确认或重新出具, level: 2, outcome: true}\n"
    assert text.count(anchor) == 1
    copy = tmp_path / "formats.yaml"
    copy.write_text(text.replace(anchor, anchor + NEW_ROW), encoding="utf-8")
    return load(copy)


def _section_three(formats, values: dict[str, list[int]]) -> str:
    lines = ["三、收到和处理政府信息公开申请情况"]
    for row in formats.requests.rows("2021"):
        lines.append("|" + row.printed + "|" + "|".join(str(v) for v in values[row.key]) + "|")
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines)


def _values(formats, new_kind: int) -> dict[str, list[int]]:
    """A balanced 2021 table: 3 granted, 1 partially, ``new_kind`` of the new kind, all by natural persons."""
    values = {r.key: [0] * 7 for r in formats.requests.rows("2021")}
    def put(key: str, n: int) -> None:
        values[key] = [n, 0, 0, 0, 0, 0, n]
    put("granted", 3)
    put("partially_granted", 1)
    if "not_processed_new_kind" in values:
        put("not_processed_new_kind", new_kind)
    put("new_received", 4 + new_kind)
    put("total", 4 + new_kind)
    return values


def test_a_row_added_to_the_description_is_parsed_checked_and_in_the_schema(tmp_path):
    formats = _formats_with_new_row(tmp_path)
    assert len(formats.requests.rows("2021")) == 26
    text = _section_three(formats, _values(formats, new_kind=2))
    notes: list = []
    table = parse_requests(text, "2021", notes, [], formats)
    assert table is not None
    assert table["not_processed_new_kind"] == {"natural_person": 2, "commercial": 0, "research": 0, "social_welfare": 0,
                                               "legal_services": 0, "other_org": 0, "total": 2}
    assert table["total"]["total"] == 6
    checks = {c["id"]: c for c in check_requests(table, "2021", formats)}
    assert checks["requests.outcomes_sum"]["status"] == "pass"
    # The new row counts among the outcomes: without it the outcomes no longer add up.
    table["not_processed_new_kind"]["natural_person"] = 0
    table["not_processed_new_kind"]["total"] = 0
    checks = {c["id"]: c for c in check_requests(table, "2021", formats)}
    assert checks["requests.outcomes_sum"]["message"] == (
        "逐列核对 各办理结果之和 = （七）总计：自然人 各办理结果合计 4 ≠ 总计 6；总计 各办理结果合计 4 ≠ 总计 6")
    # The schema generated from the copy admits the row; the shipped one (from formats.yaml) does not.
    record = to_json_compatible(load_yaml(ROOT / "site_data/records/pingtan--pingtan-zone-2024-html.yaml"))
    record["statistics"]["requests"]["not_processed_new_kind"] = dict(table["granted"])
    assert not list(jsonschema.Draft202012Validator(generate.build(formats)).iter_errors(record))
    shipped = json.loads(generate.SCHEMA_PATH.read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft202012Validator(shipped).iter_errors(record)] == [
        "Additional properties are not allowed ('not_processed_new_kind' was unexpected)"]


def _report_page(record: dict) -> str:
    (page,) = [text for path, text in render_pages([record], [], "zh-Hans").items() if path == f"reports/{record['id']}.md"]
    return page


def test_a_row_added_to_the_description_is_rendered_in_its_place(tmp_path):
    """The render half: with the copy as the description, the report page shows the new row under
    （五）不予处理 with its printed label and figures; with the shipped one, as a row it does not know."""
    formats = _formats_with_new_row(tmp_path)
    table = parse_requests(_section_three(formats, _values(formats, new_kind=2)), "2021", [], [], formats)
    record = load_yaml(ROOT / "site_data/records/pingtan--pingtan-zone-2024-html.yaml")
    record["statistics"]["requests"] = table
    with described_by(formats):
        page = _report_page(record)
    rows = [line for line in page.splitlines() if line.startswith("<tr") and "要求提供测试用的新类型信息" in line]
    assert len(rows) == 1
    assert "（未识别的行）" not in rows[0]
    cells = re.findall(r'<td class="num[^"]*"[^>]*>([^<]*)</td>', rows[0])
    assert cells == ["2", "0", "0", "0", "0", "0", "2"]
    lines = page.splitlines()
    assert lines.index(rows[0]) == lines.index(next(line for line in lines if "5.要求行政机关确认或重新出具已获取信息" in line)) + 1
    shipped = _report_page(record)
    assert "要求提供测试用的新类型信息" not in shipped
    assert [line for line in shipped.splitlines() if "not_processed_new_kind" in line and "（未识别的行）" in line]


def test_without_the_row_in_the_description_the_parser_does_not_read_it(tmp_path):
    formats = _formats_with_new_row(tmp_path)
    text = _section_three(formats, _values(formats, new_kind=2))
    table = parse_requests(text, "2021", [], [], FORMATS)
    assert table is not None and "not_processed_new_kind" not in table
    assert len(table) == 25


def test_the_shipped_schema_is_the_generated_one():
    assert generate.SCHEMA_PATH.read_text(encoding="utf-8") == generate.text(), \
        "record.schema.json is out of date: run .venv/bin/python -m generator.schema.generate"


def test_the_generated_schema_is_valid_and_every_committed_record_passes_it():
    schema = generate.build()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert len(RECORDS) == 27
    for path in RECORDS:
        assert not list(validator.iter_errors(to_json_compatible(load_yaml(path)))), path.name


@pytest.mark.parametrize("path", RECORDS, ids=[p.stem for p in RECORDS])
def test_every_committed_record_goes_through_the_model_byte_for_byte(path):
    data = load_yaml(path)
    assert dump_yaml(model.to_data(model.from_data(data))) == path.read_text(encoding="utf-8")


def test_the_model_refuses_a_record_that_breaks_the_contract():
    data = load_yaml(ROOT / "site_data/records/pingtan--pingtan-zone-2024-html.yaml")
    data["template"] = "2020"
    with pytest.raises(Exception, match=r"Expected `str` matching|Invalid enum value '2020'"):
        model.from_data(data)
    data = load_yaml(ROOT / "site_data/records/pingtan--pingtan-zone-2024-html.yaml")
    data["organisation"]["nickname"] = "x"
    with pytest.raises(Exception, match="unknown field `nickname`"):
        model.from_data(data)


def test_cells_of_a_record():
    record = model.from_data(load_yaml(ROOT / "site_data/records/pingtan--pingtan-zone-2024-html.yaml"))
    cells = list(model.cells(record))
    requests = [c for c in cells if c.path.startswith("statistics.requests.")]
    review = [c for c in cells if c.path.startswith("statistics.review_litigation.")]
    assert len(requests) == 25 * 7 and len(review) == 15
    granted = next(c for c in cells if c.path == "statistics.requests.granted.total")
    assert granted.value == record.statistics.requests["granted"]["total"] and not granted.blank
