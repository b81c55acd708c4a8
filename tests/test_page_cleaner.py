"""The worker that sanitises pages beside MkDocs' rendering."""

from __future__ import annotations

import pytest

from archipelago import page_cleaner
from archipelago.feed import CLEANED, apple_html, feed_html
from archipelago.page_cleaner import PageCleaner


def test_pages_come_back_clean_and_in_order() -> None:
    cleaner: PageCleaner[str] = PageCleaner()
    for number in range(50):
        cleaner.submit(f"page-{number}", f"<p>{number}</p><script>x()</script>", None, None)
    collected = cleaner.collect()
    assert collected == [(f"page-{n}", f"<p>{n}</p>") for n in range(50)]
    assert cleaner.collect() == []  # everything was handed over once


def test_an_episode_s_feed_html_is_ready_when_the_feed_asks() -> None:
    cleaner: PageCleaner[str] = PageCleaner()
    url = "https://example.org/episodes/7/"
    html = '<h2 id="a">Links</h2><p><a href="../x/">x</a></p>'
    cleaner.submit("episode", html, "episodes", url)
    [(_, safe)] = cleaner.collect()
    before = CLEANED.hits
    assert (
        apple_html(safe, url)
        == '<p>Links</p><p><a href="https://example.org/episodes/x/">x</a></p>'
    )
    assert CLEANED.hits == before + 1


def test_a_worker_error_is_raised_when_collecting(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(html: str) -> str:
        raise ValueError("nh3 failed")

    monkeypatch.setattr(page_cleaner, "safe_page_html", broken)
    cleaner: PageCleaner[str] = PageCleaner()
    cleaner.submit("page", "<p>x</p>", None, None)
    with pytest.raises(ValueError, match="nh3 failed"):
        cleaner.collect()
    assert cleaner.collect() == []


def test_a_worker_process_gives_the_same_pages_and_feed_html() -> None:
    url = "https://example.org/guides/a/"
    pages = [f'<h2 id="h{n}">{n}</h2><p onclick="x()"><a href="../b/">b</a></p>' for n in range(30)]
    in_thread: PageCleaner[int] = PageCleaner()
    in_process: PageCleaner[int] = PageCleaner()
    in_process.start_process()
    for number, html in enumerate(pages):
        in_thread.submit(number, html, "guides", url)
        in_process.submit(number, html, "guides", url)
    from_process = in_process.collect()
    assert from_process == in_thread.collect()
    assert [page for page, _ in from_process] == list(range(30))
    assert "onclick" not in from_process[0][1]
    # The feed HTML came back with the pages: the guides feed finds it done.
    before = CLEANED.hits
    assert feed_html(from_process[0][1], url).endswith(
        '<a href="https://example.org/guides/b/">b</a></p>'
    )
    assert CLEANED.hits == before + 1


def test_a_stopped_worker_process_ends_without_answering() -> None:
    cleaner: PageCleaner[str] = PageCleaner()
    cleaner.start_process()
    cleaner.submit("page", "<p>x</p>", None, None)
    process = cleaner._process
    assert process is not None
    cleaner.stop()  # a failed build: nobody collects
    assert process.poll() == 0
    assert cleaner.collect() == []
