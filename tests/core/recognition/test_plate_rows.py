"""Two-row plates: telling them by shape, and cutting them into their rows."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from custom_components.smart_community.core.recognition.plates.rows import (
    looks_two_row,
    split_rows,
)
from tools.models.plate_synth import render_two_row_plate


@pytest.mark.parametrize(
    ("width", "height", "two_row"),
    [(440, 220, True), (160, 100, True), (440, 140, False), (480, 140, False), (0, 0, False)],
)
def test_shape_tells_two_rows(width: int, height: int, two_row: bool) -> None:
    assert looks_two_row(width, height) is two_row


@pytest.mark.parametrize("size", [(440, 220), (160, 100), (120, 64)])
def test_rows_are_cut_in_the_gap(size: tuple[int, int]) -> None:
    plate = np.asarray(render_two_row_plate("鲁B8K231").resize(size, Image.Resampling.BILINEAR))
    upper, lower = split_rows(plate)
    height = size[1]
    # GA 36: the upper row's characters end at about 34 % of the height, the lower start at 41 %
    assert 0.3 * height <= upper.shape[0] <= 0.46 * height
    assert lower.shape[0] >= 0.55 * height
    assert lower.shape[1] == size[0]  # the five characters span the whole width
    assert upper.shape[1] < size[0]  # the two small ones are centred


def test_split_of_a_blank_plate_still_gives_two_parts() -> None:
    upper, lower = split_rows(np.full((100, 200, 3), 200, dtype=np.uint8))
    assert upper.size and lower.size
