"""import_register, export_register: the 一机一档 file in and out of the community."""

from __future__ import annotations

from typing import Any

import voluptuous as vol
from homeassistant.core import ServiceCall, ServiceResponse
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv

from ..const import CONF_PUSH_SECRET, DOMAIN
from ..core.credentials import device_password
from ..core.devices import DeviceKind, Transport
from ..core.site import RegisteredDevice
from ..features.files import export_target, source_file
from ..features.registration_view import REGISTRATION_PATH
from ..transports.isapi import ISAPI_PATH
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


DEVICE_CREDENTIALS_SCHEMA = vol.Schema({**ENTRY_FIELD, vol.Optional("device"): cv.string})
PUSH_TRANSPORTS = (Transport.GAT1400, Transport.ISAPI)
GAT1400_RECEIVER = "/VIID/System/Register (User-Identify = the device code)"


PUSHING_KINDS = frozenset({DeviceKind.GATEWAY, DeviceKind.COLLECTION_TERMINAL})


def receiver_of(device: RegisteredDevice) -> str:
    """Where the installer points the device (the path on HA's address)."""
    if device.kind is DeviceKind.COLLECTION_TERMINAL:  # 人证核验 registrations
        return REGISTRATION_PATH.format(target=device.code)
    if device.transport is Transport.ISAPI:
        return ISAPI_PATH.format(target=device.code)
    if device.transport is Transport.GAT1400:
        return GAT1400_RECEIVER
    return f"gateway: {GAT1400_RECEIVER} or {ISAPI_PATH.format(target=device.code)}"


async def device_credentials(call: ServiceCall) -> ServiceResponse:
    """Each push device's digest user and password, for the installer (audited)."""
    runtime = runtime_of(call)
    wanted = call.data.get("device")
    secret = bytes.fromhex(str(runtime.hub.entry.data.get(CONF_PUSH_SECRET, "")))
    devices = [
        device
        for device in runtime.site
        if (device.transport in PUSH_TRANSPORTS or device.kind in PUSHING_KINDS)
        and (wanted is None or device.code == wanted)
    ]
    if wanted is not None and not devices:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_device",
            translation_placeholders={"device": wanted},
        )
    await runtime.audit.async_record(
        call.context.user_id, "device_credentials", {"device": wanted or "all"}
    )
    return {
        "devices": [
            {
                "device": device.code,
                "name": device.name,
                "transport": device.transport.value,
                "username": device.code,
                "password": device_password(secret, device.code),
                "receiver": receiver_of(device),
            }
            for device in devices
        ]
    }
