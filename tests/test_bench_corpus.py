"""The benchmark's synthetic corpus (benchmarks/synth.py): shape, eras, arithmetic, determinism.

No timing here: benchmarks/bench.py measures; this only pins down what it measures on.
"""
from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
N = 6


def _load_synth():
    spec = importlib.util.spec_from_file_location("bench_synth", ROOT / "benchmarks" / "synth.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


synth = _load_synth()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    reports = synth.generate(out, N, seed=0)
    return out, reports


def _digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_file_count_and_layout(corpus):
    out, reports = corpus
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert len(files) == 2 * N
    assert {p.parent for p in files} == {out / synth.COLLECTION}
    sources = [p for p in files if not p.name.endswith(".meta.yaml")]
    assert len(sources) == N
    assert sorted(p.name for p in sources) == sorted(r.name for r in reports)
    for p in sources:
        assert p.suffix in (".html", ".txt")
        assert (p.parent / (p.name + ".meta.yaml")).is_file()


def test_sidecars(corpus):
    out, reports = corpus
    for r in reports:
        meta = yaml.safe_load((out / (r.file + ".meta.yaml")).read_text(encoding="utf-8"))
        assert meta == {"url": r.url, "retrieved": None, "notes": "synthetic"}
        assert meta["url"].startswith("https://") and ".gov.cn/" in meta["url"]


def test_eras_and_shapes_present(corpus):
    _, reports = corpus
    assert {r.era for r in reports} == {"pre2019", "2019", "2021"}
    assert {r.shape for r in reports} == {"html", "dump", "cells", "word"}
    for r in reports:
        assert f"-{r.era}-{r.shape}." in r.name
        if r.era == "pre2019":
            assert 2008 <= r.year <= 2018
        elif r.era == "2019":
            assert r.year in (2019, 2020)
        else:
            assert r.year >= 2021


def test_sizes(corpus):
    out, reports = corpus
    for r in reports:
        size = (out / r.file).stat().st_size
        prose = sum(len(p.encode()) for _, paragraphs in r.sections for p in paragraphs)
        assert synth.PROSE_TARGET[0] <= prose <= synth.PROSE_TARGET[1] + 600, (r.name, prose)
        if r.shape == "word":
            assert 200_000 <= size <= 300_000, (r.name, size)
        elif r.shape == "html":
            assert 20_000 <= size < 200_000, (r.name, size)
        else:
            assert size < 40_000, (r.name, size)


def _check_requests(era: str, req: dict) -> None:
    assert list(req) == synth.request_row_keys(era)
    assert len(req) == (25 if era == "2021" else 23)
    outcomes = synth.outcome_keys(era)
    for row in req.values():
        assert list(row) == list(synth.COLUMNS)
        assert all(isinstance(v, int) and v >= 0 for v in row.values())
        assert row["total"] == sum(row[c] for c in synth.APPLICANTS)
    for col in synth.COLUMNS:
        assert req["new_received"][col] + req["carried_over"][col] == req["total"][col] + req["carried_forward"][col]
        assert req["total"][col] == sum(req[k][col] for k in outcomes)


def test_arithmetic_identities_hold(corpus):
    _, reports = corpus
    for r in reports:
        stats = r.statistics
        if r.era == "pre2019":
            assert set(stats) == {"legacy_table"}
            table = {row["label"]: row["value"] for row in stats["legacy_table"]}
            received = next(v for k, v in table.items() if k.startswith(("（一）收到申请数", "受理依申请公开信息总数")))
            channels = [v for k, v in table.items() if re.match(r"(其中：)?\d[.、](当面|传真|电子邮件|网络|网上|信函)申请数", k)]
            assert channels and received == sum(channels)
            continue
        assert set(stats) == {"proactive", "requests", "review_litigation"}
        _check_requests(r.era, stats["requests"])
        rl = stats["review_litigation"]
        assert list(rl) == list(synth.REVIEW_GROUPS)
        for group in rl.values():
            assert group["total"] == group["upheld"] + group["corrected"] + group["other"] + group["pending"]
        proactive = stats["proactive"]
        if r.era == "2021":
            assert set(proactive) == {"regulations", "normative_documents", "licensing", "punishment", "coercion", "fees"}
        else:
            assert set(proactive) == {"regulations", "normative_documents", "licensing", "other_services",
                                      "punishment", "coercion", "fees", "procurement"}


def test_cross_year_identities_for_one_body():
    """Consecutive years of one body: 结转下年度 → 上年结转, and 现行有效件数 chains (2021 era)."""
    by_key = {}
    for i in range(60):
        r = synth.make_report(0, i)
        by_key[(r.body.index, r.era, r.year)] = r
    pairs = 0
    for (body, era, year), r in by_key.items():
        prev = by_key.get((body, era, year - 1))
        if era == "pre2019" or prev is None:
            continue
        pairs += 1
        assert prev.statistics["requests"]["carried_forward"] == r.statistics["requests"]["carried_over"]
        if era == "2021":
            for key in ("regulations", "normative_documents"):
                p, c = prev.statistics["proactive"][key], r.statistics["proactive"][key]
                assert p["in_force"] + c["issued"] - c["repealed"] == c["in_force"]
    assert pairs >= 5


class _Grid(HTMLParser):
    """Rebuilds each <table> as a grid, honouring rowspan and colspan."""

    def __init__(self):
        super().__init__()
        self.tables, self._rows, self._cell, self._depth = [], None, None, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "MsoNormalTable" in (a.get("class") or ""):
            self._rows = []
        elif self._rows is not None and tag == "tr":
            self._rows.append([])
        elif self._rows is not None and tag == "td":
            self._cell = [int(a.get("rowspan", 1)), int(a.get("colspan", 1)), ""]

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[2] += data

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._rows[-1].append(tuple(self._cell))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables.append(self._rows)
            self._rows = None


def _expand(rows):
    grid, pending = [], {}
    for row in rows:
        out, col, cells = [], 0, list(row)
        while cells or pending.get(col):
            if pending.get(col):
                text, left = pending[col]
                out.append(text)
                pending[col] = (text, left - 1) if left > 1 else None
                col += 1
                continue
            rowspan, colspan, text = cells.pop(0)
            for k in range(colspan):
                out.append(text.strip())
                if rowspan > 1:
                    pending[col] = (text.strip(), rowspan - 1)
                col += 1
        grid.append(out)
    return grid


def test_html_tables_are_well_formed_grids_with_the_right_labels(corpus):
    out, reports = corpus
    html = [r for r in reports if r.shape in ("html", "word")]
    assert html
    for r in html:
        text = (out / r.file).read_bytes().decode(r.encoding)
        parser = _Grid()
        parser.feed(text)
        widths = {"pre2019": [3], "2019": [4, 10, 15], "2021": [4, 10, 15]}[r.era]
        assert len(parser.tables) == len(widths)
        for rows, width in zip(parser.tables, widths):
            grid = _expand(rows)
            assert all(len(line) == width for line in grid), (r.name, [len(line) for line in grid])
        if r.era != "pre2019":
            requests = _expand(parser.tables[1])
            labels = [line[2] for line in requests[3:]]
            keys = synth.request_row_keys(r.era)
            assert len(labels) == len(keys)
            req = r.statistics["requests"]
            for line, key in zip(requests[3:], keys):
                assert [int(x) for x in line[3:]] == [req[key][c] for c in synth.COLUMNS]


def test_text_shapes_carry_headings_labels_and_numbers(corpus):
    out, reports = corpus
    for r in reports:
        raw = (out / r.file).read_bytes().decode(r.encoding)
        text = re.sub(r"<[^>]+>", "", raw).replace("&nbsp;", " ")
        assert r.title in text
        if r.era == "pre2019":
            assert "政府信息公开情况统计表" in text
            for row in r.statistics["legacy_table"]:
                assert row["label"] in text
            continue
        for number, title in synth.SECTION_TITLES:
            assert f"{number}、{title}" in text
        labels = [label for _, rows in synth.outcome_groups(r.era) for _, label in rows]
        for label in ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果",
                      *labels, "（七）总计", "四、结转下年度继续办理"]:
            assert label in text, (r.name, label)
        assert ("1.申请人无正当理由逾期不补正" in text) == (r.era == "2021")
        received = r.statistics["requests"]["new_received"]["total"]
        assert f"共收到政府信息公开申请{received}件" in text
        if r.shape == "dump" and "|申请人情况" in raw:
            row = next(line for line in raw.splitlines() if line.startswith("一、本年新收"))
            numbers = [int(x) for x in row.split("|")[1:] if x]
            assert numbers == [r.statistics["requests"]["new_received"][c] for c in synth.COLUMNS]


def test_same_seed_gives_identical_bytes_and_other_seeds_differ(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synth.generate(a, N, seed=0)
    synth.generate(b, N, seed=0)
    synth.generate(c, N, seed=1)
    assert _digest(a) == _digest(b)
    assert _digest(a) != _digest(c)


def test_small_corpus_is_a_prefix_of_a_larger_one(tmp_path, corpus):
    out, _ = corpus
    synth.generate(tmp_path, N + 3, seed=0)
    small, large = _digest(out), _digest(tmp_path)
    assert all(large[k] == v for k, v in small.items())


def test_command_line(tmp_path):
    assert synth.main([str(tmp_path), "--n", "3", "--seed", "2"]) == 0
    assert len(list((tmp_path / synth.COLLECTION).iterdir())) == 6


# ---------------------------------------------------------------------------------------------
# benchmarks/bench.py: the figures it derives (exponents, page weight), not timings
# ---------------------------------------------------------------------------------------------

def _load_bench():
    spec = importlib.util.spec_from_file_location("bench_bench", ROOT / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


bench = _load_bench()


def test_fit_exponent_recovers_power_laws():
    ns = [1000, 3000, 10000]
    assert bench.fit_exponent(ns, [2.0 * n for n in ns]) == pytest.approx(1.0)
    assert bench.fit_exponent(ns, [5e-6 * n ** 1.5 for n in ns]) == pytest.approx(1.5)
    assert bench.fit_exponent(ns, [7.0, 7.0, 7.0]) == pytest.approx(0.0)
    # Least squares over three points that are no exact power law: slope of the log-log line.
    assert bench.fit_exponent([1, 10, 100], [1, 10, 1000]) == pytest.approx(1.5)


def test_fit_exponent_needs_two_distinct_n_and_positive_values():
    assert bench.fit_exponent([1000], [3.0]) is None
    assert bench.fit_exponent([1000, 1000], [3.0, 4.0]) is None
    assert bench.fit_exponent([1000, 3000], [0.0, 4.0]) is None          # a failed stage (0) is skipped
    assert bench.fit_exponent([1000, 3000, 9000], [None, 2.0, 6.0]) == pytest.approx(1.0)


def test_page_assets_lists_stylesheets_and_scripts_once_in_order():
    html = ('<html><head><link rel="stylesheet" href="../../assets/a.css"><link rel="icon" href="x.png">'
            '<link rel="preload stylesheet" href="b.css"><script>inline()</script></head>'
            '<body><script src="../../assets/c.js?v=1"></script><script src="../../assets/a.css"></script></body></html>')
    assert bench.page_assets(html) == ["../../assets/a.css", "b.css", "../../assets/c.js?v=1"]


def test_first_load_bytes_gzips_the_page_and_what_it_references(tmp_path):
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "reports" / "r1").mkdir(parents=True)
    css, js = b"body{color:red}\n" * 200, b"console.log(1);\n" * 300
    (site / "assets" / "a.css").write_bytes(css)
    (site / "assets" / "c.js").write_bytes(js)
    page = site / "reports" / "r1" / "index.html"
    page.write_bytes(b'<link rel="stylesheet" href="../../assets/a.css"><script src="../../assets/c.js?v=2#x"></script>'
                     b'<script src="https://cdn.example/x.js"></script><script src="../../assets/gone.js"></script>'
                     b'<script src="../../../outside.js"></script>')
    (tmp_path / "outside.js").write_bytes(b"x")
    got = bench.first_load_bytes(page, site)
    assert got["assets"] == {"assets/a.css": bench.gz_size(css), "assets/c.js": bench.gz_size(js)}
    assert got["html_gz"] == bench.gz_size(page.read_bytes())
    assert got["total"] == got["html_gz"] + bench.gz_size(css) + bench.gz_size(js)
    assert got["external"] == ["https://cdn.example/x.js"]
    assert got["missing"] == ["../../assets/gone.js", "../../../outside.js"]
    # gzip without a timestamp: the same bytes give the same size on every run.
    assert bench.gz_size(css) == bench.gz_size(bytes(css)) < len(css)


def test_report_pages_and_tree_size(tmp_path):
    site = tmp_path
    for base in (site, site / "zh-Hant"):
        for rid in ("b", "a"):
            (base / "reports" / rid).mkdir(parents=True)
            (base / "reports" / rid / "index.html").write_text("x" * 10, encoding="utf-8")
        (base / "reports" / "index.html").write_text("index", encoding="utf-8")
    (site / "reports" / "empty").mkdir()
    assert [p.relative_to(site).as_posix() for p in bench.report_pages(site)] == [
        "reports/a/index.html", "reports/b/index.html", "zh-Hant/reports/a/index.html", "zh-Hant/reports/b/index.html"]
    assert bench.tree_size(site) == (6, 4 * 10 + 2 * 5)
    assert bench.tree_size(site / "missing") == (0, 0)


def test_stock_config_keeps_the_markdown_and_nav_but_no_customisation(tmp_path):
    cfg = bench.stock_config("zh-Hant", tmp_path / "docs", tmp_path / "site")
    assert cfg["theme"] == {"name": "material", "language": "zh-Hant"}
    assert cfg["plugins"] == []
    assert "hooks" not in cfg and "extra" not in cfg and "custom_dir" not in cfg["theme"]
    assert cfg["docs_dir"] == str((tmp_path / "docs").resolve())
    mkdocs = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    # How the Markdown reads, but without our own fast path (generator.site.rawblocks), which is "ours".
    assert "generator.site.rawblocks" in mkdocs["markdown_extensions"]
    assert cfg["markdown_extensions"] == [e for e in mkdocs["markdown_extensions"] if e != "generator.site.rawblocks"]
    assert cfg["not_in_nav"] == mkdocs["not_in_nav"]
    assert len(cfg["nav"]) == len(mkdocs["nav"])
    assert bench.stock_config("zh-Hans", tmp_path, tmp_path)["theme"]["language"] == "zh"


def test_tree_rss_sums_a_process_and_its_children():
    import os
    import subprocess
    child = subprocess.Popen([sys.executable, "-c", "import time; x = b\"x\" * (60 * 2**20); time.sleep(30)"])
    try:
        import time
        deadline = time.time() + 10
        while time.time() < deadline and bench._tree_rss({child.pid}) < 60 * 2**20:
            time.sleep(0.05)
        alone = bench._tree_rss({child.pid})
        assert alone >= 60 * 2**20
        # Our own tree holds the child too.
        assert bench._tree_rss({os.getpid()}) >= alone
    finally:
        child.kill()
        child.wait()


def test_shard_search_queries_a_body_whose_reports_are_all_in_that_shard():
    """benchmarks/shards.py --search: shard k's query is its first body, and the reports it must find
    are exactly that body's, all in shard k (shards are whole bodies)."""
    spec = importlib.util.spec_from_file_location("bench_shards", ROOT / "benchmarks" / "shards.py")
    shards = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shards)
    size = 2 * synth.REPORTS_PER_BODY
    for k in range(3):
        query, ids = shards.expected_reports(k, size, 0)
        assert query == synth.make_body(0, 2 * k).full_name
        assert sorted(int(i.split("--s")[1][:5]) for i in ids) == list(range(k * size, k * size + synth.REPORTS_PER_BODY))
        assert all(i.startswith("synth--s") for i in ids)


def test_shard_search_reads_report_ids_and_knows_which_bundles_were_served(tmp_path):
    """The merged search's bookkeeping: a result URL's report id (a list page has none), and
    whether a report sits in one of its shard's further bundles that the served folder lacks."""
    import json

    from generator.site import bundle_of
    spec = importlib.util.spec_from_file_location("bench_shards", ROOT / "benchmarks" / "shards.py")
    shards = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shards)
    assert shards._report_id("/reports/synth--s00001-2019-dump-txt/text/") == "synth--s00001-2019-dump-txt"
    assert shards._report_id("/reports/") == "" and shards._report_id("/about/") == ""
    first = tmp_path / "pagefind-003"
    first.mkdir()
    (first / "bundles.json").write_text(json.dumps({"bundles": ["pagefind-1/", "pagefind-2/"]}), encoding="utf-8")
    ids = [f"synth--s{i:05d}-2019-dump-txt" for i in range(40)]
    where = {i: bundle_of(f"reports/{i}/text/index.html", 3) for i in ids}
    assert set(where.values()) == {0, 1, 2}
    assert [shards.not_served(tmp_path, 3, i) for i in ids] == [where[i] > 0 for i in ids]
    (tmp_path / "pagefind-003-1").mkdir()
    assert [shards.not_served(tmp_path, 3, i) for i in ids] == [where[i] == 2 for i in ids]
    assert not any(shards.not_served(tmp_path, 4, i) for i in ids)      # no such shard's listing: one bundle


def test_search_size_counts_every_pagefind_bundle(tmp_path):
    for name, files in (("pagefind", 2), ("pagefind-1", 3), ("pagefinder-notes", 4)):
        (tmp_path / name).mkdir()
        for i in range(files):
            (tmp_path / name / f"f{i}").write_bytes(b"x" * 7)
    (tmp_path / "pagefind.txt").write_bytes(b"y")          # a file, not a bundle
    assert bench.search_size(tmp_path) == (5, 35)


def test_tree_pss_counts_a_forked_childs_shared_pages_once():
    import os
    import signal
    import time
    block = b"y" * (80 * 2**20)                  # written by us: private until a fork shares it
    pid = os.fork()
    if pid == 0:                                 # the child only sleeps: the block stays shared
        time.sleep(30)
        os._exit(0)
    try:
        time.sleep(0.3)
        rss, pss = bench._tree_memory({os.getpid()})
        # RSS counts the shared block in both processes, PSS once (half to each).
        assert rss - pss >= 0.9 * len(block)
        assert bench._pss(pid) < bench._proc_table()[pid][1]
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    del block
