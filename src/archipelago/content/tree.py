"""Walking content/ by directory entries: each knows whether it is a folder or a link without
another system call, and a build walks thousands of files."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator


def entries_under(
    folder: str, *, hidden: bool = True, skip_unreadable: bool = False
) -> Iterator[os.DirEntry[str]]:
    """Every entry under ``folder``, in os.walk's order (a folder's entries by name, then its
    subfolders as listed); links to folders are listed, never followed.

    Args:
        hidden: also the entries whose name starts with a dot, and what hidden folders hold.
        skip_unreadable: skip a folder that cannot be listed (as os.walk does) instead of
            raising its OSError.
    """
    try:
        with os.scandir(folder) as scan:
            listed = [entry for entry in scan if hidden or not entry.name.startswith(".")]
    except OSError:
        if skip_unreadable:
            return
        raise
    yield from sorted(listed, key=lambda entry: entry.name)
    for entry in listed:
        if entry.is_dir(follow_symlinks=False):
            yield from entries_under(entry.path, hidden=hidden, skip_unreadable=skip_unreadable)
