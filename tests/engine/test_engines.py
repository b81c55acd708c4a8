"""The site builds and serves on both engines, MkDocs and ProperDocs (engine/host.py,
docs/engines.md): the shipped site gives the same files, byte for byte, but for the line that
names the generator.

ProperDocs is installed beside MkDocs by scripts/engine_setup.sh, which `make test` runs; without
it these tests fail, saying so, rather than skip.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archipelago.engine.host import ENGINE_VARIABLE, SETUP_COMMAND
from archipelago.engine.load_store import CACHE_DIR_VARIABLE
from helpers.sites import REPO, snapshot, write

sys.path.insert(0, str(REPO / "scripts"))
from bench import runners as bench  # the benchmark, a package in scripts/

BIN = Path(sys.executable).parent
#: Where the two engines may differ: the page's generator tag names the engine and its version.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.fixture(scope="module")
def properdocs() -> Path:
    """The `properdocs` command of this venv; fails (never skips) when it is missing."""
    program = BIN / "properdocs"
    if not program.is_file():
        pytest.fail(
            f"ProperDocs is not installed in {BIN.parent}: run `{SETUP_COMMAND} {BIN.parent}`"
            " (make test runs it)"
        )
    return program


def engine_env(cache: Path, **extra: str) -> dict[str, str]:
    """The environment of an engine run: its own cache folder, our engine choice left out."""
    env = {key: value for key, value in os.environ.items() if key != ENGINE_VARIABLE}
    return {**env, "NO_MKDOCS_2_WARNING": "1", CACHE_DIR_VARIABLE: str(cache), **extra}


def run(command: list[str | Path], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command], env=env, capture_output=True, text=True, check=False
    )


def generator_of(page: bytes) -> bytes:
    match = GENERATOR.search(page)
    assert match is not None, "no generator tag"
    return match.group()


def without_generator(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: GENERATOR.sub(b"<generator>", data) for path, data in files.items()}


def differences(first: dict[str, bytes], second: dict[str, bytes], shown: int = 3) -> list[str]:
    """What differs between two sites, file by file (the first ``shown`` with a short diff)."""
    found = [f"only in the MkDocs build: {path}" for path in sorted(first.keys() - second.keys())]
    found += [f"only in the ProperDocs build: {path}" for path in sorted(second.keys() - first)]
    changed = sorted(path for path in first.keys() & second.keys() if first[path] != second[path])
    for number, path in enumerate(changed):
        found.append(f"differs: {path}")
        if number < shown:
            lines = difflib.unified_diff(
                first[path].decode("utf-8", "replace").splitlines(),
                second[path].decode("utf-8", "replace").splitlines(),
                "mkdocs",
                "properdocs",
                n=1,
                lineterm="",
            )
            found.extend(f"    {line[:160]}" for line in list(lines)[:12])
    return found


def test_the_shipped_site_builds_the_same_files_with_both_engines(
    tmp_path: Path, properdocs: Path
) -> None:
    # One "now" for both builds (today, so that the shipped schedule holds as in `make build`).
    today = str(int(time.time()) // 86400 * 86400)
    sites = {}
    for program in (BIN / "mkdocs", properdocs):
        out = tmp_path / program.name
        env = engine_env(tmp_path / f"cache-{program.name}", SOURCE_DATE_EPOCH=today)
        result = run([program, "build", "--strict", "-f", REPO / "mkdocs.yml", "-d", out], env)
        assert result.returncode == 0, f"{program.name} build failed:\n{result.stderr}"
        sites[program.name] = snapshot(out)
    mkdocs, proper = sites["mkdocs"], sites["properdocs"]
    assert "feed.xml" in mkdocs and "index.html" in mkdocs  # the plugin ran
    # The generator tag is the one difference, on every page.
    assert b"ProperDocs" in generator_of(proper["index.html"])
    assert b"ProperDocs" not in generator_of(mkdocs["index.html"])
    found = differences(without_generator(mkdocs), without_generator(proper))
    assert not found, "the engines built different sites:\n" + "\n".join(found)


def test_archipelago_build_runs_on_properdocs_all_or_nothing(site: Path, properdocs: Path) -> None:
    env = engine_env(site / ".engine-cache", **{ENGINE_VARIABLE: "properdocs"})
    command: list[str | Path] = [BIN / "archipelago", "build", "-f", site / "mkdocs.yml"]
    result = run(command, env)
    assert result.returncode == 0, result.stderr
    built = snapshot(site / "site")
    assert b"ProperDocs" in generator_of(built["index.html"])
    assert "feed.xml" in built
    # A content error stops ProperDocs with its own Abort, which the CLI must catch as ours.
    write(site, "content/people/new.md", "no front matter\n")
    result = run(command, env)
    assert result.returncode == 1, result.stderr
    assert "content/people/new.md:1: no front matter" in result.stderr
    assert "build failed; the previous site is untouched" in result.stderr
    assert snapshot(site / "site") == built


def test_properdocs_is_chosen_before_anything_imports_mkdocs(properdocs: Path) -> None:
    """`mkdocs.*` means ProperDocs throughout the process, the plugin's base class included."""
    code = (
        "import archipelago.cli, archipelago.plugin, properdocs.plugins, sys\n"
        "assert sys.modules['mkdocs'] is sys.modules['properdocs']\n"
        "assert issubclass(archipelago.plugin.ArchipelagoPlugin, properdocs.plugins.BasePlugin)\n"
        "assert archipelago.cli.Abort.__module__ == 'properdocs.exceptions'\n"
        # Material's loggers ("mkdocs.material...") reach the one that counts --strict warnings.
        "import logging\n"
        "assert logging.getLogger('mkdocs').parent is logging.getLogger('properdocs')\n"
    )
    env = engine_env(Path("unused"), **{ENGINE_VARIABLE: "properdocs"})
    result = run([sys.executable, "-c", code], env)
    assert result.returncode == 0, result.stderr
    # Too late once the real MkDocs is imported: say so instead of mixing the two.
    result = run([sys.executable, "-c", "import mkdocs.config, archipelago.engine.host"], env)
    assert "MkDocs was imported before the engine was chosen" in result.stderr


def test_an_unknown_engine_is_named() -> None:
    env = engine_env(Path("unused"), **{ENGINE_VARIABLE: "zensical"})
    result = run([BIN / "archipelago", "build", "--help"], env)
    assert result.returncode == 1
    assert "ARCHIPELAGO_ENGINE='zensical': choose one of mkdocs, properdocs" in result.stderr


# --- a real `properdocs serve --dirty` ---------------------------------------------------------


def test_properdocs_serve_dirty_shows_an_edit(site: Path, tmp_path: Path, properdocs: Path) -> None:
    episode = site / "content/episodes/001-first-steps.md"
    log = tmp_path / "serve.log"
    with bench.serving(
        site / "mkdocs.yml", log, "--dirty", env=engine_env(tmp_path / "cache"), program=properdocs
    ) as base:
        page = base + "episodes/001-first-steps/"
        bench.wait_for(page, "</html>")
        time.sleep(1.0)  # the watcher has started
        episode.write_text(
            re.sub(r"(?m)^title: .*$", "title: Edited under ProperDocs", episode.read_text())
        )
        bench.wait_for(page, "Edited under ProperDocs")
        bench.wait_for(base + "feed.xml", "Edited under ProperDocs")  # the plugin's feed, rewritten
    output = log.read_text()
    assert output.count("Building documentation") == 2, output
    assert "polling for edits" not in output  # serve_watch moved ProperDocs' watches
