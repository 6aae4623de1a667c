"""The parse cache (generator.parse_cache): a source is parsed again exactly when its bytes, its
sidecar, its path or the parser changed, and what comes out of the cache is what a parse gives."""
from __future__ import annotations

import shutil
from pathlib import Path

from generator import pipeline
from generator.parse_cache import ParseCache, parser_version

ROOT = Path(__file__).resolve().parent.parent
PINGTAN = ROOT / "site_data" / "sources" / "pingtan"
NAMES = ["pingtan-zone-2022.html", "pingtan-zone-2024.html", "pingtan-county-2013.txt"]


def _sources(tmp_path: Path) -> Path:
    src = tmp_path / "sources"
    src.mkdir()
    for name in NAMES:
        shutil.copy(PINGTAN / name, src / name)
        shutil.copy(PINGTAN / (name + ".meta.yaml"), src / (name + ".meta.yaml"))
    (src / "empty.txt").write_bytes(b"")          # not readable: its reason is cached too
    return src


def _parse(src: Path, cache: ParseCache | None):
    paths = sorted(p for p in src.iterdir() if not p.name.endswith(".meta.yaml"))
    return pipeline.parse_paths(paths, src, jobs=1, cache=cache)


def test_a_second_parse_comes_from_the_cache_and_is_the_same(tmp_path):
    src = _sources(tmp_path)
    uncached = _parse(src, None)
    cache = ParseCache(tmp_path / "cache", "v1")
    assert _parse(src, cache) == uncached
    assert (cache.hits, cache.misses) == (0, 4)
    again = ParseCache(tmp_path / "cache", "v1")
    assert _parse(src, again) == uncached
    assert (again.hits, again.misses) == (4, 0)
    assert uncached[1] == [{"file": "empty.txt", "id": "empty-txt", "reason": "空文件（未保存任何内容）"}]


def test_a_changed_source_or_sidecar_is_parsed_again(tmp_path):
    src = _sources(tmp_path)
    _parse(src, ParseCache(tmp_path / "cache", "v1"))
    page = src / "pingtan-zone-2024.html"
    page.write_bytes(page.read_bytes().replace("平潭综合实验区".encode(), "平潭综合试验区".encode(), 1))
    sidecar = src / "pingtan-county-2013.txt.meta.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace("retrieved:", "retrieved: 2020-01-01\nold:"), encoding="utf-8")
    cache = ParseCache(tmp_path / "cache", "v1")
    records, _ = _parse(src, cache)
    assert (cache.hits, cache.misses) == (2, 2)    # the other page and the empty file come from it
    assert records == _parse(src, None)[0]


def test_a_parser_change_misses_every_entry(tmp_path):
    src = _sources(tmp_path)
    first = ParseCache(tmp_path / "cache", "v1")
    _parse(src, first)
    second = ParseCache(tmp_path / "cache", "v2")
    assert _parse(src, second) == _parse(src, None)
    assert second.hits == 0
    first.used.clear()
    assert second.prune() == 4                     # the v1 entries, unused by this run


def _tree(base: Path) -> Path:
    for rel in ("parse/statistics.py", "clean/__init__.py", "render/pages/report.py", "charts/__init__.py", "cli.py"):
        (base / rel).parent.mkdir(parents=True, exist_ok=True)
        (base / rel).write_text(f"# {rel}\n", encoding="utf-8")
    return base


def test_the_parser_version_follows_the_parser_files_and_the_pins(tmp_path):
    gen, lock = _tree(tmp_path / "generator"), tmp_path / "requirements.lock"
    lock.write_text("pdfplumber==0.11.10\n", encoding="utf-8")
    v = parser_version(gen, lock)
    (gen / "render" / "pages" / "report.py").write_text("# another page\n", encoding="utf-8")
    (gen / "cli.py").write_text("# another option\n", encoding="utf-8")
    assert parser_version(gen, lock) == v          # rendering and the CLI do not change a parse
    (gen / "parse" / "statistics.py").write_text("# another rule\n", encoding="utf-8")
    v2 = parser_version(gen, lock)
    assert v2 != v
    lock.write_text("pdfplumber==0.11.11\n", encoding="utf-8")
    assert parser_version(gen, lock) not in (v, v2)


def test_links_are_not_cached(tmp_path):
    src = _sources(tmp_path)
    (src / "link.html").symlink_to(src / "pingtan-zone-2022.html")
    cache = ParseCache(tmp_path / "cache", "v1")
    assert cache.key(src / "link.html", src) is None
    assert cache.key(src / "pingtan-zone-2022.html", src) is not None
