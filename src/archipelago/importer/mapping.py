"""The old feed's items → the episodes this project will hold: GUID, dates, audio facts,
numbers, notes, chapters and people, each odd value reported where the feed has it.

Pure: the feed as read in, planned episodes and problems out. Fetching what the items point
to (artwork, transcripts, chapter files, audio) is `assets`' job; writing is `files`'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from archipelago.content.fields import MAX_LINE_CHARACTERS
from archipelago.content.scaffold import slugify
from archipelago.errors import Problem
from archipelago.importer.feed_values import (
    absolute,
    one_line,
    read_count,
    read_date,
    read_duration,
    read_flag,
)
from archipelago.importer.notes import (
    has_markup,
    lead,
    looks_like_markup,
    shorten_chars,
    to_markdown,
    to_plain,
)

if TYPE_CHECKING:
    from archipelago.importer.feed_reader import PersonRef, SourceFeed, SourceItem

#: How long an imported summary may be: the opening of the notes, not all of them.
SUMMARY_CHARS = 500
#: Notes larger than this are kept, with a warning: apps cut them, pages grow long.
LARGE_NOTES_BYTES = 256 * 1024

_MP3 = frozenset({"audio/mpeg", "audio/mp3", "audio/mpeg3", "audio/x-mp3", "audio/x-mpeg"})
_M4A = frozenset({"audio/x-m4a", "audio/m4a", "audio/aac", "audio/x-aac", "audio/mp4a-latm"})
_BY_EXTENSION = {".mp3": "audio/mpeg", ".m4a": "audio/x-m4a", ".mp4": "audio/mp4"}


@dataclass
class PlannedEpisode:
    """One item as it will become an episode file; `assets` fills in the fetched parts."""

    item: SourceItem
    guid: str
    title: str
    published: dt.datetime
    audio: str
    mime: str
    length: int | None
    seconds: float | None
    season: int | None
    wanted_number: int | None
    type: str
    explicit: bool | None
    summary: str
    body: str
    page_url: str | None
    #: The http address apps knew, when the audio is now written as https.
    insecure_enclosure: str | None = None
    number: int = 0
    slug: str = ""
    chapters: list[dict[str, Any]] = field(default_factory=list)
    chapter_images: int = 0
    hosts: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)
    image_url: str | None = None
    image: str | None = None
    transcript: str | None = None

    @property
    def stem(self) -> str:
        """The file name without `.md`: ``012-the-title``."""
        return f"{self.number:03d}-{self.slug}"


@dataclass
class Where:
    """How problems name the feed, and the addresses a relative one is resolved against."""

    shown: str
    bases: list[str | None]

    def item(self, item: SourceItem, element: str, message: str, fix: str = "") -> Problem:
        """A problem of one item, at its line."""
        title = f" {one_line(item.title)[:40]!r}" if item.title else ""
        return Problem(
            self.shown, item.line, f"item {item.position}{title} <{element}>", message, fix
        )


@dataclass
class Mapped:
    """The planned episodes and what mapping found."""

    episodes: list[PlannedEpisode] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    already_here: int = 0
    skipped: int = 0


def audio_type(declared: str | None, url: str) -> str | None:
    """The enclosure's MIME type as the project records it; None for what it cannot publish."""
    kind = (declared or "").split(";")[0].strip().lower()
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    if kind in _MP3:
        return "audio/mpeg"
    if kind in _M4A:
        return "audio/x-m4a"
    if kind == "audio/mp4":
        return "audio/mp4"
    if kind in ("", "application/octet-stream", "binary/octet-stream", "audio/x-unknown"):
        return _BY_EXTENSION.get(suffix)
    return None


def plan_items(feed: SourceFeed, where: Where, known_guids: set[str], download: bool) -> Mapped:
    """Every item of ``feed`` that is an episode and not yet in the project, as planned.

    Args:
        feed: the feed as read.
        where: how to name the feed in problems, and the bases of relative addresses.
        known_guids: GUIDs the project has (publish lock, episode files): left alone.
        download: whether the audio will be fetched and probed (facts the feed lacks are
            then measured, not missing).
    """
    mapped = Mapped()
    seen: dict[str, SourceItem] = {}
    audio_seen: dict[str, SourceItem] = {}
    for item in feed.items:
        if not item.enclosures:
            mapped.skipped += 1
            mapped.warnings.append(
                where.item(
                    item,
                    "enclosure",
                    "has no enclosure, so podcast apps never listed it as an episode: skipped",
                    "nothing to do; add it as a guide or an episode by hand if it matters",
                )
            )
            continue
        guid = one_line(item.guid) if item.guid else None
        if guid is not None and guid in seen:
            mapped.skipped += 1
            mapped.warnings.append(
                where.item(
                    item,
                    "guid",
                    f"has the GUID {guid!r} of item {seen[guid].position}, so apps showed only"
                    " one of them: kept the first, skipped this one",
                    "if both are real episodes, give this one its own GUID on the old host first",
                )
            )
            continue
        episode = _plan(item, guid, where, mapped, download)
        if episode is None:
            continue
        seen[episode.guid] = item
        if episode.guid in known_guids:
            mapped.already_here += 1
            continue
        first = audio_seen.setdefault(episode.audio, item)
        if first is not item:
            mapped.errors.append(
                where.item(
                    item,
                    "enclosure",
                    f"has the same audio as item {first.position} ({episode.audio}); each"
                    " episode needs its own audio file, or apps mix the two up",
                    "remove the duplicate on the old host, or import a saved copy of the feed"
                    " without it",
                )
            )
            continue
        mapped.episodes.append(episode)
    return mapped


def _plan(
    item: SourceItem, guid: str | None, where: Where, mapped: Mapped, download: bool
) -> PlannedEpisode | None:
    errors, warnings = mapped.errors, mapped.warnings
    count_before = len(errors)
    bases = [item.base, *where.bases]
    if len(item.enclosures) > 1:
        warnings.append(
            where.item(
                item,
                "enclosure",
                f"has {len(item.enclosures)} enclosures; apps play the first, and so will this"
                " feed",
            )
        )
    enclosure = item.enclosures[0]
    audio, relative = absolute(enclosure.url, bases)
    insecure = None
    if audio is None:
        errors.append(
            where.item(
                item,
                "enclosure",
                f"the address {enclosure.url!r} is relative and the feed gives nothing to"
                " resolve it against",
                "import from the feed's web address instead of a saved copy",
            )
        )
    else:
        if relative:
            warnings.append(
                where.item(item, "enclosure", f"relative address {enclosure.url!r} read as {audio}")
            )
        if any(ch.isspace() for ch in audio):
            errors.append(
                where.item(
                    item,
                    "enclosure",
                    f"the address {audio!r} holds spaces, which apps cannot download",
                    "rename the file on the old host and import again",
                )
            )
        elif audio.startswith("http://"):
            insecure = audio
            audio = "https://" + audio.removeprefix("http://")
            warnings.append(
                where.item(
                    item,
                    "enclosure",
                    f"the audio is served over http; the feed will give {audio} (Apple refuses"
                    " http), and publish-lock.json keeps the old address as a recorded move",
                    "check that the old host serves the same file over https",
                )
            )
    if not guid:
        guid = enclosure.url.strip()
        warnings.append(
            where.item(
                item,
                "guid",
                "has no GUID; apps knew it by its audio address, which becomes its GUID",
            )
        )
    if guid and (len(guid) > MAX_LINE_CHARACTERS or any(ch.isspace() for ch in guid)):
        errors.append(
            where.item(
                item,
                "guid",
                f"the GUID {guid[:60]!r} is over 255 characters or holds spaces; the publisher"
                " cannot keep it, and a new one would make apps show the episode twice",
                "shorten it on the old host only if apps have not seen it yet",
            )
        )
    mime = audio_type(enclosure.type, audio or enclosure.url)
    if mime is None:
        errors.append(
            where.item(
                item,
                "enclosure",
                f"is of type {enclosure.type!r}; the publisher writes MP3 (audio/mpeg) and AAC"
                " (audio/x-m4a, audio/mp4) episodes only",
                "convert the episode to MP3 on the old host, or leave it out of a saved copy"
                " of the feed",
            )
        )
    length = read_count(enclosure.length)
    length = length if length else None
    seconds = read_duration(item.duration) if item.duration else None
    if item.duration and seconds is None:
        warnings.append(
            where.item(item, "itunes:duration", f"{item.duration!r} is not a duration: ignored")
        )
    if not download:
        missing = [
            what
            for what, value in (("the audio's length in bytes", length), ("its duration", seconds))
            if value is None
        ]
        if missing:
            errors.append(
                where.item(
                    item,
                    "enclosure" if length is None else "itunes:duration",
                    f"the feed does not give {' or '.join(missing)}, which the new feed must carry",
                    "run the import with --download: it fetches each episode's audio and"
                    " measures it (the audio stays hosted where it is)",
                )
            )
    published = None
    if not item.pub_date:
        errors.append(
            where.item(
                item,
                "pubDate",
                "has no publication date",
                "date the episode on the old host, or in a saved copy of the feed",
            )
        )
    else:
        published, standard = read_date(item.pub_date)
        if published is None:
            errors.append(
                where.item(
                    item,
                    "pubDate",
                    f"{item.pub_date!r} is not a date",
                    "write it as RSS does (Tue, 05 May 2026 09:00:00 +0000) in a saved copy"
                    " of the feed",
                )
            )
        elif not standard:
            warnings.append(
                where.item(
                    item,
                    "pubDate",
                    f"{item.pub_date!r} is not an RSS (RFC 822) date: read as"
                    f" {published.isoformat()}",
                )
            )
    title = _title(item, where, mapped, audio or enclosure.url)
    if len(errors) > count_before or audio is None or published is None or mime is None:
        return None
    season = read_count(item.season)
    if item.season and not season:
        warnings.append(
            where.item(item, "itunes:season", f"{item.season!r} is not a season number: ignored")
        )
        season = None
    number = read_count(item.episode)
    if item.episode and number is None:
        warnings.append(
            where.item(
                item, "itunes:episode", f"{item.episode!r} is not a whole number: numbered anew"
            )
        )
    kind = (item.episode_type or "full").strip().lower()
    if kind not in ("full", "trailer", "bonus"):
        warnings.append(
            where.item(
                item,
                "itunes:episodeType",
                f"{item.episode_type!r} is not full, trailer or bonus: read as full",
            )
        )
        kind = "full"
    page = absolute(item.link, bases)[0] if item.link else None
    notes = item.content_encoded or item.description or item.itunes_summary or ""
    if len(notes.encode("utf-8")) > LARGE_NOTES_BYTES:
        warnings.append(
            where.item(
                item,
                "description",
                f"its show notes are {len(notes.encode('utf-8')):,} bytes; kept whole",
                "shorten the episode's body if its page is too long",
            )
        )
    # The summary is a line above the player and the feed's <description>; the whole notes
    # are the body (content:encoded). A subtitle is short by design; else the notes' opening.
    subtitle = to_plain(item.itunes_subtitle or "")
    if subtitle and subtitle != title:
        summary = shorten_chars(subtitle, SUMMARY_CHARS)
    else:
        summary = lead(item.itunes_summary or item.description or notes, SUMMARY_CHARS)
    return PlannedEpisode(
        item=item,
        guid=guid,
        title=title,
        published=published,
        audio=audio,
        mime=mime,
        length=length,
        seconds=round(seconds, 3) if seconds else None,
        season=season,
        wanted_number=number,
        type=kind,
        explicit=read_flag(item.explicit),
        summary=summary or title,
        body=to_markdown(notes, page) if notes else "",
        page_url=page,
        insecure_enclosure=insecure,
        image_url=absolute(item.image, bases)[0] if item.image else None,
    )


def _title(item: SourceItem, where: Where, mapped: Mapped, audio: str) -> str:
    if not item.title or not item.title.strip():
        name = PurePosixPath(urlsplit(audio).path).stem or f"Episode {item.position}"
        mapped.warnings.append(
            where.item(item, "title", f"has no title; named after its audio file: {name!r}")
        )
        return name
    title = one_line(item.title)
    if looks_like_markup(title):
        mapped.warnings.append(
            where.item(
                item,
                "title",
                f"{title!r} holds HTML markup; kept as written, so apps and pages show it as"
                " text, as they did",
                "edit the episode's title if the markup was a mistake",
            )
        )
    if len(title) > MAX_LINE_CHARACTERS:
        mapped.warnings.append(
            where.item(
                item,
                "title",
                f"is {len(title)} characters long; cut to {MAX_LINE_CHARACTERS} (Apple's limit)",
            )
        )
        title = shorten_chars(title, MAX_LINE_CHARACTERS)
    return title


# --- numbers and file names ----------------------------------------------------------------


def number_episodes(
    episodes: list[PlannedEpisode],
    taken_numbers: set[tuple[int | None, int]],
    taken_slugs: set[str],
    where: Where,
    warnings: list[Problem],
) -> None:
    """Give each episode a number unique in its season and a slug unique in the project.

    The feed's own numbers are kept where they are free; the others get the next free number
    of their season, oldest first (a trailer or bonus without one takes 0 when it is free).
    """
    ordered = sorted(episodes, key=lambda e: (e.published, e.item.position))
    taken = set(taken_numbers)
    unnumbered = []
    for episode in ordered:
        key = (episode.season, episode.wanted_number)
        if episode.wanted_number is not None and key not in taken:
            episode.number = episode.wanted_number
            taken.add(key)  # type: ignore[arg-type]
        else:
            unnumbered.append(episode)
    for episode in unnumbered:
        season = episode.season
        if episode.type != "full" and (season, 0) not in taken:
            episode.number = 0
        else:
            episode.number = max((n for s, n in taken if s == season), default=0) + 1
        taken.add((season, episode.number))
        if episode.wanted_number is not None:
            warnings.append(
                where.item(
                    episode.item,
                    "itunes:episode",
                    f"number {episode.wanted_number} is already used in its season: numbered"
                    f" {episode.number}",
                )
            )
    slugs = set(taken_slugs)
    for episode in ordered:
        base = slugify(episode.title) or "episode"
        slug, counter = base, 2
        while slug in slugs:
            slug, counter = f"{base}-{counter}", counter + 1
        slugs.add(slug)
        episode.slug = slug


# --- people --------------------------------------------------------------------------------


@dataclass
class PlannedPerson:
    """Someone the feed names with podcast:person, as a people file."""

    slug: str
    name: str
    roles: list[str] = field(default_factory=list)
    website: str | None = None


def plan_people(
    feed: SourceFeed,
    episodes: list[PlannedEpisode],
    existing_roles: dict[str, list[str]],
    where: Where,
    warnings: list[Problem],
) -> list[PlannedPerson]:
    """Name each episode's hosts and guests, and plan the people files that do not exist yet.

    An item's own podcast:person tags replace the channel's, as the namespace says. A person
    whose file exists keeps it: they are named only in roles it already gives them.
    """
    people: dict[str, PlannedPerson] = {}
    odd_roles: set[tuple[str, str]] = set()
    for episode in episodes:
        persons = episode.item.persons or feed.persons
        for person in persons:
            role = (person.role or "host").strip().lower()
            if role not in ("host", "guest"):
                odd_roles.add((person.name, role))
                continue
            slug = slugify(person.name)
            if not slug:
                continue
            if slug in existing_roles:
                if role not in existing_roles[slug]:
                    warnings.append(
                        where.item(
                            episode.item,
                            "podcast:person",
                            f"{person.name} is a {role} here, but content/people/{slug}.md"
                            f" does not give that role: not named as {role}",
                            f"add {role} to roles in content/people/{slug}.md, then to the"
                            f" episode's {role}s",
                        )
                    )
                    continue
            else:
                planned = people.setdefault(slug, _person(slug, person))
                if role not in planned.roles:
                    planned.roles.append(role)
            names = episode.hosts if role == "host" else episode.guests
            if slug not in names:
                names.append(slug)
    for name, role in sorted(odd_roles):
        warnings.append(
            Problem(
                where.shown,
                None,
                "podcast:person",
                f"{name} has the role {role!r}; episodes name hosts and guests only, so they"
                " are not named",
                "add them to an episode's hosts or guests by hand if that is what they are",
            )
        )
    for planned_person in people.values():
        planned_person.roles.sort(key=lambda r: ("host", "guest").index(r))
    return sorted(people.values(), key=lambda p: p.slug)


def _person(slug: str, person: PersonRef) -> PlannedPerson:
    href = person.href if person.href and person.href.startswith(("https://", "http://")) else None
    return PlannedPerson(slug, shorten_chars(person.name, MAX_LINE_CHARACTERS), website=href)


def markup_in(text: str) -> bool:
    """Whether text copied into a plain field would carry HTML (for the show's fields)."""
    return has_markup(text)
