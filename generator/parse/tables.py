"""Statistics tables, read by row label — never by position alone.

Every source shape is first flattened to text: HTML rows become ``|a|b|c|`` lines, crawler dumps
keep their "|" joins, PDF text keeps its spaces, and some dumps glue cells with no separator at
all. A row is found by its label (a pattern tolerant of line breaks, spaces and "|" inside the
label, numbering variants and both scripts after normalisation); its cells are whatever stands
between that label and the next row's label. Glued digit runs are split only with the table's own
arithmetic, and only when exactly one split satisfies it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Sequence

GAP = r"[\s|]*"  # what may stand between two characters of a label (PDF wraps, "|" joins)
INNER = r"[\s|、，,·]*"  # inside a label's core also the punctuation that sources add or drop (法律、行政法规)
PAGE_FOOTER = re.compile(r"(?m)^\s*[-—–]\s*\d{1,3}\s*[-—–]\s*$|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|^\s*\d{1,3}\s*/\s*\d{1,3}\s*$")
BLANK_MARKS = {"", "/", "／", "-", "—", "–", "——", "－", "无", "空", "\\", "、"}
# A figure; thousands separators ("447,228") only in groups of exactly three digits.
NUMBER_RE = r"[-−]?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
NUMBER = re.compile(rf"^{NUMBER_RE}$")
WHITESPACE = re.compile(r"\s+")                            # "1 2" → "12"; "\n" and "\u3000" too
UNIT_AFTER_FIGURE = re.compile(r"(?<=\d)(?:件|个|条|宗|项|万元)$")   # "件" in a cell "3件"
SPACED_FIGURE = re.compile(r"[-−]?\d[\d\s]*")               # one cell of digits split by spaces: "20 263542"
DIGITS_AND_SPACES = re.compile(r"\d[\d\s]*")                # a token of glued digits: "2026 3542"
# A cell in text without "|": a figure standing alone ("447,228", "12", "3.5"), or a blank mark ("/", "—").
CELL_TOKEN = re.compile(rf"(?<![\d.]){NUMBER_RE}(?![\d.])|(?<!\S)[/／\-—–－]{{1,2}}(?!\S)")


CIRCLED = "①②③④⑤⑥⑦⑧⑨"


def label(core: str, *, item: int | None = None, heading: str | None = None, required: bool = False) -> re.Pattern:
    """Regex for a row label: optional numbering, then the core with GAP between characters.

    ``item`` is the row's own sub-item number (1., 2、, (3), ③ …) and ``heading`` its Chinese
    numeral (一、 or （一）). The expected number is spelled out, not ``\\d``, so that a digit of the
    previous row's glued values is never mistaken for numbering ("40000042.其他…").
    ``required`` makes the numbering compulsory (the bare "3.其他" row).
    """
    parts = []
    chars = list(core)
    i = 0
    while i < len(chars):
        ch = chars[i]
        optional = i + 1 < len(chars) and chars[i + 1] == "?"   # "本年度?新收": 度 may be absent
        if ch in "“”\"":
            piece = r"[\"“”「」『』']?"
        else:
            piece = re.escape(ch) + ("?" if optional else "")
        parts.append(piece)
        i += 2 if optional else 1
    body = INNER.join(parts)
    prefix = ""
    if item is not None:
        prefix = rf"(?:[(（]?{item}{GAP}[)）.、．,，]|{CIRCLED[item - 1]}){GAP}"
    elif heading is not None:
        prefix = rf"(?:[(（]{heading}[)）]|{heading}{GAP}[、.．]){GAP}"
    if prefix and not required:
        prefix = f"(?:{prefix})?"
    return re.compile(prefix + body)


@dataclass
class Row:
    key: str
    pattern: re.Pattern
    width: int


@dataclass
class TableResult:
    rows: dict[str, list] = field(default_factory=dict)    # key -> values (int/float/None)
    inferred: dict[str, list[int]] = field(default_factory=dict)  # key -> indexes computed by splitting
    notes: list[dict] = field(default_factory=list)          # [{field, reason}]
    raw: dict[str, str] = field(default_factory=dict)        # key -> cell text as found
    # Rows whose glued digits admit several splits: kept so that the whole table's arithmetic
    # (column identities) or a figure stated in the prose can still single one out.
    candidates: dict[str, list[list[int]]] = field(default_factory=dict)


def to_number(tok: str):
    tok = tok.replace("−", "-").replace(",", "")
    if "." in tok:
        return float(tok)
    return int(tok)


def cell_tokens(span: str) -> list[str]:
    """The cells between two labels, as strings; "" stands for an explicitly blank cell."""
    span = PAGE_FOOTER.sub(" ", span)
    if "|" in span:
        # Cells are "|"-separated; a line break also ends a cell (rows that do not start with "|"),
        # and the pipe that closes a line is not an extra empty cell.
        lines = span.split("\n")
        head, *rest0 = lines[0].split("|")
        if lines[0].rstrip().endswith("|") and rest0:
            rest0 = rest0[:-1]
        pieces = list(rest0)
        for line in lines[1:]:
            if not line.strip():
                continue          # a blank line between cells is layout, not an empty cell
            if line.strip() == "|":
                pieces.append("")  # "cell |" dumps: an empty cell is a lone closing pipe
                continue
            parts = line.split("|")
            if line.startswith("|"):
                parts = parts[1:]
            if line.rstrip().endswith("|") and parts:
                parts = parts[:-1]
            pieces.extend(parts)
        out = [t for t in head.split() if NUMBER.match(t)]
        for c in pieces:
            c = WHITESPACE.sub("", c)
            c = UNIT_AFTER_FIGURE.sub("", c)   # "3件": the unit repeated in the cell
            if NUMBER.match(c) or c in BLANK_MARKS:
                out.append(c)
            elif SPACED_FIGURE.fullmatch(c):
                out.append(c)       # digits split by spaces inside one cell: keep for glued handling
            # anything else is a label fragment (group headers such as （三）不予公开)
        return out
    # No "|": numbers are whatever digit runs stand between the labels (label fragments such as
    # （三）不予公开 or a wrapped "法提供" carry no Arabic digits); "/" and "-" alone are blanks.
    return [m.group(0) for m in CELL_TOKEN.finditer(span)]


def fit_cells(tokens: list[str], width: int) -> list[str] | None:
    """Choose ``width`` cells from a row's tokens (surplus blank cells come from merged columns)."""
    if len(tokens) == width:
        return tokens
    if len(tokens) > width:
        filled = [i for i, t in enumerate(tokens) if t not in BLANK_MARKS]
        if not filled:
            return tokens[:width]
        last = filled[-1]
        if last >= width - 1 and all(t in BLANK_MARKS for t in tokens[last + 1:]):
            return tokens[last - width + 1: last + 1]
        return tokens[:width]
    return None


def splits(digits: Sequence[str], n: int, accept: Callable[[list[int]], bool], *, limit: int = 2_000_000) -> list[list[int]]:
    """All ways to cut the digit strings into n numbers (no leading zeros) that ``accept`` takes.

    ``accept`` is called on every prefix (for pruning) and must return False only when no
    completion of that prefix can satisfy the table's arithmetic.
    """
    results: list[list[int]] = []
    budget = [limit]

    def rec(ti: int, pos: int, acc: list[int]):
        if budget[0] <= 0 or len(results) > 50:
            return
        budget[0] -= 1
        if not accept(acc):
            return
        if ti == len(digits):
            if len(acc) == n:
                results.append(list(acc))
            return
        s = digits[ti]
        remaining_tokens = len(digits) - ti - 1
        for end in range(pos + 1, len(s) + 1):
            part = s[pos:end]
            if len(part) > 1 and part[0] == "0":
                break
            if len(acc) + 1 + remaining_tokens > n:
                break
            acc.append(int(part))
            if end == len(s):
                rec(ti + 1, 0, acc)
            else:
                rec(ti, end, acc)
            acc.pop()

    rec(0, 0, [])
    return results


def row_sum_rule(n_parts: int) -> Callable[[list[int]], bool]:
    """Applicant columns: the last of n numbers is the sum of the others."""
    def accept(acc: list[int]) -> bool:
        if len(acc) < n_parts:
            return True
        return len(acc) == n_parts and acc[-1] == sum(acc[:-1])
    return accept


def group_sum_rule(group: int) -> Callable[[list[int]], bool]:
    """Section 四: every group of ``group`` numbers ends with the sum of the group's others."""
    def accept(acc: list[int]) -> bool:
        if acc and len(acc) % group == 0:
            g = acc[-group:]
            return g[-1] == sum(g[:-1])
        return True
    return accept


def no_rule(acc: list[int]) -> bool:
    return True


def read_rows(text: str, rows: list[Row], *, rule_for: Callable[[Row], Callable] | None = None,
              prefix: str = "") -> TableResult:
    """Find each row label in order and read its cells from the text up to the next label."""
    result = TableResult()
    found: list[tuple[Row, re.Match]] = []
    pos = 0
    for row in rows:
        m = row.pattern.search(text, pos)
        if m is None:
            continue
        found.append((row, m))
        pos = m.end()
    for i, (row, m) in enumerate(found):
        end = found[i + 1][1].start() if i + 1 < len(found) else len(text)
        span = text[m.end():end]
        if i + 1 == len(found):
            span = span[:400]
        result.raw[row.key] = WHITESPACE.sub(" ", span.strip())[:200]
        _assign(result, row, cell_tokens(span), rule_for(row) if rule_for else no_rule, prefix)
    for row in rows:
        if row.key not in result.rows:
            result.notes.append({"field": f"{prefix}{row.key}", "reason": "表中未找到该行"})
    return result


def _assign(result: TableResult, row: Row, tokens: list[str], rule, prefix: str) -> None:
    field_name = f"{prefix}{row.key}"
    cells = fit_cells(tokens, row.width)
    if cells is not None and all(NUMBER.match(c) or c in BLANK_MARKS for c in cells):
        result.rows[row.key] = [to_number(c) if NUMBER.match(c) else None for c in cells]
        blanks = [c for c in cells if c in BLANK_MARKS]
        if blanks:
            shown = sorted({f"“{c}”" if c else "空白" for c in blanks})
            result.notes.append({"field": field_name, "reason": f"原文有 {len(blanks)} 格为{'、'.join(shown)}（记为空值，不作 0）"})
        return
    digit_runs = [WHITESPACE.sub("", t) for t in tokens if DIGITS_AND_SPACES.fullmatch(t)]
    if tokens and len(digit_runs) == len(tokens) and sum(map(len, digit_runs)) >= row.width:
        candidates = splits(digit_runs, row.width, rule)
        if len(candidates) == 1:
            result.rows[row.key] = candidates[0]
            given = [int(t) for t in digit_runs] if len(digit_runs) == row.width else None
            if given != candidates[0]:
                result.inferred[row.key] = list(range(row.width))
                result.notes.append({"field": field_name, "reason": f"原文各格数字连在一起（{' '.join(digit_runs)}），按本表算术关系拆分（唯一拆法）"})
            return
        result.rows[row.key] = [None] * row.width
        if 1 < len(candidates) <= 50:
            result.candidates[row.key] = candidates
        if not candidates:
            why = "没有一种拆法符合本表算术关系"
        elif rule is no_rule:
            why = f"有 {len(candidates)} 种拆法，而该行各格之间没有可供核对的算术关系"
        else:
            why = f"有 {len(candidates)} 种拆法都符合本表算术关系"
        result.notes.append({"field": field_name, "reason": f"原文各格数字连在一起（{' '.join(digit_runs)}）；{why}，故记为空值"})
        return
    result.rows[row.key] = [None] * row.width
    result.notes.append({"field": field_name, "reason": f"未能在行名之后读出 {row.width} 格（找到 {len(tokens)} 项：{' '.join(t or '∅' for t in tokens[:10])}）"})


def resolve_candidates(result: TableResult, holds: Callable[[dict[str, list]], bool], how: str, prefix: str,
                       *, limit: int = 20_000) -> None:
    """Pick, for the ambiguous rows together, the only combination of splits under which ``holds``
    (an identity over the whole table) is true. Nothing is chosen when none or several do."""
    import itertools
    keys = sorted(result.candidates)
    if not keys:
        return
    total = 1
    for k in keys:
        total *= len(result.candidates[k])
    if total > limit:
        return
    good = []
    for combo in itertools.product(*(result.candidates[k] for k in keys)):
        rows = dict(result.rows)
        rows.update(zip(keys, combo))
        if holds(rows):
            good.append(combo)
            if len(good) > 1:
                return
    if len(good) != 1:
        return
    for k, values in zip(keys, good[0]):
        result.rows[k] = list(values)
        result.inferred[k] = list(range(len(values)))
        del result.candidates[k]
        field_name = f"{prefix}{k}"
        result.notes = [n for n in result.notes if n["field"] != field_name]
        result.notes.append({"field": field_name, "reason": f"原文各格数字连在一起；符合本行关系的拆法中，只有一种同时符合{how}"})
