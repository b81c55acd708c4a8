"""Fixtures every test may use: a throwaway copy of the fixture site, and a load store of the
run's own. Helpers the tests share live in tests/helpers/."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from archipelago.engine.load_store import CACHE_DIR_VARIABLE
from helpers.sites import copy_fixture_site


@pytest.fixture(autouse=True, scope="session")
def _load_stores_of_this_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep what builds and checks store between runs (`load_store`) in this test run's own
    folder: never read from or written to the user's cache."""
    previous = os.environ.get(CACHE_DIR_VARIABLE)
    os.environ[CACHE_DIR_VARIABLE] = str(tmp_path_factory.mktemp("load-stores"))
    yield
    if previous is None:
        del os.environ[CACHE_DIR_VARIABLE]
    else:
        os.environ[CACHE_DIR_VARIABLE] = previous


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A writable copy of the small fixture site, with the project's theme beside it."""
    return copy_fixture_site(tmp_path / "site-src")
