"""The benchmark's targets, their verdicts, and what it prints: progress, the table, profiles.

Everything the table shows comes from the results dictionary the benchmark also writes to
``bench-results.json``, so the report can be printed again from that file.
"""

from __future__ import annotations

from typing import Any

# The targets: (key, comparison, limit).
TARGETS: dict[str, tuple[str, float]] = {
    "scaling_ratio": ("<=", 1.3),
    "overhead_ratio": ("<=", 1.10),
    "full_nav_speedup": (">=", 3.0),
    # The feed's cost per episode at 10,000 episodes over that at 1,000: 1.0 is linear. A
    # quadratic step (a lookup by scanning, re-sorting per item) shows as 10x.
    "feed_scaling": ("<=", 1.25),
    "warm_media_reads": ("<=", 0),
    "serve_edit_seconds": ("<=", 1.5),
    "peak_rss_mib": ("<=", 150.0),
}


def say(text: str) -> None:
    """Print a line of progress or of the report at once (the benchmark runs for minutes)."""
    print(text, flush=True)


def verdict(key: str, value: float) -> str:
    """`pass` or `FAIL`: whether ``value`` meets the target ``key`` of TARGETS."""
    comparison, limit = TARGETS[key]
    ok = value <= limit if comparison == "<=" else value >= limit
    return "pass" if ok else "FAIL"


def target(key: str, unit: str) -> str:
    """A target as the table shows it: `<= 1.1x`, from TARGETS."""
    comparison, limit = TARGETS[key]
    return f"{comparison} {limit:g}{unit}"


def _row(label: str, value: str, key: str, unit: str, measured: float) -> tuple[str, ...]:
    """A table row measured against the target ``key``."""
    return (label, value, target(key, unit), verdict(key, measured))


def print_report(data: dict[str, Any]) -> None:
    """The table of every measurement against its target, the notes, and any profiles."""
    r, plan = data["results"], data["plan"]
    small_pages, large_pages = r["pages_small"], r["pages_large"]
    rows: list[tuple[str, ...]] = [
        ("metric", "value", "target", "result"),
        (
            f"full build, {plan['small']} episodes ({small_pages} pages)",
            f"{r['build_wall_seconds_small']:.2f} s wall, {r['build_cpu_seconds_small']:.2f} s"
            f" CPU, {r['peak_rss_mib_small']:.0f} MiB",
            "",
            "",
        ),
        (
            f"full build, {plan['large']} episodes ({large_pages} pages)",
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
        _row(
            "overhead: full build / plain mkdocs build",
            f"{r['overhead_ratio']:.2f}x (paired by round {r['overhead_ratio_paired']:.2f}x;"
            f" CPU {r['overhead_ratio_cpu']:.2f}x; at {small_pages} pages"
            f" {r['overhead_ratio_small']:.2f}x)",
            "overhead_ratio",
            "x",
            r["overhead_ratio"],
        ),
        _row(
            "  the same, first build (empty cache folder)",
            f"{r['overhead_ratio_cold']:.2f}x (paired {r['overhead_ratio_cold_paired']:.2f}x;"
            f" {r['build_wall_seconds_large_cold']:.2f} s wall, {r['peak_rss_mib_cold']:.0f} MiB)",
            "overhead_ratio",
            "x",
            r["overhead_ratio_cold"],
        ),
        _row(
            f"scaling: per-page cost {large_pages} / {small_pages} pages",
            f"{r['scaling_ratio']:.2f}x ({1000 * r['per_page_seconds_large']:.1f} ms /"
            f" {1000 * r['per_page_seconds_small']:.1f} ms; CPU {r['scaling_ratio_cpu']:.2f}x)",
            "scaling_ratio",
            "x",
            r["scaling_ratio"],
        ),
        _row(
            "all pages in the navigation / our navigation",
            f"{r['full_nav_speedup']:.1f}x ({r['all_in_nav_build_wall_seconds_large']:.1f} s;"
            f" CPU {r['full_nav_speedup_cpu']:.1f}x)",
            "full_nav_speedup",
            "x",
            r["full_nav_speedup"],
        ),
    ]
    sizes = plan["feed_sizes"]
    for size in sizes:
        seconds = r[f"feed_seconds_{size}"]
        rows.append(
            (
                f"feed alone, {size} episodes (build_feed)",
                f"{seconds:.2f} s ({1000 * seconds / size:.2f} ms an episode)",
                "",
                "",
            )
        )
    rows += [
        _row(
            f"feed scaling: cost per episode, {max(sizes)} / {min(sizes)} episodes",
            f"{r['feed_scaling']:.2f}x ({r['feed_ms_per_episode']:.2f} ms an episode)",
            "feed_scaling",
            "x",
            r["feed_scaling"],
        ),
        (
            f"loudness measurement, {r['loudness_audio_minutes']:.0f} min of audio",
            f"{r['loudness_seconds_per_audio_minute']:.3f} s an audio minute",
            "",
            "",
        ),
        (
            f"archipelago import, a {r.get('import_items', 0)}-item feed (no media fetched)",
            f"{r.get('import_seconds', 0):.2f} s; again, adding nothing:"
            f" {r.get('import_rerun_seconds', 0):.2f} s",
            "",
            "",
        ),
        (
            f"archipelago check, {large_pages - 5} files",
            f"{r['check_wall_seconds_large']:.2f} s wall, {r['check_cpu_seconds_large']:.2f} s CPU",
            "",
            "",
        ),
        _row(
            "audio files read by a warm build",
            f"{r['warm_media_reads']} (cold build: {r['cold_media_reads']}; MkDocs copies"
            f" {r['warm_media_copied_by_mkdocs']})",
            "warm_media_reads",
            "",
            r["warm_media_reads"],
        ),
        _row(
            f"mkdocs serve --dirty: edit to rebuilt page, {large_pages} pages",
            f"{r['serve_edit_seconds']:.2f} s (plain mkdocs:"
            f" {r['serve_edit_seconds_plain_mkdocs']:.2f} s; full rebuilds:"
            f" {r['serve_edit_seconds_full_rebuild']:.2f} s)",
            "serve_edit_seconds",
            " s",
            r["serve_edit_seconds"],
        ),
        _row(
            f"peak memory, {large_pages} pages",
            f"{r['peak_rss_mib']:.0f} MiB (plain mkdocs: {r['plain_peak_rss_mib_large']:.0f} MiB)",
            "peak_rss_mib",
            " MiB",
            r["peak_rss_mib"],
        ),
    ]
    say("")
    print_table(rows)
    runs = f"medians of {plan['runs']} run(s); feed: medians of {plan['feed_runs']}"
    say(f"\n{runs}; serve: median of {plan['serve_edits']} edits")
    for note in data["notes"]:
        say(f"note: {note}")
    for name, profile in data["profiles"].items():
        print_profile(f"profile: {name}", profile)


def print_table(rows: list[tuple[str, ...]]) -> None:
    """Columns padded to their widest cell, a rule under the header."""
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for number, row in enumerate(rows):
        say("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if number == 0:
            say("  ".join("-" * w for w in widths))


def print_profile(title: str, profile: dict[str, Any]) -> None:
    """Where a profiled run's CPU time went, by step, by project and in our functions."""
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
