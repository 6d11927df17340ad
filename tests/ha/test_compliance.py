"""Acceptance check in HA: the demo register against the standard's menu, repairs, report."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.const import DOMAIN
from custom_components.smart_community.issues import async_remove_community_issues

from .conftest import COMMUNITY_CODE, DEMO_REGISTER
from .helpers import runtime_of

HIGH_WITH_IOT_AND_PATROL = [
    "standard_pedestrian_face_capture",
    "standard_pedestrian_access_channel",
    "standard_vehicle_plate_recognition",
    "standard_vehicle_barrier",
    "standard_vehicle_detector",
    "standard_data_gateway",
    "standard_nvr",
    "standard_collection_terminal",
    "medium_video_coverage",
    "medium_recording_retention",
    "high_unit_access_terminal",
    "high_unit_face_capture",
    "optional_patrol",
    "optional_iot_smoke",
    "optional_iot_manhole",
    "optional_iot_meters",
]
HALLWAY_CAMERA_4_2 = "34010449971328001036"  # 4栋2单元1F人脸抓拍机
NVR = "34010449011188001015"
RETENTION = "medium_recording_retention"


def _compliance_state(hass: HomeAssistant) -> object:
    entity_id = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{COMMUNITY_CODE}_compliance"
    )
    assert entity_id is not None
    return hass.states.get(entity_id)


def _issues(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, ir.IssueEntry]:
    prefix = f"compliance_{entry.entry_id}_"
    return {
        issue_id[len(prefix) :]: issue
        for (domain, issue_id), issue in ir.async_get(hass).issues.items()
        if domain == DOMAIN and issue_id.startswith(prefix)
    }


def _register_without(config_dir: Path, name: str, *codes: str) -> str:
    lines = DEMO_REGISTER.read_text(encoding="utf-8-sig").splitlines()
    kept = [line for line in lines if not line.startswith(codes)]
    (config_dir / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    return name


async def test_the_demo_community_at_tier_high_misses_only_the_nvr_retention(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    runtime = runtime_of(loaded_entry).compliance
    requirements = {r.id: r for r in runtime.evaluation.requirements}
    assert list(requirements) == HIGH_WITH_IOT_AND_PATROL
    assert "optional_perimeter" not in requirements  # not selected
    assert [r.id for r in runtime.evaluation.open_items] == [RETENTION]
    # The demo register leaves the NVR's 录像保存天数 empty: unknown retention is missing.
    assert requirements[RETENTION].missing == (
        f"蜀山区华府骏苑监控室东侧硬盘录像机 ({NVR}): 录像保存 未登记 / not recorded"
        " < 30 天 / retention",
    )
    assert any(HALLWAY_CAMERA_4_2 in e for e in requirements["high_unit_face_capture"].evidence)
    state = _compliance_state(hass)
    assert state.state == "not_compliant"
    assert state.attributes["open_items"] == 1
    assert state.attributes["open_item_ids"] == [RETENTION]
    issues = _issues(hass, loaded_entry)
    assert list(issues) == [RETENTION]
    assert issues[RETENTION].translation_key == "compliance_requirement"
    assert NVR in issues[RETENTION].translation_placeholders["missing"]


async def test_a_unit_without_its_hallway_camera_is_a_repair_issue(
    hass: HomeAssistant, community_entry: MockConfigEntry, config_dir: Path
) -> None:
    target = config_dir / DOMAIN / COMMUNITY_CODE / "register.csv"
    _register_without(config_dir, "reduced.csv", HALLWAY_CAMERA_4_2)
    target.write_bytes((config_dir / "reduced.csv").read_bytes())
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()

    issues = _issues(hass, community_entry)
    assert sorted(issues) == ["high_unit_face_capture", RETENTION]
    issue = issues["high_unit_face_capture"]
    assert issue.translation_key == "compliance_requirement"
    assert issue.translation_placeholders is not None
    assert "4栋2单元: 单元楼道人脸抓拍机" in issue.translation_placeholders["missing"]
    assert "单元楼道人脸抓拍" in issue.translation_placeholders["title"]
    state = _compliance_state(hass)
    assert state.state == "not_compliant"
    assert state.attributes["open_item_ids"] == [RETENTION, "high_unit_face_capture"]


async def test_importing_a_register_without_the_nvr_raises_and_stale_issues_go(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, config_dir: Path
) -> None:
    name = _register_without(config_dir, "no-nvr.csv", NVR)
    await hass.services.async_call(
        DOMAIN,
        "import_register",
        {"config_entry_id": loaded_entry.entry_id, "file": name, "replace": True},
        blocking=True,
    )
    await hass.async_block_till_done()
    issues = _issues(hass, loaded_entry)
    # Without the NVR only the cameras record (30 days each): retention is met now.
    assert list(issues) == ["standard_nvr"]
    assert "硬盘录像机" in issues["standard_nvr"].translation_placeholders["missing"]
    assert _compliance_state(hass).state == "not_compliant"

    # The NVR is back: its issue goes, the retention issue returns.
    (config_dir / "full.csv").write_bytes(DEMO_REGISTER.read_bytes())
    await hass.services.async_call(
        DOMAIN,
        "import_register",
        {"config_entry_id": loaded_entry.entry_id, "file": "full.csv"},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert list(_issues(hass, loaded_entry)) == [RETENTION]


async def test_acceptance_report_writes_html_and_the_police_register(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, config_dir: Path
) -> None:
    response = await hass.services.async_call(
        DOMAIN,
        "acceptance_report",
        {"config_entry_id": loaded_entry.entry_id},
        blocking=True,
        return_response=True,
    )
    assert isinstance(response, dict)
    html_path = Path(response["html"])
    # Kept in the community's folder: HA serves www/ to anyone without a login.
    assert html_path.parent == config_dir / DOMAIN / COMMUNITY_CODE / "reports"
    assert not (config_dir / "www").exists()
    assert html_path.name.startswith("acceptance-") and html_path.suffix == ".html"
    html = html_path.read_text(encoding="utf-8")
    assert "高配版 / high" in html
    for requirement in HIGH_WITH_IOT_AND_PATROL:
        assert requirement in html
    assert HALLWAY_CAMERA_4_2 in html and NVR in html  # device codes as evidence
    assert "1 项未满足 / open items" in html
    summary = response["summary"]
    assert summary["tier"] == "high"
    assert summary["compliant"] is False
    assert summary["open_items"] == [RETENTION]
    assert summary["requirements"] == len(HIGH_WITH_IOT_AND_PATROL)
    sheet = openpyxl.load_workbook(response["xlsx"]).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "设备编码"
    assert len(rows) - 1 == summary["police_register_rows"] > 0
    assert HALLWAY_CAMERA_4_2 in {row[0] for row in rows[1:]}


async def test_removing_the_community_removes_its_issues(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    assert list(_issues(hass, loaded_entry)) == [RETENTION]
    async_remove_community_issues(hass, loaded_entry.entry_id)
    assert _issues(hass, loaded_entry) == {}
