"""Getting the old feed and the files it points to: a local path, or an http(s) address read
with urllib3 (a timeout, a size limit, redirects followed, no retries hidden from the user)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import urllib3
from urllib3.exceptions import HTTPError

from archipelago.errors import ProblemError

if TYPE_CHECKING:
    from collections.abc import Callable

#: The largest feed read: a 1,000-episode feed with long notes is a few MB.
MAX_FEED_BYTES = 64 * 1024 * 1024
#: The largest artwork, chapters or transcript file read.
MAX_ASSET_BYTES = 32 * 1024 * 1024
#: The largest audio file `--download` reads (a three-hour WAV-sized MP3 is far less).
MAX_AUDIO_BYTES = 2 * 1024 * 1024 * 1024


class FetchError(ProblemError):
    """A file that could not be read: not there, refused, too slow, too large."""


@dataclass(frozen=True)
class Fetched:
    """What was read: the bytes, the address it came from after redirects (None for a local
    file), and the type the server named."""

    data: bytes
    url: str | None
    content_type: str | None = None


def is_web_address(source: str) -> bool:
    """Whether ``source`` is an http(s) address rather than a file path."""
    return source.lower().startswith(("http://", "https://"))


class Fetcher:
    """Reads files from the web with one connection pool, each request with a timeout."""

    def __init__(self, timeout: float = 30.0, user_agent: str = "archipelago-import") -> None:
        self.timeout = timeout
        self._pool = urllib3.PoolManager(headers={"User-Agent": user_agent})
        self.requests = 0

    def get(self, url: str, limit: int = MAX_ASSET_BYTES) -> Fetched:
        """The body of ``url``, or FetchError saying why not."""
        chunks: list[bytes] = []
        final, kind = self._stream(url, limit, chunks.append)
        return Fetched(b"".join(chunks), final, kind)

    def save(self, url: str, path: Path, limit: int) -> None:
        """Write the body of ``url`` to ``path`` as it arrives (audio may be hundreds of MB:
        it never sits in memory whole), or raise FetchError saying why not."""
        with path.open("wb") as out:
            self._stream(url, limit, out.write)

    def _stream(self, url: str, limit: int, sink: Callable[[bytes], Any]) -> tuple[str, str | None]:
        """Hand ``url``'s body to ``sink`` in chunks; its final address and Content-Type."""
        self.requests += 1
        try:
            response: Any = self._pool.request(
                "GET",
                url,
                timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout),
                retries=urllib3.Retry(total=3, connect=1, read=1, redirect=5, status=0),
                preload_content=False,
            )
        except HTTPError as exc:
            reason = getattr(exc, "reason", None) or exc
            raise FetchError(
                f"could not read {url}: {reason}",
                "check the address and the network; a slow host may need a longer --timeout",
            ) from None
        try:
            if response.status != 200:
                raise FetchError(
                    f"{url} answered HTTP {response.status}",
                    "check the address; the old host must still serve it",
                )
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(f"{url} is {int(declared):,} bytes, over {limit:,}", _TOO_LARGE)
            size = 0
            try:
                for chunk in response.stream(1 << 16):
                    size += len(chunk)
                    if size > limit:
                        raise FetchError(f"{url} is over {limit:,} bytes", _TOO_LARGE)
                    sink(chunk)
            except HTTPError as exc:
                raise FetchError(
                    f"reading {url} stopped: {exc}", "try again; a slow host may need --timeout"
                ) from None
            return response.geturl() or url, response.headers.get("Content-Type")
        finally:
            response.release_conn()


_TOO_LARGE = "this is not what a feed or its files should be; check the address"


def read_source(source: str, fetcher: Fetcher) -> Fetched:
    """The feed's bytes from a path or an http(s) address."""
    if is_web_address(source):
        return fetcher.get(source, MAX_FEED_BYTES)
    path = Path(source)
    if not path.is_file():
        raise FetchError(
            f"{source!r} is neither an http(s) address nor a file",
            "give the feed's address (https://…) or the path of a saved copy",
        )
    if path.stat().st_size > MAX_FEED_BYTES:
        raise FetchError(f"{source!r} is over {MAX_FEED_BYTES:,} bytes", _TOO_LARGE)
    return Fetched(path.read_bytes(), None)
