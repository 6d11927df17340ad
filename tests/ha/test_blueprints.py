"""Each blueprint, loaded into HA from a config folder, reacts to device events of the demo.

Events go through the hub (real entities, real bus events); commands end in a recording
transport, phone notifications in a mocked ``notify.mobile_app_guard``.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components.automation import DOMAIN as AUTOMATION_DOMAIN
from homeassistant.components.automation.config import (
    AUTOMATION_BLUEPRINT_SCHEMA,
)
from homeassistant.components.blueprint.models import Blueprint
from homeassistant.core import Context, HomeAssistant, ServiceCall
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from homeassistant.util.yaml import load_yaml_dict
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_capture_events,
    async_fire_time_changed,
    async_mock_service,
)

from custom_components.smart_community.const import CONF_NOTIFY_TARGETS, DOMAIN
from custom_components.smart_community.core.devices import Transport
from custom_components.smart_community.core.events import (
    DeviceEvent,
    EventImage,
    EventKind,
    ImageType,
)
from custom_components.smart_community.core.site import RegisteredDevice
from custom_components.smart_community.features.staff_alerts import (
    EVENT_ACKNOWLEDGED,
    EVENT_MOBILE_ACTION,
)
from custom_components.smart_community.hub import CommunityHub

from .helpers import hub_of

ROOT = Path(__file__).parents[2]
BLUEPRINTS = ROOT / "blueprints" / "automation" / DOMAIN
SOURCE_URL = "https://github.com/smart-community/smart_community/blob/main/"

EAST_IN_FACE_CAMERA = "34010449971328001001"
EAST_TURNSTILE = "34010449011348001003"
EAST_TERMINAL = "34010449011348001004"
EAST_IN_PLATE_CAMERA = "34010449981198001009"
EAST_IN_BARRIER = "34010449011398001010"
EAST_IN_DETECTOR = "34010449011398001011"
ROAD_EAST_CAMERA = "34010449011328001016"
UNIT_1_1_TERMINAL = "34010449011348001021"
BASEMENT_SMOKE = "34010449011348001039"
B2U1_SMOKE = "34010449011348001040"
B2U1_TERMINAL = "34010449011348001025"
ROAD_EAST_MANHOLE = "34010449011348001041"
NORTH_PERIMETER = "34010449011348001043"
FALLING_OBJECT_CAMERA = "34010449011328001045"
SQUARE_PATROL = "34010449011398001046"
GARAGE_PATROL = "34010449011398001047"


class RecordingTransport:
    """Accepts every command and remembers it."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, str, dict[str, Any]]] = []

    async def async_send_command(
        self, device: RegisteredDevice, command: str, params: dict[str, Any]
    ) -> None:
        self.commands.append((device.code, command, params))

    def sent(self) -> list[tuple[str, str]]:
        return [(code, command) for code, command, _ in self.commands]


@pytest.fixture
async def community(
    hass: HomeAssistant, community_entry: MockConfigEntry, config_dir: Path
) -> MockConfigEntry:
    """Demo community, guard phone in the options, blueprints in the config folder."""
    target = config_dir / "blueprints" / "automation" / DOMAIN
    target.mkdir(parents=True)
    for path in BLUEPRINTS.glob("*.yaml"):
        shutil.copy(path, target / path.name)
    hass.config_entries.async_update_entry(
        community_entry, options={CONF_NOTIFY_TARGETS: ["notify.mobile_app_guard"]}
    )
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    # These tests give each event the decision the access rules would make (the rules have
    # their own tests in test_people.py): events go in as already decided, not through the
    # decision (which would re-decide for people these tests do not register).
    _hub(community_entry)._decide = None
    return community_entry


@pytest.fixture
def transport(community: MockConfigEntry) -> RecordingTransport:
    recorder = RecordingTransport()
    _hub(community).transports = dict.fromkeys(Transport, recorder)
    return recorder


@pytest.fixture
def guard_phone(hass: HomeAssistant, community: MockConfigEntry) -> list[ServiceCall]:
    return async_mock_service(hass, "notify", "mobile_app_guard")


def _hub(entry: MockConfigEntry) -> CommunityHub:
    hub: CommunityHub = hub_of(entry)
    return hub


def _entity(hass: HomeAssistant, domain: str, code: str, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(domain, DOMAIN, f"{code}_{key}")
    assert entity_id is not None, f"{domain} {code}_{key}"
    return entity_id


async def _use_blueprint(hass: HomeAssistant, name: str, inputs: dict[str, Any]) -> None:
    assert await async_setup_component(
        hass,
        AUTOMATION_DOMAIN,
        {
            AUTOMATION_DOMAIN: [
                {
                    "id": name,
                    "alias": name,
                    "use_blueprint": {"path": f"{DOMAIN}/{name}.yaml", "input": inputs},
                }
            ]
        },
    )
    await hass.async_block_till_done()
    state = hass.states.get(f"automation.{name}")
    assert state is not None
    assert state.state == "on", f"{name} did not load: {state.attributes}"


async def _settle(hass: HomeAssistant) -> None:
    """Let triggered automations run up to their next wait.

    ``async_block_till_done`` alone would wait for automations that wait (for a vehicle to
    leave, for a guard to acknowledge) until their timeout. So HA runs until it is done or
    idle: a 0.1 s slice in which this process used (almost) no CPU means every remaining task
    waits for a trigger or a timer. Measuring CPU rather than wall time keeps this right on
    a loaded machine, where the steps before a wait take longer.
    """
    started = time.monotonic()
    while time.monotonic() - started < SETTLE_LIMIT:
        cpu = time.process_time()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(0.1):
                await hass.async_block_till_done()
                return
        if time.process_time() - cpu < IDLE_CPU and time.monotonic() - started >= 0.3:
            return


SETTLE_LIMIT = 30.0  # seconds: a test that never settles fails on its own assertions
IDLE_CPU = 0.005  # CPU seconds in a 0.1 s slice below which HA counts as idle


async def _event(hass: HomeAssistant, entry: MockConfigEntry, **fields: Any) -> None:
    fields.setdefault("time", dt_util.utcnow())
    hub = _hub(entry)
    event = DeviceEvent(**fields)
    device = hub.resolve(event.device_id)
    assert device is not None
    assert hub.async_process_derived(device, event)
    await _settle(hass)


def _photo() -> tuple[EventImage, ...]:
    return (EventImage(ImageType.FACE, b"\xff\xd8face"),)


# --- every blueprint -------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(BLUEPRINTS.glob("*.yaml")), ids=lambda path: path.stem)
def test_blueprint_is_importable(path: Path) -> None:
    """What HA's blueprint import checks, a source_url to this file, our entities only."""
    blueprint = Blueprint(
        load_yaml_dict(path),
        expected_domain=AUTOMATION_DOMAIN,
        schema=AUTOMATION_BLUEPRINT_SCHEMA,
    )
    metadata = blueprint.metadata
    assert metadata["source_url"] == SOURCE_URL + str(path.relative_to(ROOT))
    for name, spec in metadata["input"].items():
        entity = (spec.get("selector") or {}).get("entity")
        if entity is None or name in {"last_seen_sensor", "todo_list", "reset_switch"}:
            continue  # helpers and other integrations' sensors, by design
        assert all(item["integration"] == DOMAIN for item in entity["filter"]), name


# --- face match unlock -------------------------------------------------------------------


async def test_face_match_unlock_opens_for_an_allowed_resident(
    hass: HomeAssistant,
    community: MockConfigEntry,
    transport: RecordingTransport,
    guard_phone: list[ServiceCall],
) -> None:
    await _use_blueprint(
        hass,
        "face_match_unlock",
        {
            "face_events": [_entity(hass, "event", EAST_IN_FACE_CAMERA, "face")],
            "gate_lock": _entity(hass, "lock", EAST_TURNSTILE, "lock"),
        },
    )
    await _event(
        hass,
        community,
        kind=EventKind.FACE_MATCH,
        device_id=EAST_IN_FACE_CAMERA,
        person_id="r-0101",
        person_name="张三",
        similarity=0.93,
        images=_photo(),
        attributes={"decision": "allow", "decision_reason": "resident"},
    )
    assert transport.sent() == [(EAST_TURNSTILE, "open")]
    assert guard_phone == []


async def test_face_match_unlock_asks_the_guard_about_an_unknown_face(
    hass: HomeAssistant,
    community: MockConfigEntry,
    transport: RecordingTransport,
    guard_phone: list[ServiceCall],
) -> None:
    await _use_blueprint(
        hass,
        "face_match_unlock",
        {
            "face_events": [_entity(hass, "event", EAST_IN_FACE_CAMERA, "face")],
            "gate_lock": _entity(hass, "lock", EAST_TURNSTILE, "lock"),
        },
    )
    await _event(
        hass,
        community,
        kind=EventKind.FACE_MATCH,
        device_id=EAST_IN_FACE_CAMERA,
        images=_photo(),
        attributes={"decision": "deny", "decision_reason": "unknown_person"},
    )
    assert transport.sent() == []
    assert len(guard_phone) == 1
    data = guard_phone[0].data["data"]
    assert (
        data["image"]
        == f"/api/camera_proxy/{_entity(hass, 'camera', EAST_IN_FACE_CAMERA, 'camera')}"
    )
    assert [button["action"] for button in data["actions"]] == [
        f"SC_OPEN_{EAST_TURNSTILE}",
        f"SC_REFUSE_{EAST_TURNSTILE}",
    ]


async def test_face_match_unlock_leaves_watch_list_faces_alone(
    hass: HomeAssistant,
    community: MockConfigEntry,
    transport: RecordingTransport,
    guard_phone: list[ServiceCall],
) -> None:
    await _use_blueprint(
        hass,
        "face_match_unlock",
        {
            "face_events": [_entity(hass, "event", EAST_TERMINAL, "face")],
            "gate_lock": _entity(hass, "lock", EAST_TERMINAL, "lock"),
        },
    )
    await _event(
        hass,
        community,
        kind=EventKind.FACE_MATCH,
        device_id=EAST_TERMINAL,
        person_id="w-1",
        attributes={"decision": "alert", "decision_reason": "watch_list"},
    )
    assert transport.sent() == []
    assert guard_phone == []


# --- plate barrier -----------------------------------------------------------------------


async def _plate_barrier(hass: HomeAssistant, **extra: Any) -> None:
    await _use_blueprint(
        hass,
        "plate_barrier",
        {
            "plate_event": _entity(hass, "event", EAST_IN_PLATE_CAMERA, "plate"),
            "barrier": _entity(hass, "cover", EAST_IN_BARRIER, "barrier"),
            "display": _entity(hass, "notify", EAST_IN_PLATE_CAMERA, "display"),
            "voice": _entity(hass, "notify", EAST_IN_PLATE_CAMERA, "voice"),
            **extra,
        },
    )


async def test_plate_barrier_opens_and_greets_an_allowed_plate(
    hass: HomeAssistant, community: MockConfigEntry, transport: RecordingTransport
) -> None:
    await _plate_barrier(hass)
    await _event(
        hass,
        community,
        kind=EventKind.VEHICLE,
        device_id=EAST_IN_PLATE_CAMERA,
        event_type="plate_read",
        plate="皖A12345",
        attributes={"decision": "allow", "decision_reason": "monthly_pass"},
    )
    assert transport.commands == [
        (EAST_IN_BARRIER, "open", {}),
        (EAST_IN_PLATE_CAMERA, "display", {"text": "皖A12345 欢迎回家"}),
        (EAST_IN_PLATE_CAMERA, "voice", {"text": "皖A12345 欢迎回家"}),
    ]


async def test_plate_barrier_thanks_a_paid_exit(
    hass: HomeAssistant, community: MockConfigEntry, transport: RecordingTransport
) -> None:
    await _plate_barrier(hass)
    await _event(
        hass,
        community,
        kind=EventKind.VEHICLE,
        device_id=EAST_IN_PLATE_CAMERA,
        event_type="plate_read",
        plate="皖A88888",
        attributes={
            "decision": "allow",
            "decision_reason": "paid",
            "fee": 10,
            "parking_session_id": "p1",
        },
    )
    assert (EAST_IN_PLATE_CAMERA, "display", {"text": "皖A88888 已缴费10元 一路平安"}) in (
        transport.commands
    )


async def test_plate_barrier_keeps_a_refused_plate_out(
    hass: HomeAssistant, community: MockConfigEntry, transport: RecordingTransport
) -> None:
    await _plate_barrier(hass)
    await _event(
        hass,
        community,
        kind=EventKind.VEHICLE,
        device_id=EAST_IN_PLATE_CAMERA,
        event_type="plate_read",
        plate="苏E00001",
        attributes={"decision": "deny", "decision_reason": "expired_pass"},
    )
    assert transport.sent() == [
        (EAST_IN_PLATE_CAMERA, "display"),
        (EAST_IN_PLATE_CAMERA, "voice"),
    ]
    assert transport.commands[0][2] == {"text": "苏E00001 未登记车辆 请联系保安"}


async def test_plate_barrier_lowers_the_arm_only_after_the_vehicle_left(
    hass: HomeAssistant, community: MockConfigEntry, transport: RecordingTransport
) -> None:
    detector = _entity(hass, "binary_sensor", EAST_IN_DETECTOR, "vehicle_present")
    await _plate_barrier(hass, vehicle_detector=detector, auto_close=True)
    await _event(
        hass,
        community,
        kind=EventKind.VEHICLE,
        device_id=EAST_IN_PLATE_CAMERA,
        event_type="plate_read",
        plate="皖A12345",
        attributes={"decision": "allow", "decision_reason": "monthly_pass"},
    )
    for present in (True, False):
        await _event(
            hass,
            community,
            kind=EventKind.STATE,
            device_id=EAST_IN_DETECTOR,
            attributes={"vehicle_present": present},
        )
        assert (EAST_IN_BARRIER, "close") not in transport.sent()
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=4))
    for _ in range(50):  # a loaded CI machine may need more than one settle round
        await _settle(hass)
        if transport.sent() and transport.sent()[-1] == (EAST_IN_BARRIER, "close"):
            break
    assert transport.sent()[-1] == (EAST_IN_BARRIER, "close")


# --- smoke alarm -------------------------------------------------------------------------


async def _smoke(hass: HomeAssistant, entry: MockConfigEntry, active: bool) -> None:
    await _event(
        hass,
        entry,
        kind=EventKind.ALARM,
        device_id=B2U1_SMOKE,
        event_type="smoke",
        attributes={"active": active},
    )


async def test_smoke_releases_the_exits_until_a_guard_acknowledges(
    hass: HomeAssistant,
    community: MockConfigEntry,
    transport: RecordingTransport,
    guard_phone: list[ServiceCall],
    hass_admin_user: MockUser,
) -> None:
    residents = async_mock_service(hass, "notify", "building_2_residents")
    await _use_blueprint(
        hass,
        "smoke_release_exits",
        {
            "smoke_sensors": [_entity(hass, "binary_sensor", B2U1_SMOKE, "smoke")],
            "exit_locks": [
                _entity(hass, "lock", B2U1_TERMINAL, "lock"),
                _entity(hass, "lock", EAST_TURNSTILE, "lock"),
            ],
            "camera": _entity(hass, "camera", ROAD_EAST_CAMERA, "camera"),
            "resident_targets": ["notify.building_2_residents"],
            "release_every": 5,
        },
    )
    await _smoke(hass, community, True)
    assert transport.sent() == [(B2U1_TERMINAL, "unlock"), (EAST_TURNSTILE, "open")]
    assert len(guard_phone) == len(residents) == 1
    alarm = guard_phone[0].data
    assert alarm["data"]["push"] == {"interruption-level": "critical"}
    assert alarm["data"]["image"].endswith(_entity(hass, "camera", ROAD_EAST_CAMERA, "camera"))
    assert alarm["data"]["actions"][0]["action"] == f"SC_ACK_fire_{B2U1_SMOKE}"

    # still burning: released again
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=6))
    await _settle(hass)
    assert transport.sent()[2:] == [(B2U1_TERMINAL, "unlock"), (EAST_TURNSTILE, "open")]

    hass.bus.async_fire(
        EVENT_MOBILE_ACTION,
        {"action": f"SC_ACK_fire_{B2U1_SMOKE}"},
        context=Context(user_id=hass_admin_user.id),
    )
    await _settle(hass)
    released = len(transport.commands)
    assert len(guard_phone) == 2
    assert hass_admin_user.name in guard_phone[1].data["message"]
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=30))
    await _settle(hass)
    assert len(transport.commands) == released  # access control is back


async def test_smoke_reset_switch_ends_the_release(
    hass: HomeAssistant,
    community: MockConfigEntry,
    transport: RecordingTransport,
    guard_phone: list[ServiceCall],
) -> None:
    assert await async_setup_component(
        hass, "input_boolean", {"input_boolean": {"fire_mode_2": {"name": "2栋火警"}}}
    )
    await _use_blueprint(
        hass,
        "smoke_release_exits",
        {
            "smoke_sensors": [_entity(hass, "binary_sensor", B2U1_SMOKE, "smoke")],
            "exit_locks": [_entity(hass, "lock", B2U1_TERMINAL, "lock")],
            "exit_barriers": [_entity(hass, "cover", EAST_IN_BARRIER, "barrier")],
            "reset_switch": "input_boolean.fire_mode_2",
        },
    )
    await _smoke(hass, community, True)
    assert hass.states.get("input_boolean.fire_mode_2").state == "on"
    assert transport.sent() == [(B2U1_TERMINAL, "unlock"), (EAST_IN_BARRIER, "open")]
    await hass.services.async_call(
        "input_boolean", "turn_off", {"entity_id": "input_boolean.fire_mode_2"}, blocking=True
    )
    await _settle(hass)
    assert guard_phone[-1].data["title"] == "火警复位"
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=30))
    await _settle(hass)
    assert len(transport.commands) == 2


# --- manhole cover and perimeter -----------------------------------------------------------


@pytest.mark.parametrize(
    "alarm",
    [
        (ROAD_EAST_MANHOLE, "cover_displaced", "井盖位移"),
        (NORTH_PERIMETER, "intrusion", "周界入侵"),
    ],
)
async def test_location_alarm_names_the_place_and_shows_the_nearest_camera(
    hass: HomeAssistant,
    community: MockConfigEntry,
    guard_phone: list[ServiceCall],
    alarm: tuple[str, str, str],
) -> None:
    code, key, what = alarm
    camera = _entity(hass, "camera", ROAD_EAST_CAMERA, "camera")
    await _use_blueprint(
        hass,
        "location_alarm",
        {"sensors": [_entity(hass, "binary_sensor", code, key)], "camera": camera},
    )
    # the first report only says all is well: no alarm
    await _event(
        hass, community, kind=EventKind.ALARM, device_id=code, attributes={"active": False}
    )
    await _event(hass, community, kind=EventKind.ALARM, device_id=code, attributes={"active": True})
    assert len(guard_phone) == 1
    sent = guard_phone[0].data
    assert sent["title"] == what
    assert _hub(community).devices[code].name in sent["message"]
    assert sent["data"]["image"] == f"/api/camera_proxy/{camera}"
    assert sent["data"]["actions"][0]["action"] == f"SC_ACK_alarm_{code}"


# --- falling object ------------------------------------------------------------------------


async def test_falling_object_sends_the_evidence(
    hass: HomeAssistant, community: MockConfigEntry, guard_phone: list[ServiceCall]
) -> None:
    await _use_blueprint(
        hass,
        "falling_object",
        {"alarm_events": [_entity(hass, "event", FALLING_OBJECT_CAMERA, "alarm")]},
    )
    await _event(
        hass,
        community,
        kind=EventKind.ALARM,
        device_id=FALLING_OBJECT_CAMERA,
        event_type="falling_object",
        images=(EventImage(ImageType.SCENE, b"\xff\xd8scene"),),
    )
    assert len(guard_phone) == 1
    camera = _entity(hass, "camera", FALLING_OBJECT_CAMERA, "camera")
    assert guard_phone[0].data["data"]["image"] == f"/api/camera_proxy/{camera}"
    assert "3栋南侧高空抛物摄像机" in guard_phone[0].data["message"]


async def test_falling_object_found_by_the_analysis_sends_keyframe_and_clip(
    hass: HomeAssistant, community: MockConfigEntry, guard_phone: list[ServiceCall]
) -> None:
    await _use_blueprint(
        hass,
        "falling_object",
        {"alarm_events": [_entity(hass, "event", FALLING_OBJECT_CAMERA, "alarm")]},
    )
    media = f"/api/smart_community/media/{community.entry_id}/"
    keyframe, clip = f"{media}{'a' * 64}.jpg", f"{media}{'b' * 64}.mp4"
    await _event(
        hass,
        community,
        kind=EventKind.ALARM,
        device_id=FALLING_OBJECT_CAMERA,
        event_type="falling_object",
        confidence=0.87,
        attributes={
            "floor": 12,
            "floor_low": 11,
            "floor_high": 13,
            "column": 2,
            "keyframe_url": keyframe,
            "clip_url": clip,
        },
    )
    assert len(guard_phone) == 1
    data = guard_phone[0].data["data"]
    # signed links: any phone opens them, for a day
    assert data["image"].startswith(keyframe + "?authSig=")
    assert data["video"].startswith(clip + "?authSig=")
    assert data["url"] == data["clickAction"] == data["video"]
    message = guard_phone[0].data["message"]
    assert "3栋南侧高空抛物摄像机 检测到高空抛物" in message
    assert "来自约 12 层（11-13 层）第 2 列窗户（置信度 87%）" in message
    assert message.endswith("已留存视频和图片证据。")


# --- tailgating and watch list ------------------------------------------------------------


async def test_tailgating_at_a_unit_door_notifies_with_the_door_camera(
    hass: HomeAssistant, community: MockConfigEntry, guard_phone: list[ServiceCall]
) -> None:
    await _use_blueprint(
        hass,
        "tailgating",
        {"door_events": [_entity(hass, "event", UNIT_1_1_TERMINAL, "access")]},
    )
    await _event(
        hass, community, kind=EventKind.ACCESS, device_id=UNIT_1_1_TERMINAL, event_type="verified"
    )
    assert guard_phone == []
    await _event(
        hass, community, kind=EventKind.ACCESS, device_id=UNIT_1_1_TERMINAL, event_type="tailgating"
    )
    assert len(guard_phone) == 1
    camera = _entity(hass, "camera", UNIT_1_1_TERMINAL, "camera")
    assert guard_phone[0].data["data"]["image"] == f"/api/camera_proxy/{camera}"
    assert guard_phone[0].data["title"] == "尾随进入"


async def test_watch_list_face_is_a_critical_alert(
    hass: HomeAssistant, community: MockConfigEntry, guard_phone: list[ServiceCall]
) -> None:
    await _use_blueprint(
        hass,
        "watch_list",
        {"face_events": [_entity(hass, "event", EAST_IN_FACE_CAMERA, "face")]},
    )
    await _event(
        hass,
        community,
        kind=EventKind.FACE_MATCH,
        device_id=EAST_IN_FACE_CAMERA,
        person_id="r-0101",
        attributes={"decision": "allow"},
    )
    assert guard_phone == []
    await _event(
        hass,
        community,
        kind=EventKind.FACE_MATCH,
        device_id=EAST_IN_FACE_CAMERA,
        person_id="w-17",
        person_name="李四",
        similarity=0.91,
        images=_photo(),
        attributes={"decision": "alert", "decision_reason": "watch_list"},
    )
    assert len(guard_phone) == 1
    sent = guard_phone[0].data
    assert sent["data"]["push"] == {"interruption-level": "critical"}
    assert "李* 相似度 91%" in sent["message"]


# --- visitor at the gate -------------------------------------------------------------------


async def test_visitor_plate_asks_the_host_and_the_open_button_raises_the_barrier(
    hass: HomeAssistant,
    community: MockConfigEntry,
    transport: RecordingTransport,
    guard_phone: list[ServiceCall],
    hass_admin_user: MockUser,
) -> None:
    host = async_mock_service(hass, "notify", "mobile_app_host_301")
    await _use_blueprint(
        hass,
        "visitor_at_gate",
        {
            "request_events": [_entity(hass, "event", EAST_IN_PLATE_CAMERA, "plate")],
            "gate": _entity(hass, "cover", EAST_IN_BARRIER, "barrier"),
            "host_targets": ["notify.mobile_app_host_301"],
            "display": _entity(hass, "notify", EAST_IN_PLATE_CAMERA, "display"),
        },
    )
    await _event(
        hass,
        community,
        kind=EventKind.VEHICLE,
        device_id=EAST_IN_PLATE_CAMERA,
        event_type="plate_read",
        plate="皖B54321",
        attributes={"decision": "deny", "decision_reason": "unknown_person"},
    )
    assert transport.sent() == [(EAST_IN_PLATE_CAMERA, "display")]
    assert len(guard_phone) == len(host) == 1
    buttons = host[0].data["data"]["actions"]
    assert buttons[0]["action"] == f"SC_OPEN_{EAST_IN_BARRIER}"
    assert "皖B54321" in host[0].data["message"]

    hass.bus.async_fire(
        EVENT_MOBILE_ACTION,
        {"action": buttons[0]["action"]},
        context=Context(user_id=hass_admin_user.id),
    )
    await _settle(hass)
    assert transport.sent()[-1] == (EAST_IN_BARRIER, "open")


# A template trigger with now() re-renders every minute; HA leaves that timer at stop.
NOW_TEMPLATE = pytest.mark.parametrize("expected_lingering_timers", [True])


# --- elderly inactivity --------------------------------------------------------------------


async def _elderly(
    hass: HomeAssistant, entry: MockConfigEntry, hours_ago: float, **extra: Any
) -> None:
    assert await async_setup_component(hass, "persistent_notification", {})
    await _use_blueprint(
        hass,
        "elderly_inactivity",
        {
            **extra,
            "community": entry.entry_id,
            "last_seen_sensor": "sensor.wang_nai_nai_last_seen",
            "resident": "3栋2单元501 王奶奶",
            "hours": 12,
            "day_start": "00:00:00",
            "day_end": "23:59:59",
            "escalate_after": 10,
            "escalation_targets": ["notify.mobile_app_manager"],
        },
    )
    seen = dt_util.utcnow() - timedelta(hours=hours_ago)
    hass.states.async_set(
        "sensor.wang_nai_nai_last_seen", seen.isoformat(), {"device_class": "timestamp"}
    )
    await _settle(hass)


@NOW_TEMPLATE
async def test_elderly_not_seen_creates_a_visit_task_and_escalates(
    hass: HomeAssistant, community: MockConfigEntry, guard_phone: list[ServiceCall]
) -> None:
    manager = async_mock_service(hass, "notify", "mobile_app_manager")
    await _elderly(hass, community, hours_ago=3)
    assert guard_phone == []  # seen 3 hours ago: fine
    seen = dt_util.utcnow() - timedelta(hours=13)
    hass.states.async_set(
        "sensor.wang_nai_nai_last_seen", seen.isoformat(), {"device_class": "timestamp"}
    )
    await _settle(hass)
    from homeassistant.components.persistent_notification import (
        _async_get_or_create_notifications,
    )

    task = _async_get_or_create_notifications(hass)["visit_wang_nai_nai_last_seen"]
    assert "王奶奶" in task["message"]
    assert len(guard_phone) == 1
    assert guard_phone[0].data["data"]["actions"] == [
        {"action": "SC_ACK_visit_wang_nai_nai_last_seen", "title": "我去探访"}
    ]
    assert manager == []
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=11))
    await _settle(hass)
    assert len(manager) == 1
    assert manager[0].data["data"]["push"] == {"interruption-level": "critical"}


@NOW_TEMPLATE
async def test_elderly_visit_acknowledged_does_not_escalate(
    hass: HomeAssistant,
    community: MockConfigEntry,
    guard_phone: list[ServiceCall],
    hass_admin_user: MockUser,
) -> None:
    manager = async_mock_service(hass, "notify", "mobile_app_manager")
    acknowledged = async_capture_events(hass, EVENT_ACKNOWLEDGED)
    await _elderly(hass, community, hours_ago=0)
    seen = dt_util.utcnow() - timedelta(hours=20)
    hass.states.async_set(
        "sensor.wang_nai_nai_last_seen", seen.isoformat(), {"device_class": "timestamp"}
    )
    await _settle(hass)
    assert len(guard_phone) == 1
    hass.bus.async_fire(
        EVENT_MOBILE_ACTION,
        {"action": "SC_ACK_visit_wang_nai_nai_last_seen"},
        context=Context(user_id=hass_admin_user.id),
    )
    await _settle(hass)
    assert len(acknowledged) == 1
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=11))
    await _settle(hass)
    assert manager == []


# --- missed patrol -------------------------------------------------------------------------


@NOW_TEMPLATE
async def test_missed_patrol_names_the_overdue_checkpoint(
    hass: HomeAssistant, community: MockConfigEntry, guard_phone: list[ServiceCall]
) -> None:
    square = _entity(hass, "sensor", SQUARE_PATROL, "last_patrol")
    garage = _entity(hass, "sensor", GARAGE_PATROL, "last_patrol")
    await _use_blueprint(
        hass,
        "missed_patrol",
        {"checkpoints": [square, garage], "minutes": 60, "remind_every": 30},
    )
    now = dt_util.utcnow()
    await _event(
        hass,
        community,
        kind=EventKind.ACCESS,
        device_id=GARAGE_PATROL,
        event_type="patrol_check_in",
        person_id="guard-7",
        time=now - timedelta(minutes=10),
    )
    assert guard_phone == []
    await _event(
        hass,
        community,
        kind=EventKind.ACCESS,
        device_id=SQUARE_PATROL,
        event_type="patrol_check_in",
        person_id="guard-7",
        time=now - timedelta(minutes=90),
    )
    assert len(guard_phone) == 1
    message = guard_phone[0].data["message"]
    assert "广场东侧巡更点" in message
    assert "地下车库" not in message
    # still overdue half an hour later: reminded
    async_fire_time_changed(hass, now + timedelta(minutes=31))
    await _settle(hass)
    assert len(guard_phone) == 2


@NOW_TEMPLATE
async def test_elderly_visit_goes_on_the_work_order_list(
    hass: HomeAssistant, community: MockConfigEntry, guard_phone: list[ServiceCall]
) -> None:
    add_item = async_mock_service(hass, "todo", "add_item")
    await _elderly(hass, community, hours_ago=30, todo_list="todo.work_orders")
    seen = dt_util.utcnow() - timedelta(hours=31)  # a new reading, still not seen
    hass.states.async_set(
        "sensor.wang_nai_nai_last_seen", seen.isoformat(), {"device_class": "timestamp"}
    )
    await _settle(hass)
    assert len(add_item) == 1
    assert add_item[0].data["entity_id"] == ["todo.work_orders"]
    assert add_item[0].data["item"].startswith("探访 3栋2单元501 王奶奶")
    assert len(guard_phone) == 1
