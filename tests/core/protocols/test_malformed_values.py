"""Values no device should send, in fields the decoders compute with: each is a DecodeError.

Issue 13, finding 8: ``1e999`` / ``nan`` in integer fields raised OverflowError / ValueError,
ids of 1e300 became "1e+300", a superscript-digit time raised ValueError, a year-9999 time
with a negative offset overflowed later. ``float`` and ``int`` are too lenient for devices.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from custom_components.smart_community.core.gat1400.bodies import decode_body
from custom_components.smart_community.core.protocols.dahua import decode_dahua
from custom_components.smart_community.core.protocols.documents import load_json
from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.protocols.isapi import decode_isapi
from custom_components.smart_community.core.protocols.keys import pick_str
from custom_components.smart_community.core.protocols.mqtt_schema import decode_mqtt
from custom_components.smart_community.core.protocols.numbers import (
    finite_number,
    fraction,
    integer,
)
from custom_components.smart_community.core.protocols.plate_colors import normalise_plate_color
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE, parse_time

NOW = datetime(2024, 1, 30, 15, 0, tzinfo=LOCAL_ZONE)


def _isapi_access(major: str, minor: str = "75", similarity: str = "90") -> bytes:
    return (
        "<EventNotificationAlert><eventType>AccessControllerEvent</eventType>"
        f"<AccessControllerEvent><majorEventType>{major}</majorEventType>"
        f"<subEventType>{minor}</subEventType><similarity>{similarity}</similarity>"
        "</AccessControllerEvent></EventNotificationAlert>"
    ).encode()


@pytest.mark.parametrize("value", ["1e999", "nan", "inf", "-inf", "5.5", "9" * 30, "abc", ""])
def test_isapi_event_codes_must_be_integers(value: str) -> None:
    with pytest.raises(DecodeError, match="majorEventType"):
        decode_isapi(_isapi_access(value or " x"), "application/xml", now=NOW)


@pytest.mark.parametrize("value", ["nan", "inf", "1e999", "-1", "250", "1e308"])
def test_isapi_similarity_must_be_a_fraction_or_percentage(value: str) -> None:
    with pytest.raises(DecodeError, match="similarity"):
        decode_isapi(_isapi_access("5", similarity=value), "application/xml", now=NOW)


def test_isapi_valid_codes_and_percentages_still_decode() -> None:
    (event,) = decode_isapi(_isapi_access("5.0", similarity="87.5"), "application/xml", now=NOW)
    assert (event.event_type, event.similarity) == ("verified", 0.875)


@pytest.mark.parametrize(
    ("value", "reason"),
    [(1e300, "expected an id"), (float(2**60), "expected an id"), (10**45, "too large")],
)
def test_numbers_that_are_no_id(value: object, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        pick_str({"employeeNo": value}, "employeeNo")


def test_ids_as_numbers_and_long_texts() -> None:
    assert pick_str({"id": 1001.0}, "id") == "1001"
    assert pick_str({"id": 34010400001320000001}, "id") == "34010400001320000001"
    with pytest.raises(DecodeError, match="at most 1024"):
        pick_str({"name": "x" * 1025}, "name")


def test_isapi_huge_employee_number_is_refused() -> None:
    body = json.dumps(
        {
            "eventType": "AccessControllerEvent",
            "AccessControllerEvent": {"majorEventType": 5, "subEventType": 75, "employeeNo": 1e300},
        }
    ).encode()
    with pytest.raises(DecodeError, match="employeeNo"):
        decode_isapi(body, "application/json", now=NOW)


@pytest.mark.parametrize(
    "data",
    ['"Similarity": 1e999', '"Similarity": "nan"', '"Similarity": ' + "9" * 400],
)
def test_dahua_similarity_out_of_range(data: str) -> None:
    record = 'Code=_DoorFace_;action=Pulse;index=0;data={"UserID": "1", ' + data + "}"
    with pytest.raises(DecodeError):
        decode_dahua(record, now=NOW)


@pytest.mark.parametrize(
    ("fields", "name"),
    [
        ({"type": "verified", "method": "face", "similarity": "nan"}, "similarity"),
        ({"type": "verified", "method": "face", "similarity": 5}, "similarity"),
        ({"type": "alarm", "alarm": "smoke", "level": 9}, "level"),
        ({"type": "passage", "count": "1e999"}, "count"),
        ({"type": "passage", "count": 2.5}, "count"),
        ({"type": "passage", "count": 2**70}, "count"),
        ({"type": "plate_read", "plate": "A" * 2000}, "plate"),
        ({"type": "face_capture", "face_image": "AAAA", "bbox": [1e308, 0, 1, 1]}, "bbox"),
    ],
)
def test_mqtt_numbers_and_texts_out_of_range(fields: dict[str, object], name: str) -> None:
    body = json.dumps(fields).encode()
    with pytest.raises(DecodeError, match=name):
        decode_mqtt("sc/34010400001320000001/event", body, now=NOW)


@pytest.mark.parametrize(
    "value",
    [
        "²²²²²²²²²²",  # str.isdigit() says digits; float() refuses
        "٢٠٢٤٠١٣٠١٤٣٤٠٠",  # Arabic-Indic digits
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00",
        "1969-07-20T20:17:00Z",
        "2100-01-01T00:00:00+08:00",
        1e300,
        float("nan"),
        10**40,
        "9" * 5000,
        "2024-01-30T14:34:00+08:00" + " " * 100 + "x",
    ],
)
def test_times_out_of_range_or_in_odd_digits(value: object) -> None:
    with pytest.raises(DecodeError):
        parse_time(value)


def test_times_at_the_edges_of_the_range() -> None:
    assert parse_time(0).year == 1970  # an unset device clock
    assert parse_time("2099-12-31T23:59:59+08:00").year == 2099


def test_number_helpers() -> None:
    assert integer("7", "f") == 7
    assert integer(7.0, "f") == 7
    assert fraction(0.5, "f") == 0.5
    assert fraction("95", "f") == 0.95
    assert finite_number(None, "f") is None
    for bad in (True, [1], {"a": 1}, "1" * 41, 2**64):
        with pytest.raises(DecodeError):
            finite_number(bad, "f")


@pytest.mark.parametrize("color", ["²", "٥", "9" * 5000, "5"])
def test_plate_colour_codes_in_odd_digits(color: str) -> None:
    # "²".isdigit() is True and int("²") raised ValueError inside the GA/T 1400 decoder
    assert normalise_plate_color(color, gat1400_codes=True) in ("blue", color.lower()[:64])
    body = json.dumps(
        {
            "MotorVehicleListObject": {
                "MotorVehicleObject": [
                    {"MotorVehicleID": "1", "PassTime": "20240130143400", "PlateColor": color}
                ]
            }
        }
    ).encode()
    decoded = decode_body(load_json(body), max_image_bytes=1024)
    assert decoded.errors == [] and len(decoded.events) == 1


def test_sub_image_type_in_odd_digits() -> None:
    body = json.dumps(
        {
            "FaceListObject": {
                "FaceObject": [
                    {
                        "FaceID": "1",
                        "ShotTime": "20240130143400",
                        "SubImageList": {"SubImageInfoObject": [{"Type": "²", "Data": "/9j/"}]},
                    }
                ]
            }
        }
    ).encode()
    decode_body(load_json(body), max_image_bytes=1024)
