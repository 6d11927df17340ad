"""Decode photos the way cameras and phones send them: any size, EXIF rotation, grey or RGB."""

from __future__ import annotations

import io

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps, UnidentifiedImageError

type RGB = NDArray[np.uint8]  # H x W x 3


class ImageDecodeError(ValueError):
    """The bytes are not an image Pillow can read."""


def decode_image(data: bytes) -> RGB:
    """RGB pixels of an encoded image, upright according to its EXIF orientation."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (UnidentifiedImageError, OSError, SyntaxError) as err:
        raise ImageDecodeError(f"not a readable image: {err}") from err
    return to_rgb(upright if upright is not None else image)


def to_rgb(image: Image.Image) -> RGB:
    """Pillow image of any mode (L, LA, P, RGBA, I;16 ...) -> H x W x 3 uint8."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(image, dtype=np.float64)
        peak = float(arr.max()) or 1.0
        image = Image.fromarray((arr * (255.0 / peak)).astype(np.uint8))
    if image.mode != "RGB":
        image = image.convert("RGBA").convert("RGB") if "A" in image.mode else image.convert("RGB")
    return np.ascontiguousarray(np.asarray(image, dtype=np.uint8))


def resize_to_fit(rgb: RGB, max_side: int) -> tuple[RGB, float]:
    """Shrink so the longer side is at most ``max_side``; returns the image and the scale used."""
    height, width = rgb.shape[:2]
    scale = min(1.0, max_side / max(height, width))
    if scale >= 1.0:
        return rgb, 1.0
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    image = Image.fromarray(rgb)
    factor = int(1.0 / scale)
    if factor >= 2:  # box-reduce by an integer factor first: far cheaper than a wide filter
        image = image.reduce(factor)
    resized = image.resize(size, Image.Resampling.BILINEAR)
    return np.asarray(resized, dtype=np.uint8), scale


def encode_jpeg(rgb: RGB, quality: int = 90) -> bytes:
    """JPEG bytes of an RGB array (crops for the HA layer and tests)."""
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()
