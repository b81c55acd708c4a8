"""Where `archipelago media push` puts the media: the `media_storage:` option in mkdocs.yml, and
the credentials, which come from the environment only (a key in mkdocs.yml would be
committed)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from archipelago.content.fields import Url, invalid
from archipelago.content.load import YamlLocator, validate_model
from archipelago.content.models import Strict
from archipelago.errors import Problem

#: The option's key under `- archipelago:` in mkdocs.yml.
OPTION = "media_storage"
ACCESS_KEY_VARIABLE = "AWS_ACCESS_KEY_ID"
SECRET_KEY_VARIABLE = "AWS_SECRET_ACCESS_KEY"
SESSION_TOKEN_VARIABLE = "AWS_SESSION_TOKEN"  # optional: temporary AWS credentials

# S3's rule for bucket names, which R2, B2 and MinIO share.
BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def _bucket(value: str) -> str:
    if not BUCKET_NAME.fullmatch(value):
        raise invalid(
            "expected a bucket name (3–63 lowercase letters, digits, dots and hyphens),"
            f" got {value!r}",
            "write the bucket's name alone, without the endpoint or a path",
        )
    return value


def _prefix(value: str) -> str:
    """Keys are `prefix` + the file's path under content/: a folder, so it ends in `/`."""
    if value.startswith("/") or "//" in value or ".." in value.split("/"):
        raise invalid(
            f"expected a folder inside the bucket like `show/`, got {value!r}",
            "write it without a leading slash, `..` or `//`",
        )
    return value if not value or value.endswith("/") else value + "/"


class MediaStorage(Strict):
    """An S3-compatible bucket (AWS S3, Cloudflare R2, Backblaze B2, MinIO) for the media."""

    bucket: Annotated[str, AfterValidator(_bucket)] = Field(examples=["not-an-island-media"])
    endpoint: Url | None = Field(
        default=None,
        description="The S3 API address; unset for AWS S3 itself.",
        examples=["https://ACCOUNT_ID.r2.cloudflarestorage.com"],
    )
    region: str = Field(default="us-east-1", examples=["auto"])
    prefix: Annotated[str, AfterValidator(_prefix)] = Field(default="", examples=["show/"])

    def key(self, path: str) -> str:
        """The object key of a file at ``path`` under content/."""
        return self.prefix + path

    def path(self, key: str) -> str:
        """The path under content/ of the object at ``key`` (the inverse of `key`)."""
        return key.removeprefix(self.prefix)

    @property
    def shown(self) -> str:
        """The bucket and prefix as messages show them: `s3://bucket/prefix/`."""
        return f"s3://{self.bucket}/{self.prefix}"


@dataclass(frozen=True)
class Credentials:
    """An access key from the environment."""

    access_key: str
    secret_key: str
    session_token: str | None = None

    def __repr__(self) -> str:
        return f"Credentials({self.access_key!r}, …)"  # never print the secret


def read_media_storage(
    data: Any, locator: YamlLocator
) -> tuple[MediaStorage | None, list[Problem]]:
    """The `media_storage:` option as a model, or the problems with it (placed in mkdocs.yml).

    Args:
        data: the option as written; None when it is absent.
        locator: places problems at their line of the option in mkdocs.yml.
    """
    if data is None:
        fix = (
            f"add `{OPTION}:` with at least `bucket:` under the archipelago plugin in"
            f" {locator.path} (see docs/configuration.md)"
        )
        return None, [Problem(locator.path, None, OPTION, "no bucket is configured", fix)]
    if not isinstance(data, dict):
        return None, [locator.error((), OPTION, "expected a group of `key: value` lines", "")]
    storage, problems = validate_model(MediaStorage, data, locator)
    return storage, [_named(problem) for problem in problems]


def _named(problem: Problem) -> Problem:
    name = f"{OPTION}.{problem.field}" if problem.field else OPTION
    return Problem(problem.path, problem.line, name, problem.message, problem.fix)


def read_credentials(environ: Mapping[str, str]) -> tuple[Credentials | None, list[Problem]]:
    """The access key from the environment; never from mkdocs.yml, which is committed."""
    missing = [name for name in (ACCESS_KEY_VARIABLE, SECRET_KEY_VARIABLE) if not environ.get(name)]
    if missing:
        names = " and ".join(missing)
        fix = (
            f"set {ACCESS_KEY_VARIABLE} and {SECRET_KEY_VARIABLE} to a key that may write to the"
            " bucket (in CI, from the repository's secrets)"
        )
        return None, [Problem("environment", None, "", f"{names} not set", fix)]
    token = environ.get(SESSION_TOKEN_VARIABLE) or None
    return Credentials(environ[ACCESS_KEY_VARIABLE], environ[SECRET_KEY_VARIABLE], token), []


def media_storage_locator(show_locator: YamlLocator) -> YamlLocator:
    """Places problems in the `media_storage:` option, beside `show:` under the plugin."""
    prefix = (*show_locator.prefix[:-1], OPTION) if show_locator.prefix else ()
    return YamlLocator(show_locator.path, show_locator.yaml, prefix)
