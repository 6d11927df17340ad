"""Smart Safe Community (智慧平安小区) for Home Assistant."""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.typing import ConfigType

from .compliance import async_setup_compliance, async_setup_compliance_services
from .const import DOMAIN
from .docking import async_setup_docking
from .hub import CommunityHub, SmartCommunityConfigEntry
from .issues import async_remove_community_issues
from .notifications import async_setup_notifications
from .people import async_setup_people, async_setup_people_services
from .recognition import async_setup_recognition, async_setup_recognition_services
from .records import async_setup_records, async_setup_records_services
from .register_file import async_load_register
from .services import async_setup_services
from .transports import async_start_transports
from .transports.http_push import async_register_push_views

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


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Services are registered once, for every community."""
    async_setup_services(hass)
    async_register_push_views(hass)
    async_setup_recognition_services(hass)
    async_setup_notifications(hass)
    async_setup_compliance_services(hass)
    async_setup_people_services(hass)
    async_setup_records_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: SmartCommunityConfigEntry) -> bool:
    """Load the register, create devices and entities, start the transports."""
    hub = CommunityHub(hass, entry)
    rows = await async_load_register(hass, hub)
    hub.set_register(rows)
    entry.runtime_data = hub
    await async_setup_records(hass, hub)
    await async_setup_people(hass, hub)
    await async_setup_recognition(hass, hub)
    await async_setup_docking(hass, hub)
    await async_setup_compliance(hass, hub)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    await async_start_transports(hass, hub)
    entry.async_on_unload(entry.add_update_listener(_async_options_updated))
    return True


async def _async_options_updated(hass: HomeAssistant, entry: SmartCommunityConfigEntry) -> None:
    """Options change transports and stores: reload the entry."""
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: SmartCommunityConfigEntry) -> bool:
    """Stop transports (via entry.async_on_unload) and unload the platforms."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: SmartCommunityConfigEntry) -> None:
    """Repair issues of a removed community go with it."""
    async_remove_community_issues(hass, entry.entry_id)


async def async_remove_config_entry_device(
    hass: HomeAssistant, entry: SmartCommunityConfigEntry, device_entry: dr.DeviceEntry
) -> bool:
    """A register device is removed by removing it from the register, not from the UI."""
    hub: CommunityHub = entry.runtime_data
    identifiers = device_entry.identifiers
    return not any(
        domain == DOMAIN and (code in hub.devices or code == hub.community_code)
        for domain, code in identifiers
    )
