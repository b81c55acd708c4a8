"""Show notes from the old feed: HTML → sanitised Markdown for an episode's body, and plain text
for the fields podcast apps show as text (the summary, the show's description).

nh3 keeps only the HTML that show notes need (paragraphs, lists, emphasis, links, headings,
quotes, code); markdownify writes the Markdown. Links are made absolute, since a relative one
pointed at the old host's pages, and a link to an anchor of the old page is kept as its text.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import nh3
from markdownify import MarkdownConverter

#: What show notes may keep; the rest is removed, the text of most of it kept.
_TAGS = {
    "p", "br", "a", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "hr",
}  # fmt: skip
_BLOCK_END = re.compile(r"<\s*(?:br|/p|/li|/div|/h[1-6]|/blockquote|/tr|hr)\b[^>]*>", re.I)
#: Where a paragraph of show notes ends: a closing block tag, two <br>s, or a blank line.
_PARAGRAPH_END = re.compile(
    r"<\s*/(?:p|div|li|h[1-6]|blockquote)\s*>|(?:<\s*br\s*/?\s*>\s*){2,}|\n\s*\n", re.I
)
#: A first paragraph shorter than this ("Links:") is joined by the next one in a summary.
_SHORT_LEAD = 80
_ANY_TAG = re.compile(r"<[a-zA-Z/!?]")
_TAG_START = re.compile(r"<(?=[a-zA-Z/!?])")
_REFERENCE = re.compile(r"&(?=#?\w+;)")
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def has_markup(text: str) -> bool:
    """Whether ``text`` holds an HTML tag (``<b>``, ``</p>``), as opposed to ``a < b``."""
    return bool(_MARKUP.search(text))


class _Converter(MarkdownConverter):
    """markdownify, with every link made absolute against the episode's page."""

    def __init__(self, base: str | None, **options: Any) -> None:
        super().__init__(**options)
        self.base = base

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        href = el.get("href") or ""
        if not href or href.startswith("#"):
            return text  # an anchor of the old page leads nowhere here
        absolute = urljoin(self.base, href) if self.base else href
        if urlsplit(absolute).scheme not in ("http", "https", "mailto"):
            return text
        el["href"] = absolute
        # markdownify's stubs do not declare its per-tag methods.
        return str(super().convert_a(el, text, parent_tags))  # type: ignore[misc]


def _sanitised(text: str) -> str:
    if not has_markup(text):  # plain text with its own line breaks: keep its paragraphs
        paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
        text = "".join(
            "<p>" + "<br>".join(html.escape(line.strip()) for line in p.splitlines()) + "</p>"
            for p in paragraphs
        )
    return str(
        nh3.clean(
            text,
            tags=_TAGS,
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"},
            link_rel=None,
        )
    )


def to_markdown(text: str, base: str | None) -> str:
    """Show notes (HTML or plain text) as sanitised Markdown, ending in one new line."""
    converter = _Converter(
        base,
        heading_style="ATX",
        bullets="-",
        strong_em_symbol="*",
        escape_misc=False,
        # Python-Markdown, which renders the body, knows only two trailing spaces as a line
        # break (<br>); a backslash at the end of a line would be shown as it is.
        newline_style="SPACES",
    )
    markdown = converter.convert(_sanitised(text))
    lines = [_without_stray_spaces(line) for line in markdown.strip().splitlines()]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return body + "\n" if body else ""


def _without_stray_spaces(line: str) -> str:
    """The line without trailing spaces, but for the two that make a line break."""
    stripped = line.rstrip()
    return stripped + "  " if stripped and line.endswith("  ") else stripped


def lead(text: str, max_chars: int = 500) -> str:
    """The opening of show notes (HTML or text) as one line of plain text, for an episode's
    summary: its first paragraph, the second too when the first is only a few words, cut at a
    word to at most ``max_chars`` characters. The whole notes stay the episode's body."""
    paragraphs = [to_plain(part) for part in _PARAGRAPH_END.split(text)]
    opening = ""
    for paragraph in filter(None, paragraphs):
        opening = f"{opening} {paragraph}".strip()
        if len(opening) >= _SHORT_LEAD:
            break
    return shorten_chars(opening, max_chars)


def to_plain(text: str) -> str:
    """HTML or text → one line of plain text that the content models accept as text: no tag,
    no character reference (a literal ``<b`` or ``&amp;`` gets a space after its first sign)."""
    spaced = _BLOCK_END.sub(" ", text)
    stripped = html.unescape(str(nh3.clean(spaced, tags=set())))
    plain = " ".join(stripped.split())
    plain = _TAG_START.sub("< ", plain)
    return _REFERENCE.sub("& ", plain)


def shorten(text: str, max_bytes: int) -> str:
    """``text`` cut at a word to at most ``max_bytes`` UTF-8 bytes, with an ellipsis."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    room = max_bytes - len("…".encode())
    return _ellipsis_at_word(text.encode("utf-8")[:room].decode("utf-8", errors="ignore"))


def shorten_chars(text: str, max_chars: int) -> str:
    """``text`` cut at a word to at most ``max_chars`` characters, with an ellipsis."""
    if len(text) <= max_chars:
        return text
    return _ellipsis_at_word(text[: max_chars - 1])


def _ellipsis_at_word(cut: str) -> str:
    """Text cut off to fit, ended at its last space (if that keeps half of it) and "…"."""
    if " " in cut[len(cut) // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"


def looks_like_markup(text: str) -> bool:
    """Whether a title or name holds HTML that apps would show as written."""
    return bool(_ANY_TAG.search(text) and _MARKUP.search(text)) or bool(_REFERENCE.search(text))
