"""The command line on real and hostile inputs: exit codes, messages naming the source, no tracked
file touched, every source accounted for, hostile text inert."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, **kw)


def git_state() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True, text=True).stdout + \
        subprocess.run(["git", "diff"], cwd=ROOT, capture_output=True, text=True).stdout


@pytest.mark.parametrize("command", [[], ["parse"], ["prepare"], ["build"], ["serve"], ["records"], ["validate"]])
def test_help_for_every_command(command):
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "usage: python -m generator" in result.stdout


@pytest.mark.parametrize("command", ["prepare", "serve", "build"])
def test_a_missing_sources_directory_is_a_usage_error(tmp_path, command):
    result = run(command, "--sources", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert result.stderr == f"error: {tmp_path / 'missing'}: not a directory of raw sources\n"


def test_serve_refuses_a_bad_address(tmp_path):
    result = run("serve", "--sources", str(tmp_path), "--dev-addr", "8000")
    assert result.returncode == 2
    assert result.stderr == "error: --dev-addr '8000': expected HOST:PORT\n"


def test_parse_writes_one_record_per_report_found(tmp_path):
    result = run("parse", "site_data/sources/seeds/004_f2e2464724e2d28a.txt", "site_data/sources/pingtan/pingtan-zone-2024.txt", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "pingtan--pingtan-zone-2024-txt.yaml", "seeds--004_f2e2464724e2d28a-txt-p1.yaml", "seeds--004_f2e2464724e2d28a-txt-p2.yaml", "seeds--004_f2e2464724e2d28a-txt-p3.yaml"]
    essay = yaml.safe_load((tmp_path / "seeds--004_f2e2464724e2d28a-txt-p1.yaml").read_text(encoding="utf-8"))
    assert essay["is_report"] is False and essay["not_report_reason"].startswith("范文，")


def test_parse_the_shared_pdf_and_its_text(tmp_path):
    # The real 淮安 2024 PDF and its text extraction, from ../shared/ (never copied into the archive).
    from documents_support import HUAIAN, shared_file
    from generator import ingest
    pdf, txt = shared_file(HUAIAN / "huaian-2024.pdf"), shared_file(HUAIAN / "huaian-2024.txt")
    result = run("parse", str(pdf), str(txt), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    ids = [ingest.source_id("huaian-2024.pdf"), ingest.source_id("huaian-2024.txt")]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{i}.yaml" for i in ids)
    records = [yaml.safe_load((tmp_path / f"{i}.yaml").read_text(encoding="utf-8")) for i in ids]
    assert [r["source"]["format"] for r in records] == ["pdf", "text"]
    assert records[0]["statistics"] == records[1]["statistics"]
    assert records[0]["headline"]["requests_received"] == 3119


def test_parse_names_unreadable_sources_and_exits_1(tmp_path):
    result = run("parse", str(HOSTILE / "empty.txt"), str(HOSTILE / "binary.txt"), str(HOSTILE / "hostile-2021.html"), "--out", str(tmp_path))
    assert result.returncode == 1
    assert "error: empty.txt: 空文件（未保存任何内容）" in result.stderr
    assert "error: binary.txt: 二进制数据（含 NUL 字节）" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["hostile-2021-html.yaml"]


def test_parse_missing_path_is_a_usage_error(tmp_path):
    result = run("parse", "no/such/file.txt", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "no/such/file.txt: no such file or directory" in result.stderr


def test_build_hostile_and_broken_sources(tmp_path):
    before = git_state()
    site = tmp_path / "site"
    result = run("build", "--sources", str(HOSTILE), "--site", str(site), env={"PATH": "/usr/bin:/bin", **{k: v for k, v in __import__("os").environ.items()}})
    assert result.returncode == 1, result.stderr
    assert git_state() == before, "building another sources directory touched tracked files"
    # The report page and its full-text page beside it show the record between them.
    report = "".join((site / "reports" / "hostile-2021-html" / part).read_text(encoding="utf-8")
                     for part in ("index.html", "text/index.html"))
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    for page in pages:
        # Nothing from a source is live: no injected script, handler, javascript: link or frame.
        assert "<script>alert" not in page and "<script>x()" not in page
        assert not re.search(r"<[a-z]+[^>]*\sonerror=", page)
        assert 'href="javascript:' not in page
        assert "<iframe" not in page
    # ...and it is all still there, as text.
    assert "{{ config }}" in report and "{% include &#39;x&#39; %}" in report or "{% include 'x' %}" in report
    assert "&lt;img src=x onerror=alert(1)&gt;" in report
    assert "[点我](javascript:alert(1))" in report
    # Every source is either published or listed with its reason.
    # File names may break after "-" (<wbr>): read them whole.
    listed = (site / "not-published" / "index.html").read_text(encoding="utf-8").replace("<wbr>", "")
    for name, reason in [("empty.txt", "空文件"), ("binary.txt", "二进制数据"), ("list-page.html", "列表页："),
                         ("not-utf8.txt", "不是年度报告：")]:
        assert name in listed and reason in listed, name
    assert (site / "zh-Hant" / "reports" / "hostile-2021-html" / "index.html").exists()
    # The raw copy is served as inert gzip data, never as an HTML page of our origin.
    assert (site / "sources" / "hostile-2021-html.txt.gz").read_bytes()[:2] == b"\x1f\x8b"
    assert not list((site / "sources").glob("*.html"))
