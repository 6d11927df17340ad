"""What an action is, and who may do what: one role model for the actions and the console.

HA checks permissions for entity services only; every action of this integration and every
console (websocket) command checks here who calls it, before its handler runs.

Roles, per community (config entry):

* **admin** — an active HA administrator: every permission;
* **manager** — an active HA user listed as a manager in the community's options
  (*Configure → Property managers*): the daily work of the property office;
* **guard** — any other active user of HA's ordinary user group: the gates, the live feed,
  alarms, visitors and letting a car in or out by hand;
* read-only users (HA's read-only group) and inactive users have no role and may do nothing.

Calls without a user (automations, scripts, blueprints) run with the integration's trust,
like HA's own admin services; unmasked record exports still need an administrator in person.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Coroutine, Mapping
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

from ..const import CONF_MANAGERS, DOMAIN
from ..runtime import CommunityRuntime, loaded_runtime

ATTR_CONFIG_ENTRY_ID = "config_entry_id"
ENTRY_FIELD: dict[Any, Any] = {vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string}


class Permission(StrEnum):
    """What a role may do (the console's contract uses the same names: frontend/API.md)."""

    LIVE = "live"  # the live feed, one record, the site plan
    GATES_OPEN = "gates.open"
    ALARMS_ACKNOWLEDGE = "alarms.acknowledge"  # and alerting the staff on duty
    VISITORS = "visitors"  # visitor passes (and finding their hosts)
    PARKING_GATE = "parking.gate"  # letting a car in or out by hand, settling its fee
    PEOPLE = "people"  # residents, family, tenants, staff, their faces and vehicles
    RECORDS = "records"  # search, export (masked), search by face, retention
    RECORDS_EXPORT_FULL = "records.export_full"  # unmasked exports
    TRAJECTORY = "trajectory"
    STRANGERS = "strangers"  # face clusters: name, merge, correct, watch
    PARKING = "parking"  # the car park's sessions and fees owed
    DEVICES = "devices"  # the register, its exports, compliance
    DEVICES_IMPORT = "devices.import"  # changing the register


class Role(StrEnum):
    """A user's role in one community."""

    ADMIN = "admin"
    MANAGER = "manager"
    GUARD = "guard"


_GUARD = frozenset(
    {
        Permission.LIVE,
        Permission.GATES_OPEN,
        Permission.ALARMS_ACKNOWLEDGE,
        Permission.VISITORS,
        Permission.PARKING_GATE,
    }
)
_MANAGER = _GUARD | {
    Permission.PEOPLE,
    Permission.RECORDS,
    Permission.TRAJECTORY,
    Permission.STRANGERS,
    Permission.PARKING,
    Permission.DEVICES,
}
ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.GUARD: _GUARD,
    Role.MANAGER: _MANAGER,
    Role.ADMIN: frozenset(Permission),
}
_RANK = {Role.GUARD: 0, Role.MANAGER: 1, Role.ADMIN: 2}


type Handler = Callable[[ServiceCall], Coroutine[Any, Any, ServiceResponse]]


@dataclass(frozen=True, slots=True)
class Action:
    """One row of the action table."""

    name: str
    handler: Handler
    schema: vol.Schema
    permission: Permission
    response: SupportsResponse = SupportsResponse.OPTIONAL


def user_role(user: User, managers: Collection[str] = ()) -> Role | None:
    """The user's role in a community whose options list ``managers`` (user ids)."""
    if not user.is_active:
        return None
    if user.is_admin:
        return Role.ADMIN
    if user.id in managers:
        return Role.MANAGER
    if any(group.id == GROUP_ID_USER for group in user.groups):
        return Role.GUARD
    return None  # read-only users


def highest_role(roles: Collection[Role | None]) -> Role | None:
    """The strongest of several roles (a user's role across communities)."""
    present = [role for role in roles if role is not None]
    return max(present, key=_RANK.__getitem__) if present else None


def role_may(role: Role | None, permission: Permission) -> bool:
    """Whether a role holds a permission."""
    return role is not None and permission in ROLE_PERMISSIONS[role]


def community_managers(hass: HomeAssistant, entry_id: str | None) -> frozenset[str]:
    """The user ids a community's options list as property managers."""
    entry = hass.config_entries.async_get_entry(entry_id) if entry_id else None
    if entry is None or entry.domain != DOMAIN:
        return frozenset()
    return frozenset(str(user_id) for user_id in entry.options.get(CONF_MANAGERS, ()))


def user_may(hass: HomeAssistant, user: User, permission: Permission, entry_id: str | None) -> bool:
    """Whether ``user`` holds ``permission`` in the community ``entry_id``."""
    return role_may(user_role(user, community_managers(hass, entry_id)), permission)


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
