"""Bring an audio file to the podcast loudness target with ffmpeg's two-pass `loudnorm`.

The first pass measures the file (integrated loudness, loudness range, true peak, gating
threshold); the second applies those measured values, linearly where the peaks allow it (the
sound is only made louder or quieter), otherwise with loudnorm's true-peak limiter. The result
keeps the original's codec, bit rate, sample rate and channels, and, for an MP3, its ID3 tag.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from archipelago.podcast.id3_tags import no_padding
from archipelago.podcast.loudness import LoudnessError, last_line, run_ffmpeg

if TYPE_CHECKING:
    from pathlib import Path

#: Where the true peak is aimed: below the -1 dBTP ceiling, for the encoder's overshoot.
TRUE_PEAK_AIM_DBTP = -1.5
#: The widest loudness range loudnorm accepts: speech stays linear rather than compressed.
_LOUDNESS_RANGE = 50
_STATS = re.compile(r"\{[^{}]*\"input_i\"[^{}]*\}")
#: The encoder ffmpeg uses for each codec mutagen names.
_ENCODERS = {"mp3": "libmp3lame", "aac": "aac", "alac": "alac"}


@dataclass(frozen=True)
class Format:
    """What the corrected file keeps from the original."""

    codec: str  # mp3, aac or alac
    bitrate: int  # bits per second
    sample_rate: int
    channels: int


def audio_format(path: Path) -> Format:
    """The codec, bit rate, sample rate and channels of ``path``, read with mutagen."""
    import mutagen  # imported here: the build's pages never need it

    audio = mutagen.File(path)
    if audio is None:
        raise LoudnessError(f"{path.name!r} is not audio mutagen can read", "export it again")
    info = audio.info
    codec = "mp3" if path.suffix.lower() == ".mp3" else _mp4_codec(getattr(info, "codec", ""))
    return Format(codec, int(info.bitrate), int(info.sample_rate), int(info.channels))


def _mp4_codec(codec: str) -> str:
    return "alac" if codec == "alac" else "aac"


def normalize_file(source: Path, target: Path, *, lufs: float) -> None:
    """Write ``source`` brought to ``lufs`` integrated loudness into ``target``."""
    shape = audio_format(source)
    measured = _measure(source, lufs)
    settings = _loudnorm(lufs) + (
        f":measured_I={measured['input_i']}:measured_LRA={measured['input_lra']}"
        f":measured_TP={measured['input_tp']}:measured_thresh={measured['input_thresh']}"
        f":offset={measured['target_offset']}:linear=true"
    )
    encoder = [*("-c:a", _ENCODERS[shape.codec])]
    if shape.codec != "alac":
        encoder += ["-b:a", str(shape.bitrate)]
    container = (
        # No ID3 tag from ffmpeg (the original's is copied below); lame's Info header, which
        # gives players the exact duration, stays.
        ["-id3v2_version", "0", "-write_xing", "1", "-f", "mp3"]
        if shape.codec == "mp3"
        else ["-map_metadata", "0", "-f", "ipod"]
    )
    _ffmpeg(
        *("-i", str(source), "-map", "0:a:0", "-af", settings),
        *("-ar", str(shape.sample_rate), "-ac", str(shape.channels), *encoder),
        # bitexact: no encoder version or other varying text in the file.
        *("-fflags", "+bitexact", "-flags:a", "+bitexact", "-map_chapters", "-1"),
        *container,
        *("-y", str(target)),
    )
    if shape.codec == "mp3":
        _copy_id3(source, target)


def _loudnorm(lufs: float) -> str:
    return f"loudnorm=I={lufs:g}:TP={TRUE_PEAK_AIM_DBTP:g}:LRA={_LOUDNESS_RANGE}"


def _measure(source: Path, lufs: float) -> dict[str, str]:
    """loudnorm's first pass: the statistics the second pass needs."""
    log = _ffmpeg(
        *("-i", str(source), "-map", "0:a:0"),
        *("-af", _loudnorm(lufs) + ":print_format=json", "-f", "null", "-"),
    )
    found = _STATS.search(log)
    if found is None:
        raise LoudnessError("ffmpeg's loudnorm printed no measurement", "check that the file plays")
    stats: dict[str, str] = json.loads(found[0])
    return stats


def _ffmpeg(*arguments: str) -> str:
    """Run ffmpeg; its log (stderr), or an error naming its last line."""
    done = run_ffmpeg(*arguments)
    if done.returncode != 0:
        raise LoudnessError(f"ffmpeg failed: {last_line(done.stderr)}", "check that the file plays")
    return done.stderr


def _copy_id3(source: Path, target: Path) -> None:
    """The original MP3's ID3 tag, as it was, on the corrected file."""
    from mutagen.id3 import ID3, ID3NoHeaderError

    try:
        tag = ID3(source)
    except ID3NoHeaderError:
        return
    tag.save(
        target, v2_version=tag.version[1] if tag.version[1] in (3, 4) else 4, padding=no_padding
    )
