"""Covers: vehicle barriers (gate device class); never closes onto a present vehicle."""

from __future__ import annotations

from typing import Any

from homeassistant.components.cover import (
    CoverDeviceClass,
    CoverEntity,
    CoverEntityDescription,
    CoverEntityFeature,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .core.devices import DeviceKind
from .core.state import StateKey
from .entity import (
    SmartCommunityEntity,
    SmartCommunityEntityDescription,
    device_entities,
)
from .runtime import SmartCommunityConfigEntry

PARALLEL_UPDATES = 0


class CommunityCoverDescription(SmartCommunityEntityDescription, CoverEntityDescription):
    """Cover description."""


DESCRIPTIONS = (
    CommunityCoverDescription(
        key="barrier",
        name=None,
        device_class=CoverDeviceClass.GATE,
        kinds=frozenset({DeviceKind.BARRIER}),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SmartCommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """A gate cover per barrier."""
    async_add_entities(device_entities(entry.runtime_data, CommunityBarrier, DESCRIPTIONS))


class CommunityBarrier(SmartCommunityEntity, CoverEntity):
    """A barrier arm; its lane's vehicle detector vetoes closing."""

    entity_description: CommunityCoverDescription

    _attr_supported_features = (
        CoverEntityFeature.OPEN | CoverEntityFeature.CLOSE | CoverEntityFeature.STOP
    )

    _last_command: str | None = None

    @property
    def _position(self) -> str | None:
        value = self.device_state.get(StateKey.BARRIER)
        return str(value) if value is not None else None

    @property
    def is_closed(self) -> bool | None:
        """Closed when the arm is down."""
        position = self._position
        return None if position is None else position == "closed"

    @property
    def is_opening(self) -> bool:
        """Arm going up."""
        return self._position == "opening" or (
            self._position == "moving" and self._last_command == "open"
        )

    @property
    def is_closing(self) -> bool:
        """Arm going down."""
        return self._position == "closing" or (
            self._position == "moving" and self._last_command == "close"
        )

    async def async_open_cover(self, **kwargs: Any) -> None:
        """Raise the arm."""
        await self.hub.async_command(self.device.code, "open")
        self._last_command = "open"

    async def async_close_cover(self, **kwargs: Any) -> None:
        """Lower the arm, unless a vehicle is on the lane's detector."""
        if self.hub.vehicle_present_at(self.device):
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="vehicle_present",
                translation_placeholders={"device": self.device.name},
            )
        await self.hub.async_command(self.device.code, "close")
        self._last_command = "close"

    async def async_stop_cover(self, **kwargs: Any) -> None:
        """Stop the arm where it is."""
        await self.hub.async_command(self.device.code, "stop")
