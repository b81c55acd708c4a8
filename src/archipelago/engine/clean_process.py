"""The build's side of the page cleaner's worker process (the worker is `clean_worker`).

MkDocs' own thread feeds the worker without ever waiting for it: pages queue in an outbox
written as fast as the pipe takes them, and answers are read as they arrive, both through
non-blocking pipes checked at each page. There is no helper thread: it would compete with
MkDocs for the GIL, which is what the process avoids. The worker is started with
`python -m`, not multiprocessing, which would run the calling program's main module again.
"""

from __future__ import annotations

import collections
import os
import select
import signal
import subprocess
import sys

from archipelago.engine.clean_worker import FILES, HEADER, PAGE, Answer, decode, encode

#: How the worker is started: its own module, so nothing else of the package is imported.
WORKER_COMMAND = (sys.executable, "-m", "archipelago.engine.clean_worker")
#: Seconds without any answer, once every page is sent, before a worker counts as stuck.
#: nh3 cleans megabytes per second: a live worker answers far sooner.
STUCK_AFTER = 120.0
_READ_SIZE = 1 << 16
#: Pages queued between two looks at the pipes: fewer system calls, and the worker still
#: never waits long (MkDocs renders a few hundred pages a second).
_PUMP_EVERY = 8
_ERRORS_KEPT = 4096  # the end of the worker's stderr, for the error message


class CleanerError(RuntimeError):
    """The worker process failed: it ended early, could not clean a page, or got stuck."""

    def __init__(self, message: str, index: int | None = None) -> None:
        super().__init__(message)
        self.index = index  # which submitted page failed, counting from 0, when one did
        self.page: object = None  # that page, as the caller submitted it


class CleanerProcess:
    """One worker process for one build: send pages, then take every answer, in order."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            WORKER_COMMAND,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert self._process.stdin and self._process.stdout and self._process.stderr
        self._stdin: int | None = self._process.stdin.fileno()
        self._readers = {self._process.stdout.fileno(), self._process.stderr.fileno()}
        self._answers_fd = self._process.stdout.fileno()
        for fd in (self._stdin, *self._readers):
            os.set_blocking(fd, False)
        self._outbox: collections.deque[memoryview] = collections.deque()
        self._inbox = bytearray()
        self._errors = bytearray()
        self._answers: list[Answer] = []
        self._sent = 0

    @property
    def pid(self) -> int:
        return self._process.pid

    def send(self, html: str, kind: str | None, page_url: str | None) -> None:
        """Queue a page and, every few pages, move whatever the pipes allow; never waits."""
        self._outbox.append(memoryview(encode(PAGE, html, kind, page_url)))
        self._sent += 1
        if self._sent % _PUMP_EVERY == 0:
            self._pump(0)

    def send_files(self, site_dir: str, jobs: str) -> None:
        """Queue the episode files (`episode_files`, ``jobs`` as JSON): the last message."""
        self._outbox.append(memoryview(encode(FILES, site_dir, jobs)))
        self._sent += 1

    def answers(self, count: int | None = None) -> list[Answer]:
        """The first ``count`` answers (all by default), in the order sent.

        Everything queued is sent first and the worker's input closed: it ends once it has
        answered the rest, which a later call collects.
        """
        wanted = self._sent if count is None else count
        while len(self._answers) < wanted or self._stdin is not None:
            if not self._outbox and self._stdin is not None:
                self._process.stdin.close()  # type: ignore[union-attr]  # all sent: let it end
                self._stdin = None
                continue
            if not self._pump(STUCK_AFTER):
                raise CleanerError(
                    f"the page cleaning process answered nothing for {STUCK_AFTER:g} s"
                )
        for index, (status, text, _feed) in enumerate(self._answers[:wanted]):
            if status != "ok":
                raise CleanerError(text, index)
        return self._answers[:wanted]

    def close(self) -> None:
        """End the worker (at once if pages are still pending) and wait for it."""
        process = self._process
        if process.poll() is None and len(self._answers) < self._sent:
            process.kill()  # a failed build: nobody wants the answers
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def _pump(self, timeout: float) -> bool:
        """Write what the pipe takes and read what has arrived; whether anything moved."""
        writers = [self._stdin] if self._outbox and self._stdin is not None else []
        readable, writable, _ = select.select(list(self._readers), writers, [], timeout)
        moved = False
        if writable:
            moved = self._write()
        for fd in readable:
            moved = self._read(fd) or moved
        return moved

    def _write(self) -> bool:
        assert self._stdin is not None
        moved = False
        while self._outbox:
            chunk = self._outbox[0]
            try:
                written = os.write(self._stdin, chunk)
            except BlockingIOError:
                break
            except BrokenPipeError:
                raise self._ended() from None
            moved = True
            if written < len(chunk):
                self._outbox[0] = chunk[written:]
                break
            self._outbox.popleft()
        return moved

    def _read(self, fd: int) -> bool:
        try:
            data = os.read(fd, _READ_SIZE)
        except BlockingIOError:
            return False
        if not data:  # end of the stream: the worker has exited
            self._readers.discard(fd)
            if fd == self._answers_fd and len(self._answers) < self._sent:
                raise self._ended()
            return True
        if fd != self._answers_fd:
            self._errors += data
            del self._errors[:-_ERRORS_KEPT]
            return True
        self._inbox += data
        while len(self._inbox) >= HEADER.size:
            (size,) = HEADER.unpack_from(self._inbox)
            if len(self._inbox) < HEADER.size + size:
                break
            body = self._inbox[HEADER.size : HEADER.size + size]
            del self._inbox[: HEADER.size + size]
            status, text, feed = decode(body)
            self._answers.append((status or "", text or "", feed))
        return True

    def _ended(self) -> CleanerError:
        """The error for a worker that exited before answering every page."""
        try:
            status = self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            status = None
        fd = self._process.stderr.fileno()  # type: ignore[union-attr]
        if fd in self._readers:  # what it printed last, to the end
            os.set_blocking(fd, True)
            while data := os.read(fd, _READ_SIZE):
                self._errors += data
            self._readers.discard(fd)
        how = f"exit status {status}"
        if status is not None and status < 0:
            how = f"killed by {signal.Signals(-status).name}"
        lines = self._errors.decode("utf-8", "replace").strip().splitlines()
        said = f": {lines[-1]}" if lines else ""
        return CleanerError(
            f"the page cleaning process ended after {len(self._answers)} of {self._sent}"
            f" pages ({how}){said}"
        )
