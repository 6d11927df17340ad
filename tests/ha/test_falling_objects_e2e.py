"""Falling objects end to end: a rendered clip over RTSP into a real HA with the integration.

Debian's FFmpeg publishes the clip (a throw from a known window, with birds, leaves and a
person on a balcony) into a loopback RTSP relay, exactly as a camera serves it. The register
names the relay as the falling-object camera's 视频流地址 and the options hold its facade.
The stream is first missing (a repair issue after a while), then published: the issue clears,
the analysis finds the throw, the camera's event entity fires with floor and column, the
records keep the throw with its keyframe and MP4 clip (served through HA's auth), and the
falling-object blueprint sends the guard a notification whose signed keyframe and clip links
any phone can open. Unloading the community stops the analysis thread.
"""

from __future__ import annotations

import asyncio
import csv
import io
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components.automation import DOMAIN as AUTOMATION_DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
from PIL import Image
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_mock_service
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.smart_community.const import (
    CONF_FALLING_FACADES,
    CONF_NOTIFY_TARGETS,
    DOMAIN,
)
from custom_components.smart_community.core.records import RecordKind, RecordQuery
from custom_components.smart_community.features import falling
from custom_components.smart_community.issues import IssueFamily, issue_id
from tools.falling.clip import ClipRenderer, ClipSpec
from tools.falling.encode import write_mp4
from tools.rtsp_relay import RtspRelay

from .conftest import COMMUNITY_CODE
from .helpers import runtime_of

# the monitor thread waits with timeouts (reconnects, frames): real time only
pytestmark = pytest.mark.realtime
ROOT = Path(__file__).parents[2]
CAMERA = "34010449011328001045"  # 蜀山区华府骏苑3栋南侧高空抛物摄像机


@pytest.fixture(scope="module")
def throw_clip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A 7 s 640x360 H.264 clip with one throw (day), and its truth."""
    folder = tmp_path_factory.mktemp("falling_e2e")
    spec = ClipSpec(
        seed=3,
        seconds=7.0,
        throws=1,
        night=False,
        width=640,
        height=360,
        birds=2,
        leaves=2,
        people=1,
        size_px=(10.0, 12.0),
    )
    renderer = ClipRenderer(spec)
    write_mp4(folder / "clip.mp4", renderer.frames(), spec.fps)
    return folder / "clip.mp4", renderer.truth()


@pytest.fixture
def relay(socket_enabled: None) -> Iterator[RtspRelay]:
    with RtspRelay() as server:
        yield server


@pytest.fixture
def quick_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short clips and retries, and a repair after 1.5 s instead of 2 minutes."""
    monkeypatch.setattr(
        falling,
        "MONITOR_OPTIONS",
        replace(
            falling.MONITOR_OPTIONS,
            pre_s=1.0,
            post_s=1.0,
            reconnect_delays_s=(0.3,),
            open_timeout_s=5.0,
            read_timeout_s=3.0,
        ),
    )
    monkeypatch.setattr(falling, "STREAM_DOWN_AFTER", timedelta(seconds=1.5))


def _register_with_stream(source: Path, target: Path, url: str) -> None:
    with source.open(encoding="utf-8-sig", newline="") as file:
        lines = list(csv.reader(file))
    headings, body = lines[0], lines[1:]
    code = headings.index("设备编码")
    rows = [[*line, url if line[code] == CAMERA else ""] for line in body]
    with target.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([[*headings, "视频流地址"], *rows])


async def _until(hass: HomeAssistant, condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.1)
        await hass.async_block_till_done()
    return condition()


def _entity(hass: HomeAssistant, domain: str, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(domain, DOMAIN, f"{CAMERA}_{key}")
    assert entity_id is not None
    return entity_id


async def test_rtsp_clip_to_event_record_and_notification(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    config_dir: Path,
    throw_clip: tuple[Path, dict[str, Any]],
    relay: RtspRelay,
    quick_analysis: None,
    hass_client: ClientSessionGenerator,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    clip, truth = throw_clip
    (true,) = truth["throws"]
    register = config_dir / DOMAIN / COMMUNITY_CODE / "register.csv"
    _register_with_stream(ROOT / "tools" / "demo" / "register.csv", register, relay.url("cam"))
    hass.config_entries.async_update_entry(
        community_entry,
        options={
            CONF_NOTIFY_TARGETS: ["notify.mobile_app_guard"],
            CONF_FALLING_FACADES: {CAMERA: truth["facade"]},
        },
    )
    blueprints = config_dir / "blueprints" / "automation" / DOMAIN
    blueprints.mkdir(parents=True)
    shutil.copy(ROOT / "blueprints" / "automation" / DOMAIN / "falling_object.yaml", blueprints)
    guard_phone: list[ServiceCall] = async_mock_service(hass, "notify", "mobile_app_guard")
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    entry_id = community_entry.entry_id
    feature = runtime_of(community_entry).falling
    try:
        event_entity = _entity(hass, "event", "alarm")
        assert await async_setup_component(
            hass,
            AUTOMATION_DOMAIN,
            {
                AUTOMATION_DOMAIN: [
                    {
                        "id": "falling",
                        "alias": "falling",
                        "use_blueprint": {
                            "path": f"{DOMAIN}/falling_object.yaml",
                            "input": {"alarm_events": [event_entity]},
                        },
                    }
                ]
            },
        )
        issues = ir.async_get(hass)
        down = issue_id(IssueFamily.FALLING_STREAM_DOWN, entry_id, CAMERA)
        analysis = _entity(hass, "sensor", "falling_analysis")

        # Nobody publishes yet: the camera cannot be opened, and after a while it is a repair.
        assert await _until(hass, lambda: issues.async_get_issue(DOMAIN, down) is not None, 20)
        assert hass.states.get(analysis).state in ("reconnecting", "connecting")

        with relay.publish(clip, "cam"):
            # The stream is back: the issue clears, the analysis runs and finds the throw.
            assert await _until(hass, lambda: issues.async_get_issue(DOMAIN, down) is None, 20)
            assert await _until(hass, lambda: bool(guard_phone), 40), hass.states.get(analysis)
            # the camera entity shows the current view (the picture a facade is clicked on)
            camera = hass.states.get(_entity(hass, "camera", "camera"))
            response = await (await hass_client()).get(camera.attributes["entity_picture"])
            assert response.status == 200
            view = Image.open(io.BytesIO(await response.read()))
            assert (view.format, view.size) == ("JPEG", (640, 360))
        state = hass.states.get(event_entity)
        assert state is not None
        attributes = state.attributes
        assert attributes["event_type"] == "alarm"
        assert attributes["device_event_type"] == "falling_object"
        assert attributes["column"] == true["column"]
        assert abs(attributes["floor"] - true["floor"]) <= 1
        assert attributes["floor_low"] <= attributes["floor"] <= attributes["floor_high"]
        assert 0.25 <= attributes["confidence"] <= 1.0
        assert attributes["image_types"] == ["scene", "clip"]
        sensor = hass.states.get(analysis)
        assert sensor.state == "running"
        assert sensor.attributes["throws"] >= 1
        assert "rtsp://127.0.0.1" in sensor.attributes["stream"]

        # The throw is a record with its keyframe and clip.
        records = runtime_of(community_entry).records
        page = await records.async_search(RecordQuery(device=CAMERA, kind=RecordKind.ALARM))
        record = page.records[-1]
        assert record.attributes["floor"] == attributes["floor"]
        assert record.attributes["column"] == true["column"]
        assert sorted(image.path.rsplit(".", 1)[1] for image in record.images) == ["jpg", "mp4"]

        # Served through HA's auth: a staff user gets them, nobody else.
        keyframe, clip_url = attributes["keyframe_url"], attributes["clip_url"]
        client = await hass_client()
        response = await client.get(keyframe)
        assert response.status == 200
        assert response.headers["Content-Type"] == "image/jpeg"
        assert (await response.read())[:2] == b"\xff\xd8"
        response = await client.get(clip_url)
        assert response.status == 200
        assert response.headers["Content-Type"] == "video/mp4"
        assert b"ftyp" in (await response.read())[:16]
        anonymous = await hass_client_no_auth()
        assert (await anonymous.get(keyframe)).status == 401
        other = f"/api/smart_community/media/{entry_id}/{'0' * 64}.jpg"
        assert (await client.get(other)).status == 404

        # The blueprint's notification: message with floor and column, keyframe and clip
        # signed so that the guard's phone opens them without a session.
        (call,) = guard_phone[:1]
        assert f"第 {true['column']} 列窗户" in call.data["message"]
        data = call.data["data"]
        assert data["image"].startswith(keyframe + "?authSig=")
        assert data["video"].startswith(clip_url + "?authSig=")
        response = await anonymous.get(data["image"])
        assert response.status == 200
        assert (await response.read())[:2] == b"\xff\xd8"
        assert (await anonymous.get(data["video"])).status == 200
    finally:
        await hass.config_entries.async_unload(entry_id)
        await hass.async_block_till_done()
    assert community_entry.state is ConfigEntryState.NOT_LOADED
    monitor = feature.cameras[CAMERA].monitor
    assert monitor is not None and not monitor.running
