"""An episode's embeddable player (a page other sites put in an iframe) and its oEmbed
document, which tells blogs and chat apps how to embed it.

The player page stands alone: no theme, no script, its style inline, and links relative to its
own folder so it plays from wherever the site is served.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from markupsafe import escape

from archipelago.site.share import (
    EMBED_HEIGHT,
    EMBED_WIDTH,
    embed_page_path,
    embed_url,
    share_image_path,
)
from archipelago.site.share_image import HEIGHT, WIDTH

if TYPE_CHECKING:
    from archipelago.urls import SiteLinks

_STYLE = """
*{box-sizing:border-box}
html,body{margin:0;height:100%;background:#fff;color:#1a237e;font:16px/1.35 system-ui,sans-serif}
main{display:flex;gap:16px;align-items:center;padding:12px;height:100%;border:1px solid #c5cae9}
img{flex:none;width:120px;height:120px;border-radius:4px;object-fit:cover}
div{flex:1;min-width:0}
p{margin:0 0 4px;font-size:14px;color:#3949ab}
h1{margin:0 0 8px;font-size:18px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
a{color:inherit}
a:focus-visible,audio:focus-visible{outline:3px solid #00897b;outline-offset:2px}
audio{width:100%}
@media (max-width:420px){img{width:64px;height:64px}main{gap:10px;padding:8px}}
""".strip()


def embed_page(
    *,
    title: str,
    show_name: str,
    page_url: str,
    audio: str,
    art: str | None,
    language: str,
    canonical: str,
) -> str:
    """The player page's HTML.

    Args:
        page_url: the episode page's URL from the site's root.
        audio: the audio's address: absolute, or a path from the site's root.
        art: the art's path from the site's root, or None.
        canonical: the episode page's absolute address.
    """
    # From the player's folder back to the site's root.
    root = "../" * embed_page_path(page_url).count("/")
    audio_src = audio if "://" in audio else root + audio
    art_tag = f'<img src="{escape(root + art)}" alt="" width="120" height="120">' if art else ""
    return f"""<!doctype html>
<html lang="{escape(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" href="data:,">
<meta name="robots" content="noindex">
<title>{escape(title)} · {escape(show_name)}</title>
<link rel="canonical" href="{escape(canonical)}">
<style>
{_STYLE}
</style>
</head>
<body>
<main>
{art_tag}
<div>
<p>{escape(show_name)}</p>
<h1><a href="{escape(root + page_url)}" target="_blank" rel="noopener">{escape(title)}</a></h1>
<audio controls preload="metadata" src="{escape(audio_src)}" aria-label="Play {escape(title)}">
<a href="{escape(audio_src)}">Download the episode</a>
</audio>
</div>
</main>
</body>
</html>
"""


def oembed_document(
    *, title: str, show_name: str, page_url: str, links: SiteLinks, provider: str
) -> bytes:
    """The episode's oEmbed JSON (type "rich": an iframe of the player page)."""
    src = links.site_url + embed_url(page_url)
    iframe = (
        f'<iframe src="{escape(src)}" width="{EMBED_WIDTH}" height="{EMBED_HEIGHT}"'
        f' title="{escape(title)} ({escape(show_name)})" loading="lazy"'
        ' style="border:0;max-width:100%" allow="autoplay"></iframe>'
    )
    document: dict[str, Any] = {
        "version": "1.0",
        "type": "rich",
        "title": title,
        "author_name": show_name,
        "author_url": links.site_url,
        "provider_name": provider,
        "provider_url": links.site_url,
        "html": iframe,
        "width": EMBED_WIDTH,
        "height": EMBED_HEIGHT,
        "thumbnail_url": links.site_url + share_image_path(page_url),
        "thumbnail_width": WIDTH,
        "thumbnail_height": HEIGHT,
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
