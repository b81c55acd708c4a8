"""Rules across files: unique numbers and GUIDs, references that resolve, chapters in order.

Each rule returns errors pointing at the line of the field that breaks it; none stops the
others, so a contributor sees every problem of the tree in one run.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from archipelago.content.entries import Content, Entry
from archipelago.content.fields import SLUG
from archipelago.content.load import field_name
from archipelago.errors import Problem
from archipelago.timecodes import format_timecode

if TYPE_CHECKING:
    from archipelago.content.models import Episode

#: reference field → (kind folder it points into, noun for messages, role a person must have)
_REFERENCES: dict[str, tuple[str, str, str | None]] = {
    "hosts": ("people", "person", "host"),
    "guests": ("people", "person", "guest"),
    "authors": ("people", "person", "author"),
    "related_guides": ("guides", "guide", None),
    "related_listings": ("directory", "listing", None),
    "related_episodes": ("episodes", "episode", None),
}


def validate_content(content: Content) -> list[Problem]:
    """Every cross-file problem in ``content``."""
    errors: list[Problem] = []
    errors += unique_episode_numbers(content)
    errors += unique_guids(content)
    errors += references_resolve(content)
    errors += chapters_in_order(content)
    return errors


def unique_episode_numbers(content: Content) -> list[Problem]:
    """No two episodes share a number within a season."""
    seen: dict[tuple[int | None, int], Entry[Episode]] = {}
    errors = []
    for entry in sorted(content.episodes.values(), key=lambda e: e.path):
        key = (entry.model.season, entry.model.number)
        first = seen.setdefault(key, entry)
        if first is not entry:
            season = f" in season {key[0]}" if key[0] is not None else ""
            errors.append(
                entry.error(
                    ("number",),
                    f"episode {key[1]}{season} is already {first.path}",
                    "give this episode the next free number (and rename the file to match)",
                )
            )
    return errors


def unique_guids(content: Content) -> list[Problem]:
    """Every episode has its own GUID: apps treat a shared GUID as the same episode."""
    seen: dict[str, Entry[Episode]] = {}
    errors = []
    for entry in sorted(content.episodes.values(), key=lambda e: e.path):
        first = seen.setdefault(entry.model.guid, entry)
        if first is not entry:
            errors.append(
                entry.error(
                    ("guid",),
                    f"{entry.model.guid!r} is already the GUID of {first.path}",
                    "a new episode needs a new GUID:"
                    " `python -c 'import uuid; print(uuid.uuid4())'` prints one",
                )
            )
    return errors


def references_resolve(content: Content) -> list[Problem]:
    """Every slug a file names exists, and people hold the role they are named in.

    Checked on the front matter of every file that parsed, valid or not, so one run reports
    an unknown guest even in a file that also has a bad date.
    """
    targets = content.by_kind()
    errors = []
    for _, document in content.documents:
        for key, (kind, noun, role) in _REFERENCES.items():
            slugs = document.meta.get(key)
            if not isinstance(slugs, list):
                continue  # absent, or of the wrong type: the model reports that
            for index, slug in enumerate(slugs):
                if not isinstance(slug, str) or not SLUG.fullmatch(slug):
                    continue  # not a slug at all: the model reports that
                path = (key, index)
                target = targets[kind].get(slug)
                if target is None:
                    if slug in content.file_slugs.get(kind, set()):
                        continue  # the file exists but has errors of its own, reported there
                    errors.append(
                        document.error(
                            path,
                            field_name(path),
                            f"no {noun} {slug!r}: there is no file content/{kind}/"
                            f"{'NNN-' if kind == 'episodes' else ''}{slug}.md",
                            _closest_hint(slug, targets[kind], kind),
                        )
                    )
                elif role is not None and role not in target.model.roles:
                    errors.append(
                        document.error(
                            path,
                            field_name(path),
                            f"{slug!r} is named as {role}, but the roles in {target.path}"
                            f" are {', '.join(target.model.roles)}",
                            f"add {role} to roles in {target.path}",
                        )
                    )
    return errors


def _closest_hint(slug: str, candidates: dict[str, Any], kind: str) -> str:
    close = difflib.get_close_matches(slug, list(candidates), n=1)
    if close:
        return f"did you mean {close[0]!r}?"
    return f"check the spelling, or add the file to content/{kind}/"


def chapters_in_order(content: Content) -> list[Problem]:
    """Chapter start times strictly increase, so apps show them in the order written."""
    errors = []
    for entry in content.episodes.values():
        previous = None
        for index, chapter in enumerate(entry.model.chapters):
            if previous is not None and chapter.start <= previous:
                errors.append(
                    entry.error(
                        ("chapters", index, "start"),
                        f"starts at {format_timecode(chapter.start)}, not after the chapter"
                        f" before it ({format_timecode(previous)})",
                        "list chapters in the order they play, each starting later than the last",
                    )
                )
            previous = chapter.start
    return errors
