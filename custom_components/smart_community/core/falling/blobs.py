"""Foreground pixels -> blobs (8-connected components) with their centroid, size and polarity.

Foreground is sparse on the reduced frames (a few dozen pixels in a quiet frame), so the
components are found on the list of foreground pixels rather than on the picture: neighbour
pairs by binary search in the sorted pixel indices, then minimum-label propagation with pointer
jumping. The cost follows the number of foreground pixels, not the frame size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

type F64 = NDArray[np.float64]
type Ints = NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class Blobs:
    """Per blob (parallel arrays): centroid x, y (pixels of the reduced frame), area in pixels,
    width and height of the bounding box, polarity (+1 brighter, -1 darker than the
    background) and strength (summed |difference|)."""

    x: F64
    y: F64
    area: Ints
    width: Ints
    height: Ints
    polarity: NDArray[np.int8]
    strength: F64

    def __len__(self) -> int:
        return len(self.x)

    def select(self, keep: NDArray[np.bool_]) -> Blobs:
        return Blobs(
            self.x[keep],
            self.y[keep],
            self.area[keep],
            self.width[keep],
            self.height[keep],
            self.polarity[keep],
            self.strength[keep],
        )


def _empty() -> Blobs:
    f = np.zeros(0, np.float64)
    i = np.zeros(0, np.intp)
    return Blobs(f, f, i, i, i, np.zeros(0, np.int8), f)


def label_pixels(flat: Ints, width: int) -> Ints:
    """Component labels (0..k-1) of sorted flat pixel indices of a picture ``width`` wide."""
    n = len(flat)
    column = flat % width
    firsts: list[Ints] = []
    seconds: list[Ints] = []
    for offset, valid in (
        (1, column < width - 1),
        (width - 1, column > 0),
        (width, np.ones(n, bool)),
        (width + 1, column < width - 1),
    ):
        target = flat + offset
        position = np.minimum(np.searchsorted(flat, target), n - 1)
        hit = valid & (flat[position] == target)
        firsts.append(np.flatnonzero(hit))
        seconds.append(position[hit])
    a = np.concatenate(firsts)
    b = np.concatenate(seconds)
    label = np.arange(n)
    while True:
        low = np.minimum(label[a], label[b])
        before = label.copy()
        np.minimum.at(label, a, low)
        np.minimum.at(label, b, low)
        label = label[label]
        if np.array_equal(label, before):
            break
    _, compact = np.unique(label, return_inverse=True)
    labels: Ints = compact.astype(np.intp)
    return labels


def find_blobs(
    mask: NDArray[np.bool_],
    difference: NDArray[np.float32],
    max_pixels: int = 4000,
    score: NDArray[np.float32] | None = None,
    min_single_score: float = 1.0,
) -> Blobs:
    """The blobs of a foreground mask; at most ``max_pixels`` strongest pixels are used.
    With ``score``, a one-pixel blob must score at least ``min_single_score`` (noise makes
    lone pixels just over the threshold; a real object is bigger or stronger)."""
    flat = np.flatnonzero(mask)
    if len(flat) == 0:
        return _empty()
    width = mask.shape[1]
    weights_all = np.abs(difference.reshape(-1)[flat]).astype(np.float64)
    if len(flat) > max_pixels:
        keep = np.sort(np.argpartition(-weights_all, max_pixels)[:max_pixels])
        flat = flat[keep]
        weights_all = weights_all[keep]
    labels = label_pixels(flat, width)
    count = int(labels.max()) + 1
    ys = (flat // width).astype(np.float64)
    xs = (flat % width).astype(np.float64)
    signed = difference.reshape(-1)[flat].astype(np.float64)
    strength: F64 = np.bincount(labels, weights_all, count).astype(np.float64)
    cx = np.bincount(labels, weights_all * xs, count) / strength
    cy = np.bincount(labels, weights_all * ys, count) / strength
    area = np.bincount(labels, minlength=count).astype(np.intp)
    x0 = np.full(count, np.inf)
    x1 = np.full(count, -np.inf)
    y0 = np.full(count, np.inf)
    y1 = np.full(count, -np.inf)
    np.minimum.at(x0, labels, xs)
    np.maximum.at(x1, labels, xs)
    np.minimum.at(y0, labels, ys)
    np.maximum.at(y1, labels, ys)
    polarity = np.where(np.bincount(labels, signed, count) >= 0, 1, -1).astype(np.int8)
    blobs = Blobs(
        cx,
        cy,
        area,
        (x1 - x0 + 1).astype(np.intp),
        (y1 - y0 + 1).astype(np.intp),
        polarity,
        strength,
    )
    if score is not None and min_single_score > 1.0:
        peak = np.zeros(count)
        np.maximum.at(peak, labels, score.reshape(-1)[flat].astype(np.float64))
        blobs = blobs.select((area > 1) | (peak >= min_single_score))
    return blobs
