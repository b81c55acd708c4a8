"""Artwork rules, checked on real images drawn with Pillow."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageFile

from archipelago.content import artwork


def check_artwork(path: Path, shown: str) -> list[tuple[str, str]]:
    """(message, fix) of each problem `artwork.check_artwork` finds."""
    return [(problem.message, problem.fix) for problem in artwork.check_artwork(path, shown)]


SHOWN = "assets/show-art.png"
SIZE_FIX_SMALL = "export it again at 3000×3000 px from the original artwork"
ALPHA = (
    f"'{SHOWN}' has an alpha channel (transparency); Apple needs artwork without transparency",
    "flatten it onto a background and save without alpha",
)


def draw(
    path: Path, mode: str = "RGB", size: tuple[int, int] = (1400, 1400), fmt: str | None = None
) -> Path:
    """Save a plain image; the format follows the extension unless ``fmt`` is given."""
    colour: Any = {"RGB": (20, 90, 160), "CMYK": (10, 20, 30, 0)}.get(mode, 0)
    extra: dict[str, Any] = {}
    if mode.endswith("+tRNS"):
        mode = mode.removesuffix("+tRNS")
        extra["transparency"] = (0, 0, 0) if mode == "RGB" else 0
        colour = 0
    Image.new(mode, size, colour).save(path, fmt, **extra)
    return path


@pytest.mark.parametrize(
    ("name", "size"),
    [("art.png", 1400), ("art.jpg", 3000), ("art.jpeg", 2048), ("ART.PNG", 1400)],
)
def test_good_artwork(tmp_path: Path, name: str, size: int) -> None:
    path = draw(tmp_path / name, size=(size, size), fmt="JPEG" if "jp" in name else "PNG")
    assert check_artwork(path, name) == []


@pytest.mark.parametrize(
    ("size", "fix"),
    [
        ((500, 500), SIZE_FIX_SMALL),
        ((1399, 1399), SIZE_FIX_SMALL),
        ((3001, 3001), "scale it down to 3000×3000 px"),
        ((1400, 1500), "crop it to a square and save it at 3000×3000 px"),
        ((3200, 1400), "crop it to a square and save it at 3000×3000 px"),
    ],
)
def test_size(tmp_path: Path, size: tuple[int, int], fix: str) -> None:
    path = draw(tmp_path / "show-art.png", size=size)
    assert check_artwork(path, SHOWN) == [
        (
            f"'{SHOWN}' is {size[0]}×{size[1]} px; Apple needs a square between 1400×1400 and"
            " 3000×3000 px",
            fix,
        )
    ]


RGB_FIX = "convert it to RGB"
GRAY = (f"'{SHOWN}' is grayscale; Apple needs RGB colour", RGB_FIX)
PALETTE = (
    f"'{SHOWN}' uses indexed colour (a palette); Apple needs RGB colour",
    "save it as a 24-bit RGB PNG or as JPEG",
)


@pytest.mark.parametrize(
    ("mode", "problems"),
    [
        ("RGBA", [ALPHA]),
        ("LA", [ALPHA, GRAY]),
        ("L", [GRAY]),
        ("1", [GRAY]),
        ("P", [PALETTE]),
        ("P+tRNS", [ALPHA, PALETTE]),
        ("RGB+tRNS", [ALPHA]),
        ("L+tRNS", [ALPHA, GRAY]),
        (
            "I;16",
            [(f"'{SHOWN}' is 16-bit or high-precision grayscale; Apple needs RGB colour", RGB_FIX)],
        ),
    ],
)
def test_png_colour(tmp_path: Path, mode: str, problems: list[tuple[str, str]]) -> None:
    path = draw(tmp_path / "show-art.png", mode=mode)
    assert check_artwork(path, SHOWN) == problems


@pytest.mark.parametrize(
    ("mode", "message"),
    [("CMYK", "is CMYK; Apple needs RGB colour"), ("L", "is grayscale; Apple needs RGB colour")],
)
def test_jpeg_colour(tmp_path: Path, mode: str, message: str) -> None:
    path = draw(tmp_path / "art.jpg", mode=mode)
    assert check_artwork(path, "art.jpg") == [(f"'art.jpg' {message}", RGB_FIX)]


def test_every_problem_at_once(tmp_path: Path) -> None:
    path = draw(tmp_path / "show-art.jpg", mode="RGBA", size=(500, 400), fmt="PNG")
    assert check_artwork(path, "assets/show-art.jpg") == [
        (
            "'assets/show-art.jpg' is a PNG image but its name ends in .jpg",
            "rename it to 'assets/show-art.png' and update where it is used",
        ),
        (
            "'assets/show-art.jpg' is 500×400 px; Apple needs a square between 1400×1400 and"
            " 3000×3000 px",
            "crop it to a square and save it at 3000×3000 px",
        ),
        (
            "'assets/show-art.jpg' has an alpha channel (transparency); Apple needs artwork"
            " without transparency",
            "flatten it onto a background and save without alpha",
        ),
    ]


def test_jpeg_named_png(tmp_path: Path) -> None:
    path = draw(tmp_path / "show-art.png", fmt="JPEG")
    assert check_artwork(path, SHOWN) == [
        (
            f"'{SHOWN}' is a JPEG image but its name ends in .png",
            "rename it to 'assets/show-art.jpg' and update where it is used",
        )
    ]


def test_png_with_another_extension(tmp_path: Path) -> None:
    path = draw(tmp_path / "art.webp", fmt="PNG")
    assert check_artwork(path, "art.webp") == [
        (
            "'art.webp' is a PNG image but its name ends in .webp; Apple needs .jpg or .png",
            "rename it to 'art.png'",
        )
    ]


def test_other_format(tmp_path: Path) -> None:
    path = draw(tmp_path / "show-art.png", mode="P", fmt="GIF")
    assert check_artwork(path, SHOWN) == [
        (f"'{SHOWN}' is in GIF format; Apple needs JPEG or PNG", "save it as PNG or JPEG"),
        PALETTE,
    ]


def test_bmp_of_the_wrong_size(tmp_path: Path) -> None:
    path = draw(tmp_path / "art.bmp", size=(600, 600))
    assert check_artwork(path, "art.bmp") == [
        ("'art.bmp' is in BMP format; Apple needs JPEG or PNG", "save it as PNG or JPEG"),
        (
            "'art.bmp' is 600×600 px; Apple needs a square between 1400×1400 and 3000×3000 px",
            SIZE_FIX_SMALL,
        ),
    ]


def truncated(path: Path) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


UNREADABLE = [(f"'{SHOWN}' is not a readable image", "export it again as PNG or JPEG")]


def test_text_file_named_png(tmp_path: Path) -> None:
    path = tmp_path / "show-art.png"
    path.write_text("not an image\n", encoding="utf-8")
    assert check_artwork(path, SHOWN) == UNREADABLE


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "show-art.png"
    path.write_bytes(b"")
    assert check_artwork(path, SHOWN) == UNREADABLE


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_image(tmp_path: Path, fmt: str) -> None:
    # Noise, so the compressed data is long enough to cut in the middle.
    path = tmp_path / "show-art.png"
    Image.effect_noise((1400, 1400), 64).convert("RGB").save(path, fmt)
    assert check_artwork(path, SHOWN) == ([] if fmt == "PNG" else [_jpeg_named_png()])
    assert check_artwork(truncated(path), SHOWN) == UNREADABLE


def _jpeg_named_png() -> tuple[str, str]:
    return (
        f"'{SHOWN}' is a JPEG image but its name ends in .png",
        "rename it to 'assets/show-art.jpg' and update where it is used",
    )


def test_missing_file(tmp_path: Path) -> None:
    assert check_artwork(tmp_path / "gone.png", "gone.png") == [
        ("'gone.png' does not exist", "check the file name and folder")
    ]


def test_decompression_bomb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = draw(tmp_path / "show-art.png")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    assert check_artwork(path, SHOWN) == [
        (
            f"'{SHOWN}' is far too large to open; Apple needs a square between 1400×1400 and"
            " 3000×3000 px",
            "scale it down to 3000×3000 px",
        )
    ]


def test_png_is_not_decoded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = draw(tmp_path / "show-art.png", mode="RGBA", size=(500, 500))

    def refuse(self: ImageFile.ImageFile) -> None:
        raise AssertionError("the pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    assert len(check_artwork(path, SHOWN)) == 2
