"""`archipelago import` alone: a generated 1,000-item feed brought into an empty project
without downloading media, and a second run over the imported tree, which must add nothing.

Each run imports into a fresh copy of the empty project (the feed read from a file, the
artwork given with --artwork, nothing fetched), in this process: the import is plain Python,
with no MkDocs build to isolate. Reported as medians; no target.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import tempfile
import time
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import yaml

from bench.corpus import SOURCE_ARTWORK
from bench.report import say
from bench.runners import median

_CONFIG = """site_name: Imported
site_url: https://bench.example.org/
docs_dir: content
plugins:
  - archipelago
"""


def old_feed(items: int) -> bytes:
    """An old host's feed of ``items`` episodes: notes in HTML, chapters, people, numbers."""
    start = dt.datetime(2015, 1, 5, 9, 0, tzinfo=dt.UTC)
    parts = []
    for index in range(items, 0, -1):
        date = format_datetime(start + dt.timedelta(days=3 * index))
        notes = escape(
            f"<p>Episode {index}: how a freelancer found <b>peers</b>, with"
            f" <a href='https://old.example.org/notes/{index}'>links</a>.</p>"
            "<ul><li>One thing</li><li>Another thing</li></ul>"
        )
        parts.append(
            f"<item><title>Episode {index}: a conversation</title>"
            f"<guid isPermaLink='false'>old-host-{index:05d}</guid><pubDate>{date}</pubDate>"
            f"<enclosure url='https://media.example.org/ep{index:05d}.mp3'"
            f" length='{20_000_000 + index}' type='audio/mpeg'/>"
            f"<itunes:duration>{1800 + index}</itunes:duration>"
            f"<itunes:episode>{index}</itunes:episode><description>{notes}</description>"
            "<psc:chapters version='1.2'><psc:chapter start='0' title='Hello'/>"
            "<psc:chapter start='00:05:00' title='The story'/></psc:chapters>"
            f"<podcast:person role='guest'>Guest {index % 50}</podcast:person></item>"
        )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'"
        " xmlns:itunes='http://www.itunes.com/dtds/podcast-1.0.dtd'"
        " xmlns:podcast='https://podcastindex.org/namespace/1.0'"
        " xmlns:psc='http://podlove.org/simple-chapters'><channel>"
        "<title>Old Show</title><link>https://old.example.org/</link>"
        "<description>A show moving house.</description><language>en</language>"
        "<copyright>© Old Show</copyright><itunes:author>Old Show</itunes:author>"
        "<itunes:owner><itunes:name>Old Show</itunes:name>"
        "<itunes:email>owner@example.org</itunes:email></itunes:owner>"
        "<itunes:category text='Business'/><itunes:explicit>no</itunes:explicit>"
        f"{''.join(parts)}</channel></rss>"
    ).encode()


def empty_project(root: Path) -> Path:
    """A project with the plugin, no show, no episodes, an empty lock and manifest."""
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Home\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(_CONFIG, encoding="utf-8")
    (root / "publish-lock.json").write_text('{"version": 1, "episodes": []}\n', encoding="utf-8")
    (root / "media-manifest.json").write_text("{}\n", encoding="utf-8")
    return root


def _import(feed: Path, root: Path) -> Any:
    from archipelago.importer.run import ImportOptions, ImportTarget, import_feed

    target = ImportTarget(
        root=root,
        config_file=root / "mkdocs.yml",
        content_dir=root / "content",
        lock_file=root / "publish-lock.json",
        manifest_file=root / "media-manifest.json",
        site_url="https://bench.example.org/",
        show=None,
    )
    # As the CLI does: the show block mkdocs.yml holds after a first import.
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = next(p for p in config["plugins"] if p == "archipelago" or "archipelago" in p)
    show = plugin["archipelago"].get("show") if isinstance(plugin, dict) else None
    target = dataclasses.replace(target, show=show)
    return import_feed(str(feed), target, ImportOptions(artwork=SOURCE_ARTWORK))


def measure_import(items: int = 1000, runs: int = 3) -> dict[str, Any]:
    """Seconds to import an ``items``-item feed into an empty project, and to run it again."""
    first, again = [], []
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        feed = Path(folder) / "old-feed.xml"
        feed.write_bytes(old_feed(items))
        for run in range(runs):
            root = empty_project(Path(folder) / f"project-{run}")
            start = time.perf_counter()
            report = _import(feed, root)
            first.append(time.perf_counter() - start)
            if not report.ok or len(report.added) != items:
                raise RuntimeError(f"the import failed: {[str(e) for e in report.errors[:5]]}")
            start = time.perf_counter()
            report = _import(feed, root)
            again.append(time.perf_counter() - start)
            if not report.ok or report.added or report.written:
                raise RuntimeError("the second import changed the tree")
            shutil.rmtree(root)
    result = {"items": items, "seconds": median(first), "rerun_seconds": median(again)}
    say(
        f"  import of a {items}-item feed: {result['seconds']:.2f} s;"
        f" again, adding nothing: {result['rerun_seconds']:.2f} s"
    )
    return result
