"""Sensors: last seen, recording retention, patrol, meters (energy-dashboard ready)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import (
    PERCENTAGE,
    EntityCategory,
    UnitOfEnergy,
    UnitOfTime,
    UnitOfVolume,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .core.devices import DeviceKind
from .core.state import PATROL_CHECK_IN, DeviceState, StateKey
from .entity import (
    SmartCommunityEntity,
    SmartCommunityEntityDescription,
    add_described_entities,
)
from .hub import SmartCommunityConfigEntry

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class CommunitySensorDescription(SmartCommunityEntityDescription, SensorEntityDescription):
    """A sensor read from the device state."""

    value_fn: Callable[[DeviceState], Any]
    attrs_fn: Callable[[DeviceState], dict[str, Any]] | None = None


def _last_patrol(state: DeviceState) -> datetime | None:
    event = state.last_event_of_type.get(PATROL_CHECK_IN)
    return event.time if event else None


def _patrol_attrs(state: DeviceState) -> dict[str, Any]:
    event = state.last_event_of_type.get(PATROL_CHECK_IN)
    if event is None:
        return {}
    return {"guard_id": event.person_id, "guard_name": event.person_name}


DESCRIPTIONS: tuple[CommunitySensorDescription, ...] = (
    CommunitySensorDescription(
        key="last_seen",
        translation_key="last_seen",
        kinds=frozenset(DeviceKind),
        device_class=SensorDeviceClass.TIMESTAMP,
        entity_category=EntityCategory.DIAGNOSTIC,
        # Minute precision: a busy device would otherwise write a new state per message.
        value_fn=lambda state: (
            state.last_seen.replace(second=0, microsecond=0) if state.last_seen else None
        ),
    ),
    CommunitySensorDescription(
        key="retention_days",
        translation_key="retention_days",
        kinds=frozenset({DeviceKind.NVR, DeviceKind.CAMERA}),
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.DAYS,
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda state: state.get(StateKey.RETENTION_DAYS),
    ),
    CommunitySensorDescription(
        key="last_patrol",
        translation_key="last_patrol",
        kinds=frozenset({DeviceKind.PATROL_CHECKPOINT}),
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=_last_patrol,
        attrs_fn=_patrol_attrs,
    ),
    CommunitySensorDescription(
        key="water",
        kinds=frozenset({DeviceKind.WATER_METER}),
        device_class=SensorDeviceClass.WATER,
        native_unit_of_measurement=UnitOfVolume.CUBIC_METERS,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda state: state.get(StateKey.READING),
    ),
    CommunitySensorDescription(
        key="energy",
        kinds=frozenset({DeviceKind.ELECTRICITY_METER}),
        device_class=SensorDeviceClass.ENERGY,
        native_unit_of_measurement=UnitOfEnergy.KILO_WATT_HOUR,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda state: state.get(StateKey.READING),
    ),
    CommunitySensorDescription(
        key="gas",
        kinds=frozenset({DeviceKind.GAS_METER}),
        device_class=SensorDeviceClass.GAS,
        native_unit_of_measurement=UnitOfVolume.CUBIC_METERS,
        state_class=SensorStateClass.TOTAL_INCREASING,
        value_fn=lambda state: state.get(StateKey.READING),
    ),
    CommunitySensorDescription(
        key="battery",
        kinds=frozenset(
            {
                DeviceKind.SMOKE_DETECTOR,
                DeviceKind.MANHOLE_SENSOR,
                DeviceKind.PERIMETER_SENSOR,
                DeviceKind.PATROL_CHECKPOINT,
            }
        ),
        device_class=SensorDeviceClass.BATTERY,
        native_unit_of_measurement=PERCENTAGE,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        value_fn=lambda state: state.get(StateKey.BATTERY),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SmartCommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Device sensors per register row, plus the community's own sensors."""
    add_described_entities(entry, async_add_entities, CommunitySensor, DESCRIPTIONS, "sensor")


class CommunitySensor(SmartCommunityEntity, SensorEntity):
    """A measured or timestamped value of a community device."""

    entity_description: CommunitySensorDescription

    @property
    def native_value(self) -> Any:
        """Current value from the device state."""
        return self.entity_description.value_fn(self.device_state)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Who checked in at a patrol point, and similar context."""
        if self.entity_description.attrs_fn is None:
            return None
        return self.entity_description.attrs_fn(self.device_state)
