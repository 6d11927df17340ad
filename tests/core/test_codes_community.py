"""Community code: 6-digit division + 6-digit street/committee + 3-digit community sequence."""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.codes import community
from custom_components.smart_community.core.codes.exceptions import (
    InvalidFormat,
    InvalidLength,
    InvalidSegment,
)


def test_standard_example_is_valid_and_compacts() -> None:
    assert community.validate("340102 001001 001") == "340102001001001"
    assert community.format("340102001001001") == "340102 001001 001"


def test_segments_are_explained() -> None:
    code = community.parse("340104001001001")
    assert code.division.district == "蜀山区"
    assert code.street_committee == "001001"
    assert code.sequence == "001"
    segments = code.explain()
    assert [(s.name, s.first, s.last, s.digits) for s in segments] == [
        ("division", 1, 6, "340104"),
        ("street_committee", 7, 12, "001001"),
        ("sequence", 13, 15, "001"),
    ]
    assert segments[0].meaning == "安徽省合肥市蜀山区"


def test_length_is_15() -> None:
    with pytest.raises(InvalidLength):
        community.validate("34010400100100")
    with pytest.raises(InvalidLength):
        community.validate("3401040010010011")


def test_digits_only() -> None:
    with pytest.raises(InvalidFormat):
        community.validate("34010400100100A")


def test_division_must_be_real() -> None:
    with pytest.raises(InvalidSegment) as caught:
        community.validate("349999001001001")
    assert caught.value.segment == "division"
    assert "digits 1-6" in str(caught.value)


def test_sequence_000_is_not_assigned() -> None:
    with pytest.raises(InvalidSegment) as caught:
        community.validate("340104001001000")
    assert caught.value.segment == "sequence"
    assert not community.is_valid("340104001001000")
    assert community.is_valid("340104001001001")
