"""A build that is interrupted, killed, run twice at once or run again: real processes, real signals.

Builds are stopped at a named stage by the test hook ARCHIVE_TEST_PAUSE_AT (generator.safety):
``parse`` (parsed, nothing written), ``render`` (zh-Hans pages written), ``mkdocs`` (inside both MkDocs
processes, their editions written), ``pagefind`` (Pagefind started).  Every build here uses a copy
of three sample sources and a tmp --site, so no tracked file is touched; the first build's site and
records are the "old" ones that must survive every interrupt byte for byte.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import pipeline, records as rec
import generator.build as build_mod
from generator.build import workspace
from generator.site import facts_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "site_data" / "sources" / "pingtan"
FILES = ["pingtan-zone-2024.html", "pingtan-zone-2022.txt", "pingtan-county-2013.html"]
SITE_URL = "https://example.github.io/archive/"
# Interrupted builds publish under another URL: every page they would write differs from the old
# site's, so a build that wrote into the old site cannot pass for one that left it alone.
OTHER_URL = "https://mirror.example.org/"
NEWEST_PUBLISHED = "2025-03-10"          # the newest `published` date of the three reports
NEWEST_EPOCH = 1741564800                # 2025-03-10T00:00:00Z
WAIT = 120                               # seconds: only a bound against hanging, never asserted

# The build as a terminal starts it: SIGINT at its default action, so that Python turns it into
# KeyboardInterrupt. A process started with SIGINT ignored (what a shell without job control does
# to a command it runs in the background, `make test &` in a script) passes that on through exec,
# and Python then leaves it ignored: a build under such a test run would sleep through Ctrl-C.
# The same process (exec), so the pid and the process group stay those Popen returned.
AS_FROM_A_TERMINAL = ("import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                      "os.execv(sys.executable, [sys.executable, *sys.argv[1:]])")

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux process semantics")


def tree(root: Path) -> dict[str, str]:
    """Every file under root → sha256 of its bytes."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def _kernel_view(pid: int) -> str:
    """What the kernel says of a process: its state, what it waits in, its signal masks."""
    try:
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
        wchan = Path(f"/proc/{pid}/wchan").read_text()
    except OSError:
        return f"pid {pid}: gone"
    keep = ("State", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt", "Threads")
    return f"pid {pid} (waits in {wchan or '-'}): " + "; ".join(
        line.replace("\t", " ") for line in status if line.split(":")[0] in keep)


def finish(proc: subprocess.Popen) -> tuple[str, str]:
    """``proc.communicate()`` within WAIT. A build that has not exited by then fails the test with
    its Python stack (faulthandler, enabled in ``Archive.env``, prints it on SIGABRT) and the
    kernel's view of it and its children, and its whole group is killed, so that the tests after
    it do not fail on the lock it would go on holding."""
    try:
        return proc.communicate(timeout=WAIT)
    except subprocess.TimeoutExpired:
        views = [_kernel_view(pid) for pid in [proc.pid, *children(proc.pid)]]
        os.kill(proc.pid, signal.SIGABRT)
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            err = "(no stack: the process did not answer SIGABRT)"
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        pytest.fail(f"the build had not exited after {WAIT} s:\n" + "\n".join(views) + f"\n{err}")


def wait_until(condition, what: str, proc: subprocess.Popen | None = None):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"process exited {proc.returncode} before {what}:\n{err}")
        time.sleep(0.02)
    pytest.fail(f"timed out waiting for {what}")


class Archive:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.sources = tmp / "sources"
        (self.sources / "pingtan").mkdir(parents=True)
        for name in FILES:
            for f in (name, name + ".meta.yaml"):
                shutil.copy2(SAMPLE / f, self.sources / "pingtan" / f)
        self.site = tmp / "site"
        self.places = workspace(self.sources)
        self.marker = tmp / "paused"

    def env(self, pause: str | None = None, **extra) -> dict:
        env = {k: v for k, v in os.environ.items()
               if k not in ("SOURCE_DATE_EPOCH", "ARCHIVE_TEST_PAUSE_AT", "ARCHIVE_TEST_PAUSE_FILE")}
        env["ARCHIVE_SITE_URL"] = SITE_URL
        env["PYTHONFAULTHANDLER"] = "1"      # a build that hangs shows where (finish)
        if pause:
            env.update(ARCHIVE_TEST_PAUSE_AT=pause, ARCHIVE_TEST_PAUSE_FILE=str(self.marker))
        env.update(extra)
        return env

    def command(self, site: Path | None = None) -> list[str]:
        return [sys.executable, "-c", AS_FROM_A_TERMINAL, "-m", "generator", "build", "--sources", str(self.sources),
                "--site", str(site or self.site)]

    def build(self, site: Path | None = None, **env) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(site), cwd=ROOT, env=self.env(**env), capture_output=True, text=True)

    def start(self, pause: str) -> subprocess.Popen:
        """A build in its own process group, paused at ``pause``; returns once it is there."""
        self.marker.unlink(missing_ok=True)
        proc = subprocess.Popen(self.command(), cwd=ROOT, env=self.env(pause, ARCHIVE_SITE_URL=OTHER_URL), start_new_session=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # MkDocs pauses in both edition processes, each writing its own line.
        lines = 2 if pause == "mkdocs" else 1
        wait_until(lambda: self.marker.exists() and len(self.marker.read_text().splitlines()) >= lines,
                   f"the build to pause at {pause}", proc)
        return proc

    def paused_pids(self) -> list[int]:
        return [int(line.split()[1]) for line in self.marker.read_text().splitlines()]

    def staging(self) -> list[str]:
        return sorted(p.name for p in self.tmp.iterdir() if p.name.startswith(".site."))

    def assert_intact(self, old_site: dict, old_records: dict):
        assert tree(self.site) == old_site
        assert tree(self.places["records"]) == old_records


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    a = Archive(tmp_path_factory.mktemp("safety"))
    result = a.build()
    assert result.returncode == 0, result.stderr
    a.site_files = tree(a.site)
    a.record_files = tree(a.places["records"])
    assert len(a.record_files) == 3 and "index.html" in a.site_files and "zh-Hant/index.html" in a.site_files
    yield a
    shutil.rmtree(a.places["work"], ignore_errors=True)


def interrupted_message(sig: signal.Signals, archive: Archive) -> str:
    return f"error: interrupted by {sig.name}: stopped and cleaned up; the previous site in {archive.site} is unchanged\n"


# --------------------------------------------------------------------------------------------
# Interrupts: the old site and records stay whole, nothing is left behind


@pytest.mark.parametrize("stage, sig, group", [
    ("parse", signal.SIGINT, True),       # Ctrl-C in a terminal signals the whole group
    ("render", signal.SIGTERM, False),
    ("mkdocs", signal.SIGTERM, True),
    ("pagefind", signal.SIGINT, False),
])
def test_interrupt_keeps_the_old_site_and_leaves_nothing(archive, stage, sig, group):
    proc = archive.start(stage)
    kids = children(proc.pid)
    if stage in ("mkdocs", "pagefind"):
        assert kids, "the build has no child process at this stage"
    (os.killpg if group else os.kill)(proc.pid, sig)
    out, err = finish(proc)
    assert proc.returncode == 130, err
    assert err.endswith(interrupted_message(sig, archive)), err
    # The build's MkDocs / Pagefind children are stopped too (also when only the parent was signalled).
    assert [pid for pid in kids if alive(pid)] == []
    archive.assert_intact(archive.site_files, archive.record_files)
    assert archive.staging() == []                       # no staging folder, no lock file
    # The parse cache, the last parse's and render's inputs (generator.build.prepare), each
    # edition's page cache (generator.render.page_cache) and the downloads' (the twins' and source
    # copies' page cache, the chunks and SQLite rows of generator.publish.chunks), the records and
    # the two docs trees, the docs files' hashes (generator.build.site_inputs_digest), the site
    # pages' (generator.site.PageFacts) and what sanitising changed in each record
    # (generator.render.page_cache.SanitizeMemo): no lock, and no
    # half-written cache. The old site's marker (what it was built from) is dropped
    # once MkDocs starts over it, so the next build rebuilds.
    marker = [build_mod._built_marker(archive.places, archive.site.resolve()).name] if stage in ("parse", "render") else []
    assert sorted(p.name for p in archive.places["work"].iterdir()) == \
        sorted(["parse-cache", "prepare-state.json", "records", "render-state.json", "zh-Hans", "zh-Hant",
                "page-cache-zh-Hans.json", "page-cache-zh-Hant.json", "page-cache-zh-Hans-shared.json",
                "data-cache", "docs-hashes.json", facts_file(archive.places["work"], archive.site).name,
                "sanitize-memo.json", *marker])
    assert [p.name for p in (archive.places["work"] / "parse-cache").glob("*/.*")] == []
    assert sorted(p.name for p in (archive.places["work"] / "data-cache").iterdir()) == ["chunks", "staging.sqlite"]
    assert [p.name for p in (archive.places["work"] / "data-cache" / "chunks").iterdir() if not p.name.endswith(".bin")] == []


def test_sigkill_during_mkdocs_kills_its_children_and_a_rerun_recovers(archive):
    proc = archive.start("mkdocs")
    mkdocs = archive.paused_pids()
    assert len(mkdocs) == 2 and set(mkdocs) <= set(children(proc.pid))
    os.kill(proc.pid, signal.SIGKILL)                    # the parent only: no cleanup can run
    finish(proc)
    assert proc.returncode == -signal.SIGKILL
    # Both MkDocs processes die with their parent instead of writing on.
    wait_until(lambda: not any(alive(pid) for pid in mkdocs), "the MkDocs children to die")
    archive.assert_intact(archive.site_files, archive.record_files)
    assert archive.staging() == [".site.lock", f".site.staging-{proc.pid}"]
    result = archive.build()
    assert result.returncode == 0, result.stderr
    assert archive.staging() == []
    archive.assert_intact(archive.site_files, archive.record_files)


def test_sigkill_to_the_group_during_pagefind_and_a_rerun_recovers(archive):
    proc = archive.start("pagefind")
    os.killpg(proc.pid, signal.SIGKILL)
    finish(proc)
    assert proc.returncode == -signal.SIGKILL
    archive.assert_intact(archive.site_files, archive.record_files)
    assert archive.staging() == [".site.lock", f".site.staging-{proc.pid}"]
    result = archive.build()
    assert result.returncode == 0, result.stderr
    assert archive.staging() == []
    archive.assert_intact(archive.site_files, archive.record_files)


def test_the_zh_hant_edition_is_readable_like_the_rest(archive):
    # The staging folder used to come from mkdtemp (mode 0700): zh-Hant/ was unreadable to a web server.
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [archive.site, *archive.site.rglob("*")] if p.is_dir()}
    assert modes == {0o777 & ~_umask()}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --------------------------------------------------------------------------------------------
# Locks


def test_a_second_build_exits_4_while_one_holds_the_lock(archive, tmp_path):
    first = archive.start("parse")
    try:
        same_site = archive.build()
        assert same_site.returncode == 4
        assert same_site.stderr == (
            f"error: site directory {archive.site} is in use by another build "
            f"(lock {archive.tmp / '.site.lock'} held by pid {first.pid}); try again when it has finished\n")
        other_site = archive.build(tmp_path / "other")
        assert other_site.returncode == 4
        assert other_site.stderr == (
            f"error: the workspace {archive.places['work']} of {archive.sources} is in use by another build "
            f"(lock {archive.places['work'] / 'build.lock'} held by pid {first.pid}); try again when it has finished\n")
        assert not (tmp_path / "other").exists()
    finally:
        first.send_signal(signal.SIGTERM)
        finish(first)
    assert first.returncode == 130
    archive.assert_intact(archive.site_files, archive.record_files)


def test_records_command_takes_the_records_lock():
    from generator.build import workspace_lock

    before = tree(pipeline.RECORDS)
    with workspace_lock(pipeline.SOURCES) as lock:
        result = subprocess.run([sys.executable, "-m", "generator", "records"], cwd=ROOT,
                                capture_output=True, text=True)
    assert result.returncode == 4
    assert result.stderr == (
        "error: the sample archive's workspace (site_data/records, content/, build/) is in use "
        f"by another build (lock {lock} held by pid {os.getpid()}); try again when it has finished\n")
    assert tree(pipeline.RECORDS) == before
    assert not lock.exists()


# --------------------------------------------------------------------------------------------
# Exit codes


def test_a_crash_exits_5_with_a_message_and_a_traceback(archive, tmp_path):
    (tmp_path / "file").write_text("not a folder")
    result = archive.build(tmp_path / "file" / "site")
    assert result.returncode == 5
    first, rest = result.stderr.split("\n", 1)
    assert first == f"error: internal error: FileExistsError: [Errno 17] File exists: '{tmp_path / 'file'}'"
    assert rest.startswith("Traceback (most recent call last):\n")
    assert rest.endswith(f"FileExistsError: [Errno 17] File exists: '{tmp_path / 'file'}'\n")


# --------------------------------------------------------------------------------------------
# Reproducible


def test_two_builds_at_different_times_are_byte_identical(archive, tmp_path):
    again = tmp_path / "again"
    result = archive.build(again)                 # seconds (and maybe days) after the first build
    assert result.returncode == 0, result.stderr
    assert tree(again) == archive.site_files
    # The dates MkDocs writes come from the sources (the newest report), not from the clock.
    for sitemap in (again / "sitemap.xml", again / "zh-Hant" / "sitemap.xml"):
        lastmods = re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap.read_text(encoding="utf-8"))
        assert lastmods and set(lastmods) == {NEWEST_PUBLISHED}
    for gz in (again / "sitemap.xml.gz", again / "zh-Hant" / "sitemap.xml.gz"):
        assert int.from_bytes(gz.read_bytes()[4:8], "little") == NEWEST_EPOCH
        assert gzip.decompress(gz.read_bytes()) == gz.with_suffix("").read_bytes()


def test_source_date_epoch_from_the_environment_wins(monkeypatch):
    from generator.build import source_date_epoch
    from generator.site import _build_env

    records = [{"published": None, "source": {"retrieved": "2024-05-01"}},
               {"published": __import__("datetime").date(2025, 3, 10), "source": {"retrieved": None}}]
    assert source_date_epoch(records) == NEWEST_EPOCH
    assert source_date_epoch([{"published": None, "source": {}}]) == 0
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert _build_env(NEWEST_EPOCH)["SOURCE_DATE_EPOCH"] == str(NEWEST_EPOCH)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")     # MkDocs honours it (mkdocs.utils.get_build_datetime)
    assert _build_env(NEWEST_EPOCH)["SOURCE_DATE_EPOCH"] == "1700000000"


# --------------------------------------------------------------------------------------------
# Records


def test_a_writer_killed_midway_leaves_the_old_record(archive, tmp_path):
    records = pipeline.load_records(archive.places["records"])
    record = records[0]
    target = tmp_path / f"{record['id']}.yaml"
    old = b"id: old\n"
    target.write_bytes(old)
    new = rec.dump_yaml(record)
    assert len(new.encode()) > 4096
    # The writer may write 1000 bytes per file: the kernel kills it (SIGXFSZ) in mid-write.
    code = ("import resource, signal, sys\n"
            "from generator import pipeline\n"
            "signal.signal(signal.SIGXFSZ, signal.SIG_DFL)   # Python ignores it by default\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, resource.RLIM_INFINITY))\n"
            "pipeline.write_records([pipeline.rec.load_yaml(sys.argv[1])], sys.argv[2])\n")
    source = archive.places["records"] / target.name
    proc = subprocess.run([sys.executable, "-c", code, str(source), str(tmp_path)], cwd=ROOT, capture_output=True)
    assert proc.returncode == -signal.SIGXFSZ
    assert target.read_bytes() == old                    # the old file, whole, not a part of the new one
    partial = [p.name for p in tmp_path.iterdir() if p.name != target.name]
    assert len(partial) == 1 and re.fullmatch(rf"\.{re.escape(target.name)}\.\w+\.tmp", partial[0])
    assert pipeline.load_records(tmp_path) == []         # "id: old" has no source: skipped, never loaded
    # The next write replaces it and sweeps the partial file.
    pipeline.write_records([record], tmp_path, prune=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    assert target.read_text(encoding="utf-8") == new
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()


def test_a_broken_record_is_named_skipped_and_makes_the_archive_stale(archive, tmp_path, capsys):
    from generator.build import STATE_FILE, _digest, _read_state, parse_inputs, reusable_records
    state = _read_state(archive.places["work"])
    digest = _digest(parse_inputs(archive.sources))
    records_dir = tmp_path / "records"
    shutil.copytree(archive.places["records"], records_dir)
    assert (archive.places["work"] / STATE_FILE).is_file()
    assert len(reusable_records(state, digest, records_dir)) == 3
    names = sorted(p.name for p in records_dir.glob("*.yaml"))
    empty, cut = records_dir / names[0], records_dir / names[1]
    empty.write_bytes(b"")                                   # what one SIGKILL in 25 left
    cut.write_bytes(cut.read_bytes()[:200])
    capsys.readouterr()
    loaded = pipeline.load_records(records_dir)
    assert [f"{r['id']}.yaml" for r in loaded] == names[2:]
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"warning: {empty}: not a readable record (empty file); skipped, it will be re-parsed"
    assert err[1].startswith(f"warning: {cut}: not a readable record (") and err[1].endswith("); skipped, it will be re-parsed")
    assert len(err) == 2
    # ...so prepare (generator.build) re-parses instead of rendering a partial archive.
    assert reusable_records(state, digest, records_dir) is None
    # Changed inputs never reuse the records either.
    assert reusable_records(state, "0" * 64, archive.places["records"]) is None


# --------------------------------------------------------------------------------------------
# A build with nothing new to build


def test_an_unchanged_site_is_not_built_again_and_any_change_rebuilds_it(tmp_path):
    """The site is rebuilt only when what it is built from changed (generator.build.site_inputs_digest)
    or it was changed by hand: the same build again leaves the site folder as it was; an edited
    source, or a file removed from the site, gives a new one."""
    a = Archive(tmp_path)
    try:
        assert a.build().returncode == 0
        first, inode = tree(a.site), a.site.stat().st_ino
        page = a.places["hant"] / "reports" / "pingtan--pingtan-zone-2024-html.md"
        rendered = page.stat().st_mtime_ns
        other = a.places["hant"] / "reports" / "pingtan--pingtan-county-2013-html.md"
        other_rendered = other.stat().st_mtime_ns
        page.touch()                                  # a docs file's date is no input: only its bytes
        touched = page.stat().st_mtime_ns
        assert touched != rendered
        again = a.build()
        assert again.returncode == 0, again.stderr
        assert a.site.stat().st_ino == inode and tree(a.site) == first        # not published again
        assert page.stat().st_mtime_ns == touched     # and the docs not rendered again (render-state.json)
        # Saved again by the crawler with one byte more: its copy and its SHA-256 change, so the site does.
        source = a.sources / "pingtan" / "pingtan-zone-2024.html"
        source.write_bytes(source.read_bytes() + b"\n")
        assert a.build().returncode == 0
        edited = tree(a.site)
        assert a.site.stat().st_ino != inode and edited != first
        report = "reports/pingtan--pingtan-zone-2024-html/index.html"
        assert hashlib.sha256(source.read_bytes()).hexdigest() in (a.site / report).read_text(encoding="utf-8")
        # Rendered again: the edited report's page shows the new SHA-256; a page that does not
        # depend on that source keeps its bytes and so its date (a file is written only when it changes).
        assert page.stat().st_mtime_ns != touched
        assert other.stat().st_mtime_ns == other_rendered
        # A site changed by hand is not trusted: built again, whole.
        (a.site / report).unlink()
        assert a.build().returncode == 0
        assert tree(a.site) == edited
    finally:
        shutil.rmtree(a.places["work"], ignore_errors=True)
