"""YAML loading that remembers where every key is and refuses what PyYAML lets slip.

PyYAML follows YAML 1.1: it reads ``no`` as ``False``, ``010`` as 8, ``1:30`` as 90 and
silently keeps the last of two duplicate keys. Contributors' editors (and most other tools)
follow YAML 1.2, so we compose the node tree ourselves and build the values with YAML 1.2
meaning: such scalars stay text, and the models then say exactly what was expected.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

#: A location inside a YAML document: keys and list indexes from the root.
YamlPath = tuple[str | int, ...]

_YAML_1_2_BOOLEANS = {"true", "false"}
# Plain scalars PyYAML reads as numbers but YAML 1.2 reads as text (octal, sexagesimal,
# underscores) or reads differently.
_YAML_1_1_ONLY_NUMBER = re.compile(r"^[-+]?(0[0-9_]+|.*[:_].*|0b[01_]+)$")
_STANDARD_TAG = re.compile(r"^tag:yaml\.org,2002:(str|int|float|bool|null|timestamp|binary)$")


@dataclass(frozen=True)
class YamlProblem:
    """A problem found while reading YAML; ``line`` is 1-based within the YAML text."""

    line: int
    path: YamlPath
    message: str
    hint: str


@dataclass
class YamlDocument:
    """Plain Python data plus the 1-based line of every key and list item."""

    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)
    problems: list[YamlProblem] = field(default_factory=list)

    def line_of(self, path: YamlPath) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def load_yaml(text: str) -> YamlDocument:
    """Parse ``text``; syntax errors, duplicate keys and aliases become problems, not exceptions."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        reason = " ".join(part for part in (exc.context, exc.problem) if part)
        return YamlDocument(
            data=None,
            problems=[
                YamlProblem(
                    line,
                    (),
                    f"YAML does not parse: {reason}",
                    "check indentation, a missing ':' after a key, or a value with ': ' or '#'"
                    " in it that needs quotes",
                )
            ],
        )
    except yaml.reader.ReaderError as exc:  # a character YAML cannot carry; no mark, a position
        line = text.count("\n", 0, exc.position) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return YamlDocument(
            data=None,
            problems=[
                YamlProblem(
                    line,
                    (),
                    f"contains the control character U+{ord(char):04X}, which YAML cannot carry",
                    "delete it; it often comes in with text pasted from another program",
                )
            ],
        )
    document = YamlDocument(data=None)
    if root is not None:
        document.data = _Builder(document).build(root, ())
    return document


class _Builder:
    """Turns a composed node tree into Python values, recording lines and problems."""

    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: YamlPath) -> Any:
        self.document.lines.setdefault(path, node.start_mark.line + 1)
        # compose() resolves an alias to the node it names, so a node met twice is an alias.
        # Refusing them keeps a small file from expanding into gigabytes ("billion laughs").
        if id(node) in self.seen:
            self._problem(
                self.document.lines[path],
                path,
                "YAML aliases (*name) are not supported in front matter",
                "write the value out in full",
            )
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                self._problem(
                    key_node.start_mark.line + 1, path, "only plain text keys are supported", "write `key: value`"
                )
                continue
            key = key_node.value
            key_path = (*path, key)
            if key in result:
                first = self.document.lines[key_path]
                self._problem(
                    key_node.start_mark.line + 1,
                    key_path,
                    f"duplicate key (first set on line {first}; YAML would keep only this one)",
                    f"keep one `{key}:` line",
                )
                continue
            self.document.lines[key_path] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, key_path)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: YamlPath) -> Any:
        text = node.value
        if node.style is None:  # plain, unquoted: subject to implicit typing
            if node.tag.endswith(":bool") and text.lower() not in _YAML_1_2_BOOLEANS:
                return text  # `no`, `on`, `Yes`: text in YAML 1.2; the model names the fix
            if node.tag.endswith((":int", ":float")) and _YAML_1_1_ONLY_NUMBER.match(text):
                return text
        if not _STANDARD_TAG.match(node.tag):
            return text  # custom tags (mkdocs.yml's !ENV, !!python/name) stay as written
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            return text  # e.g. 2026-02-30 matches the date pattern but is no date

    def _problem(self, line: int, path: YamlPath, message: str, hint: str) -> None:
        self.document.problems.append(YamlProblem(line, path, message, hint))


def is_date_like(value: object) -> bool:
    """Whether ``value`` looks like YYYY-MM-DD, whether or not that day exists."""
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value) is not None


def describe(value: object) -> str:
    """A short, unambiguous rendering of a YAML value for an error message."""
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return repr(shown)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of keys"
    return str(value)
