"""The JSON Schemas editors use: generated from the models, committed, never stale."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from archipelago.schema import SCHEMA_FILES, stale_schemas, write_schemas
from conftest import REPO

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
