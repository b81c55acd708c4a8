"""A whole project: mkdocs.yml's show block plus the content tree, validated together.

Both the MkDocs plugin and `archipelago check` call :func:`check_tree`, so the build and the
contributor see the same problems in the same words.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from archipelago.content.entries import Content
from archipelago.content.load import (
    LoadCache,
    YamlLocator,
    load_sources,
    media_stamp,
    read_sources,
    validate_model,
)
from archipelago.content.models import Show
from archipelago.content.tree import entries_under
from archipelago.content.validate import validate_content
from archipelago.content.yamlio import YamlDocument, field_name, load_yaml
from archipelago.errors import Problem, shown_path, sort_errors
from archipelago.podcast.audio import ManifestError, MediaFacts, MediaManifest, ProbeCache
from archipelago.podcast.episode_media import check_episode_media
from archipelago.podcast.loudness import loudness_warnings
from archipelago.podcast.publish_lock import (
    LOCK_FILE,
    LockFileError,
    PublishLock,
    check_lock,
    identities,
)
from archipelago.podcast.schedule import (
    ScheduleError,
    build_moment,
    is_published,
    published_episodes,
)
from archipelago.site.link_check import LinkRules, broken_links, template_anchors
from archipelago.urls import SiteLinks

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator, Mapping

PLUGIN_NAME = "archipelago"
DEFAULT_MANIFEST = "media-manifest.json"
#: Set to 1 for a check or build of the text alone (CI for a pull request that cannot fetch
#: the audio): recorded audio facts then stand in for files that are not here.
WITHOUT_MEDIA_VARIABLE = "ARCHIPELAGO_WITHOUT_MEDIA"


def without_media_requested(environ: Mapping[str, str]) -> bool:
    """Whether the environment asks for a check or build without the media files."""
    return environ.get(WITHOUT_MEDIA_VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


@dataclass
class CheckResult:
    """What a check found: the valid content and every problem, sorted."""

    content: Content
    errors: list[Problem] = field(default_factory=list)
    media: MediaFacts | None = None
    #: Each Markdown file's bytes as the check read them, by src_uri: what a build renders.
    sources: dict[str, bytes] = field(default_factory=dict)
    #: The problems with the publish lock (also in ``errors``), which `lock --check` reports.
    lock_errors: list[Problem] = field(default_factory=list)
    #: What a contributor should see but need not fix to publish (audio loudness).
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class ProjectConfig:
    """The parts of mkdocs.yml the content checks need, with their line numbers."""

    config_path: str  # as shown in messages: "mkdocs.yml"
    repo_root: Path
    content_dir: Path
    show: dict[str, Any] | None
    show_locator: YamlLocator
    media_manifest: Path | None = None
    site_url: str | None = None
    #: The build's "now" (the `build_date` option, SOURCE_DATE_EPOCH or the clock): what is
    #: published, what is scheduled.
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(tz=dt.UTC))
    #: Check or build the text alone: audio files may be absent (`--without-media`).
    without_media: bool = False
    #: The theme's custom_dir, whose templates' ids links may point to.
    theme_dir: Path | None = None
    #: Whether mkdocs.yml gives the toc extension a slugify of its own (see `link_check`).
    custom_slugify: bool = False
    #: MkDocs' use_directory_urls: `episodes/001-arrival/` rather than `….html`.
    directory_urls: bool = True
    #: The `media_storage:` option as written (the bucket `archipelago media push` fills).
    media_storage: Any = None

    @property
    def audio_must_be_here(self) -> bool:
        """Whether a published episode's audio file must be under content/: the site serves
        it, unless the show serves its media from elsewhere (media_base_url) or this run is
        for the text alone."""
        show = self.show if isinstance(self.show, dict) else {}
        return not self.without_media and not show.get("media_base_url")

    @property
    def publish_lock(self) -> Path:
        """The committed publish lock, beside mkdocs.yml."""
        return self.repo_root / LOCK_FILE

    def links(self, show: Show | None) -> SiteLinks | None:
        """Absolute URLs as the feed writes them; None without a site_url."""
        if not self.site_url:
            return None
        return SiteLinks.configured(
            self.site_url,
            show.media_base_url if show else None,
            show.analytics_prefix if show else None,
        )

    @property
    def probe_cache(self) -> Path:
        """Where verified audio facts are cached (not committed): `.cache/archipelago/`."""
        return self.repo_root / ".cache" / "archipelago" / "media.json"

    @property
    def shown_content_dir(self) -> str:
        """The content folder as messages show it: `content`."""
        return shown_path(self.content_dir, self.repo_root)

    def media_facts(self) -> MediaFacts:
        """The manifest and probe cache this project records audio facts in."""
        manifest = MediaManifest.load(self.media_manifest) if self.media_manifest else None
        return MediaFacts(manifest or MediaManifest(), ProbeCache.load(self.probe_cache))


def read_project_config(config_file: Path) -> tuple[ProjectConfig | None, list[Problem]]:
    """Find docs_dir and the plugin's show block in mkdocs.yml, without importing MkDocs."""
    repo_root = config_file.parent
    shown = config_file.name
    document = load_yaml(config_file.read_text(encoding="utf-8"))
    errors = [
        problem.placed(shown, _config_field(path))
        for path, problem in document.refused
        if not _in_show_block(path)  # reported with the show's other problems
    ]
    if not isinstance(document.data, dict):
        return None, errors or [
            Problem(shown, 1, "", "is not a YAML mapping", "start from the shipped mkdocs.yml")
        ]
    content_dir = repo_root / str(document.data.get("docs_dir", "docs"))
    plugin_index, options = _plugin_options(document.data.get("plugins"))
    if plugin_index is None:
        errors.append(
            Problem(
                shown,
                document.line_of(("plugins",)) or 1,
                "plugins",
                f"the {PLUGIN_NAME} plugin is not enabled",
                f"add `- {PLUGIN_NAME}:` under plugins",
            )
        )
        prefix: tuple[Any, ...] = ()
    else:
        prefix = ("plugins", plugin_index, PLUGIN_NAME, "show")
    options = options if isinstance(options, dict) else {}
    try:
        now = build_moment(options.get("build_date"), os.environ)
    except ScheduleError as exc:
        line = document.line_of((*prefix[:-1], "build_date")) if prefix else None
        errors.append(Problem(shown, line, "", str(exc), "see docs/configuration.md: build_date"))
        now = dt.datetime.now(tz=dt.UTC)
    config = ProjectConfig(
        config_path=shown,
        repo_root=repo_root,
        content_dir=content_dir,
        show=options.get("show"),
        show_locator=YamlLocator(shown, document, prefix),
        media_manifest=repo_root / str(options.get("media_manifest", DEFAULT_MANIFEST)),
        site_url=str(document.data["site_url"]) if document.data.get("site_url") else None,
        now=now,
        theme_dir=_theme_dir(document.data.get("theme"), repo_root),
        custom_slugify=_custom_slugify(document.data.get("markdown_extensions")),
        directory_urls=document.data.get("use_directory_urls", True) is not False,
        media_storage=options.get("media_storage"),
    )
    return config, errors


def _theme_dir(theme: Any, repo_root: Path) -> Path | None:
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    return repo_root / custom if isinstance(custom, str) else None


def _custom_slugify(extensions: Any) -> bool:
    """Whether mkdocs.yml sets `slugify` under the toc extension."""
    items = extensions if isinstance(extensions, list) else [extensions]
    return any(
        isinstance(item, dict)
        and isinstance(item.get("toc"), dict)
        and item["toc"].get("slugify") is not None
        for item in items
    )


def _in_show_block(path: tuple[Any, ...]) -> bool:
    return len(path) > 3 and path[0] == "plugins" and path[2:4] == (PLUGIN_NAME, "show")


def _config_field(path: tuple[Any, ...]) -> str:
    """A key of mkdocs.yml as a contributor finds it: our options without the plugin prefix."""
    if len(path) > 3 and path[0] == "plugins" and path[2] == PLUGIN_NAME:
        path = path[3:]
    return field_name(path)


def _plugin_options(plugins: Any) -> tuple[int | None, Any]:
    """The position of our plugin in mkdocs.yml's `plugins` list and its options."""
    items = plugins.items() if isinstance(plugins, dict) else enumerate(plugins or [])
    for index, item in items:
        if item == PLUGIN_NAME or index == PLUGIN_NAME:
            return index, {} if item == PLUGIN_NAME else item
        if isinstance(item, dict) and PLUGIN_NAME in item:
            return index, item[PLUGIN_NAME] or {}
    return None, {}


def locate_show(config_text: str, config_path: str) -> YamlLocator:
    """A locator for the show block, for callers that already hold the parsed options."""
    document: YamlDocument = load_yaml(config_text)
    plugins = document.data.get("plugins") if isinstance(document.data, dict) else None
    index, _ = _plugin_options(plugins)
    prefix = () if index is None else ("plugins", index, PLUGIN_NAME, "show")
    return YamlLocator(config_path, document, prefix)


def check_tree(
    config: ProjectConfig, *, verify: bool = False, cache: LoadCache | None = None
) -> CheckResult:
    """Validate the show and every content file, then the rules across files and media.

    Args:
        config: the project.
        verify: re-read every audio file even when the probe cache says it is unchanged.
        cache: what an earlier run loaded (the load store, or serve's previous rebuild):
            unchanged files are not parsed and validated again, nor, while no media file
            changed, the transcripts and the show; the rules across files always are.
    """
    errors: list[Problem] = []
    if not config.content_dir.is_dir():
        errors.append(
            Problem(
                config.config_path,
                None,
                "docs_dir",
                f"the content folder {config.content_dir} does not exist",
                "set docs_dir: content in mkdocs.yml",
            )
        )
        return CheckResult(Content(), errors)
    try:
        media: MediaFacts | None = config.media_facts()
    except ManifestError as exc:
        manifest = config.media_manifest
        shown = shown_path(manifest, config.repo_root) if manifest else DEFAULT_MANIFEST
        errors.append(exc.problem.placed(shown))
        media = None
    recorded = media.manifest.keys() if media else []
    sources = read_sources(config.content_dir, config.repo_root)
    if cache is not None:
        # By absolute path: `archipelago check .` and a build name the folder differently.
        content_root = config.content_dir.resolve()
        cache.reuse((content_root, frozenset(recorded), media_stamp(content_root)))
    content, file_errors = load_sources(sources, config.content_dir, recorded, cache)
    errors += file_errors
    errors += _check_show(config, content, cache)
    errors += validate_content(content)
    errors += links_leaving_content(config.content_dir, config.repo_root)
    read = {source.src_uri: source.raw for source in sources}
    result = CheckResult(content, sources=read)
    if media is not None:
        errors += check_episode_media(
            content,
            config.content_dir,
            config.shown_content_dir,
            media,
            verify=verify,
            cache=cache,
            audio_here=config.audio_must_be_here,
        )
        result.media = media
    # Which episodes are in the feed depends on their audio facts: unknown without them.
    published = published_episodes(content, config.now) if media is not None else None
    lock, lock_problem = _read_publish_lock(config)
    result.lock_errors = _check_publish_lock(config, content, published, lock, lock_problem)
    links = LinkRules(
        content,
        config.content_dir,
        config.shown_content_dir,
        published if published is not None else _dated_by(content, config.now),
        config.now,
        template_anchors(config.theme_dir),
        anchors=not config.custom_slugify,
    )
    errors += broken_links(links)
    result.errors = sort_errors(errors + result.lock_errors)
    # Audio out in subscribers' feeds may not change: nothing to fix, so nothing is said.
    settled = lock.settled(config.now) if lock is not None else {}
    result.warnings = loudness_warnings(content, config.shown_content_dir, settled)
    return result


def _dated_by(content: Content, now: dt.datetime) -> set[str]:
    """Episodes published by ``now`` as far as their files tell (their audio is unknown)."""
    return {slug for slug, entry in content.episodes.items() if is_published(entry.model, now)}


def links_leaving_content(content_dir: Path, repo_root: Path) -> list[Problem]:
    """Symbolic links under content/ that lead outside it: MkDocs would publish their targets."""
    root = content_dir.resolve()
    errors = []
    for link in _links_under(str(content_dir)):
        path = Path(link)
        target = path.resolve()
        if not target.is_relative_to(root):
            errors.append(
                Problem(
                    shown_path(path, repo_root),
                    None,
                    "",
                    f"is a link to {target}, outside content/: the build would publish it",
                    "copy what belongs in the site into content/ and remove the link",
                )
            )
    return errors


def _links_under(folder: str) -> Iterator[str]:
    """Every symbolic link under ``folder``, in os.walk's order, without following any."""
    return (
        entry.path for entry in entries_under(folder, skip_unreadable=True) if entry.is_symlink()
    )


def _read_publish_lock(config: ProjectConfig) -> tuple[PublishLock | None, Problem | None]:
    """publish-lock.json, read once for the lock check and the loudness warnings; or why not."""
    try:
        return PublishLock.load(config.publish_lock), None
    except LockFileError as exc:
        return None, Problem(LOCK_FILE, None, "", str(exc), "")


def _check_publish_lock(
    config: ProjectConfig,
    content: Content,
    published: Collection[str] | None,
    lock: PublishLock | None,
    lock_problem: Problem | None,
) -> list[Problem]:
    """Published episodes still there and in the feed, with the same GUID and enclosure URL."""
    links = config.links(content.show)
    if links is None:
        return []
    if lock is None:
        return [lock_problem] if lock_problem else []
    current = identities(content, links.enclosure)
    return check_lock(lock, current, content, LOCK_FILE, config.now, published)


def _check_show(
    config: ProjectConfig, content: Content, cache: LoadCache | None = None
) -> list[Problem]:
    locator = config.show_locator
    if config.show is None:
        if not content.file_slugs.get("episodes"):
            return []  # a hub without a podcast needs no show
        return [
            locator.error(
                (),
                "show",
                "episodes exist but the podcast is not described",
                f"add a `show:` block under the {PLUGIN_NAME} plugin in {config.config_path}",
            )
        ]
    if not isinstance(config.show, dict):
        return [locator.error((), "show", "expected a group of `key: value` lines", "indent them")]
    show, errors = _validated_show(config, cache)
    # What YAML itself refused in the show block (an escaped control character) is reported
    # here, by the build and the CLI alike; the model's echo of it was dropped.
    prefix = locator.prefix
    refused = [
        problem.placed(locator.path, _config_field(path))
        for path, problem in locator.yaml.refused
        if prefix and path[: len(prefix)] == prefix
    ]
    content.show = None if refused else show
    # Name fields `show.artwork`, as a contributor finds them under the plugin in mkdocs.yml.
    return refused + [_prefixed(error, "show") for error in errors]


def _validated_show(
    config: ProjectConfig, cache: LoadCache | None
) -> tuple[Show | None, list[Problem]]:
    """The show block as a model, and its problems; a valid one is kept in ``cache``, which
    holds it while the artwork and everything else under content/ are unchanged (checking the
    artwork opens the image: 30 ms and Pillow's import, every build)."""
    assert config.show is not None
    name = f"show {config.show!r}"  # repr: a date and the same text written as a string differ
    if cache is not None and isinstance(held := cache.checked.get(name), Show):
        return held, []
    context = {"content_dir": config.content_dir}
    show, errors = validate_model(Show, config.show, config.show_locator, context)
    if cache is not None and show is not None and not errors:
        cache.remember(name, show)  # only a valid show: problems carry mkdocs.yml's lines
    return show, errors


def _prefixed(error: Problem, prefix: str) -> Problem:
    name = f"{prefix}.{error.field}" if error.field else prefix
    return Problem(error.path, error.line, name, error.message, error.fix)


def find_config_file(root: Path) -> Path:
    """mkdocs.yml (or mkdocs.yaml) in ``root``."""
    for name in ("mkdocs.yml", "mkdocs.yaml"):
        if (root / name).is_file():
            return root / name
    return root / "mkdocs.yml"
