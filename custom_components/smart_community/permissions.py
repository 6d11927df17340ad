"""Who may do what: managers (HA administrators) and guards (HA users of the ordinary group).

Read-only users may do nothing of the integration's. Actions check these before their handler
runs (services/), the console's commands before they answer, and the guards' phone answers
before a gate opens.
"""

from __future__ import annotations

from enum import StrEnum

from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.auth.models import User


class Permission(StrEnum):
    """Who may call an action."""

    ADMIN = "admin"  # property managers: HA administrators
    STAFF = "staff"  # guards too: HA users of the ordinary user group


def user_may(user: User, permission: Permission) -> bool:
    """Whether an (active) user holds ``permission``."""
    if not user.is_active:
        return False
    if user.is_admin:
        return True
    return permission is Permission.STAFF and any(
        group.id == GROUP_ID_USER for group in user.groups
    )
