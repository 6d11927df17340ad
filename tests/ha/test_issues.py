"""Repair issues go with their cause: a removed community, a device gone from the register."""

from __future__ import annotations

import csv
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.const import DOMAIN
from custom_components.smart_community.issues import IssueFamily, issue_id

from .conftest import COMMUNITY_CODE


def _families(hass: HomeAssistant, entry: MockConfigEntry) -> set[IssueFamily]:
    """The families of the community's open issues."""
    found = set()
    for domain, existing in ir.async_get(hass).issues:
        for family in IssueFamily:
            base = issue_id(family, entry.entry_id)
            if domain == DOMAIN and (existing == base or existing.startswith(base + "_")):
                found.add(family)
    return found


def _drop_transports(config_dir: Path, *transports: str) -> None:
    """Rewrite the community's register without the devices of ``transports``."""
    path = config_dir / DOMAIN / COMMUNITY_CODE / "register.csv"
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    column = rows[0].index("接入方式")
    kept = [rows[0], *(row for row in rows[1:] if row[column] not in transports)]
    assert len(kept) < len(rows)
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(kept)


async def test_removing_a_community_removes_every_issue_it_raised(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    # Without HA's MQTT, the models or the demo's serial server, and with a register
    # missing the NVR's retention, the demo community raises four families.
    assert _families(hass, loaded_entry) == {
        IssueFamily.MQTT_MISSING,
        IssueFamily.SERIAL_UNAVAILABLE,
        IssueFamily.MODELS_OFFLINE,  # the tests' package index is offline
        IssueFamily.COMPLIANCE,
    }
    assert await hass.config_entries.async_remove(loaded_entry.entry_id)
    await hass.async_block_till_done()
    assert _families(hass, loaded_entry) == set()
    assert [key for key in ir.async_get(hass).issues if key[0] == DOMAIN] == []


async def test_the_last_mqtt_and_rs485_devices_leaving_clear_their_issues(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, config_dir: Path
) -> None:
    assert {IssueFamily.MQTT_MISSING, IssueFamily.SERIAL_UNAVAILABLE} <= _families(
        hass, loaded_entry
    )
    _drop_transports(config_dir, "mqtt", "rs485")
    assert await hass.config_entries.async_reload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    families = _families(hass, loaded_entry)
    assert IssueFamily.MQTT_MISSING not in families
    assert IssueFamily.SERIAL_UNAVAILABLE not in families
    assert IssueFamily.MODELS_OFFLINE in families  # its cause is still there


async def test_a_register_fixed_by_hand_clears_its_problems_issue(
    hass: HomeAssistant, community_entry: MockConfigEntry, config_dir: Path
) -> None:
    path = config_dir / DOMAIN / COMMUNITY_CODE / "register.csv"
    good = path.read_text(encoding="utf-8-sig")
    path.write_text(good.replace("10.34.1.11", "10.34.1.999", 1), encoding="utf-8")
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    assert IssueFamily.REGISTER_PROBLEMS in _families(hass, community_entry)
    path.write_text(good, encoding="utf-8")
    assert await hass.config_entries.async_reload(community_entry.entry_id)
    await hass.async_block_till_done()
    assert IssueFamily.REGISTER_PROBLEMS not in _families(hass, community_entry)


def test_issue_ids_keep_their_published_form() -> None:
    """Ids users may have dismissed must not change between releases."""
    assert issue_id(IssueFamily.MQTT_MISSING, "E1") == "mqtt_missing_E1"
    assert issue_id(IssueFamily.COMPLIANCE, "E1", "standard_nvr") == "compliance_E1_standard_nvr"
    assert issue_id(IssueFamily.DOCKING_DOWN, "E1") == "docking_down_E1"
