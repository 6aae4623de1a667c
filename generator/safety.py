"""Process safety for builds: exclusive locks, child processes that die with their parent, SIGTERM
as an interrupt, and the test hook that pauses a build at a named stage.

Locks   ``exclusive_lock(path)`` takes ``fcntl.flock`` on ``path`` without waiting (``LockHeld`` when
        another process holds it; ``wait=True`` blocks instead).  Re-entrant within one process, so
        ``generator.build`` can hold a site's lock around the whole build while ``build_site`` takes
        it again.  The file holds the holder's pid and is removed on release.
Children ``start(cmd, ...)`` is ``subprocess.Popen`` whose child gets ``PR_SET_PDEATHSIG`` =
        SIGKILL on Linux: it is killed when the process that started it dies, even by SIGKILL.
        ``reap(procs)`` kills and waits for those still running (call it in a ``finally``).
        ``children_die_with_parent()`` does the same for every ``os.fork`` (multiprocessing workers).
Signals ``sigterm_interrupts()`` makes SIGTERM raise ``Interrupted`` (a ``KeyboardInterrupt``), so
        SIGINT and SIGTERM run the same ``finally`` cleanups.
Pauses  ``pause_point(stage)``: when ``ARCHIVE_TEST_PAUSE_AT`` names ``stage``, append
        ``"<stage> <pid>"`` to the file ``ARCHIVE_TEST_PAUSE_FILE`` and sleep (up to 10 minutes), so
        that a test can interrupt the build at exactly that point.  Stages: ``parse`` (sources
        parsed, nothing written), ``render`` (zh-Hans pages written, zh-Hant not yet), ``mkdocs``
        (inside each MkDocs process, its edition written, before it exits), ``pagefind`` (Pagefind
        started).  A no-op when the variable is unset.
"""
from __future__ import annotations

import errno
import fcntl
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PAUSE_ENV = "ARCHIVE_TEST_PAUSE_AT"
PAUSE_FILE_ENV = "ARCHIVE_TEST_PAUSE_FILE"
PAUSE_SECONDS = 600


class LockHeld(RuntimeError):
    """Another process holds the lock."""

    def __init__(self, path: Path, what: str, holder: str):
        self.path, self.what, self.holder = Path(path), what, holder
        by = f" by pid {holder}" if holder else ""
        super().__init__(f"{what} is in use by another build (lock {path} held{by}); "
                         "try again when it has finished")


class Interrupted(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the same cleanups run."""


# --------------------------------------------------------------------------------------------
# Locks

_held: dict[str, list] = {}   # path → [fd, depth]


def _read_holder(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return ""


@contextmanager
def exclusive_lock(path: Path, what: str, *, wait: bool = False) -> Iterator[Path]:
    path = Path(path).absolute()
    key = str(path)
    if key in _held:                      # this process holds it already
        _held[key][1] += 1
        try:
            yield path
        finally:
            _held[key][1] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise LockHeld(path, what, _read_holder(path)) from None
            raise
        # The previous holder removes the file on release: make sure ours is still the one there.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        _held[key] = [fd, 1]
        yield path
    finally:
        _held.pop(key, None)
        try:
            os.unlink(path)
        except OSError:
            pass
        os.close(fd)


# --------------------------------------------------------------------------------------------
# Children

_PR_SET_PDEATHSIG = 1
_libc = None
if sys.platform.startswith("linux"):
    try:
        import ctypes
        _libc = ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover
        _libc = None


def _set_pdeathsig(parent: int) -> None:
    if _libc is not None:
        _libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() != parent:        # the parent died before the prctl took effect
            os._exit(137)


def start(cmd: list[str], **kwargs) -> subprocess.Popen:
    """``Popen`` of a child that is killed (SIGKILL) when this process dies."""
    parent = os.getpid()
    if _libc is not None:
        kwargs.setdefault("preexec_fn", lambda: _set_pdeathsig(parent))
    return subprocess.Popen(cmd, **kwargs)


def reap(procs: list[subprocess.Popen]) -> None:
    """Kill the children still running and wait for all of them (so none writes on afterwards)."""
    for p in procs:
        if p.poll() is None:
            try:
                p.kill()
            except ProcessLookupError:  # pragma: no cover
                pass
    for p in procs:
        p.wait()
        for stream in (p.stdout, p.stderr):
            if stream:
                stream.close()


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``).  False when the
    system or file system cannot; the caller then falls back to two renames."""
    fn = getattr(_libc, "renameat2", None) if _libc is not None else None
    if fn is None:
        return False
    import ctypes
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


_forker = {"pid": None}
_registered = False


def children_die_with_parent() -> None:
    """Every later ``os.fork`` child (e.g. the parse workers) dies with the process that forked it."""
    global _registered
    if _registered or _libc is None or not hasattr(os, "register_at_fork"):
        return
    _registered = True
    os.register_at_fork(before=lambda: _forker.update(pid=os.getpid()),
                        after_in_child=lambda: _set_pdeathsig(_forker["pid"]))


# --------------------------------------------------------------------------------------------
# Signals


def _raise_interrupted(signum, frame):
    raise Interrupted(signal.Signals(signum).name)


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Within the block SIGTERM raises ``Interrupted`` (SIGINT raises ``KeyboardInterrupt`` as usual)."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_interrupted)
    except ValueError:               # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


# --------------------------------------------------------------------------------------------
# Test hook


def pause_point(stage: str) -> None:
    """Test hook (see the module docstring): a no-op unless ``ARCHIVE_TEST_PAUSE_AT=<stage>``."""
    if os.environ.get(PAUSE_ENV) != stage:
        return
    marker = os.environ.get(PAUSE_FILE_ENV)
    if marker:
        fd = os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, f"{stage} {os.getpid()}\n".encode())
        finally:
            os.close(fd)
    deadline = time.monotonic() + PAUSE_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.2)
