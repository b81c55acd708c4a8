"""The home page's first screen: what a visitor sees before scrolling, at desktop and phone
size, is the show (art, name, pitch), its newest episode with a player, and how to subscribe."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from .browser import DESKTOP, PHONE, PageLog, axe_report, new_context, serious_axe_findings
from .server import SiteServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e

#: What must be on the first screen, each by a selector and what it is.
FIRST_SCREEN = {
    ".archipelago-hero__art": "the show's artwork",
    "#hero-title": "the site's name",
    ".archipelago-hero__pitch": "the one-line pitch",
    ".archipelago-hero__episode a": "the newest episode's title",
    ".archipelago-hero audio": "a player for it",
    "#feed-url": "the feed address",
    ".archipelago-hero button[data-copy]": "the button copying it",
    ".archipelago-hero .archipelago-apps li:last-child a": "the last app link",
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_first_screen_shows_the_show_its_newest_episode_and_subscribing(
    browser: Browser, site_server: SiteServer, page_log: PageLog, viewport: dict[str, int]
) -> None:
    context = new_context(browser, site_server, viewport)
    try:
        page = context.new_page()
        page_log.attach(page)
        page.goto("", wait_until="networkidle")
        below = {}
        for selector, what in FIRST_SCREEN.items():
            element = page.locator(selector).first
            assert element.is_visible(), f"{what} ({selector}) is not shown"
            box = element.bounding_box()
            assert box is not None
            if box["y"] + box["height"] > viewport["height"]:
                below[what] = round(box["y"] + box["height"])
        assert below == {}, f"below the first screen of {viewport['height']} px: {below}"
        # The player plays the newest episode: the one the episodes index lists first.
        newest = page.locator(".archipelago-hero__episode a").get_attribute("href")
        page.goto("episodes/", wait_until="domcontentloaded")
        first_listed = page.locator("article .archipelago-episode-list a").first
        assert newest is not None and first_listed.get_attribute("href") is not None
        assert (
            newest.rstrip("/").split("/")[-1]
            == ((first_listed.get_attribute("href") or "").rstrip("/").split("/")[-1])
        )
    finally:
        context.close()


def test_the_latest_rows_are_complete(browser: Browser, site_server: SiteServer) -> None:
    """No tile or guide sits alone on its row, at any of three widths."""
    for width in (1280, 820, 390):
        context = new_context(browser, site_server, {"width": width, "height": 900})
        try:
            page = context.new_page()
            page.goto("", wait_until="domcontentloaded")
            for items in (".archipelago-tiles--home > li", ".archipelago-home-list--grid > li"):
                tops = page.eval_on_selector_all(
                    items, "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
                )
                rows: dict[int, int] = {}
                for top in tops:
                    rows[top] = rows.get(top, 0) + 1
                assert len(set(rows.values())) <= 1, f"{items} at {width} px: rows {rows}"
        finally:
            context.close()


def test_axe_finds_no_serious_violation_on_the_phone_home(
    browser: Browser, site_server: SiteServer, axe: Any
) -> None:
    context = new_context(browser, site_server, PHONE)
    try:
        page = context.new_page()
        page.goto("", wait_until="networkidle")
        serious = serious_axe_findings(axe, page)
        assert serious == [], axe_report(serious)
    finally:
        context.close()
