"""Rules across files, checked on a copy of the fixture site with one thing broken."""

from __future__ import annotations

import os
from pathlib import Path

from helpers.builds import messages
from helpers.sites import own_audio, write

EPISODE = "content/episodes/001-first-steps.md"


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def second_episode(
    root: Path, *, number: int = 2, guid: str = "9d0c6c3a-1111-4b4b-8c8c-222233334444"
) -> str:
    relative = f"content/episodes/{number:03d}-second.md"
    write(
        root,
        relative,
        f"---\ntitle: Second\nnumber: {number}\nseason: 1\npublished: 2026-05-11\nguid: {guid}\n"
        f"audio: {own_audio(root, f'{number:03d}-second')}\nsummary: More.\n---\n",
    )
    return relative


def test_fixture_site_is_valid(site: Path) -> None:
    assert messages(site) == []


def test_unknown_guest_names_the_file_line_and_a_close_match(site: Path) -> None:
    edit(site, EPISODE, "guests: [ben-guest]", "guests: [ben-gest]")
    assert messages(site) == [
        f"{EPISODE}:12: guests[0]: no person 'ben-gest': there is no file"
        " content/people/ben-gest.md (fix: did you mean 'ben-guest'?)"
    ]


def test_unknown_related_episode_and_listing(site: Path) -> None:
    edit(
        site,
        "content/guides/going-solo.md",
        "related_episodes: [first-steps]",
        "related_episodes: [last-steps, nothing-like-it]",
    )
    edit(
        site,
        "content/guides/going-solo.md",
        "related_listings: [harbour-cowork]",
        "related_listings: [harbor-cowork]",
    )
    assert messages(site) == [
        "content/guides/going-solo.md:8: related_listings[0]: no listing 'harbor-cowork': there is"
        " no file content/directory/harbor-cowork.md (fix: did you mean 'harbour-cowork'?)",
        "content/guides/going-solo.md:9: related_episodes[0]: no episode 'last-steps': there is no"
        " file content/episodes/NNN-last-steps.md (fix: did you mean 'first-steps'?)",
        "content/guides/going-solo.md:9: related_episodes[1]: no episode 'nothing-like-it': there"
        " is no file content/episodes/NNN-nothing-like-it.md (fix: check the spelling, or add the"
        " file to content/episodes/)",
    ]


def test_person_must_hold_the_role_they_are_named_in(site: Path) -> None:
    edit(site, EPISODE, "hosts: [ada-host]", "hosts: [ada-host, ben-guest]")
    assert messages(site) == [
        f"{EPISODE}:11: hosts[1]: 'ben-guest' is named as host, but the roles in"
        " content/people/ben-guest.md are guest (fix: add host to roles in"
        " content/people/ben-guest.md)"
    ]


def test_reference_to_a_broken_file_is_not_reported_twice(site: Path) -> None:
    edit(site, "content/people/ben-guest.md", "bio: Appears once in the fixture show.", "bio: 42")
    assert messages(site) == [
        "content/people/ben-guest.md:5: bio: expected text, got 42 (fix: put it in quotes: '42')"
    ]


def test_an_empty_text_field_says_to_write_the_text_not_to_quote_nothing(site: Path) -> None:
    edit(site, "content/people/ben-guest.md", "bio: Appears once in the fixture show.", "bio:")
    assert messages(site) == [
        "content/people/ben-guest.md:5: bio: expected text, got nothing"
        " (fix: write the text after the colon)"
    ]


def test_duplicate_episode_number_in_a_season(site: Path) -> None:
    second = second_episode(site, number=1)
    write(site, second.replace("001-second", "001-second"), (site / second).read_text())
    assert messages(site) == [
        "content/episodes/001-second.md:3: number: episode 1 in season 1 is already"
        " content/episodes/001-first-steps.md (fix: give this episode the next free number"
        " (and rename the file to match))"
    ]


def test_same_number_in_another_season_is_fine(site: Path) -> None:
    second = second_episode(site, number=1)
    edit(site, second, "season: 1", "season: 2")
    assert messages(site) == []


def test_duplicate_guid(site: Path) -> None:
    second_episode(site, guid="3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f")
    assert messages(site) == [
        "content/episodes/002-second.md:6: guid: '3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f' is already"
        " the GUID of content/episodes/001-first-steps.md (fix: a new episode needs a new GUID:"
        " `python -c 'import uuid; print(uuid.uuid4())'` prints one)"
    ]


def test_duplicate_slug_across_episode_numbers(site: Path) -> None:
    write(
        site,
        "content/episodes/002-first-steps.md",
        (site / EPISODE)
        .read_text()
        .replace("number: 1", "number: 2")
        .replace("3f2b8c1e", "4f2b8c1e"),
    )
    assert messages(site) == [
        "content/episodes/002-first-steps.md: slug 'first-steps' is already used by"
        " content/episodes/001-first-steps.md (fix: give one of the files another name)"
    ]


def test_missing_audio_and_transcript_files(site: Path) -> None:
    edit(site, EPISODE, "media/001-first-steps.mp3", "media/001-missing.mp3")
    edit(
        site,
        EPISODE,
        "transcript: episodes/media/001-first-steps.vtt",
        "transcript: episodes/media/notes.txt",
    )
    assert messages(site) == [
        f"{EPISODE}:8: audio: 'episodes/media/001-missing.mp3' does not exist under content/"
        " and has no recorded facts (fix: add the file at content/episodes/media/001-missing.mp3,"
        " run `archipelago probe` and commit media-manifest.json)",
        f"{EPISODE}:14: transcript: 'episodes/media/notes.txt' is not a WebVTT transcript:"
        " expected a file ending in .vtt (fix: point to the right file, or convert it)",
    ]


def test_transcript_must_be_webvtt(site: Path) -> None:
    write(
        site, "content/episodes/media/001-first-steps.vtt", "1\n00:00:00,000 --> 00:00:01,000\nHi\n"
    )
    assert messages(site) == [
        f"{EPISODE}:14: transcript: 'episodes/media/001-first-steps.vtt' is not WebVTT: it must"
        " start with the line WEBVTT (fix: export the transcript as WebVTT; renaming another format"
        " to .vtt does not convert it)"
    ]


def test_a_transcript_may_start_with_a_byte_order_mark(site: Path) -> None:
    """WebVTT allows one; some caption editors write it."""
    vtt = site / "content/episodes/media/001-first-steps.vtt"
    vtt.write_bytes(b"\xef\xbb\xbf" + vtt.read_bytes())
    assert messages(site) == []


def test_symbolic_link_pointing_outside_content(site: Path, tmp_path: Path) -> None:
    outside = write(tmp_path, "elsewhere/secret.mp3", b"ID3")
    link = site / "content/episodes/media/linked.mp3"
    os.symlink(outside, link)
    edit(site, EPISODE, "media/001-first-steps.mp3", "media/linked.mp3")
    assert messages(site) == [
        f"{EPISODE}:8: audio: 'episodes/media/linked.mp3' leads outside content/ (it is a link to"
        f" {outside.resolve()}) (fix: copy the file into content/ instead of linking to it)",
        f"content/episodes/media/linked.mp3: is a link to {outside.resolve()}, outside content/:"
        " the build would publish it (fix: copy what belongs in the site into content/ and"
        " remove the link)",
    ]


def test_chapters_must_be_in_order(site: Path) -> None:
    edit(site, EPISODE, "start: '0:01.5'", "start: 0")
    assert messages(site) == [
        f"{EPISODE}:18: chapters[1].start: starts at 0:00, not after the chapter before it (0:00)"
        " (fix: list chapters in the order they play, each starting later than the last)"
    ]


def test_show_errors_point_into_mkdocs_yml(site: Path) -> None:
    edit(site, "mkdocs.yml", "subcategory: Careers", "subcategory: Careerz")
    edit(site, "mkdocs.yml", "artwork: assets/cover.png", "artwork: assets/cover.gif")
    assert messages(site) == [
        "mkdocs.yml:29: show.subcategory: 'Careerz' is not an Apple subcategory of 'Business'"
        " (fix: use one of: Careers, Entrepreneurship, Investing, Management, Marketing,"
        " Non-Profit)",
        "mkdocs.yml:31: show.artwork: 'assets/cover.gif' is not an image: expected a file ending in"
        " .jpg, .jpeg or .png (fix: point to the right file, or convert it)",
    ]


def test_show_is_required_when_there_are_episodes(site: Path) -> None:
    text = (site / "mkdocs.yml").read_text()
    (site / "mkdocs.yml").write_text(
        text[: text.index("      show:")] + "      {}\n".replace("      {}\n", "")
    )
    edit(site, "mkdocs.yml", "  - archipelago:\n", "  - archipelago\n")
    assert messages(site) == [
        "mkdocs.yml:19: show: episodes exist but the podcast is not described (fix: add a `show:`"
        " block under the archipelago plugin in mkdocs.yml)"
    ]


def test_plain_page_with_broken_front_matter_is_caught(site: Path) -> None:
    write(site, "content/about.md", "---\ntitle: [About\n---\n# About\n")
    [message] = messages(site)
    assert message.startswith("content/about.md:2: YAML does not parse:")


def test_missing_media_is_reported_even_when_other_fields_fail(site: Path) -> None:
    edit(site, EPISODE, "published: 2026-05-04", "published: soon")
    edit(site, EPISODE, "media/001-first-steps.mp3", "media/001-missing.mp3")
    assert [m.split(": ")[1] for m in messages(site)] == ["published", "audio"]


def test_unknown_guest_is_reported_even_when_the_file_has_other_errors(site: Path) -> None:
    edit(site, EPISODE, "published: 2026-05-04", "published: soon")
    edit(site, EPISODE, "guests: [ben-guest]", "guests: [ben-gest]")
    assert [m.split(": ")[1] for m in messages(site)] == ["published", "guests[0]"]


def test_category_apple_does_not_list(site: Path) -> None:
    edit(site, "mkdocs.yml", "category: Business", "category: Busines")
    assert messages(site) == [
        "mkdocs.yml:28: show.category: 'Busines' is not an Apple Podcasts category"
        " (fix: did you mean 'Business'?)"
    ]
