"""The orders entries are listed in, and dates as moments: one place for the feed, the
indexes and the schedule."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archipelago.content.entries import Entry
    from archipelago.content.models import Episode, Guide


def moment(value: dt.date) -> dt.datetime:
    """A date or aware datetime as an aware datetime, so both sort together (00:00 UTC)."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)


def episodes_newest_first(entries: list[Entry[Episode]]) -> list[Entry[Episode]]:
    """Newest first; within one moment, the higher number first."""
    return sorted(
        entries,
        key=lambda e: (moment(e.model.published), e.model.season or 0, e.model.number, e.slug),
        reverse=True,
    )


def guides_newest_first(entries: list[Entry[Guide]]) -> list[Entry[Guide]]:
    """Newest first, then by title."""
    ordered = sorted(entries, key=lambda e: e.model.title.casefold())
    return sorted(ordered, key=lambda e: e.model.published, reverse=True)


def by_name(entries: list[Entry[Any]]) -> list[Entry[Any]]:
    """Listings and people in alphabetical order of their names."""
    return sorted(entries, key=lambda e: (e.model.name.casefold(), e.slug))
