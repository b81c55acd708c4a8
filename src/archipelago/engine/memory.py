"""Giving freed memory back to the system, where the C library allows it."""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None elsewhere (musl, macOS, Windows)."""
    try:  # the symbols the interpreter already has loaded, the C library's among them
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None


def release_freed_memory() -> None:
    """Return the C heap's free pages to the system.

    lxml builds a feed's tree with malloc; once it is freed, glibc keeps the pages for later
    mallocs, but Python takes its small objects from arenas of its own, not from that heap:
    without this most of those pages stay in the process's resident memory to the end.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
