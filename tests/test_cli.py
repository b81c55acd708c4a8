"""`archipelago check` and `archipelago schema`, run as a contributor runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from helpers.sites import REPO

ARCHIPELAGO = Path(sys.executable).parent / "archipelago"


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ARCHIPELAGO), *map(str, args)], capture_output=True, text=True, cwd=cwd, check=False
    )


def test_check_passes_with_one_summary_line(site: Path) -> None:
    result = run("check", site)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "1 episode, 1 guide, 1 listing, 2 people: no problems\n"
    assert result.stderr == ""


def test_check_defaults_to_the_current_folder(site: Path) -> None:
    assert run("check", cwd=site).returncode == 0


def test_check_prints_every_problem_and_exits_1(site: Path) -> None:
    (site / "content/guides/going-solo.md").write_text("no front matter\n")
    person = site / "content/people/ben-guest.md"
    person.write_text(person.read_text().replace("roles: [guest]", "roles: [guest, singer]"))
    result = run("check", site)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "content/guides/going-solo.md:1: no front matter: the file must start with a line '---'"
        " (fix: put the fields between two '---' lines at the very top of the file)",
        "content/people/ben-guest.md:4: roles[1]: expected one of host, guest, author;"
        " got 'singer' (fix: use one of the listed values)",
        "2 problems in 2 files",
    ]


def test_github_format_adds_annotations(site: Path) -> None:
    (site / "content/guides/going-solo.md").write_text("no front matter\n")
    result = run("check", "--format", "github", site)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "::error file=content/guides/going-solo.md,line=1,title=content::"
        "content/guides/going-solo.md:1: no front matter"
    )


def test_check_without_mkdocs_yml_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", tmp_path)
    assert result.returncode == 2
    assert "no mkdocs.yml in" in result.stderr


def test_shipped_project_passes_check() -> None:
    result = run("check", REPO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(": no problems\n")


def test_guid_follows_the_podcasting_2_0_definition() -> None:
    # The example the Podcasting 2.0 specification gives for podcast:guid.
    result = run("guid", "https://mp3s.nashownotes.com/pc20rss.xml")
    assert result.stdout == "917393e3-1b1e-5cef-ace4-edaa54e1f810\n"
    shipped = run("guid", "https://archipelago-hub.github.io/archipelago/feed.xml")
    assert shipped.stdout.strip() in (REPO / "mkdocs.yml").read_text()
