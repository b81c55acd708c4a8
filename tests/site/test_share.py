"""Sharing: every page's Open Graph and Twitter tags, the share images, the embeddable player
and its oEmbed document, and the previous/next links between episodes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import lxml.html
import pytest
from PIL import Image

import archipelago.engine.share_files as share_files
from archipelago.engine.load_store import CACHE_DIR_VARIABLE
from helpers.builds import build_site
from helpers.sites import copy_fixture_site, own_audio, write

SITE_URL = "https://fixture.example.org/"


def head_meta(html_path: Path) -> dict[str, str]:
    """A page's `<meta property|name=… content=…>` tags."""
    tree = lxml.html.fromstring(html_path.read_bytes())
    tags = {}
    for meta in tree.xpath("//head/meta[@content]"):
        key = meta.get("property") or meta.get("name")
        if key:
            tags[key] = meta.get("content")
    return tags


def add_episode(site: Path, number: int, stem: str, published: str) -> None:
    write(
        site,
        f"content/episodes/{stem}.md",
        f"---\ntitle: Episode {stem}\nnumber: {number}\nseason: 1\npublished: {published}\n"
        f"guid: guid-{stem}\naudio: {own_audio(site, stem)}\nsummary: About {stem}.\n---\n",
    )


def test_every_page_has_an_image_and_a_card(site: Path) -> None:
    out = build_site(site)
    pages = sorted(out.rglob("index.html"))
    pages = [p for p in pages if "/embed/" not in p.as_posix()]
    assert len(pages) > 8
    for page in pages:
        meta = head_meta(page)
        where = page.relative_to(out)
        assert meta.get("og:image", "").startswith(SITE_URL), where
        assert meta.get("twitter:image") == meta["og:image"], where
        assert meta.get("twitter:card") in ("summary_large_image", "player"), where
        for key in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
            assert meta.get(key), f"{where}: no {key}"
        # Each tag once: the episode template's own tags were folded into main.html's.
        text = page.read_text(encoding="utf-8")
        assert text.count('property="og:title"') == 1, where


def test_an_episode_and_a_guide_show_their_own_share_image(site: Path) -> None:
    out = build_site(site)
    episode = head_meta(out / "episodes/001-first-steps/index.html")
    assert episode["og:image"] == SITE_URL + "episodes/001-first-steps/share.jpg"
    assert episode["twitter:card"] == "player"
    assert episode["twitter:player"] == SITE_URL + "episodes/001-first-steps/embed/"
    assert episode["twitter:player:stream"] == SITE_URL + "episodes/media/001-first-steps.mp3"
    guide = head_meta(out / "guides/going-solo/index.html")
    assert guide["og:image"] == SITE_URL + "guides/going-solo/share.jpg"
    assert guide["twitter:card"] == "summary_large_image"
    # Pages without a picture of their own show the show's art.
    home = head_meta(out / "index.html")
    assert home["og:image"] == SITE_URL + "assets/cover.png"
    for path in ("episodes/001-first-steps/share.jpg", "guides/going-solo/share.jpg"):
        with Image.open(io.BytesIO((out / path).read_bytes())) as image:
            assert (image.format, image.size) == ("JPEG", (1200, 630))


def test_share_images_are_the_same_bytes_on_every_build_and_not_redrawn_when_warm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    images = ("episodes/001-first-steps/share.jpg", "guides/going-solo/share.jpg")
    cold = []
    for n in range(2):  # two cold builds, each with an empty cache, on different days
        monkeypatch.setenv(CACHE_DIR_VARIABLE, str(tmp_path / f"cache-{n}"))
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1_800_000_000 + n * 86_400 * 40))
        out = build_site(copy_fixture_site(tmp_path / f"site-{n}"))
        cold.append([(out / path).read_bytes() for path in images])
    assert cold[0] == cold[1]

    def refuse(card: object) -> bytes:
        raise AssertionError("a warm build drew a share image again")

    monkeypatch.setattr(share_files, "draw_share_image", refuse)
    out = build_site(tmp_path / "site-1")
    assert [(out / path).read_bytes() for path in images] == cold[0]


def test_a_new_title_draws_a_new_share_image(site: Path) -> None:
    before = (build_site(site) / "episodes/001-first-steps/share.jpg").read_bytes()
    page = site / "content/episodes/001-first-steps.md"
    page.write_text(page.read_text().replace("title: First steps", "title: Other steps"))
    assert (build_site(site) / "episodes/001-first-steps/share.jpg").read_bytes() != before


def test_oembed_document_embeds_the_player_page(site: Path) -> None:
    out = build_site(site)
    page = lxml.html.fromstring((out / "episodes/001-first-steps/index.html").read_bytes())
    (link,) = page.xpath('//head/link[@type="application/json+oembed"]')
    assert link.get("title") == "First steps"
    assert link.get("href") == SITE_URL + "episodes/001-first-steps/oembed.json"
    document = json.loads((out / "episodes/001-first-steps/oembed.json").read_text())
    assert document["version"] == "1.0" and document["type"] == "rich"
    assert document["title"] == "First steps"
    assert document["provider_url"] == SITE_URL
    assert document["thumbnail_url"] == SITE_URL + "episodes/001-first-steps/share.jpg"
    (iframe,) = lxml.html.fragment_fromstring(document["html"], create_parent=True)
    assert iframe.tag == "iframe"
    assert (iframe.get("width"), iframe.get("height")) == (
        str(document["width"]),
        str(document["height"]),
    )
    src = iframe.get("src")
    assert src.startswith(SITE_URL)
    embed = out / src.removeprefix(SITE_URL) / "index.html"
    player = lxml.html.fromstring(embed.read_bytes())
    (audio,) = player.xpath("//audio")
    # Relative to the player's folder, so it plays wherever the site is served.
    assert (embed.parent / audio.get("src")).resolve() == (
        out / "episodes/media/001-first-steps.mp3"
    ).resolve()
    assert player.xpath("//h1/a")[0].text_content() == "First steps"
    assert not player.xpath("//script") and not player.xpath('//*[contains(@class, "md-")]')


def test_previous_and_next_follow_publication_order(site: Path) -> None:
    add_episode(site, 2, "002-second", "2026-06-01")
    add_episode(site, 3, "003-third", "2026-07-01")
    write(  # a draft is not anybody's neighbour
        site,
        "content/episodes/004-draft.md",
        "---\ntitle: Draft\nnumber: 4\npublished: 2026-06-15\ndraft: true\n"
        f"guid: draft-guid\naudio: {own_audio(site, '004-draft')}\nsummary: Soon.\n---\n",
    )
    out = build_site(site)

    def neighbours(slug: str) -> dict[str, str]:
        page = lxml.html.fromstring((out / f"episodes/{slug}/index.html").read_bytes())
        return {a.get("rel"): a.get("href") for a in page.xpath("//nav[@aria-label]/a[@rel]")}

    assert neighbours("001-first-steps") == {"next": "../002-second/"}
    assert neighbours("002-second") == {"prev": "../001-first-steps/", "next": "../003-third/"}
    assert neighbours("003-third") == {"prev": "../002-second/"}


def test_the_share_box_shows_the_link_without_javascript(site: Path) -> None:
    out = build_site(site)
    page = lxml.html.fromstring((out / "episodes/001-first-steps/index.html").read_bytes())
    (field,) = page.xpath('//input[@id="share-link"]')
    assert field.get("value") == SITE_URL + "episodes/001-first-steps/"
    assert page.xpath('//label[@for="share-link"]')
    # The buttons need the script: hidden until it shows them.
    buttons = page.xpath('//button[@data-copy="share-link"]')
    assert len(buttons) == 2 and all(b.get("hidden") is not None for b in buttons)
