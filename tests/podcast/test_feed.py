"""The podcast feed as podcast apps read it: parsed by real clients' parsers and by XPath."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import feedparser
import podcastparser
import pytest
from lxml import etree

from archipelago.podcast import notes_html
from helpers.builds import build_site
from helpers.sites import REPO, add_to_show, own_audio, write

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://podcastindex.org/namespace/1.0",
    "psc": "http://podlove.org/simple-chapters",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "atom": "http://www.w3.org/2005/Atom",
}
SITE = "https://fixture.example.org/"
GOLDEN = REPO / "tests" / "fixtures" / "golden" / "fixture-feed.xml"

SECOND_EPISODE = """\
---
title: Second <3 steps > & more
number: 2
season: 1
type: bonus
published: 2026-06-01 09:30:00+02:00
guid: second-episode-guid
audio: episodes/media/002-second.mp3
explicit: true
summary: A bonus with markup-looking text.
hosts: [ada-host]
---
Notes with a <script>alert(1)</script> and [a link](../guides/going-solo.md).
"""


@pytest.fixture
def feed_site(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture site with a second (bonus) episode, built at a fixed moment."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # 2027-01-15
    own_audio(site, "002-second")
    write(site, "content/episodes/002-second.md", SECOND_EPISODE)
    return site


def feed_bytes(root: Path) -> bytes:
    return (build_site(root) / "feed.xml").read_bytes()


def test_feed_matches_the_golden_file(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    produced = feed_bytes(site)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(produced)
    assert produced == GOLDEN.read_bytes(), "feed changed: review, then UPDATE_GOLDEN=1 pytest"


def test_feedparser_reads_every_episode_as_apps_show_it(feed_site: Path) -> None:
    parsed = feedparser.parse(feed_bytes(feed_site))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Fixture Show"
    assert parsed.feed.link == SITE
    # feedparser knows only Apple's old yes/clean words; `false` must not read as explicit.
    assert parsed.feed.itunes_explicit is not True
    assert [e.title for e in parsed.entries] == ["Second <3 steps > & more", "First steps"]
    second, first = parsed.entries
    assert first.id == "3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f"
    assert first.guidislink is False
    assert first.published == "Mon, 04 May 2026 00:00:00 +0000"
    assert second.published == "Mon, 01 Jun 2026 07:30:00 +0000"
    assert first.enclosures == [
        {
            "href": SITE + "episodes/media/001-first-steps.mp3",
            "length": "3168",
            "type": "audio/mpeg",
        }
    ]
    assert first.itunes_duration == "3"
    assert first.link == SITE + "episodes/001-first-steps/"
    assert [c["title"] for c in first.psc_chapters["chapters"]] == ["Welcome", "Ben's story"]
    assert second.itunes_episodetype == "bonus"


def test_podcastparser_reads_what_gpodder_shows(feed_site: Path) -> None:
    parsed = podcastparser.parse(SITE + "feed.xml", _stream(feed_bytes(feed_site)))
    assert parsed["title"] == "Fixture Show"
    assert parsed["explicit"] is False
    assert [e["explicit"] for e in parsed["episodes"]] == [True, False]
    # podcastparser 0.6 knows `podcast:` only under the namespace's old GitHub address, so
    # gPodder reads chapters from psc:chapters; the spec's address is what we must write.
    assert "import_prohibited" not in parsed
    assert parsed["cover_url"] == SITE + "assets/cover.png"
    first = parsed["episodes"][1]
    assert first["title"] == "First steps"
    assert first["guid"] == "3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f"
    assert first["published"] == 1777852800  # 2026-05-04 00:00 UTC
    assert first["total_time"] == 3
    assert first["enclosures"] == [
        {
            "url": SITE + "episodes/media/001-first-steps.mp3",
            "file_size": 3168,
            "mime_type": "audio/mpeg",
        }
    ]
    assert first["chapters"] == [
        {"start": 0, "title": "Welcome"},
        {"start": 1, "title": "Ben's story"},
    ]
    assert first["link"] == SITE + "episodes/001-first-steps/"


def _stream(data: bytes):  # type: ignore[no-untyped-def]
    import io

    return io.BytesIO(data)


def test_namespaces_are_declared_once_on_rss(feed_site: Path) -> None:
    data = feed_bytes(feed_site)
    root = etree.fromstring(data)
    assert root.tag == "rss" and root.get("version") == "2.0"
    for prefix in ("itunes", "podcast", "psc", "content", "atom"):
        assert data.count(f"xmlns:{prefix}=".encode()) == 1, prefix
        assert root.nsmap[prefix] == NS[prefix]


def test_channel_tags(feed_site: Path) -> None:
    channel = etree.fromstring(feed_bytes(feed_site)).find("channel")
    assert channel is not None

    def one(path: str) -> str:
        [value] = channel.xpath(path, namespaces=NS)
        return str(value)

    assert one("podcast:guid/text()") == "5b0a5f0e-6c8e-5d1c-9a64-0f5f3c6b1d2e"
    assert one("podcast:locked/text()") == "yes"
    assert one("podcast:locked/@owner") == "owner@fixture.example.org"
    assert one("podcast:medium/text()") == "podcast"
    assert one("itunes:category/@text") == "Business"
    assert one("itunes:category/itunes:category/@text") == "Careers"
    assert one("itunes:explicit/text()") == "false"
    assert one("itunes:type/text()") == "episodic"
    assert one("itunes:image/@href") == SITE + "assets/cover.png"
    assert one("itunes:owner/itunes:email/text()") == "owner@fixture.example.org"
    assert one("atom:link[@rel='self']/@href") == SITE + "feed.xml"
    assert one("lastBuildDate/text()") == "Mon, 01 Jun 2026 07:30:00 +0000"
    assert one("podcast:person/text()") == "Ada Host"
    assert one("podcast:person/@role") == "host"
    assert one("podcast:person/@href") == SITE + "people/ada-host/"
    assert one("podcast:person/@img") == SITE + "people/ada-host.jpg"


def test_websub_hubs_follow_the_self_link_in_their_order(feed_site: Path) -> None:
    hubs = ["https://hub.example.org/", "https://pubsubhubbub.appspot.com/"]
    add_to_show(feed_site, "websub_hubs:", *[f"  - {hub}" for hub in hubs])
    data = feed_bytes(feed_site)
    channel = etree.fromstring(data).find("channel")
    assert channel is not None
    links = channel.xpath("atom:link", namespaces=NS)
    assert [(link.get("rel"), link.get("href")) for link in links] == [
        ("self", SITE + "feed.xml"),
        *[("hub", hub) for hub in hubs],
    ]
    parsed = feedparser.parse(data)
    assert [link.href for link in parsed.feed.links if link.rel == "hub"] == hubs


def test_an_empty_hub_list_names_no_hub(feed_site: Path) -> None:
    add_to_show(feed_site, "websub_hubs: []")
    data = feed_bytes(feed_site)
    assert b'rel="hub"' not in data
    assert b'rel="self"' in data


def test_item_tags(feed_site: Path) -> None:
    root = etree.fromstring(feed_bytes(feed_site))
    [item] = root.xpath("//item[guid='3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f']")

    def values(path: str) -> list[str]:
        return [str(v) for v in item.xpath(path, namespaces=NS)]

    assert values("guid/@isPermaLink") == ["false"]
    assert values("itunes:duration/text()") == ["3"]
    assert values("itunes:episode/text()") == ["1"]
    assert values("itunes:season/text()") == ["1"]
    assert values("itunes:episodeType/text()") == ["full"]
    assert values("itunes:explicit/text()") == ["false"]
    assert values("podcast:season/text()") == ["1"]
    assert values("podcast:episode/text()") == ["1"]
    assert values("podcast:person/@role") == ["host", "guest"]
    assert values("podcast:person/text()") == ["Ada Host", "Ben Guest"]
    assert values("podcast:transcript/@type") == ["text/vtt", "application/x-subrip", "text/html"]
    assert values("podcast:transcript/@url") == [
        SITE + "episodes/media/001-first-steps.vtt",
        SITE + "episodes/001-first-steps/transcript.srt",
        SITE + "episodes/001-first-steps/transcript.html",
    ]
    assert values("podcast:chapters/@url") == [SITE + "episodes/001-first-steps/chapters.json"]
    assert values("podcast:chapters/@type") == ["application/json+chapters"]
    assert values("psc:chapters/@version") == ["1.2"]
    assert values("psc:chapters/psc:chapter/@start") == ["00:00:00.000", "00:00:01.500"]
    description = values("description/text()")[0]
    assert "<li>0:00 Welcome</li><li>0:01 Ben&#x27;s story</li>" in description or (
        "<li>0:00 Welcome</li><li>0:01 Ben's story</li>" in description
    )


def test_show_notes_keep_only_what_apple_renders(feed_site: Path) -> None:
    root = etree.fromstring(feed_bytes(feed_site))
    [encoded] = root.xpath(
        "//item[guid='second-episode-guid']/content:encoded/text()", namespaces=NS
    )
    assert "<script" not in encoded and "alert(1)" not in encoded
    assert f'<a href="{SITE}guides/going-solo/">a link</a>' in encoded
    [title] = root.xpath("//item[guid='second-episode-guid']/title/text()")
    assert title == "Second <3 steps > & more"


def test_generated_chapters_and_transcripts(feed_site: Path) -> None:
    out = build_site(feed_site)
    folder = out / "episodes/001-first-steps"
    chapters = json.loads((folder / "chapters.json").read_text())
    assert chapters["version"] == "1.2.0"
    assert [(c["startTime"], c["title"]) for c in chapters["chapters"]] == [
        (0, "Welcome"),
        (1.5, "Ben's story"),
    ]
    assert chapters["chapters"][-1]["endTime"] == 3.168
    assert (
        (folder / "transcript.srt")
        .read_text()
        .startswith("1\n00:00:00,000 --> 00:00:01,500\nAda Host: Welcome to the fixture show.\n")
    )
    html = (folder / "transcript.html").read_text()
    assert "<cite>Ben Guest:</cite>" in html and "<p>Glad to be here.</p>" in html


def test_future_and_draft_episodes_stay_out_of_feed_and_site(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own_audio(site, "002-second")
    write(site, "content/episodes/002-second.md", SECOND_EPISODE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28: before the second
    out = build_site(site)
    feed = (out / "feed.xml").read_text()
    assert "second-episode-guid" not in feed
    assert not (out / "episodes/002-second").exists()
    assert "Second" not in (out / "episodes/index.html").read_text()
    # On its day it appears.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780295400")  # 2026-06-01 06:30 UTC: not yet
    assert "second-episode-guid" not in (build_site(site) / "feed.xml").read_text()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780297200")  # 2026-06-01 07:00 UTC
    assert "second-episode-guid" not in (build_site(site) / "feed.xml").read_text()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780299000")  # 2026-06-01 07:30 UTC: its moment
    assert "second-episode-guid" in (build_site(site) / "feed.xml").read_text()


def test_build_date_option_overrides_the_environment(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own_audio(site, "002-second")
    write(site, "content/episodes/002-second.md", SECOND_EPISODE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "  - archipelago:\n", "  - archipelago:\n      build_date: 2026-05-10\n"
        )
    )
    assert "second-episode-guid" not in (build_site(site) / "feed.xml").read_text()


def test_unpublished_episode_media_is_not_in_the_site(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    write(site, "content/episodes/media/002-secret.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n")
    draft = SECOND_EPISODE.replace("type: bonus", "type: bonus\ndraft: true").replace(
        "hosts: [ada-host]", "hosts: [ada-host]\ntranscript: episodes/media/002-secret.vtt"
    )
    own_audio(site, "002-second")
    write(site, "content/episodes/002-second.md", draft)
    out = build_site(site)
    assert not (out / "episodes/media/002-secret.vtt").exists()
    # Shared with a published episode, the audio stays.
    assert (out / "episodes/media/001-first-steps.mp3").is_file()


def test_guides_atom_feed_has_full_content(feed_site: Path) -> None:
    out = build_site(feed_site)
    parsed = feedparser.parse((out / "guides/feed.xml").read_bytes())
    assert not parsed.bozo
    assert parsed.version == "atom10"
    [guide] = parsed.entries
    assert guide.title == "Going solo"
    assert guide.link == SITE + "guides/going-solo/"
    assert guide.author == "Ada Host"
    assert "The first week alone is quiet." in guide.content[0].value
    assert parsed.feed.updated == "2026-04-20T00:00:00+00:00"


def test_every_page_announces_both_feeds(feed_site: Path) -> None:
    out = build_site(feed_site)
    for page in out.rglob("*.html"):
        # An episode's embeddable player is a bare page for other sites' frames: no head links.
        if page.name != "index.html" or page.parent.name == "embed":
            continue
        html = page.read_text()
        assert 'type="application/rss+xml" title="Fixture Show (podcast feed)"' in html, page
        assert 'type="application/atom+xml"' in html, page


def test_show_notes_for_the_feed_drop_what_apple_does_not_render() -> None:
    rendered = (
        '<h2 id="links">Links<a class="headerlink" href="#links">¶</a></h2>\n'
        '<p>See <a href="../x/" onclick="steal()">this</a> and '
        '<a href="javascript:alert(1)">that</a>.</p><img src="a.png"><script>bad()</script>'
    )
    assert notes_html.for_feed("episodes", rendered, "https://example.org/episodes/1/") == (
        '<p>Links</p>\n<p>See <a href="https://example.org/episodes/x/">this</a>'
        " and <a>that</a>.</p>"
    )


def test_feed_links_resolve_against_their_own_page_when_threads_clean_at_once() -> None:
    """One sanitizer serves every call; each call's page URL must reach its own links."""
    rendered = '<p><a href="notes/">notes</a> <img src="art.png" alt=""></p>'

    def clean_as(slug: str) -> set[str]:
        base = f"https://example.org/episodes/{slug}/"
        return {
            notes_html.for_feed(kind, rendered, base)
            for _ in range(200)
            for kind in ("episodes", "guides")
        }

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(zip("abcd", pool.map(clean_as, "abcd"), strict=True))
    for slug, cleaned in results.items():
        page = f"https://example.org/episodes/{slug}/"
        assert cleaned == {
            f'<p><a href="{page}notes/">notes</a> </p>',
            f'<p><a href="{page}notes/">notes</a> <img src="{page}art.png" alt=""></p>',
        }
