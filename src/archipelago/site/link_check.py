"""Links between content files that lead nowhere: a missing page, file or anchor, a page this
build does not publish, a folder MkDocs leaves as written.

MkDocs warns of some of these only while it renders, without a line or a fix, and of missing
anchors not at all by default. This rule reads what `page_links` found in each Markdown body
(kept in the load store with the file), so `archipelago check` and the build name the same
links, at their lines, with a "did you mean".
"""

from __future__ import annotations

import difflib
import functools
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from archipelago.content.entries import kind_of
from archipelago.errors import Problem
from archipelago.podcast.schedule import held_back
from archipelago.site.pages import INDEX_PAGES, TEMPLATES

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Collection

    from archipelago.content.entries import Content
    from archipelago.content.markdown_links import Link

#: A URL scheme (`https:`, `mailto:`): such a link leaves the site, and is not ours to check.
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: `id="…"` in a template: the sections a page of that template has, whatever its Markdown.
_TEMPLATE_ID = re.compile(r"""\bid=["']([A-Za-z][\w.:-]*)["']""")
_GENERATED = frozenset(page.src_uri for page in INDEX_PAGES)


def template_anchors(theme_dir: Path | None) -> dict[str, frozenset[str]]:
    """The ids each of our templates writes (`episode.html` → chapters, transcript, …)."""
    if theme_dir is None or not theme_dir.is_dir():
        return {}
    return {
        template.name: frozenset(_TEMPLATE_ID.findall(template.read_text(encoding="utf-8")))
        for template in sorted(theme_dir.glob("*.html"))
    }


@dataclass(frozen=True)
class LinkRules:
    """What the rule knows of the whole tree."""

    content: Content
    content_dir: Path
    shown_dir: str  # the content folder as messages show it: "content"
    published: Collection[str]  # episodes this build publishes
    now: dt.datetime
    templates: dict[str, frozenset[str]]  # the ids each of our templates writes
    #: Anchors are only known under the heading ids python-markdown's toc makes by default;
    #: a project that sets another `slugify` gets its links checked without them.
    anchors: bool = True


def broken_links(rules: LinkRules) -> list[Problem]:
    """Every link in every Markdown page that leads nowhere, with its line and a fix."""
    errors = []
    unpublished = _unpublished_pages(rules)
    # Thousands of pages write the same few links: each is resolved once per check.
    resolve = functools.cache(_resolved)
    for src_uri, page in rules.content.pages.items():
        for link in page.links.links:
            problem = _problem(rules, unpublished, src_uri, link, resolve)
            if problem is not None:
                message, fix = problem
                errors.append(Problem(page.path, link.line, "", message, fix))
    return errors


def _resolved(folder: str, path: str) -> str:
    """The src_uri a relative link written in ``folder`` leads to."""
    return posixpath.normpath(posixpath.join(folder, unquote(path)))


def _problem(
    rules: LinkRules,
    unpublished: dict[str, str],
    src_uri: str,
    link: Link,
    resolve: Callable[[str, str], str],
) -> tuple[str, str] | None:
    target = link.target.strip()
    if not target or _SCHEME.match(target) or target.startswith(("/", "\\")):
        return None  # another site, an address like mailto:, or left as written by MkDocs
    path, _, anchor = target.partition("#")
    path = path.partition("?")[0]
    if not path:
        return _missing_anchor(rules, src_uri, target, anchor)
    folder = src_uri.rpartition("/")[0]
    target_uri = resolve(folder, path)
    shown = f"the link to {target!r}"
    if target_uri == ".." or target_uri.startswith("../"):
        return (
            f"{shown} leads outside {rules.shown_dir}/",
            "link to a page inside the site, or to a full https:// address",
        )
    pages = rules.content.pages
    if target_uri in pages or target_uri in _GENERATED:
        if src_uri in unpublished:
            return None  # neither is out: the link is checked again when this page is
        why_not = unpublished.get(target_uri)
        if why_not is not None:
            return (
                f"{shown} leads to {rules.shown_dir}/{target_uri}, which this build does not"
                f" publish ({why_not})",
                "remove the link until that page is out, or link to a published one",
            )
        return _missing_anchor(rules, target_uri, target, anchor) if anchor else None
    if not posixpath.splitext(target_uri)[1]:
        # MkDocs leaves such a link as written; the browser resolves it from the page's own
        # address (one folder deeper than its file, with directory URLs), so it mostly breaks.
        for candidate in (f"{target_uri}/index.md", f"{target_uri}.md"):
            if candidate in pages or candidate in _GENERATED:
                written = posixpath.relpath(candidate, folder or ".")
                return (
                    f"{shown} names no file: MkDocs leaves it as written, and browsers"
                    " resolve it from the page's own address",
                    f"link to the Markdown file: {written + ('#' + anchor if anchor else '')!r}",
                )
    elif not target_uri.endswith(".md"):
        if _is_file(rules.content_dir, target_uri):
            return None  # an image, a download: it is copied into the site as it is
        return (
            f"{shown} leads nowhere: there is no {rules.shown_dir}/{target_uri}",
            _closest(target_uri, folder, _files_beside(rules.content_dir, target_uri), anchor),
        )
    return (
        f"{shown} leads nowhere: there is no {rules.shown_dir}/{target_uri}",
        _closest(target_uri, folder, list(pages) + sorted(_GENERATED), anchor),
    )


def _missing_anchor(
    rules: LinkRules, target_uri: str, target: str, anchor: str
) -> tuple[str, str] | None:
    """Whether the page at ``target_uri`` has the anchor ``#anchor``."""
    page = rules.content.pages.get(target_uri)
    if page is None or not anchor or not rules.anchors or not page.links.scanned:
        return None  # a generated index: its ids come from its template and content
    kind = kind_of(target_uri)
    template = page.template or (TEMPLATES[kind] if kind else None)
    anchors = page.links.anchors | rules.templates.get(template or "", frozenset())
    if unquote(anchor) in anchors:
        return None
    where = "this page" if target.startswith("#") else f"{rules.shown_dir}/{target_uri}"
    close = difflib.get_close_matches(unquote(anchor), sorted(anchors), n=1)
    if close:
        fix = f"did you mean '#{close[0]}'?"
    elif anchors:
        listed = ", ".join(f"#{a}" for a in sorted(anchors)[:8])
        fix = f"link to one of its anchors ({listed}), or drop the #{anchor}"
    else:
        fix = f"it has no headings to link to: drop the #{anchor}"
    return f"the link to {target!r} leads to {where}, which has no heading or anchor #{anchor}", fix


def _unpublished_pages(rules: LinkRules) -> dict[str, str]:
    """Why this build does not publish a page, by src_uri, for each page it leaves out."""
    content, reasons = rules.content, dict[str, str]()
    for slug, episode in content.episodes.items():
        why = None if slug in rules.published else held_back(episode.model, rules.now)
        if why is not None:  # else out, or its audio could not be checked (its own error)
            reasons[episode.src_uri] = why
    for guide in content.guides.values():
        if guide.model.draft:
            reasons[guide.src_uri] = "a draft"
    for listing in content.listings.values():
        if listing.model.draft:
            reasons[listing.src_uri] = "a draft"
    return reasons


def _is_file(content_dir: Path, src_uri: str) -> bool:
    return not any(part.startswith(".") for part in src_uri.split("/")) and os.path.isfile(
        content_dir / src_uri
    )


def _files_beside(content_dir: Path, src_uri: str) -> list[str]:
    """The files in the folder ``src_uri`` names, as src_uris: what a misspelt name meant."""
    folder = posixpath.dirname(src_uri)
    try:
        names = sorted(os.listdir(content_dir / folder))
    except OSError:
        return []
    return [posixpath.join(folder, name) for name in names if not name.startswith(".")]


def _closest(target_uri: str, folder: str, candidates: list[str], anchor: str) -> str:
    """`did you mean '../guides/x.md'?`, written relative to the linking page."""
    close = difflib.get_close_matches(target_uri, candidates, n=1, cutoff=0.6)
    if not close:
        return "link to an existing file, written relative to this one (../guides/x.md)"
    written = posixpath.relpath(close[0], folder or ".")
    return f"did you mean {written + ('#' + anchor if anchor else '')!r}?"
