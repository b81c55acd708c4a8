"""The JSON Schemas editors use: generated from the models, committed, never stale."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from archipelago.content.schema import (
    SCHEMA_FILES,
    reference_is_stale,
    stale_schemas,
    write_reference,
    write_schemas,
)
from helpers.sites import REPO

KIND_SCHEMAS = {
    "episodes": "episode.schema.json",
    "guides": "guide.schema.json",
    "directory": "listing.schema.json",
    "people": "person.schema.json",
}


def test_committed_schemas_match_the_models() -> None:
    assert stale_schemas(REPO / "schemas") == [], "run `make schemas` and commit schemas/"


def test_a_changed_model_makes_the_check_fail(tmp_path: Path) -> None:
    write_schemas(tmp_path)
    (tmp_path / "episode.schema.json").write_text("{}\n")
    assert stale_schemas(tmp_path) == ["episode.schema.json"]


def test_schemas_forbid_unknown_keys_and_list_required_fields() -> None:
    episode = json.loads((REPO / "schemas" / "episode.schema.json").read_text())
    assert episode["additionalProperties"] is False
    assert {"title", "number", "published", "guid", "audio", "summary"} <= set(episode["required"])
    assert set(SCHEMA_FILES) == {*KIND_SCHEMAS.values(), "show.schema.json"}


@pytest.mark.parametrize("kind", sorted(KIND_SCHEMAS))
def test_every_content_file_points_its_editor_at_its_schema(kind: str) -> None:
    files = sorted((REPO / "content" / kind).glob("*.md"))
    assert files, f"no {kind} in content/"
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0] == "---"
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", lines[1])
        assert match, f"{path}: second line must be the yaml-language-server schema comment"
        assert (path.parent / match.group(1)).resolve() == REPO / "schemas" / KIND_SCHEMAS[kind]


def front_matter_as_json(path: Path) -> dict[str, object]:
    """A file's front matter as an editor's YAML language server sees it (dates are strings)."""
    from archipelago.content.frontmatter_io import parse_document

    document = parse_document(path.name, path.read_bytes())
    return json.loads(json.dumps(document.meta, default=str))


@pytest.mark.parametrize("kind", sorted(KIND_SCHEMAS))
def test_shipped_content_is_valid_against_its_schema(kind: str) -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads((REPO / "schemas" / KIND_SCHEMAS[kind]).read_text())
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for path in sorted((REPO / "content" / kind).glob("*.md")):
        problems = [error.message for error in validator.iter_errors(front_matter_as_json(path))]
        assert problems == [], path


def test_schema_rejects_what_the_build_rejects() -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads((REPO / "schemas" / "episode.schema.json").read_text())
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    good = front_matter_as_json(next((REPO / "content" / "episodes").glob("*.md")))
    for change in (
        {"guest": ["a"]},  # misspelt key
        {"number": "3"},  # quoted number
        {"audio": "../outside.mp3"},  # climbs out of content/
        {"transcript": "episodes/media/notes.txt"},  # not WebVTT
        {"hosts": ["Ada Lovelace"]},  # not a slug
        {"type": "trialer"},  # not in the vocabulary
        {"chapters": [{"start": "soon", "title": "x"}]},  # not a time
    ):
        assert not validator.is_valid({**good, **change}), change


def test_the_content_reference_is_written_from_the_schemas() -> None:
    assert not reference_is_stale(REPO / "docs" / "content-reference.md"), (
        "run `make schemas` and commit docs/content-reference.md"
    )
    page = (REPO / "docs" / "content-reference.md").read_text(encoding="utf-8")
    for name, model in SCHEMA_FILES.items():
        for field in model.model_fields:
            assert f"| `{field}` |" in page, (name, field)
    assert "| `summary` | yes | text | at most 4000 bytes of UTF-8" in page


def test_a_stale_content_reference_fails_the_check(tmp_path: Path) -> None:
    page = tmp_path / "content-reference.md"
    assert write_reference(page) and not reference_is_stale(page)
    page.write_text(page.read_text().replace("at most 255 characters", "at most 80"))
    assert reference_is_stale(page)


def test_the_configuration_page_names_every_option_and_show_field() -> None:
    from archipelago.config import ArchipelagoConfig
    from archipelago.content.models import Show

    page = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    for option in ArchipelagoConfig._schema:
        assert f"| `{option[0]}` |" in page, option[0]
    for field in Show.model_fields:
        assert f"`{field}`" in page, field
