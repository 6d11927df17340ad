"""Align a face to the 5-point template with a similarity transform."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ..geometry import similarity_transform, warp_affine
from ..imaging import RGB

# The standard 112x112 five-point template (eyes, nose tip, mouth corners) of ArcFace & co.
TEMPLATE_112: NDArray[np.float64] = np.array(
    [
        [38.2946, 51.6963],
        [73.5318, 51.5014],
        [56.0252, 71.7366],
        [41.5493, 92.3655],
        [70.7299, 92.2041],
    ]
)


def template(size: tuple[int, int], face_scale: float = 1.0) -> NDArray[np.float64]:
    """The template for an output of ``size`` (w, h); ``face_scale`` < 1 leaves more margin."""
    width, height = size
    zoom = min(width, height) / 112.0 * face_scale
    points: NDArray[np.float64] = (TEMPLATE_112 - 56.0) * zoom + np.array([width / 2, height / 2])
    return points


def align_face(
    rgb: RGB, landmarks: NDArray[np.float64], size: tuple[int, int], face_scale: float = 1.0
) -> RGB:
    """The face warped so its landmarks sit on the template (an upright ``size`` crop)."""
    matrix = similarity_transform(landmarks, template(size, face_scale))
    return warp_affine(rgb, matrix, size)
