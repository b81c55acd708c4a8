"""The old feed's channel → the `show:` block of mkdocs.yml, and that block written into the
file under the `- archipelago:` plugin, leaving every other line as it was."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from archipelago.content.categories import APPLE_CATEGORIES
from archipelago.content.fields import LANGUAGE, MAX_LINE_CHARACTERS, UUID
from archipelago.errors import Problem
from archipelago.importer.feed_values import absolute, one_line, read_flag
from archipelago.importer.notes import shorten, shorten_chars, to_plain
from archipelago.podcast.feed import podcast_guid
from archipelago.urls import FEED_PATH

if TYPE_CHECKING:
    import datetime as dt

    from archipelago.importer.feed_reader import SourceFeed

_EMAIL = re.compile(r"[^@\s()<>]+@[^@\s()<>]+\.[^@\s()<>]+")
_PLUGIN = re.compile(r"^(?P<indent>\s*)-\s+archipelago\s*(?P<colon>:)?\s*(#.*)?$")


@dataclass
class ShowPlan:
    """The show block planned from the channel, and what planning it found."""

    show: dict[str, Any] = field(default_factory=dict)
    artwork_url: str | None = None
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class ShowChoices:
    """What the user may say where the feed is silent or wrong."""

    category: str | None = None
    owner_email: str | None = None


def plan_show(
    feed: SourceFeed,
    shown: str,
    bases: list[str | None],
    feed_url: str | None,
    new_feed_url: str | None,
    newest: dt.datetime | None,
    choices: ShowChoices,
) -> ShowPlan:
    """The `show:` block for ``feed``.

    Args:
        feed: the feed as read.
        shown: the feed as problems name it.
        bases: addresses relative ones are resolved against.
        feed_url: the old feed's address (fetched from, or its atom:link self), if known.
        new_feed_url: this project's feed address, if site_url is set.
        newest: the newest episode's date (a missing copyright line is dated by it).
        choices: --category and --owner-email.
    """
    plan = ShowPlan()

    def problem(element: str, message: str, fix: str = "") -> Problem:
        return Problem(shown, None, f"channel <{element}>", message, fix)

    title = one_line(feed.title or "")
    if not title:
        plan.errors.append(
            problem("title", "the feed has no title", "give the show a title on the old host")
        )
    title = shorten_chars(title, MAX_LINE_CHARACTERS)
    description = to_plain(feed.itunes_summary or feed.description or feed.itunes_subtitle or "")
    if not description:
        description = title
        plan.warnings.append(
            problem(
                "description",
                "the feed has no description: the title stands in for it",
                "write one under show: in mkdocs.yml",
            )
        )
    if len(description.encode("utf-8")) > 4000:
        description = shorten(description, 4000)
        plan.warnings.append(problem("description", "over 4,000 bytes: cut there"))
    author = one_line(feed.itunes_author or feed.owner_name or title)
    owner_name = one_line(feed.owner_name or author)
    email = choices.owner_email or _email(feed.owner_email) or _email(feed.managing_editor)
    if email is None:
        plan.errors.append(
            problem(
                "itunes:owner",
                "the feed names no owner e-mail address, which Apple and other directories"
                " write to",
                "pass --owner-email you@example.org",
            )
        )
    language = (feed.language or "").strip().replace("_", "-")
    language = "-".join([language.split("-")[0].lower(), *language.split("-")[1:]])
    if not LANGUAGE.fullmatch(language):
        plan.warnings.append(
            problem(
                "language",
                (
                    f"{feed.language!r} is not a language code: written as en"
                    if feed.language
                    else "the feed names no language: written as en"
                ),
                "correct language: under show: in mkdocs.yml",
            )
        )
        language = "en"
    category, subcategory = _category(feed, choices, plan, problem)
    explicit = read_flag(feed.explicit)
    if explicit is None:
        plan.warnings.append(
            problem(
                "itunes:explicit",
                (
                    f"{feed.explicit!r} says neither yes nor no: written as false"
                    if feed.explicit
                    else "the feed does not say whether it is explicit: written as false"
                ),
                "set explicit: under show: in mkdocs.yml",
            )
        )
    website, _ = absolute(feed.link, bases) if feed.link else (None, False)
    if website is None:
        website = (new_feed_url or "").removesuffix(FEED_PATH) or None
        if website is None:
            plan.errors.append(
                problem(
                    "link",
                    "the feed names no website",
                    "set site_url in mkdocs.yml, or give the show a link on the old host",
                )
            )
    copyright_line = one_line(feed.copyright or "")
    if not copyright_line:
        year = newest.year if newest else None
        copyright_line = f"© {year} {author}" if year else f"© {author}"
        plan.warnings.append(
            problem(
                "copyright",
                f"the feed has none: written as {copyright_line!r}",
                "correct it in mkdocs.yml",
            )
        )
    guid = (feed.podcast_guid or "").strip().lower()
    if not UUID.fullmatch(guid):
        source = feed_url or feed.self_url
        if source:
            guid = podcast_guid(source)
        elif new_feed_url:
            guid = podcast_guid(new_feed_url)
            plan.warnings.append(
                problem(
                    "podcast:guid",
                    "the feed has no podcast:guid and its"
                    " own address is unknown: computed from the new feed's",
                    "import from the feed's web address to keep the old identity",
                )
            )
        else:
            plan.errors.append(
                problem(
                    "podcast:guid",
                    "no podcast:guid, and no address to compute one from",
                    "set site_url in mkdocs.yml",
                )
            )
    locked = read_flag(feed.locked)
    if locked:
        plan.warnings.append(
            problem(
                "podcast:locked",
                "the feed is locked: its owner asked platforms not to import it",
                "import it only if the show is yours",
            )
        )
    show: dict[str, Any] = {
        "title": title,
        "description": description,
        "author": shorten_chars(author, MAX_LINE_CHARACTERS),
        "owner": {"name": shorten_chars(owner_name, MAX_LINE_CHARACTERS), "email": email},
        "language": language,
        "category": category,
    }
    if subcategory:
        show["subcategory"] = subcategory
    show["explicit"] = bool(explicit)
    show["artwork"] = None  # filled in once the artwork's type is known
    if (feed.show_type or "").strip().lower() == "serial":
        show["type"] = "serial"
    show["copyright"] = shorten_chars(copyright_line, MAX_LINE_CHARACTERS)
    show["website"] = website
    funding = [
        {"label": shorten_chars(text or "Support the show", MAX_LINE_CHARACTERS), "url": url}
        for url, text in feed.funding
        if url.startswith(("https://", "http://"))
    ]
    if funding:
        show["funding"] = funding
    if feed.license:
        identifier, url = feed.license
        show["license"] = {"identifier": shorten_chars(one_line(identifier), 255)}
        if url and url.startswith(("https://", "http://")):
            show["license"]["url"] = url
    if locked is False:
        show["locked"] = False
    show["guid"] = guid
    plan.show = show
    plan.artwork_url = absolute(feed.image, bases)[0] if feed.image else None
    return plan


def _email(text: str | None) -> str | None:
    match = _EMAIL.search(text or "")
    return match.group(0) if match else None


def _category(
    feed: SourceFeed, choices: ShowChoices, plan: ShowPlan, problem: Any
) -> tuple[str | None, str | None]:
    if choices.category:
        if choices.category not in APPLE_CATEGORIES:
            plan.errors.append(
                problem(
                    "itunes:category",
                    f"--category {choices.category!r} is not an Apple Podcasts category",
                    "use one of: " + ", ".join(APPLE_CATEGORIES),
                )
            )
        return choices.category, None
    for text, sub in feed.categories:
        if text in APPLE_CATEGORIES:
            return text, sub if sub in APPLE_CATEGORIES[text] else None
        parent = next((c for c, subs in APPLE_CATEGORIES.items() if text in subs), None)
        if parent:
            return parent, text
    named = ", ".join(repr(text) for text, _ in feed.categories) or "none"
    plan.errors.append(
        problem(
            "itunes:category",
            f"no Apple Podcasts category among the feed's ({named})",
            "pass --category with one of: " + ", ".join(APPLE_CATEGORIES),
        )
    )
    return None, None


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # the project's reader refuses YAML aliases


def dump_yaml(data: dict[str, Any]) -> str:
    """YAML as the project writes it: keys in the given order, Unicode kept, no aliases."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=96,
        default_flow_style=False,
    )


def with_show(config_text: str, show: dict[str, Any], source: str) -> str | None:
    """``config_text`` (mkdocs.yml) with the show block added under the archipelago plugin;
    None when the file does not use the plugin."""
    lines = config_text.split("\n")
    for index, line in enumerate(lines):
        match = _PLUGIN.match(line)
        if not match:
            continue
        indent = len(match.group("indent")) + 4
        following = next((ln for ln in lines[index + 1 :] if ln.strip()), "")
        deeper = len(following) - len(following.lstrip())
        if match.group("colon") and deeper > indent - 4 and not following.lstrip().startswith("-"):
            indent = deeper
        block = [
            f"# Imported from {source} by `archipelago import`.",
            *dump_yaml({"show": show}).rstrip("\n").split("\n"),
        ]
        padded = [" " * indent + text for text in block]
        head = line if match.group("colon") else line.rstrip() + ":"
        return "\n".join([*lines[:index], head, *padded, *lines[index + 1 :]])
    return None
