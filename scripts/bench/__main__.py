"""The performance benchmark (`make bench`): builds synthetic shows and measures what matters.

Generates shows with ``bench.corpus`` in a temporary folder and measures, as medians of several
runs, each build in a fresh child process (wall and CPU time, the child's own peak RSS):

- the full build at N = 100 and N = 1,000 episodes (about 200 and 2,000 pages) and the cost
  per page between them (``scaling_ratio``);
- the same pages built by plain `mkdocs build` without the plugin (``overhead_ratio``);
- the 1,000-episode show with every page in the navigation (``full_nav_speedup``);
- the podcast feed alone, ``archipelago.podcast.feed.build_feed`` at 1,000 and 10,000 episodes:
  the cost of an episode must not grow with the show (``feed_scaling``);
- `archipelago check` over the whole tree;
- loudness measurement (``archipelago.podcast.loudness``, run by `archipelago probe`) on an hour
  of audio, per audio minute (reported, no target);
- `archipelago import` of a generated 1,000-item feed without downloading media, and a
  second import over the result, which adds nothing (reported, no target);
- a second build with nothing changed: how many audio files the build reads for their facts
  (``warm_media_reads``, must be 0);
- the time from saving an episode to its rebuilt page under `mkdocs serve --dirty`, as
  `make serve` runs it (``serve_edit_seconds``), beside plain MkDocs' own time for the same
  edit and the time with full rebuilds.

Prints a table (value, target, pass or fail) and writes ``bench-results.json`` at the repository
root. Where a target is missed it profiles the build (a stack sampler, no dependencies) and
prints where the time goes: our code and templates, or MkDocs, Material and Markdown.

Usage, with ``scripts/`` on the path (``make bench ARGS=--quick`` does this)::

    PYTHONPATH=scripts python -m bench          # the full benchmark (about 10 minutes on 2 cores)
    PYTHONPATH=scripts python -m bench --quick  # N = 20 / 100, one run each: a smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archipelago.engine.load_store import CACHE_DIR_VARIABLE
from bench import corpus
from bench.children import CHILD_MODES
from bench.corpus import Corpus
from bench.feed import feed_scaling, measure_feed
from bench.importing import measure_import
from bench.loudness import measure_loudness_speed
from bench.profile import profile_build, profile_feed
from bench.report import TARGETS, print_report, say, verdict
from bench.runners import (
    ENV,
    child,
    measure_builds,
    measure_check,
    measure_serve,
    measure_warm,
    paired_ratio,
    run_child,
)

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Plan:
    """How big and how often: the full benchmark or the quick smoke run."""

    small: int = 100
    large: int = 1000
    feed_sizes: tuple[int, ...] = (1000, 10000)
    runs: int = 5  # this machine is noisy (one build varies by a third): medians of five
    slow_runs: int = 1  # the build with every page in the navigation takes minutes
    feed_runs: int = 5
    loudness_seconds: int = 3600  # an hour of audio, a long episode
    serve_edits: int = 3
    import_items: int = 1000  # the size: a long-running show moving house
    import_runs: int = 3
    quick: bool = False
    profile: bool = True
    notes: list[str] = field(default_factory=list)


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line: the benchmark's options, or a child's mode (``--child``)."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 20 / 100, one run: a smoke run")
    parser.add_argument("--runs", type=int, help="runs per build measurement (default 5)")
    parser.add_argument("--out", type=Path, default=REPO / "bench-results.json")
    parser.add_argument("--keep", action="store_true", help="keep the generated shows")
    parser.add_argument("--no-profile", action="store_true", help="skip profiling missed targets")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "CONFIG", "SITE_DIR"))
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def make_plan(args: argparse.Namespace) -> Plan:
    """The plan the options ask for."""
    plan = Plan()
    if args.quick:
        plan = Plan(small=20, large=100, feed_sizes=(100, 1000), runs=1, feed_runs=1)
        plan.loudness_seconds = 600
        plan.serve_edits, plan.quick, plan.profile = 1, True, False
        plan.import_runs = 1
        plan.notes.append("quick run: too small and too few runs for the targets to mean much")
    if args.runs:
        plan.runs = args.runs
    plan.slow_runs = min(plan.slow_runs, plan.runs)
    plan.profile = plan.profile and not args.no_profile
    return plan


def benchmark(plan: Plan, work: Path) -> dict[str, Any]:
    """Generate the shows in ``work``, measure everything, profile what misses its target."""
    raw: dict[str, Any] = {}
    started = time.perf_counter()

    say(f"generating shows of {plan.small} and {plan.large} episodes in {work}")
    show_small = corpus.write_show(work / "show-small", plan.small)
    show_large = corpus.write_show(work / "show-large", plan.large)
    plain_small = corpus.write_show(work / "plain-small", plan.small, plain=True)
    plain_large = corpus.write_show(work / "plain-large", plan.large, plain=True)
    all_in_nav = corpus.write_all_in_nav_config(show_large)
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

    say("loudness measurement")
    raw["loudness"] = measure_loudness_speed(plan.loudness_seconds)

    say("archipelago import of an old feed")
    raw["import"] = measure_import(plan.import_items, plan.import_runs)

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

    results = results_of(raw, show_small, show_large, plan)
    missed = [key for key in TARGETS if verdict(key, results[key]) == "FAIL"]
    profiles: dict[str, Any] = {}
    if plan.profile and missed:
        say(f"profiling (targets missed: {', '.join(missed)})")
        profiles = profile_missed(missed, show_large, plain_large, sites / "prof", plan)

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
            "serve_edits": plan.serve_edits,
            "quick": plan.quick,
        },
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "benchmark_seconds": time.perf_counter() - started,
    }


def results_of(
    raw: dict[str, Any], show_small: Corpus, show_large: Corpus, plan: Plan
) -> dict[str, Any]:
    """The targets' values and the medians behind them, from the raw measurements."""
    builds = raw["builds"]
    small, large = builds["plugin_small"], builds["plugin_large"]
    per_page_small = small["wall_seconds"] / show_small.pages
    per_page_large = large["wall_seconds"] / show_large.pages
    warm = raw["warm_build"]
    cold_ok = warm["cold"]["probed"] == show_large.episodes
    if not cold_ok:
        plan.notes.append(
            f"the cold build probed {warm['cold']['probed']} audio files, not"
            f" {show_large.episodes}: the probe counter no longer sees reads;"
            " fix count_media_reads in scripts/bench/children.py"
        )
    results: dict[str, Any] = {
        "scaling_ratio": per_page_large / per_page_small,
        "overhead_ratio": large["wall_seconds"] / builds["plain_large"]["wall_seconds"],
        "full_nav_speedup": builds["all_in_nav_large"]["wall_seconds"] / large["wall_seconds"],
        "feed_scaling": feed_scaling(raw["feed"]),
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
        # the feed's cost per episode in the largest feed, whatever the machine's speed
        "feed_ms_per_episode": raw["feed"][str(max(plan.feed_sizes))]["ms_per_episode"],
        "loudness_seconds_per_audio_minute": raw["loudness"]["seconds_per_audio_minute"],
        "loudness_audio_minutes": raw["loudness"]["audio_seconds"] / 60,
        "import_items": raw["import"]["items"],
        "import_seconds": raw["import"]["seconds"],
        "import_rerun_seconds": raw["import"]["rerun_seconds"],
    }
    for size, feed in raw["feed"].items():
        results[f"feed_seconds_{size}"] = feed["build_feed_seconds"]
    return results


def profile_missed(
    missed: list[str], show: Corpus, plain: Corpus, site_dir: Path, plan: Plan
) -> dict[str, Any]:
    """Profiles of the builds, and of the serve edit and the feed where their targets missed."""
    profiles = {
        "plugin_build_large": profile_build(show.config_file, site_dir),
        "plain_build_large": profile_build(plain.config_file, site_dir),
    }
    if "serve_edit_seconds" in missed:
        profiles["serve_dirty_rebuild_large"] = run_child(
            child("profile-serve", str(show.config_file), str(site_dir)), cwd=show.root
        ).report
        shutil.rmtree(site_dir, ignore_errors=True)
    if "feed_scaling" in missed:
        profiles["feed"] = profile_feed(max(plan.feed_sizes))
    return profiles


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
    """Run the benchmark, or, with ``--child``, one of its child processes' modes."""
    args = parse_arguments(argv)
    if args.child:
        mode, config, site_dir = args.child
        data = CHILD_MODES[mode](config, site_dir)
        if args.report:
            args.report.write_text(json.dumps(data), encoding="utf-8")
        return 0

    plan = make_plan(args)
    work = Path(tempfile.mkdtemp(prefix="archipelago-bench-", dir=_work_parent()))
    plan.notes.append(f"shows generated and built under {work.parent}")
    try:
        data = benchmark(plan, work)
    finally:
        if args.keep:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print_report(data)
    args.out.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    say(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
