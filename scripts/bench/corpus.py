"""A synthetic show for the benchmark: N episodes with real audio, N guides, N/5 listings, people.

Writes a complete project (mkdocs.yml, content/, media-manifest.json) into a folder, so that
`archipelago check` passes and `mkdocs build` builds it. Everything is deterministic: GUIDs are
UUIDv5 of the episode's index, dates are fixed and in the past, no clock and no randomness.

Three shapes of the same pages, for comparisons:

- ``write_show(root, n)``: the show as Archipelago builds it (the plugin generates the indexes);
- ``write_show(root, n, plain=True)``: the same Markdown pages for a plain `mkdocs build` with
  the plugin removed, the four index pages written as ordinary Markdown files;
- ``write_all_in_nav_config(corpus)``: the plugin's show with `nav` and `not_in_nav` left out,
  so MkDocs puts every page into the navigation.

Used by the benchmark (``python -m bench``) and importable by tests (``sys.path`` must hold
``scripts/``). To look at a show: ``python -m bench.corpus DIR N`` from ``scripts/``.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

from archipelago.podcast.audio import MediaManifest, probe

REPO = Path(__file__).resolve().parents[2]
#: The tiny real MP3 every episode gets a copy of (MPEG-2 VBR, 2.0 s, 2 913 bytes).
SOURCE_AUDIO = REPO / "tests" / "fixtures" / "media" / "tone-vbr.mp3"
#: A valid square show artwork (1400 px PNG).
SOURCE_ARTWORK = REPO / "tests" / "fixtures" / "site" / "content" / "assets" / "cover.png"
THEME_DIR = REPO / "theme"

SITE_URL = "https://bench.example.org/"
#: Namespace of the episodes' GUIDs: same index, same GUID, on every machine.
GUID_NAMESPACE = uuid.UUID("0f6a3c1e-2b4d-5e6f-8a9b-0c1d2e3f4a5b")
FIRST_EPISODE = dt.date(2005, 1, 3)  # weekly from here: 1,000 episodes end in 2024
FIRST_GUIDE = dt.date(2005, 1, 5)
PEOPLE = 10
HOSTS = 2  # the first two people host (and write guides); the others are guests
INDEX_PAGES = ("episodes/index.md", "guides/index.md", "directory/index.md", "people/index.md")

_KINDS = ("marketplace", "talent-platform", "creative-network", "coworking", "community")
_FEATURES = ("peer-tips", "meetups", "podcast", "blog", "events", "forum", "newsletter")
_TOPICS = ("isolation", "rejection", "pricing", "co-working", "clients", "resilience")
_FIRST_NAMES = ("Ada", "Bo", "Cyra", "Dario", "Eun", "Femi", "Greta", "Hugo", "Ines", "Jun")
_LAST_NAMES = ("Lind", "Okoro", "Perez", "Quist", "Rahn", "Sato", "Tamm", "Ulloa", "Voss", "Wu")


@dataclass(frozen=True)
class Corpus:
    """A generated project: where it is and what it holds."""

    root: Path
    config_file: Path
    episodes: int
    guides: int
    listings: int
    people: int
    plain: bool

    @property
    def content_dir(self) -> Path:
        """The docs_dir."""
        return self.root / "content"

    @property
    def pages(self) -> int:
        """Markdown pages MkDocs builds: every content file, the four indexes and the home."""
        return self.episodes + self.guides + self.listings + self.people + len(INDEX_PAGES) + 1


# --- names ----------------------------------------------------------------------------------


def listing_count(episodes: int) -> int:
    """N/5 listings, at least one."""
    return max(1, episodes // 5)


def episode_slug(index: int) -> str:
    """`talk-7`: the slug of episode ``index`` (1-based)."""
    return f"talk-{index}"


def episode_src_uri(index: int) -> str:
    """`episodes/007-talk-7.md`."""
    return f"episodes/{index:03d}-{episode_slug(index)}.md"


def episode_title(index: int) -> str:
    """The title the generator gives episode ``index``."""
    return f"Conversation {index}: {_TOPICS[index % len(_TOPICS)]} when you work alone"


def episode_url_path(index: int) -> str:
    """The episode page's path under the site (directory URLs): `episodes/007-talk-7/`."""
    return f"episodes/{index:03d}-{episode_slug(index)}/"


def episode_guid(index: int) -> str:
    """A deterministic, distinct GUID per episode."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"episode-{index}"))


def guide_slug(index: int) -> str:
    return f"guide-{index}"


def listing_slug(index: int) -> str:
    return f"place-{index}"


def person_slug(index: int) -> str:
    return f"person-{index}"


def person_name(index: int) -> str:
    return f"{_FIRST_NAMES[(index - 1) % 10]} {_LAST_NAMES[(index * 3) % 10]}"


def _host(index: int) -> int:
    return 1 + index % HOSTS


def _guest(index: int) -> int:
    return HOSTS + 1 + index % (PEOPLE - HOSTS)


def _listing_of(index: int, listings: int) -> int:
    return 1 + (index - 1) % listings


# --- file texts -----------------------------------------------------------------------------


def episode_markdown(index: int, listings: int, *, title: str | None = None) -> str:
    """One episode: front matter with audio, transcript, three chapters; a few paragraphs."""
    host, guest, listing = _host(index), _guest(index), _listing_of(index, listings)
    stem = f"{index:03d}-{episode_slug(index)}"
    published = FIRST_EPISODE + dt.timedelta(days=7 * (index - 1))
    topic = _TOPICS[index % len(_TOPICS)]
    return f"""---
# yaml-language-server: $schema=../../schemas/episode.schema.json
title: {json.dumps(title or episode_title(index))}
number: {index}
season: 1
type: full
published: {published.isoformat()}
guid: {episode_guid(index)}
audio: episodes/media/{stem}.mp3
explicit: false
summary: >-
  {person_name(guest)} talks with {person_name(host)} about {topic}: the first year alone, the
  people who helped, and the places that gave the week a shape. Episode {index} of the bench show.
hosts: [{person_slug(host)}]
guests: [{person_slug(guest)}]
topics: [{topic}, freelancing]
transcript: episodes/media/{stem}.vtt
chapters:
  - start: 0
    title: Welcome
  - start: '0:00.6'
    title: The story
  - start: '0:01.4'
    title: What helped
related_guides: [{guide_slug(index)}]
related_listings: [{listing_slug(listing)}]
---
In episode {index}, [{person_name(host)}](../people/{person_slug(host)}.md) talks with
[{person_name(guest)}](../people/{person_slug(guest)}.md) about {topic}. Working alone brought
better projects and control over the hours, but it also took away the small daily contacts
nobody notices until they are gone: someone glancing at a draft, a coffee at the end of the week.

What changed things was hearing other independent workers talk honestly about it. A meetup, a
shared desk two days a week and a group chat of peers did the rest: a place to go, and people to
go there with. The links below follow both threads.

## Links from this episode

- [Guide {index}](../guides/{guide_slug(index)}.md): the guide behind this conversation.
- [Place {listing}](../directory/{listing_slug(listing)}.md): where some of it happened.
- A *short* list of **things** to try this week, with `code` and an [external link](https://example.org/{index}).
"""


def transcript_vtt(index: int) -> str:
    """A WebVTT transcript that fits in the 2-second audio."""
    host, guest = person_name(_host(index)), person_name(_guest(index))
    return f"""WEBVTT

00:00:00.000 --> 00:00:00.900
<v {host}>Welcome to episode {index}.

00:00:00.900 --> 00:00:01.900
<v {guest}>Glad to be here.
"""


def guide_markdown(index: int, episodes: int, listings: int) -> str:
    """One guide by a host, related to one episode and one listing."""
    topic = _TOPICS[index % len(_TOPICS)]
    published = FIRST_GUIDE + dt.timedelta(days=7 * (index - 1))
    related_episode = 1 + (index - 1) % episodes
    episode_file = episode_src_uri(related_episode).split("/")[1]
    listing = _listing_of(index, listings)
    paragraph = (
        "An employee might be turned down a handful of times a year; a freelancer can collect"
        " that many refusals in a week. Every project starts as a pitch, and most pitches do"
        " not land. That is how the arithmetic of independent work goes, yet it rarely feels"
        " like arithmetic when the email arrives."
    )
    return f"""---
# yaml-language-server: $schema=../../schemas/guide.schema.json
title: "Guide {index}: {topic} for independent workers"
summary: What changes with {topic} when you work alone, and the habits that help (guide {index}).
authors: [{person_slug(_host(index))}]
published: {published.isoformat()}
topics: [{topic}, guides]
related_listings: [{listing_slug(listing)}]
related_episodes: [{episode_slug(related_episode)}]
---
{paragraph}

## Why it lands harder alone

{paragraph}

Not every refusal weighs the same: see [episode {related_episode}](../episodes/{episode_file})
and [place {listing}](../directory/{listing_slug(listing)}.md).

## What helps

1. Keep a log of every pitch and its answer.
2. Share it with two or three peers once a month.
3. Count the yeses over a year, not a week.

{paragraph}
"""


def listing_markdown(index: int) -> str:
    """One directory entry."""
    kind = _KINDS[index % len(_KINDS)]
    features = sorted({_FEATURES[index % len(_FEATURES)], _FEATURES[(index + 3) % len(_FEATURES)]})
    checked = dt.date(2020, 1, 1) + dt.timedelta(days=3 * index % 2000)
    return f"""---
# yaml-language-server: $schema=../../schemas/listing.schema.json
name: Place {index}
kind: {kind}
website: https://place-{index}.example.org/
focus: a made-up {kind} where independent workers meet
audience: freelancers and soloists in region {index % 7}
features: [{", ".join(features)}]
pricing: membership
regions: [Region {index % 7}]
status: active
sources: [https://place-{index}.example.org/about]
last_checked: {checked.isoformat()}
---
Place {index} is a made-up {kind} for the benchmark. Why it matters to an independent worker:
a place with other people in it, and a reason to go there.
"""


def person_markdown(index: int) -> str:
    """A host (who also writes guides) or a guest."""
    roles = "[host, author]" if index <= HOSTS else "[guest]"
    return f"""---
# yaml-language-server: $schema=../../schemas/person.schema.json
name: {person_name(index)}
roles: {roles}
bio: {person_name(index)} is a made-up person of the benchmark show.
---
{person_name(index)} is not a real person.
"""


HOME_FRONT_MATTER = "---\ntemplate: home.html\ntitle: The bench hub\n---\n"
HOME_BODY = """# The bench hub

A synthetic hub for the benchmark: [episodes](episodes/index.md), [guides](guides/index.md),
the [directory](directory/index.md) and [people](people/index.md).
"""


def plain_index_pages(episodes: int, guides: int, listings: int) -> dict[str, str]:
    """The four index pages as plain Markdown, listing what the plugin's templates list."""
    lines = ["# Episodes", "", "## Season 1", ""]
    for index in range(episodes, 0, -1):
        name = episode_src_uri(index).split("/")[1]
        lines.append(f"- [{episode_title(index)}]({name}) — episode {index}")
    pages = {"episodes/index.md": "\n".join(lines) + "\n"}
    lines = ["# Guides", ""]
    for index in range(guides, 0, -1):
        lines.append(f"- [Guide {index}]({guide_slug(index)}.md)")
    pages["guides/index.md"] = "\n".join(lines) + "\n"
    lines = ["# Directory", ""]
    for index in range(1, listings + 1):
        lines.append(f"- [Place {index}]({listing_slug(index)}.md)")
    pages["directory/index.md"] = "\n".join(lines) + "\n"
    lines = ["# People", ""]
    for index in range(1, PEOPLE + 1):
        lines.append(f"- [{person_name(index)}]({person_slug(index)}.md)")
    pages["people/index.md"] = "\n".join(lines) + "\n"
    return pages


# --- mkdocs.yml -----------------------------------------------------------------------------


_NAV = """nav:
  - Home: index.md
  - Episodes: episodes/index.md
  - Guides: guides/index.md
  - Directory: directory/index.md
  - People: people/index.md
not_in_nav: |
  /episodes/*.md
  /guides/*.md
  /directory/*.md
  /people/*.md
"""

_PLUGIN = """  - archipelago:
      show:
        title: Bench Show
        description: A synthetic show for the benchmark.
        author: Bench Collective
        owner:
          name: Bench Collective
          email: owner@bench.example.org
        language: en
        category: Business
        subcategory: Careers
        explicit: false
        artwork: assets/cover.png
        copyright: © 2026 Bench Collective
        website: https://bench.example.org/
        guid: 7d1e4c2a-3b5f-5a6e-9c8d-1f2e3a4b5c6d
"""


def mkdocs_yml(*, plugin: bool = True, nav: bool = True) -> str:
    """The project's configuration; the theme is the repository's, by absolute path."""
    return f"""site_name: Bench Hub
site_url: {SITE_URL}
docs_dir: content
theme:
  name: material
  custom_dir: {json.dumps(str(THEME_DIR))}
  language: en
  font: false
  features:
    - navigation.tabs
    - navigation.top
{_NAV if nav else ""}markdown_extensions:
  - admonition
  - attr_list
  - toc:
      permalink: true
extra:
  generator: false
plugins:
  - search
  - tags
{_PLUGIN if plugin else ""}"""


# --- the whole project ----------------------------------------------------------------------


def write_show(root: Path, episodes: int, *, plain: bool = False) -> Corpus:
    """Write a complete project with ``episodes`` episodes into ``root`` (created; must be new).

    Args:
        root: the project folder (mkdocs.yml goes here).
        episodes: N: N episodes, N guides, N/5 listings and ten people.
        plain: write the pages for a plain `mkdocs build` without the plugin instead.
    """
    if episodes < 1:
        raise ValueError("a show needs at least one episode")
    listings = listing_count(episodes)
    content = root / "content"
    media = content / "episodes" / "media"
    for folder in ("episodes/media", "guides", "directory", "people", "assets"):
        (content / folder).mkdir(parents=True, exist_ok=False)
    shutil.copyfile(SOURCE_ARTWORK, content / "assets" / "cover.png")
    audio = SOURCE_AUDIO.read_bytes()
    manifest = MediaManifest()
    facts = None if plain else probe(SOURCE_AUDIO)
    for index in range(1, episodes + 1):
        stem = f"{index:03d}-{episode_slug(index)}"
        # Each episode its own file: two episodes may not share an enclosure URL.
        (media / f"{stem}.mp3").write_bytes(audio)
        (media / f"{stem}.vtt").write_text(transcript_vtt(index), encoding="utf-8")
        _write(content / episode_src_uri(index), episode_markdown(index, listings))
        _write(
            content / "guides" / f"{guide_slug(index)}.md",
            guide_markdown(index, episodes, listings),
        )
        if facts is not None:
            manifest.set(f"episodes/media/{stem}.mp3", facts)
    for index in range(1, listings + 1):
        _write(content / "directory" / f"{listing_slug(index)}.md", listing_markdown(index))
    for index in range(1, PEOPLE + 1):
        _write(content / "people" / f"{person_slug(index)}.md", person_markdown(index))
    if plain:
        _write(content / "index.md", HOME_BODY)
        for src_uri, text in plain_index_pages(episodes, episodes, listings).items():
            _write(content / src_uri, text)
    else:
        _write(content / "index.md", HOME_FRONT_MATTER + HOME_BODY)
        _write(root / "media-manifest.json", manifest.dumps())
    config_file = root / "mkdocs.yml"
    _write(config_file, mkdocs_yml(plugin=not plain))
    return Corpus(root, config_file, episodes, episodes, listings, PEOPLE, plain)


def open_show(root: Path) -> Corpus:
    """The corpus ``write_show`` wrote into ``root``, its sizes counted from the files."""
    content = root / "content"
    episodes = len(list((content / "episodes").glob("*.md")))
    plain = (content / "episodes" / "index.md").exists()
    if plain:
        episodes -= 1
    return Corpus(
        root,
        root / "mkdocs.yml",
        episodes,
        len(list((content / "guides").glob("*.md"))) - plain,
        len(list((content / "directory").glob("*.md"))) - plain,
        len(list((content / "people").glob("*.md"))) - plain,
        plain,
    )


def write_all_in_nav_config(corpus: Corpus) -> Path:
    """A second mkdocs.yml beside the show's, without `nav` and `not_in_nav`: all in the nav."""
    path = corpus.root / "mkdocs-all-in-nav.yml"
    _write(path, mkdocs_yml(plugin=not corpus.plain, nav=False))
    return path


def edit_episode_title(corpus: Corpus, index: int, title: str) -> None:
    """Rewrite episode ``index`` with a new title (what a contributor's edit looks like)."""
    text = episode_markdown(index, corpus.listings, title=title)
    _write(corpus.content_dir / episode_src_uri(index), text)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":  # generate a show to look at: python -m bench.corpus DIR N
    import sys

    target, count = Path(sys.argv[1]), int(sys.argv[2])
    made = write_show(target, count)
    print(f"wrote {made.pages} pages into {made.root}")
