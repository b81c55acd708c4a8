"""The line-aware YAML loader: values with YAML 1.2 meaning, lines, and refused constructs."""

from __future__ import annotations

import datetime as dt

import pytest

from archipelago.content import yamlio
from archipelago.content.yamlio import load_yaml
from helpers.sites import REPO


def test_records_the_line_of_every_key_and_list_item() -> None:
    document = load_yaml("title: x\nchapters:\n  - start: 0\n    title: One\n  - start: 5\n")
    assert document.lines[("title",)] == 1
    assert document.lines[("chapters",)] == 2
    assert document.lines[("chapters", 0)] == 3
    assert document.lines[("chapters", 0, "title")] == 4
    assert document.lines[("chapters", 1, "start")] == 5


def test_line_of_a_missing_key_falls_back_to_its_parent() -> None:
    document = load_yaml("owner:\n  name: Ada\n")
    assert document.line_of(("owner", "email")) == 1


def test_yaml_1_1_words_stay_text_as_in_yaml_1_2() -> None:
    data = load_yaml("a: no\nb: On\nc: true\nd: False\n").data
    assert data == {"a": "no", "b": "On", "c": True, "d": False}


def test_numbers_yaml_1_1_reads_differently_stay_text() -> None:
    data = load_yaml("octal: 010\nclock: 1:30\nunderscore: 1_000\nplain: 42\nfloat: 2.5\n").data
    assert data == {
        "octal": "010",
        "clock": "1:30",
        "underscore": "1_000",
        "plain": 42,
        "float": 2.5,
    }


def test_dates_and_aware_datetimes_are_constructed() -> None:
    data = load_yaml("d: 2026-05-01\nt: 2026-05-01 10:00:00+02:00\n").data
    assert data["d"] == dt.date(2026, 5, 1)
    assert data["t"].utcoffset() == dt.timedelta(hours=2)


def test_a_date_that_does_not_exist_stays_text_instead_of_raising() -> None:
    assert load_yaml("d: 2026-02-30\n").data == {"d": "2026-02-30"}


def test_duplicate_key_is_a_problem_on_its_second_line() -> None:
    document = load_yaml("title: a\nnumber: 1\ntitle: b\n")
    assert document.data == {"title": "a", "number": 1}
    [(path, problem)] = document.refused
    assert (problem.line, path) == (3, ("title",))
    assert [problem.field for problem in document.problems] == ["title"]
    assert problem.message == "duplicate key (first set on line 1; YAML would keep only this one)"


def test_aliases_are_refused_so_a_small_file_cannot_expand() -> None:
    document = load_yaml("a: &x [1, 2]\nb: *x\n")
    [(path, problem)] = document.refused
    assert (problem.line, path) == (2, ("b",))
    assert "aliases" in problem.message


def test_unclosed_list_is_reported_where_it_opens() -> None:
    document = load_yaml("title: ok\nguests: [a, b\nnumber: 2\n")
    [problem] = document.problems
    assert problem.line == 2
    assert problem.message == (
        "YAML does not parse: the list opened with '[' on this line is not closed with ']'"
    )
    assert document.data is None


def test_lines_can_be_counted_from_the_file_not_the_yaml() -> None:
    document = load_yaml("title: a\ntitle: b\n", first_line=2)
    assert document.lines[("title",)] == 2
    [problem] = document.problems
    assert problem.line == 3
    assert problem.message.startswith("duplicate key (first set on line 2;")


def test_colon_inside_a_value_and_tabs_are_explained() -> None:
    [colon] = load_yaml("title: Rates: how to set them\n").problems
    assert colon.message == (
        "YAML does not parse: a ': ' inside a value reads as the start of a new key"
    )
    [tab] = load_yaml("a:\n\tb: 1\n").problems
    assert tab.message == "YAML does not parse: a tab is used for indentation"


def test_control_character_is_a_problem_with_its_line() -> None:
    [problem] = load_yaml("title: ok\nsummary: bad\x07char\n").problems
    assert problem.line == 2
    assert problem.message == "contains the control character U+0007, which YAML cannot carry"


def test_custom_tags_in_mkdocs_yml_do_not_break_loading() -> None:
    document = load_yaml("site_url: !ENV [SITE_URL, 'x']\nemoji: !!python/name:foo.bar\n")
    assert document.problems == []
    assert isinstance(document.data["emoji"], str)
    assert document.data["site_url"] == ["SITE_URL", "x"]


def test_escaped_characters_xml_cannot_carry_are_problems() -> None:
    document = load_yaml('title: "bell\\x07"\nname: "half \\ud800 pair"\nok: "tab\\there"\n')
    assert [(p.line, path) for path, p in document.refused] == [(1, ("title",)), (2, ("name",))]
    assert document.problems[1].message == (
        "contains the character U+D800, which feeds and web pages cannot carry"
    )


def _yaml_texts() -> list[str]:
    """The front matter of every Markdown file in the repository (broken ones too), and
    mkdocs.yml."""
    roots = [REPO / "content", REPO / "tests" / "fixtures"]
    texts = [(REPO / "mkdocs.yml").read_text(encoding="utf-8")]
    for path in sorted(p for root in roots for p in root.rglob("*.md")):
        parts = path.read_text(encoding="utf-8", errors="replace").split("---\n")
        texts.append(parts[1] if len(parts) > 2 else parts[0])
    return texts


def test_libyaml_and_pure_python_give_the_same_values_lines_and_problems(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """libyaml only makes loading faster: every file in the repository loads the same."""
    texts = _yaml_texts()
    fast = [load_yaml(text) for text in texts]
    monkeypatch.setattr(yamlio, "_LIBYAML", None)
    slow = [load_yaml(text) for text in texts]
    assert len(texts) > 80
    for text, one, other in zip(texts, fast, slow, strict=True):
        assert (one.data, one.lines, one.problems, one.kept_as_text) == (
            other.data,
            other.lines,
            other.problems,
            other.kept_as_text,
        ), text


def test_deep_nesting_past_libyaml_s_safe_depth_is_a_problem_not_a_crash() -> None:
    [problem] = load_yaml("a: " + "[" * 5000 + "]" * 5000 + "\n").problems
    assert problem.message == "YAML is nested too deeply to read"
