"""The benchmark's feed comparison (`make bench`) stays valid: its synthetic episodes load, and
its plain lxml writer produces the same XML as ``build_feed``, so the ratio compares like with
like. Timings are the benchmark's business, never a test's."""

from __future__ import annotations

import sys
from pathlib import Path

from lxml import etree

from archipelago.podcast.feed import build_feed

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import bench  # a script in scripts/, not a package


def test_the_lxml_writer_writes_the_same_feed_as_build_feed() -> None:
    channel, items = bench.feed_inputs(12)
    ours = build_feed(channel, items)
    assert bench.same_xml(ours, bench.lxml_feed(channel, items))
    feed = etree.fromstring(ours)
    assert len(feed.findall("channel/item")) == 12
    # Every item carries the show notes rendered from its episode's Markdown body.
    notes = [item.findtext("description") for item in feed.iter("item")]
    assert all(note and "<p>" in note for note in notes), notes[:2]
