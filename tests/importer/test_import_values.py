"""The readers of the feed's values: dates, durations, show notes, chapters, transcripts, and
remote audio facts recorded without a digest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from archipelago.importer.assets import srt_to_vtt
from archipelago.importer.feed_values import read_date, read_duration
from archipelago.importer.notes import to_markdown, to_plain
from archipelago.podcast.audio import MediaManifest

UTC = dt.UTC


@pytest.mark.parametrize(
    ("text", "moment", "standard"),
    [
        ("Fri, 09 Oct 2020 04:30:38 GMT", dt.datetime(2020, 10, 9, 4, 30, 38, tzinfo=UTC), True),
        (
            "Fri, 09 Oct 2020 06:30:38 +0200",
            dt.datetime(2020, 10, 9, 4, 30, 38, tzinfo=UTC),
            True,
        ),
        ("2020-10-09T04:30:38Z", dt.datetime(2020, 10, 9, 4, 30, 38, tzinfo=UTC), False),
        ("2020-10-09", dt.datetime(2020, 10, 9, tzinfo=UTC), False),
        ("October 9, 2020", dt.datetime(2020, 10, 9, tzinfo=UTC), False),
        ("someday", None, False),
    ],
)
def test_dates_in_rss_and_other_forms(text: str, moment: Any, standard: bool) -> None:
    read, rfc = read_date(text)
    assert read == moment
    assert rfc is standard


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("3600", 3600.0),
        ("59:30", 3570.0),
        ("1:02:03", 3723.0),
        ("12.5", 12.5),
        ("soon", None),
        ("0", None),
    ],
)
def test_durations(text: str, seconds: float | None) -> None:
    assert read_duration(text) == seconds


def test_show_notes_are_sanitised_markdown_with_absolute_links() -> None:
    notes = (
        "<p>Hi <b>there</b> <a href='/about'>about</a> <a href='#x'>anchor</a>"
        " <a href='javascript:alert(1)'>bad</a><script>alert(2)</script></p>"
        "<ol><li>one</li></ol><iframe src='https://x.example'></iframe>"
    )
    assert to_markdown(notes, "https://old.example.org/ep/1") == (
        "Hi **there** [about](https://old.example.org/about) anchor bad\n\n1. one\n"
    )
    assert to_plain("<p>A &amp; B</p><p>&lt;b&gt; &amp;amp;</p>") == "A & B < b> & amp;"


def test_srt_becomes_webvtt() -> None:
    srt = "1\r\n00:00:01,500 --> 00:00:02,000\r\nHi.\r\n"
    assert srt_to_vtt(srt) == "WEBVTT\n\n1\n00:00:01.500 --> 00:00:02.000\nHi.\n"


def test_remote_audio_facts_need_no_digest_but_local_ones_do() -> None:
    text = '{"https://a.example/1.mp3": {"bytes": 5, "seconds": 1.0, "mime": "audio/mpeg"}}'
    manifest = MediaManifest.loads(text)
    assert manifest.get("https://a.example/1.mp3").sha256 == ""  # type: ignore[union-attr]
    assert "sha256" not in manifest.dumps()
    with pytest.raises(Exception, match="missing sha256"):
        MediaManifest.loads(
            '{"episodes/a.mp3": {"bytes": 5, "seconds": 1.0, "mime": "audio/mpeg"}}'
        )


def test_simple_chapters_are_kept_in_order_within_the_audio(
    project: Path, kit: Any, feed_file: Any
) -> None:
    chapters = (
        "<psc:chapters version='1.2'><psc:chapter start='01:02' title='Second'"
        " href='https://ex.org/2'/><psc:chapter start='0' title='First'/>"
        "<psc:chapter start='01' title='  '/><psc:chapter start='2:00:00' title='Too late'/>"
        "<psc:chapter start='00:01:10.5' title='Third' image='https://ex.org/i.png'/>"
        "</psc:chapters>"
    )
    feed = kit.rss([kit.item(1, duration="00:30:00", extra=chapters)])
    result = kit.run_import(project, feed_file(feed), "--artwork", str(kit.cover))
    assert result.exit_code == 0, result.output
    text = (project / "content/episodes/001-episode-1.md").read_text(encoding="utf-8")
    assert (
        "chapters:\n- start: 0\n  title: First\n- start: 62\n  title: Second\n"
        "  url: https://ex.org/2\n- start: 70.5\n  title: Third\n"
    ) in text
    assert "2 chapter(s) without a title" in result.output
    assert "1 chapter image(s) not kept" in result.output
    assert kit.run_check(project).exit_code == 0


def test_the_feedparser_podlove_sample_has_only_atom_enclosures(project: Path, kit: Any) -> None:
    result = kit.run_import(
        project, kit.feeds / "feedparser-psc-rss2.0simplechapter.xml", "--artwork", str(kit.cover)
    )
    assert "has no enclosure, so podcast apps never listed it" in result.output
