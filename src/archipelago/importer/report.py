"""What an import did or would do: its problems, its warnings, and one line of summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archipelago.errors import Problem


@dataclass
class ImportReport:
    """The outcome of one `archipelago import`: nothing is written while ``errors`` is not
    empty; ``warnings`` are odd but importable things, each saying what was done about it."""

    source: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: The episodes written, as paths under the project.
    added: list[str] = field(default_factory=list)
    #: Items whose GUID the project already has (an earlier import): left alone.
    already_here: int = 0
    #: Items that are not episodes (no enclosure, or a duplicate GUID).
    skipped: int = 0
    people: list[str] = field(default_factory=list)
    #: Every file written or rewritten, as paths under the project.
    written: list[str] = field(default_factory=list)
    show_written: bool = False

    @property
    def ok(self) -> bool:
        """Whether the import succeeded (and so wrote what it had to)."""
        return not self.errors

    def summary(self) -> str:
        """One line: what was imported, or why nothing was."""
        if self.errors:
            count = len(self.errors)
            return f"nothing imported from {self.source}: {count} problem{'s' if count > 1 else ''}"
        parts = [f"{len(self.added)} new episode{'s' if len(self.added) != 1 else ''}"]
        if self.already_here:
            parts.append(f"{self.already_here} already here")
        if self.skipped:
            parts.append(f"{self.skipped} item{'s' if self.skipped > 1 else ''} skipped")
        if self.people:
            parts.append(f"{len(self.people)} new people")
        if self.show_written:
            parts.append("the show written into mkdocs.yml")
        if self.warnings:
            count = len(self.warnings)
            parts.append(f"{count} warning{'s' if count > 1 else ''}")
        return f"imported from {self.source}: {', '.join(parts)}"
