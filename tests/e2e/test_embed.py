"""The embeddable player, played from another site, and the episode page's share box."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .server import SiteServer

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Page

pytestmark = pytest.mark.e2e

EPISODE = "episodes/001-arrival/"
PLAYER = "document.querySelector('audio.archipelago-player')"


@pytest.fixture
def other_site(tmp_path: Path, site_server: SiteServer) -> Iterator[SiteServer]:
    """Another origin (its own port) with a blog post that embeds the episode's player."""
    src = site_server.url(EPISODE + "embed/")
    (tmp_path / "post.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>A post</title>"
        "</head><body><h1>A post</h1>"
        f'<iframe src="{html.escape(src)}" width="600" height="180" title="Arrival"></iframe>'
        "</body></html>",
        encoding="utf-8",
    )
    with SiteServer(tmp_path) as server:
        yield server


def test_the_embedded_player_plays_on_another_site(
    page: Page, other_site: SiteServer, site_server: SiteServer
) -> None:
    assert other_site.origin != site_server.origin
    page.goto(other_site.url("post.html"))
    frame = page.frame_locator("iframe")
    frame.locator("h1").wait_for()
    assert frame.locator("h1").inner_text() == "Arrival"
    player = next(f for f in page.frames if f.url.startswith(site_server.url(EPISODE)))
    player.evaluate(
        "() => { const a = document.querySelector('audio'); a.muted = true; a.play(); }"
    )
    player.wait_for_function(
        "() => document.querySelector('audio').currentTime > 0.5", timeout=15_000
    )
    # The audio came from the site, asked for in ranges as players do.
    audio = [r for r in site_server.requests if r.path.endswith("001-arrival.mp3")]
    assert any(r.status == 206 for r in audio)


def test_a_link_at_a_time_opens_the_player_there(page: Page) -> None:
    page.goto(EPISODE + "#t=1:05")
    page.wait_for_function(f"() => Math.abs({PLAYER}.currentTime - 65) < 1", timeout=15_000)


def test_copy_link_at_current_time_gives_the_players_time(page: Page) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(EPISODE + "#t=0:42")
    page.wait_for_function(f"() => Math.abs({PLAYER}.currentTime - 42) < 1", timeout=15_000)
    page.get_by_role("button", name="Copy link at current time").click()
    field = page.get_by_label("Link to this episode")
    assert field.input_value().endswith(f"/{EPISODE}#t=0:42")
    page.get_by_role("status").filter(has_text="Copied the link at 0:42").wait_for()
    page.get_by_role("button", name="Copy link", exact=True).click()
    assert field.input_value().endswith(f"/{EPISODE}")


def test_without_javascript_the_share_box_is_the_link(browser_without_js_page: Page) -> None:
    page = browser_without_js_page
    page.goto(EPISODE)
    assert page.get_by_label("Link to this episode").input_value().endswith(f"/{EPISODE}")
    assert not page.get_by_role("button", name="Copy link at current time").is_visible()
