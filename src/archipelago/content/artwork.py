"""Podcast artwork checked against Apple's rules, every problem of an image reported at once."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from archipelago.errors import Problem

if TYPE_CHECKING:
    from pathlib import Path

    from PIL import Image

MIN_SIDE = 1400
MAX_SIDE = 3000

#: The real format each extension promises.
_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
_EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png"}

_ALPHA_MODES = frozenset({"RGBA", "RGBa", "LA", "La", "PA"})
_GRAY_MODES = frozenset({"1", "L", "LA", "La"})
_RGB_FIX = "convert it to RGB"


def check_artwork(path: Path, shown: str, *, apple_rules: bool = True) -> list[Problem]:
    """A problem for each way the image breaks Apple's artwork rules; empty when it is fine.

    Apple wants a JPEG or PNG, square, from 1400×1400 to 3000×3000 px, in RGB colour without
    transparency. Only the header is read, plus a cheap pass over the rest to catch a
    truncated file: PNG chunk checksums, or a JPEG decoded at an eighth of its size.

    Args:
        path: the image file.
        shown: the name used in messages, e.g. ``assets/show-art.png``.
        apple_rules: also check size, shape and colour (artwork); off for other images,
            which must only be real images of the type their name says.
    """
    # Imported here: a build whose images were checked before (load store) never opens one,
    # and Pillow's import costs 20 ms.
    from PIL import Image, UnidentifiedImageError

    unreadable = [
        Problem.found(f"{shown!r} is not a readable image", "export it again as PNG or JPEG")
    ]
    try:
        with Image.open(path) as image:
            real, (width, height), mode = image.format, image.size, image.mode
            if real == "MPO":  # a camera JPEG with extra frames: still a JPEG
                real = "JPEG"
            transparent = "transparency" in image.info
            if real in _EXTENSIONS:
                _read_through(image)
    except FileNotFoundError:
        return [Problem.found(f"{shown!r} does not exist", "check the file name and folder")]
    except Image.DecompressionBombError:
        return [
            Problem.found(
                f"{shown!r} is far too large to open; Apple needs a square between"
                f" {MIN_SIDE}×{MIN_SIDE} and {MAX_SIDE}×{MAX_SIDE} px",
                f"scale it down to {MAX_SIDE}×{MAX_SIDE} px",
            )
        ]
    except (UnidentifiedImageError, OSError, SyntaxError):
        # SyntaxError is how Pillow's PNG reader reports a broken chunk.
        return unreadable
    if not apple_rules:
        return _format_problems(path, shown, real)
    return [
        *_format_problems(path, shown, real),
        *_size_problems(shown, width, height),
        *_colour_problems(shown, mode, transparent),
    ]


def _read_through(image: Image.Image) -> None:
    """Raise OSError when the file ends early, without decoding it at full size."""
    if image.format == "PNG":
        image.verify()  # reads every chunk and checks its CRC; no decompression
    else:
        image.draft(None, (1, 1))  # JPEG: decode at 1/8 scale, still reading all the data
        image.load()


def _format_problems(path: Path, shown: str, real: str | None) -> list[Problem]:
    suffix = path.suffix.lower()
    expected = _FORMATS.get(suffix)
    if real not in _EXTENSIONS:
        return [
            Problem.found(
                f"{shown!r} is in {real or 'an unknown'} format; Apple needs JPEG or PNG",
                "save it as PNG or JPEG",
            )
        ]
    if expected is None:
        ending = f"ends in {suffix}" if suffix else "has no extension"
        return [
            Problem.found(
                f"{shown!r} is a {real} image but its name {ending}; Apple needs .jpg or .png",
                f"rename it to {_renamed(shown, _EXTENSIONS[real])!r}",
            )
        ]
    if expected != real:
        return [
            Problem.found(
                f"{shown!r} is a {real} image but its name ends in {suffix}",
                f"rename it to {_renamed(shown, _EXTENSIONS[real])!r} and update where it is used",
            )
        ]
    return []


def _size_problems(shown: str, width: int, height: int) -> list[Problem]:
    square = width == height
    if square and MIN_SIDE <= width <= MAX_SIDE:
        return []
    message = (
        f"{shown!r} is {width}×{height} px; Apple needs a square between"
        f" {MIN_SIDE}×{MIN_SIDE} and {MAX_SIDE}×{MAX_SIDE} px"
    )
    if not square:
        fix = f"crop it to a square and save it at {MAX_SIDE}×{MAX_SIDE} px"
    elif width < MIN_SIDE:
        fix = f"export it again at {MAX_SIDE}×{MAX_SIDE} px from the original artwork"
    else:
        fix = f"scale it down to {MAX_SIDE}×{MAX_SIDE} px"
    return [Problem.found(message, fix)]


def _colour_problems(shown: str, mode: str, transparent: bool) -> list[Problem]:
    problems: list[Problem] = []
    if mode in _ALPHA_MODES or transparent:
        problems.append(
            Problem.found(
                f"{shown!r} has an alpha channel (transparency); Apple needs artwork without"
                " transparency",
                "flatten it onto a background and save without alpha",
            )
        )
    if mode in ("RGB", "RGBA", "RGBa"):
        return problems
    if mode == "CMYK":
        problems.append(Problem.found(f"{shown!r} is CMYK; Apple needs RGB colour", _RGB_FIX))
    elif mode in _GRAY_MODES:
        problems.append(Problem.found(f"{shown!r} is grayscale; Apple needs RGB colour", _RGB_FIX))
    elif mode in ("P", "PA"):
        problems.append(
            Problem.found(
                f"{shown!r} uses indexed colour (a palette); Apple needs RGB colour",
                "save it as a 24-bit RGB PNG or as JPEG",
            )
        )
    elif mode.startswith(("I", "F")):
        problems.append(
            Problem.found(
                f"{shown!r} is 16-bit or high-precision grayscale; Apple needs RGB colour", _RGB_FIX
            )
        )
    else:
        problems.append(
            Problem.found(
                f"{shown!r} uses the {mode} colour model; Apple needs RGB colour", _RGB_FIX
            )
        )
    return problems


def _renamed(shown: str, suffix: str) -> str:
    return str(PurePosixPath(shown).with_suffix(suffix))
