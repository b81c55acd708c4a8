"""The project's own content builds, with a page for every content file."""

from __future__ import annotations

from pathlib import Path

import lxml.html
from mkdocs.commands.build import build
from mkdocs.config import load_config
from PIL import Image

from helpers.sites import REPO


def test_shipped_content_builds_a_page_per_file(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(out), strict=True))
    assert (out / "index.html").is_file()
    for kind in ("episodes", "guides", "directory", "people"):
        assert (out / kind / "index.html").is_file(), kind
        for source in (REPO / "content" / kind).glob("*.md"):
            assert (out / kind / source.stem / "index.html").is_file(), source
    assert (out / "episodes/media/001-arrival.mp3").is_file()


def test_a_guides_topics_link_to_the_topics_page_that_lists_it(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(out), strict=True))
    guide = lxml.html.parse(str(out / "guides/handling-rejection/index.html")).getroot()
    links = guide.xpath("//nav[contains(@class, 'md-tags')]//a/@href")
    assert "../../topics/#tag:rejection" in links, links
    topics = lxml.html.parse(str(out / "topics/index.html")).getroot()
    listed = topics.xpath("//*[@id='tag:rejection']/following-sibling::ul[1]//a/@href")
    assert "../guides/handling-rejection/" in listed, listed


def test_pages_carry_the_shows_own_logo_and_favicon(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(out), strict=True))
    page = lxml.html.parse(str(out / "guides/handling-rejection/index.html")).getroot()
    (icon,) = page.xpath("//link[@rel='icon']/@href")
    logos = set(page.xpath("//header//img/@src"))
    assert icon == "../../assets/favicon.png" and logos == {"../../assets/logo.png"}
    with (
        Image.open(out / "assets/favicon.png") as favicon,
        Image.open(out / "assets/logo.png") as logo,
    ):
        assert (favicon.size, logo.size) == ((64, 64), (96, 96))
