"""Property-based fuzzing of cleaning and parsing on mutated real sources.

Each example takes one of the sample sources in site_data/sources/ (read from disk at test time,
never copied into the repo) and applies one to six mutations: inserting random Unicode (controls,
non-characters, bidi and zero-width characters included; no lone surrogates, which UTF-8 cannot
carry), deleting, duplicating or wrapping lines, shuffling the cells of a table row, truncating
(as text, or as bytes in the middle of a multi-byte character), replacing digits, injecting "|",
"　" and tabs, and inserting HTML tags. The properties, for every example:

- ``generator.parse.parse_source(RawSource(...))`` returns records and raises nothing
  (``SourceError``, "this source is unreadable", is allowed);
- it finishes within PER_EXAMPLE_SECONDS (10 s: generous, the unmutated sources take < 0.2 s) —
  enforced both by Hypothesis's ``deadline`` and by an explicit measurement, so a superlinear
  pattern shows up as a failure with the example, not as a hung run;
- every record validates against the schema (``generator.records.validate(record) == []``) and
  its canonical YAML (``generator.records.dump_yaml``) loads back with PyYAML's safe loader.

Settings come from the profile named by the environment variable ``HYPOTHESIS_PROFILE``:
``ci`` (the default: 100 examples per test, a third of that for the slower HTML and title tests;
``derandomize=True`` so every run tries the same inputs; no example database written; about 15 s
in all) or ``long`` (2,000 examples per test, random, for a local soak), e.g.

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py
"""
from __future__ import annotations

import os
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import ingest
from generator.ingest import RawSource, SourceError
from generator.parse import parse_source
from generator.records import dump_yaml, validate

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "site_data" / "sources"
PER_EXAMPLE_SECONDS = 10.0

# Registered under module-specific names so that no other test module's profiles are touched; the
# global profile is never loaded here.
settings.register_profile("archive-fuzz-ci", max_examples=100, deadline=timedelta(seconds=PER_EXAMPLE_SECONDS), derandomize=True,
                          database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("archive-fuzz-long", max_examples=2000, deadline=timedelta(seconds=PER_EXAMPLE_SECONDS), derandomize=False,
                          database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
SETTINGS = settings.get_profile("archive-fuzz-long" if PROFILE == "long" else "archive-fuzz-ci")


def _sample(suffixes: tuple[str, ...]) -> list[tuple[str, bytes, dict]]:
    out = []
    for path in ingest.discover(SAMPLE):
        if path.suffix.lower() in suffixes:
            src = ingest.load(path, SAMPLE)
            out.append((src.file, src.data, src.meta))
    return out


TEXT_SOURCES = _sample((".txt",))
HTML_SOURCES = _sample((".html", ".htm"))
# Text sources with a title line ("…年度报告") in their first lines.
TITLED = [s for s in TEXT_SOURCES if any("年度报告" in ln for ln in s[1].decode("utf-8").split("\n")[:8])]

# Characters that have broken (or could break) cleaning, YAML, Markdown or matching.
SPECIAL = (
    [chr(c) for c in range(0x00, 0x20)] + ["\x7f", "\x80", "\x85", "\x9f", "\xa0", "\xad"]
    + ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u034f", "\u180e"]            # zero-width
    + ["\u061c", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
       "\u2066", "\u2067", "\u2068", "\u2069"]                                            # bidi
    + ["\u2028", "\u2029", "\u3000", "\ufffd", "\ufffe", "\uffff", "\ufdd0", "\ufdef",
       "\U0001fffe", "\U0010ffff", "\U00020000", "\u00e9", "\u0301"]                     # non-characters, astral, combining
    + ["|", "｜", "\t", "　", "：", ":", "、", "（", "）", "一、", "三、", "（七）总计", "合计", "第", "年"]
)
TAGS = ["<p>", "</p>", "<br>", "<table>", "</table>", "<tr>", "<td>", "</td>", "<th colspan=3>", "<div>",
        "</div>", "<span>", "<script>alert(1)</script>", "<!--", "-->", "<style>", "<![CDATA[", "<td rowspan=99>",
        "<table><tr><td>", "&nbsp;", "&#12288;", "&#x0;", "&lt;", "<h1>", "<title>", "<meta charset=big5>"]

text_piece = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=8),
)


def _at(n: int, length: int) -> int:
    return n % (length + 1)


@st.composite
def mutation(draw):
    kind = draw(st.sampled_from(["insert", "delete_line", "duplicate_line", "shuffle_cells", "truncate",
                                 "digits", "inject", "wrap", "tag", "swap_lines"]))
    return kind, draw(st.integers(0, 10 ** 9)), draw(st.integers(0, 10 ** 9)), draw(text_piece)


def mutate(text: str, mutations: list[tuple]) -> str:
    for kind, a, b, piece in mutations:
        lines = text.split("\n")
        if kind == "insert":
            i = _at(a, len(text))
            text = text[:i] + piece + text[i:]
        elif kind == "delete_line" and lines:
            del lines[a % len(lines)]
            text = "\n".join(lines)
        elif kind == "duplicate_line" and lines:
            i = a % len(lines)
            lines[i:i] = [lines[i]] * (1 + b % 3)
            text = "\n".join(lines)
        elif kind == "swap_lines" and len(lines) > 1:
            i, j = a % len(lines), b % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif kind == "shuffle_cells":
            rows = [i for i, ln in enumerate(lines) if re.search(r"\d", ln) and re.search(r"[\s|]", ln.strip())]
            if rows:
                i = rows[a % len(rows)]
                sep = "|" if "|" in lines[i] else " "
                cells = lines[i].split(sep)
                k = b % len(cells)
                cells = cells[k:] + cells[:k]
                if len(cells) > 2:
                    cells[0], cells[-1] = cells[-1], cells[0]
                lines[i] = sep.join(cells)
                text = "\n".join(lines)
        elif kind == "truncate":
            text = text[: _at(a, len(text))]
        elif kind == "digits":
            digits = [m.start() for m in re.finditer(r"\d", text)]
            if digits:
                i = digits[a % len(digits)]
                text = text[:i] + str(b % 10 if b % 4 else b) + text[i + 1:]
        elif kind == "inject":
            i = _at(a, len(text))
            text = text[:i] + ["|", "　", "\t", "||", "| |", "\t\t", "　　"][b % 7] + text[i:]
        elif kind == "wrap" and lines:
            i = a % len(lines)
            line = lines[i]
            width = 1 + b % 40
            lines[i] = "\n".join(line[k:k + width] for k in range(0, len(line), width)) if line else line
            text = "\n".join(lines)
        elif kind == "tag":
            i = _at(a, len(text))
            text = text[:i] + TAGS[b % len(TAGS)] + text[i:]
    return text


def check_parse(file: str, data: bytes, meta: dict) -> None:
    start = time.monotonic()
    try:
        records = parse_source(RawSource(file=file, data=data, meta=meta))
    except SourceError:
        return
    elapsed = time.monotonic() - start
    assert elapsed < PER_EXAMPLE_SECONDS, f"parse took {elapsed:.1f} s"
    assert records, "parse_source returned no record"
    for record in records:
        assert validate(record) == [], (record["id"], validate(record)[:3])
        loaded = yaml.safe_load(dump_yaml(record))
        assert loaded["id"] == record["id"] and loaded["source"]["sha256"] == record["source"]["sha256"]


def test_samples_are_there():
    assert len(TEXT_SOURCES) >= 10 and len(HTML_SOURCES) >= 5 and TITLED


@pytest.mark.parametrize("file, data, meta", TEXT_SOURCES + HTML_SOURCES, ids=[f for f, _, _ in TEXT_SOURCES + HTML_SOURCES])
def test_unmutated_samples_parse_and_validate(file, data, meta):
    check_parse(file, data, meta)


@SETTINGS
@given(source=st.sampled_from(TEXT_SOURCES), mutations=st.lists(mutation(), min_size=1, max_size=6),
       encoding=st.sampled_from(["utf-8", "utf-8", "utf-8", "gb18030", "utf-8-sig"]))
def test_mutated_text_sources_parse_and_validate(source, mutations, encoding):
    file, data, meta = source
    text = mutate(data.decode("utf-8"), mutations)
    check_parse(file, text.encode(encoding, errors="replace") if encoding != "utf-8" else text.encode("utf-8"), meta)


@settings(SETTINGS, max_examples=max(5, SETTINGS.max_examples // 3))
@given(source=st.sampled_from(HTML_SOURCES), mutations=st.lists(mutation(), min_size=1, max_size=6))
def test_mutated_html_sources_parse_and_validate(source, mutations):
    file, data, meta = source
    text, _ = ingest.decode(data)
    check_parse(file, mutate(text, mutations).encode("utf-8"), meta)


@SETTINGS
@given(source=st.sampled_from(TEXT_SOURCES + HTML_SOURCES), cut=st.integers(1, 10 ** 9),
       junk=st.binary(min_size=0, max_size=16))
def test_byte_level_truncation_and_junk(source, cut, junk):
    """Bytes cut anywhere (also inside a multi-byte character) and random bytes appended."""
    file, data, meta = source
    check_parse(file, data[: cut % len(data) + 1] + junk, meta)


@settings(SETTINGS, max_examples=max(5, SETTINGS.max_examples // 3))
@given(title_junk=st.lists(st.sampled_from(SPECIAL[:60]), min_size=1, max_size=4),
       payload=st.sampled_from(["[x](javascript:alert(document.domain))", "[x](https://a.cn){: onclick=alert(1) }",
                                "![x](https://evil.example/p.png)", "{{ 7*7 }}", "<script>alert(1)</script>", ""]))
def test_controls_in_the_title_line(title_junk, payload):
    """The title line of a real text source with controls/bidi/zero-width and a payload spliced in."""
    # (huaian/huaian-2024.txt left the sample archive: it is read from ../shared/ by the PDF tests.)
    file, data, meta = next(s for s in TEXT_SOURCES if s[0] == "pingtan/pingtan-zone-2024.txt")
    lines = data.decode("utf-8").split("\n")
    i = next(k for k, ln in enumerate(lines) if "年度报告" in ln)
    cut = len(lines[i]) // 2
    lines[i] = lines[i][:cut] + "".join(title_junk) + payload + lines[i][cut:]
    check_parse(file, "\n".join(lines).encode("utf-8"), meta)
