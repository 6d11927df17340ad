"""Threshold calibration from genuine / impostor distributions."""

from __future__ import annotations

import numpy as np

from custom_components.smart_community.core.recognition.faces.calibration import (
    calibrate,
    pair_scores,
)


def test_threshold_meets_the_target_false_accept_rate() -> None:
    rng = np.random.default_rng(0)
    genuine = rng.normal(0.7, 0.08, 2000)
    impostor = rng.normal(0.15, 0.1, 20000)
    result = calibrate(genuine, impostor, target_far=0.001)
    assert result.far <= 0.001
    assert 0.35 < result.threshold < 0.6
    assert result.pair_accuracy > 0.99
    assert result.eer < 0.01


def test_pair_scores_split_by_label() -> None:
    vectors = np.eye(3, dtype=np.float32)
    genuine, impostor = pair_scores(np.vstack([vectors, vectors[:1]]), ["a", "b", "c", "a"])
    assert genuine.tolist() == [1.0]
    assert len(impostor) == 5
