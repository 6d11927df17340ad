"""Locks: turnstiles (open = let one person through) and unit-door / gate access terminals."""

from __future__ import annotations

from typing import Any

from homeassistant.components.lock import LockEntity, LockEntityDescription, LockEntityFeature
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .core.devices import DeviceKind
from .core.state import StateKey
from .entity import (
    SmartCommunityEntity,
    SmartCommunityEntityDescription,
    device_entities,
)
from .runtime import CommunityRuntime, SmartCommunityConfigEntry

PARALLEL_UPDATES = 0


class CommunityLockDescription(SmartCommunityEntityDescription, LockEntityDescription):
    """Lock description (the device kinds it applies to)."""


DESCRIPTIONS = (
    CommunityLockDescription(
        key="lock",
        name=None,
        kinds=frozenset({DeviceKind.TURNSTILE, DeviceKind.ACCESS_TERMINAL}),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SmartCommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """A lock per turnstile and access terminal."""
    async_add_entities(device_entities(entry.runtime_data, CommunityLock, DESCRIPTIONS))


class CommunityLock(SmartCommunityEntity, LockEntity):
    """Releasing the lock lets one person through; the device re-locks by itself."""

    entity_description: CommunityLockDescription

    _attr_supported_features = LockEntityFeature.OPEN

    @property
    def is_locked(self) -> bool | None:
        """Locked unless the device reports it released."""
        value = self.device_state.get(StateKey.LOCKED)
        return True if value is None else bool(value)

    @property
    def _release_command(self) -> str:
        # A turnstile "opens" for one passage; a door terminal "unlocks" its door.
        return "open" if self.device.kind is DeviceKind.TURNSTILE else "unlock"

    async def _release(self) -> None:
        runtime: CommunityRuntime = self.hub.entry.runtime_data
        if runtime.terminals.opens_door(self.device.code):
            # An ISAPI / Dahua terminal the integration synchronises: its own door API.
            await runtime.terminals.async_open_door(self.device)
            return
        await self.hub.async_command(self.device.code, self._release_command)

    async def async_unlock(self, **kwargs: Any) -> None:
        """Release for one passage."""
        await self._release()

    async def async_open(self, **kwargs: Any) -> None:
        """Same as unlock: let one person through."""
        await self._release()

    async def async_lock(self, **kwargs: Any) -> None:
        """The device locks again by itself after one passage; there is no lock command."""
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="locks_by_itself",
            translation_placeholders={"device": self.device.name},
        )
