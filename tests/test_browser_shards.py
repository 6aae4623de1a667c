"""Sharded search (docs/scale.md), in a real browser: two shards of the archive built apart — each
its own MkDocs site and its own Pagefind bundle, as two CI jobs would build them — published into
one URL space, and merged in the browser with Pagefind's ``mergeIndex``: a query finds the reports
of both shards, a word only one shard holds finds that shard's reports only, and a result's URL
opens its page.

The shards are the sample archive split by province, the shard key of docs/scale.md: the Pingtan
reports (福建省) and the rest."""
from __future__ import annotations

import re
import shutil

import pytest
from browser import support

CHROMIUM = support.require_browser()

from playwright.sync_api import sync_playwright  # noqa: E402 - only once Chromium is known to be there

SEARCH = """async ([bundles, query]) => {
  const pagefind = await import(bundles[0] + "pagefind.js");
  await pagefind.options({ basePath: bundles[0] });
  for (const bundle of bundles.slice(1)) await pagefind.mergeIndex(bundle);
  const found = await pagefind.search(query);
  const pages = await Promise.all(found.results.map((r) => r.data()));
  return pages.map((p) => p.url).sort();
}"""


def _province(record: dict) -> str | None:
    return ((record.get("organisation") or {}).get("place") or {}).get("province")


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    from generator.pipeline import load_published

    records, _ = load_published()
    fujian = [r for r in records if _province(r) == "福建省"]
    rest = [r for r in records if _province(r) != "福建省"]
    assert len(fujian) >= 5 and len(rest) >= 3
    root = tmp_path_factory.mktemp("shards")
    sites = {}
    for name, recs in (("fujian", fujian), ("rest", rest)):
        sites[name] = support.build(recs, [], root / name, strict=False)
    # One URL space: the first shard's site whole, the second's report pages beside its own, and
    # each shard's bundle under its own name (pagefind/ is the first shard's).
    served = root / "served"
    shutil.copytree(sites["fujian"], served)
    for page in sorted((sites["rest"] / "reports").iterdir()):
        if page.is_dir():
            shutil.copytree(page, served / "reports" / page.name)
    shutil.copytree(sites["rest"] / "pagefind", served / "pagefind-rest")
    return {"dir": served, "fujian": {r["id"] for r in fujian}, "rest": {r["id"] for r in rest}}


@pytest.fixture(scope="module")
def base(shards):
    return support.serve(shards["dir"])


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        yield browser
        browser.close()


def _search(browser, base, bundles, query) -> list[str]:
    page, watch = support.open_page(browser, base, "about/", support.DESKTOP)
    try:
        urls = page.evaluate(SEARCH, [bundles, query])
        assert watch.errors == [] and watch.failed == []
        return urls
    finally:
        support.close(page)


def _ids(urls: list[str]) -> set[str]:
    """The record ids of the reports among search results (a report is found by its full-text
    page, reports/<id>/text/)."""
    return {u.strip("/").split("/")[-2] for u in urls if "/reports/" in u}


def test_each_bundle_alone_finds_only_its_shard(browser, base, shards):
    assert _ids(_search(browser, base, ["/pagefind/"], "政府信息公开")) == shards["fujian"]
    assert _ids(_search(browser, base, ["/pagefind-rest/"], "政府信息公开")) == shards["rest"]


def test_merged_bundles_find_the_reports_of_both_shards(browser, base, shards):
    urls = _search(browser, base, ["/pagefind/", "/pagefind-rest/"], "政府信息公开")
    assert _ids(urls) == shards["fujian"] | shards["rest"]
    # Pages every shard builds (about, methodology) come once per bundle: why docs/scale.md has the
    # hub, not the shards, build and index them.
    assert urls.count("/about/") == 2 and len([u for u in urls if "/reports/" in u]) == len(_ids(urls))
    # 平潭 is a Fujian word: merged in, the other shard adds nothing to it.
    pingtan = _ids(_search(browser, base, ["/pagefind/", "/pagefind-rest/"], "平潭"))
    assert pingtan and pingtan <= shards["fujian"]


def test_a_merged_result_opens_its_page(browser, base, shards):
    urls = [u for u in _search(browser, base, ["/pagefind/", "/pagefind-rest/"], "政府信息公开")
            if _ids([u]) & shards["rest"]]
    assert urls
    page, watch = support.open_page(browser, base, urls[0].lstrip("/"), support.DESKTOP)
    try:
        assert "政府信息公开" in page.inner_text("h1")
        assert watch.errors == [] and watch.failed == []
    finally:
        support.close(page)


# ---------------------------------------------------------------------------------------------
# One site indexed as several bundles (generator.site.run_pagefind past PAGES_PER_BUNDLE pages),
# merged by the search page itself


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The sample site built as `make site` does, but indexed in bundles of 6 pages."""
    import generator.site as site_module
    from generator.pipeline import load_published

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(site_module, "PAGES_PER_BUNDLE", 6)
        return support.build(*load_published(), tmp_path_factory.mktemp("bundled"))


def test_a_site_indexed_in_bundles_holds_every_page_once(bundled):
    import json

    from generator.site import indexed_pages

    from generator.site import bundle_of

    names = json.loads((bundled / "pagefind" / "bundles.json").read_text(encoding="utf-8"))["bundles"]
    pages = indexed_pages(bundled)
    assert len(pages) > 12
    # Each page is in the bundle a hash of its path names (so it stays there as the archive grows):
    # ceil(pages / 6) bundles, as even as the hash makes them, none empty.
    count = -(-len(pages) // 6)
    used = sorted({bundle_of(rel, count) for rel in pages})
    assert names == [f"pagefind-{k}/" for k in range(1, len(used))]
    counts = [json.loads((bundled / b / "pagefind-entry.json").read_text())["languages"]["zh-hans"]["page_count"]
              for b in ["pagefind/", *names]]
    assert counts == [sum(1 for rel in pages if bundle_of(rel, count) == k) for k in used]
    assert sum(counts) == len(pages)
    assert not (bundled / ".pagefind-bundles").exists()


@pytest.mark.parametrize("query", ["复议", "平潭", "镇"])
@pytest.mark.parametrize("edition", ["zh-Hans", "zh-Hant"])
def test_the_search_page_merges_the_bundles_and_finds_what_one_bundle_finds(browser, bundled, query, edition):
    one = support.serve(support.sample_site())
    merged = support.serve(bundled)
    expected = support.search_page(browser, one, edition, query)
    assert re.search(r"\d+", expected[0]) and expected[1]
    message, paths, value = support.search_page(browser, merged, edition, query)
    # The same count for the same query; which results (and sub-results) fill the first screen
    # depends on each bundle's own ranking, so the links are not compared.
    assert (message, value) == (expected[0], expected[2]) and paths
