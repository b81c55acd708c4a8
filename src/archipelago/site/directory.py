"""The directory as data: `site/directory.json`, for anyone who wants to build on it."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from archipelago.content.ordering import by_name

if TYPE_CHECKING:
    from archipelago.content.entries import Content
    from archipelago.urls import SiteLinks


def directory_json(content: Content, links: SiteLinks) -> str:
    """Every published listing's facts and page URL, by name, as stable pretty-printed JSON."""
    listings = []
    published = [entry for entry in content.listings.values() if not entry.model.draft]
    for entry in by_name(published):
        data = entry.model.model_dump(exclude={"draft"})
        listings.append({"slug": entry.slug, "url": links.page("directory", entry.slug), **data})
    document = {"version": 1, "count": len(listings), "listings": listings}
    return json.dumps(document, indent=2, ensure_ascii=False, default=_iso) + "\n"


def _iso(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
