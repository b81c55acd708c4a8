"""The files written beside each published episode's page: its JSON chapters, and its SubRip
and HTML transcripts.

Light on purpose (no models, pydantic, MkDocs or lxml): during a build the page cleaner's
worker process writes them (`clean_worker`), on the other core while MkDocs renders the pages;
`mkdocs serve` writes them in its own process. What one episode needs is a job of plain JSON
data (`podcast.episode_files_job`); the worker reads the cues itself, from the WebVTT file the
content check has already passed, rather than receive them through the pipe.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from archipelago.podcast.chapters import chapters_text
from archipelago.podcast.transcripts import html_document, parse_webvtt, to_html, to_srt
from archipelago.site_files import write_file

TYPE_CHECKING = False  # typing's own flag without importing typing (see clean_worker)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from archipelago.content.media_facts import Transcript
    from archipelago.podcast.transcripts import Cue

    #: One episode's job (see `podcast.episode_files_job`).
    Job = dict[str, Any]

CHAPTERS_FILE = "chapters.json"
SUBRIP_FILE = "transcript.srt"
TRANSCRIPT_PAGE = "transcript.html"
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class GeneratedFile:
    """A file the build writes beside a page: its path in the site and its text."""

    src_uri: str
    text: str


def render_episode_files(job: Job, cues: Sequence[Cue]) -> list[GeneratedFile]:
    """One episode's files: chapters when the job has them, transcripts when there are cues."""
    folder = job["folder"]
    files = []
    if job["chapters"] is not None:
        files.append(GeneratedFile(folder + CHAPTERS_FILE, chapters_text(job["chapters"])))
    if cues:
        files.append(GeneratedFile(folder + SUBRIP_FILE, to_srt(cues)))
        page = html_document(to_html(cues), job["title"], job["language"], job["back_url"])
        files.append(GeneratedFile(folder + TRANSCRIPT_PAGE, page))
    return files


def cues_of(transcript: Transcript | None) -> list[Cue]:
    """The cues of a checked transcript, read from its file again; none without one."""
    return read_cues(transcript.path) if transcript is not None and transcript.cues else []


def read_cues(path: str) -> list[Cue]:
    """The cues of a WebVTT file that the content check has passed, read as it reads them
    (`episode_media.read_transcript`): a byte-order mark dropped, strict UTF-8."""
    with open(path, "rb") as handle:
        text = handle.read().removeprefix(_BOM).decode("utf-8")
    return parse_webvtt(text)[0]


def write_episode_files(site_dir: str, jobs: list[Job]) -> None:
    """Write every job's files under ``site_dir``; the worker's side of a build."""
    folders: set[str] = set()  # made already: one mkdir per episode, not per file
    for job in jobs:
        cues = read_cues(job["transcript"]) if job["transcript"] else []
        write_generated(site_dir, render_episode_files(job, cues), folders)


def write_generated(site_dir: str, files: list[GeneratedFile], folders: set[str]) -> None:
    """Write ``files`` under ``site_dir`` (``folders``: those made already, see `write_file`)."""
    for file in files:
        write_file(os.path.join(site_dir, file.src_uri), file.text.encode("utf-8"), folders)
