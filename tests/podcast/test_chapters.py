"""Chapters as JSON Chapters 1.2, Podlove normal play time and show-notes timestamp lines."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import yaml

from archipelago.content.models import Episode
from archipelago.podcast.chapters import chapters_json, npt, timestamp_lines
from helpers.sites import REPO

SHIPPED_EPISODE = REPO / "content" / "episodes" / "001-arrival.md"


def episode(chapters: list[dict[str, Any]]) -> Episode:
    """An episode with the required fields and these chapters."""
    return Episode.model_validate(
        {
            "title": "Arrival",
            "number": 1,
            "published": date(2026, 5, 4),
            "guid": "5cac95ff-26b8-4c8c-af02-c4386f1fa2db",
            "audio": "episodes/media/001-arrival.mp3",
            "summary": "A first episode.",
            "chapters": chapters,
        }
    )


def image_url(path: str) -> str:
    return f"https://example.org/{path}"


CHAPTERS = [
    {"start": 0, "title": "Welcome"},
    {
        "start": "0:14",
        "title": "Leaving the studio",
        "url": "https://example.org/studio",
        "image": "episodes/media/001-arrival.png",
    },
    {"start": 38.25, "title": "Finding the others — Tomás"},
]


def check_structure(text: str) -> dict[str, Any]:
    """The parsed file, after checking it has the shape JSON Chapters 1.2 requires."""
    assert text.endswith("}\n")
    data = json.loads(text)
    assert isinstance(data, dict)
    assert isinstance(data["version"], str)
    assert data["version"] == "1.2.0"
    assert isinstance(data["chapters"], list)
    allowed = {"startTime", "endTime", "title", "url", "img"}
    starts = []
    for chapter in data["chapters"]:
        assert set(chapter) <= allowed
        assert type(chapter["startTime"]) in (int, float)
        assert isinstance(chapter["title"], str)
        if "endTime" in chapter:
            assert type(chapter["endTime"]) in (int, float)
            assert chapter["endTime"] > chapter["startTime"]
        starts.append(chapter["startTime"])
    assert starts == sorted(starts)
    for chapter, following in zip(data["chapters"], data["chapters"][1:], strict=False):
        assert chapter["endTime"] == following["startTime"]
    return data


def test_chapters_json_exact() -> None:
    text = chapters_json(episode(CHAPTERS), title="Arrival", image_url=image_url, duration=66.843)
    assert text == (
        "{\n"
        '  "version": "1.2.0",\n'
        '  "title": "Arrival",\n'
        '  "chapters": [\n'
        "    {\n"
        '      "startTime": 0,\n'
        '      "endTime": 14,\n'
        '      "title": "Welcome"\n'
        "    },\n"
        "    {\n"
        '      "startTime": 14,\n'
        '      "endTime": 38.25,\n'
        '      "title": "Leaving the studio",\n'
        '      "url": "https://example.org/studio",\n'
        '      "img": "https://example.org/episodes/media/001-arrival.png"\n'
        "    },\n"
        "    {\n"
        '      "startTime": 38.25,\n'
        '      "endTime": 66.843,\n'
        '      "title": "Finding the others — Tomás"\n'
        "    }\n"
        "  ]\n"
        "}\n"
    )
    data = check_structure(text)
    assert [type(c["startTime"]) for c in data["chapters"]] == [int, int, float]


def test_last_chapter_has_no_end_without_a_duration() -> None:
    text = chapters_json(episode(CHAPTERS), title="Arrival", image_url=image_url, duration=None)
    data = check_structure(text)
    assert [c.get("endTime") for c in data["chapters"]] == [14, 38.25, None]


@pytest.mark.parametrize("duration", [38.25, 20.0])
def test_last_chapter_has_no_end_when_the_audio_ends_before_it(duration: float) -> None:
    text = chapters_json(episode(CHAPTERS), title="Arrival", image_url=image_url, duration=duration)
    assert "endTime" not in check_structure(text)["chapters"][-1]


def test_times_are_ints_when_whole_and_rounded_to_milliseconds() -> None:
    chapters = [
        {"start": 0.0, "title": "A"},
        {"start": 12.3456, "title": "B"},
        {"start": 20.0004, "title": "C"},
        {"start": "1:02:03.5", "title": "D"},
    ]
    text = chapters_json(episode(chapters), title="T", image_url=image_url, duration=4000.0)
    data = check_structure(text)
    assert [(c["startTime"], c["endTime"]) for c in data["chapters"]] == [
        (0, 12.346),
        (12.346, 20),
        (20, 3723.5),
        (3723.5, 4000),
    ]
    assert '"startTime": 0,' in text
    assert '"endTime": 4000,' in text
    assert "0.0" not in text


def test_no_title_and_no_chapters() -> None:
    text = chapters_json(episode([]), title="", image_url=image_url, duration=60.0)
    assert text == '{\n  "version": "1.2.0",\n  "chapters": []\n}\n'
    check_structure(text)


def test_image_url_is_asked_only_for_chapters_with_an_image() -> None:
    asked: list[str] = []

    def record(path: str) -> str:
        asked.append(path)
        return "https://cdn.example.org/x.png"

    chapters_json(episode(CHAPTERS), title="Arrival", image_url=record, duration=None)
    assert asked == ["episodes/media/001-arrival.png"]


def test_shipped_episode_chapters() -> None:
    text = SHIPPED_EPISODE.read_text(encoding="utf-8")
    front_matter = text.split("---\n")[1]
    shipped = Episode.model_validate(yaml.safe_load(front_matter))
    data = check_structure(
        chapters_json(shipped, title=shipped.title, image_url=image_url, duration=66.843)
    )
    assert data["title"] == "Arrival"
    assert data["chapters"] == [
        {"startTime": 0, "endTime": 14, "title": "Welcome"},
        {"startTime": 14, "endTime": 38, "title": "Leaving the studio"},
        {"startTime": 38, "endTime": 66.843, "title": "Finding the others"},
    ]
    assert timestamp_lines(shipped) == [
        "0:00 Welcome",
        "0:14 Leaving the studio",
        "0:38 Finding the others",
    ]


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "00:00:00.000"),
        (65.5, "00:01:05.500"),
        (14, "00:00:14.000"),
        (3723.25, "01:02:03.250"),
        (0.0004, "00:00:00.000"),
    ],
)
def test_npt(seconds: float, expected: str) -> None:
    assert npt(seconds) == expected


def test_timestamp_lines() -> None:
    chapters = [
        {"start": 0, "title": "Welcome"},
        {"start": 14.9, "title": "Leaving the studio"},
        {"start": "12:30", "title": "Twelve"},
        {"start": "1:02:03.5", "title": "An hour in"},
    ]
    assert timestamp_lines(episode(chapters)) == [
        "0:00 Welcome",
        "0:14 Leaving the studio",
        "12:30 Twelve",
        "1:02:03 An hour in",
    ]


def test_timestamp_lines_of_no_chapters() -> None:
    assert timestamp_lines(episode([])) == []
