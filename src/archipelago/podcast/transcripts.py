"""WebVTT transcripts: read what authoring tools write, and turn it into SubRip and HTML.

Pure: text in, values out. Parsing collects every problem with its line instead of stopping
at the first, so a contributor fixes a transcript in one pass. The cues returned alongside
problems are a best effort; a caller treats any problem as a failed transcript.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from archipelago.errors import Problem
from archipelago.timecodes import format_clock, format_timecode

# typing's own flag without importing typing (1.7 MiB): the page cleaner's worker imports this.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

#: A transcript larger than this is refused unread: no episode needs it, and parsing is linear.
MAX_BYTES = 5 * 1024 * 1024
#: More cues than this is refused: about one cue a second for 14 hours.
MAX_CUES = 50_000

TIMING_EXAMPLE = "00:01:02.500 --> 00:01:05.000"
_TIMING_HINT = (
    f"write the start and end as HH:MM:SS.mmm, like {TIMING_EXAMPLE} (the hours may be left out)"
)

# `WEBVTT` alone, or followed by a space or tab and any text.
_HEADER = re.compile(r"WEBVTT(?:[ \t].*)?")
# The WebVTT parser takes any number of hour digits; minutes and seconds have two, the
# fraction three. Values above 59 are rejected separately.
_TIMESTAMP = re.compile(r"(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})")
_NO_FRACTION = re.compile(r"(?:\d+:)?\d{2}:\d{2}")
_SHORT_FRACTION = re.compile(r"(?:\d+:)?\d{2}:\d{2}\.\d+")
_LOOSE_DIGITS = re.compile(r"(?:\d+:)?\d+:\d+\.\d{3}")
# `<v Name>`, `<v.loud Name>`: the voice span, whose annotation is the speaker.
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?(?:[ \t\f]+([^>]*))?>")
# Any other tag: `<i>`, `</b>`, `<c.yellow>`, `<00:00:01.000>`, `<lang en>`.
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Cue:
    """One timed piece of the transcript, as plain text."""

    start: float
    end: float
    speaker: str | None
    text: str


def parse_webvtt(text: str) -> tuple[list[Cue], list[Problem]]:
    """Cues and every problem found in a WebVTT transcript.

    Reads the header, skips NOTE, STYLE and REGION blocks, accepts an optional cue
    identifier and cue settings, and CRLF or CR line endings.
    """
    size = len(text) if len(text) > MAX_BYTES else len(text.encode("utf-8"))
    if size > MAX_BYTES:
        return [], [
            Problem.found(
                f"is {size:,} bytes; a transcript may be at most 5 MB",
                "check that this is the episode's transcript; a long episode's is well under 1 MB",
                line=1,
            )
        ]
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    parser = _Parser(lines)
    parser.run()
    if parser.too_many is not None:
        return [], [
            Problem.found(
                f"has more than {MAX_CUES:,} cues",
                "check that this is the episode's transcript, or merge short cues",
                line=parser.too_many,
            )
        ]
    return parser.cues, parser.problems


#: Lines that begin a block which is not a cue (see `_is_block`).
_BLOCK_KEYWORDS = ("NOTE", "STYLE", "REGION")


def _blank(line: str) -> bool:
    # The spec only counts empty lines; tools that leave spaces on them mean a blank line too.
    return not line.strip()


def _is_block(line: str, keyword: str) -> bool:
    """A NOTE, STYLE or REGION line: the keyword alone or followed by a space or tab."""
    return line == keyword or line.startswith((keyword + " ", keyword + "\t"))


def _timestamp(token: str) -> float | None:
    """Seconds from a WebVTT timestamp (``01:02.500``, ``1:00:02.500``), or None."""
    match = _TIMESTAMP.fullmatch(token)
    if not match:
        return None
    hours, minutes, seconds, millis = match.groups()
    minute, second = int(minutes), int(seconds)
    if minute > 59 or second > 59:
        return None
    return (((int(hours or 0) * 60 + minute) * 60 + second) * 1000 + int(millis)) / 1000


def _why_not_timestamp(token: str, which: str) -> str:
    """Why ``token`` is not a WebVTT timestamp, for the contributor."""
    if not token:
        return f"the {which} time is missing"
    if _NO_FRACTION.fullmatch(token):
        return f"{token!r} has no milliseconds (write {token}.000)"
    if _LOOSE_DIGITS.fullmatch(token):
        return f"{token!r} needs two digits each for minutes and seconds, from 00 to 59"
    if _SHORT_FRACTION.fullmatch(token):
        return f"{token!r} needs exactly three digits after the dot"
    return f"{token!r} is not a time"


def _cue_text(lines: list[str]) -> tuple[str | None, str]:
    """The speaker of the first voice span, and the text without tags or entities."""
    raw = lines[0] if len(lines) == 1 else "\n".join(lines)
    speaker = None
    plain = raw
    if "<" in raw:  # the searches below, only where they can find something
        voice = _VOICE.search(raw)
        if voice and voice.group(1):
            speaker = html.unescape(voice.group(1)).strip() or None
        plain = _TAG.sub("", raw)
    plain = html.unescape(plain)
    if "\n" not in plain:  # most cues are one line
        return speaker, plain.strip(" \t")
    kept = [line.strip(" \t") for line in plain.split("\n")]
    return speaker, "\n".join(line for line in kept if line)


class _Parser:
    """One pass over the lines of a transcript; state lives here, not in the module."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.pos = 0
        self.cues: list[Cue] = []
        self.problems: list[Problem] = []
        self.previous_start: float | None = None
        self.count = 0
        #: The line of the cue over the limit, once there is one.
        self.too_many: int | None = None

    def problem(self, index: int, message: str, fix: str) -> None:
        self.problems.append(Problem.found(message, fix, line=index + 1))

    def run(self) -> None:
        self.header()
        lines = self.lines
        while self.pos < len(lines) and self.too_many is None:
            line = lines[self.pos]
            if _blank(line):
                self.pos += 1
            elif line.startswith(_BLOCK_KEYWORDS) and any(
                _is_block(line, keyword) for keyword in _BLOCK_KEYWORDS
            ):
                self.skip_block()
            elif "-->" in line:
                self.cue(self.pos)
            elif self.pos + 1 < len(lines) and "-->" in lines[self.pos + 1]:
                self.pos += 1  # the line before the timing is the cue identifier
                self.cue(self.pos)
            else:
                self.problem(
                    self.pos,
                    f"expected a cue timing line like {TIMING_EXAMPLE}, found {line!r}",
                    f"start each cue with its timing, like {TIMING_EXAMPLE}; a blank line ends"
                    " a cue, so text after one needs a timing line of its own",
                )
                self.skip_block()

    def header(self) -> None:
        """Check the WEBVTT line and step over the header block."""
        first = self.lines[0]
        if _HEADER.fullmatch(first):
            self.pos = 1
        else:
            text_at = next((i for i, line in enumerate(self.lines) if not _blank(line)), None)
            if text_at is None:
                found = "but this file is empty"
            else:
                found = f"found {first!r}" if first.strip() else "found an empty line"
            self.problem(
                0,
                f"a WebVTT file starts with the line WEBVTT, {found}",
                "make WEBVTT the first line; if the transcript is another format (such as"
                " SubRip .srt), export it as WebVTT instead of renaming it",
            )
            if text_at is None or not self.lines[text_at].lstrip().upper().startswith("WEBVTT"):
                return  # no header at all: the first line may already be a cue
            self.pos = text_at + 1
        while self.pos < len(self.lines) and not _blank(self.lines[self.pos]):
            if "-->" in self.lines[self.pos]:
                self.problem(
                    self.pos,
                    "this cue follows the header without a blank line, so players ignore it",
                    "leave a blank line after the WEBVTT line and any header lines",
                )
                return
            self.pos += 1

    def skip_block(self) -> None:
        while self.pos < len(self.lines) and not _blank(self.lines[self.pos]):
            self.pos += 1

    def cue(self, timing_at: int) -> None:
        """Read the cue whose timing line is at ``timing_at``, up to the next blank line."""
        self.count += 1
        if self.count > MAX_CUES:
            self.too_many = timing_at + 1
            return
        timing = self.timing(timing_at)
        lines, pos = self.lines, timing_at + 1
        text_lines: list[str] = []
        while pos < len(lines) and not _blank(line := lines[pos]):
            if "-->" in line:
                # A WebVTT parser starts a new cue here; any identifier line above it has
                # already been read as text of this cue.
                self.problem(
                    pos,
                    "this cue timing follows the previous cue's text without a blank line",
                    "leave a blank line between cues",
                )
                break
            text_lines.append(line)
            pos += 1
        self.pos = pos
        if timing is None:
            return
        start, end = timing
        speaker, text = _cue_text(text_lines)
        if not text:
            self.problem(
                timing_at,
                f"the cue at {format_clock(start)} has no text",
                "write what is said on the lines below the timing, or delete the cue",
            )
            return
        self.cues.append(Cue(start, end, speaker, text))

    def timing(self, index: int) -> tuple[float, float] | None:
        """Start and end of the timing line at ``index``, checked against the previous cue."""
        line = self.lines[index]
        left, _, right = line.partition("-->")
        start_token = left.strip()
        end_token = (right.split() or [""])[0]
        start, end = _timestamp(start_token), _timestamp(end_token)
        if start is None or end is None:
            start = _timestamp(start_token.replace(",", "."))
            end = _timestamp(end_token.replace(",", "."))
            if start is not None and end is not None:
                fixed = f"{format_clock(start)} --> {format_clock(end)}"
                self.problem(
                    index,
                    f"cue timing {line.strip()!r} has a comma before the milliseconds",
                    "WebVTT uses a dot before the milliseconds (the comma is SubRip style):"
                    f" write {fixed}",
                )
            else:
                reason = (
                    _why_not_timestamp(start_token, "start")
                    if start is None
                    else _why_not_timestamp(end_token, "end")
                )
                self.problem(
                    index, f"cannot read the cue timing {line.strip()!r}: {reason}", _TIMING_HINT
                )
                return None
        if end <= start:
            self.problem(
                index,
                f"the cue ends at {format_clock(end)}, which is not after its start at"
                f" {format_clock(start)}",
                "make the end time later than the start time",
            )
        if self.previous_start is not None and start < self.previous_start:
            self.problem(
                index,
                f"the cue starts at {format_clock(start)}, before the previous cue's start at"
                f" {format_clock(self.previous_start)}",
                "put the cues in the order they are spoken",
            )
        self.previous_start = start
        return start, end


# --- output ----------------------------------------------------------------------------------


def to_srt(cues: Sequence[Cue]) -> str:
    """The cues as SubRip (.srt).

    The speaker's name and a colon begin a cue whenever the speaker changes, as the
    Podcasting 2.0 transcript guidance asks; a cue by the same speaker as the one before
    carries no name.
    """
    blocks = []
    previous: str | None = None
    for number, cue in enumerate(cues, start=1):
        text = cue.text
        if cue.speaker is not None and cue.speaker != previous:
            text = f"{cue.speaker}: {text}"
        previous = cue.speaker
        timing = f"{format_clock(cue.start, comma=True)} --> {format_clock(cue.end, comma=True)}"
        blocks.append(f"{number}\n{timing}\n{text}")
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def to_html(cues: Sequence[Cue]) -> str:
    """The Podcasting 2.0 HTML transcript: per run of one speaker, `<cite>`, `<time>` and `<p>`.

    A fragment, not a document; :func:`html_document` wraps it. Every text is escaped.
    """
    parts: list[str] = []
    index = 0
    while index < len(cues):
        speaker = cues[index].speaker
        run_end = index
        while run_end < len(cues) and cues[run_end].speaker == speaker:
            run_end += 1
        text = " ".join(cue.text.replace("\n", " ") for cue in cues[index:run_end])
        if speaker is not None:
            parts.append(f"<cite>{_escape(speaker)}:</cite>\n")
        parts.append(f"<time>{format_timecode(int(cues[index].start))}</time>\n")
        parts.append(f"<p>{_escape(text)}</p>\n")
        index = run_end
    return "".join(parts)


def html_document(fragment: str, title: str, lang: str, back_url: str | None = None) -> str:
    """A complete HTML5 document around an HTML transcript ``fragment``.

    Args:
        fragment: the transcript as `to_html` writes it.
        title: the document's title.
        lang: its language code.
        back_url: a link back to the episode's page, when there is one.
    """
    back = f'<p><a href="{_escape(back_url)}">Back to the episode</a></p>\n' if back_url else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_escape(lang)}">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # No favicon request: browsers would ask the server root for one and log a 404.
        '<link rel="icon" href="data:,">\n'
        f"<title>{_escape(title)}</title>\n"
        "</head>\n"
        "<body>\n"
        f"<h1>{_escape(title)}</h1>\n"
        f"{back}"
        f"{fragment}"
        "</body>\n"
        "</html>\n"
    )
