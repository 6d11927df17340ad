"""notify_staff: a notification with actions to the guards' phones."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.helpers import config_validation as cv

from ..features.records import is_media_path
from ..features.staff_alerts import ID_PATTERN, PREFIXES, async_notify_staff
from .action import ENTRY_FIELD, runtime_of

_ACTION_SCHEMA = vol.All(
    vol.Schema(
        {
            vol.Required("action"): vol.In(list(PREFIXES)),
            # templates render a 20-digit code as a number
            vol.Optional("device"): vol.All(cv.string, vol.Match(r"^\d{20}$")),
            vol.Optional("id"): vol.All(cv.string, vol.Match(f"^{ID_PATTERN}$")),
            vol.Optional("title"): cv.string,
        }
    ),
    cv.has_at_least_one_key("device", "id"),
)


def _evidence_path(value: Any) -> str:
    """Only the integration's own evidence files are signed and linked ("" = none)."""
    if value is None or value == "":
        return ""
    path: str = cv.string(value)
    if not is_media_path(path):
        raise vol.Invalid("not an evidence file of the records (/api/smart_community/media/…)")
    return path


NOTIFY_STAFF_SCHEMA = vol.Schema(
    {
        **ENTRY_FIELD,
        vol.Required("message"): cv.string,
        vol.Optional("title"): cv.string,
        # blueprints pass "" when no camera fits
        vol.Optional("camera"): vol.Any(None, "", cv.entity_domain("camera")),
        # evidence of the records (a throw's keyframe_url / clip_url); "" when there is none
        vol.Optional("image"): _evidence_path,
        vol.Optional("clip"): _evidence_path,
        vol.Optional("actions", default=list): vol.All(cv.ensure_list, [_ACTION_SCHEMA]),
        vol.Optional("tag"): cv.string,
        vol.Optional("url"): cv.string,
        vol.Optional("targets", default=list): vol.All(cv.ensure_list, [cv.string]),
        vol.Optional("critical", default=False): cv.boolean,
    }
)


async def notify_staff(call: ServiceCall) -> ServiceResponse:
    """Send to the community's staff phones."""
    runtime = runtime_of(call)
    return await async_notify_staff(
        call.hass, runtime.hub.entry.options, dict(call.data), call.context
    )
