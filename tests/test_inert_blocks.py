"""The two scanners that replaced quadratic patterns remove exactly what the patterns removed:
clean.html.strip_inert_blocks (scripts, styles, comments of a page) and extract.pdf.strip_stream_data
(the data of a PDF's streams)."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from generator.clean.html import _INERT_BLOCKS, strip_inert_blocks
from generator.extract.pdf import strip_stream_data

HTML_TOKENS = ["<script>", "<script type=x>", "</script>", "</SCRIPT >", "<style>", "</style>", "<noscript>",
               "</noscript>", "<template>", "</template>", "<!--", "-->", "<!-->", "<scripts>", "<p>", ">", "<",
               "a", "正文", "\n", " ", "-", "<script", "</script"]
STREAM_DATA = re.compile(rb"stream\r?\n.*?endstream", re.S)
PDF_TOKENS = [b"stream\n", b"stream\r\n", b"endstream", b"stream", b"/JS", b"x", b"\n", b"end", b"obj"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(HTML_TOKENS), max_size=14))
def test_the_page_scanner_removes_what_the_pattern_removed(tokens):
    html = "".join(tokens)
    assert strip_inert_blocks(html) == _INERT_BLOCKS.sub("", html)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(PDF_TOKENS), max_size=14))
def test_the_stream_scanner_removes_what_the_pattern_removed(tokens):
    data = b"".join(tokens)
    assert strip_stream_data(data) == STREAM_DATA.sub(b"", data)


def test_unclosed_blocks_stay_and_closed_ones_go():
    page = "<p>甲</p><script>x()</script><!-- 注释 --><script>never closed<style>s</style><p>乙</p>"
    assert strip_inert_blocks(page) == "<p>甲</p><script>never closed<p>乙</p>"
    many = "<script>" * 5000 + "<p>正文</p>" + "<!--" * 5000
    assert strip_inert_blocks(many) == many      # nothing closes: all stays (and in one pass)
