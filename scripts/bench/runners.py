"""The benchmark's child processes, seen from the parent: builds, checks, warm builds, serve.

Every measured build runs in a fresh process, so that its time, CPU and memory are its own:
wall time as the parent sees it, CPU time from RUSAGE_CHILDREN, peak memory from the child's
own report plus its worker's (read from /proc). What the bench's own children do in there is in
``children.py``.
"""

from __future__ import annotations

import json
import os
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
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archipelago.engine.load_store import CACHE_DIR_VARIABLE
from bench import corpus
from bench.corpus import Corpus
from bench.report import say

PACKAGE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
#: How the bench runs itself as a child: `python -m bench --child MODE CONFIG SITE_DIR`.
OWN_COMMAND = [sys.executable, "-m", PACKAGE.name]
#: 2026-09-21: after every generated episode, so all are published; fixed, so builds repeat.
SOURCE_DATE_EPOCH = "1790000000"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
SERVE_TIMEOUT = 600.0  # seconds to wait for `mkdocs serve`'s first build or a rebuilt page


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
    env = env or ENV
    if args[: len(OWN_COMMAND)] == OWN_COMMAND:
        args = [*args, "--report", str(report_path)]
        # The child starts in the show's folder: it finds this package through the path.
        env = {**env, "PYTHONPATH": str(PACKAGE.parent)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
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
    """The command line that runs the bench's child ``mode`` in a fresh interpreter."""
    return [*OWN_COMMAND, "--child", mode, *args]


def median(values: list[float]) -> float:
    return float(statistics.median(values))


# --- builds and checks ----------------------------------------------------------------------


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


def measure_warm(show: Corpus, site_dir: Path) -> dict[str, Any]:
    """Two builds into the same folder, the probe cache emptied first: audio read by each."""
    shutil.rmtree(show.root / ".cache", ignore_errors=True)
    result = run_child(child("warm", str(show.config_file), str(site_dir)), cwd=show.root)
    shutil.rmtree(site_dir, ignore_errors=True)
    return result.report


# --- mkdocs serve: one edit to the rebuilt page ---------------------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    """The page at ``url`` as text, or None while the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


@contextmanager
def serving(
    config_file: Path,
    log: Path,
    *extra: str,
    env: dict[str, str] | None = None,
    program: Path = BIN / "mkdocs",
) -> Iterator[str]:
    """`mkdocs serve` (or another engine's ``program``) on the project of ``config_file`` (our
    own process, stopped by its id afterwards), its output in ``log``; the server's address.
    The tests use it too."""
    address = f"127.0.0.1:{free_port()}"
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(program), "serve", "-f", str(config_file), "-a", address, *extra],
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


def measure_serve(show: Corpus, edits: int, log: Path, *extra: str) -> dict[str, Any]:
    """Start `mkdocs serve`, edit one episode's title ``edits`` times, time each rebuilt page."""
    seconds, startup = [], 0.0
    with serving(show.config_file, log, *extra) as base:
        startup = wait_for(base, "</html>")
        time.sleep(1.0)  # let the watcher settle after the first build
        for number in range(edits):
            index = max(1, show.episodes * (number + 2) // (edits + 2))
            title = f"Edited title {number + 1} of episode {index}"
            url = base + corpus.episode_url_path(index)
            started = time.perf_counter()
            corpus.edit_episode_title(show, index, title)
            wait_for(url, title)
            seconds.append(time.perf_counter() - started)
            say(f"  serve{''.join(' ' + e for e in extra)} edit {number + 1}: {seconds[-1]:.2f} s")
            time.sleep(1.0)  # the rebuild is complete; let livereload settle before the next
    for number in range(edits):  # put the titles back for anything measured afterwards
        index = max(1, show.episodes * (number + 2) // (edits + 2))
        corpus.edit_episode_title(show, index, corpus.episode_title(index))
    return {
        "edits": edits,
        "median_seconds": median(seconds),
        "all_seconds": [round(s, 3) for s in seconds],
        "first_build_seconds": startup,
    }
