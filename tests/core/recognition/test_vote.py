"""Multi-frame voting over one vehicle pass."""

from __future__ import annotations

from dataclasses import replace

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


def test_frames_disagreeing_on_the_province_leave_it_uncertain() -> None:
    voted = vote([_read("粤B12345"), _read("鄂B12345")])
    assert 0 in voted.uncertain
    assert not voted.certain


def test_a_position_every_frame_doubted_stays_uncertain() -> None:
    reads = [replace(_read("浙A12345"), uncertain=(0,)) for _ in range(3)]
    assert vote(reads).uncertain == (0,)


def test_one_sure_frame_settles_a_position_others_doubted() -> None:
    reads = [replace(_read("浙A12345"), uncertain=(0,)), _read("浙A12345")]
    assert vote(reads).certain


def test_two_row_survives_the_vote() -> None:
    reads = [replace(_read("鲁B8K231", "yellow"), rows=2), _read("鲁B8K231", "yellow")]
    assert vote(reads).rows == 2
