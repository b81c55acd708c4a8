"""`archipelago media push` against a real S3 server (`rclone serve s3`) on loopback: what
lands in the bucket, under which keys and headers, and what happens when things go wrong."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from archipelago.podcast.audio import probe
from archipelago.podcast.bucket import MULTIPART_FROM, PART_SIZE
from archipelago.urls import SiteLinks
from helpers.builds import build_site
from helpers.s3_server import (
    BUCKET,
    S3Server,
    environment,
    push,
    push_command,
    use_bucket,
)
from helpers.sites import record_media_facts

AUDIO = "episodes/media/001-first-steps.mp3"
#: What the fixture site puts in the bucket: its episode's audio and transcript, the show's art.
EXPECTED = {f"show/{AUDIO}", "show/episodes/media/001-first-steps.vtt", "show/assets/cover.png"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_push_uploads_the_media_once_and_a_rerun_sends_nothing(
    bucket_site: Path, s3_server: S3Server
) -> None:
    first = push(bucket_site, s3_server.environ())
    assert first.returncode == 0, first.stderr
    content = bucket_site / "content"
    sizes = {f"show/{path}": (content / path).stat().st_size for path in _paths(EXPECTED)}
    assert s3_server.objects() == sizes
    assert f"uploaded show/{AUDIO}" in first.stdout
    assert "3 uploaded" in first.stdout

    again = push(bucket_site, s3_server.environ())
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().endswith("0 uploaded (0 bytes), 3 already there")
    assert s3_server.objects() == sizes


def test_objects_carry_type_cache_header_and_checksum(
    bucket_site: Path, s3_server: S3Server
) -> None:
    assert push(bucket_site, s3_server.environ()).returncode == 0
    client = s3_server.client()
    expected = {
        AUDIO: ("audio/mpeg", "public, max-age=31536000, immutable"),
        "episodes/media/001-first-steps.vtt": ("text/vtt; charset=utf-8", "public, max-age=604800"),
        "assets/cover.png": ("image/png", "public, max-age=604800"),
    }
    for path, (content_type, cache_control) in expected.items():
        data = (bucket_site / "content" / path).read_bytes()
        head = client.head_object(Bucket=BUCKET, Key=f"show/{path}")
        assert (head["ContentType"], head["CacheControl"]) == (content_type, cache_control)
        assert {k.lower(): v for k, v in head["Metadata"].items()} == {"sha256": sha256(data)}
        assert head["ETag"].strip('"') == hashlib.md5(data).hexdigest()
        body = client.get_object(Bucket=BUCKET, Key=f"show/{path}")["Body"].read()
        assert body == data


def test_every_enclosure_of_the_built_feed_is_an_object_in_the_bucket(
    bucket_site: Path, s3_server: S3Server
) -> None:
    media_base = "https://media.fixture.example.org/show/"
    config = bucket_site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("      show:\n", f"      show:\n        media_base_url: {media_base}\n"),
        encoding="utf-8",
    )
    assert push(bucket_site, s3_server.environ()).returncode == 0
    feed = (build_site(bucket_site) / "feed.xml").read_text(encoding="utf-8")
    enclosure = SiteLinks("https://fixture.example.org/", media_base).media(AUDIO)
    assert f'url="{enclosure}"' in feed
    # The public address of object `show/X` is the bucket's domain + `show/X`: media_base_url
    # names the prefix, so the feed's path after it is the key after the prefix.
    assert "show/" + enclosure.removeprefix(media_base) in s3_server.objects()


def test_wrong_secret_is_named_and_nothing_is_written(
    bucket_site: Path, s3_server: S3Server
) -> None:
    result = push(bucket_site, {**s3_server.environ(), "AWS_SECRET_ACCESS_KEY": "not-the-secret"})
    assert result.returncode == 1
    assert "refused the access key" in result.stderr
    assert "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY" in result.stderr
    assert "Traceback" not in result.stderr
    assert s3_server.files_on_disk() == {}


def test_missing_credentials_name_the_variables(bucket_site: Path, s3_server: S3Server) -> None:
    result = push(bucket_site, {"AWS_ACCESS_KEY_ID": "someone"})
    assert result.returncode == 1
    assert "environment: AWS_SECRET_ACCESS_KEY not set" in result.stderr
    assert "nothing pushed" in result.stderr
    assert s3_server.files_on_disk() == {}


def test_a_secret_in_mkdocs_yml_is_refused(bucket_site: Path, s3_server: S3Server) -> None:
    config = bucket_site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("      media_storage:\n", "      media_storage:\n        secret_key: x\n"),
        encoding="utf-8",
    )
    result = push(bucket_site, s3_server.environ())
    assert result.returncode == 1
    assert "mkdocs.yml:" in result.stderr and "media_storage.secret_key" in result.stderr
    assert s3_server.files_on_disk() == {}


def test_a_published_episodes_object_is_never_overwritten(
    bucket_site: Path, s3_server: S3Server
) -> None:
    assert push(bucket_site, s3_server.environ()).returncode == 0
    locked = subprocess.run(
        [*push_command(bucket_site)[:1], "lock", "--root", str(bucket_site)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert locked.returncode == 0, locked.stderr
    client = s3_server.client()
    # Someone put other bytes at the published episode's key, and the transcript went missing.
    other = b"another take" * 100
    client.put_object(Bucket=BUCKET, Key=f"show/{AUDIO}", Body=other)
    client.delete_object(Bucket=BUCKET, Key="show/episodes/media/001-first-steps.vtt")

    result = push(bucket_site, s3_server.environ())
    assert result.returncode == 1
    assert (
        f"content/{AUDIO}: differs from s3://{BUCKET}/show/{AUDIO}, which published episode"
        " 'first-steps' serves to podcast apps: it is never overwritten" in result.stderr
    )
    assert "archipelago lock move first-steps" in result.stderr
    stored = client.get_object(Bucket=BUCKET, Key=f"show/{AUDIO}")["Body"].read()
    assert stored == other  # untouched
    assert "show/episodes/media/001-first-steps.vtt" not in s3_server.objects()  # nothing written


def test_an_unpublished_object_with_other_bytes_is_replaced(
    bucket_site: Path, s3_server: S3Server
) -> None:
    key = "show/episodes/media/001-first-steps.vtt"
    s3_server.client().put_object(Bucket=BUCKET, Key=key, Body=b"WEBVTT\n\nold")
    result = push(bucket_site, s3_server.environ())
    assert result.returncode == 0, result.stderr
    assert f"replaced {key}" in result.stdout
    vtt = (bucket_site / "content/episodes/media/001-first-steps.vtt").read_bytes()
    assert s3_server.client().get_object(Bucket=BUCKET, Key=key)["Body"].read() == vtt


def test_audio_kept_only_in_the_bucket_is_checked_against_its_recorded_facts(
    bucket_site: Path, s3_server: S3Server
) -> None:
    config = bucket_site / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "      show:\n", "      show:\n        media_base_url: https://m.example.org/\n"
        ),
        encoding="utf-8",
    )
    assert push(bucket_site, s3_server.environ()).returncode == 0
    (bucket_site / "content" / AUDIO).unlink()  # the audio now lives in the bucket only
    again = push(bucket_site, s3_server.environ())
    assert again.returncode == 0, again.stderr
    assert "0 uploaded (0 bytes), 3 already there" in again.stdout

    s3_server.client().delete_object(Bucket=BUCKET, Key=f"show/{AUDIO}")
    lost = push(bucket_site, s3_server.environ())
    assert lost.returncode == 1
    assert f"{AUDIO} is neither under content/ nor in s3://{BUCKET}/show/" in lost.stderr


@pytest.fixture
def big_audio(site: Path) -> Path:
    """The fixture episode's audio made 20 MiB long (its frames repeated), so it goes up in
    three parts, with its facts recorded as `archipelago probe` would."""
    audio = site / "content" / AUDIO
    frames = audio.read_bytes()
    audio.write_bytes(frames * (MULTIPART_FROM // len(frames) + 1000))
    facts = probe(audio)
    record_media_facts(
        site,
        AUDIO,
        {
            "bytes": facts.bytes,
            "seconds": facts.seconds,
            "mime": facts.mime,
            "sha256": facts.sha256,
        },
    )
    assert facts.bytes > 2 * PART_SIZE
    return site


@pytest.fixture
def slow_server(big_audio: Path, tmp_path: Path) -> Iterator[S3Server]:
    """A server the big audio's project pushes to at 8 MB/s: its upload takes about 2.5 s,
    long enough to be cut after its first part."""
    server = S3Server(tmp_path / "s3", flags=("--bwlimit", "8M")).start()
    use_bucket(big_audio, server)
    yield server
    server.kill()


def test_a_server_killed_mid_upload_loses_nothing_and_the_rerun_completes(
    big_audio: Path, slow_server: S3Server
) -> None:
    server = slow_server
    running = subprocess.Popen(
        push_command(big_audio),
        env=environment(server.environ()),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_part_on_disk(server, running)
    server.kill()
    _, stderr = running.communicate(timeout=120)
    assert running.returncode == 1
    assert "stopped answering" in stderr and "run `archipelago media push` again" in stderr
    assert "Traceback" not in stderr

    server.start()  # same folder, same port: what was stored is still there
    assert f"show/{AUDIO}" not in server.objects()  # no half object under the final key
    journal = big_audio / ".cache/archipelago/media-push.json"
    assert json.loads(journal.read_text())["uploads"] != []

    again = push(big_audio, server.environ())
    assert again.returncode == 0, again.stderr
    assert json.loads(journal.read_text())["uploads"] == []
    content = big_audio / "content"
    assert server.objects() == {
        f"show/{path}": (content / path).stat().st_size for path in _paths(EXPECTED)
    }
    audio = (content / AUDIO).read_bytes()
    client = server.client()
    head = client.head_object(Bucket=BUCKET, Key=f"show/{AUDIO}")
    assert head["ContentLength"] == len(audio)
    stored = client.get_object(Bucket=BUCKET, Key=f"show/{AUDIO}")["Body"].read()
    assert sha256(stored) == sha256(audio)
    # A third run finds everything there and verified (by ETag: a restarted rclone has
    # forgotten the metadata), and sends nothing.
    third = push(big_audio, server.environ())
    assert "0 uploaded (0 bytes), 3 already there" in third.stdout


def test_a_push_killed_mid_upload_has_its_unfinished_upload_aborted_by_the_next(
    big_audio: Path, slow_server: S3Server
) -> None:
    server = slow_server
    running = subprocess.Popen(
        push_command(big_audio), env=environment(server.environ()), text=True
    )
    _wait_for_part_on_disk(server, running)
    running.kill()
    running.wait()
    journal = big_audio / ".cache/archipelago/media-push.json"
    [left] = json.loads(journal.read_text())["uploads"]
    assert left["key"] == f"show/{AUDIO}"

    again = push(big_audio, server.environ())
    assert again.returncode == 0, again.stderr
    client = server.client()
    with pytest.raises(ClientError) as gone:  # the server no longer knows the upload
        client.upload_part(
            Bucket=BUCKET,
            Key=left["key"],
            UploadId=left["upload_id"],
            PartNumber=4,
            Body=b"x",
            ContentMD5=base64.b64encode(hashlib.md5(b"x").digest()).decode(),
        )
    assert gone.value.response["Error"]["Code"] == "NoSuchUpload"
    assert set(server.objects()) == EXPECTED


def _wait_for_part_on_disk(server: S3Server, running: subprocess.Popen[str]) -> None:
    """Until the server has stored the big file's first part in its hidden temporary object."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert running.poll() is None, "the push ended before it could be cut"
        if any(
            ".rclone_temp" in name and size >= PART_SIZE
            for name, size in server.files_on_disk().items()
        ):
            return
        time.sleep(0.02)
    raise AssertionError("the big file's first part never reached the server")


def _paths(keys: set[str]) -> list[str]:
    return sorted(key.removeprefix("show/") for key in keys)
