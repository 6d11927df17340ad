"""The access decision: one pure function from who, where and when to allow / deny / alert.

Order of the checks, first match wins:

1. nobody matched → deny ``unknown_person`` / ``unknown_plate`` (unknown cars may enter as
   ``temporary_parking`` where the community allows it);
2. black or watch list (the person, a vehicle's owner, a visitor's host is *not* checked)
   → alert ``black_list`` / ``watch_list``, even on the way out;
3. on the way out: allow ``exit`` unless a parking fee is due (deny ``fee_unpaid``) or a
   car leaves that never entered (deny ``no_entry_record``);
4. tenancy (``tenancy_not_started``, ``tenant_moved_out``), visitor pass (``pass_not_yet_valid``,
   ``pass_expired``, ``gate_not_allowed``), unit door (``wrong_unit``), the gate's roles
   (``gate_not_allowed``) and opening hours, the role's schedule (both ``outside_hours``),
   vehicle pass (``monthly_pass_expired``, ``no_monthly_pass``);
5. allow with the reason that granted it (``resident``, ``staff``, ``visitor_pass``,
   ``monthly_pass``, ``parking_space``, ``temporary_parking``); a car that is already
   inside and enters again is allowed as ``re_entry`` with the original reason in the detail.
"""

from __future__ import annotations

from datetime import datetime

from ..people.models import Person, PersonRole, Vehicle, WatchEntry
from ..people.plate import compact_plate
from ..site import Direction
from .models import (
    AccessDecision,
    AccessPoint,
    AccessRules,
    Outcome,
    PersonSubject,
    PlateSubject,
    Subject,
)
from .schedule import ALWAYS


def decide(
    subject: Subject, device: AccessPoint, at: datetime, rules: AccessRules
) -> AccessDecision:
    """Decide for a recognised person or a read plate at ``device`` at aware time ``at``."""
    local = at.astimezone(rules.timezone)
    if isinstance(subject, PersonSubject):
        return _decide_person(subject, device, local, rules)
    return _decide_plate(subject, device, local, rules)


def _deny(reason: str, **detail: str) -> AccessDecision:
    return AccessDecision(Outcome.DENY, reason, detail)


def _allow(reason: str, **detail: str) -> AccessDecision:
    return AccessDecision(Outcome.ALLOW, reason, detail)


def _alert(watch: WatchEntry, person: Person) -> AccessDecision:
    return AccessDecision(
        Outcome.ALERT, watch.kind.value, {"person_id": person.id, "reason": watch.reason}
    )


def _decide_person(
    subject: PersonSubject, device: AccessPoint, local: datetime, rules: AccessRules
) -> AccessDecision:
    person = rules.registry.person(subject.person_id) if subject.person_id else None
    if person is None:
        return _deny("unknown_person")
    if person.watch is not None:
        return _alert(person.watch, person)
    if device.direction is Direction.OUT:
        return _allow("exit")
    refusal = _person_refusal(person, device, local, rules)
    if refusal is not None:
        return refusal
    gate = device.gate
    if gate is not None and gate in rules.gate_roles and person.role not in rules.gate_roles[gate]:
        return _deny("gate_not_allowed", gate=gate)
    if gate is not None and not rules.gate_schedules.get(gate, ALWAYS).allows(local):
        return _deny("outside_hours", gate=gate)
    schedule = rules.schedules.get(person.role, ALWAYS)
    if not schedule.allows(local):
        return _deny("outside_hours", role=person.role.value)
    if person.role is PersonRole.VISITOR:
        return _allow("visitor_pass")
    if person.role in (PersonRole.STAFF, PersonRole.GUARD):
        return _allow("staff")
    return _allow("resident")


def _person_refusal(
    person: Person, device: AccessPoint, local: datetime, rules: AccessRules
) -> AccessDecision | None:
    """Why this person may not pass this device now, or ``None``."""
    tenancy_refusal = _tenancy_refusal(person, local)
    if tenancy_refusal is not None:
        return tenancy_refusal
    if person.role is PersonRole.VISITOR:
        return _visit_refusal(person, device, local, rules)
    if device.is_unit_door:
        if person.role in (PersonRole.STAFF, PersonRole.GUARD):
            return None if rules.staff_at_unit_doors else _deny("wrong_unit")
        if not _lives_behind(person, device):
            return _deny("wrong_unit", building=device.building or "", unit=device.unit or "")
    return None


def _tenancy_refusal(person: Person, local: datetime) -> AccessDecision | None:
    tenancy = person.tenancy
    if person.role is not PersonRole.TENANT or tenancy is None:
        return None
    if local.date() < tenancy.move_in:
        return _deny("tenancy_not_started", move_in=tenancy.move_in.isoformat())
    if tenancy.move_out is not None and local.date() > tenancy.move_out:
        return _deny("tenant_moved_out", move_out=tenancy.move_out.isoformat())
    return None


def _visit_refusal(
    person: Person, device: AccessPoint, local: datetime, rules: AccessRules
) -> AccessDecision | None:
    visit = person.visit
    if visit is None:
        return _deny("pass_expired")
    if local < visit.valid_from:
        return _deny("pass_not_yet_valid", valid_from=visit.valid_from.isoformat())
    if local >= visit.valid_until:
        return _deny("pass_expired", valid_until=visit.valid_until.isoformat())
    if device.is_unit_door:
        host = rules.registry.person(visit.host_id)
        if host is None or not _lives_behind(host, device):
            return _deny("wrong_unit", building=device.building or "", unit=device.unit or "")
    elif visit.gates and device.gate not in visit.gates:
        return _deny("gate_not_allowed", gate=device.gate or "")
    return None


def _lives_behind(person: Person, device: AccessPoint) -> bool:
    address = person.address
    return (
        address is not None and address.building == device.building and address.unit == device.unit
    )


def _decide_plate(
    subject: PlateSubject, device: AccessPoint, local: datetime, rules: AccessRules
) -> AccessDecision:
    plate = compact_plate(subject.plate)
    vehicle = rules.registry.vehicle(plate)
    owner = rules.registry.person(vehicle.owner_id) if vehicle else None
    visitor = None if vehicle else rules.registry.visitor_for_plate(plate)
    holder = owner or visitor
    if holder is not None and holder.watch is not None:
        return _alert(holder.watch, holder)
    if device.direction is Direction.OUT:
        if subject.fee_due > 0:
            return _deny("fee_unpaid", amount=str(subject.fee_due), plate=plate)
        if holder is None and not subject.inside:
            return _deny("no_entry_record", plate=plate)
        return _allow("exit")
    if vehicle is not None and owner is not None:
        decision = _vehicle_entry(vehicle, owner, local, rules)
    elif visitor is not None:
        decision = _visit_refusal(visitor, device, local, rules) or _allow(
            "visitor_pass", person_id=visitor.id
        )
    elif rules.temporary_vehicles:
        decision = _allow("temporary_parking")
    else:
        decision = _deny("unknown_plate", plate=plate)
    if decision.opens and subject.inside:
        return _allow("re_entry", granted_as=decision.reason, plate=plate)
    return decision


def _vehicle_entry(
    vehicle: Vehicle, owner: Person, local: datetime, rules: AccessRules
) -> AccessDecision:
    refusal = _tenancy_refusal(owner, local)
    if refusal is not None:
        return refusal
    monthly = vehicle.monthly_pass
    if monthly is not None and monthly.covers(local.date()):
        return _allow("monthly_pass", person_id=owner.id)
    if vehicle.parking_space is not None:
        return _allow("parking_space", space=vehicle.parking_space, person_id=owner.id)
    expired = monthly is not None and local.date() > monthly.valid_until
    if rules.temporary_vehicles:
        return _allow("temporary_parking", monthly_pass="expired" if expired else "none")
    if expired and monthly is not None:
        return _deny("monthly_pass_expired", valid_until=monthly.valid_until.isoformat())
    return _deny("no_monthly_pass", plate=vehicle.plate)
