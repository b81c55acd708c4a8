"""Each episode's media, checked against each other: audio facts, chapters, transcript.

Runs after the files themselves are validated: the audio's facts come from the file (or the
manifest when the file is not here), and chapters and transcript must fit inside the audio.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from archipelago.audio import AudioError
from archipelago.errors import ContentError
from archipelago.frontmatter_io import decode
from archipelago.transcripts import format_timecode, parse_webvtt
from archipelago.yamlio import uncarried

if TYPE_CHECKING:
    from archipelago.audio import MediaFacts
    from archipelago.load import Content, LoadCache
    from archipelago.transcripts import Cue

#: A transcript may run this far past the audio's end (encoders pad the last frame).
_TRANSCRIPT_SLACK_SECONDS = 1.0


def read_transcript(
    shown: str, file: Path, cache: LoadCache | None = None
) -> tuple[list[Cue], list[ContentError]]:
    """A WebVTT file's cues and its problems; callers do not modify what it returns.

    Taken from ``cache`` when it holds them: a build or serve rebuild with no media changed
    parses none of the transcripts again (1,000 of them took 0.1 s).
    """
    key = f"transcript {file}"
    if cache is not None and (held := cache.checked.get(key)) is not None and held[0] == shown:
        return held[1]
    read = _read_transcript(shown, file)
    if cache is not None:
        cache.remember(key, (shown, read))
    return read


def _read_transcript(shown: str, file: Path) -> tuple[list[Cue], list[ContentError]]:
    with open(file, "rb") as handle:
        # WebVTT allows a byte-order mark (Markdown files may not have one; `decode` says so).
        text, errors = decode(shown, handle.read().removeprefix(b"\xef\xbb\xbf"))
    for number, line in enumerate(text.split("\n"), start=1):
        if message := uncarried(line):
            fix = "export the transcript again as UTF-8 WebVTT text"
            errors.append(ContentError(shown, number, "", message, fix))
            break
    cues, problems = parse_webvtt(text)
    errors += [ContentError(shown, p.line, "", p.message, p.hint) for p in problems]
    return cues, errors


def check_episode_media(
    content: Content,
    content_dir: Path,
    shown_dir: str,
    facts: MediaFacts,
    *,
    verify: bool = False,
    cache: LoadCache | None = None,
) -> list[ContentError]:
    """Fill ``content.audio`` and ``content.transcripts``; every problem found on the way.

    Args:
        content: the valid entries; their audio facts and transcript cues are added to it.
        content_dir: the content folder on disk.
        shown_dir: the content folder as messages show it (`content`).
        facts: where audio facts come from (the files, the manifest, the cache).
        verify: read every file again, trusting no cache.
        cache: transcripts read by an earlier run (see `LoadCache`).
    """
    if verify:
        cache = None
    errors: list[ContentError] = []
    for slug, entry in sorted(content.episodes.items()):
        episode = entry.model
        local = "://" not in episode.audio
        waiting = local and facts.manifest.get(episode.audio) is None
        if episode.draft and waiting and not (content_dir / episode.audio).is_file():
            continue  # a draft waiting for its audio: nothing to check yet
        try:
            file = content_dir / episode.audio if local else None
            info = facts.facts_for(episode.audio, file, verify=verify)
        except AudioError as exc:
            errors.append(entry.error(("audio",), exc.message, exc.hint))
            info = None
        if info is not None:
            content.audio[slug] = info
            for index, chapter in enumerate(episode.chapters):
                if chapter.start >= info.seconds:
                    errors.append(
                        entry.error(
                            ("chapters", index, "start"),
                            f"starts at {format_timecode(chapter.start)}, after the audio ends"
                            f" ({format_timecode(info.seconds)})",
                            "check the time against the audio, or the audio file",
                        )
                    )
        if episode.transcript:
            shown = f"{shown_dir}/{episode.transcript}"
            cues, transcript_errors = read_transcript(
                shown, content_dir / episode.transcript, cache
            )
            errors += transcript_errors
            content.transcripts[slug] = cues
            if (
                info is not None
                and cues
                and cues[-1].end > info.seconds + _TRANSCRIPT_SLACK_SECONDS
            ):
                errors.append(
                    entry.error(
                        ("transcript",),
                        f"runs to {format_timecode(cues[-1].end)}, but the audio ends at"
                        f" {format_timecode(info.seconds)}",
                        "check that the transcript belongs to this audio",
                    )
                )
    return errors
