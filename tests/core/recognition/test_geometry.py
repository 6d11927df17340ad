"""Warps: similarity fit, perspective rectification, corner order."""

from __future__ import annotations

import numpy as np

from custom_components.smart_community.core.recognition.geometry import (
    similarity_transform,
    warp_quad,
)
from custom_components.smart_community.core.recognition.plates.rectify import order_corners


def test_similarity_transform_recovers_rotation_scale_shift() -> None:
    src = np.array([[0.0, 0.0], [10.0, 0.0], [5.0, 5.0], [0.0, 10.0], [10.0, 10.0]])
    angle = 0.3
    rot = 2.0 * np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    dst = src @ rot.T + [3.0, 4.0]
    matrix = similarity_transform(src, dst)
    np.testing.assert_allclose(matrix[:, :2], rot, atol=1e-9)
    np.testing.assert_allclose(matrix[:, 2], [3.0, 4.0], atol=1e-9)


def test_warp_quad_maps_corners_to_the_output_rectangle() -> None:
    image = np.zeros((100, 100, 3), dtype=np.uint8)
    image[20:40, 30:70] = 255  # a white rectangle
    out = warp_quad(
        image, np.array([[30.0, 20.0], [70.0, 20.0], [70.0, 40.0], [30.0, 40.0]]), (40, 20)
    )
    assert out.shape == (20, 40, 3)
    assert out[2:-2, 2:-2].min() > 200


def test_corners_are_ordered_tl_tr_br_bl() -> None:
    quad = np.array([[70.0, 40.0], [30.0, 20.0], [30.0, 40.0], [70.0, 20.0]])
    np.testing.assert_array_equal(order_corners(quad), [[30, 20], [70, 20], [70, 40], [30, 40]])
