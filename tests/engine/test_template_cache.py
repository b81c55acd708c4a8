"""The plugin's page templates are compiled once and kept (`template_cache`): a later build
compiles none of them, an edited template is compiled again, a bad cache entry is ignored.
Under `mkdocs serve`, every template is compiled once for the whole preview."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import pytest
from jinja2.bccache import bc_magic

from archipelago.engine.load_store import CACHE_DIR_VARIABLE
from archipelago.engine.template_cache import PageTemplateCache, PreviewTemplateCache
from archipelago.site.pages import ALL_TEMPLATES
from helpers.builds import DirtyServe, build_into


class CompileCounter:
    """Records the name of every template Jinja compiles from its source."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        real = jinja2.Environment.compile

        def counted(env: jinja2.Environment, source: Any, name: Any = None, *a: Any, **k: Any):
            self.names.append(name)
            return real(env, source, name, *a, **k)

        monkeypatch.setattr(jinja2.Environment, "compile", counted)

    def take(self) -> set[str]:
        taken, self.names = set(self.names), []
        return taken


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(folder))
    return folder / "templates"


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> CompileCounter:
    return CompileCounter(monkeypatch)


def test_a_second_build_compiles_none_of_our_page_templates(
    site: Path, tmp_path: Path, cache: Path, compiled: CompileCounter
) -> None:
    first = build_into(site, tmp_path / "first")
    assert set(ALL_TEMPLATES) <= compiled.take()
    assert len(list(cache.iterdir())) == len(ALL_TEMPLATES)
    second = build_into(site, tmp_path / "second")
    again = compiled.take()
    assert not again & set(ALL_TEMPLATES)
    assert "main.html" in again  # Material's and the theme's own are MkDocs' to compile
    assert second == first


def test_an_edited_template_is_compiled_again(
    site: Path, tmp_path: Path, cache: Path, compiled: CompileCounter
) -> None:
    build_into(site, tmp_path / "first")
    template = site / "theme" / "episode.html"
    marker = "<!-- edited after the first build -->"
    source = template.read_text(encoding="utf-8")
    edited = source.replace("{% block content %}", "{% block content %}" + marker, 1)
    assert edited != source
    template.write_text(edited, encoding="utf-8")
    compiled.take()
    pages = build_into(site, tmp_path / "second")
    assert "episode.html" in compiled.take()
    episode_page = pages["episodes/001-first-steps/index.html"]
    assert marker.encode() in episode_page


DAMAGES = {
    "empty": lambda entry: b"",
    "foreign": lambda entry: b"j2 not a cache entry",
    "cut inside the header": lambda entry: entry[: len(bc_magic) + 3],
    "cut inside the code": lambda entry: entry[: len(entry) // 2],
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_cache_entry_is_compiled_again(
    site: Path,
    tmp_path: Path,
    cache: Path,
    compiled: CompileCounter,
    damage: Callable[[bytes], bytes],
) -> None:
    first = build_into(site, tmp_path / "first")
    entries = {entry: entry.read_bytes() for entry in cache.iterdir()}
    for entry, good in entries.items():
        entry.write_bytes(damage(good))
    compiled.take()
    assert build_into(site, tmp_path / "second") == first
    assert set(ALL_TEMPLATES) <= compiled.take()
    assert all(entry.read_bytes() == good for entry, good in entries.items())  # written again


def test_the_key_changes_with_the_settings_that_change_the_code(tmp_path: Path) -> None:
    plain = PageTemplateCache(tmp_path, ["episode.html"], jinja2.Environment())
    trimmed = PageTemplateCache(tmp_path, ["episode.html"], jinja2.Environment(trim_blocks=True))
    escaping = PageTemplateCache(tmp_path, ["episode.html"], jinja2.Environment(autoescape=True))
    caches = (plain, trimmed, escaping)
    keys = {cache.get_cache_key("episode.html", "/t/episode.html") for cache in caches}
    assert len(keys) == 3
    assert plain.get_cache_key("episode.html", "/elsewhere/episode.html") not in keys
    # The same settings give the same key in another process: nothing depends on addresses.
    again = PageTemplateCache(tmp_path, ["episode.html"], jinja2.Environment())
    assert again.get_cache_key("episode.html", "/t/episode.html") in keys


def test_other_templates_are_never_stored(tmp_path: Path) -> None:
    env = jinja2.Environment(loader=jinja2.DictLoader({"base.html": "{{ 1 + 1 }}"}))
    env.bytecode_cache = PageTemplateCache(tmp_path / "templates", ["episode.html"], env)
    assert env.get_template("base.html").render() == "2"
    assert not (tmp_path / "templates").exists()


def test_serve_rebuilds_compile_no_template_until_one_is_edited(
    site: Path, cache: Path, compiled: CompileCounter
) -> None:
    template = site / "theme" / "episode.html"
    marker = "<!-- edited while serving -->"
    with DirtyServe(site) as serve:
        serve.build()
        first = compiled.take()
        assert {"main.html", "base.html", "episode.html"} <= first  # Material's too
        episode = site / "content/episodes/001-first-steps.md"
        episode.write_text(episode.read_text().replace("title: First steps", "title: Edited"))
        out = serve.build()
        assert compiled.take() == set()
        assert "Edited" in (out / "episodes/001-first-steps/index.html").read_text()
        source = template.read_text(encoding="utf-8")
        template.write_text(source.replace("{% block content %}", "{% block content %}" + marker))
        episode.write_text(episode.read_text().replace("title: Edited", "title: Edited again"))
        out = serve.build()
        assert compiled.take() == {"episode.html"}
    assert marker in (out / "episodes/001-first-steps/index.html").read_text()
    assert not cache.exists()  # the preview keeps its code in memory only


def test_the_preview_cache_keys_by_settings_and_checks_the_source() -> None:
    kept: dict = {}
    loader = jinja2.DictLoader({"page.html": "{{ 1 + 1 }}"})
    plain = jinja2.Environment(loader=loader)
    plain.bytecode_cache = PreviewTemplateCache(kept, plain)
    assert plain.get_template("page.html").render() == "2"
    assert len(kept) == 1
    trimmed = jinja2.Environment(loader=loader, trim_blocks=True)
    trimmed.bytecode_cache = PreviewTemplateCache(kept, trimmed)
    trimmed.get_template("page.html")
    assert len(kept) == 2  # other settings: compiled again, kept apart
    loader.mapping["page.html"] = "{{ 2 + 2 }}"
    again = jinja2.Environment(loader=loader)
    again.bytecode_cache = PreviewTemplateCache(kept, again)
    assert again.get_template("page.html").render() == "4"  # the edited source, not the kept code
