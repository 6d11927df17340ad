"""Hikvision ISAPI alarm-server push ("HTTP listening" / "Notify surveillance center").

A device POSTs either a bare ``EventNotificationAlert`` (JSON or XML in namespace
``http://www.hikvision.com/ver20/XMLSchema``) or a multipart body (form-data or mixed)
whose first part is that document (``anpr.xml``, ``AccessControllerEvent``, ``MoveDetection.xml``
...) followed by JPEG parts (``licensePlatePicture.jpg``, ``detectionPicture.jpg``,
``Picture`` ...). Common fields: ``ipAddress``, ``macAddress``, ``channelID``,
``dateTime`` (ISO with zone), ``eventType``, ``eventState``.

Mapped event types: ``ANPR`` -> VEHICLE; ``AccessControllerEvent`` -> ACCESS (major/minor
type table below); ``faceCapture`` / ``faceSnapMatch`` / ``FaceDetection`` -> FACE_*;
intrusion style VCA events -> ALARM; ``heartBeat`` and others -> OTHER.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..events import DeviceEvent, EventImage, EventKind, ImageType
from .documents import load_document
from .errors import DecodeError
from .images import ImageBudget, make_image
from .keys import find_deep, normalise_key, pick, pick_str
from .limits import DEFAULT_LIMITS, DecodeLimits, check_body_size, check_count
from .multipart import Part, looks_multipart, parse_multipart
from .numbers import fraction, integer
from .plate_colors import normalise_plate_color
from .timeparse import now_local, parse_time

SOURCE = "isapi"

# (majorEventType, subEventType) of AccessControllerEvent -> (event_type, method, granted).
# Major 5 is "event", 3 "operation" (ISAPI access control event code table).
ACCESS_EVENTS: dict[tuple[int, int], tuple[str, str | None, bool | None]] = {
    (5, 1): ("verified", "ic_card", True),  # legal card pass
    (5, 2): ("verified", "ic_card", True),  # card + password pass
    (5, 3): ("denied", "ic_card", False),  # card + password fail
    (5, 6): ("denied", "ic_card", False),  # card has no permission
    (5, 7): ("denied", "ic_card", False),  # card outside schedule
    (5, 8): ("denied", "ic_card", False),  # card expired
    (5, 9): ("denied", "ic_card", False),  # no such card
    (5, 21): ("door_unlocked", None, None),
    (5, 22): ("door_locked", None, None),
    (5, 23): ("exit_button", None, None),
    (5, 25): ("door_opened", None, None),  # door contact open
    (5, 26): ("door_closed", None, None),
    (5, 27): ("forced", None, None),  # door open abnormally
    (5, 28): ("door_open_timeout", None, None),
    (5, 38): ("verified", "fingerprint", True),
    (5, 39): ("denied", "fingerprint", False),
    (5, 75): ("verified", "face", True),
    (5, 76): ("denied", "face", False),
    (3, 1024): ("verified", "remote", True),  # remote open door
}

_VERIFY_MODES: dict[str, str] = {
    "face": "face",
    "card": "ic_card",
    "fp": "fingerprint",
    "fingerprint": "fingerprint",
    "pw": "password",
    "password": "password",
    "qrcode": "qr",
    "idcard": "id_card",
}

_ALARM_EVENTS: dict[str, str] = {
    "linedetection": "intrusion",
    "fielddetection": "intrusion",
    "regionentrance": "intrusion",
    "regionexiting": "intrusion",
    "intrusion": "intrusion",
    "tamperdetection": "tamper",
    "smokedetection": "smoke",
    "firedetection": "fire",
    "io": "alarm_input",
    "throwingobject": "falling_object",
    "parabolicaerial": "falling_object",
    "highaltitudeparabolic": "falling_object",
}

# Picture part names by the words they contain, first match wins: "licensePlatePicture",
# "plateImage", "faceImage", "vehiclePicture", "detectionPicture", "backgroundImage" ...
_PICTURE_WORDS: tuple[tuple[str, ImageType], ...] = (
    ("plate", ImageType.PLATE),
    ("face", ImageType.FACE),
    ("vehicle", ImageType.VEHICLE),
    ("car", ImageType.VEHICLE),
    ("background", ImageType.SCENE),
    ("scene", ImageType.SCENE),
    ("detection", ImageType.SCENE),
    ("full", ImageType.SCENE),
    ("picture", ImageType.FACE),  # access controllers call the captured face "Picture"
)


def _picture_type(part: Part) -> ImageType:
    key = normalise_key((part.name or part.filename).rsplit(".", 1)[0])
    for word, image_type in _PICTURE_WORDS:
        if word in key:
            return image_type
    return ImageType.OTHER


def _is_document(part: Part) -> bool:
    if part.content_type in ("application/json", "application/xml", "text/xml", "text/json"):
        return True
    head = part.data.lstrip(b"\xef\xbb\xbf \r\n\t")[:1]
    return not part.content_type.startswith("image/") and head in (b"{", b"<")


def _alert(document: Any) -> Mapping[str, Any]:
    if not isinstance(document, Mapping):
        raise DecodeError("EventNotificationAlert must be an object")
    inner = pick(document, "EventNotificationAlert")
    alert = inner if isinstance(inner, Mapping) else document
    if pick_str(alert, "eventType") is None:
        raise DecodeError("required field missing or not a text", field="eventType")
    return alert


def _base(alert: Mapping[str, Any], now: datetime | None) -> dict[str, Any]:
    device_id = pick_str(alert, "deviceID", "devIndex", "ipAddress", "macAddress") or ""
    when = pick(alert, "dateTime")
    attributes: dict[str, Any] = {}
    for name, attribute in (
        ("ipAddress", "ip_address"),
        ("macAddress", "mac_address"),
        ("channelID", "channel_id"),
        ("channelName", "channel_name"),
        ("eventState", "event_state"),
    ):
        if (value := pick_str(alert, name)) is not None:
            attributes[attribute] = value
    return {
        "device_id": device_id,
        "time": parse_time(when, field="dateTime") if when else now or now_local(),
        "attributes": attributes,
        "source": SOURCE,
    }


def _anpr(alert: Mapping[str, Any], base: dict[str, Any]) -> DeviceEvent:
    anpr = pick(alert, "ANPR") or {}
    plate = pick_str(anpr, "licensePlate", "plateNo")
    if plate and plate.lower() in ("unknown", "无车牌", "noplate"):
        plate = None
    confidence = fraction(pick(anpr, "confidenceLevel", "confidence"), "confidenceLevel")
    base["attributes"].update(
        {
            key: value
            for key, value in (
                ("vehicle_type", pick_str(anpr, "vehicleType")),
                ("plate_type", pick_str(anpr, "plateType")),
                ("travel_direction", pick_str(anpr, "direction")),
            )
            if value
        }
    )
    return DeviceEvent(
        kind=EventKind.VEHICLE,
        event_type="plate_read" if plate else "vehicle_pass",
        plate=plate,
        plate_color=normalise_plate_color(pick(anpr, "plateColor")),
        confidence=confidence,
        door=pick_str(anpr, "line", "laneNo"),
        **base,
    )


def _access(alert: Mapping[str, Any], base: dict[str, Any]) -> DeviceEvent:
    ace = pick(alert, "AccessControllerEvent") or {}
    major = integer(pick(ace, "majorEventType"), "majorEventType")
    minor = integer(pick(ace, "subEventType"), "subEventType")
    event_type, method, granted = ACCESS_EVENTS.get(
        (major or 0, minor or 0), (f"access_{major}_{minor}", None, None)
    )
    mode = pick_str(ace, "currentVerifyMode")
    if method is None and mode:
        method = _VERIFY_MODES.get(mode.lower())
    similarity = fraction(find_deep(ace, "similarity", "faceSimilarity"), "similarity")
    base["attributes"].update({"major_event_type": major, "sub_event_type": minor})
    if granted is not None:
        base["attributes"]["granted"] = granted
    if mode:
        base["attributes"]["verify_mode"] = mode
    if card := pick_str(ace, "cardNo"):
        base["attributes"]["card_no"] = card
    return DeviceEvent(
        kind=EventKind.ACCESS,
        event_type=event_type,
        person_id=pick_str(ace, "employeeNoString", "employeeNo"),
        person_name=pick_str(ace, "name"),
        similarity=similarity,
        door=pick_str(ace, "doorNo", "cardReaderNo"),
        method=method,
        **base,
    )


def _face(alert: Mapping[str, Any], base: dict[str, Any], event_type: str) -> DeviceEvent:
    similarity = fraction(find_deep(alert, "similarity"), "similarity")
    person_id = None
    name = None
    if event_type != "facecapture":
        person_id = pick_str(
            {"v": find_deep(alert, "humanId", "human_id", "employeeNo", "certificateNumber")},
            "v",
        )
        name = pick_str({"v": find_deep(alert, "name", "humanName")}, "v")
    matched = person_id is not None or similarity is not None
    return DeviceEvent(
        kind=EventKind.FACE_MATCH if matched else EventKind.FACE_CAPTURE,
        event_type="face_match" if matched else "face_capture",
        person_id=person_id,
        person_name=name,
        similarity=similarity,
        **base,
    )


def decode_alert(
    document: Any, images: tuple[EventImage, ...] = (), *, now: datetime | None = None
) -> DeviceEvent:
    """One parsed ``EventNotificationAlert`` (JSON or XML dict) as a DeviceEvent."""
    alert = _alert(document)
    event_type = pick_str(alert, "eventType") or ""
    key = normalise_key(event_type)
    base = _base(alert, now)
    base["images"] = images
    if key == "anpr":
        return _anpr(alert, base)
    if key == "accesscontrollerevent":
        return _access(alert, base)
    if key in ("facecapture", "facesnapmatch", "facedetection", "alarmresult", "facematch"):
        return _face(alert, base, key)
    if key in _ALARM_EVENTS:
        active = pick_str(alert, "eventState") != "inactive"
        base["attributes"]["active"] = active
        return DeviceEvent(kind=EventKind.ALARM, event_type=_ALARM_EVENTS[key], **base)
    if key in ("vmd", "motiondetection"):
        return DeviceEvent(kind=EventKind.STATE, event_type="motion", **base)
    return DeviceEvent(kind=EventKind.OTHER, event_type=event_type, **base)


def decode_isapi(
    body: bytes,
    content_type: str | None = None,
    *,
    max_image_bytes: int | None = None,
    limits: DecodeLimits = DEFAULT_LIMITS,
    now: datetime | None = None,
) -> list[DeviceEvent]:
    """A pushed body (bare JSON/XML or multipart) as its events (one per alert document).

    A pure function of its arguments, safe to run in an executor. :class:`DecodeError` for
    a malformed body, :class:`~.errors.LimitExceeded` for one over ``limits`` (too many parts,
    documents or pictures), checked before the documents are parsed.
    """
    limits = limits.with_image_bytes(max_image_bytes)
    check_body_size(len(body), limits)
    multipart = (content_type or "").lower().startswith("multipart/") or (
        not content_type and looks_multipart(body)
    )
    if not multipart:
        return [decode_alert(load_document(body, limits=limits), now=now)]
    parts = parse_multipart(body, content_type, limits=limits)
    documents = [part for part in parts if _is_document(part)]
    if not documents:
        raise DecodeError("multipart body has no EventNotificationAlert part")
    check_count(len(documents), limits.max_events, "alert documents")
    budget = ImageBudget(limits)
    images: list[EventImage] = []
    document_ids = {id(part) for part in documents}
    for part in parts:
        if id(part) in document_ids or not part.data:
            continue
        budget.take(len(part.data), field=part.name or part.filename)
        images.append(make_image(_picture_type(part), part.data))
    events = [decode_alert(load_document(documents[0].data, limits=limits), tuple(images), now=now)]
    events += [
        decode_alert(load_document(doc.data, limits=limits), now=now) for doc in documents[1:]
    ]
    return events
