"""open_parking_session, close_parking_session: a guard lets a car by."""

from __future__ import annotations

import voluptuous as vol
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.helpers import config_validation as cv

from ..core.parking.codec import session_to_json
from ..core.people import RegistryError, validate_plate
from ..core.people.plate import compact_plate
from ..features.people import as_local, registry_error
from .action import ENTRY_FIELD, runtime_of

PARKING_SESSION_SCHEMA = vol.Schema(
    {
        **ENTRY_FIELD,
        vol.Required("plate"): cv.string,
        vol.Optional("time"): cv.datetime,
        vol.Optional("gate"): cv.string,
        vol.Optional("free", default=False): cv.boolean,
        vol.Optional("paid", default=True): cv.boolean,
    }
)


async def open_parking_session(call: ServiceCall) -> ServiceResponse:
    """A car let in by hand."""
    parking = runtime_of(call).parking
    try:
        plate = validate_plate(call.data["plate"])
    except RegistryError as err:
        raise registry_error(err) from err
    session = parking.open_session(
        plate, as_local(call.data.get("time")), call.data.get("gate"), free=call.data["free"]
    )
    return {**session_to_json(session), "free_spaces": parking.lot.free_spaces}


async def close_parking_session(call: ServiceCall) -> ServiceResponse:
    """A car let out by hand, paid or owing."""
    parking = runtime_of(call).parking
    plate = compact_plate(call.data["plate"])
    user_id = call.context.user_id
    user = await call.hass.auth.async_get_user(user_id) if user_id else None
    closed = parking.close_session(
        plate,
        as_local(call.data.get("time")),
        call.data.get("gate"),
        paid=call.data["paid"],
        settled_by=user.name if user else None,
    )
    return {"plate": plate, **closed, "free_spaces": parking.lot.free_spaces}
