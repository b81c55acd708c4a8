"""The Podcasting 2.0 tags of #20 as apps read them: txt, updateFrequency, image, trailer,
soundbite, socialInteract and the podroll, checked with lxml and the namespace, and the
feed still read cleanly by feedparser and podcastparser."""

from __future__ import annotations

import io
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree

from helpers.builds import build_site, messages
from helpers.listings import add_podcast_listing
from helpers.sites import add_to_show
from helpers.trailer import DISCUSSION

NS = {"podcast": "https://podcastindex.org/namespace/1.0"}
SITE = "https://fixture.example.org/"
PODROLL_GUID = "917393e3-1b1e-5cef-ace4-edaa54e1f810"


def channel_of(root: Path) -> etree._Element:
    feed = (build_site(root) / "feed.xml").read_bytes()
    parsed = feedparser.parse(feed)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(podcastparser.parse(SITE + "feed.xml", io.BytesIO(feed))["episodes"]) >= 1
    channel = etree.fromstring(feed).find("channel")
    assert channel is not None
    return channel


def item_titled(channel: etree._Element, title: str) -> etree._Element:
    [item] = channel.xpath(f"item[title='{title}']")
    return item


def test_show_options_become_txt_and_update_frequency(tagged_site: Path) -> None:
    add_to_show(
        tagged_site,
        "apple_verify: 'a1b2c3d4e5'",
        "update_frequency: {rrule: 'FREQ=WEEKLY;BYDAY=MO', label: Every Monday}",
        "artwork_alt: A lighthouse on a rock",
    )
    channel = channel_of(tagged_site)
    [txt] = channel.xpath("podcast:txt", namespaces=NS)
    assert (txt.get("purpose"), txt.text) == ("applepodcastsverify", "a1b2c3d4e5")
    [frequency] = channel.xpath("podcast:updateFrequency", namespaces=NS)
    assert frequency.get("rrule") == "FREQ=WEEKLY;BYDAY=MO"
    assert frequency.text == "Every Monday"
    assert frequency.get("complete") is None
    [image] = channel.xpath("podcast:image", namespaces=NS)
    assert image.get("href") == SITE + "assets/cover.png"
    assert image.get("alt") == "A lighthouse on a rock"


def test_without_the_options_the_channel_has_neither_tag(tagged_site: Path) -> None:
    channel = channel_of(tagged_site)
    assert channel.xpath("podcast:txt | podcast:updateFrequency", namespaces=NS) == []
    # The show's title describes its artwork when nobody wrote a description.
    [image] = channel.xpath("podcast:image", namespaces=NS)
    assert image.get("alt") == "Fixture Show"


def test_a_finished_show_says_so(tagged_site: Path) -> None:
    add_to_show(
        tagged_site, "update_frequency: {rrule: FREQ=MONTHLY, label: Ended, complete: true}"
    )
    [frequency] = channel_of(tagged_site).xpath("podcast:updateFrequency", namespaces=NS)
    assert frequency.get("complete") == "true"


def test_each_trailer_is_offered_in_the_channel(tagged_site: Path) -> None:
    channel = channel_of(tagged_site)
    [trailer] = channel.xpath("podcast:trailer", namespaces=NS)
    enclosure = item_titled(channel, "Coming soon").find("enclosure")
    assert trailer.text == "Coming soon"
    assert trailer.get("url") == enclosure.get("url")
    assert trailer.get("length") == enclosure.get("length")
    assert trailer.get("type") == "audio/mpeg"
    assert trailer.get("pubdate") == "Mon, 27 Apr 2026 00:00:00 +0000"
    assert trailer.get("season") == "1"


def test_episode_soundbites_image_and_discussion(tagged_site: Path) -> None:
    channel = channel_of(tagged_site)
    trailer = item_titled(channel, "Coming soon")
    bites = [
        (b.get("startTime"), b.get("duration"), b.text)
        for b in trailer.xpath("podcast:soundbite", namespaces=NS)
    ]
    assert bites == [("5", "20", "The one line to remember"), ("2", "15.5", None)]
    [social] = trailer.xpath("podcast:socialInteract", namespaces=NS)
    assert social.get("protocol") == "activitypub"
    assert social.get("uri") == DISCUSSION
    [image] = trailer.xpath("podcast:image", namespaces=NS)
    assert (image.get("href"), image.get("alt")) == (SITE + "assets/cover.png", "An island in ink")
    # The fixture episode has none of these, and no image to describe.
    first = item_titled(channel, "First steps")
    assert first.xpath("podcast:soundbite | podcast:socialInteract", namespaces=NS) == []
    assert first.xpath("podcast:image", namespaces=NS) == []


def test_comments_switched_off_need_no_address(tagged_site: Path) -> None:
    trailer = tagged_site / "content/episodes/000-trailer.md"
    text = trailer.read_text(encoding="utf-8")
    trailer.write_text(text.replace(f"  url: {DISCUSSION}", "  protocol: disabled"))
    [social] = item_titled(channel_of(tagged_site), "Coming soon").xpath(
        "podcast:socialInteract", namespaces=NS
    )
    assert social.attrib == {"protocol": "disabled"}


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            "    duration: 20\n",
            "    duration: 10\n",
            "content/episodes/000-trailer.md:14: soundbites[0].duration: expected a number at least"
            " 15.0, got 10",
        ),
        (
            "  - start: 2\n",
            "  - start: '0:30'\n",
            "content/episodes/000-trailer.md:16: soundbites[1].start: runs to 0:45.5,"
            " after the audio ends (0:40",
        ),
        (
            f"  url: {DISCUSSION}",
            "  protocol: bluesky",
            "content/episodes/000-trailer.md:18: social.url: a discussion needs the post's address",
        ),
    ],
    ids=["too-short", "past-the-end", "no-address"],
)
def test_soundbites_and_discussions_are_checked(
    tagged_site: Path, replace: str, by: str, expected: str
) -> None:
    trailer = tagged_site / "content/episodes/000-trailer.md"
    text = trailer.read_text(encoding="utf-8")
    assert replace in text
    trailer.write_text(text.replace(replace, by), encoding="utf-8")
    found = messages(tagged_site)
    assert any(message.startswith(expected) for message in found), found


def test_podroll_lists_directory_shows_with_a_known_guid(tagged_site: Path) -> None:
    known = f"podcast:\n  guid: {PODROLL_GUID}\n  feed_url: https://known.example.org/feed.xml"
    add_podcast_listing(tagged_site, "known-show", "Known Show", known)
    guid_only = "podcast:\n  guid: 6f2a1c3e-0b4d-5e6f-8a9b-1c2d3e4f5a6b"
    add_podcast_listing(tagged_site, "guid-only", "Guid Only", guid_only)
    # A show whose guid nobody looked up stays out: a podroll item is named by its guid.
    unknown = "podcast:\n  feed_url: https://unknown.example.org/feed.xml"
    add_podcast_listing(tagged_site, "unknown-show", "Unknown Show", unknown)
    [podroll] = channel_of(tagged_site).xpath("podcast:podroll", namespaces=NS)
    items = [(i.get("feedGuid"), i.get("feedUrl")) for i in podroll]
    assert items == [
        ("6f2a1c3e-0b4d-5e6f-8a9b-1c2d3e4f5a6b", None),
        (PODROLL_GUID, "https://known.example.org/feed.xml"),
    ]


def test_no_podroll_without_recommended_shows(tagged_site: Path) -> None:
    assert channel_of(tagged_site).xpath("podcast:podroll", namespaces=NS) == []


def test_podroll_adds_the_shows_own_list_once_each(tagged_site: Path) -> None:
    known = f"podcast:\n  guid: {PODROLL_GUID}\n  feed_url: https://known.example.org/feed.xml"
    add_podcast_listing(tagged_site, "known-show", "Known Show", known)
    add_to_show(
        tagged_site,
        "podroll:",
        "  - name: Elsewhere",
        "    website: https://elsewhere.example.org/",
        "    guid: 0c1d2e3f-4a5b-5c6d-8e7f-9a0b1c2d3e4f",
        "  - name: Known Show again",
        "    feed_url: https://known.example.org/feed.xml",
        f"    guid: {PODROLL_GUID}",
        "  - name: No guid yet",
        "    website: https://no-guid.example.org/",
    )
    [podroll] = channel_of(tagged_site).xpath("podcast:podroll", namespaces=NS)
    # Listed shows first; a show both listed and in podroll: is named once; no guid, no item.
    assert [i.get("feedGuid") for i in podroll] == [
        PODROLL_GUID,
        "0c1d2e3f-4a5b-5c6d-8e7f-9a0b1c2d3e4f",
    ]
