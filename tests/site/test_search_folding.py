"""Accent-free spellings added to Material's search index (`archipelago.site.search_folding`)."""

from __future__ import annotations

import json

from archipelago.site.search_folding import fold_search_index, unaccented_words, without_accents


def test_names_are_spelt_as_visitors_type_them_without_accents() -> None:
    assert without_accents("Tomás") == "Tomas"
    assert without_accents("Łódź") == "Lodz"
    assert without_accents("Straße") == "Strasse"
    assert without_accents("Søren") == "Soren"
    assert without_accents("東京") == "東京"  # no accents to take off


def test_only_words_that_read_differently_are_added_once_in_order() -> None:
    text = "<p>Tomás met Inès at the café, then Tomás left.</p> <a href='x'>Cafe</a>"
    assert unaccented_words(text) == ["Tomas", "Ines"]  # "cafe" is already there
    assert unaccented_words("<p>Plain &amp; simple</p>") == []
    assert unaccented_words("<p>Caf&eacute;</p>") == ["Cafe"]


def index(*docs: dict[str, str]) -> bytes:
    """An index as Material writes it: compact JSON with ASCII escapes."""
    data = {"config": {"lang": ["en"]}, "docs": list(docs)}
    return json.dumps(data, separators=(",", ":")).encode()


def test_each_section_gets_its_own_hidden_spellings() -> None:
    written = index(
        {"location": "people/tomas/", "title": "Tomás Reyes", "text": "<p>Illustrator.</p>"},
        {"location": "guides/x/", "title": "Rates", "text": "<p>Ask Inès.</p>"},
        {"location": "guides/y/", "title": "Plain", "text": "<p>Nothing to add.</p>"},
    )
    folded = fold_search_index(written)
    assert folded is not None
    docs = json.loads(folded)["docs"]
    assert [d["text"] for d in docs] == [
        "<p>Illustrator.</p><span hidden>Tomas</span>",
        "<p>Ask Inès.</p><span hidden>Ines</span>",
        "<p>Nothing to add.</p>",
    ]
    assert [d["title"] for d in docs] == ["Tomás Reyes", "Rates", "Plain"]
    assert fold_search_index(written) == folded  # the same bytes every time


def test_an_index_without_accents_or_of_another_shape_is_left_alone() -> None:
    assert fold_search_index(index({"location": "", "title": "Home", "text": "<p>Hi</p>"})) is None
    assert fold_search_index(b'{"items":["Tom\\u00e1s"]}') is None


def test_an_index_written_as_utf_8_is_folded_too() -> None:
    data = {"docs": [{"location": "", "title": "Café", "text": "<p>Open</p>"}]}
    folded = fold_search_index(json.dumps(data, ensure_ascii=False).encode())
    assert folded is not None
    assert json.loads(folded)["docs"][0]["text"] == "<p>Open</p><span hidden>Cafe</span>"
