"""Pages' HTML made safe in a worker thread, while MkDocs renders the next pages' Markdown.

nh3 releases the GIL while it parses and serialises, so its work overlaps with MkDocs' pure
Python work. The plugin collects the results in on_env, which MkDocs calls after every page's
Markdown is rendered and before it writes any page. For an episode or a guide, the worker also
cleans the HTML the feeds carry (memoised in ``feed``), so writing the feeds finds it done.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

from archipelago.feed import apple_html, feed_html
from archipelago.page_html import safe_page_html

#: What the caller hands in with each page and gets back with its clean HTML (MkDocs' Page).
P = TypeVar("P")


class PageCleaner(Generic[P]):
    """Queue pages as MkDocs renders them; collect their clean HTML before any is written."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[tuple[P, Future[str]]] = []

    def submit(self, page: P, html: str, kind: str | None, page_url: str | None) -> None:
        """Clean ``html`` for its page; ``kind`` and ``page_url`` also prepare its feed HTML."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archipelago")
        self._pending.append((page, self._pool.submit(clean, html, kind, page_url)))

    def collect(self) -> list[tuple[P, str]]:
        """Every page submitted since the last call with its clean HTML; a worker's error is
        raised here. The worker stops until the next submit."""
        try:
            return [(page, cleaned.result()) for page, cleaned in self._pending]
        finally:
            self.stop()

    def stop(self) -> None:
        """Drop what is pending (a failed build) and stop the worker."""
        self._pending = []
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def clean(html: str, kind: str | None, page_url: str | None) -> str:
    """A page's HTML made safe; an episode's or a guide's also cleaned for its feed."""
    safe = safe_page_html(html)
    if kind == "episodes" and page_url is not None:
        apple_html(safe, page_url)  # memoised: the podcast feed finds it done
    elif kind == "guides" and page_url is not None:
        feed_html(safe, page_url)  # memoised: the guides feed finds it done
    return safe
