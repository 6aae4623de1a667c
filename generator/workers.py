"""Run one function over many sources in worker processes, each call within a time and memory budget.

A source is untrusted input: a pathological one (a regex that backtracks, a decompression bomb, a
parser bug that loops) must cost the archive that one source, never the build. Each call runs in a
worker process with an address-space limit; the parent kills a worker that overruns its time and
starts a fresh one, and the call's result is a ``Failure`` with the reason. Workers die with the
parent (``PR_SET_PDEATHSIG``), so an interrupted build leaves none behind.

Results come back in the order of the tasks, whatever order the workers finish in.
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import resource
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterable, Iterator

SECONDS_ENV = "ARCHIVE_SOURCE_SECONDS"
MEMORY_ENV = "ARCHIVE_SOURCE_MEMORY_MB"
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Budget:
    """What one source may cost. Generous: a real report parses in well under a second and 100 MB."""
    seconds: float = 120.0
    memory_mb: int = 3072

    @classmethod
    def from_env(cls) -> "Budget":
        seconds = float(os.environ.get(SECONDS_ENV) or cls.seconds)
        memory = int(os.environ.get(MEMORY_ENV) or cls.memory_mb)
        return cls(seconds=seconds, memory_mb=memory)


@dataclass(frozen=True)
class Failure:
    """A call that did not return: why, in words for the not-published list."""
    reason: str


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the parent's finally-block still kills workers
        pass


def _limit_memory(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _worker(conn: Connection, func: Callable[[Any], Any], memory_mb: int) -> None:
    # Forked from a parent that may have paused the cyclic collector (generator.heap, while it
    # gathers the records): a worker's garbage — parse trees, full of parent/child cycles — is
    # collected, or a long-lived worker grows with every source it parses (1.8 GB at 3,000).
    # What it inherited is frozen first: collections walk only what the worker itself makes.
    gc.freeze()
    gc.enable()
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent decides what an interrupt means
    _limit_memory(memory_mb)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        index, task = job
        try:
            outcome: Any = ("ok", func(task))
        except MemoryError:
            outcome = ("failure", f"超出每个来源的内存限额（{memory_mb} MB），未能处理完")
        except Exception as exc:  # a bug in the function: name it, keep the worker
            outcome = ("failure", f"处理程序出错：{exc.__class__.__name__}: {exc}")
        try:
            conn.send((index, outcome))
        except MemoryError:
            conn.send((index, ("failure", f"超出每个来源的内存限额（{memory_mb} MB），未能处理完")))


class _Slot:
    """One worker process and the task it is running."""

    def __init__(self, ctx, func: Callable[[Any], Any], budget: Budget):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker, args=(child, func, budget.memory_mb), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None
        self.started = 0.0

    def give(self, index: int, task: Any) -> None:
        self.index, self.started = index, time.monotonic()
        self.conn.send((index, task))

    def stop(self, kill: bool = False) -> None:
        if kill and self.process.is_alive():
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except (OSError, ValueError):
                pass
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def run(func: Callable[[Any], Any], tasks: Iterable[Any], *, jobs: int = 1, budget: Budget | None = None,
        on_done: Callable[[], None] | None = None) -> list[Any]:
    """``[func(task) or Failure(reason) for task in tasks]``, computed in ``jobs`` worker processes.

    ``func`` must be a module-level function (workers are forked, so it is not pickled).
    """
    return list(_run(func, list(tasks), max(1, jobs), budget or Budget.from_env(), on_done))


def _run(func, tasks: list[Any], jobs: int, budget: Budget, on_done) -> Iterator[Any]:
    if not tasks:
        return iter(())
    ctx = multiprocessing.get_context("fork")
    results: list[Any] = [None] * len(tasks)
    pending = list(range(len(tasks)))[::-1]
    slots = [_Slot(ctx, func, budget) for _ in range(min(jobs, len(tasks)))]
    remaining = len(tasks)
    try:
        for slot in slots:
            if pending:
                i = pending.pop()
                slot.give(i, tasks[i])
        while remaining:
            busy = [s for s in slots if s.index is not None]
            now = time.monotonic()
            timeout = max(0.0, min(s.started + budget.seconds for s in busy) - now)
            ready = wait([s.conn for s in busy], timeout=timeout)
            for k, slot in enumerate(slots):
                if slot.index is None:
                    continue
                finished: Any = None
                replace = False
                if slot.conn in ready:
                    try:
                        _, (kind, value) = slot.conn.recv()
                        finished = value if kind == "ok" else Failure(value)
                    except (EOFError, OSError):
                        finished = Failure(f"处理进程意外退出（{_exit_description(slot)}），可能超出了内存限额")
                        replace = True
                elif time.monotonic() - slot.started >= budget.seconds:
                    finished = Failure(f"超出每个来源的处理时限（{budget.seconds:g} 秒），未能处理完")
                    replace = True
                if finished is None:
                    continue
                results[slot.index] = finished
                remaining -= 1
                if on_done:
                    on_done()
                if replace:
                    slot.stop(kill=True)
                    slot = slots[k] = _Slot(ctx, func, budget)
                slot.index = None
                if pending:
                    i = pending.pop()
                    slot.give(i, tasks[i])
    finally:
        for slot in slots:
            slot.stop(kill=slot.index is not None)
    return iter(results)


def _exit_description(slot: _Slot) -> str:
    slot.process.join(1)
    code = slot.process.exitcode
    if code is None:
        return "无退出码"
    if code < 0:
        try:
            return f"信号 {signal.Signals(-code).name}"
        except ValueError:
            return f"信号 {-code}"
    return f"退出码 {code}"


def _child_main(send: Connection, func: Callable[..., Any], args: tuple) -> None:
    _die_with_parent()
    try:
        outcome: tuple[str, Any] = ("ok", func(*args))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        outcome = ("error", exc)
    try:
        send.send(outcome)
    except Exception:  # noqa: BLE001 - an exception that does not pickle goes back as its text
        send.send(("error", RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}")))


def in_child(func: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    """Start ``func(*args)`` in a forked child process (which dies with its parent) and return a
    function that waits for it and returns its result, or raises its exception in this process.

    For one large job beside another (both editions rendered at once on two cores): the child
    shares the parent's memory copy-on-write, so ``func`` and ``args`` are not pickled; the result
    is."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child_main, args=(send, func, args), daemon=True)
    process.start()
    send.close()

    def result() -> Any:
        try:
            status, value = recv.recv()
        except EOFError:
            status, value = "error", RuntimeError(f"{getattr(func, '__name__', func)}: the child process died "
                                                  f"(exit code {process.join() or process.exitcode})")
        finally:
            recv.close()
        process.join()
        if status == "error":
            raise value
        return value

    return result
