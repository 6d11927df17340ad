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

from ..events import DeviceEvent, EventKind
from .documents import decode_text, load_json
from .errors import DecodeError, EncodeError
from .images import ImageBudget
from .limits import DEFAULT_LIMITS, DecodeLimits, check_body_size
from .mqtt_fields import EVENT_SPECS, STATE_FIELDS, STATE_SPECS, validate
from .plate_colors import normalise_plate_color
from .timeparse import now_local, parse_time

SOURCE = "mqtt"
__all__ = [
    "EVENT_SPECS",
    "STATE_SPECS",
    "Channel",
    "MqttTopic",
    "decode_availability",
    "decode_event",
    "decode_mqtt",
    "decode_state",
    "parse_topic",
    "topic_for",
]


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


# --- decoding ---------------------------------------------------------------------------


def _payload_object(payload: bytes, limits: DecodeLimits) -> dict[str, Any]:
    check_body_size(len(payload), limits)
    data = load_json(payload, limits=limits)
    if not isinstance(data, dict):
        raise DecodeError(f"payload must be a JSON object, got {type(data).__name__}")
    return data


def _message_time(data: Mapping[str, Any], now: datetime | None) -> datetime:
    value = data.get("time")
    if value is None or value == "":
        return now or now_local()
    return parse_time(value, field="time")


def decode_event(
    device_code: str,
    payload: bytes,
    *,
    max_image_bytes: int | None = None,
    limits: DecodeLimits = DEFAULT_LIMITS,
    now: datetime | None = None,
) -> DeviceEvent:
    """An ``.../event`` payload as a :class:`DeviceEvent`."""
    limits = limits.with_image_bytes(max_image_bytes)
    data = _payload_object(payload, limits)
    event_type = data.get("type")
    if not isinstance(event_type, str) or not event_type:
        raise DecodeError("required field missing", field="type")
    spec = EVENT_SPECS.get(event_type.lower())
    if spec is None:
        raise DecodeError(f"unknown event type {event_type!r}", field="type")
    time = _message_time(data, now)
    values, images = validate(data, spec.fields, limits.max_image_bytes, ImageBudget(limits))
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
    max_image_bytes: int | None = None,
    limits: DecodeLimits = DEFAULT_LIMITS,
    now: datetime | None = None,
) -> DeviceEvent:
    """A retained ``.../state`` payload as a STATE event; attributes hold the state."""
    limits = limits.with_image_bytes(max_image_bytes)
    data = _payload_object(payload, limits)
    time = _message_time(data, now)
    known = tuple(STATE_FIELDS[name] for name in data if name in STATE_FIELDS)
    values, _ = validate(data, known, limits.max_image_bytes, ImageBudget(limits))
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
    if len(payload) > 64:
        raise DecodeError(f"availability must be online or offline, got {len(payload)} bytes")
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
    max_image_bytes: int | None = None,
    limits: DecodeLimits = DEFAULT_LIMITS,
    now: datetime | None = None,
) -> DeviceEvent:
    """Decode a device message by its topic; commands are the hub's own and are refused.

    A pure function of its arguments, safe to run in an executor.
    """
    parsed = parse_topic(topic)
    limits = limits.with_image_bytes(max_image_bytes)
    if parsed.channel is Channel.EVENT:
        return decode_event(parsed.device_code, payload, limits=limits, now=now)
    if parsed.channel is Channel.STATE:
        return decode_state(parsed.device_code, payload, limits=limits, now=now)
    if parsed.channel is Channel.AVAILABILITY:
        return decode_availability(parsed.device_code, payload, now=now)
    raise DecodeError("command topics carry the hub's commands, not device messages")
