"""Checking and building a site in-process, as `archipelago check` and `mkdocs build` would."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from archipelago.engine.clean_process import CleanerProcess
from archipelago.project import CheckResult, check_tree, find_config_file, read_project_config
from helpers.sites import snapshot


def build_site(root: Path) -> Path:
    """Build ``root`` like `mkdocs build --strict` and return its site folder."""
    config = load_config(str(root / "mkdocs.yml"), strict=True)
    build(config)
    return root / "site"


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


def pages_sent_to_worker(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, the HTML of every page sent to a page cleaner's worker process, in order."""
    sent: list[str] = []
    send = CleanerProcess.send

    def counting_send(self: CleanerProcess, html: str, *args: str | None) -> None:
        sent.append(html)
        send(self, html, *args)

    monkeypatch.setattr(CleanerProcess, "send", counting_send)
    return sent


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
