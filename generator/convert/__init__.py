"""Simplified ⇄ Traditional conversion: OpenCC plus the maintainers' phrase table.

``to_traditional`` uses OpenCC's ``s2t`` configuration, except that every phrase listed in
``site_data/phrases.tsv`` is converted to the maintainers' form instead.  The text is cut at every
occurrence of a table phrase (leftmost occurrence first; at one position the longest phrase wins)
and OpenCC only sees the text between occurrences, so OpenCC can never re-segment across a phrase
and the table always wins.  No placeholders are inserted, so no character of the input can collide
with one.

``to_simplified`` normalises any Traditional text (Hong Kong, Taiwan or OpenCC-standard forms) to
Simplified: OpenCC ``hk2t`` then ``tw2s``.  Plain ``t2s`` leaves 著力 and 衞生 unconverted.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import opencc

__all__ = ["to_traditional", "to_simplified", "load_phrases", "DEFAULT_PHRASES"]

DEFAULT_PHRASES = Path(__file__).resolve().parents[2] / "site_data" / "phrases.tsv"


@lru_cache(maxsize=None)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def load_phrases(path: Path | str = DEFAULT_PHRASES) -> dict[str, str]:
    """Read a phrase table: ``Simplified<TAB>Traditional`` per line, ``#`` starts a comment line.

    Raises ValueError on a malformed line, or when one Simplified phrase is given twice with
    different Traditional forms (a maintainer's mistake that must not be resolved silently).
    """
    table: dict[str, str] = {}
    text = Path(path).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise ValueError(f"{path}:{number}: expected 'Simplified<TAB>Traditional', got {line!r}")
        simplified, traditional = parts[0].strip(), parts[1].strip()
        if simplified in table and table[simplified] != traditional:
            raise ValueError(f"{path}:{number}: {simplified} given twice with different forms")
        table[simplified] = traditional
    return table


@lru_cache(maxsize=8)
def _phrase_matcher(path: str) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    table = load_phrases(path)
    if not table:
        return None, table
    # Longest first, then code-point order: deterministic, and at any position the longest
    # phrase is tried first by the regex alternation.
    ordered = sorted(table, key=lambda p: (-len(p), p))
    return re.compile("|".join(re.escape(p) for p in ordered)), table


def to_traditional(text: str, phrases: Path | str | None = None) -> str:
    """Convert Simplified text to Traditional (OpenCC ``s2t`` + the phrase table)."""
    if not text:
        return text
    convert = _converter("s2t").convert
    pattern, table = _phrase_matcher(str(phrases or DEFAULT_PHRASES))
    if pattern is None:
        return convert(text)
    out: list[str] = []
    pos = 0
    for match in pattern.finditer(text):
        if match.start() > pos:
            out.append(convert(text[pos:match.start()]))
        out.append(table[match.group(0)])
        pos = match.end()
    if pos < len(text):
        out.append(convert(text[pos:]))
    return "".join(out)


def to_simplified(text: str) -> str:
    """Normalise Traditional text (HK, TW or OpenCC forms) to Simplified: ``hk2t`` then ``tw2s``."""
    if not text:
        return text
    return _converter("tw2s").convert(_converter("hk2t").convert(text))
