"""The archive model: sanitised records sorted and grouped by issuing body and by year."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any, Mapping

from generator.records import value_digest

from .safe import sanitize, sanitize_record
from .strings import text
from .urls import body_slug, year_slug
from ..places import LEVELS

if TYPE_CHECKING:
    from .page_cache import SanitizeMemo

# A URL-safe record id: "pingtan--pingtan-zone-2024-html" (not "../x", not "a b").
RECORD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def sort_text(value: Any) -> str:
    return "" if value is None else str(value)


def year_num(record: dict) -> int:
    slug = year_slug(record.get("year"))
    return -1 if slug == "unknown" else int(slug)


PLACE_LEVELS = tuple(level for _, level in LEVELS)     # province, prefecture, county, township


def place_of(record: dict) -> list[str]:
    """The body's divisions by the code table (organisation.place), outermost first; [] if none."""
    place = (record.get("organisation") or {}).get("place")
    if not isinstance(place, dict):
        return []
    return [str(place[level]) for level in PLACE_LEVELS if place.get(level)]


def region_of(record: dict) -> list[str]:
    region = (record.get("organisation") or {}).get("region") or []
    return [str(x) for x in region if x not in (None, "")] if isinstance(region, list) else [str(region)]


def record_sort_key(record: dict) -> tuple:
    org = record.get("organisation") or {}
    return (region_of(record), sort_text(org.get("name")), record["id"])


def display_name(record: dict) -> str:
    return (record.get("organisation") or {}).get("name") or text("body.unknown")


def title_of(record: dict) -> str:
    """The record's title, or one made from its issuer and year."""
    if record.get("title"):
        return record["title"]
    year = record.get("year")
    return text("report.default_title", name=display_name(record),
                year=year if year is not None else text("year.unknown"))


class Archive:
    def __init__(self, records: list[dict], unpublished: list[dict], digests: Mapping[str, str] | None = None,
                 memo: SanitizeMemo | None = None):
        """``digests``: each record's ``value_digest`` as given here (``RecordFacts``), when known;
        ``memo``: what sanitising changed in the records of those digests before (and is told
        what it changes in the others)."""
        self._given = digests or {}
        self._keys: dict[str, str] = {}
        # Copies of the records' top level (annotated below); below it, shared with the caller's.
        self.records = sorted((self._sanitized(r, memo) for r in records), key=lambda r: r["id"])
        ids = [r["id"] for r in self.records]
        if len(ids) != len(set(ids)):
            dup = sorted(i for i, n in Counter(ids).items() if n > 1)
            raise ValueError(f"duplicate record ids: {dup}")
        for rid in ids:
            if not RECORD_ID.fullmatch(rid):
                raise ValueError(f"record id is not URL-safe: {rid!r}")
        self.unpublished = sorted(
            (dict(sanitize(u)) for u in unpublished),
            key=lambda u: (sort_text(u.get("file")), sort_text(u.get("id")), sort_text(u.get("reason"))),
        )
        self.by_id = {r["id"]: r for r in self.records}
        self._duplicates: dict[str, list[dict]] = defaultdict(list)
        for u in self.unpublished:
            if u.get("duplicate_of") is not None:
                self._duplicates[str(u["duplicate_of"])].append(u)
        self.bodies: dict[str, dict] = {}
        self.years: dict[str, list[dict]] = defaultdict(list)
        for record in self.records:
            self._add(record)
        for body in self.bodies.values():
            body["records"].sort(key=lambda r: (year_num(r) < 0, year_num(r), r["id"]))
        for recs in self.years.values():
            recs.sort(key=record_sort_key)

    def _add(self, record: dict) -> None:
        """Annotate one record (_body_slug, _title …) and file it under its body and year."""
        org = record.get("organisation") or {}
        name = org.get("body") or org.get("name")    # the body's one name (site_data/bodies.yaml)
        name = str(name) if name not in (None, "") else None
        slug = body_slug(name, region_of(record))
        record["_body_slug"] = slug
        record["_title"] = str(title_of(record))
        record["_body"] = name or text("body.unknown")
        # Shown and filtered by: the divisions the code table gives, else those the source states.
        record["_region"] = place_of(record) or region_of(record)
        place = org.get("place")
        record["_place_code"] = str(place["code"]) if isinstance(place, dict) and place.get("code") else None
        record["_place_via"] = place.get("via") if isinstance(place, dict) else None
        record["_year_slug"] = year_slug(record.get("year"))
        record["_failed"] = [c for c in record.get("checks") or [] if c.get("status") == "fail"]
        record["_passed"] = sum(1 for c in record.get("checks") or [] if c.get("status") == "pass")
        body = self.bodies.setdefault(slug, {
            "slug": slug, "name": record["_body"],
            # Reports whose issuer is unknown are grouped together, whatever their regions.
            "region": record["_region"] if slug != "unknown" else [],
            "place": place if isinstance(place, dict) and slug != "unknown" else None,
            "records": []})
        body["records"].append(record)
        self.years[record["_year_slug"]].append(record)

    def _sanitized(self, record: dict, memo: SanitizeMemo | None) -> dict:
        digest = self._given.get(record.get("id")) if memo is not None and isinstance(record, dict) else None
        if digest is None or memo is None:
            return dict(sanitize(record))
        clean, changed = sanitize_record(record, memo.get(digest))
        if changed is not None:
            memo.put(digest, changed)
        return clean

    def record_key(self, record: dict) -> str:
        """A digest of ``record`` as the archive holds it (sanitised and annotated), for the page
        cache's keys: from the digest of the record as given and its annotations (the ``_`` keys)
        when the caller gave one — sanitising is a function of the record and of the renderer,
        which every cache entry is keyed by too — else of the whole record. Either way the page
        of a record that changed in any value, or whose annotations did, misses its entry."""
        rid = record["id"]
        key = self._keys.get(rid)
        if key is None:
            given = self._given.get(rid)
            key = value_digest(record) if given is None else value_digest(
                ["record", given, {k: v for k, v in sorted(record.items()) if k.startswith("_")}])
            self._keys[rid] = key
        return key

    def duplicates_of(self, record_id: str) -> list[dict]:
        """The unpublished sources that are the same report as ``record_id`` (its other originals)."""
        return list(self._duplicates.get(record_id, ()))

    def bodies_sorted(self) -> list[dict]:
        return sorted(self.bodies.values(), key=lambda b: (b["slug"] == "unknown", b["region"], b["name"], b["slug"]))

    def provinces(self) -> list[dict]:
        """The bodies grouped by the province of their division code (organisation.place), in code
        order; the bodies with no code last, as slug "unknown". Each: slug (the code's two digits),
        name, bodies (in bodies_sorted order) and the number of reports."""
        groups: dict[str, dict] = {}
        for body in self.bodies_sorted():
            place = body["place"] or {}
            code = str(place.get("code") or "")
            slug = code[:2] if len(code) >= 2 and place.get("province") else "unknown"
            group = groups.setdefault(slug, {"slug": slug, "name": place.get("province") if slug != "unknown" else None,
                                             "bodies": [], "reports": 0})
            group["bodies"].append(body)
            group["reports"] += len(body["records"])
        return sorted(groups.values(), key=lambda g: (g["slug"] == "unknown", g["slug"]))

    def year_slugs(self) -> list[str]:
        """Newest first, unknown last."""
        known = sorted((s for s in self.years if s != "unknown"), key=int, reverse=True)
        return known + (["unknown"] if "unknown" in self.years else [])

    def latest(self, n: int = 10) -> list[dict]:
        return sorted(
            self.records,
            key=lambda r: (sort_text(r.get("published")), year_num(r), r["id"]),
            reverse=True,
        )[:n]

    def failed_checks(self) -> list[tuple[dict, dict]]:
        out = []
        for record in self.records:
            for check in sorted(record["_failed"], key=lambda c: (sort_text(c.get("id")), sort_text(c.get("message")))):
                out.append((record, check))
        return out
