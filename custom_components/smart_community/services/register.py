"""import_register, export_register: the 一机一档 file in and out of the community."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv

from ..const import DOMAIN
from ..features.files import export_target, source_file
from .action import ENTRY_FIELD, runtime_of

REGISTER_FORMATS = (".csv", ".xlsx")

IMPORT_REGISTER_SCHEMA = vol.Schema(
    {
        **ENTRY_FIELD,
        vol.Required("file"): cv.string,
        vol.Optional("accept_good_rows", default=False): cv.boolean,
        vol.Optional("replace", default=False): cv.boolean,
    }
)
EXPORT_REGISTER_SCHEMA = vol.Schema(
    {
        **ENTRY_FIELD,
        vol.Required("file"): cv.string,
        vol.Optional("police", default=False): cv.boolean,
    }
)


async def import_register(call: ServiceCall) -> ServiceResponse:
    """Merge a register file into the community's (and reload it)."""
    runtime = runtime_of(call)
    source = source_file(call.hass, call.data["file"])
    summary: dict[str, Any] = await runtime.register.async_import(
        source, accept_good_rows=call.data["accept_good_rows"], replace=call.data["replace"]
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


async def export_register(call: ServiceCall) -> ServiceResponse:
    """Write the register (or the police export) to a file."""
    runtime = runtime_of(call)
    target = export_target(call.hass, call.data["file"], REGISTER_FORMATS)
    rows = await runtime.register.async_export(target, police=call.data["police"])
    return {"file": str(target), "rows": rows}
