"""Set-up from the register: devices with national codes, entities, unload, repairs."""

from __future__ import annotations

import csv
from pathlib import Path

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.const import DOMAIN

from .conftest import COMMUNITY_CODE, DEMO_REGISTER


def _demo_rows() -> list[dict[str, str]]:
    with DEMO_REGISTER.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


async def test_every_register_device_is_an_ha_device(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    assert loaded_entry.state is ConfigEntryState.LOADED
    registry = dr.async_get(hass)
    rows = _demo_rows()
    devices = dr.async_entries_for_config_entry(registry, loaded_entry.entry_id)
    assert len(devices) == len(rows) + 1  # + the community itself
    first = rows[0]
    device = registry.async_get_device(identifiers={(DOMAIN, first["设备编码"])})
    assert device is not None
    assert device.name == first["设备名称"]
    assert device.manufacturer == "海康威视"
    assert device.serial_number == first["设备编码"]
    assert device.model == "人脸抓拍机"
    community = registry.async_get_device(identifiers={(DOMAIN, COMMUNITY_CODE)})
    assert community is not None
    assert device.via_device_id == community.id


async def test_entities_follow_the_device_kind(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    entities = er.async_entries_for_config_entry(er.async_get(hass), loaded_entry.entry_id)
    by_code: dict[str, set[str]] = {}
    for entity in entities:
        code, key = entity.unique_id.split("_", 1)
        by_code.setdefault(code, set()).add(f"{entity.domain}.{key}")
    rows = {row["设备编码"]: row["设备种类"] for row in _demo_rows()}
    kinds: dict[str, set[str]] = {}
    for code, kind in rows.items():
        kinds.setdefault(kind, by_code[code])
    assert kinds["barrier"] >= {"cover.barrier", "binary_sensor.connectivity", "sensor.last_seen"}
    assert {"camera.camera", "event.face"} <= kinds["face_camera"]
    assert {"lock.lock", "event.passage", "binary_sensor.anti_pinch"} <= kinds["turnstile"]
    assert {"lock.lock", "event.access", "binary_sensor.door"} <= kinds["access_terminal"]
    assert {"event.plate", "notify.display", "notify.voice"} <= kinds["plate_camera"]
    assert "binary_sensor.vehicle_present" in kinds["vehicle_detector"]
    assert "binary_sensor.smoke" in kinds["smoke_detector"]
    assert "binary_sensor.cover_displaced" in kinds["manhole_sensor"]
    assert "sensor.last_patrol" in kinds["patrol_checkpoint"]
    assert "sensor.energy" in kinds["electricity_meter"]
    assert "sensor.water" in kinds["water_meter"]
    assert "sensor.gas" in kinds["gas_meter"]
    assert "sensor.retention_days" in kinds["nvr"]
    # every register device: connectivity and last seen (the community has its own sensors)
    for code, keys in by_code.items():
        if code != COMMUNITY_CODE:
            assert {"binary_sensor.connectivity", "sensor.last_seen"} <= keys


async def test_unload(hass: HomeAssistant, loaded_entry: MockConfigEntry) -> None:
    assert await hass.config_entries.async_unload(loaded_entry.entry_id)
    await hass.async_block_till_done()
    assert loaded_entry.state is ConfigEntryState.NOT_LOADED


async def test_mqtt_devices_without_mqtt_raise_a_repair(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"mqtt_missing_{loaded_entry.entry_id}")
    assert issue is not None
    assert issue.translation_placeholders == {"community": "华府骏苑"}


async def test_a_hand_edited_register_with_problems_is_a_repair(
    hass: HomeAssistant, community_entry: MockConfigEntry, config_dir: Path
) -> None:
    path = config_dir / DOMAIN / COMMUNITY_CODE / "register.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = lines[1].replace("10.34.1.11", "10.34.1.999")  # a bad IPv4 on row 2
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"register_problems_{community_entry.entry_id}"
    )
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["count"] == "1"
    assert "row 2" in issue.translation_placeholders["problems"]
    # the bad row is not loaded, the others are
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), community_entry.entry_id)
    assert len(devices) == len(_demo_rows())  # rows - 1 bad + the community


async def test_no_register_yet_means_only_the_community(
    hass: HomeAssistant, community_entry: MockConfigEntry, config_dir: Path
) -> None:
    (config_dir / DOMAIN / COMMUNITY_CODE / "register.csv").unlink()
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), community_entry.entry_id)
    assert [device.serial_number for device in devices] == [COMMUNITY_CODE]
