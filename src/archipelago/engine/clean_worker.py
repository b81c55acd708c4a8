"""The page cleaner's worker process: `python -m archipelago.engine.clean_worker`.

Reads pages from stdin and answers each at once on stdout, in order: the page made safe and,
for an episode or a guide, its HTML cleaned for the feed. Once the pages are done, a build
also has it write each episode's chapters and transcripts (`episode_files`) while MkDocs
renders the pages. It imports only nh3 and a few small modules of ours: no MkDocs, pydantic
or models, not even pickle or typing, so it stays small in memory (about 14 MiB).

A message is a 4-byte big-endian length, then its text fields, each a 4-byte signed length
(-1 for None) and UTF-8. A page is ``("page", html, kind, page_url)``; the episode files are
``("files", site_dir, jobs_as_json)``. Each gets one answer: ``("ok", safe, feed_html_or_None)``
for a page, ``("ok", "", None)`` for the files, or ``("error", message, None)`` when the work
raised.
"""

from __future__ import annotations

import json
import struct
import sys

from archipelago.podcast.episode_files import write_episode_files
from archipelago.podcast.notes_html import for_feed
from archipelago.site.page_html import safe_page_html

TYPE_CHECKING = False  # typing's own flag, without importing typing (1.7 MiB)
if TYPE_CHECKING:
    from typing import BinaryIO

HEADER = struct.Struct(">I")
_FIELD = struct.Struct(">i")
#: The first field of a message: what it asks for.
PAGE = "page"
FILES = "files"

#: A page's answer: "ok" or "error", the safe HTML (or the error), and its feed HTML.
Answer = tuple[str, str, str | None]


def encode(*fields: str | None) -> bytes:
    parts = [b""]
    for text in fields:
        if text is None:
            parts.append(_FIELD.pack(-1))
        else:
            data = text.encode("utf-8", "surrogatepass")
            parts += (_FIELD.pack(len(data)), data)
    body = b"".join(parts)
    return HEADER.pack(len(body)) + body


def decode(body: bytes | bytearray | memoryview) -> list[str | None]:
    fields: list[str | None] = []
    at = 0
    while at < len(body):
        (size,) = _FIELD.unpack_from(body, at)
        at += _FIELD.size
        if size < 0:
            fields.append(None)
        else:
            fields.append(str(body[at : at + size], "utf-8", "surrogatepass"))
            at += size
    return fields


def clean(html: str, kind: str | None, page_url: str | None) -> tuple[str, str | None]:
    """A page made safe, and for an episode or a guide its HTML cleaned for the feed."""
    safe = safe_page_html(html)
    if kind in ("episodes", "guides") and page_url is not None:
        return safe, for_feed(kind, safe, page_url)
    return safe, None


def _answer(html: str | None, kind: str | None, page_url: str | None) -> bytes:
    try:
        return encode("ok", *clean(html or "", kind, page_url))
    except Exception as exc:  # reported by the parent, naming the page
        return encode("error", f"{type(exc).__name__}: {exc}", None)


def _write_files(site_dir: str | None, jobs: str | None) -> bytes:
    try:
        write_episode_files(site_dir or "", json.loads(jobs or "[]"))
        return encode("ok", "", None)
    except Exception as exc:  # reported by the parent
        return encode("error", f"{type(exc).__name__}: {exc}", None)


def main(source: BinaryIO, sink: BinaryIO) -> None:
    """Answer every message read from ``source`` until its end (the parent has sent them all)."""
    while len(header := source.read(HEADER.size)) == HEADER.size:
        (size,) = HEADER.unpack(header)
        what, *fields = decode(source.read(size))
        sink.write(_write_files(*fields) if what == FILES else _answer(*fields))
        sink.flush()  # at once: the parent collects while it renders the next pages


if __name__ == "__main__":
    main(sys.stdin.buffer, sys.stdout.buffer)
