"""`archipelago media push`: the episodes' media and the show's artwork into the bucket, at the
keys that `media_base_url` + their path under content/ name.

Only what the bucket lacks is uploaded; each upload is verified; an object that a published
episode's enclosure points to is never replaced; a run that died is cleaned up by the next.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from archipelago.atomic_write import write_atomically
from archipelago.errors import Problem
from archipelago.podcast.bucket import BucketError, Digest, ObjectHeaders

if TYPE_CHECKING:
    from archipelago.content.entries import Content
    from archipelago.content.media_facts import AudioInfo
    from archipelago.podcast.audio import MediaManifest
    from archipelago.podcast.bucket import Bucket, StoredObject
    from archipelago.podcast.media_storage import MediaStorage
    from archipelago.podcast.publish_lock import PublishLock

#: Audio never changes under its name (a new take is a new file), so caches may keep it for good.
AUDIO_CACHE_CONTROL = "public, max-age=31536000, immutable"
#: Transcripts and artwork may be corrected under the same name: a week.
OTHER_CACHE_CONTROL = "public, max-age=604800"
CONTENT_TYPES = {".vtt": "text/vtt; charset=utf-8", ".mp3": "audio/mpeg", ".m4a": "audio/mp4"}
#: Unfinished multipart uploads of this machine's runs, so the next run can abort them.
JOURNAL_FILE = "media-push.json"


@dataclass(frozen=True)
class MediaFile:
    """A file under content/ that belongs in the bucket, and who names it."""

    path: str  # under content/, as the front matter writes it
    named_in: str  # the file that names it, for problems
    field: str
    audio: bool = False


@dataclass(frozen=True)
class Upload:
    """A file the bucket lacks, or holds other bytes of (and may be replaced)."""

    media: MediaFile
    file: Path
    key: str
    digest: Digest
    replaces: bool = False


@dataclass
class PushPlan:
    """What a push will do, worked out before anything is written."""

    uploads: list[Upload] = field(default_factory=list)
    present: list[str] = field(default_factory=list)  # keys already holding the right bytes
    problems: list[Problem] = field(default_factory=list)
    unfinished: list[tuple[str, str]] = field(default_factory=list)  # (key, upload id)

    @property
    def bytes(self) -> int:
        """What the uploads will send."""
        return sum(upload.digest.size for upload in self.uploads)


@dataclass
class PushReport:
    """What a push did."""

    uploaded: list[str] = field(default_factory=list)
    sent: int = 0
    present: int = 0
    aborted: int = 0
    problems: list[Problem] = field(default_factory=list)


def media_files(content: Content, config_path: str) -> list[MediaFile]:
    """Every file a published or scheduled episode names (audio, transcript, artwork, chapter
    images) and the show's artwork, once each, in a stable order. Drafts wait: their files may
    not exist yet. Audio given as a full address is elsewhere already."""
    found: dict[str, MediaFile] = {}

    def add(path: str | None, named_in: str, name: str, audio: bool = False) -> None:
        if path and "://" not in path and path not in found:
            found[path] = MediaFile(path, named_in, name, audio)

    for entry in sorted(content.episodes.values(), key=lambda e: e.path):
        episode = entry.model
        if episode.draft:
            continue
        add(episode.audio, entry.path, "audio", audio=True)
        add(episode.transcript, entry.path, "transcript")
        add(episode.image, entry.path, "image")
        for index, chapter in enumerate(episode.chapters):
            add(chapter.image, entry.path, f"chapters[{index}].image")
    if content.show is not None:
        add(content.show.artwork, config_path, "show.artwork")
    return list(found.values())


def protected_keys(
    lock: PublishLock,
    content: Content,
    storage: MediaStorage,
    media_base_url: str | None,
) -> dict[str, str]:
    """Object key → slug of the published episode whose enclosure it is, or was: never to be
    replaced. The episode's audio path counts even before `media_base_url` points at the
    bucket; each locked enclosure URL under `media_base_url` counts too (moved, retired)."""
    protected = {}
    # Compared without the scheme: an analytics service's prefix puts the media URL, without
    # its scheme, behind its own (`https://op3.dev/e/media.example.org/show/a.mp3`).
    base = media_base_url.partition("://")[2] if media_base_url else None
    for locked in lock.episodes.values():
        entry = content.episodes.get(locked.slug)
        if entry is not None and "://" not in entry.model.audio:
            protected[storage.key(entry.model.audio)] = locked.slug
        for url in (locked.enclosure, *locked.previous_enclosures):
            _, found, path = url.partition(base) if base else ("", "", "")
            if found and path:
                protected[storage.key(unquote(path))] = locked.slug
    return protected


def plan_push(
    files: list[MediaFile],
    content_dir: Path,
    shown_content_dir: str,
    manifest: MediaManifest,
    bucket: Bucket,
    protected: dict[str, str],
) -> PushPlan:
    """Compare each file with the bucket (one listing; a HEAD only where the ETag cannot tell)
    and decide: already there, to upload, or a problem. Nothing is written."""
    storage = bucket.storage
    listing = bucket.listing(storage.prefix)
    plan = PushPlan(unfinished=bucket.unfinished_uploads(storage.prefix))
    for media in files:
        key = storage.key(media.path)
        local = content_dir / media.path
        stored = listing.get(key)
        recorded = manifest.get(media.path) if media.audio else None
        if not local.is_file():
            problem = _remote_only(media, key, stored, recorded, bucket, storage.shown)
            if problem is None:
                plan.present.append(key)
            else:
                plan.problems.append(problem.placed(media.named_in, media.field))
            continue
        digest = Digest.of(local)
        if recorded is not None and recorded.sha256 and recorded.sha256 != digest.sha256:
            plan.problems.append(_changed(media, shown_content_dir))
            continue
        holds = _holds(stored, digest, key, bucket)
        if holds:
            plan.present.append(key)
        elif stored is not None and key in protected:
            plan.problems.append(_refusal(media, key, protected[key], storage, shown_content_dir))
        else:
            plan.uploads.append(Upload(media, local, key, digest, replaces=stored is not None))
    return plan


def _holds(stored: StoredObject | None, digest: Digest, key: str, bucket: Bucket) -> bool:
    """Whether the object holds the file's bytes, asking for its metadata only when its
    listed ETag cannot tell (a multipart upload's)."""
    if stored is None:
        return False
    holds = stored.verifies(digest)
    if holds is None:
        headed = bucket.head(key)
        holds = headed.verifies(digest) if headed else False
    return bool(holds)


def _remote_only(
    media: MediaFile,
    key: str,
    stored: StoredObject | None,
    recorded: AudioInfo | None,
    bucket: Bucket,
    where: str,
) -> Problem | None:
    """A file no longer here (the audio lives only in the bucket): fine when the bucket holds
    it as recorded in the media manifest."""
    if stored is None:
        return Problem.found(
            f"{media.path} is neither under content/ nor in {where}",
            "put the file back under content/ and run `archipelago media push` again",
        )
    if recorded is None:
        return None  # not audio: nothing recorded to compare with
    size, sha256 = recorded.bytes, recorded.sha256
    headed = bucket.head(key) if stored.size == size else stored
    if headed is not None and headed.holds(size, sha256) is False:
        return Problem.found(
            f"{where}{media.path} is not the audio recorded in the media manifest"
            f" ({headed.size} bytes in the bucket, {size} recorded)",
            "put the recorded file back under content/ and run `archipelago media push`",
        )
    return None


def _changed(media: MediaFile, shown_content_dir: str) -> Problem:
    return Problem(
        f"{shown_content_dir}/{media.path}",
        None,
        "",
        "changed since its facts were recorded in the media manifest: the feed would announce"
        " other bytes than the bucket serves",
        "if the new file is intended, run `archipelago probe` and commit the manifest",
    )


def _refusal(
    media: MediaFile, key: str, slug: str, storage: MediaStorage, shown_content_dir: str
) -> Problem:
    return Problem(
        f"{shown_content_dir}/{media.path}",
        None,
        "",
        f"differs from {storage.shown}{storage.path(key)}, which published episode {slug!r}"
        " serves to podcast apps: it is never overwritten",
        f"put the published file back in {shown_content_dir}/{media.path}; a new take goes"
        f" under a new file name, then `archipelago lock move {slug}`",
    )


def push(
    plan: PushPlan,
    bucket: Bucket,
    journal: Path,
    *,
    echo: Callable[[str], None],
    sent: Callable[[str, int], None] | None = None,
) -> PushReport:
    """Abort what earlier runs left unfinished, then upload and verify each planned file.

    Args:
        journal: where this machine notes the multipart uploads in flight.
        echo: gets one line per finished object.
        sent: gets (key, bytes) after each part, for a progress display.
    """
    report = PushReport(present=len(plan.present))
    in_flight = _read_journal(journal)
    for key, upload_id in sorted({*in_flight, *plan.unfinished}):
        bucket.abort(key, upload_id)
        report.aborted += 1
    if in_flight:
        _write_journal(journal, [])
    for upload in plan.uploads:
        headers = ObjectHeaders(
            _content_type(upload.media),
            AUDIO_CACHE_CONTROL if upload.media.audio else OTHER_CACHE_CONTROL,
        )

        def note(upload_id: str, key: str = upload.key) -> None:
            _write_journal(journal, [(key, upload_id)])

        def count(size: int, key: str = upload.key) -> None:
            report.sent += size
            if sent is not None:
                sent(key, size)

        try:
            bucket.upload(upload.file, upload.key, upload.digest, headers, started=note, sent=count)
            _write_journal(journal, [])
            stored = bucket.head(upload.key)
        except BucketError as exc:
            # The journal keeps a multipart upload in flight for the next run to abort.
            report.problems.append(exc.problem.placed(bucket.storage.shown))
            return report
        if stored is None or not stored.verifies(upload.digest):
            report.problems.append(_unverified(upload, stored))
            continue
        report.uploaded.append(upload.key)
        verb = "replaced" if upload.replaces else "uploaded"
        echo(f"{verb} {upload.key} ({upload.digest.size:,} bytes, verified)")
    return report


def _unverified(upload: Upload, stored: StoredObject | None) -> Problem:
    found = "nothing" if stored is None else f"{stored.size} bytes"
    return Problem.found(
        f"uploaded {upload.key}, but the bucket then held {found} not matching"
        f" {upload.digest.size} bytes with sha256 {upload.digest.sha256[:12]}…",
        "run `archipelago media push` again; if it persists, the server changes what it stores",
    ).placed(upload.media.named_in, upload.media.field)


def _content_type(media: MediaFile) -> str:
    suffix = Path(media.path).suffix.lower()
    guessed, _ = mimetypes.guess_type(media.path)
    return CONTENT_TYPES.get(suffix) or guessed or "application/octet-stream"


def _read_journal(path: Path) -> list[tuple[str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [(str(item["key"]), str(item["upload_id"])) for item in data["uploads"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []  # no journal, or an unreadable one: the bucket's own listing still helps


def _write_journal(path: Path, uploads: list[tuple[str, str]]) -> None:
    items = [{"key": key, "upload_id": upload_id} for key, upload_id in uploads]
    write_atomically(path, json.dumps({"uploads": items}, indent=2) + "\n")


@dataclass(frozen=True)
class PushSource:
    """What a push reads from the project: checked content, its audio facts and the lock."""

    content: Content
    content_dir: Path
    shown_content_dir: str
    config_path: str
    manifest: MediaManifest
    lock: PublishLock
    media_base_url: str | None  # ending in `/`, as the feed uses it


def push_media(
    source: PushSource,
    storage: MediaStorage,
    bucket: Bucket,
    journal: Path,
    *,
    echo: Callable[[str], None],
    sent: Callable[[str, int], None] | None = None,
) -> PushReport:
    """Plan against the bucket, then push; every problem comes back in the report.

    Nothing is uploaded while any file has a problem (a refused overwrite, a file missing
    everywhere): the run stops before writing, with all of them.
    """
    try:
        bucket.check_access()
        protected = protected_keys(source.lock, source.content, storage, source.media_base_url)
        files = media_files(source.content, source.config_path)
        plan = plan_push(
            files,
            source.content_dir,
            source.shown_content_dir,
            source.manifest,
            bucket,
            protected,
        )
        if plan.problems:
            return PushReport(present=len(plan.present), problems=plan.problems)
        return push(plan, bucket, journal, echo=echo, sent=sent)
    except BucketError as exc:
        return PushReport(problems=[exc.problem.placed(storage.shown)])
