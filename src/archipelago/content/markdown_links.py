"""What a page's Markdown links to, and which anchors it has, as python-markdown renders it.

The renderer itself answers, not a second parser of ours: a link inside a code block, a
heading's id after `toc` has slugified it, an explicit `{#id}` are exactly what the site gets.
Rendering costs about 0.8 ms a page, so each file's answer is kept in the load store and only
changed files are rendered again. python-markdown's tree has no line numbers: each
destination's line is found by looking for it in the source, in document order.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import markdown
from markdown.treeprocessors import Treeprocessor

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

#: The extensions whose output decides links and ids: those MkDocs always loads (toc, tables,
#: fenced_code), then those our mkdocs.yml adds (a test keeps the two lists in step).
EXTENSIONS = ("toc", "tables", "fenced_code", "attr_list", "admonition")
#: `id="…"` and `name="…"` in raw HTML, which MkDocs counts as anchors too.
_RAW_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""")
#: Bodies longer than this (a whole transcript pasted, not show notes) are left to MkDocs'
#: own warnings: rendering 10 MB took python-markdown 20 s, on top of MkDocs' own rendering.
MAX_SCANNED_CHARACTERS = 512 * 1024
#: Bodies without these cannot link anywhere or hold an anchor: no need to render them.
_MAY_LINK_OR_ANCHOR = re.compile(r"[\[#<]|^ {0,3}(?:=+|-+)[ \t]*$|\{[:#]", re.M)


@dataclass(frozen=True)
class Link:
    """One link or image destination, and the file line it is written on (None: not found)."""

    line: int | None
    target: str


@dataclass(frozen=True)
class PageLinks:
    """What a page's Markdown links to, in document order, and the anchor ids it has."""

    links: tuple[Link, ...] = ()
    anchors: frozenset[str] = frozenset()
    #: False for a body too long to render here: its links and anchors are unknown.
    scanned: bool = True


class LinkScanner:
    """Renders bodies with python-markdown: one instance, made when first needed (a build whose
    files all come from the load store renders none), reset between pages."""

    def __init__(self) -> None:
        self._markdown: markdown.Markdown | None = None
        self._collector: _Collector | None = None

    def scan(self, body: str, first_line: int = 1) -> PageLinks:
        """The links and anchors of ``body``, which starts on file line ``first_line``."""
        if len(body) > MAX_SCANNED_CHARACTERS:
            return PageLinks(scanned=False)
        if not _MAY_LINK_OR_ANCHOR.search(body):
            return PageLinks()
        if self._markdown is None or self._collector is None:
            self._markdown = markdown.Markdown(extensions=list(EXTENSIONS))
            self._collector = _Collector(self._markdown)
            # Last: after toc has given headings their ids and the inline links exist.
            self._markdown.treeprocessors.register(self._collector, "archipelago_links", -100)
        self._markdown.reset()
        self._markdown.convert(body)
        targets, ids = self._collector.targets, set(self._collector.ids)
        for block in self._markdown.htmlStash.rawHtmlBlocks:
            ids.update(_RAW_ID.findall(str(block)))
        return PageLinks(_placed(body, targets, first_line), frozenset(ids))


class _Collector(Treeprocessor):
    """Records every `href`/`src` and every `id` of the rendered tree."""

    targets: list[str]
    ids: list[str]

    def run(self, root: Element) -> None:
        self.targets, self.ids = [], []
        for element in root.iter():
            target = element.get("href") if element.tag == "a" else None
            if element.tag == "img":
                target = element.get("src")
            if target is not None:
                self.targets.append(target)
            if element.get("id"):
                self.ids.append(element.get("id", ""))


def _placed(body: str, targets: list[str], first_line: int) -> tuple[Link, ...]:
    """Each target with the line where the source writes it, looking on from the last one."""
    if not targets:
        return ()
    starts = [0] + [match.end() for match in re.finditer("\n", body)]
    links, cursor = [], 0
    for target in targets:
        found = _find(body, target, cursor)
        if found is None:
            links.append(Link(None, target))
            continue
        cursor = found + len(target)
        line = bisect.bisect_right(starts, found) - 1  # 0-based, in the body
        links.append(Link(first_line + line, target))
    return tuple(links)


#: What is written just before and after a destination (`(dest)`, `<dest>`, `]: dest "t"`).
_BEFORE = frozenset("(< \t\n\"'")
_AFTER = frozenset(") > \t\n\"'")


def _find(body: str, target: str, cursor: int) -> int | None:
    """Where ``target`` is written as a destination at or after ``cursor`` (else anywhere),
    so a link's text that names the same address is skipped."""
    for start in (cursor, 0):
        found = body.find(target, start)
        while found != -1:
            end = found + len(target)
            if (found == 0 or body[found - 1] in _BEFORE) and (
                end == len(body) or body[end] in _AFTER
            ):
                return found
            found = body.find(target, found + 1)
    return None
