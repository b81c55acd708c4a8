"""The one shape every contributor-facing problem takes, and its text formats."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one file: where it is, which field, what is wrong, how to fix it.

    ``path`` is relative to the repository root (the folder holding ``mkdocs.yml``), so a
    contributor can paste it into an editor. ``line`` is 1-based, or ``None`` when the problem
    concerns the whole file.
    """

    path: str
    line: int | None
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        return f"{text} (fix: {self.hint})" if self.hint else text

    def github_annotation(self) -> str:
        """The problem as a GitHub Actions workflow command, shown inline on a pull request."""
        location = f"file={self.path}" + (f",line={self.line}" if self.line else "")
        body = str(self).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error {location},title={self.field or 'content'}::{body}"


def sort_errors(errors: list[ContentError]) -> list[ContentError]:
    """Errors in reading order: by file, then line, then field."""
    return sorted(errors, key=lambda e: (e.path, e.line or 0, e.field, e.message))
