"""Transports: HA-side wiring of the core protocol decoders (MQTT, HTTP push, RS485)."""

from __future__ import annotations

from homeassistant.core import HomeAssistant

from ..hub import CommunityHub
from .http_push import async_start_http_push
from .mqtt import async_start_mqtt
from .rs485 import async_start_rs485


async def async_start_transports(hass: HomeAssistant, hub: CommunityHub) -> None:
    """Start every transport the register's devices use; each stops with the entry."""
    await async_start_mqtt(hass, hub)
    await async_start_http_push(hass, hub)
    await async_start_rs485(hass, hub)
