"""generator.site.compact: the whitespace between tags goes, what a page shows stays."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from generator.site.compact import compact_html, compact_text


def test_runs_with_a_line_break_become_one_newline():
    page = b"<ul>\n    <li>a</li>\n\n  \n    <li>b  \n  c</li>\n</ul>\n"
    assert compact_html(page) == b"<ul>\n<li>a</li>\n<li>b\nc</li>\n</ul>\n"
    # Spaces without a line break are left alone (they may be the only space between two words).
    assert compact_html(b"<p>a   b</p>") == b"<p>a   b</p>"


def test_pre_textarea_script_and_style_keep_every_byte():
    kept = (b"<pre class='x'>\n  indented\n\n    code\n</pre>", b"<textarea>\n  a\n\n</textarea>",
            b"<script>\n  const s = `a\n    b`;\n</script>", b"<STYLE>\n  p { }\n\n</STYLE >")
    page = b"<div>\n    " + b"\n\n    ".join(kept) + b"\n  </div>"
    assert compact_html(page) == b"<div>\n" + b"\n".join(kept) + b"\n</div>"


def test_the_text_read_is_the_same():
    page = "<div>\n    <p>第一段\n      第二行</p>\n\n    <table>\n      <tr><td>1</td></tr>\n    </table>\n</div>"
    assert _visible(compact_html(page.encode()).decode()) == _visible(page) == "第一段 第二行 1"


def test_idempotent_and_deterministic():
    page = b"<div>\n  <pre>\n x\n</pre>\n\n  <p>\n   t\n  </p>\n</div>\n"
    once = compact_html(page)
    assert compact_html(once) == once == b"<div>\n<pre>\n x\n</pre>\n<p>\nt\n</p>\n</div>\n"


def test_the_hook_compacts_text_as_compact_html_compacts_bytes():
    """compact_hook hands MkDocs' output (str) to compact_text: the same result as the bytes path."""
    from generator.site import compact_hook
    page = "<div>\n    <pre>\n  保留\n\n</pre>\n\n   <p>\u3000正文\r\n  续</p>\n<SCRIPT>\n a\n\n</SCRIPT>\n</div>\n"
    assert compact_text(page).encode() == compact_html(page.encode()) == (
        "<div>\n<pre>\n  保留\n\n</pre>\n<p>\u3000正文\n续</p>\n<SCRIPT>\n a\n\n</SCRIPT>\n</div>\n".encode())
    assert compact_hook.on_post_page(page, None, None) == compact_text(page)
    assert compact_hook.on_post_template(page, "404.html", None) == compact_text(page)
    assert compact_hook.on_post_template(page, "sitemap.xml", None) == page


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def _visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def test_built_pages_are_compact_and_read_the_same(sample_site):
    """Every page of the sample site: no indented or blank line outside <pre>/<script>/…, and
    compacting again changes nothing; the report's text and cells are whole."""
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 60
    for path in pages:
        data = path.read_bytes()
        assert compact_html(data) == data, path
        outside = re.sub(rb"<(pre|textarea|script|style)\b.*?</\1\s*>", b"X", data, flags=re.S | re.I)
        assert not re.search(rb"\n[ \t]", outside) and b"\n\n" not in outside, path
    report = (sample_site / "reports" / "pingtan--pingtan-zone-2024-html" / "index.html").read_text(encoding="utf-8")
    assert "全年主动公开各类政府信息10407条。" in _visible(report)
    assert '<tr><th>行政事业性收费</th><td class="num">18651.06</td></tr>' in report
