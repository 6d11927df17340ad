"""Fixtures of the 门禁授权 HA tests: the fake clock, simulated terminals, the community."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from homeassistant.core import Context, HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.const import DOMAIN
from custom_components.smart_community.features import terminals as terminals_feature

from ...terminal_fakes import FakeClock
from .helpers import (
    FAST,
    PUSH_PASSWORD,
    PUSH_USER,
    T0,
    Call,
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
def extra_options() -> dict[str, Any]:
    """More options of the community (a test module overrides this)."""
    return {}


@pytest.fixture
async def entry(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    terminals: SimulatedTerminals,
    clock: FakeClock,
    extra_options: dict[str, Any],
) -> MockConfigEntry:
    """The demo community with the 3栋 unit doors and the east gate reachable."""
    options = {
        "terminals": terminals.settings(),
        "push_username": PUSH_USER,
        "push_password": PUSH_PASSWORD,
        **extra_options,
    }
    return await set_up(hass, community_entry, options)


@pytest.fixture
def call(hass: HomeAssistant, entry: MockConfigEntry) -> Call:
    """An action of the community (``context`` names the calling user)."""

    async def _call(service: str, context: Context | None = None, **data: Any) -> dict[str, Any]:
        response = await hass.services.async_call(
            DOMAIN,
            service,
            {"config_entry_id": entry.entry_id, **data},
            blocking=True,
            return_response=True,
            context=context,
        )
        assert response is not None
        return dict(response)

    return _call
