"""The worker that sanitises pages beside MkDocs' rendering: a process for builds, a thread
for `mkdocs serve`."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import nh3
import pytest

from archipelago.engine import clean_process, clean_store, clean_worker
from archipelago.engine.clean_process import CleanerError, CleanerProcess
from archipelago.engine.clean_store import CleanStore
from archipelago.engine.page_cleaner import PageCleaner
from helpers.builds import pages_sent_to_worker

MODES = ["process", "thread"]


def cleaner_for(mode: str) -> PageCleaner[str]:
    cleaner: PageCleaner[str] = PageCleaner()
    if mode == "process":
        cleaner.start_process()
    return cleaner


@pytest.mark.parametrize("mode", MODES)
def test_pages_come_back_clean_and_in_order(mode: str) -> None:
    cleaner = cleaner_for(mode)
    for number in range(50):
        cleaner.submit(f"page-{number}", f"<p>{number}</p><script>x()</script>", None, None)
    collected = cleaner.collect()
    assert collected == [(f"page-{n}", f"<p>{n}</p>", None) for n in range(50)]
    assert cleaner.collect() == []  # everything was handed over once


@pytest.mark.parametrize("mode", MODES)
def test_episodes_and_guides_come_back_with_their_feed_html(mode: str) -> None:
    cleaner = cleaner_for(mode)
    episode_url, guide_url = "https://example.org/episodes/7/", "https://example.org/guides/g/"
    html = f'<h2 id="a">Links {mode}</h2><p><a href="../x/">x</a></p>'
    cleaner.submit("episode", html, "episodes", episode_url)
    cleaner.submit("guide", html, "guides", guide_url)
    cleaner.submit("page", html, None, None)
    [(_, _, episode), (_, _, guide), (_, _, page)] = cleaner.collect()
    # Apple's tags only for the podcast feed (the heading becomes a paragraph); links absolute.
    assert episode == (f'<p>Links {mode}</p><p><a href="https://example.org/episodes/x/">x</a></p>')
    assert guide is not None
    assert guide.endswith('<p><a href="https://example.org/guides/x/">x</a></p>')
    assert page is None  # no feed carries other pages


def test_the_process_and_the_thread_give_the_same_pages() -> None:
    url = "https://example.org/guides/a/"
    pages = [
        f'<h2 id="h{n}">Café {n} 🎧</h2><p onclick="x()"><a href="../b/">b</a></p><!-- c -->'
        for n in range(30)
    ]
    pages.append("<p>" + "long line, " * 200_000 + "</p>")  # megabytes: more than a pipe holds
    in_thread, in_process = cleaner_for("thread"), cleaner_for("process")
    for number, html in enumerate(pages):
        in_thread.submit(str(number), html, "guides", url)
        in_process.submit(str(number), html, "guides", url)
    from_process = in_process.collect()
    assert from_process == in_thread.collect()
    assert [page for page, _, _ in from_process] == [str(n) for n in range(len(pages))]
    assert from_process[0][1] == '<h2 id="h0">Café 0 🎧</h2><p><a href="../b/">b</a></p>'


def test_a_page_the_worker_process_cannot_clean_is_named() -> None:
    cleaner = cleaner_for("process")
    cleaner.submit("fine", "<p>x</p>", None, None)
    cleaner.submit("broken", "<p>\ud800</p>", None, None)  # nh3 cannot take a lone surrogate
    with pytest.raises(CleanerError, match="UnicodeEncodeError") as raised:
        cleaner.collect()
    assert raised.value.page == "broken"
    assert cleaner.collect() == []


def built_with_store(
    content: Path, pages: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> tuple[list[tuple[str, str, str | None]], list[str]]:
    """One build's cleaning with the content folder's store: what it collected, and the HTML
    of the pages it sent to the worker."""
    with monkeypatch.context() as patch:
        sent = pages_sent_to_worker(patch)
        cleaner: PageCleaner[str] = PageCleaner()
        cleaner.start_process(CleanStore(content))
        for name, html in pages.items():
            kind = "episodes" if name.startswith("episode") else None
            cleaner.submit(name, html, kind, f"https://example.org/{name}/" if kind else None)
        return cleaner.collect(), sent


def test_a_build_sends_the_worker_only_pages_whose_html_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    pages = {
        "episode-1": '<p>Notes <a href="more/">more</a></p>',
        "guide": "<p>Guide</p><script>x()</script>",
        "page": '<p onclick="x()">Page</p>',
    }
    first, sent = built_with_store(content, pages, monkeypatch)
    assert sent == list(pages.values())  # nothing stored yet
    assert first == [
        (
            "episode-1",
            '<p>Notes <a href="more/">more</a></p>',
            '<p>Notes <a href="https://example.org/episode-1/more/">more</a></p>',
        ),
        ("guide", "<p>Guide</p>", None),
        ("page", "<p>Page</p>", None),
    ]
    # Nothing sent again: the store gives each page back, with the episode's feed HTML.
    again, sent = built_with_store(content, pages, monkeypatch)
    assert (again, sent) == (first, [])

    changed = {**pages, "page": '<p onclick="y()">Page</p><iframe src="x"></iframe>'}
    collected, sent = built_with_store(content, changed, monkeypatch)
    assert sent == [changed["page"]]
    assert collected == first  # the edit is cleaned like the rest

    # A store from other code or another nh3 is not trusted: everything is cleaned again.
    monkeypatch.setattr(nh3, "__version__", "99.0", raising=False)
    _, sent = built_with_store(content, changed, monkeypatch)
    assert sent == list(changed.values())
    monkeypatch.setattr(clean_store, "code_fingerprint", lambda: "the next release")
    _, sent = built_with_store(content, changed, monkeypatch)
    assert sent == list(changed.values())


def test_a_page_the_worker_cannot_clean_is_named_among_stored_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    built_with_store(content, {"a": "<p>a</p>", "c": "<p>c</p>"}, monkeypatch)
    with pytest.raises(CleanerError) as raised:
        built_with_store(
            content, {"a": "<p>a</p>", "b": "<p>\ud800</p>", "c": "<p>c</p>"}, monkeypatch
        )
    assert raised.value.page == "b"


def test_an_error_in_the_worker_thread_is_raised_when_collecting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(html: str) -> str:
        raise ValueError("nh3 failed")

    monkeypatch.setattr(clean_worker, "safe_page_html", broken)
    cleaner = cleaner_for("thread")
    cleaner.submit("page", "<p>x</p>", None, None)
    with pytest.raises(ValueError, match="nh3 failed"):
        cleaner.collect()
    assert cleaner.collect() == []


def test_a_worker_process_that_dies_is_an_error_not_a_hang() -> None:
    worker = CleanerProcess()
    worker.send("<p>x</p>", None, None)
    os.kill(worker.pid, signal.SIGKILL)
    with pytest.raises(CleanerError, match=r"ended after \d+ of \d+ pages \(killed by SIGKILL\)"):
        for _ in range(100):  # a page sent after its death finds it at once
            worker.send("<p>y</p>", None, None)
        worker.answers()
    worker.close()


def test_a_worker_that_cannot_start_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    script = "import sys; sys.stderr.write('Traceback ...\\nImportError: no nh3\\n'); sys.exit(3)"
    monkeypatch.setattr(clean_process, "WORKER_COMMAND", (sys.executable, "-c", script))
    cleaner = cleaner_for("process")
    with pytest.raises(CleanerError) as raised:
        cleaner.submit("page", "<p>x</p>", None, None)
        cleaner.collect()
    assert str(raised.value) == (
        "the page cleaning process ended after 0 of 1 pages (exit status 3): ImportError: no nh3"
    )
    cleaner.stop()


def test_a_stuck_worker_is_an_error_and_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    script = "import time; time.sleep(60)"  # reads nothing, answers nothing
    monkeypatch.setattr(clean_process, "WORKER_COMMAND", (sys.executable, "-c", script))
    monkeypatch.setattr(clean_process, "STUCK_AFTER", 0.5)
    worker = CleanerProcess()
    worker.send("<p>x</p>", None, None)
    with pytest.raises(CleanerError, match=r"answered nothing for 0\.5 s"):
        worker.answers()
    worker.close()
    assert worker._process.returncode is not None


def test_a_stopped_build_ends_the_worker_process() -> None:
    cleaner = cleaner_for("process")
    cleaner.submit("page", "<p>x</p>", None, None)
    worker = cleaner._process
    assert worker is not None
    cleaner.stop()  # a failed build: nobody collects
    assert worker._process.returncode is not None
    assert cleaner.collect() == []


def test_the_wire_format_round_trips_text_and_none() -> None:
    fields = ("<p>é 🎧 \ud800</p>", None, "", "https://example.org/")
    message = clean_worker.encode(*fields)
    (size,) = clean_worker.HEADER.unpack_from(message)
    assert size == len(message) - clean_worker.HEADER.size
    assert tuple(clean_worker.decode(message[clean_worker.HEADER.size :])) == fields


def test_the_worker_imports_neither_mkdocs_nor_pydantic() -> None:
    import subprocess

    check = "import sys, archipelago.engine.clean_worker; print(sorted(sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, text=True, check=True
    ).stdout
    for heavy in ("mkdocs", "pydantic", "yaml", "lxml", "feedgen", "typing", "pickle"):
        assert f"'{heavy}'" not in loaded


def _job(folder: str, transcript: str | None) -> dict[str, object]:
    return {
        "folder": folder,
        "chapters": {"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Hi"}]},
        "transcript": transcript,
        "title": "Transcript: One",
        "language": "en",
        "back_url": "../",
    }


@pytest.mark.parametrize("mode", MODES)
def test_episode_files_are_written_after_the_pages(mode: str, tmp_path: Path) -> None:
    vtt = tmp_path / "one.vtt"
    vtt.write_bytes(b"\xef\xbb\xbfWEBVTT\n\n00:00.000 --> 00:01.000\n<v Ada>Hello.\n")
    cleaner = cleaner_for(mode)
    cleaner.submit("page", "<p>x</p><script>x()</script>", None, None)
    cleaner.write_episode_files(
        str(tmp_path / "site"), [_job("one/", str(vtt)), _job("two/", None)]
    )
    assert cleaner.collect() == [("page", "<p>x</p>", None)]
    cleaner.finish()
    written = sorted(
        str(p.relative_to(tmp_path / "site")) for p in (tmp_path / "site").rglob("*.*")
    )
    assert written == [
        "one/chapters.json",
        "one/transcript.html",
        "one/transcript.srt",
        "two/chapters.json",
    ]
    assert (tmp_path / "site/one/transcript.srt").read_text() == (
        "1\n00:00:00,000 --> 00:00:01,000\nAda: Hello.\n"
    )


@pytest.mark.parametrize("mode", MODES)
def test_episode_files_that_cannot_be_written_are_an_error(mode: str, tmp_path: Path) -> None:
    cleaner = cleaner_for(mode)
    cleaner.submit("page", "<p>x</p>", None, None)
    cleaner.write_episode_files(str(tmp_path), [_job("one/", str(tmp_path / "missing.vtt"))])
    assert cleaner.collect() == [("page", "<p>x</p>", None)]
    with pytest.raises(CleanerError, match=r"FileNotFoundError: .*missing\.vtt"):
        cleaner.finish()
    assert cleaner._process is None and cleaner._pool is None  # stopped all the same
