"""Both palettes: the toggle switches between them, and axe finds nothing serious in the dark
one either (the light one is test_site's)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from .browser import DESKTOP, axe_report, new_context, serious_axe_findings
from .server import SiteServer

if TYPE_CHECKING:
    from playwright.sync_api import Browser

pytestmark = pytest.mark.e2e

PAGES = ["", "episodes/", "episodes/001-arrival/", "guides/handling-rejection/", "directory/"]


def scheme(page: Any) -> str:
    return str(page.evaluate("() => document.body.getAttribute('data-md-color-scheme')"))


def test_the_toggle_switches_the_palette_and_it_is_kept(
    browser: Browser, site_server: SiteServer
) -> None:
    context = new_context(browser, site_server, DESKTOP)
    try:
        page = context.new_page()
        page.goto("", wait_until="networkidle")
        assert scheme(page) == "default"  # the system's light preference
        page.locator("label[title='Switch to dark mode']").click()
        assert scheme(page) == "slate"
        page.goto("guides/", wait_until="networkidle")
        assert scheme(page) == "slate", "the choice is kept from page to page"
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES, ids=[p.strip("/") or "home" for p in PAGES])
def test_axe_finds_no_serious_violation_in_the_dark_palette(
    browser: Browser, site_server: SiteServer, axe: Any, path: str
) -> None:
    context = new_context(browser, site_server, DESKTOP)
    try:
        page = context.new_page()
        page.emulate_media(color_scheme="dark")
        page.goto(path, wait_until="networkidle")
        assert scheme(page) == "slate"
        serious = serious_axe_findings(axe, page)
        assert serious == [], axe_report(serious)
    finally:
        context.close()
