"""Contributors' rendered Markdown made safe to publish on a page.

Markdown lets raw HTML through, and Material prints `page.content` as it is: a show note
could run a script on every visitor's browser. nh3 keeps what Markdown and its extensions
produce (headings with ids, permalinks, admonitions, tables, code) and drops scripts, frames,
event handlers and `javascript:` links.
"""

from __future__ import annotations

import nh3

TYPE_CHECKING = False  # typing's own flag without importing typing: the worker imports this
if TYPE_CHECKING:
    from typing import Any

_TAGS = set(nh3.ALLOWED_TAGS) | {"section"}
_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "abbr": {"title"},
    "code": {"class"},
}
_SCHEMES = {"http", "https", "mailto", "tel"}


def safe_page_html(rendered: str) -> str:
    """``rendered`` with only inert markup left; relative links stay relative."""
    # A Python call per attribute costs a quarter of the cleaning: only when an id could
    # start with "__", written out or as character references (`&#95;`, `&lowbar;`).
    cleaner = _CHECKING_IDS if _may_hold_reserved_id(rendered) else _CLEANER
    return cleaner.clean(rendered)


def _may_hold_reserved_id(rendered: str) -> bool:
    lowered = rendered.lower()
    return "__" in rendered or "&#" in rendered or "lowbar" in lowered or "underbar" in lowered


def _no_reserved_ids(_tag: str, attribute: str, value: str) -> str | None:
    """Drop ids the theme's own elements use (`__config`, `__search` …): a page element with
    the same id would be found first by Material's scripts ("DOM clobbering")."""
    if attribute in ("id", "name") and value.startswith("__"):
        return None
    return value


# Built once: nh3.clean builds its sanitizer from the sets on every call, which took 40% of
# cleaning a typical page.
_RULES: dict[str, Any] = {
    "tags": _TAGS,
    "attributes": _ATTRIBUTES,
    "url_schemes": _SCHEMES,
    "link_rel": None,
    "strip_comments": True,
}
_CLEANER = nh3.Cleaner(**_RULES)
_CHECKING_IDS = nh3.Cleaner(**_RULES, attribute_filter=_no_reserved_ids)
