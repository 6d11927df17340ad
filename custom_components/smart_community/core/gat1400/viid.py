"""GA/T 1400 (VIID) JSON on the wire: the objects we push and the status envelopes we read.

Object JSON is built once when a record enters the outbox and stored as bytes; a batch
POST is those bytes joined into the resource's list envelope, so a retry sends exactly
the same objects with the same IDs.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from ..docking.capture import Capture, CaptureKind
from ..events import ImageType
from ..protocols.errors import DecodeError
from ..protocols.numbers import integer
from .ids import BasicType, ObjectType, basic_object_id, semantic_object_id
from .jpeg import jpeg_size

CONTENT_TYPE = "application/VIID+JSON;charset=UTF-8"
CHINA = ZoneInfo("Asia/Shanghai")
TIME_FORMAT = "%Y%m%d%H%M%S"


@dataclass(frozen=True, slots=True)
class Resource:
    """A push resource: its path, list envelope and object key."""

    path: str
    list_key: str
    object_key: str
    id_key: str
    object_type: ObjectType
    subscribe_detail: str  # GA/T 1400.3 订阅类别 code
    notification_list_key: str


RESOURCES: dict[CaptureKind, Resource] = {
    CaptureKind.FACE: Resource(
        "/VIID/Faces",
        "FaceListObject",
        "FaceObject",
        "FaceID",
        ObjectType.FACE,
        "12",
        "FaceObjectList",
    ),
    CaptureKind.MOTOR_VEHICLE: Resource(
        "/VIID/MotorVehicles",
        "MotorVehicleListObject",
        "MotorVehicleObject",
        "MotorVehicleID",
        ObjectType.MOTOR_VEHICLE,
        "13",
        "MotorVehicleObjectList",
    ),
    CaptureKind.PERSON: Resource(
        "/VIID/Persons",
        "PersonListObject",
        "PersonObject",
        "PersonID",
        ObjectType.PERSON,
        "11",
        "PersonObjectList",
    ),
}

# GA/T 1400.3 ImageType codes (SubImageInfoObject.Type).
_IMAGE_TYPE_CODES: dict[tuple[CaptureKind, ImageType], str] = {
    (CaptureKind.MOTOR_VEHICLE, ImageType.SCENE): "01",  # 车辆大图
    (CaptureKind.MOTOR_VEHICLE, ImageType.PLATE): "02",  # 车牌彩色小图
    (CaptureKind.MOTOR_VEHICLE, ImageType.VEHICLE): "09",  # 车辆特写图
    (CaptureKind.MOTOR_VEHICLE, ImageType.FACE): "04",  # 驾驶员面部特征图
}
_DEFAULT_IMAGE_TYPE_CODES = {
    ImageType.FACE: "11",  # 人脸图
    ImageType.SCENE: "14",  # 场景图
    ImageType.PLATE: "02",
    ImageType.VEHICLE: "09",
    ImageType.OTHER: "100",  # 一般图片
}
# GA/T 2000.254 event types (EventSort): 01 过车, 02 过人.
_EVENT_SORT = {CaptureKind.MOTOR_VEHICLE: 1, CaptureKind.FACE: 2, CaptureKind.PERSON: 2}
# GA 24.8 colour codes used for PlateColor.
PLATE_COLORS = {
    "black": "1",
    "white": "2",
    "blue": "5",
    "yellow": "6",
    "green": "9",
    "yellow_green": "9",
    "other": "99",
}


def image_type_code(kind: CaptureKind, image_type: ImageType) -> str:
    """The GA/T 1400 ``Type`` of a picture attached to a record of ``kind``."""
    return _IMAGE_TYPE_CODES.get((kind, image_type), _DEFAULT_IMAGE_TYPE_CODES[image_type])


def viid_time(moment: datetime, zone: tzinfo = CHINA) -> str:
    """``YYYYMMDDhhmmss`` in the view library's zone (Beijing time)."""
    return moment.astimezone(zone).strftime(TIME_FORMAT)


def parse_viid_time(text: str, zone: tzinfo = CHINA) -> datetime:
    """Inverse of :func:`viid_time`; timezone-aware."""
    return datetime.strptime(text, TIME_FORMAT).replace(tzinfo=zone)


def serials_needed(capture: Capture) -> int:
    """Basic-object serials one record uses: one per picture (at least one)."""
    return max(1, len(capture.images))


def build_object(capture: Capture, first_serial: int) -> tuple[str, dict[str, Any]]:
    """The object's ID and JSON for ``capture`` whose pictures get serials from ``first_serial``."""
    resource = RESOURCES[capture.kind]
    shot = viid_time(capture.time)
    source_id = basic_object_id(capture.device_id, BasicType.IMAGE, shot, first_serial)
    object_id = semantic_object_id(source_id, resource.object_type, 1)
    obj: dict[str, Any] = {
        resource.id_key: object_id,
        "InfoKind": 1,  # 1 = automatically captured
        "SourceID": source_id,
        "DeviceID": capture.device_id,
    }
    if capture.kind is CaptureKind.FACE:
        obj["FaceAppearTime"] = shot
        obj["FaceDisAppearTime"] = shot
    elif capture.kind is CaptureKind.PERSON:
        obj["PersonAppearTime"] = shot
        obj["PersonDisAppearTime"] = shot
    else:
        obj["PassTime"] = shot
        obj["HasPlate"] = "1" if capture.plate else "0"
        if capture.plate:
            obj["PlateNo"] = capture.plate
        if capture.plate_color:
            obj["PlateColor"] = PLATE_COLORS.get(capture.plate_color, "99")
    if capture.images:
        obj["SubImageList"] = {
            "SubImageInfoObject": [
                _sub_image(capture, shot, first_serial + index, image.type, image.data)
                for index, image in enumerate(capture.images)
            ]
        }
    return object_id, obj


def _sub_image(
    capture: Capture, shot: str, serial: int, image_type: ImageType, data: bytes
) -> dict[str, Any]:
    width, height = jpeg_size(data)
    return {
        "ImageID": basic_object_id(capture.device_id, BasicType.IMAGE, shot, serial),
        "EventSort": _EVENT_SORT[capture.kind],
        "DeviceID": capture.device_id,
        "StoragePath": "",
        "Type": image_type_code(capture.kind, image_type),
        "FileFormat": "Jpeg",
        "ShotTime": shot,
        "Width": width,
        "Height": height,
        "FileSize": len(data),
        "Data": base64.b64encode(data).decode("ascii"),
    }


def encode(obj: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON (Chinese plates stay readable)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def list_body(resource: Resource, objects: Sequence[bytes]) -> bytes:
    """``{"FaceListObject":{"FaceObject":[...]}}`` from stored object bytes."""
    return b"".join(
        (
            b'{"',
            resource.list_key.encode(),
            b'":{"',
            resource.object_key.encode(),
            b'":[',
            b",".join(objects),
            b"]}}",
        )
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class NotificationHeader:
    """The subscription side of one SubscribeNotificationObject."""

    notification_id: str
    subscribe_id: str
    title: str
    trigger_time: str


def notification_body(
    header: NotificationHeader,
    resource: Resource,
    object_ids: Sequence[str],
    objects: Sequence[bytes],
) -> bytes:
    """A SubscribeNotificationListObject with one notification carrying ``objects``."""
    head = encode(
        {
            "NotificationID": header.notification_id,
            "SubscribeID": header.subscribe_id,
            "Title": header.title,
            "TriggerTime": header.trigger_time,
            "InfoIDs": ",".join(object_ids),
        }
    )
    inner = list_body(
        Resource(
            "", resource.notification_list_key, resource.object_key, "", ObjectType.OTHER, "", ""
        ),
        objects,
    )
    # Splice the list into the header object: {"NotificationID":..., "FaceObjectList":{...}}
    return (
        b'{"SubscribeNotificationListObject":{"SubscribeNotificationObject":['
        + head[:-1]
        + b","
        + inner[1:-1]
        + b"}]}}"
    )


class Outcome(Enum):
    """What a per-object status means for the outbox."""

    OK = "ok"
    DUPLICATE = "duplicate"  # the view library has it already: delivered
    RETRY = "retry"  # transient: keep it at the head of its lane
    REJECTED = "rejected"  # the view library will never take it: dead-letter, keep visible


@dataclass(frozen=True, slots=True)
class ObjectStatus:
    """One ResponseStatusObject."""

    object_id: str
    code: int
    text: str

    @property
    def outcome(self) -> Outcome:
        """Classify the status code (GA/T 1400.4 StatusCode table)."""
        if self.code == 0:
            return Outcome.DUPLICATE if _DUPLICATE.search(self.text) else Outcome.OK
        if _DUPLICATE.search(self.text):
            return Outcome.DUPLICATE
        # 1 other error, 2 device busy, 3 device error, 9 reboot: try again later.
        # 4 invalid operation, 5-8 invalid XML/JSON format or content: never succeeds.
        if self.code in (4, 5, 6, 7, 8):
            return Outcome.REJECTED
        return Outcome.RETRY


_DUPLICATE = re.compile(r"duplicat|already exist|重复|已存在", re.IGNORECASE)


class MalformedResponse(ValueError):
    """The answer is not a ResponseStatus envelope."""


def parse_statuses(payload: Any) -> list[ObjectStatus]:
    """Read ``ResponseStatusListObject`` or a single ``ResponseStatusObject``."""
    if not isinstance(payload, dict):
        raise MalformedResponse("response is not a JSON object")
    if "ResponseStatusListObject" in payload:
        envelope = payload["ResponseStatusListObject"]
        if not isinstance(envelope, dict):
            raise MalformedResponse("ResponseStatusListObject is not an object")
        items = envelope.get("ResponseStatusObject", [])
        if isinstance(items, dict):
            items = [items]
    elif "ResponseStatusObject" in payload:
        items = [payload["ResponseStatusObject"]]
    else:
        raise MalformedResponse("no ResponseStatus envelope")
    if not isinstance(items, list):
        raise MalformedResponse("ResponseStatusObject is not a list")
    out: list[ObjectStatus] = []
    for item in items:
        if not isinstance(item, dict) or "StatusCode" not in item:
            raise MalformedResponse("ResponseStatusObject without StatusCode")
        try:
            code = integer(item["StatusCode"], "StatusCode")
        except DecodeError as err:
            raise MalformedResponse(f"StatusCode {item['StatusCode']!r}") from err
        if code is None:
            raise MalformedResponse("StatusCode is null")
        out.append(ObjectStatus(str(item.get("Id", "")), code, str(item.get("StatusString", ""))))
    return out


def response_status(
    request_url: str, object_id: str, code: int, text: str, now: datetime
) -> dict[str, Any]:
    """One ResponseStatusObject (for the answers we give: subscriptions, reference server)."""
    return {
        "RequestURL": request_url,
        "StatusCode": code,
        "StatusString": text,
        "Id": object_id,
        "LocalTime": viid_time(now),
    }
