"""The picture a link to an episode or guide shows in chats and social apps (1200×630 JPEG).

Drawn with Pillow from the art and the title. Only fixed inputs reach the pixels: Pillow's own
bundled font (no system fonts, which differ between machines) and no metadata in the JPEG,
so the same inputs give the same bytes (for one Pillow and libjpeg).

JPEG, not PNG: zlib took 70 ms of an image's 115 at 2,000 pages; libjpeg takes 2 ms, and a
show's episodes mostly share their art, whose scaled square is kept (`_square`).
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow is imported where a picture is drawn: a warm build draws none
    from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
_MARGIN = 60
_ART = HEIGHT - 2 * _MARGIN  # the art is a square filling the height inside the margins
_BACKGROUND = (26, 35, 126)  # Material's indigo 900: white text on it passes contrast checks
_TEXT = (255, 255, 255)
_SUBTLE = (197, 202, 233)
_TITLE_SIZE, _LABEL_SIZE = 56, 30
_TITLE_LINES = 6


@dataclass(frozen=True)
class ShareCard:
    """What a share image shows: a label (`Episode 3 · Archipelago`), the title, the art's
    bytes (None when the build does not have the file)."""

    label: str
    title: str
    art: bytes | None = None


def draw_share_image(card: ShareCard) -> bytes:
    """The card as JPEG bytes, 1200×630."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), _BACKGROUND)
    text_left = _MARGIN
    if card.art is not None:
        art = _square(card.art)
        if art is not None:
            image.paste(art, (_MARGIN, _MARGIN))
            text_left = _MARGIN * 2 + _ART
    draw = ImageDraw.Draw(image)
    width = WIDTH - text_left - _MARGIN
    label_font, title_font = _font(_LABEL_SIZE), _font(_TITLE_SIZE)
    y = _MARGIN
    for line in _wrap(draw, card.label, label_font, width)[:2]:
        draw.text((text_left, y), line, font=label_font, fill=_SUBTLE)
        y += int(_LABEL_SIZE * 1.3)
    y += _LABEL_SIZE
    for line in _wrap(draw, card.title, title_font, width)[:_TITLE_LINES]:
        draw.text((text_left, y), line, font=title_font, fill=_TEXT)
        y += int(_TITLE_SIZE * 1.2)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90, optimize=False, progressive=False)
    return out.getvalue()


@functools.lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont

    return ImageFont.load_default(size)


@functools.lru_cache(maxsize=16)  # episodes without art of their own share the show's
def _square(data: bytes) -> Image.Image | None:
    """The art cropped to its centre square and scaled to fit; None when it is not an image.
    Callers paste it and never change it: it is shared."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as opened:
            # Podcast art is RGB (Apple asks for it); converting an RGB image or cropping it
            # first would copy 1400×1400 pixels for nothing: resizing from a box reads the
            # square in place, to the same pixels, with 10 MiB less at the build's peak.
            art = opened.convert("RGB") if opened.mode != "RGB" else opened
            side = min(art.size)
            left, top = (art.width - side) // 2, (art.height - side) // 2
            box = (left, top, left + side, top + side)
            return art.resize((_ART, _ART), Image.Resampling.LANCZOS, box=box)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None  # a broken file spoils one picture, not the build


def _wrap(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    width: int,
) -> list[str]:
    """Words in lines no wider than ``width`` (a single word wider than that keeps a line of
    its own); the caller keeps as many lines as the picture has room for."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines
