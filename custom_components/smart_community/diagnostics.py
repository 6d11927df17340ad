"""Diagnostics: the community, its register and live device states, PII redacted."""

from __future__ import annotations

from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.core import HomeAssistant

from .const import (
    CONF_DOCKING_PASSWORD,
    CONF_DOCKING_URL,
    CONF_NOTIFY_TARGETS,
    CONF_PUSH_PASSWORD,
    CONF_PUSH_SECRET,
    CONF_PUSH_USERNAME,
    CONF_RECORDS_URL,
)
from .core.urls import redact
from .features.docking import url_without_credentials
from .runtime import SmartCommunityConfigEntry

# Phone numbers of the register, credentials in URLs, people's names and ids on events.
TO_REDACT = {
    "management_phone",
    "maintenance_phone",
    CONF_RECORDS_URL,
    CONF_NOTIFY_TARGETS,
    CONF_PUSH_PASSWORD,
    CONF_DOCKING_PASSWORD,
    "password",
    "username",
    "person_id",
    "person_name",
    "id_number",
    "plate",
    "card",
    "card_no",
    "cards",
    "watch_reason",
    "mobile",
    "emergency_contact_mobile",
    "emergency_contact_name",
    CONF_PUSH_SECRET,
    CONF_PUSH_USERNAME,
}


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SmartCommunityConfigEntry
) -> dict[str, Any]:
    """What support needs to see, nothing that identifies a resident or a phone."""
    runtime = entry.runtime_data
    hub = runtime.hub
    devices = []
    for device in hub.devices.values():
        state = hub.state_of(device.code)
        last_events = {
            kind.value: {
                key: value for key, value in event.to_json().items() if key not in ("images",)
            }
            for kind, event in state.last_event.items()
        }
        register = {key: _jsonable(value) for key, value in device.row.as_dict().items()}
        register["stream_url"] = redact(device.row.stream_url)  # RTSP URLs carry passwords
        devices.append(
            {
                "register": register,
                "state": {key.value: _jsonable(value) for key, value in state.values.items()},
                "last_seen": _jsonable(state.last_seen),
                "last_events": last_events,
            }
        )
    options = dict(entry.options)
    if options.get(CONF_DOCKING_URL):
        options[CONF_DOCKING_URL] = url_without_credentials(str(options[CONF_DOCKING_URL]))
    return async_redact_data(
        {
            "entry": {"data": dict(entry.data), "options": options},
            "docking": runtime.docking.diagnostics() if runtime.docking else None,
            "transports": sorted(transport.value for transport in hub.transports),
            "events_processed": hub.events_processed,
            "events_rejected": hub.events_rejected,
            "people": {
                **runtime.people.counts(),
                "inside": len(runtime.access.inside),
                "parking_spaces": runtime.parking.lot.spaces,
                "parking_occupied": runtime.parking.lot.occupied,
            },
            "records": runtime.records.counts(),
            "recognition": runtime.recognition.counts() if runtime.recognition else None,
            "falling_objects": runtime.falling.diagnostics(),
            "recognition_models": {
                "state": runtime.models.status.state.value,
                "missing": list(runtime.models.status.missing),
                "error": runtime.models.status.error,
            },
            "terminals": runtime.terminals.diagnostics(),
            "devices": devices,
        },
        TO_REDACT,
    )
