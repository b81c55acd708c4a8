"""Times as people read them: `2:30` in messages and on pages, `00:01:02.500` in files.

Shared by every layer, and light: the cleaning worker imports it (through the transcripts).
"""

from __future__ import annotations


def format_timecode(seconds: float) -> str:
    """``150`` → ``2:30``, ``3723.5`` → ``1:02:03.5``: a time as contributors write it."""
    whole = int(seconds)
    fraction = f"{seconds - whole:.3f}".rstrip("0").rstrip(".")[1:]
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return text + fraction


def format_clock(seconds: float, *, comma: bool = False) -> str:
    """``62.5`` → ``00:01:02.500`` (``00:01:02,500`` with ``comma``, as SubRip writes it)."""
    if seconds < 0:
        raise ValueError(f"a time cannot be negative: {seconds}")
    total_ms = round(seconds * 1000)
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    separator = "," if comma else "."
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"
