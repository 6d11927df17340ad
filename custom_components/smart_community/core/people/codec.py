"""JSON form of the registry (people and vehicles), version-tagged."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .errors import RegistryError
from .layout import Address
from .models import (
    CareProfile,
    MonthlyPass,
    Person,
    PersonRole,
    Tenancy,
    Vehicle,
    VisitorPass,
    WatchEntry,
    WatchListKind,
)

FORMAT_VERSION = 1


def person_to_json(person: Person) -> dict[str, Any]:
    """Plain-JSON dict of a person."""
    out: dict[str, Any] = {"id": person.id, "name": person.name, "role": person.role.value}
    if person.id_number:
        out["id_number"] = person.id_number
    if person.mobile:
        out["mobile"] = person.mobile
    if person.address:
        a = person.address
        out["address"] = {"building": a.building, "unit": a.unit, "room": a.room}
    if person.photos:
        out["photos"] = list(person.photos)
    if person.cards:
        out["cards"] = list(person.cards)
    if person.watch:
        w = person.watch
        out["watch"] = {
            "kind": w.kind.value,
            "reason": w.reason,
            "since": w.since.isoformat() if w.since else None,
        }
    if person.care:
        c = person.care
        out["care"] = {
            "inactivity_hours": c.inactivity_hours,
            "emergency_contact_name": c.emergency_contact_name,
            "emergency_contact_mobile": c.emergency_contact_mobile,
        }
    if person.tenancy:
        t = person.tenancy
        out["tenancy"] = {
            "move_in": t.move_in.isoformat(),
            "move_out": t.move_out.isoformat() if t.move_out else None,
        }
    if person.visit:
        v = person.visit
        out["visit"] = {
            "host_id": v.host_id,
            "valid_from": v.valid_from.isoformat(),
            "valid_until": v.valid_until.isoformat(),
            "gates": sorted(v.gates),
            "plate": v.plate,
        }
    return out


def person_from_json(data: dict[str, Any]) -> Person:
    """Inverse of ``person_to_json``."""
    address = data.get("address")
    watch = data.get("watch")
    care = data.get("care")
    tenancy = data.get("tenancy")
    visit = data.get("visit")
    return Person(
        id=data["id"],
        name=data["name"],
        role=PersonRole(data["role"]),
        id_number=data.get("id_number"),
        mobile=data.get("mobile"),
        address=Address(address["building"], address["unit"], address["room"]) if address else None,
        photos=tuple(data.get("photos", ())),
        cards=tuple(data.get("cards", ())),
        watch=WatchEntry(
            kind=WatchListKind(watch["kind"]),
            reason=watch["reason"],
            since=datetime.fromisoformat(watch["since"]) if watch.get("since") else None,
        )
        if watch
        else None,
        care=CareProfile(**care) if care else None,
        tenancy=Tenancy(
            move_in=date.fromisoformat(tenancy["move_in"]),
            move_out=date.fromisoformat(tenancy["move_out"]) if tenancy.get("move_out") else None,
        )
        if tenancy
        else None,
        visit=VisitorPass(
            host_id=visit["host_id"],
            valid_from=datetime.fromisoformat(visit["valid_from"]),
            valid_until=datetime.fromisoformat(visit["valid_until"]),
            gates=frozenset(visit.get("gates", ())),
            plate=visit.get("plate"),
        )
        if visit
        else None,
    )


def vehicle_to_json(vehicle: Vehicle) -> dict[str, Any]:
    """Plain-JSON dict of a vehicle."""
    out: dict[str, Any] = {
        "plate": vehicle.plate,
        "owner_id": vehicle.owner_id,
        "color": vehicle.color,
    }
    if vehicle.parking_space:
        out["parking_space"] = vehicle.parking_space
    if vehicle.monthly_pass:
        out["monthly_pass"] = {
            "valid_from": vehicle.monthly_pass.valid_from.isoformat(),
            "valid_until": vehicle.monthly_pass.valid_until.isoformat(),
        }
    return out


def vehicle_from_json(data: dict[str, Any]) -> Vehicle:
    """Inverse of ``vehicle_to_json``."""
    monthly = data.get("monthly_pass")
    return Vehicle(
        plate=data["plate"],
        owner_id=data["owner_id"],
        color=data.get("color", "blue"),
        parking_space=data.get("parking_space"),
        monthly_pass=MonthlyPass(
            valid_from=date.fromisoformat(monthly["valid_from"]),
            valid_until=date.fromisoformat(monthly["valid_until"]),
        )
        if monthly
        else None,
    )


def registry_to_json(people: list[Person], vehicles: list[Vehicle]) -> dict[str, Any]:
    """The whole file."""
    return {
        "version": FORMAT_VERSION,
        "people": [person_to_json(p) for p in people],
        "vehicles": [vehicle_to_json(v) for v in vehicles],
    }


def registry_from_json(data: Any) -> tuple[list[Person], list[Vehicle]]:
    """Read the whole file; a wrong shape is ``corrupt_registry``."""
    try:
        if data.get("version") != FORMAT_VERSION:
            raise RegistryError("corrupt_registry", reason="version")
        return (
            [person_from_json(p) for p in data["people"]],
            [vehicle_from_json(v) for v in data["vehicles"]],
        )
    except (AttributeError, KeyError, TypeError, ValueError) as err:
        raise RegistryError("corrupt_registry", reason=type(err).__name__) from err
