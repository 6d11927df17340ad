"""Quality gate: is a detected face good enough to enrol or to trust a match? With reasons.

* size: the shorter side of the face box, in source pixels;
* blur: variance of the Laplacian of the aligned grey face (low = blurred or flat);
* pose: from landmark symmetry. ``yaw`` is the nose's offset from the eye midpoint over the eye
  distance (0 frontal, ~0.5 profile), ``pitch`` the nose height between eye line and mouth line
  (about 0.5 when level), ``roll`` the eye line angle in degrees (alignment undoes it, so it is
  only reported).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from ..imaging import RGB
from .detector import DetectedFace


class QualityIssue(StrEnum):
    TOO_SMALL = "too_small"
    BLURRED = "blurred"
    TURNED = "turned"  # yaw
    TILTED = "tilted"  # pitch
    LOW_SCORE = "low_detector_score"


@dataclass(frozen=True, kw_only=True)
class QualityThresholds:
    min_face_px: float = 56.0
    min_sharpness: float = 20.0
    max_yaw: float = 0.35
    pitch_range: tuple[float, float] = (0.3, 0.85)
    min_score: float = 0.9


@dataclass(frozen=True, kw_only=True)
class QualityReport:
    face_px: float
    sharpness: float
    yaw: float
    pitch: float
    roll: float
    issues: tuple[QualityIssue, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def reason(self) -> str:
        return ", ".join(self.issues) if self.issues else "ok"


def laplacian_variance(rgb: RGB) -> float:
    grey = rgb.astype(np.float32) @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    lap = (
        grey[:-2, 1:-1] + grey[2:, 1:-1] + grey[1:-1, :-2] + grey[1:-1, 2:] - 4.0 * grey[1:-1, 1:-1]
    )
    return float(lap.var())


def pose(landmarks: NDArray[np.float64]) -> tuple[float, float, float]:
    """(yaw, pitch, roll°) proxies from the 5 landmarks."""
    left_eye, right_eye, nose, mouth_left, mouth_right = landmarks
    eye_mid = (left_eye + right_eye) / 2.0
    mouth_mid = (mouth_left + mouth_right) / 2.0
    eye_vec = right_eye - left_eye
    eye_dist = float(np.hypot(*eye_vec)) or 1e-6
    axis = eye_vec / eye_dist
    yaw = float(np.dot(nose - eye_mid, axis)) / eye_dist
    normal = np.array([-axis[1], axis[0]])
    nose_drop = float(np.dot(nose - eye_mid, normal))
    mouth_drop = float(np.dot(mouth_mid - eye_mid, normal)) or 1e-6
    pitch = nose_drop / mouth_drop
    roll = math.degrees(math.atan2(eye_vec[1], eye_vec[0]))
    return yaw, pitch, roll


def assess(
    face: DetectedFace, aligned: RGB, thresholds: QualityThresholds | None = None
) -> QualityReport:
    limits = thresholds or QualityThresholds()
    face_px = min(face.width, face.height)
    sharpness = laplacian_variance(aligned)
    yaw, pitch, roll = pose(face.landmarks)
    issues: list[QualityIssue] = []
    if face.score < limits.min_score:
        issues.append(QualityIssue.LOW_SCORE)
    if face_px < limits.min_face_px:
        issues.append(QualityIssue.TOO_SMALL)
    if sharpness < limits.min_sharpness:
        issues.append(QualityIssue.BLURRED)
    if abs(yaw) > limits.max_yaw:
        issues.append(QualityIssue.TURNED)
    if not limits.pitch_range[0] <= pitch <= limits.pitch_range[1]:
        issues.append(QualityIssue.TILTED)
    return QualityReport(
        face_px=face_px,
        sharpness=sharpness,
        yaw=yaw,
        pitch=pitch,
        roll=roll,
        issues=tuple(issues),
    )
