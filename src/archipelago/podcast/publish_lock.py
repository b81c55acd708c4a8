"""The publish lock: what every published episode was, so it can never silently vanish or
change identity.

Podcast apps know an episode by its GUID and, for downloads, its enclosure URL. If either
changes, or the episode disappears from the feed, every subscriber's app shows a duplicate or
loses it. The lock (a committed JSON file) records, for every episode that is not a draft,
its GUID, enclosure URL, number and first publication date. The build compares the content
with it; deliberate changes go through `archipelago lock retire|move`, which leave a trace.

Pure: data in, data and errors out; the CLI and the plugin read and write the file.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archipelago.atomic_write import write_atomically
from archipelago.content.ordering import moment
from archipelago.errors import Problem

if TYPE_CHECKING:
    from collections.abc import Collection

    from archipelago.content.entries import Content, Entry
    from archipelago.content.models import Episode

LOCK_FILE = "publish-lock.json"
_HINT_RESTORE = "restore it, or retire it on purpose: `archipelago lock retire {guid} --reason …`"


class LockFileError(ValueError):
    """The lock file cannot be read."""


@dataclass(frozen=True)
class LockedEpisode:
    """One published episode as the world knows it."""

    guid: str
    slug: str
    number: int
    season: int | None
    enclosure: str
    first_published: str
    previous_enclosures: tuple[str, ...] = ()
    retired: str | None = None  # the reason, when retired on purpose

    def to_json(self) -> dict[str, Any]:
        """The entry as stored, keys in a fixed order."""
        data: dict[str, Any] = {
            "guid": self.guid,
            "slug": self.slug,
            "number": self.number,
            "season": self.season,
            "enclosure": self.enclosure,
            "first_published": self.first_published,
        }
        if self.previous_enclosures:
            data["previous_enclosures"] = list(self.previous_enclosures)
        if self.retired:
            data["retired"] = self.retired
        return data


@dataclass
class PublishLock:
    """Every episode ever published, by GUID."""

    episodes: dict[str, LockedEpisode] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> PublishLock:
        """Read the lock; a missing file is an empty lock."""
        if not path.is_file():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = [
                LockedEpisode(
                    guid=str(item["guid"]),
                    slug=str(item["slug"]),
                    number=int(item["number"]),
                    season=None if item.get("season") is None else int(item["season"]),
                    enclosure=str(item["enclosure"]),
                    first_published=str(item["first_published"]),
                    previous_enclosures=tuple(item.get("previous_enclosures", ())),
                    retired=item.get("retired"),
                )
                for item in data["episodes"]
            ]
        except (ValueError, KeyError, TypeError) as exc:
            raise LockFileError(
                f"{path.name} cannot be read ({exc}); restore it from version control"
            ) from None
        return cls({entry.guid: entry for entry in entries})

    def dumps(self) -> str:
        """Stable JSON: oldest episode first."""
        ordered = sorted(
            self.episodes.values(), key=lambda e: (e.first_published, e.season or 0, e.number)
        )
        document = {"version": 1, "episodes": [entry.to_json() for entry in ordered]}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def save(self, path: Path) -> None:
        """Write atomically: a crash leaves the old lock, never half a new one."""
        write_atomically(path, self.dumps())

    def settled(self, now: dt.datetime) -> dict[str, LockedEpisode]:
        """Episodes out in subscribers' feeds by ``now`` (see `is_settled`), by slug: their
        GUID, enclosure and audio may no longer change."""
        return {e.slug: e for e in self.episodes.values() if is_settled(e, now)}

    def find(self, key: str) -> LockedEpisode | None:
        """An entry by GUID or by slug."""
        if key in self.episodes:
            return self.episodes[key]
        return next((e for e in self.episodes.values() if e.slug == key), None)


@dataclass(frozen=True)
class EpisodeIdentity:
    """What the lock compares for one episode in the content."""

    entry: Entry[Episode]
    enclosure: str


def identities(content: Content, enclosure_of: Any) -> list[EpisodeIdentity]:
    """Every non-draft episode with its enclosure URL (`enclosure_of(audio) -> url`)."""
    return [
        EpisodeIdentity(entry, enclosure_of(entry.model.audio))
        for entry in sorted(content.episodes.values(), key=lambda e: e.path)
        if not entry.model.draft
    ]


def is_out(locked: LockedEpisode, now: dt.datetime) -> bool:
    """Whether apps may have seen the episode: it was first published on or before ``now``.

    A scheduled episode is locked before its day; until then nobody has it, and it may still
    change or be withdrawn (`archipelago lock` records it again).
    """
    first = dt.datetime.fromisoformat(locked.first_published)
    return (first if first.tzinfo else first.replace(tzinfo=dt.UTC)) <= now


def is_settled(locked: LockedEpisode, now: dt.datetime) -> bool:
    """Whether the episode is out in subscribers' feeds for good: out (`is_out`), not retired."""
    return not locked.retired and is_out(locked, now)


def check_lock(
    lock: PublishLock,
    current: list[EpisodeIdentity],
    content: Content,
    lock_name: str,
    now: dt.datetime,
    published: Collection[str] | None = None,
) -> list[Problem]:
    """Published episodes that vanished, changed identity or would leave the feed, and
    enclosures used twice.

    Args:
        lock: the committed lock.
        current: every episode that is not a draft, with its enclosure URL.
        content: the loaded content.
        lock_name: the lock's path as messages show it.
        now: the build's "now": an episode first published after it is not out yet.
        published: the episodes this build puts in the feed, when known.
    """
    errors: list[Problem] = []
    by_guid = {identity.entry.model.guid: identity for identity in current}
    drafts = {e.model.guid: e for e in content.episodes.values() if e.model.draft}
    unreadable = content.file_slugs.get("episodes", set()) - set(content.episodes)
    for locked in sorted(lock.episodes.values(), key=lambda e: e.first_published):
        if not is_settled(locked, now):
            continue
        identity = by_guid.get(locked.guid)
        if identity is None and locked.slug in unreadable:
            continue  # its file is there but has errors of its own: those say what to fix
        if identity is None:
            errors.append(_vanished(locked, current, drafts, lock_name))
        elif identity.enclosure != locked.enclosure:
            errors.append(
                identity.entry.error(
                    ("audio",),
                    f"the published enclosure URL would change from {locked.enclosure} to"
                    f" {identity.enclosure}; podcast apps would download the episode again",
                    f"restore the old address, or record the move on purpose:"
                    f" `archipelago lock move {locked.slug}`, or `archipelago lock move --all`"
                    " when every episode moved (site_url, media_base_url, analytics_prefix)",
                )
            )
        elif published is not None and identity.entry.slug not in published:
            errors.extend(_leaving(locked, identity.entry, content, now))
    seen: dict[str, EpisodeIdentity] = {}
    # URLs apps already know for another episode: moved-from addresses and retired episodes'.
    retired_urls = {
        url: e
        for e in lock.episodes.values()
        for url in (*e.previous_enclosures, *((e.enclosure,) if e.retired else ()))
    }
    for identity in current:
        first = seen.setdefault(identity.enclosure, identity)
        if first is not identity:
            errors.append(
                identity.entry.error(
                    ("audio",),
                    f"{identity.enclosure} is already the enclosure of {first.entry.path}",
                    "each episode needs its own audio file",
                )
            )
        owner = retired_urls.get(identity.enclosure)
        if owner is not None and owner.guid != identity.entry.model.guid:
            errors.append(
                identity.entry.error(
                    ("audio",),
                    f"{identity.enclosure} was published as the audio of {owner.slug!r}"
                    f" ({owner.guid}); apps would mix the two episodes up",
                    "give this episode its own audio file name",
                )
            )
    return errors


def _leaving(
    locked: LockedEpisode, entry: Entry[Episode], content: Content, now: dt.datetime
) -> list[Problem]:
    """Why an episode apps already have would be missing from this build's feed."""
    retire = f"`archipelago lock retire {locked.slug} --reason …`"
    if moment(entry.model.published) > now:
        return [
            entry.error(
                ("published",),
                f"episode {locked.slug!r} has been in subscribers' feeds since"
                f" {locked.first_published}; dated {entry.model.published.isoformat()} it would"
                " leave the feed until then",
                f"restore published: {locked.first_published} if the date is mistyped; to"
                f" withdraw the episode on purpose: {retire}",
            )
        ]
    if entry.slug not in content.audio:
        return []  # its audio could not be checked: that error says what to fix
    return [
        entry.error(
            (),
            f"episode {locked.slug!r} has been in subscribers' feeds since"
            f" {locked.first_published} but is not in this build's feed",
            f"publish it again, or withdraw it on purpose: {retire}",
        )
    ]


def _vanished(
    locked: LockedEpisode,
    current: list[EpisodeIdentity],
    drafts: dict[str, Entry[Episode]],
    lock_name: str,
) -> Problem:
    draft = drafts.get(locked.guid)
    if draft is not None:
        return draft.error(
            ("draft",),
            f"episode {locked.slug!r} was published on {locked.first_published}; as a draft it"
            " would vanish from every subscriber's feed",
            "set draft: false, or retire it on purpose:"
            f" `archipelago lock retire {locked.slug} --reason …`",
        )
    renamed = next(
        (
            i
            for i in current
            if (i.entry.slug == locked.slug)
            or (i.entry.model.number == locked.number and i.entry.model.season == locked.season)
        ),
        None,
    )
    if renamed is not None:
        return renamed.entry.error(
            ("guid",),
            f"the GUID of published episode {locked.slug!r} changed from {locked.guid} to"
            f" {renamed.entry.model.guid}; every app would show it twice",
            f"restore guid: {locked.guid}",
        )
    return Problem(
        lock_name,
        None,
        "",
        f"published episode {locked.slug!r} ({locked.guid}, first published"
        f" {locked.first_published}) has disappeared from content/episodes/",
        _HINT_RESTORE.format(guid=locked.guid),
    )


def unlocked(lock: PublishLock, current: list[EpisodeIdentity]) -> list[EpisodeIdentity]:
    """Non-draft episodes the lock does not know yet."""
    return [i for i in current if i.entry.model.guid not in lock.episodes]


def add(lock: PublishLock, identity: EpisodeIdentity, first_published: str) -> LockedEpisode:
    """Lock a newly published (or scheduled) episode."""
    entry = _locked(identity, first_published)
    lock.episodes[entry.guid] = entry
    return entry


def _locked(identity: EpisodeIdentity, first_published: str) -> LockedEpisode:
    model = identity.entry.model
    return LockedEpisode(
        guid=model.guid,
        slug=identity.entry.slug,
        number=model.number,
        season=model.season,
        enclosure=identity.enclosure,
        first_published=first_published,
    )


@dataclass(frozen=True)
class LockChange:
    """One thing `archipelago lock` records: where, what `lock --check` says while it is not
    recorded, and what `lock` prints once it is."""

    path: str
    pending: str
    done: str


def update(
    lock: PublishLock, current: list[EpisodeIdentity], content: Content, now: dt.datetime
) -> list[LockChange]:
    """Lock every new episode, and bring up to date the entries of scheduled episodes that are
    not out yet (re-dated, renumbered, given other audio, withdrawn): apps have not seen them.

    Entries of episodes that are out are never touched here: `check_lock` holds them.
    """
    changes: list[LockChange] = []
    by_guid = {identity.entry.model.guid: identity for identity in current}
    unreadable = content.file_slugs.get("episodes", set()) - set(content.episodes)
    for locked in sorted(lock.episodes.values(), key=lambda e: (e.first_published, e.guid)):
        if locked.retired or is_out(locked, now) or locked.slug in unreadable:
            continue
        identity = by_guid.get(locked.guid)
        if identity is None:
            del lock.episodes[locked.guid]
            changes.append(
                LockChange(
                    LOCK_FILE,
                    f"holds {locked.slug!r} ({locked.guid}), scheduled for"
                    f" {locked.first_published}, which is no longer a scheduled episode",
                    f"unlocked {locked.slug}: it never went out",
                )
            )
            continue
        fresh = _locked(identity, identity.entry.model.published.isoformat())
        if fresh != locked:
            lock.episodes[locked.guid] = fresh
            differences = ", ".join(
                f"{name} {getattr(locked, name)} -> {getattr(fresh, name)}"
                for name in ("slug", "number", "season", "enclosure", "first_published")
                if getattr(locked, name) != getattr(fresh, name)
            )
            changes.append(
                LockChange(
                    identity.entry.path,
                    f"{LOCK_FILE} holds what it was when scheduled: {differences}",
                    f"updated {fresh.slug}: {differences}",
                )
            )
    for identity in unlocked(lock, current):
        entry = add(lock, identity, identity.entry.model.published.isoformat())
        changes.append(
            LockChange(
                identity.entry.path,
                f"not in {LOCK_FILE}",
                f"locked {entry.slug}: {entry.guid} {entry.enclosure}",
            )
        )
    return changes


def retire(lock: PublishLock, key: str, reason: str) -> LockedEpisode:
    """Mark an episode as withdrawn on purpose; it may then leave the feed."""
    locked = lock.find(key)
    if locked is None:
        raise LockFileError(f"no locked episode has the GUID or slug {key!r}")
    if not reason.strip():
        raise LockFileError("say why the episode is retired: --reason …")
    lock.episodes[locked.guid] = replace(locked, retired=reason.strip())
    return lock.episodes[locked.guid]


def move(lock: PublishLock, key: str, new_enclosure: str) -> LockedEpisode:
    """Record a deliberate enclosure move, keeping the old URL in the lock."""
    locked = lock.find(key)
    if locked is None:
        raise LockFileError(f"no locked episode has the GUID or slug {key!r}")
    if new_enclosure == locked.enclosure:
        raise LockFileError(f"{locked.slug!r} is already served from {new_enclosure}")
    moved = replace(
        locked,
        enclosure=new_enclosure,
        previous_enclosures=(*locked.previous_enclosures, locked.enclosure),
    )
    lock.episodes[locked.guid] = moved
    return moved


def move_all(
    lock: PublishLock, current: list[EpisodeIdentity], now: dt.datetime
) -> list[LockedEpisode]:
    """Record the move of every published episode whose enclosure URL changed (a new
    site_url, media_base_url or analytics_prefix), keeping each GUID and old URL.

    Scheduled episodes that are not out yet are left to `update`: nobody knows their URL.
    """
    moved = []
    for identity in current:
        locked = lock.episodes.get(identity.entry.model.guid)
        if locked is None or not is_settled(locked, now):
            continue
        if identity.enclosure != locked.enclosure:
            moved.append(move(lock, locked.guid, identity.enclosure))
    return moved
