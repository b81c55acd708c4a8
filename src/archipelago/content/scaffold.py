"""New content files: `archipelago new KIND "Title"`.

Pure: given the content already there, today's date and a GUID, returns the path and text of
the new file; the CLI writes it. Placeholders (`placeholders`) are valid values a contributor
then replaces: episodes, guides and listings start as drafts, which pass `archipelago check` as
written and show in `make serve`; a draft cannot be published while a placeholder is left,
nor can a person, who is never a draft.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archipelago.content.models import KINDS
from archipelago.content.placeholders import BODIES, FIELDS
from archipelago.content.schema import schema_file

if TYPE_CHECKING:
    import datetime as dt

    from archipelago.content.entries import Content

#: Each kind `archipelago new` makes, and the folder under content/ that holds it.
FOLDERS = {"episode": "episodes", "guide": "guides", "listing": "directory", "person": "people"}


class ScaffoldError(ValueError):
    """The file cannot be created as asked (its slug is taken, the title has no letters)."""


@dataclass(frozen=True)
class NewFile:
    """A file to create: its path under content/ and its text."""

    src_uri: str
    text: str


def slugify(title: str) -> str:
    """``"Café & Co-working, 2026!"`` → ``cafe-co-working-2026``."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML): safe for any title."""
    return json.dumps(text, ensure_ascii=False)


def new_file(kind: str, title: str, content: Content, today: dt.date, guid: str) -> NewFile:
    """The file `archipelago new KIND TITLE` writes."""
    slug = slugify(title)
    if not slug:
        raise ScaffoldError(f"{title!r} has no letters or digits to make a file name from")
    schema = schema_file(KINDS[FOLDERS[kind]])
    header = f"---\n# yaml-language-server: $schema=../../schemas/{schema}\n"
    if kind == "episode":
        return _episode(header, title, slug, content, today, guid)
    if slug in content.file_slugs.get(FOLDERS[kind], set()):
        raise ScaffoldError(f"content/{FOLDERS[kind]}/{slug}.md already exists")
    src_uri = f"{FOLDERS[kind]}/{slug}.md"
    if kind == "guide":
        return NewFile(src_uri, header + _guide(title, content, today))
    if kind == "listing":
        return NewFile(src_uri, header + _listing(title, today))
    return NewFile(src_uri, header + _person(title))


def _episode(
    header: str, title: str, slug: str, content: Content, today: dt.date, guid: str
) -> NewFile:
    if slug in content.file_slugs.get("episodes", set()):
        raise ScaffoldError(f"an episode with the slug {slug!r} already exists")
    models = [entry.model for entry in content.episodes.values()]
    season = max((m.season for m in models if m.season is not None), default=None)
    number = max((m.number for m in models if m.season == season), default=0) + 1
    stem = f"{number:03d}-{slug}"
    hosts = sorted(e.slug for e in content.people.values() if "host" in e.model.roles)
    season_line = f"season: {season}\n" if season is not None else ""
    text = (
        f"{header}title: {_quoted(title)}\n"
        f"number: {number}\n"
        f"{season_line}"
        "type: full\n"
        f"published: {today.isoformat()}\n"
        "draft: true\n"
        f"# Written once, now: the episode's identity in every podcast app. Never change it.\n"
        f"guid: {guid}\n"
        f"audio: episodes/media/{stem}.mp3\n"
        "explicit: false\n"
        f"summary: {FIELDS['episodes']['summary']}\n"
        f"hosts: [{', '.join(hosts[:1])}]\n"
        "guests: []\n"
        "topics: []\n"
        f"# transcript: episodes/media/{stem}.vtt\n"
        f"# image: episodes/media/{stem}.png\n"
        "chapters: []\n"
        "related_guides: []\n"
        "related_listings: []\n"
        "---\n"
        f"{BODIES['episodes']}\n"
    )
    return NewFile(f"episodes/{stem}.md", text)


def _guide(title: str, content: Content, today: dt.date) -> str:
    authors = sorted(e.slug for e in content.people.values() if "author" in e.model.roles)
    if not authors:
        raise ScaffoldError("a guide needs an author: add yourself first with `new person`")
    return (
        f"title: {_quoted(title)}\n"
        f"summary: {FIELDS['guides']['summary']}\n"
        f"# Change to your own person slug (content/people/<slug>.md).\n"
        f"authors: [{authors[0]}]\n"
        f"published: {today.isoformat()}\n"
        "# Until it is ready: shown by `make serve`, never published.\n"
        "draft: true\n"
        "topics: []\n"
        "related_listings: []\n"
        "related_episodes: []\n"
        "---\n"
        f"{BODIES['guides']}\n"
    )


def _listing(name: str, today: dt.date) -> str:
    placeholder = FIELDS["directory"]
    return (
        f"name: {_quoted(name)}\n"
        "# One of: marketplace, talent-platform, creative-network, coworking, coalition,\n"
        "# community, podcast, training.\n"
        "kind: community\n"
        f"website: {placeholder['website']}\n"
        f"focus: {placeholder['focus']}\n"
        f"audience: {placeholder['audience']}\n"
        "features: []\n"
        "pricing: unknown\n"
        "regions: [Not recorded]\n"
        "status: unknown\n"
        f"sources: [{placeholder['sources']}]\n"
        f"last_checked: {today.isoformat()}\n"
        "# Until it is ready: shown by `make serve`, never published.\n"
        "draft: true\n"
        "---\n"
        f"{BODIES['directory']}\n"
    )


def _person(name: str) -> str:
    return (
        f"name: {_quoted(name)}\n"
        "roles: [guest]\n"
        f"bio: {FIELDS['people']['bio']}\n"
        "---\n"
        f"{BODIES['people']}\n"
    )
