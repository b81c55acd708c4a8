"""`mkdocs serve` notices edits through the system's change events (serve_watch).

Each waiting loop below has a deadline only so that a failure ends; nothing asserts a time.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from archipelago.engine.serve_watch import NativeObserver, watch_natively

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from bench import runners as bench  # the benchmark, a package in scripts/

DEADLINE = 30.0  # seconds before a wait counts as failed
QUIET = 1.5  # seconds in which nothing may happen: three of MkDocs' polls


class Recorder(FileSystemEventHandler):
    def __init__(self) -> None:
        self.events: list[FileSystemEvent] = []
        self.lock = threading.Lock()

    def dispatch(self, event: FileSystemEvent) -> None:
        with self.lock:
            self.events.append(event)

    def taken(self) -> list[FileSystemEvent]:
        with self.lock:
            events, self.events = self.events, []
        return events


def wait_until(condition: Callable[[], bool], what: str) -> None:
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > DEADLINE:
            raise AssertionError(f"{what} did not happen within {DEADLINE:g} s")
        time.sleep(0.02)


@contextmanager
def observing(path: Path, recursive: bool = True) -> Iterator[Recorder]:
    recorder = Recorder()
    observer = NativeObserver()
    observer.schedule(recorder, str(path), recursive=recursive)
    observer.start()
    try:
        yield recorder
    finally:
        observer.stop()
        observer.join()


def test_reading_files_is_no_edit_and_writing_one_is(tmp_path: Path) -> None:
    page = tmp_path / "episodes" / "001.md"
    page.parent.mkdir()
    page.write_text("first")
    with observing(tmp_path) as recorder:
        for _ in range(3):  # what every rebuild does with every content file
            page.read_text()
        time.sleep(QUIET)
        assert recorder.taken() == []
        page.write_text("second")
        wait_until(lambda: bool(recorder.events), "an event for the written file")
        assert {os.fsdecode(e.src_path) for e in recorder.taken()} == {str(page)}


def test_a_watched_file_keeps_being_watched_after_an_editor_replaces_it(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: One\n")
    (tmp_path / "README.md").write_text("not watched\n")
    with observing(config, recursive=True) as recorder:
        for number in (2, 3):  # save as vim and VS Code do: a new file renamed over the old
            replacement = tmp_path / ".mkdocs.yml.swp"
            replacement.write_text(f"site_name: {number}\n")
            os.replace(replacement, config)
            wait_until(lambda: bool(recorder.events), f"an event for save {number}")
            time.sleep(0.2)  # the rest of the same save's events
            assert all(str(config) in (e.src_path, e.dest_path) for e in recorder.taken())
        # Another file in the same folder is not the watched file.
        (tmp_path / "README.md").write_text("changed\n")
        time.sleep(QUIET)
        assert recorder.taken() == []


def test_the_server_keeps_every_watch_on_the_native_observer(tmp_path: Path) -> None:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: One\n")
    (tmp_path / "content").mkdir()
    for path in (tmp_path / "content", config, tmp_path / "content"):
        server.watch(str(path))
    assert watch_natively(server)
    assert isinstance(server.observer, NativeObserver)
    # Every watch MkDocs made is now the native observer's, as many times as it was made.
    assert server._watched_paths == {str(tmp_path / "content"): 2, str(config): 1}
    assert {emitter.watch for emitter in server.observer.emitters} == set(
        server._watch_refs.values()
    )
    server.unwatch(str(tmp_path / "content"))  # watched twice: still watched once
    assert str(tmp_path / "content") in server._watch_refs


def test_a_server_that_looks_different_keeps_polling(tmp_path: Path) -> None:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    polling = server.observer
    del server._watched_paths  # as if another MkDocs kept its watches elsewhere
    assert not watch_natively(server)
    assert server.observer is polling


# --- a real `mkdocs serve` --------------------------------------------------------------------


def builds(log: Path) -> int:
    return log.read_text().count("Building documentation")


@pytest.mark.parametrize("watcher", ["native", "polling"])
def test_mkdocs_serve_rebuilds_once_per_edit(site: Path, tmp_path: Path, watcher: str) -> None:
    config = site / "mkdocs.yml"
    config.write_text(
        re.sub(r"(  - archipelago:\n)", rf"\1      watcher: {watcher}\n", config.read_text())
    )
    episode = site / "content/episodes/001-first-steps.md"
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # with this test run's cache folder
    with bench.serving(config, log, "--dirty", env=env) as base:
        page = base + "episodes/001-first-steps/"
        wait_until(lambda: "</html>" in (bench.fetch(page) or ""), "the first build")
        time.sleep(QUIET)  # the watcher has started; a rebuild loop would show now
        assert builds(log) == 1, log.read_text()
        for number in (1, 2):
            title = f"Edited title {number}"
            episode.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", episode.read_text()))
            wait_until(lambda t=title: t in (bench.fetch(page) or ""), f"edit {number} on the page")
            time.sleep(QUIET)  # reading the content to rebuild must not start another rebuild
            assert builds(log) == 1 + number, log.read_text()
    assert "polling for edits" not in log.read_text()
