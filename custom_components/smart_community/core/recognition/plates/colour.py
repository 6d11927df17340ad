"""Plate colour from the rectified crop's pixels (HSV statistics of the background).

Blue (ordinary cars), yellow (large vehicles, driving schools), green (small new energy, a
white-to-green gradient), yellow-green (large new energy: yellow left, green right), white
(police, armed police), black (Hong Kong / Macao, consulates, foreign-owned).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from ..imaging import RGB

COLOURS = ("blue", "yellow", "green", "yellow_green", "white", "black")
UNKNOWN_COLOUR = "unknown"  # grey pictures (IR night shots): the colour cannot be told


def is_greyscale(rgb: RGB) -> bool:
    """True when the picture carries no colour at all (channels equal up to JPEG noise)."""
    sample = rgb[:: max(1, rgb.shape[0] // 64), :: max(1, rgb.shape[1] // 64)].astype(np.int16)
    spread = sample.max(axis=2) - sample.min(axis=2)
    return float(spread.mean()) < 4.0


def _classes(hsv: NDArray[np.uint8]) -> dict[str, NDArray[np.bool_]]:
    h = hsv[..., 0].astype(np.int32) * 360 // 255
    s = hsv[..., 1].astype(np.int32)
    v = hsv[..., 2].astype(np.int32)
    chroma = (s >= 70) & (v >= 60)
    return {
        "black": v < 70,
        "white": (s < 45) & (v >= 150),
        "blue": chroma & (h >= 190) & (h <= 255),
        "yellow": chroma & (h >= 30) & (h < 70),
        "green": chroma & (h >= 70) & (h < 170),
    }


def plate_colour(crop: RGB) -> str:
    height, width = crop.shape[:2]
    inner = crop[height // 8 : height - height // 8, width // 20 : width - width // 20]
    hsv = np.asarray(Image.fromarray(inner).convert("HSV"))
    masks = _classes(hsv)
    frac = {name: float(mask.mean()) for name, mask in masks.items()}
    if frac["blue"] >= 0.3:
        return "blue"
    if frac["green"] >= 0.15:
        third = inner.shape[1] // 4
        left_yellow = float(masks["yellow"][:, :third].mean())
        right_green = float(masks["green"][:, third:].mean())
        if left_yellow > 0.3 and right_green > 0.2:
            return "yellow_green"
        if frac["green"] + frac["white"] >= 0.35:
            return "green"
    if frac["yellow"] >= 0.3:
        return "yellow"
    if frac["black"] >= frac["white"] and frac["black"] >= 0.35:
        return "black"
    if frac["white"] >= 0.35:
        return "white"
    return max(("blue", "yellow", "green", "white", "black"), key=lambda name: frac[name])
