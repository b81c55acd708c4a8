"""The one shape every contributor-facing problem takes, its text formats, and how a file's
path is shown in it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in one file: where it is, which field, what is wrong, how to fix it.

    ``path`` is relative to the repository root (the folder holding ``mkdocs.yml``, see
    `shown_path`), so a contributor can paste it into an editor. ``line`` is 1-based, or
    ``None`` when the problem concerns the whole file. A reader that does not know which file
    it reads (YAML, WebVTT, an audio file's bytes) leaves ``path`` empty; its caller `placed`
    the problem.
    """

    path: str
    line: int | None
    field: str
    message: str
    fix: str = ""

    @classmethod
    def found(cls, message: str, fix: str = "", *, line: int | None = None) -> Problem:
        """A problem found by a reader that does not know its file or field yet."""
        return cls("", line, "", message, fix)

    def placed(self, path: str, field: str | None = None) -> Problem:
        """The problem in the file at ``path`` (and at ``field``, when given)."""
        return dataclasses.replace(self, path=path, field=self.field if field is None else field)

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        return f"{text} (fix: {self.fix})" if self.fix else text

    def github_annotation(self, level: str = "error") -> str:
        """The problem as a GitHub Actions workflow command, shown inline on a pull request
        (``level``: ``error`` or ``warning``)."""
        location = f"file={self.path}" + (f",line={self.line}" if self.line else "")
        body = str(self).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{level} {location},title={self.field or 'content'}::{body}"


class ProblemError(Exception):
    """A problem that stops the work at hand (an audio file that cannot be read); the caller
    places ``problem`` in its file and reports it with the others."""

    def __init__(self, message: str, fix: str = "", *, line: int | None = None) -> None:
        super().__init__(message)
        self.problem = Problem.found(message, fix, line=line)


def sort_errors(errors: list[Problem]) -> list[Problem]:
    """Problems in reading order: by file, then line, then field."""
    return sorted(errors, key=lambda e: (e.path, e.line or 0, e.field, e.message))


def shown_path(path: Path, repo_root: Path) -> str:
    """``path`` as problems and messages show it: from the repository root when it is inside
    (as written, or once the folders above it are resolved), else as given. ``path`` itself is
    not resolved: a link is shown where it is, not where it leads."""
    resolved = path.parent.resolve() / path.name
    for inside, root in ((path, repo_root), (resolved, repo_root.resolve())):
        if inside.is_relative_to(root):
            return inside.relative_to(root).as_posix()
    return path.as_posix()
