"""Sensors: per device (last seen, retention, patrol, meters, battery, an access terminal's
library sync, a falling-object camera's analysis) and per community (people and visitors
inside, parking, today's passages, care residents' last sighting, the records store, the police
docking, the compliance check, the recognition models, registrations waiting for a manager)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    UnitOfInformation,
    UnitOfTime,
    UnitOfVolume,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .const import (
    signal_compliance_update,
    signal_docking_update,
    signal_falling_update,
    signal_models_update,
    signal_parking_update,
    signal_people_update,
    signal_records_update,
)
from .core.devices import DeviceKind
from .core.parking.tariff import CENT
from .core.people import PersonRole, mask_mobile, mask_name
from .core.state import PATROL_CHECK_IN, DeviceState, StateKey
from .core.terminals import SyncState
from .entity import (
    CommunityEntity,
    CommunityEntityDescription,
    DescribedCommunityEntity,
    SmartCommunityEntity,
    SmartCommunityEntityDescription,
    community_entities,
    device_entities,
    device_info,
)
from .features.falling import ANALYSIS_STATES
from .features.models import ModelsState
from .features.terminals import (
    signal_registrations_update,
    signal_terminal_update,
    status_json,
)
from .runtime import CommunityRuntime, SmartCommunityConfigEntry

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
    runtime = entry.runtime_data
    async_add_entities(
        [
            *device_entities(runtime, CommunitySensor, DESCRIPTIONS),
            *community_entities(runtime, CommunityValueSensor, COMMUNITY_SENSORS),
            *(CareLastSeenSensor(runtime, pid) for pid in sorted(runtime.people.care_ids)),
            *(FallingAnalysisSensor(runtime, code) for code in runtime.falling.cameras),
            *(
                TerminalSyncSensor(runtime.hub, device, TERMINAL_SYNC)
                for code in sorted(runtime.terminals.specs)
                if (device := runtime.site.get(code)) is not None
            ),
        ]
    )


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


# --- the community's own sensors -----------------------------------------------------------

STATE_COMPLIANT = "compliant"
STATE_NOT_COMPLIANT = "not_compliant"


@dataclass(frozen=True, kw_only=True)
class CommunitySensorValueDescription(CommunityEntityDescription, SensorEntityDescription):
    """A value of the community runtime."""

    value_fn: Callable[[CommunityRuntime], Any]
    attrs_fn: Callable[[CommunityRuntime], Mapping[str, Any] | None] | None = None


def _visitors_inside(runtime: CommunityRuntime) -> int:
    return sum(1 for role in runtime.access.inside.values() if role == PersonRole.VISITOR.value)


def _today(runtime: CommunityRuntime) -> dict[str, tuple[int, int]]:
    """(entries, exits) today of people (gates) and vehicles (barriers)."""
    day = dt_util.now().date()
    return {
        "people": runtime.access.counts.on(day),
        "vehicles": runtime.parking.counts.on(day),
    }


def _passages(index: int) -> Callable[[CommunityRuntime], int]:
    return lambda runtime: sum(counts[index] for counts in _today(runtime).values())


def _passage_split(index: int) -> Callable[[CommunityRuntime], Mapping[str, Any]]:
    return lambda runtime: {kind: counts[index] for kind, counts in _today(runtime).items()}


def _docking_stat(attribute: str) -> Callable[[CommunityRuntime], Any]:
    def value(runtime: CommunityRuntime) -> Any:
        stats = runtime.docking.stats if runtime.docking else None
        return None if stats is None else getattr(stats, attribute)

    return value


def _docking_known(runtime: CommunityRuntime) -> bool:
    return runtime.docking is not None and runtime.docking.stats is not None


def _oldest_unsent(runtime: CommunityRuntime) -> float | None:
    age = _docking_stat("oldest_unsent_age")(runtime)
    return None if age is None else round(age, 1)


def _records_usage(runtime: CommunityRuntime) -> Mapping[str, Any] | None:
    usage = runtime.records.usage
    if usage is None:
        return None
    return {
        "database_bytes": usage.database_bytes,
        "image_bytes": usage.image_bytes,
        "records": runtime.records.record_count,
        "retention_days": runtime.records.retention.days,
    }


def _models_attrs(runtime: CommunityRuntime) -> Mapping[str, Any]:
    status = runtime.models.status
    return {
        "progress_pct": status.progress_pct,
        "file": status.file,
        "missing": list(status.missing),
        "error": (status.error or "")[:255] or None,
        "retry_in_s": status.retry_in_s,
        "path": str(runtime.models.models_dir),
    }


_PEOPLE = (signal_people_update,)
_PARKING = (signal_parking_update,)
_DOCKING = (signal_docking_update,)


def _has_docking(runtime: CommunityRuntime) -> bool:
    return runtime.docking is not None


def _docking(key: str, value_fn: Callable[[CommunityRuntime], Any], **kwargs: Any) -> Any:
    """A docking sensor: there when docking is configured, known after its first refresh."""
    return CommunitySensorValueDescription(
        key=key,
        translation_key=key,
        signals=_DOCKING,
        exists_fn=_has_docking,
        available_fn=_docking_known,
        value_fn=value_fn,
        **kwargs,
    )


COMMUNITY_SENSORS: tuple[CommunitySensorValueDescription, ...] = (
    CommunitySensorValueDescription(
        key="people_inside",
        translation_key="people_inside",
        state_class=SensorStateClass.MEASUREMENT,
        signals=_PEOPLE,
        value_fn=lambda runtime: len(runtime.access.inside),
    ),
    CommunitySensorValueDescription(
        key="visitors_inside",
        translation_key="visitors_inside",
        state_class=SensorStateClass.MEASUREMENT,
        signals=_PEOPLE,
        value_fn=_visitors_inside,
    ),
    CommunitySensorValueDescription(
        key="free_parking_spaces",
        translation_key="free_parking_spaces",
        state_class=SensorStateClass.MEASUREMENT,
        signals=_PARKING,
        value_fn=lambda runtime: runtime.parking.lot.free_spaces,
        attrs_fn=lambda runtime: {
            "spaces": runtime.parking.lot.spaces,
            "occupied": runtime.parking.lot.occupied,
        },
    ),
    CommunitySensorValueDescription(
        key="entries_today",
        translation_key="entries_today",
        state_class=SensorStateClass.TOTAL,
        signals=(signal_people_update, signal_parking_update),
        value_fn=_passages(0),
        attrs_fn=_passage_split(0),
    ),
    CommunitySensorValueDescription(
        key="exits_today",
        translation_key="exits_today",
        state_class=SensorStateClass.TOTAL,
        signals=(signal_people_update, signal_parking_update),
        value_fn=_passages(1),
        attrs_fn=_passage_split(1),
    ),
    CommunitySensorValueDescription(
        key="unpaid_parking_fees",
        translation_key="unpaid_parking_fees",
        device_class=SensorDeviceClass.MONETARY,
        native_unit_of_measurement="CNY",
        suggested_display_precision=2,
        state_class=SensorStateClass.TOTAL,
        signals=_PARKING,
        value_fn=lambda runtime: runtime.parking.unpaid.quantize(CENT),
    ),
    CommunitySensorValueDescription(
        key="records_disk_usage",
        translation_key="records_disk_usage",
        device_class=SensorDeviceClass.DATA_SIZE,
        native_unit_of_measurement=UnitOfInformation.BYTES,
        suggested_unit_of_measurement=UnitOfInformation.MEGABYTES,
        suggested_display_precision=1,
        state_class=SensorStateClass.MEASUREMENT,
        entity_category=EntityCategory.DIAGNOSTIC,
        signals=(signal_records_update,),
        value_fn=lambda runtime: (
            runtime.records.usage.total_bytes if runtime.records.usage else None
        ),
        attrs_fn=_records_usage,
    ),
    _docking(
        "docking_queue_depth",
        _docking_stat("queue_depth"),
        state_class=SensorStateClass.MEASUREMENT,
    ),
    _docking(
        "docking_oldest_unsent_age",
        _oldest_unsent,
        device_class=SensorDeviceClass.DURATION,
        native_unit_of_measurement=UnitOfTime.SECONDS,
        state_class=SensorStateClass.MEASUREMENT,
        suggested_display_precision=0,
    ),
    _docking(
        "docking_sent_today",
        _docking_stat("sent_today"),
        state_class=SensorStateClass.TOTAL_INCREASING,
    ),
    _docking(
        "docking_last_error",
        lambda runtime: (_docking_stat("last_error")(runtime) or "")[:255] or None,
        entity_category=EntityCategory.DIAGNOSTIC,
    ),
    CommunitySensorValueDescription(
        key="pending_registrations",
        translation_key="pending_registrations",
        state_class=SensorStateClass.MEASUREMENT,
        signals=(signal_registrations_update,),
        value_fn=lambda runtime: runtime.terminals.pending_registrations,
    ),
    CommunitySensorValueDescription(
        key="compliance",
        translation_key="compliance",
        device_class=SensorDeviceClass.ENUM,
        options=[STATE_COMPLIANT, STATE_NOT_COMPLIANT],
        signals=(signal_compliance_update,),
        value_fn=lambda runtime: (
            STATE_COMPLIANT if runtime.compliance.evaluation.met else STATE_NOT_COMPLIANT
        ),
        attrs_fn=lambda runtime: {
            "tier": runtime.compliance.evaluation.tier.value,
            "open_items": len(runtime.compliance.open_ids),
            "open_item_ids": runtime.compliance.open_ids,
        },
    ),
    CommunitySensorValueDescription(
        # the weights a HACS install fetches by itself: progress, offline, ready
        key="recognition_models",
        translation_key="recognition_models",
        device_class=SensorDeviceClass.ENUM,
        options=[state.value for state in ModelsState],
        entity_category=EntityCategory.DIAGNOSTIC,
        signals=(signal_models_update,),
        value_fn=lambda runtime: runtime.models.status.state.value,
        attrs_fn=_models_attrs,
    ),
)


class CommunityValueSensor(DescribedCommunityEntity, SensorEntity):
    """A count, amount or status of the community."""

    entity_description: CommunitySensorValueDescription

    @property
    def native_value(self) -> Any:
        """The runtime's current value."""
        return self.entity_description.value_fn(self.runtime)

    @property
    def extra_state_attributes(self) -> Mapping[str, Any] | None:
        """Breakdowns (people / vehicles, capacity ...)."""
        attrs_fn = self.entity_description.attrs_fn
        return attrs_fn(self.runtime) if attrs_fn else None


class CareLastSeenSensor(CommunityEntity, SensorEntity):
    """When a care resident (关爱对象) was last seen by any device; drives the blueprint."""

    _attr_device_class = SensorDeviceClass.TIMESTAMP
    _attr_translation_key = "care_last_seen"

    def __init__(self, runtime: CommunityRuntime, person_id: str) -> None:
        """One per care resident; the name carries theirs."""
        super().__init__(
            runtime, f"care_last_seen_{person_id}", (signal_people_update(runtime.entry_id),)
        )
        self.person_id = person_id
        person = runtime.people.snapshot.person(person_id)
        self._attr_translation_placeholders = {"name": person.name if person else person_id}

    @property
    def available(self) -> bool:
        """Gone from the registry: unavailable until the reload removes the sensor."""
        return self.runtime.people.snapshot.person(self.person_id) is not None

    @property
    def native_value(self) -> datetime | None:
        """The last event naming the resident."""
        return self.runtime.people.last_seen.get(self.person_id)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Threshold for the inactivity blueprint and the masked emergency contact."""
        person = self.runtime.people.snapshot.person(self.person_id)
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


class FallingAnalysisSensor(CommunityEntity, SensorEntity):
    """A falling-object camera's video analysis: its state, frame rate and throws."""

    _attr_device_class = SensorDeviceClass.ENUM
    _attr_entity_category = EntityCategory.DIAGNOSTIC
    _attr_translation_key = "falling_analysis"
    # the counters change every few seconds: the recorder keeps the state, not them
    _unrecorded_attributes = frozenset({"fps", "frames", "seconds"})

    def __init__(self, runtime: CommunityRuntime, code: str) -> None:
        """One per falling-object camera with a stream, on the camera's device."""
        super().__init__(runtime, "falling_analysis", (signal_falling_update(runtime.entry_id),))
        self.code = code
        self._attr_options = list(ANALYSIS_STATES)
        self._attr_unique_id = f"{code}_falling_analysis"
        self._attr_device_info = device_info(runtime.hub, runtime.falling.cameras[code].device)

    @property
    def native_value(self) -> str:
        """uncalibrated, connecting, running, reconnecting ..."""
        return self.runtime.falling.cameras[self.code].state

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Frames analysed per second, throws, the stream (no password), the last error."""
        return self.runtime.falling.attributes(self.code)


# --- an access terminal's library sync (门禁授权) -------------------------------------------


@dataclass(frozen=True, kw_only=True)
class TerminalSyncSensorDescription(SmartCommunityEntityDescription, SensorEntityDescription):
    """The sync state of a terminal the integration keeps in step with the registry."""


TERMINAL_SYNC = TerminalSyncSensorDescription(
    key="library_sync",
    translation_key="library_sync",
    device_class=SensorDeviceClass.ENUM,
    options=[state.value for state in SyncState],
    kinds=frozenset({DeviceKind.ACCESS_TERMINAL}),
)


class TerminalSyncSensor(SmartCommunityEntity, SensorEntity):
    """in_sync / pending / failed / offline, with the counts and the device's last words."""

    entity_description: TerminalSyncSensorDescription
    # The refused items change often and say nothing over time: not kept in the history.
    _unrecorded_attributes = frozenset({"failed_items", "last_ok"})

    @property
    def _status(self) -> dict[str, Any] | None:
        runtime: CommunityRuntime = self.hub.entry.runtime_data
        status = runtime.terminals.status(self.device.code)
        return status_json(status) if status is not None else None

    @property
    def available(self) -> bool:
        """Known once the engine looked at the terminal (offline is a state, not unknown)."""
        return self._status is not None

    @property
    def native_value(self) -> str | None:
        """The sync state."""
        status = self._status
        return status["state"] if status is not None else None

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Counts, times, the last error and the refused items with the device's reasons."""
        status = self._status
        if status is None:
            return None
        return {key: value for key, value in status.items() if key not in ("state", "device_code")}

    async def async_added_to_hass(self) -> None:
        """Follow the terminal's sync status (the engine signals every change)."""
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                signal_terminal_update(self.hub.entry_id, self.device.code),
                self.async_write_ha_state,
            )
        )
