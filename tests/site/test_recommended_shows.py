"""The directory index's "Shows we recommend": the listings that describe a podcast."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from helpers.builds import build_site
from helpers.listings import add_podcast_listing


def recommended(site: Path) -> list[html.HtmlElement]:
    page = html.parse(str(build_site(site) / "directory" / "index.html")).getroot()
    return page.xpath("//section[@aria-labelledby='recommended-shows']")


def test_shows_with_a_podcast_block_are_recommended_by_name(site: Path) -> None:
    add_podcast_listing(
        site,
        "zebra-talk",
        "Zebra Talk",
        "podcast:\n  guid: 917393e3-1b1e-5cef-ace4-edaa54e1f810\n"
        "  feed_url: https://zebra.example.org/feed.xml",
    )
    add_podcast_listing(
        site, "alone-together", "Alone Together", "podcast: {feed_url: https://a.example/f}"
    )
    [section] = recommended(site)
    assert section.xpath("string(h2)") == "Shows we recommend"
    items = section.xpath("ul/li")
    assert [li.xpath("string(a[1])") for li in items] == ["Alone Together", "Zebra Talk"]
    zebra = items[1]
    assert zebra.xpath("a[1]/@href") == ["zebra-talk/"]
    assert "what Zebra Talk is about" in zebra.text_content()
    assert zebra.xpath("a[@type='application/rss+xml']/@href") == [
        "https://zebra.example.org/feed.xml"
    ]


def test_no_section_without_recommended_shows(site: Path) -> None:
    # A podcast listing without a `podcast:` block is just a listing.
    add_podcast_listing(site, "plain-show", "Plain Show", "")
    assert recommended(site) == []
