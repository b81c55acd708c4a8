"""Audio facts (bytes, seconds, MIME type, SHA-256) probed from the file, and their records.

The facts always come from the file itself, read with mutagen, never typed by hand. They are
recorded in a committed manifest (``media-manifest.json``) so a build without the media files
(CI for a text-only pull request, media on a CDN) writes the identical feed. A small cache
outside the repository remembers which files were already checked, so an unchanged file is not
read again on every build. A file that disagrees with its recorded facts is an error, never a
silent update: ``archipelago probe`` records new facts on purpose.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from stat import S_ISREG
from typing import IO, Any

from archipelago.atomic_write import write_atomically
from archipelago.content.fields import AUDIO_TYPES
from archipelago.content.media_facts import AudioInfo
from archipelago.errors import ProblemError
from archipelago.podcast.loudness import (
    LoudnessError,
    channel_count,
    measure_loudness,
    meter_available,
)

#: MIME type of each supported extension, as podcast apps expect it in the enclosure.
MIME_TYPES = AUDIO_TYPES

_PROBE_HINT = "if the new file is intended, run `archipelago probe` and commit media-manifest.json"
_RECORD_HINT = "run `archipelago probe` and commit media-manifest.json"
_MANIFEST_FIX = (
    "run `archipelago probe` to record the facts again instead of editing media-manifest.json"
    " by hand"
)

#: Magic bytes of files that are not MP3 or MPEG-4, so the message can say what the file is.
#: The flag says whether it is audio at all.
_OTHER_TYPES: tuple[tuple[bytes, str, bool], ...] = (
    (b"OggS", "an Ogg file", True),
    (b"fLaC", "a FLAC file", True),
    (b"FORM", "an AIFF file", True),
    (b"#!AMR", "an AMR file", True),
    (b"\x1a\x45\xdf\xa3", "a WebM or Matroska file", True),
    (b"0&\xb2u\x8ef\xcf\x11", "a Windows Media file", True),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", False),
    (b"\xff\xd8\xff", "a JPEG image", False),
    (b"GIF8", "a GIF image", False),
    (b"%PDF", "a PDF document", False),
    (b"PK\x03\x04", "a ZIP archive", False),
    (b"WEBVTT", "a WebVTT transcript", False),
    (b"<", "an HTML or XML page", False),
)


class AudioError(ProblemError):
    """An audio file, or its recorded facts, that cannot be used as they are."""


class ManifestError(ProblemError):
    """``media-manifest.json`` cannot be read; the problem names the entry at fault."""


# --- probing -------------------------------------------------------------------------------


def probe(path: Path, *, shown: str | None = None) -> AudioInfo:
    """Facts of one MP3 or MPEG-4 audio file, read from the file itself.

    Args:
        path: the file.
        shown: the name used in messages (e.g. ``episodes/media/001-arrival.mp3``);
            the file name by default.
    """
    name = shown if shown is not None else path.name
    suffix = path.suffix.lower()
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise AudioError(f"{name!r} does not exist", "check the file name and folder") from None
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            raise AudioError(f"{name!r} is empty (0 bytes)", "copy or export the audio file again")
        kind = _sniff(handle.read(64))
        _check_type(name, suffix, kind)
        handle.seek(0)
        # file_digest reads in fixed-size chunks: bounded memory for any file size.
        sha256 = hashlib.file_digest(handle, "sha256").hexdigest()
        if suffix == ".mp3":
            seconds = _mp3_seconds(handle, size, name)
        else:
            seconds = _mp4_seconds(handle, size, name)
    return AudioInfo(bytes=size, seconds=round(seconds, 3), mime=MIME_TYPES[suffix], sha256=sha256)


def _sniff(head: bytes) -> str | None:
    """``mp3``, ``mp4``, a description of another known type, or None when unknown."""
    if head.startswith(b"ID3") or _frame_header(head[:4]) is not None:
        return "mp3"
    if head[4:8] in (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip"):
        return "mp4"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "a WAV file"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:
        return "raw AAC (ADTS)"
    for magic, description, _audio in _OTHER_TYPES:
        if head.startswith(magic):
            return description
    return None


def _check_type(name: str, suffix: str, kind: str | None) -> None:
    """Refuse a file whose extension is unsupported or disagrees with its real type."""
    real = {"mp3": ".mp3", "mp4": ".m4a"}.get(kind or "")
    if suffix not in MIME_TYPES:
        ending = f"ends in {suffix}" if suffix else "has no extension"
        fix = f"rename it to {_renamed(name, real)!r}" if real else "export it as MP3"
        raise AudioError(f"{name!r} {ending}; podcast apps need MP3 (.mp3) or AAC (.m4a)", fix)
    expected = "mp3" if suffix == ".mp3" else "mp4"
    if kind == expected or kind is None:
        return  # unknown content is left to mutagen, which says whether it finds audio
    if real is not None:
        what = "an MP3 file" if kind == "mp3" else "an MPEG-4 (M4A) file"
        raise AudioError(
            f"{name!r} is {what} but its name ends in {suffix}",
            f"rename it to {_renamed(name, real)!r} and update the episode's audio field",
        )
    is_audio = next((audio for _, text, audio in _OTHER_TYPES if text == kind), True)
    if is_audio:
        raise AudioError(
            f"{name!r} is {kind}, not {_format_name(suffix)}; podcast apps need MP3 or AAC (.m4a)",
            "export it as MP3",
        )
    raise AudioError(f"{name!r} is not audio: it is {kind}", "export the episode's audio as MP3")


def _format_name(suffix: str) -> str:
    return "MP3" if suffix == ".mp3" else "MPEG-4 audio"


def _renamed(name: str, suffix: str) -> str:
    return str(PurePosixPath(name).with_suffix(suffix))


def _frame_header(data: bytes) -> tuple[int, int, int] | None:
    """(samples per frame, bitrate in bit/s, sample rate) of an MPEG layer III header, or None."""
    if len(data) < 4 or data[0] != 0xFF or data[1] & 0xE0 != 0xE0:
        return None
    version = (data[1] >> 3) & 0x3  # 0: MPEG 2.5, 1: reserved, 2: MPEG 2, 3: MPEG 1
    layer = (data[1] >> 1) & 0x3  # 1: layer III
    bitrate_index = data[2] >> 4
    rate_index = (data[2] >> 2) & 0x3
    if version == 1 or layer != 1 or bitrate_index in (0, 15) or rate_index == 3:
        return None
    if version == 3:
        kbps = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
        rates = (44100, 48000, 32000)
        samples = 1152
    else:
        kbps = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
        rates = (22050, 24000, 16000) if version == 2 else (11025, 12000, 8000)
        samples = 576
    return samples, kbps[bitrate_index] * 1000, rates[rate_index]


def _id3_end(handle: IO[bytes]) -> int:
    """Offset just past the ID3v2 tags at the start of the file (0 when there are none)."""
    offset = 0
    while True:  # some taggers write several tags in a row
        handle.seek(offset)
        header = handle.read(10)
        if len(header) < 10 or not header.startswith(b"ID3") or any(b & 0x80 for b in header[6:]):
            return offset
        size = (header[6] << 21) | (header[7] << 14) | (header[8] << 7) | header[9]
        footer = 10 if header[5] & 0x10 else 0
        offset += 10 + size + footer


def _mp3_seconds(handle: IO[bytes], size: int, name: str) -> float:
    # Imported here, not at the top: a build whose audio facts are all in the probe cache never
    # parses audio, and importing mutagen costs each build 20 ms of start-up.
    from mutagen import MutagenError
    from mutagen.mp3 import MPEGInfo

    not_audio = AudioError(f"{name!r} is not audio: no MPEG frames found", "export it again as MP3")
    handle.seek(0)
    try:
        # Only the stream: a damaged tag must not hide good audio.
        info = MPEGInfo(handle)
    except MutagenError:
        raise not_audio from None
    # mutagen searches the first megabyte for anything that looks like a frame, so it can
    # "find" audio in garbage: insist the first frame starts where the ID3 tags end
    # (after zero padding at most) and that the stream it found is plausible.
    start = _id3_end(handle)
    handle.seek(start)
    gap = handle.read(1 << 20)  # as far as mutagen searches
    first = start + len(gap) - len(gap.lstrip(b"\x00"))
    handle.seek(first)
    header = _frame_header(handle.read(4))
    if (
        header is None
        or getattr(info, "frame_offset", first) != first
        or info.layer != 3
        or not info.length > 0
        or not info.bitrate > 0
        or not 8000 <= info.sample_rate <= 48000
    ):
        raise not_audio
    # A header (Xing/Info/VBRI) announces the whole stream; a cut file holds less.
    samples_per_frame, _bitrate, sample_rate = header
    end = size
    handle.seek(max(0, size - 128))
    if size - first >= 128 and handle.read(3) == b"TAG":
        end -= 128  # ID3v1 tag
    audio_bytes = end - first
    announced = info.bitrate / 8 * info.length
    frame_bytes = samples_per_frame / 8 * info.bitrate / sample_rate + 1
    if announced > audio_bytes + 0.05 * announced + frame_bytes:
        held = audio_bytes * 8 / info.bitrate
        raise AudioError(
            f"{name!r} is truncated: its header announces {_duration(info.length)} of audio"
            f" but the file holds only about {_duration(held)}",
            "copy or export the complete file again",
        )
    return float(info.length)


def _mp4_seconds(handle: IO[bytes], size: int, name: str) -> float:
    from mutagen import MutagenError  # imported here: see _mp3_seconds
    from mutagen.mp4 import MP4, MP4Info

    not_audio = AudioError(
        f"{name!r} is not readable MPEG-4 audio", "export it again as AAC (.m4a) or MP3"
    )
    # mutagen skips past a top-level box that runs beyond the end of the file, so a cut
    # download passes unnoticed: walk the top-level boxes first.
    boxes = set()
    offset = 0
    while offset + 8 <= size:
        handle.seek(offset)
        length, box = struct.unpack(">I4s", handle.read(8))
        if length == 1:
            large = handle.read(8)
            if len(large) < 8:
                break
            (length,) = struct.unpack(">Q", large)
            if length < 16:
                raise not_audio
        elif length == 0:
            length = size - offset  # the last box may run to the end of the file
        elif length < 8:
            raise not_audio
        if offset + length > size:
            raise AudioError(
                f"{name!r} is truncated: it has {size} bytes but its contents need"
                f" {offset + length}",
                "copy or export the complete file again",
            )
        boxes.add(box)
        offset += length
    if b"moov" not in boxes:
        raise AudioError(
            f"{name!r} is incomplete: it has no index (no 'moov' box), as happens when an"
            " export or recording is interrupted",
            "export it again as AAC (.m4a) or MP3",
        )
    handle.seek(0)
    try:
        info = MP4(handle).info
    except MutagenError:
        raise not_audio from None
    if not isinstance(info, MP4Info):
        raise not_audio
    if not info.codec:
        raise AudioError(f"{name!r} has no audio track", "export the episode's audio as MP3")
    if not (info.codec.startswith("mp4a") or info.codec == "alac"):
        raise AudioError(
            f"{name!r} holds {info.codec_description} audio; podcast apps need AAC or ALAC in"
            " MPEG-4, or MP3",
            "export it as AAC (.m4a) or MP3",
        )
    if not info.length > 0:
        raise AudioError(f"{name!r} has an audio track of 0 seconds", "export it again")
    return float(info.length)


def _duration(seconds: float) -> str:
    """``2.0 s`` for short spans, ``1:06:43`` or ``4:05`` for long ones."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# --- the committed manifest ----------------------------------------------------------------


class MediaManifest:
    """The committed record of every audio file's facts, keyed by path under content/ or URL."""

    def __init__(self, entries: dict[str, AudioInfo] | None = None) -> None:
        self._entries: dict[str, AudioInfo] = dict(entries or {})

    @classmethod
    def load(cls, path: Path) -> MediaManifest:
        """Read the manifest; a missing file is an empty manifest."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls()
        return cls.loads(text)

    @classmethod
    def loads(cls, text: str) -> MediaManifest:
        """Parse the manifest's JSON text, refusing anything but the shape `dumps` writes."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ManifestError(
                f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
                "fix the JSON, or restore the file from git and run `archipelago probe` again",
                line=error.lineno,
            ) from None
        if not isinstance(data, dict):
            raise ManifestError(
                f"expected an object mapping each audio file to its facts, got {_kind(data)}",
                _MANIFEST_FIX,
            )
        return cls({key: _entry(key, value) for key, value in data.items()})

    def get(self, key: str) -> AudioInfo | None:
        """The recorded facts of ``key``, or None."""
        return self._entries.get(key)

    def set(self, key: str, info: AudioInfo) -> None:
        """Record the facts of ``key``."""
        self._entries[key] = info

    def remove(self, key: str) -> None:
        """Forget ``key``; nothing happens when it is not recorded."""
        self._entries.pop(key, None)

    def keys(self) -> list[str]:
        """Recorded keys, sorted."""
        return sorted(self._entries)

    def dumps(self) -> str:
        """The manifest as JSON text: sorted keys, two-space indent, trailing newline."""
        data = {
            key: {
                "bytes": info.bytes,
                "seconds": info.seconds,
                "mime": info.mime,
                # Remote audio recorded from its old feed (`archipelago import`) has no digest.
                **({"sha256": info.sha256} if info.sha256 else {}),
                # Loudness only once measured: manifests from before it stay as they were.
                **{
                    field: getattr(info, field)
                    for field in _MEASURED
                    if getattr(info, field) is not None
                },
            }
            for key, info in self._entries.items()
        }
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def save(self, path: Path) -> None:
        """Write the manifest atomically: a reader never sees half a file."""
        write_atomically(path, self.dumps())


_MIMES = frozenset(MIME_TYPES.values())
_FIELDS = ("bytes", "seconds", "mime", "sha256")
#: Optional: written by `archipelago probe` where ffmpeg measured them (`podcast.loudness`).
_MEASURED = ("loudness_lufs", "true_peak_dbtp", "channels")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _entry(key: str, value: object) -> AudioInfo:
    if not isinstance(value, dict):
        raise ManifestError(
            f"{key!r}: expected an object with {', '.join(_FIELDS)}, got {_kind(value)}",
            _MANIFEST_FIX,
        )
    # Remote audio may be recorded from the facts its old feed gave, unread: no digest.
    remote = "://" in key and "sha256" not in value
    value = {**value, "sha256": ""} if remote else value
    missing = [field for field in _FIELDS if field not in value]
    if missing:
        raise ManifestError(f"{key!r}: missing {', '.join(missing)}", _MANIFEST_FIX)
    unknown = sorted(set(value) - set(_FIELDS) - set(_MEASURED))
    if unknown:
        raise ManifestError(f"{key!r}: unknown field {', '.join(unknown)}", _MANIFEST_FIX)
    size, seconds, mime, sha256 = (value[field] for field in _FIELDS)
    if type(size) is not int or size <= 0:
        raise ManifestError(
            f"{key!r}: bytes: expected a positive whole number, got {size!r}", _MANIFEST_FIX
        )
    if type(seconds) not in (int, float) or not seconds > 0:
        raise ManifestError(
            f"{key!r}: seconds: expected a positive number, got {seconds!r}", _MANIFEST_FIX
        )
    if mime not in _MIMES:
        raise ManifestError(
            f"{key!r}: mime: expected one of {', '.join(sorted(_MIMES))}, got {mime!r}",
            _MANIFEST_FIX,
        )
    if not (isinstance(sha256, str) and (_SHA256.fullmatch(sha256) or (remote and not sha256))):
        raise ManifestError(
            f"{key!r}: sha256: expected 64 lowercase hexadecimal digits, got {sha256!r}",
            _MANIFEST_FIX,
        )
    info = AudioInfo(bytes=size, seconds=float(seconds), mime=mime, sha256=sha256)
    return _with_measured(key, value, info)


def _with_measured(key: str, value: dict[str, Any], info: AudioInfo) -> AudioInfo:
    """``info`` with the loudness fields ``value`` holds, each checked."""
    lufs, peak, channels = (value.get(field) for field in _MEASURED)
    for field, number in (("loudness_lufs", lufs), ("true_peak_dbtp", peak)):
        if number is not None and type(number) not in (int, float):
            message = f"{key!r}: {field}: expected a number, got {number!r}"
            raise ManifestError(message, _MANIFEST_FIX)
    if channels is not None and (type(channels) is not int or channels <= 0):
        raise ManifestError(
            f"{key!r}: channels: expected a positive whole number, got {channels!r}", _MANIFEST_FIX
        )
    return replace(
        info,
        loudness_lufs=None if lufs is None else float(lufs),
        true_peak_dbtp=None if peak is None else float(peak),
        channels=channels,
    )


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}"
    return repr(value)


# --- the local cache -----------------------------------------------------------------------


@dataclass(frozen=True)
class CacheEntry:
    """What a file looked like when it was last read, and the SHA-256 it had."""

    size: int
    mtime_ns: int
    sha256: str


class ProbeCache:
    """Files already checked against the manifest, so an unchanged file is not read again.

    Local and disposable (``.cache/archipelago/media.json``, ignored by git): a missing or
    corrupt cache only means the files are read once more.
    """

    def __init__(self, entries: dict[str, CacheEntry] | None = None) -> None:
        self._entries: dict[str, CacheEntry] = dict(entries or {})
        self.changed = False  # since it was loaded: an unchanged cache is not written again

    @classmethod
    def load(cls, path: Path) -> ProbeCache:
        """Read the cache; a missing or corrupt cache is an empty one."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls({key: _cache_entry(value) for key, value in data.items()})
        except (OSError, UnicodeDecodeError, ValueError, TypeError, AttributeError, KeyError):
            return cls()

    def get(self, key: str) -> CacheEntry | None:
        """The cached entry of ``key``, or None."""
        return self._entries.get(key)

    def set(self, key: str, entry: CacheEntry) -> None:
        """Remember ``entry`` for ``key``."""
        if self._entries.get(key) != entry:
            self._entries[key] = entry
            self.changed = True

    def dumps(self) -> str:
        """The cache as JSON text, sorted."""
        data = {
            key: {"size": entry.size, "mtime_ns": entry.mtime_ns, "sha256": entry.sha256}
            for key, entry in self._entries.items()
        }
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    def save(self, path: Path) -> None:
        """Write the cache, creating its folder, when it changed since it was loaded."""
        if self.changed or not path.is_file():
            write_atomically(path, self.dumps())
            self.changed = False


def _cache_entry(value: Any) -> CacheEntry:
    size, mtime_ns, sha256 = value["size"], value["mtime_ns"], value["sha256"]
    if type(size) is not int or type(mtime_ns) is not int or not isinstance(sha256, str):
        raise TypeError("malformed cache entry")
    return CacheEntry(size=size, mtime_ns=mtime_ns, sha256=sha256)


# --- what the build uses -------------------------------------------------------------------


class MediaFacts:
    """The audio facts of a build: from the manifest, checked against the files at hand."""

    def __init__(self, manifest: MediaManifest, cache: ProbeCache | None) -> None:
        self.manifest = manifest
        self.cache = cache if cache is not None else ProbeCache()
        self.files_read = 0

    def facts_for(self, key: str, file: Path | None, *, verify: bool = False) -> AudioInfo:
        """The facts of ``key``, checked against ``file`` when it is at hand.

        Args:
            key: the path under content/ or the URL, as recorded in the manifest.
            file: the local file, or None when the audio is not in the repository.
            verify: read the file even when the cache says it has not changed.
        """
        recorded = self.manifest.get(key)
        on_disk = _regular_file_stat(file)
        if on_disk is None:
            if recorded is not None:
                return recorded
            if file is None:
                raise AudioError(
                    f"the remote audio {key!r} has no recorded facts",
                    f"probe a copy of it: `archipelago probe --remote {key}=path/to/copy.mp3`,"
                    " then commit media-manifest.json",
                )
            raise AudioError(
                f"{key!r} does not exist under content/ and has no recorded facts",
                f"add the file at content/{key}, run `archipelago probe` and commit"
                " media-manifest.json",
            )
        assert file is not None  # a stat was taken
        cached = self.cache.get(key)
        if (
            not verify
            and recorded is not None
            and cached is not None
            and cached.size == on_disk.st_size
            and cached.mtime_ns == on_disk.st_mtime_ns
            and cached.sha256 == recorded.sha256
        ):
            return recorded
        info = self._probe(key, file, on_disk)
        if recorded is None:
            raise AudioError(
                f"audio facts for {key!r} are not recorded in media-manifest.json", _RECORD_HINT
            )
        changes = _changes(recorded, info)
        if changes:
            raise AudioError(
                f"{key!r} changed since its facts were recorded: {'; '.join(changes)}",
                _PROBE_HINT,
            )
        return recorded

    def record(
        self, key: str, file: Path, *, same_sound_as: AudioInfo | None = None
    ) -> tuple[AudioInfo | None, AudioInfo]:
        """Probe ``file`` and record its facts under ``key``: (previous facts, new facts).

        ``same_sound_as``: the facts of the file before a change that left its sound alone
        (a new ID3 tag); their loudness stands, so the audio is not decoded again.
        """
        old = self.manifest.get(key)
        new = self._probe(key, file, file.stat())
        if same_sound_as is not None and same_sound_as.loudness_lufs is not None:
            new = replace(
                new,
                loudness_lufs=same_sound_as.loudness_lufs,
                true_peak_dbtp=same_sound_as.true_peak_dbtp,
                channels=same_sound_as.channels,
            )
        elif meter_available():  # without ffmpeg the facts are recorded unmeasured
            try:
                loudness = measure_loudness(file, channel_count(file))
            except LoudnessError as exc:
                raise AudioError(exc.problem.message, exc.problem.fix) from None
            new = replace(
                new,
                loudness_lufs=loudness.integrated_lufs,
                true_peak_dbtp=loudness.true_peak_dbtp,
                channels=loudness.channels,
            )
        self.manifest.set(key, new)
        return old, new

    def save_cache(self, path: Path) -> None:
        """Write the cache of checked files, creating its folder."""
        self.cache.save(path)

    def _probe(self, key: str, file: Path, stat: os.stat_result) -> AudioInfo:
        # The stat is taken before reading: a file changed during the read gets a newer
        # mtime, so the cache entry written here never vouches for the changed file.
        self.files_read += 1
        info = probe(file, shown=key)
        self.cache.set(key, CacheEntry(stat.st_size, stat.st_mtime_ns, info.sha256))
        return info


def _regular_file_stat(file: Path | None) -> os.stat_result | None:
    """The stat of ``file`` when it is a regular file (one system call: a build asks for each
    episode's audio)."""
    if file is None:
        return None
    try:
        info = os.stat(file)
    except OSError:
        return None
    return info if S_ISREG(info.st_mode) else None


def _changes(recorded: AudioInfo, now: AudioInfo) -> list[str]:
    """``bytes 468710 recorded, 470001 now`` for each field that differs."""
    changes = []
    for field in _FIELDS:
        before, after = getattr(recorded, field), getattr(now, field)
        if before != after:
            if field == "sha256":  # the first digits are enough to tell them apart
                before, after = f"{before[:12]}…", f"{after[:12]}…"
            changes.append(f"{field} {before} recorded, {after} now")
    return changes
