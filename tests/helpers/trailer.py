"""A trailer episode carrying the Podcasting 2.0 tags an episode can have: soundbites, its own
image with alt text, and a discussion link (podcast:socialInteract)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers.audio import archipelago, tone
from helpers.sites import write

if TYPE_CHECKING:
    from pathlib import Path

#: Where the trailer's discussion happens.
DISCUSSION = "https://example.social/@fixture/113456789"

TRAILER = f"""\
---
title: Coming soon
number: 0
season: 1
type: trailer
published: 2026-04-27
guid: trailer-episode-guid
audio: episodes/media/000-trailer.mp3
summary: What the show will be about.
image: assets/cover.png
image_alt: An island in ink
soundbites:
  - start: '0:05'
    duration: 20
    title: The one line to remember
  - start: 2
    duration: 15.5
social:
  url: {DISCUSSION}
---
A trailer with soundbites and a discussion.
"""


def add_trailer(site: Path) -> Path:
    """Add the 40-second trailer to ``site`` and record its audio facts (`archipelago probe`)."""
    tone(site / "content/episodes/media/000-trailer.mp3", peak_db=-6, seconds=40)
    path = write(site, "content/episodes/000-trailer.md", TRAILER)
    probed = archipelago("probe", cwd=site)
    assert probed.returncode == 0, probed.stderr
    return path
