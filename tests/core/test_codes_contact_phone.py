"""Register contact numbers: a fixed line with area code and dash, or an 11-digit mobile."""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.codes import contact_phone
from custom_components.smart_community.core.codes.exceptions import (
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
)


def test_standard_examples_are_valid() -> None:
    assert contact_phone.validate("0551-65695119") == "0551-65695119"
    assert contact_phone.validate("17756063080") == "17756063080"


def test_three_digit_area_code() -> None:
    assert contact_phone.is_valid("010-12345678")


def test_fixed_line_needs_the_dash() -> None:
    with pytest.raises(InvalidFormat, match="dash"):
        contact_phone.validate("055165695119")


def test_fixed_line_has_10_to_12_digits() -> None:
    with pytest.raises(InvalidLength):
        contact_phone.validate("0551-656951191")
    with pytest.raises(InvalidLength):
        contact_phone.validate("021-51831088-80901")


def test_fixed_line_must_exist_in_the_numbering_plan() -> None:
    with pytest.raises(InvalidComponent):
        contact_phone.validate("0551-1234567")


def test_mobile_has_11_digits() -> None:
    with pytest.raises(InvalidLength):
        contact_phone.validate("1775606308")
    with pytest.raises(InvalidFormat):
        contact_phone.validate("177560630801")  # the standard's "12位" is not accepted


def test_mobile_prefix_must_be_allocated() -> None:
    with pytest.raises(InvalidComponent):
        contact_phone.validate("12345678901")


def test_spaces_and_country_code_are_dropped() -> None:
    assert contact_phone.validate("+86 138 0013 8000") == "13800138000"


def test_other_text_is_rejected() -> None:
    assert not contact_phone.is_valid("电话")
    assert not contact_phone.is_valid("")
