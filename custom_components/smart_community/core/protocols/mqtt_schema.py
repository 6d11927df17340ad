"""The MQTT schema devices (or a Node-RED flow) speak to the hub; documented in ``MQTT.md``.

Topics, under a per-device prefix (the register's access address)::

    <prefix>/<device_code>/state         retained JSON object: the device's current state
    <prefix>/<device_code>/event         JSON object with "type": something happened
    <prefix>/<device_code>/command       JSON object from the hub (see ``mqtt_commands``)
    <prefix>/<device_code>/availability  "online" / "offline", retained, the device's last will

Times are epoch milliseconds or ISO 8601; without a zone they are Asia/Shanghai. Pictures are
base64 strings. Unknown extra fields are kept in ``DeviceEvent.attributes``; a known field of
the wrong type is a :class:`DecodeError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from ..devices import DeviceKind
from ..events import DeviceEvent, EventImage, EventKind, ImageType
from .documents import decode_text, load_json
from .errors import DecodeError, EncodeError
from .images import DEFAULT_MAX_IMAGE_BYTES, decode_base64_image, make_image
from .plate_colors import normalise_plate_color
from .timeparse import now_local, parse_time

SOURCE = "mqtt"


class Channel(StrEnum):
    """Last topic level: what the message is."""

    STATE = "state"
    EVENT = "event"
    COMMAND = "command"
    AVAILABILITY = "availability"


@dataclass(frozen=True, slots=True)
class MqttTopic:
    """A parsed device topic. ``prefix`` may itself contain ``/``."""

    prefix: str
    device_code: str
    channel: Channel

    def __str__(self) -> str:
        return topic_for(self.prefix, self.device_code, self.channel)


def topic_for(prefix: str, device_code: str, channel: Channel | str) -> str:
    """``<prefix>/<device_code>/<channel>``; wildcards and empty levels are refused."""
    for part in (prefix, device_code):
        if not part or "+" in part or "#" in part:
            raise EncodeError(f"invalid topic level {part!r}")
    if "/" in device_code:
        raise EncodeError(f"device code {device_code!r} must not contain '/'")
    return f"{prefix.strip('/')}/{device_code}/{Channel(channel).value}"


def parse_topic(topic: str) -> MqttTopic:
    """Split a device topic or raise :class:`DecodeError`."""
    levels = topic.strip().strip("/").split("/")
    if len(levels) < 3 or not all(levels[-3:]):
        raise DecodeError(f"topic {topic!r} is not <prefix>/<device_code>/<channel>")
    try:
        channel = Channel(levels[-1].lower())
    except ValueError as err:
        raise DecodeError(f"unknown topic channel {levels[-1]!r}", field="topic") from err
    return MqttTopic(prefix="/".join(levels[:-2]), device_code=levels[-2], channel=channel)


# --- field specifications ------------------------------------------------------------


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


@dataclass(frozen=True, slots=True)
class EventSpec:
    """One event ``type``: the DeviceEvent kind it becomes and its fields."""

    type: str
    kind: EventKind
    device_kinds: tuple[DeviceKind, ...]
    fields: tuple[FieldSpec, ...]
    doc: str = ""


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
                FieldSpec("quality", FieldType.NUMBER, doc="face quality 0..1"),
                FieldSpec("bbox", FieldType.BBOX, doc="face box in the scene image"),
                FieldSpec("liveness", FieldType.BOOLEAN),
                _PERSON,
                _NAME,
                FieldSpec("similarity", FieldType.NUMBER, doc="0..1 when the camera matched"),
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
                FieldSpec("confidence", FieldType.NUMBER, doc="0..1"),
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
                FieldSpec("similarity", FieldType.NUMBER, doc="0..1 for face"),
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
                FieldSpec("level", FieldType.INTEGER, doc="1 (info) .. 4 (critical)"),
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
_STATE_FIELDS: dict[str, FieldSpec] = {
    spec.name: spec for specs in STATE_SPECS.values() for spec in specs
}
_ENVELOPE = {"type", "time", "id", "kind"}


# --- validation -----------------------------------------------------------------------


def _check_value(spec: FieldSpec, value: Any, max_image_bytes: int) -> Any:
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
        if isinstance(value, str):
            try:
                value = float(value) if kind is FieldType.NUMBER else int(value)
            except ValueError:
                raise DecodeError(f"expected a {kind}, got {value!r}", field=spec.name) from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise DecodeError(f"expected a {kind}, got {value!r}", field=spec.name)
        if kind is FieldType.INTEGER:
            if value != int(value):
                raise DecodeError(f"expected an integer, got {value!r}", field=spec.name)
            return int(value)
        return float(value)
    if kind is FieldType.STRING:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise DecodeError(f"expected a string, got {value!r}", field=spec.name)
        if spec.choices and value.lower() not in spec.choices:
            raise DecodeError(f"{value!r} is not one of {', '.join(spec.choices)}", field=spec.name)
        return value.lower() if spec.choices else value
    if kind is FieldType.IMAGE:
        return decode_base64_image(value, max_bytes=max_image_bytes, field=spec.name)
    if kind is FieldType.BBOX:
        if (
            not isinstance(value, list)
            or len(value) != 4
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        ):
            raise DecodeError("expected [x, y, width, height]", field=spec.name)
        return [int(v) for v in value]
    return value


def _validate(
    data: Mapping[str, Any], specs: tuple[FieldSpec, ...], max_image_bytes: int
) -> tuple[dict[str, Any], list[EventImage]]:
    values: dict[str, Any] = {}
    images: list[EventImage] = []
    by_name = {spec.name: spec for spec in specs}
    for spec in specs:
        value = data.get(spec.name)
        if value is None or value == "":
            if spec.required:
                raise DecodeError("required field missing", field=spec.name)
            continue
        checked = _check_value(spec, value, max_image_bytes)
        if spec.type is FieldType.IMAGE:
            images.append(make_image(spec.image_type or ImageType.OTHER, checked))
        else:
            values[spec.name] = checked
    for key, value in data.items():
        if key not in by_name and key not in _ENVELOPE:
            values[key] = value
    return values, images


def _payload_object(payload: bytes) -> dict[str, Any]:
    data = load_json(payload)
    if not isinstance(data, dict):
        raise DecodeError(f"payload must be a JSON object, got {type(data).__name__}")
    return data


def _message_time(data: Mapping[str, Any], now: datetime | None) -> datetime:
    value = data.get("time")
    if value is None or value == "":
        return now or now_local()
    return parse_time(value, field="time")


# --- decoding ---------------------------------------------------------------------------


def decode_event(
    device_code: str,
    payload: bytes,
    *,
    max_image_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
    now: datetime | None = None,
) -> DeviceEvent:
    """An ``.../event`` payload as a :class:`DeviceEvent`."""
    data = _payload_object(payload)
    event_type = data.get("type")
    if not isinstance(event_type, str) or not event_type:
        raise DecodeError("required field missing", field="type")
    spec = EVENT_SPECS.get(event_type.lower())
    if spec is None:
        raise DecodeError(f"unknown event type {event_type!r}", field="type")
    time = _message_time(data, now)
    values, images = _validate(data, spec.fields, max_image_bytes)
    kind = spec.kind
    out_type = spec.type
    person_id = values.pop("person_id", None)
    method = values.pop("method", None)
    if spec.type == "face_capture" and person_id:
        kind = EventKind.FACE_MATCH
    elif spec.type == "alarm":
        out_type = str(values.pop("alarm"))
        values.setdefault("active", True)
    elif spec.type == "check_in":
        out_type = "patrol_check_in"
        person_id = values.pop("guard_id")
        values["person_name"] = values.pop("guard_name", None)
        method = method or "nfc"
    elif spec.type == "reading":
        out_type = "meter_reading"
    plate = values.pop("plate", None)
    color = normalise_plate_color(values.pop("plate_color", None))
    if "id" in data:
        values["message_id"] = data["id"]
    lane = values.pop("lane", None)
    return DeviceEvent(
        kind=kind,
        device_id=device_code,
        time=time,
        event_type=out_type,
        plate=plate,
        plate_color=color,
        person_id=person_id,
        person_name=values.pop("person_name", None),
        similarity=values.pop("similarity", None),
        confidence=values.pop("confidence", None),
        liveness=values.pop("liveness", None),
        door=values.pop("door", None) or lane,
        method=method,
        direction=values.pop("direction", None),
        images=tuple(images),
        attributes={key: value for key, value in values.items() if value is not None},
        source=SOURCE,
    )


def decode_state(
    device_code: str,
    payload: bytes,
    *,
    max_image_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
    now: datetime | None = None,
) -> DeviceEvent:
    """A retained ``.../state`` payload as a STATE event; attributes hold the state."""
    data = _payload_object(payload)
    time = _message_time(data, now)
    known = tuple(_STATE_FIELDS[name] for name in data if name in _STATE_FIELDS)
    values, _ = _validate(data, known, max_image_bytes)
    return DeviceEvent(
        kind=EventKind.STATE,
        device_id=device_code,
        time=time,
        event_type="state",
        attributes=values,
        source=SOURCE,
    )


def decode_availability(
    device_code: str, payload: bytes, *, now: datetime | None = None
) -> DeviceEvent:
    """``online`` / ``offline`` as a STATE event with ``attributes["online"]``."""
    text = decode_text(payload).strip().strip('"').lower()
    if text not in ("online", "offline"):
        raise DecodeError(f"availability must be online or offline, got {text[:20]!r}")
    return DeviceEvent(
        kind=EventKind.STATE,
        device_id=device_code,
        time=now or now_local(),
        event_type="availability",
        attributes={"online": text == "online"},
        source=SOURCE,
    )


def decode_mqtt(
    topic: str,
    payload: bytes,
    *,
    max_image_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
    now: datetime | None = None,
) -> DeviceEvent:
    """Decode a device message by its topic; commands are the hub's own and are refused."""
    parsed = parse_topic(topic)
    if parsed.channel is Channel.EVENT:
        return decode_event(parsed.device_code, payload, max_image_bytes=max_image_bytes, now=now)
    if parsed.channel is Channel.STATE:
        return decode_state(parsed.device_code, payload, max_image_bytes=max_image_bytes, now=now)
    if parsed.channel is Channel.AVAILABILITY:
        return decode_availability(parsed.device_code, payload, now=now)
    raise DecodeError("command topics carry the hub's commands, not device messages")
