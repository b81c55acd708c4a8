"""What a page links to and which anchors it has, as python-markdown renders it, with lines."""

from __future__ import annotations

import yaml
from mkdocs.config.defaults import MkDocsConfig

from archipelago.content.markdown_links import EXTENSIONS, Link, LinkScanner, PageLinks
from helpers.sites import REPO


def scan(body: str, first_line: int = 1) -> PageLinks:
    return LinkScanner().scan(body, first_line)


def test_each_destination_is_placed_on_its_own_line() -> None:
    body = (
        "Intro with [Working\n"
        "Not Working](../directory/wnw.md), then\n"
        '![a picture](../assets/x.png "its title").\n'
        "\n"
        "A [reference][ref] and <https://example.org/> too.\n"
        "\n"
        "[ref]: ../guides/y.md#why\n"
    )
    assert scan(body, first_line=10).links == (
        Link(11, "../directory/wnw.md"),
        Link(12, "../assets/x.png"),
        Link(16, "../guides/y.md#why"),
        Link(14, "https://example.org/"),
    )


def test_the_same_address_twice_gets_each_its_line_and_link_text_is_not_a_place() -> None:
    body = "[../a.md](../a.md)\n\nAgain: [here](../a.md).\n"
    assert scan(body).links == (Link(1, "../a.md"), Link(3, "../a.md"))


def test_code_is_never_a_link() -> None:
    body = (
        "`[inline](nowhere.md)` and\n"
        "\n"
        "    [indented](nowhere.md)\n"
        "\n"
        "```\n"
        "[fenced](nowhere.md)\n"
        "```\n"
        "~~~\n"
        "[tilde-fenced](nowhere.md)\n"
        "~~~\n"
        "<!-- [comment](nowhere.md) -->\n"
        "\n"
        "\\[escaped](nowhere.md)\n"
    )
    assert scan(body).links == ()


def test_list_items_and_admonitions_link_as_paragraphs_do() -> None:
    body = (
        "- item\n"
        "\n"
        "    continued with [a link](../a.md)\n"
        "\n"
        "!!! note\n"
        "    Inside [a note](../b.md).\n"
    )
    assert [link.target for link in scan(body).links] == ["../a.md", "../b.md"]


def test_anchors_are_the_ids_the_rendered_page_has() -> None:
    body = (
        "## The first *week*\n"
        "\n"
        "## Café & co\n"
        "\n"
        "## Café & co\n"
        "\n"
        "## snake_case heading\n"
        "\n"
        "Setext\n"
        "------\n"
        "\n"
        "## Custom {#my-id}\n"
        "\n"
        '<div id="raw-block"><a name="raw-name"></a></div>\n'
    )
    assert scan(body).anchors == {
        "the-first-week",
        "cafe-co",
        "cafe-co_1",
        "snake_case-heading",
        "setext",
        "my-id",
        "raw-block",
        "raw-name",
    }


def test_a_body_without_links_or_headings_is_not_rendered() -> None:
    scanner = LinkScanner()
    assert scanner.scan("Just words, nothing else.\n") == PageLinks()
    assert scanner._markdown is None  # no renderer was even made


def test_a_body_too_long_to_render_says_its_anchors_are_unknown() -> None:
    huge = "## Heading\n\n" + "words " * 100_000
    assert scan(huge) == PageLinks(scanned=False)


def test_the_scanner_renders_with_the_extensions_the_site_does() -> None:
    """A Markdown extension added to mkdocs.yml can change what is a link or a heading."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    listed = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    builtin = MkDocsConfig.markdown_extensions.builtins
    assert set(EXTENSIONS) == {*builtin, *listed}


def test_every_link_of_the_shipped_content_is_placed_on_a_line_that_writes_it() -> None:
    from archipelago.content.frontmatter_io import parse_document

    scanner, placed = LinkScanner(), 0
    for file in sorted((REPO / "content").rglob("*.md")):
        document = parse_document(str(file), file.read_bytes(), required=False)
        lines = file.read_text(encoding="utf-8").split("\n")
        for link in scanner.scan(document.body, document.body_line).links:
            assert link.line is not None, (file, link)
            assert link.target in lines[link.line - 1], (file, link)
            placed += 1
    assert placed > 50
