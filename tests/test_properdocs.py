"""The site builds the same with ProperDocs (the continuation of MkDocs 1.x) as with MkDocs.

The sample archive (a copy of site_data/sources, in its own workspace) is prepared once and both
editions are built twice, by ``python -m mkdocs`` and by ``python -m properdocs``, with the same
SOURCE_DATE_EPOCH.  The trees must hold the same files with the same bytes, but for one legitimate
difference: each engine names itself in every page's ``<meta name="generator">`` (Material writes
``mkdocs-<version>``; ProperDocs reports its version as ``ProperDocs <version>``).  That tag is
checked, then normalised away.

ProperDocs installs beside MkDocs in one environment (its package is ``properdocs``; it aliases
``mkdocs.*`` imports only inside its own process), so both are pinned in requirements.lock.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from importlib import metadata
from pathlib import Path

import pytest

from generator import build
from generator.site import build_site

ROOT = Path(__file__).resolve().parent.parent
EPOCH = 1741564800
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="([^"]*)">')


def _versions() -> dict[str, str]:
    out = {}
    for dist in ("mkdocs", "properdocs", "mkdocs-material"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pytest.fail(f"{dist} is not installed; it is pinned in requirements.lock: run `make test`")
    return out


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    versions = _versions()
    tmp = tmp_path_factory.mktemp("engines")
    sources = tmp / "sources"
    shutil.copytree(ROOT / "site_data" / "sources", sources)
    places = build.workspace(sources)
    shutil.rmtree(places["work"], ignore_errors=True)
    try:
        build.prepare(sources, reparse=True)
        built = {}
        for engine in ("mkdocs", "properdocs"):
            built[engine] = _tree(build_site(places["hans"], places["hant"], tmp / engine, work_dir=places["work"],
                                             strict=True, source_date_epoch=EPOCH, engine=engine))
    finally:
        shutil.rmtree(places["work"], ignore_errors=True)
    return versions, built


def test_each_engine_names_itself_in_the_generator_tag(sites):
    versions, built = sites
    material = versions["mkdocs-material"]
    expected = {"mkdocs": f"mkdocs-{versions['mkdocs']}, mkdocs-material-{material}",
                "properdocs": f"mkdocs-ProperDocs {versions['properdocs']}, mkdocs-material-{material}"}
    for engine, tree in built.items():
        pages = [rel for rel in tree if rel.endswith(".html")]
        assert len(pages) > 50
        tags = {m.decode() for rel in pages for m in GENERATOR_TAG.findall(tree[rel])}
        assert tags == {expected[engine]}, engine
        assert all(len(GENERATOR_TAG.findall(tree[rel])) == 1 for rel in pages)


def test_mkdocs_and_properdocs_build_the_same_site(sites):
    _, built = sites
    mk, pd = built["mkdocs"], built["properdocs"]
    assert sorted(mk) == sorted(pd)

    def normalise(data: bytes) -> bytes:
        return GENERATOR_TAG.sub(b'<meta name="generator" content="">', data)

    differ = [rel for rel in mk if normalise(mk[rel]) != normalise(pd[rel])]
    assert differ in ([], ["pagefind/bundles.json"])       # its page digests: see below
    # Everything but the HTML pages is byte for byte the same (sitemap, assets, Pagefind index) but
    # the digests of the indexed pages in pagefind/bundles.json (the pages' generator tags differ).
    listing = "pagefind/bundles.json"
    assert {rel: hashlib.sha256(b).hexdigest() for rel, b in mk.items() if not rel.endswith(".html") and rel != listing} == \
        {rel: hashlib.sha256(b).hexdigest() for rel, b in pd.items() if not rel.endswith(".html") and rel != listing}
    assert json.loads(mk[listing])["bundles"] == json.loads(pd[listing])["bundles"] == []
    assert "zh-Hant/index.html" in mk and "pagefind/pagefind-entry.json" in mk


def test_an_unknown_engine_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown engine 'zensical'"):
        build_site(tmp_path / "hans", tmp_path / "hant", tmp_path / "site", work_dir=tmp_path, engine="zensical")
