"""The guides as an Atom feed with their full text, for feed readers."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from feedgen.feed import FeedGenerator

from archipelago.content.ordering import guides_newest_first, moment

if TYPE_CHECKING:
    from collections.abc import Mapping

    from archipelago.content.entries import Content
    from archipelago.urls import SiteLinks


def build_guides_feed(
    content: Content,
    links: SiteLinks,
    html_by_slug: Mapping[str, str],
    *,
    title: str,
    feed_url: str,
    language: str,
) -> bytes:
    """Every guide, newest first, as Atom 1.0 bytes; dates from the guides, never the clock.

    ``html_by_slug`` holds each guide's text as the feed carries it (`notes_html.for_feed`).
    """
    guides = guides_newest_first([g for g in content.guides.values() if not g.model.draft])
    index_url = links.site_url + "guides/"
    fg = FeedGenerator()
    fg.id(index_url)
    fg.title(title)
    fg.link(href=index_url, rel="alternate")
    fg.link(href=feed_url, rel="self")
    fg.language(language)
    fg.generator("Archipelago")
    newest = max((moment(g.model.updated or g.model.published) for g in guides), default=None)
    fg.updated(newest or moment(dt.date(1970, 1, 1)))
    for guide in guides:
        model = guide.model
        page_url = links.page("guides", guide.slug) or index_url
        entry = fg.add_entry(order="append")
        entry.id(page_url)
        entry.title(model.title)
        entry.link(href=page_url, rel="alternate")
        entry.published(moment(model.published))
        entry.updated(moment(model.updated or model.published))
        for slug in model.authors:
            person = content.people.get(slug)
            if person is not None:
                entry.author(name=person.model.name, uri=links.page("people", slug))
        entry.summary(model.summary)
        entry.content(html_by_slug.get(guide.slug, ""), type="html")
    return bytes(fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True))
