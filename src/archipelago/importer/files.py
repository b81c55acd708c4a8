"""Planned episodes and people → the text of their files, each read back with the project's
own reader and model before anything is written: what the import writes, `archipelago check`
accepts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archipelago.content.frontmatter_io import parse_document
from archipelago.content.load import validate_model
from archipelago.content.models import Episode, Person, Show
from archipelago.content.schema import schema_file
from archipelago.errors import Problem
from archipelago.importer.notes import shorten
from archipelago.importer.show_block import dump_yaml

if TYPE_CHECKING:
    from archipelago.importer.mapping import PlannedEpisode, PlannedPerson


def episode_text(episode: PlannedEpisode) -> str:
    """The episode's Markdown file: front matter, then the show notes."""
    meta: dict[str, Any] = {"title": episode.title, "number": episode.number}
    if episode.season is not None:
        meta["season"] = episode.season
    meta["type"] = episode.type
    meta["published"] = episode.published
    meta["guid"] = episode.guid
    meta["audio"] = episode.audio
    if episode.explicit is not None:
        meta["explicit"] = episode.explicit
    meta["summary"] = episode.summary
    if episode.hosts:
        meta["hosts"] = list(episode.hosts)
    if episode.guests:
        meta["guests"] = list(episode.guests)
    if episode.transcript:
        meta["transcript"] = episode.transcript
    if episode.chapters:
        meta["chapters"] = [dict(chapter) for chapter in episode.chapters]
    if episode.image:
        meta["image"] = episode.image
    return _document("episodes", Episode, meta, episode.body)


def person_text(person: PlannedPerson, show_title: str) -> str:
    """A people file for someone the feed names; the bio says where they appear."""
    roles = " and ".join(person.roles)
    meta: dict[str, Any] = {
        "name": person.name,
        "roles": list(person.roles),
        "bio": shorten(f"{roles.capitalize()} on {show_title}.", 300),
    }
    if person.website:
        meta["website"] = person.website
    return _document("people", Person, meta, "")


def _document(kind: str, model: type[Any], meta: dict[str, Any], body: str) -> str:
    header = f"---\n# yaml-language-server: $schema=../../schemas/{schema_file(model)}\n"
    return f"{header}{dump_yaml(meta)}---\n{body}"


def file_problems(kind: str, path: str, text: str) -> list[Problem]:
    """What the project's reader and model say about a file the import would write (its
    paths checked by form only: the files it names are written with it)."""
    document = parse_document(path, text.encode("utf-8"))
    model: type[Episode | Person] = Episode if kind == "episodes" else Person
    _, errors = validate_model(model, document.meta, document)
    return [*document.errors, *errors]


def show_problems(show: dict[str, Any], path: str) -> list[Problem]:
    """What the Show model says about the planned show block."""
    text = f"---\n{dump_yaml(show)}---\n"
    document = parse_document(path, text.encode("utf-8"))
    _, errors = validate_model(Show, document.meta, document)
    return [*document.errors, *errors]
