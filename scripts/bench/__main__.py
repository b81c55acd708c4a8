"""The performance benchmark (`make bench`): builds synthetic shows and measures what matters.

Generates shows with ``bench_corpus`` in a temporary folder and measures, as medians of several
runs, each build in a fresh child process (wall and CPU time, the child's own peak RSS):

- the full build at N = 100 and N = 1,000 episodes (about 200 and 2,000 pages) and the cost
  per page between them (``scaling_ratio``);
- the same pages built by plain `mkdocs build` without the plugin (``overhead_ratio``);
- the 1,000-episode show with every page in the navigation (``full_nav_speedup``);
- the podcast feed alone, ``archipelago.podcast.feed.build_feed`` against a plain lxml writer of the
  same XML (``feed_vs_lxml_ratio``);
- `archipelago check` over the whole tree;
- a second build with nothing changed: how many audio files the build reads for their facts
  (``warm_media_reads``, must be 0);
- the time from saving an episode to its rebuilt page under `mkdocs serve --dirty`, as
  `make serve` runs it (``serve_edit_seconds``), beside plain MkDocs' own time for the same
  edit and the time with full rebuilds.

Prints a table (value, target, pass or fail) and writes ``bench-results.json`` at the repository
root. Where a target is missed it profiles the build (a stack sampler, no dependencies) and
prints where the time goes: our code and templates, or MkDocs, Material and Markdown.

Usage::

    python scripts/bench.py            # the full benchmark (about 10 minutes on 2 cores)
    python scripts/bench.py --quick    # N = 20 / 100, one run each: a smoke run in under a minute
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bench_corpus as corpus_mod
from archipelago.engine.load_store import CACHE_DIR_VARIABLE
from bench_corpus import Corpus

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src" / "archipelago"
THEME = REPO / "theme"
BIN = Path(sys.executable).parent
#: 2026-09-21: after every generated episode, so all are published; fixed, so builds repeat.
SOURCE_DATE_EPOCH = "1790000000"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
SERVE_TIMEOUT = 600.0  # seconds to wait for `mkdocs serve`'s first build or a rebuilt page

# The targets: (key, comparison, limit).
TARGETS: dict[str, tuple[str, float]] = {
    "scaling_ratio": ("<=", 1.3),
    "overhead_ratio": ("<=", 1.10),
    "full_nav_speedup": (">=", 3.0),
    "feed_vs_lxml_ratio": ("<=", 1.6),
    "warm_media_reads": ("<=", 0),
    "serve_edit_seconds": ("<=", 1.5),
    "peak_rss_mib": ("<=", 150.0),
}


@dataclass
class Plan:
    """How big and how often: the full benchmark or the quick smoke run."""

    small: int = 100
    large: int = 1000
    feed_sizes: tuple[int, ...] = (1000, 10000)
    runs: int = 5  # this machine is noisy (one build varies by a third): medians of five
    slow_runs: int = 1  # the build with every page in the navigation takes minutes
    feed_runs: int = 5
    serve_edits: int = 3
    quick: bool = False
    profile: bool = True
    notes: list[str] = field(default_factory=list)


# --- measuring child processes --------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One child process: wall time as the parent saw it, CPU time, and what the child reported."""

    wall: float
    cpu: float
    report: dict[str, Any]


def run_child(
    args: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> Run:
    """Run ``args`` to completion; CPU time from RUSAGE_CHILDREN deltas, the report from a file."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        report_path = Path(handle.name)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        [*args, "--report", str(report_path)] if args[1] == __file__ else args,
        cwd=cwd,
        env=env or ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with WorkerMemory(process.pid) as workers:
        stdout, stderr = process.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode != 0:
        report_path.unlink(missing_ok=True)
        raise RuntimeError(f"{' '.join(args)} failed ({process.returncode}):\n{stdout}\n{stderr}")
    text = report_path.read_text(encoding="utf-8") if report_path.stat().st_size else "{}"
    report_path.unlink(missing_ok=True)
    report = json.loads(text)
    if "peak_rss_mib" in report:  # the build's own peak, plus its worker process's
        report["worker_peak_rss_mib"] = workers.peak_mib
        report["peak_rss_mib"] += workers.peak_mib
    return Run(wall, cpu, report)


class WorkerMemory:
    """The peak memory of a child's own child processes (the page cleaner's worker).

    Read from /proc every few milliseconds by this process, which leaves the build alone. Not
    RUSAGE_CHILDREN: a process keeps in its ru_maxrss what its parent held when it was started
    (the moment between fork and exec, when the two share every page). VmHWM is the worker's
    own peak from its exec on. The build's peak plus these is at least what they held at once.
    """

    def __init__(self, pid: int, interval: float = 0.005) -> None:
        self.pid, self.interval = pid, interval
        self.peaks: dict[int, int] = {}  # KiB by pid
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    @property
    def peak_mib(self) -> float:
        return sum(self.peaks.values()) / 1024

    def __enter__(self) -> WorkerMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._done.wait(self.interval):
            for pid in _children_of(self.pid):
                kib = _vm_hwm_kib(pid)
                if kib is not None:
                    # The latest reading, not the largest: VmHWM only grows within one
                    # program, and a reading taken between fork and exec is the parent's
                    # (once 116 MiB for a 14 MiB worker).
                    self.peaks[pid] = kib


def _children_of(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:  # the build has ended
        return found
    for task in tasks:
        # suppress first: open() fails when the task ended meanwhile
        with suppress(OSError), open(f"/proc/{pid}/task/{task}/children") as listing:
            found += [int(child) for child in listing.read().split()]
    return found


def _vm_hwm_kib(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None  # a zombie: gone already


def child(mode: str, *args: str) -> list[str]:
    """The command line that runs this script's ``mode`` in a fresh interpreter."""
    return [sys.executable, __file__, "--child", mode, *args]


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def measure_builds(
    configs: dict[str, Path], site_dir: Path, runs: int, *, cold: Collection[str] = ()
) -> dict[str, dict[str, Any]]:
    """Medians of ``runs`` strict builds of each config, each in a fresh child process.

    The configs take turns (A, B, A, B, ...), so a busy spell on the machine slows both
    sides of a comparison rather than one. The configs named in ``cold`` start each build
    with an empty cache folder, no load store and no clean pages (the first build of a fresh
    clone); the others find what their previous build left, as a contributor's next build
    does: each is built once, unmeasured, before the measured runs.
    """
    results: dict[str, list[Run]] = {name: [] for name in configs}
    for name, config in configs.items():
        if name not in cold:
            shutil.rmtree(site_dir, ignore_errors=True)
            run_child(child("build", str(config), str(site_dir)), cwd=config.parent)
    for number in range(runs):
        for name, config in configs.items():
            shutil.rmtree(site_dir, ignore_errors=True)
            env = None
            if name in cold:
                store = site_dir.parent / "cold-load-store"
                shutil.rmtree(store, ignore_errors=True)
                env = {**ENV, CACHE_DIR_VARIABLE: str(store)}
            build = child("build", str(config), str(site_dir))
            result = run_child(build, cwd=config.parent, env=env)
            results[name].append(result)
            say(
                f"  {name} run {number + 1}/{runs}: {result.wall:.2f} s wall,"
                f" {result.cpu:.2f} s CPU, {result.report['peak_rss_mib']:.0f} MiB"
            )
    shutil.rmtree(site_dir, ignore_errors=True)
    return {
        name: {
            "runs": runs,
            "wall_seconds": median([r.wall for r in done]),
            "cpu_seconds": median([r.cpu for r in done]),
            "peak_rss_mib": median([r.report["peak_rss_mib"] for r in done]),
            "rss_after_imports_mib": median([r.report["rss_after_imports_mib"] for r in done]),
            "all_wall_seconds": [round(r.wall, 3) for r in done],
            "all_cpu_seconds": [round(r.cpu, 3) for r in done],
        }
        for name, done in results.items()
    }


def paired_ratio(ours: dict[str, Any], plain: dict[str, Any]) -> float:
    """The median over rounds of ours / plain, each round's two builds taken together."""
    rounds = zip(ours["all_wall_seconds"], plain["all_wall_seconds"], strict=True)
    return median([mine / theirs for mine, theirs in rounds])


def measure_check(root: Path, runs: int) -> dict[str, Any]:
    """Medians of `archipelago check ROOT` (the CLI contributors run)."""
    walls, cpus = [], []
    for _ in range(runs):
        result = run_child([str(BIN / "archipelago"), "check", str(root)], cwd=root)
        walls.append(result.wall)
        cpus.append(result.cpu)
    return {"runs": runs, "wall_seconds": median(walls), "cpu_seconds": median(cpus)}


# --- the feed alone -------------------------------------------------------------------------


def feed_inputs(count: int) -> tuple[Any, list[Any]]:
    """A channel and ``count`` items as the plugin hands them to ``build_feed``, without MkDocs.

    Ten distinct episodes are loaded through the real loader; the others are copies of them
    with their own number, GUID, date, title and audio, and their show notes rendered by
    Python-Markdown with the site's extensions, as MkDocs renders them.
    """
    import dataclasses
    import datetime as dt

    import markdown

    from archipelago.content.entries import Source
    from archipelago.content.frontmatter_io import parse_document
    from archipelago.content.load import load_sources
    from archipelago.content.models import Show
    from archipelago.podcast.audio import probe
    from archipelago.podcast.plan import plan_feed
    from archipelago.urls import SiteLinks

    listings = corpus_mod.listing_count(count)
    base_count = min(10, count)
    sources = [
        Source(
            corpus_mod.episode_src_uri(i),
            f"content/{corpus_mod.episode_src_uri(i)}",
            corpus_mod.episode_markdown(i, listings).encode(),
        )
        for i in range(1, base_count + 1)
    ] + [
        Source(f"people/{corpus_mod.person_slug(i)}.md", "", corpus_mod.person_markdown(i).encode())
        for i in range(1, corpus_mod.PEOPLE + 1)
    ]
    content, errors = load_sources(sources)
    if errors:
        raise RuntimeError(f"synthetic episodes do not load: {errors[0]}")
    content.show = Show.model_validate(_show_options())
    renderer = markdown.Markdown(
        extensions=["admonition", "attr_list", "toc"],
        extension_configs={"toc": {"permalink": True}},
    )
    bases = [content.episodes[corpus_mod.episode_slug(i)] for i in range(1, base_count + 1)]
    rendered = {}
    for source, base in zip(sources[:base_count], bases, strict=True):
        renderer.reset()
        rendered[base.slug] = renderer.convert(parse_document(source.path, source.raw).body)
    audio = probe(corpus_mod.SOURCE_AUDIO)
    episodes, notes, urls = [], {}, {}
    for index in range(1, count + 1):
        base = bases[(index - 1) % base_count]
        slug = corpus_mod.episode_slug(index)
        stem = f"{index:03d}-{slug}"
        model = base.model.model_copy(
            update={
                "title": corpus_mod.episode_title(index),
                "number": index,
                "guid": corpus_mod.episode_guid(index),
                "published": corpus_mod.FIRST_EPISODE + dt.timedelta(days=7 * (index - 1)),
                "audio": f"episodes/media/{stem}.mp3",
                "transcript": f"episodes/media/{stem}.vtt",
            }
        )
        entry = dataclasses.replace(
            base, slug=slug, src_uri=corpus_mod.episode_src_uri(index), model=model
        )
        episodes.append(entry)
        content.audio[slug] = audio
        notes[slug] = rendered[base.slug].replace(
            f"In episode {base.model.number},", f"In episode {index},"
        )
        urls[("episodes", slug)] = corpus_mod.episode_url_path(index)
    for i in range(1, corpus_mod.PEOPLE + 1):
        urls[("people", corpus_mod.person_slug(i))] = f"people/{corpus_mod.person_slug(i)}/"
    links = SiteLinks(corpus_mod.SITE_URL, None, urls)
    return plan_feed(content, episodes, links, notes, corpus_mod.SITE_URL + "feed.xml")


def _show_options() -> dict[str, Any]:
    """The show block of the generated mkdocs.yml, as the plugin reads it."""
    import yaml

    config = yaml.safe_load(corpus_mod.mkdocs_yml())
    return next(p["archipelago"]["show"] for p in config["plugins"] if isinstance(p, dict))


def lxml_feed(channel: Any, items: list[Any]) -> bytes:
    """The same RSS as ``build_feed``, written directly with lxml: the baseline.

    It does the same content work with the same helpers (show notes cut down for Apple,
    chapter lines, dates in UTC), so the difference is what feedgen and our extensions add.
    """
    import html
    from email.utils import format_datetime

    from lxml import etree

    from archipelago.content.ordering import moment
    from archipelago.podcast.chapters import npt
    from archipelago.podcast.feed import chapters_html, utc
    from archipelago.podcast.feedext import ITUNES_NS, PODCAST_NS, PSC_NS
    from archipelago.podcast.notes_html import apple_html

    atom = "http://www.w3.org/2005/Atom"
    content_ns = "http://purl.org/rss/1.0/modules/content/"
    nsmap = {
        "itunes": ITUNES_NS,
        "podcast": PODCAST_NS,
        "psc": PSC_NS,
        "atom": atom,
        "content": content_ns,
    }
    it, pc, psc = f"{{{ITUNES_NS}}}", f"{{{PODCAST_NS}}}", f"{{{PSC_NS}}}"
    sub = etree.SubElement

    def text(parent: Any, tag: str, value: str, **attrs: str) -> Any:
        node = sub(parent, tag, attrs)
        node.text = value
        return node

    show = channel.show
    rss = etree.Element("rss", nsmap=nsmap, version="2.0")
    chan = sub(rss, "channel")
    text(chan, "title", show.title)
    text(chan, "link", channel.site_url)
    text(chan, "description", show.description)
    sub(chan, f"{{{atom}}}link", href=channel.feed_url, rel="self")
    text(chan, "copyright", show.copyright)
    text(chan, "docs", "http://www.rssboard.org/rss-specification")
    text(chan, "generator", "Archipelago")
    image = sub(chan, "image")
    text(image, "url", channel.artwork_url)
    text(image, "title", show.title)
    text(image, "link", channel.site_url)
    text(chan, "language", show.language)
    ordered = sorted(
        items,
        key=lambda i: (moment(i.entry.model.published), i.entry.model.number, i.entry.slug),
        reverse=True,
    )
    if ordered:
        newest = format_datetime(utc(ordered[0].entry.model.published))
        text(chan, "lastBuildDate", newest)
        text(chan, "pubDate", newest)
    text(chan, it + "author", show.author)
    owner = sub(chan, it + "owner")
    text(owner, it + "name", show.owner.name)
    text(owner, it + "email", show.owner.email)
    sub(chan, it + "image", href=channel.artwork_url)
    category = sub(chan, it + "category", text=show.category)
    if show.subcategory:
        sub(category, it + "category", text=show.subcategory)
    text(chan, it + "explicit", "true" if show.explicit else "false")
    text(chan, it + "type", show.type)
    text(chan, pc + "guid", show.guid)
    if show.locked:
        text(chan, pc + "locked", "yes", owner=show.owner.email)
    for link in show.funding:
        text(chan, pc + "funding", link.label, url=link.url)
    if show.license:
        attrs = {"url": show.license.url} if show.license.url else {}
        text(chan, pc + "license", show.license.identifier, **attrs)
    text(chan, pc + "medium", "podcast")
    for person in channel.people:
        _person(chan, pc, person, text)
    for item in ordered:
        episode = item.entry.model
        node = sub(chan, "item")
        text(node, "title", episode.title)
        text(node, "link", item.page_url)
        chapters = chapters_html(episode)
        text(node, "description", f"<p>{html.escape(episode.summary)}</p>{chapters}")
        encoded = sub(node, f"{{{content_ns}}}encoded")
        encoded.text = etree.CDATA(apple_html(item.notes_html, item.page_url) + chapters)
        text(node, "guid", episode.guid, isPermaLink="false")
        sub(
            node,
            "enclosure",
            url=item.audio_url,
            length=str(item.audio.bytes),
            type=item.audio.mime,
        )
        text(node, "pubDate", format_datetime(utc(episode.published)))
        numbered = episode.number if episode.number > 0 else None
        text(node, it + "duration", str(round(item.audio.seconds)))
        if numbered is not None:
            text(node, it + "episode", str(numbered))
        if episode.season is not None:
            text(node, it + "season", str(episode.season))
        text(node, it + "episodeType", episode.type)
        if episode.explicit is not None:
            text(node, it + "explicit", "true" if episode.explicit else "false")
        if item.image_url:
            sub(node, it + "image", href=item.image_url)
        if episode.season is not None:
            text(node, pc + "season", str(episode.season))
        if numbered is not None:
            text(node, pc + "episode", str(numbered))
        for person in item.people:
            _person(node, pc, person, text)
        for transcript in item.transcripts:
            attrs = {"url": transcript.url, "type": transcript.type}
            if transcript.language:
                attrs["language"] = transcript.language
            if transcript.rel:
                attrs["rel"] = transcript.rel
            sub(node, pc + "transcript", attrs)
        if item.chapters_url:
            sub(node, pc + "chapters", url=item.chapters_url, type="application/json+chapters")
        if episode.chapters:
            marks = sub(node, psc + "chapters", version="1.2")
            for chapter in episode.chapters:
                attrs = {"start": npt(chapter.start), "title": chapter.title}
                if chapter.url:
                    attrs["href"] = chapter.url
                if chapter.image:
                    attrs["image"] = item.chapter_images[chapter.image]
                sub(marks, psc + "chapter", attrs)
    return bytes(etree.tostring(rss, pretty_print=True, encoding="UTF-8", xml_declaration=True))


def _person(parent: Any, pc: str, person: Any, text: Callable[..., Any]) -> None:
    attrs = {"role": person.role}
    if person.href:
        attrs["href"] = person.href
    if person.img:
        attrs["img"] = person.img
    text(parent, pc + "person", person.name, **attrs)


def same_xml(first: bytes, second: bytes) -> bool:
    """Whether two documents hold the same XML (canonical form, whitespace between tags aside)."""
    from lxml import etree

    def canonical(data: bytes) -> str:
        return str(etree.canonicalize(etree.fromstring(data), strip_text=True))

    return canonical(first) == canonical(second)


def measure_feed(sizes: tuple[int, ...], runs: int) -> dict[str, Any]:
    """``build_feed`` against the lxml writer, medians of ``runs``, for each size."""
    from archipelago.podcast.feed import build_feed
    from archipelago.podcast.notes_html import apple_html

    results: dict[str, Any] = {}
    for count in sizes:
        channel, items = feed_inputs(count)
        ours, plain, cleaning = [], [], []
        produced = baseline = b""
        for _ in range(runs):
            # Cleaned show notes are memoised for `mkdocs serve`: every timed run starts cold.
            apple_html.cache_clear()
            start = time.perf_counter()
            produced = build_feed(channel, items)
            ours.append(time.perf_counter() - start)
            apple_html.cache_clear()
            start = time.perf_counter()
            baseline = lxml_feed(channel, items)
            plain.append(time.perf_counter() - start)
            apple_html.cache_clear()
            start = time.perf_counter()
            for item in items:
                apple_html(item.notes_html, item.page_url)
            cleaning.append(time.perf_counter() - start)
        identical = same_xml(produced, baseline)
        results[str(count)] = {
            "runs": runs,
            "build_feed_seconds": median(ours),
            "lxml_seconds": median(plain),
            "ratio": median(ours) / median(plain),
            "show_notes_cleaning_seconds": median(cleaning),
            "same_xml": identical,
            "feed_bytes": len(produced),
        }
        say(
            f"  feed {count}: build_feed {median(ours):.3f} s, lxml {median(plain):.3f} s,"
            f" same XML: {identical}"
        )
    return results


# --- warm build: media files read -----------------------------------------------------------


def measure_warm(corpus: Corpus, site_dir: Path) -> dict[str, Any]:
    """Two builds into the same folder, the probe cache emptied first: audio read by each."""
    shutil.rmtree(corpus.root / ".cache", ignore_errors=True)
    result = run_child(child("warm", str(corpus.config_file), str(site_dir)), cwd=corpus.root)
    shutil.rmtree(site_dir, ignore_errors=True)
    return result.report


# --- mkdocs serve: one edit to the rebuilt page ---------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


@contextmanager
def serving(
    config_file: Path, log: Path, *extra: str, env: dict[str, str] | None = None
) -> Iterator[str]:
    """`mkdocs serve` on the project of ``config_file`` (our own process, stopped by its id
    afterwards), its output in ``log``; the server's address. The tests use it too."""
    address = f"127.0.0.1:{free_port()}"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(BIN / "mkdocs"), "serve", "-f", str(config_file), "-a", address, *extra],
            cwd=config_file.parent,
            env=env or ENV,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        yield f"http://{address}/"
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_for(url: str, needle: str, timeout: float = SERVE_TIMEOUT, step: float = 0.02) -> float:
    """Seconds until ``url`` answers with a page containing ``needle``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = fetch(url)
        if page is not None and needle in page:
            return time.perf_counter() - start
        time.sleep(step)
    raise TimeoutError(f"{url} did not show {needle!r} within {timeout:.0f} s")


def measure_serve(corpus: Corpus, edits: int, log: Path, *extra: str) -> dict[str, Any]:
    """Start `mkdocs serve`, edit one episode's title ``edits`` times, time each rebuilt page."""
    seconds, startup = [], 0.0
    with serving(corpus.config_file, log, *extra) as base:
        startup = wait_for(base, "</html>")
        time.sleep(1.0)  # let the watcher settle after the first build
        for number in range(edits):
            index = max(1, corpus.episodes * (number + 2) // (edits + 2))
            title = f"Edited title {number + 1} of episode {index}"
            url = base + corpus_mod.episode_url_path(index)
            started = time.perf_counter()
            corpus_mod.edit_episode_title(corpus, index, title)
            wait_for(url, title)
            seconds.append(time.perf_counter() - started)
            say(f"  serve{''.join(' ' + e for e in extra)} edit {number + 1}: {seconds[-1]:.2f} s")
            time.sleep(1.0)  # the rebuild is complete; let livereload settle before the next
    for number in range(edits):  # put the titles back for anything measured afterwards
        index = max(1, corpus.episodes * (number + 2) // (edits + 2))
        corpus_mod.edit_episode_title(corpus, index, corpus_mod.episode_title(index))
    return {
        "edits": edits,
        "median_seconds": median(seconds),
        "all_seconds": [round(s, 3) for s in seconds],
        "first_build_seconds": startup,
    }


# --- where the time goes --------------------------------------------------------------------


class Sampler:
    """A statistical profiler without dependencies: the stack every few ms of CPU time.

    A SIGPROF timer interrupts the main thread itself, so a sample lands wherever the CPU
    time goes (a sampling thread would wait for the GIL and only catch the moments the build
    releases it, in I/O). Counting CPU time, not wall time, also keeps the profile steady on a
    busy machine.
    """

    def __init__(self, interval: float = 0.002) -> None:
        self.interval = interval
        self.stacks: Counter[tuple[tuple[str, str], ...]] = Counter()  # stack -> CPU seconds
        self.samples = 0
        self.seconds = 0.0
        self.cpu_seconds = 0.0

    def __enter__(self) -> Sampler:
        self._previous = signal.signal(signal.SIGPROF, self._sample)
        self._start = time.perf_counter()
        self._cpu = time.process_time()
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)
        return self

    def __exit__(self, *exc: object) -> None:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        signal.signal(signal.SIGPROF, self._previous)
        self.seconds = time.perf_counter() - self._start

    def _sample(self, _signum: int, frame: Any) -> None:
        # The kernel fires the timer on its own ticks, not every interval: weigh each sample
        # by the CPU time it stands for.
        now = time.process_time()
        weight, self._cpu = now - self._cpu, now
        stack = []
        while frame is not None:
            stack.append((frame.f_code.co_filename, frame.f_code.co_name))
            frame = frame.f_back
        self.stacks[tuple(stack)] += weight  # innermost first
        self.samples += 1
        self.cpu_seconds += weight


def _package(filename: str) -> str:
    """Which project a frame's file belongs to."""
    path = filename.replace("\\", "/")
    if path.startswith(str(SRC)):
        return "archipelago (src)"
    if path.startswith(str(THEME)):
        return "archipelago templates (theme/)"
    if "/site-packages/" in path:
        top = path.split("/site-packages/", 1)[1].split("/", 1)[0]
        if top == "material" and path.endswith(".html"):
            return "material templates"
        return {"yaml": "pyyaml", "_yaml": "pyyaml"}.get(top, top.removesuffix(".py"))
    if path.startswith("<frozen"):
        return "python stdlib"
    if path.startswith("<"):
        return "python (generated code)"
    return "python stdlib"


def _phase(stack: tuple[tuple[str, str], ...]) -> str:
    """The build step a sample belongs to: a plugin event, or MkDocs' own step."""
    plugin_file = str(SRC / "plugin.py")
    for filename, function in reversed(stack):  # outermost first
        if filename == plugin_file and function.startswith("on_"):
            return f"archipelago plugin: {function}"
    for filename, function in reversed(stack):
        if "/material/plugins/" in filename and function.startswith("on_"):
            name = filename.split("/material/plugins/", 1)[1].split("/", 1)[0]
            return f"material {name} plugin: {function}"
    for filename, function in stack:  # innermost step of mkdocs/commands/build.py
        if filename.endswith("mkdocs/commands/build.py") and function != "build":
            if function == "_build_page":
                return "render page templates: " + _template_owner(stack)
            if function == "_populate_page":
                return "Markdown to HTML (MkDocs, Python-Markdown)"
            return f"mkdocs build: {function}"
    for depth, (filename, _function) in enumerate(stack):
        if filename.endswith("mkdocs/commands/build.py"):
            # Directly in build(): name the step it called (copy_static_files, get_files, ...).
            callee = stack[depth - 1][1] if depth else "build"
            return f"mkdocs build: {callee}"
        if "/mkdocs/config/" in filename:
            return "load mkdocs.yml and plugins (imports)"
    return "other (imports, start-up)"


def _template_owner(stack: tuple[tuple[str, str], ...]) -> str:
    """Whose template (or template helper) the innermost interesting frame is."""
    for filename, function in stack:
        if filename.startswith(str(THEME)):
            return f"ours (theme/{Path(filename).relative_to(THEME)})"
        if filename.startswith(str(SRC)):
            return f"ours ({Path(filename).stem}.{function}, called from templates)"
        if filename.endswith(".html") and "/material/" in filename:
            return "Material's"
    return "Jinja/MkDocs"


def is_ours(step: str) -> bool:
    """Whether a ``by_step`` entry is time spent in our plugin, templates or code."""
    return step.startswith(("archipelago plugin", "render page templates: ours"))


def summarise(sampler: Sampler) -> dict[str, Any]:
    """Seconds per build step, per project (self time) and in our functions, from the samples."""
    phases: Counter[str] = Counter()
    projects: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    for stack, seconds in sampler.stacks.items():
        phases[_phase(stack)] += seconds
        if stack:
            projects[_package(stack[0][0])] += seconds
        seen = set()
        for filename, function in stack:
            # Only our Python: a template's frames wrap the templates it extends (Material's
            # base.html), so their inclusive time would not be ours; `by_step` splits those.
            if filename.startswith(str(SRC)):
                name = f"{Path(filename).name}:{function}"
                if name not in seen:
                    seen.add(name)
                    functions[name] += seconds

    def table(counter: Counter[str], limit: int) -> dict[str, float]:
        return {key: round(seconds, 3) for key, seconds in counter.most_common(limit)}

    ours = sum(seconds for step, seconds in phases.items() if is_ours(step))
    return {
        "seconds": round(sampler.seconds, 3),
        "cpu_seconds_sampled": round(sampler.cpu_seconds, 3),
        "ours_cpu_seconds": round(ours, 3),
        "samples": sampler.samples,
        "by_step": table(phases, 40),
        "by_project_self_time": table(projects, 15),
        "our_functions_inclusive": table(functions, 15),
    }


def profile_build(config: Path, site_dir: Path) -> dict[str, Any]:
    shutil.rmtree(site_dir, ignore_errors=True)
    result = run_child(child("profile", str(config), str(site_dir)), cwd=config.parent)
    shutil.rmtree(site_dir, ignore_errors=True)
    return result.report


def profile_feed(count: int) -> dict[str, Any]:
    from archipelago.podcast.feed import build_feed

    channel, items = feed_inputs(count)
    with Sampler() as sampler:
        build_feed(channel, items)
    profile = summarise(sampler)
    steps: Counter[str] = Counter()
    for stack, seconds in sampler.stacks.items():
        steps[_feed_step(stack)] += seconds
    profile["by_step"] = {key: round(seconds, 3) for key, seconds in steps.most_common()}
    return profile


def _feed_step(stack: tuple[tuple[str, str], ...]) -> str:
    for filename, function in stack:  # innermost first
        if filename.endswith("archipelago/notes_html.py") and function == "clean_html":
            return "ours: show notes cut down for Apple (lxml.html + nh3)"
        if filename.endswith("archipelago/feedext.py"):
            return "ours: feedgen extensions (itunes, podcast, psc)"
        if filename.endswith("feedgen/feed.py") and function in ("_create_rss", "rss_str"):
            return "feedgen: channel XML and serialisation"
        if filename.endswith("feedgen/entry.py") and function == "rss_entry":
            return "feedgen: item XML"
        if "/feedgen/" in filename:
            return f"feedgen: {function} (setters and validation)"
    for filename, function in stack:
        if filename.endswith("archipelago/feed.py"):
            return f"ours: {function}"
    return "other"


# --- child modes ----------------------------------------------------------------------------


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _import_everything() -> float:
    """Import what a build imports, and return the peak RSS so far (the fixed share)."""
    import importlib

    for module in (
        "mkdocs.commands.build",
        "mkdocs.config",
        "material.plugins.search.plugin",
        "material.plugins.tags.plugin",
        "archipelago.plugin",
    ):
        importlib.import_module(module)
    return _rss_mib()


def _child_build(config: str, site_dir: str) -> dict[str, Any]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    baseline = _import_everything()
    start = time.perf_counter()
    build(load_config(config, strict=True, site_dir=site_dir))
    return {
        "seconds_in_process": time.perf_counter() - start,
        "peak_rss_mib": _rss_mib(),  # run_child adds the peaks of the build's own children
        "rss_after_imports_mib": baseline,
    }


def _child_warm(config: str, site_dir: str) -> dict[str, Any]:
    """Build twice into the same folder; count audio probes and every open of an audio file."""
    import builtins
    import io
    from unittest import mock

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from archipelago.podcast import audio

    suffixes = tuple(audio.MIME_TYPES)
    opens = Counter[str]()
    real_open = builtins.open

    def counting_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        name = os.fspath(file) if isinstance(file, str | os.PathLike) else ""
        if isinstance(name, str) and name.lower().endswith(suffixes):
            mode = args[0] if args else kwargs.get("mode", "r")
            if "r" in mode:
                frames = [sys._getframe(depth).f_code.co_filename for depth in range(1, 4)]
                copying = any(f.endswith("shutil.py") for f in frames)
                opens["copied by MkDocs" if copying else "read otherwise"] += 1
        return real_open(file, *args, **kwargs)

    counts = []
    for _ in range(2):
        opens.clear()
        with (
            mock.patch.object(audio, "probe", wraps=audio.probe) as probe,
            mock.patch.object(builtins, "open", counting_open),
            mock.patch.object(io, "open", counting_open),
        ):
            build(load_config(config, strict=True, site_dir=site_dir))
        counts.append(
            {
                "probed": probe.call_count,
                "copied": opens["copied by MkDocs"],
                "read_otherwise": opens["read otherwise"],
            }
        )
    return {"cold": counts[0], "warm": counts[1]}


def _child_profile(config: str, site_dir: str) -> dict[str, Any]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with Sampler() as sampler:
        _import_everything()
        build(load_config(config, strict=True, site_dir=site_dir))
    return summarise(sampler)


def _child_profile_serve(config: str, site_dir: str) -> dict[str, Any]:
    """What `mkdocs serve --dirty` does after one episode is saved, profiled.

    Mirrors mkdocs/commands/serve.py: plugins told it is `serve`, the site_url replaced with the
    local address, one first build, then the configuration loaded again and a dirty rebuild.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    serve_url = "http://127.0.0.1:8000/"

    def loaded() -> Any:
        loaded_config = load_config(config, site_dir=site_dir)
        loaded_config.site_url = serve_url
        return loaded_config

    first = loaded()
    first.plugins.on_startup(command="serve", dirty=True)
    build(first, serve_url=serve_url, dirty=True)
    first.plugins["archipelago"].wait_for_outputs()  # as an edit made a moment later finds it
    show = corpus_mod.open_show(Path(config).parent)
    index = max(1, show.episodes // 2)
    time.sleep(0.01)  # a newer mtime than the page just written
    corpus_mod.edit_episode_title(show, index, f"Edited title of episode {index}")
    with Sampler() as sampler:
        build(loaded(), serve_url=serve_url, dirty=True)
    corpus_mod.edit_episode_title(show, index, corpus_mod.episode_title(index))
    return summarise(sampler)


CHILD_MODES: dict[str, Callable[[str, str], dict[str, Any]]] = {
    "profile-serve": _child_profile_serve,
    "build": _child_build,
    "warm": _child_warm,
    "profile": _child_profile,
}


# --- the report -----------------------------------------------------------------------------


def say(text: str) -> None:
    print(text, flush=True)


def verdict(key: str, value: float) -> str:
    comparison, limit = TARGETS[key]
    ok = value <= limit if comparison == "<=" else value >= limit
    return "pass" if ok else "FAIL"


def target(key: str, unit: str) -> str:
    """A target as the table shows it: `<= 1.1x`, from TARGETS."""
    comparison, limit = TARGETS[key]
    return f"{comparison} {limit:g}{unit}"


def print_table(rows: list[tuple[str, str, str, str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for number, row in enumerate(rows):
        say("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if number == 0:
            say("  ".join("-" * w for w in widths))


def print_profile(title: str, profile: dict[str, Any]) -> None:
    total = profile["cpu_seconds_sampled"]
    say(f"\n{title}: {total:.1f} s of CPU sampled ({profile['seconds']:.1f} s wall, profiled)")
    ours = profile.get("ours_cpu_seconds", 0.0)
    if total:
        say(
            f"  ours (plugin events, our templates and what they call): {ours:.2f} s"
            f" ({100 * ours / total:.0f} %); the rest (MkDocs, Material, Markdown, Jinja):"
            f" {total - ours:.2f} s"
        )
    for section in ("by_step", "by_project_self_time", "our_functions_inclusive"):
        say(f"  {section.replace('_', ' ')} (CPU seconds, share):")
        for key, seconds in profile.get(section, {}).items():
            share = 100 * seconds / total if total else 0
            if share >= 0.5:
                say(f"    {seconds:8.2f} s  {share:5.1f} %  {key}")


# --- the benchmark --------------------------------------------------------------------------


def benchmark(plan: Plan, work: Path) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    started = time.perf_counter()

    say(f"generating shows of {plan.small} and {plan.large} episodes in {work}")
    show_small = corpus_mod.write_show(work / "show-small", plan.small)
    show_large = corpus_mod.write_show(work / "show-large", plan.large)
    plain_small = corpus_mod.write_show(work / "plain-small", plan.small, plain=True)
    plain_large = corpus_mod.write_show(work / "plain-large", plan.large, plain=True)
    all_in_nav = corpus_mod.write_all_in_nav_config(show_large)
    sites = work / "sites"

    # What builds and checks store between runs (load_store) goes in this run's own folder.
    ENV[CACHE_DIR_VARIABLE] = str(work / "load-stores")
    say("archipelago check (its first run also fills the probe cache the builds rely on)")
    measure_check(show_small.root, 1)
    raw["check"] = measure_check(show_large.root, plan.runs)
    raw["check"]["pages"] = show_large.pages

    say("full builds (mkdocs build --strict, each in a fresh process)")
    shows = {
        "plugin_small": show_small,
        "plain_small": plain_small,
        "plugin_large": show_large,
        "plugin_large_cold": show_large,
        "plain_large": plain_large,
    }
    builds = raw["builds"] = {}
    groups = (("plugin_small", "plain_small"), ("plugin_large", "plugin_large_cold", "plain_large"))
    for group in groups:
        configs = {name: shows[name].config_file for name in group}
        builds.update(
            measure_builds(configs, sites / "build", plan.runs, cold={"plugin_large_cold"})
        )
    builds.update(measure_builds({"all_in_nav_large": all_in_nav}, sites / "build", plan.slow_runs))
    shows["all_in_nav_large"] = show_large
    for name, show in shows.items():
        builds[name]["pages"] = show.pages
        builds[name]["episodes"] = show.episodes
    if plan.slow_runs < plan.runs:
        plan.notes.append(
            f"the build with every page in the navigation ran {plan.slow_runs} time(s), not"
            f" {plan.runs}: it takes minutes"
        )

    say("the feed alone")
    raw["feed"] = measure_feed(plan.feed_sizes, plan.feed_runs)

    say("a second build with nothing changed")
    raw["warm_build"] = measure_warm(show_large, sites / "warm")

    say("mkdocs serve: one episode edited")
    # `make serve` runs `mkdocs serve --dirty`: MkDocs renders only the pages that changed.
    raw["serve_dirty"] = measure_serve(
        show_large, plan.serve_edits, work / "serve-dirty.log", "--dirty"
    )
    # The same edit under plain MkDocs: the floor MkDocs' own serve sets (file watching by
    # polling every 0.5 s, config and theme loaded again, navigation, sitemap, 404 page).
    raw["serve_dirty_plain"] = measure_serve(
        plain_large, plan.serve_edits, work / "serve-plain.log", "--dirty"
    )
    # Without --dirty every rebuild is a full build: MkDocs renders all pages again.
    raw["serve"] = measure_serve(show_large, plan.serve_edits, work / "serve.log")

    small, large = builds["plugin_small"], builds["plugin_large"]
    per_page_small = small["wall_seconds"] / show_small.pages
    per_page_large = large["wall_seconds"] / show_large.pages
    biggest_feed = raw["feed"][str(max(plan.feed_sizes))]
    warm = raw["warm_build"]
    cold_ok = warm["cold"]["probed"] == show_large.episodes
    if not cold_ok:
        plan.notes.append(
            f"the cold build probed {warm['cold']['probed']} audio files, not"
            f" {show_large.episodes}: the probe counter no longer sees reads; fix bench.py"
        )
    results: dict[str, Any] = {
        "scaling_ratio": per_page_large / per_page_small,
        "overhead_ratio": large["wall_seconds"] / builds["plain_large"]["wall_seconds"],
        "full_nav_speedup": builds["all_in_nav_large"]["wall_seconds"] / large["wall_seconds"],
        "feed_vs_lxml_ratio": biggest_feed["ratio"],
        "warm_media_reads": warm["warm"]["probed"] if cold_ok else -1,
        "serve_edit_seconds": raw["serve_dirty"]["median_seconds"],
        # the higher of the two: the first build also writes the load store
        "peak_rss_mib": max(large["peak_rss_mib"], builds["plugin_large_cold"]["peak_rss_mib"]),
        # the raw medians behind them
        "per_page_seconds_small": per_page_small,
        "per_page_seconds_large": per_page_large,
        "pages_small": show_small.pages,
        "pages_large": show_large.pages,
        "build_wall_seconds_small": small["wall_seconds"],
        "build_cpu_seconds_small": small["cpu_seconds"],
        "peak_rss_mib_small": small["peak_rss_mib"],
        "build_wall_seconds_large": large["wall_seconds"],
        "build_cpu_seconds_large": large["cpu_seconds"],
        "plain_build_wall_seconds_small": builds["plain_small"]["wall_seconds"],
        "plain_build_wall_seconds_large": builds["plain_large"]["wall_seconds"],
        "plain_build_cpu_seconds_large": builds["plain_large"]["cpu_seconds"],
        "plain_peak_rss_mib_large": builds["plain_large"]["peak_rss_mib"],
        "overhead_ratio_small": small["wall_seconds"] / builds["plain_small"]["wall_seconds"],
        # the first build of a fresh clone: every content file loaded, none from the store
        "overhead_ratio_cold": builds["plugin_large_cold"]["wall_seconds"]
        / builds["plain_large"]["wall_seconds"],
        "build_wall_seconds_large_cold": builds["plugin_large_cold"]["wall_seconds"],
        "peak_rss_mib_cold": builds["plugin_large_cold"]["peak_rss_mib"],
        "peak_rss_mib_warm": large["peak_rss_mib"],
        # the same ratios from CPU time, which a busy machine disturbs less
        "scaling_ratio_cpu": (large["cpu_seconds"] / show_large.pages)
        / (small["cpu_seconds"] / show_small.pages),
        "overhead_ratio_cpu": large["cpu_seconds"] / builds["plain_large"]["cpu_seconds"],
        # the median of each round's own ratio: the two builds of a round ran a few seconds
        # apart, so a slow spell of the machine weighs on both (the runs alternate)
        "overhead_ratio_paired": paired_ratio(large, builds["plain_large"]),
        "overhead_ratio_cold_paired": paired_ratio(
            builds["plugin_large_cold"], builds["plain_large"]
        ),
        "full_nav_speedup_cpu": builds["all_in_nav_large"]["cpu_seconds"] / large["cpu_seconds"],
        "all_in_nav_build_wall_seconds_large": builds["all_in_nav_large"]["wall_seconds"],
        "check_wall_seconds_large": raw["check"]["wall_seconds"],
        "check_cpu_seconds_large": raw["check"]["cpu_seconds"],
        "cold_media_reads": warm["cold"]["probed"],
        "warm_media_copied_by_mkdocs": warm["warm"]["copied"],
        "serve_edit_seconds_full_rebuild": raw["serve"]["median_seconds"],
        "serve_edit_seconds_plain_mkdocs": raw["serve_dirty_plain"]["median_seconds"],
        "serve_first_build_seconds": raw["serve"]["first_build_seconds"],
    }
    for size, feed in raw["feed"].items():
        results[f"feed_seconds_{size}"] = feed["build_feed_seconds"]
        results[f"lxml_feed_seconds_{size}"] = feed["lxml_seconds"]
        results[f"feed_vs_lxml_ratio_{size}"] = feed["ratio"]
    if not biggest_feed["same_xml"]:
        plan.notes.append("build_feed and the lxml writer no longer write the same XML")

    missed = [key for key in TARGETS if verdict(key, results[key]) == "FAIL"]
    profiles: dict[str, Any] = {}
    if plan.profile and missed:
        say(f"profiling (targets missed: {', '.join(missed)})")
        profiles["plugin_build_large"] = profile_build(show_large.config_file, sites / "prof")
        profiles["plain_build_large"] = profile_build(plain_large.config_file, sites / "prof")
        if "serve_edit_seconds" in missed:
            profiles["serve_dirty_rebuild_large"] = run_child(
                child("profile-serve", str(show_large.config_file), str(sites / "prof")),
                cwd=show_large.root,
            ).report
            shutil.rmtree(sites / "prof", ignore_errors=True)
        if "feed_vs_lxml_ratio" in missed:
            profiles["feed"] = profile_feed(max(plan.feed_sizes))

    return {
        # The headline numbers at the top level, as the issue asks; all of them under results.
        **{key: results[key] for key in TARGETS if key in results},
        "results": results,
        "raw": raw,
        "profiles": profiles,
        "targets": {key: f"{cmp} {limit}" for key, (cmp, limit) in TARGETS.items()},
        "missed": missed,
        "notes": plan.notes,
        "plan": {
            "small": plan.small,
            "large": plan.large,
            "feed_sizes": list(plan.feed_sizes),
            "runs": plan.runs,
            "slow_runs": plan.slow_runs,
            "feed_runs": plan.feed_runs,
            "quick": plan.quick,
        },
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "benchmark_seconds": time.perf_counter() - started,
    }


def report(data: dict[str, Any], plan: Plan) -> None:
    r = data["results"]
    small_pages, large_pages = r["pages_small"], r["pages_large"]
    rows = [
        ("metric", "value", "target", "result"),
        (
            f"full build, {plan.small} episodes ({small_pages} pages)",
            f"{r['build_wall_seconds_small']:.2f} s wall, {r['build_cpu_seconds_small']:.2f} s"
            f" CPU, {r['peak_rss_mib_small']:.0f} MiB",
            "",
            "",
        ),
        (
            f"full build, {plan.large} episodes ({large_pages} pages)",
            f"{r['build_wall_seconds_large']:.2f} s wall, {r['build_cpu_seconds_large']:.2f} s"
            f" CPU, {r['peak_rss_mib_warm']:.0f} MiB",
            "",
            "",
        ),
        (
            f"plain mkdocs build, same {large_pages} pages",
            f"{r['plain_build_wall_seconds_large']:.2f} s wall,"
            f" {r['plain_peak_rss_mib_large']:.0f} MiB",
            "",
            "",
        ),
        (
            "overhead: full build / plain mkdocs build",
            f"{r['overhead_ratio']:.2f}x (paired by round {r['overhead_ratio_paired']:.2f}x;"
            f" CPU {r['overhead_ratio_cpu']:.2f}x; at {small_pages} pages"
            f" {r['overhead_ratio_small']:.2f}x)",
            target("overhead_ratio", "x"),
            verdict("overhead_ratio", r["overhead_ratio"]),
        ),
        (
            "  the same, first build (empty cache folder)",
            f"{r['overhead_ratio_cold']:.2f}x (paired {r['overhead_ratio_cold_paired']:.2f}x;"
            f" {r['build_wall_seconds_large_cold']:.2f} s wall, {r['peak_rss_mib_cold']:.0f} MiB)",
            target("overhead_ratio", "x"),
            verdict("overhead_ratio", r["overhead_ratio_cold"]),
        ),
        (
            f"scaling: per-page cost {large_pages} / {small_pages} pages",
            f"{r['scaling_ratio']:.2f}x ({1000 * r['per_page_seconds_large']:.1f} ms /"
            f" {1000 * r['per_page_seconds_small']:.1f} ms; CPU {r['scaling_ratio_cpu']:.2f}x)",
            target("scaling_ratio", "x"),
            verdict("scaling_ratio", r["scaling_ratio"]),
        ),
        (
            "all pages in the navigation / our navigation",
            f"{r['full_nav_speedup']:.1f}x ({r['all_in_nav_build_wall_seconds_large']:.1f} s;"
            f" CPU {r['full_nav_speedup_cpu']:.1f}x)",
            target("full_nav_speedup", "x"),
            verdict("full_nav_speedup", r["full_nav_speedup"]),
        ),
    ]
    for size in plan.feed_sizes:
        key = f"feed_vs_lxml_ratio_{size}"
        biggest = size == max(plan.feed_sizes)
        rows.append(
            (
                f"feed alone, {size} episodes: build_feed / lxml",
                f"{r[key]:.2f}x ({r[f'feed_seconds_{size}']:.2f} s /"
                f" {r[f'lxml_feed_seconds_{size}']:.2f} s)",
                target("feed_vs_lxml_ratio", "x") if biggest else "",
                verdict("feed_vs_lxml_ratio", r[key]) if biggest else "",
            )
        )
    rows += [
        (
            f"archipelago check, {large_pages - 5} files",
            f"{r['check_wall_seconds_large']:.2f} s wall, {r['check_cpu_seconds_large']:.2f} s CPU",
            "",
            "",
        ),
        (
            "audio files read by a warm build",
            f"{r['warm_media_reads']} (cold build: {r['cold_media_reads']}; MkDocs copies"
            f" {r['warm_media_copied_by_mkdocs']})",
            target("warm_media_reads", ""),
            verdict("warm_media_reads", r["warm_media_reads"]),
        ),
        (
            f"mkdocs serve --dirty: edit to rebuilt page, {large_pages} pages",
            f"{r['serve_edit_seconds']:.2f} s (plain mkdocs:"
            f" {r['serve_edit_seconds_plain_mkdocs']:.2f} s; full rebuilds:"
            f" {r['serve_edit_seconds_full_rebuild']:.2f} s)",
            target("serve_edit_seconds", " s"),
            verdict("serve_edit_seconds", r["serve_edit_seconds"]),
        ),
        (
            f"peak memory, {large_pages} pages",
            f"{r['peak_rss_mib']:.0f} MiB (plain mkdocs: {r['plain_peak_rss_mib_large']:.0f} MiB)",
            target("peak_rss_mib", " MiB"),
            verdict("peak_rss_mib", r["peak_rss_mib"]),
        ),
    ]
    say("")
    print_table(rows)
    runs = f"medians of {plan.runs} run(s); feed: medians of {plan.feed_runs}"
    say(f"\n{runs}; serve: median of {plan.serve_edits} edits")
    for note in data["notes"]:
        say(f"note: {note}")
    for name, profile in data["profiles"].items():
        print_profile(f"profile: {name}", profile)


def _work_parent() -> str | None:
    """Memory-backed /dev/shm when it has room, else the usual temporary folder.

    Both sides of every comparison write there: on this machine's shared disk, writeback
    stalls added up to six seconds of system time to single builds, more noise than the
    differences measured.
    """
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 2 * 2**30:
        return str(shm)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 20 / 100, one run: a smoke run")
    parser.add_argument("--runs", type=int, help="runs per build measurement (default 5)")
    parser.add_argument("--out", type=Path, default=REPO / "bench-results.json")
    parser.add_argument("--keep", action="store_true", help="keep the generated shows")
    parser.add_argument("--no-profile", action="store_true", help="skip profiling missed targets")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "CONFIG", "SITE_DIR"))
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        mode, config, site_dir = args.child
        data = CHILD_MODES[mode](config, site_dir)
        if args.report:
            args.report.write_text(json.dumps(data), encoding="utf-8")
        return 0

    plan = Plan()
    if args.quick:
        plan = Plan(small=20, large=100, feed_sizes=(100, 1000), runs=1, feed_runs=1)
        plan.serve_edits, plan.quick, plan.profile = 1, True, False
        plan.notes.append("quick run: too small and too few runs for the targets to mean much")
    if args.runs:
        plan.runs = args.runs
    plan.slow_runs = min(plan.slow_runs, plan.runs)
    plan.profile = plan.profile and not args.no_profile
    work = Path(tempfile.mkdtemp(prefix="archipelago-bench-", dir=_work_parent()))
    plan.notes.append(f"shows generated and built under {work.parent}")
    try:
        data = benchmark(plan, work)
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    report(data, plan)
    args.out.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    say(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
