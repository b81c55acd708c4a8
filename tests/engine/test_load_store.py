"""What loading the content gave is stored between runs (`load_store`): a later check or build
loads only the files that changed, says the same things, and writes the same site."""

from __future__ import annotations

import importlib
import pickle
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest
from click.testing import CliRunner
from PIL import Image

from archipelago.cli import main
from archipelago.content import fields, load
from archipelago.engine import load_store
from archipelago.engine.load_store import CACHE_DIR_VARIABLE, read_load_cache, store_path
from archipelago.podcast import episode_media
from archipelago.project import check_tree, find_config_file, read_project_config
from helpers.builds import build_into
from helpers.sites import write

EPISODE = "content/episodes/001-first-steps.md"
#: The fixture's episode, guide, listing and two people (index.md is a plain page).
CONTENT_FILES = 5


class LoadCounter:
    """Counts the content files parsed and validated (not taken from the store)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.loaded: list[str] = []
        real = load.load_entry

        def counted(kind: str, source: load.Source, *args: Any) -> load.LoadedFile:
            self.loaded.append(source.src_uri)
            return real(kind, source, *args)

        monkeypatch.setattr(load, "load_entry", counted)

    def take(self) -> list[str]:
        taken, self.loaded = sorted(self.loaded), []
        return taken


def calls_of(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[tuple[Any, ...]]:
    """The positional arguments of every call of ``module.name`` from now on."""
    calls: list[tuple[Any, ...]] = []
    real = getattr(module, name)

    def recording(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, recording)
    return calls


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> LoadCounter:
    return LoadCounter(monkeypatch)


def check_with_store(root: Path) -> list[str]:
    """What `archipelago check` does: read the store, check, write the store back."""
    config, errors = read_project_config(find_config_file(root))
    assert config is not None and not errors
    cache = read_load_cache(config.content_dir)
    result = check_tree(config, cache=cache)
    load_store.write_load_cache(config.content_dir, cache)
    return [str(error) for error in result.errors]


def test_a_second_build_loads_no_file_and_writes_the_same_site(
    site: Path, tmp_path: Path, counter: LoadCounter
) -> None:
    first = build_into(site, tmp_path / "first")
    assert len(counter.take()) == CONTENT_FILES
    second = build_into(site, tmp_path / "second")
    assert counter.take() == []
    assert second == first


def test_the_store_holds_no_markdown_body(site: Path) -> None:
    # MkDocs reads the bodies itself: storing them would double the store and the memory.
    assert check_with_store(site) == []
    store = store_path(site / "content").read_bytes()
    assert b"co-working space gave his week a shape" in (site / EPISODE).read_bytes()
    assert b"co-working space gave his week a shape" not in store
    assert b"First steps" in store  # the front matter's title is there


def test_the_build_after_a_check_loads_no_file(
    site: Path, tmp_path: Path, counter: LoadCounter, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A contributor runs `archipelago check .` (as `make check` does), then `make build`:
    # one store serves both, though the check names the folder by a relative path.
    monkeypatch.chdir(site)
    assert CliRunner().invoke(main, ["check", "."]).exit_code == 0
    assert len(counter.take()) == CONTENT_FILES
    build_into(site, tmp_path / "out")
    assert counter.take() == []
    assert CliRunner().invoke(main, ["check", "."]).exit_code == 0
    assert counter.take() == []


def test_an_edited_file_is_loaded_again_and_its_new_error_is_reported(
    site: Path, counter: LoadCounter
) -> None:
    assert check_with_store(site) == []
    counter.take()
    episode = site / EPISODE
    episode.write_text(episode.read_text().replace("number: 1", "number: one"))
    found = check_with_store(site)
    assert counter.take() == ["episodes/001-first-steps.md"]
    assert len(found) == 1 and "number" in found[0] and ":4:" in found[0], found
    # Stored with its error: the next run says it again without loading anything.
    assert check_with_store(site) == found
    assert counter.take() == []


def test_a_changed_media_file_loads_everything_again(site: Path, counter: LoadCounter) -> None:
    assert check_with_store(site) == []
    counter.take()
    (site / "content/episodes/media/001-first-steps.vtt").unlink()
    found = check_with_store(site)
    assert len(counter.take()) == CONTENT_FILES
    assert any("001-first-steps.vtt" in message for message in found), found


def test_a_media_file_changed_in_place_is_checked_again(site: Path) -> None:
    # Same path, new bytes: the portrait the person's file names is no longer a JPEG.
    assert check_with_store(site) == []
    write(site, "content/people/ada-host.jpg", b"GIF89a not a jpeg at all")
    found = check_with_store(site)
    assert any("people/ada-host.md" in m and "image" in m for m in found), found


def test_transcripts_are_read_again_only_when_media_changed(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = calls_of(monkeypatch, episode_media, "_read_transcript")  # (shown, file)
    one_read = ("content/episodes/media/001-first-steps.vtt", ANY)
    assert check_with_store(site) == []
    assert read == [one_read]
    assert check_with_store(site) == []
    assert read == [one_read]  # from the store
    # The transcript now runs past the audio's end: read again, and the problem is said.
    vtt = site / "content/episodes/media/001-first-steps.vtt"
    vtt.write_text(vtt.read_text().replace("00:00:03.000", "00:09:00.000"))
    found = check_with_store(site)
    assert len(read) == 2
    assert any("transcript" in message and "9:00" in message for message in found), found


def test_the_show_is_checked_again_only_when_it_or_its_artwork_changed(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = calls_of(monkeypatch, fields, "check_artwork")  # (path, shown)
    cover = (ANY, "assets/cover.png")
    assert check_with_store(site) == []
    assert opened.count(cover) == 1
    assert check_with_store(site) == []
    assert opened.count(cover) == 1  # the valid show came from the store
    config = site / "mkdocs.yml"
    config.write_text(config.read_text().replace("title: ", "title: Renamed ", 1))
    assert check_with_store(site) == []
    assert opened.count(cover) == 2  # another show block: checked again
    Image.new("RGB", (1400, 1000)).save(site / "content/assets/cover.png")
    found = check_with_store(site)
    assert any("show.artwork" in message and "square" in message for message in found), found
    assert check_with_store(site) == found  # a show with problems is never kept


def test_a_file_gone_is_forgotten(site: Path) -> None:
    write(site, "content/guides/extra.md", "---\ntitle: Extra\n---\n")
    assert check_with_store(site)  # the guide is missing fields
    (site / "content/guides/extra.md").unlink()
    assert check_with_store(site) == []
    config, _ = read_project_config(find_config_file(site))
    assert config is not None
    assert "guides/extra.md" not in read_load_cache(config.content_dir).loaded


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda path: path.write_bytes(b"not a pickle"), id="corrupt"),
        pytest.param(lambda path: path.write_bytes(path.read_bytes()[:100]), id="truncated"),
        pytest.param(
            lambda path: path.write_bytes(pickle.dumps(("another version", load.LoadCache()))),
            id="other-version",
        ),
        pytest.param(lambda path: path.write_bytes(pickle.dumps(["a list"])), id="other-shape"),
    ],
)
def test_a_store_that_cannot_be_trusted_is_ignored(
    site: Path, counter: LoadCounter, spoil: object
) -> None:
    assert check_with_store(site) == []
    config, _ = read_project_config(find_config_file(site))
    assert config is not None
    spoil(store_path(config.content_dir))  # type: ignore[operator]
    counter.take()
    assert check_with_store(site) == []
    assert len(counter.take()) == CONTENT_FILES
    assert check_with_store(site) == []  # and it was written again, whole
    assert counter.take() == []


def test_other_code_does_not_read_the_store(
    site: Path, counter: LoadCounter, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert check_with_store(site) == []
    counter.take()
    monkeypatch.setattr(load_store, "code_fingerprint", lambda: "the next release")
    assert check_with_store(site) == []
    assert len(counter.take()) == CONTENT_FILES


@pytest.mark.parametrize(
    ("module", "attribute"),
    [("pydantic", "VERSION"), ("pydantic_core", "__version__"), ("yaml", "__version__")],
)
def test_a_store_from_another_version_of_a_parsing_library_is_not_read(
    site: Path, counter: LoadCounter, monkeypatch: pytest.MonkeyPatch, module: str, attribute: str
) -> None:
    assert check_with_store(site) == []
    counter.take()
    monkeypatch.setattr(importlib.import_module(module), attribute, "99.0.0")
    load_store.code_fingerprint.cache_clear()
    try:
        assert check_with_store(site) == []
    finally:
        load_store.code_fingerprint.cache_clear()
    assert len(counter.take()) == CONTENT_FILES


def test_an_unwritable_cache_folder_does_not_fail_the_build(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = write(tmp_path, "a-file", "the cache folder cannot be made under a file")
    monkeypatch.setenv(CACHE_DIR_VARIABLE, str(blocked / "cache"))
    assert "feed.xml" in build_into(site, tmp_path / "out")


def test_the_store_lives_outside_the_project(site: Path) -> None:
    # Unpickling runs code: a store a pull request commits into the project is never read.
    path = store_path(site / "content")
    assert not path.resolve().is_relative_to(site.resolve())
    assert path.parent == Path(load_store.cache_folder())


def test_the_cache_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CACHE_DIR_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    assert load_store.cache_folder() == Path("/somewhere/cache/archipelago")
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "/home/ada")
    assert load_store.cache_folder() == Path("/home/ada/.cache/archipelago")


def test_transcripts_are_read_for_their_pages_not_kept(site: Path, tmp_path: Path) -> None:
    # An hour of speech is about 700 cues: kept for every episode of a big show, they would
    # take more memory than the rest of the build, and make the store as big.
    cues = [
        f"00:00:{i // 100:02d}.{i % 100 * 10:03d} --> 00:00:{(i + 1) // 100:02d}."
        f"{(i + 1) % 100 * 10:03d}\n<v Ada Host>Line {i} of a long-winded answer.\n"
        for i in range(300)
    ]
    vtt = site / "content/episodes/media/001-first-steps.vtt"
    vtt.write_text("WEBVTT\n\n" + "\n".join(cues))
    assert check_with_store(site) == []
    assert b"long-winded" not in store_path(site / "content").read_bytes()
    built = build_into(site, tmp_path / "out")
    page = built["episodes/001-first-steps/index.html"].decode()
    assert page.count("long-winded answer") == 300
    assert (
        "Line 299 of a long-winded answer"
        in built["episodes/001-first-steps/transcript.srt"].decode()
    )
