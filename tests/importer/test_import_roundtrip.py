"""Imported shows publish what their old feed did: the same GUIDs, enclosure URLs, titles and
dates, as feedparser and podcastparser read both feeds; `archipelago check` passes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import feedparser
import lxml.html
import podcastparser
import pytest

from helpers.builds import build_site
from helpers.recording_server import Answer


def readings(feed: Path) -> dict[str, list[tuple[Any, ...]]]:
    """(GUID, enclosure, title, date) of each item as each parser reads it, sorted."""
    parsed = feedparser.parse(feed.read_bytes())
    by_feedparser = sorted(
        (
            entry.get("id") or entry.enclosures[0].href,
            entry.enclosures[0].href,
            " ".join(entry.title.split()),
            tuple(entry.published_parsed[:6]),
        )
        for entry in parsed.entries
        if entry.get("enclosures")
    )
    with feed.open("rb") as handle:
        episodes = podcastparser.parse(feed.as_uri(), handle)["episodes"]
    by_podcastparser = sorted(
        (
            episode["guid"] or episode["enclosures"][0]["url"],
            episode["enclosures"][0]["url"],
            " ".join(episode["title"].split()),
            episode["published"],
        )
        for episode in episodes
    )
    return {"feedparser": by_feedparser, "podcastparser": by_podcastparser}


@pytest.mark.parametrize("fixture", ["partytime-dk-podcast.xml", "partytime-changing-the-tide.xml"])
def test_a_real_feed_is_published_again_with_the_same_identities(
    project: Path, kit: Any, fixture: str
) -> None:
    source = kit.feeds / fixture
    result = kit.run_import(project, source, "--no-files", "--artwork", str(kit.cover))
    assert result.exit_code == 0, result.output
    checked = kit.run_check(project)
    assert checked.exit_code == 0, checked.output
    site = build_site(project)
    assert readings(site / "feed.xml") == readings(source)


def test_a_feed_read_over_http_keeps_chapters_transcripts_people_and_art(
    project: Path, kit: Any, serve: Any
) -> None:
    art = kit.cover.read_bytes()
    chapters = {
        "version": "1.2.0",
        "chapters": [
            {"startTime": 0, "title": "Hello"},
            {"startTime": 12.5, "title": "Middle", "url": "https://ex.org/m"},
        ],
    }
    srt = (
        "1\n00:00:00,000 --> 00:00:05,000\nHello there.\n\n2\n00:00:05,000 --> 00:00:09,000\nBye.\n"
    )
    files = {
        "/art.png": (art, "image/png"),
        "/ep1.png": (art, "image/png"),
        "/ch1.json": (json.dumps(chapters).encode(), "application/json+chapters"),
        "/t1.srt": (srt.encode(), "application/srt"),
    }
    server = serve(files)
    extra = (
        f'<podcast:chapters url="{server.url("/ch1.json")}" type="application/json+chapters"/>'
        f'<podcast:transcript url="{server.url("/t1.srt")}" type="application/srt"/>'
        f'<itunes:image href="{server.url("/ep1.png")}"/>'
        '<podcast:person role="guest" href="https://guest.example.org/">Gia Guest</podcast:person>'
    )
    feed = kit.rss(
        [kit.item(1, extra=extra), kit.item(2)],
        channel='<podcast:person role="host">Hana Host</podcast:person>'
        f'<itunes:image href="{server.url("/art.png")}"/>'
        '<podcast:funding url="https://ex.org/give">Give</podcast:funding>'
        '<podcast:license url="https://creativecommons.org/licenses/by/4.0/">CC-BY-4.0'
        "</podcast:license><podcast:locked>no</podcast:locked>",
    )
    server.scripts["/feed.xml"] = [Answer(200, feed, content_type="application/rss+xml")]
    result = kit.run_import(project, server.url("/feed.xml"))
    assert result.exit_code == 0, result.output
    episode = (project / "content/episodes/001-episode-1.md").read_text(encoding="utf-8")
    assert "transcript: episodes/media/001-episode-1.vtt" in episode
    assert "image: episodes/media/001-episode-1.png" in episode
    assert "- start: 12.5\n  title: Middle\n  url: https://ex.org/m" in episode
    # An item's own podcast:person tags replace the channel's, as the namespace says.
    assert "guests:\n- gia-guest" in episode and "hosts" not in episode
    second = (project / "content/episodes/002-episode-2.md").read_text(encoding="utf-8")
    assert "hosts:\n- hana-host\n" in second and "guests" not in second
    vtt = (project / "content/episodes/media/001-episode-1.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:05.000\n")
    people = sorted(p.name for p in (project / "content/people").iterdir())
    assert people == ["gia-guest.md", "hana-host.md"]
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "artwork: assets/artwork.png" in config and "locked: false" in config
    assert "identifier: CC-BY-4.0" in config and "label: Give" in config
    checked = kit.run_check(project)
    assert checked.exit_code == 0, checked.output
    built = (build_site(project) / "feed.xml").read_text(encoding="utf-8")
    assert "<podcast:transcript" in built and 'role="guest"' in built
    assert readings(build_site(project) / "feed.xml")["feedparser"] == [
        reading for reading in readings(_saved(project, feed))["feedparser"]
    ]


def _saved(project: Path, feed: bytes) -> Path:
    path = project.parent / "original.xml"
    path.write_bytes(feed)
    return path


def test_download_fetches_the_audio_and_records_its_measured_facts(
    project: Path, kit: Any, serve: Any
) -> None:
    server = serve({"/ep1.mp3": (kit.audio.read_bytes(), "audio/mpeg")})
    feed = kit.rss([kit.item(1, url=server.url("/ep1.mp3"), length=None, duration=None)])
    server.scripts["/feed.xml"] = [Answer(200, feed, content_type="application/rss+xml")]
    refused = kit.run_import(project, server.url("/feed.xml"), "--artwork", str(kit.cover))
    assert refused.exit_code == 1
    assert "run the import with --download" in refused.output
    result = kit.run_import(
        project, server.url("/feed.xml"), "--artwork", str(kit.cover), "--download"
    )
    assert result.exit_code == 0, result.output
    manifest = json.loads((project / "media-manifest.json").read_text(encoding="utf-8"))
    ((url, facts),) = manifest.items()
    assert url == "https://" + server.url("/ep1.mp3").removeprefix("http://")
    assert facts["bytes"] == kit.audio.stat().st_size and len(facts["sha256"]) == 64


def test_imported_notes_read_as_they_did_on_the_old_host(
    project: Path, kit: Any, feed_file: Any
) -> None:
    notes = (
        "<p>Short intro.</p><p>Maya left her agency after ten years and found her first peers"
        " in a Tuesday co-working club.</p><p>Music: Harbour Lights<br>Editing: Sam</p>"
    )
    feed = kit.rss(
        [
            kit.item(1, description=notes),
            kit.item(2, extra="<itunes:subtitle>Two rejections, one good week</itunes:subtitle>"),
        ]
    )
    result = kit.run_import(project, feed_file(feed), "--artwork", str(kit.cover))
    assert result.exit_code == 0, result.output
    site = build_site(project)
    first = lxml.html.parse(str(site / "episodes/001-episode-1/index.html")).getroot()
    # The summary above the player is the notes' opening, not all of them again.
    assert first.xpath("string(//p[@class='archipelago-summary'])") == (
        "Short intro. Maya left her agency after ten years and found her first peers in a"
        " Tuesday co-working club."
    )
    # A line break in the old notes is a line break here, not a stray backslash.
    [credits] = first.xpath("//p[starts-with(normalize-space(), 'Music:')]")
    assert credits.xpath("count(br)") == 1
    assert "\\" not in credits.text_content()
    second = lxml.html.parse(str(site / "episodes/002-episode-2/index.html")).getroot()
    assert second.xpath("string(//p[@class='archipelago-summary'])") == (
        "Two rejections, one good week"
    )
