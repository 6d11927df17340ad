"""Multi-frame voting over one vehicle pass."""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.recognition.plates.read import PlateRead, vote


def _read(plate: str, colour: str = "blue", prob: float = 0.9) -> PlateRead:
    return PlateRead(
        plate=plate, colour=colour, confidence=prob, chars=tuple((c, prob) for c in plate)
    )


def test_majority_per_position_wins() -> None:
    voted = vote([_read("皖A12345"), _read("皖A12845"), _read("皖A12345")])
    assert voted.plate == "皖A12345"
    assert voted.frames == 3


def test_confident_minority_beats_unsure_majority() -> None:
    voted = vote(
        [_read("皖A12845", prob=0.3), _read("皖A12845", prob=0.3), _read("皖A12345", prob=0.99)]
    )
    assert voted.plate == "皖A12345"


def test_length_is_voted_first() -> None:
    voted = vote([_read("皖AD12345"), _read("皖AD12345"), _read("皖A12345")])
    assert voted.plate == "皖AD12345"


def test_colour_is_voted() -> None:
    voted = vote([_read("皖A12345", "blue"), _read("皖A12345", "blue"), _read("皖A12345", "white")])
    assert voted.colour == "blue"


def test_nothing_to_vote_on() -> None:
    with pytest.raises(ValueError):
        vote([])
