"""Ingest: record ids from the whole relative path, defensive provenance sidecars, encodings
(Big5, UTF-16, GBK, mixed UTF-8 + GBK, too much lost), and symbolic links that leave the root."""
import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import ingest, pipeline
from generator.ingest import SourceError, decode, discover, load, read_meta, source_id
from generator.parse import parse_source

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "site_data" / "sources"


def run(*args):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True)


# --- 3. ids carry the collection folder, and never collide -------------------------------------

@pytest.mark.parametrize("rel,expected", [
    ("pingtan/pingtan-zone-2024.html", "pingtan--pingtan-zone-2024-html"),
    ("pingtan/pingtan-zone-2024.txt", "pingtan--pingtan-zone-2024-txt"),
    ("seeds/004_f2e2464724e2d28a.txt", "seeds--004_f2e2464724e2d28a-txt"),
    ("c1/index.html", "c1--index-html"),
    ("c2/index.html", "c2--index-html"),
    ("index.html", "index-html"),
    ("a-b/c.html", "a-b--c-html"),
    ("a/b-c.html", "a--b-c-html"),
    ("a/b/c.htm", "a--b--c-htm"),
    # not representable losslessly: a readable slug, then --h and a hash of the exact path
    ("Index.html", "index-html--hba9f3fbde9"),
    ("a.b.html", "a-b-html--h959ba752a0"),
    ("x/y--z.txt", "x--y-z-txt--h26cd79aebf"),
    ("x--y/z.txt", "x-y--z-txt--h132639844a"),
    ("平潭/报告.HTML", "html--hf4cb32c1d3"),
    ("README", "readme--h2b7814d3fc"),
])
def test_source_id_examples(rel, expected):
    assert source_id(rel) == expected
    assert source_id(rel) == expected          # deterministic


def test_source_id_is_injective_url_safe_and_script_independent():
    paths = [
        "c1/index.html", "c2/index.html", "index.html", "Index.html", "INDEX.HTML", "index.htm", "index.txt",
        "a-b/c.html", "a/b-c.html", "a/b/c.html", "a--b/c.html", "a/-b/c.html", "a-/b/c.html", "a/b/-c.html",
        "a.b.html", "a-b.html", "a_b.html", "a b.html", "a/b.c.html", "a.b/c.html",
        "x.html", "x.html.txt", "x-html.txt", "x-html", "x.html-p1", "x-html.p1", "x.p1",
        "平潭/报告.html", "平潭/報告.html", "平潭/报告.htm", "报告.html", "報告.html", "平潭/报 告.html",
        "_x.html", "x_.html", "-x.html", "x-.html", "x..html", ".x.html", "x/.html", "x//y.html",
        "c1/" + "a" * 130 + ".html", "c1/" + "a" * 131 + ".html", "c1/" + "a" * 60 + "/" + "b" * 60 + ".html",
    ]
    ids = [source_id(p) for p in paths]
    parts = [i + f"-p{n}" for i in ids for n in (1, 2, 12)]
    assert len(set(ids + parts)) == len(ids) + len(parts)
    for i in ids + parts:
        assert re.fullmatch(r"[a-z0-9][a-z0-9_-]*", i), i
        assert len(i) <= 130, i
    # The Simplified and Traditional spelling of one name are two paths, and two ids, neither
    # of which changes when a page is converted from one script to the other.
    assert source_id("平潭/报告.html") != source_id("平潭/報告.html")
    assert source_id("平潭/报告.html").isascii()


@pytest.fixture
def two_collections(tmp_path):
    """c1/index.html and c2/index.html, two different reports."""
    root = tmp_path / "sources"
    for folder, sample in (("c1", "pingtan-zone-2024.html"), ("c2", "pingtan-zone-2022.html")):
        (root / folder).mkdir(parents=True)
        shutil.copyfile(SAMPLES / "pingtan" / sample, root / folder / "index.html")
    return root


def test_parse_archive_gives_one_record_per_collection(two_collections):
    records, errors = pipeline.parse_archive(two_collections, jobs=1)
    assert errors == []
    assert [(r["id"], r["source"]["file"], r["title"]) for r in records] == [
        ("c1--index-html", "c1/index.html", "平潭综合实验区2024年度政府信息公开工作年度报告"),
        ("c2--index-html", "c2/index.html", "平潭综合实验区2022年度政府信息公开工作年度报告")]
    published, unpublished = pipeline.select_published(records, errors)
    assert [r["id"] for r in published] == ["c1--index-html", "c2--index-html"] and unpublished == []


def test_cli_parse_writes_both_records(two_collections, tmp_path):
    out = tmp_path / "out"
    result = run("parse", str(two_collections), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["c1--index-html.yaml", "c2--index-html.yaml"]
    assert result.stderr.strip().splitlines()[-1] == f"2 record(s) from 2 source(s) written to {out}"
    years = [yaml.safe_load(p.read_text(encoding="utf-8"))["year"] for p in sorted(out.iterdir())]
    assert years == [2024, 2022]


def test_cli_parse_of_two_files_keeps_their_folders(two_collections, tmp_path):
    out = tmp_path / "out"
    result = run("parse", str(two_collections / "c1" / "index.html"), str(two_collections / "c2" / "index.html"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["c1--index-html.yaml", "c2--index-html.yaml"]


def test_cli_parse_of_one_file_named_twice_writes_it_once(two_collections, tmp_path):
    out = tmp_path / "out"
    result = run("parse", str(two_collections), str(two_collections / "c1" / "index.html"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["c1--index-html.yaml", "c2--index-html.yaml"]


def test_finalize_refuses_two_sources_with_one_id():
    a = ingest.RawSource(file="c1/index.html", data=(SAMPLES / "pingtan" / "pingtan-zone-2024.html").read_bytes())
    b = ingest.RawSource(file="c1/index.html", data=(SAMPLES / "pingtan" / "pingtan-zone-2022.html").read_bytes())
    records = parse_source(a) + parse_source(b)
    with pytest.raises(ingest.DuplicateIdError) as exc:
        pipeline.finalize(records, {})
    assert str(exc.value) == (
        f"two sources give the record id c1--index-html: c1/index.html (sha256 {a.sha256[:12]}) and "
        f"c1/index.html (sha256 {b.sha256[:12]}); give them different paths under one sources root")


# --- 7. provenance sidecars are small flat maps -------------------------------------------------

def _sidecar(tmp_path, text: str | bytes) -> Path:
    source = tmp_path / "r.html"
    source.write_text("<p>x</p>", encoding="utf-8")
    meta = tmp_path / "r.html.meta.yaml"
    meta.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return source


ALIAS_BOMB = """url: null
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
retrieved: *i
"""


def test_sidecar_alias_bomb_is_refused(tmp_path):
    with pytest.raises(SourceError) as exc:
        read_meta(_sidecar(tmp_path, ALIAS_BOMB))
    assert str(exc.value) == "随附的来源说明文件 r.html.meta.yaml 使用了 YAML 锚点（&a），来源说明只能写普通的值"


@pytest.mark.parametrize("text,why", [
    ("url: &u https://x.gov.cn/\n", "使用了 YAML 锚点（&u），来源说明只能写普通的值"),
    ("url: *u\n", "使用了 YAML 别名（*u），来源说明只能写普通的值"),
    ("retrieved: !!str 2025-03-12\n", "使用了 YAML 标签（tag:yaml.org,2002:str），来源说明只能写普通的值"),
    ("notes: !custom x\n", "使用了 YAML 标签（!custom），来源说明只能写普通的值"),
    ("notes: {crawl: 1}\n", "只能是一层键值映射：值只能是文字、数字、日期、true/false、null 或这些值的简单列表"),
    ("attachments: [[a.pdf]]\n", "只能是一层键值映射：值只能是文字、数字、日期、true/false、null 或这些值的简单列表"),
    ("- url\n", "必须是键值映射（mapping）"),
    ("just text\n", "必须是键值映射（mapping）"),
    ("1: x\n", "的键必须是文字（1 不是）"),
    ("url: [\n", "不是有效的 YAML（ParserError）"),
    ("a: 1\n---\nb: 2\n", "不是有效的 YAML（ComposerError）"),
    (b"notes: \xd5\xc2\n", "不是 UTF-8 编码的文本"),
    ("notes: " + "x" * 70000 + "\n", "过大（70008 字节，上限 65536 字节）"),
])
def test_sidecar_refusals(tmp_path, text, why):
    with pytest.raises(SourceError) as exc:
        read_meta(_sidecar(tmp_path, text))
    assert str(exc.value) == f"随附的来源说明文件 r.html.meta.yaml {why}"


def test_sidecar_plain_values_and_flat_lists(tmp_path):
    meta = read_meta(_sidecar(tmp_path, "url: https://www.x.gov.cn/a.htm\nretrieved: 2025-03-12\nnotes: >-\n  crawl\n"
                                        "page: null\nattachments: [a.pdf, \"b.docx\", 3]\nchecked: true\nrate: 1.5\n"))
    assert meta == {"url": "https://www.x.gov.cn/a.htm", "retrieved": datetime.date(2025, 3, 12), "notes": "crawl",
                    "page": None, "attachments": ["a.pdf", "b.docx", 3], "checked": True, "rate": 1.5}
    assert read_meta(_sidecar(tmp_path, "")) == {}
    assert read_meta(tmp_path / "no-sidecar.html") == {}


def test_sidecar_with_alias_is_listed_not_published(tmp_path):
    root = tmp_path / "sources"
    (root / "c1").mkdir(parents=True)
    shutil.copyfile(SAMPLES / "pingtan" / "pingtan-zone-2024.html", root / "c1" / "r.html")
    (root / "c1" / "r.html.meta.yaml").write_text("url: &u https://x.gov.cn/\nnotes: *u\n", encoding="utf-8")
    records, errors = pipeline.parse_archive(root, jobs=1)
    assert records == []
    assert errors == [{"file": "c1/r.html", "id": "c1--r-html",
                       "reason": "随附的来源说明文件 r.html.meta.yaml 使用了 YAML 锚点（&u），来源说明只能写普通的值"}]


# --- 8. encodings ------------------------------------------------------------------------------

SIMPLIFIED = ("平潭综合实验区2023年政府信息公开工作年度报告\n"
              "本报告根据《中华人民共和国政府信息公开条例》的规定编制。\n"
              "一、总体情况\n2023年，本区主动公开政府信息1234条，收到政府信息公开申请56件，全部按期答复。\n"
              "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n")
TRADITIONAL = ("平潭綜合實驗區2023年政府資訊公開工作年度報告\n"
               "本報告依據《中華人民共和國政府資訊公開條例》的規定編製。\n"
               "一、總體情況\n2023年，本區主動公開政府資訊1234條，收到政府資訊公開申請56件，全部按期答覆。\n"
               "二、主動公開政府資訊情況\n三、收到和處理政府資訊公開申請情況\n四、政府資訊公開行政復議、行政訴訟情況\n")


@pytest.mark.parametrize("data,text,notes", [
    (SIMPLIFIED.encode("utf-8"), SIMPLIFIED, []),
    (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), SIMPLIFIED, []),
    (TRADITIONAL.encode("big5"), TRADITIONAL, ["按 big5hkscs 编码解码"]),
    (SIMPLIFIED.encode("gbk"), SIMPLIFIED, ["按 gb18030 编码解码"]),
    (SIMPLIFIED.encode("utf-16"), SIMPLIFIED, ["按字节顺序标记（BOM）以 UTF-16LE 解码"]),
    (b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), SIMPLIFIED, ["按字节顺序标记（BOM）以 UTF-16BE 解码"]),
    (SIMPLIFIED.encode("utf-16-le"), SIMPLIFIED, ["没有字节顺序标记，按 NUL 字节的分布判断为 UTF-16LE 并以此解码"]),
    (SIMPLIFIED.encode("utf-16-be"), SIMPLIFIED, ["没有字节顺序标记，按 NUL 字节的分布判断为 UTF-16BE 并以此解码"]),
    (TRADITIONAL.encode("utf-16-le"), TRADITIONAL, ["没有字节顺序标记，按 NUL 字节的分布判断为 UTF-16LE 并以此解码"]),
    (SIMPLIFIED.encode("utf-32"), SIMPLIFIED, ["按字节顺序标记（BOM）以 UTF-32LE 解码"]),
])
def test_decode(data, text, notes):
    assert decode(data) == (text, notes)


def test_decode_follows_the_declared_charset():
    page = '<html><head><meta charset="gb2312"><title>年度报告</title></head><body>' + SIMPLIFIED + "</body></html>"
    assert decode(page.encode("gbk")) == (page, ["按网页声明的编码 gb2312 解码（gb18030）"])
    page = '<meta http-equiv="Content-Type" content="text/html; charset=big5">' + TRADITIONAL
    assert decode(page.encode("big5")) == (page, ["按网页声明的编码 big5 解码（big5hkscs）"])


def test_decode_overrules_a_wrong_declaration():
    page = '<meta http-equiv="Content-Type" content="text/html; charset=big5">' + SIMPLIFIED
    assert decode(page.encode("gbk")) == (page, ["网页声明的编码是 big5，但按它解码读不通，改为按 gb18030 编码解码"])


def test_decode_ignores_a_declared_charset_that_is_no_text_encoding():
    page = '<meta charset="zlib">' + SIMPLIFIED
    assert decode(page.encode("gbk")) == (page, ["按 gb18030 编码解码"])


def test_decode_a_page_mixing_utf8_and_gbk():
    chrome = '<div class="nav">首页 &gt; 政务公开 &gt; 政府信息公开年报</div>\n'
    body = "<p>" + SIMPLIFIED.replace("\n", "</p>\n<p>") + "</p>\n"
    footer = "<div>主办单位：平潭综合实验区管理委员会办公室</div>\n"
    data = chrome.encode("utf-8") + body.encode("gbk") + footer.encode("utf-8")
    assert decode(data) == (chrome + body + footer, ["混用了两种编码：4 段按 UTF-8、7 段按 gb18030 解码"])


def test_decode_refuses_a_text_that_lost_too_much():
    clean = "依申请公开政府信息。" * 40                       # 400 characters, 1,200 bytes
    data = bytearray(clean.encode("utf-8"))
    for k in (10, 100, 200, 300):                           # four characters → one bad byte each
        data[k * 3:k * 3 + 3] = b"\xff\x00\x00"
    data = bytes(data).replace(b"\xff\x00\x00", b"\xff")
    with pytest.raises(SourceError) as exc:
        decode(data)
    assert str(exc.value) == "文字编码无法可靠识别：按 UTF-8 解码，约 4 个字符无法解码（占全部字符的 1.0%，超过 0.5% 的上限），不予发布"
    one = clean.encode("utf-8")
    one = one[:30] + b"\xff" + one[33:]                      # one character in 400: 0.25 %
    text, notes = decode(one)
    assert text == clean[:10] + "\ufffd" + clean[11:]
    assert notes == ["按 UTF-8 解码", "约 1 个字符无法解码，已替换为 U+FFFD（占全部字符的 0.25%）"]


def test_a_run_of_undecodable_bytes_counts_as_the_characters_it_stood_for():
    clean = "依申请公开政府信息。" * 40
    data = clean[:200].encode("utf-8") + b"\xed\xa0\x80" + clean[200:].encode("utf-8")   # a CESU-8 surrogate
    text, notes = decode(data)
    assert text == clean[:200] + "\ufffd" * 3 + clean[200:]
    assert notes == ["按 UTF-8 解码", "约 1 个字符无法解码，已替换为 U+FFFD（占全部字符的 0.25%）"]


def test_detector_runs_only_on_sources_that_are_not_utf8(monkeypatch):
    import charset_normalizer
    calls = []
    real = charset_normalizer.from_bytes
    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda data, **kw: calls.append(len(data)) or real(data, **kw))
    decode(SIMPLIFIED.encode("utf-8"))
    assert calls == []
    decode(TRADITIONAL.encode("big5"))
    assert calls == [len(TRADITIONAL.encode("big5"))]


def test_utf16_is_not_refused_as_binary_and_binary_still_is(tmp_path):
    (tmp_path / "r.txt").write_bytes(SIMPLIFIED.encode("utf-16-le"))
    (tmp_path / "bin.txt").write_bytes((ROOT / "tests" / "fixtures" / "hostile" / "binary.txt").read_bytes())
    assert load(tmp_path / "r.txt", tmp_path).data == SIMPLIFIED.encode("utf-16-le")
    with pytest.raises(SourceError) as exc:
        load(tmp_path / "bin.txt", tmp_path)
    assert str(exc.value) == "二进制数据（含 NUL 字节），不是保存下来的网页或文本"


def test_big5_and_utf16_sources_through_the_pipeline(tmp_path):
    root = tmp_path / "sources"
    (root / "tw").mkdir(parents=True)
    (root / "tw" / "big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    (root / "tw" / "utf16.txt").write_bytes(SIMPLIFIED.replace("2023", "2022").encode("utf-16-le"))
    records, errors = pipeline.parse_archive(root, jobs=1)
    assert errors == []
    assert [(r["id"], r["title"], r["year"]) for r in records] == [
        ("tw--big5-txt", "平潭综合实验区2023年政府资讯公开工作年度报告", 2023),
        ("tw--utf16-txt", "平潭综合实验区2022年政府信息公开工作年度报告", 2022)]
    assert {"step": "decode", "detail": "按 big5hkscs 编码解码"} in records[0]["cleaning"]
    assert {"step": "decode", "detail": "没有字节顺序标记，按 NUL 字节的分布判断为 UTF-16LE 并以此解码"} in records[1]["cleaning"]


# --- 9. symbolic links never leave the sources root --------------------------------------------

@pytest.fixture
def linked(tmp_path):
    root = tmp_path / "sources"
    elsewhere = tmp_path / "elsewhere"
    (root / "c1").mkdir(parents=True)
    (elsewhere / "more").mkdir(parents=True)
    shutil.copyfile(SAMPLES / "pingtan" / "pingtan-zone-2024.html", root / "c1" / "report.html")
    shutil.copyfile(SAMPLES / "pingtan" / "pingtan-zone-2022.html", root / "c1" / "other.html")
    shutil.copyfile(SAMPLES / "pingtan" / "pingtan-zone-2016.html", elsewhere / "secret.html")
    shutil.copyfile(SAMPLES / "pingtan" / "pingtan-zone-2015.html", elsewhere / "more" / "r.html")
    (elsewhere / "meta.yaml").write_text("url: https://elsewhere.example/\n", encoding="utf-8")
    os.symlink(root / "c1" / "report.html", root / "c1" / "inside-link.html")       # fine: stays in the root
    os.symlink("../../elsewhere/secret.html", root / "c1" / "outside-link.html")   # a file outside
    os.symlink("/etc/passwd", root / "c1" / "passwd.txt")                           # a system file
    os.symlink(elsewhere / "more", root / "c2")                                     # a folder outside
    os.symlink(root / "c1", root / "c3")                                            # a folder inside
    os.symlink(elsewhere / "meta.yaml", root / "c1" / "other.html.meta.yaml")       # a sidecar outside
    return root


OUTSIDE = "是指向来源目录之外的符号链接，不予读取"


def test_discover_does_not_follow_links_out_of_the_root(linked):
    assert [p.relative_to(linked).as_posix() for p in discover(linked)] == [
        "c1/inside-link.html", "c1/other.html", "c1/outside-link.html", "c1/passwd.txt", "c1/report.html", "c2"]


def test_links_out_of_the_root_are_listed_not_published(linked):
    records, errors = pipeline.parse_archive(linked, jobs=1)
    assert [(r["id"], r["source"]["file"]) for r in records] == [
        ("c1--inside-link-html", "c1/inside-link.html"), ("c1--report-html", "c1/report.html")]
    assert errors == [
        {"file": "c1/other.html", "id": "c1--other-html", "reason": "随附的来源说明文件 other.html.meta.yaml " + OUTSIDE},
        {"file": "c1/outside-link.html", "id": "c1--outside-link-html", "reason": OUTSIDE},
        {"file": "c1/passwd.txt", "id": "c1--passwd-txt", "reason": OUTSIDE},
        {"file": "c2", "id": "c2--h" + __import__("hashlib").sha256(b"c2").hexdigest()[:10], "reason": OUTSIDE},
    ]
    published, unpublished = pipeline.select_published(records, errors)
    assert [r["id"] for r in published] == ["c1--report-html"]      # the link and its target: one report
    assert [u["file"] for u in unpublished] == ["c1/inside-link.html", "c1/other.html", "c1/outside-link.html", "c1/passwd.txt", "c2"]


def test_cli_parse_refuses_links_out_of_the_root(linked, tmp_path):
    out = tmp_path / "out"
    result = run("parse", str(linked), "--out", str(out))
    assert result.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == ["c1--inside-link-html.yaml", "c1--report-html.yaml"]
    for name in ("c1/outside-link.html", "c1/passwd.txt", "c2"):
        assert f"error: {name}: {OUTSIDE}" in result.stderr.splitlines()
    assert "error: c1/other.html: 随附的来源说明文件 other.html.meta.yaml " + OUTSIDE in result.stderr.splitlines()
    assert "root:" not in "".join(p.read_text(encoding="utf-8") for p in out.iterdir())


def test_dangling_link_is_refused_with_a_reason(tmp_path):
    os.symlink(tmp_path / "gone.html", tmp_path / "r.html")
    with pytest.raises(SourceError) as exc:
        load(tmp_path / "r.html", tmp_path)
    assert str(exc.value) == "是符号链接，但指向的文件不存在"
