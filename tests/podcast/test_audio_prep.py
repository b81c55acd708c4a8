"""`archipelago media tag` and `archipelago media normalize`, run as a contributor runs them:
the files change only while the episode is unpublished, and their facts stay recorded."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from mutagen.id3 import ID3

from helpers.audio import ARCHIPELAGO, archipelago, ffprobe, loudness_of, tone
from helpers.sites import write

EPISODE = "content/episodes/001-first-steps.md"
AUDIO = "content/episodes/media/001-first-steps.mp3"


def manifest(site: Path) -> dict[str, dict[str, object]]:
    entries: dict[str, dict[str, object]] = json.loads((site / "media-manifest.json").read_text())
    return entries


def use_audio(site: Path, made: Path, name: str) -> str:
    """Make ``made`` the fixture episode's audio, as `probe` records it."""
    target = f"episodes/media/{name}"
    shutil.move(made, site / "content" / target)
    episode = site / EPISODE
    episode.write_text(episode.read_text().replace("episodes/media/001-first-steps.mp3", target))
    assert archipelago("probe", site).returncode == 0
    return target


def test_tag_writes_the_tags_and_records_the_new_facts(site: Path) -> None:
    result = archipelago("media", "tag", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("tagged episodes/media/001-first-steps.mp3: ")
    tag = ID3(site / AUDIO)
    assert tag.getall("WXXX")[0].url == "https://fixture.example.org/episodes/001-first-steps/"
    assert [c["tags"]["title"] for c in ffprobe(site / AUDIO)["chapters"]] == [
        "Welcome",
        "Ben's story",
    ]
    recorded = manifest(site)["episodes/media/001-first-steps.mp3"]
    assert recorded["bytes"] == (site / AUDIO).stat().st_size
    assert archipelago("check", site).returncode == 0


def test_a_tag_keeps_the_measured_loudness_without_decoding_again(
    site: Path, tmp_path: Path
) -> None:
    assert archipelago("probe", site).returncode == 0  # measures the loudness (ffmpeg)
    measured = manifest(site)["episodes/media/001-first-steps.mp3"]["loudness_lufs"]
    assert isinstance(measured, float)
    # Without ffmpeg on PATH a new measurement is impossible: the recorded one must stand.
    no_ffmpeg = {**os.environ, "PATH": str(tmp_path)}
    tagged = subprocess.run(
        [str(ARCHIPELAGO), "media", "tag"], cwd=site, env=no_ffmpeg, capture_output=True, text=True
    )
    assert tagged.returncode == 0, tagged.stderr
    recorded = manifest(site)["episodes/media/001-first-steps.mp3"]
    assert recorded["bytes"] == (site / AUDIO).stat().st_size  # the tagged file's facts
    assert recorded["loudness_lufs"] == measured
    assert abs(loudness_of(site / AUDIO)[0] - measured) < 0.05  # and it is still right


def test_a_second_tag_run_changes_nothing(site: Path) -> None:
    archipelago("media", "tag", cwd=site)
    audio, facts = (site / AUDIO).read_bytes(), (site / "media-manifest.json").read_bytes()
    again = archipelago("media", "tag", "first-steps", cwd=site)
    assert again.returncode == 0
    assert (
        again.stdout == "unchanged episodes/media/001-first-steps.mp3: already carries its tags\n"
    )
    assert (site / AUDIO).read_bytes() == audio
    assert (site / "media-manifest.json").read_bytes() == facts


def test_a_published_episode_is_not_tagged(site: Path) -> None:
    assert archipelago("lock", "--root", site).returncode == 0
    before = (site / AUDIO).read_bytes()
    named = archipelago("media", "tag", "001-first-steps", cwd=site)
    assert named.returncode == 1
    assert "is published (in publish-lock.json, out since 2026-05-04)" in named.stderr
    assert "would change the bytes subscribers already downloaded" in named.stderr
    every = archipelago("media", "tag", cwd=site)
    assert every.returncode == 0  # noted, not failed: the others would still be tagged
    assert every.stdout.startswith("left as published: episodes/media/001-first-steps.mp3")
    assert (site / AUDIO).read_bytes() == before


def test_a_broken_media_manifest_is_reported_not_a_crash(site: Path) -> None:
    (site / "media-manifest.json").write_text("{not json", encoding="utf-8")
    result = archipelago("media", "tag", cwd=site)
    assert result.returncode == 1
    assert "media-manifest.json" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_m4a_and_remote_audio_are_skipped_with_a_note(site: Path, tmp_path: Path) -> None:
    use_audio(site, tone(tmp_path / "a.m4a", peak_db=-6), "001-first-steps.m4a")
    result = archipelago("media", "tag", cwd=site)
    assert result.returncode == 0
    assert "only MP3s get tags here" in result.stdout
    episode = site / EPISODE
    url = "https://cdn.example.org/001.mp3"
    episode.write_text(episode.read_text().replace("episodes/media/001-first-steps.m4a", url))
    result = archipelago("media", "tag", cwd=site)
    assert f"its audio is remote ({url})" in result.stdout


def test_check_warns_about_loudness_without_failing(site: Path, tmp_path: Path) -> None:
    use_audio(site, tone(tmp_path / "q.mp3", peak_db=-30), "001-first-steps.mp3")
    result = archipelago("check", site)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "warning: content/episodes/media/001-first-steps.mp3: loudness: -33.5 LUFS, the podcast"
        " target for mono is -19 LUFS ±1 (fix: archipelago media normalize 001-first-steps)\n"
    )
    assert result.stdout.endswith(": no problems\n")


@pytest.mark.parametrize(("channels", "target"), [(1, -19.0), (2, -16.0)])
def test_normalize_meets_the_target_and_keeps_the_format(
    site: Path, tmp_path: Path, channels: int, target: float
) -> None:
    audio = use_audio(
        site, tone(tmp_path / "q.mp3", peak_db=-30, channels=channels), "001-first-steps.mp3"
    )
    archipelago("media", "tag", cwd=site)
    before = ffprobe(site / "content" / audio)["streams"][0]
    result = archipelago("media", "normalize", "001-first-steps", cwd=site)
    assert result.returncode == 0, result.stderr
    lufs, peak = loudness_of(site / "content" / audio)
    assert lufs == pytest.approx(target, abs=1.0)
    assert peak <= -1.0
    after = ffprobe(site / "content" / audio)["streams"][0]
    for key in ("codec_name", "sample_rate", "channels", "bit_rate"):
        assert after[key] == before[key]
    assert ID3(site / "content" / audio)["TIT2"].text == ["First steps"]  # the tags stay
    recorded = manifest(site)[audio]
    assert recorded["loudness_lufs"] == pytest.approx(lufs, abs=0.05)
    checked = archipelago("check", site)
    assert (checked.returncode, checked.stderr) == (0, "")


def test_normalize_is_deterministic(site: Path, tmp_path: Path) -> None:
    made = tone(tmp_path / "q.mp3", peak_db=-30)
    original = made.read_bytes()
    audio = use_audio(site, made, "001-first-steps.mp3")
    archipelago("media", "normalize", "first-steps", cwd=site)
    first = (site / "content" / audio).read_bytes()
    (site / "content" / audio).write_bytes(original)
    archipelago("probe", site)
    archipelago("media", "normalize", "first-steps", cwd=site)
    assert (site / "content" / audio).read_bytes() == first


def test_normalize_refuses_a_published_episode(site: Path, tmp_path: Path) -> None:
    audio = use_audio(site, tone(tmp_path / "q.mp3", peak_db=-30), "001-first-steps.mp3")
    assert archipelago("lock", "--root", site).returncode == 0
    before = (site / "content" / audio).read_bytes()
    result = archipelago("media", "normalize", "001-first-steps", cwd=site)
    assert result.returncode == 1
    assert "normalizing it would change the bytes subscribers already downloaded" in result.stderr
    assert (site / "content" / audio).read_bytes() == before


def test_normalize_names_an_unknown_episode(site: Path) -> None:
    result = archipelago("media", "normalize", "no-such-episode", cwd=site)
    assert result.returncode == 1
    assert "no valid episode 'no-such-episode'" in result.stderr


def test_a_scheduled_episode_may_still_be_normalized(site: Path, tmp_path: Path) -> None:
    audio = use_audio(site, tone(tmp_path / "q.mp3", peak_db=-30), "001-first-steps.mp3")
    write(site, EPISODE, (site / EPISODE).read_text().replace("2026-05-04", "2099-05-04"))
    assert archipelago("lock", "--root", site).returncode == 0
    result = archipelago("media", "normalize", "001-first-steps", cwd=site)
    assert result.returncode == 0, result.stderr
    assert loudness_of(site / "content" / audio)[0] == pytest.approx(-19.0, abs=1.0)
