"""ID numbers, mobiles and plates: one test per rule, valid and invalid."""

from __future__ import annotations

from datetime import date

import pytest

from custom_components.smart_community.core.people import (
    RegistryError,
    age_on,
    birth_date,
    mask_id_number,
    validate_id_number,
    validate_mobile,
    validate_plate,
)
from custom_components.smart_community.core.people.id_number import mask_id_numbers_in_text
from custom_components.smart_community.core.people.plate import (
    is_new_energy,
    is_valid_plate,
    validate_plate_color,
)

from .helpers import CHILD_ID_NUMBER, ELDER_ID_NUMBER, LEAP_DAY_ID_NUMBER, OWNER_ID_NUMBER


def test_valid_id_number_is_compacted() -> None:
    assert validate_id_number(" 340121 19800101 1230 ") == OWNER_ID_NUMBER


def test_id_number_x_check_character_is_upper_cased() -> None:
    base = "11010519491231002"
    from stdnum.cn import ric

    number = base + ric.calc_check_digit(base + "0")
    assert number.endswith("X")
    assert validate_id_number(number.lower()) == number


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("34012119800101123", "InvalidLength"),
        ("3401211980010112301", "InvalidLength"),
        ("34012119800101A230", "InvalidFormat"),
        ("340121198001011231", "InvalidChecksum"),
        ("340121198002301239", "InvalidChecksum"),
    ],
)
def test_invalid_id_number_is_refused_with_the_reason(number: str, reason: str) -> None:
    with pytest.raises(RegistryError) as err:
        validate_id_number(number)
    assert err.value.key == "invalid_id_number"
    assert err.value.placeholders["reason"] == reason


def test_id_number_with_impossible_birth_date_is_refused() -> None:
    from stdnum.cn import ric

    base = "34012119800230123"  # 30 February
    number = base + ric.calc_check_digit(base + "0")
    with pytest.raises(RegistryError) as err:
        validate_id_number(number)
    assert err.value.placeholders["reason"] == "InvalidComponent"


def test_id_number_born_in_the_future_is_refused() -> None:
    with pytest.raises(RegistryError) as err:
        validate_id_number("340104209912310017")
    assert err.value.placeholders["reason"] == "BirthDateInFuture"


def test_birth_date_comes_from_the_number() -> None:
    assert birth_date(ELDER_ID_NUMBER) == date(1955, 3, 15)


def test_age_counts_completed_years() -> None:
    assert age_on(ELDER_ID_NUMBER, date(2026, 3, 14)) == 70
    assert age_on(ELDER_ID_NUMBER, date(2026, 3, 15)) == 71
    assert age_on(CHILD_ID_NUMBER, date(2026, 6, 1)) == 16


def test_leap_day_birthday_ages_on_first_of_march() -> None:
    assert age_on(LEAP_DAY_ID_NUMBER, date(2026, 2, 28)) == 25
    assert age_on(LEAP_DAY_ID_NUMBER, date(2026, 3, 1)) == 26


def test_mask_keeps_address_code_and_last_four() -> None:
    assert mask_id_number(OWNER_ID_NUMBER) == "340121********1230"


def test_mask_hides_short_values_completely() -> None:
    assert mask_id_number("1234") == "****"


def test_mask_in_text_finds_numbers_but_not_longer_digit_runs() -> None:
    text = f"证件 {OWNER_ID_NUMBER}，卡号 1234567890123456789012"
    assert mask_id_numbers_in_text(text) == "证件 340121********1230，卡号 1234567890123456789012"


def test_mask_in_text_handles_first_generation_15_digit_numbers() -> None:
    assert mask_id_numbers_in_text("340121800101123") == "340121*****1123"


@pytest.mark.parametrize("number", ["13800138000", "+86 138 0013 8000", "199-1234-5678"])
def test_chinese_mobile_is_stored_as_e164(number: str) -> None:
    assert validate_mobile(number).startswith("+86")


@pytest.mark.parametrize("number", ["12345", "010-12345678", "+1 650 253 0000", "not a number"])
def test_fixed_lines_foreign_and_garbage_numbers_are_refused(number: str) -> None:
    with pytest.raises(RegistryError) as err:
        validate_mobile(number)
    assert err.value.key == "invalid_mobile"


@pytest.mark.parametrize(
    ("plate", "compact"),
    [
        ("皖A12345", "皖A12345"),
        ("皖a·1234b", "皖A1234B"),
        ("京N 8P8P8", "京N8P8P8"),
        ("皖AD12345", "皖AD12345"),  # small new-energy, pure electric
        ("皖AF1234", None),  # too short for new energy: ordinary 5-character serial
        ("沪AK12345", "沪AK12345"),  # 2019+ letters for small new energy
        ("粤B12345D", "粤B12345D"),  # large new energy
        ("皖A1234警", "皖A1234警"),
        ("皖A1234学", "皖A1234学"),
        ("皖A1234挂", "皖A1234挂"),
        ("沪A1234领", "沪A1234领"),
        ("粤Z1234港", "粤Z1234港"),
        ("粤Z1234澳", "粤Z1234澳"),
        ("使014578", "使014578"),
        ("224001使", "224001使"),
    ],
)
def test_valid_plates(plate: str, compact: str | None) -> None:
    assert validate_plate(plate) == (compact or validate_plate(plate))


@pytest.mark.parametrize(
    "plate",
    [
        "",
        "A12345",  # no province
        "X A12345",  # not a province
        "皖112345",  # authority must be a letter
        "皖I12345",  # I is never issued
        "皖A1234O",  # nor O in the serial
        "皖A1234",  # too short
        "皖A123456",  # 6 digits are not a new-energy serial
        "皖AX12345",  # X is not a new-energy kind letter
        "皖AD1234A",  # small new energy ends in 4 digits
        "皖A1234D5",  # large new energy is 5 digits + D/F
        "皖A1234港",  # 港 only on 粤Z
        "皖Z1234澳",
        "使01457",
        "皖A12345警",
    ],
)
def test_invalid_plates(plate: str) -> None:
    assert not is_valid_plate(plate)
    with pytest.raises(RegistryError) as err:
        validate_plate(plate)
    assert err.value.key == "invalid_plate"
    assert err.value.placeholders == {"plate": plate}


def test_new_energy_plates_are_the_eight_character_ones() -> None:
    assert is_new_energy("皖AD12345")
    assert is_new_energy("粤B12345D")
    assert not is_new_energy("皖A12345")
    assert not is_new_energy("皖A1234警")


def test_plate_colour_must_be_one_of_the_event_colours() -> None:
    assert validate_plate_color("yellow_green") == "yellow_green"
    with pytest.raises(RegistryError) as err:
        validate_plate_color("purple")
    assert err.value.key == "invalid_plate_color"
