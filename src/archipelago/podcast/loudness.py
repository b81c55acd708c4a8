"""How loud an episode's audio is (ITU-R BS.1770), and whether it meets the podcast targets.

The measuring is ffmpeg's `ebur128` filter, a maintained BS.1770 meter with true-peak
detection: integrated loudness in LUFS and true peak in dBTP. `archipelago probe` records both
in media-manifest.json; `archipelago check` warns about audio outside the targets that
podcast apps and platforms expect (-16 LUFS stereo, -19 LUFS mono, ±1 LU, true peak at most
-1 dBTP), so that one episode is not much louder or quieter than the next.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from archipelago.errors import Problem, ProblemError

if TYPE_CHECKING:
    from collections.abc import Collection
    from pathlib import Path

    from archipelago.content.entries import Content

#: Integrated loudness targets by channel layout, in LUFS, and how far off is still fine.
STEREO_TARGET_LUFS = -16.0
MONO_TARGET_LUFS = -19.0
TOLERANCE_LU = 1.0
#: The highest true peak that survives a lossy encoder without clipping, in dBTP.
MAX_TRUE_PEAK_DBTP = -1.0
#: BS.1770's absolute gate: audio this quiet or quieter counts as silence.
SILENCE_LUFS = -70.0

# The summary ebur128 logs when its input ends.
_INTEGRATED = re.compile(r"Integrated loudness:\s+I:\s+(-?\d+(?:\.\d+)?) LUFS")
_TRUE_PEAK = re.compile(r"True peak:\s+Peak:\s+(-?\d+(?:\.\d+)?|-inf) dBFS")
_INSTALL_FFMPEG = "install ffmpeg (Debian: apt-get install ffmpeg; macOS: brew install ffmpeg)"


class LoudnessError(ProblemError):
    """The audio's loudness cannot be measured."""


@dataclass(frozen=True)
class Loudness:
    """An audio file's measured loudness, and the channel count its target depends on."""

    integrated_lufs: float
    true_peak_dbtp: float | None  # None for digital silence (no peak at all)
    channels: int


def meter_available() -> bool:
    """Whether ffmpeg, the meter, is on PATH."""
    return shutil.which("ffmpeg") is not None


def measure_loudness(path: Path, channels: int) -> Loudness:
    """Integrated loudness and true peak of the first audio stream of ``path``.

    Args:
        path: the audio file.
        channels: its channel count, read from the file by the caller (mutagen).
    """
    if not meter_available():
        raise LoudnessError("ffmpeg, which measures loudness, is not installed", _INSTALL_FFMPEG)
    # framelog=verbose keeps the per-frame lines out of the log; the summary stays.
    done = run_ffmpeg(
        *("-i", str(path), "-map", "0:a:0"),
        *("-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"),
    )
    integrated = _INTEGRATED.search(done.stderr)
    peak = _TRUE_PEAK.search(done.stderr)
    if done.returncode != 0 or integrated is None or peak is None:
        raise LoudnessError(
            f"ffmpeg could not measure its loudness: {last_line(done.stderr)}",
            "check that the file plays; export it again if it does not",
        )
    true_peak = None if peak[1] == "-inf" else float(peak[1])
    return Loudness(float(integrated[1]), true_peak, channels)


def run_ffmpeg(*arguments: str) -> subprocess.CompletedProcess[str]:
    """ffmpeg with ``arguments``, never reading the terminal, its log (stderr) quiet but for
    what the filters print; the caller judges the outcome."""
    command = ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", *arguments]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def last_line(log: str) -> str:
    """The last line of ffmpeg's log: where it says why it stopped."""
    return (log.strip().splitlines()[-1:] or ["no output"])[0]


def channel_count(path: Path) -> int:
    """How many channels the audio of ``path`` has, read with mutagen (1 when it cannot tell)."""
    import mutagen  # imported here: the build's pages never need it

    audio = mutagen.File(path)
    channels = getattr(audio.info, "channels", None) if audio is not None else None
    return channels if isinstance(channels, int) and channels > 0 else 1


def target_lufs(channels: int) -> float:
    """The integrated loudness podcast platforms expect for this many channels."""
    return MONO_TARGET_LUFS if channels == 1 else STEREO_TARGET_LUFS


def layout(channels: int) -> str:
    """``mono`` or ``stereo``, as the targets are named."""
    return "mono" if channels == 1 else "stereo"


def off_target(loudness: Loudness) -> list[tuple[str, str]]:
    """What is outside the targets, as (field, message) pairs: none when all is well."""
    found = []
    target = target_lufs(loudness.channels)
    if abs(loudness.integrated_lufs - target) > TOLERANCE_LU:
        found.append(
            (
                "loudness",
                f"{loudness.integrated_lufs:.1f} LUFS, the podcast target for"
                f" {layout(loudness.channels)} is {target:g} LUFS ±{TOLERANCE_LU:g}",
            )
        )
    peak = loudness.true_peak_dbtp
    if peak is not None and peak > MAX_TRUE_PEAK_DBTP:
        found.append(
            (
                "true_peak",
                f"{peak:.1f} dBTP, above the {MAX_TRUE_PEAK_DBTP:g} dBTP ceiling: it may clip"
                " once an app or platform re-encodes it",
            )
        )
    return found


def loudness_warnings(
    content: Content, shown_dir: str, settled: Collection[str] = ()
) -> list[Problem]:
    """A warning for each episode whose recorded loudness is outside the targets.

    Args:
        content: the checked content, with each episode's recorded audio facts.
        shown_dir: the content folder as messages show it (`content`).
        settled: slugs of episodes already out in subscribers' feeds: their audio may not
            change, so there is nothing to fix and nothing is said.
    """
    warnings = []
    for slug, info in sorted(content.audio.items()):
        if slug in settled or info.loudness_lufs is None or info.channels is None:
            continue
        measured = Loudness(info.loudness_lufs, info.true_peak_dbtp, info.channels)
        entry = content.episodes[slug]
        audio = entry.model.audio
        shown = audio if "://" in audio else f"{shown_dir}/{audio}"
        if is_silent(measured):
            fix = "export the episode's audio again: nothing in it reaches the meter"
            warnings.append(Problem(shown, None, "loudness", "is silent", fix))
            continue
        for field, message in off_target(measured):
            # Named by its file (`001-arrival`), which the warning's path shows too.
            fix = f"archipelago media normalize {PurePosixPath(entry.src_uri).stem}"
            warnings.append(Problem(shown, None, field, message, fix))
    return warnings


def is_silent(loudness: Loudness) -> bool:
    """Whether nothing in the audio reaches the meter's absolute gate (-70 LUFS)."""
    return loudness.true_peak_dbtp is None or loudness.integrated_lufs <= SILENCE_LUFS
