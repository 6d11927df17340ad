"""Text lines from a PaddleOCR DB text detector (PP-OCRv4 det): the fallback plate finder.

When the plate detector finds nothing readable (dirty or odd plates, a plate it was not
trained on, a night shot), the plate is still a line of text: the DB detector gives a
probability map of "text here", each connected region of it is one text line, and its
oriented rectangle (enlarged by the DB "unclip" rule: the network marks a shrunk core of each
line) is cut out for the recogniser. Only numpy and Pillow: the connected regions are found by
joining horizontal runs of text pixels row by row (union-find), fast at this map size.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from ..imaging import RGB
from ..runtime import LazySession
from .detector import scaled

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)  # on BGR, as PaddleOCR does
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)


@dataclass(frozen=True, slots=True)
class TextLine:
    corners: NDArray[np.float64]  # 4 x 2 image pixels: TL, TR, BR, BL
    score: float  # mean text probability inside the line's core
    width: float  # along the line, image pixels
    height: float  # across the line

    @property
    def aspect(self) -> float:
        return self.width / max(self.height, 1e-6)


class TextLineDetector:
    def __init__(
        self,
        model: Path,
        *,
        threshold: float = 0.3,
        box_threshold: float = 0.5,
        unclip: float = 1.6,
        min_area: int = 12,
    ) -> None:
        self._session = LazySession(model)
        self.threshold = threshold
        self.box_threshold = box_threshold
        self.unclip = unclip
        self.min_area = min_area

    def probability(self, rgb: RGB, side: int) -> tuple[NDArray[np.float32], float]:
        """The text probability map of the picture resized to ``side`` (multiples of 32)."""
        height, width = rgb.shape[:2]
        scale = side / max(height, width)
        target = (max(32, round(width * scale / 32) * 32), max(32, round(height * scale / 32) * 32))
        resized = scaled(rgb, scale)
        if resized.shape[1::-1] != target:
            resized = np.asarray(
                Image.fromarray(resized).resize(target, Image.Resampling.BILINEAR), np.uint8
            )
        pixels = (resized[..., ::-1].astype(np.float32) / 255.0 - MEAN) / STD
        blob = np.ascontiguousarray(pixels.transpose(2, 0, 1)[None])
        session = self._session.get()
        out = session.run(None, {session.get_inputs()[0].name: blob})[0]
        return out[0, 0], target[0] / width

    def detect(self, rgb: RGB, side: int = 640) -> list[TextLine]:
        """Text lines, most confident first, in the picture's own pixels."""
        prob, scale = self.probability(rgb, side)
        lines = []
        for ys, xs in components(prob > self.threshold, self.min_area):
            score = float(prob[ys, xs].mean())
            if score < self.box_threshold:
                continue
            line = oriented_box(xs.astype(np.float64), ys.astype(np.float64), self.unclip)
            if line is None:
                continue
            corners, width, height = line
            quad = np.asarray(corners / scale, dtype=np.float64)
            lines.append(TextLine(quad, score, width / scale, height / scale))
        return sorted(lines, key=lambda line: line.score, reverse=True)


type Pixels = tuple[NDArray[np.int64], NDArray[np.int64]]  # (ys, xs)


def components(mask: NDArray[np.bool_], min_area: int) -> list[Pixels]:
    """Pixel coordinates (ys, xs) of each 8-connected region of ``mask`` of at least
    ``min_area`` pixels, found from horizontal runs joined by union-find."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    edges = np.diff(padded, axis=1)
    run_rows, run_starts = np.nonzero(edges == 1)
    _, run_ends = np.nonzero(edges == -1)  # exclusive; same row-major order as the starts
    parent = list(range(len(run_rows)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    row_first = np.searchsorted(run_rows, np.arange(mask.shape[0] + 1))
    for row in range(1, mask.shape[0]):
        above = range(row_first[row - 1], row_first[row])
        for i in range(row_first[row], row_first[row + 1]):
            for j in above:  # 8-connected: runs touching diagonally join too
                if run_starts[j] <= run_ends[i] and run_starts[i] <= run_ends[j]:
                    a, b = root(i), root(j)
                    if a != b:
                        parent[a] = b
    groups: dict[int, list[int]] = {}
    for i in range(len(run_rows)):
        groups.setdefault(root(i), []).append(i)
    out: list[Pixels] = []
    for runs in groups.values():
        lengths = run_ends[runs] - run_starts[runs]
        if int(lengths.sum()) < min_area:
            continue
        ys = np.repeat(run_rows[runs], lengths).astype(np.int64)
        xs = np.concatenate([np.arange(run_starts[r], run_ends[r]) for r in runs])
        out.append((ys, xs.astype(np.int64)))
    return out


def oriented_box(
    xs: NDArray[np.float64], ys: NDArray[np.float64], unclip: float
) -> tuple[NDArray[np.float64], float, float] | None:
    """The region's rectangle along its main axis, grown by the DB unclip distance."""
    points = np.stack([xs + 0.5, ys + 0.5], axis=1)
    center = points.mean(0)
    cov = np.cov((points - center).T) if len(points) > 2 else np.eye(2)
    values, vectors = np.linalg.eigh(cov)
    axis = vectors[:, int(np.argmax(values))]
    if axis[0] < 0:
        axis = -axis
    normal = np.array([-axis[1], axis[0]])
    along = (points - center) @ axis
    across = (points - center) @ normal
    length = float(along.max() - along.min()) + 1.0
    thickness = float(across.max() - across.min()) + 1.0
    if thickness < 2.0:
        return None
    # DB's unclip: offset the polygon by area * ratio / perimeter on every side
    grow = length * thickness * unclip / (2.0 * (length + thickness))
    half_l = length / 2.0 + grow
    half_t = thickness / 2.0 + grow
    mid = (
        center
        + axis * (along.max() + along.min()) / 2.0
        + normal * (across.max() + across.min()) / 2.0
    )
    corners = np.array(
        [
            mid - axis * half_l - normal * half_t,
            mid + axis * half_l - normal * half_t,
            mid + axis * half_l + normal * half_t,
            mid - axis * half_l + normal * half_t,
        ]
    )
    return corners, 2.0 * half_l, 2.0 * half_t
