"""import_register / export_register actions: merge rules, errors, nothing lost, exports."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import device_registry as dr
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.const import DOMAIN

from .conftest import COMMUNITY_CODE, DEMO_REGISTER


def _lines() -> list[str]:
    return DEMO_REGISTER.read_text(encoding="utf-8-sig").splitlines()


def _write(config_dir: Path, name: str, lines: list[str]) -> str:
    (config_dir / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return name


def _device_count(hass: HomeAssistant, entry: MockConfigEntry) -> int:
    return len(dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id))


async def _import(hass: HomeAssistant, entry: MockConfigEntry, file: str, **extra: bool) -> dict:
    response = await hass.services.async_call(
        DOMAIN,
        "import_register",
        {"config_entry_id": entry.entry_id, "file": file, **extra},
        blocking=True,
        return_response=True,
    )
    await hass.async_block_till_done()
    assert isinstance(response, dict)
    return response


async def test_import_of_the_same_file_changes_nothing(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, config_dir: Path
) -> None:
    name = _write(config_dir, "same.csv", _lines())
    response = await _import(hass, loaded_entry, name)
    assert response["applied"] is True
    assert response["added"] == []
    assert response["updated"] == []
    assert response["unchanged"] == len(_lines()) - 1


async def test_a_file_with_problems_imports_nothing(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, config_dir: Path
) -> None:
    before = _device_count(hass, loaded_entry)
    lines = _lines()[:3]
    lines[1] = lines[1].replace("10.34.1.11", "not-an-ip")
    name = _write(config_dir, "bad.csv", lines)
    response = await _import(hass, loaded_entry, name)
    assert response["applied"] is False
    assert response["problems"][0]["row"] == 2
    assert response["problems"][0]["column"] == "IPV4地址"
    assert _device_count(hass, loaded_entry) == before
    # without asking for the response, the caller gets a translated error
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "import_register",
            {"config_entry_id": loaded_entry.entry_id, "file": name},
            blocking=True,
        )
    assert err.value.translation_key == "register_has_problems"


async def test_good_rows_only_when_asked_and_absent_devices_are_kept(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, config_dir: Path
) -> None:
    before = _device_count(hass, loaded_entry)
    lines = _lines()[:3]
    lines[1] = lines[1].replace("10.34.1.11", "not-an-ip")
    lines[2] = lines[2].replace("东门出口人脸抓拍机", "东门出口人脸抓拍机2")
    lines[2] = lines[2].replace("蜀山区华府骏苑东门出口,", "蜀山区华府骏苑东门出口,")
    name = _write(config_dir, "partial.csv", lines)
    response = await _import(hass, loaded_entry, name, accept_good_rows=True)
    assert response["applied"] is True
    assert len(response["problems"]) >= 1
    assert response["removed"] == []
    assert len(response["absent_from_file"]) == len(_lines()) - 3
    assert _device_count(hass, loaded_entry) == before  # nothing lost


async def test_replace_removes_devices_missing_from_the_file(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, config_dir: Path
) -> None:
    name = _write(config_dir, "two.csv", _lines()[:3])
    response = await _import(hass, loaded_entry, name, replace=True)
    assert response["applied"] is True
    assert len(response["removed"]) == len(_lines()) - 3
    assert _device_count(hass, loaded_entry) == 2 + 1
    stored = (config_dir / DOMAIN / COMMUNITY_CODE / "register.csv").read_text(encoding="utf-8-sig")
    assert len(stored.strip().splitlines()) == 3


async def test_files_outside_the_config_folder_are_refused(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "import_register",
            {"config_entry_id": loaded_entry.entry_id, "file": "../../etc/passwd"},
            blocking=True,
        )
    assert err.value.translation_key == "file_outside_config"


async def test_unknown_community(hass: HomeAssistant, loaded_entry: MockConfigEntry) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "export_register",
            {"config_entry_id": "nope", "file": "x.csv"},
            blocking=True,
        )
    assert err.value.translation_key == "unknown_community"


async def test_police_export_has_the_standards_columns(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, config_dir: Path
) -> None:
    response = await hass.services.async_call(
        DOMAIN,
        "export_register",
        {"config_entry_id": loaded_entry.entry_id, "file": "exports/police.xlsx", "police": True},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    sheet = openpyxl.load_workbook(config_dir / "exports" / "police.xlsx").active
    assert sheet is not None
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == ["设备编码", "设备名称", "设备厂商"]
    assert header[-1] == "设备状态"
    assert len(header) == 25
    cameras = sum(
        1
        for line in _lines()[1:]
        if line.split(",")[25] in {"face_camera", "camera", "plate_camera", "falling_object_camera"}
    )
    assert response["rows"] == cameras == sheet.max_row - 1


async def test_export_refuses_other_formats(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "export_register",
            {"config_entry_id": loaded_entry.entry_id, "file": "register.pdf"},
            blocking=True,
        )
    assert err.value.translation_key == "export_format"


@pytest.mark.parametrize(
    ("file", "key"),
    [
        ("www/police.xlsx", "file_in_public_folder"),  # HA serves www/ without a login
        (f"smart_community/{COMMUNITY_CODE}/register.csv", "file_in_integration_data"),
        ("smart_community/anything.csv", "file_in_integration_data"),
        ("../outside.csv", "file_outside_config"),
        ("exports/police.txt", "export_format"),
    ],
)
async def test_exports_never_overwrite_the_register_or_go_public(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, config_dir: Path, file: str, key: str
) -> None:
    register = config_dir / DOMAIN / COMMUNITY_CODE / "register.csv"
    before = register.read_bytes()
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "export_register",
            {"config_entry_id": loaded_entry.entry_id, "file": file, "police": True},
            blocking=True,
            return_response=True,
        )
    assert err.value.translation_key == key
    assert register.read_bytes() == before
    assert not (config_dir / "www").exists()
