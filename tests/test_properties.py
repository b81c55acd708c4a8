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
* anything that looks like an HTML tag (``<b``, ``</``, ``<!``) or character reference
  (``&lt;``, ``&#60;``), in any front-matter text field: readers disagree on such text
  (feedparser takes a title holding either for HTML, sanitises it and escapes a bare ``&``
  again; podcastparser shows it as written), so one title would read two ways.

What a listener sees, and how each reader normalises it (found by running these properties):

* feedparser returns an RSS item's title exactly as written (entities and ``a < b`` included),
  except text made only of Latin-1 characters whose bytes happen to spell UTF-8 (``Ã©``): it
  takes that for text encoded twice and "repairs" it (``é``), in feedparser/mixin.py;
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
from hypothesis import Phase, assume, example, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from test_hostile import (
    EPISODE,
    GUIDE,
    MARKUP,
    PERSON,
    WITHOUT_MARKUP,
    Theme,
    append_body,
    copy_fixture_site,
    feed_problems,
    heading,
    live_markup,
    messages,
    replace,
    set_field,
    yaml_string,
)
from test_plugin import build_site

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
    return bool(text) and text == text.strip() and not MARKUP.search(text)


#: Text any one-line text field accepts.
TEXTS = st.text(CHARACTERS, min_size=1, max_size=40).map(str.strip).filter(_allowed)
#: The same, sometimes with a hostile payload in the middle.
TEXT_FIELD_VALUES = st.one_of(
    TEXTS,
    st.builds(
        lambda before, payload, after: f"{before} {payload} {after}".strip(),
        st.text(CHARACTERS, max_size=10),
        st.sampled_from(sorted(WITHOUT_MARKUP.values())),
        st.text(CHARACTERS, max_size=10),
    ).filter(_allowed),
)


def listener(text: str) -> str:
    """Text as a listener's app shows it: every run of whitespace one space."""
    return " ".join(text.split())


def as_feedparser_reads(text: str) -> str:
    """feedparser's repair of what it takes for UTF-8 read as Latin-1 (see the docstring)."""
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


@pytest.fixture(scope="module")
def theme(tmp_path_factory: pytest.TempPathFactory) -> Theme:
    """The theme's own scripts and styles, which any page may hold."""
    return Theme.of(build_site(copy_fixture_site(tmp_path_factory.mktemp("pristine") / "src")))


def in_text_fields(root: Path, text: str) -> None:
    """Put ``text`` into the episode, chapter, person and guide titles and the summary."""
    value = yaml_string(text)
    set_field(EPISODE, "title", value)(root)
    replace(EPISODE, "title: Ben's story", f"title: {value}")(root)
    set_field(PERSON, "name", value)(root)
    set_field(GUIDE, "title", value)(root)
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


@BUILDS
@given(text=TEXT_FIELD_VALUES)
@example(text="a <- b < c > d")
@example(text='Ben\'s "story" & more\u2028then\tsome')
@example(text="A & B & C; < i > ]]> {{ page.title }} &")
@example(text="line one\r\nline two")
def test_allowed_text_reaches_feeds_and_pages_as_written(text: str, theme: Theme) -> None:
    with fixture_site() as root:
        in_text_fields(root, text)
        assert messages(root) == []
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
        summary = feedparser.parse(rss).entries[0].summary
        shown = lxml.html.fragment_fromstring(summary, create_parent="div").text_content()
        assert listener(text) in listener(shown)

        # (3) pages show the text, escaped: nothing in the heading but text, nothing injected.
        for page in (
            "episodes/001-first-steps/index.html",
            "people/ada-host/index.html",
            "guides/going-solo/index.html",
        ):
            h1 = heading(out, page)
            assert h1.text_content() == on_a_page(text), page
            assert len(h1) == 0, page
        assert live_markup(out, theme) == []


@BUILDS
@given(text=TEXT_FIELD_VALUES)
@example(text="Q&A, R&D & more &; & ;")
@example(text="R&D < 5 > 3 & <- arrows")
@example(text="Ñ± [x](javascript:alert(1)) Ñ±")
def test_feedparser_and_podcastparser_agree_on_every_allowed_title(text: str) -> None:
    with fixture_site() as root:
        set_field(EPISODE, "title", yaml_string(text))(root)
        assume(messages(root) == [])  # a title validation refuses is not published
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
        assert messages(root) == []
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
        set_field(EPISODE, "title", yaml_string(text))(root)
        found = messages(root)
        # Only the title changed: every line must be about it, on its line.
        for line in found:
            assert line.startswith(f"{EPISODE}:3: title: "), found
        if MARKUP.search(text):
            assert any("must be plain text" in line for line in found), found
        try:
            build_site(root)
        except Abort:
            aborted = True
        else:
            aborted = False
        assert aborted == bool(found), found
