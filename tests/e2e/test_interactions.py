"""What a listener and a reader do with their hands: seek by chapter and by transcript time,
filter the directory and clear the filter, copy the feed address."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

EPISODE = "episodes/001-arrival/"
CURRENT_TIME = "document.querySelector('audio.archipelago-player').currentTime"


def ready_player(page: Page) -> None:
    page.goto(EPISODE)
    page.wait_for_function(
        "() => { const a = document.querySelector('audio.archipelago-player');"
        " a.muted = true; return a.readyState >= 1 && a.duration > 0; }",
        timeout=15_000,
    )


def test_clicking_a_chapter_moves_the_player_there(page: Page) -> None:
    ready_player(page)
    chapter = page.locator(".archipelago-chapters button[data-start]").nth(2)
    assert chapter.inner_text().endswith("Finding the others")
    chapter.click()
    page.wait_for_function(f"() => {CURRENT_TIME} >= 38 && {CURRENT_TIME} < 45", timeout=15_000)
    # The chapter playing is marked, not by colour alone.
    page.wait_for_function(
        "() => document.querySelectorAll('.archipelago-chapters [aria-current]').length === 1"
    )
    marked = page.locator(".archipelago-chapters [aria-current]").inner_text()
    assert "Finding the others" in marked


def test_a_transcript_time_moves_the_player_there(page: Page) -> None:
    ready_player(page)
    cue = page.locator(".archipelago-cue").nth(5)
    start = float(cue.get_attribute("data-cue-start") or "nan")
    cue.locator("button[data-start]").click()
    page.wait_for_function(f"() => Math.abs({CURRENT_TIME} - {start}) < 2", timeout=15_000)


def test_without_javascript_times_are_plain_text(browser_without_js_page: Page) -> None:
    page = browser_without_js_page
    page.goto(EPISODE)
    assert page.locator(".archipelago-chapters button").count() == 0
    assert page.locator(".archipelago-chapters .archipelago-time").count() == 3
    assert page.locator(".archipelago-cue").count() > 5


def visible_listings(page: Page) -> int:
    return page.locator(".archipelago-listing-card:visible").count()


def test_the_directory_filter_narrows_the_list_and_clearing_restores_it(page: Page) -> None:
    page.goto("directory/")
    total = visible_listings(page)
    assert total >= 2
    page.select_option("#filter-kind", "creative-network")
    page.wait_for_function(
        "() => document.querySelectorAll('.archipelago-listing-card:not([hidden])').length === 1"
    )
    assert visible_listings(page) == 1
    assert "Working Not Working" in page.locator(".archipelago-listing-card:visible").inner_text()
    assert page.locator("#directory-count").inner_text() == f"Showing 1 of {total} listings"
    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function(
        f"() => document.querySelectorAll('.archipelago-listing-card:not([hidden])').length"
        f" === {total}"
    )
    assert visible_listings(page) == total


def test_without_javascript_the_directory_is_the_complete_list(
    browser_without_js_page: Page,
) -> None:
    page = browser_without_js_page
    page.goto("directory/")
    assert page.locator("#directory-filters").is_hidden()
    assert (
        page.locator(".archipelago-listing-card").count()
        == page.locator(".archipelago-listing-card:visible").count()
    )
