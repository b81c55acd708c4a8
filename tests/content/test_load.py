"""One file at a time: each model rule, worded for the contributor, at the right line."""

from __future__ import annotations

import pytest

from archipelago.content.entries import Source
from archipelago.content.load import load_entry

EPISODE = """\
---
title: First steps
number: 1
season: 1
published: 2026-05-04
guid: 3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f
audio: episodes/media/001-first-steps.mp3
summary: Ben talks about his first year alone.
hosts: [ada-host]
chapters:
  - start: 0
    title: Welcome
---
Notes.
"""


def episode_errors(
    replace: str = "", by: str = "", *, name: str = "001-first-steps.md"
) -> list[str]:
    """Errors for the sample episode with one line replaced."""
    text = EPISODE.replace(replace, by) if replace else EPISODE
    source = Source(f"episodes/{name}", f"content/episodes/{name}", text.encode())
    errors = load_entry("episodes", source).errors
    return [str(error) for error in errors]


def test_the_sample_episode_is_valid() -> None:
    source = Source(
        "episodes/001-first-steps.md", "content/episodes/001-first-steps.md", EPISODE.encode()
    )
    entry, slug, errors, *_ = load_entry("episodes", source)
    assert errors == []
    assert slug == "first-steps" and entry is not None
    assert entry.model.chapters[0].start == 0.0


P = "content/episodes/001-first-steps.md"

CASES = {
    "date in words": (
        "published: 2026-05-04",
        "published: May 2026",
        f"{P}:5: published: expected a date like 2026-05-01, got 'May 2026'"
        " (fix: write YYYY-MM-DD)",
    ),
    "date that does not exist": (
        "published: 2026-05-04",
        "published: 2026-02-30",
        f"{P}:5: published: 2026-02-30 is not a real date (fix: check the month and day)",
    ),
    "datetime without a zone": (
        "published: 2026-05-04",
        "published: 2026-05-04 09:30:00",
        f"{P}:5: published: 2026-05-04 09:30:00 has no time zone, so it means a different moment"
        " for every reader (fix: add the offset: 2026-05-04 09:30:00+00:00)",
    ),
    "quoted number": (
        "number: 1",
        'number: "1"',
        f"{P}:3: number: expected a whole number, got '1' (text in quotes)"
        " (fix: remove the quotes: 1)",
    ),
    "misspelt key": (
        "hosts: [ada-host]",
        "hosts: [ada-host]\nguest: [ben]",
        f"{P}:10: guest: unknown field (fix: did you mean 'guests'?)",
    ),
    "missing field": (
        "summary: Ben talks about his first year alone.\n",
        "",
        f"{P}:2: summary: is required but missing (fix: add a line"
        " `summary: How a designer found peers after leaving her studio.`)",
    ),
    "yaml 1.1 boolean": (
        "hosts: [ada-host]",
        "hosts: [ada-host]\nexplicit: no",
        f"{P}:10: explicit: expected true or false, got 'no' (fix: write false; 'no' is a"
        " YAML 1.1 word that some tools read as false and others as text)",
    ),
    "number below zero": (
        "number: 1",
        "number: -1",
        f"{P}:3: number: expected a number at least 0, got -1 (fix: correct the number)",
    ),
    "text where a list belongs": (
        "hosts: [ada-host]",
        "hosts: ada-host",
        f"{P}:9: hosts: expected a list, got 'ada-host' (fix: write one `- item` per line"
        " under `hosts:`, or [ada-host])",
    ),
    "comma-separated text where a list belongs": (
        "hosts: [ada-host]",
        "hosts: ada-host, ben & co",
        f"{P}:9: hosts: expected a list, got 'ada-host, ben & co' (fix: write one"
        ' `- item` per line under `hosts:`, or [ada-host, "ben & co"])',
    ),
    "slug with capitals": (
        "hosts: [ada-host]",
        "hosts: [Ada Host]",
        f"{P}:9: hosts[0]: expected a slug (lowercase letters, digits and hyphens), got 'Ada Host'"
        " (fix: write ada-host)",
    ),
    "repeated list item": (
        "hosts: [ada-host]",
        "hosts: [ada-host, ada-host]",
        f"{P}:9: hosts: lists 'ada-host' twice (fix: keep one of them)",
    ),
    "audio climbing out of content": (
        "audio: episodes/media/001-first-steps.mp3",
        "audio: ../../secret.mp3",
        f"{P}:7: audio: must stay inside content/, but '../../secret.mp3' climbs out with '..'"
        " (fix: write the path from the content folder, like episodes/media/001-arrival.mp3)",
    ),
    "absolute audio path": (
        "audio: episodes/media/001-first-steps.mp3",
        "audio: /etc/passwd.mp3",
        f"{P}:7: audio: must be relative to content/, got the absolute path '/etc/passwd.mp3'"
        " (fix: write the path from the content folder, like episodes/media/001-arrival.mp3)",
    ),
    "audio over plain http": (
        "audio: episodes/media/001-first-steps.mp3",
        "audio: http://cdn.example.org/1.mp3",
        f"{P}:7: audio: expected an https URL, got 'http://cdn.example.org/1.mp3'"
        " (fix: serve it over https and write https://cdn.example.org/1.mp3)",
    ),
    "summary with html": (
        "summary: Ben talks about his first year alone.",
        "summary: Ben talks <script>alert(1)</script>",
        f"{P}:8: summary: must be plain text, but contains HTML markup"
        " (fix: remove the tags; podcast apps and pages show this field as text, and formatting"
        " belongs in the body below the front matter)",
    ),
    "summary too long": (
        "summary: Ben talks about his first year alone.",
        "summary: " + "é" * 2001,
        f"{P}:8: summary: is 4002 bytes long; at most 4000 are allowed"
        " (fix: shorten it and move the rest into the body)",
    ),
    "bad chapter time": (
        "  - start: 0",
        "  - start: soon",
        f"{P}:11: chapters[0].start: expected a time like 12:30 or 1:02:03 (or seconds),"
        " got 'soon' (fix: write minutes:seconds or hours:minutes:seconds, in quotes: '12:30')",
    ),
    "chapter without a title": (
        "    title: Welcome\n",
        "",
        f"{P}:11: chapters[0].title: is required but missing"
        " (fix: add a line `title: Finding a co-working space`)",
    ),
    "unknown episode type": (
        "season: 1",
        "season: 1\ntype: trialer",
        f"{P}:5: type: expected one of full, trailer, bonus; got 'trialer'"
        " (fix: did you mean 'trailer'?)",
    ),
    "empty title": (
        "title: First steps",
        "title: ''",
        f"{P}:2: title: must not be empty"
        " (fix: write some text, or remove the field if it is optional)",
    ),
    "number as title": (
        "title: First steps",
        "title: 2024",
        f"{P}:2: title: expected text, got 2024 (fix: put it in quotes: '2024')",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_field_rules_have_exact_messages(case: str) -> None:
    replace, by, expected = CASES[case]
    assert episode_errors(replace, by) == [expected]


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    text = (
        EPISODE.replace("number: 1", 'number: "1"')
        .replace("published: 2026-05-04", "published: soon")
        .replace("title: First", "titel: First")
    )
    errors = load_entry("episodes", Source("episodes/001-first-steps.md", P, text.encode())).errors
    # `titel` says "did you mean 'title'?"; `title` is not also reported as missing.
    assert sorted((e.line, e.field) for e in errors) == [
        (2, "titel"),
        (3, "number"),
        (5, "published"),
    ]


def test_file_name_number_must_match_the_number_field() -> None:
    assert episode_errors(name="002-first-steps.md") == [
        "content/episodes/002-first-steps.md:3: number: is 1, but the file name starts with 002"
        " (fix: rename the file to 001-first-steps.md or correct the number)"
    ]


def test_episode_file_name_must_have_a_number_and_a_slug() -> None:
    assert episode_errors(name="First Steps.md") == [
        "content/episodes/First Steps.md: file name 'First Steps.md' is not of the form"
        " NNN-slug.md (episode number, then a lowercase slug)"
        " (fix: rename it to 001-first-steps.md)"
    ]


def test_other_kinds_need_a_slug_file_name() -> None:
    text = "---\nname: Ada\nroles: [host]\nbio: Hosts.\n---\n"
    _, slug, errors, *_ = load_entry(
        "people", Source("people/Ada Host.md", "content/people/Ada Host.md", text.encode())
    )
    assert slug is None
    assert [str(e) for e in errors] == [
        "content/people/Ada Host.md: file name 'Ada Host.md' is not of the form slug.md"
        " (lowercase letters, digits and hyphens) (fix: rename it, for example to ada-host.md)"
    ]


LISTING = """\
---
name: Harbour Cowork
kind: coworking
website: https://harbour.example.org/
focus: desks
audience: soloists
features: [workspace]
pricing: membership
regions: [Town]
status: active
sources: [https://harbour.example.org/about]
last_checked: 2026-10-01
---
"""


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            "website: https://harbour.example.org/",
            "website: harbour.example.org",
            "content/directory/harbour.md:4: website: expected an http or https URL,"
            " got 'harbour.example.org' (fix: add the scheme: https://harbour.example.org)",
        ),
        (
            "features: [workspace]",
            "features: [workspaces]",
            "content/directory/harbour.md:7: features[0]: expected one of peer-tips, meetups,"
            " podcast, blog, courses, mentoring, scholarships, events, forum, workspace, advocacy,"
            " job-board, newsletter; got 'workspaces' (fix: did you mean 'workspace'?)",
        ),
        (
            "sources: [https://harbour.example.org/about]",
            "sources: []",
            "content/directory/harbour.md:11: sources: needs at least 1 item, got none"
            " (fix: add one `- item` line)",
        ),
    ],
)
def test_listing_rules(replace: str, by: str, expected: str) -> None:
    text = LISTING.replace(replace, by)
    source = Source("directory/harbour.md", "content/directory/harbour.md", text.encode())
    errors = load_entry("directory", source).errors
    assert [str(e) for e in errors] == [expected]


def test_guide_updated_before_published() -> None:
    text = (
        "---\ntitle: T\nsummary: S\nauthors: [ada]\npublished: 2026-05-01\n"
        "updated: 2026-04-01\n---\n"
    )
    source = Source("guides/t.md", "content/guides/t.md", text.encode())
    errors = load_entry("guides", source).errors
    assert [str(e) for e in errors] == [
        "content/guides/t.md:6: updated: 2026-04-01 is before the published date 2026-05-01"
        " (fix: set updated to the day of the last real change, on or after published)"
    ]
