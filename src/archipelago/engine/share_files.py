"""Writes the sharing files beside episode and guide pages: share images (drawn once, then
taken from the cache), embeddable players and oEmbed documents.

A share image costs about 10 ms to draw (20 s at 2,000 pages): images are kept in the cache
folder under a digest of everything that decides their pixels, so a warm build copies them
instead of drawing them.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from typing import TYPE_CHECKING

import PIL

from archipelago.atomic_write import write_atomically
from archipelago.engine.load_store import cache_folder
from archipelago.site.embeds import embed_page, oembed_document
from archipelago.site.share import (
    SHARED_KINDS,
    embed_page_path,
    entry_art,
    oembed_path,
    share_card,
    share_image_path,
)
from archipelago.site.share_image import ShareCard, draw_share_image
from archipelago.site_files import write_file

if TYPE_CHECKING:
    from pathlib import Path

    from archipelago.content.entries import Content
    from archipelago.urls import SiteLinks

#: Raise when the drawing changes: cached images of the old drawing are then not used.
_DRAWING_VERSION = 2  # 2: JPEG


def cached_share_image(card: ShareCard, art_digest: str) -> bytes:
    """The card's image from the cache, drawn (and cached) when it is not there.

    ``art_digest`` stands for the art's bytes in the cache key: a show's 2,000 pages mostly
    share one picture, which is hashed once, not once a page.
    """
    digest = hashlib.sha256(f"{_DRAWING_VERSION} {PIL.__version__}\0".encode())
    for part in (card.label, card.title, art_digest):
        digest.update(part.encode("utf-8") + b"\0")
    path = cache_folder() / "share-images" / f"{digest.hexdigest()}.jpg"
    try:
        return path.read_bytes()
    except OSError:
        pass
    image = draw_share_image(card)
    with contextlib.suppress(OSError):  # only a cache: the next build draws it again
        write_atomically(path, image)
    return image


def write_share_files(
    site_dir: Path,
    content_dir: Path,
    content: Content,
    links: SiteLinks,
    site_name: str,
) -> int:
    """Write every published episode's and guide's sharing files; how many images there are."""
    # Each art file is read and hashed once, not per page: (bytes, digest) by path.
    arts: dict[str | None, tuple[bytes | None, str]] = {None: (None, "")}
    folders: set[str] = set()
    targets, cards, digests = [], [], []
    for (kind, slug), page_url in sorted(links.pages.items()):
        if kind not in SHARED_KINDS:
            continue
        entry = (content.episodes if kind == "episodes" else content.guides).get(slug)
        if entry is None:
            continue
        art = entry_art(content, entry)
        if art not in arts:
            data = _read(content_dir, art) if art else None
            arts[art] = (data, hashlib.sha256(data).hexdigest() if data else "")
        art_data, art_digest = arts[art]
        card = share_card(content, entry, site_name)
        cards.append(ShareCard(card.label, card.title, art_data))
        digests.append(art_digest)
        targets.append(os.path.join(site_dir, share_image_path(page_url)))
        if kind == "episodes":
            _write_embed(site_dir, content, links, site_name, slug, page_url, art, folders)
    for target, card, art_digest in zip(targets, cards, digests, strict=True):
        write_file(target, cached_share_image(card, art_digest), folders)
    return len(cards)


def _write_embed(
    site_dir: Path,
    content: Content,
    links: SiteLinks,
    site_name: str,
    slug: str,
    page_url: str,
    art: str | None,
    folders: set[str],
) -> None:
    episode = content.episodes[slug].model
    show = content.show
    show_name = show.title if show else site_name
    audio = episode.audio
    if show is not None and show.media_base_url and "://" not in audio:
        audio = links.media(audio)  # the CDN's address; the site's own files stay relative
    html = embed_page(
        title=episode.title,
        show_name=show_name,
        page_url=page_url,
        audio=audio,
        art=art if art and "://" not in art else None,
        language=show.language if show else "en",
        canonical=links.site_url + page_url,
    )
    write_file(os.path.join(site_dir, embed_page_path(page_url)), html.encode("utf-8"), folders)
    document = oembed_document(
        title=episode.title, show_name=show_name, page_url=page_url, links=links, provider=site_name
    )
    write_file(os.path.join(site_dir, oembed_path(page_url)), document, folders)


def _read(content_dir: Path, path: str) -> bytes | None:
    """An art file's bytes; None when it is remote or not here (a build without media)."""
    if "://" in path:
        return None
    try:
        return (content_dir / path).read_bytes()
    except OSError:
        return None
