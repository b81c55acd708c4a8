"""Files the tools rewrite (the media manifest, the probe cache, the publish lock, audio they
tag or normalise) are replaced whole: a crash leaves the old file, never half a new one. So is
the load cache."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


@contextlib.contextmanager
def replacing(path: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary file beside ``path`` to write (its name ends in ``suffix``: ffmpeg picks
    the format by it); when the block succeeds it takes ``path``'s place, else it is removed.

    The new file keeps ``path``'s permissions, or gets what the umask gives a new file:
    mkstemp makes it readable by its owner alone, which a web server or a colleague's
    account could not read.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    with replacing(path) as temporary:
        if isinstance(text, bytes):
            temporary.write_bytes(text)
        else:
            temporary.write_text(text, encoding="utf-8", newline="\n")


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)  # read it the only way there is: set it, and set it back
        os.umask(umask)
        return 0o666 & ~umask
