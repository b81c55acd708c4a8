"""WebVTT parsing, every problem it reports, and the SubRip and HTML it writes."""

from __future__ import annotations

import mutagen
import pytest

from archipelago.errors import Problem
from archipelago.podcast.transcripts import (
    MAX_BYTES,
    MAX_CUES,
    Cue,
    html_document,
    parse_webvtt,
    to_html,
    to_srt,
)
from archipelago.timecodes import format_clock
from helpers.sites import REPO

MEDIA = REPO / "content" / "episodes" / "media"
TIMING_HINT = (
    "write the start and end as HH:MM:SS.mmm, like 00:01:02.500 --> 00:01:05.000"
    " (the hours may be left out)"
)


def found_at(line: int, message: str, fix: str) -> Problem:
    """The problem the parser reports at ``line`` (it does not know the file's name)."""
    return Problem.found(message, fix, line=line)


def problems(text: str) -> list[tuple[int, str]]:
    """(line, message) of each problem in ``text``."""
    return [(p.line, p.message) for p in parse_webvtt(text)[1]]


def only_cues(text: str) -> list[Cue]:
    """The cues of a transcript that must have no problems."""
    cues, found = parse_webvtt(text)
    assert found == []
    return cues


# --- format_clock ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "dot", "comma"),
    [
        (0, "00:00:00.000", "00:00:00,000"),
        (62.5, "00:01:02.500", "00:01:02,500"),
        (3723.004, "01:02:03.004", "01:02:03,004"),
        (59.9996, "00:01:00.000", "00:01:00,000"),
        (360000, "100:00:00.000", "100:00:00,000"),
    ],
)
def test_format_clock(seconds: float, dot: str, comma: str) -> None:
    assert format_clock(seconds) == dot
    assert format_clock(seconds, comma=True) == comma


def test_format_clock_refuses_a_negative_time() -> None:
    with pytest.raises(ValueError, match="negative"):
        format_clock(-1)


# --- the shipped transcript ------------------------------------------------------------------


def test_shipped_transcript_parses_and_ends_with_the_audio() -> None:
    text = (MEDIA / "001-arrival.vtt").read_text(encoding="utf-8")
    cues, found = parse_webvtt(text)
    assert found == []
    assert len(cues) == 14
    audio = mutagen.File(MEDIA / "001-arrival.mp3")
    assert audio.info.length == pytest.approx(66.843, abs=0.05)
    assert cues[-1].end == pytest.approx(audio.info.length, abs=0.05)
    assert cues[-1].end == 66.843
    assert {cue.speaker for cue in cues} == {"Maren Okafor", "Tomás Reyes"}
    assert cues[0] == Cue(
        0.0,
        7.029,
        "Maren Okafor",
        "Welcome to Not an Island, the show about independent workers and the people who keep"
        " them afloat. I'm Maren Okafor.",
    )
    assert cues[2] == Cue(12.017, 14.173, "Tomás Reyes", "Thanks for having me, Maren.")
    starts = [cue.start for cue in cues]
    assert starts == sorted(starts)


def test_shipped_transcript_as_srt_and_html() -> None:
    cues = only_cues((MEDIA / "001-arrival.vtt").read_text(encoding="utf-8"))
    srt = to_srt(cues)
    assert srt.startswith(
        "1\n00:00:00,000 --> 00:00:07,029\nMaren Okafor: Welcome to Not an Island,"
    )
    assert "\n\n2\n00:00:07,029 --> 00:00:11,617\nMy guest is Tomás Reyes," in srt
    assert srt.endswith(
        "14\n00:01:02,528 --> 00:01:06,843\nMaren Okafor: Tomás Reyes, thank you."
        " The show notes are on the Archipelago site.\n"
    )
    fragment = to_html(cues)
    assert fragment.startswith("<cite>Maren Okafor:</cite>\n<time>0:00</time>\n<p>Welcome")
    assert fragment.count("<cite>") == 11  # 14 cues, three pairs by the same speaker
    assert "<cite>Tomás Reyes:</cite>\n<time>0:12</time>\n<p>Thanks for having me" in fragment


# --- structure -------------------------------------------------------------------------------


def test_minimal_transcript() -> None:
    assert only_cues("WEBVTT\n\n00:01.000 --> 00:02.500\nHello\n") == [Cue(1.0, 2.5, None, "Hello")]


@pytest.mark.parametrize(
    "header",
    [
        "WEBVTT",
        "WEBVTT - Episode 1",
        "WEBVTT\tExported",
        "\ufeffWEBVTT",
        "WEBVTT\nKind: captions\nLanguage: en",
    ],
)
def test_header_forms(header: str) -> None:
    assert only_cues(f"{header}\n\n00:00:01.000 --> 00:00:02.000\nHi\n") == [
        Cue(1.0, 2.0, None, "Hi")
    ]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings(newline: str) -> None:
    text = newline.join(
        ["WEBVTT", "", "00:00:01.000 --> 00:00:02.000", "one", "two", "", "00:00:03.000 --> x", ""]
    )
    cues, found = parse_webvtt(text)
    assert cues == [Cue(1.0, 2.0, None, "one\ntwo")]
    assert [(p.line, p.message) for p in found] == [
        (7, "cannot read the cue timing '00:00:03.000 --> x': 'x' is not a time")
    ]


def test_note_style_and_region_blocks_are_skipped() -> None:
    text = """\
WEBVTT

STYLE
::cue { color: yellow }

REGION
id:left width:40%

NOTE
written by hand,
checked twice

NOTE	tab after the keyword

00:00:01.000 --> 00:00:02.000
NOTE this line is cue text

NOTE one line
"""
    assert only_cues(text) == [Cue(1.0, 2.0, None, "NOTE this line is cue text")]


def test_identifiers_settings_and_timestamp_forms() -> None:
    text = """\
WEBVTT

intro
00:00.000 --> 00:01.500 align:start position:10% line:0
first

2
00:00:02.000-->00:00:03.000
second

1:00:00.000 --> 1:00:01.250
third

100:00:00.000 --> 100:00:00.001 size:50%
fourth
"""
    assert only_cues(text) == [
        Cue(0.0, 1.5, None, "first"),
        Cue(2.0, 3.0, None, "second"),
        Cue(3600.0, 3601.25, None, "third"),
        Cue(360000.0, 360000.001, None, "fourth"),
    ]


def test_cues_with_the_same_start_are_in_order() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\na\n\n00:01.000 --> 00:03.000\nb\n"
    assert [cue.text for cue in only_cues(text)] == ["a", "b"]


# --- cue text --------------------------------------------------------------------------------


def test_voice_tags_give_the_speaker_and_other_markup_goes() -> None:
    text = """\
WEBVTT

00:00:01.000 --> 00:00:02.000
<v Maren Okafor>Welcome <i>back</i>, <b>everyone</b>.</v>

00:00:02.000 --> 00:00:03.000
<v.loud.angry Tomás Reyes>Thanks!</v>
<v Someone Else>Second voice in the same cue.

00:00:03.000 --> 00:00:04.000
<c.yellow>Karaoke</c> <00:00:03.500>style <ruby>漢<rt>kan</rt></ruby> <lang fr>oui</lang>

00:00:04.000 --> 00:00:05.000
<v>Unnamed voice</v>

00:00:05.000 --> 00:00:06.000
<v   Ann &amp; Bo  >Spaces and an entity in the name
"""
    assert only_cues(text) == [
        Cue(1.0, 2.0, "Maren Okafor", "Welcome back, everyone."),
        Cue(2.0, 3.0, "Tomás Reyes", "Thanks!\nSecond voice in the same cue."),
        Cue(3.0, 4.0, None, "Karaoke style 漢kan oui"),
        Cue(4.0, 5.0, None, "Unnamed voice"),
        Cue(5.0, 6.0, "Ann & Bo", "Spaces and an entity in the name"),
    ]


def test_entities_are_decoded_after_tags_are_removed() -> None:
    text = (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n"
        "Tom &amp; Jerry &lt;b&gt;not bold&lt;/b&gt; a&nbsp;b &lrm;x&rlm; &#233;\n"
    )
    assert only_cues(text) == [
        Cue(1.0, 2.0, None, "Tom & Jerry <b>not bold</b> a\u00a0b \u200ex\u200f é")
    ]


def test_a_speaker_is_not_carried_to_the_next_cue() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Hi\n\n00:02.000 --> 00:03.000\nstill Ann?\n"
    assert [cue.speaker for cue in only_cues(text)] == ["Ann", None]


def test_lines_emptied_by_tag_removal_are_dropped() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>\n  spoken  \n<i></i>\n"
    assert only_cues(text) == [Cue(1.0, 2.0, "Ann", "spoken")]


# --- problems --------------------------------------------------------------------------------


def test_missing_header_is_reported_and_the_cues_still_read() -> None:
    text = "1\n00:00:01.000 --> 00:00:02.000\nHi\n"
    cues, found = parse_webvtt(text)
    assert cues == [Cue(1.0, 2.0, None, "Hi")]
    assert found == [
        found_at(
            1,
            "a WebVTT file starts with the line WEBVTT, found '1'",
            "make WEBVTT the first line; if the transcript is another format (such as SubRip"
            " .srt), export it as WebVTT instead of renaming it",
        )
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("", "but this file is empty"),
        ("\n\n  \n", "but this file is empty"),
        ("\nWEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", "found an empty line"),
        ("\n\nWEBVTT\nKind: captions\n\n00:01.000 --> 00:02.000\nHi\n", "found an empty line"),
        ("webvtt\n\n00:01.000 --> 00:02.000\nHi\n", "found 'webvtt'"),
        ("WEBVTTX\n\n00:01.000 --> 00:02.000\nHi\n", "found 'WEBVTTX'"),
        ("WEBVTT-1\n\n00:01.000 --> 00:02.000\nHi\n", "found 'WEBVTT-1'"),
    ],
)
def test_bad_headers(text: str, found: str) -> None:
    assert problems(text) == [(1, f"a WebVTT file starts with the line WEBVTT, {found}")]


def test_cue_right_after_the_header_is_reported_and_read() -> None:
    cues, found = parse_webvtt("WEBVTT\n00:01.000 --> 00:02.000\nHi\n")
    assert cues == [Cue(1.0, 2.0, None, "Hi")]
    assert found == [
        found_at(
            2,
            "this cue follows the header without a blank line, so players ignore it",
            "leave a blank line after the WEBVTT line and any header lines",
        )
    ]


def test_comma_before_milliseconds_is_srt_style() -> None:
    text = "WEBVTT\n\n1\n00:00:01,000 --> 00:00:02,500\nHi\n\n00:03,000 --> 00:00:04.000\nYo\n"
    cues, found = parse_webvtt(text)
    assert cues == [Cue(1.0, 2.5, None, "Hi"), Cue(3.0, 4.0, None, "Yo")]
    assert found == [
        found_at(
            4,
            "cue timing '00:00:01,000 --> 00:00:02,500' has a comma before the milliseconds",
            "WebVTT uses a dot before the milliseconds (the comma is SubRip style):"
            " write 00:00:01.000 --> 00:00:02.500",
        ),
        found_at(
            7,
            "cue timing '00:03,000 --> 00:00:04.000' has a comma before the milliseconds",
            "WebVTT uses a dot before the milliseconds (the comma is SubRip style):"
            " write 00:00:03.000 --> 00:00:04.000",
        ),
    ]


@pytest.mark.parametrize(
    ("timing", "reason"),
    [
        ("00:00:01 --> 00:00:02.000", "'00:00:01' has no milliseconds (write 00:00:01.000)"),
        ("00:00:01.000 --> 00:02", "'00:02' has no milliseconds (write 00:02.000)"),
        ("00:00:01.5 --> 00:00:02.000", "'00:00:01.5' needs exactly three digits after the dot"),
        (
            "00:00:01.000 --> 00:00:02.0005",
            "'00:00:02.0005' needs exactly three digits after the dot",
        ),
        (
            "0:1:02.000 --> 00:01:03.000",
            "'0:1:02.000' needs two digits each for minutes and seconds, from 00 to 59",
        ),
        (
            "00:00:61.000 --> 00:01:03.000",
            "'00:00:61.000' needs two digits each for minutes and seconds, from 00 to 59",
        ),
        (
            "60:00.000 --> 61:00.000",
            "'60:00.000' needs two digits each for minutes and seconds, from 00 to 59",
        ),
        ("00:00:01.000 -->", "the end time is missing"),
        ("--> 00:00:01.000", "the start time is missing"),
        ("start --> 00:00:01.000", "'start' is not a time"),
        ("1 00:00:01.000 --> 00:00:02.000", "'1 00:00:01.000' is not a time"),
        ("00:00:01,5 --> 00:00:02,000", "'00:00:01,5' is not a time"),
    ],
)
def test_unreadable_timing(timing: str, reason: str) -> None:
    cues, found = parse_webvtt(f"WEBVTT\n\n{timing}\nHi\n")
    assert cues == []
    assert found == [found_at(3, f"cannot read the cue timing {timing!r}: {reason}", TIMING_HINT)]


def test_block_without_timing_names_what_was_found() -> None:
    text = "WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nHi\n"
    assert parse_webvtt(text) == (
        [],
        [
            found_at(
                3,
                "expected a cue timing line like 00:01:02.500 --> 00:01:05.000,"
                " found '00:00:01.000 -> 00:00:02.000'",
                "start each cue with its timing, like 00:01:02.500 --> 00:01:05.000; a blank"
                " line ends a cue, so text after one needs a timing line of its own",
            )
        ],
    )


@pytest.mark.parametrize("end", ["00:00:02.000", "00:00:01.000"])
def test_end_must_be_after_start(end: str) -> None:
    text = f"WEBVTT\n\n00:00:02.000 --> {end}\nHi\n"
    assert parse_webvtt(text)[1] == [
        found_at(
            3,
            f"the cue ends at {end}, which is not after its start at 00:00:02.000",
            "make the end time later than the start time",
        )
    ]


def test_cue_before_the_previous_start_is_out_of_order() -> None:
    text = (
        "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nlater\n\n"
        "00:00:04.000 --> 00:00:07.000\nearlier\n\n00:00:04.500 --> 00:00:08.000\nfine\n"
    )
    assert parse_webvtt(text)[1] == [
        found_at(
            6,
            "the cue starts at 00:00:04.000, before the previous cue's start at 00:00:05.000",
            "put the cues in the order they are spoken",
        )
    ]


@pytest.mark.parametrize(
    "body", ["", "<v Ann></v>\n", "<i> </i>\n"], ids=["nothing", "empty-voice", "blank-tags"]
)
def test_cue_without_text(body: str) -> None:
    text = f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{body}\n00:00:03.000 --> 00:00:04.000\nHi\n"
    cues, found = parse_webvtt(text)
    assert cues == [Cue(3.0, 4.0, None, "Hi")]
    assert found == [
        found_at(
            3,
            "the cue at 00:00:01.000 has no text",
            "write what is said on the lines below the timing, or delete the cue",
        )
    ]


def test_cue_without_a_blank_line_before_it() -> None:
    text = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n00:00:03.000 --> 00:00:04.000\nYo\n"
    cues, found = parse_webvtt(text)
    assert cues == [Cue(1.0, 2.0, None, "Hi"), Cue(3.0, 4.0, None, "Yo")]
    assert found == [
        found_at(
            5,
            "this cue timing follows the previous cue's text without a blank line",
            "leave a blank line between cues",
        )
    ]


def test_every_problem_is_collected_in_one_pass() -> None:
    text = """\
WEBVTT FILE

00:00:01,000 --> 00:00:02,000
<v Ann>Hello

00:00:05.000 --> 00:00:04.000
<v Bo>Backwards

00:00:03.000 --> 00:00:06.000
<v Ann>Too early

a paragraph after a blank line

00:00:07 --> 00:00:08.000
no milliseconds

00:00:09.000 --> 00:00:10.000

00:00:11.000 --> 00:00:12.000
<v Bo>Fine at last
"""
    cues, found = parse_webvtt(text)
    assert [(p.line, p.message) for p in found] == [
        (3, "cue timing '00:00:01,000 --> 00:00:02,000' has a comma before the milliseconds"),
        (6, "the cue ends at 00:00:04.000, which is not after its start at 00:00:05.000"),
        (9, "the cue starts at 00:00:03.000, before the previous cue's start at 00:00:05.000"),
        (
            12,
            "expected a cue timing line like 00:01:02.500 --> 00:01:05.000,"
            " found 'a paragraph after a blank line'",
        ),
        (
            14,
            "cannot read the cue timing '00:00:07 --> 00:00:08.000':"
            " '00:00:07' has no milliseconds (write 00:00:07.000)",
        ),
        (17, "the cue at 00:00:09.000 has no text"),
    ]
    assert cues == [
        Cue(1.0, 2.0, "Ann", "Hello"),
        Cue(5.0, 4.0, "Bo", "Backwards"),
        Cue(3.0, 6.0, "Ann", "Too early"),
        Cue(11.0, 12.0, "Bo", "Fine at last"),
    ]


# --- limits ----------------------------------------------------------------------------------


def test_a_transcript_over_5_mb_is_refused_unread() -> None:
    text = "WEBVTT\n\n" + "x" * MAX_BYTES
    assert parse_webvtt(text) == (
        [],
        [
            found_at(
                1,
                "is 5,242,888 bytes; a transcript may be at most 5 MB",
                "check that this is the episode's transcript; a long episode's is well under 1 MB",
            )
        ],
    )


def test_the_size_limit_counts_bytes_not_letters() -> None:
    text = "WEBVTT\n\n" + "é" * (MAX_BYTES // 2)
    assert len(text) < MAX_BYTES
    assert problems(text) == [(1, "is 5,242,888 bytes; a transcript may be at most 5 MB")]


def test_more_than_50000_cues_are_refused() -> None:
    cue = "00:00.000 --> 00:01.000\nx\n\n"
    assert len(only_cues("WEBVTT\n\n" + cue * MAX_CUES)) == MAX_CUES
    assert parse_webvtt("WEBVTT\n\n" + cue * (MAX_CUES + 1)) == (
        [],
        [
            found_at(
                3 + 3 * MAX_CUES,
                "has more than 50,000 cues",
                "check that this is the episode's transcript, or merge short cues",
            )
        ],
    )


# --- output ----------------------------------------------------------------------------------

CUES = [
    Cue(0.0, 2.5, "Ann", "Hello"),
    Cue(2.5, 4.0, "Ann", "and welcome."),
    Cue(4.0, 6.25, "Bo <script>", 'Thanks & hi,\n"friends"'),
    Cue(6.25, 7.0, None, "[music]"),
    Cue(7.0, 8.0, None, "[more music]"),
    Cue(3725.5, 3726.0, "Ann", "An hour later."),
]


def test_to_srt() -> None:
    assert to_srt(CUES) == (
        "1\n00:00:00,000 --> 00:00:02,500\nAnn: Hello\n\n"
        "2\n00:00:02,500 --> 00:00:04,000\nand welcome.\n\n"
        '3\n00:00:04,000 --> 00:00:06,250\nBo <script>: Thanks & hi,\n"friends"\n\n'
        "4\n00:00:06,250 --> 00:00:07,000\n[music]\n\n"
        "5\n00:00:07,000 --> 00:00:08,000\n[more music]\n\n"
        "6\n01:02:05,500 --> 01:02:06,000\nAnn: An hour later.\n"
    )


def test_to_srt_of_nothing_is_empty() -> None:
    assert to_srt([]) == ""


def test_srt_names_a_speaker_again_after_an_unnamed_cue() -> None:
    cues = [Cue(0, 1, "Ann", "a"), Cue(1, 2, None, "b"), Cue(2, 3, "Ann", "c")]
    assert to_srt(cues).split("\n\n")[2] == "3\n00:00:02,000 --> 00:00:03,000\nAnn: c\n"


def test_to_html_groups_runs_of_one_speaker_and_escapes_everything() -> None:
    assert to_html(CUES) == (
        "<cite>Ann:</cite>\n<time>0:00</time>\n<p>Hello and welcome.</p>\n"
        "<cite>Bo &lt;script&gt;:</cite>\n<time>0:04</time>\n"
        "<p>Thanks &amp; hi, &quot;friends&quot;</p>\n"
        "<time>0:06</time>\n<p>[music] [more music]</p>\n"
        "<cite>Ann:</cite>\n<time>1:02:05</time>\n<p>An hour later.</p>\n"
    )


def test_to_html_of_nothing_is_empty() -> None:
    assert to_html([]) == ""


def test_html_document_wraps_and_escapes() -> None:
    fragment = to_html([Cue(0, 1, "Ann", "Hi")])
    assert html_document(fragment, 'Episode 1: "Arrival" & more', "en", back_url="./") == (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n'
        "<head>\n"
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        "<title>Episode 1: &quot;Arrival&quot; &amp; more</title>\n"
        "</head>\n"
        "<body>\n"
        "<h1>Episode 1: &quot;Arrival&quot; &amp; more</h1>\n"
        '<p><a href="./">Back to the episode</a></p>\n'
        "<cite>Ann:</cite>\n<time>0:00</time>\n<p>Hi</p>\n"
        "</body>\n"
        "</html>\n"
    )
    assert '<html lang="x&quot;&gt;">' in html_document("", "t", 'x">')
