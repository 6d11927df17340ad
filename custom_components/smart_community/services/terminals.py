"""Access terminals (门禁授权): resync on demand, and 人证核验 registrations into the registry."""

from __future__ import annotations

from typing import Any, cast

import voluptuous as vol
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.helpers import config_validation as cv
from homeassistant.util.json import JsonValueType

from ..features.people import ROLES_BY_ACTION, person_json
from .action import ENTRY_FIELD, runtime_of

RESYNC_SCHEMA = vol.Schema({**ENTRY_FIELD, vol.Optional("device_code"): cv.string})
_REGISTRATION: dict[Any, Any] = {**ENTRY_FIELD, vol.Required("registration_id"): cv.string}
CONFIRM_REGISTRATION_SCHEMA = vol.Schema(
    {
        **_REGISTRATION,
        vol.Required("role"): vol.In(ROLES_BY_ACTION),
        vol.Optional("person_id"): cv.string,
        vol.Optional("mobile"): cv.string,
        vol.Optional("building"): cv.string,
        vol.Optional("unit"): cv.string,
        vol.Optional("room"): cv.string,
        vol.Optional("cards"): vol.All(cv.ensure_list, [cv.string]),
        vol.Optional("move_in"): cv.date,
        vol.Optional("move_out"): vol.Any(None, cv.date),
    }
)
REJECT_REGISTRATION_SCHEMA = vol.Schema(_REGISTRATION)


async def resync_terminals(call: ServiceCall) -> ServiceResponse:
    """Read one terminal (or all) back and put right what differs; refused items retried."""
    statuses = await runtime_of(call).terminals.async_resync(call.data.get("device_code"))
    return {"terminals": cast(list[JsonValueType], statuses)}


async def confirm_registration(call: ServiceCall) -> ServiceResponse:
    """A verified registration becomes a person of the registry."""
    fields = {key: value for key, value in call.data.items() if key != "config_entry_id"}
    person = await runtime_of(call).terminals.async_confirm_registration(
        call.data["registration_id"], fields
    )
    return {"person": person_json(person)}


async def reject_registration(call: ServiceCall) -> ServiceResponse:
    """A registration turned down: deleted with its photos."""
    registration_id = call.data["registration_id"]
    await runtime_of(call).terminals.async_reject_registration(registration_id)
    return {"registration_id": registration_id, "rejected": True}
