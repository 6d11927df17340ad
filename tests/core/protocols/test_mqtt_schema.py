"""The MQTT schema: topics, each event type, state, availability, and malformed messages."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from custom_components.smart_community.core.devices import DeviceKind
from custom_components.smart_community.core.events import DeviceEvent, EventKind, ImageType
from custom_components.smart_community.core.protocols import mqtt_schema
from custom_components.smart_community.core.protocols.errors import (
    BadImage,
    DecodeError,
    EncodeError,
    ImageTooLarge,
)
from custom_components.smart_community.core.protocols.mqtt_commands import COMMAND_SPECS
from custom_components.smart_community.core.protocols.mqtt_schema import (
    EVENT_SPECS,
    STATE_SPECS,
    Channel,
    decode_mqtt,
    parse_topic,
    topic_for,
)
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

from .helpers import b64, tiny_jpeg

NOW = datetime(2024, 1, 30, 15, 0, tzinfo=LOCAL_ZONE)
EVENT = "sc/hf001/34010400001320000001/event"


def decode(
    payload: dict[str, object], topic: str = EVENT, max_image_bytes: int = 10 << 20
) -> DeviceEvent:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return decode_mqtt(topic, body, now=NOW, max_image_bytes=max_image_bytes)


def test_topic_layout() -> None:
    assert topic_for("sc/hf001", "D1", Channel.STATE) == "sc/hf001/D1/state"
    parsed = parse_topic("sc/hf001/D1/availability")
    assert (parsed.prefix, parsed.device_code, parsed.channel) == (
        "sc/hf001",
        "D1",
        Channel.AVAILABILITY,
    )
    assert str(parsed) == "sc/hf001/D1/availability"


@pytest.mark.parametrize("topic", ["D1/event", "sc/D1/unknown", "sc//event", ""])
def test_malformed_topic(topic: str) -> None:
    with pytest.raises(DecodeError):
        parse_topic(topic)


@pytest.mark.parametrize("prefix,code", [("sc/#", "D1"), ("sc", "a/b"), ("", "D1"), ("sc", "+")])
def test_topic_levels_may_not_be_wildcards(prefix: str, code: str) -> None:
    with pytest.raises(EncodeError):
        topic_for(prefix, code, Channel.EVENT)


def test_face_capture_with_images_quality_and_bbox() -> None:
    jpeg = tiny_jpeg()
    event = decode(
        {
            "type": "face_capture",
            "time": 1706596440000,
            "face_image": b64(jpeg),
            "scene_image": b64(jpeg),
            "quality": 0.8,
            "bbox": [1, 2, 30, 40],
        }
    )
    assert event.kind is EventKind.FACE_CAPTURE
    assert event.device_id == "34010400001320000001"
    assert event.time.isoformat() == "2024-01-30T14:34:00+08:00"
    assert [image.type for image in event.images] == [ImageType.FACE, ImageType.SCENE]
    assert event.images[0].data == jpeg
    assert event.attributes == {"quality": 0.8, "bbox": [1, 2, 30, 40]}
    assert event.source == "mqtt"


def test_face_capture_naming_a_person_is_a_match() -> None:
    event = decode(
        {
            "type": "face_capture",
            "face_image": b64(tiny_jpeg()),
            "person_id": "P1",
            "similarity": 0.9,
        }
    )
    assert event.kind is EventKind.FACE_MATCH
    assert (event.person_id, event.similarity) == ("P1", 0.9)


def test_missing_time_is_receive_time_and_iso_without_zone_is_shanghai() -> None:
    assert decode({"type": "passage"}).time == NOW
    event = decode({"type": "passage", "time": "2024-01-30 14:34:00"})
    assert event.time.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("kind", ["passage", "forced", "tailgating"])
def test_turnstile_events_are_access(kind: str) -> None:
    event = decode({"type": kind, "direction": "IN", "count": 2})
    assert (event.kind, event.event_type, event.direction) == (EventKind.ACCESS, kind, "in")


def test_plate_read() -> None:
    event = decode(
        {
            "type": "plate_read",
            "plate": "皖A12345",
            "plate_color": "蓝",
            "confidence": 0.97,
            "lane": "2",
            "image": b64(tiny_jpeg()),
            "plate_image": b64(tiny_jpeg()),
        }
    )
    assert (event.kind, event.plate, event.plate_color, event.confidence, event.door) == (
        EventKind.VEHICLE,
        "皖A12345",
        "blue",
        0.97,
        "2",
    )
    assert [image.type for image in event.images] == [ImageType.SCENE, ImageType.PLATE]


def test_access_terminal_verified_and_denied() -> None:
    ok = decode({"type": "verified", "method": "face", "person_id": "P1", "door": "1"})
    assert (ok.kind, ok.event_type, ok.method, ok.door) == (
        EventKind.ACCESS,
        "verified",
        "face",
        "1",
    )
    no = decode({"type": "denied", "method": "ic_card", "reason": "expired"})
    assert (no.event_type, no.attributes["reason"]) == ("denied", "expired")


def test_alarm_with_evidence_image() -> None:
    event = decode({"type": "alarm", "alarm": "falling_object", "image": b64(tiny_jpeg())})
    assert (event.kind, event.event_type, event.attributes["active"]) == (
        EventKind.ALARM,
        "falling_object",
        True,
    )
    assert event.images[0].type is ImageType.SCENE
    cleared = decode({"type": "alarm", "alarm": "tilt", "active": False, "value": 3})
    assert cleared.attributes == {"active": False, "value": 3.0}


def test_patrol_check_in() -> None:
    event = decode({"type": "check_in", "guard_id": "G7", "guard_name": "王五"})
    assert (event.kind, event.event_type, event.person_id, event.person_name, event.method) == (
        EventKind.ACCESS,
        "patrol_check_in",
        "G7",
        "王五",
        "nfc",
    )


def test_meter_reading_event_and_state() -> None:
    event = decode({"type": "reading", "reading": "12.5", "unit": "m3"})
    assert (event.kind, event.event_type, event.attributes) == (
        EventKind.STATE,
        "meter_reading",
        {"reading": 12.5, "unit": "m3"},
    )
    state = decode({"reading": 13, "unit": "kWh"}, topic="sc/M1/state")
    assert state.attributes == {"reading": 13.0, "unit": "kWh"}


def test_barrier_state_keeps_extra_fields() -> None:
    state = decode(
        {"barrier": "Moving", "vehicle_present": 1, "fault": None, "firmware": "1.2"},
        topic="sc/B1/state",
    )
    assert (state.kind, state.event_type) == (EventKind.STATE, "state")
    assert state.attributes == {"barrier": "moving", "vehicle_present": True, "firmware": "1.2"}


def test_camera_retention_and_recording_state() -> None:
    state = decode({"recording": True, "retention_days": 30}, topic="sc/NVR1/state")
    assert state.attributes == {"recording": True, "retention_days": 30}


@pytest.mark.parametrize("payload", [b"online", b" ONLINE\r\n", b'"online"'])
def test_availability_online(payload: bytes) -> None:
    event = decode_mqtt("sc/D1/availability", payload, now=NOW)
    assert (event.kind, event.event_type, event.attributes) == (
        EventKind.STATE,
        "availability",
        {"online": True},
    )


def test_availability_garbage() -> None:
    with pytest.raises(DecodeError, match="online or offline"):
        decode_mqtt("sc/D1/availability", b"maybe")


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"plate": "皖A1"}, "type"),
        ({"type": "teleport"}, "type"),
        ({"type": "plate_read"}, "plate"),
        ({"type": "plate_read", "plate": "皖A1", "confidence": "high"}, "confidence"),
        ({"type": "passage", "direction": "sideways"}, "direction"),
        ({"type": "passage", "count": 1.5}, "count"),
        ({"type": "face_capture", "face_image": b64(b"x"), "bbox": [1, 2]}, "bbox"),
        ({"type": "alarm", "alarm": "smoke", "active": "perhaps"}, "active"),
        ({"type": "passage", "time": "soon"}, "time"),
    ],
)
def test_wrong_or_missing_fields_name_the_field(payload: dict[str, object], field: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode(payload)
    assert info.value.field == field


def test_bad_base64_image() -> None:
    with pytest.raises(BadImage):
        decode({"type": "face_capture", "face_image": "***"})


def test_image_over_the_limit() -> None:
    big = b64(b"\xff\xd8" + bytes(2000))
    with pytest.raises(ImageTooLarge):
        decode({"type": "face_capture", "face_image": big}, max_image_bytes=1000)


@pytest.mark.parametrize("payload", [b"", b"{", b"[1, 2]", b'"text"', b"\xff\xfe\x00"])
def test_payload_that_is_not_a_json_object(payload: bytes) -> None:
    with pytest.raises(DecodeError):
        decode_mqtt(EVENT, payload)


def test_command_topic_is_not_a_device_message() -> None:
    with pytest.raises(DecodeError, match="command"):
        decode_mqtt("sc/D1/command", b"{}")


# The documentation is the contract with vendors: every type, field and command is in it.
DOC = (Path(mqtt_schema.__file__).parent / "MQTT.md").read_text(encoding="utf-8")


def test_mqtt_md_documents_every_event_type_and_field() -> None:
    for spec in EVENT_SPECS.values():
        row = next((line for line in DOC.splitlines() if line.startswith(f"| `{spec.type}`")), "")
        assert row, spec.type
        for field_spec in spec.fields:
            assert f"`{field_spec.name}`" in row, (spec.type, field_spec.name)


def test_mqtt_md_documents_every_state_field_and_command() -> None:
    for kind, specs in STATE_SPECS.items():
        rows = [line for line in DOC.splitlines() if line.startswith("|") and kind.value in line]
        assert rows or not specs, kind
        for spec in specs:
            assert any(f"`{spec.name}`" in row for row in rows), (kind, spec.name)
    for kind, commands in COMMAND_SPECS.items():
        for command in commands:
            assert re.search(rf"\| {kind.value}.*`{command.value}`", DOC), (kind, command)
    assert DeviceKind.BARRIER in COMMAND_SPECS
