"""Police data docking in a real HA against the reference view library on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import AsyncGenerator, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from PIL import Image
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.smart_community.const import (
    CONF_DOCKING_ALARM_MINUTES,
    CONF_DOCKING_ALLOW_ARCHIVES,
    CONF_DOCKING_KINDS,
    CONF_DOCKING_PASSWORD,
    CONF_DOCKING_PLATFORM_ID,
    CONF_DOCKING_URL,
    CONF_DOCKING_USERNAME,
    DOMAIN,
)
from custom_components.smart_community.core.events import (
    DeviceEvent,
    EventImage,
    EventKind,
    ImageType,
)
from custom_components.smart_community.features.docking import DockingFeature
from custom_components.smart_community.hub import CommunityHub
from tools.viewlib import ViewLibrary

from .conftest import COMMUNITY_CODE
from .helpers import deliver, hub_of, runtime_of, wait_until

PLATFORM_ID = "34010449002000000001"
FACE_CAMERAS = ("34010449971328001001", "34010449971328001002", "34010449971328001005")
PLATE_CAMERA = "34010449981198001009"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
async def viewlib(socket_enabled: None) -> AsyncGenerator[ViewLibrary]:
    """The reference view library on 127.0.0.1."""
    library = ViewLibrary(username="police", password="s3cret")
    await library.start()
    yield library
    await library.stop()


def _options(library: ViewLibrary, **extra: object) -> dict[str, object]:
    return {
        CONF_DOCKING_URL: library.url,
        CONF_DOCKING_USERNAME: "police",
        CONF_DOCKING_PASSWORD: "s3cret",
        CONF_DOCKING_PLATFORM_ID: PLATFORM_ID,
        CONF_DOCKING_KINDS: ["faces", "motor_vehicles"],
        CONF_DOCKING_ALLOW_ARCHIVES: False,
        CONF_DOCKING_ALARM_MINUTES: 60,
        **extra,
    }


async def _set_up(
    hass: HomeAssistant, entry: MockConfigEntry, options: dict[str, object]
) -> DockingFeature:
    hass.config_entries.async_update_entry(entry, options=options)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    docking = runtime_of(entry).docking
    assert docking is not None
    return docking


def _jpeg(seed: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (seed % 256, 80, 160)).save(out, format="JPEG")
    return out.getvalue()


def _face(device: str, second: int, **extra: object) -> DeviceEvent:
    return DeviceEvent(
        kind=EventKind.FACE_CAPTURE,
        device_id=device,
        time=datetime(2026, 11, 25, 9, 0, second, tzinfo=SHANGHAI),
        images=(
            EventImage(ImageType.SCENE, _jpeg(second)),
            EventImage(ImageType.FACE, _jpeg(second + 100)),
        ),
        source="gat1400",
        **extra,  # type: ignore[arg-type]
    )


async def _until(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.05)


async def _sensor_reaches(
    hass: HomeAssistant,
    runtime: DockingFeature,
    key: str,
    value: str,
    platform: str = "sensor",
) -> None:
    """Refresh until the entity shows ``value`` (at most 15 s): the library answers the last
    object before the sender marks it sent, so the sensors lag the library a moment."""
    await wait_until(
        hass,
        lambda: _state(hass, platform, key) == value,
        f"{platform} {key} showing {value!r}",
        refresh=runtime.async_refresh,
        seconds=15.0,
    )


def _state(hass: HomeAssistant, platform: str, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(platform, DOMAIN, f"{COMMUNITY_CODE}_{key}")
    assert entity_id is not None, key
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state


def _hub(entry: MockConfigEntry) -> CommunityHub:
    hub: CommunityHub = hub_of(entry)
    return hub


async def test_no_docking_without_an_upstream(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    assert runtime_of(loaded_entry).docking is None
    assert (
        er.async_get(hass).async_get_entity_id(
            "sensor", DOMAIN, f"{COMMUNITY_CODE}_docking_queue_depth"
        )
        is None
    )


async def test_face_captures_and_plates_reach_the_view_library_once(
    hass: HomeAssistant, community_entry: MockConfigEntry, viewlib: ViewLibrary
) -> None:
    runtime = await _set_up(hass, community_entry, _options(viewlib))
    await _until(lambda: viewlib.state.registrations >= 1)
    hub = _hub(community_entry)
    for second, camera in enumerate(FACE_CAMERAS):
        assert deliver(hub, _face(camera, second))
    deliver(hub, _face(FACE_CAMERAS[0], 0))  # the same capture again
    deliver(
        hub,
        DeviceEvent(
            kind=EventKind.VEHICLE,
            device_id=PLATE_CAMERA,
            time=datetime(2026, 11, 25, 9, 1, 0, tzinfo=SHANGHAI),
            plate="皖A12345",
            plate_color="blue",
            images=(EventImage(ImageType.SCENE, _jpeg(7)),),
        ),
    )
    await _until(lambda: viewlib.state.to_json()["received_total"] == 4)
    assert viewlib.state.received["/VIID/Faces"] == 3
    assert viewlib.state.received["/VIID/MotorVehicles"] == 1
    assert viewlib.state.duplicates == 0

    await _sensor_reaches(hass, runtime, "docking_sent_today", "4")
    assert _state(hass, "binary_sensor", "docking_connected") == "on"
    assert _state(hass, "sensor", "docking_queue_depth") == "0"
    assert _state(hass, "sensor", "docking_oldest_unsent_age") == "unknown"


async def test_only_the_chosen_kinds_leave_and_archives_need_consent(
    hass: HomeAssistant, community_entry: MockConfigEntry, viewlib: ViewLibrary
) -> None:
    runtime = await _set_up(
        hass,
        community_entry,
        _options(viewlib, **{CONF_DOCKING_KINDS: ["motor_vehicles", "persons"]}),
    )
    match = DeviceEvent(
        kind=EventKind.FACE_MATCH,
        device_id=FACE_CAMERAS[0],
        time=datetime(2026, 11, 25, 9, 0, 0, tzinfo=SHANGHAI),
        person_id="resident-1",
        images=(EventImage(ImageType.FACE, _jpeg(1)),),
    )
    device = _hub(community_entry).devices[FACE_CAMERAS[0]]
    assert runtime.captures_for(device, match) == []  # faces off, archives not allowed
    runtime.allow_archives = True
    assert [c.kind.value for c in runtime.captures_for(device, match)] == ["person"]


async def test_upstream_down_then_back_drains_without_duplicates(
    hass: HomeAssistant, community_entry: MockConfigEntry, viewlib: ViewLibrary
) -> None:
    runtime = await _set_up(hass, community_entry, _options(viewlib))
    await _until(lambda: viewlib.state.registrations >= 1)
    hub = _hub(community_entry)
    viewlib.control("fail", status=503)
    for second in range(5):
        deliver(hub, _face(FACE_CAMERAS[second % 3], second))
    await _until(lambda: viewlib.state.failed_requests >= 1)
    # the first capture failed upstream; the others may still be on their way to the outbox
    await _sensor_reaches(hass, runtime, "docking_queue_depth", "5")
    assert float(_state(hass, "sensor", "docking_oldest_unsent_age")) >= 0
    assert "503" in _state(hass, "sensor", "docking_last_error")

    viewlib.control("ok")
    await _until(lambda: viewlib.state.to_json()["received_total"] == 5, timeout=30)
    await _sensor_reaches(hass, runtime, "docking_queue_depth", "0")
    assert _state(hass, "sensor", "docking_sent_today") == "5"
    assert viewlib.state.duplicates == 0


async def test_docking_down_too_long_is_a_repair_issue(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    viewlib: ViewLibrary,
    freezer: FrozenDateTimeFactory,
) -> None:
    viewlib.password = "changed"  # the police platform refuses us
    runtime = await _set_up(
        hass, community_entry, _options(viewlib, **{CONF_DOCKING_ALARM_MINUTES: 30})
    )
    issue_id = f"docking_down_{community_entry.entry_id}"
    freezer.tick(timedelta(minutes=29))
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _state(hass, "binary_sensor", "docking_connected") == "off"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
    freezer.tick(timedelta(minutes=2))
    async_fire_time_changed(hass)
    registry = ir.async_get(hass)
    await wait_until(
        hass, lambda: registry.async_get_issue(DOMAIN, issue_id) is not None, "the repair issue"
    )
    issue = registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "docking_down"
    assert issue.translation_placeholders is not None
    assert issue.translation_placeholders["minutes"] == "31"

    viewlib.password = "s3cret"  # back: the issue clears at the next refresh
    async with asyncio.timeout(30):
        # Frozen time: the registration back-off only ends when the clock moves.
        while not viewlib.state.registrations:
            freezer.tick(timedelta(seconds=5))
            async_fire_time_changed(hass)
            await hass.async_add_executor_job(time.sleep, 0.02)
    # the library counts the registration before our side has read its answer
    await _sensor_reaches(hass, runtime, "docking_connected", "on", "binary_sensor")
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None


async def test_full_outbox_is_a_repair_issue_not_a_silent_drop(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    viewlib: ViewLibrary,
    caplog: pytest.LogCaptureFixture,
) -> None:
    runtime = await _set_up(hass, community_entry, _options(viewlib))
    viewlib.control("fail", status=503)
    runtime.service.outbox.max_rows = 2
    hub = _hub(community_entry)
    for second in range(3):
        deliver(hub, _face(FACE_CAMERAS[0], second))
    issue_id = f"docking_outbox_full_{community_entry.entry_id}"
    await _until(lambda: ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is not None)
    assert "Docking outbox of 华府骏苑 is full" in caplog.text
    assert runtime.dropped == 1


async def test_unload_stops_the_docking(
    hass: HomeAssistant, community_entry: MockConfigEntry, viewlib: ViewLibrary
) -> None:
    await _set_up(hass, community_entry, _options(viewlib))
    await _until(lambda: viewlib.state.registrations >= 1)
    deliver(_hub(community_entry), _face(FACE_CAMERAS[0], 0))
    assert await hass.config_entries.async_unload(community_entry.entry_id)
    await hass.async_block_till_done()
    assert community_entry.state is ConfigEntryState.NOT_LOADED
    assert viewlib.sessions == set()  # unregistered


def _subscription(receive: str) -> dict[str, object]:
    return {
        "SubscribeListObject": {
            "SubscribeObject": [
                {
                    "SubscribeID": "340104000003202611250900000001",
                    "Title": "人脸订阅",
                    "SubscribeDetail": "12",
                    "ResourceURI": PLATFORM_ID,
                    "ApplicantName": "police",
                    "ReceiveAddr": receive,
                    "OperateType": 0,
                }
            ]
        }
    }


async def test_the_view_library_subscribes_and_receives_notifications(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    viewlib: ViewLibrary,
    hass_client_no_auth: Callable[[], Any],
) -> None:
    await _set_up(hass, community_entry, _options(viewlib))
    await _until(lambda: viewlib.state.registrations >= 1)
    client = await hass_client_no_auth()
    response = await client.post(
        "/VIID/Subscribes", json=_subscription(f"{viewlib.url}/VIID/SubscribeNotifications")
    )
    assert response.status == 200
    body = await response.json(content_type=None)
    status = body["ResponseStatusListObject"]["ResponseStatusObject"][0]
    assert status["StatusCode"] == 0
    listed = await (await client.get("/VIID/Subscribes")).json(content_type=None)
    assert len(listed["SubscribeListObject"]["SubscribeObject"]) == 1

    deliver(_hub(community_entry), _face(FACE_CAMERAS[0], 0))
    # the notification and the direct push are two sends: either may arrive first
    await _until(
        lambda: viewlib.state.notifications >= 1 and "/VIID/Faces" in viewlib.state.received
    )
    assert viewlib.state.received["/VIID/Faces"] == 1  # the direct push too

    response = await client.delete(
        "/VIID/Subscribes", params={"IDList": "340104000003202611250900000001"}
    )
    assert response.status == 200
    listed = await (await client.get("/VIID/Subscribes")).json(content_type=None)
    assert listed["SubscribeListObject"]["SubscribeObject"] == []


async def test_subscribes_only_from_the_docking_view_library(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_client_no_auth: Callable[[], Any],
) -> None:
    client = await hass_client_no_auth()
    response = await client.post("/VIID/Subscribes", json=_subscription("http://10.9.9.9/x"))
    assert response.status == 403


async def test_diagnostics_show_docking_without_credentials(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    viewlib: ViewLibrary,
    hass_client: Callable[[], Any],
) -> None:
    from pytest_homeassistant_custom_component.components.diagnostics import (
        get_diagnostics_for_config_entry,
    )

    runtime = await _set_up(hass, community_entry, _options(viewlib))
    await runtime.async_refresh()
    data = await get_diagnostics_for_config_entry(hass, hass_client, community_entry)
    assert data["entry"]["options"][CONF_DOCKING_PASSWORD] == "**REDACTED**"
    assert data["entry"]["options"][CONF_DOCKING_URL] == viewlib.url
    assert data["docking"]["stats"]["queue_depth"] == 0
    assert "s3cret" not in str(data)


async def test_acceptance_report_has_the_docking_week(
    hass: HomeAssistant, community_entry: MockConfigEntry, viewlib: ViewLibrary
) -> None:
    await _set_up(hass, community_entry, _options(viewlib))
    await _until(lambda: viewlib.state.registrations >= 1)
    deliver(_hub(community_entry), _face(FACE_CAMERAS[0], 0))
    await _until(lambda: viewlib.state.to_json()["received_total"] == 1)
    response = await hass.services.async_call(
        DOMAIN,
        "acceptance_report",
        {"config_entry_id": community_entry.entry_id},
        blocking=True,
        return_response=True,
    )
    assert isinstance(response, dict)
    days = response["summary"]["docking_days"]
    assert len(days) == 7
    assert sum(day["sent"] for day in days.values()) == 1
    html = Path(response["html"]).read_text(encoding="utf-8")
    assert "数据对接统计" in html and "<th>sent</th>" in html


async def test_turning_docking_off_clears_its_issues(
    hass: HomeAssistant, community_entry: MockConfigEntry
) -> None:
    ir.async_create_issue(
        hass,
        DOMAIN,
        f"docking_down_{community_entry.entry_id}",
        is_fixable=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key="docking_down",
    )
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    issue_id = f"docking_down_{community_entry.entry_id}"
    assert ir.async_get(hass).async_get_issue(DOMAIN, issue_id) is None
