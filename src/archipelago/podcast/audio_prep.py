"""Preparing episode audio before it is published: `archipelago media tag` and `normalize`.

Both change an audio file's bytes, so both refuse an episode that is already out in
subscribers' feeds (locked in publish-lock.json and first published by now): apps that
downloaded it would hold other bytes than the enclosure's recorded size and hash. Every file
they change has its facts recorded again (size, SHA-256, duration, loudness), as
`archipelago probe` does, so `archipelago check` stays green.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from archipelago.atomic_write import replacing
from archipelago.errors import Problem
from archipelago.podcast.audio import AudioError
from archipelago.podcast.id3_tags import ART_TYPES, Cover, carries, episode_tag, write_tag
from archipelago.podcast.loudness import (
    LoudnessError,
    channel_count,
    is_silent,
    measure_loudness,
    off_target,
    target_lufs,
)
from archipelago.podcast.loudnorm import normalize_file
from archipelago.podcast.publish_lock import PublishLock

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Sequence

    from archipelago.content.entries import Content, Entry
    from archipelago.content.media_facts import AudioInfo
    from archipelago.content.models import Episode
    from archipelago.podcast.audio import MediaFacts
    from archipelago.podcast.publish_lock import LockedEpisode
    from archipelago.urls import SiteLinks


@dataclass
class Outcome:
    """What a command did, one line each, and the problems that stopped part of it."""

    lines: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    changed: bool = False  # whether a file (and so the manifest) changed


@dataclass(frozen=True)
class AudioWork:
    """What both commands need: the content, where its files are, the lock and the facts."""

    content: Content
    content_dir: Path
    shown_dir: str
    lock: PublishLock
    now: dt.datetime
    facts: MediaFacts

    def settled(self) -> dict[str, LockedEpisode]:
        """Episodes out in subscribers' feeds, by slug: their audio may not change."""
        return self.lock.settled(self.now)

    def episodes(self, slugs: Sequence[str], outcome: Outcome) -> list[Entry[Episode]]:
        """The named episodes (every one when none is named), sorted; unknown names are
        problems in ``outcome``."""
        # By slug (`arrival`) or by file name (`001-arrival`), as a contributor sees it.
        by_name = {file_stem(entry): entry for entry in self.content.episodes.values()}
        by_name.update(self.content.episodes)
        for slug in slugs:
            if slug not in by_name:
                outcome.problems.append(_unknown(slug, self.shown_dir))
        chosen = {by_name[slug].path: by_name[slug] for slug in slugs if slug in by_name}
        every = self.content.episodes.values()
        return sorted(chosen.values() if slugs else every, key=lambda entry: entry.path)

    def shown(self, audio: str) -> str:
        """An audio file as messages show it: `content/episodes/media/001-arrival.mp3`."""
        return f"{self.shown_dir}/{audio}"


def tag_episodes(work: AudioWork, links: SiteLinks | None, slugs: Sequence[str]) -> Outcome:
    """Write each chosen episode's ID3 tag (`podcast.id3_tags`) and record its new facts.

    Args:
        work: the project's content, lock and audio facts.
        links: the site's addresses, for the link to each episode's page.
        slugs: the episodes to tag; every episode when empty. A published episode named
            here whose tag would change is a problem; when tagging all, it is noted.
    """
    outcome = Outcome()
    show = work.content.show
    if show is None:
        fix = "run `archipelago check` and fix the show: block in mkdocs.yml"
        outcome.problems.append(Problem("mkdocs.yml", None, "show", "is not valid", fix))
        return outcome
    settled = work.settled()
    for entry in work.episodes(slugs, outcome):
        episode = entry.model
        file = _local_file(work, entry, outcome)
        if file is None:
            continue
        if file.suffix.lower() != ".mp3":
            outcome.lines.append(
                f"skipped {entry.slug}: {episode.audio} is MPEG-4; only MP3s get tags here"
            )
            continue
        try:
            duration = _duration(file)
        except AudioError as exc:
            outcome.problems.append(exc.problem.placed(work.shown(episode.audio)))
            continue
        image = episode.image or show.artwork
        tag = episode_tag(
            episode,
            show,
            hosts=[_name(work.content, slug) for slug in episode.hosts],
            cover=Cover((work.content_dir / image).read_bytes(), ART_TYPES[Path(image).suffix]),
            chapters=episode.chapters,
            duration=duration,
            page_url=links.page("episodes", entry.slug) if links else None,
        )
        if carries(file, tag):
            outcome.lines.append(f"unchanged {episode.audio}: already carries its tags")
            continue
        if entry.slug in settled:
            _refuse(work, entry, settled[entry.slug], "tagging", bool(slugs), outcome)
            continue
        try:  # the recorded facts, if they still describe this file
            before = work.facts.facts_for(episode.audio, file)
        except AudioError:
            before = None
        _replace(file, partial(write_tag, tag=tag))
        # A tag changes no sound: the loudness recorded before stands (no second decode).
        _record(work, episode.audio, file, "tagged", outcome, same_sound_as=before)
    return outcome


def normalize_episode(work: AudioWork, slug: str) -> Outcome:
    """Bring one unpublished episode's audio to the loudness target, and record its facts."""
    outcome = Outcome()
    chosen = work.episodes([slug], outcome)
    if not chosen:
        return outcome
    entry = chosen[0]
    file = _local_file(work, entry, outcome)
    if file is None:
        return outcome
    locked = work.settled().get(entry.slug)
    if locked is not None:
        _refuse(work, entry, locked, "normalizing", True, outcome)
        return outcome
    audio = entry.model.audio
    try:
        before = measure_loudness(file, channel_count(file))
        if is_silent(before):
            raise LoudnessError("is silent: there is no loudness to correct", "export it again")
        if not off_target(before):
            outcome.lines.append(
                f"unchanged {audio}: {before.integrated_lufs:.1f} LUFS, within the targets"
            )
            return outcome
        lufs = target_lufs(before.channels)
        _replace(file, partial(normalize_file, file, lufs=lufs))
    except LoudnessError as exc:
        outcome.problems.append(exc.problem.placed(work.shown(audio)))
        return outcome
    _record(work, audio, file, "normalized", outcome)
    after = work.facts.manifest.get(audio)
    if after is not None and after.loudness_lufs is not None:
        outcome.lines.append(
            f"  {before.integrated_lufs:.1f} -> {after.loudness_lufs:.1f} LUFS,"
            f" true peak {_peak(before.true_peak_dbtp)} -> {_peak(after.true_peak_dbtp)} dBTP"
        )
    return outcome


def _peak(value: float | None) -> str:
    return "-inf" if value is None else f"{value:.1f}"


def _local_file(work: AudioWork, entry: Entry[Episode], outcome: Outcome) -> Path | None:
    """The episode's audio file, or None (with a line or a problem) when there is none here."""
    audio = entry.model.audio
    if "://" in audio:
        outcome.lines.append(
            f"skipped {entry.slug}: its audio is remote ({audio}); prepare the file before"
            " uploading it"
        )
        return None
    file = work.content_dir / audio
    if file.is_file():
        return file
    if entry.model.draft:
        outcome.lines.append(f"skipped {entry.slug}: a draft whose audio is not here yet")
    else:
        fix = f"put the file at {work.shown(audio)}"
        outcome.problems.append(entry.error(("audio",), f"{audio!r} does not exist", fix))
    return None


def _refuse(
    work: AudioWork,
    entry: Entry[Episode],
    locked: LockedEpisode,
    doing: str,
    named: bool,
    outcome: Outcome,
) -> None:
    """Say why a published episode's audio stays as it is: a problem when it was asked for by
    name, a note when all episodes were."""
    reason = (
        f"is published (in publish-lock.json, out since {locked.first_published}): {doing} it"
        " would change the bytes subscribers already downloaded"
    )
    if named:
        fix = "leave it as it is; prepare the next episode's audio before it is published"
        outcome.problems.append(Problem(work.shown(entry.model.audio), None, "", reason, fix))
    else:
        outcome.lines.append(f"left as published: {entry.model.audio} {reason}")


def _replace(file: Path, change: Callable[[Path], object]) -> None:
    """Apply ``change`` to a copy beside ``file``, then put the copy in its place: an
    interrupted run leaves the original whole."""
    with replacing(file, suffix=file.suffix) as copy:
        shutil.copyfile(file, copy)
        change(copy)


def _record(
    work: AudioWork,
    audio: str,
    file: Path,
    verb: str,
    outcome: Outcome,
    same_sound_as: AudioInfo | None = None,
) -> None:
    try:
        _, new = work.facts.record(audio, file, same_sound_as=same_sound_as)
    except AudioError as exc:
        outcome.problems.append(exc.problem.placed(work.shown(audio)))
        return
    outcome.changed = True
    outcome.lines.append(f"{verb} {audio}: {new.bytes} bytes, {new.seconds} s; facts recorded")


def _duration(file: Path) -> float:
    """The MP3's length in seconds, read with mutagen: where the last chapter ends."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        info = MP3(file).info
    except MutagenError:
        info = None
    if info is None:
        raise AudioError(f"{file.name!r} is not readable MP3 audio", "export it again")
    return float(info.length)


def _name(content: Content, slug: str) -> str:
    person = content.people.get(slug)
    return person.model.name if person is not None else slug


def file_stem(entry: Entry[Episode]) -> str:
    """An episode's file name without `.md`: `001-arrival`, how commands may name it."""
    return Path(entry.src_uri).stem


def _unknown(slug: str, shown_dir: str) -> Problem:
    return Problem(
        f"{shown_dir}/episodes/",
        None,
        "",
        f"no valid episode {slug!r}",
        "name an episode by its file name without .md (`001-arrival`) or its slug"
        " (`arrival`); `archipelago check` shows the problems of one that does not load",
    )
