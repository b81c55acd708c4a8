"""The 404 page, wherever a reader lands on it: styled, with the search and the newest episodes."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from .browser import PageLog

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

DEEP = "a/deeply/nested/missing-page/"


def test_a_missing_page_deep_in_the_site_is_styled_and_leads_on(
    page: Page, page_log: PageLog
) -> None:
    response = page.goto(DEEP)
    assert response is not None and response.status == 404
    assert "404" in page.locator("article h1").inner_text()
    styled = page.evaluate(
        "() => [...document.styleSheets].filter(s => s.href && s.cssRules.length).length"
    )
    assert styled >= 3, "Material's and the site's style sheets load at any depth"
    assert page.evaluate(
        "() => document.images.length === 0 || [...document.images].every(i => i.naturalWidth)"
    )
    # The newest episodes, linked: the first one opens.
    newest = page.locator("article ul.archipelago-index a")
    assert newest.count() == 3
    title = newest.first.inner_text()
    # The search opens from the page's button, ready to type into.
    page.get_by_role("button", name="Search the site").click()
    page.wait_for_function("() => document.getElementById('__search').checked")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__search').checked")
    newest.first.click()
    page.wait_for_load_state()
    assert page.locator("article h1").first.inner_text() == title
    page_log.console_errors[:] = [e for e in page_log.console_errors if "missing-page" not in e]
