"""Session fixtures shared by the test modules, so the sample archive is parsed once and its site
built once per run.

``sample_parse`` is the parse of the shipped sample archive (site_data/sources, with its
corrections and bodies), done once; ``sample_records`` hands each test its own deep copy, so a test
that changes a record changes nobody else's.  Tests that are about parsing itself (determinism
across processes, the parse cache) still parse on their own."""
from __future__ import annotations

import copy

import pytest

from generator import pipeline


@pytest.fixture(scope="session")
def sample_parse() -> tuple[list[dict], list[dict]]:
    return pipeline.parse_archive(jobs=1)


@pytest.fixture
def sample_records(sample_parse) -> tuple[list[dict], list[dict]]:
    """(records, errors) of the sample archive, a copy of the session's parse for this test."""
    return copy.deepcopy(sample_parse)


@pytest.fixture(scope="session")
def sample_site():
    """Both editions of the committed sample archive, built as `make site` does, once per run
    (tests/browser/support.py builds it; the browser tests serve the same tree). Read only."""
    from browser import support
    return support.sample_site()
