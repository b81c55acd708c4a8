"""What the import tests share: an empty project to import into, a loopback HTTP server that
serves bytes, synthetic feeds, and running the command as a user would."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
from click.testing import CliRunner, Result

from archipelago.cli import main
from helpers.recording_server import Answer, RecordingServer
from helpers.sites import FIXTURE_SITE, REPO

FEEDS = REPO / "tests" / "fixtures" / "feeds"
COVER = FIXTURE_SITE / "content" / "assets" / "cover.png"
AUDIO = FIXTURE_SITE / "content" / "episodes" / "media" / "001-first-steps.mp3"

_CONFIG = """site_name: Imported
site_url: https://new.example.org/show/
docs_dir: content
theme:
  name: material
  custom_dir: theme
nav:
  - Home: index.md
  - Episodes: episodes/index.md
  - Guides: guides/index.md
  - Directory: directory/index.md
  - People: people/index.md
not_in_nav: |
  /episodes/*.md
  /guides/*.md
  /directory/*.md
  /people/*.md
plugins:
  - archipelago
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty project, as docs/deploy.md has one start: no show, no episodes, empty lock
    and manifest."""
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(_CONFIG, encoding="utf-8")
    (root / "publish-lock.json").write_text('{"version": 1, "episodes": []}\n', encoding="utf-8")
    (root / "media-manifest.json").write_text("{}\n", encoding="utf-8")
    shutil.copytree(REPO / "theme", root / "theme")
    return root


def run_import(root: Path, source: str | Path, *options: str) -> Result:
    """`archipelago import SOURCE --root ROOT OPTIONS…`, as a user types it."""
    return CliRunner().invoke(main, ["import", str(source), "--root", str(root), *options])


def run_check(root: Path) -> Result:
    """`archipelago check ROOT`."""
    return CliRunner().invoke(main, ["check", str(root)])


@pytest.fixture
def serve() -> Iterator[Any]:
    """Start a real HTTP server on loopback that serves ``files`` (path → bytes and their
    type), 404 for any other path; ``with`` not needed, it stops after the test."""
    started: list[RecordingServer] = []

    def start(files: dict[str, tuple[bytes, str]]) -> RecordingServer:
        scripts = {
            path: [Answer(200, body, content_type=kind)] for path, (body, kind) in files.items()
        }
        server = RecordingServer(scripts).__enter__()
        started.append(server)
        return server

    yield start
    for server in started:
        server.__exit__(None, None, None)


def item(number: int, **fields: str | None) -> str:
    """One synthetic `<item>`: every field a podcast item usually has, each replaceable
    (``None`` leaves it out; ``extra`` adds raw XML)."""
    values: dict[str, str | None] = {
        "title": f"Episode {number}",
        "guid": f"guid-{number}",
        "pubDate": f"Mon, {number:02d} Jun 2025 09:00:00 +0000",
        "url": f"https://media.example.org/ep{number}.mp3",
        "length": str(1000 + number),
        "type": "audio/mpeg",
        "duration": f"00:{number:02d}:30",
        "description": f"<p>Notes of episode {number} with <a href='https://ex.org/{number}'>a"
        " link</a>.</p>",
        "episode": str(number),
        "extra": "",
    }
    values.update(fields)
    parts = ["<item>"]
    if values["title"] is not None:
        parts.append(f"<title>{escape(values['title'])}</title>")
    if values["guid"] is not None:
        parts.append(f'<guid isPermaLink="false">{escape(values["guid"])}</guid>')
    if values["pubDate"] is not None:
        parts.append(f"<pubDate>{values['pubDate']}</pubDate>")
    if values["url"] is not None:
        length = f" length={quoteattr(values['length'])}" if values["length"] is not None else ""
        kind = quoteattr(values["type"] or "")
        parts.append(f"<enclosure url={quoteattr(values['url'])}{length} type={kind}/>")
    if values["duration"] is not None:
        parts.append(f"<itunes:duration>{values['duration']}</itunes:duration>")
    if values["description"] is not None:
        parts.append(f"<description>{escape(values['description'])}</description>")
    if values["episode"] is not None:
        parts.append(f"<itunes:episode>{values['episode']}</itunes:episode>")
    parts.append(values["extra"] or "")
    parts.append("</item>")
    return "".join(parts)


def rss(items: list[str], channel: str = "", encoding: str | None = "UTF-8") -> bytes:
    """A synthetic podcast feed around ``items``; ``channel`` adds raw channel XML."""
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>\n' if encoding else ""
    text = (
        f'{declaration}<rss version="2.0"'
        ' xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
        ' xmlns:podcast="https://podcastindex.org/namespace/1.0"'
        ' xmlns:psc="http://podlove.org/simple-chapters"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Synthetic Show</title><link>https://old.example.org/</link>"
        "<description>A show made up for the tests.</description><language>en</language>"
        "<copyright>© 2025 Test Makers</copyright><itunes:author>Test Makers</itunes:author>"
        "<itunes:owner><itunes:name>Test Makers</itunes:name>"
        "<itunes:email>owner@example.org</itunes:email></itunes:owner>"
        '<itunes:category text="Technology"/><itunes:explicit>false</itunes:explicit>'
        '<itunes:image href="https://old.example.org/art.png"/>'
        f"{channel}{''.join(items)}</channel></rss>\n"
    )
    return text.encode("utf-8") if encoding in (None, "UTF-8") else text.encode(encoding)


def tree(root: Path) -> dict[str, bytes]:
    """Every file of the project but the theme and built site, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).parts[0] not in ("theme", "site", ".cache")
    }


@pytest.fixture
def feed_file(tmp_path: Path) -> Any:
    """Write feed bytes to a file and give its path."""

    def write(data: bytes, name: str = "old-feed.xml") -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write


class Kit:
    """The helpers above, for tests (a test file imports no other test module)."""

    item = staticmethod(item)
    rss = staticmethod(rss)
    tree = staticmethod(tree)
    run_import = staticmethod(run_import)
    run_check = staticmethod(run_check)
    feeds = FEEDS
    cover = COVER
    audio = AUDIO


@pytest.fixture
def kit() -> type[Kit]:
    """The import tests' helpers."""
    return Kit
