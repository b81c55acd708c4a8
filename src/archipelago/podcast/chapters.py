"""An episode's chapters in the forms apps read: JSON Chapters, Podlove times, show-notes lines.

Pure: the episode model in, text out.
"""

from __future__ import annotations

import json

from archipelago.timecodes import format_clock, format_timecode

# typing's own flag without importing typing (1.7 MiB): the page cleaner's worker imports this.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from archipelago.content.models import Episode

#: The JSON Chapters format version written (Podcasting 2.0, `application/json+chapters`).
JSON_CHAPTERS_VERSION = "1.2.0"


def _seconds(value: float) -> int | float:
    """Whole seconds as an int (``0``, not ``0.0``); fractions rounded to milliseconds."""
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded


def chapters_json(
    episode: Episode,
    *,
    title: str,
    image_url: Callable[[str], str],
    duration: float | None,
) -> str:
    """The episode's chapters as a JSON Chapters 1.2 file (see `chapters_document`)."""
    document = chapters_document(episode, title=title, image_url=image_url, duration=duration)
    return chapters_text(document)


def chapters_text(document: dict[str, Any]) -> str:
    """A JSON Chapters document as the file's text: indented, UTF-8 as it is, a final newline."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def chapters_document(
    episode: Episode,
    *,
    title: str,
    image_url: Callable[[str], str],
    duration: float | None,
) -> dict[str, Any]:
    """The episode's chapters as a JSON Chapters 1.2 document, plain JSON data.

    Each chapter ends where the next begins; the last ends at ``duration`` when it is known
    and later than the chapter's start, and has no ``endTime`` otherwise.

    Args:
        title: the episode title written at the top of the file; left out when empty.
        image_url: turns a chapter's ``image`` (a path inside content/) into its public URL.
        duration: the audio's length in seconds, when known.
    """
    chapters = episode.chapters
    items: list[dict[str, Any]] = []
    for index, chapter in enumerate(chapters):
        end = chapters[index + 1].start if index + 1 < len(chapters) else duration
        item: dict[str, Any] = {"startTime": _seconds(chapter.start)}
        if end is not None and end > chapter.start:
            item["endTime"] = _seconds(end)
        item["title"] = chapter.title
        if chapter.url is not None:
            item["url"] = chapter.url
        if chapter.image is not None:
            item["img"] = image_url(chapter.image)
        items.append(item)
    document: dict[str, Any] = {"version": JSON_CHAPTERS_VERSION}
    if title:
        document["title"] = title
    document["chapters"] = items
    return document


def npt(seconds: float) -> str:
    """``65.5`` → ``00:01:05.500``: normal play time, as Podlove Simple Chapters want it."""
    return format_clock(seconds)


def timestamp_lines(episode: Episode) -> list[str]:
    """Chapter lines for show notes, ``0:14 Leaving the studio``, which apps turn into marks."""
    return [
        f"{format_timecode(int(chapter.start))} {chapter.title}" for chapter in episode.chapters
    ]
