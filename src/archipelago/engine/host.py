"""Which MkDocs 1.x runs the build: MkDocs itself, or ProperDocs, its maintained fork.

The one module that knows there are two engines (docs/engines.md). ProperDocs 1.6 is MkDocs
1.6 under another package name (`properdocs`); its command line makes every `mkdocs.*` import
resolve to the `properdocs.*` module of the same name (`properdocs.replacement`), so the
plugin, Material and everything else that imports `mkdocs` run unchanged on it, and it loads
plugins from MkDocs' entry point group as well as its own. Under `mkdocs` or `properdocs`
on the command line there is nothing to choose: the engine's own CLI has set `mkdocs` up.

Only `archipelago build` runs an engine in our own process, so only it must choose, through
`ARCHIPELAGO_ENGINE` (what `make build ENGINE=...` sets). The choice has to be made before
anything imports `mkdocs`: a class taken from the real MkDocs (the plugin's `BasePlugin`, the
`Abort` the CLI catches) is not ProperDocs' class of the same name. So this module chooses as
it is imported, and the CLI and the atomic build take the engine's names from here.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys

#: The environment variable that names the engine of `archipelago build`.
ENGINE_VARIABLE = "ARCHIPELAGO_ENGINE"
#: The engines the site is built and tested with (tests/engine/test_engines.py).
ENGINES = ("mkdocs", "properdocs")
#: How to install ProperDocs beside MkDocs (the venv it installs into is the argument).
SETUP_COMMAND = "bash scripts/engine_setup.sh"


class EngineError(RuntimeError):
    """The engine named in ARCHIPELAGO_ENGINE cannot run in this process."""


def chosen_engine() -> str:
    """The engine `ARCHIPELAGO_ENGINE` names (MkDocs when unset)."""
    name = os.environ.get(ENGINE_VARIABLE, "").strip().lower() or "mkdocs"
    if name not in ENGINES:
        raise EngineError(f"{ENGINE_VARIABLE}={name!r}: choose one of {', '.join(ENGINES)}")
    return name


def running_engine() -> str:
    """The engine that `mkdocs` resolves to in this process."""
    mkdocs = sys.modules.get("mkdocs")
    return "properdocs" if mkdocs is not None and mkdocs.__name__ == "properdocs" else "mkdocs"


def _use_properdocs() -> None:
    """Make `mkdocs.*` mean ProperDocs from here on, as ProperDocs' own command line does."""
    if running_engine() == "properdocs":
        return  # under `properdocs build`/`serve`, or chosen once already
    if "mkdocs" in sys.modules:
        raise EngineError(
            f"{ENGINE_VARIABLE}=properdocs, but MkDocs was imported before the engine was chosen:"
            " import archipelago.engine.host before anything that imports mkdocs"
        )
    try:
        importlib.import_module("properdocs.replacement")  # not typed here: MkDocs may be alone
    except ModuleNotFoundError:
        raise EngineError(
            f"{ENGINE_VARIABLE}=properdocs, but ProperDocs is not installed"
            f" (fix: {SETUP_COMMAND} .venv, which `make build ENGINE=properdocs` runs)"
        ) from None
    # ProperDocs logs under "properdocs" and counts the warnings that fail a strict build
    # there; Material and other plugins still log under "mkdocs". Its CLI hangs the one under
    # the other (properdocs.__main__.State); a build in our process must do the same.
    legacy = logging.getLogger("mkdocs")
    legacy.parent = logging.getLogger("properdocs")
    legacy.setLevel(logging.NOTSET)
    legacy.propagate = True


if chosen_engine() == "properdocs":
    _use_properdocs()

# Imported after the choice, so that they are the chosen engine's (see the module's docstring).
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402

#: The logger the engine's own messages go to (and, under ProperDocs, "mkdocs" beneath it).
LOGGER_NAME = running_engine()

__all__ = ["LOGGER_NAME", "Abort", "build", "load_config"]
