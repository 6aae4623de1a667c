"""Characters that scraped text must never carry into a record or a page.

One list, read by cleaning (which removes them from the report text and says so) and by rendering
(which removes them again from every string it hands to a template, including maintainers' data and
provenance sidecars that never went through cleaning).

Why each class goes:
- C0 and C1 controls (except tab and line breaks) and the Unicode non-characters: PyYAML refuses
  them in a document, so a page title holding one makes MkDocs drop the front matter and render
  it as Markdown — a parser failing open. Python-Markdown also uses C0 controls as placeholders.
- Invisible format characters (zero-width spaces and joiners, soft hyphens, word joiners, BOMs)
  split one name into two different strings (日照\u200b镇 ≠ 日照镇) without showing it.
- Bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, LRM/RLM/ALM) make text and
  links display in another order than they are: a spoofing tool, never report content.
"""
from __future__ import annotations

import re
from collections import Counter

# e.g. "\x01", "\x9f", "\ufffe", "\U0001ffff", "\ufdd0"
CONTROL_OR_NONCHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)
# e.g. "日照\u200b镇", "\ufeff", "\u00ad"
INVISIBLE = re.compile("[\u00ad\u034f\u180e\u200b-\u200d\u2060-\u2064\ufeff]")
# e.g. "\u202egnp.exe", "\u2066…\u2069"
BIDI_CONTROL = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

_CLASSES = (("控制字符或非字符", CONTROL_OR_NONCHARACTER), ("零宽或不可见字符", INVISIBLE),
            ("双向文字控制符", BIDI_CONTROL))
UNSAFE = re.compile("|".join(p.pattern for _, p in _CLASSES))
# NEL and the Unicode line/paragraph separators are line breaks, not junk: they become "\n".
LINE_BREAK = re.compile("[\x85\u2028\u2029]")


def strip_unsafe(text: str) -> str:
    """``text`` without any unsafe character; NEL/U+2028/U+2029 become newlines."""
    return UNSAFE.sub("", LINE_BREAK.sub("\n", text))


def count_unsafe(text: str) -> Counter:
    """How many characters of each unsafe class ``text`` holds: {class label: count}."""
    found: Counter = Counter()
    for label, pattern in _CLASSES:
        n = len(pattern.findall(text))
        if n:
            found[label] = n
    return found


def describe_removed(text: str) -> str | None:
    """A sentence for the record's cleaning list, or None when nothing unsafe is present."""
    found = count_unsafe(text)
    if not found:
        return None
    samples = sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(text)})
    shown = "、".join(samples[:8]) + ("等" if len(samples) > 8 else "")
    parts = "，".join(f"{label} {n} 个" for label, n in found.items())
    return f"删除了{parts}（{shown}）：它们不显示，却会把同一名称拆成不同字符串，或破坏页面的元数据"
