"""The text `archipelago new` writes where a contributor's own words belong, and the check
that none of it is published.

A new file passes `archipelago check` as written, so that a contributor can build and preview
it at once; its placeholders must not reach readers or podcast apps. Guides, listings and
episodes start as drafts; once a file is not a draft (and people never are), a field or body
line still holding its placeholder is an error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archipelago.errors import Problem

if TYPE_CHECKING:
    from archipelago.content.frontmatter_io import ParsedDocument

#: By content kind: each field's placeholder, as `archipelago new` writes it.
FIELDS: dict[str, dict[str, str]] = {
    "episodes": {
        "summary": "One paragraph of plain text that podcast apps show under the title.",
    },
    "guides": {
        "summary": "One or two sentences on what the reader will take away.",
    },
    "directory": {
        "website": "https://example.org/",
        "focus": "what it is for, in one line",
        "audience": "who it serves, in one line",
        "sources": "https://example.org/",  # a list: its one item
    },
    "people": {
        "bio": "One plain-text sentence about who they are.",
    },
}

#: By content kind: the body `archipelago new` writes.
BODIES: dict[str, str] = {
    "episodes": "Show notes: what the episode is about, and links to what it mentions.",
    "guides": "Write the guide here, in Markdown.",
    "directory": "Describe it in your own words: what it offers independent workers, and since"
    " when.",
    "people": "A longer bio, in Markdown.",
}

#: Kinds whose files may be drafts, which keep their placeholders until they are published.
DRAFTABLE = frozenset({"episodes", "guides", "directory"})


def placeholder_problems(kind: str, document: ParsedDocument) -> list[Problem]:
    """Every placeholder still in a file that is not a draft, with the line it is on."""
    if kind in DRAFTABLE and document.meta.get("draft") is True:
        return []
    later = ", or keep `draft: true` until the file is ready" if kind in DRAFTABLE else ""
    errors = []
    for key, placeholder in FIELDS.get(kind, {}).items():
        value = document.meta.get(key)
        values = value if isinstance(value, list) else [value]
        for index, item in enumerate(values):
            if item == placeholder:
                path = (key, index) if isinstance(value, list) else (key,)
                field = f"{key}[{index}]" if isinstance(value, list) else key
                errors.append(
                    document.error(
                        path,
                        field,
                        f"still holds the placeholder that `archipelago new` wrote:"
                        f" {placeholder!r}",
                        f"write the real {key}{later}",
                    )
                )
    body = BODIES.get(kind)
    if body is not None:
        for number, line in enumerate(document.body.split("\n"), start=document.body_line):
            if line.strip() == body:
                errors.append(
                    Problem(
                        document.path,
                        number,
                        "",
                        f"the body still holds the placeholder that `archipelago new` wrote:"
                        f" {body!r}",
                        f"replace it with your own text{later}",
                    )
                )
    return errors
