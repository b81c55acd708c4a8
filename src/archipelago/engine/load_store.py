"""Keeps what loading the content files gave between runs, so an unchanged file is not parsed
and validated again by the next build or check (a third of the plugin's own build time).

The store is a pickle in the user's cache folder (``$ARCHIPELAGO_CACHE_DIR``, else
``$XDG_CACHE_HOME/archipelago``, else ``~/.cache/archipelago``), one file per content folder.
Not in the repository: unpickling runs code, and a file a pull request adds must never be read
as one. It is only a cache: a missing, unreadable, corrupt or foreign store (another version of
Archipelago, pydantic or PyYAML) is ignored and the files are loaded as if it were not there,
and a store that cannot be written leaves the build as it is.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
import sys
from pathlib import Path

import pydantic
import pydantic_core
import yaml

from archipelago.atomic_write import write_atomically
from archipelago.content.load import LoadCache

CACHE_DIR_VARIABLE = "ARCHIPELAGO_CACHE_DIR"
#: Raised when what is stored changes shape in a way the code fingerprint would not show.
_FORMAT = 1
_PACKAGE = Path(__file__).resolve().parents[1]  # the whole package, every subpackage


def cache_folder() -> Path:
    """Where the stores live (see the module's documentation)."""
    chosen = os.environ.get(CACHE_DIR_VARIABLE)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "archipelago"


def store_path(content_dir: Path, what: str = "loaded") -> Path:
    """A store of one content folder (``what`` it holds): named after its absolute path."""
    name = hashlib.sha256(str(content_dir.resolve()).encode("utf-8")).hexdigest()[:24]
    return cache_folder() / f"{what}-{name}.pickle"


@functools.cache
def code_fingerprint() -> str:
    """What the loaded models depend on besides the files: this package's code and the
    versions of Python and the libraries that parse and validate."""
    # The versions the modules carry: importlib.metadata took 90 ms to find them on disk.
    versions = (pydantic.VERSION, pydantic_core.__version__, yaml.__version__)
    digest = hashlib.sha256(f"{_FORMAT} {sys.version} {versions}".encode())
    for source in sorted(_PACKAGE.rglob("*.py")):
        digest.update(source.relative_to(_PACKAGE).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def read_load_cache(content_dir: Path) -> LoadCache:
    """The store of ``content_dir``, or an empty cache when there is none to trust."""
    try:
        data = store_path(content_dir).read_bytes()
    except OSError:
        return LoadCache()
    # Unpickling allocates hundreds of thousands of objects that all live on: a collection
    # every few hundred of them would scan the growing heap again and again (3× slower).
    collecting = gc.isenabled()
    gc.disable()
    try:
        fingerprint, cache = pickle.loads(data)
    except Exception:  # a corrupt or foreign pickle may raise anything
        return LoadCache()
    finally:
        if collecting:
            gc.enable()
    if fingerprint != code_fingerprint() or not isinstance(cache, LoadCache):
        return LoadCache()
    cache.changed = False
    return cache


def write_load_cache(content_dir: Path, cache: LoadCache) -> None:
    """Store ``cache`` if it changed since it was read; a failure to write is not an error."""
    if not cache.changed:
        return
    try:
        data = pickle.dumps((code_fingerprint(), cache), protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(store_path(content_dir), data)
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        return  # no store: the next run loads every file, as without one
    cache.changed = False
