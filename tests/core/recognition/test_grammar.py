"""GA 36 plate grammar, one test per rule."""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.recognition.plates.grammar import (
    decode,
    decode_text,
    is_valid,
)
from custom_components.smart_community.core.recognition.plates.ocr import CharRead


@pytest.mark.parametrize(
    "plate",
    [
        "皖A12345",
        "皖AB123C",
        "京N8P8F8",
        "皖A1234学",
        "沪B1234挂",
        "皖A1234警",
        "粤Z1234港",
        "粤Z1234澳",
        "沪A1234领",
        "皖AD12345",
        "皖AFA1234",
        "皖A12345D",
        "皖A12345F",
        "使123456",
    ],
)
def test_valid_plates_decode_to_themselves(plate: str) -> None:
    assert is_valid(plate)
    assert decode_text(plate) == plate


def test_separator_dot_is_dropped() -> None:
    assert decode_text("皖A·12345") == "皖A12345"


def test_letter_o_in_serial_is_zero() -> None:
    assert decode_text("皖A12O45") == "皖A12045"


def test_letter_i_in_serial_is_one() -> None:
    assert decode_text("皖AI2345") == "皖A12345"


def test_zero_in_authority_letter_position_is_d() -> None:
    assert decode_text("皖012345") == "皖D12345"


def test_new_energy_zero_in_d_position_is_d() -> None:
    assert decode_text("皖A012345") == "皖AD12345"


@pytest.mark.parametrize("letter", list("DABCEFGHJK"))
def test_new_energy_letters_are_ga36s_ten(letter: str) -> None:
    # D A B C E: pure electric, F G H J K: other new energy (small and large vehicles)
    assert is_valid(f"皖A12345{letter}")
    assert is_valid(f"皖A{letter}12345")


def test_new_energy_letter_never_l_or_m() -> None:
    assert not is_valid("皖A12345L")
    assert not is_valid("皖AM12345")


def test_no_i_or_o_ever_in_output() -> None:
    for text in ["皖AOOOOO", "皖AIIIII", "皖OIO1O1"]:
        decoded = decode_text(text)
        assert decoded is not None
        assert "O" not in decoded and "I" not in decoded


def test_too_short_is_rejected() -> None:
    assert decode_text("皖A123") is None


def test_missing_province_is_rejected() -> None:
    assert decode_text("AA12345") is None


def test_suffix_only_in_last_position() -> None:
    assert not is_valid("皖学12345")
    assert not is_valid("皖A12学45")


def test_alternatives_pick_the_allowed_character() -> None:
    # the OCR's top choice for position 2 is a digit, its second choice the letter B
    reads = [CharRead("皖", 0.99, (("皖", 0.99),)), CharRead("8", 0.6, (("8", 0.6), ("B", 0.35)))]
    reads += [CharRead(c, 0.95, ((c, 0.95),)) for c in "12345"]
    decoded = decode(reads)
    assert decoded is not None
    assert decoded.text == "皖B12345"
    assert decoded.pattern == "ordinary"
