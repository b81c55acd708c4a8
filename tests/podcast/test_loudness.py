"""Loudness measured with ffmpeg's BS.1770 meter, judged against the podcast targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from archipelago.podcast.loudness import Loudness, measure_loudness, off_target
from helpers.audio import tone


def test_a_sine_measures_as_bs1770_says(tmp_path: Path) -> None:
    # A 1 kHz sine's loudness is its RMS level (peak - 3 dB) plus K-weighting's +0.7 dB, -0.691.
    loudness = measure_loudness(tone(tmp_path / "a.wav", peak_db=-20), channels=1)
    assert loudness.integrated_lufs == pytest.approx(-23.0, abs=0.2)
    assert loudness.true_peak_dbtp == pytest.approx(-20.0, abs=0.2)


def test_stereo_counts_both_channels(tmp_path: Path) -> None:
    loudness = measure_loudness(tone(tmp_path / "a.wav", peak_db=-20, channels=2), channels=2)
    assert loudness.integrated_lufs == pytest.approx(-20.0, abs=0.2)


@pytest.mark.parametrize(
    ("measured", "expected"),
    [
        (Loudness(-19.0, -1.5, 1), []),
        (Loudness(-18.1, -2.0, 1), []),
        (Loudness(-16.0, -1.0, 2), []),
        (
            Loudness(-21.7, -3.0, 1),
            [("loudness", "-21.7 LUFS, the podcast target for mono is -19 LUFS ±1")],
        ),
        (
            Loudness(-19.0, -14.0, 2),
            [("loudness", "-19.0 LUFS, the podcast target for stereo is -16 LUFS ±1")],
        ),
        (
            Loudness(-16.2, -0.3, 2),
            [
                (
                    "true_peak",
                    "-0.3 dBTP, above the -1 dBTP ceiling: it may clip once an app or platform"
                    " re-encodes it",
                )
            ],
        ),
    ],
)
def test_the_targets(measured: Loudness, expected: list[tuple[str, str]]) -> None:
    assert off_target(measured) == expected


def test_a_file_that_is_not_audio_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    bad = tmp_path / "a.mp3"
    bad.write_bytes(b"not audio at all")
    with pytest.raises(Exception, match="ffmpeg could not measure") as caught:
        measure_loudness(bad, channels=1)
    assert caught.value.problem.fix  # type: ignore[attr-defined]
