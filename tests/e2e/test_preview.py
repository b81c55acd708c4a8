"""`mkdocs serve` in a real browser: while a content file is broken, every page says so.

The preview runs the real `mkdocs serve --dirty` on a copy of the fixture site, on loopback;
Chromium loads its pages. A contributor who never looks at the terminal still sees each problem,
in the page, until the file is fixed.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .browser import DESKTOP, PHONE, REPO, TIMEOUT_MS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

pytestmark = pytest.mark.e2e

FIXTURE_SITE = REPO / "tests" / "fixtures" / "site"
EPISODE = "content/episodes/001-first-steps.md"
PROBLEM = (
    "content/episodes/001-first-steps.md:6: published: expected a date like 2026-05-01,"
    " got 'May 2026' (fix: write YYYY-MM-DD)"
)
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
DEADLINE = 60.0  # seconds before a wait counts as failed; nothing asserts a time


def wait_until(condition: Callable[[], Any], what: str) -> Any:
    start = time.monotonic()
    while not (value := condition()):
        if time.monotonic() - start > DEADLINE:
            raise AssertionError(f"{what} did not happen within {DEADLINE:g} s")
        time.sleep(0.1)
    return value


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return bytes(response.read())
    except (urllib.error.URLError, OSError):
        return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """`mkdocs serve --dirty` on a copy of the fixture site: its folder and address."""
    root = tmp_path / "site-src"
    shutil.copytree(FIXTURE_SITE, root)
    shutil.copytree(REPO / "theme", root / "theme")
    address = f"127.0.0.1:{free_port()}"
    mkdocs = Path(sys.executable).parent / "mkdocs"
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [str(mkdocs), "serve", "--dirty", "-a", address],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://{address}/"
    try:
        wait_until(lambda: fetch(base), "the preview's first page")
        yield root, base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def problems_of(base: str) -> list[str] | None:
    raw = fetch(base + "_archipelago/problems.json")
    return None if raw is None else list(json.loads(raw)["problems"])


def edit(root: Path, old: str, new: str) -> None:
    path = root / EPISODE
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def visit(context: BrowserContext, path: str, errors: list[str]) -> Page:
    """A new tab at ``path``, once it has asked the preview for its problems.

    Each visit gets a tab of its own: a tab open during a rebuild is reloaded by MkDocs' live
    reload, which would race the test's own navigation.
    """
    # Earlier tabs stay open (closing one during a rebuild can wait forever for MkDocs' open
    # live-reload request); the context closes them all at the end.
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    with page.expect_response(lambda r: r.url.endswith("/_archipelago/problems.json")):
        page.goto(path, wait_until="load")
    return page


def banner(page: Page) -> Any:
    return page.locator("aside.archipelago-preview-problems[role=alert]")


def test_every_preview_page_shows_the_problems_until_they_are_fixed(
    browser: Browser, axe: Any, preview: tuple[Path, str]
) -> None:
    root, base = preview
    context = browser.new_context(viewport=DESKTOP, base_url=base)
    context.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page = visit(context, "guides/going-solo/", errors)
    assert banner(page).count() == 0

    time.sleep(1.0)  # the watcher settles after the first build
    edit(root, "published: 2026-05-04", "published: May 2026")
    wait_until(lambda: problems_of(base) == [PROBLEM], "the preview noticing the broken file")
    # A page the dirty rebuild did not render again, and the episodes index.
    for path in ("guides/going-solo/", "episodes/"):
        page = visit(context, path, errors)
        shown = banner(page)
        shown.wait_for()
        assert shown.locator("h2").inner_text() == "1 problem in the content"
        assert shown.locator("li").all_inner_texts() == [PROBLEM]
    # The broken episode keeps its place in the index, as it was.
    assert page.get_by_role("link", name="First steps").count() >= 1
    # The banner is what this test adds; the fixture site's own pages (its footer credit
    # included) are not the shipped site's, which test_site checks whole.
    results = axe.run(page, context="aside.archipelago-preview-problems").response
    serious = [
        f"{v['id']}: {[node['target'] for node in v['nodes']]}"
        for v in results["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]
    assert serious == []
    assert "color-contrast" in {rule["id"] for rule in results["passes"]}  # it looked
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / ".gitignore").write_text("*\n")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(SCREENSHOTS / f"preview-problems-{viewport['width']}.png"))

    edit(root, "published: May 2026", "published: 2026-05-04")
    wait_until(lambda: problems_of(base) == [], "the preview noticing the fix")
    page = visit(context, "guides/going-solo/", errors)
    assert banner(page).count() == 0
    assert errors == []
    context.close()
