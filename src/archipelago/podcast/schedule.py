"""What is published in a build: not a draft, and dated on or before the build's "now"."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from archipelago.content.ordering import moment

if TYPE_CHECKING:
    from collections.abc import Mapping

    from archipelago.content.entries import Content, Entry
    from archipelago.content.models import Episode


class ScheduleError(ValueError):
    """The configured "now" cannot be read."""


def build_moment(option: object, environ: Mapping[str, str]) -> dt.datetime:
    """The build's "now": the `build_date` option, else SOURCE_DATE_EPOCH, else the clock.

    Args:
        option: the option as YAML gave it: a date, an aware datetime, text, or None.
        environ: the environment, for SOURCE_DATE_EPOCH.
    """
    if isinstance(option, dt.datetime):
        if option.tzinfo is None:
            raise ScheduleError(f"build_date: {option} has no time zone; add one (+00:00)")
        return option
    if isinstance(option, dt.date):
        return moment(option)
    if option is not None and not isinstance(option, str):
        raise ScheduleError(f"build_date: expected a date like 2026-05-01, got {option!r}")
    if option:
        try:
            parsed = dt.datetime.fromisoformat(option)
        except ValueError:
            raise ScheduleError(
                f"build_date: expected a date like 2026-05-01 or 2026-05-01T09:00:00+02:00,"
                f" got {option!r}"
            ) from None
        if parsed.tzinfo is None:
            if len(option) > 10:
                raise ScheduleError(f"build_date: {option!r} has no time zone; add one (+00:00)")
            parsed = parsed.replace(tzinfo=dt.UTC)
        return parsed
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except ValueError:
            raise ScheduleError(
                f"SOURCE_DATE_EPOCH: expected whole seconds since 1970, got {epoch!r}"
            ) from None
    return dt.datetime.now(tz=dt.UTC)


def is_published(episode: Episode, now: dt.datetime) -> bool:
    """Whether listeners may see the episode in a build made at ``now``."""
    return not episode.draft and moment(episode.published) <= now


def held_back(episode: Episode, now: dt.datetime) -> str | None:
    """Why a build made at ``now`` leaves the episode out by its own fields ("a draft",
    "scheduled for 2027-01-10"), or None when they let it out."""
    if episode.draft:
        return "a draft"
    if moment(episode.published) > now:
        return f"scheduled for {episode.published.isoformat()}"
    return None


def published_episodes(content: Content, now: dt.datetime) -> set[str]:
    """The slugs of the episodes a build made at ``now`` puts on the site and in the feed.

    Not drafts, dated on or before ``now``, and with audio facts (an episode whose audio
    could not be checked has an error of its own, which fails the build).
    """
    return {
        slug
        for slug, entry in content.episodes.items()
        if is_published(entry.model, now) and slug in content.audio
    }


def scheduled_episodes(content: Content, now: dt.datetime) -> list[Entry[Episode]]:
    """Episodes that are not drafts but dated after ``now``, soonest first."""
    waiting = [
        entry
        for entry in content.episodes.values()
        if not entry.model.draft and moment(entry.model.published) > now
    ]
    return sorted(waiting, key=lambda entry: (moment(entry.model.published), entry.path))


def scheduled_line(entry: Entry[Episode], now: dt.datetime) -> str:
    """One line telling when a scheduled episode goes out; the distance makes a mistyped year
    stand out ("in 545 days")."""
    when = moment(entry.model.published)
    days = (when.date() - now.date()).days
    distance = "later today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
    return (
        f"scheduled: {entry.path}: {entry.model.title!r} goes out on"
        f" {entry.model.published.isoformat()}, {distance}"
    )
