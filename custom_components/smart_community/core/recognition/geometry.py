"""Warps with numpy + Pillow (no OpenCV): similarity alignment and perspective rectification."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from .imaging import RGB

type Points = NDArray[np.float64]  # K x 2 (x, y)


def similarity_transform(src: Points, dst: Points) -> NDArray[np.float64]:
    """2x3 matrix of the least-squares similarity mapping ``src`` onto ``dst`` (Umeyama)."""
    src = np.asarray(src, dtype=np.float64)
    dst = np.asarray(dst, dtype=np.float64)
    src_mean, dst_mean = src.mean(0), dst.mean(0)
    src_c, dst_c = src - src_mean, dst - dst_mean
    cov = dst_c.T @ src_c / len(src)
    u, s, vt = np.linalg.svd(cov)
    d = np.ones(2)
    if np.linalg.det(u) * np.linalg.det(vt) < 0:
        d[1] = -1.0
    rotation = u @ np.diag(d) @ vt
    variance = (src_c**2).sum() / len(src)
    scale = float((s * d).sum() / variance) if variance > 0 else 1.0
    matrix = np.zeros((2, 3))
    matrix[:, :2] = scale * rotation
    matrix[:, 2] = dst_mean - scale * rotation @ src_mean
    return matrix


def warp_affine(rgb: RGB, matrix: NDArray[np.float64], size: tuple[int, int]) -> RGB:
    """Apply a 2x3 forward matrix (source -> output) producing an image of ``size`` (w, h)."""
    full = np.vstack([matrix, [0.0, 0.0, 1.0]])
    inverse = np.linalg.inv(full)  # Pillow wants output -> source
    coeffs = tuple(float(v) for v in inverse[:2].ravel())
    out = Image.fromarray(rgb).transform(
        size, Image.Transform.AFFINE, coeffs, resample=Image.Resampling.BILINEAR
    )
    return np.asarray(out, dtype=np.uint8)


def perspective_coefficients(src: Points, dst: Points) -> tuple[float, ...]:
    """8 coefficients of the homography taking ``dst`` points to ``src`` (Pillow's order)."""
    rows = []
    rhs = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs.extend([u, v])
    solution = np.linalg.solve(
        np.asarray(rows, dtype=np.float64), np.asarray(rhs, dtype=np.float64)
    )
    return tuple(float(c) for c in solution)


def warp_quad(rgb: RGB, corners: Points, size: tuple[int, int]) -> RGB:
    """Rectify the quadrilateral ``corners`` (TL, TR, BR, BL) into a ``size`` (w, h) image."""
    width, height = size
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float64)
    coeffs = perspective_coefficients(np.asarray(corners, dtype=np.float64), target)
    out = Image.fromarray(rgb).transform(
        size, Image.Transform.PERSPECTIVE, coeffs, resample=Image.Resampling.BICUBIC
    )
    return np.asarray(out, dtype=np.uint8)
