"""Slugs and page URLs: URL-safe, deterministic and the same in both scripts."""

from __future__ import annotations

import hashlib
from typing import Any, Iterable


def body_slug(name: str | None, region: Iterable[str] | None) -> str:
    """URL-safe, deterministic, script-independent slug of an issuing body (Simplified name + region)."""
    if not name:
        return "unknown"
    key = "\x1f".join([*(region or []), name])
    return "b-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def year_slug(year: Any) -> str:
    """The year as a URL part: 2024 or "2024" → "2024"; anything that is not a year → "unknown"."""
    if isinstance(year, int) and not isinstance(year, bool) and year >= 0:
        return str(year)
    if isinstance(year, str) and year.isascii() and year.isdigit():
        return str(int(year))
    return "unknown"


def page_url(md_path: str) -> str:
    """Site-root-relative URL of a docs page with use_directory_urls (``reports/x.md`` → ``reports/x/``)."""
    if md_path == "index.md":
        return ""
    if md_path.endswith("/index.md"):
        return md_path[: -len("index.md")]
    return md_path[: -len(".md")] + "/"


def depth(md_path: str) -> int:
    """How many directories deep the page's URL is (``reports/x.md`` → 2)."""
    return page_url(md_path).count("/")
