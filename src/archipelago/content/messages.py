"""Pydantic's validation errors, reworded in a contributor's vocabulary with a fix for each."""

from __future__ import annotations

import difflib
import json
import re
from typing import Any, get_args

from pydantic import BaseModel

from archipelago.content.fields import ERROR_TYPE
from archipelago.content.yamlio import describe

_YAML_1_1_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}

#: Fixes for missing fields whose example must not be copied.
_MISSING_HINTS = {
    "guid": "if the episode was already published, restore its old guid line; otherwise add"
    " `guid:` with a new value from `python -c 'import uuid; print(uuid.uuid4())'`",
}


def explain(model_class: type[BaseModel], error: Any, *, unquoted: bool = False) -> tuple[str, str]:
    """Message and fix for one pydantic error, in the contributor's vocabulary.

    Args:
        model_class: the model validated.
        error: one entry of ``ValidationError.errors()``.
        unquoted: the value was written without quotes and read as text only because YAML 1.2
            does not share YAML 1.1's reading (``007``, ``no``).
    """
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx") or {}
    example = _example(model_class, loc)
    if kind == ERROR_TYPE:
        return ctx["message"], ctx["fix"]
    if kind == "missing":
        shown = f" {example}" if example is not None else ""
        return "is required but missing", _MISSING_HINTS.get(
            str(loc[-1]), f"add a line `{loc[-1]}:{shown}`"
        )
    if kind == "extra_forbidden":
        return "unknown field", _unknown_field_hint(model_class, loc)
    if kind == "string_type":
        if isinstance(value, list):
            return (
                f"expected text, got {describe(value)}",
                "remove the [ ] brackets, or put the whole text in quotes",
            )
        if isinstance(value, dict):
            return (
                f"expected text, got {describe(value)}",
                "put the whole text in quotes: a ': ' inside it starts a new key",
            )
        if value is None:  # `title:` with nothing after it
            return "expected text, got nothing", "write the text after the colon"
        return f"expected text, got {describe(value)}", f"put it in quotes: '{describe(value)}'"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        text = value.strip() if isinstance(value, str) else ""
        if unquoted and text.isdigit():
            return (
                f"expected a whole number, got {text}, which has leading zeros",
                f"write {int(text)} without leading zeros",
            )
        if unquoted:
            return f"expected a whole number, got {text}", "write the number as digits only"
        if text.isdigit():
            return (
                f"expected a whole number, got {describe(value)} (text in quotes)",
                f"remove the quotes: {int(text)}",
            )
        shown = f"{describe(value)} (text)" if isinstance(value, str) else describe(value)
        return (
            f"expected a whole number, got {shown}",
            f"write a whole number such as {example if example is not None else 1}",
        )
    if kind == "bool_type":
        fix = "write true or false"
        if isinstance(value, str) and value.lower() in _YAML_1_1_BOOLEANS:
            meant = "true" if value.lower() in ("yes", "on", "y") else "false"
            fix = (
                f"write {meant}; {value!r} is a YAML 1.1 word that some tools read as {meant}"
                " and others as text"
            )
        return f"expected true or false, got {describe(value)}", fix
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        limit = next(iter(ctx.values()))
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }
        return (
            f"expected a number {words[kind]} {limit}, got {describe(value)}",
            "correct the number",
        )
    if kind == "literal_error":
        choices = [
            c.strip().strip("'")
            for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")
        ]
        close = difflib.get_close_matches(str(value), choices, n=1)
        fix = f"did you mean {close[0]!r}?" if close else "use one of the listed values"
        return f"expected one of {', '.join(choices)}; got {describe(value)}", fix
    if kind == "list_type":
        return (
            f"expected a list, got {describe(value)}",
            f"write one `- item` per line under `{loc[-1]}:`, or {_as_flow_list(value)}",
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            f"expected a group of `key: value` lines, got {describe(value)}",
            "indent the keys under this one, as in the example files",
        )
    if kind == "too_short":
        minimum = ctx.get("min_length", 1)
        return (
            f"needs at least {minimum} item{'s' if minimum != 1 else ''}, got none",
            "add one `- item` line",
        )
    if kind == "float_type":
        return f"expected a number, got {describe(value)}", "write a number without quotes"
    return error["msg"], "see the schema in schemas/ for what this field takes"


def _unknown_field_hint(model_class: type[BaseModel], loc: tuple[Any, ...]) -> str:
    parent = _model_at(model_class, loc[:-1])
    allowed = sorted(parent.model_fields) if parent else []
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    return f"remove it; the fields allowed here are: {', '.join(allowed)}"


def _model_at(model_class: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the fields at ``loc`` (walking nested models and lists)."""
    current: Any = model_class
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _example(model_class: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return None
    parent = _model_at(model_class, loc[:-1] if isinstance(loc[-1], str) else loc[:-2])
    if parent is None:
        return None
    info = parent.model_fields.get(names[-1])
    if info is None or not info.examples:
        return None
    example = info.examples[0]
    if isinstance(example, list):
        return "[" + ", ".join(str(item) for item in example) + "]"
    if isinstance(example, bool):
        return "true" if example else "false"
    return example


#: A list item YAML reads back as the same text without quotes.
_PLAIN_ITEM = re.compile(r"[A-Za-z0-9][\w .'/-]*")


def _as_flow_list(value: object) -> str:
    """``"a, b"`` → ``[a, b]``: the one-line list the contributor probably meant."""
    items = [i.strip() for i in value.split(",")] if isinstance(value, str) else [str(value)]
    items = [i for i in items if i]
    shown = [i if _PLAIN_ITEM.fullmatch(i) else json.dumps(i, ensure_ascii=False) for i in items]
    return f"[{', '.join(shown)}]"
