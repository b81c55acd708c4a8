"""What the checks found in an episode's media files: the facts the rest of the build uses.

Plain records, filled in by `podcast.audio` (from the audio file or the manifest) and
`podcast.episode_media` (from the WebVTT file), and kept in `Content`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AudioInfo:
    """What a feed's enclosure needs to know about one audio file."""

    bytes: int
    seconds: float
    mime: str
    sha256: str
    #: Measured by `archipelago probe` (`podcast.loudness`); None in manifests from before it.
    loudness_lufs: float | None = None
    true_peak_dbtp: float | None = None
    channels: int | None = None


@dataclass(frozen=True)
class Transcript:
    """A WebVTT file as the check found it, without its cues.

    The cues are read again where they are used (`episode_files.cues_of`: the episode's
    page, its generated files), one episode at a time: an hour of speech is about 700 cues,
    240 KiB as Python objects, which for every episode of a big show at once would be far
    more than the build's whole memory.
    """

    path: str  # the file on disk
    cues: int  # how many it holds
    end: float  # where the last one ends, in seconds (0 without cues)
    digest: str  # of its bytes: an equal Transcript has equal cues
