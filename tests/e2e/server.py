"""A static file server for the built site, as a real host serves it.

The site is built for ``site_url: https://archipelago-hub.github.io/archipelago/``, so its pages
expect to live under ``/archipelago/``: this server serves the site folder under that prefix and
redirects ``/`` there. It answers HTTP Range requests (``206 Partial Content``, ``416`` when the
range cannot be satisfied), which audio seeking needs, sends the Content-Types hosts send, serves
``index.html`` for folders and the site's own ``404.html`` for what is missing.

    with SiteServer(site_dir) as server:
        urllib.request.urlopen(server.url("episodes/"))

Every request is recorded (method, path, Range header, status) so tests can check what the
browser asked for.
"""

from __future__ import annotations

import email.utils
import mimetypes
import posixpath
import re
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

PREFIX = "/archipelago/"
CHUNK = 64 * 1024

# What a host sends for the files this site has; anything else is guessed by `mimetypes`.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".vtt": "text/vtt; charset=utf-8",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".webmanifest": "application/manifest+json",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
}
# RSS feeds are .xml files too; hosts that know them say so.
FEED_NAMES = {"feed.xml", "rss.xml", "podcast.xml"}

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def content_type(path: Path) -> str:
    """The Content-Type header for a file."""
    if path.name in FEED_NAMES:
        return "application/rss+xml"
    suffix = path.suffix.lower()
    if suffix in CONTENT_TYPES:
        return CONTENT_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


class Unsatisfiable(Exception):
    """A well-formed byte range that lies outside the file (answered with 416)."""


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive ``(first, last)`` byte positions a Range header asks for, or None.

    None means "send the whole file": no header, a unit other than bytes, a malformed value or
    several ranges (which a server may ignore, RFC 9110 §14.2). Raises `Unsatisfiable` for a
    single range that selects no byte of the file.
    """
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if match is None:
        return None
    first_text, last_text = match.groups()
    if not first_text and not last_text:
        return None
    if not first_text:  # suffix range: the last N bytes
        length = int(last_text)
        if length == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - length), size - 1
    first = int(first_text)
    last = int(last_text) if last_text else size - 1
    if last_text and last < first:
        return None  # invalid syntax: ignore the header
    if first >= size:
        raise Unsatisfiable
    return first, min(last, size - 1)


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    range: str | None
    status: int


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def log_message(self, format: str, *args: object) -> None:
        pass  # requests are recorded in `SiteServer.requests` instead

    def _record(self, status: int) -> None:
        self.server.record(Request(self.command, self.path, self.headers.get("Range"), status))

    def _serve(self, *, body: bool) -> None:
        url_path = urlsplit(self.path).path
        if url_path in ("/", PREFIX.rstrip("/")):
            self._redirect(PREFIX)
            return
        if not url_path.startswith(PREFIX):
            self._not_found(body)
            return
        target = self._resolve(url_path[len(PREFIX) :])
        if target is not None and target.is_dir():
            if not url_path.endswith("/"):
                self._redirect(url_path + "/")
                return
            target = target / "index.html"
        if target is None or not target.is_file():
            self._not_found(body)
            return
        self._send_file(target, body=body)

    def _resolve(self, relative: str) -> Path | None:
        """The file or folder under the site root for a URL path, or None if it escapes."""
        root = self.server.root
        clean = posixpath.normpath("/" + unquote(relative)).lstrip("/")
        path = (root / clean).resolve() if clean else root
        if path != root and root not in path.parents:
            return None
        return path

    def _redirect(self, location: str) -> None:
        self._record(HTTPStatus.MOVED_PERMANENTLY)
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_found(self, body: bool) -> None:
        page = self.server.root / "404.html"
        data = page.read_bytes() if page.is_file() else b"<h1>404 Not Found</h1>"
        self._record(HTTPStatus.NOT_FOUND)
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _send_file(self, path: Path, *, body: bool) -> None:
        stat = path.stat()
        size = stat.st_size
        etag = f'"{stat.st_mtime_ns:x}-{size:x}"'
        last_modified = email.utils.formatdate(stat.st_mtime, usegmt=True)

        if self.headers.get("If-None-Match") == etag:
            self._record(HTTPStatus.NOT_MODIFIED)
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return

        range_header = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if if_range is not None and if_range not in (etag, last_modified):
            range_header = None  # the client's copy is stale: send the whole file
        try:
            byte_range = parse_range(range_header, size)
        except Unsatisfiable:
            self._record(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return

        if byte_range is None:
            status, first, last = HTTPStatus.OK, 0, size - 1
        else:
            status, (first, last) = HTTPStatus.PARTIAL_CONTENT, byte_range
        length = last - first + 1
        self._record(status)
        self.send_response(status)
        self.send_header("Content-Type", content_type(path))
        self.send_header("Content-Length", str(length))
        self.send_header("Accept-Ranges", "bytes")
        if status == HTTPStatus.PARTIAL_CONTENT:
            self.send_header("Content-Range", f"bytes {first}-{last}/{size}")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", last_modified)
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if not body or length <= 0:
            return
        try:
            with path.open("rb") as handle:
                handle.seek(first)
                remaining = length
                while remaining > 0:
                    chunk = handle.read(min(CHUNK, remaining))
                    if not chunk:
                        break
                    self.wfile.write(chunk)
                    remaining -= len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            # Browsers drop media connections once they have what they need.
            self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root
        self._lock = threading.Lock()
        self.requests: list[Request] = []

    def record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up mid-response is not the site's fault


class SiteServer:
    """Serve ``root`` at ``http://127.0.0.1:<ephemeral port>/archipelago/`` from a thread."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> SiteServer:
        self._server = _Server(self.root)
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="site-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def origin(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        """The site's home page, e.g. ``http://127.0.0.1:41234/archipelago/``."""
        return self.origin + PREFIX

    def url(self, relative: str = "") -> str:
        """The absolute URL of a path relative to the site root (``episodes/`` ...)."""
        return self.base_url + relative.lstrip("/")

    @property
    def requests(self) -> list[Request]:
        """A snapshot of every request answered so far."""
        assert self._server is not None, "server not started"
        with self._server._lock:
            return list(self._server.requests)

    def clear_requests(self) -> None:
        assert self._server is not None, "server not started"
        with self._server._lock:
            self._server.requests.clear()
