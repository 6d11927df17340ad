"""RS485 end to end over a pseudo-terminal: a fake barrier answers real frames."""

from __future__ import annotations

import asyncio
import os
import threading
import tty
from collections.abc import Iterator
from pathlib import Path

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.const import DOMAIN
from custom_components.smart_community.core.protocols.rs485 import (
    Command,
    DeviceStatus,
    Frame,
    FrameParser,
    Position,
    encode_frame,
)

from .conftest import COMMUNITY_CODE


class FakeBarrier(threading.Thread):
    """Bus address 1 on the slave side of a pty: ACKs OPEN/CLOSE/STOP, answers STATUS."""

    def __init__(self, fd: int, *, refuse: bool = False) -> None:
        super().__init__(daemon=True)
        self.fd = fd
        self.refuse = refuse
        self.position = Position.CLOSED
        self.received: list[int] = []
        self.running = True

    def status(self, seq: int) -> Frame:
        payload = DeviceStatus(
            device_type=2,
            position=self.position,
            fault=False,
            anti_pinch=False,
            vehicle_present=False,
            fault_code=0,
            passages_in=3,
            passages_out=1,
        ).to_payload()
        return Frame(addr=1, seq=seq, cmd=Command.STATUS_REPORT, payload=payload)

    def run(self) -> None:
        parser = FrameParser()
        while self.running:
            try:
                data = os.read(self.fd, 256)
            except OSError:
                return
            for frame in parser.feed(data):
                self.received.append(frame.cmd)
                if frame.cmd == Command.STATUS:
                    answer = self.status(frame.seq)
                elif self.refuse:
                    answer = Frame(
                        addr=1, seq=frame.seq, cmd=Command.NAK, payload=bytes((frame.cmd, 2))
                    )
                else:
                    self.position = {
                        Command.OPEN: Position.OPEN,
                        Command.CLOSE: Position.CLOSED,
                        Command.STOP: Position.STOPPED,
                    }[Command(frame.cmd)]
                    answer = Frame(
                        addr=1, seq=frame.seq, cmd=Command.ACK, payload=bytes((frame.cmd,))
                    )
                os.write(self.fd, encode_frame(answer))
                if frame.cmd != Command.STATUS:  # then report the new position unsolicited
                    os.write(self.fd, encode_frame(self.status(0)))


@pytest.fixture
def pty_barrier() -> Iterator[tuple[str, FakeBarrier]]:
    master, slave = os.openpty()
    tty.setraw(master)
    tty.setraw(slave)
    device = FakeBarrier(master)
    device.start()
    yield os.ttyname(slave), device
    device.running = False
    os.close(slave)
    os.close(master)


def _register_with_rs485_barrier(config_dir: Path, port: str) -> str:
    """Point the demo's first barrier at the pty (transport rs485, address PORT#1)."""
    path = config_dir / DOMAIN / COMMUNITY_CODE / "register.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for index, line in enumerate(lines):
        cells = line.split(",")
        if len(cells) > 31 and cells[25] == "barrier":
            cells[30], cells[31] = "rs485", f"{port}#1"
            lines[index] = ",".join(cells)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return cells[0]
    raise AssertionError("no barrier in the demo register")


async def test_barrier_over_rs485(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    config_dir: Path,
    pty_barrier: tuple[str, FakeBarrier],
) -> None:
    port, device = pty_barrier
    code = _register_with_rs485_barrier(config_dir, port)
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    cover = er.async_get(hass).async_get_entity_id("cover", DOMAIN, f"{code}_barrier")
    assert cover is not None
    # the start-up status query shows the real position
    assert hass.states.get(cover).state == "closed"
    await hass.services.async_call("cover", "open_cover", {"entity_id": cover}, blocking=True)
    for _ in range(50):
        await hass.async_block_till_done()
        if hass.states.get(cover).state == "open":
            break
        await asyncio.sleep(0.05)
    assert hass.states.get(cover).state == "open"
    assert Command.OPEN in device.received
    # the demo's turnstiles sit on a serial server (socket://127.0.0.1:7485) not running here
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"serial_unavailable_{community_entry.entry_id}"
    )
    assert issue is not None
    assert port not in issue.translation_placeholders["ports"]
    assert await hass.config_entries.async_unload(community_entry.entry_id)


async def test_a_refused_command_is_an_error(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    config_dir: Path,
    pty_barrier: tuple[str, FakeBarrier],
) -> None:
    port, device = pty_barrier
    device.refuse = True
    code = _register_with_rs485_barrier(config_dir, port)
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    cover = er.async_get(hass).async_get_entity_id("cover", DOMAIN, f"{code}_barrier")
    with pytest.raises(HomeAssistantError, match="refused"):
        await hass.services.async_call("cover", "open_cover", {"entity_id": cover}, blocking=True)
    assert await hass.config_entries.async_unload(community_entry.entry_id)


async def test_a_missing_port_is_a_repair(
    hass: HomeAssistant, community_entry: MockConfigEntry, config_dir: Path
) -> None:
    _register_with_rs485_barrier(config_dir, "/dev/ttyNOPE9")
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"serial_unavailable_{community_entry.entry_id}"
    )
    assert issue is not None
    assert "/dev/ttyNOPE9" in issue.translation_placeholders["ports"]


async def test_a_port_that_comes_back_is_opened_by_the_retry(
    hass: HomeAssistant, community_entry: MockConfigEntry, config_dir: Path, socket_enabled: None
) -> None:
    from datetime import timedelta

    from homeassistant.util import dt as dt_util
    from pytest_homeassistant_custom_component.common import async_fire_time_changed

    from custom_components.smart_community.transports.rs485 import REOPEN_INTERVAL
    from tools.simulator.rs485_tcp import BARRIER, Bus, SimulatedGate, serve

    from ..conftest import free_port

    port = free_port()
    url = f"socket://127.0.0.1:{port}"
    code = _register_with_rs485_barrier(config_dir, url)
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    issue_id = f"serial_unavailable_{community_entry.entry_id}"
    assert (
        url
        in ir.async_get(hass).async_get_issue(DOMAIN, issue_id).translation_placeholders["ports"]
    )
    cover = er.async_get(hass).async_get_entity_id("cover", DOMAIN, f"{code}_barrier")
    assert hass.states.get(cover).state == "unknown"

    server = serve(port, Bus([SimulatedGate(1, BARRIER)], hold=0.2))
    try:
        async_fire_time_changed(hass, dt_util.utcnow() + REOPEN_INTERVAL + timedelta(seconds=1))
        for _ in range(100):
            await hass.async_block_till_done()
            if hass.states.get(cover).state == "closed":
                break
            await asyncio.sleep(0.05)
        assert hass.states.get(cover).state == "closed"
        issue = ir.async_get(hass).async_get_issue(DOMAIN, issue_id)
        assert issue is None or url not in issue.translation_placeholders["ports"]
        await hass.services.async_call("cover", "open_cover", {"entity_id": cover}, blocking=True)
        assert await hass.config_entries.async_unload(community_entry.entry_id)
    finally:
        server.shutdown()
        server.server_close()
