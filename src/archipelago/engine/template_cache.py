"""Keeps the compiled code of templates between builds, and between `mkdocs serve` rebuilds.

Jinja compiles every template from its source on each run; for the page templates the plugin
adds (episode.html, the index pages …) that took 0.12–0.22 s of every build at 2,215 pages.
Their compiled code is kept in the load store's folder (`load_store.cache_folder`). Jinja
itself checks each cached entry against the template's source and the Python version; the key
adds the Jinja version and the environment's compile options. Material's templates are left
to MkDocs: compiling them is MkDocs' own cost, the one the benchmark compares against.

Like the load store, it is only a cache: an unreadable or corrupt entry is compiled again,
and a folder that cannot be written leaves the build as it is.

`mkdocs serve` makes a new Jinja environment for every rebuild, which compiled all 40-odd
templates again, Material's too: 0.15-0.2 s of every edit at 2,215 pages. There the plugin keeps
every template's code in memory (`PreviewTemplateCache`), since the preview's target is the
time an edit takes to show, whoever's the work is.
"""

from __future__ import annotations

import hashlib
import os
from typing import TYPE_CHECKING

import jinja2
from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache

if TYPE_CHECKING:
    from collections.abc import Collection
    from pathlib import Path
    from types import CodeType

#: Compiled templates by key: the checksum of the source they came from, and their code.
CompiledTemplates = dict[str, tuple[str, "CodeType"]]

#: The Environment settings that change the code Jinja generates from a template.
_COMPILE_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
)


class PageTemplateCache(FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, for the templates named in ``names`` only."""

    def __init__(self, folder: Path, names: Collection[str], environment: jinja2.Environment):
        super().__init__(str(folder), "template-%s.cache")
        self.names = frozenset(names)
        self.salt = _compile_settings(environment)

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        """A key for our page templates; an empty one (never stored) for all others."""
        if name not in self.names:
            return ""
        return _template_key(self.salt, name, filename)

    def load_bytecode(self, bucket: Bucket) -> None:
        if not bucket.key:
            return
        try:
            super().load_bytecode(bucket)
        except Exception:  # Jinja catches a bad code object, not a corrupt header
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not bucket.key:
            return
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            return  # not kept: the next build compiles the template again


class PreviewTemplateCache(BytecodeCache):
    """Every template's compiled code, in ``compiled``, which outlives the environment.

    Code objects are kept as they are: nothing is written or unmarshalled. Jinja compares each
    entry's checksum with the template's current source, so an edited template is compiled
    again.
    """

    def __init__(self, compiled: CompiledTemplates, environment: jinja2.Environment):
        self.compiled = compiled
        self.salt = _compile_settings(environment)

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return _template_key(self.salt, name, filename)

    def load_bytecode(self, bucket: Bucket) -> None:
        kept = self.compiled.get(bucket.key)
        if kept is not None and kept[0] == bucket.checksum:
            bucket.code = kept[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self.compiled[bucket.key] = (bucket.checksum, bucket.code)


def _template_key(salt: str, name: str, filename: str | None) -> str:
    key = f"{salt}\0{name}\0{filename or ''}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _compile_settings(environment: jinja2.Environment) -> str:
    """What, besides a template's source, decides the code Jinja compiles it to."""
    settings = [f"jinja2 {jinja2.__version__}"]
    settings += [f"{name}={getattr(environment, name, None)!r}" for name in _COMPILE_OPTIONS]
    for hook in (environment.autoescape, environment.finalize):
        settings.append(getattr(hook, "__qualname__", repr(hook)))  # functions by name
    settings.append(" ".join(sorted(environment.extensions)))
    return "\n".join(settings)
