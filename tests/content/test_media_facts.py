"""Audio facts through the whole project: read from the files, recorded, reused without them.

`archipelago probe` records bytes, seconds and MIME type from the file; the build takes them
from media-manifest.json, reads an unchanged file only once, and refuses a changed one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from click.testing import CliRunner
from lxml import etree
from mkdocs.exceptions import Abort

from archipelago.cli import main
from archipelago.podcast import audio
from helpers.builds import build_site, messages
from helpers.sites import FIXTURE_SITE, MEDIA, REPO, own_audio, record_media_facts, snapshot, write

ARCHIPELAGO = Path(sys.executable).parent / "archipelago"
KEY = "episodes/media/001-first-steps.mp3"
MP3 = f"content/{KEY}"
EPISODE = "content/episodes/001-first-steps.md"
NS = {
    "podcast": "https://podcastindex.org/namespace/1.0",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
}
SITE = "https://fixture.example.org/"
SITE_MEDIA = SITE + "episodes/media/"
CDN = "https://cdn.example.org/show/"
REMOTE = "https://cdn.example.org/x.mp3"
#: What both `check` and `probe --verify` say once 001-first-steps.mp3 holds tone-cbr.mp3.
CHANGED = (
    f"audio: {KEY!r} changed since its facts were recorded: bytes 3168 recorded, 16508 now;"
    " seconds 3.168 recorded, 2.0 now; sha256 957da884e07e… recorded, cf642ff9bce2… now"
    " (fix: if the new file is intended, run `archipelago probe` and commit media-manifest.json)"
)


def archipelago(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as a contributor would."""
    return subprocess.run(
        [ARCHIPELAGO, *map(str, args)], capture_output=True, text=True, check=False, cwd=REPO
    )


def replace(root: Path, relative: str, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in a file of the copy."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def feed_of(root: Path) -> etree._ElementTree:
    """Build ``root`` and parse its podcast feed."""
    return etree.parse(str(build_site(root) / "feed.xml"))


@pytest.fixture(autouse=True)
def _fixed_build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # 2027-01-15, after every episode


# --- archipelago probe ---------------------------------------------------------------------


def test_probe_records_the_facts_read_from_the_file(site: Path) -> None:
    manifest = site / "media-manifest.json"
    manifest.unlink()

    first = archipelago("probe", site)
    assert (first.returncode, first.stderr) == (0, "")
    assert first.stdout == f"recorded {KEY}: 3168 bytes, 3.168 s, audio/mpeg\n"
    expected = json.loads((FIXTURE_SITE / "media-manifest.json").read_text())
    # ffmpeg's meter finds the fixture's audio silent: no true peak to record.
    expected[KEY] |= {"channels": 1, "loudness_lufs": -70.0}
    assert json.loads(manifest.read_text()) == expected

    before = snapshot(site)
    again = archipelago("probe", site)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    assert snapshot(site) == before


def test_probe_verify_compares_and_records_nothing(site: Path) -> None:
    manifest = (site / "media-manifest.json").read_bytes()
    same = archipelago("probe", "--verify", site)
    assert (same.returncode, same.stdout, same.stderr) == (0, "", "")

    shutil.copyfile(MEDIA / "tone-cbr.mp3", site / MP3)
    changed = archipelago("probe", "--verify", site)
    assert (changed.returncode, changed.stdout) == (1, "")
    assert changed.stderr == f"{EPISODE}:8: {CHANGED}\n"
    assert (site / "media-manifest.json").read_bytes() == manifest


def test_probe_verify_words_a_change_as_check_does(site: Path) -> None:
    shutil.copyfile(MEDIA / "tone-cbr.mp3", site / MP3)
    assert archipelago("probe", "--verify", site).stderr.splitlines() == messages(site)


# --- the build without the files -------------------------------------------------------------


#: What `check`, `probe --verify` and the build say when a published episode's audio is gone.
ABSENT = (
    f"{EPISODE}:8: audio: {KEY!r} is not under content/: its facts are recorded, but the feed"
    " and the episode's page would link to a file the site does not have (fix: put the file"
    f" back at content/{KEY}; if the audio is served from elsewhere, set media_base_url under"
    " show: in mkdocs.yml; to check or build the text alone, pass --without-media)"
)


def test_a_published_episode_without_its_audio_file_is_refused_everywhere(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (site / MP3).unlink()
    assert messages(site) == [ABSENT]
    for command in (["check"], ["check", "--verify"], ["probe", "--verify"]):
        result = archipelago(*command, site)
        assert (result.returncode, result.stderr.splitlines()[0]) == (1, ABSENT), command
    write(site, "site/old.html", "the last good build")
    built = archipelago("build", "-f", site / "mkdocs.yml")
    assert built.returncode == 1
    assert ABSENT in built.stderr
    assert [p.name for p in (site / "site").iterdir()] == ["old.html"]


def test_without_media_the_build_writes_the_same_feed(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A text-only pull request's CI: the recorded facts stand in for the file."""
    without = shutil.copytree(site, site.parent / "without-media")
    (without / MP3).unlink()
    with_file = (build_site(site) / "feed.xml").read_bytes()
    assert b'length="3168" type="audio/mpeg"' in with_file

    checked = archipelago("check", "--without-media", without)
    assert (checked.returncode, checked.stderr) == (0, "")
    assert archipelago("probe", "--verify", "--without-media", without).returncode == 0
    built = archipelago("build", "--without-media", "-f", without / "mkdocs.yml")
    assert built.returncode == 0, built.stderr
    assert "built without media files (--without-media)" in built.stderr
    assert (without / "site/feed.xml").read_bytes() == with_file
    monkeypatch.setenv("ARCHIPELAGO_WITHOUT_MEDIA", "1")  # what `mkdocs build` reads
    assert (build_site(without) / "feed.xml").read_bytes() == with_file


def test_media_served_from_elsewhere_need_not_be_here(site: Path) -> None:
    replace(
        site,
        "mkdocs.yml",
        "        guid: 5b0a",
        f"        media_base_url: {CDN}\n        guid: 5b0a",
    )
    (site / MP3).unlink()
    assert messages(site) == []
    verified = archipelago("probe", "--verify", site)
    assert (verified.returncode, verified.stdout) == (
        0,
        "not read: 1 audio file(s) not here; their recorded facts stand\n",
    )
    assert feed_of(site).xpath("//item/enclosure/@url") == [f"{CDN}{KEY}"]


# --- the probe cache -------------------------------------------------------------------------


def test_warm_build_reads_no_audio_file(site: Path) -> None:
    with mock.patch("archipelago.podcast.audio.probe", wraps=audio.probe) as probe:
        build_site(site)
    assert probe.call_count == 1
    with mock.patch(
        "archipelago.podcast.audio.probe", side_effect=AssertionError("read again")
    ) as probe:
        build_site(site)
    assert probe.call_count == 0


def test_changed_audio_is_read_again_and_fails_the_build(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    build_site(site)
    shutil.copyfile(MEDIA / "tone-cbr.mp3", site / MP3)
    with (
        mock.patch("archipelago.podcast.audio.probe", wraps=audio.probe) as probe,
        pytest.raises(Abort),
    ):
        build_site(site)
    assert [call.args[0].resolve() for call in probe.call_args_list] == [(site / MP3).resolve()]
    assert f"archipelago: {EPISODE}:8: {CHANGED}" in caplog.messages


def test_check_verify_reads_files_the_cache_vouches_for(site: Path) -> None:
    build_site(site)  # leaves the cache warm
    runner = CliRunner()
    with mock.patch("archipelago.podcast.audio.probe", wraps=audio.probe) as probe:
        plain = runner.invoke(main, ["check", str(site)])
    assert (plain.exit_code, probe.call_count) == (0, 0)
    with mock.patch("archipelago.podcast.audio.probe", wraps=audio.probe) as probe:
        verified = runner.invoke(main, ["check", "--verify", str(site)])
    assert (verified.exit_code, probe.call_count) == (0, 1)


def test_check_verify_finds_a_change_the_cache_cannot_see(site: Path) -> None:
    assert archipelago("check", site).returncode == 0  # leaves the cache warm
    mp3 = site / MP3
    stat = mp3.stat()
    data = bytearray(mp3.read_bytes())
    data[-1] ^= 0xFF  # same size, and the time is put back: only the content differs
    mp3.write_bytes(bytes(data))
    os.utime(mp3, ns=(stat.st_atime_ns, stat.st_mtime_ns))

    assert archipelago("check", site).returncode == 0  # the cache trusts size and time
    verified = archipelago("check", "--verify", site)
    assert (verified.returncode, verified.stdout) == (1, "")
    assert verified.stderr == (
        f"{EPISODE}:8: audio: {KEY!r} changed since its facts were recorded:"
        " sha256 957da884e07e… recorded, ddbe8126c3fe… now"
        " (fix: if the new file is intended, run `archipelago probe` and commit"
        " media-manifest.json)\n"
        "1 problem in 1 file\n"
    )


# --- where enclosures point ------------------------------------------------------------------


def test_media_base_url_moves_every_enclosure_and_no_guid(site: Path) -> None:
    write(
        site,
        "content/episodes/002-second.md",
        "---\ntitle: Second\nnumber: 2\nseason: 1\npublished: 2026-05-11\n"
        f"guid: second-episode-guid\naudio: {own_audio(site, '002-second')}\n"
        "summary: The second one.\n---\nNotes.\n",
    )
    on_cdn = shutil.copytree(site, site.parent / "on-cdn")
    replace(
        on_cdn,
        "mkdocs.yml",
        "        guid: 5b0a",
        f"        media_base_url: {CDN}\n        guid: 5b0a",
    )

    before, after = feed_of(site), feed_of(on_cdn)
    files = ["002-second.mp3", "001-first-steps.mp3"]
    assert before.xpath("//item/enclosure/@url") == [SITE_MEDIA + name for name in files]
    cdn = [f"{CDN}episodes/media/{name}" for name in files]
    assert after.xpath("//item/enclosure/@url") == cdn
    for path in ("//item/guid", "/rss/channel/podcast:guid"):
        old = [etree.tostring(e) for e in before.xpath(path, namespaces=NS)]
        new = [etree.tostring(e) for e in after.xpath(path, namespaces=NS)]
        assert old == new and old, path
    # Nothing else moves: the transcript beside the audio is still served by the site.
    cdn_bytes = (on_cdn / "site/feed.xml").read_bytes()
    site_bytes = (site / "site/feed.xml").read_bytes()
    assert cdn_bytes.replace(CDN.encode(), SITE.encode()) == site_bytes


def test_remote_audio_takes_its_facts_from_the_manifest(site: Path) -> None:
    replace(site, EPISODE, f"audio: {KEY}", f"audio: {REMOTE}")
    facts = {"bytes": 48213760, "mime": "audio/mpeg", "seconds": 1800.0, "sha256": "ab" * 32}
    record_media_facts(site, REMOTE, facts)
    assert messages(site) == []

    feed = feed_of(site)
    [enclosure] = feed.xpath("//item/enclosure")
    assert dict(enclosure.attrib) == {"url": REMOTE, "length": "48213760", "type": "audio/mpeg"}
    assert feed.xpath("//item/itunes:duration/text()", namespaces=NS) == ["1800"]


def test_remote_audio_without_recorded_facts_fails(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    replace(site, EPISODE, f"audio: {KEY}", f"audio: {REMOTE}")
    expected = (
        f"{EPISODE}:8: audio: the remote audio {REMOTE!r} has no recorded facts (fix: probe a"
        f" copy of it: `archipelago probe --remote {REMOTE}=path/to/copy.mp3`, then commit"
        " media-manifest.json)"
    )
    assert messages(site) == [expected]
    feed = write(site, "site/feed.xml", "previous feed\n")
    with pytest.raises(Abort):
        build_site(site)
    assert feed.read_text(encoding="utf-8") == "previous feed\n"
    assert f"archipelago: {expected}" in caplog.messages


def test_remote_audio_without_facts_is_not_told_to_add_a_file(site: Path) -> None:
    replace(site, EPISODE, f"audio: {KEY}", f"audio: {REMOTE}")
    [line] = messages(site)
    assert line.startswith(f"{EPISODE}:8: audio: ")
    assert REMOTE in line
    assert "remote" in line
    assert "add the file" not in line


def test_probe_records_remote_audio_from_a_local_copy(site: Path) -> None:
    replace(site, EPISODE, f"audio: {KEY}", f"audio: {REMOTE}")
    copy = MEDIA / "tone-vbr.mp3"
    result = archipelago("probe", "--remote", f"{REMOTE}={copy}", site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"recorded {REMOTE}: 2913 bytes")
    assert messages(site) == []
    wrong = archipelago("probe", "--remote", f"https://elsewhere.example.org/a.mp3={copy}", site)
    assert wrong.returncode == 1
    assert "--remote: no episode's audio is 'https://elsewhere.example.org/a.mp3'" in wrong.stderr


def test_the_player_loads_audio_from_the_cdn_too(site: Path) -> None:
    replace(
        site,
        "mkdocs.yml",
        "        guid: 5b0a5f0e",
        "        media_base_url: https://cdn.example.org/show/\n        guid: 5b0a5f0e",
    )
    html = (build_site(site) / "episodes/001-first-steps/index.html").read_text()
    assert 'src="https://cdn.example.org/show/episodes/media/001-first-steps.mp3"' in html


def test_a_draft_may_wait_for_its_audio_even_with_facts_recorded(site: Path) -> None:
    """The facts were probed from a first cut that has since been taken away for editing."""
    replace(site, EPISODE, "explicit: false", "explicit: false\ndraft: true")
    (site / MP3).unlink()
    assert messages(site) == []
    for command in (["probe"], ["probe", "--verify"]):
        result = archipelago(*command, site)
        assert (result.returncode, result.stderr) == (0, ""), command
