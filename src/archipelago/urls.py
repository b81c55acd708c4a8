"""Absolute URLs for what the site publishes: pages, files, and the enclosures apps download."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

#: The files the plugin writes beside the pages, from the site's root.
FEED_PATH = "feed.xml"
GUIDES_FEED_PATH = "guides/feed.xml"
DIRECTORY_PATH = "directory.json"
#: A URL's scheme, which prefixing services want left out (they fetch the file over https).
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass(frozen=True)
class SiteLinks:
    """Turns site paths into absolute URLs.

    Args:
        site_url: the site's address, ending in `/`.
        media_base_url: where audio is served from (a CDN), ending in `/`; the site when None.
        pages: (kind, slug) → the page's URL relative to the site (`episodes/001-arrival/`).
        analytics_prefix: a download-statistics service put in front of feed enclosures
            (`https://op3.dev/e/`); None for none.
    """

    site_url: str
    media_base_url: str | None = None
    pages: dict[tuple[str, str], str] = field(default_factory=dict)
    analytics_prefix: str | None = None

    @classmethod
    def configured(
        cls,
        site_url: str,
        media_base_url: str | None = None,
        analytics_prefix: str | None = None,
        pages: dict[tuple[str, str], str] | None = None,
    ) -> SiteLinks:
        """The links of addresses as mkdocs.yml gives them: each base gets its final `/`."""
        media = with_slash(media_base_url) if media_base_url else None
        return cls(with_slash(site_url), media, dict(pages or {}), analytics_prefix)

    @property
    def feed_url(self) -> str:
        """The podcast feed's address, which listeners paste into their apps."""
        return self.site_url + FEED_PATH

    def page(self, kind: str, slug: str) -> str | None:
        """The absolute URL of an entry's page, when it is published."""
        relative = self.pages.get((kind, slug))
        return None if relative is None else self.site_url + relative

    def file(self, path: str) -> str:
        """A file under content/ as the site serves it."""
        return self.site_url + quote(path, safe="/")

    def media(self, audio: str) -> str:
        """An episode's enclosure: an https URL as written, or the file on the media host."""
        if "://" in audio:
            return audio
        return (self.media_base_url or self.site_url) + quote(audio, safe="/")

    def enclosure(self, audio: str) -> str:
        """The address the feed gives apps for an episode's audio: the media URL, behind the
        analytics prefix when there is one (`https://op3.dev/e/` + `example.org/a.mp3`).

        Pages link the audio directly (`media`): only the apps' downloads are counted.
        """
        url = self.media(audio)
        if not self.analytics_prefix:
            return url
        return with_slash(self.analytics_prefix) + without_scheme(url)


@dataclass(frozen=True)
class Outputs:
    """The generated files templates link to (`outputs` in their context): paths from the
    site's root for the `url` filter, and the podcast feed's address, shown to listeners."""

    feed_url: str
    feed: str = FEED_PATH
    guides_feed: str = GUIDES_FEED_PATH
    directory: str = DIRECTORY_PATH


def without_scheme(url: str) -> str:
    """``https://example.org/a.mp3`` → ``example.org/a.mp3``."""
    return _SCHEME.sub("", url)


def with_slash(url: str) -> str:
    """``https://example.org/show`` → ``https://example.org/show/``."""
    return url if url.endswith("/") else url + "/"


def episode_folder(page_url: str) -> str:
    """The folder where an episode's extra files go (chapters, transcripts): its page's
    (`episodes/001-arrival/`), or without directory URLs one named after its page
    (`episodes/001-arrival.html` → `episodes/001-arrival/`), so no two episodes share one."""
    if page_url.endswith("/"):
        return page_url
    if page_url.endswith("/index.html"):
        return page_url.removesuffix("index.html")
    return page_url.removesuffix(".html") + "/"


def page_from_its_folder(page_url: str) -> str:
    """A relative link from `episode_folder(page_url)` back to the page."""
    if page_url.endswith("/"):
        return "./"
    if page_url.endswith("/index.html"):
        return "index.html"
    return "../" + page_url.rsplit("/", 1)[-1]


def page_path(src_uri: str, directory_urls: bool = True) -> str:
    """Where MkDocs publishes a Markdown file, from the site's root: `episodes/001-arrival.md`
    → `episodes/001-arrival/` (or `episodes/001-arrival.html` without directory URLs), for
    tools that run without MkDocs' own file list."""
    stem = src_uri.removesuffix(".md")
    folder, _, name = stem.rpartition("/")
    prefix = f"{folder}/" if folder else ""
    if name in ("index", "README"):
        return prefix if directory_urls else f"{prefix}index.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"
