"""The MkDocs plugin: validates the content before anything is written and feeds the templates.

The only module that handles MkDocs events and ``Files``; the work happens in pure modules.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateNotFound
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from archipelago.config import ArchipelagoConfig
from archipelago.load import Content, Entry, YamlLocator, kind_of
from archipelago.pages import (
    ALL_TEMPLATES,
    TEMPLATES,
    SiteIndex,
    VirtualPage,
    format_date,
    format_duration,
    listed_entries,
    page_dates,
    virtual_pages,
)
from archipelago.project import ProjectConfig, check_tree, locate_show
from archipelago.yamlio import YamlDocument

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

#: The name each kind's model has in its page template.
_MODEL_NAMES = {
    "episodes": "episode",
    "guides": "guide",
    "directory": "listing",
    "people": "person",
}


class ArchipelagoPlugin(BasePlugin[ArchipelagoConfig]):
    """Registers content kinds, their templates and the generated index pages."""

    def __init__(self) -> None:
        self.is_serve = False
        self._reset()

    def _reset(self) -> None:
        self.content = Content()
        self.entries: dict[str, Entry[Any]] = {}
        self.urls: dict[tuple[str, str], str] = {}
        self.index_pages: dict[str, VirtualPage] = {}
        self.page_dates: dict[str, dt.date] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is `mkdocs serve` (its presence also keeps us across rebuilds)."""
        self.is_serve = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Start every build, including each serve rebuild, from empty state."""
        self._reset()
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Load and validate everything, and fail before MkDocs empties site_dir."""
        # MkDocs cleans site_dir right after this event: failing here keeps the previous site.
        result = check_tree(self._project(config))
        for error in result.errors:
            log.error(str(error))
        if result.errors and not self.is_serve:
            count = len(result.errors)
            raise PluginError(f"{count} content error{'s' if count > 1 else ''}; see above")
        if result.errors:
            log.warning("serving without the files that have errors")
        self.content = result.content
        self.entries = self.content.by_src_uri()
        self.page_dates = page_dates(self.content)
        log.info(self.content.summary())

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Hide invalid and draft files, remember URLs, and add the generated index pages."""
        for file in files:
            kind = kind_of(file.src_uri)
            if kind is None:
                continue
            entry = self.entries.get(file.src_uri)
            if entry is None:  # only under serve: the build already failed otherwise
                file.inclusion = InclusionLevel.EXCLUDED
            elif kind == "episodes" and entry.model.draft:
                # DRAFT pages show under `mkdocs serve` and never in a build.
                file.inclusion = InclusionLevel.DRAFT
                if self.is_serve:
                    self.urls[(kind, entry.slug)] = file.url
            else:
                self.urls[(kind, entry.slug)] = file.url
        for page in virtual_pages():
            # Files.append silently replaces a file with the same path: refuse instead.
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"content/{page.src_uri} collides with the generated {page.title} index;"
                    " remove or rename it"
                )
            generated = File.generated(config, page.src_uri, content=page.markdown)
            generated.edit_uri = None  # nothing to edit: the page is generated
            files.append(generated)
            self.index_pages[page.src_uri] = page
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Give each content page its kind's template, unless its front matter names one."""
        # Content dates instead of the build day: same site whatever day it is built.
        newest = max(self.page_dates.values(), default=None)
        date = self.page_dates.get(page.file.src_uri, newest)
        if date is not None:
            page.update_date = date.isoformat()
        entry = self.entries.get(page.file.src_uri)
        if entry is not None:
            page.meta.setdefault("template", TEMPLATES[entry.kind])
            if entry.kind in ("directory", "people"):
                page.meta.setdefault("title", entry.model.name)
        return markdown

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Hand templates the typed models: `entry` and its kind's name, or an index's `entries`."""
        site_index = SiteIndex(self.content, self.urls)
        context["hub"] = site_index  # type: ignore[typeddict-unknown-key]
        entry = self.entries.get(page.file.src_uri)
        if entry is not None:
            context["entry"] = entry  # type: ignore[typeddict-unknown-key]
            context[_MODEL_NAMES[entry.kind]] = entry.model  # type: ignore[literal-required]
        index = self.index_pages.get(page.file.src_uri)
        if index is not None:
            entries = listed_entries(self.content, index.kind, include_drafts=self.is_serve)
            context["entries"] = entries  # type: ignore[typeddict-unknown-key]
        return context

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Register our filters and make sure our templates are where the theme looks."""
        env.filters["duration"] = format_duration
        env.filters["longdate"] = format_date
        for name in ALL_TEMPLATES:
            try:
                env.get_template(name)
            except TemplateNotFound as exc:
                raise PluginError(
                    f"template {name} not found: it belongs in theme/, and mkdocs.yml needs"
                    " `theme: custom_dir: theme`"
                ) from exc
        return env

    def _project(self, config: MkDocsConfig) -> ProjectConfig:
        config_file = Path(config.config_file_path) if config.config_file_path else None
        repo_root = config_file.parent if config_file else Path.cwd()
        if config_file is not None and config_file.is_file():
            locator = locate_show(config_file.read_text(encoding="utf-8"), config_file.name)
        else:
            locator = YamlLocator("mkdocs.yml", YamlDocument(data=None))
        return ProjectConfig(
            config_path=locator.path,
            repo_root=repo_root,
            content_dir=Path(config.docs_dir),
            show=self.config.show,
            show_locator=locator,
        )
