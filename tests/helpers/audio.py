"""Audio the tests make and read back with real tools: ffmpeg writes it, ffprobe and the
`archipelago` command line read and change it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ARCHIPELAGO = Path(sys.executable).parent / "archipelago"


def archipelago(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the `archipelago` command as a contributor does."""
    return subprocess.run(
        [str(ARCHIPELAGO), *map(str, args)], capture_output=True, text=True, cwd=cwd, check=False
    )


def tone(
    path: Path,
    *,
    peak_db: float,
    seconds: float = 8.0,
    channels: int = 1,
    sample_rate: int = 44100,
    bitrate: str = "64k",
) -> Path:
    """A 1 kHz sine of ``peak_db`` dBFS amplitude, encoded by its file ending (MP3 or AAC)."""
    layout = "" if channels == 1 else ",pan=stereo|c0=c0|c1=c0"
    codec = {".mp3": ["-c:a", "libmp3lame"], ".m4a": ["-c:a", "aac"]}.get(path.suffix, [])
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi"),
            *("-i", f"sine=frequency=1000:duration={seconds}:sample_rate={sample_rate}"),
            # The sine source's amplitude is 1/8 (-18 dBFS).
            # pan copies the sine into each channel at full level (-ac would lower it by 3 dB).
            *("-af", f"volume={peak_db + 18.06:.2f}dB{layout}", *codec),
            *("-b:a", bitrate, "-fflags", "+bitexact", str(path)),
        ],
        check=True,
    )
    return path


def ffprobe(path: Path) -> dict[str, Any]:
    """What ffprobe (Debian's ffmpeg, an independent reader) finds in ``path``."""
    done = subprocess.run(
        [
            *("ffprobe", "-v", "error", "-of", "json"),
            *("-show_format", "-show_streams", "-show_chapters", str(path)),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def loudness_of(path: Path) -> tuple[float, float]:
    """Integrated loudness and true peak, measured by ffmpeg's ebur128 filter directly."""
    done = subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", str(path)),
            *("-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = done.stderr.rsplit("Summary:", 1)[1].split()
    return float(summary[summary.index("I:") + 1]), float(summary[summary.index("Peak:") + 1])
