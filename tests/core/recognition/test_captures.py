"""One verdict per capture; retry frames fused with the device's next frame (no models).

Embeddings are 3-d unit vectors and the decision is the real ``decide`` against person
templates, so the fused decision is what the engine would make.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from custom_components.smart_community.core.recognition.faces.captures import CaptureDecider
from custom_components.smart_community.core.recognition.faces.decision import (
    OpenSetPolicy,
    Verdict,
    decide,
)
from custom_components.smart_community.core.recognition.faces.engine import FaceResult
from custom_components.smart_community.core.recognition.faces.gallery import PersonTemplates
from custom_components.smart_community.core.recognition.faces.quality import (
    QualityBand,
    QualityReport,
)
from custom_components.smart_community.core.recognition.faces.recent import RecentMatches

POLICY = OpenSetPolicy()
ANNA = np.array([1.0, 0.0, 0.0], dtype=np.float32)
BORIS = np.array([0.0, 1.0, 0.0], dtype=np.float32)
TEMPLATES = PersonTemplates.build(np.stack([ANNA, BORIS]), ["anna", "boris"], 3)


def _unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def result(embedding: np.ndarray, band: QualityBand = QualityBand.GOOD) -> FaceResult:
    quality = QualityReport(face_px=100, sharpness=50, yaw=0, pitch=0, roll=0, band=band)
    decision = decide(TEMPLATES.ranked(embedding), band, POLICY)
    return FaceResult(
        box=(0.0, 0.0, 10.0, 10.0),
        score=0.9,
        landmarks=np.zeros((5, 2)),
        quality=quality,
        person_id=decision.matched,
        similarity=decision.similarity,
        margin=decision.margin,
        second_person_id=decision.second_person_id,
        cluster_id=None,
        embedding=_unit(embedding),
        decision=decision,
    )


def fuse(results: Sequence[FaceResult]) -> FaceResult:
    mean = np.mean([r.embedding for r in results], axis=0)
    order = list(QualityBand)
    weakest = max(results, key=lambda r: order.index(r.quality.band))
    return result(_unit(mean), weakest.quality.band)


def towards_anna(similarity: float, side: float) -> np.ndarray:
    """A unit vector at ``similarity`` to Anna, leaning ``side`` into the third axis."""
    rest = np.sqrt(1 - similarity**2)
    return _unit(np.array([similarity, rest * (1 - side), rest * side], dtype=np.float32))


def test_a_retry_frame_is_settled_by_the_next_frame_of_the_device() -> None:
    # two frames of Anna, each just under the threshold, noise on opposite sides
    first = result(_unit(np.array([0.36, -0.1, 0.93], dtype=np.float32)))
    second = result(_unit(np.array([0.36, 0.1, -0.93], dtype=np.float32)))
    assert first.decision.verdict is Verdict.RETRY and second.decision.verdict is Verdict.RETRY
    decider = CaptureDecider(fuse, window_s=10)
    assert decider.decide("door", [first], now=0.0).decision.verdict is Verdict.RETRY
    assert decider.pending("door") == 1
    fused = decider.decide("door", [second], now=2.0)
    assert fused.decision.verdict is Verdict.MATCH and fused.person_id == "anna"
    assert fused.similarity > max(first.similarity, second.similarity)
    assert decider.pending("door") == 0


def test_a_late_or_foreign_frame_is_not_fused() -> None:
    first = result(_unit(np.array([0.36, -0.1, 0.93], dtype=np.float32)))
    second = result(_unit(np.array([0.36, 0.1, -0.93], dtype=np.float32)))
    decider = CaptureDecider(fuse, window_s=10)
    decider.decide("door", [first], now=0.0)
    assert decider.decide("other-door", [second], now=1.0).decision.verdict is Verdict.RETRY
    late = decider.decide("door", [second], now=30.0)  # the window has passed
    assert late.decision.verdict is Verdict.RETRY


def test_frames_of_one_capture_matching_two_people_decide_nothing() -> None:
    decider = CaptureDecider(fuse)
    anna = result(ANNA)
    boris = result(BORIS)
    assert decider.decide("door", [anna, anna], now=0).person_id == "anna"
    mixed = decider.decide("door", [anna, boris], now=0)
    assert mixed.person_id is None and mixed.decision.verdict is Verdict.UNKNOWN


def test_an_unknown_capture_does_not_consume_a_pending_retry_into_a_match() -> None:
    first = result(_unit(np.array([0.36, -0.1, 0.93], dtype=np.float32)))
    stranger = result(np.array([0.0, 0.0, 1.0], dtype=np.float32))
    decider = CaptureDecider(fuse)
    decider.decide("door", [first], now=0)
    assert decider.decide("door", [stranger], now=1).decision.verdict is Verdict.UNKNOWN


def test_no_frame_is_an_error() -> None:
    with pytest.raises(ValueError, match="without a face"):
        CaptureDecider(fuse).decide("door", [], now=0)


def test_recent_matches_keep_the_newest_and_survive_a_restart(tmp_path: Path) -> None:
    recent = RecentMatches(tmp_path / "recent.npz", 3, capacity=2)
    first = recent.add("anna", ANNA)
    second = recent.add("boris", BORIS)
    third = recent.add("anna", _unit(np.ones(3, dtype=np.float32)))
    assert recent.get(first) is None and len(recent) == 2  # the oldest went
    recent.save()
    again = RecentMatches(tmp_path / "recent.npz", 3, capacity=2)
    assert again.get(second).person_id == "boris"  # type: ignore[union-attr]
    np.testing.assert_allclose(again.get(second).embedding, BORIS)  # type: ignore[union-attr]
    assert again.forget_person("anna") == 1 and again.get(third) is None
    with pytest.raises(ValueError, match="3 values"):
        again.add("anna", np.ones(4, dtype=np.float32))
    (tmp_path / "recent.npz").write_bytes(b"not a zip")
    assert len(RecentMatches(tmp_path / "recent.npz", 3)) == 0  # damaged: starts empty
