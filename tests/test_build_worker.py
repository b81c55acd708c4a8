"""Builds sanitise pages in a worker process (`clean_worker`); `mkdocs serve` in a thread.

Both must write the same site, and a worker that fails must fail the build with a message,
leaving the previous site whole.
"""

from __future__ import annotations

import gc
import re
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from archipelago import clean_process
from archipelago.atomic_build import build_atomically
from archipelago.page_cleaner import PageCleaner
from conftest import build_into, snapshot

FAILING_WORKER = "import sys; sys.stderr.write('MemoryError: out of memory\\n'); sys.exit(1)"


def test_the_worker_process_and_the_thread_write_the_same_site(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    episode = site / "content/episodes/001-first-steps.md"
    episode.write_text(episode.read_text() + "\n<script>alert(1)</script> Café 🎧\n")
    started: list[bool] = []
    start_process = PageCleaner.start_process

    def counted(self: PageCleaner[object]) -> None:
        started.append(True)
        start_process(self)

    monkeypatch.setattr(PageCleaner, "start_process", counted)
    in_process = build_into(site, tmp_path / "process")
    assert started == [True]
    monkeypatch.setattr(PageCleaner, "start_process", lambda self: None)  # the thread, as serve
    in_thread = build_into(site, tmp_path / "thread")
    assert in_process == in_thread
    page = in_process["episodes/001-first-steps/index.html"].decode()
    assert "<script>alert(1)" not in page and "Café 🎧" in page


def test_a_failing_worker_fails_the_build_with_its_reason(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(clean_process, "WORKER_COMMAND", (sys.executable, "-c", FAILING_WORKER))
    with pytest.raises(Abort):
        build_into(site, tmp_path / "out")
    reason = re.compile(
        r"sanitising the pages failed: the page cleaning process ended after 0 of \d+ pages"
        r" \(exit status 1\): MemoryError: out of memory"
    )
    assert any(reason.search(message) for message in caplog.messages)


def test_builds_leave_the_collector_as_they_found_it(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A build keeps its content out of the collector's scans (gc.freeze); a process that
    # builds again (mkdocs serve, tests, a script) must get everything back, failed or not.
    assert gc.get_freeze_count() == 0
    build_into(site, tmp_path / "out")
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr(clean_process, "WORKER_COMMAND", (sys.executable, "-c", FAILING_WORKER))
    with pytest.raises(Abort):
        build_into(site, tmp_path / "failed")
    assert gc.get_freeze_count() == 0


def test_a_failing_worker_leaves_the_previous_site_whole(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    previous = snapshot(build_atomically(site / "mkdocs.yml"))
    guide = site / "content/guides/going-solo.md"
    guide.write_text(guide.read_text() + "\nA new paragraph.\n")  # would change the site
    monkeypatch.setattr(clean_process, "WORKER_COMMAND", (sys.executable, "-c", FAILING_WORKER))
    with pytest.raises(Abort):
        build_atomically(site / "mkdocs.yml")
    assert snapshot(site / "site") == previous
    assert [p.name for p in site.iterdir() if p.name.startswith(".site")] == []
