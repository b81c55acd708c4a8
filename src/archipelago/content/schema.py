"""JSON Schemas of the content models, for editors that validate front matter as you type."""

from __future__ import annotations

import json
from pathlib import Path

from archipelago.content.models import Episode, Guide, Listing, Person, Show, Strict

#: Schema file name → model. Content files point at these with a yaml-language-server comment.
SCHEMA_FILES: dict[str, type[Strict]] = {
    "episode.schema.json": Episode,
    "guide.schema.json": Guide,
    "listing.schema.json": Listing,
    "person.schema.json": Person,
    "show.schema.json": Show,
}


def schema_file(model: type[Strict]) -> str:
    """The name of ``model``'s schema file in schemas/."""
    return next(name for name, each in SCHEMA_FILES.items() if each is model)


def render_schema(model: type[Strict]) -> str:
    """One model's JSON Schema as stable, pretty-printed text."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    schema.update(model.model_json_schema())
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema into ``directory``; return the files that changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, model in SCHEMA_FILES.items():
        target = directory / name
        text = render_schema(model)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            changed.append(target)
    return changed


def stale_schemas(directory: Path) -> list[str]:
    """Schema files that are missing or differ from the models."""
    return [
        name
        for name, model in SCHEMA_FILES.items()
        if not (directory / name).is_file()
        or (directory / name).read_text(encoding="utf-8") != render_schema(model)
    ]


def reference_text() -> str:
    """docs/content-reference.md as the models' schemas give it (see `reference`)."""
    from archipelago.content.reference import content_reference

    return content_reference({name: render_schema(model) for name, model in SCHEMA_FILES.items()})


def write_reference(path: Path) -> bool:
    """Write the content reference; whether it changed."""
    text = reference_text()
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def reference_is_stale(path: Path) -> bool:
    """Whether the content reference is missing or differs from the models."""
    return not path.is_file() or path.read_text(encoding="utf-8") != reference_text()
