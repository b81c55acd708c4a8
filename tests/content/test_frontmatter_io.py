"""Splitting front matter from the body, and what python-frontmatter would have let slip."""

from __future__ import annotations

from archipelago.content.frontmatter_io import MAX_FRONT_MATTER_BYTES, parse_document

PATH = "content/guides/x.md"


def lines(raw: bytes, *, required: bool = True) -> list[str]:
    return [str(error) for error in parse_document(PATH, raw, required=required).errors]


def test_front_matter_and_body_are_split_with_file_line_numbers() -> None:
    document = parse_document(PATH, b"---\n# a comment\ntitle: Hi\n---\nBody text\n")
    assert document.meta == {"title": "Hi"}
    assert document.body == "Body text\n"
    assert document.line_of(("title",)) == 3
    assert document.errors == []


def test_missing_front_matter_is_an_error_for_content_files() -> None:
    assert lines(b"# Just a heading\n") == [
        "content/guides/x.md:1: no front matter: the file must start with a line '---'"
        " (fix: put the fields between two '---' lines at the very top of the file)"
    ]


def test_missing_front_matter_is_fine_for_plain_pages() -> None:
    assert lines(b"# Home\n", required=False) == []


def test_unclosed_front_matter() -> None:
    assert lines(b"---\ntitle: Hi\nBody without a closing line\n") == [
        "content/guides/x.md:1: front matter is not closed: no second '---' line after line 1"
        " (fix: add a line '---' after the last field)"
    ]


def test_front_matter_that_is_a_list() -> None:
    assert lines(b"---\n- title\n- summary\n---\n") == [
        "content/guides/x.md:2: front matter must be a set of `key: value` lines, not a list or"
        " a single value (fix: write one `key: value` per line between the '---' lines)"
    ]


def test_yaml_error_line_is_a_file_line() -> None:
    [message] = lines(b"---\ntitle: ok\nauthors: [a, b\nsummary: x\n---\n")
    assert message == (
        "content/guides/x.md:3: YAML does not parse: the list opened with '[' on this line is"
        " not closed with ']' (fix: add the closing ']' after the last item)"
    )


def test_byte_order_mark_is_reported_and_the_rest_still_read() -> None:
    document = parse_document(PATH, b"\xef\xbb\xbf---\ntitle: Hi\n---\n")
    assert [str(e) for e in document.errors] == [
        "content/guides/x.md:1: file starts with a byte-order mark (BOM)"
        " (fix: save the file as UTF-8 without BOM)"
    ]
    assert document.meta == {"title": "Hi"}


def test_non_utf8_byte_is_reported_with_its_line() -> None:
    assert lines(b"---\ntitle: Caf\xe9\n---\n") == [
        "content/guides/x.md:2: file is not UTF-8: byte 0xE9 cannot be read as text"
        " (fix: save the file as UTF-8 (most editors offer it under 'Save with encoding'))"
    ]


def test_oversized_front_matter_is_refused_before_parsing() -> None:
    huge = b"---\nsummary: " + b"x" * (MAX_FRONT_MATTER_BYTES + 1) + b"\n---\n"
    [message] = lines(huge)
    assert message == (
        "content/guides/x.md:2: front matter is larger than 256 KiB"
        " (fix: move long text into the body below the closing '---')"
    )


def test_empty_front_matter_gives_an_empty_mapping() -> None:
    document = parse_document(PATH, b"---\n---\nBody\n")
    assert document.has_front_matter and document.meta == {}


def test_a_body_character_no_feed_can_carry_is_reported_with_its_line() -> None:
    assert lines(b"---\ntitle: a\n---\nfine\nform \x0c feed\n") == [
        "content/guides/x.md:5: contains the character U+000C, which feeds and web pages cannot"
        " carry (fix: delete it; it often comes in with text pasted from another program)"
    ]
