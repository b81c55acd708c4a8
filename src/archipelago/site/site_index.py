"""What templates ask about the content: entries by slug, their URLs, who appears where,
what is newest, and which filters the directory offers.

Pure: built by the plugin for each page from the loaded content and the published URLs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from archipelago.content.ordering import by_name, episodes_newest_first, guides_newest_first
from archipelago.podcast.episode_files import cues_of
from archipelago.site.pages import recommended_listings

if TYPE_CHECKING:
    from archipelago.content.entries import Content, Entry
    from archipelago.content.models import Listing, RecommendedShow
    from archipelago.podcast.transcripts import Cue

#: A listing checked longer ago than this carries a "may be out of date" notice.
STALE_AFTER_DAYS = 365


@dataclass(frozen=True)
class Season:
    """One season of the episodes index: its number (None when the show has no seasons)."""

    number: int | None
    episodes: list[Entry[Any]]


class SiteIndex:
    """The content as the templates see it.

    Args:
        content: everything loaded.
        urls: (kind, slug) → site-relative URL of every page in this build; an episode without
            one is not published.
        today: the build's date, for the "may be out of date" notice.
        index_urls: kind → site-relative URL of its generated index page.
    """

    def __init__(
        self,
        content: Content,
        urls: dict[tuple[str, str], str],
        today: dt.date | None = None,
        index_urls: dict[str, str] | None = None,
    ) -> None:
        self.content = content
        self._urls = urls
        self._index_urls = index_urls or {}
        self.today = today or dt.date(1970, 1, 1)
        self._episodes: list[Entry[Any]] | None = None
        self._positions: dict[str, int] | None = None
        self._guides: list[Entry[Any]] | None = None
        self._mentions: dict[str, tuple[list[Entry[Any]], list[Entry[Any]]]] | None = None

    # --- links ---------------------------------------------------------------------------

    def url(self, kind: str, slug: str) -> str | None:
        """The site-root-relative URL of an entry's page (pipe it through `| url`)."""
        return self._urls.get((kind, slug))

    def index_url(self, kind: str) -> str:
        """The site-root-relative URL of a kind's index page ("directory/", or
        "directory/index.html" without directory URLs); pipe it through `| url`."""
        return self._index_urls[kind]

    def audio_url(self, audio: str) -> str:
        """Where the player loads an episode's audio: the CDN when the show has one.

        A site-relative path otherwise; pipe the result through `| url` either way.
        """
        show = self.content.show
        if "://" in audio or show is None or show.media_base_url is None:
            return audio
        base = show.media_base_url
        return (base if base.endswith("/") else base + "/") + audio

    # --- entries -------------------------------------------------------------------------

    def person(self, slug: str) -> Entry[Any] | None:
        """A person by slug."""
        return self.content.people.get(slug)

    def guide(self, slug: str) -> Entry[Any] | None:
        """A guide by slug."""
        return self.content.guides.get(slug)

    def listing(self, slug: str) -> Entry[Any] | None:
        """A directory listing by slug."""
        return self.content.listings.get(slug)

    def episode(self, slug: str) -> Entry[Any] | None:
        """An episode by slug, when it is published in this build."""
        return self.content.episodes.get(slug) if ("episodes", slug) in self._urls else None

    def episodes(self) -> list[Entry[Any]]:
        """Every episode published in this build, newest first (sorted once)."""
        if self._episodes is None:
            self._episodes = episodes_newest_first(
                [e for e in self.content.episodes.values() if ("episodes", e.slug) in self._urls]
            )
        return self._episodes

    def episode_neighbours(self, slug: str) -> tuple[Entry[Any] | None, Entry[Any] | None]:
        """The published episodes just before and just after ``slug`` (None at an end, and
        both None for an episode not published); positions found once, not per page."""
        if self._positions is None:
            self._positions = {entry.slug: at for at, entry in enumerate(self.episodes())}
        at = self._positions.get(slug)
        if at is None:
            return None, None
        episodes = self.episodes()  # newest first
        older = episodes[at + 1] if at + 1 < len(episodes) else None
        return older, episodes[at - 1] if at > 0 else None

    def latest_episodes(self, count: int = 3) -> list[Entry[Any]]:
        """The newest published episodes."""
        return self.episodes()[:count]

    def seasons(self) -> list[Season]:
        """Published episodes grouped by season, newest season and episode first."""
        groups: dict[int | None, list[Entry[Any]]] = {}
        for entry in self.episodes():
            groups.setdefault(entry.model.season, []).append(entry)
        order = sorted(groups, key=lambda number: -1 if number is None else number, reverse=True)
        return [Season(number, groups[number]) for number in order]

    def guides(self) -> list[Entry[Any]]:
        """Every guide, newest first (sorted once)."""
        if self._guides is None:
            self._guides = guides_newest_first(list(self.content.guides.values()))
        return self._guides

    def latest_guides(self, count: int = 3) -> list[Entry[Any]]:
        """The newest guides."""
        return self.guides()[:count]

    def listings(self) -> list[Entry[Any]]:
        """Every directory listing, by name."""
        return by_name(list(self.content.listings.values()))

    def recommended_shows(self) -> list[Entry[Any]]:
        """The published listings that describe a podcast (a `podcast:` block), by name: the
        shows the recommendations page lists first, the feed's podroll among them."""
        return recommended_listings(self.content, include_drafts=False)

    def podroll_shows(self) -> list[RecommendedShow]:
        """The show's own `podroll:` list, in its order: recommended shows with no listing."""
        show = self.content.show
        return list(show.podroll) if show is not None else []

    def people(self) -> list[Entry[Any]]:
        """Every person, by name."""
        return by_name(list(self.content.people.values()))

    # --- facts -----------------------------------------------------------------------------

    def duration(self, slug: str) -> float | None:
        """An episode's length in seconds, from its audio facts."""
        info = self.content.audio.get(slug)
        return info.seconds if info else None

    def audio_facts(self, slug: str) -> Any:
        """An episode's audio facts (bytes, seconds, mime), or None."""
        return self.content.audio.get(slug)

    def transcript(self, slug: str) -> list[Cue]:
        """An episode's transcript cues, empty when it has none; read from its file for the
        page that shows them (see `episode_media.Transcript`)."""
        transcript = self.content.transcripts.get(slug)
        return cues_of(transcript)

    def episodes_with(self, person: str) -> list[Entry[Any]]:
        """Published episodes a person hosts or joins, newest first."""
        return [e for e in self.episodes() if person in (*e.model.hosts, *e.model.guests)]

    def guides_by(self, person: str) -> list[Entry[Any]]:
        """Guides a person wrote, newest first."""
        return [g for g in self.guides() if person in g.model.authors]

    def mentions(self, listing: str) -> tuple[list[Entry[Any]], list[Entry[Any]]]:
        """The published episodes and the guides that name a listing, newest first.

        Indexed once per build: one pass over episodes and guides, not one per listing page.
        """
        if self._mentions is None:
            self._mentions = {}
            for episode in self.episodes():
                for slug in episode.model.related_listings:
                    self._mentions.setdefault(slug, ([], []))[0].append(episode)
            for guide in self.guides():
                for slug in guide.model.related_listings:
                    self._mentions.setdefault(slug, ([], []))[1].append(guide)
        return self._mentions.get(listing, ([], []))

    def is_stale(self, listing: Listing) -> bool:
        """Whether a listing was last checked more than a year before this build."""
        return (self.today - listing.last_checked).days > STALE_AFTER_DAYS

    def directory_filters(self) -> dict[str, list[str]]:
        """The kinds, community features and regions the listings use, for the filters."""
        listings = [entry.model for entry in self.content.listings.values()]
        return {
            "kind": sorted({listing.kind for listing in listings}),
            "feature": sorted({f for listing in listings for f in listing.features}),
            "region": sorted({r for listing in listings for r in listing.regions}),
        }
