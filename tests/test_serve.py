"""One build: the prepare step and the live preview (generator.build: prepare, classify, plan,
site_needed, Changes, serve).

Which edit re-runs what is decided by pure functions, tested on paths; prepare is run for real on a
copy of three sample sources (its own workspace under build/, no tracked file touched); and one
test runs `python -m generator serve` for real, edits a correction and waits for the served page.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from generator import build, convert, pipeline

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "site_data" / "sources" / "pingtan"
FILES = ["pingtan-zone-2024.html", "pingtan-zone-2022.txt", "pingtan-county-2013.html"]
REPORT = "pingtan--pingtan-zone-2024-html"
WAIT = 180          # seconds: only a bound against hanging, never asserted


def copy_sources(tmp: Path) -> Path:
    sources = tmp / "sources"
    (sources / "pingtan").mkdir(parents=True)
    for name in FILES:
        for f in (name, name + ".meta.yaml"):
            shutil.copy2(SAMPLE / f, sources / "pingtan" / f)
    return sources


def mtimes(*roots: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for root in roots for p in sorted(Path(root).rglob("*")) if p.is_file()}


def correct_title(sources: Path, title: str) -> Path:
    path = sources / "_corrections" / f"{REPORT}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump({"id": REPORT, "corrections": [{"field": "title", "value": title, "reason": "测试"}]},
                                   allow_unicode=True), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# Which edit re-runs what (pure functions)

SAMPLE_PLACES = build.watch_places(pipeline.SOURCES)


@pytest.mark.parametrize("rel, step", [
    ("site_data/sources/pingtan/pingtan-zone-2024.html", "prepare"),           # a raw source
    ("site_data/sources/pingtan/pingtan-zone-2024.html.meta.yaml", "prepare"), # its sidecar
    ("site_data/sources/new/report.txt", "prepare"),                           # a new source
    ("site_data/corrections/seeds--003_609de0e3619b3334-txt.yaml", "prepare"),
    ("site_data/bodies.yaml", "prepare"),
    ("site_data/phrases.tsv", "prepare"),
    ("content/about.md", "prepare"),                  # hand-written: prepare converts its zh-Hant copy
    ("generator/render/templates/report.md.j2", "prepare"),
    ("generator/parse/__init__.py", "prepare"),
    ("overrides/main.html", "site"),                  # MkDocs only
    ("overrides/assets/archive.css", "site"),
    ("mkdocs.yml", "site"),
    # What prepare and the build write themselves: never a reason to run again.
    ("site_data/records/pingtan--pingtan-zone-2024-html.yaml", None),
    ("content/index.md", None),
    ("content/reports/pingtan--pingtan-zone-2024-html.md", None),
    ("content/data/records.jsonl.gz", None),
    ("content/sources/pingtan--pingtan-zone-2024-html.txt", None),
    ("build/zh-Hant/docs/index.md", None),
    ("build/prepare-state.json", None),
    ("build/serve/site/index.html", None),
    ("site/index.html", None),
    (".site.lock", None),
    # Files the build never reads.
    ("site_data/sources/pingtan/.pingtan-zone-2024.html.swp", None),
    ("site_data/sources/pingtan/pingtan-zone-2024.html~", None),
    ("site_data/records/.x.yaml.abc.tmp", None),
    ("generator/parse/__pycache__/x.cpython-311.pyc", None),
    ("README.md", None),
    ("tests/test_serve.py", None),
])
def test_what_each_edit_reruns(rel, step):
    assert build.classify(ROOT / rel, SAMPLE_PLACES) == step


def test_another_sources_directory_watches_its_own_corrections_and_bodies(tmp_path):
    places = build.watch_places(tmp_path / "src")
    work = build.workspace(tmp_path / "src")["work"]
    assert build.classify(tmp_path / "src" / "_corrections" / "x.yaml", places) == "prepare"
    assert build.classify(tmp_path / "src" / "_bodies.yaml", places) == "prepare"
    assert build.classify(tmp_path / "src" / "c1" / "index.html", places) == "prepare"
    assert build.classify(work / "records" / "c1--index-html.yaml", places) is None
    assert build.classify(work / "zh-Hans" / "docs" / "index.md", places) is None
    # The sample archive's inputs still count: the phrase table, templates, hand-written pages.
    assert build.classify(ROOT / "site_data" / "phrases.tsv", places) == "prepare"
    assert build.classify(ROOT / "content" / "methodology.md", places) == "prepare"
    # ...but not the sample archive's own sources and corrections, which this build does not read.
    assert build.classify(ROOT / "site_data" / "sources" / "pingtan" / "x.txt", places) is None
    assert build.classify(ROOT / "site_data" / "corrections" / "x.yaml", places) is None


def test_plan_and_site_needed():
    P = SAMPLE_PLACES
    source = ROOT / "site_data/sources/pingtan/pingtan-zone-2024.html"
    record = ROOT / "site_data/records/pingtan--pingtan-zone-2024-html.yaml"
    page = ROOT / "content/reports/pingtan--pingtan-zone-2024-html.md"
    override = ROOT / "overrides/main.html"
    assert build.plan([source], P) == {"prepare"}
    assert build.plan([override], P) == {"site"}
    assert build.plan([source, override, record], P) == {"prepare", "site"}
    assert build.plan([record, page], P) == frozenset()          # prepare's own writes: nothing
    assert build.plan([], P) == frozenset()
    changed, unchanged = {"changed": True}, {"changed": False}
    assert build.site_needed(frozenset({"prepare"}), changed) is True
    assert build.site_needed(frozenset({"prepare"}), unchanged) is False    # no output changed
    assert build.site_needed(frozenset({"site"}), None) is True
    assert build.site_needed(frozenset({"prepare", "site"}), unchanged) is True
    assert build.site_needed(frozenset(), None) is False


def test_changes_keep_inputs_and_drop_outputs():
    pokes = []
    changes = build.Changes(SAMPLE_PLACES, on_change=lambda: pokes.append(1))
    source = ROOT / "site_data/sources/pingtan/pingtan-zone-2024.html"
    assert changes.add(source) is True
    assert changes.add(ROOT / "site_data/records/pingtan--pingtan-zone-2024-html.yaml") is False
    assert changes.add(ROOT / "content/index.md") is False
    assert changes.add(str(ROOT / "site_data/phrases.tsv")) is True
    assert changes.add(source) is True                               # the same file again: one entry
    assert len(pokes) == 3
    assert changes.take() == {source, ROOT / "site_data/phrases.tsv"}
    assert changes.take() == set()


def test_watch_dirs_cover_every_input_once(tmp_path):
    dirs = build.watch_dirs(SAMPLE_PLACES)
    assert dirs == [(ROOT / "site_data" / "sources", True), (ROOT / "site_data" / "corrections", True),
                    (ROOT / "site_data", False), (ROOT / "content", True), (ROOT / "generator", True),
                    (ROOT / "overrides", True), (ROOT, False)]
    src = tmp_path / "src"
    (src / "_corrections").mkdir(parents=True)
    dirs = build.watch_dirs(build.watch_places(src))
    assert dirs[0] == (src.absolute(), True)
    assert all(d != src / "_corrections" for d, _ in dirs)           # inside the sources: watched already


# --------------------------------------------------------------------------------------------
# prepare, for real


@pytest.fixture()
def archive(tmp_path):
    sources = copy_sources(tmp_path)
    places = build.workspace(sources)
    shutil.rmtree(places["work"], ignore_errors=True)
    yield sources, places
    shutil.rmtree(places["work"], ignore_errors=True)


def page(places, script: str, rel: str) -> str:
    return (places["hans" if script == "zh-Hans" else "hant"] / rel).read_text(encoding="utf-8")


def test_a_second_prepare_with_no_change_writes_nothing(archive):
    sources, places = archive
    first = build.prepare(sources)
    assert first.parsed is True
    assert first.counts["records"] == {"written": 3, "unchanged": 0, "removed": 0}
    assert first.counts["zh-Hans"]["written"] > 0 and first.counts["zh-Hant"]["written"] > 0
    before = mtimes(places["work"])
    second = build.prepare(sources)
    assert second.parsed is False                                    # the records on disk are reused
    assert second.changed is False
    assert {k: (c["written"], c["removed"]) for k, c in second.counts.items()} == \
        {"records": (0, 0), "zh-Hans": (0, 0), "zh-Hant": (0, 0)}
    assert mtimes(places["work"]) == before                          # not one file rewritten
    assert [r["id"] for r in second.records] == [r["id"] for r in first.records]
    # --reparse parses again, and still writes nothing: the same inputs give the same bytes.
    third = build.prepare(sources, reparse=True)
    assert third.parsed is True and third.changed is False
    assert mtimes(places["work"]) == before


def test_a_correction_edit_reparses_and_changes_both_editions(archive):
    sources, places = archive
    build.prepare(sources)
    correct_title(sources, "改正后的标题")
    done = build.prepare(sources)
    assert done.parsed is True
    assert done.counts["records"] == {"written": 1, "unchanged": 2, "removed": 0}
    assert "改正后的标题" in page(places, "zh-Hans", f"reports/{REPORT}.md")
    assert "改正後的標題" in page(places, "zh-Hant", f"reports/{REPORT}.md")


def test_a_sidecar_edit_reparses(archive):
    sources, places = archive
    build.prepare(sources)
    meta = sources / "pingtan" / "pingtan-zone-2024.html.meta.yaml"
    data = yaml.safe_load(meta.read_text(encoding="utf-8"))
    data["url"] = "https://www.example.gov.cn/changed.htm"
    meta.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = build.prepare(sources)
    assert done.parsed is True and done.counts["records"]["written"] == 1
    record = yaml.safe_load((places["records"] / f"{REPORT}.yaml").read_text(encoding="utf-8"))
    assert record["source"]["url"] == "https://www.example.gov.cn/changed.htm"


def test_a_bodies_edit_reparses_and_takes_effect(archive):
    sources, places = archive
    build.prepare(sources)
    record = yaml.safe_load((places["records"] / f"{REPORT}.yaml").read_text(encoding="utf-8"))
    assert record["organisation"]["body"] == "平潭综合实验区"
    (sources / "_bodies.yaml").write_text(
        "- name: 平潭综合实验区管理委员会\n  region: []\n  aliases: [平潭综合实验区]\n", encoding="utf-8")
    done = build.prepare(sources)
    assert done.parsed is True
    record = yaml.safe_load((places["records"] / f"{REPORT}.yaml").read_text(encoding="utf-8"))
    assert record["organisation"]["body"] == "平潭综合实验区管理委员会"
    assert "平潭综合实验区管理委员会" in page(places, "zh-Hans", f"reports/{REPORT}.md")


def test_one_changed_source_is_the_only_one_parsed_again(archive):
    """The parse cache (generator.parse_cache): the other sources come from it, and the records
    are those a full parse gives."""
    sources, places = archive
    first = build.prepare(sources)
    assert first.sources == {"parsed": 3, "cached": 0}
    page_file = sources / "pingtan" / "pingtan-county-2013.html"
    page_file.write_bytes(page_file.read_bytes() + b"\n<!-- saved again -->\n")
    done = build.prepare(sources)
    assert done.parsed is True and done.sources == {"parsed": 1, "cached": 2}
    assert done.records == build.prepare(sources, reparse=True).records
    assert sorted(p.name for p in (places["work"] / "parse-cache").glob("*/*")) == \
        sorted(f"{build.parse_cache(places).key(sources / 'pingtan' / name, sources)}.pickle" for name in FILES)
    # (only the entries of the sources as they are now: the old page's entry was pruned)


def test_a_phrases_edit_takes_effect_without_a_reparse(archive, tmp_path, monkeypatch):
    sources, places = archive
    phrases = tmp_path / "phrases.tsv"
    shutil.copy2(convert.DEFAULT_PHRASES, phrases)
    monkeypatch.setattr(convert, "DEFAULT_PHRASES", phrases)
    build.prepare(sources)
    assert "實驗區（測試）" not in page(places, "zh-Hant", f"reports/{REPORT}.md")
    hans_before = mtimes(places["hans"])
    with phrases.open("a", encoding="utf-8") as f:
        f.write("实验区\t實驗區（測試）\n")
    done = build.prepare(sources)          # the same process: the cached table must not be used
    assert done.parsed is False
    assert done.counts["zh-Hans"]["written"] == 0 and mtimes(places["hans"]) == hans_before
    assert done.counts["zh-Hant"]["written"] > 0
    assert "平潭綜合實驗區（測試）" in page(places, "zh-Hant", f"reports/{REPORT}.md")


def test_a_broken_record_is_named_and_reparsed(archive, capsys):
    sources, places = archive
    build.prepare(sources)
    names = sorted(p.name for p in places["records"].glob("*.yaml"))
    empty, cut = places["records"] / names[0], places["records"] / names[1]
    good = {n: (places["records"] / n).read_bytes() for n in names}
    empty.write_bytes(b"")                                   # what one SIGKILL in 25 left
    cut.write_bytes(good[names[1]][:200])
    capsys.readouterr()
    done = build.prepare(sources)
    err = capsys.readouterr().err.splitlines()
    assert f"warning: {empty}: not a readable record (empty file); skipped, it will be re-parsed" in err
    assert any(line.startswith(f"warning: {cut}: not a readable record (") for line in err)
    assert done.parsed is True and done.counts["records"]["written"] == 2
    assert {n: (places["records"] / n).read_bytes() for n in names} == good


def test_a_removed_source_removes_its_record_and_pages(archive):
    sources, places = archive
    build.prepare(sources)
    (sources / "pingtan" / "pingtan-county-2013.html").unlink()
    done = build.prepare(sources)
    assert done.parsed is True
    assert done.counts["records"]["removed"] == 1
    assert not (places["records"] / "pingtan--pingtan-county-2013-html.yaml").exists()
    assert not (places["hans"] / "reports" / "pingtan--pingtan-county-2013-html.md").exists()
    assert not (places["hant"] / "reports" / "pingtan--pingtan-county-2013-html.md").exists()


def test_prepare_command_json_summary(archive):
    import json
    sources, places = archive
    cmd = [sys.executable, "-m", "generator", "prepare", "--sources", str(sources), "--json"]
    first = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["parsed"] is True
    again = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary == {"parsed": False, "changed": False, "errors": 0, "sources": {"parsed": 0, "cached": 0},
                       "records": {"written": 0, "unchanged": 3, "removed": 0},
                       "zh-Hans": {**summary["zh-Hans"], "written": 0, "removed": 0},
                       "zh-Hant": {**summary["zh-Hant"], "written": 0, "removed": 0}}
    assert re.search(r"^records reused: 3 record\(s\) in .*\(0 written, 0 removed\)", again.stderr, re.M)


# --------------------------------------------------------------------------------------------
# serve, for real


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux process semantics")
def test_serve_rebuilds_once_per_edit(archive, tmp_path):
    sources, places = archive
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_TEST_")}
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--sources", str(sources),
                                 "--dev-addr", f"127.0.0.1:{port}"], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        def wait_for(condition, what):
            deadline = time.monotonic() + WAIT
            while time.monotonic() < deadline:
                if condition():
                    return
                if proc.poll() is not None:
                    pytest.fail(f"serve exited {proc.returncode} before {what}:\n{log.read_text()}")
                time.sleep(0.2)
            pytest.fail(f"timed out waiting for {what}:\n{log.read_text()}")

        url = f"http://127.0.0.1:{port}/reports/{REPORT}/"
        hant_url = f"http://127.0.0.1:{port}/zh-Hant/reports/{REPORT}/"
        wait_for(lambda: "serving " in log.read_text(), "the first build")
        assert "<h1>平潭综合实验区2024年度政府信息公开工作年度报告</h1>" in _get(url)
        assert "livereload" in _get(url)                              # the reload script is injected
        assert "平潭綜合實驗區" in _get(hant_url)                       # both editions are served
        assert "site build 1 done (start)" in log.read_text()

        correct_title(sources, "改正后的标题乙")
        wait_for(lambda: "改正后的标题乙" in _get(url), "the corrected page")
        assert "改正後的標題乙" in _get(hant_url)
        time.sleep(3)     # let any second build (prepare's own writes seen by the watcher) show
        text = log.read_text()
        builds = re.findall(r"site build (\d+) done \((.*)\)", text)
        assert [reason for _, reason in builds if "_corrections" in reason] != []
        after_edit = [reason for _, reason in builds[1:]]
        # One build for the edit; none for the records and pages prepare wrote in reaction to it.
        assert sum("_corrections" in r for r in after_edit) == 1, text
        assert all("records" not in r and "docs" not in r for r in after_edit), text
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 0, log.read_text()
    assert "serve: shutting down" in log.read_text()
