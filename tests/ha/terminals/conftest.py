"""Fixtures of the 门禁授权 HA tests: the fake clock, simulated terminals, the community."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.features import terminals as terminals_feature

from .helpers import (
    FAST,
    PUSH_PASSWORD,
    PUSH_USER,
    T0,
    FakeClock,
    SimulatedTerminals,
    set_up,
    start_terminals,
)


@pytest.fixture(autouse=True)
def _sockets(socket_enabled: None) -> None:
    """The simulated terminals listen on 127.0.0.1."""


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The community's and the terminals' clock, and quick engine timing."""
    fake = FakeClock(T0)
    monkeypatch.setattr(terminals_feature, "community_clock", fake)
    monkeypatch.setattr(terminals_feature, "ENGINE_OPTIONS", FAST)
    return fake


@pytest.fixture
async def terminals(clock: FakeClock) -> AsyncIterator[SimulatedTerminals]:
    """The 3栋 unit doors (Hikvision, Dahua) and the east gate, on loopback."""
    sims = await start_terminals(clock)
    yield sims
    for terminal in sims.all:
        await terminal.stop()


@pytest.fixture
async def entry(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    terminals: SimulatedTerminals,
    clock: FakeClock,
) -> MockConfigEntry:
    """The demo community with the 3栋 unit doors and the east gate reachable."""
    options = {
        "terminals": terminals.settings(),
        "push_username": PUSH_USER,
        "push_password": PUSH_PASSWORD,
    }
    return await set_up(hass, community_entry, options)
