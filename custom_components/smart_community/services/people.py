"""People, visitor passes and vehicles: thin handlers over the people feature."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.helpers import config_validation as cv

from ..features.people import ROLES_BY_ACTION, person_json
from .action import ENTRY_FIELD, runtime_of

_PERSON_FIELDS: dict[Any, Any] = {
    vol.Optional("name"): cv.string,
    vol.Optional("role"): vol.In(ROLES_BY_ACTION),
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
        **ENTRY_FIELD,
        vol.Required("person_id"): cv.string,
        **_PERSON_FIELDS,
        vol.Required("name"): cv.string,
        vol.Required("role"): vol.In(ROLES_BY_ACTION),
    }
)
UPDATE_PERSON_SCHEMA = vol.Schema(
    {**ENTRY_FIELD, vol.Required("person_id"): cv.string, **_PERSON_FIELDS}
)
REMOVE_PERSON_SCHEMA = vol.Schema({**ENTRY_FIELD, vol.Required("person_id"): cv.string})
VISITOR_PASS_SCHEMA = vol.Schema(
    {
        **ENTRY_FIELD,
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
        **ENTRY_FIELD,
        vol.Required("plate"): cv.string,
        vol.Required("owner_id"): cv.string,
        vol.Optional("color", default="blue"): cv.string,
        vol.Optional("parking_space"): cv.string,
        vol.Optional("monthly_pass_from"): cv.date,
        vol.Optional("monthly_pass_until"): cv.date,
    }
)


async def add_person(call: ServiceCall) -> ServiceResponse:
    """A new resident, family member, tenant, staff member or guard."""
    person = await runtime_of(call).people.async_add_person(call.data)
    return {"person": person_json(person)}


async def update_person(call: ServiceCall) -> ServiceResponse:
    """Change the fields given."""
    person = await runtime_of(call).people.async_update_person(call.data)
    return {"person": person_json(person)}


async def remove_person(call: ServiceCall) -> ServiceResponse:
    """Gone from the registry."""
    person_id = call.data["person_id"]
    await runtime_of(call).people.async_remove_person(person_id)
    return {"person_id": person_id, "removed": True}


async def issue_visitor_pass(call: ServiceCall) -> ServiceResponse:
    """A visitor pass (window, gates, plate)."""
    person = await runtime_of(call).people.async_issue_visitor_pass(call.data)
    return {"person": person_json(person)}


async def add_vehicle(call: ServiceCall) -> ServiceResponse:
    """A resident's car with its space and monthly pass."""
    vehicle = await runtime_of(call).people.async_add_vehicle(call.data)
    monthly = vehicle.monthly_pass
    return {
        "plate": vehicle.plate,
        "owner_id": vehicle.owner_id,
        "color": vehicle.color,
        "parking_space": vehicle.parking_space,
        "monthly_pass_until": monthly.valid_until.isoformat() if monthly else None,
    }
