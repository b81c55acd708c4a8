"""The ID3 tag an episode's MP3 carries, read back by mutagen and by ffprobe."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from mutagen.id3 import ID3, TIT2, TXXX

from archipelago.content.models import Chapter
from archipelago.podcast.id3_tags import Cover, carries, episode_tag, write_tag
from helpers.audio import ffprobe
from helpers.builds import check
from helpers.sites import FIXTURE_SITE

AUDIO = FIXTURE_SITE / "content/episodes/media/001-first-steps.mp3"
COVER = Cover((FIXTURE_SITE / "content/assets/cover.png").read_bytes(), "image/png")
PAGE = "https://fixture.example.org/episodes/001-first-steps/"


def fixture_tag(**changes: object) -> ID3:
    content = check(FIXTURE_SITE).content
    assert content.show is not None
    episode = content.episodes["first-steps"].model.model_copy(update=changes)
    return episode_tag(
        episode,
        content.show,
        hosts=["Ada Host", "Ben Guest"],
        cover=COVER,
        chapters=episode.chapters,
        duration=3.168,
        page_url=PAGE,
    )


def test_mutagen_reads_back_every_field(tmp_path: Path) -> None:
    mp3 = shutil.copyfile(AUDIO, tmp_path / "a.mp3")
    assert write_tag(mp3, fixture_tag())
    tag = ID3(mp3)
    assert tag.version == (2, 4, 0)
    assert tag["TIT2"].text == ["First steps"]
    assert tag["TALB"].text == ["Fixture Show"]
    assert tag["TPE1"].text == ["Ada Host", "Ben Guest"]
    assert (tag["TRCK"].text, tag["TPOS"].text) == (["1"], ["1"])
    assert str(tag["TDRC"].text[0]) == "2026-05-04"
    assert tag.getall("APIC")[0].data == COVER.data
    assert tag.getall("WXXX")[0].url == PAGE
    chapters = sorted(tag.getall("CHAP"), key=lambda frame: frame.start_time)
    assert [(c.start_time, c.end_time, c.sub_frames["TIT2"].text[0]) for c in chapters] == [
        (0, 1500, "Welcome"),
        (1500, 3168, "Ben's story"),
    ]
    toc = tag.getall("CTOC")[0]
    assert toc.child_element_ids == [chapter.element_id for chapter in chapters]


def test_ffprobe_reads_the_chapters_and_tags(tmp_path: Path) -> None:
    mp3 = shutil.copyfile(AUDIO, tmp_path / "a.mp3")
    write_tag(mp3, fixture_tag())
    found = ffprobe(mp3)
    chapters = [
        (float(c["start_time"]), float(c["end_time"]), c["tags"]["title"])
        for c in found["chapters"]
    ]
    assert chapters == [(0.0, 1.5, "Welcome"), (1.5, 3.168, "Ben's story")]
    tags = found["format"]["tags"]
    assert (tags["title"], tags["album"], tags["date"]) == (
        "First steps",
        "Fixture Show",
        "2026-05-04",
    )
    # The audio is untouched: same length, still MP3.
    assert float(found["format"]["duration"]) == 3.168
    assert found["streams"][0]["codec_name"] == "mp3"


def test_a_chapter_link_is_carried_inside_its_chapter(tmp_path: Path) -> None:
    chapters = [Chapter(start=0, title="Intro", url="https://example.org/intro")]
    mp3 = shutil.copyfile(AUDIO, tmp_path / "a.mp3")
    write_tag(mp3, fixture_tag(chapters=chapters))
    (chapter,) = ID3(mp3).getall("CHAP")
    assert chapter.sub_frames.getall("WXXX")[0].url == "https://example.org/intro"
    assert (chapter.start_time, chapter.end_time) == (0, 3168)


def test_same_inputs_give_the_same_bytes_whatever_tag_was_there(tmp_path: Path) -> None:
    plain = shutil.copyfile(AUDIO, tmp_path / "plain.mp3")
    tagged = shutil.copyfile(AUDIO, tmp_path / "tagged.mp3")
    old = ID3()
    old.add(TIT2(encoding=3, text=["an old title from the recording app"]))
    old.add(TXXX(encoding=3, desc="encoder", text=["x" * 5000]))
    old.save(tagged, v2_version=3)
    for mp3 in (plain, tagged):
        assert write_tag(mp3, fixture_tag())
    assert plain.read_bytes() == tagged.read_bytes()
    assert carries(plain, fixture_tag())
    assert not write_tag(plain, fixture_tag())  # a second run changes nothing


def test_a_date_with_a_time_is_written_as_its_day(tmp_path: Path) -> None:
    moment = dt.datetime(2026, 6, 1, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    mp3 = shutil.copyfile(AUDIO, tmp_path / "a.mp3")
    write_tag(mp3, fixture_tag(published=moment))
    assert str(ID3(mp3)["TDRC"].text[0]) == "2026-06-01"
