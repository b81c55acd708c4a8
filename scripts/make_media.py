"""Generate the demo show's media: episode audio, WebVTT transcripts, chapters and artwork.

Each episode is a spoken script in ``scripts/episodes/NNN-slug.yml``. For every episode this
writes, from that script alone:

- ``content/episodes/media/NNN-slug.mp3``: the speech, synthesised with espeak-ng one cue at a
  time, joined with Python's ``wave`` module, mastered with ffmpeg to the podcast loudness
  target (-19 LUFS mono ±0.5, true peak at most -1.5 dBTP: a fixed gain and a limiter) and
  encoded by lame (mono, 22.05 kHz, CBR), then tagged by the package's ID3 writer
  (`archipelago.podcast.id3_tags`) from the episode's Markdown file, as `archipelago media tag`
  would tag it;
- ``content/episodes/media/NNN-slug.vtt``: a WebVTT transcript whose cue times come from the
  real frame counts of the synthesised speech, so they match the audio exactly;
- ``content/episodes/media/NNN-slug.png``: the episode artwork;
- ``scripts/episodes/NNN-slug.chapters.yml``: chapter start times (whole seconds, rounded down)
  to paste under ``chapters:`` in the episode's front matter. Markdown files are never rewritten.

A script may set ``type: trailer`` (or ``bonus``), which labels the artwork "Trailer" (or
"Bonus") instead of "Episode N", and a ``pronounce:`` table of words that
espeak-ng says badly, each with a respelling or ``[[phonemes]]`` to say instead; the transcript
keeps the written word.

It also draws the show artwork, ``content/assets/show-art.png``, and from the same scene the
site's logo and favicon (``logo.png``, ``favicon.png``). The output is deterministic:
the same scripts, episode files, espeak-ng, ffmpeg, lame and Pillow give byte-identical files,
which ``--check`` verifies against the committed ones.

Usage::

    python scripts/make_media.py              # every episode
    python scripts/make_media.py 001-arrival  # only these episodes (the show art is always made)
    python scripts/make_media.py --check      # exit 1 if the committed media are out of date
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import yaml
from mutagen.mp3 import MP3
from PIL import Image, ImageDraw, ImageFont, features

from archipelago.content.entries import Content
from archipelago.content.load import load_sources, read_sources
from archipelago.podcast.id3_tags import ART_TYPES, Cover, episode_tag, write_tag
from archipelago.podcast.loudness import measure_loudness
from archipelago.project import check_tree, read_project_config
from archipelago.urls import page_path, with_slash

ROOT = Path(__file__).resolve().parent.parent
EPISODES_DIR = Path("scripts/episodes")  # paths below are relative to the repository root
MEDIA_DIR = Path("content/episodes/media")
SHOW_ART = Path("content/assets/show-art.png")
#: The site's header logo and browser icon: the show's scene without words, small.
ICONS = {Path("content/assets/logo.png"): 96, Path("content/assets/favicon.png"): 64}

SHOW_TITLE = "Not an Island"
SHOW_TAGLINE = "Freelancers, community & resilience"
SAMPLE_RATE = 22050  # espeak-ng's native rate; lame keeps it
# At 22.05 kHz a CBR frame below 56 kbps is too small for lame's Info/LAME tag, and without it
# players (and mutagen) estimate the duration from the file size, about 0.05 s too long.
MP3_BITRATE_KBPS = 56
ART_SIZE = 1400
# Pin the locale, so espeak-ng reads "Tomás" the same everywhere.
TOOL_ENV = {**os.environ, "LC_ALL": "C.UTF-8"}
TOOLS = ("espeak-ng", "lame", "ffmpeg")
#: Mastering: where the episodes' loudness lands (the podcast target for mono), how close, and
#: the limiter's ceiling (linear, -2.5 dBFS) that keeps the true peak under -1.5 dBTP after lame.
TARGET_LUFS = -19.0
LANDED_WITHIN_LU = 0.2
MAX_TRUE_PEAK_DBTP = -1.5
LIMITER_CEILING = 0.75
SCRIPT_NAME = re.compile(r"(?P<number>\d{3})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)")
MAX_CUE_CHARS = 150
EPISODE_TYPES = ("full", "trailer", "bonus")  # as in the Episode model's `type`
ART_TEXT_WIDTH = ART_SIZE - 120  # titles wider than this are drawn smaller


class ScriptError(Exception):
    """An episode script that cannot be read; the message names the file and the fix."""


@dataclass(frozen=True)
class Speaker:
    """Who speaks: the name shown in the transcript and the espeak-ng voice."""

    name: str
    voice: str
    pitch: int


@dataclass(frozen=True)
class Segment:
    """One turn of speech, optionally starting a chapter."""

    speaker: Speaker
    text: str
    chapter: str | None


@dataclass(frozen=True)
class EpisodeScript:
    """An episode's spoken script as read from ``scripts/episodes/NNN-slug.yml``."""

    name: str  # NNN-slug
    number: int
    title: str
    rate: int
    gap: float
    segments: tuple[Segment, ...]
    type: str = "full"
    pronounce: tuple[tuple[str, str], ...] = ()  # (written word, what espeak-ng is given)


@dataclass(frozen=True)
class Cue:
    """A transcript cue, timed in audio frames."""

    start: int
    end: int
    speaker: str
    text: str


@dataclass(frozen=True)
class Chapter:
    """A chapter mark, timed in audio frames."""

    start: int
    title: str


# --- reading scripts -----------------------------------------------------------------------------


def _require(data: dict[str, object], key: str, kind: type, where: str) -> object:
    """The value of ``key``, which must exist and be of ``kind``."""
    value = data.get(key)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise ScriptError(f"{where}: `{key}` must be a {kind.__name__}, got {value!r}")
    return value


def _is_int(value: object) -> bool:
    """Whether ``value`` is a whole number (YAML's true and false are not)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _check_keys(data: object, allowed: set[str], required: set[str], where: str) -> dict:
    """``data`` as a mapping with only ``allowed`` keys and every ``required`` one."""
    if not isinstance(data, dict):
        raise ScriptError(f"{where}: expected `key: value` lines, got {data!r}")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ScriptError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(allowed)}")
    missing = sorted(required - set(data))
    if missing:
        raise ScriptError(f"{where}: missing key(s) {missing}")
    return data


def read_script(path: Path) -> EpisodeScript:
    """Parse and check one episode script."""
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    name = path.name.removesuffix(".yml")
    match = SCRIPT_NAME.fullmatch(name)
    if not match:
        raise ScriptError(f"{shown}: name it NNN-slug.yml, like 001-arrival.yml")
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ScriptError(f"{shown}: YAML does not parse: {exc}") from exc
    data = _check_keys(
        loaded,
        {"number", "title", "type", "rate", "gap", "speakers", "segments", "pronounce"},
        {"number", "title", "speakers", "segments"},
        str(shown),
    )
    number = _require(data, "number", int, str(shown))
    if number != int(match["number"]):
        raise ScriptError(f"{shown}: number is {number}, but the file name says {match['number']}")
    speakers: dict[str, Speaker] = {}
    for key, spec in _require(data, "speakers", dict, str(shown)).items():
        where = f"{shown}: speakers.{key}"
        spec = _check_keys(spec, {"name", "voice", "pitch"}, {"name", "voice"}, where)
        pitch = spec.get("pitch", 50)
        if not _is_int(pitch) or not 0 <= pitch <= 99:
            raise ScriptError(f"{where}: pitch must be a whole number from 0 to 99")
        speakers[str(key)] = Speaker(
            str(_require(spec, "name", str, where)), str(_require(spec, "voice", str, where)), pitch
        )
    segments = []
    for index, spec in enumerate(_require(data, "segments", list, str(shown))):
        where = f"{shown}: segments[{index}]"
        spec = _check_keys(spec, {"speaker", "text", "chapter"}, {"speaker", "text"}, where)
        speaker = speakers.get(str(spec["speaker"]))
        if speaker is None:
            raise ScriptError(f"{where}: speaker {spec['speaker']!r} is not under `speakers:`")
        text = " ".join(str(_require(spec, "text", str, where)).split())
        if not text:
            raise ScriptError(f"{where}: text is empty")
        chapter = spec.get("chapter")
        if chapter is not None and not isinstance(chapter, str):
            raise ScriptError(f"{where}: chapter must be a title, got {chapter!r}")
        segments.append(Segment(speaker, text, chapter))
    if not segments:
        raise ScriptError(f"{shown}: `segments` lists nothing to say")
    if segments[0].chapter is None and any(segment.chapter for segment in segments):
        raise ScriptError(f"{shown}: the first segment must start a chapter, if any segment does")
    gap = data.get("gap", 0.4)
    if not isinstance(gap, int | float) or isinstance(gap, bool) or not 0 <= gap <= 5:
        raise ScriptError(f"{shown}: gap must be a number of seconds from 0 to 5")
    rate = data.get("rate", 160)
    if not _is_int(rate) or not 80 <= rate <= 450:
        raise ScriptError(f"{shown}: rate must be words per minute, from 80 to 450")
    title = str(_require(data, "title", str, str(shown)))
    kind = data.get("type", "full")
    if kind not in EPISODE_TYPES:
        raise ScriptError(f"{shown}: type must be one of {', '.join(EPISODE_TYPES)}, got {kind!r}")
    pronounce = data.get("pronounce", {})
    if not isinstance(pronounce, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k.strip() and v.strip()
        for k, v in pronounce.items()
    ):
        raise ScriptError(f"{shown}: pronounce must map written words to what to say instead")
    # Longest first, so "Inès Varga" is replaced before "Inès" if both are listed.
    table = tuple(sorted(pronounce.items(), key=lambda item: (-len(item[0]), item[0])))
    return EpisodeScript(name, number, title, rate, float(gap), tuple(segments), str(kind), table)


def spoken(text: str, pronounce: tuple[tuple[str, str], ...]) -> str:
    """``text`` as handed to espeak-ng: each listed whole word replaced by its pronunciation."""
    for word, say in pronounce:
        # Backslashes doubled: re.sub reads the replacement as a template.
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", say.replace("\\", "\\\\"), text)
    return text


def split_cues(text: str) -> list[str]:
    """Split a segment into cue texts of at most two sentences (one when two are too long)."""
    cues: list[str] = []
    pending: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if pending and (len(pending) == 2 or len(" ".join([*pending, sentence])) > MAX_CUE_CHARS):
            cues.append(" ".join(pending))
            pending = []
        pending.append(sentence)
    if pending:
        cues.append(" ".join(pending))
    return cues


# --- audio ---------------------------------------------------------------------------------------


def check_tools() -> None:
    """Stop with an install hint when espeak-ng or lame (or Pillow's FreeType) is missing."""
    if not features.check("freetype2"):
        # Without FreeType, load_default(size=...) silently falls back to a tiny bitmap font.
        sys.exit("make_media.py: this Pillow has no FreeType support; install Pillow from PyPI")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        sys.exit(
            f"make_media.py: {' and '.join(missing)} not found on PATH"
            " (install with: sudo apt-get install espeak-ng lame ffmpeg)"
        )


def tool_versions() -> str:
    """The first line of each tool's version output, for messages about differing output."""
    lines = []
    for tool in TOOLS:
        result = subprocess.run(
            [tool, "--version"], check=True, capture_output=True, text=True, env=TOOL_ENV
        )
        # espeak-ng adds "  Data at: <path>" to its version line; the path is no version.
        lines.append(result.stdout.strip().splitlines()[0].split("  Data at")[0])
    return "; ".join(lines)


def synthesise(text: str, speaker: Speaker, rate: int, workdir: Path) -> bytes:
    """16-bit mono PCM frames of ``text`` spoken by ``speaker``."""
    text_file = workdir / "say.txt"
    wav_file = workdir / "say.wav"
    text_file.write_text(text, encoding="utf-8")
    subprocess.run(
        [
            *("espeak-ng", "-b", "1", "-v", speaker.voice),
            *("-s", str(rate), "-p", str(speaker.pitch)),
            *("-f", str(text_file), "-w", str(wav_file)),
        ],
        check=True,
        env=TOOL_ENV,
    )
    with wave.open(str(wav_file), "rb") as wav:
        params = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate())
        if params != (1, 2, SAMPLE_RATE):
            raise RuntimeError(f"espeak-ng wrote {params}, expected mono 16-bit {SAMPLE_RATE} Hz")
        return wav.readframes(wav.getnframes())


def render_speech(script: EpisodeScript, workdir: Path) -> tuple[bytes, list[Cue], list[Chapter]]:
    """All the episode's frames, with cues and chapters timed from the frames themselves."""
    frames = bytearray()
    cues: list[Cue] = []
    chapters: list[Chapter] = []
    silence = b"\x00\x00" * round(script.gap * SAMPLE_RATE)
    for index, segment in enumerate(script.segments):
        if index:
            frames += silence
        if segment.chapter:
            chapters.append(Chapter(len(frames) // 2, segment.chapter))
        # One synthesis per cue, so each cue's times are exact rather than estimated.
        for text in split_cues(segment.text):
            start = len(frames) // 2
            said = spoken(text, script.pronounce)
            frames += synthesise(said, segment.speaker, script.rate, workdir)
            cues.append(Cue(start, len(frames) // 2, segment.speaker.name, text))
    return bytes(frames), cues, chapters


def episode_label(script: EpisodeScript) -> str:
    """What the artwork says above the title: "Episode 3", "Trailer" or "Bonus"."""
    return f"Episode {script.number}" if script.type == "full" else script.type.capitalize()


def encode_mp3(frames: bytes, workdir: Path) -> Path:
    """The frames mastered to the loudness target, as a small mono CBR MP3 with lame's gapless
    Info tag and no ID3 tag yet (see `tag_mp3`)."""
    speech = workdir / "speech.wav"
    with wave.open(str(speech), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(frames)
    mp3_file = workdir / "episode.mp3"
    # lame's low-pass and the limiter take some loudness away: measure the MP3 and correct the
    # gain until it lands. Every step is deterministic, so the same speech gives the same file.
    gain = TARGET_LUFS - measure_loudness(speech, 1).integrated_lufs
    for _ in range(4):
        mastered = master(speech, gain, workdir)
        subprocess.run(
            [
                *("lame", "--quiet", "-m", "m", "-b", str(MP3_BITRATE_KBPS)),
                *("--resample", "22.05", str(mastered), str(mp3_file)),
            ],
            check=True,
            env=TOOL_ENV,
        )
        landed = measure_loudness(mp3_file, 1)
        if abs(landed.integrated_lufs - TARGET_LUFS) <= LANDED_WITHIN_LU:
            break
        gain += TARGET_LUFS - landed.integrated_lufs
    peak = landed.true_peak_dbtp
    if peak is None or peak > MAX_TRUE_PEAK_DBTP or abs(gain) > 12:
        raise RuntimeError(f"mastering missed its target: {landed}, gain {gain:.1f} dB")
    return mp3_file


def master(speech: Path, gain_db: float, workdir: Path) -> Path:
    """``speech`` made ``gain_db`` louder, its peaks held under the limiter's ceiling.

    The limiter works at four times the sample rate, so that it also catches the peaks
    between samples (true peak) that a player's reconstruction would produce.
    """
    mastered = workdir / "mastered.wav"
    chain = (
        f"aresample={SAMPLE_RATE * 4},volume={gain_db:.2f}dB,"
        f"alimiter=limit={LIMITER_CEILING}:attack=2:release=40:level=false:latency=true,"
        f"aresample={SAMPLE_RATE}"
    )
    subprocess.run(
        [
            *("ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(speech), "-af", chain),
            *("-c:a", "pcm_s16le", "-fflags", "+bitexact", "-flags:a", "+bitexact"),
            str(mastered),
        ],
        check=True,
        env=TOOL_ENV,
    )
    return mastered


def tag_mp3(mp3_file: Path, name: str, project: Project, art: dict[Path, bytes]) -> bytes:
    """The MP3 with the ID3 tag `archipelago media tag` writes, from ``name``'s episode file.

    Args:
        art: artwork made in this run, by path: the tag carries the new picture, not the
            committed one.
    """
    entry = project.content.by_src_uri().get(f"episodes/{name}.md")
    show = project.content.show
    if entry is None or show is None:
        sys.exit(
            f"make_media.py: content/episodes/{name}.md or the show in mkdocs.yml does not load;"
            " run `archipelago check` to see why"
        )
    episode = entry.model
    image = episode.image or show.artwork
    picture = art.get(Path("content") / image) or (ROOT / "content" / image).read_bytes()
    people = project.content.people
    tag = episode_tag(
        episode,
        show,
        hosts=[people[slug].model.name if slug in people else slug for slug in episode.hosts],
        cover=Cover(picture, ART_TYPES[Path(image).suffix]),
        chapters=episode.chapters,
        duration=MP3(mp3_file).info.length,
        page_url=project.site_url + page_path(entry.src_uri, project.directory_urls),
    )
    write_tag(mp3_file, tag)
    return mp3_file.read_bytes()


@dataclass(frozen=True)
class Project:
    """What the tags need from the repository: the loaded content and the site's address."""

    content: Content
    site_url: str
    directory_urls: bool


def load_project() -> Project:
    """The repository's content and mkdocs.yml, read by the package itself."""
    config, problems = read_project_config(ROOT / "mkdocs.yml")
    if config is None or not config.site_url:
        sys.exit(f"make_media.py: mkdocs.yml cannot be read: {problems}")
    content, _ = load_sources(read_sources(config.content_dir, config.repo_root))
    content.show = check_tree(config).content.show
    return Project(content, with_slash(config.site_url), config.directory_urls)


# --- transcript and chapters ---------------------------------------------------------------------


def timestamp(frames: int) -> str:
    """A frame position as a WebVTT timestamp, HH:MM:SS.mmm, rounded to the millisecond."""
    millis = (frames * 1000 + SAMPLE_RATE // 2) // SAMPLE_RATE
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def escape_vtt(text: str) -> str:
    """Cue text with the characters WebVTT reserves escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_vtt(cues: list[Cue]) -> bytes:
    """A WebVTT transcript: one numbered cue per entry, each with a voice tag."""
    blocks = ["WEBVTT"]
    for number, cue in enumerate(cues, start=1):
        blocks.append(
            f"{number}\n{timestamp(cue.start)} --> {timestamp(cue.end)}\n"
            f"<v {escape_vtt(cue.speaker)}>{escape_vtt(cue.text)}"
        )
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def make_chapters(script: EpisodeScript, chapters: list[Chapter]) -> bytes:
    """The chapter list as YAML to paste into the episode's front matter."""
    items = [{"start": c.start // SAMPLE_RATE, "title": c.title} for c in chapters]
    body = yaml.safe_dump({"chapters": items}, sort_keys=False, allow_unicode=True, width=100)
    header = (
        f"# Generated by scripts/make_media.py from {EPISODES_DIR}/{script.name}.yml.\n"
        f"# Start times are whole seconds, rounded down. Paste the list under `chapters:`\n"
        f"# in content/episodes/{script.name}.md.\n"
    )
    return (header + body).encode("utf-8")


# --- artwork -------------------------------------------------------------------------------------

SKY_TOP, SKY_HORIZON = (24, 92, 140), (96, 170, 208)
SEA_TOP, SEA_BOTTOM = (22, 104, 150), (8, 46, 76)
SAND, HILL, HILL_SHADE = (236, 205, 150), (58, 140, 92), (44, 114, 76)
TRUNK, LEAVES = (110, 76, 46), (38, 120, 72)
FAR_ISLAND, SUN, WHITE, INK = (36, 96, 96), (255, 218, 140), (255, 255, 255), (6, 36, 60)
HORIZON = 800


def _gradient(draw: ImageDraw.ImageDraw, top: int, bottom: int, start: tuple, end: tuple) -> None:
    """Fill rows ``top``..``bottom`` with a vertical colour gradient."""
    height = max(bottom - top, 1)
    for y in range(top, bottom):
        t = (y - top) / height
        colour = tuple(round(a + (b - a) * t) for a, b in zip(start, end, strict=True))
        draw.line([(0, y), (ART_SIZE * 2, y)], fill=colour)


def _leaf(x: float, y: float, angle: float, length: float) -> list[float]:
    """Outline of a drooping palm leaf growing from (x, y) towards ``angle`` degrees."""
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    droop, width, steps = length * 0.45, length * 0.16, 16
    left, right = [], []
    for i in range(steps + 1):
        t = i / steps
        # Centre line: straight out along the angle, bending down quadratically.
        cx, cy = x + length * t * dx, y + length * t * dy + droop * t * t
        tx, ty = length * dx, length * dy + 2 * droop * t
        norm = math.hypot(tx, ty)
        half = width * math.sin(math.pi * t) / 2
        left += [cx - ty / norm * half, cy + tx / norm * half]
        right += [cx + ty / norm * half, cy - tx / norm * half]
    for i in range(len(right) - 2, -1, -2):
        left += right[i : i + 2]
    return left


def _scene() -> Image.Image:
    """The shared picture: sky, sun, sea, an island with a palm, its neighbours and a boat."""
    scale = 2  # draw at twice the size and shrink, which smooths the edges deterministically
    image = Image.new("RGB", (ART_SIZE * scale, ART_SIZE * scale), SKY_TOP)
    draw = ImageDraw.Draw(image)

    def s(*values: float) -> list[float]:
        return [v * scale for v in values]

    horizon = HORIZON * scale
    _gradient(draw, 0, horizon, SKY_TOP, SKY_HORIZON)
    _gradient(draw, horizon, ART_SIZE * scale, SEA_TOP, SEA_BOTTOM)
    draw.ellipse(s(1010, 420, 1210, 620), fill=SUN)
    # Neighbouring islands on the horizon: the archipelago.
    draw.chord(s(60, 740, 330, 860), 180, 360, fill=FAR_ISLAND)
    draw.chord(s(1090, 755, 1330, 845), 180, 360, fill=FAR_ISLAND)
    draw.chord(s(230, 770, 380, 830), 180, 360, fill=FAR_ISLAND)
    # The island: a green hill on a sandy shore.
    draw.chord(s(420, 600, 980, 1000), 180, 360, fill=HILL)
    draw.chord(s(640, 660, 980, 1000), 180, 360, fill=HILL_SHADE)
    draw.chord(s(340, 760, 1060, 900), 180, 360, fill=SAND)
    draw.chord(s(340, 760, 1060, 900), 0, 180, fill=SAND)
    # A palm tree: a curved trunk and five leaves.
    trunk = [(760 + 60 * t * t, 700 - 270 * t) for t in (i / 20 for i in range(21))]
    for (x0, y0), (x1, y1) in itertools.pairwise(trunk):
        draw.line(s(x0, y0, x1, y1), fill=TRUNK, width=26 * scale)
    top_x, top_y = trunk[-1]
    for angle, length in ((200, 190), (235, 150), (280, 120), (320, 160), (345, 200)):
        draw.polygon(s(*_leaf(top_x, top_y, angle, length)), fill=LEAVES)
    draw.ellipse(s(top_x - 22, top_y - 14, top_x + 22, top_y + 30), fill=TRUNK)
    # A sailing boat heading for the island.
    draw.polygon(s(1040, 1010, 1200, 1010, 1175, 1045, 1065, 1045), fill=INK)
    draw.polygon(s(1118, 880, 1118, 1000, 1050, 1000), fill=WHITE)
    draw.polygon(s(1126, 900, 1126, 1000, 1180, 1000), fill=WHITE)
    # Waves.
    for y, x_start, count in ((930, 120, 4), (1000, 260, 3), (1090, 80, 5)):
        for i in range(count):
            x = x_start + i * 250
            draw.arc(s(x, y, x + 90, y + 40), 200, 340, fill=WHITE, width=6 * scale)
    return image.resize((ART_SIZE, ART_SIZE), Image.Resampling.LANCZOS)


def _centred_text(draw: ImageDraw.ImageDraw, y: int, text: str, size: int, bold: bool) -> None:
    """Draw ``text`` centred horizontally with its top at ``y``, over a soft shadow.

    Text wider than ``ART_TEXT_WIDTH`` at ``size`` is drawn at the largest size that fits.
    """
    font = ImageFont.load_default(size=size)
    left, top, right, _ = draw.textbbox((0, 0), text, font=font)
    while right - left > ART_TEXT_WIDTH and size > 20:
        size -= 2
        font = ImageFont.load_default(size=size)
        left, top, right, _ = draw.textbbox((0, 0), text, font=font)
    x = (ART_SIZE - (right - left)) // 2 - left
    stroke = max(size // 40, 1) if bold else 0
    shadow = max(size // 25, 2)
    draw.text(
        (x + shadow, y - top + shadow),
        text,
        font=font,
        fill=INK,
        stroke_width=stroke,
        stroke_fill=INK,
    )
    draw.text((x, y - top), text, font=font, fill=WHITE, stroke_width=stroke, stroke_fill=WHITE)


def _png(image: Image.Image) -> bytes:
    """PNG bytes without metadata, so the same picture always gives the same bytes."""
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=9)
    return buffer.getvalue()


def make_show_art() -> bytes:
    """The show's cover: the scene, the title and the tagline."""
    image = _scene()
    draw = ImageDraw.Draw(image)
    _centred_text(draw, 130, SHOW_TITLE, 170, bold=True)
    _centred_text(draw, 1235, SHOW_TAGLINE, 62, bold=False)
    return _png(image)


def make_icon(side: int) -> bytes:
    """The scene alone (words are unreadable this small), scaled down to ``side`` pixels."""
    return _png(_scene().resize((side, side), Image.Resampling.LANCZOS))


def make_episode_art(script: EpisodeScript) -> bytes:
    """An episode's cover: the scene, the show title, the episode number and title."""
    image = _scene()
    draw = ImageDraw.Draw(image)
    _centred_text(draw, 110, SHOW_TITLE, 110, bold=True)
    _centred_text(draw, 280, episode_label(script), 72, bold=False)
    _centred_text(draw, 1190, script.title, 140, bold=True)
    return _png(image)


# --- orchestration -------------------------------------------------------------------------------


def episode_outputs(script: EpisodeScript, project: Project, show_art: bytes) -> dict[Path, bytes]:
    """Every file made from one episode script, by path from the repository root."""
    art = {SHOW_ART: show_art, MEDIA_DIR / f"{script.name}.png": make_episode_art(script)}
    with tempfile.TemporaryDirectory(prefix="make-media-") as tmp:
        workdir = Path(tmp)
        frames, cues, chapters = render_speech(script, workdir)
        mp3 = tag_mp3(encode_mp3(frames, workdir), script.name, project, art)
    if cues[-1].end * 2 != len(frames):
        raise RuntimeError("the last cue must end with the audio")
    return {
        MEDIA_DIR / f"{script.name}.mp3": mp3,
        MEDIA_DIR / f"{script.name}.vtt": make_vtt(cues),
        MEDIA_DIR / f"{script.name}.png": art[MEDIA_DIR / f"{script.name}.png"],
        EPISODES_DIR / f"{script.name}.chapters.yml": make_chapters(script, chapters),
    }


def find_scripts(names: list[str]) -> list[Path]:
    """The script files to process: the named ones, or all of them, sorted."""
    available = {
        p.name.removesuffix(".yml"): p
        for p in (ROOT / EPISODES_DIR).glob("*.yml")
        if not p.name.endswith(".chapters.yml")
    }
    if not names:
        return [available[name] for name in sorted(available)]
    unknown = [name for name in names if name.removesuffix(".yml") not in available]
    if unknown:
        sys.exit(
            f"make_media.py: no script for {', '.join(unknown)} in {EPISODES_DIR}/"
            f" (available: {', '.join(sorted(available)) or 'none'})"
        )
    return [available[name.removesuffix(".yml")] for name in sorted(set(names))]


def describe_episode(script: EpisodeScript, outputs: dict[Path, bytes]) -> str:
    """A summary line: duration and size of the audio, and the chapter list to paste."""
    mp3 = outputs[MEDIA_DIR / f"{script.name}.mp3"]
    vtt = outputs[MEDIA_DIR / f"{script.name}.vtt"].decode("utf-8")
    last_end = vtt.rsplit(" --> ", 1)[1].split("\n", 1)[0]
    chapters = outputs[EPISODES_DIR / f"{script.name}.chapters.yml"].decode("utf-8")
    pasted = "\n".join(line for line in chapters.splitlines() if not line.startswith("#"))
    return f"{script.name}: {last_end} of audio, {len(mp3)} bytes of MP3\n{pasted}"


def write(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds it; whether it was written."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)
    return True


def main(argv: list[str] | None = None) -> int:
    """Run the command line: make (or ``--check``) the media of the named or all episodes."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("episodes", nargs="*", metavar="NNN-slug", help="default: every episode")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a committed file differs"
    )
    args = parser.parse_args(argv)
    check_tools()
    outputs: dict[Path, bytes] = {SHOW_ART: make_show_art()}
    outputs.update({path: make_icon(side) for path, side in ICONS.items()})
    project = load_project()
    for path in find_scripts(args.episodes):
        try:
            script = read_script(path)
        except ScriptError as exc:
            sys.exit(f"make_media.py: {exc}")
        made = episode_outputs(script, project, outputs[SHOW_ART])
        outputs.update(made)
        if not args.check:
            print(describe_episode(script, made))
    if args.check:
        stale = [
            p
            for p, data in outputs.items()
            if not (ROOT / p).is_file() or (ROOT / p).read_bytes() != data
        ]
        for path in stale:
            state = (
                "differs from what the scripts produce" if (ROOT / path).is_file() else "is missing"
            )
            print(f"{path} {state}", file=sys.stderr)
        if stale:
            print(
                "run `python scripts/make_media.py` and commit the result; if the scripts did not"
                f" change, other tool versions may be the cause (here: {tool_versions()})",
                file=sys.stderr,
            )
            return 1
        print(f"{len(outputs)} files up to date")
        return 0
    for path, data in outputs.items():
        print(f"{'wrote    ' if write(ROOT / path, data) else 'unchanged'} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
