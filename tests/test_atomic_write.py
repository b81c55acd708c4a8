"""Files the tools rewrite are replaced whole, and stay readable by whoever could read them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from archipelago.atomic_write import replacing, write_atomically


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_gets_what_the_umask_allows(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_atomically(tmp_path / "media-manifest.json", "{}\n")
    finally:
        os.umask(previous)
    # Not mkstemp's owner-only 0600: a web server or another account reads these files.
    assert mode(tmp_path / "media-manifest.json") == 0o644


def test_a_rewritten_file_keeps_its_permissions(tmp_path: Path) -> None:
    lock = tmp_path / "publish-lock.json"
    lock.write_text("old", encoding="utf-8")
    lock.chmod(0o664)
    write_atomically(lock, "new")
    assert (lock.read_text(encoding="utf-8"), mode(lock)) == ("new", 0o664)


def test_a_failed_change_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    audio = tmp_path / "001-arrival.mp3"
    audio.write_bytes(b"original")
    with pytest.raises(RuntimeError), replacing(audio, suffix=".mp3") as copy:
        assert copy.suffix == ".mp3" and copy.parent == tmp_path
        copy.write_bytes(b"half")
        raise RuntimeError("ffmpeg stopped")
    assert audio.read_bytes() == b"original"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["001-arrival.mp3"]
