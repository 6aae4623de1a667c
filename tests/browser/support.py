"""Shared pieces of the real-browser tests (tests/test_browser_*.py).

Chromium is Debian's (``apt-get install -y chromium fonts-noto-cjk``; .ci/run installs both), driven
by Playwright's sync API at ``/usr/bin/chromium`` (``ARCHIVE_CHROMIUM`` overrides the path):
``playwright install`` cannot download a browser here.  When Chromium or the Playwright package is
missing the tests are skipped, saying how to install them.

The sample archive (site_data/records, both editions and the Pagefind index) is built once per test
session into a temporary folder, the way `make site` does, and served by a local http.server thread
that answers a missing path with the site's root ``404.html`` and status 404, as GitHub Pages does.
Nothing here is a pytest fixture: each test module wraps these in its own fixtures, so this file is
imported, not collected (no conftest.py).
"""

from __future__ import annotations

import atexit
import functools
import http.server
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"   # axe-core 4.14.1 (MPL-2.0)
SCREENSHOTS = ROOT / "build" / "screenshots"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}

INSTALL = ("apt-get install -y chromium fonts-noto-cjk (as root; .ci/run does this), "
           "then .venv/bin/python -m pip install -r requirements.lock")


def chromium_path() -> str | None:
    path = os.environ.get("ARCHIVE_CHROMIUM") or "/usr/bin/chromium"
    if Path(path).is_file() and os.access(path, os.X_OK):
        return path
    return shutil.which("chromium")


def require_browser() -> str:
    """The Chromium executable, or skip the calling test module with how to install it."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("the Python package playwright is not installed: the browser tests need it and "
                    f"Debian's Chromium ({INSTALL})", allow_module_level=True)
    path = chromium_path()
    if path is None:
        pytest.skip(f"Chromium is not installed: the browser tests need Debian's chromium ({INSTALL})",
                    allow_module_level=True)
    return path


# ---------------------------------------------------------------------------------------------
# The sample site, built once per session


_built: dict[str, Path] = {}


def sample_site() -> Path:
    """Both editions of the committed sample archive, built as `make site` does (cached)."""
    if "site" in _built:
        return _built["site"]
    from generator.pipeline import load_published

    records, unpublished = load_published()
    if not records:
        pytest.skip("no committed records yet")
    tmp = Path(tempfile.mkdtemp(prefix="archive-browser-"))
    atexit.register(shutil.rmtree, tmp, True)
    _built["site"] = build(records, unpublished, tmp)
    return _built["site"]


def build(records: list[dict], unpublished: list[dict], root: Path, *, strict: bool = True) -> Path:
    """Both editions of ``records`` rendered into ``root`` and built into ``root/site``, as `make
    site` does (the sample's raw sources copied); returns the site."""
    from generator.render import render_docs
    from generator.site import build_site

    common = dict(sources_dir=ROOT / "site_data" / "sources")
    render_docs(records, unpublished, root / "hans", "zh-Hans", ROOT / "content", **common)
    render_docs(records, unpublished, root / "hant", "zh-Hant", ROOT / "content", **common)
    return build_site(root / "hans", root / "hant", root / "site", work_dir=root / "work", strict=strict)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; a missing path gets the root 404.html with status 404 (GitHub Pages)."""

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_file() or (path / "index.html").is_file():
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


_servers: dict[Path, str] = {}


def serve(site: Path) -> str:
    """A local http.server for site in a daemon thread (one per site); returns its base URL."""
    if site in _servers:
        return _servers[site]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    atexit.register(server.shutdown)
    _servers[site] = f"http://127.0.0.1:{server.server_port}/"
    return _servers[site]


# ---------------------------------------------------------------------------------------------
# Page types


def _rows(page: Path) -> int:
    return page.read_text(encoding="utf-8").count("<tr>")


def page_types(site: Path) -> dict[str, str]:
    """One path (relative to the site root, zh-Hans edition) per page type.

    The body and year pages are the ones with the most table rows (the widest lists); the report
    page is the 2024 Pingtan report (a 2021-era report with every table)."""
    bodies = sorted((p for p in (site / "bodies").glob("*/index.html")), key=lambda p: (-_rows(p), str(p)))
    years = sorted((p for p in (site / "years").glob("*/index.html")), key=lambda p: (-_rows(p), str(p)))
    report = "reports/pingtan--pingtan-zone-2024-html/"
    assert (site / report / "index.html").is_file()
    return {
        "home": "",
        "report": report,
        "report-text": report + "text/",
        "body": bodies[0].parent.relative_to(site).as_posix() + "/",
        "year": years[0].parent.relative_to(site).as_posix() + "/",
        "reports-index": "reports/",
        "region": "regions/35/",
        "search": "search/",
        "not-published": "not-published/",
        "data-quality": "data-quality/",
        "404": "no-such-page/",
    }


def edition_path(path: str, edition: str) -> str:
    return path if edition == "zh-Hans" else "zh-Hant/" + path


# ---------------------------------------------------------------------------------------------
# Loading a page and watching what goes wrong


class Watch:
    """Console errors, uncaught exceptions and failed requests of one page (expect_404: the path
    of a page that is meant to answer 404, whose own 404 is not counted)."""

    def __init__(self, page, expect_404: str | None = None):
        self.errors: list[str] = []
        self.failed: list[str] = []
        self._expect = expect_404
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", lambda req: self.failed.append(f"{req.url} ({req.failure})"))
        page.on("response", self._response)

    def _expected(self, url: str) -> bool:
        return self._expect is not None and urlsplit(url).path == self._expect

    def _console(self, msg):
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        if self._expected(url) and "404" in msg.text:
            return
        self.errors.append(f"{msg.text} @ {url}")

    def _response(self, response):
        if response.status >= 400 and not self._expected(response.url):
            self.failed.append(f"{response.url} ({response.status})")


def open_page(browser, base: str, path: str, viewport: dict, *, expect_404: bool = False):
    """A new page at base+path, loaded and idle; returns (page, watch)."""
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    watch = Watch(page, expect_404=urlsplit(base + path).path if expect_404 else None)
    response = page.goto(base + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    if expect_404:
        assert response.status == 404
    else:
        assert response.ok, (path, response.status)
    return page, watch


def search_page(browser, base: str, edition: str, query: str) -> tuple[str, list[str], str]:
    """The search page of ``edition`` opened with ?q=``query``: once Pagefind UI has answered, its
    message, the result links' paths in order and the search box's value (no console error, no
    failed request)."""
    page, watch = open_page(browser, base, edition_path("search/", edition) + "?q=" + query, DESKTOP)
    try:
        page.wait_for_function("""() => {
            const m = document.querySelector('.pagefind-ui__message');
            return m && /\\d/.test(m.textContent) && !/正在搜|搜尋中|Searching/.test(m.textContent);
        }""", timeout=15000)
        message = page.inner_text(".pagefind-ui__message")
        links = page.eval_on_selector_all(".pagefind-ui__result-link", "as => as.map(a => a.href)")
        assert watch.errors == [] and watch.failed == []
        return message, [urlsplit(u).path for u in links], page.input_value(".pagefind-ui__search-input")
    finally:
        close(page)


def close(page) -> None:
    context = page.context
    page.close()
    context.close()


def axe(page, widths_tag: str = "") -> list[dict]:
    """axe-core's violations on the page (every rule axe runs by default, WCAG 2.x A/AA and best
    practices), as [{id, impact, nodes: [target, …]}]."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact,
                                       nodes: v.nodes.map(n => n.target.join(" "))}));
    }""")
    return sorted(result, key=lambda v: v["id"])


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def table_column(page, selector: str, column: int) -> list[str]:
    """The text of one column (0-based) of the first table matching selector, top to bottom."""
    return page.eval_on_selector(selector, """(t, c) => Array.from(t.tBodies[0].rows,
        r => r.cells[c].textContent.replace(/\\s+/g, " ").trim())""", column)


def table_column_cells(page, selector: str, column: int) -> list[tuple[str, bool]]:
    """(text, is a blank cell) of one column of the first table matching selector, top to bottom."""
    return [tuple(c) for c in page.eval_on_selector(selector, """(t, c) => Array.from(t.tBodies[0].rows,
        r => [r.cells[c].textContent.trim(), r.cells[c].classList.contains('blank')])""", column)]


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", unquote(text)).strip()
