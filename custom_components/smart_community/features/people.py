"""The community's people registry in HA: changes, visitor passes, vehicles, care residents.

The registry (``<data_dir>/people.json``, core/people) holds owners, family, tenants,
visitors, staff, guards and vehicles. Every change runs in the executor, is validated as a
whole and written atomically; a refused change raises the core error's translation and
changes nothing. Listeners (the access terminals' synchronisation, the console) hear of
every change; care residents' last sighting is kept here too.
"""

from __future__ import annotations

import logging
import secrets
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import DOMAIN, signal_people_update
from ..core.events import DeviceEvent
from ..core.parking import ParkingError
from ..core.people import (
    Address,
    BuildingLayout,
    CareProfile,
    CommunityLayout,
    MonthlyPass,
    PeopleRegistry,
    Person,
    PersonRole,
    RegistryError,
    RegistrySnapshot,
    Tenancy,
    Vehicle,
    VisitorPass,
    WatchEntry,
    WatchListKind,
    mask_id_number,
    mask_mobile,
    validate_id_number,
)
from ..core.people.plate import compact_plate
from ..core.people.visitor_token import (
    VisitorTokenError,
    sign_visitor_token,
    verify_visitor_token,
)
from ..core.site import RegisteredDevice, Site, building_name, unit_name
from .persisted import PersistedFeature, community_store

_LOGGER = logging.getLogger(__name__)

REGISTRY_FILE = "people.json"
# The register knows buildings and units, not floors: rooms are checked for shape only.
MAX_FLOORS = 99
MAX_DOORS_PER_FLOOR = 99
ROLES_BY_ACTION = ("owner", "family", "tenant", "staff", "guard")

type ChangeListener = Callable[[RegistrySnapshot], None]


def layout_from_site(site: Site) -> CommunityLayout:
    """Buildings and units the register's devices stand in (unit doors name both)."""
    return CommunityLayout(
        {
            building: BuildingLayout(
                units=units, floors=MAX_FLOORS, doors_per_floor=MAX_DOORS_PER_FLOOR
            )
            for building, units in site.units().items()
        }
    )


def registry_error(err: RegistryError | ParkingError) -> ServiceValidationError:
    """A core error as the translated error of the action that caused it."""
    return ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key=err.key,
        translation_placeholders=dict(err.placeholders),
    )


def invalid(key: str, **placeholders: str) -> ServiceValidationError:
    """A translated refusal of the integration's own."""
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


def as_local(value: datetime | None) -> datetime:
    """A datetime without a zone is community (HA) local time; ``None`` is now."""
    if value is None:
        return dt_util.now()
    return value if value.tzinfo else value.replace(tzinfo=dt_util.get_default_time_zone())


def person_json(person: Person) -> dict[str, Any]:
    """A person as actions and the console answer (ID number and mobile masked)."""
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


# --- a person from the fields of an action or a console form ------------------------------


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
        raise invalid("missing_field", field="emergency_contact_mobile")
    return CareProfile(
        inactivity_hours=int(hours), emergency_contact_name=name, emergency_contact_mobile=mobile
    )


def _tenancy(data: Mapping[str, Any], current: Tenancy | None, role: PersonRole) -> Tenancy | None:
    if role is not PersonRole.TENANT:
        return None
    move_in = data.get("move_in", current.move_in if current else None)
    if move_in is None:
        raise invalid("missing_field", field="move_in")
    move_out = data.get("move_out", current.move_out if current else None)
    return Tenancy(move_in=move_in, move_out=move_out)


def person_from_fields(data: Mapping[str, Any], current: Person | None) -> Person:
    """A person from form fields; unnamed fields keep ``current``'s values."""
    role = PersonRole(data["role"]) if "role" in data else (current.role if current else None)
    if role is None:
        raise invalid("missing_field", field="role")
    return Person(
        id=str(data["person_id"]).strip(),
        name=str(data.get("name", current.name if current else "")).strip(),
        role=role,
        id_number=data.get("id_number", current.id_number if current else None) or None,
        mobile=data.get("mobile", current.mobile if current else None) or None,
        address=_address(data, current.address if current else None),
        # Photos are set by the integration (人证核验), never by an action's fields.
        photos=tuple(data["photos"]) if "photos" in data else (current.photos if current else ()),
        cards=tuple(data.get("cards", current.cards if current else ())),
        watch=_watch(data, current.watch if current else None),
        care=_care(data, current.care if current else None),
        tenancy=_tenancy(data, current.tenancy if current else None, role),
        visit=current.visit if current else None,
    )


def _overlaps(a: VisitorPass, start: datetime, end: datetime) -> bool:
    return a.valid_from < end and start < a.valid_until


def _visitor_id(people: Mapping[str, Person]) -> str:
    return _free_id(people, "V")


def _free_id(people: Mapping[str, Person], prefix: str) -> str:
    number = len(people) + 1
    while f"{prefix}{number:05d}" in people:
        number += 1
    return f"{prefix}{number:05d}"


class PeopleFeature(PersistedFeature):
    """One community's registry, its change listeners and the care residents' sightings."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        site: Site,
        registry: PeopleRegistry,
        store: Store[dict[str, Any]],
    ) -> None:
        """Built by :meth:`async_load`."""
        super().__init__(hass, store, signal_people_update(entry_id))
        self.entry_id = entry_id
        self.site = site
        self.site_code = entry_id  # the community code (async_load): binds visitor tokens
        self.registry = registry
        self.last_seen: dict[str, datetime] = {}
        self.care_ids = self._care_ids()
        self._listeners: list[ChangeListener] = []
        # Visitor passes revoked before their end: who did it and when (the window is cut).
        self.revoked: dict[str, dict[str, str]] = {}
        # Signs the visitor passes' QR tokens; made once per community, kept in its store.
        self.qr_secret = secrets.token_bytes(32)

    @classmethod
    async def async_load(
        cls, hass: HomeAssistant, entry_id: str, community_code: str, site: Site, data_dir: Path
    ) -> PeopleFeature:
        """The registry file and the saved sightings of a community."""
        try:
            registry = await hass.async_add_executor_job(
                PeopleRegistry.load, layout_from_site(site), data_dir / REGISTRY_FILE
            )
        except RegistryError as err:
            raise registry_error(err) from err
        store = community_store(hass, community_code, "care")
        feature = cls(hass, entry_id, site, registry, store)
        feature.site_code = community_code
        saved = await store.async_load() or {}
        feature.last_seen = {
            pid: datetime.fromisoformat(moment)
            for pid, moment in saved.get("last_seen", {}).items()
        }
        feature.revoked = {
            str(pid): {str(k): str(v) for k, v in entry.items()}
            for pid, entry in saved.get("revoked", {}).items()
        }
        if secret := saved.get("qr_secret"):
            feature.qr_secret = bytes.fromhex(secret)
        else:
            feature.changed()  # the new secret is saved before a pass can carry it
        return feature

    # --- reading ------------------------------------------------------------------------

    @property
    def snapshot(self) -> RegistrySnapshot:
        """The registry as it is now (immutable)."""
        return self.registry.snapshot

    @property
    def gates(self) -> frozenset[str]:
        """The community's entrances (visitor passes name them)."""
        return self.site.gates

    def today(self) -> date:
        """The community's local date."""
        return dt_util.now().date()

    def counts(self) -> dict[str, Any]:
        """How many, never who (diagnostics)."""
        people = self.snapshot.people.values()
        return {
            "people_by_role": dict(Counter(p.role.value for p in people)),
            "vehicles": len(self.snapshot.vehicles),
            "care_residents": len(self.care_ids),
            "watch_listed": sum(1 for p in people if p.watch),
        }

    def _care_ids(self) -> frozenset[str]:
        return frozenset(p.id for p in self.snapshot.people.values() if p.care)

    # --- listeners ----------------------------------------------------------------------

    @callback
    def async_add_change_listener(self, listener: ChangeListener) -> Callable[[], None]:
        """Call ``listener`` after every registry change; returns remove."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def state_json(self) -> dict[str, Any]:
        """What a restart must not lose (the registry has its own file)."""
        return {
            "last_seen": {pid: moment.isoformat() for pid, moment in self.last_seen.items()},
            "revoked": self.revoked,
            "qr_secret": self.qr_secret.hex(),
        }

    @callback
    def async_event(self, device: RegisteredDevice, event: DeviceEvent) -> None:
        """Hub listener: a care resident named by an event was seen."""
        person_id = event.person_id or event.attributes.get("person_id")
        if person_id is None or person_id not in self.care_ids:
            return
        previous = self.last_seen.get(person_id)
        if previous is None or event.time > previous:
            self.last_seen[person_id] = event.time
            self.changed()

    # --- changes ------------------------------------------------------------------------

    async def _commit[T](self, change: Callable[[], T]) -> T:
        """Run a registry change in the executor; core errors become translated errors."""
        try:
            result = await self.hass.async_add_executor_job(change)
        except RegistryError as err:
            raise registry_error(err) from err
        self.changed()
        snapshot = self.snapshot
        for listener in list(self._listeners):
            listener(snapshot)
        current = self._care_ids()
        if current != self.care_ids:
            self.care_ids = current
            # A care resident's "last seen" sensor comes or goes with them.
            self.hass.config_entries.async_schedule_reload(self.entry_id)
        return result

    def new_person_id(self) -> str:
        """A free ``P#####`` id (the console leaves the id to the registry)."""
        return _free_id(self.snapshot.people, "P")

    async def async_add_person(self, fields: Mapping[str, Any]) -> Person:
        """A new resident, family member, tenant, staff member or guard (id allocated when
        none is given)."""
        if not str(fields.get("person_id") or "").strip():
            fields = {**fields, "person_id": self.new_person_id()}
        person = person_from_fields(fields, None)
        return await self._commit(lambda: self.registry.add_person(person))

    async def async_update_person(self, fields: Mapping[str, Any]) -> Person:
        """Change the fields given; the others stay."""
        current = self.snapshot.person(fields["person_id"])
        if current is None:
            raise invalid("unknown_person", person_id=fields["person_id"])
        person = person_from_fields(fields, current)
        return await self._commit(lambda: self.registry.update_person(person))

    async def async_remove_person(self, person_id: str) -> None:
        """Gone from the registry (and from the sightings)."""
        await self._commit(lambda: self.registry.remove_person(person_id))
        self.last_seen.pop(person_id, None)

    async def async_issue_visitor_pass(self, data: Mapping[str, Any]) -> Person:
        """A visitor pass for a host's guest: window, gates and plate; overlaps refused."""
        start, end = as_local(data["valid_from"]), as_local(data["valid_until"])
        gates = frozenset(str(gate).strip() for gate in data.get("gates", ()))
        if unknown := sorted(gates - self.gates):
            raise invalid("unknown_gate", gate=", ".join(unknown))
        snapshot = self.snapshot
        id_number = data.get("id_number")
        existing = snapshot.person(data["person_id"]) if data.get("person_id") else None
        if existing is None and id_number:
            try:
                compact = validate_id_number(id_number)
            except RegistryError as err:
                raise registry_error(err) from err
            existing = next((p for p in snapshot.people.values() if p.id_number == compact), None)
        if existing is not None and existing.role is not PersonRole.VISITOR:
            raise invalid("duplicate_person", person_id=existing.id)
        plate = compact_plate(data["plate"]) if data.get("plate") else None
        for other in snapshot.people.values():
            visit = other.visit
            if visit is None or not _overlaps(visit, start, end):
                continue
            if other.id == (existing.id if existing else None) or (plate and visit.plate == plate):
                raise invalid(
                    "overlapping_pass",
                    person_id=other.id,
                    valid_from=visit.valid_from.isoformat(),
                    valid_until=visit.valid_until.isoformat(),
                )
        person_id = (
            existing.id if existing else data.get("person_id") or _visitor_id(snapshot.people)
        )
        person = Person(
            id=person_id,
            name=str(data["name"]).strip(),
            role=PersonRole.VISITOR,
            id_number=id_number or (existing.id_number if existing else None),
            mobile=data.get("mobile") or (existing.mobile if existing else None),
            cards=existing.cards if existing else (),
            watch=existing.watch if existing else None,
            visit=VisitorPass(
                host_id=data["host_id"], valid_from=start, valid_until=end, gates=gates, plate=plate
            ),
        )
        change = self.registry.update_person if existing else self.registry.add_person
        return await self._commit(lambda: change(person))

    async def async_add_vehicle(self, data: Mapping[str, Any]) -> Vehicle:
        """A resident's car, with its space and monthly pass."""
        until = data.get("monthly_pass_until")
        monthly = (
            MonthlyPass(valid_from=data.get("monthly_pass_from", self.today()), valid_until=until)
            if until
            else None
        )
        vehicle = Vehicle(
            plate=data["plate"],
            owner_id=data["owner_id"],
            color=data.get("color", "blue"),
            parking_space=data.get("parking_space") or None,
            monthly_pass=monthly,
        )
        return await self._commit(lambda: self.registry.add_vehicle(vehicle))

    async def async_update_vehicle(self, data: Mapping[str, Any]) -> Vehicle:
        """Change a vehicle's colour, space or monthly pass (``None`` clears space / pass)."""
        current = self.snapshot.vehicle(data["plate"])
        if current is None:
            raise invalid("unknown_vehicle", plate=str(data["plate"]))
        monthly = current.monthly_pass
        if "monthly_pass_until" in data or "monthly_pass_from" in data:
            until = data.get("monthly_pass_until", monthly.valid_until if monthly else None)
            start = data.get("monthly_pass_from") or (
                monthly.valid_from if monthly else self.today()
            )
            monthly = MonthlyPass(valid_from=start, valid_until=until) if until else None
        vehicle = Vehicle(
            plate=current.plate,
            owner_id=current.owner_id,
            color=data.get("color") or current.color,
            parking_space=(
                data["parking_space"] or None if "parking_space" in data else current.parking_space
            ),
            monthly_pass=monthly,
        )
        return await self._commit(lambda: self.registry.update_vehicle(vehicle))

    async def async_remove_vehicle(self, plate: str) -> None:
        """A vehicle leaves the registry."""
        if self.snapshot.vehicle(plate) is None:
            raise invalid("unknown_vehicle", plate=plate)
        await self._commit(lambda: self.registry.remove_vehicle(plate))

    # --- visitor passes: revoke, QR tokens ----------------------------------------------

    def pass_status(self, person: Person, now: datetime | None = None) -> str:
        """active / upcoming / expired / revoked."""
        visit = person.visit
        if visit is None:
            return "expired"
        if person.id in self.revoked and self.revoked[person.id].get("until") == (
            visit.valid_until.isoformat()
        ):
            return "revoked"
        moment = now or dt_util.now()
        if moment >= visit.valid_until:
            return "expired"
        return "upcoming" if moment < visit.valid_from else "active"

    async def async_revoke_visitor_pass(self, person_id: str, revoked_by: str) -> Person:
        """The pass ends now (its window is cut, so the records keep it); who revoked it."""
        person = self.snapshot.person(person_id)
        if person is None or person.visit is None or person.role is not PersonRole.VISITOR:
            raise invalid("not_a_visitor", person_id=person_id)
        status = self.pass_status(person)
        if status == "revoked":
            raise invalid("pass_already_revoked", person_id=person_id)
        now = dt_util.now()
        visit = person.visit
        # The registry needs a non-empty window: an upcoming pass becomes one second that has
        # already passed; an active one ends now. The planned window stays in ``revoked``.
        start = visit.valid_from if status == "active" else now - timedelta(seconds=1)
        end = max(now, start + timedelta(seconds=1))
        cut = replace(person, visit=replace(visit, valid_from=start, valid_until=end))
        updated = await self._commit(lambda: self.registry.update_person(cut))
        assert updated.visit is not None
        self.revoked[person_id] = {
            "by": revoked_by,
            "at": now.isoformat(),
            "until": updated.visit.valid_until.isoformat(),
            "planned_from": visit.valid_from.isoformat(),
            "planned_until": visit.valid_until.isoformat(),
        }
        self.changed()
        return updated

    def visitor_token(self, person: Person) -> str:
        """The QR token of a visitor's pass (signed; terminals send it back)."""
        if person.visit is None:
            raise invalid("not_a_visitor", person_id=person.id)
        return sign_visitor_token(
            self.qr_secret,
            self.site_code,
            person.id,
            int(person.visit.valid_from.timestamp()),
            int(person.visit.valid_until.timestamp()),
        )

    def visitor_for_token(self, token: str, now: datetime | None = None) -> Person | None:
        """The visitor whose current, unrevoked pass the token is; None otherwise."""
        moment = int((now or dt_util.now()).timestamp())
        try:
            claims = verify_visitor_token(self.qr_secret, self.site_code, token, now=moment)
        except VisitorTokenError as err:
            _LOGGER.debug("Visitor token refused: %s", err.reason)
            return None
        person = self.snapshot.person(claims.person_id)
        visit = person.visit if person else None
        if (
            person is None
            or visit is None
            or int(visit.valid_from.timestamp()) != claims.valid_from
            or int(visit.valid_until.timestamp()) != claims.valid_until
        ):
            return None  # revoked (window cut), re-issued or removed since
        return person
