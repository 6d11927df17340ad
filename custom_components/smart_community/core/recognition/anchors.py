"""RetinaFace-style prior boxes, box/landmark decoding and NMS (face and plate detectors)."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

type F32 = NDArray[np.float32]

VARIANCE_CENTER = 0.1
VARIANCE_SIZE = 0.2


@lru_cache(maxsize=16)
def priors(
    height: int, width: int, steps: tuple[int, ...], sizes: tuple[tuple[int, ...], ...]
) -> F32:
    """Anchor (cx, cy, w, h), normalised, row-major per level, all sizes at each cell."""
    levels = []
    for step, level_sizes in zip(steps, sizes, strict=True):
        rows, cols = math.ceil(height / step), math.ceil(width / step)
        ys, xs = np.meshgrid(np.arange(rows), np.arange(cols), indexing="ij")
        centers = np.stack(
            [(xs.ravel() + 0.5) * step / width, (ys.ravel() + 0.5) * step / height], 1
        )
        wh = np.array([[s / width, s / height] for s in level_sizes])
        cells = np.repeat(centers, len(level_sizes), axis=0)
        levels.append(np.hstack([cells, np.tile(wh, (rows * cols, 1))]))
    out = np.vstack(levels).astype(np.float32)
    out.setflags(write=False)
    return out


def decode_boxes(loc: F32, anchors: F32) -> F32:
    """(x1, y1, x2, y2) normalised."""
    centers = anchors[:, :2] + loc[:, :2] * VARIANCE_CENTER * anchors[:, 2:]
    sizes = anchors[:, 2:] * np.exp(loc[:, 2:] * VARIANCE_SIZE)
    return np.hstack([centers - sizes / 2, centers + sizes / 2]).astype(np.float32)


def decode_points(pts: F32, anchors: F32) -> F32:
    """N x K x 2 normalised points."""
    points = pts.reshape(len(pts), -1, 2)
    out = anchors[:, None, :2] + points * VARIANCE_CENTER * anchors[:, None, 2:]
    return out.astype(np.float32)


def nms(boxes: F32, scores: F32, threshold: float) -> list[int]:
    """Greedy non-maximum suppression; indices of the kept boxes, best first."""
    x1, y1, x2, y2 = boxes.T
    areas = np.maximum(0.0, x2 - x1) * np.maximum(0.0, y2 - y1)
    order = scores.argsort()[::-1]
    keep: list[int] = []
    while order.size:
        best = int(order[0])
        keep.append(best)
        rest = order[1:]
        w = np.maximum(0.0, np.minimum(x2[best], x2[rest]) - np.maximum(x1[best], x1[rest]))
        h = np.maximum(0.0, np.minimum(y2[best], y2[rest]) - np.maximum(y1[best], y1[rest]))
        inter = w * h
        iou = inter / np.maximum(areas[best] + areas[rest] - inter, 1e-9)
        order = rest[iou <= threshold]
    return keep
