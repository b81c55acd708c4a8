"""`page_parts` writes the same bytes as the Jinja macros and JSON-LD block it replaced.

tests/fixtures/replaced-templates holds the replaced templates as they were; each case renders
them and the Python version with the same inputs, including what the shipped site and the
benchmark's show lack (trailers, bonus episodes, missing people, unpublished pages, markup in
names, pages at other depths).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader
from markupsafe import Markup
from mkdocs.utils.templates import url_filter

from archipelago.podcast.transcripts import Cue
from archipelago.site.page_parts import PageParts
from archipelago.site.pages import format_date, format_duration
from helpers.sites import REPO

REPLACED = REPO / "tests" / "fixtures" / "replaced-templates"
SITE_URL = "https://example.org/hub/"


@dataclass
class Model:
    name: str = ""
    title: str = ""
    bio: str = ""
    type: str = "full"
    number: int = 0
    season: int | None = None
    published: dt.date = dt.date(2026, 5, 4)
    image: str | None = None
    audio: str = "episodes/media/a b.mp3"
    summary: str = "A <summary> & more"
    hosts: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)
    artwork: str = "assets/cover.png"
    website: str = "https://example.org/"
    media_base_url: str | None = None


@dataclass
class FakeEntry:
    slug: str
    model: Model
    kind: str | None = None  # "episodes" where the code asks (share.entry_art)


@dataclass
class Facts:
    mime: str = "audio/mpeg"


class Hub:
    """What page_parts and the old templates ask of SiteIndex, from small dictionaries."""

    def __init__(self, *, show: Model | None, seconds: float | None) -> None:
        self.people = {
            "ada": FakeEntry("ada", Model(name="Ada <Lovelace>", bio='Bio & "quotes"')),
            "ben": FakeEntry("ben", Model(name="Ben", bio="Ben's bio")),
            "unlinked": FakeEntry("unlinked", Model(name="No Page", bio="")),
            "cy": FakeEntry("cy", Model(name=Markup("C&amp;y"), bio="x")),
        }
        self.guides = {"g": FakeEntry("g", Model(title="Guide & co"))}
        self.listings = {"l": FakeEntry("l", Model(name="Place <1>"))}
        self.episodes = {"e": FakeEntry("e", Model(title="Episode one"), "episodes")}
        self.urls = {
            ("people", "ada"): "people/ada/",
            ("people", "ben"): "people/ben/",
            ("people", "cy"): "people/cy/",
            ("guides", "g"): "guides/g/",
            ("directory", "l"): "directory/l/",
            ("episodes", "e"): "episodes/e/",
        }
        self.content = type("Content", (), {"show": show})()
        self.seconds = seconds

    def url(self, kind: str, slug: str) -> str | None:
        return self.urls.get((kind, slug))

    def person(self, slug: str) -> FakeEntry | None:
        return self.people.get(slug)

    def guide(self, slug: str) -> FakeEntry | None:
        return self.guides.get(slug)

    def listing(self, slug: str) -> FakeEntry | None:
        return self.listings.get(slug)

    def episode(self, slug: str) -> FakeEntry | None:
        return self.episodes.get(slug)

    def audio_url(self, audio: str) -> str:
        return audio

    def audio_facts(self, slug: str) -> Facts | None:
        return Facts() if self.seconds is not None else None

    def duration(self, slug: str) -> float | None:
        return self.seconds


@dataclass
class Page:
    url: str = "episodes/e/"
    canonical_url: str = SITE_URL + "episodes/e/"
    content: str | None = None


def old(template: str, **context: Any) -> str:
    loader = ChoiceLoader([DictLoader({"page.html": template}), FileSystemLoader(REPLACED)])
    env = Environment(loader=loader)
    env.filters.update(url=url_filter, longdate=format_date, duration=format_duration)
    return env.get_template("page.html").render(**context)


def parts(hub: Hub, page: Page | None = None) -> PageParts:
    return PageParts(hub, page or Page(), "../..")  # type: ignore[arg-type]


def call_old(call: str, hub: Hub, page: Page | None = None, **values: Any) -> str:
    template = '{% import "macros.html" as ui with context %}{% autoescape true %}'
    template += "{{ ui." + call + " }}{% endautoescape %}"
    return old(template, hub=hub, page=page or Page(), base_url="../..", **values)


SLUG_LISTS = [[], ["ada"], ["ada", "ben"], ["ada", "missing", "cy"], ["unlinked", "ben", "x", "cy"]]


@pytest.mark.parametrize("slugs", SLUG_LISTS)
def test_people_lists_and_bylines(slugs: list[str]) -> None:
    hub = Hub(show=None, seconds=None)
    made = parts(hub)
    assert str(made.authors(slugs)) == call_old("authors(slugs)", hub, slugs=slugs)
    assert str(made.people_list("Hosts & co", slugs)) == call_old(
        'people_list("Hosts & co", slugs)', hub, slugs=slugs
    )


@pytest.mark.parametrize("kind", ["guides", "directory", "episodes"])
@pytest.mark.parametrize("slugs", [[], ["missing"], ["g", "l", "e", "missing"]])
def test_related_pages(kind: str, slugs: list[str]) -> None:
    hub = Hub(show=None, seconds=None)
    expected = call_old('related("In <the> directory", kind, slugs)', hub, kind=kind, slugs=slugs)
    assert str(parts(hub).related("In <the> directory", kind, slugs)) == expected


def test_related_pages_the_show_notes_link_already_are_not_listed_again() -> None:
    hub = Hub(show=None, seconds=None)
    everything = str(parts(hub).related("Related guides", "guides", ["g", "missing"]))
    href = parts(hub).url(hub.url("guides", "g") or "")
    assert f'href="{href}"' in everything
    notes = Page(content=f'<p>See <a href="{href}">the guide</a>.</p>')
    assert str(parts(hub, notes).related("Related guides", "guides", ["g"])) == ""


@pytest.mark.parametrize("page_url", ["episodes/e/", "", "people/", "a/b/c.html"])
@pytest.mark.parametrize(
    "link", [("people", "ada", "Ada <L>"), ("people", "nobody", "N & B"), ("guides", "g", "G")]
)
def test_links_are_relative_to_the_page(page_url: str, link: tuple[str, str, str]) -> None:
    hub, page = Hub(show=None, seconds=None), Page(url=page_url)
    expected = call_old("entry_link(*link)", hub, page, link=link)
    assert str(parts(hub, page).entry_link(*link)) == expected


@pytest.mark.parametrize("kind", ["full", "trailer", "bonus"])
@pytest.mark.parametrize("seconds", [None, 0, 75.9, 3723.4])
def test_episode_meta_and_dates(kind: str, seconds: float | None) -> None:
    hub = Hub(show=None, seconds=seconds)
    model = Model(type=kind, number=12, published=dt.date(2026, 1, 9))
    expected = call_old("episode_meta(model, seconds)", hub, model=model, seconds=seconds)
    assert str(parts(hub).episode_meta(model, seconds)) == expected
    assert str(parts(hub).date(model.published)) == call_old(
        "date(value)", hub, value=model.published
    )


@pytest.mark.parametrize("with_show", [True, False])
@pytest.mark.parametrize("seconds", [None, 59.5, 7322.0])
@pytest.mark.parametrize(
    "episode",
    [
        Model(title="T", number=3, season=2, hosts=["ada"], guests=["unlinked", "gone", "cy"]),
        Model(title="<T>", type="trailer", image="episodes/art.png", audio="https://cdn/a.mp3"),
        Model(title="B", type="bonus", number=0, season=0),
    ],
)
def test_episode_json_ld(with_show: bool, seconds: float | None, episode: Model) -> None:
    show = Model(title="Show & co", website="https://example.org/show") if with_show else None
    hub, entry = Hub(show=show, seconds=seconds), FakeEntry("e", episode, "episodes")
    config = {"site_url": SITE_URL}
    replaced = (REPLACED / "episode-ld.html").read_text(encoding="utf-8")
    expected = old(replaced, hub=hub, page=Page(), entry=entry, episode=episode, config=config)
    made = parts(hub).episode_ld(entry, SITE_URL)  # type: ignore[arg-type]
    template = '  <script type="application/ld+json">{{ ld | tojson }}</script>'
    assert old(template, ld=made).strip() == expected.strip()


CUE_LISTS = [
    [],
    [Cue(0.0, 0.9, "Ada", "Hello"), Cue(0.9, 1.9, "Ben", "Hi & <welcome>")],
    [Cue(0.0, 1.0, None, "No speaker"), Cue(1.0, 2.5, None, 'Still "none"')],
    [
        Cue(0.5, 1.0, "Ada", "One"),
        Cue(1.0, 2.0, "Ada", "Same speaker, no name again"),
        Cue(2.0, 3.0, None, "Nobody named"),
        Cue(3.0, 4.0, "Ada", "Ada again"),
        Cue(3723.25, 3725.125, "C&y <b>", "Two\nlines"),
    ],
]


@pytest.mark.parametrize("cues", CUE_LISTS)
def test_transcript_cues(cues: list[Cue]) -> None:
    hub = Hub(show=None, seconds=None)
    replaced = (REPLACED / "transcript-cues.html").read_text(encoding="utf-8")
    expected = old(replaced, cues=cues)
    made = '<div class="archipelago-transcript__text" role="region" aria-label="Transcript text"'
    made += f' tabindex="0">{parts(hub).transcript_cues(cues)}\n    </div>'
    assert made == expected
