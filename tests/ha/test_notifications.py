"""smart_community.notify_staff and the answers that come back from the staff's phones."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.core import Context, HomeAssistant, ServiceCall
from homeassistant.exceptions import HomeAssistantError
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_capture_events,
    async_mock_service,
)

from custom_components.smart_community.const import CONF_NOTIFY_TARGETS, DOMAIN
from custom_components.smart_community.core.devices import Transport
from custom_components.smart_community.core.site import RegisteredDevice
from custom_components.smart_community.features.staff_alerts import (
    EVENT_ACKNOWLEDGED,
    EVENT_MOBILE_ACTION,
    EVENT_VISITOR_REFUSED,
    REFUSED_DISPLAY_TEXT,
)
from custom_components.smart_community.hub import CommunityHub

from .helpers import hub_of

EAST_IN_PLATE_CAMERA = "34010449981198001009"
EAST_IN_BARRIER = "34010449011398001010"
EAST_TURNSTILE = "34010449011348001003"
EAST_TERMINAL = "34010449011348001004"
EAST_FACE_CAMERA = "34010449971328001001"


class RecordingTransport:
    """A command transport that accepts every command and remembers it."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, str, dict[str, Any]]] = []

    async def async_send_command(
        self, device: RegisteredDevice, command: str, params: dict[str, Any]
    ) -> None:
        self.commands.append((device.code, command, params))


@pytest.fixture
async def staff_entry(hass: HomeAssistant, community_entry: MockConfigEntry) -> MockConfigEntry:
    """The demo community with two guard phones in its options, commands recorded."""
    hass.config_entries.async_update_entry(
        community_entry,
        options={CONF_NOTIFY_TARGETS: ["notify.mobile_app_guard", "notify.mobile_app_manager"]},
    )
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    return community_entry


def _recorder(entry: MockConfigEntry) -> RecordingTransport:
    hub: CommunityHub = hub_of(entry)
    recorder = RecordingTransport()
    hub.transports = dict.fromkeys(Transport, recorder)
    return recorder


async def _answer(hass: HomeAssistant, action: str, user: MockUser | None) -> None:
    hass.bus.async_fire(
        EVENT_MOBILE_ACTION,
        {"action": action},
        context=Context(user_id=user.id if user else None),
    )
    await hass.async_block_till_done()


async def test_notify_staff_sends_picture_buttons_and_tag_to_every_target(
    hass: HomeAssistant, staff_entry: MockConfigEntry
) -> None:
    guard = async_mock_service(hass, "notify", "mobile_app_guard")
    manager = async_mock_service(hass, "notify", "mobile_app_manager")
    residents = async_mock_service(hass, "notify", "building_2")
    response = await hass.services.async_call(
        DOMAIN,
        "notify_staff",
        {
            "config_entry_id": staff_entry.entry_id,
            "title": "访客",
            "message": "东门 皖A12345 请求入场",
            "camera": "camera.east_gate",
            "actions": [
                {"action": "open", "device": EAST_IN_BARRIER},
                {"action": "refuse", "device": EAST_IN_BARRIER, "title": "不让进"},
            ],
            "tag": "visitor_east",
            "url": "/community-guard/0",
            "targets": ["notify.building_2", "notify.mobile_app_guard"],
        },
        blocking=True,
        return_response=True,
    )
    assert len(guard) == len(manager) == len(residents) == 1  # each target once
    data = guard[0].data
    assert data["title"] == "访客"
    assert data["message"] == "东门 皖A12345 请求入场"
    assert data["data"]["image"] == "/api/camera_proxy/camera.east_gate"
    assert data["data"]["actions"] == [
        {"action": f"SC_OPEN_{EAST_IN_BARRIER}", "title": "Open"},
        {"action": f"SC_REFUSE_{EAST_IN_BARRIER}", "title": "不让进"},
    ]
    assert data["data"]["tag"] == "visitor_east"
    assert data["data"]["url"] == data["data"]["clickAction"] == "/community-guard/0"
    assert response is not None
    assert sorted(response["sent"]) == [
        "notify.building_2",
        "notify.mobile_app_guard",
        "notify.mobile_app_manager",
    ]


async def test_critical_notifications_ring_on_silenced_phones(
    hass: HomeAssistant, staff_entry: MockConfigEntry
) -> None:
    guard = async_mock_service(hass, "notify", "mobile_app_guard")
    async_mock_service(hass, "notify", "mobile_app_manager")
    await hass.services.async_call(
        DOMAIN,
        "notify_staff",
        {
            "config_entry_id": staff_entry.entry_id,
            "message": "火警",
            "critical": True,
            "actions": [{"action": "acknowledge", "id": "smoke_2_1"}],
        },
        blocking=True,
    )
    payload = guard[0].data["data"]
    assert payload["push"] == {"interruption-level": "critical"}
    assert payload["channel"] == "alarm_stream"
    assert payload["actions"] == [{"action": "SC_ACK_smoke_2_1", "title": "Acknowledge"}]


async def test_one_failing_phone_does_not_stop_the_others(
    hass: HomeAssistant, staff_entry: MockConfigEntry
) -> None:
    async def broken(call: ServiceCall) -> None:
        raise HomeAssistantError("phone unreachable")

    hass.services.async_register("notify", "mobile_app_guard", broken)
    manager = async_mock_service(hass, "notify", "mobile_app_manager")
    response = await hass.services.async_call(
        DOMAIN,
        "notify_staff",
        {"config_entry_id": staff_entry.entry_id, "message": "test"},
        blocking=True,
        return_response=True,
    )
    assert len(manager) == 1
    assert response is not None
    assert response["sent"] == ["notify.mobile_app_manager"]
    assert "phone unreachable" in response["failed"][0]


async def test_no_phone_reached_is_an_error(
    hass: HomeAssistant, staff_entry: MockConfigEntry
) -> None:
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            DOMAIN,
            "notify_staff",
            {"config_entry_id": staff_entry.entry_id, "message": "test"},
            blocking=True,
        )
    assert err.value.translation_key == "notification_failed"


async def test_without_phones_staff_see_a_persistent_notification(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    await hass.services.async_call(
        DOMAIN,
        "notify_staff",
        {"config_entry_id": loaded_entry.entry_id, "message": "巡更超时", "tag": "patrol"},
        blocking=True,
    )
    from homeassistant.components.persistent_notification import _async_get_or_create_notifications

    notifications = _async_get_or_create_notifications(hass)
    assert notifications["patrol"]["message"] == "巡更超时"


@pytest.mark.parametrize(
    ("pressed", "expected"),
    [
        (EAST_IN_BARRIER, (EAST_IN_BARRIER, "open")),  # barrier: raise the arm
        (EAST_IN_PLATE_CAMERA, (EAST_IN_BARRIER, "open")),  # plate kit: its lane's barrier
        (EAST_TURNSTILE, (EAST_TURNSTILE, "open")),  # turnstile: one passage
        (EAST_TERMINAL, (EAST_TERMINAL, "unlock")),  # door terminal: unlock
        (EAST_FACE_CAMERA, (EAST_TURNSTILE, "open")),  # face camera: its gate's turnstile
    ],
)
async def test_open_button_opens_the_gate_through_its_entity(
    hass: HomeAssistant,
    staff_entry: MockConfigEntry,
    hass_admin_user: MockUser,
    pressed: str,
    expected: tuple[str, str],
) -> None:
    recorder = _recorder(staff_entry)
    await _answer(hass, f"SC_OPEN_{pressed}", hass_admin_user)
    assert [(code, command) for code, command, _ in recorder.commands] == [expected]


async def test_answers_from_no_user_are_ignored(
    hass: HomeAssistant, staff_entry: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = _recorder(staff_entry)
    await _answer(hass, f"SC_OPEN_{EAST_IN_BARRIER}", None)
    assert recorder.commands == []
    assert "not from a guard or manager" in caplog.text


async def test_other_integrations_buttons_are_left_alone(
    hass: HomeAssistant, staff_entry: MockConfigEntry, hass_admin_user: MockUser
) -> None:
    recorder = _recorder(staff_entry)
    acknowledged = async_capture_events(hass, EVENT_ACKNOWLEDGED)
    await _answer(hass, "FROM_ANOTHER_BLUEPRINT", hass_admin_user)
    assert recorder.commands == []
    assert acknowledged == []


async def test_refuse_tells_the_visitor_on_the_lane_display(
    hass: HomeAssistant, staff_entry: MockConfigEntry, hass_admin_user: MockUser
) -> None:
    recorder = _recorder(staff_entry)
    refused = async_capture_events(hass, EVENT_VISITOR_REFUSED)
    await _answer(hass, f"SC_REFUSE_{EAST_IN_BARRIER}", hass_admin_user)
    assert len(refused) == 1
    assert refused[0].data["device_code"] == EAST_IN_BARRIER
    assert refused[0].data["user_id"] == hass_admin_user.id
    assert refused[0].data["config_entry_id"] == staff_entry.entry_id
    assert refused[0].context.user_id == hass_admin_user.id
    assert recorder.commands == [(EAST_IN_PLATE_CAMERA, "display", {"text": REFUSED_DISPLAY_TEXT})]


async def test_acknowledge_fires_the_event_blueprints_wait_for(
    hass: HomeAssistant, staff_entry: MockConfigEntry, hass_admin_user: MockUser
) -> None:
    acknowledged = async_capture_events(hass, EVENT_ACKNOWLEDGED)
    await _answer(hass, "SC_ACK_smoke_2_1", hass_admin_user)
    assert [event.data["id"] for event in acknowledged] == ["smoke_2_1"]
    assert acknowledged[0].data["user_name"] == hass_admin_user.name


async def test_unknown_device_is_logged(
    hass: HomeAssistant,
    staff_entry: MockConfigEntry,
    hass_admin_user: MockUser,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await _answer(hass, "SC_OPEN_34010449011348999999", hass_admin_user)
    assert "no community has device 34010449011348999999" in caplog.text


async def test_an_unknown_community_is_refused(
    hass: HomeAssistant, staff_entry: MockConfigEntry
) -> None:
    from homeassistant.exceptions import ServiceValidationError

    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "notify_staff",
            {"config_entry_id": "nope", "message": "test"},
            blocking=True,
        )
    assert err.value.translation_key == "unknown_community"
