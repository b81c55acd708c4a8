"""Directory entries that tests add to a fixture site."""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers.sites import write

if TYPE_CHECKING:
    from pathlib import Path

_PODCAST_LISTING = """\
---
name: {name}
kind: podcast
website: https://{slug}.example.org/
focus: what {name} is about
audience: freelancers
pricing: free
regions: [Worldwide]
status: active
sources: [https://{slug}.example.org/about]
last_checked: 2026-10-01
{podcast}
---
A show we like.
"""


def add_podcast_listing(site: Path, slug: str, name: str, podcast: str = "") -> Path:
    """A directory entry of kind podcast at content/directory/<slug>.md; ``podcast`` is its
    `podcast:` block as YAML (empty: none)."""
    text = _PODCAST_LISTING.format(name=name, slug=slug, podcast=podcast)
    return write(site, f"content/directory/{slug}.md", text)
