"""State a feature keeps across restarts in HA's storage, and the signal its sensors follow."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.storage import Store

from ..const import DOMAIN

STATE_VERSION = 1
SAVE_DELAY = 10  # seconds: a busy gate or lane must not write its state file per passage


def community_store(hass: HomeAssistant, community_code: str, name: str) -> Store[dict[str, Any]]:
    """``.storage/smart_community.<community code>.<name>``."""
    return Store(hass, STATE_VERSION, f"{DOMAIN}.{community_code}.{name}")


class PersistedFeature(ABC):
    """Saves :meth:`state_json` a little after each change and when the community unloads."""

    def __init__(self, hass: HomeAssistant, store: Store[dict[str, Any]], signal: str) -> None:
        """``signal`` is sent after every change (the feature's sensors follow it)."""
        self.hass = hass
        self.store = store
        self.signal = signal

    @abstractmethod
    def state_json(self) -> dict[str, Any]:
        """What a restart must not lose."""

    async def async_save(self) -> None:
        """Write the state now (unload)."""
        await self.store.async_save(self.state_json())

    @callback
    def changed(self) -> None:
        """Sensors refresh; the state is saved a little later."""
        self.store.async_delay_save(self.state_json, SAVE_DELAY)
        async_dispatcher_send(self.hass, self.signal)
