"""The contributor's command line: `archipelago check` and `archipelago schema`."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from archipelago.content.load import load_sources, read_sources
from archipelago.content.scaffold import FOLDERS, ScaffoldError, new_file
from archipelago.content.schema import (
    reference_is_stale,
    stale_schemas,
    write_reference,
    write_schemas,
)
from archipelago.engine.atomic_build import build_atomically
from archipelago.engine.host import LOGGER_NAME, Abort  # the chosen engine's (host.py)
from archipelago.engine.load_store import read_load_cache, write_load_cache
from archipelago.errors import Problem
from archipelago.podcast.audio import AudioError
from archipelago.podcast.audio_prep import AudioWork, Outcome, normalize_episode, tag_episodes
from archipelago.podcast.episode_media import absent_audio
from archipelago.podcast.feed import podcast_guid
from archipelago.podcast.notify import PUBNOTIFY_URL
from archipelago.podcast.notify import notify as ping_all
from archipelago.podcast.publish_lock import (
    LockFileError,
    PublishLock,
    identities,
    move,
    move_all,
    retire,
    update,
)
from archipelago.podcast.schedule import scheduled_episodes, scheduled_line
from archipelago.project import (
    WITHOUT_MEDIA_VARIABLE,
    CheckResult,
    ProjectConfig,
    check_tree,
    find_config_file,
    read_project_config,
)
from archipelago.urls import SiteLinks, page_path

#: For `check`, `probe` and `build`: the same switch as the environment variable.
without_media_option = click.option(
    "--without-media",
    is_flag=True,
    envvar=WITHOUT_MEDIA_VARIABLE,
    help="Check or build the text alone: recorded audio facts stand in for audio files that"
    " are not here (CI for a text-only pull request). Never publish such a build.",
)


@click.group()
@click.version_option(package_name="archipelago")
def main() -> None:
    """Archipelago: check content and maintain the project's schemas."""


@main.command()
@click.argument("root", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github"]),
    default="text",
    help="github: also print annotations that GitHub shows on the pull request.",
)
@click.option("--verify", is_flag=True, help="Re-read every audio file, even unchanged ones.")
@without_media_option
def check(root: Path, output_format: str, verify: bool, without_media: bool) -> None:
    """Validate every content file under ROOT (the folder holding mkdocs.yml) without building.

    Also lists the scheduled episodes, one line each, so that a mistyped year shows.
    """
    config_file = find_config_file(root)
    if not config_file.is_file():
        raise click.UsageError(f"no mkdocs.yml in {root}: give the project's folder as ROOT")
    config, errors = read_project_config(config_file)
    result = None
    if config is not None:
        config.without_media = without_media
        cache = read_load_cache(config.content_dir)
        result = check_tree(config, verify=verify, cache=cache)
        write_load_cache(config.content_dir, cache)
        errors = errors + result.errors
        if result.media is not None:
            result.media.save_cache(config.probe_cache)
        for entry in scheduled_episodes(result.content, config.now):
            click.echo(scheduled_line(entry, config.now))
        _report(result.warnings, output_format, level="warning")
    if errors:
        _report(errors, output_format)
        files = len({error.path for error in errors})
        noun = "problem" if len(errors) == 1 else "problems"
        click.echo(f"{len(errors)} {noun} in {files} file{'s' if files > 1 else ''}", err=True)
        sys.exit(1)
    assert result is not None
    click.echo(f"{result.content.summary()}: no problems")


def _report(errors: list[Problem], output_format: str, level: str = "error") -> None:
    # A warning is marked as one: it does not fail the command.
    prefix = "warning: " if level == "warning" else ""
    for error in errors:
        click.echo(f"{prefix}{error}", err=True)
        if output_format == "github":
            click.echo(error.github_annotation(level))


@main.command()
@click.argument("root", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--verify", is_flag=True, help="Only compare: re-read every file, record nothing.")
@click.option(
    "--remote",
    "remotes",
    multiple=True,
    metavar="URL=FILE",
    help="Record the facts of remote audio from a local copy of it (repeatable).",
)
@without_media_option
def probe(root: Path, verify: bool, remotes: tuple[str, ...], without_media: bool) -> None:
    """Record the audio facts of every episode in media-manifest.json, from the files themselves.

    Bytes, duration, MIME type and sha256 are read with mutagen; nothing is typed by hand.
    Run it after adding or replacing audio, and commit the manifest with the audio.
    """
    config = _project(root)
    config.without_media = without_media
    facts = config.media_facts()
    copies = dict(_remote_copy(option) for option in remotes)
    content, _ = load_sources(read_sources(config.content_dir, config.repo_root))
    problems: list[Problem] = []
    elsewhere: list[str] = []
    for entry in sorted(content.episodes.values(), key=lambda e: e.path):
        audio = entry.model.audio
        file = copies.pop(audio, None) if "://" in audio else config.content_dir / audio
        if file is not None and not file.is_file():
            if entry.model.draft:
                continue  # a draft may wait for its audio
            if config.audio_must_be_here:
                shown = config.shown_content_dir
                problems.append(entry.place(absent_audio(audio, shown), ("audio",)))
            else:
                elsewhere.append(audio)  # its recorded facts stand in for it
            continue
        try:
            if verify or file is None:
                facts.facts_for(audio, file, verify=True)
                continue
            old, new = facts.record(audio, file)
        except AudioError as exc:
            problems.append(entry.place(exc.problem, ("audio",)))
            continue
        if old != new:
            verb = "updated" if old else "recorded"
            click.echo(f"{verb} {audio}: {new.bytes} bytes, {new.seconds} s, {new.mime}")
    for url in copies:
        problems.append(
            Problem("--remote", None, "", f"no episode's audio is {url!r}", "check the URL")
        )
    if not verify and config.media_manifest is not None:
        facts.manifest.save(config.media_manifest)
    facts.save_cache(config.probe_cache)
    if elsewhere:
        click.echo(f"not read: {len(elsewhere)} audio file(s) not here; their recorded facts stand")
    if problems:
        _report(problems, "text")
        sys.exit(1)


@main.command()
@click.argument("feed_url")
def guid(feed_url: str) -> None:
    """Print the podcast:guid for FEED_URL: UUIDv5 of the URL without scheme and trailing slash.

    Run it once when the show is created and store the result as `guid:` under `show:` in
    mkdocs.yml; it must never change afterwards, even when the feed moves.
    """
    click.echo(podcast_guid(feed_url))


@main.command()
@click.argument("kind", type=click.Choice(sorted(FOLDERS)))
@click.argument("title")
@click.option("--root", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
def new(kind: str, title: str, root: Path) -> None:
    """Create a new KIND file named after TITLE, with placeholders to replace.

    An episode, guide or listing starts as a draft (`draft: true`), which passes
    `archipelago check` as written and is never published; it cannot be published while a
    placeholder is left. An episode also gets the next number, a fresh GUID and today's date.
    """
    config = _project(root)
    content, _ = load_sources(read_sources(config.content_dir, config.repo_root))
    try:
        created = new_file(kind, title, content, dt.date.today(), str(uuid.uuid4()))
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    target = config.content_dir / created.src_uri
    if target.exists():
        raise click.ClickException(f"{target} already exists")
    target.write_text(created.text, encoding="utf-8")
    click.echo(f"created {config.shown_content_dir}/{created.src_uri}")
    click.echo("fill in its fields, then run `make check`", err=True)


@main.command("import")
@click.argument("feed")
@click.option("--root", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--download",
    is_flag=True,
    help="Fetch each new episode's audio and probe it for its facts (the audio stays hosted"
    " where it is; only its facts are recorded). Needed when the feed lacks lengths or"
    " durations.",
)
@click.option(
    "--no-files",
    is_flag=True,
    help="Fetch no episode artwork, transcripts or JSON chapters (each kind left behind is"
    " named in one warning).",
)
@click.option(
    "--artwork",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The show's artwork to use instead of the feed's (a square JPEG or PNG, 1400-3000 px).",
)
@click.option("--category", help="The show's Apple Podcasts category, when the feed has none.")
@click.option("--owner-email", help="The owner's e-mail address, when the feed names none.")
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(1, 600))
def import_command(
    feed: str,
    root: Path,
    download: bool,
    no_files: bool,
    artwork: Path | None,
    category: str | None,
    owner_email: str | None,
    timeout: float,
) -> None:
    """Bring in an existing podcast from its RSS FEED (an https:// address or a saved file):
    the show into mkdocs.yml, an episode file per item, people, the audio facts and the
    publish lock, so that the new feed keeps every GUID and enclosure URL.

    Nothing is written unless the whole import succeeds; a second run adds only new items.
    """
    from archipelago.importer.run import ImportOptions, ImportTarget, import_feed

    config = _project(root)
    target = ImportTarget(
        root=config.repo_root,
        config_file=find_config_file(root),
        content_dir=config.content_dir,
        lock_file=config.publish_lock,
        manifest_file=config.media_manifest or config.repo_root / "media-manifest.json",
        site_url=config.site_url,
        show=config.show if isinstance(config.show, dict) else None,
    )
    options = ImportOptions(download, not no_files, artwork, category, owner_email, timeout)
    report = import_feed(feed, target, options)
    _report(report.warnings, "text", level="warning")
    _report(report.errors, "text")
    for path in report.written:
        click.echo(f"wrote {path}")
    click.echo(report.summary(), err=not report.ok)
    if not report.ok:
        sys.exit(1)


def _remote_copy(option: str) -> tuple[str, Path]:
    url, sep, file = option.partition("=")
    if not sep or "://" not in url or not Path(file).is_file():
        raise click.BadParameter(
            f"expected URL=FILE with an existing local copy, got {option!r}", param_hint="--remote"
        )
    return url, Path(file)


def _project(root: Path) -> ProjectConfig:
    config_file = find_config_file(root)
    if not config_file.is_file():
        raise click.UsageError(f"no mkdocs.yml in {root}: give the project's folder as ROOT")
    config, errors = read_project_config(config_file)
    if config is None:
        _report(errors, "text")
        sys.exit(1)
    return config


@main.command()
@click.option(
    "--out",
    default="schemas",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the schemas into.",
)
@click.option(
    "--reference",
    default="docs/content-reference.md",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The content reference page written from the schemas.",
)
@click.option("--check", "check_only", is_flag=True, help="Exit 1 if a file is out of date.")
def schema(out: Path, reference: Path, check_only: bool) -> None:
    """Write the JSON Schemas of the content models (used by editors) into schemas/, and the
    content reference (docs/content-reference.md) from them."""
    if check_only:
        stale = [out / name for name in stale_schemas(out)]
        stale += [reference] if reference_is_stale(reference) else []
        for path in stale:
            click.echo(f"{path}: out of date (fix: run `archipelago schema`)", err=True)
        sys.exit(1 if stale else 0)
    for path in write_schemas(out):
        click.echo(f"wrote {path}")
    if write_reference(reference):
        click.echo(f"wrote {reference}")


@main.group()
def media() -> None:
    """Prepare and publish the episodes' audio files (tags, loudness, object storage)."""


@media.command("tag")
@click.argument("episodes", nargs=-1)
@click.option("--root", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
def media_tag(episodes: tuple[str, ...], root: Path) -> None:
    """Write ID3v2.4 tags into each episode's MP3 (or the named EPISODES'): title, show, hosts,
    number, season, date, cover art, chapters and a link to the episode's page.

    Run it before `archipelago probe` and `archipelago lock`: it records the tagged files'
    facts itself. A published episode's file is never changed; .m4a files are skipped.
    """
    config, work = _audio_work(root)
    pages = {
        ("episodes", entry.slug): page_path(entry.src_uri, config.directory_urls)
        for entry in work.content.episodes.values()
    }
    links = config.links(work.content.show)
    links = replace(links, pages=pages) if links else None
    _finish_audio_work(config, work, tag_episodes(work, links, episodes))


@media.command("normalize")
@click.argument("episode")
@click.option("--root", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
def media_normalize(episode: str, root: Path) -> None:
    """Bring EPISODE's audio to the podcast loudness target (-16 LUFS stereo, -19 LUFS mono,
    true peak below -1 dBTP) with ffmpeg's two-pass loudnorm, keeping its format and tags.

    Only for an episode not yet published; its new facts are recorded.
    """
    config, work = _audio_work(root)
    _finish_audio_work(config, work, normalize_episode(work, episode))


def _audio_work(root: Path) -> tuple[ProjectConfig, AudioWork]:
    config = _project(root)
    result = check_tree(config)
    if result.media is None:  # media-manifest.json cannot be read: the check says why
        _report(result.errors, "text")
        sys.exit(1)
    publish_lock = _publish_lock(config)
    shown = config.shown_content_dir
    work = AudioWork(
        result.content, config.content_dir, shown, publish_lock, config.now, result.media
    )
    return config, work


def _finish_audio_work(config: ProjectConfig, work: AudioWork, outcome: Outcome) -> None:
    for line in outcome.lines:
        click.echo(line)
    if outcome.changed and config.media_manifest is not None:
        work.facts.manifest.save(config.media_manifest)
    work.facts.save_cache(config.probe_cache)
    if outcome.problems:
        _report(outcome.problems, "text")
        sys.exit(1)


@media.command("push")
@click.argument("root", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
def media_push(root: Path) -> None:
    """Upload the episodes' media and the show's artwork to the bucket under `media_storage:`
    in mkdocs.yml, each at its path under content/ (what media_base_url + the path names).

    Only what the bucket lacks is sent, each object is verified after upload, and an object a
    published episode's enclosure points to is never replaced. The key comes from
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, never from mkdocs.yml.
    """
    # boto3 takes a quarter of a second to import: only this command loads it.
    from archipelago.podcast import media_push as pushing
    from archipelago.podcast.bucket import Bucket
    from archipelago.podcast.media_storage import (
        media_storage_locator,
        read_credentials,
        read_media_storage,
    )

    config = _project(root)
    locator = media_storage_locator(config.show_locator)
    storage, problems = read_media_storage(config.media_storage, locator)
    credentials, missing = read_credentials(os.environ)
    result = check_tree(config)
    problems += missing + result.errors
    if problems or storage is None or credentials is None or result.media is None:
        _report(problems, "text")
        raise click.ClickException("nothing pushed: fix the problems above first")
    publish_lock = _publish_lock(config)
    links = config.links(result.content.show)
    source = pushing.PushSource(
        result.content,
        config.content_dir,
        config.shown_content_dir,
        config.config_path,
        result.media.manifest,
        publish_lock,
        links.media_base_url if links else None,
    )
    journal = config.probe_cache.with_name(pushing.JOURNAL_FILE)
    bucket = Bucket(storage, credentials)
    report = pushing.push_media(source, storage, bucket, journal, echo=click.echo)
    if report.problems:
        _report(report.problems, "text")
        done = len(report.uploaded)
        raise click.ClickException(f"{done} uploaded before stopping" if done else "nothing pushed")
    click.echo(
        f"{storage.shown}: {len(report.uploaded)} uploaded ({report.sent:,} bytes),"
        f" {report.present} already there"
    )


@main.group(invoke_without_command=True)
@click.option("--root", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--check", "check_only", is_flag=True, help="Exit 1 if an episode is not locked.")
@click.pass_context
def lock(ctx: click.Context, root: Path, check_only: bool) -> None:
    """Record every episode that is not a draft in publish-lock.json (GUID, enclosure, date).

    Once locked, an episode may not vanish from the feed or change its GUID or enclosure URL
    without `archipelago lock retire` or `archipelago lock move`.
    """
    ctx.obj = root
    if ctx.invoked_subcommand is not None:
        return
    config, result, links, publish_lock = _lock_inputs(root)
    current = identities(result.content, links.enclosure)  # as the feed gives it to apps
    changes = update(publish_lock, current, result.content, config.now)
    if check_only:
        # What would leave the feed or change identity, then what `lock` would record.
        _report(result.lock_errors, "text")
        for change in changes:
            fix = "run `archipelago lock` and commit the lock"
            click.echo(f"{change.path}: {change.pending} (fix: {fix})", err=True)
        sys.exit(1 if changes or result.lock_errors else 0)
    if result.errors:
        # A re-identified episode would otherwise be locked as a new one beside its old entry.
        _report(result.errors, "text")
        raise click.ClickException(
            "nothing locked: fix the problems above first; the lock records only what a"
            " build publishes"
        )
    for change in changes:
        click.echo(change.done)
    publish_lock.save(config.publish_lock)


@lock.command("retire")
@click.argument("episode")
@click.option("--reason", required=True, help="Why it leaves the feed; kept in the lock.")
@click.pass_obj
def lock_retire(root: Path, episode: str, reason: str) -> None:
    """Let EPISODE (GUID or slug) leave the feed on purpose, recording why."""
    config, _, _, publish_lock = _lock_inputs(root)
    try:
        retired = retire(publish_lock, episode, reason)
    except LockFileError as exc:
        raise click.ClickException(str(exc)) from None
    publish_lock.save(config.publish_lock)
    click.echo(f"retired {retired.slug}: {retired.retired}")


@lock.command("move")
@click.argument("episode", required=False)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Every published episode whose enclosure URL changed (a new site_url, media_base_url"
    " or analytics_prefix).",
)
@click.pass_obj
def lock_move(root: Path, episode: str | None, every: bool) -> None:
    """Record that EPISODE's audio now lives at its new URL; the old one stays in the lock.

    GUIDs never change: apps that follow the move do not show the episode twice.
    """
    if (episode is None) == (not every):
        raise click.UsageError("name one EPISODE (GUID or slug), or pass --all")
    config, result, links, publish_lock = _lock_inputs(root)
    if every:
        current = identities(result.content, links.enclosure)
        moves = move_all(publish_lock, current, config.now)
        if not moves:
            click.echo("nothing to move: every published episode's enclosure is as locked")
            return
    else:
        assert episode is not None
        locked = publish_lock.find(episode)
        entry = result.content.episodes.get(locked.slug) if locked else None
        if locked is None or entry is None:
            message = f"no locked episode in content has the GUID or slug {episode!r}"
            raise click.ClickException(message)
        try:
            moves = [move(publish_lock, episode, links.enclosure(entry.model.audio))]
        except LockFileError as exc:
            raise click.ClickException(str(exc)) from None
    publish_lock.save(config.publish_lock)
    for moved in moves:
        click.echo(f"moved {moved.slug}: {moved.previous_enclosures[-1]} -> {moved.enclosure}")


def _web_url(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """Refuse an endpoint that is not an http(s) address, before anything is sent."""
    for url in value if isinstance(value, tuple) else [value]:
        if url is not None and not url.startswith(("https://", "http://")):
            raise click.BadParameter(f"expected an http(s):// address, got {url!r}")
    return value


@main.command()
@click.option("--root", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--hub",
    "hubs",
    multiple=True,
    callback=_web_url,
    metavar="URL",
    help="A WebSub hub to ping instead of the show's websub_hubs (repeatable).",
)
@click.option(
    "--pubnotify",
    default=PUBNOTIFY_URL,
    show_default=True,
    callback=_web_url,
    metavar="URL",
    help="Podcast Index's pubnotify endpoint.",
)
@click.option("--no-pubnotify", is_flag=True, help="Do not tell Podcast Index.")
@click.option("--tries", default=4, show_default=True, type=click.IntRange(1, 10))
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 120))
@click.option(
    "--backoff",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0, 30),
    help="Backoff factor: seconds before the third try, doubling after.",
)
def notify(
    root: Path,
    hubs: tuple[str, ...],
    pubnotify: str,
    no_pubnotify: bool,
    tries: int,
    timeout: float,
    backoff: float,
) -> None:
    """Tell podcast apps the feed changed: ping each WebSub hub and Podcast Index.

    Run it after the site is deployed. One line per endpoint; exit 1 if any ping failed after
    its retries (connection errors, 429 and 5xx are retried, other 4xx are not).
    """
    config = _project(root)
    result = check_tree(config)
    show, links = result.content.show, config.links(result.content.show)
    if show is None or links is None:
        _report(result.errors, "text")
        raise click.ClickException("no feed to announce: the show or site_url is not valid")
    targets = list(hubs) if hubs else list(show.websub_hubs)
    results = ping_all(
        links.feed_url,
        targets,
        None if no_pubnotify else pubnotify,
        tries=tries,
        timeout=timeout,
        backoff=backoff,
    )
    if not results:
        click.echo("nothing to notify: websub_hubs is empty and --no-pubnotify was given")
    for outcome in results:
        click.echo(outcome.line())
    failed = sum(not outcome.ok for outcome in results)
    if failed:
        click.echo(f"{failed} of {len(results)} pings failed for {links.feed_url}", err=True)
        sys.exit(1)


def _lock_inputs(root: Path) -> tuple[ProjectConfig, CheckResult, SiteLinks, PublishLock]:
    config = _project(root)
    result = check_tree(config)
    links = config.links(result.content.show)
    if links is None:
        raise click.ClickException("mkdocs.yml has no site_url: enclosure URLs are unknown")
    return config, result, links, _publish_lock(config)


def _publish_lock(config: ProjectConfig) -> PublishLock:
    """publish-lock.json, or stop with why it cannot be read."""
    try:
        return PublishLock.load(config.publish_lock)
    except LockFileError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.option(
    "-f",
    "--config-file",
    default="mkdocs.yml",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The project's mkdocs.yml.",
)
@without_media_option
def build(config_file: Path, without_media: bool) -> None:
    """Build the site all or nothing: into a new folder, swapped in only when the build succeeded.

    A failed build leaves the previous site and feeds exactly as they were.
    """
    if without_media:
        os.environ[WITHOUT_MEDIA_VARIABLE] = "1"  # the plugin reads it, as under `mkdocs build`
    _show_mkdocs_log()
    try:
        site_dir = build_atomically(config_file)
    except Abort as exc:
        click.echo(f"build failed; the previous site is untouched ({exc})", err=True)
        sys.exit(1)
    click.echo(f"built {site_dir}")


def _show_mkdocs_log() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger(LOGGER_NAME)  # ProperDocs logs under its own name
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
