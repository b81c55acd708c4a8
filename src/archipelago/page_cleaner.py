"""Pages' HTML made safe beside MkDocs' rendering, collected before any page is written.

The plugin submits each page as MkDocs renders it and collects the clean HTML in on_env, which
MkDocs calls after every page's Markdown is rendered and before it writes any page. For an
episode or a guide, the worker also cleans the HTML the feeds carry (see ``feed.CLEANED``), so
writing the feeds finds it done.

Two workers do the same work:

* a thread, for small sites and `mkdocs serve`: nh3 releases the GIL, but while MkDocs keeps
  the main thread busy the thread gets the GIL back only every few milliseconds, so it falls
  behind and the rest waits for on_env;
* a process, for big builds: it runs on another core, fed through a pipe by the main thread
  itself (no helper thread to starve), and sends everything back once, when collected. It is
  started as `python -m archipelago.page_cleaner`, not by multiprocessing, which would run
  the calling program's main module again in the worker (a script without a
  `__name__ == "__main__"` guard would build again, recursively).
"""

from __future__ import annotations

import pickle
import struct
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO, Any, Generic, TypeVar

from archipelago.feed import apple_html, feed_html, remember_cleaned
from archipelago.page_html import safe_page_html

#: What the caller hands in with each page and gets back with its clean HTML (MkDocs' Page).
P = TypeVar("P")
#: What the worker process answers: the clean page and its feed HTML, or the error it met.
_Answer = tuple[str, str | None]


class PageCleaner(Generic[P]):
    """Queue pages as MkDocs renders them; collect their clean HTML before any is written."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[tuple[P, Future[str]]] = []
        self._process: subprocess.Popen[bytes] | None = None
        self._sent: list[tuple[P, str | None, str | None]] = []

    def start_process(self) -> None:
        """Clean the next pages in a worker process (worth it from a few hundred pages on).

        Started before the pages are rendered, so its start-up overlaps with other work.
        """
        self.stop()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "archipelago.page_cleaner"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    def submit(self, page: P, html: str, kind: str | None, page_url: str | None) -> None:
        """Clean ``html`` for its page; ``kind`` and ``page_url`` also prepare its feed HTML."""
        if self._process is not None:
            assert self._process.stdin is not None
            _send(self._process.stdin, (html, kind, page_url))
            self._sent.append((page, kind, page_url))
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="archipelago")
        self._pending.append((page, self._pool.submit(clean, html, kind, page_url)))

    def collect(self) -> list[tuple[P, str]]:
        """Every page submitted since the last call with its clean HTML; a worker's error is
        raised here. The worker stops until the next submit or `start_process`."""
        try:
            if self._process is not None:
                return self._collect_from_process()
            return [(page, cleaned.result()) for page, cleaned in self._pending]
        finally:
            self.stop()

    def _collect_from_process(self) -> list[tuple[P, str]]:
        assert self._process is not None
        assert self._process.stdin is not None and self._process.stdout is not None
        _send(self._process.stdin, None)
        self._process.stdin.close()
        answers = _receive(self._process.stdout)
        if answers is _END:
            raise RuntimeError(f"the page cleaner process ended ({self._process.wait()})")
        if isinstance(answers, BaseException):
            raise answers
        collected = []
        for (page, kind, page_url), (safe, for_feed) in zip(self._sent, answers, strict=True):
            if for_feed is not None and page_url is not None:
                remember_cleaned(
                    "apple" if kind == "episodes" else "feed", safe, page_url, for_feed
                )
            collected.append((page, safe))
        return collected

    def stop(self) -> None:
        """Drop what is pending (a failed build) and stop the worker."""
        self._pending, self._sent = [], []
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._process is not None:
            for stream in (self._process.stdin, self._process.stdout):
                if stream is not None and not stream.closed:
                    stream.close()  # the worker reads the end of its input and exits
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None


def clean(html: str, kind: str | None, page_url: str | None) -> str:
    """A page's HTML made safe; an episode's or a guide's also cleaned for its feed."""
    return _clean_both(html, kind, page_url)[0]


def _clean_both(html: str, kind: str | None, page_url: str | None) -> _Answer:
    safe = safe_page_html(html)
    if kind == "episodes" and page_url is not None:
        return safe, apple_html(safe, page_url)
    if kind == "guides" and page_url is not None:
        return safe, feed_html(safe, page_url)
    return safe, None


def _send(stream: IO[bytes], message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("!Q", len(data)) + data)


#: What `_receive` returns at the end of the stream (the other side closed its end).
_END = object()


def _receive(stream: IO[bytes]) -> Any:
    """The next message, or `_END` at the end of the stream."""
    header = stream.read(8)
    if len(header) < 8:
        return _END
    (size,) = struct.unpack("!Q", header)
    return pickle.loads(stream.read(size))


def _work(source: IO[bytes], sink: IO[bytes]) -> None:
    """The worker process: clean pages until told to stop, then answer once, all together.

    Answering only at the end means the pipes never fill in both directions at once: the
    parent only writes until it asks for the answers, then only reads.
    """
    answers: list[_Answer] = []
    failure: BaseException | None = None
    while (job := _receive(source)) is not None:
        if job is _END:
            return  # the parent stopped (a failed build): nobody waits for the answers
        if failure is None:
            try:
                answers.append(_clean_both(*job))
            except Exception as exc:  # sent back and raised in the parent
                failure = exc
    _send(sink, failure if failure is not None else answers)
    sink.flush()


if __name__ == "__main__":
    _work(sys.stdin.buffer, sys.stdout.buffer)
