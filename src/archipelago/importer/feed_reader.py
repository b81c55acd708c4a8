"""An RSS podcast feed's bytes → what it says, element by element, with the line of each item.

lxml reads the XML without resolving entities or touching the network. A feed that is not
quite XML (HTML entities such as ``&nbsp;``, a wrong encoding, a stray ``&``) is read
leniently with a warning; an HTML page or an Atom feed is refused with what to do instead.
Values are kept as the feed writes them; `feed_values` and `mapping` interpret them.
"""

from __future__ import annotations

import html.entities
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lxml import etree

from archipelago.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Iterator

#: Namespaces by the key this module uses, matched by URI (several spellings) or by prefix
#: (feeds that use a prefix without declaring it).
_NAMESPACES = {
    "itunes": ("itunes.com/dtds/podcast-1.0.dtd",),
    "podcast": ("podcastindex.org/namespace", "podcastindex-org/podcast-namespace"),
    "content": ("purl.org/rss/1.0/modules/content",),
    "psc": ("podlove.org/simple-chapters",),
    "atom": ("www.w3.org/2005/atom",),
    "googleplay": ("google.com/schemas/play-podcasts",),
}
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_DECLARED_ENCODING = re.compile(rb"^(\s*<\?xml[^>]*?)\s+encoding=([\"'])[^\"']*\2", re.I)


@dataclass(frozen=True)
class Enclosure:
    """One `<enclosure>` as written."""

    url: str
    length: str | None
    type: str | None


@dataclass(frozen=True)
class PersonRef:
    """One `<podcast:person>`: name, role, link, picture."""

    name: str
    role: str | None
    href: str | None
    img: str | None


@dataclass(frozen=True)
class SimpleChapterRef:
    """One `<psc:chapter>` as written."""

    start: str
    title: str
    href: str | None
    image: str | None


@dataclass(frozen=True)
class TranscriptRef:
    """One `<podcast:transcript>`."""

    url: str
    type: str
    language: str | None


@dataclass
class SourceItem:
    """One `<item>` of the feed, as written."""

    position: int  # 1-based, in the feed's order
    line: int | None
    title: str | None = None
    link: str | None = None
    guid: str | None = None
    pub_date: str | None = None
    description: str | None = None
    content_encoded: str | None = None
    itunes_summary: str | None = None
    itunes_subtitle: str | None = None
    enclosures: list[Enclosure] = field(default_factory=list)
    duration: str | None = None
    explicit: str | None = None
    season: str | None = None
    episode: str | None = None
    episode_type: str | None = None
    image: str | None = None
    chapters_url: str | None = None
    simple_chapters: list[SimpleChapterRef] = field(default_factory=list)
    transcripts: list[TranscriptRef] = field(default_factory=list)
    persons: list[PersonRef] = field(default_factory=list)
    #: xml:base in force on the item, for relative addresses.
    base: str | None = None


@dataclass
class SourceFeed:
    """The channel of the feed and its items, as written."""

    title: str | None = None
    link: str | None = None
    description: str | None = None
    itunes_summary: str | None = None
    itunes_subtitle: str | None = None
    language: str | None = None
    copyright: str | None = None
    itunes_author: str | None = None
    owner_name: str | None = None
    owner_email: str | None = None
    managing_editor: str | None = None
    image: str | None = None
    categories: list[tuple[str, str | None]] = field(default_factory=list)
    explicit: str | None = None
    show_type: str | None = None
    podcast_guid: str | None = None
    locked: str | None = None
    funding: list[tuple[str, str]] = field(default_factory=list)
    license: tuple[str, str | None] | None = None
    persons: list[PersonRef] = field(default_factory=list)
    new_feed_url: str | None = None
    self_url: str | None = None
    base: str | None = None
    items: list[SourceItem] = field(default_factory=list)


@dataclass
class ReadFeed:
    """What reading found: the feed (None when it could not be read) and the problems."""

    feed: SourceFeed | None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def read_feed(data: bytes, shown: str) -> ReadFeed:
    """Parse the feed's bytes; ``shown`` names it in problems."""
    result = ReadFeed(None)
    root = _parse(data, shown, result)
    if root is None:
        return result
    name = _key(root)
    if name == ("atom", "feed") or etree.QName(root).localname == "feed":
        result.errors.append(
            Problem(
                shown,
                root.sourceline,
                "",
                "is an Atom feed; podcast apps and this importer read RSS 2.0 podcast feeds",
                "give the show's RSS feed: the address podcast apps subscribe to",
            )
        )
        return result
    if name[1].lower() == "html":
        result.errors.append(_html_page(data, shown))
        return result
    channel = _child(root, "", "channel") if name == ("", "rss") else None
    if channel is None:
        result.errors.append(
            Problem(
                shown,
                root.sourceline,
                "",
                f"is not an RSS feed: its root element is <{root.tag}>, not <rss><channel>",
                "give the show's RSS feed: the address podcast apps subscribe to",
            )
        )
        return result
    result.feed = _channel(channel)
    return result


# --- parsing -------------------------------------------------------------------------------


def _parser(recover: bool) -> etree.XMLParser:
    # No entity resolution, no network, no DTD: a feed cannot make the reader open files.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def _parse(data: bytes, shown: str, result: ReadFeed) -> etree._Element | None:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        result.errors.append(_html_page(data, shown))
        return None
    if not data.strip():
        result.errors.append(
            Problem(shown, None, "", "is empty", "check the address: the old host sent nothing")
        )
        return None
    try:
        return etree.fromstring(data, _parser(False))
    except etree.XMLSyntaxError as exc:
        first = exc
    text = data
    notes = []
    if b"encoding" not in data[:200].lower() and _not_utf8(data):
        # No declaration means UTF-8; many old hosts wrote Windows-1252 all the same.
        text = data.decode("cp1252", errors="replace").encode("utf-8")
        notes.append("its bytes are not UTF-8 and it declares no encoding: read as Windows-1252")
    replaced = _NAMED_ENTITY.sub(_numeric_entity, text)
    if replaced != text:
        notes.append("it uses HTML entities such as &nbsp; that XML does not define")
        text = replaced
    if notes:
        try:
            root = etree.fromstring(text, _parser(False))
        except etree.XMLSyntaxError:
            root = None
        if root is not None:
            result.warnings.append(
                Problem(
                    shown,
                    None,
                    "",
                    f"is not well-formed XML ({'; '.join(notes)}); read leniently",
                    "compare a few imported episodes with the old feed",
                )
            )
            return root
    try:
        root = etree.fromstring(text, _parser(True))
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        result.errors.append(
            Problem(
                shown,
                first.lineno,
                "",
                f"is not XML: {first.msg}",
                "check that the address is the podcast's RSS feed",
            )
        )
        return None
    result.warnings.append(
        Problem(
            shown,
            first.lineno,
            "",
            f"is not well-formed XML ({first.msg}); read leniently, some text may be lost",
            "compare the imported episodes with the old feed",
        )
    )
    return root


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _numeric_entity(match: re.Match[bytes]) -> bytes:
    name = match.group(1).decode("ascii")
    if name in _XML_ENTITIES or name not in html.entities.name2codepoint:
        return match.group(0)
    return f"&#{html.entities.name2codepoint[name]};".encode("ascii")


_ALTERNATE = re.compile(
    rb"<link\b[^>]*type=[\"']application/rss\+xml[\"'][^>]*>", re.IGNORECASE | re.DOTALL
)
_HREF = re.compile(rb"href=[\"']([^\"']+)[\"']", re.IGNORECASE)


def _html_page(data: bytes, shown: str) -> Problem:
    """An HTML page where the feed was expected, naming the feed it announces if it does."""
    announced = None
    if link := _ALTERNATE.search(data):
        href = _HREF.search(link.group(0))
        announced = href.group(1).decode("utf-8", "replace") if href else None
    fix = (
        f"import the feed the page announces: {announced}"
        if announced
        else "find the show's RSS address (your host shows it as the RSS or feed URL)"
    )
    return Problem(shown, None, "", "is an HTML page, not a podcast feed", fix)


# --- elements ------------------------------------------------------------------------------


def _key(element: etree._Element) -> tuple[str, str]:
    """(namespace key, local name): ("itunes", "image"), ("", "title")."""
    tag = element.tag
    if not isinstance(tag, str):
        return ("?", "")
    qname = etree.QName(element)
    if qname.namespace:
        uri = qname.namespace.lower()
        for key, marks in _NAMESPACES.items():
            if any(mark in uri for mark in marks):
                return key, qname.localname
        return uri, qname.localname
    if ":" in qname.localname:  # a prefix the feed never declared (read leniently)
        prefix, _, local = qname.localname.partition(":")
        return prefix.lower(), local
    return "", qname.localname


def _children(element: etree._Element) -> Iterator[tuple[tuple[str, str], etree._Element]]:
    for child in element:
        if isinstance(child.tag, str):
            yield _key(child), child


def _child(element: etree._Element, namespace: str, name: str) -> etree._Element | None:
    return next((c for key, c in _children(element) if key == (namespace, name)), None)


def _text(element: etree._Element | None) -> str | None:
    if element is None:
        return None
    text = "".join(element.itertext())
    return text if text.strip() else None


def _attr(element: etree._Element, name: str) -> str | None:
    value = element.get(name)
    return value.strip() if value and value.strip() else None


def _base(element: etree._Element) -> str | None:
    return element.get("{http://www.w3.org/XML/1998/namespace}base")


def _person(element: etree._Element) -> PersonRef | None:
    name = _text(element)
    if name is None:
        return None
    return PersonRef(
        " ".join(name.split()),
        _attr(element, "role"),
        _attr(element, "href"),
        _attr(element, "img"),
    )


def _channel(channel: etree._Element) -> SourceFeed:
    feed = SourceFeed(base=_base(channel) or _base(channel.getparent()))
    position = 0
    for key, child in _children(channel):
        match key:
            case ("", "title"):
                feed.title = _text(child)
            case ("", "link"):
                feed.link = _text(child)
            case ("", "description"):
                feed.description = _text(child)
            case ("itunes", "summary"):
                feed.itunes_summary = _text(child)
            case ("itunes", "subtitle"):
                feed.itunes_subtitle = _text(child)
            case ("", "language"):
                feed.language = _text(child)
            case ("", "copyright"):
                feed.copyright = _text(child)
            case ("itunes", "author"):
                feed.itunes_author = _text(child)
            case ("itunes", "owner"):
                feed.owner_name = _text(_child(child, "itunes", "name"))
                feed.owner_email = _text(_child(child, "itunes", "email"))
            case ("", "managingEditor"):
                feed.managing_editor = _text(child)
            case ("itunes", "image"):
                feed.image = _attr(child, "href") or _text(child) or feed.image
            case ("", "image"):
                feed.image = feed.image or _text(_child(child, "", "url"))
            case ("itunes", "category"):
                text = _attr(child, "text")
                sub = _child(child, "itunes", "category")
                if text:
                    feed.categories.append((text, _attr(sub, "text") if sub is not None else None))
            case ("itunes", "explicit"):
                feed.explicit = _text(child)
            case ("itunes", "type"):
                feed.show_type = _text(child)
            case ("podcast", "guid"):
                feed.podcast_guid = _text(child)
            case ("podcast", "locked"):
                feed.locked = _text(child)
            case ("podcast", "funding"):
                if url := _attr(child, "url"):
                    feed.funding.append((url, " ".join((_text(child) or "").split())))
            case ("podcast", "license"):
                if text := _text(child):
                    feed.license = (text.strip(), _attr(child, "url"))
            case ("podcast", "person"):
                if person := _person(child):
                    feed.persons.append(person)
            case ("itunes", "new-feed-url"):
                feed.new_feed_url = _text(child)
            case ("atom", "link"):
                if child.get("rel") == "self":
                    feed.self_url = _attr(child, "href")
            case ("", "item"):
                position += 1
                feed.items.append(_item(child, position, _base(child) or feed.base))
    return feed


def _item(element: etree._Element, position: int, base: str | None) -> SourceItem:
    item = SourceItem(position, element.sourceline, base=base)
    for key, child in _children(element):
        match key:
            case ("", "title"):
                item.title = _text(child)
            case ("", "link"):
                item.link = _text(child)
            case ("", "guid"):
                item.guid = _text(child)
            case ("", "pubDate"):
                item.pub_date = _text(child)
            case ("", "description"):
                item.description = _text(child)
            case ("content", "encoded"):
                item.content_encoded = _text(child)
            case ("itunes", "summary"):
                item.itunes_summary = _text(child)
            case ("itunes", "subtitle"):
                item.itunes_subtitle = _text(child)
            case ("", "enclosure"):
                if url := _attr(child, "url"):
                    item.enclosures.append(
                        Enclosure(url, _attr(child, "length"), _attr(child, "type"))
                    )
            case ("itunes", "duration"):
                item.duration = _text(child)
            case ("itunes", "explicit"):
                item.explicit = _text(child)
            case ("itunes", "season") | ("podcast", "season"):
                item.season = item.season or _text(child)
            case ("itunes", "episode") | ("podcast", "episode"):
                item.episode = item.episode or _text(child)
            case ("itunes", "episodeType"):
                item.episode_type = _text(child)
            case ("itunes", "image"):
                item.image = _attr(child, "href") or _text(child)
            case ("podcast", "chapters"):
                item.chapters_url = _attr(child, "url")
            case ("psc", "chapters"):
                item.simple_chapters = [
                    SimpleChapterRef(
                        _attr(c, "start") or "",
                        _attr(c, "title") or "",
                        _attr(c, "href"),
                        _attr(c, "image"),
                    )
                    for k, c in _children(child)
                    if k == ("psc", "chapter")
                ]
            case ("podcast", "transcript"):
                url, kind = _attr(child, "url"), _attr(child, "type")
                if url and kind:
                    item.transcripts.append(TranscriptRef(url, kind, _attr(child, "language")))
            case ("podcast", "person"):
                if person := _person(child):
                    item.persons.append(person)
    return item
