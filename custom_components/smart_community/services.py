"""Actions (services) of the integration; every one takes the community's config entry."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.core import HomeAssistant, ServiceCall, ServiceResponse, SupportsResponse
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv

from .const import DOMAIN
from .hub import CommunityHub, loaded_hub
from .register_file import (
    async_export_register,
    async_import_register,
    config_file,
)

ATTR_CONFIG_ENTRY_ID = "config_entry_id"

IMPORT_REGISTER_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Required("file"): cv.string,
        vol.Optional("accept_good_rows", default=False): cv.boolean,
        vol.Optional("replace", default=False): cv.boolean,
    }
)
EXPORT_REGISTER_SCHEMA = vol.Schema(
    {
        vol.Required(ATTR_CONFIG_ENTRY_ID): cv.string,
        vol.Required("file"): cv.string,
        vol.Optional("police", default=False): cv.boolean,
    }
)


def hub_for(hass: HomeAssistant, call: ServiceCall) -> CommunityHub:
    """The loaded community a call names, or a translated error."""
    return loaded_hub(hass, call.data[ATTR_CONFIG_ENTRY_ID])


async def _import_register(call: ServiceCall) -> ServiceResponse:
    hass = call.hass
    hub = hub_for(hass, call)
    source = config_file(hass, call.data["file"])
    summary: dict[str, Any] = await async_import_register(
        hass,
        hub,
        source,
        accept_good_rows=call.data["accept_good_rows"],
        replace=call.data["replace"],
    )
    if not summary["applied"] and not call.return_response:
        first = summary["problems"][0]
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="register_has_problems",
            translation_placeholders={
                "count": str(len(summary["problems"])),
                "first": f"row {first['row']}, column {first['column']}: {first['reason']}",
            },
        )
    return summary if call.return_response else None


async def _export_register(call: ServiceCall) -> ServiceResponse:
    hass = call.hass
    hub = hub_for(hass, call)
    target = config_file(hass, call.data["file"])
    if target.suffix.casefold() not in (".csv", ".xlsx"):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="export_format",
            translation_placeholders={"path": call.data["file"]},
        )
    rows = await async_export_register(hass, hub, target, police=call.data["police"])
    return {"file": str(target), "rows": rows}


def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions once."""
    hass.services.async_register(
        DOMAIN,
        "import_register",
        _import_register,
        schema=IMPORT_REGISTER_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
    hass.services.async_register(
        DOMAIN,
        "export_register",
        _export_register,
        schema=EXPORT_REGISTER_SCHEMA,
        supports_response=SupportsResponse.OPTIONAL,
    )
