"""Reading a feed with podcast-partytime, the parser of Podcast Index apps (Podverse, Fountain,
the Index itself), run by Node from tests/tools/partytime/ as `scripts/test_setup.sh` installs it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from helpers.sites import REPO

TOOL = REPO / "tests" / "tools" / "partytime"
_SET_UP = "run `bash scripts/test_setup.sh` (it installs Node and the pinned podcast-partytime)"


def parse_feed(path: Path) -> dict[str, Any]:
    """What partytime's parseFeed reads from the feed at ``path``: its FeedObject as JSON (dates
    as ISO strings), plus `warnings`, what partytime warned about while reading (an item it
    skipped, a tag that threw). Fails the test when partytime is not installed."""
    node = shutil.which("node")
    if node is None:
        pytest.fail(f"node is not installed: {_SET_UP}", pytrace=False)
    if not (TOOL / "node_modules" / "podcast-partytime").is_dir():
        pytest.fail(f"podcast-partytime is not installed in {TOOL}: {_SET_UP}", pytrace=False)
    # From the tool's folder: partytime reads a `.env` from the working directory.
    done = subprocess.run(
        [node, str(TOOL / "parse.mjs"), str(path)],
        cwd=TOOL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"partytime could not read {path}:\n{done.stderr}", pytrace=False)
    result = json.loads(done.stdout)
    feed: dict[str, Any] = result["feed"]
    feed["warnings"] = result["warnings"]
    return feed
