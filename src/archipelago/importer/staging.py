"""Writing an import all or nothing: every file is prepared in memory first, then written;
if one write fails, the files already written are removed and the rewritten ones restored.

New files never replace anything: an existing file at a new file's path stops the import
before a byte is written. A file that is rewritten (mkdocs.yml, the publish lock, the media
manifest) must still hold what the import read, or someone changed it meanwhile.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archipelago.atomic_write import write_atomically
from archipelago.errors import Problem, shown_path

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True)
class Change:
    """One file to write: its bytes, and what it holds now (None: it must not exist)."""

    path: Path
    data: bytes
    before: bytes | None = None


def conflicts(changes: list[Change], root: Path) -> list[Problem]:
    """Why the changes cannot be written as planned: a new file's path is taken, or a file
    to rewrite changed since it was read."""
    problems = []
    for change in changes:
        current = change.path.read_bytes() if change.path.is_file() else None
        if change.before is None and change.path.exists():
            problems.append(
                Problem(
                    shown_path(change.path, root),
                    None,
                    "",
                    "already exists; the import never replaces a file",
                    "move it away, or rename the episode it belongs to",
                )
            )
        elif change.before is not None and current != change.before:
            problems.append(
                Problem(
                    shown_path(change.path, root),
                    None,
                    "",
                    "changed while the import ran",
                    "run the import again",
                )
            )
    return problems


def write_all(changes: list[Change]) -> None:
    """Write every change, new files first; on any failure undo what was written and raise."""
    done: list[Change] = []
    created_dirs = []
    try:
        for change in sorted(changes, key=lambda c: (c.before is not None, str(c.path))):
            folders = (change.path.parent, *change.path.parent.parents)
            missing = [folder for folder in folders if not folder.exists()]
            write_atomically(change.path, change.data)
            created_dirs.extend(missing)
            done.append(change)
    except BaseException:
        for change in reversed(done):
            if change.before is None:
                change.path.unlink(missing_ok=True)
            else:
                write_atomically(change.path, change.before)
        for folder in sorted(set(created_dirs), key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):  # not empty: someone else's file is there
                folder.rmdir()
        raise
