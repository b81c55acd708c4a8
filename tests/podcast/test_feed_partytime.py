"""The feed as Podcast Index apps read it: podcast-partytime (tests/tools/partytime/, pinned in
its package-lock.json) parses the built feed, and each test checks what a listener's app would
show from it. podcastparser reads none of the Podcasting 2.0 tags; test_feed_namespace.py checks
their XML with lxml.

partytime 5.0.0 does not read `podcast:updateFrequency` nor `podcast:image` (only the older
`podcast:images`): those two stay checked with lxml, here and in test_feed_namespace.py.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree
from mkdocs.commands.build import build
from mkdocs.config import load_config

from helpers.builds import build_site
from helpers.listings import add_podcast_listing
from helpers.partytime import parse_feed
from helpers.sites import REPO, add_to_show
from helpers.trailer import DISCUSSION

NS = {"podcast": "https://podcastindex.org/namespace/1.0"}
SITE = "https://fixture.example.org/"
PODROLL_GUID = "917393e3-1b1e-5cef-ace4-edaa54e1f810"
GUID_ONLY = "6f2a1c3e-0b4d-5e6f-8a9b-1c2d3e4f5a6b"

SHOW_OPTIONS = (
    "apple_verify: 'a1b2c3d4e5'",
    "update_frequency: {rrule: 'FREQ=WEEKLY;BYDAY=MO', label: Every Monday}",
    "artwork_alt: A lighthouse on a rock",
    "funding: [{label: Support the show, url: 'https://fixture.example.org/support/'}]",
    "license: {identifier: CC-BY-4.0, url: 'https://creativecommons.org/licenses/by/4.0/'}",
)


def read(root: Path) -> dict[str, Any]:
    """Build ``root`` and read its feed with partytime, which must not have warned about it."""
    feed = parse_feed(build_site(root) / "feed.xml")
    assert feed["warnings"] == [], feed["warnings"]
    return feed


def item(feed: dict[str, Any], title: str) -> dict[str, Any]:
    [found] = [i for i in feed["items"] if i["title"] == title]
    return found


def channel_xml(root: Path) -> etree._Element:
    channel = etree.parse(root / "site" / "feed.xml").find("channel")
    assert channel is not None
    return channel


def test_apple_finds_the_ownership_code_in_the_feed(tagged_site: Path) -> None:
    add_to_show(tagged_site, *SHOW_OPTIONS)
    feed = read(tagged_site)
    assert feed["podcastTxt"] == [{"value": "a1b2c3d4e5", "purpose": "applepodcastsverify"}]


def test_no_ownership_code_unless_configured(tagged_site: Path) -> None:
    assert "podcastTxt" not in read(tagged_site)


def test_apps_see_every_podcasting_tag_partytime_knows(tagged_site: Path) -> None:
    """The tags partytime found, by Podcasting 2.0 phase: a tag written so that partytime
    could not read it would be missing here."""
    add_to_show(tagged_site, *SHOW_OPTIONS)
    podroll = f"podcast:\n  guid: {PODROLL_GUID}\n  feed_url: https://known.example.org/feed.xml"
    add_podcast_listing(tagged_site, "known-show", "Known Show", podroll)
    assert read(tagged_site)["pc20support"] == {
        "1": ["locked", "funding", "transcript", "chapters", "soundbite"],
        "2": ["person", "season", "episode"],
        "3": ["trailer", "license", "guid"],
        "4": ["medium"],
        "5": ["socialInteract"],
        "6": ["txt", "podroll"],
    }


def test_the_schedule_promised_to_listeners(tagged_site: Path) -> None:
    """partytime 5.0.0 does not read `podcast:updateFrequency` (no field of its FeedObject
    carries it), so the tag is checked with lxml: rrule, the words shown, and `complete`."""
    add_to_show(tagged_site, *SHOW_OPTIONS)
    feed = read(tagged_site)
    assert not any("requency" in key for key in feed), sorted(feed)
    [frequency] = channel_xml(tagged_site).xpath("podcast:updateFrequency", namespaces=NS)
    assert (frequency.get("rrule"), frequency.text) == ("FREQ=WEEKLY;BYDAY=MO", "Every Monday")
    assert frequency.get("complete") is None


def test_a_finished_show_says_no_more_episodes_will_come(tagged_site: Path) -> None:
    """See test_the_schedule_promised_to_listeners: lxml, since partytime skips the tag."""
    add_to_show(
        tagged_site, "update_frequency: {rrule: FREQ=MONTHLY, label: Ended, complete: true}"
    )
    read(tagged_site)
    [frequency] = channel_xml(tagged_site).xpath("podcast:updateFrequency", namespaces=NS)
    assert (frequency.get("complete"), frequency.text) == ("true", "Ended")


def test_screen_readers_get_the_artworks_description(tagged_site: Path) -> None:
    """partytime reads the artwork from `<image>` and `itunes:image`, but not `podcast:image`
    (it knows only the older `podcast:images`): its alt text is checked with lxml."""
    add_to_show(tagged_site, *SHOW_OPTIONS)
    feed = read(tagged_site)
    cover = SITE + "assets/cover.png"
    assert (feed["image"]["url"], feed["itunesImage"]) == (cover, cover)
    assert "podcastImages" not in feed
    [image] = channel_xml(tagged_site).xpath("podcast:image", namespaces=NS)
    assert (image.get("href"), image.get("alt")) == (cover, "A lighthouse on a rock")
    trailer = item(feed, "Coming soon")
    assert trailer["image"] == cover
    [image] = channel_xml(tagged_site).xpath(
        "item[title='Coming soon']/podcast:image", namespaces=NS
    )
    assert (image.get("href"), image.get("alt")) == (cover, "An island in ink")


def test_the_trailer_is_offered_as_a_preview_of_the_show(tagged_site: Path) -> None:
    feed = read(tagged_site)
    episode = item(feed, "Coming soon")
    assert feed["trailers"] == [
        {
            "title": "Coming soon",
            "url": episode["enclosure"]["url"],
            "pubdate": "2026-04-27T00:00:00.000Z",
            "type": "audio/mpeg",
            "length": episode["enclosure"]["length"],
            "season": 1,
        }
    ]
    assert episode["itunesEpisodeType"] == "trailer"


def test_soundbites_play_the_chosen_extracts(tagged_site: Path) -> None:
    """An untitled soundbite is valid (the namespace leaves the title to the app); partytime
    shows it under the show's title."""
    feed = read(tagged_site)
    assert item(feed, "Coming soon")["podcastSoundbites"] == [
        {"startTime": 5, "duration": 20, "title": "The one line to remember"},
        {"startTime": 2, "duration": 15.5, "title": "Fixture Show"},
    ]
    assert "podcastSoundbites" not in item(feed, "First steps")


def test_listeners_can_join_the_episodes_discussion(tagged_site: Path) -> None:
    feed = read(tagged_site)
    assert item(feed, "Coming soon")["podcastSocialInteraction"] == [
        {"platform": "activitypub", "id": "", "url": DISCUSSION}
    ]
    assert "podcastSocialInteraction" not in item(feed, "First steps")


def test_comments_switched_off_show_no_thread(tagged_site: Path) -> None:
    trailer = tagged_site / "content/episodes/000-trailer.md"
    text = trailer.read_text(encoding="utf-8")
    trailer.write_text(text.replace(f"  url: {DISCUSSION}", "  protocol: disabled"))
    assert "podcastSocialInteraction" not in item(read(tagged_site), "Coming soon")


def test_the_podroll_recommends_directory_shows_by_their_guid(tagged_site: Path) -> None:
    known = f"podcast:\n  guid: {PODROLL_GUID}\n  feed_url: https://known.example.org/feed.xml"
    add_podcast_listing(tagged_site, "known-show", "Known Show", known)
    add_podcast_listing(tagged_site, "guid-only", "Guid Only", f"podcast:\n  guid: {GUID_ONLY}")
    unknown = "podcast:\n  feed_url: https://unknown.example.org/feed.xml"
    add_podcast_listing(tagged_site, "unknown-show", "Unknown Show", unknown)
    assert read(tagged_site)["podroll"] == [
        {"feedGuid": GUID_ONLY},
        {"feedGuid": PODROLL_GUID, "feedUrl": "https://known.example.org/feed.xml"},
    ]


def test_no_podroll_without_recommended_shows(tagged_site: Path) -> None:
    assert "podroll" not in read(tagged_site)


def test_the_show_is_identified_locked_and_funded(tagged_site: Path) -> None:
    add_to_show(tagged_site, *SHOW_OPTIONS)
    feed = read(tagged_site)
    assert feed["guid"] == "5b0a5f0e-6c8e-5d1c-9a64-0f5f3c6b1d2e"
    assert (feed["locked"], feed["podcastOwner"]) == (True, "owner@fixture.example.org")
    assert feed["podcastFunding"] == [
        {"message": "Support the show", "url": "https://fixture.example.org/support/"}
    ]
    assert feed["license"] == {
        "identifier": "CC-BY-4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert feed["medium"] == "podcast"
    assert feed["podcastPeople"] == [
        {
            "name": "Ada Host",
            "role": "Host",
            "group": "Cast",
            "img": SITE + "people/ada-host.jpg",
            "href": SITE + "people/ada-host/",
        }
    ]


def test_an_episode_plays_with_its_chapters_transcripts_and_people(tagged_site: Path) -> None:
    feed = read(tagged_site)
    assert [i["guid"] for i in feed["items"]] == [
        "3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f",
        "trailer-episode-guid",
    ]
    episode = item(feed, "First steps")
    audio = tagged_site / "content/episodes/media/001-first-steps.mp3"
    assert episode["enclosure"] == {
        "url": SITE + "episodes/media/001-first-steps.mp3",
        "length": audio.stat().st_size,
        "type": "audio/mpeg",
    }
    page = SITE + "episodes/001-first-steps/"
    assert episode["podcastChapters"] == {
        "url": page + "chapters.json",
        "type": "application/json+chapters",
    }
    assert episode["podcastTranscripts"] == [
        {
            "url": SITE + "episodes/media/001-first-steps.vtt",
            "type": "text/vtt",
            "language": "en",
            "rel": "captions",
        },
        {"url": page + "transcript.srt", "type": "application/srt", "language": "en"},
        {"url": page + "transcript.html", "type": "text/html", "language": "en"},
    ]
    assert [(p["name"], p["role"]) for p in episode["podcastPeople"]] == [
        ("Ada Host", "Host"),
        ("Ben Guest", "Guest"),
    ]
    assert (episode["podcastSeason"], episode["podcastEpisode"]) == ({"number": 1}, {"number": 1})


def front_matter(path: Path) -> dict[str, Any]:
    _, block, _ = path.read_text(encoding="utf-8").split("---\n", 2)
    data: dict[str, Any] = yaml.safe_load(block)
    return data


def test_every_shipped_episode_reaches_listeners(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The project's own feed: each published episode is read with its GUID, its audio (the
    file's size), its chapters when it has any and its transcripts, all at built files."""
    now = int(time.time())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(now))
    out = tmp_path / "site"
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(out), strict=True)
    build(config)
    site_url = config["site_url"]
    feed = parse_feed(out / "feed.xml")
    assert feed["warnings"] == [], feed["warnings"]
    items = {i["guid"]: i for i in feed["items"]}
    today = dt.datetime.fromtimestamp(now, dt.UTC).date()
    shipped = {}
    for source in sorted((REPO / "content/episodes").glob("*.md")):
        meta = front_matter(source)
        if not meta.get("draft") and meta["published"] <= today:
            shipped[meta["guid"]] = meta
    assert shipped, "no published episode in content/episodes"
    assert sorted(items) == sorted(shipped)

    def built(url: str) -> Path:
        assert url.startswith(site_url), url
        return out / url.removeprefix(site_url)

    for guid, meta in shipped.items():
        episode = items[guid]
        audio = REPO / "content" / meta["audio"]
        assert episode["enclosure"] == {
            "url": site_url + meta["audio"],
            "length": audio.stat().st_size,
            "type": "audio/mpeg",
        }, guid
        assert built(episode["enclosure"]["url"]).is_file(), guid
        if meta.get("chapters"):
            chapters = episode["podcastChapters"]
            assert chapters["type"] == "application/json+chapters", guid
            assert built(chapters["url"]).is_file(), guid
        else:
            assert "podcastChapters" not in episode, guid
        transcripts = episode["podcastTranscripts"]
        assert {t["type"] for t in transcripts} == {"text/vtt", "application/srt", "text/html"}
        assert transcripts[0]["url"] == site_url + meta["transcript"], guid
        for transcript in transcripts:
            assert built(transcript["url"]).is_file(), (guid, transcript)
