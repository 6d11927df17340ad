"""Photos as phones and cameras send them: EXIF rotation, grey, palette, alpha, 16-bit."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from custom_components.smart_community.core.recognition.imaging import (
    ImageDecodeError,
    decode_image,
)


def _encode(image: Image.Image, fmt: str, **kwargs: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def test_exif_orientation_is_applied() -> None:
    image = Image.new("RGB", (40, 20), (255, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    rgb = decode_image(_encode(image, "JPEG", exif=exif))
    assert rgb.shape == (40, 20, 3)


@pytest.mark.parametrize("mode", ["L", "P", "RGBA", "LA", "I;16", "CMYK"])
def test_any_mode_becomes_rgb(mode: str) -> None:
    image = Image.new(mode, (8, 6))
    fmt = "JPEG" if mode == "CMYK" else "PNG"
    assert decode_image(_encode(image, fmt)).shape == (6, 8, 3)


def test_garbage_is_a_clear_error() -> None:
    with pytest.raises(ImageDecodeError):
        decode_image(b"not an image")


def test_grey_png_keeps_its_values() -> None:
    grey = Image.fromarray(np.full((4, 4), 77, dtype=np.uint8))
    assert int(decode_image(_encode(grey, "PNG"))[0, 0, 1]) == 77
