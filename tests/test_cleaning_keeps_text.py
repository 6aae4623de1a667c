"""Cleaning never deletes report text: every sentence of the original that carries a figure (a
number followed by 件/条/个/项/次/万元/%, or a date) is still in the cleaned text — or, for a
metadata line ("发布日期：2024-01-18"), its value is in the record's metadata — on every sample and
fixture. Only the report's own extent is held to this: the navigation above its first line and the
footer below its last (related links, 友情链接) are page chrome, not report text."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from generator.characters import strip_unsafe
from generator.clean import (FULLWIDTH_ALNUM, LABEL_PINYIN, META_LINE, PINYIN, _strip_spam_tokens, clean_html,
                             clean_text, to_simplified)
from generator.clean.html import html_to_lines
from generator.ingest import decode

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared")
FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:件|条|个|项|次|万元|%|％)|(?:19|20)\d{2}\s*[-年./]\s*\d{1,2}\s*[-月./]\s*\d{1,2}")
SENTENCE_END = re.compile(r"(?<=[。！？；])|\n")


def _files() -> list[Path]:
    paths = sorted((ROOT / "site_data" / "sources").rglob("*"))
    paths += sorted((ROOT / "tests" / "fixtures" / "shapes").rglob("*"))
    paths += sorted((ROOT / "tests" / "fixtures" / "hostile").glob("*"))
    paths += sorted((SHARED / "seeds").glob("*.txt")) + sorted((SHARED / "samples" / "huaian").glob("*.txt"))
    return [p for p in paths if p.is_file() and p.suffix in (".txt", ".html", ".htm") and _readable(p)]


def _readable(path: Path) -> bool:
    """Sources the archive refuses to decode (tests/fixtures/hostile/binary.txt, not-utf8.txt) are never
    cleaned, so there is no cleaned text to hold them to."""
    from generator.ingest import SourceError
    try:
        decode(path.read_bytes())
    except SourceError:
        return False
    return True


def _squeeze(s: str) -> str:
    return re.sub(r"[\s|*#]+", "", s)


def _like_cleaning(s: str, traditional: bool) -> str:
    """The character-level rewrites cleaning makes to every line it keeps: unsafe characters out,
    NFC, full-width digits folded, Simplified script, pinyin notes out, spam tokens marked."""
    s = unicodedata.normalize("NFC", strip_unsafe(s)).replace("\u3000", " ").replace("\xa0", " ").translate(FULLWIDTH_ALNUM)
    if traditional:
        s = to_simplified(s)
    s = PINYIN.sub("", s)
    s = LABEL_PINYIN.sub(lambda m: re.sub(r"\s?[(（]\s*[a-z]{1,6}\s*[)）]", "", m.group(1)), s)
    return _strip_spam_tokens(s.strip())[0]


def _original_lines(path: Path) -> tuple[list[str], object]:
    text, _ = decode(path.read_bytes())
    if path.suffix == ".txt":
        return text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), clean_text(text)
    lines, _, _ = html_to_lines(text)
    return lines, clean_html(text)


def lost_sentences(path: Path) -> list[str]:
    lines, doc = _original_lines(path)
    cleaned = _squeeze(doc.text)
    meta_text = _squeeze(" ".join(v for v in doc.meta.values() if v))
    trad = doc.script == "zh-Hant"
    normal = [_squeeze(_like_cleaning(s, trad)) for s in lines]
    kept = [i for i, s in enumerate(normal) if len(s) >= 8 and s in cleaned]
    if not kept:
        return []          # not a report (a binary, an empty file): nothing of it is report text
    lost = []
    for i in range(kept[0], kept[-1] + 1):
        for sentence in SENTENCE_END.split(lines[i]):
            if not FIGURE.search(sentence):
                continue
            norm = _squeeze(_like_cleaning(sentence, trad))
            if not norm or norm in cleaned:
                continue
            if META_LINE.match(_like_cleaning(sentence, trad)) and \
                    all(_squeeze(f.group(0)) in meta_text for f in FIGURE.finditer(_like_cleaning(sentence, trad))):
                continue   # a metadata line, moved into the record with its figures and dates
            lost.append(sentence.strip())
    return lost


FILES = _files()


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.name}" for p in FILES])
def test_every_sentence_with_a_figure_survives_cleaning(path):
    assert lost_sentences(path) == []


def test_the_corpus_is_the_samples_and_the_fixtures():
    names = {f"{p.parent.name}/{p.name}" for p in FILES}
    assert "pingtan/pingtan-zone-2024.html" in names and "huaian/huaian-2024.txt" in names
    assert sum(1 for n in names if n.startswith("shapes/")) >= 5


def test_a_sentence_about_page_views_is_report_text_not_chrome():
    doc = clean_text("2023年，我局门户网站全年浏览量达12万次，主动公开政府信息356条。\n浏览次数：1024\n日期: 2019-03-14 浏览量:191 文字大小:")
    assert doc.lines == ["2023年，我局门户网站全年浏览量达12万次，主动公开政府信息356条。"]
    assert doc.meta["日期"].startswith("2019-03-14 ")     # the counter line's date, read as metadata


def test_a_publication_date_between_title_and_text_is_kept_as_metadata():
    html = ("<html><body><div>当前位置：首页 &gt; 政务公开</div><h1>某某县交通运输局2023年政府信息公开工作年度报告</h1>"
            "<p>发布日期：2024-01-18</p><p>分享到</p><p>【大 中 小】</p><p>本报告根据《中华人民共和国政府信息公开条例》编制。</p>"
            "<p>一、总体情况</p></body></html>")
    doc = clean_html(html)
    assert doc.meta["发布日期"] == "2024-01-18"
    assert doc.lines[0] == "某某县交通运输局2023年政府信息公开工作年度报告"
    widgets = next(c["detail"] for c in doc.cleaning if c["step"] == "page-widgets")
    assert widgets == "删除标题与正文之间的分享、字号等按钮：分享到 / 【大 中 小】"
    from generator.parse import parse_source
    from generator.ingest import RawSource
    (record,) = parse_source(RawSource(file="t/a.html", data=html.encode("utf-8")))
    assert str(record["published"]) == "2024-01-18" and record["dates"]["web_field"] == "发布日期"
