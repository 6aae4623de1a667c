"""Incremental builds (issue 11, item 2): what a rebuild after one changed record does not redo.

- record files: a record whose values are unchanged is not dumped to YAML again
  (generator.pipeline.write_records with ``known``), and YAML carries no anchors, so its bytes are
  a function of the values alone (generator.records.record_digest);
- report pages: a report's two pages whose inputs are unchanged are not rendered again
  (generator.render.page_cache); any change of the renderer misses every entry. So are a body's
  page, a record's JSON twin and source copy, and the downloads' chunks (generator.publish.chunks).

Each cached result must be byte for byte what doing the work again gives: the trees are compared
with a render from scratch.
"""
from __future__ import annotations

import copy
import datetime
import os
from pathlib import Path

import yaml

from generator import pipeline, records as rec
from generator.render import render_docs
from generator.render import page_cache as pc
from generator.render.archive import Archive

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "render"
CONTENT = ROOT / "content"
SOURCES = ROOT / "site_data" / "sources"
IDS = ["pingtan--pingtan-county-2012-html", "pingtan--pingtan-zone-2022-html", "pingtan--pingtan-zone-2024-html"]


def _records() -> list[dict]:
    return [yaml.safe_load((FIXTURES / "records" / f"{i}.yaml").read_text(encoding="utf-8")) for i in IDS]


def _unpublished() -> list[dict]:
    return yaml.safe_load((FIXTURES / "unpublished.yaml").read_text(encoding="utf-8"))


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --------------------------------------------------------------------------------------------
# record files


def test_yaml_has_no_anchors_for_shared_values():
    day = datetime.date(2025, 3, 10)
    shared = ["福建省"]
    text = rec.dump_yaml({"published": day, "dates": {"web": day}, "a": shared, "b": shared})
    assert "&id" not in text and "*id" not in text
    assert text == "published: 2025-03-10\ndates:\n  web: 2025-03-10\na:\n- 福建省\nb:\n- 福建省\n"


def test_record_digest_tells_values_order_and_types_apart():
    base = {"published": datetime.date(2025, 3, 10), "n": 1}
    digests = {rec.record_digest(r) for r in (
        base, {"published": "2025-03-10", "n": 1}, {"published": datetime.date(2025, 3, 10), "n": 1.0},
        {"n": 1, "published": datetime.date(2025, 3, 10)}, {"published": datetime.date(2025, 3, 10), "n": True})}
    assert len(digests) == 5
    assert rec.record_digest(copy.deepcopy(base)) == rec.record_digest(base)


def test_unchanged_records_are_not_dumped_again(tmp_path, monkeypatch):
    records = _records()
    known: dict = {}
    counts: dict = {}
    pipeline.write_records(records, tmp_path, counts=counts, known=known)
    assert counts == {"written": 3, "unchanged": 0, "removed": 0} and sorted(known) == IDS
    dumped = []
    real_dump = rec.dump_yaml
    monkeypatch.setattr(rec, "dump_yaml", lambda r: dumped.append(r["id"]) or real_dump(r))
    # Unchanged: nothing dumped.  One record changed: only it.
    pipeline.write_records(records, tmp_path, counts=counts, known=known)
    assert dumped == [] and counts["unchanged"] == 3
    changed = copy.deepcopy(records)
    changed[1]["title"] = "改过的标题"
    pipeline.write_records(changed, tmp_path, counts=counts, known=known)
    assert dumped == [IDS[1]] and counts == {"written": 1, "unchanged": 2, "removed": 0}
    assert "改过的标题" in (tmp_path / f"{IDS[1]}.yaml").read_text(encoding="utf-8")
    # A record file edited (or replaced) by hand since is written again, even with the same size.
    path = tmp_path / f"{IDS[0]}.yaml"
    original = path.read_bytes()
    path.write_bytes(original.replace(b"2012", b"2013", 1))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1))
    dumped.clear()
    pipeline.write_records(changed, tmp_path, counts=counts, known=known)
    assert dumped == [IDS[0]] and path.read_bytes() == original
    # Whatever was skipped, the files are what writing every record from scratch gives.
    fresh = tmp_path / "fresh"
    pipeline.write_records(changed, fresh)
    assert _tree(fresh) == {k: v for k, v in _tree(tmp_path).items() if "/" not in k}


# --------------------------------------------------------------------------------------------
# report pages


def _render(records, docs: Path, script: str, cache: Path | None) -> dict:
    return render_docs(records, _unpublished(), docs, script, CONTENT, sources_dir=SOURCES, page_cache=cache)


def _count_renders(monkeypatch) -> list[str]:
    """The report pages actually rendered (their contexts built), in order."""
    from generator.render.pages import report
    made: list[str] = []
    real_report, real_text = report.report_context, report.text_context
    monkeypatch.setattr(report, "report_context", lambda a, r, *rest: made.append(f"reports/{r['id']}.md")
                        or real_report(a, r, *rest))
    monkeypatch.setattr(report, "text_context", lambda r, *rest: made.append(report.text_path(r["id"]))
                        or real_text(r, *rest))
    return made


def test_unchanged_report_pages_are_not_rendered_again(tmp_path, monkeypatch):
    records = _records()
    made = _count_renders(monkeypatch)
    for script in ("zh-Hans", "zh-Hant"):
        docs, cache = tmp_path / script, tmp_path / f"cache-{script}.json"
        _render(records, docs, script, cache)
        assert len(made) == 6
        made.clear()
        # Nothing changed: no report page rendered, the tree as it was.
        before = _tree(docs)
        counts = _render(records, docs, script, cache)
        assert made == [] and counts["written"] == 0 and _tree(docs) == before
        # One record changed: its two pages only; the tree is what a render from scratch writes.
        changed = copy.deepcopy(records)
        changed[2]["title"] = "平潭综合实验区2024年度政府信息公开工作年度报告（修订）"
        _render(changed, docs, script, cache)
        assert sorted(made) == [f"reports/{IDS[2]}.md", f"reports/{IDS[2]}/text.md"]
        fresh = tmp_path / f"fresh-{script}"
        _render(changed, fresh, script, None)
        assert _tree(docs) == _tree(fresh)
        made.clear()


def test_body_pages_twins_and_source_copies_of_unchanged_records_are_not_made_again(tmp_path, monkeypatch):
    """A body's page is keyed by the body and its reports; a JSON twin and a source copy by their
    record; the archive-wide downloads re-make only the chunk of the changed record. The tree is
    byte for byte a render from scratch, the downloads included."""
    from generator.publish import twins
    from generator.render import downloads
    from generator.render.pages import body
    records = _records()
    docs, cache, data = tmp_path / "docs", tmp_path / "cache.json", tmp_path / "data-cache"
    render_docs(records, _unpublished(), docs, "zh-Hans", CONTENT, sources_dir=SOURCES, page_cache=cache, data_cache=data)
    bodies, made, copies = [], [], []
    real_body, real_twin, real_gzip = body.body_context, twins.report_twin, downloads.gzip_bytes
    monkeypatch.setattr(body, "body_context", lambda a, s, path, b: bodies.append(path) or real_body(a, s, path, b))
    monkeypatch.setattr(twins, "report_twin", lambda r, **kw: made.append(r["id"]) or real_twin(r, **kw))
    monkeypatch.setattr(downloads, "gzip_bytes", lambda data: copies.append(len(data)) or real_gzip(data))
    changed = copy.deepcopy(records)
    changed[2]["title"] = "平潭综合实验区2024年度政府信息公开工作年度报告（修订）"
    counts = render_docs(changed, _unpublished(), docs, "zh-Hans", CONTENT, sources_dir=SOURCES, page_cache=cache,
                         data_cache=data)
    zone = next(b["slug"] for b in Archive(changed, []).bodies.values() if IDS[2] in [r["id"] for r in b["records"]])
    assert bodies == [f"bodies/{zone}.md"]
    assert made == [IDS[2]] and len(copies) == 1
    assert counts["removed"] == 0
    monkeypatch.undo()
    fresh = tmp_path / "fresh"
    render_docs(changed, _unpublished(), fresh, "zh-Hans", CONTENT, sources_dir=SOURCES)
    assert _tree(docs) == _tree(fresh)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache-shared.json", "cache.json", "data-cache", "docs", "fresh"]


def test_a_page_touched_since_or_another_renderer_renders_again(tmp_path, monkeypatch):
    records = _records()
    docs, cache = tmp_path / "docs", tmp_path / "cache.json"
    _render(records, docs, "zh-Hans", cache)
    made = _count_renders(monkeypatch)
    page = docs / "reports" / f"{IDS[0]}.md"
    good = page.read_bytes()
    page.write_bytes(good.replace("平潭".encode(), "平谭".encode(), 1))   # same size, edited by hand
    _render(records, docs, "zh-Hans", cache)
    assert made == [f"reports/{IDS[0]}.md"] and page.read_bytes() == good
    made.clear()
    # Any change of the renderer (a template, a string, the table description, the converter):
    # every report page is rendered again.
    monkeypatch.setattr(pc, "renderer_digest", lambda *a: "another renderer")
    import generator.render.write as write
    monkeypatch.setattr(write, "renderer_digest", pc.renderer_digest)
    _render(records, docs, "zh-Hans", cache)
    assert len(made) == 6


def test_renderer_digest_follows_every_file_it_reads(tmp_path):
    gen = tmp_path / "generator"
    (gen / "render" / "templates").mkdir(parents=True)
    template = gen / "render" / "templates" / "report.md.j2"
    template.write_text("a", encoding="utf-8")
    phrases, lock = tmp_path / "phrases.tsv", tmp_path / "requirements.lock"
    phrases.write_text("x\ty\n", encoding="utf-8")
    lock.write_text("jinja2==3\n", encoding="utf-8")
    first = pc.renderer_digest(gen, phrases, lock)
    assert pc.renderer_digest(gen, phrases, lock) == first
    seen = {first}
    for path, text in ((template, "b"), (phrases, "x\tz\n"), (lock, "jinja2==4\n")):
        path.write_text(text, encoding="utf-8")
        seen.add(pc.renderer_digest(gen, phrases, lock))
    (gen / "render" / "strings.yaml").write_text("new", encoding="utf-8")
    seen.add(pc.renderer_digest(gen, phrases, lock))
    assert len(seen) == 5


def test_page_key_covers_the_other_originals_and_the_source_copy():
    record = _records()[0]
    keys = {pc.page_key("zh-Hans", record, [], True), pc.page_key("zh-Hans", record, [], False),
            pc.page_key("zh-Hant", record, [], True), pc.page_key("zh-Hans", record, [{"file": "x.pdf"}], True)}
    assert len(keys) == 4


# --------------------------------------------------------------------------------------------
# the site: MkDocs' dirty build in a copy of the last site (generator.site.build_site(incremental=True))


def _hashes(root: Path) -> dict[str, str]:
    import hashlib
    return {k: hashlib.sha256(v).hexdigest() for k, v in _tree(root).items()}


def _both_editions(tmp_path: Path, hans: Path, hant: Path):
    """A function rendering records into both docs trees with their page caches, as prepare does."""
    def render(records):
        for script, docs in (("zh-Hans", hans), ("zh-Hant", hant)):
            _render(records, docs, script, tmp_path / f"cache-{script}.json")
    return render


def test_an_incremental_site_is_the_site_a_full_build_makes(tmp_path):
    from generator.site import build_site, link_tree

    records = _records()
    hans, hant = tmp_path / "hans", tmp_path / "hant"
    render = _both_editions(tmp_path, hans, hant)
    render(records)
    site = build_site(hans, hant, tmp_path / "site", work_dir=tmp_path / "work", source_date_epoch=0)
    # Another report's title changed, one report gone: pages changed, pages removed, lists changed.
    changed = copy.deepcopy(records[1:])
    changed[0]["title"] = "平潭综合实验区2022年政府信息公开工作年度报告（修订）"
    render(changed)
    published = tmp_path / "published-before"
    link_tree(site, published)                      # what a reader of the old site holds
    before = _hashes(published)
    build_site(hans, hant, site, work_dir=tmp_path / "work", source_date_epoch=0, incremental=True)
    full = build_site(hans, hant, tmp_path / "full", work_dir=tmp_path / "work", source_date_epoch=0)
    assert _hashes(site) == _hashes(full)
    assert not (site / "reports" / IDS[0]).exists() and not (site / "zh-Hant" / "reports" / IDS[0]).exists()
    # MkDocs wrote every changed page as a new file: the old site's files are as they were.
    assert _hashes(published) == before
    # The replaced tree is kept beside the site as the next incremental build's starting copy.
    spare = tmp_path / ".site.spare"
    assert _hashes(spare) == before
    # Again, with the removed report back and another title changed: the spare (one build behind)
    # is brought level with the site by its differences, then built on; the site is a full build's.
    published_2 = tmp_path / "published-2"
    link_tree(site, published_2)
    before_2 = _hashes(published_2)
    again = copy.deepcopy(records)
    again[2]["title"] = "平潭综合实验区2024年政府信息公开工作年度报告（更正）"
    render(again)
    build_site(hans, hant, site, work_dir=tmp_path / "work", source_date_epoch=0, incremental=True)
    full = build_site(hans, hant, tmp_path / "full", work_dir=tmp_path / "work", source_date_epoch=0)
    assert _hashes(site) == _hashes(full)
    assert (site / "reports" / IDS[0] / "index.html").is_file()
    assert _hashes(published_2) == before_2 and _hashes(published) == before
    assert _hashes(spare) == before_2
    # A build from scratch replaces the whole site: no spare is kept.
    build_site(hans, hant, site, work_dir=tmp_path / "work", source_date_epoch=0)
    assert not spare.exists() and _hashes(site) == _hashes(full)


def test_make_room_removes_what_mkdocs_would_write_over(tmp_path):
    from generator.site import make_room

    docs, edition = tmp_path / "docs", tmp_path / "site"
    for rel in ("index.md", "a.md", "b/index.md", "data/x.csv", "gone-later.md"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(rel, encoding="utf-8")
    for rel in ("index.html", "a/index.html", "b/index.html", "data/x.csv", "old/index.html", "404.html",
                "sitemap.xml", "assets/app.js", "pagefind/pagefind.js", "pagefind-1/x.pf_meta", "zh-Hant/index.html"):
        (edition / rel).parent.mkdir(parents=True, exist_ok=True)
        (edition / rel).write_text(rel, encoding="utf-8")
    # a.md edited after its page was written; the others older than their outputs.
    old = (edition / "index.html").stat().st_mtime_ns
    for rel in ("index.md", "b/index.md", "data/x.csv", "gone-later.md"):
        os.utime(docs / rel, ns=(old - 10**9, old - 10**9))
    os.utime(docs / "a.md", ns=(old + 10**9, old + 10**9))
    assert make_room(edition, docs, skip=("zh-Hant",)) == {"stale": 1, "rebuilt": 1}
    left = sorted(p.relative_to(edition).as_posix() for p in edition.rglob("*") if p.is_file())
    # Pagefind's bundles stay: run_pagefind keeps those whose pages are unchanged and replaces the rest.
    assert left == ["assets/app.js", "b/index.html", "data/x.csv", "index.html", "pagefind-1/x.pf_meta",
                    "pagefind/pagefind.js", "zh-Hant/index.html"]


def test_the_build_updates_a_site_in_place_only_from_the_same_configuration(tmp_path, monkeypatch):
    import shutil

    from generator import build as build_mod

    sources = tmp_path / "sources"
    (sources / "pingtan").mkdir(parents=True)
    for name in ("pingtan-zone-2022.html", "pingtan-zone-2024.html"):
        for suffix in ("", ".meta.yaml"):
            if (SOURCES / "pingtan" / (name + suffix)).exists():
                shutil.copy2(SOURCES / "pingtan" / (name + suffix), sources / "pingtan" / (name + suffix))
    site = tmp_path / "site"
    calls: list[bool] = []
    real = build_mod.build_site
    monkeypatch.setattr(build_mod, "build_site", lambda *a, **k: calls.append(k["incremental"]) or real(*a, **k))
    try:
        build_mod.build(sources, site)
        edited = sources / "pingtan" / "pingtan-zone-2022.html"
        edited.write_bytes(edited.read_bytes() + b"\n<!-- saved again -->\n")
        build_mod.build(sources, site)
        assert calls == [False, True]
        # Another configuration, theme or site code: built from scratch.
        monkeypatch.setattr(build_mod, "site_config_digest", lambda site_url: "another configuration")
        edited.write_bytes(edited.read_bytes() + b"\n<!-- and again -->\n")
        build_mod.build(sources, site)
        # A site changed by hand since: built from scratch.
        (site / "about" / "index.html").write_text("x", encoding="utf-8")
        edited.write_bytes(edited.read_bytes() + b"\n<!-- once more -->\n")
        build_mod.build(sources, site)
        assert calls == [False, True, False, False]
        assert "关于本站" in (site / "about" / "index.html").read_text(encoding="utf-8")
    finally:
        shutil.rmtree(build_mod.workspace(sources)["work"], ignore_errors=True)


def test_unchanged_search_bundles_are_kept_and_the_index_is_a_full_builds(tmp_path, monkeypatch):
    """Past PAGES_PER_BUNDLE pages the index is cut into bundles by a hash of each page's path; an
    incremental build indexes again only the bundles holding a changed page."""
    import json

    import generator.site as site_module
    from generator.site import build_site

    monkeypatch.setattr(site_module, "PAGES_PER_BUNDLE", 1)     # 5 indexed pages: several bundles
    records = _records()
    hans, hant = tmp_path / "hans", tmp_path / "hant"
    render = _both_editions(tmp_path, hans, hant)
    render(records)
    site = build_site(hans, hant, tmp_path / "site", work_dir=tmp_path / "work", source_date_epoch=0)
    listing = json.loads((site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))
    names = ["pagefind", *(n.rstrip("/") for n in listing["bundles"])]
    assert len(names) >= 2 and sorted(listing["pages"]) == sorted(names)
    runs: list[list[str]] = []
    real = site_module._run
    monkeypatch.setattr(site_module, "_run", lambda jobs, *a, **k: runs.append([n for n, _ in jobs]) or real(jobs, *a, **k))
    changed = copy.deepcopy(records)
    changed[2]["sections"][0]["text"] += "\n新增一句。"
    render(changed)
    build_site(hans, hant, site, work_dir=tmp_path / "work", source_date_epoch=0, incremental=True)
    indexed = [name for batch in runs for name in batch if name.startswith("pagefind")]
    after = json.loads((site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))["pages"]
    changed_bundles = [name for name in names if after[name] != listing["pages"][name]]
    assert len(changed_bundles) == 1 and indexed == [f"pagefind bundle {changed_bundles[0]}"]
    full = build_site(hans, hant, tmp_path / "full", work_dir=tmp_path / "work", source_date_epoch=0)
    assert _hashes(site) == _hashes(full)
    # Fewer bundles (here one): the incremental build drops the others its copy of the site held.
    monkeypatch.setattr(site_module, "PAGES_PER_BUNDLE", 1000)
    render(records)
    build_site(hans, hant, site, work_dir=tmp_path / "work", source_date_epoch=0, incremental=True)
    assert sorted(p.name for p in site.iterdir() if p.name.startswith("pagefind")) == ["pagefind"]
    full = build_site(hans, hant, tmp_path / "full", work_dir=tmp_path / "work", source_date_epoch=0)
    assert _hashes(site) == _hashes(full)


def test_page_facts_read_a_page_once_until_it_changes(tmp_path, monkeypatch):
    """The search step's facts of a page (marked for Pagefind, SHA-256) are remembered by size and
    modification time: an unchanged page is not read again, a rewritten one is."""
    import hashlib

    from generator.site import PageFacts
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_bytes(b'<main data-pagefind-body>\xe6\x96\x87</main>')
    (site / "b.html").write_bytes(b"<main>plain</main>")
    memo = tmp_path / "facts.json"
    first = PageFacts(memo)
    assert first.of(site, "a/index.html")[2:] == [True, hashlib.sha256((site / "a" / "index.html").read_bytes()).hexdigest()]
    assert first.of(site, "b.html")[2] is False
    first.save()
    reads: list[str] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self.name) or real(self))
    again = PageFacts(memo)
    assert again.of(site, "b.html")[2] is False and again.of(site, "a/index.html")[2] is True and reads == []
    again.save()                                    # what this run asked about (a page gone is forgotten)
    (site / "b.html").write_bytes(b"<main data-pagefind-body>ok</main>")    # rewritten: a new time
    third = PageFacts(memo)
    assert third.of(site, "b.html")[2] is True and third.of(site, "a/index.html")[2] is True and reads == ["b.html"]


def test_record_key_follows_the_given_digest_and_the_annotations():
    """The page cache's key of a record, from the digest the build worked out once: another digest
    (a changed record) or other annotations (another body or title shown) give another key."""
    records = _records()
    given = {r["id"]: rec.value_digest(r) for r in records}
    one, two = Archive(records, [], given), Archive(copy.deepcopy(records), [], dict(given))
    r1, r2 = one.by_id[IDS[0]], two.by_id[IDS[0]]
    assert one.record_key(r1) == two.record_key(r2) != rec.value_digest(r1)
    changed = Archive(records, [], {**given, IDS[0]: "another digest"})
    assert changed.record_key(changed.by_id[IDS[0]]) != one.record_key(r1)
    retitled = Archive(records, [], dict(given))
    r3 = retitled.by_id[IDS[0]]
    r3["_title"] = "另一个标题"
    assert retitled.record_key(r3) != one.record_key(r1)
    # Without digests, the whole record as held is hashed (as before the build gave any).
    bare = Archive(records, [])
    assert bare.record_key(bare.by_id[IDS[0]]) == rec.value_digest(bare.by_id[IDS[0]])


def test_sanitize_memo_gives_what_sanitising_the_whole_record_gives(tmp_path):
    """A record sanitised by the memo's shortcut (only the top-level values sanitising changed last
    time for that digest are walked) is the record sanitised in full, and a record whose text holds
    unsafe characters is cleaned either way; a memo of another renderer is not used."""
    from generator.render.page_cache import SanitizeMemo
    from generator.render.safe import sanitize, sanitize_record

    records = _records()
    hostile = copy.deepcopy(records[0])
    hostile["id"] = "hostile"
    hostile["title"] = "标题\u202e\u200b2022"
    hostile["sections"][0]["text"] = "正文\x00\u2028第二行"
    memo = SanitizeMemo(tmp_path / "memo.json", "renderer-1")
    for r in [*records, hostile]:
        digest = rec.value_digest(r)
        first, changed = sanitize_record(r, memo.get(digest))
        assert first == sanitize(r) and memo.get(digest) is None and changed is not None
        memo.put(digest, changed)
        again, same = sanitize_record(copy.deepcopy(r), memo.get(digest))
        assert again == first and same == changed
    assert sorted(memo.get(rec.value_digest(hostile))) == ["dates", "published", "sections", "title"]
    assert again["title"] == "标题2022" and again["sections"][0]["text"] == "正文\n第二行"
    memo.save([rec.value_digest(r) for r in records])           # the hostile record is gone
    kept = SanitizeMemo(tmp_path / "memo.json", "renderer-1")
    assert sorted(kept.entries) == sorted(rec.value_digest(r) for r in records)
    assert SanitizeMemo(tmp_path / "memo.json", "renderer-2").entries == {}
    # Through the archive: its records are those of an archive built without the memo.
    given = {r["id"]: rec.value_digest(r) for r in [*records, hostile]}
    plain = Archive([*records, hostile], [])
    memo_2 = SanitizeMemo(None, "renderer-1")
    assert Archive([*records, hostile], [], given, memo_2).records == plain.records
    assert Archive([*records, hostile], [], given, memo_2).records == plain.records   # now by the shortcut
    assert len(memo_2.entries) == 4
