"""A second import adds only new items and never overwrites; the same feed always gives the
same bytes; a write that fails half-way leaves the project as it was."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from archipelago.importer.staging import Change, write_all


def test_a_rerun_adds_only_new_items_and_leaves_edited_ones_alone(
    project: Path, kit: Any, feed_file: Any
) -> None:
    path = feed_file(kit.rss([kit.item(2), kit.item(1)]))
    first = kit.run_import(project, path, "--artwork", str(kit.cover))
    assert first.exit_code == 0, first.output
    edited = project / "content/episodes/001-episode-1.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "My own words.\n", encoding="utf-8")
    after_first = kit.tree(project)
    again = kit.run_import(project, path)
    assert again.exit_code == 0, again.output
    assert "0 new episodes, 2 already here" in again.output
    assert kit.tree(project) == after_first
    path.write_bytes(kit.rss([kit.item(3), kit.item(2), kit.item(1)]))
    third = kit.run_import(project, path)
    assert third.exit_code == 0, third.output
    assert "1 new episode, 2 already here" in third.output
    now = kit.tree(project)
    assert now["content/episodes/001-episode-1.md"].endswith(b"My own words.\n")
    assert "content/episodes/003-episode-3.md" in now
    assert kit.run_check(project).exit_code == 0


def test_the_same_feed_gives_byte_identical_files(
    tmp_path: Path, project: Path, kit: Any, feed_file: Any
) -> None:
    path = feed_file(kit.rss([kit.item(n) for n in range(1, 6)]))
    twin = tmp_path / "twin"
    shutil.copytree(project, twin)
    for root in (project, twin):
        assert kit.run_import(root, path, "--artwork", str(kit.cover)).exit_code == 0
    assert kit.tree(project) == kit.tree(twin)


def test_a_failed_write_undoes_what_was_written(tmp_path: Path) -> None:
    kept = tmp_path / "kept.json"
    kept.write_text("old\n", encoding="utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder must go", encoding="utf-8")
    changes = [
        Change(tmp_path / "content/episodes/001-a.md", b"new"),
        Change(kept, b"rewritten\n", b"old\n"),
        Change(blocker / "002-b.md", b"cannot be written"),
    ]
    with pytest.raises(OSError):
        write_all(changes)
    assert not (tmp_path / "content").exists()
    assert kept.read_text(encoding="utf-8") == "old\n"
