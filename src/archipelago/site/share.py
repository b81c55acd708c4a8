"""What a shared link shows: the files beside each episode and guide page (share image, embed
player, oEmbed document), where they go, and the Open Graph and Twitter tags naming them.

Pure: paths and text from the content and the site's links; drawing and writing happen elsewhere
(`share_image`, `engine/share_files`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from archipelago.site.share_image import HEIGHT, WIDTH, ShareCard
from archipelago.urls import episode_folder

if TYPE_CHECKING:
    from archipelago.content.entries import Content, Entry

SHARE_IMAGE = "share.jpg"
EMBED_FOLDER = "embed/"
OEMBED_FILE = "oembed.json"
#: The embedded player's size: one row of art, title and player.
EMBED_WIDTH, EMBED_HEIGHT = 600, 180
#: The kinds whose pages get a share image of their own.
SHARED_KINDS = ("episodes", "guides")


def share_image_path(page_url: str) -> str:
    """A page's share image, from the site's root (`episodes/001-arrival/share.jpg`)."""
    return episode_folder(page_url) + SHARE_IMAGE


def embed_page_path(page_url: str) -> str:
    """The file of an episode's embeddable player."""
    return episode_folder(page_url) + EMBED_FOLDER + "index.html"


def embed_url(page_url: str) -> str:
    """The embeddable player's address from the site's root, as the site links its pages."""
    folder = episode_folder(page_url) + EMBED_FOLDER
    return folder if page_url.endswith("/") else folder + "index.html"


def oembed_path(page_url: str) -> str:
    """An episode's oEmbed document."""
    return episode_folder(page_url) + OEMBED_FILE


def claimed_paths(kind: str, page_url: str) -> list[str]:
    """The files generated beside an entry's page, known before they are made (collisions)."""
    if kind == "episodes":
        return [share_image_path(page_url), embed_page_path(page_url), oembed_path(page_url)]
    if kind == "guides":
        return [share_image_path(page_url)]
    return []


def entry_art(content: Content, entry: Entry[Any]) -> str | None:
    """The art a shared entry shows: the episode's own, else the show's (a path in content/)."""
    own = getattr(entry.model, "image", None) if entry.kind == "episodes" else None
    show_art = content.show.artwork if content.show else None
    return own or show_art


def episode_label(model: Any) -> str:
    """`Episode 3`, or `Trailer` / `Bonus` for those."""
    if model.type in ("trailer", "bonus"):
        return str(model.type).capitalize()
    return f"Episode {model.number}"


def share_card(content: Content, entry: Entry[Any], site_name: str) -> ShareCard:
    """The card drawn for an entry, without its art's bytes (the caller reads the file)."""
    show_name = content.show.title if content.show else site_name
    if entry.kind == "episodes":
        return ShareCard(f"{episode_label(entry.model)} · {show_name}", entry.model.title)
    return ShareCard(f"Guide · {site_name}", entry.model.title)


@dataclass(frozen=True)
class ShareTags:
    """A page's sharing tags (Open Graph, Twitter, oEmbed discovery), with absolute URLs.

    Args:
        site_url: the site's address, ending in `/`.
        site_name: `og:site_name`.
    """

    site_url: str
    site_name: str

    def tags(
        self,
        *,
        title: str,
        description: str,
        page_url: str,
        kind: str | None,
        image: str | None,
        audio_url: str | None = None,
        audio_type: str | None = None,
    ) -> Markup:
        """The `<meta>` and `<link>` lines for one page.

        Args:
            page_url: the page's URL from the site's root.
            kind: the entry's kind on an entry's page, else None.
            image: the show art's path when the page has no share image of its own.
            audio_url: an episode's audio, absolute: its page gets the Twitter player card.
        """
        own_image = kind in SHARED_KINDS
        image_url = self.site_url + (share_image_path(page_url) if own_image else image or "")
        has_image = own_image or bool(image)
        player = kind == "episodes" and audio_url is not None
        meta = [
            ("og:type", "article" if kind in SHARED_KINDS else "website"),
            ("og:site_name", self.site_name),
            ("og:title", title),
            ("og:description", description),
            ("og:url", self.site_url + page_url),
        ]
        if has_image:
            meta.append(("og:image", image_url))
            meta.append(("og:image:alt", f"Artwork for {title}"))
            if own_image:
                meta += [("og:image:width", str(WIDTH)), ("og:image:height", str(HEIGHT))]
        meta += [
            ("twitter:card", "player" if player else "summary_large_image"),
            ("twitter:title", title),
            ("twitter:description", description),
        ]
        if has_image:
            meta.append(("twitter:image", image_url))
        if player:
            meta += [
                ("twitter:player", self.site_url + embed_url(page_url)),
                ("twitter:player:width", str(EMBED_WIDTH)),
                ("twitter:player:height", str(EMBED_HEIGHT)),
                ("twitter:player:stream", str(audio_url)),
            ]
            if audio_type:
                meta.append(("twitter:player:stream:content_type", audio_type))
        lines = [
            f'<meta {"name" if key.startswith("twitter:") else "property"}="{key}"'
            f' content="{escape(value)}">'
            for key, value in meta
        ]
        if kind == "episodes":
            lines.append(
                '<link rel="alternate" type="application/json+oembed"'
                f' href="{escape(self.site_url + oembed_path(page_url))}"'
                f' title="{escape(title)}">'
            )
        return Markup("\n  ".join(lines))
