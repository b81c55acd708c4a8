"""Loudness measurement alone: the product's meter, ``measure_loudness``, on an hour of audio.

`archipelago probe` measures every episode it records, so its cost per minute of audio says
how long recording a show's facts takes: the target is well under a second per audio minute.
The hour is a stereo 44.1 kHz MP3 of pink noise, made by ffmpeg, as a long episode would be.
"""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.report import say
from bench.runners import median


def hour_of_audio(path: Path, seconds: int) -> Path:
    """A stereo MP3 of pink noise, ``seconds`` long, at a podcast's usual bit rate."""
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi"),
            *("-i", f"anoisesrc=color=pink:amplitude=0.1:duration={seconds}:sample_rate=44100"),
            *("-ac", "2", "-c:a", "libmp3lame", "-b:a", "128k", str(path)),
        ],
        check=True,
    )
    return path


def measure_loudness_speed(seconds: int = 3600, runs: int = 3) -> dict[str, Any]:
    """Seconds ``measure_loudness`` takes for ``seconds`` of audio, and per audio minute."""
    from archipelago.podcast.loudness import measure_loudness

    with tempfile.TemporaryDirectory(prefix="bench-loudness-") as folder:
        audio = hour_of_audio(Path(folder) / "hour.mp3", seconds)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            measure_loudness(audio, channels=2)
            times.append(time.perf_counter() - start)
    took = median(times)
    per_minute = took / (seconds / 60)
    say(
        f"  loudness of {seconds / 60:.0f} min of audio: {took:.1f} s ({per_minute:.3f} s a minute)"
    )
    return {"audio_seconds": seconds, "seconds": took, "seconds_per_audio_minute": per_minute}
