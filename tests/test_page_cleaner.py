"""The worker that sanitises pages beside MkDocs' rendering."""

from __future__ import annotations

import pytest

from archipelago import page_cleaner
from archipelago.feed import apple_html
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
    before = apple_html.cache_info().hits
    assert (
        apple_html(safe, url)
        == '<p>Links</p><p><a href="https://example.org/episodes/x/">x</a></p>'
    )
    assert apple_html.cache_info().hits == before + 1


def test_a_worker_error_is_raised_when_collecting(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(html: str) -> str:
        raise ValueError("nh3 failed")

    monkeypatch.setattr(page_cleaner, "safe_page_html", broken)
    cleaner: PageCleaner[str] = PageCleaner()
    cleaner.submit("page", "<p>x</p>", None, None)
    with pytest.raises(ValueError, match="nh3 failed"):
        cleaner.collect()
    assert cleaner.collect() == []
