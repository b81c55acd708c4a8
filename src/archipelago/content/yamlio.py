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

from archipelago.errors import Problem

#: A location inside a YAML document: keys and list indexes from the root.
YamlPath = tuple[str | int, ...]

_YAML_1_2_BOOLEANS = {"true", "false"}
# Plain scalars PyYAML reads as numbers but YAML 1.2 reads as text (octal, sexagesimal,
# underscores) or reads differently.
_YAML_1_1_ONLY_NUMBER = re.compile(r"^[-+]?(0[0-9_]+|.*[:_].*|0b[01_]+)$")
#: Characters XML 1.0 (so RSS and Atom) cannot carry, and the C1 controls it only tolerates.
XML_INVALID = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|\ufeff")
#: The fix for such a character in text a contributor typed or pasted.
DELETE_PASTED = "delete it; it often comes in with text pasted from another program"


def uncarried(text: str) -> str | None:
    """What is wrong with the first character in ``text`` no feed or page can carry, if any."""
    if bad := XML_INVALID.search(text):
        return (
            f"contains the character U+{ord(bad.group()):04X}, which feeds and web pages"
            " cannot carry"
        )
    return None


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_STANDARD_TAG = re.compile(r"^tag:yaml\.org,2002:(str|int|float|bool|null|timestamp|binary)$")


@dataclass
class YamlDocument:
    """Plain Python data plus the 1-based line of every key and list item."""

    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)
    #: What YAML itself refused, each with the key path it concerns (``()``: the whole text),
    #: by which a caller names the field and drops the models' echo of the same mistake.
    refused: list[tuple[YamlPath, Problem]] = field(default_factory=list)
    #: Paths of unquoted values YAML 1.1 would read as numbers or booleans, kept as text.
    kept_as_text: set[YamlPath] = field(default_factory=set)

    @property
    def problems(self) -> list[Problem]:
        """What YAML refused, each named by its field (``chapters[0].title``), without a file."""
        return [problem.placed("", field_name(path)) for path, problem in self.refused]

    def line_of(self, path: YamlPath) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


def load_yaml(text: str, first_line: int = 1) -> YamlDocument:
    """Parse ``text``; syntax errors, duplicate keys and aliases become problems, not exceptions.

    Args:
        text: the YAML.
        first_line: the line number of the text's first line in its file, so that every
            line recorded or reported is a line of the file.
    """
    offset = first_line - 1
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        return YamlDocument(data=None, refused=[((), _syntax_problem(exc, offset))])
    except RecursionError:
        return YamlDocument(
            data=None,
            refused=[((), _too_deep(first_line))],
        )
    except yaml.reader.ReaderError as exc:  # a character YAML cannot carry; no mark, a position
        line = text.count("\n", 0, exc.position) + 1 + offset
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return YamlDocument(
            data=None,
            refused=[
                (
                    (),
                    Problem.found(
                        f"contains the control character U+{ord(char):04X}, which YAML cannot"
                        " carry",
                        "delete it; it often comes in with text pasted from another program",
                        line=line,
                    ),
                )
            ],
        )
    document = YamlDocument(data=None)
    if root is not None:
        try:
            document.data = _Builder(document, offset).build(root, ())
        except RecursionError:
            document.data = None
            document.refused.append(((), _too_deep(first_line)))
    return document


#: Characters that can open a nesting level in YAML; each level needs at least one of them.
_NESTING_INDICATORS = ("[", "{", "-", ":", "?")
#: Most indicators a text may hold and still be composed by libyaml, whose recursive composer
#: does not stop at Python's recursion limit; front matter holds a few dozen.
_LIBYAML_MAX_INDICATORS = 2000
_LIBYAML = getattr(yaml, "CSafeLoader", None)


def _compose(text: str) -> yaml.Node | None:
    """The node tree, from libyaml when it is safe to use (about ten times faster).

    The pure-Python loader composes text that might nest thousands of levels deep (libyaml
    would overflow the C stack; PyYAML raises a RecursionError we report), and text libyaml
    refuses, so that every problem is worded and placed the same way whichever loader ran.
    """
    indicators = sum(text.count(c) for c in _NESTING_INDICATORS)
    if _LIBYAML is not None and indicators <= _LIBYAML_MAX_INDICATORS:
        try:
            return yaml.compose(text, Loader=_LIBYAML)
        except yaml.YAMLError:
            pass  # composed again below, for PyYAML's own error
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _too_deep(first_line: int) -> Problem:
    return Problem.found(
        "YAML is nested too deeply to read",
        "front matter needs only a few levels of lists and groups",
        line=first_line,
    )


def _syntax_problem(exc: yaml.MarkedYAMLError, offset: int) -> Problem:
    """PyYAML's parser messages, reworded for the common mistakes."""
    context, problem = exc.context or "", exc.problem or ""
    mark = exc.problem_mark or exc.context_mark
    line = (mark.line + 1 if mark else 1) + offset
    if "flow sequence" in context or "flow mapping" in context:
        opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
        what = "list" if opener == "[" else "group"
        start = exc.context_mark.line + 1 + offset if exc.context_mark else line
        return Problem.found(
            f"YAML does not parse: the {what} opened with '{opener}' on this line is not"
            f" closed with '{closer}'",
            f"add the closing '{closer}' after the last item",
            line=start,
        )
    if "mapping values are not allowed" in problem:
        return Problem.found(
            "YAML does not parse: a ': ' inside a value reads as the start of a new key",
            "put the whole value in quotes",
            line=line,
        )
    if "'\\t'" in problem:
        return Problem.found(
            "YAML does not parse: a tab is used for indentation", "indent with spaces", line=line
        )
    reason = " ".join(part for part in (context, problem) if part)
    return Problem.found(
        f"YAML does not parse: {reason}",
        "check indentation, a missing ':' after a key, or a value with ': ' or '#'"
        " in it that needs quotes",
        line=line,
    )


def _yaml_1_1_only(tag: str, text: str) -> bool:
    """Whether PyYAML types a plain scalar by YAML 1.1 rules that YAML 1.2 reads as text."""
    if tag.endswith(":bool"):
        return text.lower() not in _YAML_1_2_BOOLEANS
    return tag.endswith((":int", ":float")) and bool(_YAML_1_1_ONLY_NUMBER.match(text))


class _Builder:
    """Turns a composed node tree into Python values, recording lines and problems."""

    def __init__(self, document: YamlDocument, offset: int) -> None:
        self.document = document
        self.offset = offset
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: YamlPath) -> Any:
        self.document.lines.setdefault(path, self._line(node))
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
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: YamlPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag.endswith(":merge"):
                self._problem(
                    self._line(key_node),
                    path,
                    "only plain text keys are supported",
                    "write `key: value`",
                )
                continue
            key = key_node.value
            key_path = (*path, key)
            if key in result:
                first = self.document.lines[key_path]
                self._problem(
                    self._line(key_node),
                    key_path,
                    f"duplicate key (first set on line {first}; YAML would keep only this one)",
                    f"keep one `{key}:` line",
                )
                continue
            self.document.lines[key_path] = self._line(key_node)
            result[key] = self.build(value_node, key_path)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: YamlPath) -> Any:
        text, tag = node.value, node.tag
        if tag == _STR:  # most scalars: the constructor would return the text as it is
            value: Any = text
        elif not node.style and _yaml_1_1_only(tag, text):  # plain: None in PyYAML, "" in libyaml
            # `no`, `on`, `010`, `1:30`: text in YAML 1.2; the model names the fix
            self.document.kept_as_text.add(path)
            return text
        elif tag == _INT and not node.style and text.isdigit():
            # What the constructor returns for a plain number (leading zeros were caught
            # above); a quoted one under an explicit !!int tag still goes to the constructor.
            return int(text)
        elif not _STANDARD_TAG.match(tag):
            return text  # custom tags (mkdocs.yml's !ENV, !!python/name) stay as written
        else:
            try:
                value = self.constructor.construct_object(node, deep=True)
            except (ValueError, OverflowError, yaml.YAMLError):
                return text  # e.g. 2026-02-30 matches the date pattern but is no date
        if isinstance(value, str) and (message := uncarried(value)):
            # Escapes in double-quoted YAML ("\x07", "\ud800") reach past the YAML reader.
            self._problem(self._line(node), path, message, DELETE_PASTED)
        return value

    def _line(self, node: yaml.Node) -> int:
        return node.start_mark.line + 1 + self.offset

    def _problem(self, line: int, path: YamlPath, message: str, fix: str) -> None:
        self.document.refused.append((path, Problem.found(message, fix, line=line)))


def field_name(path: YamlPath) -> str:
    """``('chapters', 0, 'start')`` → ``chapters[0].start``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def is_date_like(value: object) -> bool:
    """Whether ``value`` is written YYYY-MM-DD, whether or not that day exists."""
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


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
