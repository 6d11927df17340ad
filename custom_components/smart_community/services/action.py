"""What an action is: name, handler, schema, response and who may call it.

HA checks permissions for entity services only; every action of this integration checks
who calls it here, before its handler runs. Managers are HA administrators; guards are HA
users of the ordinary user group; read-only users may call none. Calls without a user
(automations, scripts, blueprints) run with the integration's trust, like HA's own admin
services.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import voluptuous as vol
from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.auth.models import User
from homeassistant.auth.permissions.const import POLICY_CONTROL
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import Unauthorized, UnknownUser
from homeassistant.helpers import config_validation as cv

from ..runtime import CommunityRuntime, loaded_runtime

ATTR_CONFIG_ENTRY_ID = "config_entry_id"
ENTRY_FIELD: dict[Any, Any] = {vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string}


class Permission(StrEnum):
    """Who may call an action."""

    ADMIN = "admin"  # property managers: HA administrators
    STAFF = "staff"  # guards too: HA users of the ordinary user group


type Handler = Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]


@dataclass(frozen=True, slots=True)
class Action:
    """One row of the action table."""

    name: str
    handler: Handler
    schema: vol.Schema
    permission: Permission
    response: SupportsResponse = SupportsResponse.OPTIONAL


def user_may(user: User, permission: Permission) -> bool:
    """Whether an (active) user holds ``permission``."""
    if not user.is_active:
        return False
    if user.is_admin:
        return True
    return permission is Permission.STAFF and any(
        group.id == GROUP_ID_USER for group in user.groups
    )


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
    if not user_may(user, permission):
        raise Unauthorized(context=call.context, permission=POLICY_CONTROL)


async def async_is_admin(hass: HomeAssistant, user_id: str | None) -> bool:
    """Whether a person who is an active administrator made the call."""
    if user_id is None:
        return False
    user = await hass.auth.async_get_user(user_id)
    return user is not None and user.is_active and user.is_admin


def runtime_of(call: ServiceCall) -> CommunityRuntime:
    """The loaded community the call names, or a translated error."""
    return loaded_runtime(call.hass, call.data[ATTR_CONFIG_ENTRY_ID])
