"""Falling-object cameras in HA without a stream: calibration, repairs, a throw's event, record,
evidence files and their view, the safety sensor's hold, the notification's links.

A throw is handed to the feature exactly as the monitor thread does (``on_throw`` with a
:class:`ThrowEvidence` whose clip and keyframe files exist); ``test_falling_objects_e2e.py``
does the same with a real RTSP stream and the real analysis.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import AsyncGenerator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import voluptuous as vol
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
    async_mock_service,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.smart_community.const import (
    CONF_FALLING_FACADES,
    CONF_MQTT_PREFIX,
    CONF_NOTIFY_TARGETS,
    CONF_RETENTION_DAYS,
    DOMAIN,
    EVENT_DEVICE_EVENT,
)
from custom_components.smart_community.core.falling.detector import Throw
from custom_components.smart_community.core.falling.monitor import ThrowEvidence
from custom_components.smart_community.core.records import RecordKind, RecordQuery
from custom_components.smart_community.diagnostics import async_get_config_entry_diagnostics
from custom_components.smart_community.features.falling import ALARM_HOLD
from custom_components.smart_community.issues import IssueFamily, issue_id
from custom_components.smart_community.websocket.rows import Shaper

from .conftest import COMMUNITY_CODE, DEMO_REGISTER
from .helpers import runtime_of

CAMERA = "34010449011328001045"  # 蜀山区华府骏苑3栋南侧高空抛物摄像机
# Nothing listens on the discard port: a calibrated camera's thread fails to connect and
# retries until the test unloads the community.
DEAD_STREAM = "rtsp://admin:hunter2@127.0.0.1:9/Streaming/101"
FACADE = {
    "corners": [[400, 80], [1500, 90], [1490, 1000], [420, 990]],
    "floors": 18,
    "lowest_floor": 1,
    "columns": 4,
    "floor_height_m": 3.0,
}


def _register(target: Path, stream: str) -> None:
    with DEMO_REGISTER.open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))
    code = lines[0].index("设备编码")
    rows = [[*line, stream if line[code] == CAMERA else ""] for line in lines[1:]]
    with target.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([[*lines[0], "视频流地址"], *rows])


@pytest.fixture
async def falling_entry(
    hass: HomeAssistant, community_entry: MockConfigEntry, config_dir: Path
) -> AsyncGenerator[MockConfigEntry]:
    """The demo community whose falling-object camera has a stream and no calibration."""
    _register(config_dir / DOMAIN / COMMUNITY_CODE / "register.csv", DEAD_STREAM)
    hass.config_entries.async_update_entry(
        community_entry, options={CONF_NOTIFY_TARGETS: ["notify.mobile_app_guard"]}
    )
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    yield community_entry
    # a calibrated camera has a thread: the community must stop it
    if community_entry.state is ConfigEntryState.LOADED:
        await hass.config_entries.async_unload(community_entry.entry_id)
        await hass.async_block_till_done()


def _entity(hass: HomeAssistant, domain: str, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(domain, DOMAIN, f"{CAMERA}_{key}")
    assert entity_id is not None, key
    return entity_id


def _evidence(folder: Path) -> ThrowEvidence:
    folder.mkdir(parents=True, exist_ok=True)
    keyframe, clip = folder / "throw.jpg", folder / "throw.mp4"
    keyframe.write_bytes(b"\xff\xd8\xff\xe0 keyframe of the throw")
    clip.write_bytes(b"\x00\x00\x00\x18ftypisom clip of the throw")
    throw = Throw(
        start_s=12.4,
        end_s=14.1,
        floor=12,
        floor_low=11,
        floor_high=13,
        column=2,
        origin_px=(812.34, 402.12),
        confidence=0.87,
        acceleration_mps2=9.6,
        trajectory=((12.6, 812.0, 410.0), (13.0, 813.0, 470.0)),
        window_outline=((780.0, 380.0), (850.0, 380.0), (850.0, 430.0), (780.0, 430.0)),
    )
    now = dt_util.utcnow()
    return ThrowEvidence(CAMERA, throw, now, now - timedelta(seconds=3), clip, keyframe)


async def test_a_camera_without_calibration_is_a_repair_and_not_analysed(
    hass: HomeAssistant, falling_entry: MockConfigEntry
) -> None:
    feature = runtime_of(falling_entry).falling
    assert list(feature.cameras) == [CAMERA]
    assert feature.cameras[CAMERA].monitor is None  # no thread without a facade
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, issue_id(IssueFamily.FALLING_UNCALIBRATED, falling_entry.entry_id, CAMERA)
    )
    assert issue is not None
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["camera"] == "蜀山区华府骏苑3栋南侧高空抛物摄像机"
    assert issue.translation_placeholders["reason"] == "no facade calibration"
    sensor = hass.states.get(_entity(hass, "sensor", "falling_analysis"))
    assert sensor is not None
    assert sensor.state == "uncalibrated"
    assert sensor.attributes["stream"] == "rtsp://admin:***@127.0.0.1:9/Streaming/101"
    # the camera entity streams the register's address
    camera = hass.states.get(_entity(hass, "camera", "camera"))
    assert camera is not None and camera.attributes["frontend_stream_type"] == "hls"
    diagnostics = await async_get_config_entry_diagnostics(hass, falling_entry)  # type: ignore[arg-type]
    assert "hunter2" not in str(diagnostics)
    assert diagnostics["falling_objects"][CAMERA]["state"] == "uncalibrated"


async def test_a_broken_calibration_names_the_field(
    hass: HomeAssistant, falling_entry: MockConfigEntry
) -> None:
    hass.config_entries.async_update_entry(
        falling_entry,
        options={CONF_FALLING_FACADES: {CAMERA: {**FACADE, "floors": 0}}},
    )
    await hass.async_block_till_done()  # the options listener reloads the community
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, issue_id(IssueFamily.FALLING_UNCALIBRATED, falling_entry.entry_id, CAMERA)
    )
    assert issue is not None and issue.translation_placeholders is not None
    assert issue.translation_placeholders["reason"] == "floors: 0 is outside 1…200"


async def test_calibrated_camera_runs_and_its_issues_go(
    hass: HomeAssistant, falling_entry: MockConfigEntry
) -> None:
    hass.config_entries.async_update_entry(
        falling_entry, options={CONF_FALLING_FACADES: {CAMERA: FACADE}}
    )
    await hass.async_block_till_done()
    feature = runtime_of(falling_entry).falling
    monitor = feature.cameras[CAMERA].monitor
    assert monitor is not None and monitor.running
    assert (
        ir.async_get(hass).async_get_issue(
            DOMAIN, issue_id(IssueFamily.FALLING_UNCALIBRATED, falling_entry.entry_id, CAMERA)
        )
        is None
    )
    await hass.config_entries.async_unload(falling_entry.entry_id)
    await hass.async_block_till_done()
    assert not monitor.running  # unloading joins the thread


async def test_a_throw_is_an_event_a_record_and_evidence(
    hass: HomeAssistant,
    falling_entry: MockConfigEntry,
    config_dir: Path,
    hass_client: ClientSessionGenerator,
    hass_read_only_access_token: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    runtime = runtime_of(falling_entry)
    bus = async_capture_events(hass, EVENT_DEVICE_EVENT)
    evidence = _evidence(config_dir / "evidence")
    caplog.set_level(logging.INFO, logger="custom_components.smart_community")
    # the monitor thread's callback: reads and removes the files, hands over to the loop
    await hass.async_add_executor_job(runtime.falling._throw_from_thread, CAMERA, evidence)
    await hass.async_block_till_done()
    # A throw is the product working, not a fault of it: logged as information (the log's
    # warnings are for what the installer must fix), the event and the record carry it.
    ours = [r for r in caplog.records if r.name.startswith("custom_components.smart_community")]
    assert [r.levelno for r in ours if "Falling object at" in r.getMessage()] == [logging.INFO]
    assert [r.getMessage() for r in ours if r.levelno >= logging.WARNING] == []
    assert evidence.clip_path is not None and not evidence.clip_path.exists()
    assert evidence.keyframe_path is not None and not evidence.keyframe_path.exists()

    state = hass.states.get(_entity(hass, "event", "alarm"))
    assert state is not None
    attributes = state.attributes
    assert attributes["event_type"] == "alarm"
    assert attributes["device_event_type"] == "falling_object"
    assert (attributes["floor"], attributes["floor_low"], attributes["floor_high"]) == (12, 11, 13)
    assert attributes["column"] == 2
    assert attributes["confidence"] == 0.87
    assert attributes["origin_px"] == [812.3, 402.1]
    assert attributes["detected_by"] == "analysis"
    media = f"/api/smart_community/media/{falling_entry.entry_id}/"
    keyframe, clip = attributes["keyframe_url"], attributes["clip_url"]
    assert keyframe.startswith(media) and keyframe.endswith(".jpg")
    assert clip.startswith(media) and clip.endswith(".mp4")
    (fired,) = bus
    assert fired.data["floor"] == 12 and fired.data["device_code"] == CAMERA
    assert fired.data["time"] == evidence.released_at.isoformat()
    safety = _entity(hass, "binary_sensor", "falling_object")
    assert hass.states.get(safety).state == "on"
    sensor = hass.states.get(_entity(hass, "sensor", "falling_analysis"))
    assert sensor.attributes["throws"] == 1

    page = await runtime.records.async_search(RecordQuery(device=CAMERA, kind=RecordKind.ALARM))
    (record,) = page.records
    assert record.attributes["floor"] == 12 and record.attributes["column"] == 2
    assert record.attributes["event_type"] == "falling_object"
    assert len(record.images) == 2
    # The console shows the keyframe as a picture, the clip as a video (its thumbnail was a
    # broken image), and where the object came from
    row = Shaper(runtime, lambda path: path).record(record)
    assert [image["type"] for image in row["images"]] == ["scene"]
    assert row["clips"] == [{"url": attributes["clip_url"]}]
    assert row["falling"] == {
        "floor": 12,
        "floor_low": 11,
        "floor_high": 13,
        "column": 2,
        "confidence": 0.87,
    }

    client = await hass_client()
    response = await client.get(attributes["clip_url"])
    assert response.status == 200
    assert response.headers["Content-Type"] == "video/mp4"
    assert await response.read() == b"\x00\x00\x00\x18ftypisom clip of the throw"
    response = await client.get(attributes["keyframe_url"])
    assert response.headers["Content-Type"] == "image/jpeg"
    # the hash with the other file's extension, another community, a read-only user
    assert (await client.get(attributes["clip_url"][:-4] + ".jpg")).status == 404
    other = attributes["clip_url"].replace(falling_entry.entry_id, "01JDOTHERCOMMUNITY0000000")
    assert (await client.get(other)).status == 404
    reader = await hass_client(hass_read_only_access_token)
    assert (await reader.get(attributes["clip_url"])).status == 403

    # the safety sensor is on for a minute after the throw, then off (no second record)
    async_fire_time_changed(hass, dt_util.utcnow() + ALARM_HOLD + timedelta(seconds=1))
    await hass.async_block_till_done()
    assert hass.states.get(safety).state == "off"
    assert len(bus) == 1
    page = await runtime.records.async_search(RecordQuery(device=CAMERA))
    assert len(page.records) == 1


async def test_notifications_link_only_evidence_files(
    hass: HomeAssistant, falling_entry: MockConfigEntry
) -> None:
    async_mock_service(hass, "notify", "mobile_app_guard")
    for field in ("image", "clip"):
        with pytest.raises(vol.Invalid, match="not an evidence file"):
            await hass.services.async_call(
                DOMAIN,
                "notify_staff",
                {
                    "config_entry_id": falling_entry.entry_id,
                    "message": "x",
                    field: "/api/camera_proxy/camera.x",
                },
                blocking=True,
            )


async def _options_to_cameras(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_RETENTION_DAYS: 90, CONF_MQTT_PREFIX: "community"}
    )
    assert result["step_id"] == "docking"
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert result["step_id"] == "terminals"  # the register's access terminals come first
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "falling_camera"
    return result


async def test_options_flow_calibrates_a_camera(
    hass: HomeAssistant, falling_entry: MockConfigEntry
) -> None:
    result = await _options_to_cameras(hass, falling_entry)
    assert result["description_placeholders"] == {"calibrated": "0", "cameras": "1"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"camera": CAMERA}
    )
    assert result["step_id"] == "facade"
    placeholders = result["description_placeholders"]
    assert placeholders["camera"] == "蜀山区华府骏苑3栋南侧高空抛物摄像机"
    # the camera's current view, through HA's authenticated camera proxy
    assert placeholders["picture"].startswith("![camera view](/api/camera_proxy/camera.")
    form = {
        "corners": "400,80 1500,90 1490,1000",
        "floors": 18,
        "lowest_floor": 1,
        "columns": 4,
        "floor_height_m": 3.0,
    }
    result = await hass.config_entries.options.async_configure(result["flow_id"], form)
    assert result["errors"] == {"base": "invalid_facade"}
    assert "four x,y pairs" in result["description_placeholders"]["reason"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**form, "corners": "1500,90 400,80 420,990 1490,1000"}
    )
    assert result["errors"] == {"base": "invalid_facade"}
    assert "left of the right corners" in result["description_placeholders"]["reason"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**form, "corners": "400,80; 1500,90; 1490,1000; 420,990"}
    )
    assert result["step_id"] == "falling_camera"
    assert result["description_placeholders"]["calibrated"] == "1"
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert falling_entry.options[CONF_FALLING_FACADES] == {CAMERA: FACADE | {"floor_height_m": 3.0}}
    await hass.async_block_till_done()  # reloaded: the camera is analysed now
    assert runtime_of(falling_entry).falling.cameras[CAMERA].monitor is not None

    # Another pass keeps the calibration; "remove" takes it away.
    result = await _options_to_cameras(hass, falling_entry)
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert falling_entry.options[CONF_FALLING_FACADES] == {CAMERA: FACADE}
    await hass.async_block_till_done()
    result = await _options_to_cameras(hass, falling_entry)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"camera": CAMERA}
    )
    assert result["step_id"] == "facade"
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "corners": "400,80 1500,90 1490,1000 420,990",
            "floors": 18,
            "lowest_floor": 1,
            "columns": 4,
            "floor_height_m": 3.0,
            "remove": True,
        },
    )
    result = await hass.config_entries.options.async_configure(result["flow_id"], {})
    assert CONF_FALLING_FACADES not in falling_entry.options
    await hass.async_block_till_done()
