"""Night and back-lit pictures: lift the exposure before looking for plates.

Gate cameras at night give a dark frame with the plate as one of few lit areas (or, under
infrared, a grey one); both networks were trained mostly on daylight plates and miss much of
a frame whose median brightness is 30. A gamma curve that brings the median to mid-grey (and a
stretch of the crop's own range before reading) recovers most of them; a well exposed picture
is left untouched, so daytime reads cost nothing.
"""

from __future__ import annotations

import math

import numpy as np

from ..imaging import RGB

DARK_MEDIAN = 70  # a picture whose median luminance is below this is lifted
TARGET_MEDIAN = 115


def luminance_median(rgb: RGB) -> float:
    step = max(1, max(rgb.shape[:2]) // 200)
    sample = rgb[::step, ::step].astype(np.float32)
    return float(np.median(sample @ np.array([0.299, 0.587, 0.114], dtype=np.float32)))


def is_dark(rgb: RGB) -> bool:
    return luminance_median(rgb) < DARK_MEDIAN


def lifted(rgb: RGB) -> RGB:
    """The picture with a gamma curve taking its median luminance to ``TARGET_MEDIAN``."""
    median = min(max(luminance_median(rgb), 4.0), 250.0)
    gamma = math.log(TARGET_MEDIAN / 255.0) / math.log(median / 255.0)
    table = np.clip(255.0 * (np.arange(256) / 255.0) ** gamma, 0, 255).astype(np.uint8)
    out: RGB = table[rgb]
    return out


def stretched(crop: RGB) -> RGB:
    """The crop's 1st-99th percentile range stretched to 0-255 (one curve for all channels,
    so the colours keep their hue)."""
    low, high = np.percentile(crop, (1.0, 99.0))
    if high - low < 8.0:
        return crop
    scaled = (crop.astype(np.float32) - low) * (255.0 / (high - low))
    out: RGB = np.clip(scaled, 0, 255).astype(np.uint8)
    return out
