"""The `media_storage:` option and the credentials from the environment."""

from __future__ import annotations

from pathlib import Path

from archipelago.podcast.media_storage import (
    media_storage_locator,
    read_credentials,
    read_media_storage,
)
from archipelago.project import read_project_config


def storage_of(site: Path, block: str) -> tuple[object, list[str]]:
    config_file = site / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("  - archipelago:\n", "  - archipelago:\n" + block))
    config, _ = read_project_config(config_file)
    assert config is not None
    locator = media_storage_locator(config.show_locator)
    storage, problems = read_media_storage(config.media_storage, locator)
    return storage, [str(problem) for problem in problems]


def test_prefix_becomes_a_folder_and_keys_follow_the_content_paths(site: Path) -> None:
    storage, problems = storage_of(
        site, "      media_storage:\n        bucket: my-show\n        prefix: podcast\n"
    )
    assert problems == []
    assert storage.key("episodes/media/001.mp3") == "podcast/episodes/media/001.mp3"
    assert storage.path("podcast/episodes/media/001.mp3") == "episodes/media/001.mp3"
    assert storage.shown == "s3://my-show/podcast/"
    assert storage.region == "us-east-1" and storage.endpoint is None


def test_each_mistake_is_placed_at_its_line_with_a_fix(site: Path) -> None:
    _, problems = storage_of(
        site,
        "      media_storage:\n"
        "        bucket: My_Show\n"
        "        endpoint: r2.example.com\n"
        "        prefix: /show/\n"
        "        access_key: AKIA\n",
    )
    assert problems == [
        "mkdocs.yml:21: media_storage.bucket: expected a bucket name (3–63 lowercase letters,"
        " digits, dots and hyphens), got 'My_Show' (fix: write the bucket's name alone, without"
        " the endpoint or a path)",
        "mkdocs.yml:22: media_storage.endpoint: expected an http or https URL, got"
        " 'r2.example.com' (fix: add the scheme: https://r2.example.com)",
        "mkdocs.yml:23: media_storage.prefix: expected a folder inside the bucket like `show/`,"
        " got '/show/' (fix: write it without a leading slash, `..` or `//`)",
        "mkdocs.yml:24: media_storage.access_key: unknown field (fix: remove it; the fields"
        " allowed here are: bucket, endpoint, prefix, region)",
    ]


def test_no_option_says_what_to_add(site: Path) -> None:
    storage, problems = storage_of(site, "")
    assert storage is None
    assert problems == [
        "mkdocs.yml: media_storage: no bucket is configured (fix: add `media_storage:` with at"
        " least `bucket:` under the archipelago plugin in mkdocs.yml (see"
        " docs/configuration.md))"
    ]


def test_credentials_come_from_the_environment_only() -> None:
    credentials, problems = read_credentials(
        {"AWS_ACCESS_KEY_ID": "key", "AWS_SECRET_ACCESS_KEY": "secret"}
    )
    assert problems == [] and credentials is not None
    assert "secret" not in repr(credentials)
    _, problems = read_credentials({})
    assert [str(problem) for problem in problems] == [
        "environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY not set (fix: set"
        " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to a key that may write to the bucket"
        " (in CI, from the repository's secrets))"
    ]
