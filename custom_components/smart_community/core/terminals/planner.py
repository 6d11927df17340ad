"""Who goes on which terminal, with which window, cards and face: a pure function.

* Residents (owners, family, tenants) → their own unit's door terminals and every gate.
* Staff and guards → every gate that admits their role, and every unit door when the
  community lets staff open unit doors (``staff_at_unit_doors``, as the access decision does).
* Visitors → the gates their pass names (all gates when it names none) and their host's unit
  door, only for the pass's window.
* Watch-list and black-list people → never (the face cameras and the access decision alert
  on them; a terminal that opened for them would defeat that).
* ``gate_roles`` (a staff-only back gate) keeps the roles it does not list off that gate.

Windows: a tenant from the move-in day 00:00 to the end of the move-out day, a visitor for
the pass; both are written to the terminal, which refuses outside them even offline. A person
whose window is over is left off. ``next_change`` is the earliest moment a window closes: the
plan must be made again then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo

from ..people.models import Person, PersonRole
from ..people.registry import RegistrySnapshot
from .models import ALWAYS_VALID, FaceRef, Library, TerminalUser, UserKind, ValidityWindow
from .topology import TerminalPlace

STAFF_ROLES = frozenset({PersonRole.STAFF, PersonRole.GUARD})
NAME_LIMIT = 32  # characters a terminal keeps of a name (ISAPI, Dahua): compare what it keeps


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignmentPolicy:
    """The parts of the access rules that decide assignments (see ``core/access``)."""

    timezone: tzinfo
    gate_roles: Mapping[str, frozenset[PersonRole]] = field(default_factory=dict)
    staff_at_unit_doors: bool = True

    def gate_admits(self, gate: str, role: PersonRole) -> bool:
        roles = self.gate_roles.get(gate)
        return roles is None or role in roles


@dataclass(frozen=True, slots=True)
class Plan:
    """The desired library of every terminal and when it must be recomputed."""

    libraries: dict[str, Library]
    next_change: datetime | None
    left_off: dict[str, str]  # person id -> why nobody's terminal gets them


def _day_start(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def validity_of(person: Person, zone: tzinfo) -> ValidityWindow:
    """The window a terminal enforces for ``person`` (whole seconds: terminals keep no more)."""
    if person.role is PersonRole.VISITOR and person.visit is not None:
        visit = person.visit
        begin = visit.valid_from.replace(microsecond=0)
        until = visit.valid_until.replace(microsecond=0)
        return ValidityWindow(begin, until if until > begin else begin + timedelta(seconds=1))
    if person.role is PersonRole.TENANT and person.tenancy is not None:
        tenancy = person.tenancy
        end = (
            _day_start(tenancy.move_out + timedelta(days=1), zone)
            if tenancy.move_out is not None
            else None
        )
        return ValidityWindow(_day_start(tenancy.move_in, zone), end)
    return ALWAYS_VALID


def _places_for(
    person: Person,
    snapshot: RegistrySnapshot,
    places: Iterable[TerminalPlace],
    policy: AssignmentPolicy,
) -> list[TerminalPlace]:
    role = person.role
    chosen: list[TerminalPlace] = []
    for place in places:
        if place.is_unit_door:
            if role.is_resident:
                address = person.address
                ok = address is not None and (address.building, address.unit) == (
                    place.building,
                    place.unit,
                )
            elif role in STAFF_ROLES:
                ok = policy.staff_at_unit_doors
            else:  # a visitor: the host's unit door
                host = snapshot.person(person.visit.host_id) if person.visit else None
                address = host.address if host is not None else None
                ok = address is not None and (address.building, address.unit) == (
                    place.building,
                    place.unit,
                )
        else:
            gate = place.gate or ""
            ok = policy.gate_admits(gate, role)
            if ok and role is PersonRole.VISITOR and person.visit and person.visit.gates:
                ok = gate in person.visit.gates
        if ok:
            chosen.append(place)
    return chosen


def plan_libraries(
    snapshot: RegistrySnapshot,
    places: Iterable[TerminalPlace],
    *,
    now: datetime,
    policy: AssignmentPolicy,
    user_id_of: Callable[[str], str],
    faces: Mapping[str, FaceRef] | None = None,
) -> Plan:
    """The desired library per terminal (device code → user id → user)."""
    place_list = list(places)
    libraries: dict[str, Library] = {place.device_code: {} for place in place_list}
    left_off: dict[str, str] = {}
    next_change: datetime | None = None
    faces = faces or {}
    for person in snapshot.people.values():
        if person.watch is not None:
            left_off[person.id] = person.watch.kind.value
            continue
        if person.role is PersonRole.VISITOR and person.visit is None:
            left_off[person.id] = "no_pass"
            continue
        window = validity_of(person, policy.timezone)
        if window.ended(now):
            left_off[person.id] = "window_over"
            continue
        chosen = _places_for(person, snapshot, place_list, policy)
        if not chosen:
            left_off[person.id] = "no_terminal"
            continue
        if window.end is not None and (next_change is None or window.end < next_change):
            next_change = window.end
        user = TerminalUser(
            user_id=user_id_of(person.id),
            person_id=person.id,
            name=person.name[:NAME_LIMIT],
            kind=UserKind.VISITOR if person.role is PersonRole.VISITOR else UserKind.NORMAL,
            window=window,
            cards=frozenset(person.cards),
            face=faces.get(person.id),
        )
        for place in chosen:
            libraries[place.device_code][user.user_id] = user
    return Plan(libraries, next_change, left_off)
