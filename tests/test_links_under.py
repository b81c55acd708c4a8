"""`links_leaving_content` finds links by directory entries, in os.walk's order."""

from __future__ import annotations

import os
from pathlib import Path

from archipelago.project import _links_under


def walked_links(top: Path) -> list[str]:
    """The links os.walk finds (the way links_leaving_content used to look for them)."""
    found = []
    for folder, dirs, files in os.walk(top):
        found += [os.path.join(folder, n) for n in sorted([*dirs, *files])]
    return [path for path in found if os.path.islink(path)]


def test_the_same_links_in_the_same_order_as_os_walk(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "file.txt").write_text("x")
    top = tmp_path / "content"
    for folder in ("b", "a/deeper", "c"):
        (top / folder).mkdir(parents=True)
        (top / folder / "page.md").write_text("x")
    for link, target in [
        ("z-file", "file.txt"),
        ("a/deeper/link", "file.txt"),
        ("b/folder-link", "folder"),
        ("b/a-link", "file.txt"),
        ("c/dangling", "missing"),
    ]:
        os.symlink(outside / target, top / link)
    os.symlink(top / "a", top / "b" / "loop")  # a link to a folder inside: not followed
    assert list(_links_under(str(top))) == walked_links(top)
    assert len(walked_links(top)) == 6
