"""RS485 transport: one bus master per serial port (frames in core/protocols/RS485.md).

The register's 接入地址 for an RS485 device is ``PORT#ADDRESS``: a device path such as
``/dev/ttyUSB0#3`` or any pyserial URL (``socket://127.0.0.1:7001#3`` for a serial server).
pyserial blocks, so opening, requests and closing run in the executor; the client's reader
thread hands unsolicited reports to the event loop.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util

from ..const import DOMAIN
from ..core.devices import DeviceKind, Transport
from ..core.events import DeviceEvent, EventKind
from ..core.protocols.errors import DecodeError, ProtocolError
from ..core.protocols.rs485 import Command, Frame, frame_event
from ..core.protocols.rs485_client import Rs485Client
from ..hub import CommunityHub, RegisteredDevice, command_failed
from ..issues import IssueFamily, async_clear_issue, async_raise_issue

_LOGGER = logging.getLogger(__name__)
REOPEN_INTERVAL = timedelta(seconds=30)  # a port that failed (adapter unplugged) is tried again


def split_address(address: str) -> tuple[str, int]:
    """``PORT#ADDRESS`` → (port, bus address 1-247); ValueError says what is wrong."""
    port, sep, number = address.rpartition("#")
    if not sep or not port:
        raise ValueError(f"RS485 address {address!r} is not PORT#ADDRESS")
    bus_address = int(number)
    if not 1 <= bus_address <= 247:
        raise ValueError(f"RS485 bus address {bus_address} is outside 1-247")
    return port, bus_address


def normalise_report(event: DeviceEvent, kind: DeviceKind) -> DeviceEvent:
    """A status report's ``position`` is the barrier arm or, for a turnstile, its lock."""
    if event.kind is not EventKind.STATE or "position" not in event.attributes:
        return event
    attributes = dict(event.attributes)
    position = attributes.pop("position")
    if kind is DeviceKind.BARRIER:
        attributes["barrier"] = position
    else:
        attributes["locked"] = position == "closed"
    return replace(event, attributes=attributes)


class Rs485Transport:
    """The community's RS485 buses."""

    def __init__(self, hass: HomeAssistant, hub: CommunityHub) -> None:
        """Bound to one community."""
        self.hass = hass
        self.hub = hub
        self.clients: dict[str, Rs485Client] = {}
        self.ports: set[str] = set()
        self._devices: dict[tuple[str, int], RegisteredDevice] = {}

    async def async_start(self) -> list[str]:
        """Open every port; returns the ports that could not be opened."""
        by_port: dict[str, list[RegisteredDevice]] = defaultdict(list)
        for device in self.hub.devices.values():
            if device.transport is not Transport.RS485:
                continue
            try:
                port, bus_address = split_address(device.address)
            except ValueError as err:
                _LOGGER.warning("%s: %s", device.name, err)
                continue
            by_port[port].append(device)
            self._devices[(port, bus_address)] = device
        self.ports = set(by_port)
        return await self.async_open_missing()

    async def async_open_missing(self) -> list[str]:
        """Open the ports not open yet (start-up, and a retry timer for unplugged adapters)."""
        failed: list[str] = []
        for port in sorted(self.ports - set(self.clients)):
            try:
                self.clients[port] = await self.hass.async_add_executor_job(self._open, port)
            except (OSError, ValueError) as err:  # SerialException is an OSError
                _LOGGER.warning("RS485 port %s cannot be opened: %s", port, err)
                failed.append(port)
                continue
            for (device_port, bus_address), device in self._devices.items():
                if device_port == port:
                    self.hub.entry.async_create_task(
                        self.hass,
                        self._async_poll(device, port, bus_address),
                        f"smart_community rs485 status {device.code}",
                    )
        return failed

    def _open(self, port: str) -> Rs485Client:
        return Rs485Client.open_url(port, on_report=lambda frame: self._report(port, frame))

    def _report(self, port: str, frame: Frame) -> None:
        """Reader thread: hand the frame to the event loop."""
        self.hass.loop.call_soon_threadsafe(self._deliver, port, frame)

    @callback
    def _deliver(self, port: str, frame: Frame) -> None:
        device = self._devices.get((port, frame.addr))
        if device is None:
            _LOGGER.debug("RS485 %s: frame from unregistered address %s", port, frame.addr)
            return
        try:
            event = frame_event(frame, device_id=device.code)
        except DecodeError as err:
            self.hub.events_rejected += 1
            _LOGGER.warning("RS485 frame from %s refused: %s", device.name, err)
            return
        self.hub.async_process_event(normalise_report(event, device.kind))

    async def _async_poll(self, device: RegisteredDevice, port: str, bus_address: int) -> None:
        """Ask once at start so entities show the real state before the first change."""
        client = self.clients[port]
        try:
            frame = await self.hass.async_add_executor_job(
                client.request, bus_address, Command.STATUS
            )
        except ProtocolError as err:
            _LOGGER.warning("RS485 %s does not answer: %s", device.name, err)
            self.hub.async_process_event(
                DeviceEvent(
                    kind=EventKind.STATE,
                    device_id=device.code,
                    time=dt_util.now(),
                    event_type="availability",
                    attributes={"online": False},
                    source="rs485",
                )
            )
            return
        self._deliver(port, frame)

    async def async_send_command(
        self, device: RegisteredDevice, command: str, params: dict[str, Any]
    ) -> None:
        """open / close / stop, acknowledged by the device (retries in the client)."""
        port, bus_address = split_address(device.address)
        client = self.clients.get(port)
        if client is None:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="no_command_transport",
                translation_placeholders={"device": device.name, "transport": port},
            )
        calls = {
            "open": lambda: client.open(bus_address, direction=params.get("direction")),
            "unlock": lambda: client.open(bus_address),
            "close": lambda: client.close_gate(bus_address),
            "stop": lambda: client.stop(bus_address),
        }
        if command not in calls:
            raise command_failed(device, command, "not an RS485 command")
        try:
            await self.hass.async_add_executor_job(calls[command])
        except ProtocolError as err:
            raise command_failed(device, command, str(err)) from err

    async def async_stop(self) -> None:
        """Close every port (joins the reader threads)."""
        clients, self.clients = self.clients, {}
        for client in clients.values():
            await self.hass.async_add_executor_job(client.close)


async def async_start_rs485(hass: HomeAssistant, hub: CommunityHub) -> None:
    """Open the community's serial buses; a repair issue names ports that failed."""
    if not any(device.transport is Transport.RS485 for device in hub.devices.values()):
        # The last RS485 device left the register: its ports are no longer a problem.
        async_clear_issue(hass, IssueFamily.SERIAL_UNAVAILABLE, hub.entry_id)
        return
    transport = Rs485Transport(hass, hub)

    @callback
    def _report(failed: list[str]) -> None:
        if failed:
            async_raise_issue(
                hass,
                IssueFamily.SERIAL_UNAVAILABLE,
                hub.entry_id,
                {"community": hub.community_name, "ports": ", ".join(failed)},
            )
        else:
            async_clear_issue(hass, IssueFamily.SERIAL_UNAVAILABLE, hub.entry_id)

    _report(await transport.async_start())
    hub.transports[Transport.RS485] = transport
    hub.entry.async_on_unload(transport.async_stop)

    async def _retry(now: datetime) -> None:
        if transport.ports - set(transport.clients):
            _report(await transport.async_open_missing())

    hub.entry.async_on_unload(async_track_time_interval(hass, _retry, REOPEN_INTERVAL))
