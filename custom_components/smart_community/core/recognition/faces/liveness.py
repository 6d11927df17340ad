"""Liveness evidence without a liveness model.

The terminal's own liveness flag (IR / depth / action check) is accepted when it is given.
Otherwise liveness needs agreement over several frames of the same capture: the same identity
in at least ``min_frames`` frames, and the face's landmark configuration (relative to its box)
must change between frames. A still photo repeated, or held up and moved without changing
shape, gives no such motion; a single image never counts as live.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, slots=True)
class FrameEvidence:
    identity: str | None  # person id or anon cluster id of the frame's main face
    box: tuple[float, float, float, float]
    landmarks: NDArray[np.float64]  # 5 x 2, image pixels


@dataclass(frozen=True, slots=True)
class LivenessDecision:
    live: bool
    reason: str
    frames: int  # frames that agreed on the identity
    motion: float  # largest landmark-shape change between those frames (fraction of the box)


def _shape(frame: FrameEvidence) -> NDArray[np.float64]:
    x1, y1, x2, y2 = frame.box
    size = np.array([max(x2 - x1, 1.0), max(y2 - y1, 1.0)])
    shape: NDArray[np.float64] = (frame.landmarks - np.array([x1, y1])) / size
    return shape


def decide_liveness(
    frames: Sequence[FrameEvidence],
    *,
    terminal_live: bool | None = None,
    min_frames: int = 3,
    min_motion: float = 0.015,
) -> LivenessDecision:
    if terminal_live is not None:
        reason = "terminal says live" if terminal_live else "terminal says not live"
        return LivenessDecision(terminal_live, reason, len(frames), 0.0)
    if len(frames) < 2:
        return LivenessDecision(False, "a single image is no liveness evidence", len(frames), 0.0)
    counts = Counter(f.identity for f in frames if f.identity is not None)
    if not counts:
        return LivenessDecision(False, "no identity in the frames", 0, 0.0)
    identity, agreeing = counts.most_common(1)[0]
    if agreeing < max(2, min_frames):
        return LivenessDecision(
            False, f"identity agreed in {agreeing} of {len(frames)} frames", agreeing, 0.0
        )
    shapes = [_shape(f) for f in frames if f.identity == identity]
    motion = max(float(np.abs(a - b).max()) for i, a in enumerate(shapes) for b in shapes[i + 1 :])
    if motion < min_motion:
        return LivenessDecision(False, "no landmark motion between frames", agreeing, motion)
    return LivenessDecision(True, "same identity with landmark motion", agreeing, motion)
