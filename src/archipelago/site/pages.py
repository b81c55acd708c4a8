"""Generated pages (the index of each content kind) and the orderings they list entries in.

Pure: no MkDocs import. The plugin turns each :class:`VirtualPage` into a generated file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from archipelago.content.ordering import by_name, episodes_newest_first, guides_newest_first, moment
from archipelago.timecodes import format_timecode

if TYPE_CHECKING:
    from archipelago.content.entries import Content, Entry

#: Page template for each content kind (kebab-case files in theme/).
TEMPLATES = {
    "episodes": "episode.html",
    "guides": "guide.html",
    "directory": "directory-entry.html",
    "people": "person.html",
}


@dataclass(frozen=True)
class VirtualPage:
    """A page the build adds: where it lives, its Markdown, and which entries it lists."""

    src_uri: str
    title: str
    template: str
    kind: str

    @property
    def markdown(self) -> str:
        """Front matter that selects the template; the template renders the list."""
        return f"---\ntitle: {self.title}\ntemplate: {self.template}\n---\n"


INDEX_PAGES = (
    VirtualPage("episodes/index.md", "Episodes", "episodes-index.html", "episodes"),
    VirtualPage("guides/index.md", "Guides", "guides-index.html", "guides"),
    VirtualPage("directory/index.md", "Directory", "directory-index.html", "directory"),
    VirtualPage("people/index.md", "People", "people-index.html", "people"),
    VirtualPage("recommended/index.md", "Shows we recommend", "recommended.html", "recommended"),
)

ALL_TEMPLATES = (*TEMPLATES.values(), *(page.template for page in INDEX_PAGES))


def virtual_pages() -> tuple[VirtualPage, ...]:
    """The pages the plugin generates."""
    return INDEX_PAGES


def listed_entries(content: Content, kind: str, *, include_drafts: bool) -> list[Entry[Any]]:
    """The entries an index page shows, in the order it shows them."""
    if kind == "episodes":
        episodes = [e for e in content.episodes.values() if include_drafts or not e.model.draft]
        return episodes_newest_first(episodes)
    if kind == "guides":
        return guides_newest_first(list(content.guides.values()))
    if kind == "directory":
        return by_name(list(content.listings.values()))
    if kind == "recommended":
        return recommended_listings(content, include_drafts=include_drafts)
    return by_name(list(content.people.values()))


def recommended_listings(content: Content, *, include_drafts: bool) -> list[Entry[Any]]:
    """The directory listings that describe a podcast (a `podcast:` block), by name."""
    return [
        e
        for e in by_name(list(content.listings.values()))
        if e.model.podcast is not None and (include_drafts or not e.model.draft)
    ]


def format_date(value: dt.date) -> str:
    """``2026-05-04`` → ``4 May 2026`` (no locale, so every machine writes the same)."""
    months = (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    )  # fmt: skip
    return f"{value.day} {months[value.month - 1]} {value.year}"


def format_duration(seconds: float | None) -> str:
    """``3723.4`` → ``1:02:03``; ``75`` → ``1:15`` (whole seconds, for display)."""
    return "" if seconds is None else format_timecode(int(seconds))


def page_dates(content: Content) -> dict[str, dt.date]:
    """The day each page last changed, from the content itself (src_uri → date).

    MkDocs stamps every page (the sitemap's lastmod, the sitemap.xml.gz header) with the day of
    the build; these dates keep the output the same whatever day it is built.
    """
    dates: dict[str, dt.date] = {}
    for episode in content.episodes.values():
        dates[episode.src_uri] = moment(episode.model.published).astimezone(dt.UTC).date()
    for guide in content.guides.values():
        dates[guide.src_uri] = guide.model.updated or guide.model.published
    for listing in content.listings.values():
        dates[listing.src_uri] = listing.model.last_checked
    for person in content.people.values():
        appearances = [
            dates[e.src_uri]
            for e in content.episodes.values()
            if person.slug in (*e.model.hosts, *e.model.guests)
        ] + [dates[g.src_uri] for g in content.guides.values() if person.slug in g.model.authors]
        if appearances:
            dates[person.src_uri] = max(appearances)
    for page in INDEX_PAGES:
        listed = listed_entries(content, page.kind, include_drafts=True)
        kind_dates = [dates[e.src_uri] for e in listed if e.src_uri in dates]
        if kind_dates:
            dates[page.src_uri] = max(kind_dates)
    return dates
