"""The "Shows we recommend" page: the directory's listings of podcasts, then the show's own
`podroll:` list, with a link to it from the directory index."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from helpers.builds import build_site, messages
from helpers.listings import add_podcast_listing
from helpers.sites import add_to_show

ZEBRA = (
    "podcast:\n  guid: 917393e3-1b1e-5cef-ace4-edaa54e1f810\n"
    "  feed_url: https://zebra.example.org/feed.xml"
)


def page(site: Path, path: str) -> html.HtmlElement:
    return html.parse(str(site / path)).getroot()


def cards(built: Path) -> list[html.HtmlElement]:
    return page(built, "recommended/index.html").xpath("//li[@class='archipelago-card']")


def test_listings_of_podcasts_are_recommended_by_name_with_their_feed(site: Path) -> None:
    add_podcast_listing(site, "zebra-talk", "Zebra Talk", ZEBRA)
    add_podcast_listing(
        site,
        "island-network",
        "Island Network",
        "podcast:\n  name: Alone Together\n  why: Two soloists compare notes every week",
    )
    built = build_site(site)
    shown = cards(built)
    assert [card.xpath("string(h2)") for card in shown] == ["Alone Together", "Zebra Talk"]
    alone, zebra = shown
    # A podcast named apart from its listing says where it comes from, and why to listen.
    assert alone.xpath(".//a[text()='Island Network']/@href") == ["../directory/island-network/"]
    assert "Two soloists compare notes every week" in alone.text_content()
    assert zebra.xpath(".//a[@type='application/rss+xml']/@href") == [
        "https://zebra.example.org/feed.xml"
    ]
    assert "What Zebra Talk is about." in zebra.text_content()
    link = page(built, "directory/index.html").xpath("//a[text()='Shows we recommend']")
    assert [a.get("href") for a in link] == ["../recommended/"]
    assert "(2 podcasts" in link[0].getparent().text_content()


def test_the_show_recommends_shows_outside_the_directory(site: Path) -> None:
    add_podcast_listing(site, "zebra-talk", "Zebra Talk", ZEBRA)
    add_to_show(
        site,
        "podroll:",
        "  - name: Far Shore",
        "    website: https://far.example.org/",
        "    why: Stories from coworking spaces on small islands",
        "  - name: Feed Only",
        "    feed_url: https://feed-only.example.org/rss",
    )
    shown = cards(build_site(site))
    # The directory's shows first, then the podroll in the order it was written.
    assert [card.xpath("string(h2)") for card in shown] == ["Zebra Talk", "Far Shore", "Feed Only"]
    far, feed_only = shown[1:]
    assert far.xpath(".//a/@href") == ["https://far.example.org/"]
    assert "Stories from coworking spaces on small islands" in far.text_content()
    assert feed_only.xpath(".//a[@type='application/rss+xml']/@href") == [
        "https://feed-only.example.org/rss"
    ]


def test_a_podroll_show_without_a_link_is_refused_with_a_fix(site: Path) -> None:
    add_to_show(site, "podroll:", "  - name: Nowhere", "    why: No way to find it")
    lines = (site / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = lines.index("          - name: Nowhere") + 1
    assert messages(site) == [
        f"mkdocs.yml:{line}: show.podroll[0]: the recommended show 'Nowhere' has no link"
        " (fix: add its website: or its feed_url: (or both))"
    ]


def test_without_recommended_shows_the_page_says_so_and_the_directory_has_no_link(
    site: Path,
) -> None:
    # A podcast listing without a `podcast:` block is just a listing.
    add_podcast_listing(site, "plain-show", "Plain Show", "")
    built = build_site(site)
    assert cards(built) == []
    assert "No recommendations yet." in page(built, "recommended/index.html").text_content()
    assert page(built, "directory/index.html").xpath("//a[text()='Shows we recommend']") == []
