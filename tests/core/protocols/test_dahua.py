"""Dahua event stream records, including pretty-printed multi-line data."""

from __future__ import annotations

from datetime import datetime

import pytest

from custom_components.smart_community.core.events import EventKind
from custom_components.smart_community.core.protocols.dahua import (
    decode_dahua,
    parse_record,
    split_records,
)
from custom_components.smart_community.core.protocols.errors import DecodeError
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

from .helpers import payload

NOW = datetime(2024, 1, 30, 15, 0, tzinfo=LOCAL_ZONE)


def test_stream_with_boundaries_heartbeat_and_multi_line_data() -> None:
    events = decode_dahua(payload("dahua_access_control.txt"), device_id="DH1", now=NOW)
    assert [(e.kind, e.event_type) for e in events] == [
        (EventKind.STATE, "motion"),
        (EventKind.ACCESS, "verified"),
        (EventKind.STATE, "motion"),
    ]
    access = events[1]
    assert (access.person_id, access.person_name, access.method, access.similarity) == (
        "1001",
        "张三",
        "face",
        0.92,
    )
    assert (access.direction, access.door, access.device_id) == ("in", "0", "DH1")
    assert access.time.isoformat() == "2024-01-30T14:38:00+08:00"  # epoch UTC field
    assert events[2].attributes["active"] is False


def test_traffic_face_alarm_and_unknown_codes() -> None:
    events = decode_dahua(payload("dahua_events.txt"), now=NOW)
    plate, face, alarm, cross, other = events
    assert (plate.kind, plate.plate, plate.plate_color, plate.door) == (
        EventKind.VEHICLE,
        "皖A12345",
        "blue",
        "1",
    )
    assert plate.time.isoformat() == "2024-01-30T14:41:00+08:00"  # RealUTC wins
    assert (face.kind, face.person_id, face.similarity) == (EventKind.FACE_MATCH, "P-000231", 0.88)
    assert face.time.isoformat() == "2024-01-30T14:42:00+08:00"
    assert (alarm.kind, alarm.event_type, alarm.time) == (EventKind.ALARM, "alarm_input", NOW)
    assert (cross.event_type, cross.door) == ("intrusion", "0")
    assert (other.kind, other.event_type) == (EventKind.OTHER, "NewFile")


def test_denied_access() -> None:
    line = 'Code=AccessControl;action=Pulse;index=0;data={"Status":0,"Method":2,"ErrorCode":16}'
    (event,) = decode_dahua(line, now=NOW)
    assert (event.event_type, event.method, event.attributes["error_code"]) == (
        "denied",
        "ic_card",
        16,
    )


def test_record_fields_and_data_with_semicolons() -> None:
    fields, data = parse_record('Code=X;action=Pulse;index=3;data={"a": "b;c=d"}')
    assert fields == {"code": "X", "action": "Pulse", "index": "3"}
    assert data == {"a": "b;c=d"}


def test_cr_only_and_crlf_line_ends() -> None:
    text = "Code=VideoMotion;action=Start;index=0\rCode=VideoMotion;action=Stop;index=0\r\n"
    assert len(split_records(text)) == 2


def test_heartbeat_only_stream_has_no_events() -> None:
    assert decode_dahua(b"--myboundary\r\nContent-Type: text/plain\r\n\r\nHeartbeat\r\n") == []


@pytest.mark.parametrize(
    "name", ["malformed/dahua_truncated_data.txt", "malformed/dahua_garbage.txt"]
)
def test_malformed_streams(name: str) -> None:
    with pytest.raises(DecodeError):
        decode_dahua(payload(name))


@pytest.mark.parametrize(
    "text",
    [
        "Code=AccessControl;action=Pulse;index=0;data=[1,2]",
        'Code=AccessControl;action=Pulse;index=0;data={"Similarity": "high"}',
        'Code=TrafficJunction;action=Pulse;index=0;data={"LocaleTime": "noon"}',
        "Code=;action=Pulse",
        "Code=X;action",
    ],
)
def test_bad_records_say_which_record(text: str) -> None:
    with pytest.raises(DecodeError, match="record 1"):
        decode_dahua(text)


def test_attach_stream_of_an_access_terminal() -> None:
    """``eventManager.cgi?action=attach`` of a face terminal: pretty-printed data over lines."""
    events = decode_dahua(payload("dahua_attach_stream.txt"), device_id="DH9", now=NOW)
    assert [(e.kind, e.event_type, e.method) for e in events] == [
        (EventKind.ACCESS, "verified", "face"),
        (EventKind.ACCESS, "verified", "face"),
        (EventKind.ACCESS, "card_read", "ic_card"),
        (EventKind.VEHICLE, "plate_read", None),
    ]
    live, spoof, card, plate = events
    assert (live.person_id, live.similarity, live.liveness, live.door) == ("1", 0.98, True, "0")
    assert live.attributes["open_door_method"] == 3
    assert live.time == NOW  # no time in the record: the receiver's clock
    assert (spoof.person_id, spoof.similarity, spoof.liveness, spoof.door) == (
        "22222",
        0.95,
        False,  # Alive 0: the terminal's liveness check failed
        "1",
    )
    assert spoof.time.isoformat() == "2025-10-24T19:25:39+08:00"  # RealUTC
    assert card.attributes["card_no"] == "5D3A1B2C"
    assert (plate.plate, plate.plate_color, plate.door, plate.confidence) == (
        "皖AD12345",
        "yellow",
        "2",
        0.97,
    )


@pytest.mark.parametrize(
    "text",
    [
        'Code=_DoorFace_;action=Pulse;index=0;data={"Alive": "yes", "UserID": "1"}',
        'Code=_DoorFace_;action=Pulse;index=0;data={"Similarity": [98], "UserID": "1"}',
        "Code=DoorCard;action=Pulse;index=0;data={}",
    ],
)
def test_bad_terminal_records_are_refused(text: str) -> None:
    with pytest.raises(DecodeError, match="record 1"):
        decode_dahua(text)
