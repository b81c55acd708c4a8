"""`archipelago new`: a new episode, guide or listing is a draft that passes the check as
written; no placeholder it holds can be published; filled in, it publishes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from archipelago.content.placeholders import BODIES, FIELDS
from archipelago.content.scaffold import ScaffoldError, new_file, slugify
from helpers.builds import build_site, check, messages
from helpers.sites import own_audio, write

ARCHIPELAGO = Path(sys.executable).parent / "archipelago"
TODAY = dt.date(2026, 11, 22)
GUID = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"


def test_slugify() -> None:
    assert slugify("Café & Co-working, 2026!") == "cafe-co-working-2026"
    assert slugify("  Ünïcode   Títle ") == "unicode-title"


def test_new_episode_takes_the_next_number_a_fresh_guid_today_and_draft(site: Path) -> None:
    created = new_file("episode", 'Rates: "what to charge"', check(site).content, TODAY, GUID)
    assert created.src_uri == "episodes/002-rates-what-to-charge.md"
    assert created.text.startswith(
        "---\n# yaml-language-server: $schema=../../schemas/episode.schema.json\n"
        'title: "Rates: \\"what to charge\\""\nnumber: 2\nseason: 1\n'
    )
    assert f"guid: {GUID}\n" in created.text
    assert "published: 2026-11-22\ndraft: true\n" in created.text
    assert "hosts: [ada-host]\n" in created.text


@pytest.mark.parametrize("kind", ["episode", "guide", "listing"])
def test_every_new_draft_passes_the_check_as_written(site: Path, kind: str) -> None:
    created = new_file(kind, "A New Thing", check(site).content, TODAY, GUID)
    assert "\ndraft: true\n" in created.text
    write(site, f"content/{created.src_uri}", created.text)
    assert messages(site) == []


def line_of(text: str, start: str) -> int:
    """The 1-based number of the first line of ``text`` that starts with ``start``."""
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


#: Each kind's placeholders as the check names them: (field, first words of the line).
PLACEHOLDERS = {
    "episode": [("summary", "summary:"), ("", "Show notes:")],
    "guide": [("summary", "summary:"), ("", "Write the guide")],
    "listing": [
        ("website", "website:"),
        ("focus", "focus:"),
        ("audience", "audience:"),
        ("sources[0]", "sources:"),
        ("", "Describe it"),
    ],
    "person": [("bio", "bio:"), ("", "A longer bio")],
}


@pytest.mark.parametrize("kind", sorted(PLACEHOLDERS))
def test_a_published_file_may_not_keep_a_placeholder(site: Path, kind: str) -> None:
    """Out of draft (a person never is one), every placeholder is named on its own line."""
    created = new_file(kind, "A New Thing", check(site).content, TODAY, GUID)
    text = created.text.replace("draft: true", "draft: false")
    if kind == "episode":
        own_audio(site, created.src_uri.removeprefix("episodes/").removesuffix(".md"))
    write(site, f"content/{created.src_uri}", text)
    found = messages(site)
    path = f"content/{created.src_uri}"
    expected = [(f"{path}:{line_of(text, start)}", field) for field, start in PLACEHOLDERS[kind]]
    assert [(m.split(": ")[0], m.split(": ")[1] if ": " in m else "") for m in found] == [
        (where, field or "the body still holds the placeholder that `archipelago new` wrote")
        for where, field in sorted(expected, key=lambda e: int(e[0].rsplit(":", 1)[1]))
    ]
    assert all("placeholder that `archipelago new` wrote" in m and "(fix: " in m for m in found)


def test_a_taken_slug_is_refused(site: Path) -> None:
    with pytest.raises(ScaffoldError, match=r"content/people/ada-host\.md already exists"):
        new_file("person", "Ada Host", check(site).content, TODAY, GUID)


def test_cli_writes_the_file_and_the_filled_in_episode_is_published(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = subprocess.run(
        [str(ARCHIPELAGO), "new", "episode", "Second Wind", "--root", str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "created content/episodes/002-second-wind.md\n"
    path = site / "content/episodes/002-second-wind.md"
    # A contributor fills it in: summary, notes, audio, facts recorded, no longer a draft.
    text = path.read_text().replace("draft: true", "draft: false")
    text = text.replace(FIELDS["episodes"]["summary"], "Ben finds a second wind.")
    text = text.replace(BODIES["episodes"], "Notes on finding a second wind.")
    own_audio(site, "002-second-wind")  # the contributor adds the audio and records its facts
    path.write_text(text.replace("published: ", "published: 2026-06-01 #", 1))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    out = build_site(site)
    assert (out / "episodes/002-second-wind/index.html").is_file()
    assert "<title>Second Wind</title>" in (out / "feed.xml").read_text()
    again = subprocess.run(
        [str(ARCHIPELAGO), "new", "episode", "Second Wind", "--root", str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 1
    assert "an episode with the slug 'second-wind' already exists" in again.stderr
