"""GA 36 plate grammar, one test per rule."""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.recognition.plates.grammar import (
    candidates,
    colour_fits,
    decode,
    decode_text,
    is_valid,
    pattern_of,
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
def test_small_new_energy_letters_are_ga36s_ten(letter: str) -> None:
    # D A B C E: pure electric, F G H J K: other new energy (the registry's rule too)
    assert is_valid(f"皖A{letter}12345")


def test_large_new_energy_ends_with_d_or_f() -> None:
    assert is_valid("皖A12345D") and is_valid("皖A12345F")
    assert decode_text("皖A12345E") == "皖A12345F"


def test_new_energy_letter_never_l_or_m() -> None:
    assert not is_valid("皖AM12345")


def test_cross_border_suffix_only_on_yue_z() -> None:
    assert is_valid("粤Z1234港")
    assert not is_valid("粤B1234港")
    assert not is_valid("皖A1234澳")


def test_embassy_either_end() -> None:
    assert pattern_of("使014578") == "embassy"
    assert pattern_of("224001使") == "embassy"


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


def _reads(text: str, prob: float = 0.95) -> list[CharRead]:
    return [CharRead(c, prob, ((c, prob),)) for c in text]


def test_missing_province_is_put_back_from_the_lead() -> None:
    lead = CharRead("皖", 0.3, (("皖", 0.3),), inferred=True)
    (decoded, *_) = candidates(_reads("A12345"), lead=lead)
    assert decoded.text == "皖A12345"
    assert decoded.reads[0] is lead


def test_missing_suffix_is_put_back_from_the_tail() -> None:
    tail = CharRead("警", 0.2, (("警", 0.2),), inferred=True)
    (decoded, *_) = candidates(_reads("皖A1234"), tail=tail)
    assert decoded.text == "皖A1234警"


def test_a_read_that_fits_is_not_repaired() -> None:
    lead = CharRead("京", 0.9, (("京", 0.9),), inferred=True)
    found = candidates(_reads("皖A12345"), lead=lead)
    assert [d.text for d in found] == ["皖A12345"]


def test_stray_character_at_an_end_is_dropped() -> None:
    decoded = decode(_reads("1皖A12345"))
    assert decoded is not None
    assert decoded.text == "皖A12345"
    assert decoded.score < decode(_reads("皖A12345")).score  # type: ignore[union-attr]


def test_serial_with_four_letters_is_no_plate() -> None:
    assert not is_valid("皖ABENVE")
    assert decode_text("皖ABENVE") is None


def test_third_serial_letter_costs() -> None:
    assert is_valid("京N8PXF8")
    # the OCR hesitates between X and 8: two letters in the serial is the likelier plate
    reads = [*_reads("京N8P"), CharRead("X", 0.5, (("X", 0.5), ("8", 0.4))), *_reads("F8")]
    decoded = decode(reads)
    assert decoded is not None
    assert decoded.text == "京N8P8F8"


def test_white_plate_wants_the_police_suffix() -> None:
    reads = [*_reads("皖A1234"), CharRead("9", 0.6, (("9", 0.6), ("警", 0.3)))]
    assert decode(reads, "white").text == "皖A1234警"  # type: ignore[union-attr]
    assert decode(reads, "blue").text == "皖A12349"  # type: ignore[union-attr]


def test_colour_misfit_is_a_cost_not_a_veto() -> None:
    decoded = decode(_reads("皖AD12345"), "blue")
    assert decoded is not None
    assert decoded.text == "皖AD12345"
    assert decoded.score < decode(_reads("皖AD12345"), "green").score  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("pattern", "text", "colour", "fits"),
    [
        ("ordinary", "皖A12345", "blue", True),
        ("ordinary", "皖A12345", "yellow", True),
        ("ordinary", "皖A12345", "white", False),
        ("ordinary", "皖A12345", "green", False),
        ("special", "皖A1234学", "yellow", True),
        ("special", "皖A1234学", "blue", False),
        ("special", "皖A1234警", "white", True),
        ("special", "粤Z1234港", "black", True),
        ("new_energy_small", "皖AD12345", "green", True),
        ("new_energy_large", "皖A12345D", "yellow_green", True),
        ("embassy", "使123456", "black", True),
        ("ordinary", "皖A12345", "unknown", True),
        ("ordinary", "皖A12345", None, True),
    ],
)
def test_shapes_and_colours_of_ga36(
    pattern: str, text: str, colour: str | None, fits: bool
) -> None:
    assert colour_fits(pattern, text, colour) is fits


def test_pattern_of_names_the_shape() -> None:
    assert pattern_of("皖A12345") == "ordinary"
    assert pattern_of("皖A1234挂") == "special"
    assert pattern_of("皖AD12345") == "new_energy_small"
    assert pattern_of("皖A12345D") == "new_energy_large"
    assert pattern_of("使123456") == "embassy"
    assert pattern_of("ABC") is None
