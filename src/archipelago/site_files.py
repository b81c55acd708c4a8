"""Writing the many small files a build adds to the site (feeds, chapters, transcripts)."""

from __future__ import annotations

import os


def write_file(path: str | os.PathLike[str], data: bytes, folders: set[str] | None = None) -> None:
    """Write a file, making its folder unless ``folders`` records it as made."""
    # os functions, not pathlib: thousands of small files per build (a quarter of the time).
    folder = os.path.dirname(path)
    if folders is None or folder not in folders:
        os.makedirs(folder, exist_ok=True)
        if folders is not None:
            folders.add(folder)
    # os.open and os.write, not open(): no buffer object for a file written in one go (a
    # third of the time at 3,000 files).
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
