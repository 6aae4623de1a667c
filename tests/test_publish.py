"""generator.publish: the downloads, on the committed sample records, with exact expected values."""
from __future__ import annotations

import copy
import csv
import gzip
import io
import json
import re
import sqlite3
from html import escape as html_escape
from pathlib import Path

import frictionless
import markdown
import pytest

from generator.publish import csv_text, csvs, datapackage, dictionary, sqlite, twins
from generator.publish.domain import vocabulary
from generator.records import load_record

ROOT = Path(__file__).resolve().parents[1]
RECORDS = sorted((ROOT / "site_data" / "records").glob("*.yaml"))
ZONE_2024 = "pingtan--pingtan-zone-2024-html"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [load_record(p) for p in RECORDS]


@pytest.fixture(scope="module")
def db_path(records, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "archive.sqlite"
    path.write_bytes(sqlite.archive_sqlite(records))
    return path


def _rows(data: bytes, excel: bool = False) -> list[list[str]]:
    text = data.decode("utf-8-sig" if excel else "utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


def _record(records, rid):
    return copy.deepcopy(next(r for r in records if r["id"] == rid))


# ------------------------------------------------------------------------------------------
# headline.csv


def test_headline_csv_columns_and_a_row(records):
    data = csvs.headline_csv(records)
    lines = data.decode("utf-8").split("\n")
    assert lines[0] == ("id,year,organisation,region,division_code,province,prefecture,county,title,published,template,proactive_items,requests_received,"
                        "requests_granted,requests_partially_granted,requests_completed,reviews,lawsuits,failed_checks,"
                        "source_url")
    assert len(lines) == 1 + 27 + 1 and lines[-1] == ""        # header, 27 records, final newline
    row = next(line for line in lines if line.startswith(ZONE_2024 + ","))
    assert row == (f"{ZONE_2024},2024,平潭综合实验区,,350128,福建省,福州市,平潭县,平潭综合实验区2024年度政府信息公开工作年度报告,2025-03-10,2021,"
                   "10407,218,71,29,218,7,19,0,https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm")
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    ids = [r[0] for r in _rows(data)[1:]]
    assert ids == sorted(ids)


def test_headline_excel_copy_is_the_same_cells_with_bom_and_crlf(records):
    plain, excel = csvs.headline_csv(records), csvs.headline_excel(records)
    assert excel.startswith(b"\xef\xbb\xbfid,year,")
    body = excel[3:]
    assert body.count(b"\r\n") == 28 and body.replace(b"\r\n", b"") .count(b"\n") == plain.count(b"\n") - 28
    assert _rows(excel, excel=True) == _rows(plain)


def test_headline_guards_formulas_and_strips_unsafe_characters(records):
    r = _record(records, ZONE_2024)
    r["title"] = "=HYPERLINK(\"http://x\")\u202e报告"
    r["organisation"]["name"] = "@SUM(A1)"
    r["organisation"]["region"] = ["-1+1", "福建省"]
    row = _rows(csvs.headline_csv([r]))[1]
    assert row[2] == "'@SUM(A1)"
    assert row[3] == "'-1+1 / 福建省"
    assert row[8] == "'=HYPERLINK(\"http://x\")报告"
    assert csv_text(-5) == "-5" and csv_text(18651.06) == "18651.06" and csv_text(None) == ""


# ------------------------------------------------------------------------------------------
# cells.csv


def test_cells_csv_counts_and_header(records):
    rows = _rows(csvs.cells_csv(records))
    assert rows[0] == ["record", "era", "table", "row", "column", "value", "blank", "inferred",
                       "row_label", "column_label", "unit"]
    body = rows[1:]
    assert len(body) == 1589
    by_table: dict[str, int] = {}
    for row in body:
        by_table[row[2]] = by_table.get(row[2], 0) + 1
    assert by_table == {"legacy_table": 589, "requests": 875, "review_litigation": 75, "proactive": 50}
    assert sum(1 for r in body if r[6] == "true") == 179
    assert sum(1 for r in body if r[7] == "true") == 434
    # Not-a-report sources publish no cells; every row is keyed once.
    assert not any(r[0].startswith("seeds--004") for r in body)
    assert len({tuple(r[:5]) for r in body}) == len(body)


def test_cells_csv_specific_cells(records):
    rows = {tuple(r[:5]): r for r in _rows(csvs.cells_csv(records))[1:]}
    assert rows[(ZONE_2024, "2021", "proactive", "fees", "amount_10k_yuan")] == [
        ZONE_2024, "2021", "proactive", "fees", "amount_10k_yuan", "18651.06", "false", "false",
        "行政事业性收费", "本年收费金额（单位：万元）", "万元"]
    assert rows[(ZONE_2024, "2021", "requests", "new_received", "natural_person")][5:] == [
        "217", "false", "false", "本年新收", "自然人", "件"]
    assert rows[(ZONE_2024, "2021", "review_litigation", "litigation_after_review", "upheld")][5:] == [
        "13", "false", "false", "行政诉讼（复议后起诉）", "结果维持", "件"]
    # A blank legacy cell: no value, blank true; its label and unit are the source's.
    assert rows[("pingtan--pingtan-county-2012-txt", "pre2019", "legacy_table", "3", "value")][5:] == [
        "", "true", "false", "受理依申请公开信息总数", "本年数", "条"]
    # The same figure read (html) and inferred from a glued digit run (txt).
    assert rows[("pingtan--pingtan-zone-2024-txt", "2021", "proactive", "regulations", "issued")][5:8] == ["0", "false", "true"]
    assert rows[(ZONE_2024, "2021", "proactive", "regulations", "issued")][5:8] == ["0", "false", "false"]


def test_cells_order_follows_the_formats(records):
    rows = [r for r in _rows(csvs.cells_csv(records))[1:] if r[0] == ZONE_2024]
    keys = [(r[2], r[3], r[4]) for r in rows]
    assert keys[:8] == [("requests", "new_received", c) for c in
                        ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other_org", "total")] \
        + [("requests", "carried_over", "natural_person")]
    assert [k for k in keys if k[0] == "proactive"][-1] == ("proactive", "fees", "amount_10k_yuan")
    assert len(rows) == 25 * 7 + 15 + 10        # 2021 era: 25 rows of section 三 (no single （六）其他处理 row)


def test_inferred_row_path_marks_each_cell_and_unknown_keys_are_kept(records):
    r = _record(records, "pingtan--pingtan-county-2012-html")
    r["inferred"] = ["statistics.legacy_table[0]"]
    r2 = _record(records, ZONE_2024)
    r2["statistics"]["proactive"]["new_row"] = {"count": 3}
    cells = list(csvs.cell_records([r, r2]))
    legacy0 = [c for c in cells if c["table"] == "legacy_table" and c["row"] == "0"]
    assert [(c["column"], c["value"], c["inferred"]) for c in legacy0] == [("value", 2026, True), ("cumulative", 3542, True)]
    assert not any(c["inferred"] for c in cells if c["table"] == "legacy_table" and c["row"] == "1")
    extra = [c for c in cells if c["row"] == "new_row"]
    assert extra == [{"record": ZONE_2024, "era": "2021", "table": "proactive", "row": "new_row", "column": "count",
                      "value": 3, "blank": False, "inferred": False, "row_label": None, "column_label": None, "unit": None}]


def test_cells_are_served_gzipped_and_unpack_to_cells_csv(records):
    """cells.csv.gz: deterministic gzip (mtime 0) of the UTF-8 cells.csv; no Excel copy (the long
    table outgrows Excel's 1,048,576 rows at about 7,000 reports)."""
    from generator.publish import CELLS_CSV, CELLS_FILE, data_files
    served = data_files(records)[CELLS_CSV]
    assert (CELLS_CSV, CELLS_FILE) == ("cells.csv.gz", "cells.csv")
    assert served[:2] == b"\x1f\x8b" and served[4:8] == b"\0\0\0\0"
    assert gzip.decompress(served) == csvs.cells_csv(records)
    assert len(served) < len(csvs.cells_csv(records)) / 5


# ------------------------------------------------------------------------------------------
# SQLite


def test_sqlite_is_byte_stable_and_order_independent(records):
    a = sqlite.archive_sqlite(records)
    b = sqlite.archive_sqlite(list(reversed(records)))
    assert a == b
    assert a[:16] == b"SQLite format 3\x00"
    assert sqlite.content_digest(a) == sqlite.content_digest(b)
    changed = [_record(records, ZONE_2024)] + [r for r in records if r["id"] != ZONE_2024]
    changed[0]["headline"]["reviews"] = 8
    assert sqlite.content_digest(sqlite.archive_sqlite(changed)) != sqlite.content_digest(a)


def test_sqlite_tables_keys_and_indexes(db_path):
    con = sqlite3.connect(db_path)
    count = lambda t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # noqa: E731
    assert (count("reports"), count("cells"), count("checks")) == (27, 1589, 90)
    assert con.execute("PRAGMA user_version").fetchone() == (2,)
    for table in ("cells", "checks"):
        fks = con.execute(f"PRAGMA foreign_key_list({table})").fetchall()
        assert [(f[2], f[3], f[4]) for f in fks] == [("reports", "record", "id")]
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    indexes = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_%'")}
    assert indexes == {"idx_reports_body_year", "idx_reports_year", "idx_reports_template",
                       "idx_reports_province_prefecture_county", "idx_cells_table_row_column",
                       "idx_cells_era", "idx_checks_id_status", "idx_checks_status"}
    plan = " ".join(r[3] for r in con.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM cells WHERE \"table\" = 'requests' AND \"row\" = 'total'"))
    assert "idx_cells_table_row_column" in plan
    row = con.execute("SELECT * FROM reports WHERE id = ?", (ZONE_2024,)).fetchone()
    assert row == (ZONE_2024, "平潭综合实验区2024年度政府信息公开工作年度报告", "平潭综合实验区", "平潭综合实验区", None,
                   "350128", "福建省", "福州市", "平潭县", 2024,
                   "2025-03-10", "2021", 1, None, "pingtan/pingtan-zone-2024.html",
                   "b4a3df832f212c8c5d9e21851f0a49f9eed892f3ab68147ce2e7ba2602103830",
                   "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202503/t20250310_97791.htm", "html",
                   10407, 218, 71, 29, 218, 7, 19, 0)
    # Integers stay integers, money keeps its decimals, blanks are NULL.
    assert con.execute("SELECT typeof(value), COUNT(*) FROM cells GROUP BY 1 ORDER BY 1").fetchall() == [
        ("integer", 1406), ("null", 179), ("real", 4)]
    assert con.execute("SELECT COUNT(*) FROM cells WHERE blank = 1 AND value IS NOT NULL").fetchone() == (0,)
    assert con.execute("SELECT record, seq, id, status FROM checks WHERE status = 'fail' ORDER BY record").fetchall() == [
        ("pingtan--pingtan-zone-2011-html", 0, "deadline", "fail"), ("pingtan--pingtan-zone-2011-txt", 0, "deadline", "fail")]


EXPECTED_QUERY_RESULTS = [
    [("2021", 6), ("pre2019", 18)],
    [("福建省", 20), (None, 1), ("广东省", 1), ("湖南省", 1), ("辽宁省", 1)],
    [("deadline", 2)],
    [(2011, 0, 0, 0, 0, 0), (2012, 0, 0, 0, 0, 0), (2013, 0, 0, 0, 0, 0), (2014, 1, 1, 1, 0, 0), (2015, 0, 0, 0, 0, 0),
     (2016, 0, 0, 0, 0, 0), (2022, 74, 21, 75, 2, 1), (2024, 218, 71, 218, 7, 19)],
    [("denied_internal_affairs", 66), ("denied_state_secret", 8), ("denied_third_party_rights", 6),
     ("denied_process_information", 4), ("denied_enforcement_files", 2), ("denied_administrative_query", 0),
     ("denied_prohibited_by_law", 0), ("denied_security_stability", 0)],
    [("2021", 1000, 150, 374), ("pre2019", 589, 29, 60)],
    [(2022, "pingtan--pingtan-zone-2022-html", 2), (2022, "pingtan--pingtan-zone-2022-txt", 2),
     (2024, ZONE_2024, 7), (2024, "pingtan--pingtan-zone-2024-txt", 7), (2024, "seeds--001_08f9ccedd4df91cd-txt", 0)],
]


def test_example_queries_give_the_documented_results(db_path):
    assert len(dictionary.QUERIES) == len(EXPECTED_QUERY_RESULTS) == 7
    con = sqlite3.connect(db_path)
    for query, expected in zip(dictionary.QUERIES, EXPECTED_QUERY_RESULTS):
        assert query.sql.isascii(), query.title       # the zh-Hant page must not convert them
        assert con.execute(query.sql).fetchall() == expected, query.title


# ------------------------------------------------------------------------------------------
# The data dictionary


def test_dictionary_names_every_published_column(records, db_path):
    res = {r.name: r for r in dictionary.resources()}
    assert [f.name for f in res["headline"].fields] == _rows(csvs.headline_csv(records))[0]
    assert [f.name for f in res["cells"].fields] == _rows(csvs.cells_csv(records))[0]
    con = sqlite3.connect(db_path)
    for r in res.values():
        if r.sqlite:
            table = dictionary.sqlite_table_name(r)
            info = con.execute(f"PRAGMA table_info({table})").fetchall()
            assert [f.name for f in r.fields] == [c[1] for c in info], table
            assert tuple(c[1] for c in sorted((c for c in info if c[5]), key=lambda c: c[5])) == r.primary_key
    for r in res.values():
        for f in r.fields:
            assert f.type in dictionary.TYPE_NAMES and f.meaning and f.blank and set(f.eras) <= {"pre2019", "2019", "2021"}


def test_dictionary_codes_cover_the_archive(records, db_path):
    con = sqlite3.connect(db_path)
    check_ids = {c.code for c in dictionary.check_codes()}
    assert {r[0] for r in con.execute("SELECT DISTINCT id FROM checks")} <= check_ids
    assert {"across_years.carry_over", "requests.balance", "deadline"} <= check_ids
    known = {(c.table, c.row, c.column) for c in vocabulary().coordinates}
    fixed = set(con.execute("SELECT DISTINCT \"table\", \"row\", \"column\" FROM cells WHERE \"table\" != 'legacy_table'"))
    assert fixed <= known and len(known) == 26 * 7 + 15 + 29
    assert {c.code for c in dictionary.era_codes()} == {"pre2019", "2019", "2021", "unknown"}
    assert {r[0] for r in con.execute("SELECT DISTINCT status FROM checks")} <= {c.code for c in dictionary.STATUS_CODES}
    rows_2021_only = [c.code for c in dictionary.row_codes("requests") if c.eras == ("2021",)]
    assert rows_2021_only == ["other_overdue_correction", "other_overdue_fee", "other_other"]
    assert [c.code for c in dictionary.row_codes("requests") if c.eras == ("2019",)] == ["other"]
    cols = {c.code: c for c in dictionary.column_codes("proactive")}
    # A column label that names its unit already does not get it twice.
    assert cols["amount_10k_yuan"].meaning == "本年收费金额（单位：万元）；用于 fees" and cols["amount_10k_yuan"].eras == ("2021",)
    assert cols["decisions"].meaning.startswith("本年处理决定数量（单位：件）")
    assert cols["decisions"].eras == ("2019", "2021")


def test_dictionary_page_renders_tables_and_is_deterministic():
    page = dictionary.dictionary_markdown()
    assert page == dictionary.dictionary_markdown() and page.endswith("\n") and not page.startswith("#")
    html = markdown.markdown(page, extensions=["attr_list", "toc"])
    assert html.count("<table>") == page.count("<table>") == 5 + 1 + 1 + 3 * 2 + 1 + 2
    assert "<p><table" not in html and "<p>&lt;table" not in html
    for q in dictionary.QUERIES:
        assert f'<pre><code class="language-sql">{html_escape(q.sql)}</code></pre>' in page
    # Every column of every download is named on the page.
    for r in dictionary.resources():
        for f in r.fields:
            assert f"<code>{f.name}</code>" in page
    assert "<code>not_processed_confirmation</code>" in page and "不予处理·确认或重新出具" in page
    # No Markdown table syntax and nothing left unescaped outside the page's own tags.
    stripped = re.sub(r"</?(table|thead|tbody|tr|th|td|caption|code|pre|p|br)( [a-z]+=\"[a-z-]+\")*>", "", page)
    assert "<" not in stripped and "|" not in stripped


def test_dictionary_escaping():
    assert dictionary._e('a|b<c>&"d\'\n e') == "a&#124;b&lt;c&gt;&amp;&quot;d&#x27; e"


# ------------------------------------------------------------------------------------------
# datapackage.json


def _write_package(records, directory: Path) -> Path:
    (directory / "headline.csv").write_bytes(csvs.headline_csv(records))
    (directory / "headline-excel.csv").write_bytes(csvs.headline_excel(records))
    (directory / "cells.csv.gz").write_bytes(csvs.cells_csv_gz(records))
    path = directory / "datapackage.json"
    path.write_bytes(datapackage.datapackage_json(records))
    return path


def test_datapackage_validates_with_frictionless(records, tmp_path):
    path = _write_package(records, tmp_path)
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["type", "message"])[:5]
    assert [(t.name, t.stats["rows"]) for t in report.tasks] == [
        ("headline", 27), ("headline-excel", 27), ("cells", 1589)]
    package = json.loads(path.read_text(encoding="utf-8"))
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["licenses"][0]["name"] == "MIT"
    assert package["sources"] == [{"title": "发布机关网站 www.pingtan.gov.cn", "path": "https://www.pingtan.gov.cn/"}]
    cells = package["resources"][2]
    assert cells["schema"]["primaryKey"] == ["record", "table", "row", "column"]
    assert cells["schema"]["foreignKeys"] == [{"fields": ["record"], "reference": {"resource": "headline", "fields": ["id"]}}]
    assert [f["name"] for f in cells["schema"]["fields"]] == list(csvs.CELL_COLUMNS)
    assert cells["path"] == "cells.csv.gz" and cells["compression"] == "gz"
    assert cells["hash"].startswith("sha256:") and cells["bytes"] == (tmp_path / "cells.csv.gz").stat().st_size
    assert datapackage.datapackage_json(list(reversed(records))) == path.read_bytes()


def _error_types(report) -> set[str]:
    return {row[0] for row in report.flatten(["type"])}


def test_datapackage_validation_catches_a_changed_file_and_a_bad_value(records, tmp_path):
    path = _write_package(records, tmp_path)
    cells = tmp_path / "cells.csv.gz"
    cells.write_bytes(gzip.compress(gzip.decompress(cells.read_bytes()).replace(b",18651.06,", b",18651.07,", 1), mtime=0))
    assert _error_types(frictionless.validate(str(path))) - {"byte-count"} == {"hash-count"}
    # Without hash and size, the schema still refuses a value that is not a number.
    package = json.loads(path.read_text(encoding="utf-8"))
    for r in package["resources"]:
        del r["hash"], r["bytes"]
    path.write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    cells.write_bytes(gzip.compress(csvs.cells_csv(records).replace(b",18651.06,false,", b",lots,false,", 1), mtime=0))
    assert _error_types(frictionless.validate(str(path))) == {"type-error"}


# ------------------------------------------------------------------------------------------
# JSON twins


def test_twin_is_the_public_record_sorted_and_sanitised(records):
    r = _record(records, ZONE_2024)
    data = twins.report_twin(r)
    assert data.endswith(b"}\n") and "平潭综合实验区".encode() in data and b"\\u" not in data
    twin = json.loads(data)
    assert list(twin) == sorted(twin) and set(twin) == set(twins.public_fields())
    assert twin["published"] == "2025-03-10" and twin["statistics"]["proactive"]["fees"] == {"amount_10k_yuan": 18651.06}
    assert twin["headline"]["lawsuits"] == 19
    hostile = copy.deepcopy(r)
    hostile["title"] = "报告\u200b\u202e<script>"
    hostile["_pipeline_only"] = "secret"
    t2 = json.loads(twins.report_twin(hostile))
    assert t2["title"] == "报告<script>" and "_pipeline_only" not in t2
    assert twins.report_twin(copy.deepcopy(r)) == data


def test_twins_for_every_record(records):
    files = twins.report_twins(list(reversed(records)))
    assert len(files) == 27 and list(files) == sorted(files)
    assert f"reports/{ZONE_2024}.json" in files
    bad = _record(records, ZONE_2024)
    bad["id"] = "../x"
    with pytest.raises(ValueError):
        twins.twin_path(bad)


# ------------------------------------------------------------------------------------------
# records.jsonl.gz, dictionary.json, and every file of data/


def test_records_jsonl_gz_is_one_sanitised_record_per_line_and_deterministic(records):
    from generator.publish import jsonl
    data = jsonl.records_jsonl_gz(records)
    assert data[:4] == b"\x1f\x8b\x08\x00"                       # gzip, deflate, no flags: no file name
    assert data[4:8] == b"\x00\x00\x00\x00" and data[8] == 0        # mtime 0; compresslevel 6 (XFL 0)
    assert data == jsonl.records_jsonl_gz(list(reversed(records)))
    lines = gzip.decompress(data).decode("utf-8").split("\n")
    assert len(lines) == 27 + 1 and lines[-1] == ""
    back = jsonl.read_records(data)
    assert [r["id"] for r in back] == sorted(r["id"] for r in records)
    zone = next(r for r in back if r["id"] == ZONE_2024)
    assert zone["published"] == "2025-03-10" and zone["headline"]["lawsuits"] == 19
    assert list(zone)[:4] == ["schema_version", "id", "is_report", "not_report_reason"]   # the record's own order
    hostile = _record(records, ZONE_2024)
    hostile["title"] = "报告\u200b\u202e<script>"
    assert jsonl.read_records(jsonl.records_jsonl_gz([hostile]))[0]["title"] == "报告<script>"
    # Far smaller than the indented JSON array it replaces.
    assert len(data) * 5 < len(json.dumps(jsonl.read_records(data), ensure_ascii=False, indent=1).encode())


def test_dictionary_json_holds_the_page_for_programs():
    data = json.loads(dictionary.dictionary_json())
    assert dictionary.dictionary_json() == dictionary.dictionary_json()
    assert [r["name"] for r in data["resources"]] == ["headline", "cells", "reports", "cells_table", "checks"]
    headline = data["resources"][0]
    assert headline["path"] == "headline.csv" and headline["primary_key"] == ["id"]
    lawsuits = next(f for f in headline["fields"] if f["name"] == "lawsuits")
    assert lawsuits["type"] == "number" and lawsuits["unit"] == "件" and "不等于 0" in lawsuits["blank"]
    cells_table = data["resources"][3]
    assert cells_table["sqlite_table"] == "cells"
    assert cells_table["foreign_keys"] == [{"field": "record", "resource": "reports", "reference": "id"}]
    blank = next(f for f in cells_table["fields"] if f["name"] == "blank")
    assert (blank["type"], blank["sqlite_type"]) == ("integer", "INTEGER") and blank["meaning"].endswith("：1 是，0 否")
    assert [e["code"] for e in data["eras"]] == ["pre2019", "2019", "2021", "unknown"]
    requests = next(t for t in data["tables"] if t["name"] == "requests")
    assert len(requests["rows"]) == 26 and len(requests["columns"]) == 7
    assert {"code": "other", "meaning": "其他处理", "eras": ["2019"]} in requests["rows"]
    assert [q["sql"] for q in data["queries"]] == [q.sql for q in dictionary.QUERIES]
    assert {c["code"] for c in data["checks"]} == {c.code for c in dictionary.check_codes()}


def test_data_files_are_every_download_of_the_data_directory(records):
    from generator.publish import data_files, jsonl
    files = data_files(records)
    names = [n for n in files if not n.startswith("reports/")]
    assert names == ["headline.csv", "headline-excel.csv", "cells.csv.gz", "archive.sqlite.gz",
                     "datapackage.json", "dictionary.json", "records.jsonl.gz"]
    assert sorted(n for n in files if n.startswith("reports/")) == sorted(f"reports/{r['id']}.json" for r in records)
    assert files["headline.csv"] == csvs.headline_csv(records)
    assert files["datapackage.json"] == datapackage.datapackage_json(records)
    # served gzipped: it unpacks to the same database, and the bytes are deterministic (mtime 0)
    assert sqlite.content_digest(gzip.decompress(files["archive.sqlite.gz"])) == sqlite.content_digest(sqlite.archive_sqlite(records))
    assert files["archive.sqlite.gz"][4:8] == b"\0\0\0\0"
    assert files["records.jsonl.gz"] == jsonl.records_jsonl_gz(records)
    assert files[f"reports/{ZONE_2024}.json"] == twins.report_twin(_record(records, ZONE_2024))
    assert data_files(list(reversed(records))) == files


def test_downloads_are_made_in_one_pass_each_record_sanitised_once(records, monkeypatch):
    """iter_data_files sanitises a record, feeds it to every archive-wide file and yields its twin
    before it touches the next: no list of sanitised copies, no dict of twins."""
    import generator.publish as publish

    seen: list[str] = []
    real = publish.sanitize
    monkeypatch.setattr(publish, "sanitize", lambda r: seen.append(r["id"]) or real(r))
    ids = sorted(r["id"] for r in records)
    files = publish.iter_data_files(list(reversed(records)))
    for n, rid in enumerate(ids, 1):
        path, data = next(files)
        assert (path, len(seen)) == (f"reports/{rid}.json", n)      # this record's twin, after its own sanitising
        assert data == twins.report_twin(_record(records, rid))
    rest = dict(files)
    assert list(rest) == ["headline.csv", "headline-excel.csv", "cells.csv.gz", "archive.sqlite.gz",
                          "datapackage.json", "dictionary.json", "records.jsonl.gz"]
    assert seen == ids                                                # each once, in id order
    monkeypatch.setattr(publish, "sanitize", real)
    assert gzip.decompress(rest["archive.sqlite.gz"]) == sqlite.archive_sqlite(records)
    assert rest["cells.csv.gz"] == csvs.cells_csv_gz(records)


def test_a_reader_that_stops_early_leaves_no_temporary_database(records, monkeypatch, tmp_path):
    import tempfile

    import generator.publish as publish

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    files = publish.iter_data_files(records)
    next(files)
    assert [p.name[:15] for p in tmp_path.iterdir()] == ["archive-sqlite-"]
    files.close()
    assert list(tmp_path.iterdir()) == []


def test_sqlite_stores_values_it_cannot_hold_without_failing(records, tmp_path):
    r = _record(records, ZONE_2024)
    r["source"]["sha256"] = 2222222222222222222222222222222222222222222222222222222222222222   # a hash YAML read as an int
    r["headline"]["reviews"] = 10 ** 20                                                          # past 64 bits
    path = tmp_path / "a.sqlite"
    path.write_bytes(sqlite.archive_sqlite([r]))
    con = sqlite3.connect(path)
    assert con.execute("SELECT source_sha256, reviews, typeof(reviews), lawsuits FROM reports").fetchone() == (
        "2" * 64, 1e20, "real", 19)
    assert _rows(csvs.headline_csv([r]))[1][16] == "100000000000000000000"     # the CSV keeps every digit


# ------------------------------------------------------------------------------------------
# The downloads made in chunks, with a cache between runs (generator.publish.chunks)


def _which_chunks(records):
    from generator.publish import chunks
    return [[r["id"] for r in c] for c in chunks.chunked(sorted(records, key=lambda r: r["id"]))]


def test_chunk_boundaries_depend_on_the_ids_alone(records, monkeypatch):
    from generator.publish import chunks
    monkeypatch.setattr(chunks, "CHUNK_MODULUS", 4)
    ids = sorted(r["id"] for r in records)
    cut = _which_chunks(records)
    assert [i for c in cut for i in c] == ids
    assert [c[-1] for c in cut[:-1]] == [i for i in ids if chunks.ends_chunk(i)][:len(cut) - 1]
    assert len(cut) == 1 + sum(chunks.ends_chunk(i) for i in ids[:-1])
    # removing a record changes its own chunk only
    gone = cut[1][0]
    assert _which_chunks([r for r in records if r["id"] != gone]) == [c if gone not in c else [i for i in c if i != gone] for c in cut]


def test_gzip_members_read_as_one_file(records, monkeypatch):
    """cells.csv.gz and records.jsonl.gz are a member per chunk: they unpack to the whole file."""
    from generator.publish import chunks, jsonl
    monkeypatch.setattr(chunks, "CHUNK_MODULUS", 4)
    cells = csvs.cells_csv_gz(records)
    members = cells.count(b"\x1f\x8b\x08\x00\x00\x00\x00\x00")
    assert members == 1 + len(_which_chunks(records)) - sum(
        not any(r.get("is_report") for r in records if r["id"] in c) for c in _which_chunks(records))
    assert gzip.decompress(cells) == csvs.cells_csv(records)
    with gzip.open(io.BytesIO(jsonl.records_jsonl_gz(records)), "rt", encoding="utf-8") as f:
        assert [json.loads(line)["id"] for line in f] == sorted(r["id"] for r in records)


def _downloads(records, cache=None, twin_wanted=None):
    from generator import publish
    return dict(publish.iter_data_files(records, cache, twin_wanted=twin_wanted))


def test_downloads_made_with_the_cache_are_the_same_bytes(records, monkeypatch, tmp_path):
    """Cold cache, warm cache, one record changed, one removed, one added back, an entry spoilt:
    every time the files are byte for byte those made without a cache, and only the chunks of
    the records that changed are sanitised again."""
    import generator.publish as publish
    from generator.publish import chunks
    monkeypatch.setattr(chunks, "CHUNK_MODULUS", 4)
    sanitised: list[str] = []
    real = publish.sanitize
    monkeypatch.setattr(publish, "sanitize", lambda r: sanitised.append(r["id"]) or real(r))

    def run(recs):
        # The twins are on disk (twin_wanted false): a record is sanitised only for its chunk or its rows.
        sanitised.clear()
        cache = chunks.DataCache(tmp_path / "cache", "renderer-1")
        made = _downloads(recs, cache, twin_wanted=lambda rid, digest: False)
        done = list(sanitised)
        fresh = _downloads(recs)
        assert {k: v for k, v in made.items() if v is not None} == {k: v for k, v in fresh.items() if not k.startswith("reports/")}
        assert sorted(k for k, v in made.items() if v is None) == sorted(k for k in fresh if k.startswith("reports/"))
        sanitised[:] = done
        return cache

    cold = run(records)
    assert (cold.hits, cold.misses) == (0, len(_which_chunks(records)))
    warm = run(records)
    assert (warm.hits, warm.misses, sanitised) == (len(_which_chunks(records)), 0, [])
    changed = [copy.deepcopy(r) for r in records]
    target = next(r for r in changed if r["id"] == ZONE_2024)
    target["headline"]["reviews"] = 99
    target["title"] = "改过的标题"
    cache = run(changed)
    its_chunk = next(c for c in _which_chunks(records) if ZONE_2024 in c)
    assert cache.misses == 1
    assert sanitised == its_chunk                               # that chunk's records, once each
    files = _downloads(changed)
    assert _rows(files["headline.csv"])[1 + sorted(r["id"] for r in records).index(ZONE_2024)][8] == "改过的标题"
    without = [r for r in changed if r["id"] != ZONE_2024]
    run(without)
    run(changed)
    for entry in (tmp_path / "cache" / "chunks").iterdir():    # a spoilt entry is a miss, not an error
        entry.write_bytes(entry.read_bytes()[:-5])
    assert run(changed).misses == len(_which_chunks(records))
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["chunks", "staging.sqlite"]


def test_the_sqlite_staging_keeps_the_rows_of_unchanged_records(records, tmp_path):
    """A rebuild replaces the rows of the changed records only; another renderer starts afresh."""
    from generator.publish import chunks
    from generator.records import value_digest
    cache = chunks.DataCache(tmp_path, "renderer-1")
    _downloads(records, cache)
    con = sqlite3.connect(cache.staging)
    assert con.execute("SELECT count(*) FROM _digests").fetchone() == (27,)
    assert dict(con.execute("SELECT id, digest FROM _digests"))[ZONE_2024] == value_digest(_record(records, ZONE_2024))
    con.close()
    changed = [copy.deepcopy(r) for r in records if r["id"] != "pingtan--pingtan-zone-2015-txt"]
    staging = sqlite.Staging(cache.staging, "renderer-1")
    staging.keep_only({r["id"]: value_digest(r) for r in changed})
    assert len(staging.digests) == 26
    staging.close()                                           # not committed: nothing is lost
    assert len(sqlite.Staging(cache.staging, "renderer-1").digests) == 27
    assert sqlite.Staging(cache.staging, "renderer-2").digests == {}
