"""Pages' HTML made safe beside MkDocs' rendering, collected before any page is written.

The plugin submits each page as MkDocs renders it and collects the clean HTML in on_env, which
MkDocs calls after every page's Markdown is rendered and before it writes any page. For an
episode or a guide, the worker also cleans the HTML the feeds carry (`notes_html.for_feed`),
collected with the page for the plugin to hand to the feed writers.

Two workers do the same work (`clean_worker.clean`):

* a process, for builds (see `clean_process`): it runs on another core. A thread could not:
  while MkDocs keeps the main thread busy, a thread gets the GIL back only every few
  milliseconds, falls behind, and slows the main thread's own file reads;
* a thread, for `mkdocs serve`, whose rebuilds clean one page or a few: no process to start.

Once the pages are cleaned, a build also has the worker write each episode's chapters and
transcripts (`write_episode_files`) while MkDocs renders the pages; `finish` waits for them.

A build given a `CleanStore` takes the pages cleaned by the last build from it, and sends the
worker only those whose HTML changed.
"""

from __future__ import annotations

import json
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from archipelago.engine.clean_process import CleanerError, CleanerProcess
from archipelago.engine.clean_store import Cleaned, CleanStore, page_key
from archipelago.engine.clean_worker import clean
from archipelago.podcast.episode_files import write_episode_files

#: What the caller hands in with each page and gets back with its clean HTML (MkDocs' Page).
P = TypeVar("P")

__all__ = ["CleanerError", "PageCleaner"]


class PageCleaner(Generic[P]):
    """Queue pages as MkDocs renders them; collect their clean HTML before any is written."""

    def __init__(self) -> None:
        self._process: CleanerProcess | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._futures: list[Future[tuple[str, str | None]]] = []  # the thread's, in order
        self._sent: list[P] = []
        # Per page sent: its answer from the store, or the key to store the worker's under.
        self._stored: list[Cleaned | bytes | None] = []
        self._store: CleanStore | None = None
        # The episode files: asked of the process, or the thread's future.
        self._files_asked = False
        self._files_future: Future[None] | None = None

    def start_process(self, store: CleanStore | None = None) -> None:
        """Clean the next pages in a worker process, started now so that its start-up
        overlaps the loading of the content; with a ``store``, only pages it lacks."""
        self.stop()
        self._process = CleanerProcess()
        self._store = store

    def submit(self, page: P, html: str, kind: str | None, page_url: str | None) -> None:
        """Clean ``html`` for its page; ``kind`` and ``page_url`` also prepare its feed HTML.

        Raises:
            CleanerError: the worker process has ended.
        """
        self._sent.append(page)
        if self._store is not None:
            key = page_key(html, kind, page_url)
            stored = self._store.get(key)
            self._stored.append(stored if stored is not None else key)
            if stored is not None:
                return
        else:
            self._stored.append(None)
        if self._process is not None:
            self._process.send(html, kind, page_url)
            return
        self._futures.append(self._thread().submit(clean, html, kind, page_url))

    def write_episode_files(self, site_dir: str, jobs: list[dict[str, Any]]) -> None:
        """Write each episode's files (`episode_files`, one job per episode) once the pages
        submitted so far are cleaned; `finish` waits for them. The last thing asked."""
        if self._process is not None:
            self._process.send_files(site_dir, json.dumps(jobs))
            self._files_asked = True
        else:
            self._files_future = self._thread().submit(write_episode_files, site_dir, jobs)

    def _thread(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archipelago")
        return self._pool

    def collect(self) -> list[tuple[P, str, str | None]]:
        """Every page submitted since the last call with its clean HTML and, for an episode or
        a guide, the HTML its feed carries (else None). The worker stops, unless it has
        episode files to write (see `finish`).

        Raises:
            CleanerError: the worker process failed (``page``: the page it could not clean).
            Exception: what cleaning raised in the worker thread.
        """
        try:
            answers = iter(self._answers())
            collected = []
            for page, stored in zip(self._sent, self._stored, strict=True):
                if isinstance(stored, tuple):
                    safe, feed = stored
                else:
                    safe, feed = next(answers)
                    if stored is not None and self._store is not None:
                        self._store.put(stored, (safe, feed))
                collected.append((page, safe, feed))
            if self._store is not None:
                self._store.save()
        except BaseException:
            self.stop()
            raise
        self._futures, self._sent, self._stored = [], [], []
        if not self._files_asked and self._files_future is None:
            self.stop()
        return collected

    def finish(self) -> None:
        """Wait for the episode files, if any were asked for, then stop the worker.

        Raises:
            CleanerError: writing them failed, or the worker process ended first.
        """
        try:
            if self._files_future is not None:
                try:
                    self._files_future.result()
                except Exception as exc:
                    raise CleanerError(f"{type(exc).__name__}: {exc}") from exc
            elif self._files_asked and self._process is not None:
                try:
                    self._process.answers()
                except CleanerError as exc:
                    exc.index = None  # not a page
                    raise
        finally:
            self.stop()

    def _answers(self) -> list[tuple[str, str | None]]:
        if self._process is None:
            return [future.result() for future in self._futures]
        # The pages the worker was sent: those the store had no answer for.
        sent = [
            page
            for page, stored in zip(self._sent, self._stored, strict=True)
            if not isinstance(stored, tuple)
        ]
        try:
            answers = self._process.answers(len(sent))
            return [(safe, feed) for _ok, safe, feed in answers]
        except CleanerError as exc:
            if exc.index is not None:
                exc.page = sent[exc.index]
            raise

    def stop(self) -> None:
        """Drop what is pending (a failed build) and stop the worker."""
        self._futures, self._sent, self._stored = [], [], []
        self._store = None
        self._files_asked, self._files_future = False, None
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._process is not None:
            self._process.close()
            self._process = None
