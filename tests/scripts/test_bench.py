"""The benchmark (`make bench`, the package scripts/bench/) measures what it claims to.

Its feed inputs make a real feed, its generated show is one `archipelago check` accepts, its
verdicts and its quick plan say what the table prints. Timings are the benchmark's business,
never a test's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import feedparser
from mkdocs.commands.build import build
from mkdocs.config import load_config

from archipelago.podcast.feed import build_feed

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from bench.__main__ import make_plan, parse_arguments  # scripts/ is not installed
from bench.corpus import write_show
from bench.feed import feed_inputs, feed_scaling, measure_feed
from bench.report import verdict

REPO = Path(__file__).resolve().parents[2]


def test_the_feed_inputs_make_a_feed_with_every_episode_and_its_show_notes() -> None:
    channel, items = feed_inputs(12)
    assert len(items) == 12
    feed = feedparser.parse(build_feed(channel, items))
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 12
    for entry in feed.entries:
        number = int(entry.itunes_episode)
        notes = entry.content[0].value
        # Each item's show notes are its own episode's Markdown body, rendered to HTML.
        assert f"In episode {number}," in notes, notes[:200]
        assert "<p>" in notes and "<li>" in notes, notes[:200]


def test_the_generated_show_passes_archipelago_check(tmp_path: Path) -> None:
    show = tmp_path / "show"
    env = {**os.environ, "PYTHONPATH": str(REPO / "scripts")}
    generate = [sys.executable, "-m", "bench.corpus", str(show), "3"]
    subprocess.run(generate, check=True, cwd=tmp_path, env=env, capture_output=True)
    archipelago = Path(sys.executable).parent / "archipelago"
    check = subprocess.run(
        [str(archipelago), "check", str(show)], capture_output=True, text=True, cwd=tmp_path
    )
    assert check.returncode == 0, check.stderr
    assert "no problems" in check.stdout
    assert len(list((show / "content" / "episodes").glob("*.md"))) == 3


def test_the_plain_mkdocs_baseline_builds_with_the_theme(tmp_path: Path) -> None:
    """The overhead is measured against plain MkDocs building the same pages with the same
    theme, without the plugin: the theme must not need what only the plugin provides."""
    corpus = write_show(tmp_path / "plain", 3, plain=True)
    site = tmp_path / "site"
    build(load_config(str(corpus.config_file), strict=True, site_dir=str(site)))
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>" in page
    assert 'type="application/atom+xml"' not in page  # no plugin, no feeds to announce


def test_the_feed_measurement_runs_and_reports_per_episode_costs() -> None:
    result = measure_feed((3,), 1)["3"]
    assert result["runs"] == 1
    assert result["feed_bytes"] > 0
    assert result["ms_per_episode"] > 0 and result["show_notes_cleaning_seconds"] > 0


def test_a_value_past_its_target_fails_and_one_within_passes() -> None:
    assert verdict("feed_scaling", 1.3) == "FAIL"
    assert verdict("feed_scaling", 1.1) == "pass"
    assert verdict("full_nav_speedup", 2.0) == "FAIL"  # a floor, not a ceiling
    assert verdict("full_nav_speedup", 4.0) == "pass"


def test_a_feed_that_costs_more_per_episode_as_it_grows_misses_its_target() -> None:
    linear = {"1000": {"ms_per_episode": 0.2}, "10000": {"ms_per_episode": 0.21}}
    quadratic = {"1000": {"ms_per_episode": 0.2}, "10000": {"ms_per_episode": 2.0}}
    assert verdict("feed_scaling", feed_scaling(linear)) == "pass"
    assert verdict("feed_scaling", feed_scaling(quadratic)) == "FAIL"


def test_the_quick_plan_is_small_and_runs_once() -> None:
    plan = make_plan(parse_arguments(["--quick"]))
    assert plan.quick
    assert (plan.small, plan.large, plan.runs, plan.feed_runs) == (20, 100, 1, 1)
    assert len(plan.feed_sizes) == 2 and plan.feed_sizes[0] < plan.feed_sizes[1]
    assert not plan.profile
