"""The bucket side of `archipelago media push`: S3 calls through boto3, checksums, and every
failure of the bucket turned into a problem that says what to do."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from archipelago.errors import ProblemError
from archipelago.podcast.media_storage import ACCESS_KEY_VARIABLE, SECRET_KEY_VARIABLE

if TYPE_CHECKING:
    from archipelago.podcast.media_storage import Credentials, MediaStorage

#: Files from this size go up in parts: a part that fails is sent again, not the whole file.
MULTIPART_FROM = 16 * 1024 * 1024
PART_SIZE = 8 * 1024 * 1024  # S3's smallest part is 5 MiB
#: A single-part upload's ETag is its MD5 (S3, R2, B2, MinIO); a multipart one ends in `-N`.
PLAIN_MD5 = re.compile(r"[0-9a-f]{32}")
#: Where our sha256 of the file travels with the object (x-amz-meta-sha256).
SHA256_METADATA = "sha256"
REFUSED_CREDENTIALS = {
    "403",
    "AccessDenied",
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "InvalidToken",
    "ExpiredToken",
}


class BucketError(ProblemError):
    """The bucket refused or stopped answering; the problem says what to do."""


@dataclass(frozen=True)
class Digest:
    """A local file's size and checksums, read in one pass."""

    size: int
    md5: str
    sha256: str

    @classmethod
    def of(cls, path: Path) -> Digest:
        """Read ``path`` once for both checksums."""
        md5, sha256, size = hashlib.md5(), hashlib.sha256(), 0
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                md5.update(chunk)
                sha256.update(chunk)
                size += len(chunk)
        return cls(size, md5.hexdigest(), sha256.hexdigest())


@dataclass(frozen=True)
class StoredObject:
    """What the bucket says about one object."""

    size: int
    etag: str | None = None
    sha256: str | None = None
    content_type: str | None = None
    cache_control: str | None = None

    def holds(self, size: int, sha256: str | None, md5: str | None = None) -> bool | None:
        """Whether the object holds those bytes: by our sha256 when the server kept it, else by
        a plain-MD5 ETag; None when neither can tell (a multipart ETag, no metadata)."""
        if self.size != size:
            return False
        if self.sha256 and sha256:
            return self.sha256 == sha256
        if md5 and self.etag and PLAIN_MD5.fullmatch(self.etag):
            return self.etag == md5
        return None

    def verifies(self, digest: Digest) -> bool | None:
        """`holds` for a local file."""
        return self.holds(digest.size, digest.sha256, digest.md5)


@dataclass(frozen=True)
class ObjectHeaders:
    """What an object is served with."""

    content_type: str
    cache_control: str


class Bucket:
    """One bucket, reached with the access key from the environment."""

    def __init__(self, storage: MediaStorage, credentials: Credentials) -> None:
        self.storage = storage
        self.name = storage.bucket
        config = Config(
            # Checksums only where S3 requires them: R2, B2 and older MinIO refuse the CRC32
            # trailers that boto3 sends by default; Content-MD5 guards each upload instead.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            retries={"max_attempts": 3, "mode": "standard"},
            connect_timeout=5,
            read_timeout=60,
            # Path-style addresses: MinIO and local servers have no per-bucket host names.
            s3={"addressing_style": "path" if storage.endpoint else "auto"},
        )
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=storage.endpoint,
            region_name=storage.region,
            aws_access_key_id=credentials.access_key,
            aws_secret_access_key=credentials.secret_key,
            aws_session_token=credentials.session_token,
            config=config,
        )

    def check_access(self) -> None:
        """Fail before anything is written when the key, the bucket or the endpoint is wrong."""
        with self._answering("reaching the bucket"):
            self.client.head_bucket(Bucket=self.name)

    def listing(self, prefix: str) -> dict[str, StoredObject]:
        """Every object under ``prefix`` with its size and ETag (one request per 1,000)."""
        found = {}
        with self._answering("listing the bucket"):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.name, Prefix=prefix
            )
            for page in pages:
                for item in page.get("Contents", []):
                    found[item["Key"]] = StoredObject(item["Size"], _etag(item.get("ETag")))
        return found

    def head(self, key: str) -> StoredObject | None:
        """The object at ``key`` with its headers and metadata; None when there is none."""
        try:
            with self._answering(f"reading {key}"):
                answer = self.client.head_object(Bucket=self.name, Key=key)
        except BucketError:
            if self._last_status == 404:
                return None
            raise
        # Some servers capitalise metadata names (Sha256): S3 treats them case-insensitively.
        metadata = {name.lower(): value for name, value in answer.get("Metadata", {}).items()}
        return StoredObject(
            answer["ContentLength"],
            _etag(answer.get("ETag")),
            metadata.get(SHA256_METADATA),
            answer.get("ContentType"),
            answer.get("CacheControl"),
        )

    def unfinished_uploads(self, prefix: str) -> list[tuple[str, str]]:
        """Multipart uploads under ``prefix`` never completed, as (key, upload id); empty where
        the server cannot list them (it then expires them itself)."""
        try:
            with self._answering("listing unfinished uploads"):
                answer = self.client.list_multipart_uploads(Bucket=self.name, Prefix=prefix)
        except BucketError:
            if self._last_status in (400, 404, 405, 501):
                return []
            raise
        return [(item["Key"], item["UploadId"]) for item in answer.get("Uploads", [])]

    def abort(self, key: str, upload_id: str) -> None:
        """Drop an unfinished multipart upload and its parts; one already gone is fine."""
        try:
            with self._answering(f"aborting an unfinished upload of {key}"):
                self.client.abort_multipart_upload(Bucket=self.name, Key=key, UploadId=upload_id)
        except BucketError:
            if self._last_code != "NoSuchUpload" and self._last_status != 404:
                raise

    def upload(
        self,
        file: Path,
        key: str,
        digest: Digest,
        headers: ObjectHeaders,
        *,
        started: Callable[[str], None],
        sent: Callable[[int], None],
    ) -> None:
        """Put ``file`` at ``key``; the object appears whole or not at all (a PUT or a completed
        multipart upload). ``started`` gets a multipart upload's id before its first part, so
        a run that dies can be cleaned up by the next; ``sent`` gets each part's byte count."""
        extra = {
            "ContentType": headers.content_type,
            "CacheControl": headers.cache_control,
            "Metadata": {SHA256_METADATA: digest.sha256},
        }
        if digest.size < MULTIPART_FROM:
            body = file.read_bytes()
            with self._answering(f"uploading {key}"):
                self.client.put_object(
                    Bucket=self.name, Key=key, Body=body, ContentMD5=_md5_header(body), **extra
                )
            sent(len(body))
            return
        with self._answering(f"starting the upload of {key}"):
            upload_id = self.client.create_multipart_upload(Bucket=self.name, Key=key, **extra)[
                "UploadId"
            ]
        started(upload_id)
        parts = []
        with file.open("rb") as handle:
            number = 1
            while body := handle.read(PART_SIZE):
                with self._answering(f"uploading part {number} of {key}"):
                    answer = self.client.upload_part(
                        Bucket=self.name,
                        Key=key,
                        UploadId=upload_id,
                        PartNumber=number,
                        Body=body,
                        ContentMD5=_md5_header(body),
                    )
                parts.append({"ETag": answer["ETag"], "PartNumber": number})
                sent(len(body))
                number += 1
        with self._answering(f"completing the upload of {key}"):
            self.client.complete_multipart_upload(
                Bucket=self.name, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
            )

    _last_status: int | None = None
    _last_code: str | None = None

    @contextmanager
    def _answering(self, doing: str) -> Iterator[None]:
        """Turn what boto3 raises into a BucketError that names the fix."""
        self._last_status = self._last_code = None
        try:
            yield
        except ClientError as exc:
            error = exc.response.get("Error", {})
            self._last_code = str(error.get("Code", ""))
            self._last_status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            raise self._refusal(doing, self._last_code, str(error.get("Message", ""))) from None
        except BotoCoreError as exc:
            where = self.storage.endpoint or "AWS S3"
            raise BucketError(
                f"{where} stopped answering while {doing}: {exc}",
                "check the network and media_storage.endpoint, then run `archipelago media"
                " push` again: finished objects are kept, unfinished ones are started anew",
            ) from None

    def _refusal(self, doing: str, code: str, message: str) -> BucketError:
        where = self.storage.shown
        if code in REFUSED_CREDENTIALS:
            return BucketError(
                f"{where} refused the access key while {doing} ({code})",
                f"set {ACCESS_KEY_VARIABLE} and {SECRET_KEY_VARIABLE} to a key that may list,"
                f" read and write bucket {self.name!r}",
            )
        if code in ("404", "NoSuchBucket"):
            return BucketError(
                f"there is no bucket {self.name!r} at {self.storage.endpoint or 'AWS S3'}",
                "create it, or correct media_storage.bucket and media_storage.endpoint",
            )
        return BucketError(
            f"{where} answered {code} while {doing}: {message}",
            "run `archipelago media push` again; if it persists, see the provider's status",
        )


def _etag(value: str | None) -> str | None:
    return value.strip('"') if value else None


def _md5_header(body: bytes) -> str:
    """Content-MD5: the server refuses a body that arrives different (BadDigest)."""
    return base64.b64encode(hashlib.md5(body).digest()).decode("ascii")
