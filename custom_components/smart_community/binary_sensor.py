"""Binary sensors: connectivity of every device, doors, vehicle presence, alarms, faults."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import signal_docking_update
from .core.devices import DeviceKind
from .core.state import DeviceState, StateKey
from .entity import (
    CommunityEntityDescription,
    DescribedCommunityEntity,
    SmartCommunityEntity,
    SmartCommunityEntityDescription,
    community_entities,
    device_entities,
)
from .runtime import CommunityRuntime, SmartCommunityConfigEntry

PARALLEL_UPDATES = 0

ALL_KINDS = frozenset(DeviceKind)
ALARM_SENSORS = frozenset(
    {
        DeviceKind.SMOKE_DETECTOR,
        DeviceKind.MANHOLE_SENSOR,
        DeviceKind.PERIMETER_SENSOR,
        DeviceKind.FALLING_OBJECT_CAMERA,
    }
)


@dataclass(frozen=True, kw_only=True)
class CommunityBinarySensorDescription(
    SmartCommunityEntityDescription, BinarySensorEntityDescription
):
    """A binary sensor read from one state key."""

    is_on_fn: Callable[[DeviceState], bool | None]


def _key(key: StateKey) -> Callable[[DeviceState], bool | None]:
    def read(state: DeviceState) -> bool | None:
        value: Any = state.get(key)
        return None if value is None else bool(value)

    return read


DESCRIPTIONS: tuple[CommunityBinarySensorDescription, ...] = (
    CommunityBinarySensorDescription(
        key="connectivity",
        kinds=ALL_KINDS,
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        entity_category=EntityCategory.DIAGNOSTIC,
        is_on_fn=lambda state: state.online,
    ),
    CommunityBinarySensorDescription(
        key="door",
        kinds=frozenset({DeviceKind.ACCESS_TERMINAL}),
        device_class=BinarySensorDeviceClass.DOOR,
        is_on_fn=_key(StateKey.DOOR_OPEN),
    ),
    CommunityBinarySensorDescription(
        key="vehicle_present",
        translation_key="vehicle_present",
        kinds=frozenset({DeviceKind.VEHICLE_DETECTOR}),
        device_class=BinarySensorDeviceClass.OCCUPANCY,
        is_on_fn=_key(StateKey.VEHICLE_PRESENT),
    ),
    CommunityBinarySensorDescription(
        key="anti_pinch",
        translation_key="anti_pinch",
        kinds=frozenset({DeviceKind.TURNSTILE}),
        device_class=BinarySensorDeviceClass.SAFETY,
        is_on_fn=_key(StateKey.ANTI_PINCH),
    ),
    CommunityBinarySensorDescription(
        key="fault",
        translation_key="fault",
        kinds=frozenset({DeviceKind.TURNSTILE, DeviceKind.BARRIER, DeviceKind.ACCESS_TERMINAL}),
        device_class=BinarySensorDeviceClass.PROBLEM,
        entity_category=EntityCategory.DIAGNOSTIC,
        is_on_fn=_key(StateKey.FAULT),
    ),
    CommunityBinarySensorDescription(
        key="smoke",
        kinds=frozenset({DeviceKind.SMOKE_DETECTOR}),
        device_class=BinarySensorDeviceClass.SMOKE,
        is_on_fn=_key(StateKey.ALARM),
    ),
    CommunityBinarySensorDescription(
        key="cover_displaced",
        translation_key="cover_displaced",
        kinds=frozenset({DeviceKind.MANHOLE_SENSOR}),
        device_class=BinarySensorDeviceClass.MOVING,
        is_on_fn=_key(StateKey.ALARM),
    ),
    CommunityBinarySensorDescription(
        key="intrusion",
        translation_key="intrusion",
        kinds=frozenset({DeviceKind.PERIMETER_SENSOR}),
        device_class=BinarySensorDeviceClass.SAFETY,
        is_on_fn=_key(StateKey.ALARM),
    ),
    CommunityBinarySensorDescription(
        key="falling_object",
        translation_key="falling_object",
        kinds=frozenset({DeviceKind.FALLING_OBJECT_CAMERA}),
        device_class=BinarySensorDeviceClass.SAFETY,
        is_on_fn=_key(StateKey.ALARM),
    ),
    CommunityBinarySensorDescription(
        key="tamper",
        kinds=ALARM_SENSORS,
        device_class=BinarySensorDeviceClass.TAMPER,
        entity_category=EntityCategory.DIAGNOSTIC,
        entity_registry_enabled_default=False,
        is_on_fn=_key(StateKey.TAMPER),
    ),
    CommunityBinarySensorDescription(
        key="recording",
        translation_key="recording",
        kinds=frozenset({DeviceKind.NVR}),
        device_class=BinarySensorDeviceClass.RUNNING,
        is_on_fn=_key(StateKey.RECORDING),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SmartCommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """One entity per description that applies to each register device."""
    runtime = entry.runtime_data
    async_add_entities(
        [
            *device_entities(runtime, CommunityBinarySensor, DESCRIPTIONS),
            *community_entities(runtime, CommunityValueBinarySensor, COMMUNITY_BINARY_SENSORS),
        ]
    )


class CommunityBinarySensor(SmartCommunityEntity, BinarySensorEntity):
    """A binary state of a community device."""

    entity_description: CommunityBinarySensorDescription

    @property
    def available(self) -> bool:
        """Connectivity is always shown (off when offline); the rest follow the device."""
        if self.entity_description.key == "connectivity":
            return True
        return super().available

    @property
    def is_on(self) -> bool | None:
        """Current value from the device state."""
        return self.entity_description.is_on_fn(self.device_state)


@dataclass(frozen=True, kw_only=True)
class CommunityBinarySensorValueDescription(
    CommunityEntityDescription, BinarySensorEntityDescription
):
    """On / off from the community runtime."""

    is_on_fn: Callable[[CommunityRuntime], bool | None]


def _docking_connected(runtime: CommunityRuntime) -> bool | None:
    stats = runtime.docking.stats if runtime.docking else None
    return None if stats is None else stats.connected


COMMUNITY_BINARY_SENSORS: tuple[CommunityBinarySensorValueDescription, ...] = (
    CommunityBinarySensorValueDescription(
        key="docking_connected",
        translation_key="docking_connected",
        device_class=BinarySensorDeviceClass.CONNECTIVITY,
        signals=(signal_docking_update,),
        exists_fn=lambda runtime: runtime.docking is not None,
        available_fn=lambda runtime: (
            runtime.docking is not None and runtime.docking.stats is not None
        ),
        is_on_fn=_docking_connected,
    ),
)


class CommunityValueBinarySensor(DescribedCommunityEntity, BinarySensorEntity):
    """A binary sensor of the community device."""

    entity_description: CommunityBinarySensorValueDescription

    @property
    def is_on(self) -> bool | None:
        """The runtime's state."""
        return self.entity_description.is_on_fn(self.runtime)
