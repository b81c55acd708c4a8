"""`archipelago build` (what `make build` runs): all or nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from archipelago.engine.atomic_build import build_atomically
from helpers.sites import snapshot, write

ARCHIPELAGO = Path(sys.executable).parent / "archipelago"


def test_a_good_build_replaces_the_site(site: Path) -> None:
    write(site, "site/stale.html", "from an older build")
    out = build_atomically(site / "mkdocs.yml")
    assert out == site / "site"
    assert (out / "feed.xml").is_file() and (out / "index.html").is_file()
    assert not (out / "stale.html").exists()
    assert [p.name for p in site.iterdir() if p.name.startswith(".site")] == []


def test_a_failure_while_rendering_leaves_the_previous_site_whole(site: Path) -> None:
    previous = snapshot(build_atomically(site / "mkdocs.yml"))
    # A template that breaks only when pages are written, after MkDocs would have emptied
    # site_dir: a bug, so the exception propagates, but the site stays whole.
    write(
        site,
        "theme/person.html",
        "{% extends 'main.html' %}{% block content %}{{ 1 / 0 }}{% endblock %}",
    )
    with pytest.raises(ZeroDivisionError):
        build_atomically(site / "mkdocs.yml")
    assert snapshot(site / "site") == previous
    assert [p.name for p in site.iterdir() if p.name.startswith(".site")] == []


def test_content_errors_leave_the_previous_site_and_say_so(site: Path) -> None:
    previous = snapshot(build_atomically(site / "mkdocs.yml"))
    write(site, "content/people/new.md", "no front matter\n")
    result = subprocess.run(
        [str(ARCHIPELAGO), "build", "-f", str(site / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "content/people/new.md:1: no front matter" in result.stderr
    assert "build failed; the previous site is untouched" in result.stderr
    assert snapshot(site / "site") == previous
