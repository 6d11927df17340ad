"""Base entity: one HA device per register row, updated by the hub's dispatcher signal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity, EntityDescription

from .const import DOMAIN, signal_device_update
from .core.devices import DeviceKind
from .core.events import DeviceEvent
from .core.state import DeviceState

if TYPE_CHECKING:
    from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

    from .hub import CommunityHub, RegisteredDevice, SmartCommunityConfigEntry


def device_info(hub: CommunityHub, device: RegisteredDevice) -> DeviceInfo:
    """Device registry entry: identifiers = the 20-digit GB/T 28181 code."""
    return DeviceInfo(
        identifiers={(DOMAIN, device.code)},
        name=device.name,
        manufacturer=device.manufacturer,
        model=device.model,
        serial_number=device.code,
        suggested_area=device.area,
        via_device=(DOMAIN, hub.community_code),
    )


@dataclass(frozen=True, kw_only=True)
class SmartCommunityEntityDescription(EntityDescription):
    """Which device kinds get this entity."""

    kinds: frozenset[DeviceKind]


class SmartCommunityEntity(Entity):
    """Push-updated entity of one register device."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    entity_description: SmartCommunityEntityDescription

    def __init__(
        self,
        hub: CommunityHub,
        device: RegisteredDevice,
        description: SmartCommunityEntityDescription,
    ) -> None:
        """Bind the entity to its device and description."""
        self.hub = hub
        self.device = device
        self.entity_description = description
        self._attr_unique_id = f"{device.code}_{description.key}"
        self._attr_device_info = device_info(hub, device)

    @property
    def device_state(self) -> DeviceState:
        """The device's live state (created on first use)."""
        return self.hub.state_of(self.device.code)

    @property
    def available(self) -> bool:
        """Unavailable only after the device said it is offline (last will)."""
        return self.device_state.online is not False

    async def async_added_to_hass(self) -> None:
        """Follow the device's updates."""
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                signal_device_update(self.hub.entry_id, self.device.code),
                self._handle_device_update,
            )
        )

    @callback
    def _handle_device_update(self, event: DeviceEvent | None) -> None:
        """New state or a new event of this device (event entities override this)."""
        self.async_write_ha_state()


def add_described_entities[D: SmartCommunityEntityDescription](
    entry: SmartCommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
    entity_class: Callable[[CommunityHub, RegisteredDevice, D], Entity],
    descriptions: Iterable[D],
    platform: str,
) -> None:
    """A platform's set-up: one entity per description that applies to each device."""
    hub = entry.runtime_data
    described = tuple(descriptions)
    hub.add_entities_for_platform(
        async_add_entities,
        lambda device: [
            entity_class(hub, device, description)
            for description in described
            if device.kind in description.kinds
        ],
        platform=platform,
    )
