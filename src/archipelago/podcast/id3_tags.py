"""The ID3v2.4 tag an episode's MP3 carries: what players show without the feed.

Title, show (album), hosts (artist), number and season, date, cover art, a link to the
episode's page, and the chapters as CHAP frames under a CTOC table of contents: the same list
that `chapters.json`, the feed's `psc:` chapters and the description's timestamps come from.

The tag is deterministic: the same inputs give the same bytes (frames in a fixed order, no
time stamps, no padding), so a file that already carries it is left as it is.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mutagen.id3 import (
    APIC,
    CHAP,
    CTOC,
    ID3,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TPE1,
    TPOS,
    TRCK,
    WXXX,
    CTOCFlags,
    Encoding,
    Frame,
    ID3v1SaveOptions,
    PictureType,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from archipelago.content.models import Chapter, Episode, Show

#: The genre podcast players file episodes under.
GENRE = "Podcast"
#: Image types by file ending, for the cover's APIC frame.
ART_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
_TOC_ID = "toc"
_ID3_HEADER = 10


@dataclass(frozen=True)
class Cover:
    """Cover art for the tag: the image's bytes and its MIME type."""

    data: bytes
    mime: str


def episode_tag(
    episode: Episode,
    show: Show,
    *,
    hosts: Sequence[str],
    cover: Cover,
    chapters: Sequence[Chapter],
    duration: float,
    page_url: str | None,
) -> ID3:
    """The episode's ID3 tag.

    Args:
        episode: the episode's front matter.
        show: the show it belongs to.
        hosts: the hosts' names, in the episode's order.
        cover: the episode's artwork, or the show's.
        chapters: the episode's chapters, in playing order.
        duration: the audio's length in seconds, where the last chapter ends.
        page_url: the episode page's address, when the site has one.
    """
    tag = ID3()
    text = Encoding.UTF8
    tag.add(TIT2(encoding=text, text=[episode.title]))
    tag.add(TALB(encoding=text, text=[show.title]))
    if hosts:
        tag.add(TPE1(encoding=text, text=list(hosts)))
    tag.add(TRCK(encoding=text, text=[str(episode.number)]))
    if episode.season is not None:
        tag.add(TPOS(encoding=text, text=[str(episode.season)]))
    tag.add(TDRC(encoding=text, text=[_day(episode.published)]))
    tag.add(TCON(encoding=text, text=[GENRE]))
    tag.add(
        APIC(
            encoding=text,
            mime=cover.mime,
            type=PictureType.COVER_FRONT,
            desc="",
            data=cover.data,
        )
    )
    if page_url:
        tag.add(WXXX(encoding=text, desc="", url=page_url))
    _add_chapters(tag, chapters, duration)
    return tag


def _day(published: dt.date) -> str:
    """The publication day as ID3 dates are written, in the episode's own time zone."""
    day = published.date() if isinstance(published, dt.datetime) else published
    return day.isoformat()


def _add_chapters(tag: ID3, chapters: Sequence[Chapter], duration: float) -> None:
    """One CHAP frame per chapter, each ending where the next begins, and the CTOC listing
    them in order: the table of contents players need to find the chapters."""
    ids = []
    for index, chapter in enumerate(chapters):
        end = chapters[index + 1].start if index + 1 < len(chapters) else duration
        element_id = f"chp{index}"
        sub_frames: list[Frame] = [TIT2(encoding=Encoding.UTF8, text=[chapter.title])]
        if chapter.url:
            sub_frames.append(WXXX(encoding=Encoding.UTF8, desc="", url=chapter.url))
        tag.add(
            CHAP(
                element_id=element_id,
                start_time=_millis(chapter.start),
                end_time=max(_millis(end), _millis(chapter.start)),
                # No byte offsets: players seek by time (0xFFFFFFFF says "unused").
                start_offset=0xFFFFFFFF,
                end_offset=0xFFFFFFFF,
                sub_frames=sub_frames,
            )
        )
        ids.append(element_id)
    if ids:
        tag.add(
            CTOC(
                element_id=_TOC_ID,
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[],
            )
        )


def _millis(seconds: float) -> int:
    return round(seconds * 1000)


def tag_bytes(tag: ID3) -> bytes:
    """The tag exactly as `write_tag` puts it at the start of a file."""
    buffer = io.BytesIO()
    tag.save(buffer, v1=ID3v1SaveOptions.REMOVE, v2_version=4, padding=no_padding)
    return buffer.getvalue()


def carries(path: Path, tag: ID3) -> bool:
    """Whether the file at ``path`` already holds exactly ``tag``, and no other tag."""
    wanted = tag_bytes(tag)
    with path.open("rb") as handle:
        head = handle.read(len(wanted))
        handle.seek(-128, io.SEEK_END)
        has_v1 = handle.read(3) == b"TAG"
    return head == wanted and _tag_length(head) == len(wanted) and not has_v1


def write_tag(path: Path, tag: ID3) -> bool:
    """Put ``tag`` in place of the file's ID3 tags (v2 and v1); whether the file changed."""
    if carries(path, tag):
        return False
    tag.save(path, v1=ID3v1SaveOptions.REMOVE, v2_version=4, padding=no_padding)
    return True


def no_padding(_info: object) -> int:
    # Padding lets a later edit skip rewriting the file, but its size would depend on the tag
    # the file had before: none keeps the bytes a function of the inputs alone.
    return 0


def _tag_length(head: bytes) -> int:
    """The length of the ID3v2 tag at the start of ``head``, header and footer included."""
    if len(head) < _ID3_HEADER or not head.startswith(b"ID3"):
        return 0
    size = 0
    for byte in head[6:10]:  # a "syncsafe" integer: seven bits a byte
        size = (size << 7) | (byte & 0x7F)
    footer = _ID3_HEADER if head[5] & 0x10 else 0
    return _ID3_HEADER + size + footer
