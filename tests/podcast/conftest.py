"""Fixtures of the podcast tests: a real S3 server on loopback, a fixture site that pushes its
media to it, and one with a trailer carrying Podcasting 2.0 tags."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.s3_server import S3Server, use_bucket
from helpers.trailer import add_trailer


@pytest.fixture
def s3_server(tmp_path: Path) -> Iterator[S3Server]:
    """`rclone serve s3` over a folder of this test's own; killed when the test ends."""
    server = S3Server(tmp_path / "s3").start()
    yield server
    server.kill()


@pytest.fixture
def bucket_site(site: Path, s3_server: S3Server) -> Path:
    """The fixture site with `media_storage:` naming ``s3_server``'s bucket, prefix `show/`."""
    use_bucket(site, s3_server)
    return site


@pytest.fixture
def tagged_site(site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture site with a 40-second trailer that has soundbites and a discussion."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")  # 2027-01-15
    add_trailer(site)
    return site
