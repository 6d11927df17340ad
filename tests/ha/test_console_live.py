"""The console's live feed, records, pictures, downloads, gates, alarms and the logbook."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.components.http.auth import async_sign_path
from homeassistant.core import Event, HomeAssistant
from PIL import Image
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator, WebSocketGenerator

from custom_components.smart_community.core.events import (
    RECOGNISED_BY_ENGINE,
    DeviceEvent,
    EventImage,
    EventKind,
    ImageType,
)
from custom_components.smart_community.features.staff_alerts import EVENT_ACKNOWLEDGED
from custom_components.smart_community.logbook import async_describe_events

from .console import Console, console_of, user_in_role
from .helpers import deliver, derive, runtime_of

ROOT = Path(__file__).parents[2]
SCENE = (ROOT / "tests" / "data" / "recognition" / "plate_yellow_720p.jpg").read_bytes()
FACE = (ROOT / "tests" / "data" / "recognition" / "no_plate.jpg").read_bytes()
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
EAST_IN_FACE = "34010449971328001001"


@pytest.fixture
async def setup(
    hass: HomeAssistant, community_entry: MockConfigEntry, frozen_clock: FrozenDateTimeFactory
) -> AsyncIterator[dict[str, User]]:
    users = {
        role: await user_in_role(hass, community_entry, role, name=name)
        for role, name in (("admin", "管理员"), ("manager", "物业经理"), ("guard", "赵保安"))
    }
    await hass.config.async_set_time_zone("Asia/Shanghai")
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    people = runtime_of(community_entry).people
    await people.async_add_person(
        {
            "person_id": "P1",
            "name": "张伟",
            "role": "owner",
            "building": "1",
            "unit": "1",
            "room": "101",
        }
    )
    yield users


def _code(entry: MockConfigEntry, kind: str, name_part: str = "") -> str:
    return next(
        d.code for d in runtime_of(entry).site if d.kind.value == kind and name_part in d.name
    )


def _face_match(
    entry: MockConfigEntry, at: datetime, person_id: str | None, **attributes: Any
) -> None:
    event = DeviceEvent(
        kind=EventKind.FACE_MATCH,
        device_id=_code(entry, "face_camera", "东门入口"),
        time=at,
        person_id=person_id,
        similarity=0.81,
        liveness=True,
        images=(EventImage(ImageType.FACE, FACE), EventImage(ImageType.SCENE, SCENE)),
        # the integration's own engine made the match (a camera's claim alone opens nothing)
        attributes={"recognised_by": RECOGNISED_BY_ENGINE, **attributes},
    )
    assert derive(runtime_of(entry).hub, event)  # as the integration's recognition does


async def _flushed(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    await hass.async_block_till_done()
    await runtime_of(entry).records.async_flush()
    await hass.async_block_till_done()


async def test_records_search_with_signed_pictures_and_thumbnails(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_client_no_auth: ClientSessionGenerator,
    community_entry: MockConfigEntry,
    setup: dict[str, User],
) -> None:
    _face_match(community_entry, NOW, "P1")
    _face_match(community_entry, NOW + timedelta(minutes=1), None, cluster_id="anon-7")
    await _flushed(hass, community_entry)
    manager = await console_of(hass, hass_ws_client, community_entry, setup["manager"])
    page = await manager.call("records/search", limit=1)
    [stranger] = page["records"]
    assert stranger["stranger_number"] == 7
    assert stranger["person_name"] is None
    page = await manager.call("records/search", limit=1, cursor=page["next_cursor"])
    [row] = page["records"]
    assert page["next_cursor"] is None
    assert row["person_name"] == "张伟"
    assert row["role"] == "owner"
    assert (row["method"], row["outcome"], row["reason"]) == ("face", "allow", "resident")
    assert row["device_name"] == "蜀山区华府骏苑东门入口人脸抓拍机"
    assert row["gate"] == "东门"
    assert row["similarity"] == 0.81
    assert row["time"] == "2026-11-25T10:00:00+08:00"
    assert [image["type"] for image in row["images"]] == ["face", "scene"]
    client = await hass_client_no_auth()
    scene = row["images"][1]
    assert "authSig=" in scene["url"] and "/api/smart_community/image/" in scene["url"]
    response = await client.get(scene["url"])
    assert response.status == 200
    assert await response.read() == SCENE
    response = await client.get(scene["thumb_url"])
    assert response.status == 200
    thumbnail = await response.read()
    assert len(thumbnail) < len(SCENE) / 4
    width, height = Image.open(io.BytesIO(thumbnail)).size
    assert max(width, height) == 240
    # Never without a signature or a login; never a picture of another hash.
    unsigned = scene["url"].split("?", 1)[0]
    assert (await client.get(unsigned)).status == 401
    other = unsigned.rsplit("/", 1)[0] + "/" + "0" * 64
    token = await hass.auth.async_create_refresh_token(
        setup["manager"], client_id="http://console.test/"
    )
    signed_other = async_sign_path(hass, other, timedelta(minutes=5), refresh_token_id=token.id)
    assert (await client.get(signed_other)).status == 404
    # HA's own "content" signature (no user of the community) sees nothing.
    assert (await client.get(async_sign_path(hass, unsigned, timedelta(minutes=5)))).status == 403
    # The record by id (the live feed's click).
    guard = await console_of(hass, hass_ws_client, community_entry, setup["guard"])
    got = await guard.call("records/get", record_id=row["id"])
    assert got["record"]["person_name"] == "张伟"
    err = await guard.error("records/get", record_id=999999)
    assert (err.key, err.placeholders["field"]) == ("unknown_record", "record_id")
    err = await manager.error("records/search", cursor="nonsense")
    assert (err.key, err.placeholders["field"]) == ("invalid_cursor", "cursor")
    err = await manager.error("records/search", start="2026-11-25T10:00", end="2026-11-24T10:00")
    assert (err.key, err.placeholders["field"]) == ("invalid_query", "end")
    trail = await hass.async_add_executor_job(runtime_of(community_entry).audit.read)
    searches = [line for line in trail if line["action"] == "console:search_records"]
    assert searches and {line["user"] for line in searches} == {"物业经理"}
    assert searches[-1]["details"]["limit"] == 1


async def test_exports_are_downloaded_once_by_their_user(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    hass_client_no_auth: ClientSessionGenerator,
    community_entry: MockConfigEntry,
    setup: dict[str, User],
) -> None:
    _face_match(community_entry, NOW, "P1")
    await _flushed(hass, community_entry)
    manager = await console_of(hass, hass_ws_client, community_entry, setup["manager"])
    err = await manager.error("records/export", format="csv", full=True)
    assert (err.key, err.placeholders["field"]) == ("admin_required", "full")
    export = await manager.call("records/export", format="csv")
    assert export["rows"] == 1 and export["masked"] is True
    assert export["filename"].startswith("records-") and export["filename"].endswith(".csv")
    client = await hass_client_no_auth()
    # Another user's signature on the same path gets nothing.
    path = export["url"].split("?", 1)[0]
    guard_token = await hass.auth.async_create_refresh_token(
        setup["guard"], client_id="http://console.test/"
    )
    stolen = async_sign_path(hass, path, timedelta(minutes=5), refresh_token_id=guard_token.id)
    assert (await client.get(stolen)).status == 404
    response = await client.get(export["url"])
    assert response.status == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = (await response.read()).decode("utf-8-sig")
    assert "张*" in text and "张伟" not in text  # masked: names too
    assert (await client.get(export["url"])).status == 404  # served once
    folder = runtime_of(community_entry).hub.data_dir / "downloads"
    assert list(folder.iterdir()) == []
    admin = await console_of(hass, hass_ws_client, community_entry, setup["admin"])
    full = await admin.call("records/export", format="xlsx", full=True)
    assert full["masked"] is False and full["filename"].endswith(".xlsx")
    # Every export is in the audit trail with who asked and how.
    trail = await hass.async_add_executor_job(runtime_of(community_entry).audit.read)
    exports = [line for line in trail if line["action"] == "console:export_records"]
    assert [(line["user"], line["details"]["full"]) for line in exports] == [
        ("管理员", True),  # newest first
        ("物业经理", False),
    ]


async def _next(ws: Any, msg_id: int) -> dict[str, Any]:
    """The next message of a subscription (the clock is frozen: no timeouts; a missing
    message shows as the test's own timeout)."""
    while True:
        message = await ws.receive_json()
        if message.get("id") == msg_id:
            return message


async def test_live_feed_snapshot_events_alarms_and_acknowledgement(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    community_entry: MockConfigEntry,
    setup: dict[str, User],
    frozen_clock: FrozenDateTimeFactory,
) -> None:
    _face_match(community_entry, NOW - timedelta(minutes=5), "P1")
    await _flushed(hass, community_entry)
    guard = await console_of(hass, hass_ws_client, community_entry, setup["guard"])
    await guard.ws.send_json_auto_id(
        {
            "type": "smart_community/live/subscribe",
            "entry_id": community_entry.entry_id,
            "limit": 10,
        }
    )
    result = await guard.ws.receive_json()
    assert result["success"] is True
    sub = result["id"]
    snapshot = (await _next(guard.ws, sub))["event"]
    assert snapshot["type"] == "snapshot"
    assert [event["person_name"] for event in snapshot["events"]] == ["张伟"]
    assert {gate["kind"] for gate in snapshot["gates"]} == {
        "turnstile",
        "barrier",
        "access_terminal",
    }
    assert snapshot["alarms"] == []
    assert snapshot["counts"]["open_alarms"] == 0

    # A record is sent once stored: it has its id.
    _face_match(community_entry, NOW, "P1")
    await _flushed(hass, community_entry)
    while (message := (await _next(guard.ws, sub))["event"])["type"] != "event":
        assert message["type"] == "counts"
    assert message["event"]["id"] > snapshot["events"][0]["id"]

    # An alarm: the event, the open alarm, the counters.
    assert deliver(
        runtime_of(community_entry).hub,
        DeviceEvent(
            kind=EventKind.ALARM,
            device_id=_code(community_entry, "smoke_detector"),
            time=NOW,
            event_type="smoke",
            attributes={"alarm": "smoke", "active": True},
        ),
    )
    await _flushed(hass, community_entry)
    # Counters go out at most once a second: the next second sends the alarm's count.
    frozen_clock.tick(2)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    seen: dict[str, dict[str, Any]] = {}
    while not {"event", "alarm", "counts"} <= set(seen):
        item = (await _next(guard.ws, sub))["event"]
        seen[item["type"]] = item
    alarm = seen["alarm"]["alarm"]
    assert alarm["kind"] == "alarm" and alarm["alarm"] == "smoke"
    assert alarm["acknowledged_by"] is None

    acknowledged = async_capture_events(hass, EVENT_ACKNOWLEDGED)
    other = await console_of(hass, hass_ws_client, community_entry, setup["manager"])
    answer = await other.call("alarms/acknowledge", record_id=alarm["id"])
    assert answer["record"]["acknowledged_by"] == "物业经理"
    await hass.async_block_till_done()
    [fired] = acknowledged
    assert fired.data["record_id"] == alarm["id"] and fired.data["user_id"] == setup["manager"].id
    assert fired.context.user_id == setup["manager"].id
    while True:
        item = (await _next(guard.ws, sub))["event"]
        if item["type"] == "alarm":
            assert item["alarm"]["acknowledged_by"] == "物业经理"
            break
    err = await other.error("alarms/acknowledge", record_id=message["event"]["id"])
    assert err.key == "unknown_record"  # a face record is no alarm

    # The snapshot of a new subscriber has no open alarm left.
    await guard.ws.send_json_auto_id(
        {"type": "smart_community/live/subscribe", "entry_id": community_entry.entry_id}
    )
    again = (await guard.ws.receive_json())["id"]
    fresh = (await _next(guard.ws, again))["event"]
    assert fresh["alarms"] == [] and fresh["counts"]["open_alarms"] == 0


async def test_the_live_feed_follows_a_reload_of_the_community(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    community_entry: MockConfigEntry,
    setup: dict[str, User],
) -> None:
    guard = await console_of(hass, hass_ws_client, community_entry, setup["guard"])
    await guard.ws.send_json_auto_id(
        {"type": "smart_community/live/subscribe", "entry_id": community_entry.entry_id}
    )
    sub = (await guard.ws.receive_json())["id"]
    assert (await _next(guard.ws, sub))["event"]["type"] == "snapshot"
    assert await hass.config_entries.async_reload(community_entry.entry_id)
    await hass.async_block_till_done()
    assert (await _next(guard.ws, sub))["event"]["type"] == "snapshot"
    _face_match(community_entry, NOW, "P1")
    await _flushed(hass, community_entry)
    while (item := (await _next(guard.ws, sub))["event"])["type"] != "event":
        pass
    assert item["event"]["person_name"] == "张伟"


async def test_gates_open_through_their_entity_in_the_users_name(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    community_entry: MockConfigEntry,
    setup: dict[str, User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    guard = await console_of(hass, hass_ws_client, community_entry, setup["guard"])
    terminal = _code(community_entry, "access_terminal", "东门")
    err = await guard.error("gates/open", device=terminal)  # no MQTT in this test: no transport
    assert err.key == "no_command_transport"
    command = AsyncMock()
    monkeypatch.setattr(runtime_of(community_entry).hub, "async_command", command)
    opened = await guard.call("gates/open", device=terminal)
    assert opened == {"device": terminal, "opened_by": "赵保安"}
    command.assert_awaited_once_with(terminal, "unlock")
    err = await guard.error("gates/open", device=EAST_IN_FACE)
    assert (err.key, err.placeholders["field"]) == ("gate_not_openable", "device")
    err = await guard.error("gates/open", device="00000000000000000000")
    assert (err.key, err.placeholders["field"]) == ("unknown_device", "device")


def _describer(hass: HomeAssistant) -> Callable[[str, dict[str, Any]], dict[str, str]]:
    found: dict[str, Callable[[Event], dict[str, str]]] = {}
    async_describe_events(hass, lambda domain, event, describe: found.__setitem__(event, describe))

    def describe(event_type: str, data: dict[str, Any]) -> dict[str, str]:
        return found[event_type](Event(event_type, data))

    return describe


async def test_the_logbook_describes_events_in_words(
    hass: HomeAssistant, community_entry: MockConfigEntry, setup: dict[str, User]
) -> None:
    events = async_capture_events(hass, "smart_community_event")
    _face_match(community_entry, NOW, "P1")
    _face_match(community_entry, NOW, None, cluster_id="anon-12")
    assert deliver(
        runtime_of(community_entry).hub,
        DeviceEvent(
            kind=EventKind.ALARM,
            device_id=_code(community_entry, "smoke_detector"),
            time=NOW,
            event_type="smoke",
            attributes={"alarm": "smoke", "active": True},
        ),
    )
    await hass.async_block_till_done()
    describe = _describer(hass)
    hass.config.language = "zh-Hans"
    entries = [describe("smart_community_event", dict(event.data)) for event in events]
    # names as the event data carries them: masked (every HA user reads the logbook)
    assert entries[0] == {"name": "张* (业主)", "message": "东门入口 人脸识别 放行"}
    assert entries[1] == {"name": "陌生人 #12", "message": "东门入口 人脸识别 拒绝 (未登记人员)"}
    assert entries[2]["message"] == "烟雾告警"
    hass.config.language = "en"
    describe = _describer(hass)
    assert describe("smart_community_event", dict(events[0].data)) == {
        "name": "张* (owner)",
        "message": "东门入口 face recognition allowed",
    }
    acknowledged = describe("smart_community_acknowledged", {"id": "12", "user_name": "赵保安"})
    assert acknowledged == {"name": "赵保安", "message": "acknowledged alarm 12"}


async def test_the_site_plan_has_the_register_coordinates(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    community_entry: MockConfigEntry,
    setup: dict[str, User],
) -> None:
    console: Console = await console_of(hass, hass_ws_client, community_entry, setup["admin"])
    plan = await console.call("site/plan")
    east = next(d for d in plan["devices"] if d["device"] == EAST_IN_FACE)
    assert (east["longitude"], east["latitude"]) == (117.23156, 31.84621)
    assert next(d for d in plan["devices"] if d["kind"] == "nvr")["longitude"] is None
