"""Show notes and guides cleaned for the feeds: allowed tags only, links absolute.

Imports nothing but nh3 and the standard library, so the page cleaner's worker process
(`clean_worker`) can do this work without loading MkDocs, feedgen or the models.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urljoin, urlsplit

import nh3

#: The only tags Apple Podcasts renders in show notes.
APPLE_TAGS = {"p", "ol", "ul", "li", "a"}
_LINK_SCHEMES = {"http", "https", "mailto"}

#: Show notes cleaned in this process, kept for `mkdocs serve`: a rebuild after one edit cleans
#: one episode's notes, not all of them. Pure functions of their text, so safe to share.
_CLEANED_KEEP = 8192
#: Results cleaned in advance by the worker process, each taken once by the first call that
#: asks for it (then the memo above keeps it): {(kind, rendered, base_url): cleaned}.
_READY: dict[tuple[str, str, str], str] = {}


def for_feed(kind: str, rendered: str, base_url: str) -> str:
    """What `apple_html` (``kind`` "episodes") or `feed_html` ("guides") returns, unmemoised."""
    if kind == "episodes":
        return clean_html(rendered, base_url, tags=APPLE_TAGS, attributes={"a": {"href"}})
    return clean_html(rendered, base_url)


def remember(kind: str, rendered: str, base_url: str, cleaned: str) -> None:
    """Record ``for_feed(kind, rendered, base_url)``, computed in another process."""
    _READY[(kind, rendered, base_url)] = cleaned


def forget_remembered() -> None:
    """Drop what was remembered and not asked for (a failed build's pages)."""
    _READY.clear()


@functools.lru_cache(maxsize=_CLEANED_KEEP)
def apple_html(rendered: str, base_url: str) -> str:
    """Show notes cut down to the tags Apple renders (headings become paragraphs)."""
    ready = _READY.pop(("episodes", rendered, base_url), None)
    return ready if ready is not None else for_feed("episodes", rendered, base_url)


@functools.lru_cache(maxsize=_CLEANED_KEEP)
def feed_html(rendered: str, base_url: str) -> str:
    """A rendered page for a feed reader: nh3's default tags, links absolute."""
    ready = _READY.pop(("guides", rendered, base_url), None)
    return ready if ready is not None else for_feed("guides", rendered, base_url)


#: MkDocs' permalink after each heading (`toc: permalink: true`), as Markdown or nh3 writes it.
_PERMALINK = re.compile(
    r"<a\s[^>]*\bclass=\"headerlink\"[^>]*>(?:¶|&para;|&#182;)</a>", re.IGNORECASE
)
_HEADING_TAG = re.compile(r"<(/?)(h[1-6])(?=[\s/>])", re.IGNORECASE)


def clean_html(
    rendered: str,
    base_url: str,
    *,
    tags: set[str] | None = None,
    attributes: dict[str, set[str]] | None = None,
) -> str:
    """Rendered Markdown made safe for a feed: allowed tags only, links and images absolute.

    MkDocs' ¶ permalinks go; headings become paragraphs unless ``tags`` allows them; scripts,
    event handlers and `javascript:` links are removed by nh3. Done on the text, without
    parsing it twice: nh3 is the one parser, and it makes whatever the regexes left safe.
    """
    if not rendered.strip():
        return ""
    allowed = tags if tags is not None else set(nh3.ALLOWED_TAGS)
    text = _PERMALINK.sub("", rendered)
    text = _HEADING_TAG.sub(lambda m: m[0] if m[2].lower() in allowed else f"<{m[1]}p", text)
    return nh3.clean(
        text,
        tags=allowed,
        attributes=attributes if attributes is not None else dict(nh3.ALLOWED_ATTRIBUTES),
        url_schemes=_LINK_SCHEMES,
        link_rel=None,
        strip_comments=True,
        attribute_filter=lambda _tag, attr, value: (
            _absolute_link(base_url, value) if attr in ("href", "src") else value
        ),
    ).strip()


def _absolute_link(base_url: str, value: str) -> str | None:
    """A link resolved against its page; None (dropped) unless http, https or mailto."""
    if value.startswith(("https://", "http://")) and value.isprintable() and " " not in value:
        return value  # already absolute: nothing to resolve (most links in show notes)
    absolute = urljoin(base_url, value.strip())
    return absolute if urlsplit(absolute).scheme in _LINK_SCHEMES else None
