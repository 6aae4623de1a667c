"""Every source within a time and memory budget (issue 6, item 2): a source that overruns is listed
with the reason and the rest of the archive is parsed."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import pipeline, workers

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "site_data" / "sources" / "pingtan" / "pingtan-zone-2024.txt"


def behave(task):
    """What a worker does with one task: the test's stand-ins for pathological sources."""
    kind, value = task
    if kind == "sleep":
        time.sleep(value)
    elif kind == "allocate":
        return len(bytearray(value * 1024 * 1024))
    elif kind == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    elif kind == "raise":
        raise ValueError(value)
    elif kind == "pid":
        return os.getpid()
    return value


def test_results_keep_the_order_of_the_tasks_and_name_each_failure():
    tasks = [("echo", 1), ("sleep", 30), ("echo", 2), ("allocate", 2048), ("die", None), ("raise", "坏"), ("echo", 3)]
    results = workers.run(behave, tasks, jobs=2, budget=workers.Budget(seconds=1.5, memory_mb=512))
    assert results[0] == 1 and results[2] == 2 and results[6] == 3
    assert results[1] == workers.Failure("超出每个来源的处理时限（1.5 秒），未能处理完")
    assert results[3] == workers.Failure("超出每个来源的内存限额（512 MB），未能处理完")
    assert results[4] == workers.Failure("处理进程意外退出（信号 SIGKILL），可能超出了内存限额")
    assert results[5] == workers.Failure("处理程序出错：ValueError: 坏")


def test_a_worker_that_overran_is_replaced_and_killed():
    tasks = [("pid", None), ("sleep", 30), ("pid", None), ("pid", None)]
    results = workers.run(behave, tasks, jobs=1, budget=workers.Budget(seconds=1.0))
    first, _, second, third = results
    assert first != second == third          # a fresh worker after the overrun, reused after that
    assert not Path(f"/proc/{first}").exists() or "zombie" in Path(f"/proc/{first}/status").read_text().lower()


def test_the_budget_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(workers.SECONDS_ENV, "7.5")
    monkeypatch.setenv(workers.MEMORY_ENV, "900")
    assert workers.Budget.from_env() == workers.Budget(seconds=7.5, memory_mb=900)
    monkeypatch.delenv(workers.SECONDS_ENV)
    monkeypatch.delenv(workers.MEMORY_ENV)
    assert workers.Budget.from_env() == workers.Budget(seconds=120.0, memory_mb=3072)


def test_a_source_over_budget_is_listed_and_the_rest_published(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "report.txt")
    # Twenty megabytes of report-like prose: far more than a one-second budget can clean and parse.
    (tmp_path / "huge.txt").write_text("本机关全年主动公开政府信息120条，收到申请6件。\n" * 800_000, encoding="utf-8")
    records, errors = pipeline.parse_paths(sorted(tmp_path.iterdir()), tmp_path, jobs=2,
                                           budget=workers.Budget(seconds=1.0))
    assert [r["source"]["file"] for r in records] == ["report.txt"]
    assert records[0]["title"] == "平潭综合实验区2024年度政府信息公开工作年度报告"
    assert errors == [{"file": "huge.txt", "id": "huge-txt", "reason": "超出每个来源的处理时限（1 秒），未能处理完"}]


def test_the_cli_lists_a_source_over_budget_and_exits_1(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SAMPLE, sources / "report.txt")
    (sources / "huge.txt").write_text("本机关全年主动公开政府信息120条。\n" * 800_000, encoding="utf-8")
    env = dict(os.environ, **{workers.SECONDS_ENV: "1"})
    result = subprocess.run([sys.executable, "-m", "generator", "parse", str(sources), "--out", str(tmp_path / "out")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "error: huge.txt: 超出每个来源的处理时限（1 秒），未能处理完" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report-txt.yaml"]


# ---- one job in a child process (both editions rendered at once) --------------------------------

def _pid_and_sum(a: int, b: int) -> tuple[int, int]:
    return os.getpid(), a + b


def _refuse(name: str) -> None:
    raise ValueError(f"bad page {name}")


def _die() -> None:
    os._exit(3)


def test_in_child_returns_the_result_from_another_process():
    result = workers.in_child(_pid_and_sum, 2, 40)
    pid, total = result()
    assert total == 42 and pid != os.getpid()


def test_in_child_raises_the_childs_exception_here():
    result = workers.in_child(_refuse, "reports/x.md")
    with pytest.raises(ValueError, match=r"^bad page reports/x\.md$"):
        result()


def test_in_child_says_when_the_child_died():
    result = workers.in_child(_die)
    with pytest.raises(RuntimeError, match=r"_die: the child process died \(exit code 3\)"):
        result()


def _collector_state(_task) -> tuple[bool, int]:
    import gc
    return gc.isenabled(), gc.get_freeze_count()


def test_workers_collect_their_garbage_when_the_parent_paused_the_collector():
    """The parent gathers records with the cyclic collector paused (generator.heap); its workers,
    forked then, must still collect the cycles of their parse trees (else each grew with every
    source: 1.8 GB for 3,000 sources), walking only what they make (what they inherited is frozen)."""
    from generator.heap import no_cycle_collection
    with no_cycle_collection():
        [(enabled, frozen)] = workers.run(_collector_state, [None], jobs=1)
    assert enabled is True and frozen > 0
