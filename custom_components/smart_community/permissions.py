"""Who may do what: one role model for the actions, the console, the media and the phones.

HA checks permissions for entity services only; every action of this integration
(``services/action.py``), every console (websocket) command, the evidence media and the
guards' notification answers check here who asks.

Roles, per community (config entry):

* **admin** — an active HA administrator: every permission;
* **manager** — an active HA user listed as a manager in the community's options
  (*Configure → Property managers*): the daily work of the property office;
* **guard** — any other active user of HA's ordinary user group: the gates, the live feed,
  alarms, visitors and letting a car in or out by hand;
* read-only users (HA's read-only group) and inactive users have no role and may do nothing.

Calls without a user (automations, scripts, blueprints) run with the integration's trust,
like HA's own admin services; unmasked record exports and device credentials still need an
administrator in person.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum

from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant

from .const import CONF_MANAGERS, DOMAIN


class Permission(StrEnum):
    """What a role may do (the console's contract uses the same names: frontend/API.md)."""

    LIVE = "live"  # the live feed, one record, the site plan, evidence media
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
    DEVICES = "devices"  # the register, its exports, compliance, the terminals' sync
    DEVICES_IMPORT = "devices.import"  # changing the register
    DEVICES_CREDENTIALS = "devices.credentials"  # the devices' push passwords


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
