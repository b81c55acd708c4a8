"""From content to what the podcast publishes: the feed's channel and items, and the files
generated beside each episode page (JSON chapters, SRT and HTML transcripts).

Pure: takes the loaded content and the site's links, returns data for ``feed`` and the plugin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archipelago.podcast.chapters import chapters_document
from archipelago.podcast.episode_files import CHAPTERS_FILE, SUBRIP_FILE, TRANSCRIPT_PAGE
from archipelago.podcast.feed import FeedChannel, FeedItem
from archipelago.podcast.feedext import PersonTag, RemoteItem, Transcript
from archipelago.urls import episode_folder, page_from_its_folder

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from archipelago.content.entries import Content, Entry
    from archipelago.content.models import Episode
    from archipelago.urls import SiteLinks


def generated_names(content: Content, entry: Entry[Episode]) -> list[str]:
    """The files generated beside an episode's page: its chapters when it has any, its SRT and
    HTML transcripts when its WebVTT file holds cues. The page and the feed link to these."""
    names = [CHAPTERS_FILE] if entry.model.chapters else []
    if has_cues(content, entry.slug):
        names += [SUBRIP_FILE, TRANSCRIPT_PAGE]
    return names


def has_cues(content: Content, slug: str) -> bool:
    """Whether an episode has a transcript with something in it."""
    transcript = content.transcripts.get(slug)
    return transcript is not None and transcript.cues > 0


def episode_file_paths(content: Content, entry: Entry[Episode], page_url: str) -> list[str]:
    """Where an episode's generated files go, known without generating them (collisions)."""
    folder = episode_folder(page_url)
    return [folder + name for name in generated_names(content, entry)]


def episode_files_job(
    content: Content, entry: Entry[Episode], links: SiteLinks, content_dir: Path | None = None
) -> dict[str, Any]:
    """What `episode_files.render_episode_files` needs for one episode, as plain JSON data.

    With the episode's cues, the job decides its files: equal jobs and cues give equal files.

    Args:
        content_dir: given, the job names the transcript's file, for a worker that reads the
            cues itself; without it the caller passes ``content``'s cues.
    """
    episode = entry.model
    page_url = links.pages[("episodes", entry.slug)]
    chapters = None
    if episode.chapters:
        audio = content.audio.get(entry.slug)
        duration = audio.seconds if audio else None
        chapters = chapters_document(
            episode, title=episode.title, image_url=links.file, duration=duration
        )
    transcript = None
    if content_dir is not None and episode.transcript and has_cues(content, entry.slug):
        transcript = str(content_dir / episode.transcript)
    return {
        "folder": episode_folder(page_url),
        "chapters": chapters,
        "transcript": transcript,
        "title": f"Transcript: {episode.title}",
        "language": content.show.language if content.show else "en",
        "back_url": page_from_its_folder(page_url),
    }


def plan_feed(
    content: Content,
    published: list[Entry[Episode]],
    links: SiteLinks,
    notes_html: Mapping[str, str],
    feed_url: str,
) -> tuple[FeedChannel, list[FeedItem]]:
    """The feed's channel and one item per published episode.

    Args:
        content: the loaded content, with audio facts and transcripts.
        published: the episodes listeners may see in this build.
        links: absolute URLs for pages and files.
        notes_html: each episode's show notes as the feed carries them (cleaned by
            `notes_html.for_feed`), by slug.
        feed_url: where the feed itself is served.
    """
    assert content.show is not None
    show = content.show
    hosts = sorted({slug for entry in published for slug in entry.model.hosts})
    channel = FeedChannel(
        show=show,
        site_url=links.site_url,
        feed_url=feed_url,
        artwork_url=links.file(show.artwork),
        people=_people(content, links, [(slug, "host") for slug in hosts]),
        podroll=podroll(content),
    )
    items = []
    for entry in published:
        episode = entry.model
        page_url = links.page("episodes", entry.slug)
        assert page_url is not None
        folder = episode_folder(page_url)
        generated = generated_names(content, entry)
        language = show.language
        transcripts = []
        if episode.transcript:
            transcripts.append(
                Transcript(links.file(episode.transcript), "text/vtt", language, "captions")
            )
        if SUBRIP_FILE in generated:
            transcripts += [
                Transcript(folder + SUBRIP_FILE, "application/x-subrip", language),
                Transcript(folder + TRANSCRIPT_PAGE, "text/html", language),
            ]
        items.append(
            FeedItem(
                entry=entry,
                page_url=page_url,
                audio_url=links.enclosure(episode.audio),
                audio=content.audio[entry.slug],
                notes_html=notes_html.get(entry.slug, ""),
                image_url=links.file(episode.image) if episode.image else None,
                chapters_url=folder + CHAPTERS_FILE if CHAPTERS_FILE in generated else None,
                chapter_images={c.image: links.file(c.image) for c in episode.chapters if c.image},
                transcripts=transcripts,
                people=_people(
                    content,
                    links,
                    [(slug, "host") for slug in episode.hosts]
                    + [(slug, "guest") for slug in episode.guests],
                ),
            )
        )
    return channel, items


def podroll(content: Content) -> list[RemoteItem]:
    """The shows the podcast recommends: each published directory listing of a podcast (by
    slug), then the show's own `podroll:` list, each once. A podroll item is named by its
    podcast:guid, so one without is left out rather than guessed."""
    refs = [
        content.listings[slug].model.podcast
        for slug in sorted(content.listings)
        if not content.listings[slug].model.draft
    ]
    if content.show is not None:
        refs.extend(content.show.podroll)
    items: dict[str, RemoteItem] = {}
    for ref in refs:
        if ref is not None and ref.guid is not None and ref.guid not in items:
            items[ref.guid] = RemoteItem(ref.guid, ref.feed_url)
    return list(items.values())


def _people(content: Content, links: SiteLinks, named: list[tuple[str, str]]) -> list[PersonTag]:
    """`podcast:person` tags, linking each person's page and picture."""
    tags = []
    for slug, role in named:
        person = content.people.get(slug)
        if person is None:
            continue
        image = person.model.image
        tags.append(
            PersonTag(
                name=person.model.name,
                role=role,
                href=links.page("people", slug),
                img=links.file(image) if image else None,
            )
        )
    return tags
