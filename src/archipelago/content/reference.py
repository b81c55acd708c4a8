"""docs/content-reference.md: every front matter field of every kind, written from the JSON
Schemas in schemas/, so the reference says what the check enforces and cannot drift from it.

`archipelago schema` writes it beside the schemas; `archipelago schema --check` (and a test)
fail while it is stale.
"""

from __future__ import annotations

import json
from typing import Any

#: Schema file → section title, in the order the page shows them.
KINDS = {
    "episode.schema.json": "Episode",
    "guide.schema.json": "Guide",
    "listing.schema.json": "Directory listing",
    "person.schema.json": "Person",
    "show.schema.json": "Show",
}
_FORMATS = {"date": "date (YYYY-MM-DD)", "date-time": "date and time with offset"}

HEADER = """\
# Content reference

Every field each kind of file may hold, generated from the JSON Schemas in `schemas/` (which
are generated from the models in `src/archipelago/content/models.py`): run `make schemas` after
changing a model. A field not listed here is an error; so is text where a number belongs.
Where the schema cannot say it (a file that must exist, a person who must hold a role, a
link that must lead somewhere), `archipelago check` says so with its own message.

Besides these, any content file may set the theme keys `template` and `hide`.
"""


def content_reference(schemas: dict[str, str]) -> str:
    """The page, from each schema file's text (name → JSON text)."""
    parts = [HEADER]
    nested: dict[str, dict[str, Any]] = {}
    for name, title in KINDS.items():
        schema = json.loads(schemas[name])
        nested.update(schema.get("$defs", {}))
        parts.append(_section(f"## {title}", schema.get("description", ""), schema))
    for name in sorted(nested):
        definition = nested[name]
        parts.append(_section(f"### {name}", definition.get("description", ""), definition))
    return "\n".join(parts).rstrip("\n") + "\n"


def _section(heading: str, intro: str, schema: dict[str, Any]) -> str:
    required = set(schema.get("required", []))
    rows = [
        "| field | required | type | rules | example |",
        "| --- | --- | --- | --- | --- |",
    ]
    for field, node in schema.get("properties", {}).items():
        rows.append(
            f"| `{field}` | {'yes' if field in required else 'no'} | {_type(node)}"
            f" | {_rules(node)} | {_example(node)} |"
        )
    return f"{heading}\n\n{intro.strip()}\n\n" + "\n".join(rows) + "\n"


def _type(node: dict[str, Any]) -> str:
    """`text`, `whole number`, `list of slug`, `[Chapter](#chapter)`, … for one node."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in node:
        kinds = [_type(each) for each in node["anyOf"] if each.get("type") != "null"]
        return " or ".join(dict.fromkeys(kinds)) or _type(
            {k: v for k, v in node.items() if k != "anyOf"}
        )
    kind = node.get("type")
    if "enum" in node:
        return "one of " + ", ".join(f"`{value}`" for value in node["enum"])
    if kind == "array":
        return f"list of {_type(node.get('items', {}))}"
    if kind == "string":
        if node.get("format") in _FORMATS:
            return _FORMATS[node["format"]]
        if node.get("format") == "email":
            return "e-mail address"
        if node.get("format") == "uri":
            return "https URL" if node.get("pattern") == "^https://" else "URL"
        if node.get("pattern") == "^[a-z0-9]+(?:-[a-z0-9]+)*$":
            return "slug"
        return "text"
    return {"integer": "whole number", "number": "number", "boolean": "true or false"}.get(
        kind or "", "text"
    )


def _rules(node: dict[str, Any]) -> str:
    """Limits, default and description, in words."""
    rules = []
    for each in [node, *node.get("anyOf", [])]:
        if "description" in each:
            rules.append(each["description"])
        if "x-maxBytes" in each:  # what Apple counts; JSON Schema can only count characters
            rules.append(f"at most {each['x-maxBytes']} bytes of UTF-8 (é counts twice)")
        elif "maxLength" in each:
            rules.append(f"at most {each['maxLength']} characters")
        if "minimum" in each:
            rules.append(f"at least {each['minimum']}")
        if "minItems" in each:
            rules.append(f"at least {each['minItems']} item(s)")
        if each.get("uniqueItems"):
            rules.append("no item twice")
        if "not" in each:
            rules.append("plain text: no HTML tags or character references")
    if "default" in node and node["default"] not in (None, [], ""):
        rules.append(f"default `{json.dumps(node['default'])}`")
    return "; ".join(dict.fromkeys(rules)).replace("|", "\\|")


def _example(node: dict[str, Any]) -> str:
    examples = node.get("examples")
    if not examples:
        return ""
    return f"`{json.dumps(examples[0], ensure_ascii=False)}`".replace("|", "\\|")
