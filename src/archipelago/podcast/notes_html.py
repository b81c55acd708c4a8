"""Show notes and guides cleaned for the feeds: allowed tags only, links absolute.

Imports nothing but nh3 and the standard library, so the page cleaner's worker process
(`clean_worker`) can do this work without loading MkDocs, feedgen or the models.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from urllib.parse import urljoin, urlsplit

import nh3

#: The only tags Apple Podcasts renders in show notes.
APPLE_TAGS = {"p", "ol", "ul", "li", "a"}
_LINK_SCHEMES = {"http", "https", "mailto"}


def for_feed(kind: str, rendered: str, base_url: str) -> str:
    """A page's HTML as its feed carries it: for an episode (``kind`` "episodes"), cut down to
    the tags Apple renders (headings become paragraphs); for a guide ("guides"), nh3's default
    tags. Links absolute, against the page's ``base_url``.

    The page cleaner's worker calls this beside each episode's and guide's page, and the plugin
    hands the results to the feed writers."""
    return clean_html(rendered, base_url, _APPLE if kind == "episodes" else _READER)


#: MkDocs' permalink after each heading (`toc: permalink: true`), as Markdown or nh3 writes it.
_PERMALINK = re.compile(
    r"<a\s[^>]*\bclass=\"headerlink\"[^>]*>(?:¶|&para;|&#182;)</a>", re.IGNORECASE
)
_HEADING_TAG = re.compile(r"<(/?)(h[1-6])(?=[\s/>])", re.IGNORECASE)


class FeedRules:
    """What a feed's HTML may keep, with nh3's sanitizer for it, built once: nh3.clean builds
    a new one from the sets on every call (50 µs, 0.1 s of a 1,000-episode build)."""

    def __init__(self, tags: set[str], attributes: dict[str, set[str]]) -> None:
        self.tags = tags
        self.sanitizer = nh3.Cleaner(
            tags=tags,
            attributes=attributes,
            url_schemes=_LINK_SCHEMES,
            link_rel=None,
            strip_comments=True,
            attribute_filter=_link_made_absolute,
        )


def clean_html(rendered: str, base_url: str, rules: FeedRules | None = None) -> str:
    """Rendered Markdown made safe for a feed: allowed tags only (nh3's defaults unless
    ``rules`` say otherwise), links and images absolute.

    MkDocs' ¶ permalinks go; headings become paragraphs unless the rules allow them; scripts,
    event handlers and `javascript:` links are removed by nh3. Done on the text, without
    parsing it twice: nh3 is the one parser, and it makes whatever the regexes left safe.
    """
    if not rendered.strip():
        return ""
    rules = rules or _READER
    text = _PERMALINK.sub("", rendered)
    text = _HEADING_TAG.sub(lambda m: m[0] if m[2].lower() in rules.tags else f"<{m[1]}p", text)
    # The sanitizer is shared: each call's page URL reaches its link filter by context, which
    # is the thread's own (serve cleans in a thread while MkDocs renders).
    token = _BASE_URL.set(base_url)
    try:
        return rules.sanitizer.clean(text).strip()
    finally:
        _BASE_URL.reset(token)


#: The page whose links `_link_made_absolute` resolves (set by `clean_html`).
_BASE_URL: ContextVar[str] = ContextVar("base_url")


def _link_made_absolute(_tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src"):
        return _absolute_link(_BASE_URL.get(), value)
    return value


def _absolute_link(base_url: str, value: str) -> str | None:
    """A link resolved against its page; None (dropped) unless http, https or mailto."""
    if value.startswith(("https://", "http://")) and value.isprintable() and " " not in value:
        return value  # already absolute: nothing to resolve (most links in show notes)
    absolute = urljoin(base_url, value.strip())
    return absolute if urlsplit(absolute).scheme in _LINK_SCHEMES else None


_APPLE = FeedRules(APPLE_TAGS, {"a": {"href"}})
_READER = FeedRules(set(nh3.ALLOWED_TAGS), dict(nh3.ALLOWED_ATTRIBUTES))
