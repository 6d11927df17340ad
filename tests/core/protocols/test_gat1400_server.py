"""GA/T 1400 endpoints: register with digest, keepalive, faces, vehicles, notifications."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest

from custom_components.smart_community.core.digest import (
    DigestAuth,
    client_authorization,
)
from custom_components.smart_community.core.events import EventKind, ImageType
from custom_components.smart_community.core.gat1400.bodies import (
    BodyKind,
    body_kind,
    decode_body,
)
from custom_components.smart_community.core.gat1400.codes import (
    StatusCode,
    sub_image_type,
)
from custom_components.smart_community.core.gat1400.server import (
    Gat1400Server,
    OwnDevicesOnly,
    Session,
)
from custom_components.smart_community.core.protocols.plate_colors import (
    normalise_plate_color,
)
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

from .helpers import b64, payload, tiny_jpeg

NOW = datetime(2024, 1, 30, 15, 0, tzinfo=LOCAL_ZONE)
DEVICE = "34010400001320000001"
OTHER = "34010400001320000002"
THIRD = "34010400001320000003"
VIID = {"Content-Type": "application/VIID+JSON;charset=UTF-8", "User-Identify": DEVICE}
PLATFORM = "34010400005030000009"
PASSWORDS = {DEVICE: "s3cret", OTHER: "other", THIRD: "third", PLATFORM: "platform"}


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


class Platform:
    """A view library that registers as itself and forwards any device's objects."""

    def may_register(self, username: str, device_id: str) -> bool:
        return username == device_id == PLATFORM

    def may_report(self, sender: str, device_id: str) -> bool:
        return sender == PLATFORM


def server(
    *,
    registered: tuple[str, ...] = (DEVICE, OTHER, THIRD),
    clock: Any = None,
    senders: Any = None,
    **kwargs: Any,
) -> Gat1400Server:
    """A server where ``registered`` devices hold sessions (from no particular address)."""
    gat = Gat1400Server(
        auth=DigestAuth("VIID", PASSWORDS),
        senders=senders or OwnDevicesOnly(PASSWORDS),
        server_id="34010400005030000001",
        clock=clock or (lambda: NOW),
        **kwargs,
    )
    for device in registered:
        gat.sessions[device] = Session(None, NOW + timedelta(minutes=3))
    return gat


def as_sender(device: str) -> dict[str, str]:
    return {**VIID, "User-Identify": device}


def register(gat: Gat1400Server, device: str, password: str, *, peer: str | None = None) -> int:
    """Register ``device`` with digest as a real device does: challenged, then answered."""
    body = json.dumps({"RegisterObject": {"DeviceID": device}}).encode()
    path = "/VIID/System/Register"
    first = gat.handle("POST", path, as_sender(device), body, peer=peer)
    assert first.status == 401
    authorization = client_authorization(
        first.headers["WWW-Authenticate"],
        username=device,
        password=password,
        method="POST",
        uri=path,
    )
    headers = {**as_sender(device), "Authorization": authorization}
    return gat.handle("POST", path, headers, body, peer=peer).status


def statuses(body: dict[str, Any]) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = body["ResponseStatusListObject"]["ResponseStatusObject"]
    return objects


def test_faces_upload() -> None:
    answer = server().handle("POST", "/VIID/Faces", VIID, payload("gat1400_faces.json"))
    assert answer.status == 200
    assert [s["StatusCode"] for s in statuses(answer.body)] == [0, 0]
    first = statuses(answer.body)[0]
    assert first == {
        "Id": "340104000013200000010220240130143400000010600001",
        "RequestURL": "/VIID/Faces",
        "StatusCode": 0,
        "StatusString": "OK",
        "LocalTime": "20240130150000",
    }
    face, second = answer.events
    assert (face.kind, face.device_id, face.source) == (EventKind.FACE_CAPTURE, DEVICE, "gat1400")
    assert face.time.isoformat() == "2024-01-30T14:33:59+08:00"  # FaceAppearTime
    assert [image.type for image in face.images] == [ImageType.FACE, ImageType.SCENE]
    assert face.attributes["bbox"] == [812, 240, 128, 160]
    assert second.time.isoformat() == "2024-01-30T14:34:11+08:00"  # epoch-ms ShotTime


def test_motor_vehicles_upload() -> None:
    answer = server().handle(
        "POST", "/VIID/MotorVehicles", as_sender(OTHER), payload("gat1400_motor_vehicles.json")
    )
    (car,) = answer.events
    assert (car.kind, car.plate, car.plate_color, car.confidence, car.door) == (
        EventKind.VEHICLE,
        "皖A12345",
        "blue",
        0.96,
        "1",
    )
    assert car.time.isoformat() == "2024-01-30T14:35:12+08:00"
    assert [image.type for image in car.images] == [ImageType.VEHICLE, ImageType.PLATE]


def test_bare_list_with_epoch_ms_and_unwrapped_sub_image_list() -> None:
    answer = server().handle(
        "POST",
        "/VIID/MotorVehicles",
        {"content-type": "application/json", "user-identify": THIRD},
        payload("gat1400_motor_vehicles_bare_list.json"),
    )
    (car,) = answer.events
    assert (car.plate, car.plate_color, len(car.images)) == ("皖AD12345", "green", 1)
    assert car.time.isoformat() == "2024-01-30T14:36:00+08:00"


def test_subscribe_notification_with_embedded_objects() -> None:
    answer = server(registered=(PLATFORM,), senders=Platform()).handle(
        "POST",
        "/VIID/SubscribeNotifications",
        as_sender(PLATFORM),
        payload("gat1400_subscribe_notifications.json"),
    )
    assert [s["Id"] for s in statuses(answer.body)] == ["340104000050300000012024013014370000001"]
    assert [e.kind for e in answer.events] == [EventKind.FACE_CAPTURE, EventKind.VEHICLE]
    assert answer.events[1].plate_color == "yellow"


def test_bad_base64_fails_only_that_object() -> None:
    answer = server().handle(
        "POST", "/VIID/Faces", VIID, payload("malformed/gat1400_faces_bad_base64.json")
    )
    assert answer.status == 200
    codes = [s["StatusCode"] for s in statuses(answer.body)]
    assert codes == [StatusCode.OK, StatusCode.INVALID_JSON_CONTENT]
    assert "bad base64" in statuses(answer.body)[1]["StatusString"]
    assert len(answer.events) == 1
    assert answer.errors and "FaceObject[1]" in answer.errors[0]


def _faces_with(data: str) -> bytes:
    return json.dumps(
        {
            "FaceListObject": {
                "FaceObject": [
                    {
                        "FaceID": "F1",
                        "DeviceID": DEVICE,
                        "ShotTime": "20240130143400",
                        "SubImageList": {"SubImageInfoObject": [{"Type": "11", "Data": data}]},
                    }
                ]
            }
        }
    ).encode()


def test_image_over_the_configured_limit_is_a_clear_error() -> None:
    answer = server(max_image_bytes=1000).handle(
        "POST", "/VIID/Faces", VIID, _faces_with(b64(bytes(5000)))
    )
    status = statuses(answer.body)[0]
    assert status["StatusCode"] == StatusCode.INVALID_JSON_CONTENT
    assert "exceeds the limit of 1000 bytes" in status["StatusString"]
    assert answer.events == ()


def test_twenty_megabyte_image_does_not_crash() -> None:
    body = _faces_with("/9j/" + "A" * (27 * 1024 * 1024))
    answer = server().handle("POST", "/VIID/Faces", VIID, body)
    assert answer.status == 413  # over the 16 MiB a request may carry, before any decoding


def test_an_image_over_its_own_limit_is_refused_alone() -> None:
    body = _faces_with("/9j/" + "A" * (2 * 1024 * 1024))
    answer = server(max_image_bytes=1024 * 1024).handle("POST", "/VIID/Faces", VIID, body)
    assert statuses(answer.body)[0]["StatusCode"] == StatusCode.INVALID_JSON_CONTENT
    assert "exceeds the limit" in statuses(answer.body)[0]["StatusString"]


def test_body_over_the_limit_is_413() -> None:
    answer = server(max_body_bytes=100).handle("POST", "/VIID/Faces", VIID, _faces_with("AAAA"))
    assert answer.status == 413


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "multipart/form-data"])
def test_other_content_types_are_rejected(content_type: str) -> None:
    answer = server().handle(
        "POST", "/VIID/Faces", {"Content-Type": content_type}, payload("gat1400_faces.json")
    )
    assert answer.status == 415
    assert answer.body["ResponseStatusObject"]["StatusCode"] == StatusCode.INVALID_OPERATION
    assert answer.events == ()


def test_json_without_content_type_is_tolerated() -> None:
    headers = {"User-Identify": DEVICE}
    answer = server().handle("POST", "/VIID/Faces", headers, payload("gat1400_faces.json"))
    assert answer.status == 200


def test_truncated_json_is_invalid_json_format() -> None:
    answer = server().handle(
        "POST", "/VIID/MotorVehicles", VIID, payload("malformed/gat1400_truncated.json")
    )
    assert answer.status == 400
    assert answer.body["ResponseStatusObject"]["StatusCode"] == StatusCode.INVALID_JSON_FORMAT


def test_wrong_envelope_for_the_endpoint_is_invalid_json_content() -> None:
    answer = server().handle("POST", "/VIID/Faces", VIID, payload("gat1400_motor_vehicles.json"))
    assert answer.status == 400
    assert answer.body["ResponseStatusObject"]["StatusCode"] == StatusCode.INVALID_JSON_CONTENT


def test_wrong_type_time_fails_the_object() -> None:
    answer = server().handle(
        "POST", "/VIID/MotorVehicles", VIID, payload("malformed/gat1400_wrong_type_time.json")
    )
    assert "PassTime" in statuses(answer.body)[0]["StatusString"]


def test_unknown_path_and_method() -> None:
    assert server().handle("POST", "/VIID/Nothing", VIID, b"{}").status == 404
    assert server().handle("GET", "/VIID/Faces", VIID, b"").status == 405


def test_system_time() -> None:
    answer = server().handle("GET", "/VIID/System/Time", {}, b"")
    assert answer.body["SystemTimeObject"]["LocalTime"] == "20240130150000"


def test_register_with_digest_then_keepalive_then_unregister() -> None:
    gat = server(registered=())
    register = payload("gat1400_register.json")
    first = gat.handle("POST", "/VIID/System/Register", VIID, register)
    assert first.status == 401
    challenge = first.headers["WWW-Authenticate"]
    authorization = client_authorization(
        challenge, username=DEVICE, password="s3cret", method="POST", uri="/VIID/System/Register"
    )
    second = gat.handle(
        "POST", "/VIID/System/Register", {**VIID, "Authorization": authorization}, register
    )
    assert second.status == 200
    assert second.body["ResponseStatusObject"]["Id"] == DEVICE
    assert second.body["ResponseStatusObject"]["StatusCode"] == 0
    assert DEVICE in gat.sessions
    identify = {**VIID, "User-Identify": DEVICE}
    keepalive = gat.handle(
        "POST", "/VIID/System/Keepalive", identify, payload("gat1400_keepalive.json")
    )
    assert keepalive.status == 200
    assert keepalive.events[0].event_type == "keepalive"
    faces = gat.handle("POST", "/VIID/Faces", identify, payload("gat1400_faces.json"))
    assert faces.status == 200
    body = json.dumps({"UnRegisterObject": {"DeviceID": DEVICE}}).encode()
    assert gat.handle("POST", "/VIID/System/UnRegister", identify, body).status == 200
    assert DEVICE not in gat.sessions
    assert gat.handle("POST", "/VIID/Faces", identify, payload("gat1400_faces.json")).status == 401


def test_register_with_wrong_password_is_challenged_again() -> None:
    gat = server(registered=())
    challenge = gat.handle("POST", "/VIID/System/Register", VIID, b"{}").headers["WWW-Authenticate"]
    bad = client_authorization(
        challenge, username=DEVICE, password="nope", method="POST", uri="/VIID/System/Register"
    )
    answer = gat.handle(
        "POST",
        "/VIID/System/Register",
        {**VIID, "Authorization": bad},
        payload("gat1400_register.json"),
    )
    assert answer.status == 401
    assert "wrong password" in answer.body["ResponseStatusObject"]["StatusString"]


def test_register_without_device_id() -> None:
    gat = server(registered=())
    path = "/VIID/System/Register"
    challenge = gat.handle("POST", path, VIID, b"{}").headers["WWW-Authenticate"]
    authorization = client_authorization(
        challenge, username=DEVICE, password="s3cret", method="POST", uri=path
    )
    answer = gat.handle(
        "POST", path, {**VIID, "Authorization": authorization}, b'{"RegisterObject": {}}'
    )
    assert answer.body["ResponseStatusObject"]["StatusCode"] == StatusCode.INVALID_JSON_CONTENT
    assert gat.sessions == {}


def test_user_identify_alone_is_not_a_session() -> None:
    answer = server(registered=()).handle(
        "POST", "/VIID/Faces", VIID, payload("gat1400_faces.json")
    )
    assert answer.status == 401
    assert "WWW-Authenticate" in answer.headers
    assert answer.events == ()


def test_a_device_may_not_register_as_another() -> None:
    gat = server(registered=())
    body = json.dumps({"RegisterObject": {"DeviceID": OTHER}}).encode()
    path = "/VIID/System/Register"
    challenge = gat.handle("POST", path, VIID, body).headers["WWW-Authenticate"]
    authorization = client_authorization(
        challenge, username=DEVICE, password="s3cret", method="POST", uri=path
    )
    answer = gat.handle("POST", path, {**VIID, "Authorization": authorization}, body)
    assert answer.status == 403
    assert gat.sessions == {}


def test_an_unknown_device_cannot_register_even_with_a_password() -> None:
    gat = Gat1400Server(
        auth=DigestAuth("VIID", {"34010400001320000099": "pw"}),
        senders=OwnDevicesOnly({DEVICE}),
        clock=lambda: NOW,
    )
    assert register(gat, "34010400001320000099", "pw") == 403


def test_the_session_is_bound_to_the_address_it_registered_from() -> None:
    gat = server(registered=())
    assert register(gat, DEVICE, "s3cret", peer="192.0.2.10") == 200
    faces = payload("gat1400_faces.json")
    assert gat.handle("POST", "/VIID/Faces", VIID, faces, peer="192.0.2.10").status == 200
    stolen = gat.handle("POST", "/VIID/Faces", VIID, faces, peer="192.0.2.66")
    assert (stolen.status, stolen.events) == (401, ())


def test_a_session_expires_without_keepalive_and_keepalive_extends_it() -> None:
    clock = Clock()
    gat = server(registered=(), clock=clock)
    assert register(gat, DEVICE, "s3cret") == 200
    keepalive = json.dumps({"KeepaliveObject": {"DeviceID": DEVICE}}).encode()
    clock.now = NOW + timedelta(minutes=2)
    assert gat.handle("POST", "/VIID/System/Keepalive", VIID, keepalive).status == 200
    clock.now = NOW + timedelta(minutes=4)  # 2 minutes after the keepalive: still alive
    faces = payload("gat1400_faces.json")
    assert gat.handle("POST", "/VIID/Faces", VIID, faces).status == 200
    clock.now = NOW + timedelta(minutes=6)  # 4 minutes without a keepalive: expired
    assert gat.handle("POST", "/VIID/Faces", VIID, faces).status == 401
    assert DEVICE not in gat.sessions


def test_keepalive_for_another_device_is_refused() -> None:
    body = json.dumps({"KeepaliveObject": {"DeviceID": OTHER}}).encode()
    answer = server().handle("POST", "/VIID/System/Keepalive", VIID, body)
    assert answer.status == 403


def test_objects_naming_another_device_are_refused_one_by_one() -> None:
    mine = {"FaceID": "F1", "DeviceID": DEVICE, "ShotTime": "20240130143400"}
    theirs = {"FaceID": "F2", "DeviceID": OTHER, "ShotTime": "20240130143400"}
    mixed = json.dumps({"FaceListObject": {"FaceObject": [mine, theirs]}}).encode()
    answer = server().handle("POST", "/VIID/Faces", VIID, mixed)
    assert answer.status == 200
    codes = [s["StatusCode"] for s in statuses(answer.body)]
    assert codes == [StatusCode.OK, StatusCode.INVALID_JSON_CONTENT]
    assert [e.device_id for e in answer.events] == [DEVICE]
    only_theirs = json.dumps({"FaceListObject": {"FaceObject": [theirs]}}).encode()
    refused = server().handle("POST", "/VIID/Faces", VIID, only_theirs)
    assert (refused.status, refused.events) == (403, ())


def test_an_object_without_a_device_is_the_senders() -> None:
    body = json.dumps(
        {"FaceListObject": {"FaceObject": [{"FaceID": "F", "ShotTime": "20240130143400"}]}}
    ).encode()
    (event,) = server().handle("POST", "/VIID/Faces", VIID, body).events
    assert event.device_id == DEVICE


def test_face_object_naming_a_person_is_a_match() -> None:
    body = {
        "FaceObject": {
            "FaceID": "F",
            "DeviceID": "D",
            "ShotTime": "20240130143400",
            "PersonID": "P9",
            "SimilaryDegree": 87,
        }
    }
    decoded = decode_body({"FaceListObject": body}, max_image_bytes=10**6)
    (event,) = decoded.events
    assert (event.kind, event.person_id, event.similarity) == (EventKind.FACE_MATCH, "P9", 0.87)


def test_face_object_without_any_time_is_an_error() -> None:
    decoded = decode_body(
        {"FaceListObject": {"FaceObject": [{"FaceID": "F", "DeviceID": "D"}]}}, max_image_bytes=1
    )
    assert "no time" in decoded.errors[0]


def test_lower_case_keys_are_understood() -> None:
    body = {
        "motorVehicleListObject": {
            "motorVehicleObject": [
                {
                    "plateNo": "皖A1",
                    "plateColor": 6,
                    "passTime": "2024-01-30 14:00:00",
                    "deviceId": "D",
                }
            ]
        }
    }
    (event,) = decode_body(body, max_image_bytes=1).events
    assert (event.plate, event.plate_color, event.device_id) == ("皖A1", "yellow", "D")


def test_body_kind_by_envelope() -> None:
    assert body_kind({"KeepaliveObject": {}}) is BodyKind.KEEPALIVE
    with pytest.raises(ValueError, match="envelope"):
        body_kind({"Something": 1})


def test_code_tables() -> None:
    assert sub_image_type("11") is ImageType.FACE
    assert sub_image_type(14) is ImageType.SCENE
    assert sub_image_type("02") is ImageType.PLATE
    assert sub_image_type(None) is ImageType.OTHER
    assert normalise_plate_color("5", gat1400_codes=True) == "blue"
    assert normalise_plate_color("2", gat1400_codes=True) == "white"
    assert normalise_plate_color("99", gat1400_codes=True) is None
    assert normalise_plate_color("80", gat1400_codes=True) == "yellow_green"
    assert normalise_plate_color("81", gat1400_codes=True) == "green"
    assert normalise_plate_color("1", gat1400_codes=True) == "black"
    assert normalise_plate_color("newEnergyGreen") == "green"
    assert normalise_plate_color("黄绿双拼") == "yellow_green"


def test_valid_image_data_is_kept() -> None:
    jpeg = tiny_jpeg()
    answer = server().handle("POST", "/VIID/Faces", VIID, _faces_with(b64(jpeg)))
    assert answer.events[0].images[0].data == jpeg


def test_person_and_non_motor_vehicle_objects_are_understood_as_other() -> None:
    persons = {
        "PersonListObject": {
            "PersonObject": [
                {
                    "PersonID": "P1",
                    "DeviceID": DEVICE,
                    "PersonAppearTime": "20240130143400",
                    "SubImageList": {
                        "SubImageInfoObject": [{"Type": "10", "Data": b64(tiny_jpeg())}]
                    },
                }
            ]
        }
    }
    answer = server().handle("POST", "/VIID/Persons", VIID, json.dumps(persons).encode())
    (event,) = answer.events
    assert (event.kind, event.event_type, len(event.images)) == (EventKind.OTHER, "person", 1)
    bikes = {
        "NonMotorVehicleListObject": {
            "NonMotorVehicleObject": [
                {"NonMotorVehicleID": "N1", "DeviceID": DEVICE, "AppearTime": "20240130143400"}
            ]
        }
    }
    answer = server().handle("POST", "/VIID/NonMotorVehicles", VIID, json.dumps(bikes).encode())
    assert answer.events[0].event_type == "non_motor_vehicle"
    assert statuses(answer.body)[0]["Id"] == "N1"


def test_notification_with_embedded_persons_and_a_bad_face() -> None:
    note = {
        "SubscribeNotificationListObject": {
            "SubscribeNotificationObject": [
                {
                    "NotificationID": "N9",
                    "PersonObjectList": {
                        "PersonObject": [{"PersonID": "P", "ShotTime": "20240130143400"}]
                    },
                    "FaceObjectList": {"FaceObject": [{"FaceID": "F", "ShotTime": "yesterday"}]},
                }
            ]
        }
    }
    answer = server().handle(
        "POST", "/VIID/SubscribeNotifications", VIID, json.dumps(note).encode()
    )
    status = statuses(answer.body)[0]
    assert status["StatusCode"] == StatusCode.INVALID_JSON_CONTENT
    assert "FaceObject[0]" in status["StatusString"]
    assert [e.event_type for e in answer.events] == ["person"]
