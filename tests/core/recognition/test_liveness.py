"""Liveness: terminal flag, or same identity with landmark motion over several frames."""

from __future__ import annotations

import numpy as np

from custom_components.smart_community.core.recognition.faces.liveness import (
    FrameEvidence,
    decide_liveness,
)

BASE = np.array([[40.0, 50.0], [80.0, 50.0], [60.0, 70.0], [45.0, 90.0], [75.0, 90.0]])
BOX = (20.0, 20.0, 100.0, 120.0)


def _frame(identity: str | None = "p1", shift: float = 0.0, nose: float = 0.0) -> FrameEvidence:
    landmarks = BASE.copy() + shift
    landmarks[2, 0] += nose
    box = (BOX[0] + shift, BOX[1] + shift, BOX[2] + shift, BOX[3] + shift)
    return FrameEvidence(identity, box, landmarks)


def test_single_still_is_never_live() -> None:
    assert not decide_liveness([_frame()]).live
    assert not decide_liveness([_frame()], min_frames=1).live
    assert not decide_liveness([]).live


def test_identical_still_repeated_is_not_live() -> None:
    decision = decide_liveness([_frame()] * 5)
    assert not decision.live
    assert decision.motion == 0.0


def test_photo_moved_without_changing_shape_is_not_live() -> None:
    assert not decide_liveness([_frame(shift=s) for s in (0, 5, 10, 15)]).live


def test_same_identity_with_landmark_motion_is_live() -> None:
    decision = decide_liveness([_frame(nose=n) for n in (0.0, 3.0, -3.0)])
    assert decision.live
    assert decision.frames == 3


def test_too_few_agreeing_frames_is_not_live() -> None:
    frames = [_frame("p1", nose=0.0), _frame("p2", nose=3.0), _frame("p1", nose=-3.0)]
    assert not decide_liveness(frames).live


def test_terminal_flag_is_accepted_when_given() -> None:
    assert decide_liveness([_frame()], terminal_live=True).live
    assert not decide_liveness([_frame(nose=n) for n in (0, 3, -3)], terminal_live=False).live
