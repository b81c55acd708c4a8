"""Where the time goes: a sampling profiler without dependencies, and its summaries.

The benchmark profiles a build (in a child process) or the feed (in this one) when a target is
missed, and sorts the samples by build step, by project, and by our own functions: our code and
templates, or MkDocs, Material and Markdown.
"""

from __future__ import annotations

import shutil
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any

import archipelago
from bench.feed import feed_inputs
from bench.runners import child, run_child

SRC = Path(archipelago.__file__).resolve().parent
THEME = Path(__file__).resolve().parents[2] / "theme"

Stack = tuple[tuple[str, str], ...]  # (file, function) per frame, innermost first


class Sampler:
    """A statistical profiler without dependencies: the stack every few ms of CPU time.

    A SIGPROF timer interrupts the main thread itself, so a sample lands wherever the CPU
    time goes (a sampling thread would wait for the GIL and only catch the moments the build
    releases it, in I/O). Counting CPU time, not wall time, also keeps the profile steady on a
    busy machine.
    """

    def __init__(self, interval: float = 0.002) -> None:
        self.interval = interval
        self.stacks: Counter[Stack] = Counter()  # stack -> CPU seconds
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


def _our_module(filename: str) -> str | None:
    """`podcast/feed.py` for a file of the package (which has subpackages), else None."""
    if not filename.startswith(str(SRC)):
        return None
    return Path(filename).relative_to(SRC).as_posix()


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


def _phase(stack: Stack) -> str:
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


def _template_owner(stack: Stack) -> str:
    """Whose template (or template helper) the innermost interesting frame is."""
    for filename, function in stack:
        if filename.startswith(str(THEME)):
            return f"ours (theme/{Path(filename).relative_to(THEME)})"
        module = _our_module(filename)
        if module is not None:
            dotted = module.removesuffix(".py").replace("/", ".")
            return f"ours ({dotted}.{function}, called from templates)"
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
            module = _our_module(filename)
            if module is not None:
                name = f"{module}:{function}"
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
    """A build of ``config`` profiled in a child process (`--child profile`)."""
    shutil.rmtree(site_dir, ignore_errors=True)
    result = run_child(child("profile", str(config), str(site_dir)), cwd=config.parent)
    shutil.rmtree(site_dir, ignore_errors=True)
    return result.report


def profile_feed(count: int) -> dict[str, Any]:
    """``build_feed`` with ``count`` episodes profiled here, its steps named for the feed."""
    from archipelago.podcast import feed, feedext

    channel, items = feed_inputs(count)
    with Sampler() as sampler:
        feed.build_feed(channel, items)
    profile = summarise(sampler)
    # The modules' own files: a module that moves is followed, not silently counted as "other".
    files = {"feed": feed.__file__, "extensions": feedext.__file__}
    steps: Counter[str] = Counter()
    for stack, seconds in sampler.stacks.items():
        steps[_feed_step(stack, files)] += seconds
    profile["by_step"] = {key: round(seconds, 3) for key, seconds in steps.most_common()}
    return profile


def _feed_step(stack: Stack, files: dict[str, str]) -> str:
    """The step of writing the feed a sample belongs to; ``files`` holds our modules' paths."""
    for filename, function in stack:  # innermost first
        if filename == files["extensions"]:
            return "ours: feedgen extensions (itunes, podcast, psc)"
        if filename.endswith("feedgen/feed.py") and function in ("_create_rss", "rss_str"):
            return "feedgen: channel XML and serialisation"
        if filename.endswith("feedgen/entry.py") and function == "rss_entry":
            return "feedgen: item XML"
        if "/feedgen/" in filename:
            return f"feedgen: {function} (setters and validation)"
    for filename, function in stack:
        if filename == files["feed"]:
            return f"ours: {function}"
    return "other"
