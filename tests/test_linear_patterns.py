"""Every regular expression that sees scraped text runs in time linear in its input (issue 6, item 2).

The old spam pattern took 1.5 s on a 2,500-letter line, 20 s at 10,000 and 154 s at 20,000, and a
500,000-character one-line file never finished. This test finds every compiled pattern defined at
module level anywhere in ``generator`` and runs it (``search`` and ``finditer``, as the code does)
over adversarial inputs: long runs of each character class the patterns care about (spaces,
ideographic spaces, tabs, digits, letters, Han characters, table pipes, punctuation) and of pairs
of them. It compares the time at 8× the length with the time at 1×: linear is about 8×, quadratic
about 64×. The threshold (30×) and the floor below which times are not compared (5 ms at 8,000 characters) make this
a test of the growth rate, not of the machine's speed.

The per-source time budget (generator.workers) bounds whatever this misses.
"""
from __future__ import annotations

import importlib
import pkgutil
import re
import time

import generator

SMALL, FACTOR, MAX_RATIO, FLOOR = 1000, 8, 30, 0.005
CHARACTERS = list(" a1一|\u3000\t：-。（【/件")
PAIRS = ["1 ", "a1", "一 ", "| ", "1|", "一1", "1.", "一、", "（一", "1\u3000"]


def module_patterns() -> dict[str, re.Pattern]:
    found: dict[int, tuple[str, re.Pattern]] = {}
    for info in pkgutil.walk_packages(generator.__path__, "generator."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.setdefault(id(value), (f"{info.name}.{name}", value))
    return dict(found.values())


def adversarial(n: int):
    for c in CHARACTERS:
        yield repr(c), c * n
    for pair in PAIRS:
        yield repr(pair), pair * (n // len(pair))


def cost(pattern: re.Pattern, text: str, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        pattern.search(text)
        for _ in pattern.finditer(text):
            pass
        best = min(best, time.perf_counter() - start)
    return best


def grows_faster_than_linearly(pattern: re.Pattern, text: str) -> bool:
    """A second look at a pattern flagged on a busy machine, where a sub-millisecond baseline is
    noise: doubling a long input costs about 2× when linear and 4× when quadratic."""
    big = cost(pattern, text * FACTOR, repeats=7)
    bigger = cost(pattern, text * FACTOR * 2, repeats=7)
    return bigger > FLOOR and bigger / max(big, 1e-9) > 3


def test_the_second_look_still_catches_a_quadratic_pattern():
    # Retried from every start of a digit run, each try reading to its end: quadratic. (A nested
    # quantifier such as (?:\s*\d+\s*)+ would be exponential and never finish on this input.)
    quadratic = re.compile(r"\s*\d+\s*件")
    assert grows_faster_than_linearly(quadratic, "1" * 300)
    # The usual cure: the look-behind lets only the first digit of a run start a match.
    assert not grows_faster_than_linearly(re.compile(r"(?<!\d)\d+件"), "1" * 150)


def test_the_scan_sees_the_patterns_that_clean_and_parse_use():
    names = set(module_patterns())
    assert {"generator.clean.CHROME_LINE", "generator.clean.SPAM_STEM", "generator.parse.legacy.GLUED_ROW",
            "generator.clean.ONE_LINE_TAIL", "generator.characters.UNSAFE"} <= names


def superlinear(patterns: dict) -> list[str]:
    """The patterns (name → compiled) that grow faster than linearly on one of the adversarial texts."""
    found = []
    for name, pattern in sorted(patterns.items()):
        for label, text in adversarial(SMALL):
            small = cost(pattern, text)
            big = cost(pattern, text * FACTOR)
            if big > FLOOR and big / max(small, 1e-9) > MAX_RATIO and grows_faster_than_linearly(pattern, text):
                found.append(f"{name} on {label}: {small * 1000:.1f} ms → {big * 1000:.1f} ms")
    return found


def test_no_pattern_grows_faster_than_linearly():
    assert superlinear(module_patterns()) == []


def test_a_long_line_of_any_kind_cleans_and_parses():
    from generator.ingest import RawSource
    from generator.parse import parse_source
    for text in ("a" * 20_000, " " * 20_000, "一" + " " * 20_000 + "二", "政府信息公开" * 4_000, "|1" * 10_000):
        [record] = parse_source(RawSource(file="x.txt", data=text.encode("utf-8")))
        assert record["is_report"] is False
