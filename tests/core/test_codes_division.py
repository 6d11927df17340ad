"""GB/T 2260 divisions come from python-stdnum's table (the one stdnum.cn.ric uses)."""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.codes import division
from custom_components.smart_community.core.codes.exceptions import (
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
)


def test_district_is_named_with_province_and_city() -> None:
    found = division.get_division("340104")
    assert (found.province, found.city, found.district) == ("安徽省", "合肥市", "蜀山区")
    assert found.full_name == "安徽省合肥市蜀山区"
    assert found.short_district == "蜀山"


def test_renamed_district_uses_todays_name() -> None:
    # 340102 was 东市区 until 2001 and is 瑶海区 since 2002
    assert division.get_division("340102").district == "瑶海区"


def test_city_and_province_levels() -> None:
    assert division.get_division("340100").city == "合肥市"
    assert division.get_division("340100").district == ""
    assert division.get_division("340000").city == ""


def test_abolished_division_is_invalid() -> None:
    # 340120 (市区) only existed until 1983
    with pytest.raises(InvalidComponent, match="not a GB/T 2260 division in use"):
        division.validate("340120")


def test_unknown_division_is_invalid() -> None:
    assert not division.is_valid("349999")
    assert division.is_valid("340104")


def test_length_and_digits() -> None:
    with pytest.raises(InvalidLength):
        division.validate("34010")
    with pytest.raises(InvalidFormat):
        division.validate("34010A")
