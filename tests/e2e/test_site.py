"""The built site in a real browser: links, audio, search, accessibility, screenshots.

Run with `make e2e` (sets up Debian's Chromium and Playwright, then runs these tests).
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urldefrag, urlsplit

import pytest

from .browser import (
    DESKTOP,
    PHONE,
    SUMMARY,
    PageLog,
    axe_report,
    is_site_url,
    new_context,
    serious_axe_findings,
)
from .server import SiteServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
EPISODE = "episodes/001-arrival/"
EPISODE_AUDIO = "episodes/media/001-arrival.mp3"
EPISODE_SECONDS = 66.8

# Everything a page loads by itself, besides what scripts fetch.
RESOURCES_JS = """() => [
  ...document.querySelectorAll(
    'audio[src], video[src], source[src], track[src], img[src], script[src], iframe[src]'
  ),
].map(e => e.src).concat(
  [...document.querySelectorAll('link[rel~=stylesheet][href], link[rel~=icon][href]')]
    .map(e => e.href)
)"""


def status_of(url: str) -> int:
    """The HTTP status of ``url`` after redirects (a HEAD request, as a link checker does)."""
    request = urllib.request.Request(url, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def is_page(url: str) -> bool:
    path = urlsplit(url).path
    return path.endswith("/") or path.endswith(".html")


# --- crawl -----------------------------------------------------------------------------------


@dataclass
class Crawl:
    pages: dict[str, int] = field(default_factory=dict)  # page URL -> status
    resources: dict[str, int] = field(default_factory=dict)  # file URL -> status
    referrers: dict[str, set[str]] = field(default_factory=dict)  # URL -> pages linking to it
    log: PageLog | None = None

    def broken(self) -> list[str]:
        found = {**self.pages, **self.resources}
        return [
            f"{url} -> {status}, linked from {', '.join(sorted(self.referrers.get(url, ())))}"
            for url, status in sorted(found.items())
            if status != 200
        ]


@pytest.fixture(scope="session")
def crawl(browser: Browser, site_server: SiteServer) -> Iterator[Crawl]:
    """Every page reached by following internal links from the home page, once per session."""
    result = Crawl(log=PageLog(site_server.origin))
    context = new_context(browser, site_server, DESKTOP)
    page = context.new_page()
    result.log.attach(page)
    queue = deque([site_server.base_url])
    seen = {site_server.base_url}

    def found(url: str, source: str) -> None:
        url = urldefrag(url).url
        if not is_site_url(url, site_server.origin):
            return
        result.referrers.setdefault(url, set()).add(source)
        if url in seen:
            return
        seen.add(url)
        if is_page(url):
            queue.append(url)
        else:
            result.resources[url] = status_of(url)

    while queue:
        url = queue.popleft()
        response = page.goto(url, wait_until="networkidle")
        result.pages[url] = response.status if response is not None else 0
        if result.pages[url] != 200:
            continue
        for link in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            found(link, url)
        for resource in page.evaluate(RESOURCES_JS):
            found(resource, url)
    context.close()
    SUMMARY.append(
        f"crawl: {len(result.pages)} pages and {len(result.resources)} linked files from "
        f"{site_server.base_url}:"
    )
    SUMMARY.extend(f"  {url.removeprefix(site_server.origin)}" for url in sorted(result.pages))
    yield result


def test_crawl_reaches_every_page_of_the_sitemap(
    crawl: Crawl, site_server: SiteServer, built_site: Path
) -> None:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = ET.parse(built_site / "sitemap.xml").findall("s:url/s:loc", namespace)
    listed = {
        site_server.url(urlsplit(loc.text or "").path.removeprefix("/archipelago/"))
        for loc in locations
    }
    assert len(listed) >= 10, listed
    assert listed - set(crawl.pages) == set(), "pages in sitemap.xml that no link reaches"


def test_crawl_finds_no_broken_link(crawl: Crawl) -> None:
    assert len(crawl.pages) >= 10, crawl.pages
    assert any(url.endswith(".mp3") for url in crawl.resources), "no audio file was linked"
    assert crawl.broken() == [], "links or resources that do not answer 200"


def test_crawl_pages_log_no_console_error(crawl: Crawl) -> None:
    assert crawl.log is not None
    assert crawl.log.problems() == []


def test_pages_load_no_third_party_stylesheet_font_or_script(crawl: Crawl) -> None:
    """Visitors' browsers should not be sent to other hosts to render a page (privacy; the site
    must also look right offline). Fetches for data, such as GitHub's API, are not counted."""
    assert crawl.log is not None
    loaded = sorted(
        {e for e in crawl.log.external if e.split(" ", 1)[0] in {"stylesheet", "font", "script"}}
    )
    assert loaded == []


# --- pages -----------------------------------------------------------------------------------


def test_episode_audio_loads_through_range_requests(page: Page, site_server: SiteServer) -> None:
    site_server.clear_requests()
    page.goto(EPISODE)
    page.wait_for_function(
        "() => { const a = document.querySelector('audio');"
        " return a !== null && Number.isFinite(a.duration) && a.duration > 0; }",
        timeout=15_000,
    )
    duration = page.evaluate("document.querySelector('audio').duration")
    assert duration == pytest.approx(EPISODE_SECONDS, abs=0.5)
    audio_path = "/archipelago/" + EPISODE_AUDIO
    ranged = [r for r in site_server.requests if r.path == audio_path and r.range]
    assert ranged, f"no Range request for {audio_path}: {site_server.requests}"
    assert all(r.status == 206 for r in ranged), ranged


def test_episode_audio_can_seek_and_play(page: Page) -> None:
    page.goto(EPISODE)
    page.wait_for_function("() => document.querySelector('audio').readyState >= 1")
    # The whole file is seekable only because the server answers byte ranges.
    seekable_end = page.evaluate(
        "() => { const s = document.querySelector('audio').seekable;"
        " return s.length ? s.end(s.length - 1) : 0; }"
    )
    assert seekable_end == pytest.approx(EPISODE_SECONDS, abs=0.5)
    page.evaluate(
        "() => { const a = document.querySelector('audio'); a.muted = true;"
        " a.currentTime = 60; return a.play(); }"
    )
    page.wait_for_function(
        "() => { const a = document.querySelector('audio');"
        " return !a.paused && a.currentTime > 60.2; }",
        timeout=15_000,
    )


def open_search(page: Page) -> None:
    """Open Material's search as a visitor does: the search field in a wide header, the
    magnifier button (a label for the #__search toggle) on a narrow screen."""
    button = page.locator('label.md-header__button[for="__search"]')
    if button.is_visible():
        button.click()
    else:
        page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").wait_for(state="visible")


@pytest.mark.parametrize(
    ("query", "viewport"),
    [
        ("Reyes", DESKTOP),
        ("Tomás", DESKTOP),
        ("Reyes", PHONE),
        # Typed without its accent, as most visitors type a name (see search_folding).
        ("tomas", DESKTOP),
        ("tomas", PHONE),
    ],
    ids=["Reyes", "Tomás", "Reyes-phone", "tomas-unaccented", "tomas-unaccented-phone"],
)
def test_search_finds_the_guest_episode(
    page: Page, site_server: SiteServer, query: str, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    page.goto("")
    open_search(page)
    # Typed key by key: Material reads the query on key events, which fill() does not send.
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    # Results come from a web worker that loads search/search_index.json; the line above them
    # reads "No matching documents" or "N matching documents" once it has answered.
    page.locator(".md-search-result__meta", has_text="matching document").wait_for()
    links = page.eval_on_selector_all(
        ".md-search-result__item a[href]", "els => els.map(e => e.href)"
    )
    # Links carry ?h=<query> (search.highlight) and sometimes a #heading.
    pages = {urlsplit(link).path for link in links}
    assert urlsplit(site_server.url(EPISODE)).path in pages, links
    # The accent-free spellings the index carries for matching are never shown.
    shown = page.eval_on_selector_all(".md-search-result__item", "els => els.map(e => e.innerText)")
    assert shown and not any(re.search(r"\bTomas\b", text) for text in shown), shown


def test_search_opens_with_the_keyboard(page: Page) -> None:
    page.goto("")
    page.keyboard.press("/")
    search = page.locator("input.md-search__input")
    search.wait_for(state="visible")
    page.wait_for_function("() => document.activeElement?.classList.contains('md-search__input')")


def test_missing_page_gets_the_styled_404(page: Page, page_log: PageLog) -> None:
    response = page.goto("no-such-page/")
    assert response is not None and response.status == 404
    assert "404" in page.locator("article h1").inner_text()
    # The 404 page is served at any depth, so its assets must not be relative to it.
    loaded = page.evaluate(
        "() => [...document.styleSheets].filter(s => s.href && s.cssRules.length).length"
    )
    assert loaded >= 1
    # Its own 404 status is logged by the browser; that one is expected.
    page_log.console_errors[:] = [e for e in page_log.console_errors if "no-such-page" not in e]


# --- accessibility ---------------------------------------------------------------------------


class KnownAxeViolations(AssertionError):
    """Exactly the serious/critical violations recorded for a page in AXE_PAGES."""


# The serious/critical findings each page is allowed today, by axe rule id: none. A page given a
# set here becomes an xfail(strict=True) that passes only while it has exactly those findings.
# Fixed so far in theme/: Material's search dialog had no accessible name (aria-dialog-name;
# partials/search.html), its inactive tabs lacked contrast (color-contrast; archipelago.css),
# the footer's generator line too (extra.generator: false), links in text relied on colour
# (link-in-text-block; underlined), and Google Fonts failed offline (theme.font: false).
COMMON: set[str] = set()
AXE_PAGES: dict[str, set[str]] = {
    "": COMMON,
    "episodes/": COMMON,
    EPISODE: COMMON,
    "people/tomas-reyes/": COMMON,
    "guides/what-freelancers-miss-about-the-office/": COMMON,
    "directory/": COMMON,
    "directory/taskrabbit/": COMMON,
    "recommended/": COMMON,
    "topics/": COMMON,
    "episodes/001-arrival/embed/": COMMON,
}


def axe_params() -> Iterator[Any]:
    for path, known in AXE_PAGES.items():
        marks = (
            [
                pytest.mark.xfail(
                    strict=True,
                    raises=KnownAxeViolations,
                    reason=f"serious/critical axe findings today: {', '.join(sorted(known))}",
                )
            ]
            if known
            else []
        )
        yield pytest.param(path, known, marks=marks, id=path.strip("/") or "home")


@pytest.mark.parametrize(("path", "known"), list(axe_params()))
def test_axe_finds_no_serious_violation(page: Page, axe: Any, path: str, known: set[str]) -> None:
    page.goto(path, wait_until="networkidle")
    serious = serious_axe_findings(axe, page)
    report = axe_report(serious)
    found = {v["id"] for v in serious}
    if found and found == known:
        raise KnownAxeViolations(f"{path or 'home'}: the known findings\n{report}")
    assert found == set(), (
        f"{path or 'home'}: serious/critical axe violations"
        + (f" (recorded as known: {sorted(known)})" if known else "")
        + f"\n{report}"
    )
    assert not known, f"fixed {sorted(known)}: remove them from AXE_PAGES for {path or 'home'}"


# --- screenshots -----------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(("name", "path"), [("home", ""), ("episode", EPISODE)])
def test_screenshot(
    browser: Browser,
    site_server: SiteServer,
    page_log: PageLog,
    name: str,
    path: str,
    viewport: dict[str, int],
) -> None:
    """Full-page PNGs for people to look at (tests/e2e/screenshots/, not committed)."""
    context = new_context(browser, site_server, viewport)
    try:
        page = context.new_page()
        page_log.attach(page)
        page.goto(path, wait_until="networkidle")
        page.wait_for_function("() => document.fonts.status === 'loaded'")
        # A full-page shot does not scroll, and Chromium leaves lazy or async-decoded images
        # below the fold blank in it: load and decode every image first.
        page.evaluate(
            """() => Promise.all([...document.images].map(i => {
                i.loading = 'eager';
                return i.decode().catch(() => null);
            }))"""
        )
        broken = page.evaluate(
            "() => [...document.images].filter(i => !i.naturalWidth).map(i => i.src)"
        )
        assert broken == [], "images that did not load"
        SCREENSHOTS.mkdir(exist_ok=True)
        # Pictures for people, never for git.
        (SCREENSHOTS / ".gitignore").write_text("*\n")
        target = SCREENSHOTS / f"{name}-{viewport['width']}x{viewport['height']}.png"
        page.screenshot(path=str(target), full_page=True, animations="disabled")
        assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        # Nothing may stick out sideways, on a phone least of all.
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path or 'home'} is {overflow}px wider than the viewport"
    finally:
        context.close()
