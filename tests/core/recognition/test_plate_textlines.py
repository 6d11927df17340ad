"""Text-line finding on a DB probability map: connected regions and their rectangles."""

from __future__ import annotations

import math

import numpy as np
import pytest

from custom_components.smart_community.core.recognition.plates.textlines import (
    components,
    oriented_box,
)


def test_separate_regions_are_separate() -> None:
    mask = np.zeros((20, 40), dtype=bool)
    mask[2:6, 2:12] = True
    mask[10:15, 20:38] = True
    found = components(mask, min_area=4)
    assert sorted(len(ys) for ys, _ in found) == [40, 90]


def test_diagonal_touch_joins() -> None:
    mask = np.zeros((6, 6), dtype=bool)
    mask[1, 1:3] = True
    mask[2, 3:5] = True  # touches the run above only at a corner
    (region,) = components(mask, min_area=1)
    assert len(region[0]) == 4


def test_a_u_shape_is_one_region() -> None:
    mask = np.zeros((8, 9), dtype=bool)
    mask[1:7, 1] = True
    mask[1:7, 7] = True
    mask[6, 1:8] = True  # the arms meet only at the bottom row
    assert len(components(mask, min_area=1)) == 1


def test_specks_are_dropped() -> None:
    mask = np.zeros((10, 10), dtype=bool)
    mask[1, 1] = True
    mask[5:8, 2:8] = True
    (region,) = components(mask, min_area=4)
    assert len(region[0]) == 18


def test_rectangle_follows_a_tilted_line() -> None:
    angle = math.radians(10)
    length, thickness = 60.0, 10.0
    along = np.linspace(-length / 2, length / 2, 121)
    across = np.linspace(-thickness / 2, thickness / 2, 21)
    a, b = np.meshgrid(along, across)
    xs = 100 + a * math.cos(angle) - b * math.sin(angle)
    ys = 50 + a * math.sin(angle) + b * math.cos(angle)
    box = oriented_box(xs.ravel(), ys.ravel(), unclip=0.0)
    assert box is not None
    corners, width, height = box
    assert width == pytest.approx(length + 1.0, abs=1.5)
    assert height == pytest.approx(thickness + 1.0, abs=1.5)
    top = corners[1] - corners[0]
    assert math.degrees(math.atan2(top[1], top[0])) == pytest.approx(10.0, abs=0.5)


def test_unclip_grows_the_shrunk_core() -> None:
    xs, ys = np.meshgrid(np.arange(40, dtype=np.float64), np.arange(8, dtype=np.float64))
    tight = oriented_box(xs.ravel(), ys.ravel(), unclip=0.0)
    grown = oriented_box(xs.ravel(), ys.ravel(), unclip=1.6)
    assert tight is not None and grown is not None
    # DB: offset = area * ratio / perimeter on every side
    offset = 40 * 8 * 1.6 / (2 * (40 + 8))
    assert grown[2] == pytest.approx(tight[2] + 2 * offset, abs=0.01)


def test_a_one_pixel_line_is_no_text() -> None:
    assert oriented_box(np.arange(30.0), np.zeros(30), unclip=1.6) is None
