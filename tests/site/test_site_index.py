"""What templates ask of the content, and the directory as data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from archipelago.site.directory import directory_json
from archipelago.site.site_index import SiteIndex
from archipelago.urls import SiteLinks
from helpers.builds import check
from helpers.sites import own_audio, write

URLS = {
    ("episodes", "first-steps"): "episodes/001-first-steps/",
    ("directory", "harbour-cowork"): "directory/harbour-cowork/",
}


def second_episode(site: Path, *, season: int | None, number: int, slug: str) -> None:
    season_line = f"season: {season}\n" if season else ""
    write(
        site,
        f"content/episodes/{number:03d}-{slug}.md",
        f"---\ntitle: {slug}\nnumber: {number}\n{season_line}published: 2026-07-0{number}\n"
        f"guid: {slug}-guid\naudio: {own_audio(site, slug)}\nsummary: S.\n---\n",
    )


def test_seasons_group_published_episodes_newest_first(site: Path) -> None:
    second_episode(site, season=2, number=2, slug="two")
    second_episode(site, season=2, number=3, slug="three")
    second_episode(site, season=None, number=4, slug="unpublished")
    content = check(site).content
    urls = {
        **URLS,
        ("episodes", "two"): "episodes/002-two/",
        ("episodes", "three"): "episodes/003-three/",
    }
    seasons = SiteIndex(content, urls).seasons()
    assert [(s.number, [e.slug for e in s.episodes]) for s in seasons] == [
        (2, ["three", "two"]),
        (1, ["first-steps"]),
    ]


def test_durations_transcripts_and_latest(site: Path) -> None:
    hub = SiteIndex(check(site).content, URLS)
    assert hub.duration("first-steps") == 3.168
    assert [c.speaker for c in hub.transcript("first-steps")] == ["Ada Host", "Ben Guest"]
    assert [e.slug for e in hub.latest_episodes(5)] == ["first-steps"]
    assert hub.transcript("nothing") == []


def test_a_listing_is_stale_a_year_after_it_was_checked(site: Path) -> None:
    content = check(site).content
    listing = content.listings["harbour-cowork"].model  # last checked 2026-10-01
    assert not SiteIndex(content, URLS, dt.date(2027, 10, 1)).is_stale(listing)
    assert SiteIndex(content, URLS, dt.date(2027, 10, 2)).is_stale(listing)


def test_directory_filters_list_what_listings_use(site: Path) -> None:
    hub = SiteIndex(check(site).content, URLS)
    assert hub.directory_filters() == {
        "kind": ["coworking"],
        "feature": ["events", "workspace"],
        "region": ["Fixture Town"],
    }


def test_directory_json_has_every_listing_with_its_page(site: Path) -> None:
    links = SiteLinks("https://fixture.example.org/", None, URLS)
    data = json.loads(directory_json(check(site).content, links))
    assert data["count"] == 1
    [listing] = data["listings"]
    assert listing["slug"] == "harbour-cowork"
    assert listing["url"] == "https://fixture.example.org/directory/harbour-cowork/"
    assert listing["last_checked"] == "2026-10-01"
    assert listing["features"] == ["workspace", "events"]
