"""Pages' HTML made safe beside MkDocs' rendering, collected before any page is written.

The plugin submits each page as MkDocs renders it and collects the clean HTML in on_env, which
MkDocs calls after every page's Markdown is rendered and before it writes any page. For an
episode or a guide, the worker also cleans the HTML the feeds carry, so writing the feeds
finds it done (``notes_html`` memoises it).

Two workers do the same work (`clean_worker.clean`):

* a process, for builds (see `clean_process`): it runs on another core. A thread could not:
  while MkDocs keeps the main thread busy, a thread gets the GIL back only every few
  milliseconds, falls behind, and slows the main thread's own file reads;
* a thread, for `mkdocs serve`, whose rebuilds clean one page or a few: no process to start.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

from archipelago import notes_html
from archipelago.clean_process import CleanerError, CleanerProcess
from archipelago.clean_worker import clean

#: What the caller hands in with each page and gets back with its clean HTML (MkDocs' Page).
P = TypeVar("P")

__all__ = ["CleanerError", "PageCleaner"]


class PageCleaner(Generic[P]):
    """Queue pages as MkDocs renders them; collect their clean HTML before any is written."""

    def __init__(self) -> None:
        self._process: CleanerProcess | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._futures: list[Future[tuple[str, str | None]]] = []  # the thread's, in order
        self._sent: list[tuple[P, str | None, str | None]] = []

    def start_process(self) -> None:
        """Clean the next pages in a worker process, started now so that its start-up
        overlaps the loading of the content."""
        self.stop()
        self._process = CleanerProcess()

    def submit(self, page: P, html: str, kind: str | None, page_url: str | None) -> None:
        """Clean ``html`` for its page; ``kind`` and ``page_url`` also prepare its feed HTML.

        Raises:
            CleanerError: the worker process has ended.
        """
        self._sent.append((page, kind, page_url))
        if self._process is not None:
            self._process.send(html, kind, page_url)
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archipelago")
        self._futures.append(self._pool.submit(clean, html, kind, page_url))

    def collect(self) -> list[tuple[P, str]]:
        """Every page submitted since the last call with its clean HTML; the worker stops.

        Raises:
            CleanerError: the worker process failed (``page``: the page it could not clean).
            Exception: what cleaning raised in the worker thread.
        """
        try:
            answers = self._answers()
            notes_html.forget_remembered()  # a failed build's, never asked for
            collected = []
            for (page, kind, page_url), (safe, feed) in zip(self._sent, answers, strict=True):
                if feed is not None and kind is not None and page_url is not None:
                    notes_html.remember(kind, safe, page_url, feed)
                collected.append((page, safe))
            return collected
        finally:
            self.stop()

    def _answers(self) -> list[tuple[str, str | None]]:
        if self._process is None:
            return [future.result() for future in self._futures]
        try:
            return [(safe, feed) for _ok, safe, feed in self._process.answers()]
        except CleanerError as exc:
            if exc.index is not None:
                exc.page = self._sent[exc.index][0]
            raise

    def stop(self) -> None:
        """Drop what is pending (a failed build) and stop the worker."""
        self._futures, self._sent = [], []
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._process is not None:
            self._process.close()
            self._process = None
