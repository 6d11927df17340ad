"""Checks a person or vehicle against the rules and the rest of the registry.

Each function returns the normalised value (compact ID number, E.164 mobile, compact plate)
or raises ``RegistryError``; nothing is modified.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .errors import RegistryError
from .id_number import validate_id_number
from .layout import CommunityLayout
from .mobile import validate_mobile
from .models import Person, PersonRole, Vehicle
from .plate import validate_plate, validate_plate_color


def validate_person(
    person: Person, layout: CommunityLayout, people: Mapping[str, Person]
) -> Person:
    """Normalise ``person``; ``people`` is the registry without this person."""
    if not person.id.strip():
        raise RegistryError("missing_field", field="id")
    if not person.name.strip():
        raise RegistryError("missing_field", field="name")
    id_number = validate_id_number(person.id_number) if person.id_number else None
    mobile = validate_mobile(person.mobile) if person.mobile else None
    if person.role.is_resident:
        if person.address is None:
            raise RegistryError("missing_field", field="address")
        layout.validate_address(person.address)
    elif person.address is not None:
        layout.validate_address(person.address)
    _validate_role_facts(person, people)
    if person.care is not None:
        if person.care.inactivity_hours <= 0:
            raise RegistryError("invalid_field", field="inactivity_hours")
        validate_mobile(person.care.emergency_contact_mobile)
    for other in people.values():
        if id_number and other.id_number == id_number:
            raise RegistryError("duplicate_person", person_id=other.id)
        if shared := set(person.cards) & set(other.cards):
            raise RegistryError("duplicate_card", card=min(shared), person_id=other.id)
    visit = person.visit
    if visit is not None and visit.plate is not None:
        visit = replace(visit, plate=validate_plate(visit.plate))
    return replace(person, id_number=id_number, mobile=mobile, visit=visit)


def _validate_role_facts(person: Person, people: Mapping[str, Person]) -> None:
    if person.role is PersonRole.TENANT:
        if person.tenancy is None:
            raise RegistryError("missing_field", field="tenancy")
        if person.tenancy.move_out is not None and person.tenancy.move_out < person.tenancy.move_in:
            raise RegistryError("invalid_period", field="tenancy")
    if person.role is PersonRole.VISITOR:
        visit = person.visit
        if visit is None:
            raise RegistryError("missing_field", field="visit")
        if visit.valid_from.tzinfo is None or visit.valid_until.tzinfo is None:
            raise RegistryError("invalid_field", field="visit")
        if visit.valid_until <= visit.valid_from:
            raise RegistryError("invalid_period", field="visit")
        host = people.get(visit.host_id)
        if host is None or not host.role.is_resident:
            raise RegistryError("unknown_person", person_id=visit.host_id)
    if person.care is not None and not person.role.is_resident:
        raise RegistryError("invalid_field", field="care")


def validate_vehicle(
    vehicle: Vehicle, people: Mapping[str, Person], vehicles: Mapping[str, Vehicle]
) -> Vehicle:
    """Normalise ``vehicle``; ``vehicles`` is the registry without this vehicle."""
    plate = validate_plate(vehicle.plate)
    validate_plate_color(vehicle.color)
    if vehicle.owner_id not in people:
        raise RegistryError("unknown_person", person_id=vehicle.owner_id)
    if plate in vehicles:
        raise RegistryError("duplicate_plate", plate=plate)
    monthly = vehicle.monthly_pass
    if monthly is not None and monthly.valid_until < monthly.valid_from:
        raise RegistryError("invalid_period", field="monthly_pass")
    return replace(vehicle, plate=plate)
