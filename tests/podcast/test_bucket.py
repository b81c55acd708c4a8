"""The bucket client against a real S3 server on loopback: what it reads back, and how it
words the server's refusals."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from archipelago.podcast.bucket import Bucket, BucketError, Digest, ObjectHeaders, StoredObject
from archipelago.podcast.media_storage import Credentials, MediaStorage
from helpers.s3_server import ACCESS_KEY, BUCKET, SECRET_KEY, S3Server


def bucket_of(server: S3Server, name: str = BUCKET) -> Bucket:
    storage = MediaStorage(bucket=name, endpoint=server.endpoint, prefix="show/")
    return Bucket(storage, Credentials(ACCESS_KEY, SECRET_KEY))


def test_digest_reads_size_and_both_checksums(tmp_path: Path) -> None:
    file = tmp_path / "a.mp3"
    file.write_bytes(b"abc" * 1000)
    digest = Digest.of(file)
    assert digest == Digest(
        3000, hashlib.md5(b"abc" * 1000).hexdigest(), hashlib.sha256(b"abc" * 1000).hexdigest()
    )


def test_an_object_is_verified_by_sha256_else_by_a_plain_md5_etag() -> None:
    digest = Digest(3, "0" * 32, "f" * 64)
    assert StoredObject(3, "1" * 32, "f" * 64).verifies(digest) is True  # sha256 decides
    assert StoredObject(3, "0" * 32).verifies(digest) is True
    assert StoredObject(3, "1" * 32).verifies(digest) is False
    assert StoredObject(4, "0" * 32, "f" * 64).verifies(digest) is False
    assert StoredObject(3, "0" * 32 + "-3").verifies(digest) is None  # multipart: cannot tell


def test_upload_then_head_gives_back_headers_and_metadata(
    s3_server: S3Server, tmp_path: Path
) -> None:
    file = tmp_path / "art.png"
    file.write_bytes(b"\x89PNG" + bytes(range(256)) * 10)
    digest = Digest.of(file)
    bucket = bucket_of(s3_server)
    assert bucket.head("show/art.png") is None
    sent: list[int] = []
    headers = ObjectHeaders("image/png", "public, max-age=604800")
    bucket.upload(file, "show/art.png", digest, headers, started=print, sent=sent.append)
    stored = bucket.head("show/art.png")
    assert stored is not None and stored.verifies(digest)
    assert (stored.content_type, stored.cache_control) == ("image/png", "public, max-age=604800")
    assert sent == [digest.size]
    assert bucket.listing("show/") == {"show/art.png": StoredObject(digest.size, digest.md5)}


def test_a_missing_bucket_is_named_with_the_fix(s3_server: S3Server) -> None:
    with pytest.raises(BucketError) as refused:
        bucket_of(s3_server, "no-such-bucket").check_access()
    assert refused.value.problem.message == (
        f"there is no bucket 'no-such-bucket' at {s3_server.endpoint}"
    )
    assert "media_storage.bucket" in refused.value.problem.fix


def test_an_endpoint_that_does_not_answer_says_to_run_again(s3_server: S3Server) -> None:
    s3_server.kill()
    with pytest.raises(BucketError) as refused:
        bucket_of(s3_server).check_access()
    assert refused.value.problem.message.startswith(f"{s3_server.endpoint} stopped answering")
    assert "run `archipelago media push` again" in refused.value.problem.fix


def test_aborting_an_upload_the_server_no_longer_knows_is_fine(s3_server: S3Server) -> None:
    bucket = bucket_of(s3_server)
    upload = s3_server.client().create_multipart_upload(Bucket=BUCKET, Key="show/x.mp3")
    bucket.abort("show/x.mp3", upload["UploadId"])
    bucket.abort("show/x.mp3", upload["UploadId"])  # gone already: no error
