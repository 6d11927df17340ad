"""Fields of the MQTT schema: each event type's and each device kind's state fields.

The tables here are the contract documented in ``MQTT.md`` (a test keeps the two in step);
:func:`validate` checks a payload against them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..devices import DeviceKind
from ..events import EventImage, EventKind, ImageType
from .errors import DecodeError
from .images import ImageBudget, decode_base64_image, make_image
from .keys import MAX_TEXT
from .limits import DEFAULT_LIMITS
from .numbers import finite_number, integer


class FieldType(StrEnum):
    """JSON types of the schema's fields."""

    STRING = "string"
    NUMBER = "number"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    TIME = "time"  # epoch ms number or ISO 8601 string
    IMAGE = "image"  # base64 string
    BBOX = "bbox"  # [x, y, width, height] in pixels of the scene image


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One payload field."""

    name: str
    type: FieldType
    required: bool = False
    choices: tuple[str, ...] = ()
    image_type: ImageType | None = None
    doc: str = ""
    bounds: tuple[float, float] | None = None  # inclusive range of a number


@dataclass(frozen=True, slots=True)
class EventSpec:
    """One event ``type``: the DeviceEvent kind it becomes and its fields."""

    type: str
    kind: EventKind
    device_kinds: tuple[DeviceKind, ...]
    fields: tuple[FieldSpec, ...]
    doc: str = ""


_UNIT = (0.0, 1.0)
_DIRECTION = FieldSpec("direction", FieldType.STRING, choices=("in", "out"))
_PERSON = FieldSpec("person_id", FieldType.STRING, doc="registry id of the person")
_NAME = FieldSpec("person_name", FieldType.STRING)
_DOOR = FieldSpec("door", FieldType.STRING, doc="door / channel / lane as the device names it")
_METHODS = ("face", "ic_card", "id_card", "fingerprint", "voiceprint", "qr", "password", "remote")
_ALARM_KINDS = (
    DeviceKind.SMOKE_DETECTOR,
    DeviceKind.MANHOLE_SENSOR,
    DeviceKind.PERIMETER_SENSOR,
    DeviceKind.FALLING_OBJECT_CAMERA,
)
_METERS = (DeviceKind.WATER_METER, DeviceKind.ELECTRICITY_METER, DeviceKind.GAS_METER)

EVENT_SPECS: dict[str, EventSpec] = {
    spec.type: spec
    for spec in (
        EventSpec(
            "face_capture",
            EventKind.FACE_CAPTURE,
            (DeviceKind.FACE_CAMERA,),
            (
                FieldSpec("face_image", FieldType.IMAGE, True, image_type=ImageType.FACE),
                FieldSpec("scene_image", FieldType.IMAGE, image_type=ImageType.SCENE),
                FieldSpec("quality", FieldType.NUMBER, doc="face quality 0..1", bounds=_UNIT),
                FieldSpec("bbox", FieldType.BBOX, doc="face box in the scene image"),
                FieldSpec("liveness", FieldType.BOOLEAN),
                _PERSON,
                _NAME,
                FieldSpec(
                    "similarity", FieldType.NUMBER, doc="0..1 when the camera matched", bounds=_UNIT
                ),
                _DIRECTION,
            ),
            "A face was captured. With person_id the camera identified the person: face_match.",
        ),
        EventSpec(
            "passage",
            EventKind.ACCESS,
            (DeviceKind.TURNSTILE, DeviceKind.BARRIER, DeviceKind.ACCESS_TERMINAL),
            (
                _DIRECTION,
                _PERSON,
                FieldSpec("method", FieldType.STRING, choices=_METHODS),
                FieldSpec("count", FieldType.INTEGER, doc="people / vehicles that passed"),
                _DOOR,
            ),
            "Someone (or a vehicle) passed.",
        ),
        EventSpec(
            "forced",
            EventKind.ACCESS,
            (DeviceKind.TURNSTILE, DeviceKind.ACCESS_TERMINAL),
            (_DIRECTION, _DOOR),
            "Passage without authorisation (pushed through / door forced).",
        ),
        EventSpec(
            "tailgating",
            EventKind.ACCESS,
            (DeviceKind.TURNSTILE,),
            (_DIRECTION, FieldSpec("count", FieldType.INTEGER), _DOOR),
            "More people passed than were authorised.",
        ),
        EventSpec(
            "plate_read",
            EventKind.VEHICLE,
            (DeviceKind.PLATE_CAMERA,),
            (
                FieldSpec("plate", FieldType.STRING, True, doc="e.g. 皖A12345"),
                FieldSpec(
                    "plate_color",
                    FieldType.STRING,
                    doc="blue, yellow, green, white, black, yellow_green",
                ),
                FieldSpec("confidence", FieldType.NUMBER, doc="0..1", bounds=_UNIT),
                FieldSpec("image", FieldType.IMAGE, image_type=ImageType.SCENE),
                FieldSpec("plate_image", FieldType.IMAGE, image_type=ImageType.PLATE),
                FieldSpec("lane", FieldType.STRING),
                _DIRECTION,
            ),
            "A plate was read.",
        ),
        EventSpec(
            "verified",
            EventKind.ACCESS,
            (DeviceKind.ACCESS_TERMINAL, DeviceKind.TURNSTILE),
            (
                FieldSpec("method", FieldType.STRING, True, choices=_METHODS),
                _PERSON,
                _NAME,
                FieldSpec("similarity", FieldType.NUMBER, doc="0..1 for face", bounds=_UNIT),
                _DOOR,
                _DIRECTION,
                FieldSpec("image", FieldType.IMAGE, image_type=ImageType.FACE),
            ),
            "Identity verified; the door opens.",
        ),
        EventSpec(
            "denied",
            EventKind.ACCESS,
            (DeviceKind.ACCESS_TERMINAL, DeviceKind.TURNSTILE),
            (
                FieldSpec("method", FieldType.STRING, True, choices=_METHODS),
                FieldSpec("reason", FieldType.STRING, doc="unknown_person, expired, schedule"),
                _PERSON,
                _DOOR,
                FieldSpec("image", FieldType.IMAGE, image_type=ImageType.FACE),
            ),
            "Access refused.",
        ),
        EventSpec(
            "alarm",
            EventKind.ALARM,
            _ALARM_KINDS,
            (
                FieldSpec(
                    "alarm",
                    FieldType.STRING,
                    True,
                    doc="smoke, tilt, water, intrusion, falling_object, tamper, low_battery",
                ),
                FieldSpec("active", FieldType.BOOLEAN, doc="false when the alarm clears"),
                FieldSpec(
                    "level", FieldType.INTEGER, doc="1 (info) .. 4 (critical)", bounds=(1, 4)
                ),
                FieldSpec("zone", FieldType.STRING),
                FieldSpec("value", FieldType.NUMBER, doc="tilt angle, smoke density ..."),
                FieldSpec("image", FieldType.IMAGE, image_type=ImageType.SCENE),
            ),
            "An alarm; image is the evidence picture (falling objects, perimeter).",
        ),
        EventSpec(
            "check_in",
            EventKind.ACCESS,
            (DeviceKind.PATROL_CHECKPOINT,),
            (
                FieldSpec("guard_id", FieldType.STRING, True),
                FieldSpec("guard_name", FieldType.STRING),
                FieldSpec("route", FieldType.STRING),
                FieldSpec("method", FieldType.STRING, doc="nfc, ic_card, qr"),
            ),
            "A guard checked in at the checkpoint.",
        ),
        EventSpec(
            "reading",
            EventKind.STATE,
            _METERS,
            (
                FieldSpec("reading", FieldType.NUMBER, True, doc="cumulative meter value"),
                FieldSpec("unit", FieldType.STRING, True, doc="m3 or kWh"),
            ),
            "A meter reading (also allowed as retained state).",
        ),
        EventSpec(
            "command_result",
            EventKind.OTHER,
            tuple(DeviceKind),
            (
                FieldSpec("command_id", FieldType.STRING, True),
                FieldSpec("command", FieldType.STRING),
                FieldSpec("ok", FieldType.BOOLEAN, True),
                FieldSpec("reason", FieldType.STRING),
            ),
            "The device's answer to a command.",
        ),
    )
}

_CAMERA_STATE = (
    FieldSpec("recording", FieldType.BOOLEAN),
    FieldSpec("retention_days", FieldType.INTEGER, doc="days of video kept"),
)
_BATTERY = FieldSpec("battery", FieldType.NUMBER, doc="percent")

STATE_SPECS: dict[DeviceKind, tuple[FieldSpec, ...]] = {
    DeviceKind.FACE_CAMERA: _CAMERA_STATE,
    DeviceKind.CAMERA: _CAMERA_STATE,
    DeviceKind.PLATE_CAMERA: _CAMERA_STATE,
    DeviceKind.FALLING_OBJECT_CAMERA: _CAMERA_STATE,
    DeviceKind.NVR: (
        *_CAMERA_STATE,
        FieldSpec("disk_free_gb", FieldType.NUMBER),
        FieldSpec("channels", FieldType.INTEGER),
    ),
    DeviceKind.TURNSTILE: (
        FieldSpec("door", FieldType.STRING, choices=("open", "closed")),
        FieldSpec("anti_pinch", FieldType.BOOLEAN, doc="anti-pinch sensor triggered"),
        FieldSpec("fault", FieldType.STRING, doc="fault code/text; absent or null when fine"),
        FieldSpec("passages_in", FieldType.INTEGER),
        FieldSpec("passages_out", FieldType.INTEGER),
    ),
    DeviceKind.BARRIER: (
        FieldSpec("barrier", FieldType.STRING, choices=("open", "closed", "moving", "stopped")),
        FieldSpec("vehicle_present", FieldType.BOOLEAN, doc="loop detector under the arm"),
        FieldSpec("fault", FieldType.STRING),
    ),
    DeviceKind.VEHICLE_DETECTOR: (FieldSpec("vehicle_present", FieldType.BOOLEAN),),
    DeviceKind.ACCESS_TERMINAL: (
        FieldSpec("door", FieldType.STRING, choices=("open", "closed")),
        FieldSpec("locked", FieldType.BOOLEAN),
    ),
    DeviceKind.SMOKE_DETECTOR: (FieldSpec("alarm", FieldType.BOOLEAN), _BATTERY),
    DeviceKind.MANHOLE_SENSOR: (
        FieldSpec("alarm", FieldType.BOOLEAN),
        FieldSpec("tilt_angle", FieldType.NUMBER, doc="degrees"),
        _BATTERY,
    ),
    DeviceKind.PERIMETER_SENSOR: (
        FieldSpec("alarm", FieldType.BOOLEAN),
        FieldSpec("armed", FieldType.BOOLEAN),
    ),
    DeviceKind.PATROL_CHECKPOINT: (_BATTERY,),
    DeviceKind.WATER_METER: EVENT_SPECS["reading"].fields,
    DeviceKind.ELECTRICITY_METER: EVENT_SPECS["reading"].fields,
    DeviceKind.GAS_METER: EVENT_SPECS["reading"].fields,
    DeviceKind.GATEWAY: (),
    DeviceKind.COLLECTION_TERMINAL: (),
}

# State fields by name; a name has one type whatever the device kind.
STATE_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec for specs in STATE_SPECS.values() for spec in specs
}
ENVELOPE = {"type", "time", "id", "kind"}
MAX_PIXELS = 100_000  # a coordinate of a box in a camera picture


def _check_number(spec: FieldSpec, value: Any) -> int | float:
    if isinstance(value, list | dict):
        raise DecodeError(f"expected a {spec.type}, got {type(value).__name__}", field=spec.name)
    number: int | float | None = (
        integer(value, spec.name)
        if spec.type is FieldType.INTEGER
        else finite_number(value, spec.name)
    )
    assert number is not None  # validate() skips missing values
    if spec.bounds and not spec.bounds[0] <= number <= spec.bounds[1]:
        low, high = spec.bounds
        raise DecodeError(f"{number!r} is outside {low:g}..{high:g}", field=spec.name)
    return number


def _check_value(
    spec: FieldSpec, value: Any, max_image_bytes: int, budget: ImageBudget | None = None
) -> Any:
    """The validated value (images decoded) or :class:`DecodeError` naming the field."""
    kind = spec.type
    if kind is FieldType.BOOLEAN:
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.lower() in ("true", "false", "on", "off"):
            return value.lower() in ("true", "on")
        raise DecodeError(f"expected a boolean, got {value!r}", field=spec.name)
    if kind in (FieldType.NUMBER, FieldType.INTEGER):
        return _check_number(spec, value)
    if kind is FieldType.STRING:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise DecodeError(f"expected a string, got {value!r}", field=spec.name)
        if len(value) > MAX_TEXT:
            raise DecodeError(f"text longer than {MAX_TEXT} characters", field=spec.name)
        if spec.choices and value.lower() not in spec.choices:
            raise DecodeError(f"{value!r} is not one of {', '.join(spec.choices)}", field=spec.name)
        return value.lower() if spec.choices else value
    if kind is FieldType.IMAGE:
        return decode_base64_image(value, max_bytes=max_image_bytes, field=spec.name, budget=budget)
    if kind is FieldType.BBOX:
        if (
            not isinstance(value, list)
            or len(value) != 4
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        ):
            raise DecodeError("expected [x, y, width, height]", field=spec.name)
        numbers = [finite_number(v, spec.name) or 0.0 for v in value]
        if any(abs(number) > MAX_PIXELS for number in numbers):
            raise DecodeError(f"box {value!r} lies outside any picture", field=spec.name)
        return [int(number) for number in numbers]
    return value


def validate(
    data: Mapping[str, Any],
    specs: tuple[FieldSpec, ...],
    max_image_bytes: int,
    budget: ImageBudget | None = None,
) -> tuple[dict[str, Any], list[EventImage]]:
    """Checked values by field name (extra fields kept) and the decoded pictures."""
    budget = budget or ImageBudget(DEFAULT_LIMITS)
    values: dict[str, Any] = {}
    images: list[EventImage] = []
    by_name = {spec.name: spec for spec in specs}
    for spec in specs:
        value = data.get(spec.name)
        if value is None or value == "":
            if spec.required:
                raise DecodeError("required field missing", field=spec.name)
            continue
        checked = _check_value(spec, value, max_image_bytes, budget)
        if spec.type is FieldType.IMAGE:
            images.append(make_image(spec.image_type or ImageType.OTHER, checked))
        else:
            values[spec.name] = checked
    for key, value in data.items():
        if key not in by_name and key not in ENVELOPE:
            values[key] = value
    return values, images
