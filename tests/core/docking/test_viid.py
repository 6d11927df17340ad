"""GA/T 1400 JSON: objects built from captures, envelopes, status classification."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta

import pytest

from custom_components.smart_community.core.docking.capture import (
    Capture,
    CaptureKind,
    NotDockable,
    capture_from_event,
)
from custom_components.smart_community.core.events import (
    DeviceEvent,
    EventImage,
    EventKind,
    ImageType,
)
from custom_components.smart_community.core.gat1400.jpeg import jpeg_size
from custom_components.smart_community.core.gat1400.viid import (
    RESOURCES,
    MalformedResponse,
    NotificationHeader,
    ObjectStatus,
    Outcome,
    build_object,
    encode,
    list_body,
    notification_body,
    parse_statuses,
    viid_time,
)

from .conftest import DEVICES, T0, face_capture, make_jpeg


def test_face_object_fields_and_ids() -> None:
    capture = face_capture(0)
    object_id, obj = build_object(capture, 7)
    source = DEVICES[0] + "02" + "20240501083000" + "00007"
    assert object_id == source + "06" + "00001" == obj["FaceID"]
    assert obj["SourceID"] == source
    assert obj["DeviceID"] == DEVICES[0]
    images = obj["SubImageList"]["SubImageInfoObject"]
    assert [i["Type"] for i in images] == ["14", "11"]  # scene first, then face
    assert [i["ImageID"] for i in images] == [source, source[:-5] + "00008"]
    assert images[0]["ShotTime"] == "20240501083000"
    assert (images[0]["Width"], images[0]["Height"]) == (64, 48)
    assert images[0]["FileFormat"] == "Jpeg"
    assert base64.b64decode(images[0]["Data"]) == capture.images[0].data


def test_same_capture_builds_the_same_bytes() -> None:
    assert encode(build_object(face_capture(3), 1)[1]) == encode(
        build_object(face_capture(3), 1)[1]
    )


def test_shot_time_is_beijing_time() -> None:
    utc = T0.astimezone(datetime.now().astimezone().tzinfo)
    assert viid_time(utc) == "20240501083000"


def test_motor_vehicle_object() -> None:
    jpeg = make_jpeg()
    capture = Capture(
        record_key="v1",
        kind=CaptureKind.MOTOR_VEHICLE,
        device_id=DEVICES[2],
        time=T0,
        images=(EventImage(ImageType.SCENE, jpeg), EventImage(ImageType.PLATE, jpeg)),
        plate="皖A12345",
        plate_color="blue",
    )
    object_id, obj = build_object(capture, 1)
    assert object_id[41:43] == "02" and obj["MotorVehicleID"] == object_id
    assert (obj["PlateNo"], obj["PlateColor"], obj["HasPlate"]) == ("皖A12345", "5", "1")
    assert [i["Type"] for i in obj["SubImageList"]["SubImageInfoObject"]] == ["01", "02"]
    assert "皖A12345".encode() in encode(obj)


def test_list_body_is_the_resource_envelope() -> None:
    objects = [encode(build_object(face_capture(n), 1)[1]) for n in range(3)]
    body = json.loads(list_body(RESOURCES[CaptureKind.FACE], objects))
    assert len(body["FaceListObject"]["FaceObject"]) == 3


def test_notification_body() -> None:
    object_id, obj = build_object(face_capture(0), 1)
    header = NotificationHeader(
        notification_id="N1", subscribe_id="S1", title="faces", trigger_time="20240501083001"
    )
    body = json.loads(
        notification_body(header, RESOURCES[CaptureKind.FACE], [object_id], [encode(obj)])
    )
    note = body["SubscribeNotificationListObject"]["SubscribeNotificationObject"][0]
    assert (note["NotificationID"], note["SubscribeID"], note["InfoIDs"]) == ("N1", "S1", object_id)
    assert note["FaceObjectList"]["FaceObject"][0]["FaceID"] == object_id


@pytest.mark.parametrize(
    ("code", "text", "outcome"),
    [
        (0, "OK", Outcome.OK),
        (0, "duplicate", Outcome.DUPLICATE),
        (1, "object already exists", Outcome.DUPLICATE),
        (4, "数据重复", Outcome.DUPLICATE),
        (2, "Device Busy", Outcome.RETRY),
        (1, "Other Error", Outcome.RETRY),
        (8, "Invalid JSON Content", Outcome.REJECTED),
        (4, "Invalid Operation", Outcome.REJECTED),
    ],
)
def test_status_outcomes(code: int, text: str, outcome: Outcome) -> None:
    assert ObjectStatus("x", code, text).outcome is outcome


def test_parse_statuses_list_and_single() -> None:
    listed = parse_statuses(
        {
            "ResponseStatusListObject": {
                "ResponseStatusObject": [
                    {"Id": "a", "StatusCode": 0, "StatusString": "OK"},
                    {"Id": "b", "StatusCode": "2", "StatusString": "busy"},
                ]
            }
        }
    )
    assert [(s.object_id, s.code) for s in listed] == [("a", 0), ("b", 2)]
    single = parse_statuses({"ResponseStatusObject": {"Id": "c", "StatusCode": 0}})
    assert single == [ObjectStatus("c", 0, "")]
    bad: object
    for bad in (
        None,
        [],
        {"Other": 1},
        {"ResponseStatusObject": {"Id": "x"}},
        {"ResponseStatusObject": {"StatusCode": "x"}},
    ):
        with pytest.raises(MalformedResponse):
            parse_statuses(bad)


def test_capture_from_event() -> None:
    jpeg = make_jpeg()
    event = DeviceEvent(
        kind=EventKind.FACE_CAPTURE,
        device_id="aa:bb",
        time=T0,
        images=(EventImage(ImageType.FACE, jpeg), EventImage(ImageType.SCENE, jpeg)),
    )
    capture = capture_from_event(event, record_key="r1", device_id=DEVICES[0])
    assert capture.kind is CaptureKind.FACE and capture.device_id == DEVICES[0]
    assert [i.type for i in capture.images] == [ImageType.SCENE, ImageType.FACE]
    with pytest.raises(NotDockable, match="20-digit"):
        capture_from_event(event, record_key="r1")
    with pytest.raises(NotDockable, match="alarm"):
        capture_from_event(
            DeviceEvent(kind=EventKind.ALARM, device_id=DEVICES[0], time=T0), record_key="r2"
        )
    with pytest.raises(NotDockable, match="timezone"):
        capture_from_event(
            DeviceEvent(
                kind=EventKind.VEHICLE,
                device_id=DEVICES[0],
                time=T0.replace(tzinfo=None),
                plate="皖A1",
            ),
            record_key="r3",
        )
    vehicle = capture_from_event(
        DeviceEvent(
            kind=EventKind.VEHICLE,
            device_id=DEVICES[0],
            time=T0 + timedelta(seconds=1),
            plate="皖A1",
        ),
        record_key="r4",
    )
    assert vehicle.kind is CaptureKind.MOTOR_VEHICLE and vehicle.plate == "皖A1"


def test_jpeg_size_reads_the_sof_marker() -> None:
    assert jpeg_size(make_jpeg(320, 200)) == (320, 200)
    assert jpeg_size(b"\xff\xd8\xff") == (0, 0)
    assert jpeg_size(b"GIF89a") == (0, 0)


def test_person_object() -> None:
    capture = Capture(
        record_key="p1",
        kind=CaptureKind.PERSON,
        device_id=DEVICES[0],
        time=T0,
        images=(EventImage(ImageType.SCENE, make_jpeg()),),
    )
    object_id, obj = build_object(capture, 1)
    assert object_id[41:43] == "01" and obj["PersonID"] == object_id
    assert obj["PersonAppearTime"] == "20240501083000"
    assert RESOURCES[CaptureKind.PERSON].path == "/VIID/Persons"
    body = json.loads(list_body(RESOURCES[CaptureKind.PERSON], [encode(obj)]))
    assert body["PersonListObject"]["PersonObject"][0]["PersonID"] == object_id
