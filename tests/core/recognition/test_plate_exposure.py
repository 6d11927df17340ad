"""Night pictures are lifted before plates are looked for; day pictures are left alone."""

from __future__ import annotations

import numpy as np

from custom_components.smart_community.core.recognition.plates.exposure import (
    TARGET_MEDIAN,
    is_dark,
    lifted,
    luminance_median,
    stretched,
)


def _picture(level: int) -> np.ndarray:
    rng = np.random.default_rng(level)
    return np.clip(rng.normal(level, 10, (120, 160, 3)), 0, 255).astype(np.uint8)


def test_night_picture_is_dark_and_day_picture_is_not() -> None:
    assert is_dark(_picture(30))
    assert not is_dark(_picture(120))


def test_lift_brings_the_median_to_mid_grey() -> None:
    out = lifted(_picture(30))
    assert abs(luminance_median(out) - TARGET_MEDIAN) < 8


def test_lift_keeps_order_of_brightness() -> None:
    ramp = np.repeat(np.arange(0, 256, dtype=np.uint8)[None, :, None], 3, axis=2)
    out = lifted(np.repeat(ramp, 4, axis=0) // 4)
    assert np.all(np.diff(out[0, :, 0].astype(int)) >= 0)


def test_stretch_uses_the_full_range_and_keeps_hue() -> None:
    crop = np.zeros((20, 40, 3), dtype=np.uint8)
    crop[..., 2] = np.linspace(40, 90, 40, dtype=np.uint8)[None, :]  # dim blue ramp
    out = stretched(crop)
    assert out[..., 2].max() >= 250
    assert out[..., 2].mean() > out[..., 0].mean()


def test_flat_crop_is_left_alone() -> None:
    crop = np.full((10, 10, 3), 77, dtype=np.uint8)
    assert np.array_equal(stretched(crop), crop)
