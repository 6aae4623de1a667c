"""The charts on the pages (generator.charts), each with its data table as the text alternative
(``charts.figure``): a body's headline figures across its years, a year's headline figures across
its bodies, the archive's coverage on the home page.

The charts are drawn from the archive's (sanitised) records, in Simplified; the zh-Hant edition
converts them with the rest of the page (``safe.finish``), SVG text included.  Deterministic: the
same records give the same bytes.
"""

from __future__ import annotations

from markupsafe import Markup

from generator import charts

# The headline figures a year page charts across its bodies (when a body of that year has one):
# requests received (the 2019 and 2021 forms) and items published proactively (every form).
YEAR_KEYS = ("requests_received", "proactive_items")


def body_figure(body: dict) -> Markup | None:
    """A body's headline figures across its years; None for the reports of unknown issuers (not
    one body) and for a body none of whose reports names its year."""
    records = body["records"]
    if body.get("slug") == "unknown" or not any(r.get("_year_slug") != "unknown" for r in records):
        return None
    return Markup(charts.figure(charts.body_trend(records), charts.body_trend_table(records)))


def year_figures(year: str, records: list[dict]) -> list[Markup]:
    """One chart per ``YEAR_KEYS`` figure that a body of the year has; none for the undated reports
    (they are not one year)."""
    if year == "unknown":
        return []
    return [Markup(charts.figure(charts.year_distribution(records, key), charts.year_distribution_table(records, key)))
            for key in YEAR_KEYS if any(_has_figure(r, key) for r in records)]


def _has_figure(record: dict, key: str) -> bool:
    value = (record.get("headline") or {}).get(key)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def home_figure(records: list[dict]) -> Markup | None:
    """The archive's reports by year, era and region; None for an empty archive."""
    if not records:
        return None
    return Markup(charts.figure(charts.coverage(records), charts.coverage_table(records)))
