"""Community-level sensors: people and visitors inside, parking, today's passages, care
residents' last sighting and the records store's disk usage.

They belong to the community's own device; ``people.py`` and ``records.py`` register them
with ``hub.add_community_entities("sensor", …)`` and the sensor platform adds them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import EntityCategory, UnitOfInformation
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity

from .const import DOMAIN, signal_people_update, signal_records_update
from .core.parking.tariff import CENT
from .core.people import PersonRole

if TYPE_CHECKING:
    from .hub import CommunityHub
    from .people import PeopleRuntime
    from .records import RecordsRuntime


def community_device_info(hub: CommunityHub) -> DeviceInfo:
    """The community's own device (created by ``hub.set_register``)."""
    return DeviceInfo(identifiers={(DOMAIN, hub.community_code)})


@dataclass(frozen=True, kw_only=True)
class PeopleSensorDescription(SensorEntityDescription):
    """A count or amount read from the people runtime."""

    value_fn: Callable[[PeopleRuntime], Any]
    attrs_fn: Callable[[PeopleRuntime], dict[str, Any]] | None = None


def _visitors_inside(runtime: PeopleRuntime) -> int:
    return sum(1 for role in runtime.inside.values() if role == PersonRole.VISITOR.value)


def _today(runtime: PeopleRuntime, which: str) -> dict[str, Any]:
    counts = runtime.counts.entries if which == "entries" else runtime.counts.exits
    return {"people": counts["people"], "vehicles": counts["vehicles"]}


def _today_total(runtime: PeopleRuntime, which: str) -> int:
    runtime.roll_day(datetime.now(runtime.timezone))
    counts = runtime.counts.entries if which == "entries" else runtime.counts.exits
    return counts["people"] + counts["vehicles"]


PEOPLE_SENSORS: tuple[PeopleSensorDescription, ...] = (
    PeopleSensorDescription(
        key="people_inside",
        translation_key="people_inside",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda runtime: len(runtime.inside),
    ),
    PeopleSensorDescription(
        key="visitors_inside",
        translation_key="visitors_inside",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=_visitors_inside,
    ),
    PeopleSensorDescription(
        key="free_parking_spaces",
        translation_key="free_parking_spaces",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda runtime: runtime.lot.free_spaces,
        attrs_fn=lambda runtime: {"spaces": runtime.lot.spaces, "occupied": runtime.lot.occupied},
    ),
    PeopleSensorDescription(
        key="entries_today",
        translation_key="entries_today",
        state_class=SensorStateClass.TOTAL,
        value_fn=lambda runtime: _today_total(runtime, "entries"),
        attrs_fn=lambda runtime: _today(runtime, "entries"),
    ),
    PeopleSensorDescription(
        key="exits_today",
        translation_key="exits_today",
        state_class=SensorStateClass.TOTAL,
        value_fn=lambda runtime: _today_total(runtime, "exits"),
        attrs_fn=lambda runtime: _today(runtime, "exits"),
    ),
    PeopleSensorDescription(
        key="unpaid_parking_fees",
        translation_key="unpaid_parking_fees",
        device_class=SensorDeviceClass.MONETARY,
        native_unit_of_measurement="CNY",
        suggested_display_precision=2,
        state_class=SensorStateClass.TOTAL,
        value_fn=lambda runtime: runtime.unpaid.quantize(CENT),
    ),
)


class CommunityEntity(Entity):
    """An entity of the community device, refreshed by a dispatcher signal."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, hub: CommunityHub, key: str, signal: str) -> None:
        """Unique ID = community code + key."""
        self._signal = signal
        self._attr_unique_id = f"{hub.community_code}_{key}"
        self._attr_device_info = community_device_info(hub)

    async def async_added_to_hass(self) -> None:
        """Follow the runtime's updates."""
        self.async_on_remove(
            async_dispatcher_connect(self.hass, self._signal, self.async_write_ha_state)
        )


class PeopleSensor(CommunityEntity, SensorEntity):
    """A live count or amount of the community."""

    entity_description: PeopleSensorDescription

    def __init__(self, runtime: PeopleRuntime, description: PeopleSensorDescription) -> None:
        """Bind the description to the runtime."""
        super().__init__(runtime.hub, description.key, signal_people_update(runtime.hub.entry_id))
        self.runtime = runtime
        self.entity_description = description

    @property
    def native_value(self) -> Any:
        """The current count or amount."""
        return self.entity_description.value_fn(self.runtime)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Breakdowns (people / vehicles, capacity)."""
        attrs_fn = self.entity_description.attrs_fn
        return attrs_fn(self.runtime) if attrs_fn else None


class CareLastSeenSensor(CommunityEntity, SensorEntity):
    """When a care resident (关爱对象) was last seen by any device; drives the blueprint."""

    _attr_device_class = SensorDeviceClass.TIMESTAMP
    _attr_translation_key = "care_last_seen"

    def __init__(self, runtime: PeopleRuntime, person_id: str) -> None:
        """One per care resident; the name carries theirs."""
        super().__init__(
            runtime.hub, f"care_last_seen_{person_id}", signal_people_update(runtime.hub.entry_id)
        )
        self.runtime = runtime
        self.person_id = person_id
        person = runtime.registry.snapshot.person(person_id)
        self._attr_translation_placeholders = {"name": person.name if person else person_id}

    @property
    def available(self) -> bool:
        """Gone from the registry: unavailable until the reload removes the sensor."""
        return self.runtime.registry.snapshot.person(self.person_id) is not None

    @property
    def native_value(self) -> datetime | None:
        """The last event naming the resident."""
        return self.runtime.last_seen.get(self.person_id)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Threshold for the inactivity blueprint and the masked emergency contact."""
        from .people import mask_mobile, mask_name

        person = self.runtime.registry.snapshot.person(self.person_id)
        if person is None or person.care is None:
            return None
        care = person.care
        return {
            "person_id": person.id,
            "inactivity_threshold_hours": care.inactivity_hours,
            "emergency_contact": (
                f"{mask_name(care.emergency_contact_name)} "
                f"{mask_mobile(care.emergency_contact_mobile)}"
            ).strip(),
        }


def people_sensors(runtime: PeopleRuntime) -> list[Entity]:
    """Every people sensor of a community, one last-seen sensor per care resident."""
    entities: list[Entity] = [PeopleSensor(runtime, description) for description in PEOPLE_SENSORS]
    entities += [CareLastSeenSensor(runtime, person_id) for person_id in sorted(runtime.care_ids)]
    return entities


class RecordsDiskUsageSensor(CommunityEntity, SensorEntity):
    """Bytes the records database and its pictures use."""

    _attr_device_class = SensorDeviceClass.DATA_SIZE
    _attr_native_unit_of_measurement = UnitOfInformation.BYTES
    _attr_suggested_unit_of_measurement = UnitOfInformation.MEGABYTES
    _attr_suggested_display_precision = 1
    _attr_state_class = SensorStateClass.MEASUREMENT
    _attr_entity_category = EntityCategory.DIAGNOSTIC
    _attr_translation_key = "records_disk_usage"

    def __init__(self, runtime: RecordsRuntime) -> None:
        """Measured by the records runtime (executor) and pushed by signal."""
        super().__init__(
            runtime.hub, "records_disk_usage", signal_records_update(runtime.hub.entry_id)
        )
        self.runtime = runtime

    @property
    def native_value(self) -> int | None:
        """Database plus image bytes at the last measurement."""
        usage = self.runtime.usage
        return usage.total_bytes if usage else None

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """The split and how many records there are."""
        usage = self.runtime.usage
        if usage is None:
            return None
        return {
            "database_bytes": usage.database_bytes,
            "image_bytes": usage.image_bytes,
            "records": self.runtime.record_count,
            "retention_days": self.runtime.retention.days,
        }
