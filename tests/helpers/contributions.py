"""What the contribution tests share: the fixture site's files, ways to break them, and a check
that nothing a contributor wrote is live markup in a built page or feed."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html

from archipelago.project import check_tree, find_config_file, read_project_config
from helpers.sites import write

Setup = Callable[[Path], None]

EPISODE = "content/episodes/001-first-steps.md"
GUIDE = "content/guides/going-solo.md"
LISTING = "content/directory/harbour-cowork.md"
PERSON = "content/people/ada-host.md"
TRANSCRIPT = "content/episodes/media/001-first-steps.vtt"
AUDIO = "content/episodes/media/001-first-steps.mp3"
CONFIG = "mkdocs.yml"
LOCK = "publish-lock.json"


# Characters YAML may carry as they are (YAML 1.1 "printable"), less its own line breaks.
_YAML_RAW = re.compile(
    "[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar; anything YAML cannot carry raw is escaped.

    Escapes reach places a raw character cannot: `"\\x01"` and `"\\ud800"` are valid YAML
    that give a control character and a lone surrogate.
    """
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif _YAML_RAW.fullmatch(char):
            out.append(char)
        elif ord(char) < 0x100:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def replace(path: str, old: str, new: str) -> Setup:
    """Replace the first ``old`` in the file at ``path`` (relative to the site root)."""

    def setup(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return setup


def set_field(path: str, key: str, value: str) -> Setup:
    """Give the first ``key:`` line of ``path`` the YAML ``value``, keeping its indentation."""

    def setup(root: Path) -> None:
        file = root / path
        text = file.read_text(encoding="utf-8")
        new, count = re.subn(
            rf"^( *){re.escape(key)}: .*$",
            lambda m: f"{m.group(1)}{key}: {value}",
            text,
            count=1,
            flags=re.M,
        )
        assert count == 1, f"no {key}: line in {path}"
        file.write_text(new, encoding="utf-8")

    return setup


def append_body(path: str, text: str) -> Setup:
    """Add ``text`` as a block of its own at the end of the file's body."""

    def setup(root: Path) -> None:
        file = root / path
        file.write_text(
            file.read_text(encoding="utf-8") + f"\n\n{text}\n\nAfter.\n", encoding="utf-8"
        )

    return setup


def put(path: str, data: str | bytes) -> Setup:
    """Write (or overwrite) a file under the site root."""

    def setup(root: Path) -> None:
        write(root, path, data)

    return setup


PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "iframe": "<iframe src=//evil.example/></iframe>",
    "a-javascript": '<a href="javascript:alert(1)">x</a>',
    "svg-onload": "<svg onload=alert(1)>",
    "attribute-breakout": '"><script>alert(1)</script>',
    "close-script": "</script><script>alert(1)</script>",
    "entity-escaped": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "style-and-link": (
        "<style>body{display:none}</style><link rel=stylesheet href=//evil.example/x.css>"
    ),
    "markdown-javascript-link": "[x](javascript:alert(1))",
    "markdown-javascript-mixed-case": "[x](JaVaScRiPt:alert(1))",
}
#: Raw HTML blocks only a Markdown body can hold.
BLOCK = (
    '<div onmouseover="alert(1)">\n'
    '<object data="//evil.example/x.swf"></object>\n'
    '<embed src="//evil.example/x.swf">\n'
    '<form action="javascript:alert(1)"><button>go</button></form>\n'
    '<base href="//evil.example/">\n'
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">\n'
    "</div>"
)


#: What `fields.PlainText` takes for HTML, which descriptions refuse: a tag, or a character
#: reference (`&lt;`). Every other text field takes it and shows it as text.
MARKUP = re.compile(r"<[a-zA-Z/!?]|&#?\w+;")
#: Payloads with markup are broken input in a description; the others may go there too.


def all_messages(root: Path) -> list[str]:
    """Every line `archipelago check` prints for ``root``, mkdocs.yml's own problems first.

    `helpers.builds.messages` insists that mkdocs.yml reads cleanly; here it may not.
    """
    config, errors = read_project_config(find_config_file(root))
    assert config is not None, errors
    return [str(error) for error in errors + check_tree(config).errors]


_BASE = re.compile(r'"(?:\.\./)*\.\.?"|"/"')
_JSON_SCRIPTS = {"application/ld+json", "application/json"}
_FRAMES = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
_ACTIVE_LINKS = {"stylesheet", "import", "preload", "modulepreload", "prefetch"}


def _relative(url: str) -> str:
    """A theme asset's address without the page's way up to the site root."""
    return re.sub(r"^(?:\.\./|\./|/)+", "", url)


class Theme:
    """What the theme itself puts into pages, from a build of the untouched fixture site.

    Args:
        scripts: inline scripts' text, the page's way up to the site root written `"BASE"`.
        sources: addresses of script files, from the site root.
        styles: inline styles' text.
        stylesheets: addresses of style sheets (and preloads), from the site root.
    """

    def __init__(
        self,
        scripts: frozenset[str],
        sources: frozenset[str],
        styles: frozenset[str],
        stylesheets: frozenset[str],
    ) -> None:
        self.scripts = scripts
        self.sources = sources
        self.styles = styles
        self.stylesheets = stylesheets

    def __repr__(self) -> str:
        # Hypothesis prints the arguments of a failing example: keep this one short.
        return f"Theme({len(self.scripts) + len(self.sources)} scripts, {len(self.styles)} styles)"

    @classmethod
    def of(cls, site_dir: Path) -> Theme:
        """Collect the scripts, styles and style sheets of every page of a site."""
        scripts, sources, styles, sheets = set(), set(), set(), set()
        for page in site_dir.rglob("*.html"):
            doc = lxml.html.document_fromstring(page.read_bytes())
            for script in doc.iter("script"):
                if script.get("src") is not None:
                    sources.add(_relative(script.get("src")))
                elif script.get("type") not in _JSON_SCRIPTS:
                    scripts.add(_BASE.sub('"BASE"', script.text or ""))
            styles.update(style.text or "" for style in doc.iter("style"))
            sheets.update(
                _relative(link.get("href", ""))
                for link in doc.iter("link")
                if _ACTIVE_LINKS & set(link.get("rel", "").lower().split())
            )
        return cls(frozenset(scripts), frozenset(sources), frozenset(styles), frozenset(sheets))


def _active_url(value: str) -> bool:
    """Whether an attribute value runs code when followed (browsers ignore spaces and case)."""
    squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:text/html"))


def element_problems(root: Any, where: str, theme: Theme | None) -> list[str]:
    """Live markup under ``root``; with ``theme`` None (feed HTML) no script is allowed."""
    problems = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if _live_element(el, tag, theme):
            problems.append(f"{where}: <{tag} {dict(el.attrib)}> {(el.text or '')[:60]!r}")
        for name, value in el.attrib.items():
            if name.lower().startswith("on") or _active_url(value):
                problems.append(f"{where}: <{tag} {name}={value[:60]!r}>")
    return problems


def _live_element(el: Any, tag: str, theme: Theme | None) -> bool:
    """Whether the element itself runs, frames, restyles or redirects, and is not the theme's."""
    if tag in _FRAMES:
        return True
    if tag == "script":
        return not _theme_script(el, theme)
    if tag == "style":
        return theme is None or (el.text or "") not in theme.styles
    if tag == "link" and _ACTIVE_LINKS & set(el.get("rel", "").lower().split()):
        return theme is None or _relative(el.get("href", "")) not in theme.stylesheets
    return tag == "meta" and el.get("http-equiv", "").lower() == "refresh"


def _theme_script(el: Any, theme: Theme | None) -> bool:
    """A script the theme wrote: one of its files, JSON data, or one of its inline scripts."""
    if theme is None:
        return False
    src = el.get("src")
    text = el.text or ""
    if src is not None:
        return "//" not in src and _relative(src) in theme.sources and not text.strip()
    if el.get("type") in _JSON_SCRIPTS:
        try:
            json.loads(text)
        except ValueError:
            return False
        return "</script" not in text.lower()
    return _BASE.sub('"BASE"', text) in theme.scripts


FEED_HTML = {"description", "encoded", "content", "summary"}


def page_problems(site_dir: Path, theme: Theme) -> list[str]:
    """Every piece of live markup in the site's pages."""
    problems = []
    for page in sorted(site_dir.rglob("*.html")):
        doc = lxml.html.document_fromstring(page.read_bytes())
        where = page.relative_to(site_dir).as_posix()
        problems += element_problems(doc, where, theme)
        problems += [f"{where}: id {name!r} used twice" for name in _duplicate_ids(doc)]
    return problems


def _duplicate_ids(doc: Any) -> list[str]:
    """Ids held by more than one element: the later one is shadowed (DOM clobbering)."""
    seen: set[str] = set()
    twice = []
    for el in doc.iter():
        name = el.get("id") if isinstance(el.tag, str) else None
        if name is not None and name in seen:
            twice.append(name)
        elif name is not None:
            seen.add(name)
    return twice


def feed_problems(site_dir: Path) -> list[str]:
    """Live markup in the HTML the feeds carry; parsing raises unless both are well-formed."""
    problems = []
    for feed in ("feed.xml", "guides/feed.xml"):
        tree = lxml.etree.parse(str(site_dir / feed))
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            problems += [
                f"{feed}: <{el.tag} {name}={value!r}>"
                for name, value in el.attrib.items()
                if _active_url(value)
            ]
            if lxml.etree.QName(el).localname in FEED_HTML and (el.text or "").strip():
                fragment = lxml.html.fragment_fromstring(el.text, create_parent="div")
                problems += element_problems(fragment, f"{feed} {el.tag}", None)
    return problems


def live_markup(site_dir: Path, theme: Theme) -> list[str]:
    """Every piece of live markup in the site's pages and in the HTML its feeds carry."""
    return page_problems(site_dir, theme) + feed_problems(site_dir)


def heading(site_dir: Path, page: str) -> Any:
    """The page's own <h1> (inside its article)."""
    doc = lxml.html.document_fromstring((site_dir / page).read_bytes())
    (h1,) = doc.xpath("//article//h1")
    return h1
