"""Read content files into typed models, turning every problem into a contributor's message.

Pure: takes paths and bytes, returns models and :class:`Problem` values. Pydantic does the
validating; this module maps each pydantic error location to the YAML line it came from, and
``messages`` words it as `path:line: field: what was expected, got what (fix: how)`.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from pydantic import ValidationError

from archipelago.content.entries import Content, Entry, MarkdownPage, Source, kind_of
from archipelago.content.fields import SLUG
from archipelago.content.frontmatter_io import ParsedDocument, parse_document
from archipelago.content.markdown_links import LinkScanner
from archipelago.content.messages import explain
from archipelago.content.models import (
    KINDS,
    Episode,
    PageOptions,
    Strict,
)
from archipelago.content.placeholders import placeholder_problems
from archipelago.content.tree import entries_under
from archipelago.content.yamlio import YamlDocument, YamlPath, field_name
from archipelago.errors import Problem, shown_path

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable


M = TypeVar("M", bound=Strict)

#: An episode file's name without `.md`: its number, then its slug (`001-arrival`).
EPISODE_STEM = re.compile(r"(?P<number>\d{3,})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)")


def read_sources(content_dir: Path, repo_root: Path) -> list[Source]:
    """Every Markdown file under ``content_dir``, sorted by folder then name, read as bytes.

    Hidden files and folders (a leading dot) are skipped, and links to folders are not
    followed (`links_leaving_content` reports those that lead outside).
    """
    top = str(content_dir)
    # Every entry's path starts with the folder and one separator: cut it off (os.path.relpath
    # took half of this function's time at 2,215 files).
    start = len(os.path.join(top, ""))
    found = [
        entry.path[start:].replace(os.sep, "/")
        for entry in entries_under(top, hidden=False)
        if entry.name.endswith(".md") and entry.is_file()
    ]
    found.sort(key=lambda src_uri: src_uri.split("/"))
    base = shown_path(content_dir, repo_root)
    prefix = "" if base == "." else base.rstrip("/") + "/"
    sources = []
    for src_uri in found:
        with open(os.path.join(top, src_uri), "rb", buffering=0) as handle:  # read whole
            sources.append(Source(src_uri, prefix + src_uri, handle.readall()))
    return sources


def load_sources(
    sources: Iterable[Source],
    content_dir: Path | None = None,
    recorded_audio: Collection[str] = (),
    cache: LoadCache | None = None,
) -> tuple[Content, list[Problem]]:
    """Parse and validate every file on its own; cross-file rules live in ``validate``.

    Args:
        sources: the content files.
        content_dir: where referenced media must exist; ``None`` checks paths by form only.
        recorded_audio: audio whose facts the manifest holds, so its file may be absent.
        cache: files loaded by the previous run (`mkdocs serve`); the caller has called
            `LoadCache.reuse` for this run.
    """
    context: dict[str, Any] | None = None
    if content_dir is not None:
        context = {
            "content_dir": content_dir,
            "recorded_audio": frozenset(recorded_audio),
            "real_dirs": {},  # folders resolved once for this run (symbolic links followed)
        }
    content = Content()
    errors: list[Problem] = []
    groups = content.by_kind()
    seen: set[str] = set()
    scanner = LinkScanner()
    for source in sources:
        seen.add(source.src_uri)
        kind = kind_of(source.src_uri)
        loaded = cache.get(source) if cache is not None else None
        if loaded is None:
            loaded = (
                load_entry(kind, source, context, scanner)
                if kind is not None
                else load_page(source, scanner)
            )
            if cache is not None:
                cache.put(source, loaded)
        errors.extend(loaded.errors)
        content.pages[source.src_uri] = loaded.page
        if kind is None:
            continue
        if loaded.slug is not None:
            content.file_slugs.setdefault(kind, set()).add(loaded.slug)
        if loaded.document.has_front_matter:
            content.documents.append((kind, loaded.document))
        entry = loaded.entry
        if entry is None:
            continue
        other = groups[kind].get(entry.slug)
        if other is not None:
            errors.append(
                Problem(
                    entry.path,
                    None,
                    "",
                    f"slug {entry.slug!r} is already used by {other.path}",
                    "give one of the files another name",
                )
            )
            continue
        groups[kind][entry.slug] = entry
    if cache is not None:
        cache.keep_only(seen)
    return content, errors


class LoadedFile(NamedTuple):
    """What reading one content file gave: its entry when valid, its slug, its problems."""

    entry: Entry[Any] | None
    slug: str | None
    errors: list[Problem]
    document: ParsedDocument
    page: MarkdownPage


@dataclass
class LoadCache:
    """Files loaded by an earlier run, so an unchanged file is not parsed and validated again.

    `mkdocs serve` keeps one across rebuilds; builds and checks keep one on disk between runs
    (`load_store`). A file is loaded again when its bytes change. Everything is loaded again
    when anything else under content/ changes (``media_stamp``), since validation looks at the
    media a file names (does it exist, is the artwork square), or when the manifest's audio
    changes. What the checks made of media (transcripts read, the show checked with its
    artwork) is kept on the same terms.
    """

    key: object = None
    #: By src_uri: a digest of the file's bytes, and what loading them gave.
    loaded: dict[str, tuple[bytes, LoadedFile]] = field(default_factory=dict)
    #: By name: what a check made of media files; valid while ``key`` (which stamps them) holds.
    checked: dict[str, Any] = field(default_factory=dict)
    #: Whether anything changed since the cache was read or last saved.
    changed: bool = False

    def reuse(self, key: object) -> None:
        """Start a run: keep what was loaded only if the files it may depend on are unchanged."""
        if key != self.key:
            self.changed = self.changed or bool(self.loaded) or bool(self.checked)
            self.loaded.clear()
            self.checked.clear()
            self.key = key

    def remember(self, name: str, result: Any) -> None:
        """Keep what a check made of media files (see ``checked``)."""
        self.checked[name] = result
        self.changed = True

    def get(self, source: Source) -> LoadedFile | None:
        """What loading ``source`` gave last time, if its bytes are the same."""
        hit = self.loaded.get(source.src_uri)
        if hit is not None and hit[0] == _digest(source.raw):
            return hit[1]
        return None

    def put(self, source: Source, loaded: LoadedFile) -> None:
        """Remember what loading ``source`` gave."""
        self.loaded[source.src_uri] = (_digest(source.raw), loaded)
        self.changed = True

    def keep_only(self, src_uris: Collection[str]) -> None:
        """Forget files that are gone."""
        for gone in self.loaded.keys() - src_uris:
            del self.loaded[gone]
            self.changed = True


def _digest(raw: bytes) -> bytes:
    # 128 bits: a changed file is never taken for the one cached (the digest is not a secret).
    return hashlib.blake2b(raw, digest_size=16).digest()


def media_stamp(content_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Path, size and modification time of every file under content/ but the Markdown, and
    the path of every folder (a field naming a folder is an error) and broken link."""
    stamp = []
    for entry in entries_under(str(content_dir)):
        if entry.is_dir(follow_symlinks=False):
            stamp.append((entry.path, -1, -1))
        elif not entry.name.endswith(".md"):
            try:
                info = entry.stat()  # follows links: a changed target counts
            except OSError:
                stamp.append((entry.path, -2, -2))
                continue
            stamp.append((entry.path, info.st_size, info.st_mtime_ns))
    return tuple(sorted(stamp))


def load_page(source: Source, scanner: LinkScanner) -> LoadedFile:
    """A plain page (the home page, a hand-written page): its links, and its problems.

    Plain pages need no front matter, but if they have some it must parse: MkDocs would
    otherwise render them silently without it.
    """
    document = parse_document(source.path, source.raw, required=False)
    page = markdown_page(document, scanner)
    document.body = ""  # read by MkDocs; not kept, as for entries
    return LoadedFile(None, None, list(document.errors), document, page)


def load_entry(
    kind: str,
    source: Source,
    context: dict[str, Any] | None = None,
    scanner: LinkScanner | None = None,
) -> LoadedFile:
    """One content file → its entry (when its fields are valid), its slug and its problems.

    Args:
        kind: the content kind (its folder).
        source: the file.
        context: pydantic validation context: `content_dir` (files must exist there) and
            `recorded_audio`; ``None`` checks paths by form only.
        scanner: renders the body for its links (`markdown_links`); one is made if not given.
    """
    document = parse_document(source.path, source.raw)
    errors = list(document.errors)
    errors += placeholder_problems(kind, document)
    page = markdown_page(document, scanner or LinkScanner())
    # Checked on parsing and read by MkDocs, the body is not kept: it was 2 MB of the load
    # store's 5.5 MB at 2,210 files, and as much of a build's memory.
    document.body = ""
    stem = source.src_uri.rsplit("/", 1)[-1][: -len(".md")]
    slug, name_errors = _slug_from_file_name(kind, stem, document)
    errors.extend(name_errors)
    if not document.has_front_matter:
        return LoadedFile(None, slug, errors, document, page)
    model_class = KINDS[kind]
    theme_keys = {
        key: value for key, value in document.meta.items() if key in PageOptions.model_fields
    }
    fields = {key: value for key, value in document.meta.items() if key not in theme_keys}
    errors.extend(validate_model(PageOptions, theme_keys, document)[1])
    model, model_errors = validate_model(model_class, fields, document, context)
    errors.extend(model_errors)
    if model is None:
        return LoadedFile(None, slug, errors, document, page)
    if isinstance(model, Episode) and slug is not None:
        number = int(stem.split("-", 1)[0])  # the file name matched NNN-slug
        if number != model.number:
            errors.append(
                document.error(
                    ("number",),
                    "number",
                    f"is {model.number}, but the file name starts with {stem.split('-')[0]}",
                    f"rename the file to {model.number:03d}-{slug}.md or correct the number",
                )
            )
    if slug is None:
        return LoadedFile(None, slug, errors, document, page)
    entry = Entry(kind, slug, source.src_uri, source.path, model, document)
    return LoadedFile(entry, slug, errors, document, page)


def markdown_page(document: ParsedDocument, scanner: LinkScanner) -> MarkdownPage:
    """A parsed file's links, anchors and chosen template, read from its body."""
    template = document.meta.get("template")
    return MarkdownPage(
        document.path,
        scanner.scan(document.body, document.body_line),
        template if isinstance(template, str) else None,
    )


def _slug_from_file_name(
    kind: str, stem: str, document: ParsedDocument
) -> tuple[str | None, list[Problem]]:
    if kind == "episodes":
        match = EPISODE_STEM.fullmatch(stem)
        if match:
            return match.group("slug"), []
        expected, example = "NNN-slug.md (episode number, then a lowercase slug)", "001-arrival.md"
    else:
        if SLUG.fullmatch(stem):
            return stem, []
        expected, example = "slug.md (lowercase letters, digits and hyphens)", "ada-lovelace.md"
    suggestion = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "new-file"
    if kind == "episodes":
        number = document.meta.get("number")
        if isinstance(number, int) and not isinstance(number, bool) and number >= 0:
            suggestion = f"{number:03d}-" + re.sub(r"^\d+-?", "", suggestion)
            fix = f"rename it to {suggestion}.md"
        else:
            fix = f"rename it like {example}, starting with the episode's number"
    else:
        fix = f"rename it, for example to {suggestion}.md"
    return None, [
        Problem(
            document.path,
            None,
            "",
            f"file name {stem + '.md'!r} is not of the form {expected}",
            fix,
        )
    ]


def validate_model(
    model_class: type[M],
    data: dict[str, Any],
    document: ParsedDocument | YamlLocator,
    context: dict[str, Any] | None = None,
) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` against ``model_class``; every pydantic error becomes a Problem."""
    try:
        return model_class.model_validate(data, context=context), []
    except ValidationError as exc:
        yaml = document.yaml
        prefix = document.prefix if isinstance(document, YamlLocator) else ()
        reported = [path[len(prefix) :] for path, _ in yaml.refused] if yaml else []
        kept_as_text = {path[len(prefix) :] for path in yaml.kept_as_text} if yaml else set()
        errors = []
        for error in _without_echoes(exc.errors(include_url=False), reported):
            loc = tuple(error["loc"])
            message, fix = explain(model_class, error, unquoted=loc in kept_as_text)
            errors.append(document.error(loc, field_name(loc), message, fix))
        return None, errors


def _without_echoes(errors: list[Any], reported: list[YamlPath]) -> list[Any]:
    """Drop errors that only repeat a problem already told another way.

    A value YAML refused (an alias) is not also "missing"; a misspelt key (`titel`) already
    says "did you mean 'title'?", so the real key is not also reported as missing.
    """
    misspelt: dict[YamlPath, set[str]] = {}
    for error in errors:
        if error["type"] == "extra_forbidden":
            *parent, key = error["loc"]
            misspelt.setdefault(tuple(parent), set()).add(str(key))
    kept = []
    for error in errors:
        loc = tuple(error["loc"])
        if any(loc[: len(path)] == path for path in reported if path):
            continue
        if error["type"] == "missing":
            typos = misspelt.get(loc[:-1], set())
            if any(difflib.get_close_matches(str(loc[-1]), [typo], cutoff=0.6) for typo in typos):
                continue
        kept.append(error)
    return kept


@dataclass
class YamlLocator:
    """Places errors for data that is not a Markdown file (the show block in mkdocs.yml)."""

    path: str
    yaml: YamlDocument
    prefix: YamlPath = ()

    def error(self, path: YamlPath, field_name: str, message: str, fix: str = "") -> Problem:
        """A Problem at the line of ``prefix + path``."""
        line = self.yaml.line_of((*self.prefix, *path))
        return Problem(self.path, line, field_name, message, fix)
