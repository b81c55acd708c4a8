"""Shared fixtures: throwaway copies of the fixture site, and helpers to check or build them."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from archipelago.engine.clean_process import CleanerProcess
from archipelago.engine.load_store import CACHE_DIR_VARIABLE
from archipelago.project import CheckResult, check_tree, find_config_file, read_project_config

REPO = Path(__file__).resolve().parent.parent
FIXTURE_SITE = REPO / "tests" / "fixtures" / "site"


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
    root = tmp_path / "site-src"
    shutil.copytree(FIXTURE_SITE, root, ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(REPO / "theme", root / "theme")
    return root


def write(root: Path, relative: str, text: str | bytes) -> Path:
    """Write a file under ``root``, creating folders; bytes are written as they are."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes, by path relative to it."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def pages_sent_to_worker(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the HTML of every page sent to a page cleaner's worker process, in order."""
    sent: list[str] = []
    send = CleanerProcess.send

    def counting_send(self: CleanerProcess, html: str, *args: str | None) -> None:
        sent.append(html)
        send(self, html, *args)

    monkeypatch.setattr(CleanerProcess, "send", counting_send)
    return sent


def build_into(root: Path, site_dir: Path) -> dict[str, bytes]:
    """Build ``root`` like `mkdocs build --strict` into ``site_dir``; what it wrote."""
    build(load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(site_dir)))
    return snapshot(site_dir)


def check(root: Path) -> CheckResult:
    """Run the same validation as `archipelago check` on ``root``."""
    config, errors = read_project_config(find_config_file(root))
    assert config is not None and not errors, errors
    return check_tree(config)


def messages(root: Path) -> list[str]:
    """Every problem `archipelago check` would print for ``root``."""
    return [str(error) for error in check(root).errors]


def record_media_facts(root: Path, key: str, facts: dict[str, object]) -> None:
    """Write ``facts`` under ``key`` into the copy's media-manifest.json, as a contributor
    editing it by hand (or `archipelago probe`) would."""
    manifest = root / "media-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data[key] = facts
    manifest.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def own_audio(root: Path, stem: str) -> str:
    """A copy of the fixture episode's audio for another episode, with its facts recorded.

    Two published episodes may not share an enclosure, so each test episode gets its own file.
    """
    source = "episodes/media/001-first-steps.mp3"
    target = f"episodes/media/{stem}.mp3"
    shutil.copyfile(root / "content" / source, root / "content" / target)
    recorded = json.loads((root / "media-manifest.json").read_text(encoding="utf-8"))
    record_media_facts(root, target, recorded[source])
    return target


class DirtyServe:
    """`mkdocs serve --dirty` in-process: one plugin instance across rebuilds, as MkDocs keeps it.

    A context manager: MkDocs keeps the instance for the whole process, so it must be told
    that serving ended, or later builds in this test run would still think they serve.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.plugin: Any = None

    def __enter__(self) -> DirtyServe:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.plugin is not None:
            self.plugin.on_shutdown()

    def build(self) -> Path:
        config = load_config(str(self.root / "mkdocs.yml"))
        if self.plugin is None:
            config.plugins.on_startup(command="serve", dirty=True)
        self.plugin = config.plugins["archipelago"]
        time.sleep(0.01)  # MkDocs rebuilds a page whose source is newer than its output
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        self.plugin.wait_for_outputs()  # the feeds are written beside the pages under serve
        return self.root / "site"
