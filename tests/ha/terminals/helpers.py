"""Simulated access terminals for the HA tests of 门禁授权, on a clock the test moves.

The community's engine, the simulated terminals' own wall clock and the registrations all
read :class:`FakeClock`, which starts at a fixed moment: no test depends on the day it runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.core.docking.backoff import Backoff
from custom_components.smart_community.core.terminals import EngineOptions
from custom_components.smart_community.features.terminals import TerminalsFeature
from tools.simulator.terminals import DahuaTerminal, HikvisionTerminal, TerminalLibrary

from ...terminal_fakes import FakeClock
from ..helpers import runtime_of

UNIT_3_1 = "34010449011348001029"  # 3栋1单元 unit door: Hikvision, 接入方式 isapi
UNIT_3_2 = "34010449011348001031"  # 3栋2单元 unit door: Dahua, 接入方式 dahua
EAST_GATE = "34010449011348001004"  # 东门 gate terminal: 接入方式 mqtt, synced over ISAPI here
USER, PASSWORD = "admin", "Hik12345"
type Call = Callable[..., Awaitable[dict[str, Any]]]  # the ``call`` fixture: an action
COLLECTOR = "34010449011398001038"  # 信息采集终端 (人证核验)
PUSH_USER, PUSH_PASSWORD = "collector", "s3cret"  # the community's push credentials
#: Every test starts here (Hefei, a Wednesday morning); only the test moves the clock.
T0 = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
#: The engine's timing in tests: quick polls, no jitter, the real offline thresholds.
FAST = EngineOptions(
    backoff=Backoff(base=0.2, cap=2.0, jitter=0.0),
    probe_backoff=Backoff(base=5.0, cap=60.0, jitter=0.0),
    resync_after_offline=300.0,
    idle_wait=0.1,
    request_timeout=5.0,
    status_interval=0.0,
)


@dataclass
class SimulatedTerminals:
    """The unit doors of 3栋 and the east gate."""

    unit_3_1: HikvisionTerminal
    unit_3_2: DahuaTerminal
    gate: HikvisionTerminal

    @property
    def all(self) -> tuple[HikvisionTerminal | DahuaTerminal, ...]:
        return (self.unit_3_1, self.unit_3_2, self.gate)

    def settings(self) -> dict[str, dict[str, Any]]:
        """The entry's options for them (the gate is a Hikvision reached over ISAPI)."""

        def one(terminal: HikvisionTerminal | DahuaTerminal, vendor: str) -> dict[str, Any]:
            return {
                "vendor": vendor,
                "base_url": terminal.url,
                "username": USER,
                "password": PASSWORD,
                "doors": 1,
                "events": True,
            }

        return {
            UNIT_3_1: one(self.unit_3_1, "auto"),
            UNIT_3_2: one(self.unit_3_2, "auto"),
            EAST_GATE: one(self.gate, "hikvision"),
        }


async def start_terminals(clock: FakeClock) -> SimulatedTerminals:
    def make(kind: type[HikvisionTerminal] | type[DahuaTerminal], code: str) -> Any:
        return kind(
            username=USER,
            password=PASSWORD,
            library=TerminalLibrary(clock=clock.local),
            device_code=code,
            heartbeat=0.5,
        )

    terminals = SimulatedTerminals(
        make(HikvisionTerminal, UNIT_3_1),
        make(DahuaTerminal, UNIT_3_2),
        make(HikvisionTerminal, EAST_GATE),
    )
    for terminal in terminals.all:
        await terminal.start()
    return terminals


def feature_of(entry: MockConfigEntry) -> TerminalsFeature:
    return runtime_of(entry).terminals


async def until(predicate: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Wait (real time) for the engine and the terminals to get somewhere."""
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


async def user_id(hass: HomeAssistant, entry: MockConfigEntry, person_id: str) -> str:
    """The terminal user id the engine gave a person."""
    store = feature_of(entry)._store
    assert store is not None
    ids = await hass.async_add_executor_job(store.user_ids, [person_id])
    return ids[person_id]


def state(entry: MockConfigEntry, code: str) -> str | None:
    status = feature_of(entry).status(code)
    return status.state.value if status is not None else None


def photo_file(config_dir: Path, name: str, data: bytes) -> str:
    """A photo in the config folder (where actions read files from)."""
    path = config_dir / "photos" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return f"photos/{name}"


async def set_up(
    hass: HomeAssistant, entry: MockConfigEntry, options: dict[str, Any]
) -> MockConfigEntry:
    """The community with these options, in Hefei time (the terminals' wall clock)."""
    await hass.config.async_set_time_zone("Asia/Shanghai")
    hass.config_entries.async_update_entry(entry, options=options)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    feature = feature_of(entry)
    if feature.specs:
        await until(lambda: feature.started, "the engine to start", timeout=60)
    return entry
