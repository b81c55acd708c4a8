"""`archipelago import FEED`: read the old feed, plan every file, check them all, then write
them all or nothing.

The project gains the show block in mkdocs.yml (on the first import), one episode file per
new item, a people file per new podcast:person, the audio facts the feed gives (or that
--download measured) in media-manifest.json, and an entry per episode in publish-lock.json,
so the first build publishes the same GUIDs and enclosure URLs as the old feed. An item whose
GUID the project already has is left alone: a second run adds only new items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archipelago.content.frontmatter_io import parse_document
from archipelago.content.load import EPISODE_STEM
from archipelago.content.media_facts import AudioInfo
from archipelago.errors import Problem, ProblemError, shown_path
from archipelago.importer import assets as fetching_assets
from archipelago.importer.feed_reader import read_feed
from archipelago.importer.fetching import Fetcher, FetchError, read_source
from archipelago.importer.files import episode_text, file_problems, person_text, show_problems
from archipelago.importer.mapping import Where, number_episodes, plan_items, plan_people
from archipelago.importer.report import ImportReport
from archipelago.importer.show_block import ShowChoices, plan_show, with_show
from archipelago.importer.staging import Change, conflicts, write_all
from archipelago.podcast.audio import MediaManifest
from archipelago.podcast.publish_lock import LockedEpisode, LockFileError, PublishLock
from archipelago.urls import FEED_PATH, SiteLinks, with_slash


@dataclass(frozen=True)
class ImportTarget:
    """The project imported into, as the CLI found it from mkdocs.yml."""

    root: Path
    config_file: Path
    content_dir: Path
    lock_file: Path
    manifest_file: Path
    site_url: str | None = None
    #: The show block as mkdocs.yml holds it, when it has one.
    show: dict[str, Any] | None = None


@dataclass(frozen=True)
class ImportOptions:
    """What the user asked for on the command line."""

    download: bool = False
    fetch_files: bool = True
    artwork: Path | None = None
    category: str | None = None
    owner_email: str | None = None
    timeout: float = 30.0


@dataclass
class _Existing:
    guids: set[str] = field(default_factory=set)
    numbers: set[tuple[int | None, int]] = field(default_factory=set)
    slugs: set[str] = field(default_factory=set)
    people: dict[str, list[str]] = field(default_factory=dict)


def import_feed(
    source: str, target: ImportTarget, options: ImportOptions, fetcher: Fetcher | None = None
) -> ImportReport:
    """Import ``source`` (a path or an http(s) address) into ``target``; the report says what
    was written, or why nothing was."""
    report = ImportReport(source)
    fetcher = fetcher or Fetcher(options.timeout)
    try:
        fetched = read_source(source, fetcher)
    except FetchError as exc:
        report.errors.append(exc.problem.placed(source))
        return report
    read = read_feed(fetched.data, source)
    report.errors += read.errors
    report.warnings += read.warnings
    feed = read.feed
    if feed is None:
        return report
    old_url = fetched.url or feed.self_url
    if feed.new_feed_url and feed.new_feed_url.strip() not in (old_url, source):
        report.warnings.append(
            Problem(
                source,
                None,
                "channel <itunes:new-feed-url>",
                f"the feed says it moved to {feed.new_feed_url.strip()}",
                "import from that address if it is newer",
            )
        )
    where = Where(source, [fetched.url, feed.self_url, feed.link])
    existing, problems = _scan(target)
    report.errors += problems
    try:
        lock = PublishLock.load(target.lock_file)
    except LockFileError as exc:
        report.errors.append(Problem(shown_path(target.lock_file, target.root), None, "", str(exc)))
        return report
    existing.guids |= set(lock.episodes)
    try:
        manifest = MediaManifest.load(target.manifest_file)
    except ProblemError as exc:
        report.errors.append(exc.problem.placed(shown_path(target.manifest_file, target.root)))
        return report
    mapped = plan_items(feed, where, existing.guids, options.download)
    report.errors += mapped.errors
    report.warnings += mapped.warnings
    report.already_here, report.skipped = mapped.already_here, mapped.skipped
    episodes = mapped.episodes
    site_url = with_slash(target.site_url) if target.site_url else None
    newest = max((e.published for e in episodes), default=None)
    plan = plan_show(
        feed,
        source,
        where.bases,
        old_url,
        site_url + FEED_PATH if site_url else None,
        newest,
        ShowChoices(options.category, options.owner_email),
    )
    assets = fetching_assets.Assets()
    config_text = target.config_file.read_text(encoding="utf-8")
    new_config = None
    show_title = plan.show.get("title") or ""
    if target.show is None:
        report.errors += plan.errors
        report.warnings += plan.warnings
        artwork = fetching_assets.show_artwork(
            plan.artwork_url, options.artwork, fetcher, source, assets
        )
        plan.show["artwork"] = artwork
        if artwork and not plan.errors:
            config_shown = shown_path(target.config_file, target.root)
            report.errors += [
                p.placed(config_shown, f"show.{p.field}") for p in show_problems(plan.show, "")
            ]
            new_config = with_show(config_text, plan.show, source)
            if new_config is None:
                report.errors.append(
                    Problem(
                        config_shown,
                        None,
                        "plugins",
                        "does not use the archipelago plugin",
                        "add `- archipelago` under plugins:",
                    )
                )
    else:
        show_title = str(target.show.get("title") or show_title)
        # A guid computed from the new feed's address says nothing about which show it is.
        known = bool(feed.podcast_guid or old_url)
        same = target.show.get("title") == plan.show.get("title") or (
            known and target.show.get("guid") == plan.show.get("guid")
        )
        if not same:
            report.errors.append(
                Problem(
                    shown_path(target.config_file, target.root),
                    None,
                    "show",
                    f"already describes another show ({target.show.get('title')!r}); importing"
                    f" {plan.show.get('title')!r} would mix two shows",
                    "import into a project without a show: block and without episodes"
                    " (docs/deploy.md, section 2)",
                )
            )
    number_episodes(episodes, existing.numbers, existing.slugs, where, report.warnings)
    people = plan_people(feed, episodes, existing.people, where, report.warnings)
    for episode in sorted(episodes, key=lambda e: e.item.position):
        fetching_assets.fetch_episode_assets(
            episode,
            fetcher,
            where,
            assets,
            fetch_files=options.fetch_files,
            download=options.download,
            show_artwork_url=plan.artwork_url,
        )
    report.errors += assets.errors
    report.warnings += assets.warnings
    _skipped_files(feed, options, episodes, report, source)
    if report.errors:
        return report
    changes = _changes(target, episodes, people, show_title, assets, report)
    show = target.show or plan.show
    links = SiteLinks.configured(
        site_url or "https://example.invalid/",
        show.get("media_base_url"),
        show.get("analytics_prefix"),
    )
    lock_before = lock.dumps()
    manifest_before = manifest.dumps()
    for episode in episodes:
        if manifest.get(episode.audio) is None:
            facts = assets.facts.get(episode.audio)
            assert episode.length is not None and episode.seconds is not None
            manifest.set(
                episode.audio,
                facts or AudioInfo(episode.length, episode.seconds, episode.mime, ""),
            )
        lock.episodes[episode.guid] = LockedEpisode(
            guid=episode.guid,
            slug=episode.slug,
            number=episode.number,
            season=episode.season,
            enclosure=links.enclosure(episode.audio),
            first_published=episode.published.isoformat(),
            previous_enclosures=(episode.insecure_enclosure,) if episode.insecure_enclosure else (),
        )
    changes += _rewrite(target.lock_file, lock_before, lock.dumps())
    changes += _rewrite(target.manifest_file, manifest_before, manifest.dumps())
    if new_config is not None:
        changes += _rewrite(target.config_file, config_text, new_config)
        report.show_written = True
    if report.errors:
        return report
    report.errors += conflicts(changes, target.root)
    if report.errors:
        return report
    write_all(changes)
    report.written = sorted(shown_path(change.path, target.root) for change in changes)
    return report


def _rewrite(path: Path, before: str, after: str) -> list[Change]:
    if before == after and path.is_file():
        return []
    old = path.read_bytes() if path.is_file() else None
    if old is None and path.exists():
        old = b""
    return [Change(path, after.encode("utf-8"), old if old is not None else None)]


def _changes(
    target: ImportTarget,
    episodes: list[Any],
    people: list[Any],
    show_title: str,
    assets: fetching_assets.Assets,
    report: ImportReport,
) -> list[Change]:
    changes = []
    content = target.content_dir
    for episode in episodes:
        path = content / "episodes" / f"{episode.stem}.md"
        shown = shown_path(path, target.root)
        text = episode_text(episode)
        for problem in file_problems("episodes", shown, text):
            report.errors.append(
                Problem(
                    report.source,
                    episode.item.line,
                    f"item {episode.item.position}",
                    f"would be written as {shown}, which the check refuses: {problem}",
                    "report this: the importer should have caught it",
                )
            )
        changes.append(Change(path, text.encode("utf-8")))
        report.added.append(shown)
    for person in people:
        path = content / "people" / f"{person.slug}.md"
        shown = shown_path(path, target.root)
        text = person_text(person, show_title)
        report.errors += [
            Problem(
                report.source,
                None,
                "podcast:person",
                f"{person.name} would be written as {shown}, which the check refuses: {problem}",
            )
            for problem in file_problems("people", shown, text)
        ]
        changes.append(Change(path, text.encode("utf-8")))
        report.people.append(shown)
    for relative, data in sorted(assets.files.items()):
        changes.append(Change(content / relative, data))
    return changes


def _skipped_files(
    feed: Any, options: ImportOptions, episodes: list[Any], report: ImportReport, source: str
) -> None:
    """One warning for what --no-files left behind, rather than one per episode."""
    if options.fetch_files:
        return
    kinds = {
        "transcripts": sum(bool(e.item.transcripts) for e in episodes),
        "JSON chapter files": sum(
            bool(e.item.chapters_url and not e.item.simple_chapters) for e in episodes
        ),
        "episode artworks": sum(bool(e.image_url) for e in episodes),
    }
    left = [f"{count} {kind}" for kind, count in kinds.items() if count]
    if left:
        report.warnings.append(
            Problem(
                source,
                None,
                "",
                f"--no-files: {', '.join(left)} not fetched, so not kept",
                "import without --no-files to keep them",
            )
        )


def _scan(target: ImportTarget) -> tuple[_Existing, list[Problem]]:
    """The GUIDs, numbers and slugs of the project's episodes, and its people's roles."""
    existing = _Existing()
    problems = []
    for path in sorted((target.content_dir / "episodes").glob("*.md")):
        match = EPISODE_STEM.fullmatch(path.stem)
        if match:
            existing.slugs.add(match.group("slug"))
        shown = shown_path(path, target.root)
        meta = parse_document(shown, path.read_bytes()).meta
        guid, number, season = meta.get("guid"), meta.get("number"), meta.get("season")
        if isinstance(guid, str):
            existing.guids.add(guid)
        elif path.name != "index.md":
            problems.append(
                Problem(
                    shown,
                    None,
                    "guid",
                    "cannot be read, so the import cannot"
                    " tell whether it already holds a feed's item",
                    "fix the file (`archipelago check` says how), then import",
                )
            )
        if isinstance(number, int):
            existing.numbers.add((season if isinstance(season, int) else None, number))
    for path in sorted((target.content_dir / "people").glob("*.md")):
        meta = parse_document(shown_path(path, target.root), path.read_bytes()).meta
        roles = meta.get("roles")
        existing.people[path.stem] = (
            [r for r in roles if isinstance(r, str)] if isinstance(roles, list) else []
        )
    return existing, problems
