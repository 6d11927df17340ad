"""Plate colour from HSV statistics of rendered plates in GA 36 colours."""

from __future__ import annotations

import numpy as np
import pytest

from custom_components.smart_community.core.recognition.plates.colour import plate_colour
from tools.models.plate_synth import render_plate


@pytest.mark.parametrize(
    ("text", "colour"),
    [
        ("皖A12345", "blue"),
        ("皖A1234学", "yellow"),
        ("皖AD12345", "green"),
        ("皖A12345D", "yellow_green"),
        ("皖A1234警", "white"),
        ("粤Z1234港", "black"),
    ],
)
def test_rendered_plate_colour(text: str, colour: str) -> None:
    crop = np.asarray(render_plate(text, colour, scale=0.5))
    assert plate_colour(crop) == colour
