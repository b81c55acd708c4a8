"""The MkDocs plugin, through real builds of the fixture site."""

from __future__ import annotations

import builtins
import gc
import hashlib
import json
import re
import threading
from pathlib import Path
from typing import Any

import feedparser
import lxml.etree
import lxml.html
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

import archipelago.plugin as plugin_module
from helpers.builds import DirtyServe, build_site, pages_sent_to_worker
from helpers.sites import own_audio, write


def read(site_dir: Path, relative: str) -> str:
    return (site_dir / relative).read_text(encoding="utf-8")


def test_every_content_file_and_index_gets_a_page(site: Path) -> None:
    out = build_site(site)
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("index.html"))
    assert pages == [
        "directory/harbour-cowork/index.html",
        "directory/index.html",
        "episodes/001-first-steps/embed/index.html",  # the embeddable player
        "episodes/001-first-steps/index.html",
        "episodes/index.html",
        "guides/going-solo/index.html",
        "guides/index.html",
        "index.html",
        "people/ada-host/index.html",
        "people/ben-guest/index.html",
        "people/index.html",
        "recommended/index.html",
    ]
    assert (out / "episodes/media/001-first-steps.mp3").is_file()


def test_episode_page_uses_the_typed_model(site: Path) -> None:
    html = read(build_site(site), "episodes/001-first-steps/index.html")
    assert '<article class="archipelago-episode">' in html
    assert (
        '<audio class="archipelago-player" controls preload="metadata"'
        ' src="../media/001-first-steps.mp3">' in html
    )
    assert 'Season 1 · Episode 1 · <time datetime="2026-05-04">4 May 2026</time>' in html
    assert '<a href="../../people/ben-guest/">Ben Guest</a>' in html
    assert '<a href="../../guides/going-solo/">Going solo</a>' in html
    assert '<span class="archipelago-time">0:01</span> Ben&#39;s story' in html
    assert "<p>Ben describes how a co-working space gave his week a shape.</p>" in html


def test_notes_that_only_repeat_the_summary_are_shown_once(site: Path) -> None:
    episode = site / "content/episodes/001-first-steps.md"
    text = episode.read_text(encoding="utf-8")
    assert '<h2 id="show-notes">Show notes</h2>' in read(
        build_site(site), "episodes/001-first-steps/index.html"
    )
    notes = "Ben describes how a co-working space gave his week a shape."
    episode.write_text(text.replace(notes, "Ben talks about his first year alone."))
    html = read(build_site(site), "episodes/001-first-steps/index.html")
    shown = lxml.html.fromstring(html).xpath(
        "//article//p[normalize-space()='Ben talks about his first year alone.']"
    )
    assert [p.get("class") for p in shown] == ["archipelago-summary"]
    assert "Show notes" not in html


def test_person_page_lists_their_episodes_and_guides(site: Path) -> None:
    html = read(build_site(site), "people/ada-host/index.html")
    assert '<a href="../../episodes/001-first-steps/">First steps</a>' in html
    assert '<a href="../../guides/going-solo/">Going solo</a>' in html


def test_listing_page_shows_its_facts(site: Path) -> None:
    html = read(build_site(site), "directory/harbour-cowork/index.html")
    assert "<title>Harbour Cowork - Fixture Hub</title>" in html
    assert "<dt>Pricing</dt><dd>membership</dd>" in html
    assert '<a href="https://harbour.example.org/about" rel="noopener">' in html


def test_index_pages_list_entries_newest_first(site: Path) -> None:
    write(
        site,
        "content/episodes/002-later.md",
        "---\ntitle: Later\nnumber: 2\nseason: 1\npublished: 2026-06-01\n"
        f"guid: later-episode-guid\naudio: {own_audio(site, '002-later')}\n"
        "summary: Later.\n---\n",
    )
    html = read(build_site(site), "episodes/index.html")
    assert html.index("Later</a>") < html.index("First steps</a>")


def test_draft_episode_is_not_published(site: Path) -> None:
    write(
        site,
        "content/episodes/002-unfinished.md",
        "---\ntitle: Unfinished\nnumber: 2\npublished: 2026-06-01\ndraft: true\n"
        f"guid: draft-guid\naudio: {own_audio(site, '002-unfinished')}\nsummary: Soon.\n---\n",
    )
    out = build_site(site)
    assert not (out / "episodes/002-unfinished").exists()
    assert "Unfinished" not in read(out, "episodes/index.html")


def add_draft_guide_and_listing(site: Path) -> None:
    """A draft guide by Ada and a draft listing that the published guide already names."""
    write(
        site,
        "content/guides/unfinished-guide.md",
        "---\ntitle: Unfinished guide\nsummary: Half written.\nauthors: [ada-host]\n"
        "published: 2026-06-01\ndraft: true\n---\nNot yet.\n",
    )
    listing = (site / "content/directory/harbour-cowork.md").read_text()
    write(
        site,
        "content/directory/unfinished-space.md",
        listing.replace("Harbour Cowork", "Unfinished Space").replace(
            "last_checked: 2026-10-01", "last_checked: 2026-10-01\ndraft: true"
        ),
    )
    guide = site / "content/guides/going-solo.md"
    guide.write_text(
        guide.read_text().replace("[harbour-cowork]", "[harbour-cowork, unfinished-space]")
    )


def test_draft_guides_and_listings_are_never_published(site: Path) -> None:
    add_draft_guide_and_listing(site)
    out = build_site(site)
    assert not (out / "guides/unfinished-guide").exists()
    assert not (out / "directory/unfinished-space").exists()
    everything = "".join(
        p.read_text(encoding="utf-8")
        for p in out.rglob("*")
        if p.suffix in (".html", ".xml", ".json") and p.is_file()
    )
    assert "Unfinished guide" not in everything  # no index, person page, feed or search entry
    assert "Unfinished Space" not in everything
    assert "unfinished-" not in everything
    assert [entry["slug"] for entry in json.loads(read(out, "directory.json"))["listings"]] == [
        "harbour-cowork"
    ]


def test_draft_guides_and_listings_show_in_the_preview(site: Path) -> None:
    add_draft_guide_and_listing(site)
    out = serve_build(site)
    assert (out / "guides/unfinished-guide/index.html").is_file()
    assert "Unfinished guide" in read(out, "guides/index.html")
    assert "Unfinished Space" in read(out, "directory/index.html")


def test_content_errors_abort_before_the_old_site_is_touched(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    old = write(site, "site/old.html", "previous build")
    page = site / "content/episodes/001-first-steps.md"
    page.write_text(page.read_text().replace("published: 2026-05-04", "published: May 2026"))
    write(site, "content/people/carol.md", "# no front matter\n")
    with pytest.raises(Abort):
        build_site(site)
    assert old.read_text() == "previous build"
    assert [p.name for p in (site / "site").iterdir()] == ["old.html"]
    logged = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert "2 content errors; see above" in logged
    assert (
        "archipelago: content/episodes/001-first-steps.md:6: published: expected a date like"
        " 2026-05-01, got 'May 2026' (fix: write YYYY-MM-DD)" in logged
    )
    assert any(
        m.startswith("archipelago: content/people/carol.md:1: no front matter") for m in logged
    )


def test_a_hand_written_index_cannot_silently_replace_the_generated_one(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    write(site, "content/people/index.md", "# People\n")
    with pytest.raises(Abort):
        build_site(site)
    assert (
        "content/people/index.md collides with the generated People index;"
        " remove or rename it" in caplog.messages
    )


def test_front_matter_can_choose_another_template(site: Path) -> None:
    write(
        site,
        "theme/custom-person.html",
        '{% extends "main.html" %}{% block content %}CUSTOM {{ person.name }}{% endblock %}',
    )
    page = site / "content/people/ben-guest.md"
    page.write_text(
        page.read_text().replace("name: Ben Guest", "template: custom-person.html\nname: Ben Guest")
    )
    assert "CUSTOM Ben Guest" in read(build_site(site), "people/ben-guest/index.html")


def test_two_builds_on_different_days_are_byte_identical(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def digest(out: Path) -> dict[str, str]:
        return {
            p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*"))
            if p.is_file()
        }

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # 2027-01-15, after every episode
    first = digest(build_site(site))
    # 2027-05-11: another day, but still within a year of every listing's last check (a stale
    # listing rightly gains a notice).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1810000000")
    second = digest(build_site(site))
    assert first == second


def test_sitemap_dates_come_from_the_content(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")  # 2030-03-17
    sitemap = read(build_site(site), "sitemap.xml")
    # Each page carries the date of its own content; the home page the newest of them.
    lastmod = dict(
        re.findall(r"<loc>https://fixture.example.org/(.*?)</loc>\s*<lastmod>(.*?)<", sitemap)
    )
    assert lastmod["directory/harbour-cowork/"] == "2026-10-01"
    assert lastmod["guides/going-solo/"] == "2026-04-20"
    assert lastmod["episodes/001-first-steps/"] == "2026-05-04"
    assert lastmod["people/ben-guest/"] == "2026-05-04"
    assert lastmod[""] == "2026-10-01"


def serve_build(root: Path) -> Path:
    """Build as `mkdocs serve` does: same config, `serve` command, a serve URL."""
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        config.plugins.on_shutdown()
    return root / "site"


def test_serve_keeps_previewing_and_skips_only_the_broken_file(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    guide = site / "content/guides/going-solo.md"
    guide.write_text(guide.read_text().replace("published: 2026-04-20", "published: soon"))
    write(
        site,
        "content/episodes/002-unfinished.md",
        "---\ntitle: Unfinished\nnumber: 2\npublished: 2026-06-01\ndraft: true\n"
        f"guid: draft-guid\naudio: {own_audio(site, '002-unfinished')}\nsummary: Soon.\n---\n",
    )
    out = serve_build(site)
    assert any("going-solo.md:6: published" in m for m in caplog.messages)
    assert not (out / "guides/going-solo").exists()
    assert (out / "episodes/001-first-steps/index.html").is_file()
    # Drafts show in the preview, so their authors can see them.
    assert "Unfinished" in read(out, "episodes/index.html")


def test_an_http_site_would_serve_http_enclosures_and_is_refused(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("https://fixture.example.org/", "http://fixture.example.org/", 1)
    )
    with pytest.raises(Abort):
        build_site(site)
    assert any("episodes would be served over http" in m for m in caplog.messages)


def test_a_listing_checked_over_a_year_ago_says_it_may_be_out_of_date(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1810000000")  # 2027-05-11
    assert "may be out of date" not in read(build_site(site), "directory/harbour-cowork/index.html")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")  # 2030-03-17
    out = build_site(site)
    assert (
        'This entry was last checked on <time datetime="2026-10-01">1 October 2026</time>'
        " and may be out of date." in read(out, "directory/harbour-cowork/index.html")
    )
    assert "May be out of date</span>" in read(out, "directory/index.html")


def test_titles_and_names_show_markup_as_text_on_every_page(site: Path) -> None:
    """Markup in a title or a name is text: escaped everywhere, live nowhere (test_hostile
    checks every text field against every payload)."""
    person = site / "content/people/ada-host.md"
    person.write_text(
        person.read_text().replace("name: Ada Host", 'name: "Ada <script>alert(1)</script> <3"')
    )
    guide = site / "content/guides/going-solo.md"
    guide.write_text(
        guide.read_text().replace(
            "title: Going solo", 'title: "Going <img src=x onerror=alert(2)> solo & more"'
        )
    )
    out = build_site(site)
    assert "Ada &lt;script&gt;alert(1)&lt;/script&gt; &lt;3" in read(
        out, "people/ada-host/index.html"
    )
    assert "Going &lt;img src=x onerror=alert(2)&gt; solo &amp; more" in read(
        out, "guides/going-solo/index.html"
    )
    for page in out.rglob("*.html"):
        html = page.read_text()
        assert "<script>alert(1)" not in html, page
        assert "<img src=x" not in html, page


def preview_problems(site_dir: Path) -> dict[str, list[str]]:
    """The problems a preview's pages show (theme/main.html draws them)."""
    return json.loads(read(site_dir, "_archipelago/problems.json"))


def test_a_file_broken_during_the_preview_keeps_its_place_and_every_page_says_why(
    site: Path,
) -> None:
    episode = site / "content/episodes/001-first-steps.md"
    with DirtyServe(site) as serve:
        out = serve.build()
        assert preview_problems(out) == {"problems": [], "shown_as_before": []}
        episode.write_text(episode.read_text().replace("2026-05-04", "May 2026"))
        out = serve.build()
        assert preview_problems(out) == {
            "problems": [
                "content/episodes/001-first-steps.md:6: published: expected a date like"
                " 2026-05-01, got 'May 2026' (fix: write YYYY-MM-DD)"
            ],
            "shown_as_before": ["content/episodes/001-first-steps.md"],
        }
        # It does not silently drop out: its page and its place in the indexes stay.
        assert "First steps" in read(out, "episodes/index.html")
        assert "First steps" in read(out, "people/ben-guest/index.html")
        assert (out / "episodes/001-first-steps/index.html").is_file()
        # Every page, rendered again or not, asks for the problems.
        for page in ("index.html", "guides/going-solo/index.html"):
            assert "_archipelago/problems.json" in read(out, page), page
        episode.write_text(episode.read_text().replace("May 2026", "2026-05-04"))
        out = serve.build()
        assert preview_problems(out) == {"problems": [], "shown_as_before": []}


def test_a_build_carries_no_preview_problems(site: Path) -> None:
    out = build_site(site)
    assert not (out / "_archipelago").exists()
    assert not any("problems.json" in page.read_text() for page in out.rglob("*.html"))


def test_dirty_serve_rebuild_shows_the_edit_and_keeps_everything_else(site: Path) -> None:
    write(
        site,
        "content/episodes/002-second.md",
        "---\ntitle: Second\nnumber: 2\npublished: 2026-06-01\nguid: second-guid\n"
        f"audio: {own_audio(site, '002-second')}\nsummary: The second one.\n---\n"
        "Notes that stay in the feed.\n",
    )
    with DirtyServe(site) as serve:
        first = serve.build()
        entries = dict(serve.plugin.load_cache.loaded)
        episode = site / "content/episodes/001-first-steps.md"
        episode.write_text(episode.read_text().replace("title: First steps", "title: Edited steps"))
        out = serve.build()
    assert out == first
    assert "Edited steps" in read(out, "episodes/001-first-steps/index.html")
    items = feedparser.parse(read(out, "feed.xml")).entries
    assert [item.title for item in items] == ["Second", "Edited steps"]
    # The page of the second episode was not rendered again; its notes are still in the feed.
    assert "Notes that stay in the feed." in items[0].content[0].value
    assert "Ben describes" in items[1].content[0].value
    assert json.loads(read(out, "episodes/001-first-steps/chapters.json"))["chapters"]
    # Only the edited file was loaded again.
    reused = serve.plugin.load_cache.loaded
    assert reused["episodes/002-second.md"] is entries["episodes/002-second.md"]
    assert reused["episodes/001-first-steps.md"] is not entries["episodes/001-first-steps.md"]


def test_the_search_index_gets_accent_free_spellings_in_builds_and_under_serve(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n", "plugins:\n  - search\n"))
    guide = site / "content/guides/going-solo.md"
    guide.write_text(guide.read_text() + "\nAsk Inès.\n")
    assert "<span hidden>Ines</span>" in read(build_site(site), "search/search_index.json")
    # Under serve, the outputs thread folds the index, after the edited page is written.
    folding_threads = []
    fold = plugin_module.fold_search_index

    def recording_fold(data: bytes) -> bytes | None:
        folding_threads.append(threading.current_thread().name)
        return fold(data)

    monkeypatch.setattr(plugin_module, "fold_search_index", recording_fold)
    with DirtyServe(site) as serve:
        serve.build()
        guide.write_text(guide.read_text() + "\nOr Zoë.\n")
        out = serve.build()
    index = read(out, "search/search_index.json")
    assert "<span hidden>Ines Zoe</span>" in index
    assert folding_threads == ["archipelago-outputs"] * 2


def test_serve_rebuilds_keep_the_content_out_of_the_collectors_scans(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As in a build (gc.freeze): a full collection scanned the load cache and the content in
    # one edit of three. Everything is given back once the rebuild is written.
    frozen_while_rendering: list[int] = []
    real_parts = plugin_module.PageParts

    def recording_parts(*args: Any) -> Any:
        frozen_while_rendering.append(gc.get_freeze_count())
        return real_parts(*args)

    monkeypatch.setattr(plugin_module, "PageParts", recording_parts)
    with DirtyServe(site) as serve:
        for _ in range(2):
            serve.build()
            assert gc.get_freeze_count() == 0
    assert frozen_while_rendering and min(frozen_while_rendering) > 0


def test_dirty_serve_rebuild_regenerates_only_the_episode_files_whose_inputs_changed(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        site,
        "content/episodes/002-second.md",
        "---\ntitle: Second\nnumber: 2\npublished: 2026-06-01\nguid: second-guid\n"
        f"audio: {own_audio(site, '002-second')}\nsummary: The second one.\n"
        "chapters:\n  - start: 0\n    title: Hello\n---\nNotes.\n",
    )
    generated: list[str] = []
    real_render = plugin_module.render_episode_files

    def recording_render(job: Any, cues: Any) -> Any:
        # The slug, from the page's folder: episodes/001-first-steps/ → first-steps
        generated.append(re.sub(r"^\d+-", "", job["folder"].split("/")[-2]))
        return real_render(job, cues)

    monkeypatch.setattr(plugin_module, "render_episode_files", recording_render)
    episode = site / "content/episodes/001-first-steps.md"
    transcript = site / "content/episodes/media/001-first-steps.vtt"
    with DirtyServe(site) as serve:
        serve.build()
        assert sorted(generated) == ["first-steps", "second"]
        generated.clear()
        episode.write_text(episode.read_text().replace("title: First steps", "title: Edited"))
        out = serve.build()
        assert generated == ["first-steps"]
        assert "Transcript: Edited" in read(out, "episodes/001-first-steps/transcript.html")
        assert json.loads(read(out, "episodes/002-second/chapters.json"))["chapters"]
        generated.clear()
        transcript.write_text(transcript.read_text().replace("Glad to be here", "Happy to be here"))
        out = serve.build()
        assert "first-steps" in generated
        assert "Happy to be here" in read(out, "episodes/001-first-steps/transcript.srt")
        generated.clear()
        (out / "episodes/002-second/chapters.json").unlink()  # a file gone from site_dir
        serve.build()
        assert generated == ["second"]
        assert json.loads(read(out, "episodes/002-second/chapters.json"))["chapters"]


def test_dirty_serve_rebuild_checks_media_changed_since_the_last_one(
    site: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with DirtyServe(site) as serve:
        serve.build()
        transcript = site / "content/episodes/media/001-first-steps.vtt"
        transcript.write_text("not a transcript\n")
        serve.build()
    assert any("001-first-steps.vtt' is not WebVTT" in m for m in caplog.messages)


def test_show_notes_starting_like_metadata_keep_their_first_lines(site: Path) -> None:
    """MkDocs reads `Key: value` lines at the top of a file without YAML as metadata."""
    episode = site / "content/episodes/001-first-steps.md"
    text = episode.read_text().replace(
        "Ben describes how", "Update: prices re-checked in May.\n\nBen describes how"
    )
    episode.write_text(text)
    page = read(build_site(site), "episodes/001-first-steps/index.html")
    assert "Update: prices re-checked in May." in page
    assert "Ben describes how" in page


def test_a_build_reads_each_content_file_once(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs renders the bytes the check read, instead of reading every file again."""
    content = str(site / "content")
    opened: list[str] = []
    real_open = builtins.open

    def counting_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        name = str(file)
        if name.startswith(content) and name.endswith(".md"):
            opened.append(Path(name).relative_to(content).as_posix())
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    page = read(build_site(site), "episodes/001-first-steps/index.html")
    assert "Ben describes how a co-working space" in page
    markdown = sorted(p.relative_to(content).as_posix() for p in Path(content).rglob("*.md"))
    assert sorted(opened) == markdown  # each once: by the check, not again by MkDocs


def test_a_second_build_cleans_only_the_edited_page(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = pages_sent_to_worker(monkeypatch)
    first = {p: p.read_bytes() for p in build_site(site).rglob("*.html")}
    assert len(sent) == 6  # the five content pages and the home page
    sent.clear()
    again = {p: p.read_bytes() for p in build_site(site).rglob("*.html")}
    assert (again, sent) == (first, [])
    episode = site / "content/episodes/001-first-steps.md"
    episode.write_text(episode.read_text() + '\n<script>steal()</script><p onclick="x()">Hi</p>\n')
    page = read(build_site(site), "episodes/001-first-steps/index.html")
    assert len(sent) == 1
    assert "<p>Hi</p>" in page
    assert "steal()" not in page and "onclick" not in page


def test_pages_with_windows_line_endings_render_as_with_unix_ones(site: Path) -> None:
    pages = ["episodes/001-first-steps/index.html", "guides/going-solo/index.html"]
    unix = [read(build_site(site), page) for page in pages]
    for source in ("content/episodes/001-first-steps.md", "content/guides/going-solo.md"):
        path = site / source
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert [read(build_site(site), page) for page in pages] == unix


def test_every_internal_link_resolves_without_directory_urls(site: Path) -> None:
    """With `use_directory_urls: false` pages are `x/y.html`: our links must follow MkDocs."""
    config = site / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    out = build_site(site)
    listing = out / "directory/harbour-cowork.html"
    broken = []
    for page in out.rglob("*.html"):
        doc = lxml.html.document_fromstring(page.read_bytes())
        for href in doc.xpath("//a/@href"):
            target = href.split("#")[0].split("?")[0]
            if not target or "://" in target or target.startswith(("mailto:", "data:")):
                continue
            # The 404 page links from the site root: it is served at any address.
            base = out if target.startswith("/") else page.parent
            found = (base / target.lstrip("/")).resolve()
            if not (found.is_file() or (found / "index.html").is_file()):
                broken.append(f"{page.relative_to(out)} -> {href}")
    assert listing.is_file()
    assert broken == [], "\n".join(broken)
    # The feed points apps at the episode's generated files where they were written.
    assert {
        "episodes/001-first-steps/chapters.json",
        "episodes/001-first-steps/transcript.html",
    } <= (set(feed_file_urls(out)))


FIXTURE_SITE_URL = "https://fixture.example.org/"


def feed_file_urls(out: Path) -> list[str]:
    """The chapters and transcripts the podcast feed links to, each asserted to exist."""
    rss = lxml.etree.parse(str(out / "feed.xml"))
    ns = {"podcast": "https://podcastindex.org/namespace/1.0"}
    urls = rss.xpath("//podcast:chapters/@url | //podcast:transcript/@url", namespaces=ns)
    paths = [url.removeprefix(FIXTURE_SITE_URL) for url in urls]
    for url, path in zip(urls, paths, strict=True):
        assert url.startswith(FIXTURE_SITE_URL) and (out / path).is_file(), url
    return paths


def test_a_transcript_without_cues_links_to_no_generated_transcript(site: Path) -> None:
    """The WebVTT file is valid and linked; there is no SRT or HTML made from nothing."""
    (site / "content/episodes/media/001-first-steps.vtt").write_text("WEBVTT\n")
    out = build_site(site)
    assert sorted(feed_file_urls(out)) == [
        "episodes/001-first-steps/chapters.json",
        "episodes/media/001-first-steps.vtt",
    ]
