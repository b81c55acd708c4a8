"""The loaded content's types: each file as read (`Source`), each valid file (`Entry`), and the
whole tree (`Content`), which the loader fills and the media checks complete.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from archipelago.content.frontmatter_io import ParsedDocument
from archipelago.content.models import KINDS, Episode, Guide, Listing, Person, Show, Strict
from archipelago.content.yamlio import YamlPath, field_name
from archipelago.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Iterable

    from archipelago.content.markdown_links import PageLinks
    from archipelago.content.media_facts import AudioInfo, Transcript

M = TypeVar("M", bound=Strict)


@dataclass(frozen=True)
class Source:
    """A content file as read: where it lives and its bytes."""

    src_uri: str  # relative to the content folder, '/'-separated: "episodes/001-arrival.md"
    path: str  # relative to the repository root, for messages: "content/episodes/001-arrival.md"
    raw: bytes


@dataclass(frozen=True)
class MarkdownPage:
    """What the link check (`link_check`) needs of one Markdown file, valid or not."""

    path: str  # as messages show it
    links: PageLinks  # what its body links to, and the anchors it has
    template: str | None  # the template its front matter names, if any


@dataclass(frozen=True)
class Entry(Generic[M]):
    """One valid content file: its model and where it came from.

    Not its Markdown body: MkDocs reads and renders that, and the feeds take the rendered HTML.
    """

    kind: str
    slug: str
    src_uri: str
    path: str
    model: M
    document: ParsedDocument = field(repr=False, compare=False)

    def error(self, yaml_path: YamlPath, message: str, fix: str = "") -> Problem:
        """A Problem pointing at a field of this file."""
        return self.document.error(yaml_path, field_name(yaml_path), message, fix)

    def place(self, problem: Problem, yaml_path: YamlPath) -> Problem:
        """A problem found without knowing its file (``Problem.found``), at a field of this one."""
        return self.error(yaml_path, problem.message, problem.fix)


@dataclass
class Content:
    """Every valid content file, by kind and slug, in a stable order."""

    show: Show | None = None
    episodes: dict[str, Entry[Episode]] = field(default_factory=dict)
    guides: dict[str, Entry[Guide]] = field(default_factory=dict)
    listings: dict[str, Entry[Listing]] = field(default_factory=dict)
    people: dict[str, Entry[Person]] = field(default_factory=dict)
    #: Every slug that has a file, valid or not, by kind: references to a file that has its
    #: own errors are not reported a second time as unknown.
    file_slugs: dict[str, set[str]] = field(default_factory=dict)
    #: Every content file whose front matter parsed, valid or not, with its kind: references
    #: are checked on these, so a file with a bad date still hears about an unknown guest.
    documents: list[tuple[str, ParsedDocument]] = field(default_factory=list)
    #: Every Markdown file's links and anchors, by src_uri.
    pages: dict[str, MarkdownPage] = field(default_factory=dict)
    #: Audio facts and transcripts of each valid episode, by slug (see episode_media).
    audio: dict[str, AudioInfo] = field(default_factory=dict)
    transcripts: dict[str, Transcript] = field(default_factory=dict)

    def by_kind(self) -> dict[str, dict[str, Entry[Any]]]:
        """Each kind's entries by slug, keyed by the kind's folder under content/."""
        return {
            "episodes": self.episodes,
            "guides": self.guides,
            "directory": self.listings,
            "people": self.people,
        }

    def entries(self) -> Iterable[Entry[Any]]:
        """Every entry of every kind."""
        for group in (self.episodes, self.guides, self.listings, self.people):
            yield from group.values()

    def forget_lines(self) -> None:
        """Drop every file's map of YAML lines: for a build whose check has passed, which
        places no message on a line again."""
        for _, document in self.documents:
            if document.yaml is not None:
                document.yaml.lines = {}

    def keep_last_good(self, previous: Content) -> list[Entry[Any]]:
        """Put back, from ``previous``, the entries whose files are still here but no longer
        valid, with their episode's audio facts and transcript; return those put back.

        For the preview: a file broken while `mkdocs serve` runs keeps its page and its place
        in the indexes, as it last was, instead of silently dropping out of them.
        """
        restored = []
        earlier = previous.by_kind()
        for kind, group in self.by_kind().items():
            still_there = self.file_slugs.get(kind, set())
            for slug, entry in earlier[kind].items():
                if slug not in group and slug in still_there:
                    group[slug] = entry
                    restored.append(entry)
        for entry in restored:
            if entry.kind == "episodes":
                if entry.slug in previous.audio:
                    self.audio.setdefault(entry.slug, previous.audio[entry.slug])
                if entry.slug in previous.transcripts:
                    self.transcripts.setdefault(entry.slug, previous.transcripts[entry.slug])
        return restored

    def hold_back_drafts(self) -> None:
        """Drop the draft guides and listings: a build publishes no page, list, link or feed
        entry of them. (Draft episodes stay: what is published of them follows their
        schedule, and the publish lock still checks them.)"""
        for group in (self.guides, self.listings):
            for slug in [slug for slug, entry in group.items() if entry.model.draft]:
                del group[slug]

    def by_src_uri(self) -> dict[str, Entry[Any]]:
        """Entries keyed by their path under content/."""
        return {entry.src_uri: entry for entry in self.entries()}

    def summary(self) -> str:
        """`3 episodes, 9 guides, 10 listings, 7 people`."""
        counts = [
            (len(self.episodes), "episode", "episodes"),
            (len(self.guides), "guide", "guides"),
            (len(self.listings), "listing", "listings"),
            (len(self.people), "person", "people"),
        ]
        return ", ".join(
            f"{count} {singular if count == 1 else plural}" for count, singular, plural in counts
        )


def kind_of(src_uri: str) -> str | None:
    """The content kind of a file, from its folder: ``episodes/001-x.md`` → ``episodes``."""
    parts = src_uri.split("/")
    if len(parts) == 2 and parts[0] in KINDS and parts[1].endswith(".md"):
        if parts[1] == "index.md":
            return None  # index pages are generated, or written by hand as plain pages
        return parts[0]
    return None
