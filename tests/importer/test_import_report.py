"""Bad and odd feeds get a clear report, never a crash: errors stop the import before any
file is written, warnings say what was done about an odd but importable thing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

ART = ("--artwork",)


def imported(project: Path, kit: Any, source: Path | str, *options: str) -> Any:
    return kit.run_import(project, source, *ART, str(kit.cover), *options)


def test_every_problem_is_reported_in_one_run_and_nothing_is_written(
    project: Path, kit: Any, feed_file: Any
) -> None:
    before = kit.tree(project)
    feed = kit.rss(
        [
            kit.item(1, pubDate="someday"),
            kit.item(2, url="https://media.example.org/ep2.ogg", type="audio/ogg"),
            kit.item(3, length=None),
            kit.item(4),
        ]
    )
    result = imported(project, kit, feed_file(feed))
    assert result.exit_code == 1
    assert "item 1 'Episode 1' <pubDate>: 'someday' is not a date" in result.output
    assert "item 2 'Episode 2' <enclosure>: is of type 'audio/ogg'" in result.output
    assert "item 3 'Episode 3' <enclosure>: the feed does not give the audio's length" in (
        result.output
    )
    assert "nothing imported" in result.output and "3 problems" in result.output
    assert kit.tree(project) == before


def test_an_html_page_is_refused_naming_the_feed_it_announces(
    project: Path, kit: Any, feed_file: Any
) -> None:
    page = (
        b"<!DOCTYPE html><html><head><link rel='alternate' type='application/rss+xml'"
        b" href='https://host.example/feed.rss'></head><body>Hi</body></html>"
    )
    result = imported(project, kit, feed_file(page, "page.html"))
    assert result.exit_code == 1
    assert "is an HTML page, not a podcast feed" in result.output
    assert "import the feed the page announces: https://host.example/feed.rss" in result.output


def test_an_atom_feed_is_refused(project: Path, kit: Any) -> None:
    result = imported(project, kit, kit.feeds / "feedparser-x80_windows-1252.xml")
    assert result.exit_code == 1
    assert "is an Atom feed" in result.output


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("podcastparser-no_enclosure.rss", "has no enclosure, so podcast apps never listed it"),
        ("podcastparser-relative.rss", "is relative and the feed gives nothing to resolve it"),
        ("podcastparser-html_in_description.rss", "is of type None"),
        ("podcastparser-no_guid.rss", "has no GUID; apps knew it by its audio address"),
    ],
)
def test_small_odd_feeds_of_podcastparsers_suite_are_reported(
    project: Path, kit: Any, fixture: str, expected: str
) -> None:
    before = kit.tree(project)
    result = imported(project, kit, kit.feeds / fixture)
    assert expected in result.output
    assert "Traceback" not in result.output
    if result.exit_code:
        assert kit.tree(project) == before


def test_missing_lengths_and_durations_ask_for_download(project: Path, kit: Any) -> None:
    result = imported(project, kit, kit.feeds / "partytime-example.xml", "--no-files")
    assert result.exit_code == 1
    assert "run the import with --download" in result.output


def test_duplicate_guids_keep_the_first_item(project: Path, kit: Any, feed_file: Any) -> None:
    feed = kit.rss([kit.item(1), kit.item(2, guid="guid-1")])
    result = imported(project, kit, feed_file(feed))
    assert result.exit_code == 0, result.output
    assert "has the GUID 'guid-1' of item 1, so apps showed only one of them" in result.output
    assert len(list((project / "content/episodes").glob("*.md"))) == 1


def test_a_feed_in_windows_1252_without_a_declaration_is_read(
    project: Path, kit: Any, feed_file: Any
) -> None:
    feed = kit.rss([kit.item(1, title="Café – crème")], encoding=None)
    raw = feed.decode("utf-8").encode("cp1252")
    result = imported(project, kit, feed_file(raw))
    assert result.exit_code == 0, result.output
    assert "read as Windows-1252" in result.output
    text = (project / "content/episodes/001-cafe-creme.md").read_text(encoding="utf-8")
    assert "title: Café – crème" in text


def test_html_entities_dates_titles_and_huge_notes_are_read_with_warnings(
    project: Path, kit: Any, feed_file: Any
) -> None:
    feed = kit.rss(
        [
            kit.item(1, title="Tom &amp; <b>Jerry</b>", description="A&nbsp;B " * 2000),
            kit.item(2, pubDate="2025-06-02T10:00:00Z"),
            kit.item(3, url="http://media.example.org/ep3.mp3"),
        ]
    ).replace(b"A&amp;nbsp;B", b"A&nbsp;B")
    result = imported(project, kit, feed_file(feed))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "HTML entities such as &nbsp;" in out
    assert "holds HTML markup; kept as written" in out
    assert (
        "'2025-06-02T10:00:00Z' is not an RSS (RFC 822) date: read as 2025-06-02T10:00:00+00:00"
        in out
    )
    # The huge notes are the body; the summary above the player is only their opening.
    [first] = (project / "content" / "episodes").glob("001-*.md")
    summary = yaml.safe_load(first.read_text(encoding="utf-8").split("---")[1])["summary"]
    assert summary.startswith("A B A B") and summary.endswith("…")
    assert len(summary) <= 500
    assert "the audio is served over http" in out
    lock = json.loads((project / "publish-lock.json").read_text(encoding="utf-8"))
    moved = next(e for e in lock["episodes"] if e["guid"] == "guid-3")
    assert moved["enclosure"] == "https://media.example.org/ep3.mp3"
    assert moved["previous_enclosures"] == ["http://media.example.org/ep3.mp3"]
    assert kit.run_check(project).exit_code == 0


def test_an_unreachable_feed_is_a_clear_error(project: Path, kit: Any) -> None:
    result = kit.run_import(project, "http://127.0.0.1:9/feed.xml", "--timeout", "2")
    assert result.exit_code == 1
    assert "could not read http://127.0.0.1:9/feed.xml" in result.output


def test_a_project_with_another_show_is_refused(project: Path, kit: Any, feed_file: Any) -> None:
    assert imported(project, kit, feed_file(kit.rss([kit.item(1)]))).exit_code == 0
    other = kit.rss([kit.item(1)]).replace(b"Synthetic Show", b"Another Show")
    result = imported(project, kit, feed_file(other, "other.xml"))
    assert result.exit_code == 1
    assert "already describes another show ('Synthetic Show')" in result.output


def test_a_channel_without_language_or_explicit_says_what_was_assumed(
    project: Path, kit: Any, feed_file: Any
) -> None:
    feed = (
        kit.rss([kit.item(1)])
        .replace(b"<language>en</language>", b"")
        .replace(b"<itunes:explicit>false</itunes:explicit>", b"")
    )
    result = imported(project, kit, feed_file(feed))
    assert result.exit_code == 0, result.output
    assert "channel <language>: the feed names no language: written as en" in result.output
    assert (
        "channel <itunes:explicit>: the feed does not say whether it is explicit:"
        " written as false" in result.output
    )
    assert "None" not in result.output
