"""Small pieces of page HTML that every episode and guide page repeats, made in Python.

Templates reach them as ``parts`` (one per page, made in on_page_context). A Jinja macro call
builds a new context and frame each time, and a page called a dozen of them: at 2,000 pages
that was most of our templates' time. These methods write the same bytes the macros they
replaced wrote (tests/test_page_parts.py keeps those macros to compare). Every value is
escaped here; the results are Markup, which Jinja prints as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape
from mkdocs.utils import normalize_url

from archipelago.site.pages import format_date, format_duration
from archipelago.site.share import ShareTags, entry_art
from archipelago.urls import FEED_PATH, episode_folder, with_slash

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Sequence

    from mkdocs.structure.pages import Page

    from archipelago.content.entries import Entry
    from archipelago.podcast.transcripts import Cue
    from archipelago.site.site_index import SiteIndex

#: No speaker yet, not even None (see `PageParts.transcript_cues`).
_FIRST = object()


class PageParts:
    """The pieces for one page: its links are relative to it, as MkDocs' `url` filter makes."""

    def __init__(self, hub: SiteIndex, page: Page, base_url: str) -> None:
        self.hub = hub
        self.page = page
        self.base_url = base_url

    def url(self, path: str) -> str:
        """What ``path | url`` gives in this page's templates."""
        return normalize_url(str(path), page=self.page, base=self.base_url)

    def episode_folder(self) -> str:
        """The folder of this episode page's generated files, as `urls.episode_folder`."""
        return episode_folder(self.page.url)

    def entry_link(self, kind: str, slug: str, label: str) -> Markup:
        """A link to an entry's page, or its label alone when it has no page in this build."""
        href = self.hub.url(kind, slug)
        if href:
            return Markup(f'<a href="{escape(self.url(href))}">{escape(label)}</a>')
        return escape(label)

    def person_link(self, slug: str) -> Markup:
        """A person by name, linked to their page; the slug when nobody has it."""
        person = self.hub.person(slug)
        return self.entry_link("people", slug, person.model.name if person else slug)

    def authors(self, slugs: Iterable[str]) -> Markup:
        """Names as "Ada", "Ada and Ben" or "Ada, Ben and Cy", each a link to their page."""
        links = [self.person_link(slug) for slug in slugs]
        if len(links) < 2:
            return Markup("".join(links))
        return Markup(f"{', '.join(links[:-1])} and {links[-1]}")

    def people_list(self, heading: str, slugs: Iterable[str]) -> Markup:
        """A heading and each person's link and bio; nothing without people."""
        items = []
        for slug in slugs:
            person = self.hub.person(slug)
            bio = f": {escape(person.model.bio)}" if person else ""
            items.append(f"\n    <li>{self.person_link(slug)}{bio}</li>")
        if not items:
            return Markup()
        return Markup(
            f'\n  <h2>{escape(heading)}</h2>\n  <ul class="archipelago-people">'
            f"{''.join(items)}\n  </ul>"
        )

    def related(self, heading: str, kind: str, slugs: Iterable[str]) -> Markup:
        """A heading and a link to each related page this build has, less those the page's own
        text already links to (show notes often list them): one list of links, not two."""
        find = {"guides": self.hub.guide, "directory": self.hub.listing}.get(kind, self.hub.episode)
        text = self.page.content or ""
        items = []
        for slug in slugs:
            found = find(slug)
            href = self.hub.url(kind, slug)
            if href and f'href="{escape(self.url(href))}"' in text:
                continue
            if found:
                label = found.model.name if kind == "directory" else found.model.title
                items.append(f"\n    <li>{self.entry_link(kind, found.slug, label)}</li>")
        if not items:
            return Markup()
        return Markup(f"\n  <h2>{escape(heading)}</h2>\n  <ul>{''.join(items)}\n  </ul>")

    def date(self, value: dt.date) -> Markup:
        """A day as `<time>`: machine-readable and written out (`4 May 2026`)."""
        return Markup(
            f'<time datetime="{escape(value.isoformat())}">{escape(format_date(value))}</time>'
        )

    def episode_meta(self, model: Any, seconds: float | None) -> Markup:
        """`Episode 3 · 4 May 2026 · 1:06`, or a Trailer/Bonus badge instead of the number."""
        if model.type == "trailer":
            label = '<span class="archipelago-badge">Trailer</span>'
        elif model.type == "bonus":
            label = '<span class="archipelago-badge">Bonus</span>'
        else:
            label = f"Episode {escape(model.number)}"
        length = ""
        if seconds is not None:
            length = (
                ' · <span class="archipelago-sr-only">Length: </span>'
                f'<time datetime="PT{int(seconds)}S">{escape(format_duration(seconds))}</time>'
            )
        return Markup(f"{label} · {self.date(model.published)}{length}")

    def transcript_cues(self, cues: Sequence[Cue]) -> Markup:
        """The episode page's transcript: a paragraph per cue that seeks the player to its
        start, and the speaker's name wherever the speaker changes.

        An hour of speech is about 700 cues; Jinja's loop took 27 µs a cue, 16 ms of such a page.
        """
        items = []
        speaker: object = _FIRST  # as Jinja's loop.changed: the first cue is a change
        for cue in cues:
            if cue.speaker != speaker:
                speaker = cue.speaker
                if speaker:
                    name = escape(speaker)
                    items.append(f'\n      <p class="archipelago-speaker">{name}</p>')
            start = cue.start
            items.append(
                f'\n      <p class="archipelago-cue" data-cue-start="{start}"'
                f' data-cue-end="{cue.end}"><span class="archipelago-seek" data-start="{start}">'
                f'<span class="archipelago-time">{escape(format_duration(start))}</span></span>'
                f" {escape(cue.text)}</p>"
            )
        return Markup("".join(items))

    def episode_ld(self, entry: Entry[Any], site_url: str) -> dict[str, Any]:
        """An episode as schema.org's PodcastEpisode, for the page's JSON-LD (`| tojson`)."""
        hub, episode = self.hub, entry.model
        show = hub.content.show
        art = entry_art(hub.content, entry)
        audio_url, audio_type = self.episode_audio(entry, site_url)
        seconds = hub.duration(entry.slug)
        ld: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "PodcastEpisode",
            "name": episode.title,
            "url": self.page.canonical_url,
            "datePublished": episode.published.isoformat(),
            "description": episode.summary,
        }
        if episode.type != "trailer":
            ld["episodeNumber"] = episode.number
        if episode.season:
            ld["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": episode.season}
        if show:
            ld["partOfSeries"] = {
                "@type": "PodcastSeries",
                "name": show.title,
                "url": show.website,
                "webFeed": f"{site_url}{FEED_PATH}",
            }
        if art:
            ld["image"] = f"{site_url}{art}"
        media: dict[str, Any] = {"@type": "MediaObject", "contentUrl": audio_url}
        if audio_type:
            media["encodingFormat"] = audio_type
        if seconds is not None:
            total = int(seconds)
            hours = f"{total // 3600}H" if total >= 3600 else ""
            media["duration"] = f"PT{hours}{total % 3600 // 60}M{total % 60}S"
        ld["associatedMedia"] = media
        people = []
        for slug in (*episode.hosts, *episode.guests):
            person = hub.person(slug)
            if person:
                item = {"@type": "Person", "name": person.model.name}
                href = hub.url("people", slug)
                if href:
                    item["url"] = f"{site_url}{href}"
                people.append(item)
        if people:
            ld["actor"] = people
        return ld

    def episode_audio(self, entry: Entry[Any], site_url: str) -> tuple[str, str | None]:
        """An episode's audio as an absolute address (for tags and JSON-LD, which other sites
        read), and its MIME type when its facts are known."""
        audio = self.hub.audio_url(entry.model.audio)
        facts = self.hub.audio_facts(entry.slug)
        return (audio if "://" in audio else site_url + audio), (facts.mime if facts else None)

    def share_tags(self, entry: Entry[Any] | None, site_name: str, site_url: str) -> Markup:
        """Open Graph and Twitter tags for this page (and on an episode's, its oEmbed link):
        its own share image on an episode's or guide's page, the show's art elsewhere."""
        hub, page = self.hub, self.page
        show = hub.content.show
        site_url = with_slash(site_url)
        meta = page.meta or {}
        title = _plain(meta.get("title") or page.title or site_name)
        if page.is_homepage:
            title = site_name
        description = _plain(meta.get("description") or "")
        kind = entry.kind if entry is not None else None
        # The show's art (a path in content/) for pages without a share image of their own.
        image = show.artwork if show else None
        audio_url = audio_type = None
        if entry is not None and kind == "episodes":
            title, description = entry.model.title, entry.model.summary
            audio_url, audio_type = self.episode_audio(entry, site_url)
        elif entry is not None and kind == "guides":
            title, description = entry.model.title, entry.model.summary
        return ShareTags(site_url, site_name).tags(
            title=title,
            description=description or (show.description if show else ""),
            page_url=page.url,
            kind=kind,
            image=image,
            audio_url=audio_url,
            audio_type=audio_type,
        )

    def neighbours(self, entry: Entry[Any]) -> Markup:
        """Links to the episodes published just before and just after this one; nothing at
        an end (an episode that is not published has no neighbours)."""
        older, newer = self.hub.episode_neighbours(entry.slug)
        links = []
        if older is not None:
            links.append(("previous", "Previous episode", older))
        if newer is not None:
            links.append(("next", "Next episode", newer))
        if not links:
            return Markup()
        items = []
        for rel, label, item in links:
            href = self.url(self.hub.url("episodes", item.slug) or "")
            items.append(
                f'\n    <a class="archipelago-neighbours__{rel}" rel="{rel[:4]}"'
                f' href="{escape(href)}"><span class="archipelago-neighbours__label">'
                f"{escape(label)}</span> {escape(item.model.title)}</a>"
            )
        return Markup(
            '\n  <nav class="archipelago-neighbours" aria-label="More episodes">'
            f"{''.join(items)}\n  </nav>"
        )


def _plain(text: Any) -> str:
    """Text as a reader sees it: page titles reach us already escaped (Markup)."""
    return text.unescape() if isinstance(text, Markup) else str(text)
