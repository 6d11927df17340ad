"""Scaling, tiling and merging around the plate detector (no model needed)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from custom_components.smart_community.core.recognition.plates.detector import (
    DetectedPlate,
    _starts,
    iou,
    merge,
    scaled,
)


@pytest.mark.parametrize("length", [1920, 1080, 3840, 800])
def test_tiles_cover_everything_with_overlap(length: int) -> None:
    tile, overlap = 960, 160
    starts = _starts(length, tile, overlap)
    assert starts[0] == 0
    assert starts[-1] + tile >= length
    for a, b in itertools.pairwise(starts):
        assert b - a <= tile - overlap  # neighbours share at least ``overlap`` pixels


def _plate(box: tuple[float, float, float, float], score: float) -> DetectedPlate:
    return DetectedPlate(box=box, score=score, corners=np.zeros((4, 2)))


def test_merge_keeps_the_best_of_overlapping_boxes() -> None:
    kept = merge(
        [
            _plate((0, 0, 100, 30), 0.6),
            _plate((5, 2, 104, 31), 0.9),
            _plate((300, 300, 400, 330), 0.5),
        ]
    )
    assert [p.score for p in kept] == [0.9, 0.5]


def test_iou() -> None:
    assert iou((0, 0, 10, 10), (0, 0, 10, 10)) == pytest.approx(1.0)
    assert iou((0, 0, 10, 10), (5, 0, 15, 10)) == pytest.approx(1 / 3)
    assert iou((0, 0, 10, 10), (20, 20, 30, 30)) == 0.0


@pytest.mark.parametrize("scale", [0.25, 0.5, 1.0, 1.6, 2.56])
def test_scaled_sizes(scale: float) -> None:
    out = scaled(np.zeros((300, 400, 3), dtype=np.uint8), scale)
    assert out.shape == (round(300 * scale), round(400 * scale), 3)
