"""Live state of one device, folded from the events its transport delivers.

The HA entities read this object; they never parse payloads. Decoders put state values
in ``DeviceEvent.attributes`` under the keys of :class:`StateKey` (a STATE event), or
report alarms (an ALARM event with ``attributes["active"]``, default true).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from .events import DeviceEvent, EventKind, ImageType


class StateKey(StrEnum):
    """State values a device may report (the MQTT ``state`` topic's JSON keys)."""

    ONLINE = "online"
    DOOR_OPEN = "door_open"  # unit door / gate contact
    LOCKED = "locked"  # terminal or turnstile locked (not released)
    BARRIER = "barrier"  # open / closed / opening / closing / stopped
    VEHICLE_PRESENT = "vehicle_present"  # vehicle detector loop occupied
    ANTI_PINCH = "anti_pinch"  # turnstile anti-pinch sensor triggered
    FAULT = "fault"
    ALARM = "alarm"  # smoke / manhole / perimeter / falling object active
    TAMPER = "tamper"
    BATTERY = "battery"  # percent
    RETENTION_DAYS = "retention_days"  # days of recording an NVR / camera holds
    RECORDING = "recording"
    READING = "reading"  # meter total
    DISPLAY_TEXT = "display_text"  # LED display of the plate kit
    STREAM_URL = "stream_url"  # RTSP URL a camera offers


_BOOL_KEYS = frozenset(
    {
        StateKey.ONLINE,
        StateKey.DOOR_OPEN,
        StateKey.LOCKED,
        StateKey.VEHICLE_PRESENT,
        StateKey.ANTI_PINCH,
        StateKey.FAULT,
        StateKey.ALARM,
        StateKey.TAMPER,
        StateKey.RECORDING,
    }
)
_NUMBER_KEYS = frozenset({StateKey.BATTERY, StateKey.RETENTION_DAYS, StateKey.READING})
BARRIER_POSITIONS = frozenset({"open", "closed", "opening", "closing", "moving", "stopped"})
PATROL_CHECK_IN = "patrol_check_in"  # event_type of a guard's check-in at a patrol point
_TRUE = frozenset({"1", "true", "on", "yes", "open", "online", "active", "alarm"})
_FALSE = frozenset({"0", "false", "off", "no", "closed", "offline", "inactive", "normal", "clear"})


class StateValueError(ValueError):
    """A state value of the wrong type; the event is refused, the state left unchanged."""


def coerce_state_value(key: StateKey, value: Any) -> Any:
    """Validate one state value; raise :class:`StateValueError` with the key and why."""
    if key is StateKey.FAULT and (value is None or isinstance(value, str)):
        # Devices report a fault code or text, and nothing (null / "") when all is well.
        text = (value or "").strip().lower()
        return text not in _FALSE and text != ""
    if key is StateKey.FAULT and isinstance(value, int) and not isinstance(value, bool):
        return value != 0  # a numeric fault code; 0 = no fault
    if key in _BOOL_KEYS:
        if isinstance(value, bool):
            return value
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise StateValueError(f"{key}: expected true/false, got {value!r}")
    if key in _NUMBER_KEYS:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise StateValueError(f"{key}: expected a number, got {value!r}")
        try:
            number = float(value)
        except ValueError as err:
            raise StateValueError(f"{key}: expected a number, got {value!r}") from err
        if math.isnan(number) or number < 0:
            raise StateValueError(f"{key}: expected a non-negative number, got {value!r}")
        if key is StateKey.READING:
            return number
        return int(number) if number.is_integer() else number
    if key is StateKey.BARRIER:
        position = str(value).strip().lower()
        if position not in BARRIER_POSITIONS:
            raise StateValueError(
                f"barrier: expected one of {sorted(BARRIER_POSITIONS)}, got {value!r}"
            )
        return position
    return str(value)


@dataclass(slots=True)
class DeviceState:
    """What HA shows for one register device."""

    code: str
    values: dict[StateKey, Any] = field(default_factory=dict)
    last_seen: datetime | None = None
    last_event: dict[EventKind, DeviceEvent] = field(default_factory=dict)
    last_event_of_type: dict[str, DeviceEvent] = field(default_factory=dict)
    last_image: bytes | None = None
    last_image_time: datetime | None = None

    @property
    def online(self) -> bool | None:
        """None until the device said anything; availability messages decide after that."""
        value = self.values.get(StateKey.ONLINE)
        return bool(value) if value is not None else (True if self.last_seen else None)

    def get(self, key: StateKey) -> Any:
        """A state value or None."""
        return self.values.get(key)

    def apply(self, event: DeviceEvent) -> None:
        """Fold an event into the state; a bad value raises before anything changes."""
        updates: dict[StateKey, Any] = {}
        if event.kind is EventKind.STATE:
            for name, raw_value in event.attributes.items():
                # "door": "open" / "closed" as the MQTT schema sends it
                raw_key = StateKey.DOOR_OPEN.value if name == "door" else name
                try:
                    key = StateKey(raw_key)
                except ValueError:
                    continue  # extra vendor fields are kept on the event, not the state
                updates[key] = coerce_state_value(key, raw_value)
        elif event.kind is EventKind.ALARM:
            updates[StateKey.ALARM] = coerce_state_value(
                StateKey.ALARM, event.attributes.get("active", True)
            )
        if event.event_type != "availability" or updates.get(StateKey.ONLINE, True):
            # Any message but an "offline" last will proves the device is alive.
            self.last_seen = max(self.last_seen, event.time) if self.last_seen else event.time
            updates.setdefault(StateKey.ONLINE, True)
        self.values.update(updates)
        if event.kind is not EventKind.STATE:
            self.last_event[event.kind] = event
            if event.event_type:
                self.last_event_of_type[event.event_type] = event
        pictures = [image for image in event.images if image.type is not ImageType.CLIP]
        if pictures and (self.last_image_time is None or event.time >= self.last_image_time):
            # The scene shows most to a guard; a face or plate crop when that is all there is.
            scene = [image for image in pictures if image.type is ImageType.SCENE]
            self.last_image = (scene or pictures)[0].data
            self.last_image_time = event.time
