"""Properties of any text a contributor may type, checked through real builds with hypothesis.

Each example copies the fixture site into its own temporary folder, puts the text into
front matter (as a YAML double-quoted string, escaped so it arrives exactly) or the body,
then runs `archipelago check` and `mkdocs build --strict` in-process.

What "allowed text" leaves out, and why (validation refuses it, rightly):

* the empty string, and text with spaces (any ``str.isspace`` character) at either end;
* characters XML 1.0 cannot carry: U+0000–U+0008, U+000B, U+000C, U+000E–U+001F, U+FFFE,
  U+FFFF and lone surrogates;
* DEL and the C1 controls (U+007F–U+009F): XML carries them, but they are control
  characters, refused like the others, and feedparser re-reads them as Windows-1252
  (U+0085 becomes "…");
* U+FEFF (a byte-order mark inside text), refused as ``yamlio.XML_INVALID`` says;
* in a description only (the summaries, the show's description, which apps show as HTML):
  anything that looks like an HTML tag (``<b``, ``</``, ``<!``) or character reference
  (``&lt;``, ``&#60;``). Titles, names and bios take it, and show it as text.

What a listener sees, and how each reader normalises it (found by running these properties):

* feedparser returns an RSS item's title exactly as written (tags, entities and ``a < b``
  included), with two exceptions of its own, both in feedparser/mixin.py:

  - a title with a closing tag or a character reference, whose tags and entities are all
    ones HTML knows (``<b>x</b>``, ``Q&A &#60;3``), it guesses is HTML and runs through its
    sanitiser: ``javascript:`` links and ``on*`` attributes are dropped, tags lowercased, a
    bare ``&`` escaped. Apps built on feedparser show that; podcastparser shows the text.
    Our feed carries the same text to both; no feed can make feedparser guess otherwise;
  - text made only of Latin-1 characters whose bytes happen to spell UTF-8 (``Ã©``) it takes
    for text encoded twice and "repairs" (``é``);
* podcastparser collapses every run of whitespace in an item's title, Unicode spaces and
  line separators included, into one space (``" ".join(title.split())``); it returns
  Podlove chapter titles (XML attributes, written with character references) exactly;
* a page shows the text as written, except that HTML parsing turns CR and CRLF into LF.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import podcastparser
import pytest
from feedparser.mixin import _FeedParserMixin
from feedparser.sanitizer import _sanitize_html
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from helpers.builds import build_site
from helpers.contributions import (
    EPISODE,
    GUIDE,
    MARKUP,
    PAYLOADS,
    PERSON,
    Theme,
    all_messages,
    append_body,
    feed_problems,
    heading,
    live_markup,
    replace,
    set_field,
    yaml_string,
)
from helpers.sites import copy_fixture_site

FEED_URL = "https://fixture.example.org/feed.xml"
NS = {"atom": "http://www.w3.org/2005/Atom", "podcast": "https://podcastindex.org/namespace/1.0"}

#: Few examples, each a full build; no example database written into the repository, and no
#: shrinking: it rebuilds the site for every attempt (one failure took over five minutes).
BUILDS = settings(
    max_examples=25, deadline=None, database=None, phases=(Phase.explicit, Phase.generate)
)

_REFUSED = [
    chr(code) for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))
] + ["\ufffe", "\uffff", "\ufeff"]
#: Characters any text field may hold (st.characters leaves out surrogates with "Cs").
CHARACTERS = st.characters(exclude_categories=("Cs",), exclude_characters=_REFUSED)


def _allowed(text: str) -> bool:
    return bool(text) and text == text.strip()


#: Pieces of HTML, so that random text holds tags and references often, not once in a blue moon.
_HTMLISH = st.sampled_from(["<", ">", "/", "&", ";", "#", "<b>", "</b>", "&amp;", "&#60;", '"'])
#: Text any title, name or bio accepts.
TEXTS = st.text(CHARACTERS, min_size=1, max_size=40).map(str.strip).filter(_allowed)
#: The same, sometimes made of HTML-ish pieces, sometimes with a hostile payload in the middle.
TEXT_FIELD_VALUES = st.one_of(
    TEXTS,
    st.lists(st.one_of(_HTMLISH, TEXTS), min_size=1, max_size=8).map("".join).filter(_allowed),
    st.builds(
        lambda before, payload, after: f"{before} {payload} {after}".strip(),
        st.text(CHARACTERS, max_size=10),
        st.sampled_from(sorted(PAYLOADS.values())),
        st.text(CHARACTERS, max_size=10),
    ).filter(_allowed),
)


def listener(text: str) -> str:
    """Text as a listener's app shows it: every run of whitespace one space."""
    return " ".join(text.split())


def as_feedparser_reads(text: str) -> str:
    """A title as feedparser reads it: its guess at HTML, then its repair of what it takes
    for UTF-8 read as Latin-1 (see the docstring). Both are feedparser's own functions."""
    if _FeedParserMixin.looks_like_html(text):
        text = _sanitize_html(text, "utf-8", "text/html")
    try:
        return text.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def on_a_page(text: str) -> str:
    """Text as an HTML parser reads it back: CR and CRLF become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@contextmanager
def fixture_site() -> Iterator[Path]:
    """A fresh copy of the fixture site for one example (hypothesis cannot use tmp_path)."""
    with tempfile.TemporaryDirectory() as folder:
        yield copy_fixture_site(Path(folder) / "src")


def in_text_fields(root: Path, text: str) -> None:
    """Put ``text`` into the episode, chapter, person and guide titles and the person's bio,
    and into the summary when it holds no markup (a description refuses that)."""
    value = yaml_string(text)
    set_field(EPISODE, "title", value)(root)
    replace(EPISODE, "title: Ben's story", f"title: {value}")(root)
    set_field(PERSON, "name", value)(root)
    set_field(PERSON, "bio", value)(root)
    set_field(GUIDE, "title", value)(root)
    if not MARKUP.search(text):
        set_field(EPISODE, "summary", value)(root)


def read_feeds(out: Path) -> tuple[bytes, bytes]:
    """Both feeds' bytes, after checking that each is well-formed XML."""
    rss, atom = (out / "feed.xml").read_bytes(), (out / "guides/feed.xml").read_bytes()
    lxml.etree.fromstring(rss)
    lxml.etree.fromstring(atom)
    return rss, atom


def feed_titles(rss: bytes) -> tuple[str, str]:
    """The first item's title as feedparser and as podcastparser read it."""
    item = feedparser.parse(rss).entries[0]
    episode = podcastparser.parse(FEED_URL, io.BytesIO(rss))["episodes"][0]
    return item.title, episode["title"]


def shown_description(rss: bytes) -> str:
    """The first item's description as an app shows its HTML: the text, tags rendered away."""
    html = lxml.etree.fromstring(rss).findtext("channel/item/description")
    return str(lxml.html.fragment_fromstring(html, create_parent="div").text_content())


@BUILDS
@given(text=TEXT_FIELD_VALUES)
@example(text="a <- b < c > d")
@example(text='Ben\'s "story" & more\u2028then\tsome')
@example(text="A & B & C; < i > ]]> {{ page.title }} &")
@example(text="line one\r\nline two")
@example(text='<a href="javascript:alert(1)">x</a> </script><b>B&amp;B</b>')
def test_allowed_text_reaches_feeds_and_pages_as_written(text: str, theme: Theme) -> None:
    with fixture_site() as root:
        in_text_fields(root, text)
        assert all_messages(root) == []
        out = build_site(root)
        rss, atom = read_feeds(out)  # (1) both feeds are well-formed XML

        # (2) the readers apps are built on read the text back, normalised only as documented.
        channel = lxml.etree.fromstring(rss).find("channel")
        assert channel is not None and channel.findtext("item/title") == text
        from_feedparser, from_podcastparser = feed_titles(rss)
        assert from_podcastparser == listener(text)
        assert from_feedparser == as_feedparser_reads(text)
        episode = podcastparser.parse(FEED_URL, io.BytesIO(rss))["episodes"][0]
        assert episode["chapters"][1]["title"] == text
        assert lxml.etree.fromstring(atom).findtext("atom:entry/atom:title", namespaces=NS) == text
        assert channel.findtext("item/podcast:person", namespaces=NS) == text
        if not MARKUP.search(text):
            assert on_a_page(text) in shown_description(rss)

        # (3) pages show the text, escaped: nothing in the heading but text, nothing injected.
        for page in (
            "episodes/001-first-steps/index.html",
            "people/ada-host/index.html",
            "guides/going-solo/index.html",
        ):
            h1 = heading(out, page)
            assert h1.text_content() == on_a_page(text), page
            assert len(h1) == 0, page
        person = lxml.html.document_fromstring((out / "people/ada-host/index.html").read_bytes())
        assert on_a_page(text) in [p.text_content() for p in person.xpath("//article//p")]
        assert live_markup(out, theme) == []


@BUILDS
@given(text=TEXT_FIELD_VALUES)
@example(text="Q&A, R&D & more &; & ;")
@example(text="R&D < 5 > 3 & <- arrows")
@example(text="Ñ± [x](javascript:alert(1)) Ñ±")
@example(text="Q&A &#60;3 <B>bold</B> <p onclick='x'>hi</p>")
def test_the_feed_carries_every_title_as_written_to_both_readers(text: str) -> None:
    with fixture_site() as root:
        set_field(EPISODE, "title", yaml_string(text))(root)
        assert all_messages(root) == []
        from_feedparser, from_podcastparser = feed_titles(
            (build_site(root) / "feed.xml").read_bytes()
        )
        assert from_podcastparser == listener(text)
        assert from_feedparser == as_feedparser_reads(text)


@BUILDS
@given(text=st.text(CHARACTERS, max_size=200))
@example(text="<script>alert(1)</script> ]]> <![CDATA[ x ]]>")
@example(text="[x](javascript:alert(1)) <img src=x onerror=alert(1)>")
@example(text="&lt;script&gt; &amp;lt; \r\n\u2028")
def test_any_show_notes_keep_the_feeds_well_formed_and_inert(text: str) -> None:
    """Raw HTML stays live on the page today (see test_hostile); the feeds must be clean."""
    with fixture_site() as root:
        append_body(EPISODE, text)(root)
        assert all_messages(root) == []
        out = build_site(root)
        rss, _ = read_feeds(out)
        assert not feedparser.parse(rss).bozo
        assert podcastparser.parse(FEED_URL, io.BytesIO(rss))["episodes"]
        assert feed_problems(out) == []


@BUILDS
@given(text=st.text(max_size=40))
@example(text="")
@example(text=" padded ")
@example(text="\x00")
@example(text="\ud800")
@example(text="\x85")
@example(text="a\x0cb\ufffe")
@example(text="<b>bold</b> move")
@example(text="Q&amp;A &#60;3")
@example(text="¢1 &lt;script&gt;alert(1)&lt;/script&gt; &g\U0009d7c4")
def test_any_title_gives_a_clear_error_or_a_build(text: str) -> None:
    with fixture_site() as root:
        found = messages_on_changing(root, "title", 3, text)
        assert not any("must be plain text" in line for line in found), found
        build_unless(root, found)  # aborts exactly when the check found something


@BUILDS
@given(text=st.one_of(st.text(max_size=40), TEXT_FIELD_VALUES))
@example(text="<b>bold</b> move")
@example(text="Q&amp;A &#60;3")
@example(text="Rates < fees > costs & more")
def test_any_summary_gives_a_clear_error_or_a_build_that_shows_it_as_text(text: str) -> None:
    with fixture_site() as root:
        found = messages_on_changing(root, "summary", 10, text)
        if MARKUP.search(text):
            assert any("must be plain text" in line and "(fix: " in line for line in found), found
        built = build_unless(root, found)
        if built is not None:
            rss, _ = read_feeds(built)
            assert on_a_page(text) in shown_description(rss)


def messages_on_changing(root: Path, field: str, line: int, text: str) -> list[str]:
    """The check's messages once the episode's ``field`` (on ``line``) holds ``text``; only
    that field changed, so every message must be about it, on its line."""
    set_field(EPISODE, field, yaml_string(text))(root)
    found = all_messages(root)
    for message in found:
        assert message.startswith(f"{EPISODE}:{line}: {field}: "), found
    return found


def build_unless(root: Path, found: list[str]) -> Path | None:
    """The built site, when the check found nothing; else the build must abort."""
    if found:
        with pytest.raises(Abort):
            build_site(root)
        return None
    return build_site(root)
