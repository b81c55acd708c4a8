"""What the bench runs inside its own child processes: `python -m bench --child MODE CONFIG SITE`.

Each mode builds the project of CONFIG into SITE in a fresh interpreter and returns what it
measured; ``__main__`` writes that as JSON to the file the parent named with ``--report``.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import corpus
from bench.profile import Sampler, summarise


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


def build_site(config: str, site_dir: str) -> dict[str, Any]:
    """One strict build: its time in this process, its peak memory and that after imports."""
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


def count_media_reads(config: str, site_dir: str) -> dict[str, Any]:
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


def profile_site(config: str, site_dir: str) -> dict[str, Any]:
    """One build, imports included, under the sampler."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with Sampler() as sampler:
        _import_everything()
        build(load_config(config, strict=True, site_dir=site_dir))
    return summarise(sampler)


def profile_serve_edit(config: str, site_dir: str) -> dict[str, Any]:
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
    show = corpus.open_show(Path(config).parent)
    index = max(1, show.episodes // 2)
    time.sleep(0.01)  # a newer mtime than the page just written
    corpus.edit_episode_title(show, index, f"Edited title of episode {index}")
    with Sampler() as sampler:
        build(loaded(), serve_url=serve_url, dirty=True)
    corpus.edit_episode_title(show, index, corpus.episode_title(index))
    return summarise(sampler)


CHILD_MODES: dict[str, Callable[[str, str], dict[str, Any]]] = {
    "profile-serve": profile_serve_edit,
    "build": build_site,
    "warm": count_media_reads,
    "profile": profile_site,
}
