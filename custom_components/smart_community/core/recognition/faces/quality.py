"""Face quality as evidence: a band that sets how strict the match must be, and hard limits.

Measured on each detected face:

* size: the shorter side of the face box, in source pixels;
* blur: variance of the Laplacian of the aligned grey face (low = blurred or flat);
* pose: from landmark symmetry. ``yaw`` is the nose's offset from the eye midpoint over the eye
  distance (0 frontal, ~0.5 profile), ``pitch`` the nose height between eye line and mouth line
  (about 0.5 when level), ``roll`` the eye line angle in degrees (alignment undoes it, so it is
  only reported).

Only a face that gives no usable evidence at all (``issues``: smaller than ``min_face_px``,
hardly any detail, seen from the side, a doubtful detection) is left undecided. Every other
face is decided, with the threshold of its band (``QualityBand``): a small or soft face needs a
higher similarity, it is not refused. Real web and door-camera photos often have 40-100 px
faces whose match is clear; a size veto refused them (issue 15).
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


class QualityBand(StrEnum):
    """How much a face can prove: the decision threshold is chosen per band."""

    GOOD = "good"
    FAIR = "fair"
    POOR = "poor"
    UNUSABLE = "unusable"


@dataclass(frozen=True, kw_only=True)
class QualityThresholds:
    # hard limits: below them a face is no evidence (the decision is "retry")
    min_face_px: float = 20.0
    min_sharpness: float = 6.0
    max_yaw: float = 0.9
    pitch_range: tuple[float, float] = (0.1, 1.2)
    min_score: float = 0.6
    # band limits: GOOD needs all of them, FAIR the fair ones, anything else usable is POOR
    good_face_px: float = 80.0
    good_sharpness: float = 60.0
    good_yaw: float = 0.25
    fair_face_px: float = 48.0
    fair_sharpness: float = 25.0
    fair_yaw: float = 0.4
    band_score: float = 0.9
    # enrolment is stricter than a decision: a gallery photo is evidence for years
    min_enrol_px: float = 32.0


@dataclass(frozen=True, kw_only=True)
class QualityReport:
    face_px: float
    sharpness: float
    yaw: float
    pitch: float
    roll: float
    issues: tuple[QualityIssue, ...] = field(default=())
    band: QualityBand = QualityBand.GOOD

    @property
    def ok(self) -> bool:
        """Usable as evidence (its band then sets the threshold)."""
        return not self.issues

    @property
    def reason(self) -> str:
        return ", ".join(self.issues) if self.issues else str(self.band)


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


def band_of(
    face_px: float, sharpness: float, yaw: float, score: float, limits: QualityThresholds
) -> QualityBand:
    if score < limits.band_score:
        return QualityBand.POOR
    if (
        face_px >= limits.good_face_px
        and sharpness >= limits.good_sharpness
        and abs(yaw) <= limits.good_yaw
    ):
        return QualityBand.GOOD
    if (
        face_px >= limits.fair_face_px
        and sharpness >= limits.fair_sharpness
        and abs(yaw) <= limits.fair_yaw
    ):
        return QualityBand.FAIR
    return QualityBand.POOR


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
    band = QualityBand.UNUSABLE if issues else band_of(face_px, sharpness, yaw, face.score, limits)
    return QualityReport(
        face_px=face_px,
        sharpness=sharpness,
        yaw=yaw,
        pitch=pitch,
        roll=roll,
        issues=tuple(issues),
        band=band,
    )
