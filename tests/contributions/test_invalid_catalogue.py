"""The catalogue of broken contributions: each file, and the exact lines a contributor sees.

Every `tests/fixtures/invalid/<kind>/<name>.md` is one broken contribution; beside it,
`<name>.errors.txt` holds the lines `archipelago check` must print for the fixture site plus
that one file, in the order it prints them. A few files hold bytes that editors and git hooks
tend to "fix" (a BOM, Latin-1, a control character): those are written by `GENERATED` below
at run time; their golden files live in the catalogue like the others.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import mkdocs.exceptions
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from archipelago.project import check_tree, find_config_file, read_project_config
from helpers.sites import REPO, own_audio

SITE = REPO / "tests" / "fixtures" / "site"
CATALOGUE = REPO / "tests" / "fixtures" / "invalid"
KINDS = ("episodes", "guides", "directory", "people")
SHARED_AUDIO = "episodes/media/001-first-steps.mp3"

#: Broken files whose bytes are awkward to keep in git: relative path → the file's bytes.
GENERATED: dict[str, bytes] = {
    "episodes/138-control-character.md": (
        b"---\n"
        b"title: Rates\bwith a backspace\n"
        b"number: 138\n"
        b"season: 1\n"
        b"published: 2026-07-08\n"
        b"guid: b7e0c9a2-0000-4000-8000-000000000138\n"
        b"audio: episodes/media/001-first-steps.mp3\n"
        b"summary: A control character came in with pasted text.\n"
        b"---\n"
        b"Show notes.\n"
    ),
    "guides/byte-order-mark.md": (
        "\ufeff---\n"
        "title: Byte-order mark\n"
        "summary: Saved by an editor that writes a BOM.\n"
        "authors: [ada-host]\n"
        "published: 2026-05-01\n"
        "---\n"
        "A guide.\n"
    ).encode("utf-8"),
    "people/latin-1-name.md": (
        "---\nname: Zoë Café\nroles: [guest]\nbio: Saved in Latin-1.\n---\nA person.\n"
    ).encode("latin-1"),
}

#: Cases whose golden file holds the message as it should be, not as it is today.
XFAIL: dict[str, str] = {}

#: Cases left out of the run with every broken file at once (none so far: each broken
#: file has its own number, GUID and slug, so no two of them interfere).
NOT_TOGETHER: set[str] = set()


def catalogue() -> list[str]:
    """Every case, as `<kind>/<name>.md`, found from the golden files."""
    return sorted(
        f"{kind}/{golden.name.removesuffix('.errors.txt')}.md"
        for kind in KINDS
        for golden in (CATALOGUE / kind).glob("*.errors.txt")
    )


CASES = catalogue()


def golden_lines(case: str) -> list[str]:
    """The expected lines of one case."""
    text = (CATALOGUE / case).with_suffix(".errors.txt").read_text(encoding="utf-8")
    return text.splitlines()


def content_path(case: str) -> str:
    """The broken file's path as messages show it."""
    return f"content/{case}"


def add_case(root: Path, case: str) -> None:
    """Put one broken file (and any media it brings in `media-<name>/`) into the site."""
    kind, name = case.split("/")
    target = root / "content" / kind / name
    data = GENERATED[case] if case in GENERATED else (CATALOGUE / case).read_bytes()
    if kind == "episodes" and SHARED_AUDIO.encode() in data:
        # Two published episodes may not share an enclosure: each case gets its own copy.
        data = data.replace(SHARED_AUDIO.encode(), own_audio(root, name[:-3]).encode())
    target.write_bytes(data)
    media = CATALOGUE / kind / f"media-{name.removesuffix('.md')}"
    if media.is_dir():
        for file in media.iterdir():
            shutil.copyfile(file, root / "content" / kind / "media" / file.name)


def make_site(tmp_path: Path, cases: list[str]) -> Path:
    """A copy of the fixture site with the given broken files added."""
    root = tmp_path / "site-src"
    shutil.copytree(SITE, root)
    for case in cases:
        add_case(root, case)
    return root


def test_the_catalogue_is_complete() -> None:
    on_disk = {f"{kind}/{file.name}" for kind in KINDS for file in (CATALOGUE / kind).glob("*.md")}
    assert not on_disk & set(GENERATED), "a generated case is also a file"
    assert on_disk | set(GENERATED) == set(CASES), "every broken file needs an .errors.txt"
    assert set(XFAIL) <= set(CASES)
    assert len(CASES) >= 35


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=XFAIL[c])) if c in XFAIL else c
        for c in CASES
    ],
    ids=CASES,
)
def test_broken_file_gives_exactly_its_golden_lines(tmp_path: Path, case: str) -> None:
    root = make_site(tmp_path, [case])
    config, config_errors = read_project_config(find_config_file(root))
    assert config is not None
    errors = config_errors + check_tree(config).errors
    expected = golden_lines(case)
    actual = [str(error) for error in errors]
    own = [str(error) for error in errors if error.path == content_path(case)]
    assert own == [line for line in expected if line.startswith(content_path(case) + ":")]
    # The fixture site is valid: any other file named must be named in the golden file too.
    assert actual == expected


def archipelago_command() -> Path:
    """The installed console script, from the same environment as this interpreter."""
    script = Path(sys.executable).parent / "archipelago"
    assert script.is_file(), f"no console script at {script}; install the package"
    return script


def all_broken(tmp_path: Path) -> tuple[Path, list[str]]:
    """The fixture site with every broken file at once, and the cases it holds."""
    cases = [case for case in CASES if case not in NOT_TOGETHER]
    return make_site(tmp_path, cases), cases


def test_check_reports_every_broken_file_in_one_run(tmp_path: Path) -> None:
    root, cases = all_broken(tmp_path)
    run = subprocess.run(
        [str(archipelago_command()), "check", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    printed = set(run.stderr.splitlines())
    for case in cases:
        assert content_path(case) in run.stderr
        if case in XFAIL:
            continue  # its golden lines hold the wording it should have, not yet the actual one
        missing = [line for line in golden_lines(case) if line not in printed]
        assert not missing, f"{case}: not printed:\n" + "\n".join(missing)


def test_build_with_broken_files_fails_and_keeps_the_old_site(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root, cases = all_broken(tmp_path)
    shutil.copytree(REPO / "theme", root / "theme")
    site_dir = root / "site"
    site_dir.mkdir()
    old_page = site_dir / "old.html"
    old_page.write_text("<p>the last good build</p>\n", encoding="utf-8")
    with pytest.raises(mkdocs.exceptions.Abort):
        build(load_config(str(root / "mkdocs.yml")))
    # It failed on our content check, naming every broken file, not on anything else.
    assert "content errors; see above" in caplog.text
    for case in cases:
        assert content_path(case) in caplog.text
    assert old_page.read_text(encoding="utf-8") == "<p>the last good build</p>\n"
    assert [p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")] == ["old.html"]
