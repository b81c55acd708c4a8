"""Where the tests' sites live, and how a test changes a throwaway copy of one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURE_SITE = REPO / "tests" / "fixtures" / "site"
#: Real audio and transcripts of every shape the tests need (see fixtures/media/README).
MEDIA = REPO / "tests" / "fixtures" / "media"


def copy_fixture_site(root: Path) -> Path:
    """A writable copy of the small fixture site at ``root``, with the project's theme beside it."""
    shutil.copytree(FIXTURE_SITE, root, ignore=shutil.ignore_patterns(".cache"))
    shutil.copytree(REPO / "theme", root / "theme")
    return root


def write(root: Path, relative: str, text: str | bytes) -> Path:
    """Write a file under ``root``, creating folders; bytes are written as they are."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def add_to_show(root: Path, *lines: str) -> str:
    """Add YAML lines (`websub_hubs: []`) to the show block of the copy's mkdocs.yml, before
    its `guid:`; what was added, for a test that takes it out again."""
    config = root / "mkdocs.yml"
    added = "".join(f"        {line}\n" for line in lines)
    text = config.read_text(encoding="utf-8")
    assert text.count("        guid:") == 1
    config.write_text(text.replace("        guid:", added + "        guid:"), encoding="utf-8")
    return added


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes, by path relative to it."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def record_media_facts(root: Path, key: str, facts: dict[str, object]) -> None:
    """Write ``facts`` under ``key`` into the copy's media-manifest.json, as a contributor
    editing it by hand (or `archipelago probe`) would."""
    manifest = root / "media-manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data[key] = facts
    manifest.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def own_audio(root: Path, stem: str) -> str:
    """A copy of the fixture episode's audio for another episode, with its facts recorded.

    Two published episodes may not share an enclosure, so each test episode gets its own file.
    """
    source = "episodes/media/001-first-steps.mp3"
    target = f"episodes/media/{stem}.mp3"
    shutil.copyfile(root / "content" / source, root / "content" / target)
    recorded = json.loads((root / "media-manifest.json").read_text(encoding="utf-8"))
    record_media_facts(root, target, recorded[source])
    return target
