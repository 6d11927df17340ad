"""GA/T 1400 / GA/T 2000.248 object IDs."""

from __future__ import annotations

import pytest

from custom_components.smart_community.core.gat1400.ids import (
    BasicType,
    InvalidObjectId,
    ObjectType,
    basic_object_id,
    parse_object_id,
    semantic_object_id,
)

DEVICE = "34010400009713280001"


def test_basic_object_id_has_41_digits_in_four_segments() -> None:
    value = basic_object_id(DEVICE, BasicType.IMAGE, "20240501083000", 12)
    assert len(value) == 41
    assert value == DEVICE + "02" + "20240501083000" + "00012"


def test_face_id_is_source_id_plus_type_06_plus_serial() -> None:
    source = basic_object_id(DEVICE, BasicType.IMAGE, "20240501083000", 1)
    face = semantic_object_id(source, ObjectType.FACE, 1)
    assert len(face) == 48
    assert face == source + "06" + "00001"
    parts = parse_object_id(face)
    assert (parts.device_id, parts.basic_type, parts.time, parts.basic_serial) == (
        DEVICE,
        BasicType.IMAGE,
        "20240501083000",
        1,
    )
    assert (parts.object_type, parts.object_serial) == (ObjectType.FACE, 1)


def test_motor_vehicle_type_is_02() -> None:
    source = basic_object_id(DEVICE, BasicType.IMAGE, "20240501083000", 1)
    assert semantic_object_id(source, ObjectType.MOTOR_VEHICLE, 1)[41:43] == "02"


@pytest.mark.parametrize(
    ("device", "time", "serial", "segment"),
    [
        ("3401040000971328000", "20240501083000", 1, "device code"),
        ("3401040000971328000X", "20240501083000", 1, "device code"),
        (DEVICE, "2024-05-01 08:30", 1, "time"),
        (DEVICE, "20240501083000", 0, "serial"),
        (DEVICE, "20240501083000", 100_000, "serial"),
    ],
)
def test_invalid_segments_are_named(device: str, time: str, serial: int, segment: str) -> None:
    with pytest.raises(InvalidObjectId, match=segment):
        basic_object_id(device, BasicType.IMAGE, time, serial)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1" * 40, "length"),
        ("1" * 40 + "x", "digits"),
        (DEVICE + "55" + "20240501083000" + "00001", "sub-type"),
        (DEVICE + "02" + "20240501083000" + "00001" + "42" + "00001", "object type"),
    ],
)
def test_parse_rejects(value: str, message: str) -> None:
    with pytest.raises(InvalidObjectId, match=message):
        parse_object_id(value)


def test_semantic_id_needs_a_basic_id() -> None:
    face = semantic_object_id(
        basic_object_id(DEVICE, BasicType.IMAGE, "20240501083000", 1), ObjectType.FACE, 1
    )
    with pytest.raises(InvalidObjectId):
        semantic_object_id(face, ObjectType.FACE, 1)
