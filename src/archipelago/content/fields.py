"""Field types shared by the content models, each with the message a contributor needs.

Each type is a strict pydantic type plus a validator that raises :func:`invalid` with a
message and a fix, and a JSON Schema so editors check the same rule as the build.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError, core_schema

from archipelago.content.artwork import check_artwork
from archipelago.content.yamlio import DELETE_PASTED, describe, is_date_like, uncarried

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

T = TypeVar("T")

#: The pydantic error type our validators raise; ``load`` reads message and fix from it.
ERROR_TYPE = "archipelago"


def invalid(message: str, fix: str) -> PydanticCustomError:
    """An error whose message and fix reach the contributor as written."""
    return PydanticCustomError(ERROR_TYPE, "{message}", {"message": message, "fix": fix})


# --- text -----------------------------------------------------------------------------------


def _not_blank(value: str) -> str:
    if message := uncarried(value):
        raise invalid(message, DELETE_PASTED)
    if not value.strip():
        raise invalid("must not be empty", "write some text, or remove the field if it is optional")
    if value != value.strip():
        raise invalid(
            f"has spaces at its start or end: {describe(value)}", "remove the surrounding spaces"
        )
    return value


#: Where HTML starts a tag, comment or declaration: `<` then a letter, `/`, `!` or `?`.
#: "a < b" and "<-" stay text in every browser, so they are allowed.
_TAG = re.compile(r"<[a-zA-Z/!?]")
#: An HTML character reference (`&lt;`, `&#60;`): in a description, which apps render as
#: HTML, a contributor who writes one means the character, and would see the reference.
_CHARACTER_REFERENCE = re.compile(r"&#?\w+;")


#: Apple's limit for a feed's tag values (titles, names, authors), which the pages share: a
#: title of thousands of characters would fill a phone's screen on every index that lists it.
MAX_LINE_CHARACTERS = 255


class PlainText:
    """Annotation for text that is not blank, at most ``max_chars`` characters and at most
    ``max_bytes`` UTF-8 bytes.

    Titles, names and the like take any text: pages escape it and the feeds carry it as text,
    so markup in them is shown, never run. A description (``refuse_markup``) is what podcast
    apps put in an HTML view, so a tag or a character reference there is a contributor's
    mistake (they meant formatting, or the character itself) and is refused with its fix.
    Apple counts a description's limit in bytes, not letters: ``é`` counts twice.
    """

    def __init__(
        self,
        max_bytes: int | None = None,
        *,
        max_chars: int | None = None,
        refuse_markup: bool = False,
    ) -> None:
        self.max_bytes = max_bytes
        self.max_chars = max_chars
        self.refuse_markup = refuse_markup

    def check(self, value: str) -> str:
        """Raise a contributor's error unless ``value`` is non-blank, short enough and, for a
        description, free of markup."""
        _not_blank(value)
        if self.refuse_markup:
            _no_markup(value)
        if self.max_chars is not None and len(value) > self.max_chars:
            raise invalid(
                f"is {len(value)} characters long; at most {self.max_chars} are allowed (podcast"
                " apps cut longer titles and names, and pages have no room for them)",
                "shorten it; the details belong in the summary or the body",
            )
        size = len(value.encode("utf-8"))
        if self.max_bytes is not None and size > self.max_bytes:
            raise invalid(
                f"is {size} bytes long; at most {self.max_bytes} are allowed",
                "shorten it and move the rest into the body",
            )
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> Any:
        result = handler(schema)
        result["minLength"] = 1
        if self.refuse_markup:
            result["not"] = {"pattern": f"{_TAG.pattern}|{_CHARACTER_REFERENCE.pattern}"}
        # JSON Schema counts characters; a byte limit is at least as many characters.
        limits = [limit for limit in (self.max_chars, self.max_bytes) if limit is not None]
        if limits:
            result["maxLength"] = min(limits)
        if self.max_bytes is not None:
            result["x-maxBytes"] = self.max_bytes  # an annotation editors ignore; the docs say it
        return result


def _no_markup(value: str) -> None:
    if _TAG.search(value):
        raise invalid(
            "must be plain text, but contains HTML markup",
            "remove the tags; podcast apps and pages show this field as text, and formatting"
            " belongs in the body below the front matter",
        )
    if reference := _CHARACTER_REFERENCE.search(value):
        written = reference.group()
        meant = html.unescape(written)
        raise invalid(
            f"must be plain text, but contains {written}, which podcast apps read as an HTML"
            " character reference",
            f"write {meant} itself" if meant != written else "put a space after the &",
        )


#: One line of text, not empty, at most 255 characters; any markup in it is shown as text.
Text = Annotated[str, PlainText(max_chars=MAX_LINE_CHARACTERS)]


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise invalid(f"expected an email address, got {describe(value)}", "write name@example.org")
    return value


Email = Annotated[
    str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email"})
]

#: What a slug looks like: lowercase words joined by hyphens.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _slug(value: str) -> str:
    if not SLUG.fullmatch(value):
        suggestion = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "a-name"
        raise invalid(
            f"expected a slug (lowercase letters, digits and hyphens), got {describe(value)}",
            f"write {suggestion}",
        )
    return value


#: The name of another content file, without folder or `.md`: ``ada-lovelace``.
Slug = Annotated[
    str, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": f"^{SLUG.pattern}$"})
]

#: What a language code looks like: `en`, `en-GB` (ISO 639, optionally a region).
LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def _language(value: str) -> str:
    if not LANGUAGE.fullmatch(value):
        raise invalid(
            f"expected a language code like en or en-GB, got {describe(value)}",
            "write an ISO 639 language code, optionally with a region: en, en-US, fr",
        )
    return value


Language = Annotated[
    str,
    AfterValidator(_language),
    WithJsonSchema({"type": "string", "pattern": f"^{LANGUAGE.pattern}$"}),
]

#: What a podcast:guid looks like: a lowercase UUID.
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _uuid_checker(fix: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not UUID.fullmatch(value):
            raise invalid(
                "expected a lowercase UUID like 9b2c4d9e-3f1a-5c6b-8d7e-0a1b2c3d4e5f,"
                f" got {describe(value)}",
                fix,
            )
        return value

    return check


_UUID_SCHEMA = WithJsonSchema({"type": "string", "pattern": f"^{UUID.pattern}$"})
#: This show's own podcast:guid, generated once.
Uuid = Annotated[
    str,
    AfterValidator(
        _uuid_checker("keep the value that was generated for this show; never edit it by hand")
    ),
    _UUID_SCHEMA,
]
#: Another show's podcast:guid, which only its feed can tell.
RemoteUuid = Annotated[
    str,
    AfterValidator(
        _uuid_checker(
            "copy the show's podcast:guid from its feed or its Podcast Index page,"
            " or leave guid out"
        )
    ),
    _UUID_SCHEMA,
]


def _guid(value: str) -> str:
    if not value or any(ch.isspace() for ch in value) or len(value) > 255:
        raise invalid(
            f"expected a GUID without spaces, at most 255 characters, got {describe(value)}",
            "keep the GUID written when the episode was created; a new episode takes a new UUID"
            " from `python -c 'import uuid; print(uuid.uuid4())'`",
        )
    return value


#: An episode's permanent identity in every podcast app. Any stable string: imported shows
#: keep the GUIDs their old host wrote.
Guid = Annotated[
    str,
    AfterValidator(_guid),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^\S+$"}),
]

# --- links and files --------------------------------------------------------------------------


def _url(value: str, schemes: tuple[str, ...]) -> str:
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.netloc or any(ch.isspace() for ch in value):
        if parts.scheme == "http" and parts.netloc:
            fix = f"serve it over https and write https://{value.split('://', 1)[1]}"
        elif not parts.scheme and "." in value.split("/")[0]:
            fix = f"add the scheme: {schemes[-1]}://{value}"
        else:
            fix = f"write a full address like {schemes[-1]}://example.org/page"
        wanted = " or ".join(schemes)
        raise invalid(f"expected an {wanted} URL, got {describe(value)}", fix)
    return value


#: A web address, http or https.
Url = Annotated[
    str,
    AfterValidator(lambda value: _url(value, ("http", "https"))),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
#: A web address that must be https (media that apps download).
HttpsUrl = Annotated[
    str,
    AfterValidator(lambda value: _url(value, ("https",))),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https://"}),
]


def _content_path(value: str) -> str:
    fix = "write the path from the content folder, like episodes/media/001-arrival.mp3"
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", value):
        raise invalid(f"expected a file inside content/, got the URL {describe(value)}", fix)
    if value.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:", value):
        raise invalid(f"must be relative to content/, got the absolute path {describe(value)}", fix)
    if "\\" in value:
        raise invalid(f"must use '/' between folders, got {describe(value)}", fix)
    if ".." in value.split("/"):
        raise invalid(f"must stay inside content/, but {describe(value)} climbs out with '..'", fix)
    if not value.strip() or value.endswith("/"):
        raise invalid(f"expected a file path, got {describe(value)}", fix)
    return value


AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/x-m4a", ".mp4": "audio/mp4"}
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")


def check_content_file(
    content_dir: Path,
    value: str,
    extensions: tuple[str, ...],
    what: str,
    *,
    required: bool = True,
    real_dirs: dict[str, str] | None = None,
) -> tuple[str, str] | None:
    """(message, fix) when ``value`` is not an existing file of this type inside content/.

    Args:
        content_dir: the content folder.
        value: the path as written, relative to content/.
        extensions: the endings this kind of file may have.
        what: the kind of file, for messages ("image").
        required: whether a missing file is a problem (audio may live only in the manifest).
        real_dirs: folders already resolved (see `real_path`), shared by one validation run.
    """
    name = value.rsplit("/", 1)[-1]
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in extensions:
        article = "an" if what[0] in "aeiou" else "a"
        return (
            f"{value!r} is not {article} {what}: expected a file ending in {_either(extensions)}",
            "point to the right file, or convert it",
        )
    target = content_dir / value
    resolved = real_path(str(target), real_dirs)
    root = real_path(str(content_dir), real_dirs)
    if resolved != root and not resolved.startswith(root.rstrip(os.sep) + os.sep):
        return (
            f"{value!r} leads outside content/ (it is a link to {resolved})",
            "copy the file into content/ instead of linking to it",
        )
    if not target.is_file() and required:
        return (
            f"{value!r} does not exist under content/",
            f"add the file at content/{value}, or correct the path",
        )
    if suffix == ".vtt" and target.is_file() and not _starts_with(target, b"WEBVTT"):
        return (
            f"{value!r} is not WebVTT: it must start with the line WEBVTT",
            "export the transcript as WebVTT; renaming another format to .vtt does not convert it",
        )
    return None


def real_path(path: str, real_dirs: dict[str, str] | None = None) -> str:
    """``os.path.realpath(path)``, resolving each folder once per run through ``real_dirs``.

    A thousand episodes keep their media in one folder: resolving it again for every file
    was a fifth of loading the content.
    """
    if real_dirs is None:
        return os.path.realpath(path)
    folder, name = os.path.split(path)
    if folder not in real_dirs:
        real_dirs[folder] = os.path.realpath(folder)
    if os.path.islink(path) or name in ("", ".", ".."):
        return os.path.realpath(path)
    return os.path.join(real_dirs[folder], name)


def _either(choices: tuple[str, ...]) -> str:
    """``('.a', '.b', '.c')`` → ``.a, .b or .c``."""
    return choices[0] if len(choices) == 1 else f"{', '.join(choices[:-1])} or {choices[-1]}"


def _starts_with(path: Path, prefix: bytes) -> bool:
    with path.open("rb") as handle:
        head = handle.read(len(prefix) + 3)
    return head.removeprefix(b"\xef\xbb\xbf").startswith(prefix)


def _check_file(
    value: str,
    info: ValidationInfo,
    extensions: tuple[str, ...],
    what: str,
    *,
    required: bool = True,
) -> str:
    """Path form always; existence and type when validating with a ``content_dir`` context."""
    _content_path(value)
    context = info.context or {}
    content_dir = context.get("content_dir")
    problem = (
        check_content_file(
            content_dir,
            value,
            extensions,
            what,
            required=required,
            real_dirs=context.get("real_dirs"),
        )
        if content_dir is not None
        else None
    )
    if problem:
        raise invalid(*problem)
    return value


def _file_pattern(extensions: Iterable[str]) -> str:
    """A JSON Schema pattern: relative, no `..`, ending in one of ``extensions``."""
    ends = "|".join(re.escape(ext) for ext in extensions)
    return rf"^(?![a-zA-Z]+://|/)(?!.*(^|/)\.\.(/|$)).+({ends})$"


def content_file(extensions: tuple[str, ...], what: str) -> Any:
    """A file inside content/ of one type: ``episodes/media/001-arrival.vtt``."""
    return Annotated[
        str,
        AfterValidator(lambda value, info: _check_file(value, info, extensions, what)),
        WithJsonSchema(
            {
                "type": "string",
                "description": f"a {what} inside content/, relative to it",
                "pattern": _file_pattern(extensions),
            }
        ),
    ]


def picture(*, apple_rules: bool, description: str) -> Any:
    """A JPEG or PNG inside content/ that really is what its name says; with ``apple_rules``
    also square, 1400–3000 px, RGB without alpha (podcast artwork). Checked when the file
    is at hand (a ``content_dir`` validation context)."""

    def check(value: str, info: ValidationInfo) -> str:
        _check_file(value, info, IMAGE_EXTENSIONS, "image")
        content_dir = (info.context or {}).get("content_dir")
        problems = (
            check_artwork(content_dir / value, value, apple_rules=apple_rules)
            if content_dir is not None
            else []
        )
        if problems:
            messages, fixes = (p.message for p in problems), (p.fix for p in problems)
            raise invalid("; ".join(messages), "; ".join(fixes))
        return value

    schema = {"type": "string", "description": description}
    schema["pattern"] = _file_pattern(IMAGE_EXTENSIONS)
    return Annotated[str, AfterValidator(check), WithJsonSchema(schema)]


#: A picture inside content/ (a portrait, a chapter image).
ImagePath = picture(apple_rules=False, description="a JPEG or PNG inside content/, relative to it")
#: Show or episode artwork: an image Apple accepts.
ArtworkPath = picture(
    apple_rules=True, description="square JPEG or PNG, 1400–3000 px, RGB, inside content/"
)
TranscriptPath = content_file((".vtt",), "WebVTT transcript")


def _audio(value: object, info: ValidationInfo) -> str:
    if not isinstance(value, str):
        raise invalid(
            f"expected a file path or an https URL, got {describe(value)}",
            "write episodes/media/NNN-slug.mp3 or https://…/file.mp3",
        )
    if "://" in value:
        return _url(value, ("https",))
    # The file itself may be absent (media on a CDN, a text-only pull request) when its facts
    # are recorded in the manifest: they stand in for it.
    _check_file(value, info, tuple(AUDIO_TYPES), "audio file", required=False)
    context = info.context or {}
    content_dir = context.get("content_dir")
    recorded = context.get("recorded_audio", frozenset())
    missing = content_dir is not None and not (content_dir / value).is_file()
    # A draft may wait for its audio; it is checked again when it is about to be published.
    if missing and value not in recorded and not info.data.get("draft"):
        raise invalid(
            f"{value!r} does not exist under content/ and has no recorded facts",
            f"add the file at content/{value}, run `archipelago probe` and commit"
            " media-manifest.json",
        )
    return value


#: An episode's audio: a file inside content/ or an https URL.
AudioRef = Annotated[
    str,
    PlainValidator(_audio),
    WithJsonSchema(
        {
            "type": "string",
            "description": "an audio file inside content/ (episodes/media/001.mp3) or an https URL",
            "anyOf": [{"pattern": "^https://[^\\s/]+"}, {"pattern": _file_pattern(AUDIO_TYPES)}],
        }
    ),
]

# --- dates and times -----------------------------------------------------------------------


def _date_error(value: object, what: str, example: str) -> PydanticCustomError:
    if is_date_like(value):
        return invalid(f"{value} is not a real date", "check the month and day")
    if isinstance(value, str) and (short := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)):
        year, month, day = short.groups()
        return invalid(
            f"expected {what} like {example}, got {describe(value)}",
            f"write the month and day with two digits: {year}-{int(month):02d}-{int(day):02d}",
        )
    return invalid(f"expected {what} like {example}, got {describe(value)}", "write YYYY-MM-DD")


def _date(value: object) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise _date_error(value, "a date", "2026-05-01")


#: A calendar day, written YYYY-MM-DD.
Date = Annotated[
    dt.date, PlainValidator(_date), WithJsonSchema({"type": "string", "format": "date"})
]


def _date_or_aware_datetime(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise invalid(
                f"{value.isoformat(sep=' ')} has no time zone, so it means a different moment"
                " for every reader",
                f"add the offset: {value.isoformat(sep=' ')}+00:00",
            )
        return value
    return _date(value)


#: A day (YYYY-MM-DD) or a moment with its time zone (YYYY-MM-DD HH:MM:SS+02:00).
DateOrDateTime = Annotated[
    dt.date,
    PlainValidator(_date_or_aware_datetime),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}
    ),
]

_TIMECODE = re.compile(r"(?:(\d+):)?([0-5]?\d):([0-5]\d(?:\.\d{1,3})?)")


def parse_timecode(value: object) -> float:
    """Seconds from ``90``, ``"1:30"``, ``"01:02:03"`` or ``"1:02:03.500"``."""
    if isinstance(value, bool):
        pass
    elif isinstance(value, int | float) and value >= 0:
        return float(value)
    elif isinstance(value, str) and (match := _TIMECODE.fullmatch(value.strip())):
        hours, minutes, seconds = match.groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    raise invalid(
        f"expected a time like 12:30 or 1:02:03 (or seconds), got {describe(value)}",
        "write minutes:seconds or hours:minutes:seconds, in quotes: '12:30'",
    )


#: A position in the audio, in seconds.
Timecode = Annotated[
    float,
    PlainValidator(parse_timecode),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": r"^(\d+:)?[0-5]?\d:[0-5]\d(\.\d{1,3})?$"},
            ]
        }
    ),
]

# --- lists ---------------------------------------------------------------------------------


def _unique(values: list[T]) -> list[T]:
    seen: set[object] = set()
    for value in values:
        if value in seen:
            raise invalid(f"lists {describe(value)} twice", "keep one of them")
        seen.add(value)
    return values


class UniqueItems:
    """Annotation for a list that names nothing twice."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return core_schema.no_info_after_validator_function(_unique, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: GetJsonSchemaHandler) -> Any:
        result = handler(schema)
        result["uniqueItems"] = True
        return result
