"""The publish lock: a published episode never vanishes or changes identity by accident."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import feedparser
import podcastparser
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from helpers.builds import build_site, messages
from helpers.sites import REPO, add_to_show, own_audio, write

ARCHIPELAGO = Path(sys.executable).parent / "archipelago"
EPISODE = "content/episodes/001-first-steps.md"
GUID = "3f2b8c1e-7d4a-4e5b-9c6d-0a1b2c3d4e5f"
ENCLOSURE = "https://fixture.example.org/episodes/media/001-first-steps.mp3"
FEED_URL = "https://fixture.example.org/feed.xml"


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ARCHIPELAGO), *map(str, args)], capture_output=True, text=True, check=False
    )


@pytest.fixture
def locked(site: Path) -> Path:
    """The fixture site after its episode was published and locked."""
    result = run("lock", "--root", site)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"locked first-steps: {GUID} {ENCLOSURE}\n"
    return site


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_lock_records_guid_enclosure_number_and_first_date(locked: Path) -> None:
    [entry] = json.loads((locked / "publish-lock.json").read_text())["episodes"]
    assert entry == {
        "guid": GUID,
        "slug": "first-steps",
        "number": 1,
        "season": 1,
        "enclosure": ENCLOSURE,
        "first_published": "2026-05-04",
    }
    assert messages(locked) == []


def test_a_locked_episode_that_disappears_fails(locked: Path) -> None:
    (locked / EPISODE).unlink()
    (locked / "content/guides/going-solo.md").write_text(
        (locked / "content/guides/going-solo.md")
        .read_text()
        .replace("related_episodes: [first-steps]", "related_episodes: []")
    )
    assert messages(locked) == [
        "publish-lock.json: published episode 'first-steps' (" + GUID + ", first published"
        " 2026-05-04) has disappeared from content/episodes/ (fix: restore it, or retire it on"
        f" purpose: `archipelago lock retire {GUID} --reason …`)"
    ]


def test_a_locked_episode_with_an_error_is_not_called_vanished(locked: Path) -> None:
    """Its own error says what to fix; "has disappeared" would send the contributor looking
    for a file they never deleted."""
    edit(locked, EPISODE, "season: 1", "season: one")
    found = messages(locked)
    assert [m.split(": ")[1] for m in found] == ["season"], found
    assert not any("disappeared" in m for m in found), found


def test_a_changed_guid_fails_naming_both(locked: Path) -> None:
    edit(locked, EPISODE, GUID, "9e9e9e9e-0000-4000-8000-000000000000")
    assert messages(locked) == [
        f"{EPISODE}:7: guid: the GUID of published episode 'first-steps' changed from {GUID} to"
        " 9e9e9e9e-0000-4000-8000-000000000000; every app would show it twice"
        f" (fix: restore guid: {GUID})"
    ]


def test_lock_refuses_to_record_while_the_check_finds_problems(locked: Path) -> None:
    """Else a changed GUID would be locked as a new episode beside the old entry."""
    before = (locked / "publish-lock.json").read_bytes()
    edit(locked, EPISODE, GUID, "9e9e9e9e-0000-4000-8000-000000000000")
    result = run("lock", "--root", locked)
    assert result.returncode == 1
    assert f"guid: the GUID of published episode 'first-steps' changed from {GUID}" in (
        result.stderr
    )
    assert "nothing locked: fix the problems above first" in result.stderr
    assert (locked / "publish-lock.json").read_bytes() == before


def test_a_changed_enclosure_fails_until_the_move_is_recorded(locked: Path) -> None:
    new_audio = own_audio(locked, "001-first-steps-remastered")
    edit(locked, EPISODE, "audio: episodes/media/001-first-steps.mp3", f"audio: {new_audio}")
    assert messages(locked) == [
        f"{EPISODE}:8: audio: the published enclosure URL would change from {ENCLOSURE} to"
        f" https://fixture.example.org/{new_audio}; podcast apps would download the episode"
        " again (fix: restore the old address, or record the move on purpose:"
        " `archipelago lock move first-steps`, or `archipelago lock move --all` when every"
        " episode moved (site_url, media_base_url, analytics_prefix))"
    ]
    moved = run("lock", "--root", locked, "move", "first-steps")
    assert moved.returncode == 0, moved.stderr
    assert moved.stdout == (
        f"moved first-steps: {ENCLOSURE} -> https://fixture.example.org/{new_audio}\n"
    )
    [entry] = json.loads((locked / "publish-lock.json").read_text())["episodes"]
    assert entry["previous_enclosures"] == [ENCLOSURE]
    assert messages(locked) == []


def test_an_analytics_prefix_is_a_recorded_move_of_every_episode_both_ways(
    locked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    counted = "https://op3.dev/e/fixture.example.org/episodes/media/001-first-steps.mp3"
    on = add_to_show(locked, "analytics_prefix: https://op3.dev/e/")
    [refused] = messages(locked)
    assert f"would change from {ENCLOSURE} to {counted}" in refused
    assert "`archipelago lock move --all`" in refused
    assert run("lock", "--root", locked, "--check").returncode == 1

    moved = run("lock", "--root", locked, "move", "--all")
    assert moved.returncode == 0, moved.stderr
    assert moved.stdout == f"moved first-steps: {ENCLOSURE} -> {counted}\n"
    assert messages(locked) == []
    assert run("lock", "--root", locked, "--check").returncode == 0
    feed = (build_site(locked) / "feed.xml").read_bytes()
    [entry] = feedparser.parse(feed).entries
    assert (entry.id, [link.href for link in entry.enclosures]) == (GUID, [counted])
    [episode] = podcastparser.parse(FEED_URL, io.BytesIO(feed))["episodes"]
    assert (episode["guid"], episode["enclosures"][0]["url"]) == (GUID, counted)
    # The page's player and download link stay direct: only apps' downloads are counted.
    page = (locked / "site/episodes/001-first-steps/index.html").read_text(encoding="utf-8")
    assert "op3.dev" not in page

    edit(locked, "mkdocs.yml", on, "")
    [refused] = messages(locked)
    assert f"would change from {counted} to {ENCLOSURE}" in refused
    assert run("lock", "--root", locked, "move", "--all").returncode == 0
    assert messages(locked) == []
    [locked_entry] = json.loads((locked / "publish-lock.json").read_text())["episodes"]
    assert locked_entry["guid"] == GUID
    assert locked_entry["enclosure"] == ENCLOSURE
    assert locked_entry["previous_enclosures"] == [ENCLOSURE, counted]


def test_with_a_prefix_a_new_episode_is_locked_with_the_enclosure_apps_get(site: Path) -> None:
    add_to_show(site, "analytics_prefix: https://op3.dev/e/")
    result = run("lock", "--root", site)
    assert result.returncode == 0, result.stderr
    counted = "https://op3.dev/e/fixture.example.org/episodes/media/001-first-steps.mp3"
    assert result.stdout == f"locked first-steps: {GUID} {counted}\n"
    assert messages(site) == []


def test_move_all_with_nothing_moved_changes_nothing(locked: Path) -> None:
    before = (locked / "publish-lock.json").read_bytes()
    result = run("lock", "--root", locked, "move", "--all")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("nothing to move")
    assert (locked / "publish-lock.json").read_bytes() == before


def test_move_wants_one_episode_or_all(locked: Path) -> None:
    assert run("lock", "--root", locked, "move").returncode == 2
    assert run("lock", "--root", locked, "move", "first-steps", "--all").returncode == 2


def test_a_new_episode_may_not_reuse_an_address_apps_know(locked: Path) -> None:
    new_audio = own_audio(locked, "001-first-steps-remastered")
    edit(locked, EPISODE, "audio: episodes/media/001-first-steps.mp3", f"audio: {new_audio}")
    assert run("lock", "--root", locked, "move", "first-steps").returncode == 0
    write(
        locked,
        "content/episodes/002-second.md",
        "---\ntitle: Second\nnumber: 2\nseason: 1\npublished: 2026-05-11\nguid: second-guid\n"
        "audio: episodes/media/001-first-steps.mp3\nsummary: S.\n---\n",
    )
    assert messages(locked) == [
        "content/episodes/002-second.md:7: audio: " + ENCLOSURE + " was published as the audio"
        f" of 'first-steps' ({GUID}); apps would mix the two episodes up"
        " (fix: give this episode its own audio file name)"
    ]


def test_a_published_episode_turned_draft_fails(locked: Path) -> None:
    edit(locked, EPISODE, "explicit: false", "explicit: false\ndraft: true")
    [message] = messages(locked)
    assert message.startswith(
        f"{EPISODE}:10: draft: episode 'first-steps' was published on 2026-05-04; as a draft it"
        " would vanish from every subscriber's feed"
    )


def test_retiring_on_purpose_leaves_a_reason_in_the_lock(locked: Path) -> None:
    retired = run("lock", "--root", locked, "retire", "first-steps", "--reason", "guest asked")
    assert retired.returncode == 0, retired.stderr
    assert retired.stdout == "retired first-steps: guest asked\n"
    (locked / EPISODE).unlink()
    (locked / "content/guides/going-solo.md").write_text(
        (locked / "content/guides/going-solo.md")
        .read_text()
        .replace("related_episodes: [first-steps]", "related_episodes: []")
    )
    assert messages(locked) == []
    [entry] = json.loads((locked / "publish-lock.json").read_text())["episodes"]
    assert entry["retired"] == "guest asked"


def test_lock_check_fails_while_an_episode_is_not_locked(locked: Path) -> None:
    write(
        locked,
        "content/episodes/002-second.md",
        "---\ntitle: Second\nnumber: 2\nseason: 1\npublished: 2026-05-11\nguid: second-guid\n"
        f"audio: {own_audio(locked, '002-second')}\nsummary: S.\n---\n",
    )
    stale = run("lock", "--root", locked, "--check")
    assert stale.returncode == 1
    assert stale.stderr == (
        "content/episodes/002-second.md: not in publish-lock.json"
        " (fix: run `archipelago lock` and commit the lock)\n"
    )
    assert run("lock", "--root", locked).returncode == 0
    assert run("lock", "--root", locked, "--check").returncode == 0


def test_the_shipped_lock_is_current() -> None:
    result = run("lock", "--root", REPO, "--check")
    assert result.returncode == 0, result.stderr


RETIRE = "`archipelago lock retire first-steps --reason …`"


def test_a_published_episode_dated_into_the_future_fails_everywhere(locked: Path) -> None:
    """A mistyped year would take the episode out of every subscriber's feed until then."""
    edit(locked, EPISODE, "published: 2026-05-04", "published: 2126-05-04")
    expected = (
        f"{EPISODE}:6: published: episode 'first-steps' has been in subscribers' feeds since"
        " 2026-05-04; dated 2126-05-04 it would leave the feed until then (fix: restore"
        f" published: 2026-05-04 if the date is mistyped; to withdraw the episode on purpose:"
        f" {RETIRE})"
    )
    assert messages(locked) == [expected]
    lock_check = run("lock", "--root", locked, "--check")
    assert (lock_check.returncode, lock_check.stderr) == (1, expected + "\n")
    write(locked, "site/old.html", "the last good build")
    with pytest.raises(Abort):
        build(load_config(str(locked / "mkdocs.yml"), strict=True))
    assert [p.name for p in (locked / "site").iterdir()] == ["old.html"]
    retired = run("lock", "--root", locked, "retire", "first-steps", "--reason", "re-recorded")
    assert retired.returncode == 0, retired.stderr
    assert messages(locked) == []


@pytest.fixture
def scheduled(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture site on 2026-05-01, its episode (due 2026-05-04) locked in advance."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1777593600")  # 2026-05-01
    result = run("lock", "--root", site)
    assert result.returncode == 0, result.stderr
    return site


def test_check_lists_each_scheduled_episode_on_one_line(scheduled: Path) -> None:
    result = run("check", scheduled)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"scheduled: {EPISODE}: 'First steps' goes out on 2026-05-04, in 3 days",
        "1 episode, 1 guide, 1 listing, 2 people: no problems",
    ]


def test_a_scheduled_episode_may_change_until_it_goes_out(scheduled: Path) -> None:
    edit(scheduled, EPISODE, "published: 2026-05-04", "published: 2026-05-20")
    assert messages(scheduled) == []
    stale = run("lock", "--root", scheduled, "--check")
    assert (stale.returncode, stale.stderr) == (
        1,
        f"{EPISODE}: publish-lock.json holds what it was when scheduled: first_published"
        " 2026-05-04 -> 2026-05-20 (fix: run `archipelago lock` and commit the lock)\n",
    )
    updated = run("lock", "--root", scheduled)
    assert updated.stdout == "updated first-steps: first_published 2026-05-04 -> 2026-05-20\n"
    assert run("lock", "--root", scheduled, "--check").returncode == 0
    [entry] = json.loads((scheduled / "publish-lock.json").read_text())["episodes"]
    assert entry["first_published"] == "2026-05-20"


def test_a_scheduled_episode_withdrawn_before_it_goes_out_leaves_the_lock(
    scheduled: Path,
) -> None:
    edit(scheduled, EPISODE, "explicit: false", "explicit: false\ndraft: true")
    assert messages(scheduled) == []
    withdrawn = run("lock", "--root", scheduled)
    assert withdrawn.stdout == "unlocked first-steps: it never went out\n"
    assert json.loads((scheduled / "publish-lock.json").read_text())["episodes"] == []


def test_once_out_a_scheduled_episode_is_held_like_any_other(
    scheduled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")  # 2026-06-01: it is out
    edit(scheduled, EPISODE, "explicit: false", "explicit: false\ndraft: true")
    [message] = messages(scheduled)
    assert message.startswith(f"{EPISODE}:10: draft: episode 'first-steps' was published on")
