"""Device time stamps: every form the devices send becomes an aware datetime."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE, parse_time

EXPECTED = datetime(2024, 1, 30, 14, 34, 0, tzinfo=LOCAL_ZONE)


@pytest.mark.parametrize(
    "value",
    [
        "20240130143400",
        20240130143400,
        1706596440000,
        "1706596440000",
        1706596440,
        "1706596440",
        "2024-01-30T14:34:00+08:00",
        "2024-01-30T06:34:00Z",
        "2024-01-30 14:34:00",
        "2024/01/30 14:34:00",
        "20240130T143400",
        "2024-01-30T14:34:00.000+0800",
        " 2024-01-30T14:34:00 ",
    ],
)
def test_every_device_time_form_is_the_same_instant(value: object) -> None:
    parsed = parse_time(value)
    assert parsed == EXPECTED
    assert parsed.utcoffset() is not None


def test_time_without_zone_is_asia_shanghai() -> None:
    assert parse_time("2024-01-30 14:34:00").utcoffset() == timedelta(hours=8)


def test_compact_time_with_milliseconds() -> None:
    assert parse_time("20240130143400123").microsecond == 123000


def test_aware_time_keeps_its_zone() -> None:
    assert parse_time("2024-01-30T06:34:00+00:00").astimezone(UTC).hour == 6


@pytest.mark.parametrize("value", ["", "yesterday", "2024-13-45", True, None, [2024], "12345"])
def test_malformed_time_is_a_decode_error(value: object) -> None:
    with pytest.raises(DecodeError):
        parse_time(value, field="ShotTime")


def test_error_names_the_field() -> None:
    with pytest.raises(DecodeError, match="PassTime"):
        parse_time("soon", field="PassTime")


@pytest.mark.parametrize("value", ["20240130143400.5", "1706596440.5", "1706596440500.0"])
def test_fractional_times(value: str) -> None:
    parsed = parse_time(value)
    assert parsed.replace(microsecond=0) == EXPECTED
    assert parsed.microsecond == 500000
