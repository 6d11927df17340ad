"""Diagnostics carry the register and states, never phone numbers or residents' data."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.core.events import DeviceEvent, EventKind
from custom_components.smart_community.diagnostics import async_get_config_entry_diagnostics
from custom_components.smart_community.hub import CommunityHub

from .helpers import deliver, hub_of


async def test_diagnostics_redact_phones_and_people(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    hub: CommunityHub = hub_of(loaded_entry)
    terminal = next(d for d in hub.devices.values() if d.kind.value == "access_terminal")
    deliver(
        hub,
        DeviceEvent(
            kind=EventKind.ACCESS,
            device_id=terminal.code,
            time=datetime(2026, 11, 25, tzinfo=UTC),
            event_type="verified",
            person_id="P-0001",
            person_name="张三",
            method="face",
        ),
    )
    diagnostics = await async_get_config_entry_diagnostics(hass, loaded_entry)
    text = json.dumps(diagnostics, ensure_ascii=False)
    assert "0551-62661234" not in text
    assert "17756063080" not in text
    assert "张三" not in text
    assert "P-0001" not in text
    assert diagnostics["events_processed"] == 1
    assert len(diagnostics["devices"]) == len(hub.devices)
    device = next(d for d in diagnostics["devices"] if d["register"]["code"] == terminal.code)
    assert device["register"]["management_phone"] == "**REDACTED**"
    assert device["last_events"]["access"]["person_name"] == "**REDACTED**"
    assert device["last_events"]["access"]["method"] == "face"
