"""Builds sanitise pages in a worker process (`clean_worker`); `mkdocs serve` in a thread.
The worker process also writes the episodes' chapters and transcripts.

Both must write the same site, and a worker that fails must fail the build with a message,
leaving the previous site whole.
"""

from __future__ import annotations

import gc
import json
import re
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

import archipelago.plugin as plugin_module
from archipelago.engine import clean_process, page_cleaner
from archipelago.engine.atomic_build import build_atomically
from archipelago.engine.clean_store import CleanStore
from archipelago.engine.page_cleaner import PageCleaner
from archipelago.podcast import episode_files
from helpers.builds import build_into
from helpers.sites import snapshot

FAILING_WORKER = "import sys; sys.stderr.write('MemoryError: out of memory\\n'); sys.exit(1)"


def test_the_worker_process_and_the_thread_write_the_same_site(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    episode = site / "content/episodes/001-first-steps.md"
    episode.write_text(episode.read_text() + "\n<script>alert(1)</script> Café 🎧\n")
    started: list[bool] = []
    start_process = PageCleaner.start_process

    def counted(self: PageCleaner[object], store: CleanStore | None = None) -> None:
        started.append(True)
        start_process(self, store)

    monkeypatch.setattr(PageCleaner, "start_process", counted)
    in_process = build_into(site, tmp_path / "process")
    assert started == [True]
    monkeypatch.setattr(PageCleaner, "start_process", lambda *args: None)  # the thread, as serve
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


def test_the_worker_process_writes_the_episode_files(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_in_this_process(*args: object) -> None:
        raise AssertionError("the build's own process wrote the episode files")

    # The worker process imports its own, unpatched copy.
    monkeypatch.setattr(episode_files, "write_episode_files", not_in_this_process)
    monkeypatch.setattr(page_cleaner, "write_episode_files", not_in_this_process)
    monkeypatch.setattr(plugin_module, "render_episode_files", not_in_this_process)
    pages = build_into(site, tmp_path / "out")
    folder = "episodes/001-first-steps/"
    assert json.loads(pages[folder + "chapters.json"])["chapters"]
    assert "Glad to be here." in pages[folder + "transcript.srt"].decode()
    assert "Transcript: First steps" in pages[folder + "transcript.html"].decode()


def test_episode_files_the_worker_cannot_write_fail_the_build_and_keep_the_site(
    site: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    previous = snapshot(build_atomically(site / "mkdocs.yml"))
    real_jobs = plugin_module.ArchipelagoPlugin._episode_file_jobs

    def vanished_transcripts(self: object, config: object) -> list[dict[str, object]]:
        # As if a transcript were deleted between the check and the writing.
        jobs = real_jobs(self, config)  # type: ignore[arg-type]
        return [{**job, "transcript": str(site / "gone.vtt")} for job in jobs]

    monkeypatch.setattr(plugin_module.ArchipelagoPlugin, "_episode_file_jobs", vanished_transcripts)
    with pytest.raises(Abort):
        build_atomically(site / "mkdocs.yml")
    assert any(
        "writing the episodes' chapters and transcripts failed: FileNotFoundError" in message
        and "gone.vtt" in message
        for message in caplog.messages
    )
    assert snapshot(site / "site") == previous
