"""Access terminals (门禁授权): resync on demand, people's photos for the terminals, and
人证核验 registrations into the registry."""

from __future__ import annotations

from typing import Any, cast

import voluptuous as vol
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.util.json import JsonValueType

from ..const import DOMAIN
from ..features.files import source_file
from ..features.people import ROLES_BY_ACTION, person_json
from .action import ENTRY_FIELD, runtime_of

MAX_PHOTO_BYTES = 10 * 1024 * 1024

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
PERSON_PHOTO_SCHEMA = vol.Schema(
    {
        **ENTRY_FIELD,
        vol.Required("person_id"): cv.string,
        vol.Required("file"): cv.string,
        vol.Optional("replace", default=False): cv.boolean,
    }
)


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


async def add_person_photo(call: ServiceCall) -> ServiceResponse:
    """A photo from the config folder becomes the person's face on their access terminals."""
    path = source_file(call.hass, call.data["file"])

    def read() -> bytes | None:
        try:
            if path.stat().st_size > MAX_PHOTO_BYTES:
                return None
            return path.read_bytes()
        except OSError:
            return None

    data = await call.hass.async_add_executor_job(read)
    if data is None:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="photo_unreadable",
            translation_placeholders={"path": call.data["file"]},
        )
    person_id = call.data["person_id"]
    ref = await runtime_of(call).terminals.async_add_photo(
        person_id, data, replace=call.data["replace"]
    )
    return {"person_id": person_id, "photo": ref}
