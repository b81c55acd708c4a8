"""Each broken input of the podcast feed fails with a clear message, and no feed is written.

Every case breaks a copy of the fixture site, pins the exact lines `archipelago check` prints,
then runs a real build: it must abort, log the same lines, and leave the previous
`site/feed.xml` as it was.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort
from PIL import Image

from helpers.builds import build_site, messages
from helpers.sites import MEDIA, own_audio, record_media_facts, write

EPISODE = "content/episodes/001-first-steps.md"
TRANSCRIPT = "content/episodes/media/001-first-steps.vtt"
COVER = "content/assets/cover.png"
OLD_FEED = "<rss>the feed of the previous build</rss>\n"


def replace(root: Path, relative: str, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in a file of the copy."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def add_episode(root: Path, *, guid: str = "second-episode-guid", audio: str) -> None:
    """A second, valid episode of season 1 that plays ``audio``."""
    write(
        root,
        "content/episodes/002-second.md",
        "---\ntitle: Second\nnumber: 2\nseason: 1\npublished: 2026-05-11\n"
        f"guid: {guid}\naudio: {audio}\nsummary: The second one.\n---\nNotes.\n",
    )


def add_show_option(root: Path, line: str) -> None:
    """One more `key: value` under the show block of mkdocs.yml, before `guid:` (line 34)."""
    replace(root, "mkdocs.yml", "        guid: 5b0a", f"        {line}\n        guid: 5b0a")


# --- the ways to break the site ------------------------------------------------------------


def small_show_artwork(root: Path) -> None:
    Image.new("RGB", (500, 500), "teal").save(root / COVER)


def cmyk_show_artwork(root: Path) -> None:
    Image.new("CMYK", (1400, 1400), (80, 0, 30, 10)).save(root / "content/assets/cover.jpg")
    replace(root, "mkdocs.yml", "artwork: assets/cover.png", "artwork: assets/cover.jpg")


def transparent_show_artwork(root: Path) -> None:
    Image.new("RGBA", (1400, 1400), (0, 128, 128, 128)).save(root / COVER)


def jpeg_named_png(root: Path) -> None:
    Image.new("RGB", (1400, 1400), "teal").save(root / COVER, format="JPEG")


def oblong_episode_artwork(root: Path) -> None:
    Image.new("RGB", (1400, 1600), "teal").save(root / "content/episodes/media/001-art.png")
    replace(
        root, EPISODE, "explicit: false\n", "explicit: false\nimage: episodes/media/001-art.png\n"
    )


def explicit_yes(root: Path) -> None:
    replace(root, EPISODE, "explicit: false", "explicit: yes")


def shared_guid(root: Path) -> None:
    add_episode(
        root,
        guid="3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f",  # the GUID of 001-first-steps
        audio=own_audio(root, "002-second"),
    )


def http_enclosure(root: Path) -> None:
    replace(
        root,
        EPISODE,
        "audio: episodes/media/001-first-steps.mp3",
        "audio: http://cdn.example.org/001-first-steps.mp3",
    )


def http_media_base_url(root: Path) -> None:
    add_show_option(root, "media_base_url: http://cdn.example.org/show/")


def subcategory_as_category(root: Path) -> None:
    replace(
        root,
        "mkdocs.yml",
        "category: Business\n        subcategory: Careers\n",
        "category: Careers\n",
    )


def subcategory_of_another_category(root: Path) -> None:
    replace(root, "mkdocs.yml", "subcategory: Careers", "subcategory: Comedy Interviews")


def text_as_mp3(root: Path) -> None:
    write(root, "content/episodes/media/002-second.mp3", "These are show notes, not audio.\n" * 20)
    add_episode(root, audio="episodes/media/002-second.mp3")


def text_as_mp3_with_made_up_facts(root: Path) -> None:
    text_as_mp3(root)
    facts = {"bytes": 680, "mime": "audio/mpeg", "seconds": 1.5, "sha256": "0" * 64}
    record_media_facts(root, "episodes/media/002-second.mp3", facts)


def audio_replaced(root: Path) -> None:
    shutil.copyfile(MEDIA / "tone-cbr.mp3", root / "content/episodes/media/001-first-steps.mp3")


def audio_not_recorded(root: Path) -> None:
    shutil.copyfile(MEDIA / "tone-vbr.mp3", root / "content/episodes/media/002-second.mp3")
    add_episode(root, audio="episodes/media/002-second.mp3")


def chapter_after_the_end(root: Path) -> None:
    replace(
        root,
        EPISODE,
        "    title: Ben's story\n",
        "    title: Ben's story\n  - start: '0:05'\n    title: Goodbye\n",
    )


def transcript_too_long(root: Path) -> None:
    replace(root, TRANSCRIPT, "00:00:01.500 --> 00:00:03.000", "00:00:01.500 --> 00:00:09.000")


def transcript_bad_timing(root: Path) -> None:
    replace(root, TRANSCRIPT, "00:00:01.500 --> 00:00:03.000", "00:00:01.500 -> 00:00:03.000")


# --- what a contributor reads ------------------------------------------------------------------

APPLE_SQUARE = "Apple needs a square between 1400×1400 and 3000×3000 px"
CHANGED = (
    "content/episodes/001-first-steps.md:8: audio: 'episodes/media/001-first-steps.mp3' changed"
    " since its facts were recorded: bytes 3168 recorded, 16508 now; seconds 3.168 recorded,"
    " 2.0 now; sha256 957da884e07e… recorded, cf642ff9bce2… now"
    " (fix: if the new file is intended, run `archipelago probe` and commit media-manifest.json)"
)
NOT_AUDIO = (
    "content/episodes/002-second.md:7: audio: 'episodes/media/002-second.mp3' is not audio:"
    " no MPEG frames found (fix: export it again as MP3)"
)

CASES = [
    pytest.param(
        small_show_artwork,
        [
            f"mkdocs.yml:31: show.artwork: 'assets/cover.png' is 500×500 px; {APPLE_SQUARE}"
            " (fix: export it again at 3000×3000 px from the original artwork)"
        ],
        id="show-artwork-500px",
    ),
    pytest.param(
        cmyk_show_artwork,
        [
            "mkdocs.yml:31: show.artwork: 'assets/cover.jpg' is CMYK; Apple needs RGB colour"
            " (fix: convert it to RGB)"
        ],
        id="show-artwork-cmyk",
    ),
    pytest.param(
        transparent_show_artwork,
        [
            "mkdocs.yml:31: show.artwork: 'assets/cover.png' has an alpha channel (transparency);"
            " Apple needs artwork without transparency"
            " (fix: flatten it onto a background and save without alpha)"
        ],
        id="show-artwork-alpha",
    ),
    pytest.param(
        jpeg_named_png,
        [
            "mkdocs.yml:31: show.artwork: 'assets/cover.png' is a JPEG image but its name ends"
            " in .png (fix: rename it to 'assets/cover.jpg' and update where it is used)"
        ],
        id="jpeg-named-png",
    ),
    pytest.param(
        oblong_episode_artwork,
        [
            "content/episodes/001-first-steps.md:10: image: 'episodes/media/001-art.png' is"
            f" 1400×1600 px; {APPLE_SQUARE}"
            " (fix: crop it to a square and save it at 3000×3000 px)"
        ],
        id="episode-artwork-not-square",
    ),
    pytest.param(
        explicit_yes,
        [
            "content/episodes/001-first-steps.md:9: explicit: expected true or false, got 'yes'"
            " (fix: write true; 'yes' is a YAML 1.1 word that some tools read as true and"
            " others as text)"
        ],
        id="explicit-yes",
    ),
    pytest.param(
        shared_guid,
        [
            "content/episodes/002-second.md:6: guid: '3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f' is"
            " already the GUID of content/episodes/001-first-steps.md (fix: a new episode needs"
            " a new GUID: `python -c 'import uuid; print(uuid.uuid4())'` prints one)"
        ],
        id="two-episodes-one-guid",
    ),
    pytest.param(
        http_enclosure,
        [
            "content/episodes/001-first-steps.md:8: audio: expected an https URL,"
            " got 'http://cdn.example.org/001-first-steps.mp3'"
            " (fix: serve it over https and write https://cdn.example.org/001-first-steps.mp3)"
        ],
        id="http-enclosure",
    ),
    pytest.param(
        http_media_base_url,
        [
            "mkdocs.yml:34: show.media_base_url: expected an https URL,"
            " got 'http://cdn.example.org/show/'"
            " (fix: serve it over https and write https://cdn.example.org/show/)"
        ],
        id="http-media-base-url",
    ),
    pytest.param(
        subcategory_as_category,
        [
            "mkdocs.yml:28: show.category: 'Careers' is a subcategory of 'Business', not a"
            " category (fix: write `category: Business` and `subcategory: Careers`)"
        ],
        id="unknown-category",
    ),
    pytest.param(
        subcategory_of_another_category,
        [
            "mkdocs.yml:29: show.subcategory: 'Comedy Interviews' is not an Apple subcategory"
            " of 'Business' (fix: use one of: Careers, Entrepreneurship, Investing, Management,"
            " Marketing, Non-Profit)"
        ],
        id="subcategory-of-another-category",
    ),
    pytest.param(text_as_mp3, [NOT_AUDIO], id="not-audio-not-recorded"),
    # Made-up facts in the manifest change nothing: the file itself is read and refused.
    pytest.param(text_as_mp3_with_made_up_facts, [NOT_AUDIO], id="not-audio-recorded"),
    pytest.param(audio_replaced, [CHANGED], id="audio-changed-since-recorded"),
    pytest.param(
        audio_not_recorded,
        [
            "content/episodes/002-second.md:7: audio: audio facts for"
            " 'episodes/media/002-second.mp3' are not recorded in media-manifest.json"
            " (fix: run `archipelago probe` and commit media-manifest.json)"
        ],
        id="audio-not-recorded",
    ),
    pytest.param(
        chapter_after_the_end,
        [
            "content/episodes/001-first-steps.md:20: chapters[2].start: starts at 0:05, after"
            " the audio ends (0:03.168) (fix: check the time against the audio, or the audio file)"
        ],
        id="chapter-after-the-end",
    ),
    pytest.param(
        transcript_too_long,
        [
            "content/episodes/001-first-steps.md:14: transcript: runs to 0:09, but the audio"
            " ends at 0:03.168 (fix: check that the transcript belongs to this audio)"
        ],
        id="transcript-past-the-end",
    ),
    pytest.param(
        transcript_bad_timing,
        [
            "content/episodes/media/001-first-steps.vtt:6: expected a cue timing line like"
            " 00:01:02.500 --> 00:01:05.000, found '00:00:01.500 -> 00:00:03.000'"
            " (fix: start each cue with its timing, like 00:01:02.500 --> 00:01:05.000;"
            " a blank line ends a cue, so text after one needs a timing line of its own)"
        ],
        id="transcript-bad-timing-line",
    ),
]


def test_the_unbroken_fixture_has_no_problems(site: Path) -> None:
    assert messages(site) == []


@pytest.mark.parametrize(("breaker", "expected"), CASES)
def test_broken_input_is_reported_and_no_feed_is_written(
    site: Path,
    caplog: pytest.LogCaptureFixture,
    breaker: Callable[[Path], None],
    expected: list[str],
) -> None:
    breaker(site)
    assert messages(site) == expected

    feed = write(site, "site/feed.xml", OLD_FEED)
    with pytest.raises(Abort):
        build_site(site)
    assert feed.read_text(encoding="utf-8") == OLD_FEED
    assert [p.name for p in (site / "site").iterdir()] == ["feed.xml"]
    # The build fails with the very lines `archipelago check` prints, and one summary.
    logged = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    summary = f"{len(expected)} content error{'s' if len(expected) > 1 else ''}; see above"
    assert logged == [f"archipelago: {line}" for line in expected] + [summary]
