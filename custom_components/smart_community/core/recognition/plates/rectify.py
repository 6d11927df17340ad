"""Cut a detected plate out of the picture and make it a flat, upright rectangle."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..geometry import warp_quad
from ..imaging import RGB

PLATE_SIZE = (220, 70)  # w, h: 440 x 140 mm halved


def order_corners(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """TL, TR, BR, BL whatever order the detector gave."""
    center = points.mean(0)
    angles = np.arctan2(points[:, 1] - center[1], points[:, 0] - center[0])
    ordered = points[np.argsort(angles)]  # from -pi: TL, TR, BR, BL (y down)
    start = int(np.argmin(ordered.sum(1)))
    return np.roll(ordered, -start, axis=0)


def rectify(rgb: RGB, corners: NDArray[np.float64], pad: float = 0.06) -> RGB:
    """The plate warped to ``PLATE_SIZE`` with a small margin around it."""
    quad = order_corners(np.asarray(corners, dtype=np.float64))
    center = quad.mean(0)
    grown = center + (quad - center) * (1.0 + pad)
    width = float(np.linalg.norm(quad[1] - quad[0]))
    height = float(np.linalg.norm(quad[3] - quad[0]))
    size = PLATE_SIZE
    if width > 0 and height > 0 and width / height < 2.0:  # double-row plates are squarer
        size = (160, 100)
    return warp_quad(rgb, grown, size)
