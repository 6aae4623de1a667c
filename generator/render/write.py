"""Rendering page data into page text, and writing the docs tree.

Pages are rendered once, in Simplified; for zh-Hant the finished page text is converted with
``generator.convert.to_traditional`` except the spans marked "verbatim" (URLs, file names, hashes,
ids), which stay as they are.  A page whose front matter MkDocs would not read back stops the
build (fail closed).  Files are written only when their bytes change, and generated files that are
no longer produced are removed (only inside the generated paths), so ``mkdocs serve`` does not loop.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from generator import tree
from generator.convert import to_traditional

from .archive import Archive
from .downloads import iter_shared_files, record_facts
from .environment import env
from .page_cache import PageCache, RecordFacts, SanitizeMemo, renderer_digest
from .pages import all_pages
from .safe import finish
from .strings import text

SCRIPTS = ("zh-Hans", "zh-Hant")
# Paths under a docs tree that render_docs owns (stale files in them are deleted).
GENERATED_DIRS = ("reports", "bodies", "regions", "years", "data", "sources")
GENERATED_FILES = ("index.md", "search.md", "not-published.md", "data-quality.md")


class RenderError(RuntimeError):
    """A generated page that MkDocs would not read as intended (the message names the source)."""


def check_front_matter(path: str, page_text: str, source_file: str | None = None) -> None:
    """Fail closed: MkDocs renders a front matter it cannot parse as Markdown, page text included,
    so a page whose front matter MkDocs would not read back as a mapping with its title stops the
    build instead of being published."""
    from mkdocs.utils.meta import get_data
    _, meta = get_data(page_text)
    if not isinstance(meta, dict) or not isinstance(meta.get("title"), str):
        where = text("error.front_matter_source", file=source_file) if source_file else ""
        raise RenderError(text("error.front_matter", path=path, where=where))


# In place of a page's text: the page is as the last render wrote it (generator.render.page_cache).
UNCHANGED = None


def iter_pages(
    records: list[dict],
    unpublished: list[dict],
    script: str,
    sources_available: Iterable[str] = (),
    cache: PageCache | None = None,
    digests: Mapping[str, str] | None = None,
    memo: SanitizeMemo | None = None,
) -> Iterator[tuple[str, str | None]]:
    """Every generated Markdown page of one script as (docs-relative path, text), one at a time
    (a page's data and text are dropped once the caller has written it).  Deterministic.  With a
    ``cache``, a report's page that is unchanged since it was written comes as (path, UNCHANGED).
    ``digests``: the records' value digests, when known (``RecordFacts``), and ``memo`` what
    sanitising them changed before."""
    if script not in SCRIPTS:
        raise ValueError(f"script must be one of {SCRIPTS}, got {script!r}")
    archive = Archive(records, unpublished, digests, memo)
    environment = env()
    origins = {path: r["source"]["file"] for r in archive.records
               for path in (f"reports/{r['id']}.md", f"reports/{r['id']}/text.md")}
    for spec in all_pages(archive, script, set(sources_available)):
        if cache is not None and spec.key is not None and cache.unchanged(spec.path, spec.key()):
            yield spec.path, UNCHANGED
            continue
        page_text = finish(environment.get_template(spec.template).render(**spec.make_context()), script)
        check_front_matter(spec.path, page_text, origins.get(spec.path))
        yield spec.path, page_text


def render_pages(
    records: list[dict],
    unpublished: list[dict],
    script: str,
    sources_available: Iterable[str] = (),
) -> dict[str, str]:
    """All generated Markdown pages of one script: {docs-relative path: text}, sorted by path.
    Pure and deterministic."""
    return dict(sorted(iter_pages(records, unpublished, script, sources_available)))  # type: ignore[arg-type]


def write_if_changed(path: Path, data: bytes | str | Path) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly those bytes.  True if written."""
    if isinstance(data, Path):
        if path.is_file() and path.stat().st_size == data.stat().st_size and path.read_bytes() == data.read_bytes():
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(data, path)
        return True
    blob = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_file() and path.read_bytes() == blob:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(blob)
    tmp.replace(path)
    return True




def hand_written(content_dir: Path) -> list[Path]:
    """Files of the hand-written content tree that render_docs does not generate."""
    out = []
    for path in sorted(content_dir.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(content_dir).as_posix()
        if rel in GENERATED_FILES or rel.split("/", 1)[0] in GENERATED_DIRS or rel.startswith("."):
            continue
        out.append(path)
    return out


def _docs_files(records, unpublished, docs_dir, script, content_dir, sources_dir,
                cache: PageCache | None = None, facts: RecordFacts | None = None,
                ) -> Iterator[tuple[str, bytes | str | Path | None]]:
    """(docs-relative path, bytes, text, a Path to copy or UNCHANGED) of the docs tree's pages and
    hand-written files, one file at a time."""
    if facts is None:
        facts = record_facts(records, sources_dir, digests=cache is not None)
    yield from iter_pages(records, unpublished, script, facts.source_copies, cache, facts.digests, facts.memo)
    if docs_dir.resolve() != content_dir.resolve():
        for path in hand_written(content_dir):
            rel = path.relative_to(content_dir).as_posix()
            if path.suffix == ".md":
                page_text = path.read_text(encoding="utf-8")
                yield rel, to_traditional(page_text) if script == "zh-Hant" else page_text
            else:
                yield rel, path


def _remove_stale(docs_dir: Path, files: set[str], same_tree: bool) -> int:
    """Delete generated files that are no longer produced, then empty directories; the count removed."""
    candidates: set[str] = set()
    for d in GENERATED_DIRS:
        candidates.update(f"{d}/{rel}" for rel, _ in tree.files(docs_dir / d))
    candidates.update(f for f in GENERATED_FILES if (docs_dir / f).is_file())
    if not same_tree:
        # The whole zh-Hant tree is generated: hand-written copies that vanished go too.
        candidates.update(rel for rel, _ in tree.files(docs_dir))
    removed = 0
    for rel in sorted(candidates - files):
        (docs_dir / rel).unlink()
        removed += 1
    for d in tree.directories_deepest_first(docs_dir):
        if not any(d.iterdir()):
            d.rmdir()
    return removed


def _write(docs_dir: Path, files, cache: PageCache | None, counts: dict[str, int], written: set[str]) -> None:
    for rel, data in files:
        if rel in written:
            raise RenderError(f"two generated files for one path: {rel}")
        written.add(rel)
        if data is UNCHANGED:
            counts["unchanged"] += 1
            continue
        counts["written" if write_if_changed(docs_dir / rel, data) else "unchanged"] += 1
        if cache is not None:
            cache.written(rel)


def write_shared_files(records: list[dict], docs_dir: Path, sources_dir: Path | None = None,
                       page_cache: Path | None = None, data_cache: Path | None = None,
                       facts: RecordFacts | None = None) -> tuple[set[str], dict[str, int]]:
    """Write the downloads and source copies (``downloads.iter_shared_files``) into the zh-Hans
    docs tree; returns the paths written (or left as they were) and the counts. Apart from the
    pages, so that a build can make them in a process of its own (``render_docs(shared=...)``).

    page_cache  a file remembering the twins and source copies written (their own, not the pages')
    data_cache  a folder for the archive-wide downloads' chunks and SQLite rows
    facts       the records' ``RecordFacts``, when the caller has them"""
    docs_dir = Path(docs_dir)
    counts = {"written": 0, "unchanged": 0, "removed": 0}
    written: set[str] = set()
    cache = PageCache(page_cache, docs_dir, renderer_digest()) if page_cache else None
    _write(docs_dir, iter_shared_files(records, sources_dir, cache, data_cache, facts), cache, counts, written)
    if cache is not None:
        cache.save(written)
    return written, counts


def render_docs(
    records: list[dict],
    unpublished: list[dict],
    docs_dir: Path,
    script: str,
    content_dir: Path,
    *,
    sources_dir: Path | None = None,
    page_cache: Path | None = None,
    data_cache: Path | None = None,
    shared=None,
    facts: RecordFacts | None = None,
) -> dict[str, int]:
    """Write the docs tree of one script.

    records      published report records (dicts as in ARCHITECTURE.md, Simplified values)
    unpublished  [{file, id (may be None), reason}] for every source not published
    docs_dir     the docs tree to write (``content/`` for zh-Hans, ``build/zh-Hant/docs`` for zh-Hant)
    script       "zh-Hans" or "zh-Hant"
    content_dir  the hand-written pages (``content/``); copied (converted) when docs_dir differs
    sources_dir  the raw sources (``site_data/sources``); each published record's source is copied,
                 gzip-compressed, to ``sources/<id>.txt.gz`` (zh-Hans tree only)
    page_cache   a file (in the build's work folder) remembering the reports' pages written into
                 ``docs_dir``: those unchanged since are not rendered again (``page_cache``); the
                 twins and source copies keep theirs beside it (``<name>-shared.json``)
    data_cache   a folder (in the build's work folder) where the archive-wide downloads keep their
                 chunks and SQLite rows between runs (``generator.publish.chunks``)
    shared       zh-Hans: a function returning what ``write_shared_files`` returned, when another
                 process writes the downloads at the same time; None: they are written here
    facts        the records' ``RecordFacts`` (``downloads.record_facts``), when the caller worked
                 them out for several processes; None: worked out here

    Returns counts: {"written": n, "unchanged": n, "removed": n}.
    """
    docs_dir = Path(docs_dir)
    content_dir = Path(content_dir)
    same_tree = docs_dir.resolve() == content_dir.resolve()
    counts = {"written": 0, "unchanged": 0, "removed": 0}
    written: set[str] = set()
    here = None
    if facts is None:
        facts = record_facts(records, sources_dir, digests=page_cache is not None or data_cache is not None)
    if script == "zh-Hans" and shared is None:
        here = write_shared_files(records, docs_dir, sources_dir, _shared_cache(page_cache), data_cache, facts)
    cache = PageCache(page_cache, docs_dir, renderer_digest()) if page_cache else None
    _write(docs_dir, _docs_files(records, unpublished, docs_dir, script, content_dir, sources_dir, cache, facts),
           cache, counts, written)
    if cache is not None:
        cache.save(written)
    if script == "zh-Hans":
        shared_files, shared_counts = here if shared is None else shared()
        if written & shared_files:
            raise RenderError(f"two generated files for one path: {sorted(written & shared_files)[0]}")
        written |= shared_files
        for k in ("written", "unchanged"):
            counts[k] += shared_counts[k]
    counts["removed"] = _remove_stale(docs_dir, written, same_tree)
    return counts


def _shared_cache(page_cache: Path | None) -> Path | None:
    """Where ``write_shared_files`` keeps its cache beside a docs tree's page cache."""
    return None if page_cache is None else Path(page_cache).with_name(Path(page_cache).stem + "-shared.json")
