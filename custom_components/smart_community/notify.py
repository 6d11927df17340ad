"""Notify entities: the plate kit's LED display and its voice broadcast."""

from __future__ import annotations

from homeassistant.components.notify import NotifyEntity, NotifyEntityDescription
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .core.devices import DeviceKind
from .entity import (
    SmartCommunityEntity,
    SmartCommunityEntityDescription,
    device_entities,
)
from .runtime import SmartCommunityConfigEntry

PARALLEL_UPDATES = 0


class CommunityNotifyDescription(SmartCommunityEntityDescription, NotifyEntityDescription):
    """Which plate-kit output this entity drives (the command name)."""


DESCRIPTIONS = (
    CommunityNotifyDescription(
        key="display",
        translation_key="display",
        kinds=frozenset({DeviceKind.PLATE_CAMERA}),
    ),
    CommunityNotifyDescription(
        key="voice",
        translation_key="voice",
        kinds=frozenset({DeviceKind.PLATE_CAMERA}),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SmartCommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Display and voice per plate kit."""
    async_add_entities(device_entities(entry.runtime_data, CommunityNotify, DESCRIPTIONS))


class CommunityNotify(SmartCommunityEntity, NotifyEntity):
    """Send a text to the plate kit's display or voice (``title`` is ignored)."""

    entity_description: CommunityNotifyDescription

    async def async_send_message(self, message: str, title: str | None = None) -> None:
        """Show or speak the message."""
        await self.hub.async_command(self.device.code, self.entity_description.key, text=message)
