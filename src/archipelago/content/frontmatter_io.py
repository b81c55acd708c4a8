"""Split a Markdown file into front matter and body, catching what python-frontmatter lets slip.

python-frontmatter returns an empty mapping for a file with no front matter, an unclosed
``---`` block or front matter that is a list, and MkDocs renders such a page without a word.
We check those cases, the encoding and the byte-order mark ourselves, then hand the YAML to the
line-aware loader through a python-frontmatter handler.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from frontmatter.default_handlers import YAMLHandler

from archipelago.content.yamlio import (
    DELETE_PASTED,
    YamlDocument,
    YamlPath,
    load_yaml,
    uncarried,
)
from archipelago.errors import Problem

#: Front matter past this size is refused before YAML sees it, so memory stays bounded.
MAX_FRONT_MATTER_BYTES = 256 * 1024
_BOM = "\ufeff"


class LineAwareYAMLHandler(YAMLHandler):
    """python-frontmatter's YAML handler, loading through ``yamlio`` to keep line numbers."""

    def load(self, fm: str, first_line: int = 2, **kwargs: object) -> YamlDocument:  # type: ignore[override]
        """Parse front matter text (starting on ``first_line`` of its file) into data and lines."""
        return load_yaml(fm, first_line)


@dataclass
class ParsedDocument:
    """A Markdown file's front matter (with file line numbers) and body."""

    path: str
    meta: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    #: The file line on which the body starts (after the front matter's closing line).
    body_line: int = 1
    yaml: YamlDocument | None = None
    errors: list[Problem] = field(default_factory=list)

    @property
    def has_front_matter(self) -> bool:
        """Whether a front matter block was found and parsed into a mapping."""
        return self.yaml is not None and isinstance(self.yaml.data, dict)

    def line_of(self, path: YamlPath) -> int:
        """The file line of a front matter key or list item (or its nearest parent)."""
        if self.yaml is None:
            return 1
        line = self.yaml.line_of(path)
        return 1 if line is None else line

    def error(self, path: YamlPath, field_name: str, message: str, fix: str = "") -> Problem:
        """A Problem for this file, placed at the line of ``path``."""
        return Problem(self.path, self.line_of(path), field_name, message, fix)


def decode(path: str, raw: bytes) -> tuple[str, list[Problem]]:
    """Bytes to text: strict UTF-8, no byte-order mark; problems reported, text still returned."""
    errors: list[Problem] = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        errors.append(
            Problem(
                path,
                line,
                "",
                f"file is not UTF-8: byte 0x{raw[exc.start]:02X} cannot be read as text",
                "save the file as UTF-8 (most editors offer it under 'Save with encoding')",
            )
        )
        text = raw.decode("utf-8", errors="replace")
    if text.startswith(_BOM):
        errors.append(
            Problem(
                path,
                1,
                "",
                "file starts with a byte-order mark (BOM)",
                "save the file as UTF-8 without BOM",
            )
        )
        text = text[len(_BOM) :]
    if _BOM in text:
        line = text.count("\n", 0, text.index(_BOM)) + 1
        errors.append(
            Problem(
                path,
                line,
                "",
                "contains a byte-order mark (U+FEFF) in the middle of the file",
                "delete it; it comes in when two files are pasted together",
            )
        )
        text = text.replace(_BOM, "")  # read on, so the other problems are reported too
    return text, errors


def _unwritable_characters(path: str, lines: list[str], start: int) -> list[Problem]:
    """The first character in the body that no feed or page can carry, with its line."""
    for number in range(start, len(lines)):
        if message := uncarried(lines[number]):
            return [Problem(path, number + 1, "", message, DELETE_PASTED)]
    return []


def parse_document(path: str, raw: bytes, *, required: bool = True) -> ParsedDocument:
    """Read one Markdown file: decode it, find its front matter, parse the YAML.

    Args:
        path: the file's path from the repository root, used in every message.
        raw: the file's bytes.
        required: whether a file without front matter is an error (content kinds) or fine
            (plain pages such as the home page).
    """
    text, errors = decode(path, raw)
    document = ParsedDocument(path=path, errors=errors)
    handler = LineAwareYAMLHandler()
    lines = text.split("\n")
    if not handler.detect(text) or lines[0].rstrip() != "---":
        document.body = text
        if required:
            document.errors.append(
                Problem(
                    path,
                    1,
                    "",
                    "no front matter: the file must start with a line '---'",
                    "put the fields between two '---' lines at the very top of the file",
                )
            )
        return document
    closing = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if closing is None:
        document.errors.append(
            Problem(
                path,
                1,
                "",
                "front matter is not closed: no second '---' line after line 1",
                "add a line '---' after the last field",
            )
        )
        return document
    fm_text = "\n".join(lines[1:closing])
    document.body = "\n".join(lines[closing + 1 :])
    document.body_line = closing + 2
    document.errors += _unwritable_characters(path, lines, closing + 1)
    if len(fm_text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        document.errors.append(
            Problem(
                path,
                2,
                "",
                f"front matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KiB",
                "move long text into the body below the closing '---'",
            )
        )
        return document
    document.yaml = handler.load(fm_text)
    document.errors += [problem.placed(path) for problem in document.yaml.problems]
    data = document.yaml.data
    if data is None:
        if document.yaml.problems:
            return document  # it did not parse: nothing for the models to check
        document.yaml.data = data = {}
    if not isinstance(data, dict):
        document.errors.append(
            Problem(
                path,
                2,
                "",
                "front matter must be a set of `key: value` lines, not a list or a single value",
                "write one `key: value` per line between the '---' lines",
            )
        )
    else:
        document.meta = data
    return document
