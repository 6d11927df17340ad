"""People registry, access decision and car park, wired to the community hub.

The registry (``<data_dir>/people.json``) and the pure ``decide`` live in ``core/``; this
module builds the community layout from the register, sets ``hub.decider`` so every face
match, access event and plate read carries its ``decision``, keeps the car park's sessions,
the people inside, today's entries and exits and the care residents' last sighting, and
registers the community-level sensors that show them.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import voluptuous as vol
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.event import async_track_time_change
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .const import (
    CONF_DAILY_CAP,
    CONF_FREE_MINUTES,
    CONF_HOURLY_RATE,
    CONF_NIGHT_END,
    CONF_NIGHT_RATE,
    CONF_NIGHT_START,
    CONF_PARKING_SPACES,
    CONF_TEMPORARY_VEHICLES,
    DEFAULT_DAILY_CAP,
    DEFAULT_FREE_MINUTES,
    DEFAULT_HOURLY_RATE,
    DEFAULT_NIGHT_END,
    DEFAULT_NIGHT_START,
    DEFAULT_PARKING_SPACES,
    DOMAIN,
    signal_people_update,
)
from .core.access import (
    AccessDecision,
    AccessPoint,
    AccessRules,
    Direction,
    PersonSubject,
    PlateSubject,
    TimeWindow,
    decide,
)
from .core.devices import DeviceKind
from .core.events import DeviceEvent, EventKind
from .core.parking import (
    NightRate,
    ParkingError,
    ParkingLot,
    ParkingSession,
    Tariff,
    lot_from_json,
    lot_to_json,
)
from .core.parking.tariff import CENT
from .core.people import (
    Address,
    BuildingLayout,
    CareProfile,
    CommunityLayout,
    MonthlyPass,
    PeopleRegistry,
    Person,
    PersonRole,
    RegistryError,
    Tenancy,
    Vehicle,
    VisitorPass,
    WatchEntry,
    WatchListKind,
    mask_id_number,
    validate_id_number,
    validate_plate,
)
from .core.people.plate import compact_plate
from .hub import CommunityHub, RegisteredDevice

_LOGGER = logging.getLogger(__name__)

PEOPLE_DATA: HassKey[dict[str, PeopleRuntime]] = HassKey(f"{DOMAIN}_people")
STATE_VERSION = 1
SAVE_DELAY = 10  # seconds: a busy gate must not write the state file per passage
# The register knows buildings and units, not floors: rooms are checked for shape only.
MAX_FLOORS = 99
MAX_DOORS_PER_FLOOR = 99
_BUILDING_SUFFIX = re.compile(r"(栋|幢|号楼|号)$")
_UNIT_SUFFIX = re.compile(r"单元$")


def building_name(text: str) -> str:
    """``1栋`` / ``1号楼`` / ``1`` → ``1`` (the registry's form)."""
    return _BUILDING_SUFFIX.sub("", text.strip())


def unit_name(text: str) -> str:
    """``2单元`` / ``2`` → ``2``."""
    return _UNIT_SUFFIX.sub("", text.strip())


def layout_from_devices(devices: Mapping[str, RegisteredDevice]) -> CommunityLayout:
    """Buildings and units the register's devices stand in (unit doors name both)."""
    units: dict[str, set[str]] = {}
    for device in devices.values():
        if not device.building:
            continue
        names = units.setdefault(building_name(device.building), set())
        if device.unit:
            names.add(unit_name(device.unit))
    return CommunityLayout(
        {
            name: BuildingLayout(
                units=frozenset(names), floors=MAX_FLOORS, doors_per_floor=MAX_DOORS_PER_FLOOR
            )
            for name, names in units.items()
        }
    )


def gates_of(devices: Mapping[str, RegisteredDevice]) -> frozenset[str]:
    """The register's entrances (东门, 南门 …)."""
    return frozenset(device.gate for device in devices.values() if device.gate)


def direction_of(device: RegisteredDevice, event: DeviceEvent | None = None) -> Direction:
    """The event's own direction, else the device name's 入口 / 出口 (default: in)."""
    if event is not None and event.direction in ("in", "out"):
        return Direction(event.direction)
    return Direction.OUT if "出口" in device.name else Direction.IN


def access_point(device: RegisteredDevice, event: DeviceEvent | None = None) -> AccessPoint:
    """The register row as the access decision sees it."""
    if device.building and device.unit and not device.gate:
        return AccessPoint(
            device_id=device.code,
            kind=device.kind,
            building=building_name(device.building),
            unit=unit_name(device.unit),
        )
    return AccessPoint(
        device_id=device.code,
        kind=device.kind,
        gate=device.gate or None,
        direction=direction_of(device, event),
    )


def _parse_clock(text: str) -> time:
    return time.fromisoformat(str(text))


def tariff_from_options(options: Mapping[str, Any], timezone: Any) -> Tariff:
    """The temporary-parking tariff the options describe (defaults where absent)."""
    try:
        night_rate = options.get(CONF_NIGHT_RATE)
        night = (
            NightRate(
                window=TimeWindow(
                    _parse_clock(options.get(CONF_NIGHT_START, DEFAULT_NIGHT_START)),
                    _parse_clock(options.get(CONF_NIGHT_END, DEFAULT_NIGHT_END)),
                ),
                hourly_rate=Decimal(str(night_rate)),
            )
            if night_rate not in (None, "")
            else None
        )
        cap = options.get(CONF_DAILY_CAP, DEFAULT_DAILY_CAP)
        return Tariff(
            timezone=timezone,
            hourly_rate=Decimal(str(options.get(CONF_HOURLY_RATE, DEFAULT_HOURLY_RATE))),
            free_minutes=int(options.get(CONF_FREE_MINUTES, DEFAULT_FREE_MINUTES)),
            daily_cap=Decimal(str(cap)) if cap else None,
            night=night,
        )
    except (ValueError, InvalidOperation, ParkingError) as err:
        _LOGGER.warning("Parking tariff in the options is invalid (%s); using the defaults", err)
        return Tariff(timezone=timezone, hourly_rate=Decimal(str(DEFAULT_HOURLY_RATE)))


def registry_error(err: RegistryError | ParkingError) -> ServiceValidationError:
    """A core error as the translated error of the action that caused it."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=err.key,
        translation_placeholders=dict(err.placeholders),
    )


def mask_mobile(mobile: str) -> str:
    """``+8613800138000`` → ``138****8000``."""
    digits = mobile.removeprefix("+86")
    return digits[:3] + "*" * max(0, len(digits) - 7) + digits[-4:] if len(digits) > 7 else "***"


def mask_name(name: str) -> str:
    """``张伟`` → ``张*``."""
    return name[:1] + "*" * (len(name) - 1) if name else ""


@dataclass(slots=True)
class DailyCounts:
    """Entries and exits through the community's gates on one local day."""

    day: date
    entries: Counter[str]
    exits: Counter[str]


class PeopleRuntime:
    """One per community: registry, rules, car park and the live counts."""

    lot: ParkingLot
    unpaid: Decimal
    inside: dict[str, str]
    last_seen: dict[str, datetime]

    def __init__(
        self,
        hass: HomeAssistant,
        hub: CommunityHub,
        registry: PeopleRegistry,
        lot: ParkingLot,
        store: Store[dict[str, Any]],
    ) -> None:
        """State comes from ``async_setup_people``."""
        self.hass = hass
        self.hub = hub
        self.registry = registry
        self.lot = lot
        self.store = store
        self.gates = gates_of(hub.devices)
        self.timezone = dt_util.get_default_time_zone()
        self.inside: dict[str, str] = {}  # person id -> role, people through a gate inward
        self.counts = DailyCounts(self.today(), Counter(), Counter())
        self.unpaid = Decimal(0)
        self.last_seen: dict[str, datetime] = {}
        self.care_ids = self._care_ids()

    # --- helpers ----------------------------------------------------------------------

    def today(self) -> date:
        """The local date now."""
        return dt_util.now(self.timezone).date()

    def rules(self) -> AccessRules:
        """The policy applied to the current registry snapshot."""
        return AccessRules(
            registry=self.registry.snapshot,
            timezone=self.timezone,
            temporary_vehicles=bool(self.hub.entry.options.get(CONF_TEMPORARY_VEHICLES, True)),
        )

    def _care_ids(self) -> frozenset[str]:
        return frozenset(p.id for p in self.registry.snapshot.people.values() if p.care)

    def barrier_of(self, device: RegisteredDevice) -> RegisteredDevice | None:
        """The barrier of a device's lane (the car park's in/out point)."""
        if not device.lane:
            return None
        if device.kind is DeviceKind.BARRIER:
            return device
        return next(
            (
                other
                for other in self.hub.devices.values()
                if other.kind is DeviceKind.BARRIER
                and other.lane == device.lane
                and other.gate == device.gate
            ),
            None,
        )

    def roll_day(self, moment: datetime) -> None:
        day = moment.astimezone(self.timezone).date()
        if day > self.counts.day:
            self.counts = DailyCounts(day, Counter(), Counter())

    @callback
    def changed(self) -> None:
        """Entities refresh; the state is saved a little later."""
        self.store.async_delay_save(self.state_json, SAVE_DELAY)
        async_dispatcher_send(self.hass, signal_people_update(self.hub.entry_id))

    # --- persistence ------------------------------------------------------------------

    def state_json(self) -> dict[str, Any]:
        """What a restart must not lose (the registry has its own file)."""
        return {
            "version": STATE_VERSION,
            "lot": lot_to_json(self.lot),
            "inside": dict(self.inside),
            "day": self.counts.day.isoformat(),
            "entries": dict(self.counts.entries),
            "exits": dict(self.counts.exits),
            "unpaid": str(self.unpaid),
            "last_seen": {pid: moment.isoformat() for pid, moment in self.last_seen.items()},
        }

    def restore(self, data: Mapping[str, Any]) -> None:
        """Counts, people inside and last sightings of a saved state (the lot is separate)."""
        self.inside = {str(k): str(v) for k, v in data.get("inside", {}).items()}
        day = date.fromisoformat(data.get("day", self.today().isoformat()))
        if day == self.today():
            self.counts = DailyCounts(
                day, Counter(data.get("entries", {})), Counter(data.get("exits", {}))
            )
        self.unpaid = Decimal(data.get("unpaid", "0"))
        self.last_seen = {
            pid: datetime.fromisoformat(moment) for pid, moment in data.get("last_seen", {}).items()
        }

    # --- the decision -----------------------------------------------------------------

    @callback
    def async_decide(self, device: RegisteredDevice, event: DeviceEvent) -> DeviceEvent:
        """``hub.decider``: add the access decision (and parking effects) to the event."""
        snapshot = self.registry.snapshot
        person: Person | None = None
        if event.kind is EventKind.VEHICLE:
            if not event.plate or not device.lane:
                return event
            plate = compact_plate(event.plate)
            session = self.lot.session(plate)
            subject: PersonSubject | PlateSubject = PlateSubject(
                plate=plate,
                inside=session is not None,
                fee_due=self.lot.fee_due(plate, event.time),
            )
            vehicle = snapshot.vehicle(plate)
            holder_id = vehicle.owner_id if vehicle else None
            visitor = None if vehicle else snapshot.visitor_for_plate(plate)
            person = snapshot.person(holder_id) if holder_id else visitor
        else:
            person_id = event.person_id
            card = event.attributes.get("card")
            if person_id is None and isinstance(card, str) and card:
                by_card = snapshot.people_by_card.get(card)
                person_id = by_card.id if by_card else None
            elif person_id is None and event.kind is EventKind.ACCESS:
                return event  # a passage nobody identified: nothing to decide
            subject = PersonSubject(person_id)
            person = snapshot.person(person_id) if person_id else None
        point = access_point(device, event)
        decision = decide(subject, point, event.time, self.rules())
        attributes: dict[str, Any] = {
            **event.attributes,
            "decision": decision.outcome.value,
            "decision_reason": decision.reason,
            **decision.detail,
        }
        if person is not None:
            attributes["person_name"] = person.name
            attributes["role"] = person.role.value
            # A card or plate named them: blueprints and "last seen" read the id from here.
            attributes.setdefault("person_id", person.id)
        self.roll_day(event.time)
        if isinstance(subject, PlateSubject):
            attributes.update(self._park(device, point, subject.plate, event.time, decision))
        elif person is not None and decision.opens and point.gate and not point.is_unit_door:
            self._pass_gate(person, point.direction)
        self.changed()
        return replace(event, attributes=attributes)

    def _pass_gate(self, person: Person, direction: Direction) -> None:
        if direction is Direction.IN and person.id not in self.inside:
            self.inside[person.id] = person.role.value
            self.counts.entries["people"] += 1
        elif direction is Direction.OUT and self.inside.pop(person.id, None) is not None:
            self.counts.exits["people"] += 1

    def _park(
        self,
        device: RegisteredDevice,
        point: AccessPoint,
        plate: str,
        at: datetime,
        decision: AccessDecision,
    ) -> dict[str, Any]:
        barrier = self.barrier_of(device)
        if barrier is None or not decision.opens:
            return {}
        if point.direction is Direction.IN:
            entry = self.lot.enter(plate, at, barrier.code, free=decision.parks_free)
            if not entry.re_entry:
                self.counts.entries["vehicles"] += 1
            return {
                "re_entry": entry.re_entry,
                "parking_free": entry.session.free,
                "entered_at": entry.session.entered_at.isoformat(),
                "free_spaces": self.lot.free_spaces,
            }
        result = self.lot.leave(plate, at, barrier.code)
        if result.session is None:
            return {"free_spaces": self.lot.free_spaces}
        return {**self._closed(result.session), "free_spaces": self.lot.free_spaces}

    def _closed(self, session: ParkingSession) -> dict[str, Any]:
        self.counts.exits["vehicles"] += 1
        self.unpaid += session.unpaid
        assert session.left_at is not None
        return {
            "fee": str(session.fee),
            "paid": str(session.paid),
            "unpaid": str(session.unpaid.quantize(CENT)),
            "entered_at": session.entered_at.isoformat(),
            "parked_minutes": int((session.left_at - session.entered_at).total_seconds() // 60),
        }

    # --- listeners --------------------------------------------------------------------

    @callback
    def async_event(self, device: RegisteredDevice, event: DeviceEvent) -> None:
        """Every applied event: a care resident named by it was seen."""
        person_id = event.person_id or event.attributes.get("person_id")
        if person_id is None or person_id not in self.care_ids:
            return
        previous = self.last_seen.get(person_id)
        if previous is None or event.time > previous:
            self.last_seen[person_id] = event.time
            self.changed()

    @callback
    def async_midnight(self, now: datetime) -> None:
        """Today's counts start again at local midnight."""
        self.roll_day(now)
        async_dispatcher_send(self.hass, signal_people_update(self.hub.entry_id))

    # --- manual parking (the guard) ---------------------------------------------------

    def open_session(self, plate: str, at: datetime, barrier: str, *, free: bool) -> ParkingSession:
        """A car let in by hand; refused when it is already inside."""
        if self.lot.session(plate) is not None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="already_inside",
                translation_placeholders={"plate": plate},
            )
        self.roll_day(at)
        entry = self.lot.enter(plate, at, barrier, free=free)
        self.counts.entries["vehicles"] += 1
        self.changed()
        return entry.session

    def close_session(
        self, plate: str, at: datetime, barrier: str, *, paid: bool
    ) -> dict[str, Any]:
        """A car let out by hand, its fee paid to the guard or left owing."""
        if self.lot.session(plate) is None:
            raise registry_error(ParkingError("not_inside", plate=plate))
        self.roll_day(at)
        if paid:
            self.lot.pay(plate, at)
        result = self.lot.leave(plate, at, barrier)
        assert result.session is not None
        out = self._closed(result.session)
        self.changed()
        return out


def runtime_for(hass: HomeAssistant, hub: CommunityHub) -> PeopleRuntime:
    """The people runtime of a loaded community, or a translated error."""
    runtime = hass.data.get(PEOPLE_DATA, {}).get(hub.entry_id)
    if runtime is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_community",
            translation_placeholders={"community": hub.entry_id},
        )
    return runtime


def people_counts(hass: HomeAssistant, hub: CommunityHub) -> dict[str, Any]:
    """Counts for diagnostics: how many, never who."""
    runtime = hass.data.get(PEOPLE_DATA, {}).get(hub.entry_id)
    if runtime is None:
        return {}
    snapshot = runtime.registry.snapshot
    return {
        "people_by_role": dict(Counter(p.role.value for p in snapshot.people.values())),
        "vehicles": len(snapshot.vehicles),
        "care_residents": len(runtime.care_ids),
        "watch_listed": sum(1 for p in snapshot.people.values() if p.watch),
        "inside": len(runtime.inside),
        "parking_spaces": runtime.lot.spaces,
        "parking_occupied": runtime.lot.occupied,
        "entries_today": dict(runtime.counts.entries),
        "exits_today": dict(runtime.counts.exits),
    }


def registry_path(hub: CommunityHub) -> Path:
    """``<config>/smart_community/<code>/people.json``."""
    return hub.data_dir / "people.json"


async def async_setup_people(hass: HomeAssistant, hub: CommunityHub) -> None:
    """Load the registry and parking state, set the decider, register the sensors.

    Called by ``async_setup_entry`` after ``hub.set_register`` and before the platforms.
    """
    from .people_entities import people_sensors

    layout = layout_from_devices(hub.devices)
    try:
        registry = await hass.async_add_executor_job(
            PeopleRegistry.load, layout, registry_path(hub)
        )
    except RegistryError as err:
        raise registry_error(err) from err
    timezone = dt_util.get_default_time_zone()
    tariff = tariff_from_options(hub.entry.options, timezone)
    spaces = int(hub.entry.options.get(CONF_PARKING_SPACES, DEFAULT_PARKING_SPACES))
    store: Store[dict[str, Any]] = Store(
        hass, STATE_VERSION, f"{DOMAIN}.{hub.community_code}.people_state"
    )
    saved = await store.async_load() or {}
    try:
        lot = (
            lot_from_json(saved["lot"], spaces=spaces, tariff=tariff)
            if "lot" in saved
            else ParkingLot(spaces=spaces, tariff=tariff)
        )
    except ParkingError as err:
        _LOGGER.warning(
            "Parking state of %s unreadable (%s); starting empty", hub.community_name, err
        )
        lot = ParkingLot(spaces=spaces, tariff=tariff)
    runtime = PeopleRuntime(hass, hub, registry, lot, store)
    runtime.restore(saved)
    hass.data.setdefault(PEOPLE_DATA, {})[hub.entry_id] = runtime
    hub.decider = runtime.async_decide
    entry = hub.entry

    @callback
    def _unload() -> None:
        hub.decider = None
        hass.data.get(PEOPLE_DATA, {}).pop(hub.entry_id, None)

    async def _flush() -> None:
        await store.async_save(runtime.state_json())

    entry.async_on_unload(_flush)
    entry.async_on_unload(_unload)
    entry.async_on_unload(hub.async_add_event_listener(runtime.async_event))
    entry.async_on_unload(
        async_track_time_change(hass, runtime.async_midnight, hour=0, minute=0, second=0)
    )
    hub.add_community_entities("sensor", lambda: people_sensors(runtime))


# --- services ------------------------------------------------------------------------------


def _time_or_now(value: datetime | None) -> datetime:
    if value is None:
        return dt_util.now()
    return value if value.tzinfo else value.replace(tzinfo=dt_util.get_default_time_zone())


def as_local(value: datetime) -> datetime:
    """Service datetimes without a zone are community (HA) local time."""
    return _time_or_now(value)


def person_json(person: Person) -> dict[str, Any]:
    """A person as an action answers (ID number and mobile masked)."""
    out: dict[str, Any] = {"person_id": person.id, "name": person.name, "role": person.role.value}
    if person.id_number:
        out["id_number"] = mask_id_number(person.id_number)
    if person.mobile:
        out["mobile"] = mask_mobile(person.mobile)
    if person.address:
        out["building"] = person.address.building
        out["unit"] = person.address.unit
        out["room"] = person.address.room
    if person.visit:
        out["host_id"] = person.visit.host_id
        out["valid_from"] = person.visit.valid_from.isoformat()
        out["valid_until"] = person.visit.valid_until.isoformat()
        out["gates"] = sorted(person.visit.gates)
        if person.visit.plate:
            out["plate"] = person.visit.plate
    if person.tenancy:
        out["move_in"] = person.tenancy.move_in.isoformat()
        if person.tenancy.move_out:
            out["move_out"] = person.tenancy.move_out.isoformat()
    if person.watch:
        out["watch_list"] = person.watch.kind.value
    if person.care:
        out["inactivity_hours"] = person.care.inactivity_hours
    return out


def care_changed(runtime: PeopleRuntime) -> bool:
    """Whether the set of care residents changed (their sensors come and go on reload)."""
    current = runtime._care_ids()
    if current == runtime.care_ids:
        return False
    runtime.care_ids = current
    return True


ROLES_BY_SERVICE = ("owner", "family", "tenant", "staff", "guard")
_ENTRY: dict[Any, Any] = {vol.Required("config_entry_id"): cv.string}
_PERSON_FIELDS: dict[Any, Any] = {
    vol.Optional("name"): cv.string,
    vol.Optional("role"): vol.In(ROLES_BY_SERVICE),
    vol.Optional("id_number"): cv.string,
    vol.Optional("mobile"): cv.string,
    vol.Optional("building"): cv.string,
    vol.Optional("unit"): cv.string,
    vol.Optional("room"): cv.string,
    vol.Optional("cards"): vol.All(cv.ensure_list, [cv.string]),
    vol.Optional("move_in"): cv.date,
    vol.Optional("move_out"): vol.Any(None, cv.date),
    vol.Optional("watch_list"): vol.In(("none", "black_list", "watch_list")),
    vol.Optional("watch_reason"): cv.string,
    vol.Optional("inactivity_hours"): vol.Any(None, vol.All(vol.Coerce(int), vol.Range(min=0))),
    vol.Optional("emergency_contact_name"): cv.string,
    vol.Optional("emergency_contact_mobile"): cv.string,
}
ADD_PERSON_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Required("person_id"): cv.string,
        **_PERSON_FIELDS,
        vol.Required("name"): cv.string,
        vol.Required("role"): vol.In(ROLES_BY_SERVICE),
    }
)
UPDATE_PERSON_SCHEMA = vol.Schema(
    {**_ENTRY, vol.Required("person_id"): cv.string, **_PERSON_FIELDS}
)
REMOVE_PERSON_SCHEMA = vol.Schema({**_ENTRY, vol.Required("person_id"): cv.string})
VISITOR_PASS_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Required("host_id"): cv.string,
        vol.Required("name"): cv.string,
        vol.Optional("person_id"): cv.string,
        vol.Optional("id_number"): cv.string,
        vol.Optional("mobile"): cv.string,
        vol.Required("valid_from"): cv.datetime,
        vol.Required("valid_until"): cv.datetime,
        vol.Optional("gates", default=[]): vol.All(cv.ensure_list, [cv.string]),
        vol.Optional("plate"): cv.string,
    }
)
ADD_VEHICLE_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Required("plate"): cv.string,
        vol.Required("owner_id"): cv.string,
        vol.Optional("color", default="blue"): cv.string,
        vol.Optional("parking_space"): cv.string,
        vol.Optional("monthly_pass_from"): cv.date,
        vol.Optional("monthly_pass_until"): cv.date,
    }
)
PARKING_SESSION_SCHEMA = vol.Schema(
    {
        **_ENTRY,
        vol.Required("plate"): cv.string,
        vol.Optional("time"): cv.datetime,
        vol.Optional("gate"): cv.string,
        vol.Optional("free", default=False): cv.boolean,
        vol.Optional("paid", default=True): cv.boolean,
    }
)


def _runtime(call: ServiceCall) -> PeopleRuntime:
    from .services import hub_for

    return runtime_for(call.hass, hub_for(call.hass, call))


def _invalid(key: str, **placeholders: str) -> ServiceValidationError:
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


def _address(data: Mapping[str, Any], current: Address | None) -> Address | None:
    if not any(key in data for key in ("building", "unit", "room")):
        return current
    building = data.get("building", current.building if current else "")
    unit = data.get("unit", current.unit if current else "")
    room = data.get("room", current.room if current else "")
    return Address(building_name(str(building)), unit_name(str(unit)), str(room).strip())


def _watch(data: Mapping[str, Any], current: WatchEntry | None) -> WatchEntry | None:
    kind = data.get("watch_list")
    if kind is None:
        return current
    if kind == "none":
        return None
    return WatchEntry(
        kind=WatchListKind(kind), reason=str(data.get("watch_reason", "")), since=dt_util.now()
    )


def _care(data: Mapping[str, Any], current: CareProfile | None) -> CareProfile | None:
    if "inactivity_hours" not in data:
        return current
    hours = data["inactivity_hours"]
    if not hours:
        return None
    name = data.get("emergency_contact_name", current.emergency_contact_name if current else "")
    mobile = data.get(
        "emergency_contact_mobile", current.emergency_contact_mobile if current else ""
    )
    if not mobile:
        raise _invalid("missing_field", field="emergency_contact_mobile")
    return CareProfile(
        inactivity_hours=int(hours), emergency_contact_name=name, emergency_contact_mobile=mobile
    )


def _tenancy(data: Mapping[str, Any], current: Tenancy | None, role: PersonRole) -> Tenancy | None:
    if role is not PersonRole.TENANT:
        return None
    move_in = data.get("move_in", current.move_in if current else None)
    if move_in is None:
        raise _invalid("missing_field", field="move_in")
    move_out = data.get("move_out", current.move_out if current else None)
    return Tenancy(move_in=move_in, move_out=move_out)


def _person_from_call(data: Mapping[str, Any], current: Person | None) -> Person:
    role = PersonRole(data["role"]) if "role" in data else (current.role if current else None)
    assert role is not None
    return Person(
        id=str(data["person_id"]).strip(),
        name=str(data.get("name", current.name if current else "")).strip(),
        role=role,
        id_number=data.get("id_number", current.id_number if current else None) or None,
        mobile=data.get("mobile", current.mobile if current else None) or None,
        address=_address(data, current.address if current else None),
        photos=current.photos if current else (),
        cards=tuple(data.get("cards", current.cards if current else ())),
        watch=_watch(data, current.watch if current else None),
        care=_care(data, current.care if current else None),
        tenancy=_tenancy(data, current.tenancy if current else None, role),
        visit=current.visit if current else None,
    )


async def _commit[T](runtime: PeopleRuntime, change: Callable[[], T]) -> T:
    """Run a registry change in the executor; core errors become translated errors."""
    try:
        result = await runtime.hass.async_add_executor_job(change)
    except RegistryError as err:
        raise registry_error(err) from err
    runtime.changed()
    if care_changed(runtime):
        # A care resident's "last seen" sensor comes or goes with them.
        runtime.hass.config_entries.async_schedule_reload(runtime.hub.entry_id)
    return result


async def _add_person(call: ServiceCall) -> ServiceResponse:
    runtime = _runtime(call)
    person = _person_from_call(call.data, None)
    stored = await _commit(runtime, lambda: runtime.registry.add_person(person))
    return {"person": person_json(stored)}


async def _update_person(call: ServiceCall) -> ServiceResponse:
    runtime = _runtime(call)
    current = runtime.registry.snapshot.person(call.data["person_id"])
    if current is None:
        raise _invalid("unknown_person", person_id=call.data["person_id"])
    person = _person_from_call(call.data, current)
    stored = await _commit(runtime, lambda: runtime.registry.update_person(person))
    return {"person": person_json(stored)}


async def _remove_person(call: ServiceCall) -> ServiceResponse:
    runtime = _runtime(call)
    person_id = call.data["person_id"]
    await _commit(runtime, lambda: runtime.registry.remove_person(person_id))
    runtime.inside.pop(person_id, None)
    runtime.last_seen.pop(person_id, None)
    return {"person_id": person_id, "removed": True}


def _overlaps(a: VisitorPass, start: datetime, end: datetime) -> bool:
    return a.valid_from < end and start < a.valid_until


async def _issue_visitor_pass(call: ServiceCall) -> ServiceResponse:
    runtime = _runtime(call)
    data = call.data
    start, end = as_local(data["valid_from"]), as_local(data["valid_until"])
    gates = frozenset(str(gate).strip() for gate in data["gates"])
    if unknown := sorted(gates - runtime.gates):
        raise _invalid("unknown_gate", gate=", ".join(unknown))
    snapshot = runtime.registry.snapshot
    id_number = data.get("id_number")
    existing = snapshot.person(data["person_id"]) if "person_id" in data else None
    if existing is None and id_number:
        try:
            compact = validate_id_number(id_number)
        except RegistryError as err:
            raise registry_error(err) from err
        existing = next((p for p in snapshot.people.values() if p.id_number == compact), None)
    if existing is not None and existing.role is not PersonRole.VISITOR:
        raise _invalid("duplicate_person", person_id=existing.id)
    plate = compact_plate(data["plate"]) if data.get("plate") else None
    for other in snapshot.people.values():
        visit = other.visit
        if visit is None or not _overlaps(visit, start, end):
            continue
        if other.id == (existing.id if existing else None) or (plate and visit.plate == plate):
            raise _invalid(
                "overlapping_pass",
                person_id=other.id,
                valid_from=visit.valid_from.isoformat(),
                valid_until=visit.valid_until.isoformat(),
            )
    person_id = existing.id if existing else data.get("person_id") or _visitor_id(snapshot.people)
    person = Person(
        id=person_id,
        name=data["name"].strip(),
        role=PersonRole.VISITOR,
        id_number=id_number or (existing.id_number if existing else None),
        mobile=data.get("mobile") or (existing.mobile if existing else None),
        cards=existing.cards if existing else (),
        watch=existing.watch if existing else None,
        visit=VisitorPass(
            host_id=data["host_id"], valid_from=start, valid_until=end, gates=gates, plate=plate
        ),
    )
    registry = runtime.registry
    change = registry.update_person if existing else registry.add_person
    stored = await _commit(runtime, lambda: change(person))
    return {"person": person_json(stored)}


def _visitor_id(people: Mapping[str, Person]) -> str:
    number = len(people) + 1
    while f"V{number:05d}" in people:
        number += 1
    return f"V{number:05d}"


async def _add_vehicle(call: ServiceCall) -> ServiceResponse:
    runtime = _runtime(call)
    data = call.data
    until = data.get("monthly_pass_until")
    monthly = (
        MonthlyPass(valid_from=data.get("monthly_pass_from", runtime.today()), valid_until=until)
        if until
        else None
    )
    vehicle = Vehicle(
        plate=data["plate"],
        owner_id=data["owner_id"],
        color=data["color"],
        parking_space=data.get("parking_space") or None,
        monthly_pass=monthly,
    )
    stored = await _commit(runtime, lambda: runtime.registry.add_vehicle(vehicle))
    return {
        "plate": stored.plate,
        "owner_id": stored.owner_id,
        "color": stored.color,
        "parking_space": stored.parking_space,
        "monthly_pass_until": monthly.valid_until.isoformat() if monthly else None,
    }


def _manual_barrier(runtime: PeopleRuntime, gate: str | None, direction: Direction) -> str:
    """The barrier a guard opened by hand (or ``manual`` when the register has none)."""
    for device in runtime.hub.devices.values():
        if (
            device.kind is DeviceKind.BARRIER
            and (gate is None or device.gate == gate)
            and direction_of(device) is direction
        ):
            return device.code
    return "manual"


def _session_json(session: ParkingSession) -> dict[str, Any]:
    return {
        "plate": session.plate,
        "entered_at": session.entered_at.isoformat(),
        "entry_barrier": session.entry_barrier,
        "free": session.free,
    }


async def _open_parking_session(call: ServiceCall) -> ServiceResponse:
    runtime = _runtime(call)
    try:
        plate = validate_plate(call.data["plate"])
    except RegistryError as err:
        raise registry_error(err) from err
    at = _time_or_now(call.data.get("time"))
    barrier = _manual_barrier(runtime, call.data.get("gate"), Direction.IN)
    session = runtime.open_session(plate, at, barrier, free=call.data["free"])
    return {**_session_json(session), "free_spaces": runtime.lot.free_spaces}


async def _close_parking_session(call: ServiceCall) -> ServiceResponse:
    runtime = _runtime(call)
    plate = compact_plate(call.data["plate"])
    at = _time_or_now(call.data.get("time"))
    barrier = _manual_barrier(runtime, call.data.get("gate"), Direction.OUT)
    closed = runtime.close_session(plate, at, barrier, paid=call.data["paid"])
    return {"plate": plate, **closed, "free_spaces": runtime.lot.free_spaces}


@callback
def async_setup_people_services(hass: HomeAssistant) -> None:
    """People, visitor passes, vehicles and manual parking sessions (from ``async_setup``)."""
    for name, handler, schema in (
        ("add_person", _add_person, ADD_PERSON_SCHEMA),
        ("update_person", _update_person, UPDATE_PERSON_SCHEMA),
        ("remove_person", _remove_person, REMOVE_PERSON_SCHEMA),
        ("issue_visitor_pass", _issue_visitor_pass, VISITOR_PASS_SCHEMA),
        ("add_vehicle", _add_vehicle, ADD_VEHICLE_SCHEMA),
        ("open_parking_session", _open_parking_session, PARKING_SESSION_SCHEMA),
        ("close_parking_session", _close_parking_session, PARKING_SESSION_SCHEMA),
    ):
        hass.services.async_register(
            DOMAIN, name, handler, schema=schema, supports_response=SupportsResponse.OPTIONAL
        )
