"""Charts drawn at build time: records → inline SVG with real text, plus a text alternative.

Three charts, each a pure function of records (dicts as in ARCHITECTURE.md, Simplified values):

- ``body_trend(records_of_one_body)``: the headline figures of one body across years, one small
  panel per figure (their magnitudes differ by four orders, so they do not share an axis);
- ``year_distribution(records_of_one_year, key)``: one headline figure across the bodies of one
  year, as sorted bars (or, past ``MAX_BARS`` bodies, as a histogram of bodies per range);
- ``coverage(records)``: the archive's reports by year, by era (template) and by region.

Each returns an SVG string for inlining into a page; ``*_table`` returns the same data as an HTML
table and ``*_text`` as a sentence (the SVG's ``<desc>``), for screen readers and for anyone who
wants the numbers.  ``figure(svg, table)`` wraps the pair for a page.

The drawing is done by leather (MIT, no dependencies, deterministic: it builds an ElementTree and
estimates text widths from constants, so the bytes do not depend on the fonts of the build
machine).  This module sets leather's theme for the duration of one call, stacks the panels, and
post-processes the tree: numbers rounded to one decimal, the font stack set once on the root, and a
final check that the result parses as XML and holds no script, event handler, link or foreign
content (fail closed: ``ChartError``).

Safety.  Every string from a record (body names above all) goes into the tree only as element text
(ElementTree escapes it) after the characters of ``generator.characters.UNSAFE`` are removed; no
attribute ever holds record data — ids are hashes, colours and sizes are constants.

Blank is not zero: a headline value of ``None`` (blank, "/", unreadable in the source) is a gap in
a line and is named as blank (空白) in the text alternative; a year with no report is a gap too.

Script.  The text is Simplified; the zh-Hant edition converts the finished page (SVG included) with
OpenCC like every other page text.  Fonts are never embedded or fetched: the text names a font
stack of CJK fonts visitors have.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import re
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator

import leather
from leather import theme
from markupsafe import escape

from generator.characters import strip_unsafe

__all__ = [
    "TREND_KEYS",
    "FIGURE_LABELS",
    "ERA_LABELS",
    "MAX_BARS",
    "ChartError",
    "body_trend",
    "body_trend_table",
    "body_trend_text",
    "year_distribution",
    "year_distribution_table",
    "year_distribution_text",
    "coverage",
    "coverage_table",
    "coverage_text",
    "figure",
    "check_svg",
]

# The headline figures charted across years (RECORD.md "Headline figures").
TREND_KEYS = ("requests_received", "requests_completed", "reviews", "lawsuits", "proactive_items")
# Same wording as generator.render's HEADLINE_LABELS, so a chart and its page's tables agree.
FIGURE_LABELS = {
    "proactive_items": "主动公开信息数",
    "requests_received": "收到申请数",
    "requests_granted": "予以公开",
    "requests_partially_granted": "部分公开",
    "requests_completed": "办理完结（总计）",
    "reviews": "行政复议",
    "lawsuits": "行政诉讼",
}
ERA_LABELS = {"pre2019": "2019年以前格式", "2019": "2019年版", "2021": "2021年版", "unknown": "未能判定"}
ERA_ORDER = ("pre2019", "2019", "2021", "unknown")
UNKNOWN_BODY = "（发布机构不详）"
NO_REGION = "（未注明地区）"
BLANK = "空白"

MAX_BARS = 30          # more bodies than this: a histogram instead of one bar each
MAX_REGIONS = 12       # regions shown by name in coverage(); the rest are summed as 其他
LABEL_CHARS = 12       # longest body/region label drawn (the text alternative has the full name)

WIDTH = 400            # viewBox width: about one to one on a 390 px phone
_ASCENT = 11           # a panel title's height above its baseline
_RIGHT = 24            # room right of the plot for the last tick label and bar values
_Y_LABELS = 30         # width kept for y-axis numbers ("7.5万", "300")
FONT_STACK = ("'PingFang SC','PingFang TC','Noto Sans CJK SC','Noto Sans CJK TC','Source Han Sans SC',"
              "'Microsoft YaHei','Microsoft JhengHei',sans-serif")
# Contrast on white: text #1f1f1f 16:1, tick labels #404040 10:1; series colours ≥ 4.5:1.
BACKGROUND = "#ffffff"
TEXT = "#1f1f1f"
MUTED = "#404040"
GRID = "#e0e0e0"
AXIS = "#767676"
COLOURS = ("#1f5fa8", "#b03a2e", "#2e7d32", "#6a3d9a", "#8a4b00")
ERA_COLOURS = {"pre2019": "#6a3d9a", "2019": "#8a4b00", "2021": "#1f5fa8", "unknown": "#595959"}

_THEME = {
    "background_color": BACKGROUND,
    "margin": 0.02,
    "title_color": TEXT,
    "title_font_family": "",
    "title_font_size": 13,
    "title_font_char_height": 13,
    "title_font_char_width": 13,
    "title_gap": 6,
    "legend_color": TEXT,
    "legend_font_family": "",
    "legend_font_size": 12,
    "legend_font_char_height": 12,
    "legend_font_char_width": 12,
    "axis_title_color": MUTED,
    "axis_title_font_family": "",
    "tick_color": GRID,
    "zero_color": AXIS,
    "label_color": MUTED,
    "tick_font_family": "",
    "tick_font_size": 11,
    "tick_font_char_height": 11,
    "tick_font_char_width": 7,     # digits; raised to the font size for CJK labels
    "default_series_colors": list(COLOURS),
    "default_dot_radius": 3,
    "default_line_width": 2,
}

_ALLOWED_ELEMENTS = {"svg", "title", "desc", "g", "rect", "line", "path", "circle", "text"}
_NUMERIC_ATTRS = {"x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "d", "transform"}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


class ChartError(ValueError):
    """A chart that would not be safe or well-formed; the build must not publish it."""


# --------------------------------------------------------------------------------------------
# Reading records


def _text(value: Any) -> str:
    """Record text made safe to put in XML: unsafe characters removed, whitespace collapsed."""
    return " ".join(strip_unsafe(str(value)).split())


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _year(record: dict) -> int | None:
    year = record.get("year")
    if isinstance(year, bool):
        return None
    if isinstance(year, int):
        return year
    if isinstance(year, str) and year.strip().isdigit():
        return int(year.strip())
    return None


def _value(record: dict, key: str) -> int | float | None:
    """A headline figure, or None when blank (or not a number at all)."""
    value = (record.get("headline") or {}).get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _body(record: dict) -> str:
    org = record.get("organisation") or {}
    name = org.get("body") or org.get("name")
    name = _text(name) if name not in (None, "") else ""
    return name or UNKNOWN_BODY


def _region(record: dict) -> list[str]:
    region = (record.get("organisation") or {}).get("region") or []
    if not isinstance(region, list):
        region = [region]
    return [t for t in (_text(r) for r in region if r not in (None, "")) if t]


def _outermost_region(record: dict) -> str | None:
    region = _region(record)
    return region[0] if region else None


def _era(record: dict) -> str:
    era = record.get("template")
    return era if era in ERA_LABELS else "unknown"


def _richness(record: dict) -> tuple:
    return (-sum(_value(record, k) is not None for k in FIGURE_LABELS), str(record.get("id") or ""))


def _by_year(records: Iterable[dict]) -> dict[int, dict]:
    """One record per year: the one with the most headline figures (then the smallest id)."""
    out: dict[int, dict] = {}
    for record in sorted(records, key=_richness):
        year = _year(record)
        if year is not None and year not in out:
            out[year] = record
    return dict(sorted(out.items()))


def fmt_number(value: Any) -> str:
    if value is None:
        return BLANK
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _tick_label(value: Any) -> str:
    """Axis numbers: 80000 → 8万 (万 becomes 萬 in zh-Hant)."""
    n = float(value)
    if abs(n) >= 100_000_000:
        return f"{n / 100_000_000:.1f}".rstrip("0").rstrip(".") + "亿"
    if abs(n) >= 10000:
        return f"{n / 10000:.1f}".rstrip("0").rstrip(".") + "万"
    return fmt_number(int(n) if n.is_integer() else n)


def _nice_ticks(top: float, count: int = 4, bottom: float = 0) -> list[int]:
    """0 and a few round steps up to at least ``top`` (integers: every figure is a count), and down
    to ``bottom`` when a (wrongly parsed) value is negative."""
    top = max(float(top), 1.0)
    bottom = min(float(bottom), 0.0)
    raw = (top - bottom) / (count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(1, int(math.ceil(step)))
    ticks = [0]
    while ticks[0] > bottom:
        ticks.insert(0, ticks[0] - step)
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def _thin(positions: list[tuple[Any, float]], min_gap: float) -> list[Any]:
    """Tick values whose labels do not collide: the first and last, and others ``min_gap`` apart."""
    if len(positions) <= 2:
        return [v for v, _ in positions]
    kept = [positions[0]]
    last = positions[-1]
    for value, x in positions[1:-1]:
        if x - kept[-1][1] >= min_gap and last[1] - x >= min_gap:
            kept.append((value, x))
    kept.append(last)
    return [v for v, _ in kept]


# --------------------------------------------------------------------------------------------
# Drawing (leather) and the finished SVG


@contextlib.contextmanager
def _theme(**overrides: Any) -> Iterator[None]:
    """leather's theme is module state: set ours for one chart, then put the old values back."""
    settings = {**_THEME, **overrides}
    saved = {name: getattr(theme, name) for name in settings if hasattr(theme, name)}
    try:
        for name, value in settings.items():
            setattr(theme, name, value)
        yield
    finally:
        for name, value in saved.items():
            setattr(theme, name, value)


class _LineDots(leather.Line):
    """A line that breaks at blanks, with a dot on every value (an isolated value stays visible)."""

    def to_svg(self, width, height, x_scale, y_scale, series, palette):
        group = super().to_svg(width, height, x_scale, y_scale, series, palette)
        # All dots in one path: each a zero-length segment drawn with a round cap 6 wide (a circle
        # of radius 3), a tenth of the bytes of one <circle> per value.
        dots = [f"M {x_scale.project(d.x, 0, width)} {y_scale.project(d.y, height, 0)} h0"
                for d in series.data() if d.x is not None and d.y is not None]
        if dots:
            ET.SubElement(group, "path", {"d": " ".join(dots), "stroke": self._stroke_color, "fill": "none",
                                          "stroke-width": "6", "stroke-linecap": "round"})
        return group


class _Nothing(leather.Line):
    """Draws nothing: the stand-in series of a panel whose every value is blank (leather wants one)."""

    def to_svg(self, width, height, x_scale, y_scale, series, palette):
        return ET.Element("g")


class _Scale(leather.Linear):
    """A linear scale over exactly its domain (leather's widens it to round numbers, and its tick
    search is two thirds of a chart's time; the ticks here are always given)."""

    def __init__(self, domain_min, domain_max):
        if not domain_min < domain_max:
            raise ValueError(f"empty scale domain {domain_min}..{domain_max}")
        self._data_min = Decimal(str(domain_min))
        self._data_max = Decimal(str(domain_max))

    def project(self, value, range_min, range_max):
        pos = (Decimal(value) - self._data_min) / (self._data_max - self._data_min)
        return (Decimal(range_max) - Decimal(range_min)) * pos + Decimal(range_min)

    def ticks(self):
        return [self._data_min, self._data_max]


class _Axis(leather.Axis):
    """An axis whose tick labels take a set width, so stacked panels line up."""

    def __init__(self, ticks=None, tick_formatter=None, label_width: float | None = None):
        super().__init__(ticks=ticks, tick_formatter=tick_formatter)
        self._label_width = label_width

    def _estimate_left_tick_width(self, scale):
        if self._label_width is not None:
            return self._label_width
        return super()._estimate_left_tick_width(scale)


class _Bars(leather.Bars):
    """Horizontal bars with their value written after each bar (so a zero still reads "0")."""

    def to_svg(self, width, height, x_scale, y_scale, series, palette):
        group = super().to_svg(width, height, x_scale, y_scale, series, palette)
        for d in series.data():
            if d.x is None or d.y is None:
                continue
            y1, y2 = y_scale.project_interval(d.y, height, 0)
            label = ET.SubElement(group, "text", x=str(x_scale.project(d.x, 0, width) + 3),
                                  y=str((y1 + y2) / 2), dy="0.32em", fill=TEXT)
            label.text = fmt_number(d.x)
        return group


def _round(match: re.Match) -> str:
    """Whole pixels: at 400 units wide half a unit is invisible, and the digits are a third of the bytes."""
    return str(math.floor(float(match.group(0)) + 0.5))


# Set once on the root and inherited, instead of on every element (a third of leather's bytes).
_INHERITED = {"fill": MUTED, "font-size": "11", "stroke-width": "1"}


def _tidy(element: ET.Element) -> None:
    """Shrink leather's tree without changing the picture: round numbers, drop what is inherited
    (font stack, default fill and size), panel backgrounds (the root has one) and bare groups."""
    for el in element.iter():
        if el.tag == "g" and el.get("class", "").startswith("axis"):
            # All tick labels of one axis share their anchor: set it once on the axis (inherited).
            anchors = {t.get("text-anchor") for t in el.iter("text")}
            if len(anchors) == 1 and None not in anchors:
                el.set("text-anchor", anchors.pop())
                for t in el.iter("text"):
                    del t.attrib["text-anchor"]
        if el.tag == "text" and el.get("dy", "").endswith("em"):
            # dy="1em" is y plus one font size: fold it into y (dy is not inherited, y is needed anyway).
            size = float(el.get("font-size", _INHERITED["font-size"]))
            el.set("y", repr(float(el.get("y", "0")) + float(el.attrib.pop("dy")[:-2]) * size))
        for name in ("font-family", "class"):
            el.attrib.pop(name, None)
        for name, value in _INHERITED.items():
            if el.get(name) == value:
                del el.attrib[name]
        for name in list(el.attrib):
            if name in _NUMERIC_ATTRS:
                el.set(name, _NUMBER.sub(_round, el.attrib[name]))
        if el.tag == "path" and "d" in el.attrib:
            el.set("d", re.sub(r" ?([MLh]) ?", r"\1", el.get("d")))   # "M 1 2 L 3 4" → "M1 2L3 4"
        if el.tag == "text" and el.text is not None:
            el.text = _text(el.text)
    _unwrap(element)


def _unwrap(parent: ET.Element) -> None:
    children = []
    for child in list(parent):
        _unwrap(child)
        if child.tag == "g" and not child.attrib:
            children.extend(child)
        elif child.tag == "rect" and child.get("fill") == BACKGROUND:
            continue
        elif child.tag == "g" and len(child) == 0:
            continue
        elif child.tag == "path" and not re.search("[Lh]", child.get("d", "L")):
            continue                      # a one-point line segment draws nothing (its dot does)
        else:
            children.append(child)
    parent[:] = children


def _chart_id(kind: str, title: str, id_prefix: str | None) -> str:
    if id_prefix is not None:
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]{0,63}", id_prefix):
            raise ChartError(f"id_prefix is not a plain XML name: {id_prefix!r}")
        return id_prefix
    return "chart-" + hashlib.sha256(f"{kind}\n{title}".encode()).hexdigest()[:10]


def _svg(kind: str, title: str, desc: str, panels: list[tuple[Any, int]], id_prefix: str | None,
         note: str | None = None) -> str:
    """Stack leather panels (chart, height) under a title into one finished SVG string.  With no
    panels the SVG still has its title, description and one line saying there is nothing to draw."""
    chart_id = _chart_id(kind, title, id_prefix)
    head = 24
    if not panels and not note:
        note = "没有可以作图的数字。"
    foot = 18 if note else 0
    height = head + sum(h for _, h in panels) + foot
    root = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg",
        "viewBox": f"0 0 {WIDTH} {height}",
        "width": str(WIDTH),
        "height": str(height),
        "role": "img",
        "aria-labelledby": f"{chart_id}-t",
        "aria-describedby": f"{chart_id}-d",
        "class": "archive-chart",
        "style": "max-width:100%;height:auto",
        "font-family": FONT_STACK,
        **{k: v for k, v in _INHERITED.items() if k != "stroke-width"},
    })
    ET.SubElement(root, "title", id=f"{chart_id}-t").text = _text(title)
    ET.SubElement(root, "desc", id=f"{chart_id}-d").text = _text(desc)
    ET.SubElement(root, "rect", x="0", y="0", width=str(WIDTH), height=str(height), fill=BACKGROUND)
    heading = ET.SubElement(root, "text", {"x": "8", "y": "17", "fill": TEXT, "font-size": "14",
                                           "font-weight": "bold"})
    heading.text = _text(title)
    y = head
    for chart, h in panels:
        # leather puts a panel title's baseline at the panel's top edge: move it down by its ascent;
        # and keep room on the right for the last axis label and the bars' value labels.
        group = ET.SubElement(root, "g", transform=f"translate(0 {y + _ASCENT})")
        group.append(chart.to_svg_group(WIDTH - _RIGHT, h - _ASCENT))
        y += h
    if note:
        ET.SubElement(root, "text", {"x": "8", "y": str(height - 5)}).text = _text(note)
    for el in list(root)[4:]:
        _tidy(el)
    # ElementTree escapes ">" in text and attributes, so " />" only ever closes an empty tag.
    out = ET.tostring(root, encoding="unicode").replace(" />", "/>")
    check_svg(out)
    return out


def check_svg(svg: str) -> ET.Element:
    """Parse ``svg`` and refuse anything but plain drawing: no script, handlers, links, foreign content."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as exc:
        raise ChartError(f"chart is not well-formed XML: {exc}") from None
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        if tag not in _ALLOWED_ELEMENTS:
            raise ChartError(f"chart holds a <{tag}> element")
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or "href" in local or re.search(r"(?i)javascript:|url\(|<", value):
                raise ChartError(f"chart holds an unsafe attribute {name}={value!r}")
    return root


# --------------------------------------------------------------------------------------------
# Each body's headline figures across years


def _trend_data(records: list[dict]) -> tuple[str, dict[int, dict]]:
    by_year = _by_year(records)
    names = sorted({_body(r) for r in (by_year.values() or records)})
    name = names[0] if len(names) == 1 else ("、".join(names[:3]) + ("等" if len(names) > 3 else ""))
    return name or UNKNOWN_BODY, by_year


def body_trend_text(records: list[dict]) -> str:
    name, by_year = _trend_data(records)
    if not by_year:
        return f"{name}：没有注明年度的报告，无法按年份作图。"
    years = list(by_year)
    parts = [f"{name}，{years[0]}—{years[-1]}年，共 {len(years)} 个年度有报告（{'、'.join(map(str, years))}），"
             "以下各项依次为这些年度的数字。"]
    for key in TREND_KEYS:
        cells = [fmt_number(_value(r, key)) for r in by_year.values()]
        parts.append(f"{FIGURE_LABELS[key]}：{'，'.join(cells)}。")
    parts.append(f"“{BLANK}”指原文此项空白或无法读出，图中为断开处，不是零；没有报告的年份也是断开处。")
    return "".join(parts)


def body_trend(records: list[dict], *, id_prefix: str | None = None) -> str:
    """SVG: one panel per headline figure (TREND_KEYS), years on the x axis, blanks as gaps."""
    name, by_year = _trend_data(records)
    title = f"{name}：主要数字历年变化"
    desc = body_trend_text(records)
    if not by_year:
        return _svg("body_trend", title, desc, [], id_prefix)
    years = list(by_year)
    first, last = years[0], years[-1]
    lo, hi = first - 0.5, last + 0.5         # half a year either side: the end dots are not cut
    # The canvas is WIDTH less margins and the y labels; a year label needs ~34 px.
    canvas = (WIDTH - _RIGHT) * 0.96 - _Y_LABELS - 8
    x_ticks = _thin([(y, (y - lo) / (hi - lo) * canvas) for y in years], 34)
    panels = []
    with _theme():
        for i, key in enumerate(TREND_KEYS):
            values = {y: _value(r, key) for y, r in by_year.items()}
            present = [v for v in values.values() if v is not None]
            chart = leather.Chart(FIGURE_LABELS[key] + ("（各年均为空白）" if not present else ""))
            ticks = _nice_ticks(max(present, default=1), bottom=min(present, default=0))
            chart.set_x_scale(_Scale(lo, hi))
            chart.set_y_scale(_Scale(ticks[0], ticks[-1]))
            chart.set_x_axis(_Axis(ticks=x_ticks, tick_formatter=lambda v, i, n: str(int(v))))
            chart.set_y_axis(_Axis(ticks=ticks, tick_formatter=lambda v, i, n: _tick_label(v),
                                   label_width=_Y_LABELS))
            # Every year of the span is a point: years without a report or with a blank break the line.
            data = [(y, values.get(y)) for y in range(first, last + 1)]
            if present:
                chart.add_series(leather.Series(data, name=FIGURE_LABELS[key]),
                                 _LineDots(stroke_color=COLOURS[i % len(COLOURS)]))
            else:
                chart.add_series(leather.Series([(first, 0)]), _Nothing())
            panels.append((chart, 108))
        return _svg("body_trend", title, desc, panels, id_prefix)


def body_trend_table(records: list[dict]) -> str:
    name, by_year = _trend_data(records)
    head = "".join(f'<th scope="col">{escape(FIGURE_LABELS[k])}</th>' for k in TREND_KEYS)
    rows = []
    for year, record in by_year.items():
        cells = "".join(_td(_value(record, k)) for k in TREND_KEYS)
        rows.append(f'<tr><th scope="row">{year}</th>{cells}</tr>')
    caption = escape(f"{name}：主要数字历年变化（{BLANK}＝原文此项空白）")
    return (f'<table class="archive-chart-data"><caption>{caption}</caption><thead><tr><th scope="col">年度</th>'
            f'{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _td(value: Any) -> str:
    return f'<td class="blank">{BLANK}</td>' if value is None else f"<td>{escape(fmt_number(value))}</td>"


# --------------------------------------------------------------------------------------------
# One year's distribution of one figure across bodies


def _distribution_data(records: list[dict], key: str) -> tuple[str, list[tuple[str, Any]], list[str]]:
    if key not in FIGURE_LABELS:
        raise ValueError(f"not a headline key: {key!r}")
    years = sorted({y for y in (_year(r) for r in records) if y is not None})
    year = "、".join(map(str, years)) + "年" if years else "年份不详"
    rows: dict[str, tuple[str, Any]] = {}
    # One row per body (and region, as the site's body pages are): the richest record.
    for record in sorted(records, key=_richness):
        # Reports whose issuer is unknown are not one body: each keeps its own row.
        body = _body(record)
        ident = "\n".join([body, *_region(record)]) if body != UNKNOWN_BODY else "\x00" + str(record.get("id"))
        rows.setdefault(ident, (_display(record), _value(record, key)))
    valued = sorted(((n, v) for n, v in rows.values() if v is not None), key=lambda nv: (-nv[1], nv[0]))
    blank = sorted(n for n, v in rows.values() if v is None)
    return year, valued, blank


def _display(record: dict) -> str:
    region = _region(record)
    return _body(record) + (f"（{'·'.join(region)}）" if region else "")


def _bins(values: list[Any]) -> list[tuple[str, int]]:
    """Bodies per range: 0, 1–9, 10–99, … (counts are skewed: a few bodies get most requests)."""
    values = [max(v, 0) for v in values]       # a negative count is a parsing error: shown as 0
    top = max(values)
    edges = [0, 1]
    while edges[-1] <= top:
        edges.append(edges[-1] * 10)
    out = [("0", sum(1 for v in values if v == 0))]
    for a, b in zip(edges[1:], edges[2:]):
        out.append((f"{a:,}–{b - 1:,}", sum(1 for v in values if a <= v < b)))
    return out


def year_distribution_text(records: list[dict], key: str) -> str:
    year, valued, blank = _distribution_data(records, key)
    label = FIGURE_LABELS[key]
    parts = [f"{year}，{label}：{len(valued)} 个机构有数字"]
    if valued:
        parts.append("，" + "；".join(f"{n} {fmt_number(v)}" for n, v in valued))
    parts.append("。")
    if blank:
        parts.append(f"此项{BLANK}（原文空白或无法读出，不是零）的 {len(blank)} 个：{'、'.join(blank)}。")
    return "".join(parts)


def year_distribution(records: list[dict], key: str, *, id_prefix: str | None = None) -> str:
    """SVG: bodies' values of one headline figure in one year, largest first; blanks are listed, not drawn."""
    year, valued, blank = _distribution_data(records, key)
    label = FIGURE_LABELS[key]
    title = f"{year}：{label}，各机构"
    desc = year_distribution_text(records, key)
    note = f"另有 {len(blank)} 个机构此项{BLANK}（不是零），见数据表。" if blank else None
    if not valued:
        return _svg("year_distribution", title, desc, [], id_prefix, note)
    with _theme(tick_font_char_width=11):
        if len(valued) <= MAX_BARS:
            names = [_short(n) for n, _ in valued]
            keys = [str(i) for i in range(len(valued))]
            ticks = _nice_ticks(valued[0][1], bottom=valued[-1][1])
            chart = leather.Chart(f"{label}（{len(valued)} 个机构）")
            chart.set_x_scale(_Scale(ticks[0], ticks[-1]))
            chart.set_y_scale(leather.Ordinal(keys[::-1]))       # the largest on top
            chart.add_x_axis(ticks=ticks, tick_formatter=lambda v, i, n: _tick_label(v))
            chart.add_y_axis(tick_formatter=lambda v, i, n: names[int(v)])
            chart.add_series(leather.Series([(v, k) for k, (_, v) in zip(keys, valued)]), _Bars(COLOURS[0]))
            height = 60 + 22 * len(valued)
        else:
            bins = _bins([v for _, v in valued])
            top = max(c for _, c in bins)
            ticks = _nice_ticks(top)
            chart = leather.Chart(f"机构数，按{label}分段（共 {len(valued)} 个机构）")
            chart.set_x_scale(leather.Ordinal([b for b, _ in bins]))
            chart.set_y_scale(_Scale(0, ticks[-1]))
            chart.add_y_axis(ticks=ticks, tick_formatter=lambda v, i, n: _tick_label(v))
            chart.add_columns([(b, c) for b, c in bins], fill_color=COLOURS[0])
            height = 200
        return _svg("year_distribution", title, desc, [(chart, height)], id_prefix, note)


def year_distribution_table(records: list[dict], key: str) -> str:
    year, valued, blank = _distribution_data(records, key)
    label = escape(FIGURE_LABELS[key])
    rows = [f'<tr><th scope="row">{escape(n)}</th>{_td(v)}</tr>' for n, v in valued]
    rows += [f'<tr><th scope="row">{escape(n)}</th>{_td(None)}</tr>' for n in blank]
    caption = escape(f"{year}：{FIGURE_LABELS[key]}，各机构（{BLANK}＝原文此项空白）")
    return (f'<table class="archive-chart-data"><caption>{caption}</caption><thead><tr><th scope="col">机构</th>'
            f'<th scope="col">{label}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


# --------------------------------------------------------------------------------------------
# Archive coverage: reports by year, era and region


def _coverage_data(records: list[dict], province_of: Callable[[dict], str | None] | None):
    reports = [r for r in records if r.get("is_report", True)]
    years = Counter(y for y in (_year(r) for r in reports) if y is not None)
    unknown_year = sum(1 for r in reports if _year(r) is None)
    eras = Counter(_era(r) for r in reports)
    place = province_of or _outermost_region
    regions = Counter()
    for r in reports:
        p = place(r)
        p = _text(p) if p not in (None, "") else ""
        regions[p or NO_REGION] += 1
    region_title = "按省份" if province_of else "按地区（原文所写最外一级）"
    return reports, years, unknown_year, eras, regions, region_title


def _region_rows(regions: Counter) -> list[tuple[str, int]]:
    named = sorted(((n, c) for n, c in regions.items() if n != NO_REGION), key=lambda nc: (-nc[1], nc[0]))
    rows = named[:MAX_REGIONS]
    rest = sum(c for _, c in named[MAX_REGIONS:])
    if rest:
        rows.append((f"其他 {len(named) - MAX_REGIONS} 个地区", rest))
    if regions.get(NO_REGION):
        rows.append((NO_REGION, regions[NO_REGION]))
    return rows


def coverage_text(records: list[dict], *, province_of: Callable[[dict], str | None] | None = None) -> str:
    reports, years, unknown_year, eras, regions, region_title = _coverage_data(records, province_of)
    parts = [f"本站共收录 {len(reports)} 份年度报告。"]
    if years:
        parts.append(f"按年度：{'，'.join(f'{y}年 {c} 份' for y, c in sorted(years.items()))}")
        parts.append(f"，年份不详 {unknown_year} 份。" if unknown_year else "。")
    parts.append("按格式：" + "，".join(f"{ERA_LABELS[e]} {eras[e]} 份" for e in ERA_ORDER if eras.get(e)) + "。")
    parts.append(f"{region_title}：" + "，".join(f"{n} {c} 份" for n, c in _region_rows(regions)) + "。")
    return "".join(parts)


def coverage(records: list[dict], *, province_of: Callable[[dict], str | None] | None = None,
             id_prefix: str | None = None) -> str:
    """SVG: reports per year (every year of the span, so a year without reports shows as none), per era
    and per region.  ``province_of(record)`` names a record's province (e.g. from a gazetteer); without
    it the outermost division the source states is used."""
    reports, years, unknown_year, eras, regions, region_title = _coverage_data(records, province_of)
    title = f"收录范围：{len(reports)} 份年度报告"
    desc = coverage_text(records, province_of=province_of)
    note = f"另有 {unknown_year} 份年份不详，未计入年度图。" if unknown_year else None
    if not reports:
        return _svg("coverage", title, desc, [], id_prefix)
    panels = []
    with _theme():
        if years:
            span = list(range(min(years), max(years) + 1))
            canvas = (WIDTH - _RIGHT) * 0.96 - 40
            step = canvas / len(span)
            x_ticks = _thin([(y, i * step) for i, y in enumerate(span)], 34)
            ticks = _nice_ticks(max(years.values()))
            chart = leather.Chart("按年度（报告所述年度）")
            chart.set_x_scale(leather.Ordinal([str(y) for y in span]))
            chart.set_y_scale(_Scale(0, ticks[-1]))
            chart.add_x_axis(ticks=[str(y) for y in x_ticks], tick_formatter=lambda v, i, n: v)
            chart.add_y_axis(ticks=ticks, tick_formatter=lambda v, i, n: _tick_label(v))
            chart.add_columns([(str(y), years.get(y, 0)) for y in span], fill_color=COLOURS[0])
            panels.append((chart, 150))
    with _theme(tick_font_char_width=11):
        era_rows = [(ERA_LABELS[e], eras[e], ERA_COLOURS[e]) for e in ERA_ORDER if eras.get(e)]
        region_rows = [(_short(n), c, COLOURS[2]) for n, c in _region_rows(regions)]
        # One label width for both bar panels, so their bars start at the same x.
        label_width = 11 * max(len(n) for n, _, _ in era_rows + region_rows)
        panels.append((_bars("按格式", era_rows, label_width), 50 + 22 * len(era_rows)))
        panels.append((_bars(region_title, region_rows, label_width), 50 + 22 * len(region_rows)))
    with _theme(tick_font_char_width=11):
        return _svg("coverage", title, desc, panels, id_prefix, note)


def _bars(title: str, rows: list[tuple[str, int, str]], label_width: float) -> leather.Chart:
    keys = [str(i) for i in range(len(rows))]
    names = [n for n, _, _ in rows]
    colours = {k: c for k, (_, _, c) in zip(keys, rows)}
    ticks = _nice_ticks(max(c for _, c, _ in rows))
    chart = leather.Chart(title)
    chart.set_x_scale(_Scale(0, ticks[-1]))
    chart.set_y_scale(leather.Ordinal(keys[::-1]))           # the first row on top
    chart.add_x_axis(ticks=ticks, tick_formatter=lambda v, i, n: _tick_label(v))
    chart.set_y_axis(_Axis(tick_formatter=lambda v, i, n: names[int(v)], label_width=label_width))
    chart.add_series(leather.Series([(c, k) for k, (_, c, _) in zip(keys, rows)]),
                     _Bars(lambda d: colours[d.y]))
    return chart


def coverage_table(records: list[dict], *, province_of: Callable[[dict], str | None] | None = None) -> str:
    reports, years, unknown_year, eras, regions, region_title = _coverage_data(records, province_of)
    body = [f'<tr><th scope="row">{y}年</th><td>{c}</td></tr>' for y, c in sorted(years.items())]
    if unknown_year:
        body.append(f'<tr><th scope="row">年份不详</th><td>{unknown_year}</td></tr>')
    body += [f'<tr><th scope="row">{escape(ERA_LABELS[e])}</th><td>{eras[e]}</td></tr>'
             for e in ERA_ORDER if eras.get(e)]
    body += [f'<tr><th scope="row">{escape(n)}</th><td>{c}</td></tr>' for n, c in _region_rows(regions)]
    groups = [("按年度", len(years) + bool(unknown_year)),
              ("按格式", sum(1 for e in ERA_ORDER if eras.get(e))),
              (region_title, len(_region_rows(regions)))]
    # One tbody per grouping, each headed by its own row.
    out, i = [], 0
    for name, n in groups:
        out.append(f'<tbody><tr><th scope="colgroup" colspan="2">{escape(name)}</th></tr>{"".join(body[i:i + n])}</tbody>')
        i += n
    return (f'<table class="archive-chart-data"><caption>{escape(f"收录范围：{len(reports)} 份年度报告")}</caption>'
            f'<thead><tr><th scope="col">分组</th><th scope="col">报告数</th></tr></thead>{"".join(out)}</table>')


# --------------------------------------------------------------------------------------------


def figure(svg: str, table: str) -> str:
    """A chart and its data table for a page: ``<figure>`` (a block Python-Markdown passes through
    untouched; no blank line inside) with the table in a closed ``<details>``, in a region that
    scrolls sideways, reached by keyboard and named after the table's caption (as the pages' own
    wide tables are).  Pagefind skips it: the page's own tables already hold these numbers, and
    axis years would only add noise to search."""
    check_svg(svg)
    try:
        caption = ET.fromstring(table).findtext("caption") or ""
    except ET.ParseError as exc:
        raise ChartError(f"chart table is not well-formed: {exc}") from None
    return (f'<figure class="archive-figure" data-pagefind-ignore="all">{svg}<details class="archive-chart-table">'
            f'<summary>图表数据（表格）</summary><div class="archive-scroll" role="region" tabindex="0" '
            f'aria-label="{escape(caption)}">{table}</div></details></figure>')
