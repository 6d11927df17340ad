"""Hikvision ISAPI alarm-server pushes: bare JSON/XML and multipart with pictures."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from custom_components.smart_community.core.events import DeviceEvent, EventKind, ImageType
from custom_components.smart_community.core.protocols.errors import DecodeError, ImageTooLarge
from custom_components.smart_community.core.protocols.isapi import decode_isapi
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

from .helpers import payload, tiny_jpeg

NOW = datetime(2024, 1, 30, 15, 0, tzinfo=LOCAL_ZONE)


def one(
    body: bytes, content_type: str | None = None, max_image_bytes: int = 10 << 20
) -> DeviceEvent:
    (event,) = decode_isapi(body, content_type, now=NOW, max_image_bytes=max_image_bytes)
    return event


def test_anpr_xml_with_hikvision_namespace() -> None:
    event = one(payload("isapi_anpr.xml"), "application/xml")
    assert (event.kind, event.plate, event.plate_color, event.confidence, event.door) == (
        EventKind.VEHICLE,
        "皖A12345",
        "blue",
        0.98,
        "1",
    )
    assert event.device_id == "192.168.1.64"
    assert event.time.isoformat() == "2024-01-30T14:35:12+08:00"
    assert event.attributes["mac_address"] == "c0:56:e3:aa:bb:cc"
    assert event.source == "isapi"


def test_anpr_multipart_with_plate_and_scene_pictures() -> None:
    body = payload("isapi_anpr_multipart.txt")
    event = one(body, "multipart/form-data; boundary=boundary")
    assert event.plate == "皖A12345"
    assert [image.type for image in event.images] == [ImageType.PLATE, ImageType.SCENE]
    assert all(image.data.startswith(b"\xff\xd8") for image in event.images)
    assert one(body).images == event.images  # boundary from the first line


def test_access_controller_face_verified_with_picture() -> None:
    event = one(payload("isapi_access_controller_multipart.txt"))
    assert (event.kind, event.event_type, event.method, event.person_id, event.person_name) == (
        EventKind.ACCESS,
        "verified",
        "face",
        "1001",
        "张三",
    )
    assert event.attributes["granted"] is True
    assert [image.type for image in event.images] == [ImageType.FACE]


def test_access_controller_card_denied() -> None:
    event = one(payload("isapi_access_denied_card.json"), "application/json")
    assert (event.event_type, event.method, event.person_id) == ("denied", "ic_card", None)
    assert event.attributes["card_no"] == "3792456123"


def test_unknown_access_minor_type_is_kept() -> None:
    doc = json.loads(payload("isapi_access_controller.json"))
    doc["AccessControllerEvent"]["subEventType"] = 999
    event = one(json.dumps(doc).encode())
    assert event.event_type == "access_5_999"


def test_face_capture_and_snap_match() -> None:
    capture = one(payload("isapi_face_capture.json"))
    assert (capture.kind, capture.person_id) == (EventKind.FACE_CAPTURE, None)
    match = one(payload("isapi_face_snap_match.json"))
    assert (match.kind, match.person_id, match.person_name, match.similarity) == (
        EventKind.FACE_MATCH,
        "P-000231",
        "李四",
        0.87,
    )


def test_line_detection_is_a_perimeter_alarm() -> None:
    event = one(payload("isapi_linedetection.xml"))
    assert (event.kind, event.event_type, event.attributes["active"]) == (
        EventKind.ALARM,
        "intrusion",
        True,
    )


def test_other_event_types_are_other() -> None:
    event = one(payload("isapi_videoloss_heartbeat.xml"))
    assert (event.kind, event.event_type) == (EventKind.OTHER, "videoloss")


def test_bom_crlf_and_lower_case_keys() -> None:
    body = b"\xef\xbb\xbf\r\n" + json.dumps(
        {
            "IPAddress": "10.0.0.2",
            "EventType": "ANPR",
            "DateTime": "2024-01-30T14:00:00",
            "anpr": {"LicensePlate": "皖B2", "PlateColor": "yellow"},
        },
        ensure_ascii=False,
    ).encode().replace(b", ", b",\r\n")
    event = one(body)
    assert (event.plate, event.plate_color, event.device_id) == ("皖B2", "yellow", "10.0.0.2")
    assert event.time.isoformat() == "2024-01-30T14:00:00+08:00"


def test_unrecognised_plate_is_no_plate() -> None:
    body = b'{"eventType": "ANPR", "ANPR": {"licensePlate": "unknown"}}'
    event = one(body)
    assert (event.plate, event.event_type, event.time) == (None, "vehicle_pass", NOW)


def test_picture_over_the_limit() -> None:
    with pytest.raises(ImageTooLarge):
        one(payload("isapi_anpr_multipart.txt"), max_image_bytes=100)


def test_twelve_megabyte_picture_is_refused_cleanly() -> None:
    body = (
        b"--b\r\nContent-Type: application/json\r\n\r\n"
        b'{"eventType": "ANPR", "ANPR": {"licensePlate": "A1"}}\r\n'
        b"--b\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8"
        + bytes(12 * 1024 * 1024)
        + b"\r\n--b--\r\n"
    )
    with pytest.raises(ImageTooLarge, match="exceeds"):
        one(body)


def test_multipart_without_alert_document() -> None:
    body = b"--b\r\nContent-Type: image/jpeg\r\n\r\n" + tiny_jpeg() + b"\r\n--b--\r\n"
    with pytest.raises(DecodeError, match="no EventNotificationAlert"):
        one(body)


@pytest.mark.parametrize(
    "name", ["malformed/isapi_truncated.xml", "malformed/isapi_no_event_type.json"]
)
def test_malformed_bodies(name: str) -> None:
    with pytest.raises(DecodeError):
        one(payload(name))


@pytest.mark.parametrize(
    "body",
    [
        b'{"eventType": "AccessControllerEvent", "AccessControllerEvent": {"majorEventType": "x"}}',
        b'{"eventType": "ANPR", "dateTime": "noon"}',
        b'{"eventType": "ANPR", "ANPR": {"confidenceLevel": [1]}}',
        b"[1, 2]",
    ],
)
def test_wrong_types_are_decode_errors(body: bytes) -> None:
    with pytest.raises(DecodeError):
        one(body)


@pytest.mark.parametrize(
    "name,image_type",
    [
        ("licensePlatePicture.jpg", ImageType.PLATE),
        ("plateImage", ImageType.PLATE),
        ("vehiclePicture.jpg", ImageType.VEHICLE),
        ("detectionPicture.jpg", ImageType.SCENE),
        ("backgroundImage.jpg", ImageType.SCENE),
        ("faceImage.jpg", ImageType.FACE),
        ("Picture", ImageType.FACE),
        ("thumbnail.jpg", ImageType.OTHER),
    ],
)
def test_picture_part_names(name: str, image_type: ImageType) -> None:
    body = (
        b"--b\r\nContent-Type: application/json\r\n\r\n"
        b'{"eventType": "ANPR", "ANPR": {"licensePlate": "A1"}}\r\n'
        b'--b\r\nContent-Disposition: form-data; name="' + name.encode() + b'"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n" + tiny_jpeg() + b"\r\n--b--\r\n"
    )
    assert one(body).images[0].type is image_type
