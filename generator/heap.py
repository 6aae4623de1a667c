"""Building many records without the cyclic garbage collector re-walking them.

A record is a tree of dicts, lists and strings: it never holds a cycle, so reference counting
frees it and the cyclic collector never has anything of it to collect. But while thousands of them
are built (parsed, unpickled, loaded from YAML), every full collection walks all of those already
held, so the time spent there grows with the square of the archive (measured: loading 4,000
records took 16.4 s with the collector on, 12.7 s with it off; issue 11). ``no_cycle_collection``
pauses the collector for such a stretch and runs one collection at its end.
"""
from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect(1)     # the young generations only: whatever cycles the stretch left
