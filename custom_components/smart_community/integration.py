"""Home Assistant's entry points of the integration (``__init__`` hands them to HA).

``async_setup`` registers what exists once per HA run (actions, the devices' push
receivers, the staff notification answers); ``async_setup_entry`` builds one community's
runtime, forwards the platforms and lets the devices talk.
"""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .const import CONF_PUSH_SECRET, DOMAIN
from .core.codes import division
from .core.credentials import new_secret
from .features.registration_view import async_register_registration_view
from .features.staff_alerts import EVENT_MOBILE_ACTION, async_answer
from .issues import async_remove_community_issues
from .panel import async_register_panel, async_remove_panel
from .runtime import (
    SmartCommunityConfigEntry,
    async_setup_runtime,
    async_start_transports,
    find_device,
)
from .services import async_setup_services
from .transports import async_register_views
from .views import async_register_console_views
from .websocket import async_setup_websocket

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.CAMERA,
    Platform.COVER,
    Platform.EVENT,
    Platform.LOCK,
    Platform.NOTIFY,
    Platform.SENSOR,
    Platform.TODO,
]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)

# Imported in HA's executor: read the tables the event loop will use from disk now.
division.preload()


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Actions, push receivers, the answers from the guards' phones and the console (its
    websocket commands, picture views and sidebar panel), once per HA run."""
    async_setup_services(hass)
    async_register_views(hass)
    async_register_registration_view(hass)
    async_setup_websocket(hass)
    async_register_console_views(hass)
    await async_register_panel(hass)

    async def answered(event: Event) -> None:
        await async_answer(hass, event, lambda code: find_device(hass, code))

    hass.bus.async_listen(EVENT_MOBILE_ACTION, answered)
    return True


async def async_migrate_entry(hass: HomeAssistant, entry: SmartCommunityConfigEntry) -> bool:
    """1.1 → 1.2: a community created before devices had to authenticate gets its secret."""
    if entry.version > 1:
        return False  # a newer release's entry: refuse rather than guess
    if entry.minor_version < 2:
        hass.config_entries.async_update_entry(
            entry, data={**entry.data, CONF_PUSH_SECRET: new_secret().hex()}, minor_version=2
        )
    return True


async def async_setup_entry(hass: HomeAssistant, entry: SmartCommunityConfigEntry) -> bool:
    """Build the community, add its entities, start its transports."""
    entry.runtime_data = await async_setup_runtime(hass, entry)
    await async_register_panel(hass)  # again after the last community unloaded
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    await async_start_transports(entry.runtime_data)
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))
    return True


async def _async_options_updated(hass: HomeAssistant, entry: SmartCommunityConfigEntry) -> None:
    """Options change transports and stores: reload the entry."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: SmartCommunityConfigEntry) -> bool:
    """Unload the platforms; what the runtime started stops through ``async_on_unload``.
    The console leaves the sidebar with the last community."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    others = [e for e in hass.config_entries.async_loaded_entries(DOMAIN) if e is not entry]
    if unloaded and not others:
        async_remove_panel(hass)
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: SmartCommunityConfigEntry) -> None:
    """Repair issues of a removed community go with it."""
    async_remove_community_issues(hass, entry.entry_id)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: SmartCommunityConfigEntry, device_entry: dr.DeviceEntry
) -> bool:
    """A register device is removed by removing it from the register, not from the UI."""
    hub = entry.runtime_data.hub
    return not any(
        domain == DOMAIN and (code in hub.devices or code == hub.community_code)
        for domain, code in device_entry.identifiers
    )
