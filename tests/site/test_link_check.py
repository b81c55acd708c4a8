"""Links between content files: `archipelago check` and the build name every link that leads
nowhere, at its line, with a fix; links that work pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from helpers.builds import messages
from helpers.sites import own_audio, snapshot, write

GUIDE = "content/guides/going-solo.md"
#: The fixture guide's body starts on this line.
BODY = 11


def add_to_guide(site: Path, *lines: str) -> None:
    """Append paragraphs to the fixture guide; the first lands on line BODY + 2."""
    path = site / GUIDE
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") == BODY  # the fixture's one body line, then these
    path.write_text(text + "\n" + "\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "See [the episode](../episodes/001-first-step.md).",
            "the link to '../episodes/001-first-step.md' leads nowhere: there is no"
            " content/episodes/001-first-step.md (fix: did you mean"
            " '../episodes/001-first-steps.md'?)",
        ),
        (
            "See [Ada](../people/ada-host.md#episode).",
            "the link to '../people/ada-host.md#episode' leads to content/people/ada-host.md,"
            " which has no heading or anchor #episode (fix: did you mean '#episodes'?)",
        ),
        (
            "Back to [the top](#the-first-weak).",
            "the link to '#the-first-weak' leads to this page, which has no heading or anchor"
            " #the-first-weak (fix: did you mean '#the-first-week'?)",
        ),
        (
            "All [episodes](../episodes/).",
            "the link to '../episodes/' names no file: MkDocs leaves it as written, and"
            " browsers resolve it from the page's own address (fix: link to the Markdown file:"
            " '../episodes/index.md')",
        ),
        (
            "A [picture](../assets/cover.jpg).",
            "the link to '../assets/cover.jpg' leads nowhere: there is no"
            " content/assets/cover.jpg (fix: did you mean '../assets/cover.png'?)",
        ),
        (
            "The [readme](../../README.md).",
            "the link to '../../README.md' leads outside content/ (fix: link to a page inside"
            " the site, or to a full https:// address)",
        ),
    ],
    ids=["page", "anchor", "same-page-anchor", "folder", "file", "outside"],
)
def test_a_link_that_leads_nowhere_is_named_with_its_line_and_fix(
    site: Path, line: str, message: str
) -> None:
    add_to_guide(site, "## The first week", "", line)
    assert messages(site) == [f"{GUIDE}:{BODY + 4}: {message}"]


def test_links_that_work_pass(site: Path) -> None:
    add_to_guide(
        site,
        "## The first week",
        "",
        "[Episode](../episodes/001-first-steps.md), its [transcript]"
        "(../episodes/001-first-steps.md#transcript), [Ada](../people/ada-host.md),",
        "[all guides](index.md), [home](../index.md), [the cover](../assets/cover.png),",
        "[the week](#the-first-week), [the week again](going-solo.md#the-first-week),",
        "[elsewhere](https://example.org/x.md), [mail](mailto:ada@example.org),",
        "`[code](nowhere.md)`, <!-- [comment](nowhere.md) -->",
        "",
        "```",
        "[fenced](nowhere.md)",
        "```",
    )
    assert messages(site) == []


def draft_guide(site: Path) -> None:
    write(
        site,
        "content/guides/unfinished.md",
        "---\ntitle: Unfinished\nsummary: Half written.\nauthors: [ada-host]\n"
        "published: 2026-06-01\ndraft: true\n---\nSee [going solo](going-solo.md).\n",
    )


def test_a_published_page_may_not_link_to_a_draft_but_a_draft_may_link_anywhere(
    site: Path,
) -> None:
    draft_guide(site)
    add_to_guide(site, "Read [the next one](unfinished.md).")
    assert messages(site) == [
        f"{GUIDE}:{BODY + 2}: the link to 'unfinished.md' leads to content/guides/unfinished.md,"
        " which this build does not publish (a draft) (fix: remove the link until that page is"
        " out, or link to a published one)"
    ]


def test_a_link_to_a_scheduled_episode_waits_for_it(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")  # 2026-06-01
    write(
        site,
        "content/episodes/002-later.md",
        "---\ntitle: Later\nnumber: 2\nseason: 1\npublished: 2026-06-08\nguid: later-guid\n"
        f"audio: {own_audio(site, '002-later')}\nsummary: Next week.\n---\nNotes.\n",
    )
    add_to_guide(site, "Next week: [Later](../episodes/002-later.md).")
    assert messages(site) == [
        f"{GUIDE}:{BODY + 2}: the link to '../episodes/002-later.md' leads to"
        " content/episodes/002-later.md, which this build does not publish (scheduled for"
        " 2026-06-08) (fix: remove the link until that page is out, or link to a published"
        " one)"
    ]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780963200")  # 2026-06-09: it is out
    assert messages(site) == []


def test_the_build_fails_on_the_same_lines_and_keeps_the_old_site(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    add_to_guide(site, "See [the episode](../episodes/001-first-step.md).")
    [expected] = messages(site)
    old = write(site, "site/old.html", "the last good build")
    with pytest.raises(Abort):
        build(load_config(str(site / "mkdocs.yml"), strict=True))
    assert f"archipelago: {expected}" in caplog.messages
    assert snapshot(site / "site") == {"old.html": old.read_bytes()}


def test_anchors_of_a_page_too_long_to_render_are_not_guessed(site: Path) -> None:
    """Such a page's headings are unknown here: a link to one is left to MkDocs."""
    write(site, "content/guides/long.md", (site / GUIDE).read_text() + "words " * 100_000)
    add_to_guide(site, "See [the long one](long.md#somewhere).")
    assert messages(site) == []
