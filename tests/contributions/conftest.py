"""The site built from the untouched fixture, and the theme's own scripts and styles, which
the hostile-markup tests and the properties compare every page against."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.builds import build_site
from helpers.contributions import Theme
from helpers.sites import copy_fixture_site


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from the untouched fixture (do not change it: copy it)."""
    return build_site(copy_fixture_site(tmp_path_factory.mktemp("pristine") / "src"))


@pytest.fixture(scope="module")
def theme(pristine: Path) -> Theme:
    """The theme's own scripts and styles, which any page may hold."""
    return Theme.of(pristine)
