"""Audio facts: probing real files, the committed manifest, the local cache, and `MediaFacts`."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import random
import shutil
import struct
from collections.abc import Callable
from pathlib import Path

import pytest
from mutagen.id3 import ID3, TIT2
from PIL import Image

from archipelago.podcast import audio
from archipelago.podcast.audio import (
    AudioError,
    AudioInfo,
    ManifestError,
    MediaFacts,
    MediaManifest,
    ProbeCache,
    probe,
)
from helpers.sites import MEDIA

CBR = MEDIA / "tone-cbr.mp3"  # 64 kbit/s, MPEG-1, with LAME's Info header
VBR = MEDIA / "tone-vbr.mp3"  # lame -V 9, MPEG-2, with a Xing header
NO_HEADER = MEDIA / "tone-cbr-noheader.mp3"  # 32 kbit/s, no Info header (lame -t)
M4A = MEDIA / "silence.m4a"  # built by make_m4a() below

KEY = "episodes/media/001-arrival.mp3"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- a hand-made MPEG-4 audio file (no ffmpeg needed) -----------------------------------------


def box(kind: bytes, *parts: bytes) -> bytes:
    payload = b"".join(parts)
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def full_box(kind: bytes, *parts: bytes, flags: int = 0) -> bytes:
    return box(kind, struct.pack(">I", flags), *parts)


MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
#: One AAC-LC raw data block of silence: a mono element with no spectral bands, then END.
SILENT_AAC_FRAME = bytes([0x00, 0x00, 0x00, 0x07])


def make_m4a(frames: int = 86, entry: bytes = b"mp4a", handler: bytes = b"soun") -> bytes:
    """A minimal, well-formed M4A: ``frames`` silent AAC-LC frames at 44.1 kHz, mono."""
    rate, duration = 44100, frames * 1024
    ftyp = box(b"ftyp", b"M4A ", struct.pack(">I", 0), b"M4A mp42isom")
    mvhd = full_box(
        b"mvhd",
        struct.pack(">4I", 0, 0, rate, duration),
        struct.pack(">IH10x", 0x10000, 0x100),
        MATRIX,
        bytes(24),
        struct.pack(">I", 2),
    )
    tkhd = full_box(
        b"tkhd",
        struct.pack(">5I", 0, 0, 1, 0, duration),
        bytes(8),
        struct.pack(">hhhh", 0, 0, 0x100, 0),
        MATRIX,
        struct.pack(">II", 0, 0),
        flags=7,
    )
    mdhd = full_box(b"mdhd", struct.pack(">4IHH", 0, 0, rate, duration, 0x55C4, 0))
    hdlr = full_box(b"hdlr", struct.pack(">I4s12x", 0, handler), b"SoundHandler\x00")
    config = bytes([0x12, 0x08])  # AudioSpecificConfig: AAC LC, 44.1 kHz, 1 channel
    decoder_info = b"\x05" + bytes([len(config)]) + config
    decoder = bytes([0x40, 0x15, 0, 0, 0]) + struct.pack(">II", 32000, 32000) + decoder_info
    stream = struct.pack(">HB", 1, 0) + b"\x04" + bytes([len(decoder)]) + decoder + b"\x06\x01\x02"
    esds = full_box(b"esds", b"\x03" + bytes([len(stream)]) + stream)
    extra = esds if entry == b"mp4a" else box(b"dOps", bytes(11))
    sample_entry = box(
        entry,
        bytes(6),
        struct.pack(">H", 1),
        bytes(8),
        struct.pack(">4HI", 1, 16, 0, 0, rate << 16),
        extra,
    )
    stsd = full_box(b"stsd", struct.pack(">I", 1), sample_entry)
    stts = full_box(b"stts", struct.pack(">III", 1, frames, 1024))
    stsc = full_box(b"stsc", struct.pack(">IIII", 1, 1, frames, 1))
    stsz = full_box(b"stsz", struct.pack(">II", len(SILENT_AAC_FRAME), frames))
    dinf = box(b"dinf", full_box(b"dref", struct.pack(">I", 1), full_box(b"url ", flags=1)))

    def moov(data_offset: int) -> bytes:
        stco = full_box(b"stco", struct.pack(">II", 1, data_offset))
        minf = box(
            b"minf", full_box(b"smhd", bytes(4)), dinf, box(b"stbl", stsd, stts, stsc, stsz, stco)
        )
        return box(b"moov", mvhd, box(b"trak", tkhd, box(b"mdia", mdhd, hdlr, minf)))

    index = moov(len(ftyp) + len(moov(0)) + 8)
    return ftyp + index + box(b"mdat", SILENT_AAC_FRAME * frames)


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- probe: good files ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "seconds"),
    [(CBR, 2.0), (VBR, 2.0), (NO_HEADER, 2.064)],
    ids=["cbr", "vbr", "cbr-no-header"],
)
def test_probe_mp3(fixture: Path, seconds: float) -> None:
    info = probe(fixture)
    assert info == AudioInfo(
        bytes=fixture.stat().st_size, seconds=seconds, mime="audio/mpeg", sha256=sha256(fixture)
    )


def test_fixtures_stay_small() -> None:
    assert sum(path.stat().st_size for path in MEDIA.iterdir()) < 60_000


def test_probe_mp3_after_an_id3_tag(tmp_path: Path) -> None:
    path = tmp_path / "tagged.mp3"
    shutil.copy(CBR, path)
    tags = ID3()
    tags.add(TIT2(encoding=3, text="Arrival"))
    tags.save(path)
    info = probe(path)
    assert path.read_bytes().startswith(b"ID3")
    assert info.bytes > CBR.stat().st_size
    assert (info.seconds, info.mime) == (2.0, "audio/mpeg")


def test_committed_m4a_is_the_one_make_m4a_builds() -> None:
    assert M4A.read_bytes() == make_m4a()


@pytest.mark.parametrize(("name", "mime"), [("a.m4a", "audio/x-m4a"), ("a.mp4", "audio/mp4")])
def test_probe_mpeg4(tmp_path: Path, name: str, mime: str) -> None:
    path = write(tmp_path / name, M4A.read_bytes())
    # 86 frames × 1024 samples at 44.1 kHz
    assert probe(path) == AudioInfo(bytes=932, seconds=1.997, mime=mime, sha256=sha256(M4A))


def test_probe_uppercase_extension(tmp_path: Path) -> None:
    path = write(tmp_path / "LOUD.MP3", CBR.read_bytes())
    assert probe(path).mime == "audio/mpeg"


def test_headerless_cbr_cut_short_is_just_a_shorter_file(tmp_path: Path) -> None:
    # Without an Info header nothing announces the length: mutagen measures it from the size,
    # so the facts describe what the file really holds.
    data = NO_HEADER.read_bytes()
    path = write(tmp_path / "short.mp3", data[: len(data) // 2])
    assert probe(path).seconds == 1.032


# --- probe: broken files ----------------------------------------------------------------------


def half(path: Path) -> bytes:
    data = path.read_bytes()
    return data[: len(data) // 2]


def junk_then_mp3() -> bytes:
    return b"\x12\x34" * 100 + CBR.read_bytes()


BROKEN = [
    (
        "notes.mp3",
        lambda: b"These are my show notes, not audio.\n" * 20,
        "'notes.mp3' is not audio: no MPEG frames found",
        "export it again as MP3",
    ),
    (
        "noise.mp3",
        lambda: random.Random(7).randbytes(20_000),
        "'noise.mp3' is not audio: no MPEG frames found",
        "export it again as MP3",
    ),
    (
        "junk.mp3",
        junk_then_mp3,
        "'junk.mp3' is not audio: no MPEG frames found",
        "export it again as MP3",
    ),
    (
        "empty.mp3",
        lambda: b"",
        "'empty.mp3' is empty (0 bytes)",
        "copy or export the audio file again",
    ),
    (
        "cut-cbr.mp3",
        lambda: half(CBR),
        "'cut-cbr.mp3' is truncated: its header announces 2.0 s of audio but the file holds"
        " only about 1.0 s",
        "copy or export the complete file again",
    ),
    (
        "cut-vbr.mp3",
        lambda: half(VBR),
        "'cut-vbr.mp3' is truncated: its header announces 2.0 s of audio but the file holds"
        " only about 1.1 s",
        "copy or export the complete file again",
    ),
    (
        "cover.mp3",
        png_bytes,
        "'cover.mp3' is not audio: it is a PNG image",
        "export the episode's audio as MP3",
    ),
    (
        "speech.mp3",
        lambda: b"OggS\x00\x02" + bytes(100),
        "'speech.mp3' is an Ogg file, not MP3; podcast apps need MP3 or AAC (.m4a)",
        "export it as MP3",
    ),
    (
        "speech.m4a",
        lambda: b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(100),
        "'speech.m4a' is a WAV file, not MPEG-4 audio; podcast apps need MP3 or AAC (.m4a)",
        "export it as MP3",
    ),
    (
        "episode.m4a",
        CBR.read_bytes,
        "'episode.m4a' is an MP3 file but its name ends in .m4a",
        "rename it to 'episode.mp3' and update the episode's audio field",
    ),
    (
        "episode.mp3",
        M4A.read_bytes,
        "'episode.mp3' is an MPEG-4 (M4A) file but its name ends in .mp3",
        "rename it to 'episode.m4a' and update the episode's audio field",
    ),
    (
        "episode.ogg",
        CBR.read_bytes,
        "'episode.ogg' ends in .ogg; podcast apps need MP3 (.mp3) or AAC (.m4a)",
        "rename it to 'episode.mp3'",
    ),
    (
        "episode.wav",
        lambda: b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(100),
        "'episode.wav' ends in .wav; podcast apps need MP3 (.mp3) or AAC (.m4a)",
        "export it as MP3",
    ),
    (
        "episode",
        CBR.read_bytes,
        "'episode' has no extension; podcast apps need MP3 (.mp3) or AAC (.m4a)",
        "rename it to 'episode.mp3'",
    ),
    (
        "cut.m4a",
        lambda: M4A.read_bytes()[:-100],
        "'cut.m4a' is truncated: it has 832 bytes but its contents need 932",
        "copy or export the complete file again",
    ),
    (
        "header-only.m4a",
        lambda: M4A.read_bytes()[:28],
        "'header-only.m4a' is incomplete: it has no index (no 'moov' box), as happens when an"
        " export or recording is interrupted",
        "export it again as AAC (.m4a) or MP3",
    ),
    (
        "video.mp4",
        lambda: make_m4a(handler=b"vide"),
        "'video.mp4' has no audio track",
        "export the episode's audio as MP3",
    ),
    (
        "opus.m4a",
        lambda: make_m4a(entry=b"Opus"),
        "'opus.m4a' holds OPUS audio; podcast apps need AAC or ALAC in MPEG-4, or MP3",
        "export it as AAC (.m4a) or MP3",
    ),
    (
        "silent.m4a",
        lambda: make_m4a(frames=0),
        "'silent.m4a' has an audio track of 0 seconds",
        "export it again",
    ),
]


@pytest.mark.parametrize(("name", "make", "message", "hint"), BROKEN, ids=[b[0] for b in BROKEN])
def test_probe_refuses(
    tmp_path: Path, name: str, make: Callable[[], bytes], message: str, hint: str
) -> None:
    path = write(tmp_path / name, make())
    with pytest.raises(AudioError) as caught:
        probe(path)
    assert (caught.value.problem.message, caught.value.problem.fix) == (message, hint)
    assert str(caught.value) == message


def test_probe_names_the_file_as_shown(tmp_path: Path) -> None:
    path = write(tmp_path / "x.mp3", b"not audio")
    with pytest.raises(AudioError, match=r"^'episodes/media/x.mp3' is not audio"):
        probe(path, shown="episodes/media/x.mp3")


def test_probe_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AudioError) as caught:
        probe(tmp_path / "gone.mp3")
    assert caught.value.problem.message == "'gone.mp3' does not exist"


# --- the manifest -----------------------------------------------------------------------------

CBR_INFO = AudioInfo(
    bytes=16508,
    seconds=2.0,
    mime="audio/mpeg",
    sha256="cf642ff9bce281a308b4de5d1f7bd82acc51d2d89c3307ad493337b7b81c115a",
)
#: As `record` (`archipelago probe`) keeps it: with its loudness, measured by ffmpeg.
RECORDED_CBR = dataclasses.replace(CBR_INFO, loudness_lufs=-15.3, true_peak_dbtp=-10.9, channels=1)
URL_INFO = AudioInfo(bytes=468710, seconds=66.843, mime="audio/x-m4a", sha256="ab" * 32)
URL = "https://cdn.example.org/épisode-2.m4a"

MANIFEST_TEXT = f"""{{
  "episodes/media/001-arrival.mp3": {{
    "bytes": 16508,
    "mime": "audio/mpeg",
    "seconds": 2.0,
    "sha256": "cf642ff9bce281a308b4de5d1f7bd82acc51d2d89c3307ad493337b7b81c115a"
  }},
  "https://cdn.example.org/épisode-2.m4a": {{
    "bytes": 468710,
    "mime": "audio/x-m4a",
    "seconds": 66.843,
    "sha256": "{"ab" * 32}"
  }}
}}
"""


def test_fixture_facts_match_the_manifest_example() -> None:
    assert probe(CBR) == CBR_INFO


def test_manifest_dumps_is_sorted_and_stable() -> None:
    first, second = MediaManifest(), MediaManifest()
    first.set(URL, URL_INFO)
    first.set(KEY, CBR_INFO)
    second.set(KEY, CBR_INFO)
    second.set(URL, URL_INFO)
    assert first.dumps() == second.dumps() == MANIFEST_TEXT


def test_manifest_round_trip_is_byte_identical(tmp_path: Path) -> None:
    path = tmp_path / "media-manifest.json"
    path.write_bytes(MANIFEST_TEXT.encode("utf-8"))
    manifest = MediaManifest.load(path)
    assert manifest.keys() == [KEY, URL]
    assert manifest.get(URL) == URL_INFO
    manifest.save(path)
    assert path.read_bytes() == MANIFEST_TEXT.encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["media-manifest.json"]  # no temp file left


def test_manifest_missing_file_is_empty(tmp_path: Path) -> None:
    manifest = MediaManifest.load(tmp_path / "media-manifest.json")
    assert manifest.keys() == []
    assert manifest.dumps() == "{}\n"


def test_manifest_set_get_remove() -> None:
    manifest = MediaManifest()
    manifest.set(KEY, CBR_INFO)
    assert manifest.get(KEY) == CBR_INFO
    manifest.remove(KEY)
    manifest.remove(KEY)  # forgetting twice is fine
    assert manifest.get(KEY) is None
    assert manifest.keys() == []


def test_manifest_save_creates_the_folder_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "media-manifest.json"
    manifest = MediaManifest({KEY: CBR_INFO})
    manifest.save(path)
    manifest.remove(KEY)
    manifest.save(path)
    assert path.read_text(encoding="utf-8") == "{}\n"


def entry(**changes: object) -> dict[str, object]:
    value: dict[str, object] = {
        "bytes": 16508,
        "mime": "audio/mpeg",
        "seconds": 2.0,
        "sha256": "0" * 64,
    }
    value.update(changes)
    return {key: item for key, item in value.items() if item is not ...}


HINT = (
    "run `archipelago probe` to record the facts again instead of editing media-manifest.json"
    " by hand"
)
BAD_MANIFESTS = [
    ([KEY], "expected an object mapping each audio file to its facts, got a list"),
    ({KEY: [1, 2]}, f"'{KEY}': expected an object with bytes, seconds, mime, sha256, got a list"),
    ({KEY: entry(sha256=...)}, f"'{KEY}': missing sha256"),
    ({KEY: entry(size=3)}, f"'{KEY}': unknown field size"),
    ({KEY: entry(bytes="16508")}, f"'{KEY}': bytes: expected a positive whole number, got '16508'"),
    ({KEY: entry(bytes=True)}, f"'{KEY}': bytes: expected a positive whole number, got True"),
    ({KEY: entry(bytes=0)}, f"'{KEY}': bytes: expected a positive whole number, got 0"),
    ({KEY: entry(seconds=-1)}, f"'{KEY}': seconds: expected a positive number, got -1"),
    ({KEY: entry(seconds="2")}, f"'{KEY}': seconds: expected a positive number, got '2'"),
    (
        {KEY: entry(mime="audio/ogg")},
        f"'{KEY}': mime: expected one of audio/mp4, audio/mpeg, audio/x-m4a, got 'audio/ogg'",
    ),
    (
        {KEY: entry(sha256="ABC")},
        f"'{KEY}': sha256: expected 64 lowercase hexadecimal digits, got 'ABC'",
    ),
]


@pytest.mark.parametrize(("data", "message"), BAD_MANIFESTS)
def test_manifest_refuses_wrong_shapes(tmp_path: Path, data: object, message: str) -> None:
    path = tmp_path / "media-manifest.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ManifestError) as caught:
        MediaManifest.load(path)
    assert (caught.value.problem.message, caught.value.problem.fix) == (message, HINT)


def test_manifest_refuses_malformed_json(tmp_path: Path) -> None:
    path = tmp_path / "media-manifest.json"
    path.write_text('{\n  "a.mp3": {"bytes": 1,}\n}\n', encoding="utf-8")
    with pytest.raises(ManifestError) as caught:
        MediaManifest.load(path)
    assert caught.value.problem.message == (
        "is not valid JSON: Expecting property name enclosed in double quotes (line 2, column 24)"
    )
    assert caught.value.problem.line == 2


def test_int_seconds_are_read_as_float() -> None:
    manifest = MediaManifest.loads(json.dumps({KEY: entry(seconds=2)}))
    assert manifest.get(KEY) == AudioInfo(16508, 2.0, "audio/mpeg", "0" * 64)


# --- the cache and MediaFacts -----------------------------------------------------------------


@pytest.fixture
def media(tmp_path: Path) -> Path:
    """A copy of the CBR fixture where the build would find it."""
    return write(tmp_path / "content" / KEY, CBR.read_bytes())


def recorded(file: Path) -> MediaManifest:
    manifest = MediaManifest()
    MediaFacts(manifest, None).record(KEY, file)
    return manifest


def refuse_to_probe(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(path: Path, *, shown: str | None = None) -> AudioInfo:
        raise AssertionError(f"{path} was read")

    monkeypatch.setattr(audio, "probe", fail)


def test_record_returns_old_and_new(media: Path) -> None:
    facts = MediaFacts(MediaManifest(), None)
    assert facts.record(KEY, media) == (None, RECORDED_CBR)
    shutil.copy(NO_HEADER, media)
    old, new = facts.record(KEY, media)
    assert (old, new.seconds) == (RECORDED_CBR, 2.064)
    assert facts.manifest.get(KEY) == new
    assert facts.files_read == 2


def test_unchanged_file_is_not_read_again(
    media: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = recorded(media)
    cache_path = tmp_path / ".cache" / "archipelago" / "media.json"
    first = MediaFacts(manifest, ProbeCache.load(cache_path))
    assert first.facts_for(KEY, media) == RECORDED_CBR
    assert first.files_read == 1
    first.save_cache(cache_path)

    stat = media.stat()
    assert json.loads(cache_path.read_text(encoding="utf-8")) == {
        KEY: {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": CBR_INFO.sha256}
    }
    refuse_to_probe(monkeypatch)
    second = MediaFacts(manifest, ProbeCache.load(cache_path))
    assert second.facts_for(KEY, media) == RECORDED_CBR
    assert second.files_read == 0


def test_changed_file_is_an_error_naming_both_values(media: Path, tmp_path: Path) -> None:
    manifest = recorded(media)
    cache_path = tmp_path / "cache.json"
    first = MediaFacts(manifest, None)
    first.facts_for(KEY, media)
    first.save_cache(cache_path)

    media.write_bytes(NO_HEADER.read_bytes())
    stat = media.stat()
    os.utime(media, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # touch
    facts = MediaFacts(manifest, ProbeCache.load(cache_path))
    with pytest.raises(AudioError) as caught:
        facts.facts_for(KEY, media)
    assert caught.value.problem.message == (
        f"'{KEY}' changed since its facts were recorded: bytes 16508 recorded, 8255 now;"
        " seconds 2.0 recorded, 2.064 now; sha256 cf642ff9bce2… recorded, 1dee3bc1dabf… now"
    )
    assert caught.value.problem.fix == (
        "if the new file is intended, run `archipelago probe` and commit media-manifest.json"
    )
    assert facts.files_read == 1


def test_verify_reads_the_file_despite_the_cache(media: Path) -> None:
    manifest = recorded(media)
    facts = MediaFacts(manifest, None)
    facts.facts_for(KEY, media)
    # Same size and modification time, different content: only verify notices.
    stat = media.stat()
    data = bytearray(media.read_bytes())
    data[5000] ^= 0xFF
    media.write_bytes(bytes(data))
    os.utime(media, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert facts.facts_for(KEY, media) == RECORDED_CBR
    assert facts.files_read == 1
    with pytest.raises(AudioError, match=r"changed since .*: sha256 cf642ff9bce2… recorded"):
        facts.facts_for(KEY, media, verify=True)
    assert facts.files_read == 2


def test_cache_entry_for_other_facts_is_not_trusted(media: Path, tmp_path: Path) -> None:
    # The manifest changed (say, a `git pull`) while the cache still vouches for the old file.
    facts = MediaFacts(recorded(media), None)
    facts.facts_for(KEY, media)
    facts.manifest.set(KEY, URL_INFO)
    with pytest.raises(AudioError, match="changed since its facts were recorded: bytes 468710"):
        facts.facts_for(KEY, media)
    assert facts.files_read == 2


def test_file_without_recorded_facts(media: Path) -> None:
    facts = MediaFacts(MediaManifest(), None)
    with pytest.raises(AudioError) as caught:
        facts.facts_for(KEY, media)
    assert (caught.value.problem.message, caught.value.problem.fix) == (
        f"audio facts for '{KEY}' are not recorded in media-manifest.json",
        "run `archipelago probe` and commit media-manifest.json",
    )


def test_broken_file_is_named_by_its_key(media: Path) -> None:
    manifest = recorded(media)
    media.write_bytes(b"oops")
    with pytest.raises(AudioError, match=f"^'{KEY}' is not audio: no MPEG frames found$"):
        MediaFacts(manifest, None).facts_for(KEY, media)


@pytest.mark.parametrize("pass_none", [False, True], ids=["file-missing", "file-none"])
def test_no_file_falls_back_to_the_manifest(
    media: Path, monkeypatch: pytest.MonkeyPatch, pass_none: bool
) -> None:
    manifest = recorded(media)
    media.unlink()
    refuse_to_probe(monkeypatch)
    facts = MediaFacts(manifest, None)
    assert facts.facts_for(KEY, None if pass_none else media, verify=True) == RECORDED_CBR
    assert facts.files_read == 0


def test_url_key_comes_from_the_manifest() -> None:
    facts = MediaFacts(MediaManifest({URL: URL_INFO}), None)
    assert facts.facts_for(URL, None) == URL_INFO


def test_no_file_and_no_facts(tmp_path: Path) -> None:
    facts = MediaFacts(MediaManifest(), None)
    with pytest.raises(AudioError) as caught:
        facts.facts_for(KEY, tmp_path / "missing.mp3")
    assert (caught.value.problem.message, caught.value.problem.fix) == (
        f"'{KEY}' does not exist under content/ and has no recorded facts",
        f"add the file at content/{KEY}, run `archipelago probe` and commit media-manifest.json",
    )
    with pytest.raises(AudioError) as remote:
        facts.facts_for("https://cdn.example.org/a.mp3", None)
    assert remote.value.problem.message == (
        "the remote audio 'https://cdn.example.org/a.mp3' has no recorded facts"
    )


@pytest.mark.parametrize(
    "text",
    ["not json", "[1, 2]", '{"k": {"size": "1", "mtime_ns": 2, "sha256": "x"}}', '{"k": 3}'],
)
def test_corrupt_cache_is_ignored(media: Path, tmp_path: Path, text: str) -> None:
    manifest = recorded(media)
    cache_path = write(tmp_path / "cache.json", text.encode())
    facts = MediaFacts(manifest, ProbeCache.load(cache_path))
    assert facts.facts_for(KEY, media) == RECORDED_CBR
    assert facts.files_read == 1
    facts.save_cache(cache_path)
    assert list(json.loads(cache_path.read_text(encoding="utf-8"))) == [KEY]


def test_cache_save_creates_folders(tmp_path: Path) -> None:
    path = tmp_path / ".cache" / "archipelago" / "media.json"
    ProbeCache().save(path)
    assert path.read_text(encoding="utf-8") == "{}\n"


def test_recorded_loudness_is_kept_and_older_manifests_still_load() -> None:
    old = {"bytes": 10, "seconds": 1.5, "mime": "audio/mpeg", "sha256": "a" * 64}
    measured = {**old, "loudness_lufs": -19.2, "true_peak_dbtp": -1.6, "channels": 1}
    manifest = MediaManifest.loads(json.dumps({"old.mp3": old, "new.mp3": measured}))
    assert manifest.get("old.mp3") == AudioInfo(10, 1.5, "audio/mpeg", "a" * 64)
    loudness = manifest.get("new.mp3")
    assert loudness is not None
    assert (loudness.loudness_lufs, loudness.true_peak_dbtp, loudness.channels) == (-19.2, -1.6, 1)
    # Written back as read: an entry without loudness gains no empty fields.
    assert json.loads(manifest.dumps()) == {"old.mp3": old, "new.mp3": measured}


def test_a_mistyped_loudness_is_refused() -> None:
    entry = {"bytes": 10, "seconds": 1.5, "mime": "audio/mpeg", "sha256": "a" * 64}
    with pytest.raises(ManifestError, match="loudness_lufs: expected a number, got '-19'"):
        MediaManifest.loads(json.dumps({"a.mp3": {**entry, "loudness_lufs": "-19"}}))
