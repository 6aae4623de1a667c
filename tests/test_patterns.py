"""Regexes are named module-level patterns (issue 7, item 6).

In the packages that read scraped text a function never holds a literal pattern of its own: it
uses a named, compiled pattern of its module, written once with an example of what it matches.
(A pattern built from what the code found, such as a body's name, is built by a small function.)
The patterns that stand in module-level lists, tuples and dicts, which tests/test_linear_patterns.py
does not see, are held to the same linear time here.
"""
from __future__ import annotations

import ast
import importlib
import itertools
import pkgutil
import re
from pathlib import Path

import generator
from test_linear_patterns import module_patterns, superlinear

PACKAGES = ("clean", "convert", "extract", "ingest", "parse")
REGEX_CALLS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}


def _files() -> list[Path]:
    root = Path(generator.__file__).parent
    return sorted(p for package in PACKAGES for p in (root / package).glob("*.py"))


def _written_out(node: ast.expr) -> bool:
    """A literal pattern, or an f-string of module constants only (``rf"({_META_KEY_RE})…"``);
    not one built from a function's arguments (``rf"{numeral}{GAP}…"``)."""
    if isinstance(node, ast.Constant):
        return True
    return isinstance(node, ast.JoinedStr) and all(
        isinstance(v.value, ast.Name) and v.value.id.lstrip("_").isupper()
        for v in node.values if isinstance(v, ast.FormattedValue))


def _inline_patterns(path: Path) -> list[str]:
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if (in_function and isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                    and isinstance(child.func.value, ast.Name) and child.func.value.id == "re"
                    and child.func.attr in REGEX_CALLS and child.args
                    and _written_out(child.args[0])):
                found.append(f"{path.name}:{child.lineno} re.{child.func.attr}({ast.unparse(child.args[0])[:60]})")
            visit(child, inside)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


def test_no_function_writes_a_pattern_inline():
    assert [hit for path in _files() for hit in _inline_patterns(path)] == []


def _collected_patterns() -> dict[str, re.Pattern]:
    """Compiled patterns inside module-level lists, tuples and dicts (one level down, or two for
    the (name, pattern) pairs), which the scan of bare module attributes does not reach."""
    seen = {id(p) for p in module_patterns().values()}
    found: dict[str, re.Pattern] = {}

    def add(name: str, value: object, depth: int = 0) -> None:
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            if id(value) not in seen:
                seen.add(id(value))
                found[name] = value
        elif depth < 2 and isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                add(f"{name}[{i}]", v, depth + 1)
        elif depth < 2 and isinstance(value, dict):
            for k, v in value.items():
                add(f"{name}[{k!r}]", v, depth + 1)

    for info in pkgutil.walk_packages(generator.__path__, "generator."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, (list, tuple, dict)):
                add(f"{info.name}.{name}", value)
    return found


def test_the_scan_sees_the_collected_patterns():
    names = set(_collected_patterns())
    assert {"generator.parse.NUMBERED_SIX_HEADINGS[2][1]", "generator.parse.SIX_HEADING_LINES[2][1]",
            "generator.parse.LEGACY_HEADLINE_LABELS['reviews']"} <= names


def test_no_collected_pattern_grows_faster_than_linearly():
    assert superlinear(_collected_patterns()) == []


def test_the_title_separator_matches_what_it_matched_before_it_was_made_linear():
    # The spaces before a dash are now taken only from the start of their run; the old form
    # retried from every space of a run (quadratic). Every short string over the characters that
    # matter is split the same way.
    from generator.parse.metadata import SITE_NAME_SEPARATOR
    old = re.compile(r"[_|｜]|\s*[-－—–]+\s*(?=[^\d\s])")
    alphabet = [" ", "\u3000", "-", "—", "_", "1", "a", "｜"]
    for n in range(6):
        for chars in itertools.product(alphabet, repeat=n):
            s = "".join(chars)
            assert [m.span() for m in SITE_NAME_SEPARATOR.finditer(s)] == [m.span() for m in old.finditer(s)], s
    # and it no longer grows faster than linearly (the old form did, on a run of spaces)
    assert superlinear({"SITE_NAME_SEPARATOR": SITE_NAME_SEPARATOR}) == []
    assert superlinear({"old": old}) != []
