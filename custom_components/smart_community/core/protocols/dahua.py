"""Dahua event stream (``/cgi-bin/eventManager.cgi?action=attach``) lines into DeviceEvents.

The stream is ``multipart/x-mixed-replace`` with ``--myboundary`` parts of ``text/plain``;
each part holds one record::

    Code=AccessControl;action=Pulse;index=0;data={"CardNo":"", "Method":15, "UserID":"1001", ...}

``data`` may be spread over many lines (pretty-printed JSON). Records without data
(``Code=VideoMotion;action=Start;index=0``) are common. ``Heartbeat`` lines are skipped.

Access terminals report, besides ``AccessControl`` (the door's decision, any method):
``_DoorFace_`` (the terminal recognised a face and opened: ``UserID``, ``Similarity`` 0-100,
``Alive`` = the terminal's liveness result, ``OpenDoorMethod``), ``DoorCard`` (a card was
presented: ``Number``) and ``FaceRecognition`` (a match against the device's face library).

Time: ``RealUTC`` (epoch seconds) when present, else ``LocaleTime`` (the device's wall
clock, read as Asia/Shanghai), else ``UTC`` (epoch seconds; VTO samples pair
``"LocaleTime": "2020-03-02 20:11:13"`` with ``"UTC": 1583172673`` = 18:11:13Z, so it is
real UTC there).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..events import DeviceEvent, EventKind
from .documents import decode_text, load_json
from .errors import DecodeError
from .keys import find_deep, pick, pick_str
from .limits import DEFAULT_LIMITS, DecodeLimits, check_body_size, check_count
from .numbers import fraction
from .plate_colors import normalise_plate_color
from .timeparse import now_local, parse_time

SOURCE = "dahua"
_RECORD_START = re.compile(r"^\s*code\s*=", re.IGNORECASE)
_SKIP_LINE = re.compile(r"^\s*(--|content-type:|content-length:|heartbeat\s*$)", re.IGNORECASE)
MAX_FIELDS = 32  # key=value fields before data=; a real record has three or four

# AccessControl "Method" (NET_ACCESS_DOOROPEN_METHOD of the Dahua SDK).
ACCESS_METHODS: dict[int, str] = {
    1: "password",
    2: "ic_card",
    3: "ic_card",  # card first, then password
    4: "password",  # password first, then card
    5: "remote",
    6: "remote",  # button
    7: "fingerprint",
    15: "face",
    16: "face",  # face + password
    19: "qr",
    21: "face",  # face + card
}

_ALARM_CODES: dict[str, str] = {
    "alarmlocal": "alarm_input",
    "crosslinedetection": "intrusion",
    "crossregiondetection": "intrusion",
    "smokedetection": "smoke",
    "firedetection": "fire",
    "throwingobject": "falling_object",
    "highaltitudeparabolic": "falling_object",
    "tamperalarm": "tamper",
    "chassisintruded": "tamper",
}


def split_records(text: str) -> list[str]:
    """Records of a stream excerpt; continuation lines join the record before them.

    Linear in the text: the brace balance of a record's ``data=`` is kept as lines arrive.
    """
    records: list[str] = []
    current: list[str] = []
    balance: int | None = None  # open braces of data=, None before data= was seen
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if _RECORD_START.match(line):
            if current:
                records.append("\n".join(current))
            current = [line.strip()]
            balance = _data_balance(line, None)
        elif _SKIP_LINE.match(line) and not (balance is not None and balance > 0):
            continue
        elif current:
            current.append(line)
            balance = _data_balance(line, balance)
    if current:
        records.append("\n".join(current))
    return records


def _data_balance(line: str, balance: int | None) -> int | None:
    """Open braces of ``data=`` after ``line`` (``None`` while no ``data=`` was seen)."""
    if balance is None:
        _, sep, line = line.partition("data=")
        if not sep:
            return None
        balance = 0
    return balance + line.count("{") - line.count("}")


def parse_record(
    record: str, *, limits: DecodeLimits = DEFAULT_LIMITS
) -> tuple[dict[str, str], Any]:
    """``(fields, data)`` of one record; ``data`` is the decoded JSON or ``None``."""
    fields: dict[str, str] = {}
    rest = record.strip()
    data: Any = None
    start = count = 0
    while start < len(rest):
        equals = rest.find("=", start)
        if equals < 0:
            raise DecodeError(f"malformed field {rest[start : start + 40]!r}")
        key = rest[start:equals].strip().lower()
        if key == "data":
            try:
                data = load_json(rest[equals + 1 :], limits=limits)
            except DecodeError as err:
                reason = err.reason.removeprefix("invalid JSON")
                raise type(err)(
                    f"invalid data JSON{reason}" if reason != err.reason else f"data: {reason}"
                ) from err
            break
        semicolon = rest.find(";", equals + 1)
        end = len(rest) if semicolon < 0 else semicolon
        fields[key] = rest[equals + 1 : end].strip()
        count += 1
        check_count(count, MAX_FIELDS, "fields in a record")
        start = end + 1
    if not fields.get("code"):
        raise DecodeError("record without Code")
    return fields, data


def _time(data: Any, now: datetime | None) -> datetime:
    if not isinstance(data, Mapping):
        return now or now_local()
    real = pick(data, "RealUTC")
    if real:
        return parse_time(real, field="RealUTC")
    locale = pick(data, "LocaleTime")
    if locale:
        return parse_time(locale, field="LocaleTime")
    utc = pick(data, "UTC")
    if utc:
        return parse_time(utc, field="UTC")
    return now or now_local()


def _liveness(value: Any) -> bool | None:
    """``Alive`` of ``_DoorFace_``: the terminal's liveness check (0 = failed / not done)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value > 0
    raise DecodeError(f"expected a number, got {value!r}", field="Alive")


def record_event(
    fields: Mapping[str, str], data: Any, *, device_id: str = "", now: datetime | None = None
) -> DeviceEvent | None:
    """One parsed record as a DeviceEvent; ``None`` for heartbeats."""
    code = fields["code"]
    key = code.lower()
    if key == "heartbeat":
        return None
    if data is not None and not isinstance(data, Mapping):
        raise DecodeError("data must be a JSON object", field=code)
    action = fields.get("action", "")
    base: dict[str, Any] = {
        "device_id": pick_str(data, "DeviceID", "SerialNo") or device_id,
        "time": _time(data, now),
        "source": SOURCE,
        "door": fields.get("index"),
    }
    attributes: dict[str, Any] = {"code": code, "action": action}
    if key == "accesscontrol":
        data = data or {}
        method_code = pick(data, "Method")
        status = pick(data, "Status")
        granted = status in (1, True, "1", "true")
        attributes.update({"granted": granted, "method_code": method_code})
        if (error := pick(data, "ErrorCode")) not in (None, 0):
            attributes["error_code"] = error
        if card := pick_str(data, "CardNo"):
            attributes["card_no"] = card
        return DeviceEvent(
            kind=EventKind.ACCESS,
            event_type="verified" if granted else "denied",
            person_id=pick_str(data, "UserID"),
            person_name=pick_str(data, "Name", "CardName"),
            method=ACCESS_METHODS.get(method_code) if isinstance(method_code, int) else None,
            similarity=fraction(pick(data, "Similarity", "SimilaryDegree"), "Similarity"),
            direction={"entry": "in", "exit": "out"}.get(str(pick(data, "Type")).lower()),
            attributes=attributes,
            **{**base, "door": pick_str(data, "Door") or base["door"]},
        )
    if key == "_doorface_":
        data = data or {}
        alive = pick(data, "Alive")
        attributes.update({"alive": alive, "open_door_method": pick(data, "OpenDoorMethod")})
        return DeviceEvent(
            kind=EventKind.ACCESS,
            event_type="verified",
            person_id=pick_str(data, "UserID"),
            person_name=pick_str(data, "Name"),
            method="face",
            similarity=fraction(pick(data, "Similarity"), "Similarity"),
            liveness=_liveness(alive),
            attributes=attributes,
            **{**base, "door": pick_str(data, "Door") or base["door"]},
        )
    if key == "doorcard":
        data = data or {}
        card = pick_str(data, "Number", "CardNo")
        if not card:
            raise DecodeError("DoorCard without a card number", field="Number")
        attributes["card_no"] = card
        return DeviceEvent(
            kind=EventKind.ACCESS,
            event_type="card_read",
            method="ic_card",
            attributes=attributes,
            **{**base, "door": pick_str(data, "Door") or base["door"]},
        )
    if key in ("trafficjunction", "trafficgate", "trafficparking", "parkingspaceparking"):
        car = pick(data, "TrafficCar") or {}
        plate = pick_str(car, "PlateNumber") or pick_str(pick(data, "Object"), "Text")
        if plate and plate in ("无车牌", "Unknown", "unknown"):
            plate = None
        return DeviceEvent(
            kind=EventKind.VEHICLE,
            event_type="plate_read" if plate else "vehicle_pass",
            plate=plate,
            plate_color=normalise_plate_color(pick(car, "PlateColor")),
            confidence=fraction(
                pick(car, "Confidence") or pick(pick(data, "Object"), "Confidence"), "Confidence"
            ),
            attributes=attributes,
            **{**base, "door": pick_str(data, "Lane") or base["door"]},
        )
    if key in ("facerecognition", "facedetection"):
        candidates = pick(data, "Candidates")
        best = candidates[0] if isinstance(candidates, list) and candidates else None
        person = pick(best, "Person") or {}
        person_id = pick_str(person, "ID", "UID", "CertificateID")
        return DeviceEvent(
            kind=EventKind.FACE_MATCH if best else EventKind.FACE_CAPTURE,
            event_type="face_match" if best else "face_capture",
            person_id=person_id,
            person_name=pick_str(person, "Name"),
            similarity=fraction(pick(best, "Similarity"), "Similarity"),
            attributes=attributes,
            **base,
        )
    if key in _ALARM_CODES:
        attributes["active"] = action.lower() != "stop"
        return DeviceEvent(
            kind=EventKind.ALARM, event_type=_ALARM_CODES[key], attributes=attributes, **base
        )
    if key == "videomotion":
        attributes["active"] = action.lower() != "stop"
        return DeviceEvent(kind=EventKind.STATE, event_type="motion", attributes=attributes, **base)
    if data and (name := find_deep(data, "Name")):
        attributes["name"] = name
    return DeviceEvent(kind=EventKind.OTHER, event_type=code, attributes=attributes, **base)


def decode_dahua(
    body: bytes | str,
    *,
    device_id: str = "",
    limits: DecodeLimits = DEFAULT_LIMITS,
    now: datetime | None = None,
) -> list[DeviceEvent]:
    """Every event of a stream excerpt; :class:`DecodeError` on the first bad record.

    :class:`~.errors.LimitExceeded` for an excerpt of more than ``limits.max_events`` records.
    """
    check_body_size(len(body), limits)
    text = body if isinstance(body, str) else decode_text(body)
    if not text.strip():
        raise DecodeError("empty event stream")
    if "\x00" in text:
        raise DecodeError("event stream with a NUL character")
    records = split_records(text)
    if not records:
        if text.strip() and not all(
            _SKIP_LINE.match(line) or not line.strip() for line in text.splitlines()
        ):
            raise DecodeError("no Code=...;action=... records in the stream")
        return []
    check_count(len(records), limits.max_events, "records")
    events = []
    for index, record in enumerate(records):
        try:
            fields, data = parse_record(record, limits=limits)
            event = record_event(fields, data, device_id=device_id, now=now)
        except DecodeError as err:
            raise type(err)(f"record {index + 1}: {err}") from err
        if event is not None:
            events.append(event)
    return events
