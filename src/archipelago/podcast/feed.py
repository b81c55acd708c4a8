"""The podcast's RSS feed: a show, its published episodes and their resolved facts → bytes.

Pure: no MkDocs. feedgen writes the feed, ``feedext`` adds what feedgen lacks. Everything that
could vary between builds is fixed here: entries sorted and appended in order, lastBuildDate
taken from the newest episode, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import html
import uuid
from dataclasses import dataclass, field
from email.utils import format_datetime
from typing import TYPE_CHECKING

from feedgen.feed import FeedGenerator

from archipelago.content.ordering import moment
from archipelago.podcast.chapters import npt, timestamp_lines
from archipelago.podcast.feedext import (
    ImageTag,
    Itunes,
    ItunesEntry,
    PersonTag,
    Podcast20,
    Podcast20Entry,
    PodloveChapters,
    PodloveChaptersEntry,
    RemoteItem,
    SimpleChapter,
    SocialTag,
    SoundbiteTag,
    TrailerTag,
    Transcript,
    UpdateFrequencyTag,
    WebSubHubs,
)
from archipelago.urls import without_scheme

if TYPE_CHECKING:
    from archipelago.content.entries import Entry
    from archipelago.content.media_facts import AudioInfo
    from archipelago.content.models import Episode, Show


@dataclass(frozen=True)
class FeedChannel:
    """The show, with the absolute URLs the feed needs."""

    show: Show
    site_url: str
    feed_url: str
    artwork_url: str
    people: list[PersonTag] = field(default_factory=list)
    #: Shows we recommend (podcast:podroll), each by its known podcast:guid.
    podroll: list[RemoteItem] = field(default_factory=list)


@dataclass(frozen=True)
class FeedItem:
    """One published episode with everything resolved: absolute URLs, probed audio facts."""

    entry: Entry[Episode]
    page_url: str
    audio_url: str
    audio: AudioInfo
    #: The show notes as the feed carries them (`notes_html.for_feed`).
    notes_html: str
    image_url: str | None = None
    chapters_url: str | None = None
    chapter_images: dict[str, str] = field(default_factory=dict)
    transcripts: list[Transcript] = field(default_factory=list)
    people: list[PersonTag] = field(default_factory=list)


#: The namespace the Podcasting 2.0 specification fixes for podcast:guid.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_guid(feed_url: str) -> str:
    """podcast:guid as the specification defines it: UUIDv5 of the feed URL, scheme removed."""
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, without_scheme(feed_url.strip()).rstrip("/")))


def build_feed(channel: FeedChannel, items: list[FeedItem]) -> bytes:
    """The RSS 2.0 feed, newest episode first, as UTF-8 bytes."""
    show = channel.show
    fg = FeedGenerator()  # a new one per build: feedgen keeps state on the instance
    fg.register_extension("itunes", Itunes, ItunesEntry, atom=False)
    fg.register_extension("podcast20", Podcast20, Podcast20Entry, atom=False)
    fg.register_extension("psc", PodloveChapters, PodloveChaptersEntry, atom=False)
    fg.register_extension("websub", WebSubHubs, atom=False)
    fg.title(show.title)
    # feedgen takes the channel's <link> from the last link set: self first, then the site.
    fg.link(href=channel.feed_url, rel="self")
    fg.link(href=channel.site_url, rel="alternate")
    fg.description(show.description)
    fg.language(show.language)
    fg.copyright(show.copyright)
    fg.generator("Archipelago")
    fg.image(url=channel.artwork_url, title=show.title, link=channel.site_url)
    itunes = fg.itunes.channel
    itunes.author = show.author
    itunes.owner_name = show.owner.name
    itunes.owner_email = show.owner.email
    itunes.image = channel.artwork_url
    itunes.category = show.category
    itunes.subcategory = show.subcategory
    itunes.explicit = show.explicit
    itunes.show_type = show.type
    podcast = fg.podcast20.channel
    podcast.guid = show.guid
    podcast.locked_owner = show.owner.email if show.locked else None
    podcast.funding = [(link.url, link.label) for link in show.funding]
    if show.license:
        podcast.license = show.license.identifier
        podcast.license_url = show.license.url
    podcast.people = channel.people
    podcast.apple_verify = show.apple_verify
    if show.update_frequency:
        frequency = show.update_frequency
        podcast.update_frequency = UpdateFrequencyTag(
            frequency.rrule, frequency.label, frequency.complete
        )
    podcast.image = ImageTag(channel.artwork_url, show.artwork_alt or show.title)
    podcast.podroll = channel.podroll
    fg.websub.hubs = list(show.websub_hubs)
    ordered = sorted(
        items,
        key=lambda i: (moment(i.entry.model.published), i.entry.model.number, i.entry.slug),
        reverse=True,
    )
    podcast.trailers = [_trailer(item) for item in ordered if item.entry.model.type == "trailer"]
    for item in ordered:
        _add_item(fg, item)
    if ordered:
        newest = utc(ordered[0].entry.model.published)
        fg.lastBuildDate(newest)
        fg.pubDate(newest)
    return bytes(fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True))


def _add_item(fg: FeedGenerator, item: FeedItem) -> None:
    episode = item.entry.model
    entry = fg.add_entry(order="append")  # appended in our order; feedgen would prepend
    entry.title(episode.title)
    entry.link(href=item.page_url)
    entry.guid(episode.guid, permalink=False)
    entry.pubDate(utc(episode.published))
    chapters = chapters_html(episode)
    entry.description(f"<p>{html.escape(episode.summary)}</p>{chapters}")
    entry.content(item.notes_html + chapters, type="CDATA")
    entry.enclosure(item.audio_url, str(item.audio.bytes), item.audio.mime)
    numbered = episode.number if episode.number > 0 else None
    itunes = entry.itunes.item
    itunes.duration = round(item.audio.seconds)
    itunes.episode = numbered
    itunes.season = episode.season
    itunes.episode_type = episode.type
    itunes.explicit = episode.explicit
    itunes.image = item.image_url
    podcast = entry.podcast20.item
    podcast.season = episode.season
    podcast.episode = numbered
    podcast.people = item.people
    podcast.transcripts = item.transcripts
    podcast.chapters_url = item.chapters_url
    if item.image_url:
        podcast.image = ImageTag(item.image_url, episode.image_alt or episode.title)
    podcast.soundbites = [
        SoundbiteTag(bite.start, bite.duration, bite.title) for bite in episode.soundbites
    ]
    if episode.social:
        podcast.social = SocialTag(episode.social.protocol, episode.social.url)
    entry.psc.chapters = [
        SimpleChapter(
            npt(chapter.start),
            chapter.title,
            chapter.url,
            item.chapter_images.get(chapter.image) if chapter.image else None,
        )
        for chapter in episode.chapters
    ]


#: The namespace's limit on a trailer's title.
_TRAILER_TITLE_CHARS = 128


def _trailer(item: FeedItem) -> TrailerTag:
    """A trailer episode as the channel's `podcast:trailer`, so apps can offer it as a preview."""
    episode = item.entry.model
    title = episode.title
    if len(title) > _TRAILER_TITLE_CHARS:
        title = title[: _TRAILER_TITLE_CHARS - 1] + "…"
    return TrailerTag(
        title=title,
        url=item.audio_url,
        pubdate=format_datetime(utc(episode.published)),
        length=item.audio.bytes,
        type=item.audio.mime,
        season=episode.season,
    )


def utc(value: dt.date) -> dt.datetime:
    """A date (midnight UTC) or aware datetime, in UTC: feed dates read the same everywhere."""
    return moment(value).astimezone(dt.UTC)


def chapters_html(episode: Episode) -> str:
    """Chapter timestamps as apps that read them from the show notes expect (`12:30 Title`)."""
    lines = timestamp_lines(episode)
    if not lines:
        return ""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return f"<p>Chapters:</p><ul>{items}</ul>"
