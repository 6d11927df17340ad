"""What an action is: name, handler, schema, response and who may call it.

HA checks permissions for entity services only; every action of this integration checks
who calls it here (the role model of ``permissions.py``: admin, manager, guard), before its
handler runs. Calls without a user (automations, scripts, blueprints) run with the
integration's trust, like HA's own admin services; unmasked record exports still need an
administrator in person.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import voluptuous as vol
from homeassistant.auth.permissions.const import POLICY_CONTROL
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import Unauthorized, UnknownUser
from homeassistant.helpers import config_validation as cv

from ..permissions import Permission, user_may
from ..runtime import CommunityRuntime, loaded_runtime

ATTR_CONFIG_ENTRY_ID = "config_entry_id"
ENTRY_FIELD: dict[Any, Any] = {vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string}


type Handler = Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]


@dataclass(frozen=True, slots=True)
class Action:
    """One row of the action table."""

    name: str
    handler: Handler
    schema: vol.Schema
    permission: Permission
    response: SupportsResponse = SupportsResponse.OPTIONAL


async def async_check_permission(
    hass: HomeAssistant, call: ServiceCall, permission: Permission
) -> None:
    """Raise ``Unauthorized`` unless the caller may; calls without a user are automations."""
    user_id = call.context.user_id
    if user_id is None:
        return
    user = await hass.auth.async_get_user(user_id)
    if user is None:
        raise UnknownUser(context=call.context)
    if not user_may(hass, user, permission, call.data.get(ATTR_CONFIG_ENTRY_ID)):
        raise Unauthorized(context=call.context, permission=POLICY_CONTROL)


async def async_user_may(
    hass: HomeAssistant, user_id: str | None, permission: Permission, entry_id: str | None
) -> bool:
    """Whether a person (not an automation) holding ``permission`` made the call."""
    if user_id is None:
        return False
    user = await hass.auth.async_get_user(user_id)
    return user is not None and user_may(hass, user, permission, entry_id)


def runtime_of(call: ServiceCall) -> CommunityRuntime:
    """The loaded community the call names, or a translated error."""
    return loaded_runtime(call.hass, call.data[ATTR_CONFIG_ENTRY_ID])
