"""The podcast feed alone: the product's own writer, ``build_feed``, timed at two sizes.

There is no second writer to compare with: the target is that writing the feed grows linearly
with the number of episodes (``feed_scaling``), so a step that costs more per episode as the
show grows (a lookup by scanning, a sort per item) shows however fast the machine is.
"""

from __future__ import annotations

import time
from typing import Any

from bench import corpus
from bench.report import say
from bench.runners import median


def feed_inputs(count: int) -> tuple[Any, list[Any]]:
    """A channel and ``count`` items as the plugin hands them to ``build_feed``, without MkDocs.

    Ten distinct episodes are loaded through the real loader; the others are copies of them
    with their own number, GUID, date, title and audio, and their show notes rendered by
    Python-Markdown with the site's extensions, as MkDocs renders them.
    """
    import dataclasses
    import datetime as dt

    import markdown

    from archipelago.content.entries import Source
    from archipelago.content.frontmatter_io import parse_document
    from archipelago.content.load import load_sources
    from archipelago.content.models import Show
    from archipelago.podcast.audio import probe
    from archipelago.podcast.notes_html import for_feed
    from archipelago.podcast.plan import plan_feed
    from archipelago.urls import SiteLinks

    listings = corpus.listing_count(count)
    base_count = min(10, count)
    sources = [
        Source(
            corpus.episode_src_uri(i),
            f"content/{corpus.episode_src_uri(i)}",
            corpus.episode_markdown(i, listings).encode(),
        )
        for i in range(1, base_count + 1)
    ] + [
        Source(f"people/{corpus.person_slug(i)}.md", "", corpus.person_markdown(i).encode())
        for i in range(1, corpus.PEOPLE + 1)
    ]
    content, errors = load_sources(sources)
    if errors:
        raise RuntimeError(f"synthetic episodes do not load: {errors[0]}")
    content.show = Show.model_validate(_show_options())
    renderer = markdown.Markdown(
        extensions=["admonition", "attr_list", "toc"],
        extension_configs={"toc": {"permalink": True}},
    )
    bases = [content.episodes[corpus.episode_slug(i)] for i in range(1, base_count + 1)]
    rendered = {}
    for source, base in zip(sources[:base_count], bases, strict=True):
        renderer.reset()
        rendered[base.slug] = renderer.convert(parse_document(source.path, source.raw).body)
    audio = probe(corpus.SOURCE_AUDIO)
    episodes, notes, urls = [], {}, {}
    for index in range(1, count + 1):
        base = bases[(index - 1) % base_count]
        slug = corpus.episode_slug(index)
        stem = f"{index:03d}-{slug}"
        model = base.model.model_copy(
            update={
                "title": corpus.episode_title(index),
                "number": index,
                "guid": corpus.episode_guid(index),
                "published": corpus.FIRST_EPISODE + dt.timedelta(days=7 * (index - 1)),
                "audio": f"episodes/media/{stem}.mp3",
                "transcript": f"episodes/media/{stem}.vtt",
            }
        )
        entry = dataclasses.replace(
            base, slug=slug, src_uri=corpus.episode_src_uri(index), model=model
        )
        episodes.append(entry)
        content.audio[slug] = audio
        notes[slug] = rendered[base.slug].replace(
            f"In episode {base.model.number},", f"In episode {index},"
        )
        urls[("episodes", slug)] = corpus.episode_url_path(index)
    for i in range(1, corpus.PEOPLE + 1):
        urls[("people", corpus.person_slug(i))] = f"people/{corpus.person_slug(i)}/"
    links = SiteLinks(corpus.SITE_URL, None, urls)
    # As the page cleaner's worker hands them to the plugin: cut down for the feed.
    for slug, html in notes.items():
        notes[slug] = for_feed("episodes", html, links.page("episodes", slug) or corpus.SITE_URL)
    return plan_feed(content, episodes, links, notes, corpus.SITE_URL + "feed.xml")


def _show_options() -> dict[str, Any]:
    """The show block of the generated mkdocs.yml, as the plugin reads it."""
    import yaml

    config = yaml.safe_load(corpus.mkdocs_yml())
    return next(p["archipelago"]["show"] for p in config["plugins"] if isinstance(p, dict))


def measure_feed(sizes: tuple[int, ...], runs: int) -> dict[str, Any]:
    """Medians of ``runs`` calls of ``build_feed`` for each size, and of its show notes alone."""
    from archipelago.podcast.feed import build_feed
    from archipelago.podcast.notes_html import for_feed

    results: dict[str, Any] = {}
    for count in sizes:
        channel, items = feed_inputs(count)
        writing, cleaning = [], []
        produced = b""
        for _ in range(runs):
            start = time.perf_counter()
            produced = build_feed(channel, items)
            writing.append(time.perf_counter() - start)
            # What the page cleaner's worker does for the feed beside each episode's page
            # (here on notes already clean: nh3 parses them whole all the same).
            start = time.perf_counter()
            for item in items:
                for_feed("episodes", item.notes_html, item.page_url)
            cleaning.append(time.perf_counter() - start)
        seconds = median(writing)
        results[str(count)] = {
            "runs": runs,
            "build_feed_seconds": seconds,
            "ms_per_episode": 1000 * seconds / count,
            "show_notes_cleaning_seconds": median(cleaning),
            "feed_bytes": len(produced),
        }
        say(f"  feed {count}: build_feed {seconds:.3f} s ({1000 * seconds / count:.2f} ms each)")
    return results


def feed_scaling(feed: dict[str, Any]) -> float:
    """The cost of an episode in the largest feed over that in the smallest: 1.0 is linear.

    With 1,000 and 10,000 episodes: (seconds for 10,000) / (10 x seconds for 1,000).
    """
    sizes = sorted(int(size) for size in feed)
    smallest, largest = feed[str(sizes[0])], feed[str(sizes[-1])]
    return float(largest["ms_per_episode"] / smallest["ms_per_episode"])
