"""feedgen extensions for what feedgen lacks: Apple's tags as Apple documents them today,
the Podcasting 2.0 namespace, and Podlove Simple Chapters.

feedgen's own iTunes extension rejects `true`/`false` for `itunes:explicit` and artwork that
ends in `.jpeg`, so Apple's tags are written here. Each extension is a feed-level class (the
only place feedgen takes namespace declarations from) and an entry-level class, registered as
``fg.register_extension(NAME, FeedClass, EntryClass, atom=False)``. Values are plain data set
by attribute; the classes only write XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from lxml import etree

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
PSC_NS = "http://podlove.org/simple-chapters"
ATOM_NS = "http://www.w3.org/2005/Atom"


def _element(
    parent: Any, namespace: str, tag: str, text: str | None = None, /, **attrs: str
) -> Any:
    node = etree.SubElement(parent, f"{{{namespace}}}{tag}")
    for key, value in attrs.items():
        node.set(key, value)
    if text is not None:
        node.text = text
    return node


def _bool(value: bool) -> str:
    return "true" if value else "false"


@dataclass(frozen=True)
class PersonTag:
    """One `podcast:person`: a name, its role, a link to their page and their picture."""

    name: str
    role: str
    href: str | None = None
    img: str | None = None


def _people(parent: Any, people: list[PersonTag]) -> None:
    for person in people:
        attrs = {"role": person.role}
        if person.href:
            attrs["href"] = person.href
        if person.img:
            attrs["img"] = person.img
        _element(parent, PODCAST_NS, "person", person.name, **attrs)


@dataclass(frozen=True)
class ImageTag:
    """One `podcast:image`: the picture and its description for screen readers."""

    href: str
    alt: str


def _image(parent: Any, image: ImageTag | None) -> None:
    if image is not None:
        _element(parent, PODCAST_NS, "image", href=image.href, alt=image.alt)


# --- Apple -------------------------------------------------------------------------------------


@dataclass
class ItunesChannel:
    """The channel's `itunes:` tags."""

    author: str = ""
    owner_name: str = ""
    owner_email: str = ""
    image: str = ""
    category: str = ""
    subcategory: str | None = None
    explicit: bool = False
    show_type: str = "episodic"


class Itunes(BaseExtension):
    """Apple's channel tags, with `itunes:explicit` as `true`/`false`."""

    def __init__(self) -> None:
        self.channel = ItunesChannel()

    def extend_ns(self) -> dict[str, str]:
        """Declare `itunes:` once, on `<rss>`."""
        return {"itunes": ITUNES_NS}

    def extend_rss(self, rss_feed: Any) -> Any:
        """Write the channel tags."""
        channel = rss_feed[0]
        data = self.channel
        _element(channel, ITUNES_NS, "author", data.author)
        owner = _element(channel, ITUNES_NS, "owner")
        _element(owner, ITUNES_NS, "name", data.owner_name)
        _element(owner, ITUNES_NS, "email", data.owner_email)
        _element(channel, ITUNES_NS, "image", href=data.image)
        category = _element(channel, ITUNES_NS, "category", text=data.category)
        if data.subcategory:
            _element(category, ITUNES_NS, "category", text=data.subcategory)
        _element(channel, ITUNES_NS, "explicit", _bool(data.explicit))
        _element(channel, ITUNES_NS, "type", data.show_type)
        return rss_feed


@dataclass
class ItunesItem:
    """An item's `itunes:` tags."""

    duration: int = 0
    episode: int | None = None
    season: int | None = None
    episode_type: str = "full"
    explicit: bool | None = None
    image: str | None = None


class ItunesEntry(BaseEntryExtension):
    """Apple's item tags."""

    def __init__(self) -> None:
        self.item = ItunesItem()

    def extend_rss(self, entry: Any) -> Any:
        """Write the item tags."""
        data = self.item
        _element(entry, ITUNES_NS, "duration", str(data.duration))
        if data.episode is not None:
            _element(entry, ITUNES_NS, "episode", str(data.episode))
        if data.season is not None:
            _element(entry, ITUNES_NS, "season", str(data.season))
        _element(entry, ITUNES_NS, "episodeType", data.episode_type)
        if data.explicit is not None:
            _element(entry, ITUNES_NS, "explicit", _bool(data.explicit))
        if data.image:
            _element(entry, ITUNES_NS, "image", href=data.image)
        return entry


# --- Podcasting 2.0 ----------------------------------------------------------------------------


@dataclass
class Podcast20Channel:
    """The channel's `podcast:` tags."""

    guid: str = ""
    locked_owner: str | None = None  # `podcast:locked yes` with the owner's email
    funding: list[tuple[str, str]] = field(default_factory=list)  # (url, label)
    license: str | None = None
    license_url: str | None = None
    medium: str = "podcast"
    people: list[PersonTag] = field(default_factory=list)
    apple_verify: str | None = None  # `podcast:txt purpose="applepodcastsverify"`
    update_frequency: UpdateFrequencyTag | None = None
    image: ImageTag | None = None
    trailers: list[TrailerTag] = field(default_factory=list)
    podroll: list[RemoteItem] = field(default_factory=list)


@dataclass(frozen=True)
class UpdateFrequencyTag:
    """`podcast:updateFrequency`: an iCalendar rule and the words listeners read."""

    rrule: str
    label: str
    complete: bool = False


@dataclass(frozen=True)
class TrailerTag:
    """One `podcast:trailer`: a trailer episode's audio, date and title."""

    title: str
    url: str
    pubdate: str  # RFC 2822
    length: int
    type: str
    season: int | None = None


@dataclass(frozen=True)
class RemoteItem:
    """One `podcast:remoteItem` of the podroll: another show, by its podcast:guid."""

    feed_guid: str
    feed_url: str | None = None


class Podcast20(BaseExtension):
    """Podcasting 2.0 channel tags (https://podcastindex.org/namespace/1.0)."""

    def __init__(self) -> None:
        self.channel = Podcast20Channel()

    def extend_ns(self) -> dict[str, str]:
        """Declare `podcast:` once, on `<rss>`."""
        return {"podcast": PODCAST_NS}

    def extend_rss(self, rss_feed: Any) -> Any:
        """Write the channel tags."""
        channel = rss_feed[0]
        data = self.channel
        _element(channel, PODCAST_NS, "guid", data.guid)
        if data.locked_owner:
            _element(channel, PODCAST_NS, "locked", "yes", owner=data.locked_owner)
        for url, label in data.funding:
            _element(channel, PODCAST_NS, "funding", label, url=url)
        if data.license:
            attrs = {"url": data.license_url} if data.license_url else {}
            _element(channel, PODCAST_NS, "license", data.license, **attrs)
        _element(channel, PODCAST_NS, "medium", data.medium)
        _people(channel, data.people)
        if data.apple_verify:
            _element(channel, PODCAST_NS, "txt", data.apple_verify, purpose="applepodcastsverify")
        if data.update_frequency:
            frequency = data.update_frequency
            attrs = {"rrule": frequency.rrule}
            if frequency.complete:
                attrs["complete"] = "true"
            _element(channel, PODCAST_NS, "updateFrequency", frequency.label, **attrs)
        _image(channel, data.image)
        for trailer in data.trailers:
            attrs = {
                "pubdate": trailer.pubdate,
                "url": trailer.url,
                "length": str(trailer.length),
                "type": trailer.type,
            }
            if trailer.season is not None:
                attrs["season"] = str(trailer.season)
            _element(channel, PODCAST_NS, "trailer", trailer.title, **attrs)
        if data.podroll:
            podroll = _element(channel, PODCAST_NS, "podroll")
            for item in data.podroll:
                attrs = {"feedGuid": item.feed_guid}
                if item.feed_url:
                    attrs["feedUrl"] = item.feed_url
                _element(podroll, PODCAST_NS, "remoteItem", **attrs)
        return rss_feed


@dataclass(frozen=True)
class Transcript:
    """One `podcast:transcript`: where the file is and its MIME type."""

    url: str
    type: str
    language: str | None = None
    rel: str | None = None


@dataclass
class Podcast20Item:
    """An item's `podcast:` tags."""

    season: int | None = None
    episode: int | None = None
    people: list[PersonTag] = field(default_factory=list)
    transcripts: list[Transcript] = field(default_factory=list)
    chapters_url: str | None = None
    image: ImageTag | None = None
    soundbites: list[SoundbiteTag] = field(default_factory=list)
    social: SocialTag | None = None


@dataclass(frozen=True)
class SoundbiteTag:
    """One `podcast:soundbite`: where the extract starts and how long it is, in seconds."""

    start: float
    duration: float
    title: str | None = None


@dataclass(frozen=True)
class SocialTag:
    """`podcast:socialInteract`: the post where listeners discuss the episode."""

    protocol: str
    uri: str | None = None


def _seconds(value: float) -> str:
    """Seconds as the namespace writes them: `130` or `130.5`, never `130.0`."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


class Podcast20Entry(BaseEntryExtension):
    """Podcasting 2.0 item tags."""

    def __init__(self) -> None:
        self.item = Podcast20Item()

    def extend_rss(self, entry: Any) -> Any:
        """Write the item tags."""
        data = self.item
        if data.season is not None:
            _element(entry, PODCAST_NS, "season", str(data.season))
        if data.episode is not None:
            _element(entry, PODCAST_NS, "episode", str(data.episode))
        _people(entry, data.people)
        for transcript in data.transcripts:
            attrs = {"url": transcript.url, "type": transcript.type}
            if transcript.language:
                attrs["language"] = transcript.language
            if transcript.rel:
                attrs["rel"] = transcript.rel
            _element(entry, PODCAST_NS, "transcript", **attrs)
        if data.chapters_url:
            _element(
                entry,
                PODCAST_NS,
                "chapters",
                url=data.chapters_url,
                type="application/json+chapters",
            )
        _image(entry, data.image)
        for soundbite in data.soundbites:
            _element(
                entry,
                PODCAST_NS,
                "soundbite",
                soundbite.title,
                startTime=_seconds(soundbite.start),
                duration=_seconds(soundbite.duration),
            )
        if data.social:
            attrs = {"protocol": data.social.protocol}
            if data.social.uri:
                attrs["uri"] = data.social.uri
            _element(entry, PODCAST_NS, "socialInteract", **attrs)
        return entry


# --- WebSub ------------------------------------------------------------------------------------


class WebSubHubs(BaseExtension):
    """`<atom:link rel="hub">` for each WebSub hub, right after the feed's `rel="self"` link:
    an app subscribed through a hub hears of a new episode when `archipelago notify` pings it.

    feedgen writes only the `self` link into RSS, so the hubs are added here; `atom:` is
    declared by feedgen itself.
    """

    def __init__(self) -> None:
        self.hubs: list[str] = []

    def extend_rss(self, rss_feed: Any) -> Any:
        """Insert the hub links after the self link, in the configured order."""
        anchor = rss_feed[0].find(f"{{{ATOM_NS}}}link[@rel='self']")
        for hub in self.hubs:
            link = etree.Element(f"{{{ATOM_NS}}}link")
            link.set("href", hub)
            link.set("rel", "hub")
            anchor.addnext(link)
            anchor = link
        return rss_feed


# --- Podlove Simple Chapters -------------------------------------------------------------------


@dataclass(frozen=True)
class SimpleChapter:
    """One `psc:chapter`: its start as normal play time (`00:01:05.500`) and title."""

    start: str
    title: str
    href: str | None = None
    image: str | None = None


class PodloveChapters(BaseExtension):
    """Declares `psc:` on `<rss>`; the chapters are written per item."""

    def extend_ns(self) -> dict[str, str]:
        """Declare `psc:` once, on `<rss>`."""
        return {"psc": PSC_NS}


class PodloveChaptersEntry(BaseEntryExtension):
    """`psc:chapters`, read by Spotify, gPodder and Podlove players."""

    def __init__(self) -> None:
        self.chapters: list[SimpleChapter] = []

    def extend_rss(self, entry: Any) -> Any:
        """Write the chapter list, when there is one."""
        if not self.chapters:
            return entry
        chapters = _element(entry, PSC_NS, "chapters", version="1.2")
        for chapter in self.chapters:
            attrs = {"start": chapter.start, "title": chapter.title}
            if chapter.href:
                attrs["href"] = chapter.href
            if chapter.image:
                attrs["image"] = chapter.image
            _element(chapters, PSC_NS, "chapter", **attrs)
        return entry
