"""RS485 transport: one bus master per serial port (frames in core/protocols/RS485.md).

The register's 接入地址 for an RS485 device is ``PORT#ADDRESS``: a device path such as
``/dev/ttyUSB0#3`` or any pyserial URL (``socket://127.0.0.1:7001#3`` for a serial server).
pyserial blocks, so opening, requests and closing run in the executor; the client's reader
thread hands unsolicited reports to the event loop.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from homeassistant.core import callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util

from ..core.devices import DeviceKind, Transport
from ..core.events import DeviceEvent, EventKind
from ..core.protocols.errors import DecodeError, ProtocolError
from ..core.protocols.rs485 import Command, Frame, frame_event
from ..core.protocols.rs485_client import Rs485Client
from ..core.site import RegisteredDevice
from ..issues import IssueFamily, async_clear_issue, async_raise_issue
from .base import Community, EventOrigin, command_failed, no_commands

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
    """The community's RS485 buses; a repair issue names ports that cannot be opened."""

    kind = Transport.RS485

    def __init__(self, community: Community) -> None:
        """Bound to one community."""
        self.community = community
        self.hass = community.hass
        self.clients: dict[str, Rs485Client] = {}
        self.ports: set[str] = set()
        self._devices: dict[tuple[str, int], RegisteredDevice] = {}
        self._stop_retry: Callable[[], None] | None = None

    async def async_start(self) -> None:
        """Open every port; ports that fail are retried every 30 s."""
        devices = self.community.site.using(Transport.RS485)
        if not devices:
            # The last RS485 device left the register: its ports are no longer a problem.
            async_clear_issue(self.hass, IssueFamily.SERIAL_UNAVAILABLE, self._entry_id)
            return
        by_port: dict[str, list[RegisteredDevice]] = defaultdict(list)
        for device in devices:
            try:
                port, bus_address = split_address(device.address)
            except ValueError as err:
                _LOGGER.warning("%s: %s", device.name, err)
                continue
            by_port[port].append(device)
            self._devices[(port, bus_address)] = device
        self.ports = set(by_port)
        self._report(await self.async_open_missing())
        self._stop_retry = async_track_time_interval(self.hass, self._retry, REOPEN_INTERVAL)

    @property
    def _entry_id(self) -> str:
        return self.community.entry.entry_id

    async def _retry(self, now: datetime) -> None:
        if self.ports - set(self.clients):
            self._report(await self.async_open_missing())

    @callback
    def _report(self, failed: list[str]) -> None:
        if failed:
            async_raise_issue(
                self.hass,
                IssueFamily.SERIAL_UNAVAILABLE,
                self._entry_id,
                {"community": self.community.community_name, "ports": ", ".join(failed)},
            )
        else:
            async_clear_issue(self.hass, IssueFamily.SERIAL_UNAVAILABLE, self._entry_id)

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
                    self.community.entry.async_create_task(
                        self.hass,
                        self._async_poll(device, port, bus_address),
                        f"smart_community rs485 status {device.code}",
                    )
        return failed

    def _open(self, port: str) -> Rs485Client:
        return Rs485Client.open_url(port, on_report=lambda frame: self._on_frame(port, frame))

    def _on_frame(self, port: str, frame: Frame) -> None:
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
            self.community.note_rejected()
            _LOGGER.warning("RS485 frame from %s refused: %s", device.name, err)
            return
        self.community.async_process_event(
            normalise_report(event, device.kind), self._origin(port, frame.addr)
        )

    @staticmethod
    def _origin(port: str, bus_address: int) -> EventOrigin:
        return EventOrigin(Transport.RS485, f"{port}#{bus_address}")

    async def _async_poll(self, device: RegisteredDevice, port: str, bus_address: int) -> None:
        """Ask once at start so entities show the real state before the first change."""
        client = self.clients[port]
        try:
            frame = await self.hass.async_add_executor_job(
                client.request, bus_address, Command.STATUS
            )
        except ProtocolError as err:
            _LOGGER.warning("RS485 %s does not answer: %s", device.name, err)
            self.community.async_process_event(
                DeviceEvent(
                    kind=EventKind.STATE,
                    device_id=device.code,
                    time=dt_util.now(),
                    event_type="availability",
                    attributes={"online": False},
                    source="rs485",
                ),
                self._origin(port, bus_address),
            )
            return
        self._deliver(port, frame)

    async def async_send_command(
        self, device: RegisteredDevice, command: str, params: Mapping[str, Any]
    ) -> None:
        """open / close / stop, acknowledged by the device (retries in the client)."""
        try:
            port, bus_address = split_address(device.address)
        except ValueError as err:
            raise command_failed(device, command, str(err)) from err
        client = self.clients.get(port)
        if client is None:
            raise no_commands(device)
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
        if self._stop_retry is not None:
            self._stop_retry()
            self._stop_retry = None
        clients, self.clients = self.clients, {}
        for client in clients.values():
            await self.hass.async_add_executor_job(client.close)
