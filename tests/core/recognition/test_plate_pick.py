"""Which of several plates read in one picture is reported."""

from __future__ import annotations

import numpy as np

from custom_components.smart_community.core.recognition.plates.engine import pick
from custom_components.smart_community.core.recognition.plates.read import PlateRead


def _read(plate: str, confidence: float, width: float) -> PlateRead:
    corners = np.array([[0, 0], [width, 0], [width, width / 3], [0, width / 3]], float)
    return PlateRead(
        plate=plate,
        colour="blue",
        confidence=confidence,
        chars=tuple((c, confidence) for c in plate),
        corners=corners,
    )


def test_nothing_read_reports_nothing() -> None:
    assert pick([]) is None


def test_the_biggest_plate_wins_between_near_equals() -> None:
    # the car in the lane (240 px plate), not the one passing behind it (120 px)
    behind, lane = _read("沪B67890", 0.99, 120), _read("皖A12345", 0.97, 240)
    assert pick([behind, lane]) is lane


def test_a_much_more_confident_small_plate_still_wins() -> None:
    blurred, sharp = _read("皖A12345", 0.6, 240), _read("沪B67890", 0.95, 120)
    assert pick([blurred, sharp]) is sharp
