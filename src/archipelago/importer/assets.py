"""What the items point to, fetched and checked: the show's and episodes' artwork, chapters
(Podlove Simple Chapters in the feed, or a podcast:chapters JSON file), transcripts
(WebVTT, or SubRip converted to it), and with --download the audio, probed for its facts.

A file that cannot be fetched or used is left out with a warning (the episode is imported
without it), except the show's artwork, which the show cannot do without, and the audio's
facts, without which the new feed could not describe the enclosure.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archipelago.content.artwork import check_artwork
from archipelago.content.fields import MAX_LINE_CHARACTERS
from archipelago.content.media_facts import AudioInfo
from archipelago.errors import Problem, ProblemError
from archipelago.importer.feed_values import absolute, one_line, read_clock
from archipelago.importer.fetching import MAX_AUDIO_BYTES, FetchError
from archipelago.importer.notes import shorten_chars
from archipelago.podcast.audio import probe
from archipelago.podcast.transcripts import parse_webvtt

if TYPE_CHECKING:
    from archipelago.importer.fetching import Fetcher
    from archipelago.importer.mapping import PlannedEpisode, Where

#: The folder under content/ imported media go to, as `archipelago new` episodes use.
MEDIA_DIR = "episodes/media"
_VTT_TYPES = frozenset({"text/vtt"})
_SRT_TYPES = frozenset({"application/srt", "application/x-subrip", "text/srt", "text/x-srt"})
_SRT_TIME = re.compile(r"(\d{1,2}:\d{2}:\d{2}),(\d{3})")
#: A transcript may run this far past the audio's end (the check allows as much).
_TRANSCRIPT_SLACK = 1.0


@dataclass
class Assets:
    """Files to write under content/ (path → bytes), and what fetching them found."""

    files: dict[str, bytes] = field(default_factory=dict)
    facts: dict[str, AudioInfo] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def image_suffix(data: bytes) -> str | None:
    """``.jpg`` or ``.png`` from the image's own bytes; None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return ".jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png"
    return None


def artwork_problems(data: bytes, shown: str) -> list[Problem]:
    """Apple's artwork rules applied to an image's bytes (`content.artwork`)."""
    suffix = image_suffix(data)
    if suffix is None:
        return [Problem.found(f"{shown!r} is not a JPEG or PNG image", "export it as PNG")]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"art{suffix}"
        path.write_bytes(data)
        return check_artwork(path, shown)


def show_artwork(
    url: str | None, given: Path | None, fetcher: Fetcher, shown: str, assets: Assets
) -> str | None:
    """The show's artwork as a path under content/ (``assets/artwork.png``), staged in
    ``assets``; None (with an error) when there is none Apple would take."""
    fix = "pass --artwork with a square JPEG or PNG of 1400–3000 px"
    where = "--artwork" if given else "channel <itunes:image>"
    if given is not None:
        data = given.read_bytes()
    elif url is None:
        assets.errors.append(Problem(shown, None, where, "the feed names no artwork", fix))
        return None
    else:
        try:
            data = fetcher.get(url).data
        except FetchError as exc:
            problem = exc.problem
            assets.errors.append(
                Problem(shown, None, where, problem.message, f"{problem.fix}; or {fix}")
            )
            return None
    name = given.name if given else url or ""
    problems = artwork_problems(data, name)
    if problems:
        assets.errors.extend(
            Problem(shown, None, where, p.message, f"{p.fix}; or {fix}") for p in problems
        )
        return None
    path = f"assets/artwork{image_suffix(data)}"
    assets.files[path] = data
    return path


def fetch_episode_assets(
    episode: PlannedEpisode,
    fetcher: Fetcher,
    where: Where,
    assets: Assets,
    *,
    fetch_files: bool,
    download: bool,
    show_artwork_url: str | None,
) -> None:
    """Chapters, transcript, artwork and (with ``download``) the audio's facts of one episode,
    staged in ``assets`` and named on ``episode``."""
    item = episode.item
    bases = [item.base, *where.bases]
    if download:
        _download(episode, fetcher, where, assets)
    if item.simple_chapters:
        episode.chapters = _simple_chapters(episode, where, assets)
    elif item.chapters_url and fetch_files:
        url = absolute(item.chapters_url, bases)[0]
        if url:
            episode.chapters = _json_chapters(episode, url, fetcher, where, assets)
    if not fetch_files:
        return
    transcript = _pick_transcript(episode)
    if transcript is not None:
        _transcript(episode, transcript, fetcher, where, assets)
    if episode.image_url and episode.image_url != show_artwork_url:
        _episode_art(episode, fetcher, where, assets)


def _download(episode: PlannedEpisode, fetcher: Fetcher, where: Where, assets: Assets) -> None:
    suffix = {"audio/mpeg": ".mp3", "audio/x-m4a": ".m4a", "audio/mp4": ".m4a"}[episode.mime]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"audio{suffix}"
        try:
            # From the address the old feed gave: an http one is the same file.
            fetcher.save(episode.insecure_enclosure or episode.audio, path, MAX_AUDIO_BYTES)
            info = probe(path, shown=episode.audio)
        except ProblemError as exc:  # not fetched (FetchError), or not audio we can use
            assets.errors.append(
                where.item(episode.item, "enclosure", exc.problem.message, exc.problem.fix)
            )
            return
    if episode.length and episode.length != info.bytes:
        assets.warnings.append(
            where.item(
                episode.item,
                "enclosure",
                f"the feed said {episode.length:,} bytes; the file has {info.bytes:,}: the"
                " file's facts are recorded",
            )
        )
    assets.facts[episode.audio] = info
    episode.length, episode.seconds, episode.mime = info.bytes, info.seconds, info.mime


def _simple_chapters(episode: PlannedEpisode, where: Where, assets: Assets) -> list[dict[str, Any]]:
    found = []
    for chapter in episode.item.simple_chapters:
        start = read_clock(chapter.start)
        if start is None:
            assets.warnings.append(
                where.item(
                    episode.item, "psc:chapter", f"start {chapter.start!r} is not a time: left out"
                )
            )
            continue
        found.append((start, chapter.title, chapter.href, chapter.image))
    return _chapters(episode, found, "psc:chapter", where, assets)


def _json_chapters(
    episode: PlannedEpisode, url: str, fetcher: Fetcher, where: Where, assets: Assets
) -> list[dict[str, Any]]:
    try:
        document = json.loads(fetcher.get(url).data)
        entries = document["chapters"]
        found = [
            (float(c["startTime"]), str(c.get("title") or ""), c.get("url"), c.get("img"))
            for c in entries
            if isinstance(c, dict) and c.get("toc", True) is not False
        ]
    except FetchError as exc:
        assets.warnings.append(
            where.item(episode.item, "podcast:chapters", f"not kept: {exc.problem.message}")
        )
        return []
    except (ValueError, KeyError, TypeError):
        assets.warnings.append(
            where.item(
                episode.item, "podcast:chapters", f"{url} is not a JSON chapters file: not kept"
            )
        )
        return []
    return _chapters(episode, found, "podcast:chapters", where, assets)


def _chapters(
    episode: PlannedEpisode,
    found: list[tuple[float, str, Any, Any]],
    element: str,
    where: Where,
    assets: Assets,
) -> list[dict[str, Any]]:
    chapters: list[dict[str, Any]] = []
    dropped = 0
    for start, title, url, image in sorted(found, key=lambda c: c[0]):
        text = shorten_chars(one_line(title), MAX_LINE_CHARACTERS)
        late = episode.seconds is not None and start >= episode.seconds
        if not text or late or (chapters and start <= chapters[-1]["start"]):
            dropped += 1
            continue
        chapter: dict[str, Any] = {
            "start": int(start) if start == int(start) else start,
            "title": text,
        }
        if isinstance(url, str) and url.startswith(("https://", "http://")):
            chapter["url"] = url
        if image:
            episode.chapter_images += 1
        chapters.append(chapter)
    if dropped:
        assets.warnings.append(
            where.item(
                episode.item,
                element,
                f"{dropped} chapter(s) without a"
                " title, at the same time as another, or after the"
                " audio's end: left out",
            )
        )
    if episode.chapter_images:
        assets.warnings.append(
            where.item(
                episode.item,
                element,
                f"{episode.chapter_images}"
                " chapter image(s) not kept (chapter images must be"
                " files in content/)",
                "add them by hand if wanted",
            )
        )
    return chapters


def _pick_transcript(episode: PlannedEpisode) -> Any:
    refs = episode.item.transcripts
    for types in (_VTT_TYPES, _SRT_TYPES):
        for ref in refs:
            if ref.type.split(";")[0].strip().lower() in types:
                return ref
    if refs:
        return None
    return None


def srt_to_vtt(text: str) -> str:
    """A SubRip transcript as WebVTT: a header, and a full stop before the milliseconds."""
    body = text.replace("\r\n", "\n").lstrip("\ufeff")
    return "WEBVTT\n\n" + _SRT_TIME.sub(r"\1.\2", body).strip() + "\n"


def _transcript(
    episode: PlannedEpisode, ref: Any, fetcher: Fetcher, where: Where, assets: Assets
) -> None:
    url = absolute(ref.url, [episode.item.base, *where.bases])[0]
    if url is None:
        return
    try:
        text = fetcher.get(url).data.decode("utf-8-sig")
    except FetchError as exc:
        assets.warnings.append(
            where.item(episode.item, "podcast:transcript", f"not kept: {exc.problem.message}")
        )
        return
    except UnicodeDecodeError:
        assets.warnings.append(
            where.item(episode.item, "podcast:transcript", f"{url} is not UTF-8 text: not kept")
        )
        return
    if ref.type.split(";")[0].strip().lower() in _SRT_TYPES:
        text = srt_to_vtt(text)
    text = text.replace("\r\n", "\n")
    cues, problems = parse_webvtt(text)
    if problems or not cues:
        why = problems[0].message if problems else "it holds no cues"
        assets.warnings.append(
            where.item(
                episode.item,
                "podcast:transcript",
                f"{url} is not a usable transcript ({why}): not kept",
            )
        )
        return
    if episode.seconds is not None and cues[-1].end > episode.seconds + _TRANSCRIPT_SLACK:
        assets.warnings.append(
            where.item(
                episode.item, "podcast:transcript", f"{url} runs past the audio's end: not kept"
            )
        )
        return
    path = f"{MEDIA_DIR}/{episode.stem}.vtt"
    assets.files[path] = text.encode("utf-8")
    episode.transcript = path


def _episode_art(episode: PlannedEpisode, fetcher: Fetcher, where: Where, assets: Assets) -> None:
    assert episode.image_url is not None
    try:
        data = fetcher.get(episode.image_url).data
    except FetchError as exc:
        assets.warnings.append(
            where.item(episode.item, "itunes:image", f"not kept: {exc.problem.message}")
        )
        return
    problems = artwork_problems(data, episode.image_url)
    if problems:
        assets.warnings.append(
            where.item(
                episode.item,
                "itunes:image",
                f"not kept: {problems[0].message}; the show's artwork stands in",
            )
        )
        return
    path = f"{MEDIA_DIR}/{episode.stem}{image_suffix(data)}"
    assets.files[path] = data
    episode.image = path
