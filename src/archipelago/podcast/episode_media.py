"""Each episode's media, checked against each other: audio facts, chapters, transcript.

Runs after the files themselves are validated: the audio's facts come from the file (or the
manifest when the file is not here), and chapters and transcript must fit inside the audio.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from archipelago.content.frontmatter_io import decode
from archipelago.content.media_facts import Transcript
from archipelago.content.yamlio import uncarried
from archipelago.errors import Problem
from archipelago.podcast.audio import AudioError
from archipelago.podcast.transcripts import parse_webvtt
from archipelago.timecodes import format_timecode

if TYPE_CHECKING:
    from archipelago.content.entries import Content
    from archipelago.content.load import LoadCache
    from archipelago.podcast.audio import MediaFacts

#: A transcript may run this far past the audio's end (encoders pad the last frame).
_TRANSCRIPT_SLACK_SECONDS = 1.0


def read_transcript(
    shown: str, file: Path, cache: LoadCache | None = None
) -> tuple[Transcript, list[Problem]]:
    """What a WebVTT file holds, and its problems.

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


def _read_transcript(shown: str, file: Path) -> tuple[Transcript, list[Problem]]:
    with open(file, "rb") as handle:
        raw = handle.read()
    # WebVTT allows a byte-order mark (Markdown files may not have one; `decode` says so).
    text, errors = decode(shown, raw.removeprefix(b"\xef\xbb\xbf"))
    for number, line in enumerate(text.split("\n"), start=1):
        if message := uncarried(line):
            fix = "export the transcript again as UTF-8 WebVTT text"
            errors.append(Problem(shown, number, "", message, fix))
            break
    cues, problems = parse_webvtt(text)
    errors += [problem.placed(shown) for problem in problems]
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    return Transcript(str(file), len(cues), cues[-1].end if cues else 0.0, digest), errors


def absent_audio(audio: str, shown_dir: str) -> Problem:
    """An episode's audio file is not where the site serves it from."""
    return Problem.found(
        f"{audio!r} is not under {shown_dir}/: its facts are recorded, but the feed and the"
        " episode's page would link to a file the site does not have",
        f"put the file back at {shown_dir}/{audio}; if the audio is served from elsewhere, set"
        " media_base_url under show: in mkdocs.yml; to check or build the text alone, pass"
        " --without-media",
    )


def check_episode_media(
    content: Content,
    content_dir: Path,
    shown_dir: str,
    facts: MediaFacts,
    *,
    verify: bool = False,
    cache: LoadCache | None = None,
    audio_here: bool = True,
) -> list[Problem]:
    """Fill ``content.audio`` and ``content.transcripts``; every problem found on the way.

    Args:
        content: the valid entries; their audio facts and transcripts are added to it.
        content_dir: the content folder on disk.
        shown_dir: the content folder as messages show it (`content`).
        facts: where audio facts come from (the files, the manifest, the cache).
        verify: read every file again, trusting no cache.
        cache: transcripts read by an earlier run (see `LoadCache`).
        audio_here: whether an episode's audio file must be under content/ (the site serves
            it), or its recorded facts may stand in for it (media served from elsewhere, or a
            check of the text alone).
    """
    if verify:
        cache = None
    errors: list[Problem] = []
    for slug, entry in sorted(content.episodes.items()):
        episode = entry.model
        local = "://" not in episode.audio
        waiting = local and facts.manifest.get(episode.audio) is None
        if episode.draft and waiting and not (content_dir / episode.audio).is_file():
            continue  # a draft waiting for its audio: nothing to check yet
        file = content_dir / episode.audio if local else None
        try:
            info = facts.facts_for(episode.audio, file, verify=verify)
        except AudioError as exc:
            errors.append(entry.place(exc.problem, ("audio",)))
            info = None
        # The manifest's facts let the feed be written without the file, but the site would
        # then link to audio it does not have.
        absent = file is not None and audio_here and not os.path.isfile(file)
        if info is not None and absent and not episode.draft:
            errors.append(entry.place(absent_audio(episode.audio, shown_dir), ("audio",)))
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
            for index, bite in enumerate(episode.soundbites):
                # An app asked to play past the end would play silence or fail.
                if bite.start + bite.duration > info.seconds:
                    errors.append(
                        entry.error(
                            ("soundbites", index, "start"),
                            f"runs to {format_timecode(bite.start + bite.duration)}, after the"
                            f" audio ends ({format_timecode(info.seconds)})",
                            "start it earlier or shorten its duration",
                        )
                    )
        if episode.transcript:
            shown = f"{shown_dir}/{episode.transcript}"
            transcript, transcript_errors = read_transcript(
                shown, content_dir / episode.transcript, cache
            )
            errors += transcript_errors
            content.transcripts[slug] = transcript
            if info is not None and transcript.end > info.seconds + _TRANSCRIPT_SLACK_SECONDS:
                errors.append(
                    entry.error(
                        ("transcript",),
                        f"runs to {format_timecode(transcript.end)}, but the audio ends at"
                        f" {format_timecode(info.seconds)}",
                        "check that the transcript belongs to this audio",
                    )
                )
    return errors
