"""A real HTTP server on loopback that a test starts: it records every request and answers
each path from a script, so a client's retries and refusals can be watched from outside."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Answer:
    """What the server says to one request: a status, a body (text or bytes) of a type, after
    a delay in seconds."""

    status: int
    body: str | bytes = ""
    delay: float = 0.0
    content_type: str | None = None


@dataclass(frozen=True)
class Request:
    """One request as the server received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    form: dict[str, list[str]]
    content_type: str | None
    user_agent: str | None
    at: float


@dataclass
class RecordingServer:
    """Answers each path from its script in turn, repeating the last answer; a path without
    a script gets 404. Use it as a context manager: it serves on 127.0.0.1 meanwhile."""

    scripts: dict[str, list[Answer]]
    requests: list[Request] = field(default_factory=list)

    def __enter__(self) -> RecordingServer:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True  # a request left hanging must not block the close
        self._server.block_on_close = False
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def url(self, path: str) -> str:
        """The address of ``path`` on this server."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def to(self, path: str) -> list[Request]:
        """The requests made to ``path``, in order."""
        return [request for request in self.requests if request.path == path]

    def _answer(self, path: str) -> Answer:
        script = self.scripts.get(path)
        if not script:
            return Answer(404)
        made = len(self.to(path))  # this request is already recorded
        return script[min(made, len(script)) - 1]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8") if length else ""
                server.requests.append(
                    Request(
                        self.command,
                        parts.path,
                        parse_qs(parts.query),
                        parse_qs(body),
                        self.headers.get("Content-Type"),
                        self.headers.get("User-Agent"),
                        time.monotonic(),
                    )
                )
                answer = server._answer(parts.path)
                time.sleep(answer.delay)
                payload = answer.body
                if isinstance(payload, str):
                    payload = payload.encode("utf-8")
                try:
                    self.send_response(answer.status)
                    if answer.content_type:
                        self.send_header("Content-Type", answer.content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test)

            do_GET = do_POST = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep the test output to what the tests print

        return Handler
