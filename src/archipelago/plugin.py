"""The MkDocs plugin: validates the content before anything is written, feeds the templates,
and writes the podcast and guides feeds.

The only module that handles MkDocs events and ``Files``; the work happens in pure modules.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateNotFound
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import META_RE, YAML_RE

from archipelago.config import ArchipelagoConfig
from archipelago.content.entries import Content, Entry, kind_of
from archipelago.content.load import LoadCache, YamlLocator
from archipelago.content.yamlio import YamlDocument
from archipelago.engine.clean_store import CleanStore
from archipelago.engine.load_store import cache_folder, read_load_cache, write_load_cache
from archipelago.engine.memory import release_freed_memory
from archipelago.engine.page_cleaner import CleanerError, PageCleaner
from archipelago.engine.share_files import write_share_files
from archipelago.engine.template_cache import (
    CompiledTemplates,
    PageTemplateCache,
    PreviewTemplateCache,
)
from archipelago.podcast.episode_files import cues_of, render_episode_files, write_generated
from archipelago.podcast.feed import build_feed
from archipelago.podcast.guides_feed import build_guides_feed
from archipelago.podcast.plan import episode_file_paths, episode_files_job, plan_feed
from archipelago.podcast.schedule import (
    ScheduleError,
    build_moment,
    published_episodes,
    scheduled_episodes,
    scheduled_line,
)
from archipelago.project import (
    ProjectConfig,
    check_tree,
    locate_show,
    without_media_requested,
)
from archipelago.site.directory import directory_json
from archipelago.site.page_parts import PageParts
from archipelago.site.pages import (
    ALL_TEMPLATES,
    TEMPLATES,
    VirtualPage,
    format_date,
    format_duration,
    listed_entries,
    page_dates,
    virtual_pages,
)
from archipelago.site.preview_problems import PROBLEMS_PATH, preview_problems_json
from archipelago.site.search_folding import fold_search_index
from archipelago.site.share import claimed_paths
from archipelago.site.site_index import SiteIndex
from archipelago.site_files import write_file
from archipelago.urls import (
    DIRECTORY_PATH,
    FEED_PATH,
    GUIDES_FEED_PATH,
    Outputs,
    SiteLinks,
)

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.utils.templates import TemplateContext

    from archipelago.errors import Problem

log = get_plugin_logger(__name__)

#: The name each kind's model has in its page template.
_MODEL_NAMES = {
    "episodes": "episode",
    "guides": "guide",
    "directory": "listing",
    "people": "person",
}
_EMPTY_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


class ArchipelagoPlugin(BasePlugin[ArchipelagoConfig]):
    """Registers content kinds, their templates, the generated pages and the feeds."""

    def __init__(self) -> None:
        self.is_serve = False
        self.is_dirty = False
        # Episodes' and guides' HTML as their feeds carry it, by page, and the generated files
        # last written: kept across `mkdocs serve --dirty` rebuilds, which render only the
        # pages that changed.
        self.feed_html: dict[str, str] = {}
        self.written: dict[str, tuple[object, ...]] = {}  # each episode's job and cues
        self.templates_checked = False
        # Under serve: the last rebuild's content, whose entries stand in for files broken
        # since (Content.keep_last_good), and the problems every page shows (preview_problems).
        self.last_good = Content()
        self.problems: list[str] = []
        self.shown_as_before: list[str] = []
        # Every template's compiled code, kept across `mkdocs serve` rebuilds (template_cache).
        self.compiled_templates: CompiledTemplates = {}
        # Kept across `mkdocs serve` rebuilds (on_startup keeps this instance): an edit
        # re-validates the files it touched, not all of them.
        self.load_cache = LoadCache()
        self.writer: threading.Thread | None = None  # writes the outputs under serve
        self.cleaner: PageCleaner[Page] = PageCleaner()
        self._reset()

    def _reset(self) -> None:
        self.project: ProjectConfig | None = None
        self.content = Content()
        self.entries: dict[str, Entry[Any]] = {}
        self.urls: dict[tuple[str, str], str] = {}
        self.index_pages: dict[str, VirtualPage] = {}
        self.index_urls: dict[str, str] = {}
        self.page_dates: dict[str, dt.date] = {}
        self.newest_date: dt.date | None = None
        self.site_index: SiteIndex | None = None
        self.now = dt.datetime.now(tz=dt.UTC)
        self.published: set[str] = set()
        self.links: SiteLinks | None = None
        self.front_matter: dict[str, dict[str, Any]] = {}
        self.sources: dict[str, bytes] = {}
        if not self.is_dirty:
            self.feed_html = {}
            self.written = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve` (its presence also keeps us across rebuilds)."""
        self.is_serve = command == "serve"
        self.is_dirty = self.is_serve and dirty
        self.last_good = Content()  # MkDocs may reuse this instance for another project

    def on_shutdown(self) -> None:
        """MkDocs may reuse this instance for a later command: forget that this was serve."""
        self.wait_for_outputs()
        self.is_serve = self.is_dirty = self.templates_checked = False
        self.compiled_templates = {}
        self.last_good = Content()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Start every build, including each serve rebuild, from empty state."""
        self.wait_for_outputs()  # the previous rebuild's feeds, before site_dir is touched
        self.cleaner.stop()
        self._reset()
        if not config.site_url:
            raise PluginError(
                "mkdocs.yml: site_url is not set; the podcast feed needs absolute addresses"
                " (fix: add `site_url: https://…/`)"
            )
        media_base = (self.config.show or {}).get("media_base_url")
        if not self.is_serve and not config.site_url.startswith("https://") and not media_base:
            raise PluginError(
                f"mkdocs.yml: site_url is {config.site_url!r}: episodes would be served over"
                " http, which Apple Podcasts refuses (fix: use an https site_url, or set"
                " media_base_url to an https address)"
            )
        try:
            self.now = build_moment(self.config.build_date, os.environ)
        except ScheduleError as exc:
            raise PluginError(f"mkdocs.yml: archipelago: {exc}") from None
        self.project = self._project(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Load and validate everything, and fail before MkDocs empties site_dir."""
        assert self.project is not None
        if not self.is_serve:  # a build cleans pages in a worker process (see page_cleaner)
            self.cleaner.start_process(CleanStore(self.project.content_dir))
        # MkDocs cleans site_dir right after this event: failing here keeps the previous site.
        # A build, or serve's first, starts from the store the last run left (load_store);
        # serve's later rebuilds keep the cache in memory only.
        first_run = self.load_cache.key is None
        cache = read_load_cache(self.project.content_dir) if first_run else self.load_cache
        result = check_tree(self.project, cache=cache)
        if first_run:
            write_load_cache(self.project.content_dir, cache)
        if self.is_serve:
            self.load_cache = cache
        if result.media is not None:
            result.media.save_cache(self.project.probe_cache)
        for error in result.errors:
            log.error(str(error))
        if result.errors and not self.is_serve:
            count = len(result.errors)
            raise PluginError(f"{count} content error{'s' if count > 1 else ''}; see above")
        self.content = result.content
        self.sources = result.sources
        if self.is_serve:
            self._keep_previewing(result.errors)
        else:
            self.content.hold_back_drafts()  # under serve they show, as draft episodes do
        if not self.is_serve:
            # A build whose check passed reports nothing by line from here on: the pages
            # reuse the memory the line maps took (with the cache's, 4 MiB at 2,215 pages).
            self.content.forget_lines()
        # The content lives to the end of the build: kept out of the collector's full scans
        # (each took 80 ms at 2,215 pages, 20 ms without it; under serve, with the load cache,
        # 0.1-0.17 s of every second or third edit). Thawed in on_post_build.
        gc.freeze()
        self.entries = self.content.by_src_uri()
        self.published = published_episodes(self.content, self.now)
        for entry in scheduled_episodes(self.content, self.now):
            log.info(scheduled_line(entry, self.now))
        if self.project.without_media:
            log.info(
                "built without media files (--without-media): the pages and feed link to audio"
                " this site does not have; publish only a build with the media"
            )
        self.page_dates = page_dates(self.content)
        self.newest_date = max(self.page_dates.values(), default=None)
        held = len(self.content.episodes) - len(self.published)
        log.info(
            f"{self.content.summary()}; {held} episode(s) not published yet"
            if held
            else self.content.summary()
        )

    def _keep_previewing(self, errors: list[Problem]) -> None:
        """Under serve: show broken files as they last were, and every problem on every page."""
        restored = self.content.keep_last_good(self.last_good)
        self.last_good = self.content
        self.problems = [str(error) for error in errors]
        self.shown_as_before = sorted(entry.path for entry in restored)
        if errors:
            log.warning(
                f"{len(errors)} problem(s): the preview shows them on every page; a build would"
                " fail"
            )

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Hide invalid and unpublished files, remember URLs, add generated pages and files."""
        unpublished_media: set[str] = set()
        for file in files:
            kind = kind_of(file.src_uri)
            if kind is None:
                continue
            entry = self.entries.get(file.src_uri)
            if entry is None:  # only under serve: the build already failed otherwise
                file.inclusion = InclusionLevel.EXCLUDED
            elif kind == "episodes" and entry.slug not in self.published:
                # Drafts and scheduled episodes show under `mkdocs serve`, never in a build.
                file.inclusion = InclusionLevel.DRAFT
                unpublished_media.update(_media_of(entry))
                if self.is_serve:
                    self.urls[(kind, entry.slug)] = file.url
            elif getattr(entry.model, "draft", False):  # a guide or listing, under serve
                file.inclusion = InclusionLevel.DRAFT
                self.urls[(kind, entry.slug)] = file.url
            else:
                self.urls[(kind, entry.slug)] = file.url
        self._hold_back_media(files, unpublished_media)
        for page in virtual_pages():
            index = File.generated(config, page.src_uri, content=page.markdown)
            self._add(files, index, f"the generated {page.title} index")
            self.index_pages[page.src_uri] = page
            self.index_urls[page.kind] = index.url
        # Each episode's chapters and transcripts are generated and written by on_env (under
        # serve, on_post_build), straight to site_dir: small files need no page machinery, and
        # an unchanged one need not be rewritten by a serve rebuild. Here, only their places
        # are claimed.
        for slug in sorted(self.published):
            entry = self.content.episodes[slug]
            for path in episode_file_paths(self.content, entry, self.urls[("episodes", slug)]):
                self._refuse_collision(files, path, f"a file generated for {entry.path}")
        # Share images, embed players and oEmbed documents, written with the feeds.
        for (kind, slug), url in sorted(self.urls.items()):
            for path in claimed_paths(kind, url):
                self._refuse_collision(files, path, f"a sharing file generated for {kind}/{slug}")
        return files

    def _hold_back_media(self, files: Files, unpublished: set[str]) -> None:
        """Keep the audio and art of unpublished episodes out of the site, unless shared."""
        published_media = {
            path for slug in self.published for path in _media_of(self.content.episodes[slug])
        }
        for path in sorted(unpublished - published_media):
            file = files.get_file_from_path(path)
            if file is not None:
                file.inclusion = InclusionLevel.DRAFT

    def _add(self, files: Files, generated: File, what: str) -> None:
        self._refuse_collision(files, generated.src_uri, what)
        generated.edit_uri = None  # nothing to edit: the file is generated
        files.append(generated)

    def _refuse_collision(self, files: Files, src_uri: str, what: str) -> None:
        # Files.append silently replaces a file with the same path, and our own writes would
        # overwrite a contributor's file: refuse instead.
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"content/{src_uri} collides with {what}; remove or rename it")

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        """A content file as on_pre_build read and checked it; an entry's without its front
        matter.

        MkDocs would read every file again, and parse every front matter again with
        pure-Python PyYAML (a tenth of a large build); on_page_markdown gives the page the
        front matter we loaded instead.
        """
        raw = self.sources.pop(page.file.src_uri, None)
        # Another plugin may have given the file other content (File.content_string's setter).
        if raw is None or page.file.abs_src_path is None:
            return None
        source = _text_as_mkdocs_reads(raw)
        entry = self.entries.get(page.file.src_uri)
        match = YAML_RE.match(source)
        if entry is None or match is None:
            return source  # MkDocs reads its front matter, if any
        body = source[match.end() :].lstrip("\n")
        # Without YAML front matter MkDocs reads the body's start as front matter again, or as
        # MultiMarkdown metadata ("Update: …" lines): let it see the file as it is then.
        if YAML_RE.match(body) or META_RE.match(body):
            return source
        self.front_matter[page.file.src_uri] = entry.document.meta
        return body

    @event_priority(50)  # before other plugins read page.meta (Material's tags plugin: -50)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Give each content page its kind's template, unless its front matter names one."""
        meta = self.front_matter.get(page.file.src_uri)
        if meta is not None:
            page.meta = dict(meta)
        # Content dates instead of the build day: same site whatever day it is built.
        date = self.page_dates.get(page.file.src_uri, self.newest_date)
        if date is not None:
            page.update_date = date.isoformat()
        entry = self.entries.get(page.file.src_uri)
        if entry is not None:
            page.meta.setdefault("template", TEMPLATES[entry.kind])
            if entry.kind in ("directory", "people"):
                page.meta.setdefault("title", entry.model.name)
            if entry.kind == "guides" and entry.model.topics:
                page.meta.setdefault("tags", list(entry.model.topics))  # Material's tags plugin
            summary = getattr(entry.model, "summary", None) or getattr(entry.model, "bio", None)
            summary = summary or getattr(entry.model, "focus", None)
            if summary:  # <meta name="description">, which Material prints unescaped too
                page.meta.setdefault("description", escape(summary))
        # Material prints page.meta.title without escaping (in <title> and the header), and
        # titles come from contributors: escape once here; Markup is never escaped twice.
        title = page.meta.get("title")
        if isinstance(title, str) and not isinstance(title, Markup):
            page.meta["title"] = escape(title)
        return markdown

    @event_priority(-100)  # last: the cleaner gets the HTML other plugins have finished
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Neutralise raw HTML from contributors; keep show notes and guides for the feeds.

        The cleaning runs beside MkDocs' rendering (see `page_cleaner`); on_env puts the clean
        HTML in place before any page is written.
        """
        if page.file.generated_by:  # our generated pages hold no contributor text
            return html
        entry = self.entries.get(page.file.src_uri)
        kind = entry.kind if entry is not None else None
        page_url = None
        if entry is not None and kind in ("episodes", "guides"):
            page_url = self._links(config).page(entry.kind, entry.slug)
        try:
            self.cleaner.submit(page, html, kind, page_url)
        except CleanerError as exc:
            raise PluginError(f"sanitising the pages failed: {exc}") from None
        return html

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the cleaning worker of a build that failed."""
        self.cleaner.stop()
        gc.unfreeze()

    def on_template_context(
        self, context: TemplateContext, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        """404.html, rendered without a page, lists the latest episodes too: give it `hub`."""
        context["hub"] = self._site_index()  # type: ignore[typeddict-unknown-key]
        return context

    def _site_index(self) -> SiteIndex:
        # One index per build (URLs are final after on_files): its sorted lists are reused.
        if self.site_index is None:
            self.site_index = SiteIndex(self.content, self.urls, self.now.date(), self.index_urls)
        return self.site_index

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Hand templates the typed models: `entry` and its kind's name, or an index's `entries`."""
        context["hub"] = self._site_index()  # type: ignore[typeddict-unknown-key]
        parts = PageParts(self._site_index(), page, context["base_url"])
        context["parts"] = parts  # type: ignore[typeddict-unknown-key]
        context["subscribe"] = self.config.subscribe  # type: ignore[typeddict-unknown-key]
        # Under serve every page asks for the tree's problems (see preview_problems).
        context["preview_problems"] = (  # type: ignore[typeddict-unknown-key]
            PROBLEMS_PATH if self.is_serve else None
        )
        entry = self.entries.get(page.file.src_uri)
        if entry is not None:
            context["entry"] = entry  # type: ignore[typeddict-unknown-key]
            context[_MODEL_NAMES[entry.kind]] = entry.model  # type: ignore[literal-required]
        index = self.index_pages.get(page.file.src_uri)
        if index is not None:
            entries = listed_entries(self.content, index.kind, include_drafts=self.is_serve)
            if index.kind == "episodes" and not self.is_serve:
                entries = [e for e in entries if e.slug in self.published]
            context["entries"] = entries  # type: ignore[typeddict-unknown-key]
        return context

    @event_priority(110)  # first: clean pages in place before other plugins' on_env
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Put cleaned pages in place; register our filters; check our templates are found."""
        self.sources = {}  # every page is read by now; those left are not rendered
        if not self.is_serve:
            # The worker writes the episodes' chapters and transcripts while MkDocs renders
            # the pages (0.2 s of this process's time at 1,000 episodes, more with long
            # transcripts); on_post_build waits for them.
            self.cleaner.write_episode_files(config.site_dir, self._episode_file_jobs(config))
        try:
            cleaned = self.cleaner.collect()
        except CleanerError as exc:
            page = exc.page
            where = f" at content/{page.file.src_uri}" if isinstance(page, Page) else ""
            raise PluginError(f"sanitising the pages failed{where}: {exc}") from None
        for page, clean, feed in cleaned:
            page.content = clean
            entry = self.entries.get(page.file.src_uri)
            if entry is not None and feed is not None:
                self.feed_html[f"{entry.kind}/{entry.slug}"] = feed
        if not self.is_serve:
            # Written now, before MkDocs renders the pages' templates: they need only the clean
            # show notes, and the pages rendered next reuse the memory the feeds' XML took
            # (the build's peak is 10 MiB lower at 2,215 pages than writing them at the end).
            self._outputs(config)()
            # Building the podcast feed's XML took 20 MiB at 1,000 episodes, all freed now:
            # hand it back to the system, or it stays in the build's peak (5 MiB lower).
            release_freed_memory()
        # The feeds' and the directory's addresses, named once (urls.py), for every template
        # (404.html too, which gets no page context).
        env.globals["outputs"] = Outputs(self._links(config).feed_url)
        env.filters["duration"] = format_duration
        env.filters["longdate"] = format_date
        if env.bytecode_cache is None:  # our page templates (all, when serving) compiled once
            env.bytecode_cache = (
                PreviewTemplateCache(self.compiled_templates, env)
                if self.is_serve
                else PageTemplateCache(cache_folder() / "templates", ALL_TEMPLATES, env)
            )
        if self.templates_checked:  # serve rebuilds: checked when the server started
            return env
        self.templates_checked = self.is_serve
        for name in ALL_TEMPLATES:
            try:
                env.get_template(name)
            except TemplateNotFound as exc:
                raise PluginError(
                    f"template {name} not found: it belongs in theme/, and mkdocs.yml needs"
                    " `theme: custom_dir: theme`"
                ) from exc
        return env

    def _episode_file_jobs(self, config: MkDocsConfig) -> list[dict[str, Any]]:
        assert self.project is not None
        links, content_dir = self._links(config), self.project.content_dir.resolve()
        return [
            episode_files_job(self.content, self.content.episodes[slug], links, content_dir)
            for slug in sorted(self.published)
        ]

    def _finish_episode_files(self, *, config: MkDocsConfig) -> None:
        """Wait for the worker's episode files (see on_env): the build is not done without."""
        try:
            self.cleaner.finish()
        except CleanerError as exc:
            raise PluginError(
                f"writing the episodes' chapters and transcripts failed: {exc}"
            ) from None

    @event_priority(-100)  # after Material's search plugin has written its index
    def _fold_search_index(self, *, config: MkDocsConfig) -> None:
        """Add accent-free spellings to the search index (see `search_folding`); under
        serve, the outputs thread does, after the page shows (60 ms of each edit)."""
        if not self.is_serve:
            _fold_search_index_in(Path(config.site_dir))

    @event_priority(-100)  # after the search plugin: the thread folds the index it wrote
    def _write_outputs_under_serve(self, *, config: MkDocsConfig) -> None:
        """Under `mkdocs serve`, write the feeds and generated files (a build did in on_env).

        This runs in a thread, so an edited page shows as soon as it is rendered; the feeds
        follow a moment later. The next rebuild waits for it first.
        """
        if not self.is_serve:
            return
        self.wait_for_outputs()
        self.writer = threading.Thread(
            target=_logging_errors(self._outputs(config)), name="archipelago-outputs", daemon=True
        )
        self.writer.start()

    def _write_preview_problems(self, *, config: MkDocsConfig) -> None:
        """Under serve, write the tree's problems where every page's script looks for them.

        A dirty rebuild renders only the edited pages, so the others could not carry a banner
        of their own: each page fetches this file instead, and the live reload after every
        rebuild fetches it again.
        """
        if self.is_serve:
            write_file(
                Path(config.site_dir) / PROBLEMS_PATH,
                preview_problems_json(self.problems, self.shown_as_before).encode("utf-8"),
            )

    def _thaw(self, *, config: MkDocsConfig) -> None:
        """Let the collector see everything again (a process may build more than once)."""
        gc.unfreeze()

    on_post_build = CombinedEvent(
        _finish_episode_files,
        _write_preview_problems,
        _write_outputs_under_serve,
        _fold_search_index,
        _thaw,
    )

    def _outputs(self, config: MkDocsConfig) -> Callable[[], None]:
        """Writes the feeds, directory.json and each episode's generated files, when called."""
        return functools.partial(
            self._write_outputs,
            site_dir=Path(config.site_dir),
            links=self._links(config),
            content=self.content,
            published=sorted(self.published),
            feed_html=dict(self.feed_html),
            site_name=config.site_name,
            content_dir=Path(config.docs_dir),
            language=config.theme.get("language") or "en",
        )

    def wait_for_outputs(self) -> None:
        """Return once the feeds a serve rebuild writes in the background are written."""
        if self.writer is not None:
            self.writer.join()
            self.writer = None

    def _write_outputs(
        self,
        *,
        site_dir: Path,
        links: SiteLinks,
        content: Content,
        published: list[str],
        feed_html: dict[str, str],
        site_name: str,
        language: str,
        content_dir: Path,
    ) -> None:
        if self.is_serve:  # a build's worker process writes them (see on_env)
            self._write_episode_files(site_dir, links, content, published)
        if content.show is not None:
            episodes = [content.episodes[slug] for slug in published]
            notes = {e.slug: feed_html.get(f"episodes/{e.slug}", "") for e in episodes}
            channel, items = plan_feed(content, episodes, links, notes, links.feed_url)
            write_file(site_dir / FEED_PATH, build_feed(channel, items))
            log.info(f"feed: {len(items)} episode(s)")
        guides_html = {slug: feed_html.get(f"guides/{slug}", "") for slug in content.guides}
        atom = build_guides_feed(
            content,
            links,
            guides_html,
            title=f"{site_name}: guides",
            feed_url=links.site_url + GUIDES_FEED_PATH,
            language=language,
        )
        write_file(site_dir / GUIDES_FEED_PATH, atom)
        # Material's JavaScript fetches `sitemap.xml` beside every <link rel="alternate"> (it
        # looks for language versions), so the guides feed's folder needs one, or every page
        # logs a 404. It lists nothing: the real sitemap is at the site's root.
        write_file(site_dir / "guides" / "sitemap.xml", _EMPTY_SITEMAP)
        write_file(site_dir / DIRECTORY_PATH, directory_json(content, links).encode("utf-8"))
        images = write_share_files(site_dir, content_dir, content, links, site_name)
        log.debug(f"share images: {images}")
        if self.is_serve:
            _fold_search_index_in(site_dir)

    def _write_episode_files(
        self, site_dir: Path, links: SiteLinks, content: Content, published: list[str]
    ) -> None:
        """Each episode's chapters.json and transcripts; a dirty rebuild skips the episodes
        whose inputs are what they were when their files were written (generating them all
        took 0.2 s, and under serve the edit after next waited for it)."""
        folders: set[str] = set()  # made already: one mkdir per episode, not per file
        for slug in published:
            entry = content.episodes[slug]
            # The job and the transcript (its digest stands for its cues) decide the files.
            inputs = (episode_files_job(content, entry, links), content.transcripts.get(slug))
            if self.written.get(slug) == inputs and all(
                os.path.isfile(os.path.join(site_dir, path))
                for path in episode_file_paths(content, entry, links.pages[("episodes", slug)])
            ):
                continue
            job, transcript = inputs
            cues = cues_of(transcript)
            write_generated(str(site_dir), render_episode_files(job, cues), folders)
            self.written[slug] = inputs

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Rebuild when the media manifest changes (it lives outside content/), and notice
        edits through the system's change events unless told to poll (serve_watch)."""
        if self.project is not None and self.project.media_manifest is not None:
            server.watch(str(self.project.media_manifest))
        from archipelago.engine.serve_watch import watch_natively  # watchdog: serve only

        if self.config.watcher == "native" and not watch_natively(server):
            log.warning("this MkDocs keeps its watches elsewhere: polling for edits")
        return server

    def _links(self, config: MkDocsConfig) -> SiteLinks:
        """Absolute addresses; made once per build, after on_files has every page's URL."""
        if self.links is not None:  # the URLs are final once on_files has run
            return self.links
        show = self.content.show
        self.links = SiteLinks.configured(
            config.site_url or "",
            show.media_base_url if show else None,
            show.analytics_prefix if show else None,
            self.urls,
        )
        return self.links

    def _project(self, config: MkDocsConfig) -> ProjectConfig:
        config_file = Path(config.config_file_path) if config.config_file_path else None
        repo_root = config_file.parent if config_file else Path.cwd()
        if config_file is not None and config_file.is_file():
            locator = locate_show(config_file.read_text(encoding="utf-8"), config_file.name)
        else:
            locator = YamlLocator("mkdocs.yml", YamlDocument(data=None))
        # The site_url as written: `mkdocs serve` swaps in a local address, which must not
        # look like a change of every published enclosure URL.
        written = locator.yaml.data.get("site_url") if isinstance(locator.yaml.data, dict) else None
        return ProjectConfig(
            config_path=locator.path,
            repo_root=repo_root,
            content_dir=Path(config.docs_dir),
            show=self.config.show,
            show_locator=locator,
            media_manifest=repo_root / self.config.media_manifest,
            site_url=str(written or config.site_url or "") or None,
            now=self.now,
            without_media=without_media_requested(os.environ),
            theme_dir=Path(config.theme.custom_dir) if config.theme.custom_dir else None,
            custom_slugify=config.mdx_configs.get("toc", {}).get("slugify") is not None,
        )


def _fold_search_index_in(site_dir: Path) -> None:
    index = site_dir / "search" / "search_index.json"
    if not index.is_file():
        return  # no search plugin
    folded = fold_search_index(index.read_bytes())
    if folded is not None:
        index.write_bytes(folded)


def _text_as_mkdocs_reads(raw: bytes) -> str:
    """A Markdown file's bytes as MkDocs' ``File.content_string`` reads the file: UTF-8, a
    byte-order mark dropped, every line ending made ``\\n`` (Python's text mode)."""
    text = raw.decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _media_of(entry: Entry[Any]) -> set[str]:
    """The files under content/ an episode brings: audio, transcript, art, chapter images."""
    model = entry.model
    paths = {model.audio, model.transcript, model.image}
    paths.update(chapter.image for chapter in model.chapters)
    return {path for path in paths if path and "://" not in path}


def _logging_errors(work: Callable[[], None]) -> Callable[[], None]:
    """``work`` for a thread: an error is logged like a build error instead of lost."""

    def run() -> None:
        try:
            work()
        except Exception as exc:
            log.error(f"writing the feeds failed: {exc!r}")

    return run
