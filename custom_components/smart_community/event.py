"""Event entities: face captures, plate reads, passages, access verdicts, alarms, patrols."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.event import EventEntity, EventEntityDescription
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .core.devices import DeviceKind
from .core.events import DeviceEvent, EventKind
from .core.state import PATROL_CHECK_IN
from .entity import (
    SmartCommunityEntity,
    SmartCommunityEntityDescription,
    device_entities,
)
from .hub import event_attributes
from .runtime import SmartCommunityConfigEntry

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class CommunityEventDescription(SmartCommunityEntityDescription, EventEntityDescription):
    """Maps a device event to this entity's event type (None: not this entity's)."""

    type_fn: Callable[[DeviceEvent], str | None]


def _face(event: DeviceEvent) -> str | None:
    if event.kind is EventKind.FACE_CAPTURE:
        return "captured"
    if event.kind is EventKind.FACE_MATCH:
        return "recognised" if event.person_id else "unknown"
    return None


_PASSAGE_TYPES = {
    "passage": "passage",
    "pass": "passage",
    "forced": "forced",
    "forced_open": "forced",
    "tailgating": "tailgating",
    "denied": "denied",
}
_ACCESS_TYPES = {
    "verified": "verified",
    "granted": "verified",
    "allowed": "verified",
    "passage": "verified",
    "denied": "denied",
    "forced": "forced",
    "forced_open": "forced",
    "tailgating": "tailgating",
}


def _access_with(table: dict[str, str]) -> Callable[[DeviceEvent], str | None]:
    def pick(event: DeviceEvent) -> str | None:
        if event.kind is not EventKind.ACCESS:
            return None
        return table.get(event.event_type)

    return pick


def _plate(event: DeviceEvent) -> str | None:
    return "plate_read" if event.kind is EventKind.VEHICLE else None


def _alarm(event: DeviceEvent) -> str | None:
    if event.kind is not EventKind.ALARM:
        return None
    return (
        "alarm"
        if event.attributes.get("active", True) not in (False, 0, "0", "false")
        else "cleared"
    )


def _patrol(event: DeviceEvent) -> str | None:
    return "checked_in" if event.event_type == PATROL_CHECK_IN else None


DESCRIPTIONS: tuple[CommunityEventDescription, ...] = (
    CommunityEventDescription(
        key="face",
        translation_key="face",
        kinds=frozenset({DeviceKind.FACE_CAMERA, DeviceKind.ACCESS_TERMINAL}),
        event_types=["captured", "recognised", "unknown"],
        type_fn=_face,
    ),
    CommunityEventDescription(
        key="passage",
        translation_key="passage",
        kinds=frozenset({DeviceKind.TURNSTILE}),
        event_types=["passage", "forced", "tailgating", "denied"],
        type_fn=_access_with(_PASSAGE_TYPES),
    ),
    CommunityEventDescription(
        key="access",
        translation_key="access",
        kinds=frozenset({DeviceKind.ACCESS_TERMINAL}),
        event_types=["verified", "denied", "forced", "tailgating"],
        type_fn=_access_with(_ACCESS_TYPES),
    ),
    CommunityEventDescription(
        key="plate",
        translation_key="plate",
        kinds=frozenset({DeviceKind.PLATE_CAMERA}),
        event_types=["plate_read"],
        type_fn=_plate,
    ),
    CommunityEventDescription(
        key="alarm",
        translation_key="alarm",
        kinds=frozenset(
            {
                DeviceKind.SMOKE_DETECTOR,
                DeviceKind.MANHOLE_SENSOR,
                DeviceKind.PERIMETER_SENSOR,
                DeviceKind.FALLING_OBJECT_CAMERA,
            }
        ),
        event_types=["alarm", "cleared"],
        type_fn=_alarm,
    ),
    CommunityEventDescription(
        key="patrol",
        translation_key="patrol",
        kinds=frozenset({DeviceKind.PATROL_CHECKPOINT}),
        event_types=["checked_in"],
        type_fn=_patrol,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SmartCommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Event entities per register device."""
    async_add_entities(device_entities(entry.runtime_data, CommunityEvent, DESCRIPTIONS))


class CommunityEvent(SmartCommunityEntity, EventEntity):
    """Fires when the device reports an event of this entity's kind."""

    entity_description: CommunityEventDescription

    @callback
    def _handle_device_update(self, event: DeviceEvent | None) -> None:
        if event is None:
            self.async_write_ha_state()  # availability may have changed
            return
        event_type = self.entity_description.type_fn(event)
        if event_type is None:
            return
        attributes: dict[str, Any] = event_attributes(self.hub, event)
        # "event_type" is the entity's own attribute; keep the device's finer type beside it.
        attributes["device_event_type"] = attributes.pop("event_type", None)
        self._trigger_event(event_type, attributes)
        self.async_write_ha_state()
