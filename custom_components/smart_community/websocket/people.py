"""People: the building tree, residents and their faces, vehicles — the actions' features."""

from __future__ import annotations

import re
from typing import Any

import voluptuous as vol
from homeassistant.helpers import config_validation as cv

from ..const import DOMAIN
from ..core.people import Person, PersonRole
from ..core.people.plate import compact_plate
from ..features.people import ROLES_BY_ACTION
from ..permissions import Permission
from .command import PAGE, Command, Request, invalid, page_of, picture_bytes, text
from .rows import Shaper

MASKED = "*"  # a masked number the panel echoed back is not a new value
_NUMBER = re.compile(r"\d+")


def _natural(value: str) -> tuple[Any, ...]:
    """``2`` before ``10``."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", value))


def _fields(msg: dict[str, Any]) -> dict[str, Any]:
    """The person fields the panel sent (typed numbers only; masked echoes dropped)."""
    fields = {key: value for key, value in msg.items() if key not in ("id", "type", "entry_id")}
    for key in ("id_number", "mobile", "emergency_contact_mobile"):
        value = fields.get(key)
        if value is not None and (not str(value).strip() or MASKED in str(value)):
            del fields[key]
    return fields


async def layout(request: Request) -> dict[str, Any]:
    """Buildings and units of the register (empty ones too) and the rooms with residents."""
    runtime = request.runtime
    people = runtime.people.snapshot.people.values()
    rooms: dict[tuple[str, str], dict[str, int]] = {}
    without = 0
    for person in people:
        if person.role is PersonRole.VISITOR:
            continue
        address = person.address
        if address is None or not address.building:
            without += 1
            continue
        unit_rooms = rooms.setdefault((address.building, address.unit), {})
        if address.room:
            unit_rooms[address.room] = unit_rooms.get(address.room, 0) + 1
    units = runtime.site.units()
    return {
        "buildings": [
            {
                "building": building,
                "units": [
                    {
                        "unit": unit,
                        "rooms": [
                            {"room": room, "residents": count}
                            for room, count in sorted(
                                rooms.get((building, unit), {}).items(),
                                key=lambda item: _natural(item[0]),
                            )
                        ],
                    }
                    for unit in sorted(units[building], key=_natural)
                ],
            }
            for building in sorted(units, key=_natural)
        ],
        "without_address": without,
    }


def _matches(person: Person, query: str, plates: set[str]) -> bool:
    if not query:
        return True
    folded = query.casefold()
    return (
        folded in person.name.casefold()
        or folded in person.id.casefold()
        or query in person.cards
        or compact_plate(query) in plates
    )


async def list_people(request: Request) -> dict[str, Any]:
    """People by place, role, care or a search (names, ids, plates, cards)."""
    runtime = request.runtime
    msg = request.msg
    snapshot = runtime.people.snapshot
    query = (msg.get("query") or "").strip()
    role = msg.get("role")
    found = []
    for person in snapshot.people.values():
        address = person.address
        if role is not None and person.role.value != role:
            continue
        if role is None and person.role is PersonRole.VISITOR:
            continue
        if msg.get("building") and (address is None or address.building != msg["building"]):
            continue
        if msg.get("unit") and (address is None or address.unit != msg["unit"]):
            continue
        if msg.get("room") and (address is None or address.room != msg["room"]):
            continue
        if msg["care_only"] and person.care is None:
            continue
        if msg["without_address"] and address is not None and address.building:
            continue
        plates = {vehicle.plate for vehicle in snapshot.vehicles_of(person.id)}
        if _matches(person, query, plates):
            found.append(person)
    found.sort(
        key=lambda p: (
            _natural(p.address.building if p.address else "~"),
            _natural(p.address.unit if p.address else ""),
            _natural(p.address.room if p.address else ""),
            p.name,
        )
    )
    shown, next_cursor = page_of(found, msg)
    shaper = Shaper(runtime, request.sign)
    full = request.may(Permission.RECORDS_EXPORT_FULL)
    return {
        "people": [shaper.person(person, full_reasons=full) for person in shown],
        "next_cursor": next_cursor,
    }


def _person(request: Request, person_id: str, field: str = "person_id") -> Person:
    person = request.runtime.people.snapshot.person(person_id)
    if person is None:
        raise invalid("unknown_person", person_id=person_id, field=field)
    return person


async def get(request: Request) -> dict[str, Any]:
    """One person with cards, photos, vehicles, household and last sighting."""
    runtime = request.runtime
    person = _person(request, request.msg["person_id"])
    snapshot = runtime.people.snapshot
    shaper = Shaper(runtime, request.sign)
    full = request.may(Permission.RECORDS_EXPORT_FULL)
    address = person.address
    household = [
        other
        for other in snapshot.people.values()
        if other.id != person.id
        and address is not None
        and address.building
        and other.address == address
    ]
    last_seen = runtime.people.last_seen.get(person.id)
    return {
        "person": {
            **shaper.person(person, full_reasons=full),
            "cards": list(person.cards),
            "photos": shaper.photos(person.id),
            "vehicles": [shaper.vehicle(v, snapshot) for v in snapshot.vehicles_of(person.id)],
            "household": [shaper.person(other, full_reasons=full) for other in household],
            "last_seen": last_seen.isoformat() if last_seen else None,
        }
    }


async def add(request: Request) -> dict[str, Any]:
    """A new resident, family member, tenant, staff member or guard (``add_person``)."""
    runtime = request.runtime
    person = await runtime.people.async_add_person(_fields(request.msg))
    return {"person": Shaper(runtime, request.sign).person(person)}


async def update(request: Request) -> dict[str, Any]:
    """Change the fields given (``update_person``); moving out is an update of move_out."""
    runtime = request.runtime
    person = await runtime.people.async_update_person(_fields(request.msg))
    return {"person": Shaper(runtime, request.sign).person(person)}


async def remove(request: Request) -> dict[str, Any]:
    """Gone from the registry, and their face data with them (``remove_person``)."""
    runtime = request.runtime
    person_id = request.msg["person_id"]
    _person(request, person_id)
    await runtime.people.async_remove_person(person_id)
    if runtime.recognition is not None:
        await runtime.recognition.async_remove(person_id)
    return {"person_id": person_id, "removed": True}


async def enroll_photo(request: Request) -> dict[str, Any]:
    """One photo of a person: accepted or refused with the reason (``enroll_face``)."""
    runtime = request.runtime
    msg = request.msg
    person = _person(request, msg["person_id"])
    recognition = runtime.recognition
    if recognition is None:
        raise invalid("recognition_unavailable", community=runtime.hub.community_name)
    data = picture_bytes(msg["image"])
    outcome = (await recognition.async_enroll_photos(person.id, [(msg["filename"], data)]))[0]
    shaper = Shaper(runtime, request.sign)
    similar = None
    if outcome.similar is not None:
        other = runtime.people.snapshot.person(outcome.similar[0])
        similar = {
            "person_id": outcome.similar[0],
            "name": other.name if other else outcome.similar[0],
            "similarity": outcome.similar[1],
        }
    photo = next((p for p in shaper.photos(person.id) if p["photo_id"] == outcome.photo_id), None)
    return {
        "photo": {
            "filename": msg["filename"],
            "accepted": outcome.accepted,
            "reason": outcome.code,
            "issues": list(outcome.issues),
            "faces": outcome.faces,
            "similar_person": similar,
            "photo": photo,
        }
    }


async def remove_photos(request: Request) -> dict[str, Any]:
    """One enrolled photo, or all of them (``remove_face``)."""
    runtime = request.runtime
    msg = request.msg
    person = _person(request, msg["person_id"])
    recognition = runtime.recognition
    if recognition is None:
        raise invalid("recognition_unavailable", community=runtime.hub.community_name)
    photo_id = msg.get("photo_id")
    if photo_id is None:
        removed = await recognition.async_remove(person.id)
    elif photo_id not in recognition.photos.photo_ids(person.id):
        raise invalid("unknown_photo", person_id=person.id, photo_id=photo_id, field="photo_id")
    else:
        removed = await recognition.async_remove_photo(person.id, photo_id)
    return {"person_id": person.id, "removed": removed}


async def add_vehicle(request: Request) -> dict[str, Any]:
    """A resident's car with its space and monthly pass (``add_vehicle``)."""
    runtime = request.runtime
    msg = request.msg
    _person(request, msg["owner_id"], field="owner_id")
    vehicle = await runtime.people.async_add_vehicle(_fields(msg))
    return {"vehicle": Shaper(runtime, request.sign).vehicle(vehicle, runtime.people.snapshot)}


async def update_vehicle(request: Request) -> dict[str, Any]:
    """Colour, space, a renewed monthly pass."""
    runtime = request.runtime
    vehicle = await runtime.people.async_update_vehicle(_fields(request.msg))
    return {"vehicle": Shaper(runtime, request.sign).vehicle(vehicle, runtime.people.snapshot)}


async def remove_vehicle(request: Request) -> dict[str, Any]:
    """A vehicle leaves the registry."""
    plate = request.msg["plate"]
    await request.runtime.people.async_remove_vehicle(plate)
    return {"plate": compact_plate(plate), "removed": True}


hours = vol.Any(None, vol.All(vol.Coerce(int), vol.Range(min=0, max=24 * 90)))
PERSON_FIELDS: dict[Any, Any] = {
    vol.Optional("name"): text,
    vol.Optional("role"): vol.In(ROLES_BY_ACTION),
    vol.Optional("id_number"): text,
    vol.Optional("mobile"): text,
    vol.Optional("building"): text,
    vol.Optional("unit"): text,
    vol.Optional("room"): text,
    vol.Optional("cards"): vol.All([text], vol.Length(max=20)),
    vol.Optional("move_in"): cv.date,
    vol.Optional("move_out"): vol.Any(None, cv.date),
    vol.Optional("watch_list"): vol.In(("none", "black_list", "watch_list")),
    vol.Optional("watch_reason"): text,
    vol.Optional("inactivity_hours"): hours,
    vol.Optional("emergency_contact_name"): text,
    vol.Optional("emergency_contact_mobile"): text,
}
PERSON_ID = {vol.Required("person_id"): text}
PLATE_COLOR = vol.In(("blue", "yellow", "green", "white", "black", "yellow_green"))
COMMANDS = (
    Command(f"{DOMAIN}/people/layout", Permission.PEOPLE, {}, layout),
    Command(
        f"{DOMAIN}/people/list",
        Permission.VISITORS,
        {
            **PAGE,
            vol.Optional("building"): text,
            vol.Optional("unit"): text,
            vol.Optional("room"): text,
            vol.Optional("role"): vol.In([role.value for role in PersonRole]),
            vol.Optional("query"): text,
            vol.Optional("care_only", default=False): cv.boolean,
            vol.Optional("without_address", default=False): cv.boolean,
        },
        list_people,
    ),
    Command(f"{DOMAIN}/people/get", Permission.PEOPLE, PERSON_ID, get),
    Command(
        f"{DOMAIN}/people/add",
        Permission.PEOPLE,
        {
            **PERSON_FIELDS,
            vol.Optional("person_id"): text,
            vol.Required("name"): text,
            vol.Required("role"): vol.In(ROLES_BY_ACTION),
        },
        add,
    ),
    Command(f"{DOMAIN}/people/update", Permission.PEOPLE, {**PERSON_FIELDS, **PERSON_ID}, update),
    Command(f"{DOMAIN}/people/remove", Permission.PEOPLE, PERSON_ID, remove),
    Command(
        f"{DOMAIN}/people/photos/enroll",
        Permission.PEOPLE,
        {**PERSON_ID, vol.Required("filename"): text, vol.Required("image"): str},
        enroll_photo,
    ),
    Command(
        f"{DOMAIN}/people/photos/remove",
        Permission.PEOPLE,
        {**PERSON_ID, vol.Optional("photo_id"): text},
        remove_photos,
    ),
    Command(
        f"{DOMAIN}/vehicles/add",
        Permission.PEOPLE,
        {
            vol.Required("plate"): text,
            vol.Required("owner_id"): text,
            vol.Optional("color", default="blue"): PLATE_COLOR,
            vol.Optional("parking_space"): vol.Any(None, text),
            vol.Optional("monthly_pass_from"): vol.Any(None, cv.date),
            vol.Optional("monthly_pass_until"): vol.Any(None, cv.date),
        },
        add_vehicle,
    ),
    Command(
        f"{DOMAIN}/vehicles/update",
        Permission.PEOPLE,
        {
            vol.Required("plate"): text,
            vol.Optional("color"): PLATE_COLOR,
            vol.Optional("parking_space"): vol.Any(None, text),
            vol.Optional("monthly_pass_from"): vol.Any(None, cv.date),
            vol.Optional("monthly_pass_until"): vol.Any(None, cv.date),
        },
        update_vehicle,
    ),
    Command(
        f"{DOMAIN}/vehicles/remove",
        Permission.PEOPLE,
        {vol.Required("plate"): text},
        remove_vehicle,
    ),
)
