"""The console's websocket API (frontend/API.md): one table of commands, each with its
permission, schema and handler over the same features the actions use."""

from __future__ import annotations

from homeassistant.core import HomeAssistant, callback

from . import devices, live, parking, people, records, strangers, visitors
from .command import Command, async_register

COMMANDS: tuple[Command, ...] = (
    *live.COMMANDS,
    *records.COMMANDS,
    *strangers.COMMANDS,
    *people.COMMANDS,
    *visitors.COMMANDS,
    *parking.COMMANDS,
    *devices.COMMANDS,
)


@callback
def async_setup_websocket(hass: HomeAssistant) -> None:
    """Register every console command (once per HA run, from ``async_setup``)."""
    for command in COMMANDS:
        async_register(hass, command)
