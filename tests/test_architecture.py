"""The package's map holds: layers only import downwards, nothing imports in a circle, and only
the plugin handles MkDocs' events.

Layers, lowest first: the small shared modules at the top of the package (errors, urls, …),
then content/, podcast/, site/, engine/, and last the entry points (plugin, cli, project,
config). Imports under `if TYPE_CHECKING:` count too: a type named from a higher layer is a
dependency all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "archipelago"
#: Each subpackage's rank; modules at the top of the package are shared (0) or entry points.
LAYERS = {"content": 1, "podcast": 2, "importer": 3, "site": 3, "engine": 4}
ENTRY_POINTS = {"plugin", "cli", "project", "config"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(part for part in parts if part != "__init__")


def layer(module: str) -> int:
    first = module.split(".")[0]
    if first in LAYERS:
        return LAYERS[first]
    return 5 if first in ENTRY_POINTS else 0


def imports_of(path: Path) -> set[str]:
    """The package modules ``path`` imports (``from archipelago.x import y`` → ``x``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.startswith("archipelago."):
                module = node.module.removeprefix("archipelago.")
                if module in LAYERS:  # `from archipelago.content import load`
                    found.update(f"{module}.{alias.name}" for alias in node.names)
                else:
                    found.add(module)
        elif isinstance(node, ast.Import):
            found.update(
                alias.name.removeprefix("archipelago.")
                for alias in node.names
                if alias.name.startswith("archipelago.")
            )
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"}
    return {name: imports_of(path) & modules.keys() for name, path in modules.items()}


def test_no_module_imports_from_a_higher_layer() -> None:
    upward = [
        f"{module} ({layer(module)}) imports {target} ({layer(target)})"
        for module, targets in sorted(graph().items())
        for target in sorted(targets)
        if layer(target) > layer(module)
    ]
    assert upward == []


def test_nothing_imports_in_a_circle() -> None:
    edges = graph()
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for target in sorted(edges[module]):
            if target in path:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in done:
                visit(target, [*path, target])
        done.add(module)

    done: set[str] = set()
    for module in sorted(edges):
        if module not in done:
            visit(module, [module])
    assert cycles == []


def test_only_the_plugin_handles_mkdocs_events() -> None:
    users = sorted(
        module_name(path)
        for path in PACKAGE.rglob("*.py")
        if "mkdocs.plugins" in path.read_text(encoding="utf-8")
    )
    assert users == ["plugin"]


def test_subpackages_import_nothing_on_their_own() -> None:
    """The cleaning worker imports a few light modules; an `__init__` must not pull in more."""
    for init in PACKAGE.glob("*/__init__.py"):
        assert init.read_text(encoding="utf-8") == "", init


def test_templates_take_the_generated_files_addresses_from_python() -> None:
    """The feeds' and the directory's paths are named once (urls.py); a template that spells
    one out breaks the day it moves."""
    from archipelago.urls import DIRECTORY_PATH, FEED_PATH, GUIDES_FEED_PATH

    theme = PACKAGE.parents[1] / "theme"
    spelt_out = [
        f"{template.name}: {path}"
        for template in sorted(theme.rglob("*.html"))
        for path in (FEED_PATH, GUIDES_FEED_PATH, DIRECTORY_PATH)
        if path in template.read_text(encoding="utf-8")
    ]
    assert spelt_out == []
    sources = [p for p in PACKAGE.rglob("*.py") if p.name != "urls.py"]
    assert [p.name for p in sources if '"feed.xml"' in p.read_text(encoding="utf-8")] == []
