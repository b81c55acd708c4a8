"""The addresses apps download episodes from, with and without a download-statistics prefix."""

from __future__ import annotations

import pytest

from archipelago.urls import SiteLinks, page_path

SITE = "https://example.org/show/"
AUDIO = "episodes/media/001 arrival.mp3"


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (None, "https://example.org/show/episodes/media/001%20arrival.mp3"),
        (
            "https://op3.dev/e/",
            "https://op3.dev/e/example.org/show/episodes/media/001%20arrival.mp3",
        ),
        (
            "https://dts.podtrac.com/redirect.mp3/",
            "https://dts.podtrac.com/redirect.mp3/example.org/show/episodes/media/001%20arrival.mp3",
        ),
        # Written without its final slash, the prefix still ends where the address begins.
        (
            "https://media.blubrry.com/not-an-island",
            "https://media.blubrry.com/not-an-island/example.org/show/episodes/media/001%20arrival.mp3",
        ),
    ],
)
def test_the_enclosure_is_the_prefix_then_the_media_url_without_its_scheme(
    prefix: str | None, expected: str
) -> None:
    links = SiteLinks(SITE, analytics_prefix=prefix)
    assert links.enclosure(AUDIO) == expected
    assert links.media(AUDIO) == "https://example.org/show/episodes/media/001%20arrival.mp3"


def test_the_prefix_goes_in_front_of_a_media_host_and_of_audio_written_as_an_address() -> None:
    links = SiteLinks(SITE, "https://cdn.example.net/", analytics_prefix="https://op3.dev/e/")
    assert links.enclosure("a.mp3") == "https://op3.dev/e/cdn.example.net/a.mp3"
    assert links.enclosure("https://elsewhere.example.com/b.mp3") == (
        "https://op3.dev/e/elsewhere.example.com/b.mp3"
    )


@pytest.mark.parametrize(
    ("src_uri", "directory_urls", "expected"),
    [
        ("episodes/001-arrival.md", True, "episodes/001-arrival/"),
        ("episodes/001-arrival.md", False, "episodes/001-arrival.html"),
        ("index.md", True, ""),
        ("guides/index.md", False, "guides/index.html"),
    ],
)
def test_page_path_follows_mkdocs(src_uri: str, directory_urls: bool, expected: str) -> None:
    # The address `archipelago media tag` links from an episode's MP3, without MkDocs.
    assert page_path(src_uri, directory_urls) == expected
