"""Decoded device events drive entity states, event entities and the HA bus."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from homeassistant.const import STATE_OFF, STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.smart_community.const import DOMAIN, EVENT_DEVICE_EVENT
from custom_components.smart_community.core.events import (
    DeviceEvent,
    EventImage,
    EventKind,
    ImageType,
)
from custom_components.smart_community.hub import CommunityHub

from .helpers import deliver, hub_of

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def _hub(entry: MockConfigEntry) -> CommunityHub:
    hub: CommunityHub = hub_of(entry)
    return hub


def _code(hub: CommunityHub, kind: str, index: int = 0) -> str:
    return [device.code for device in hub.devices.values() if device.kind.value == kind][index]


def _entity(hass: HomeAssistant, domain: str, code: str, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(domain, DOMAIN, f"{code}_{key}")
    assert entity_id is not None
    return entity_id


async def test_state_events_update_binary_sensors(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    hub = _hub(loaded_entry)
    detector = _code(hub, "vehicle_detector")
    entity_id = _entity(hass, "binary_sensor", detector, "vehicle_present")
    assert hass.states.get(entity_id).state == "unknown"
    deliver(
        hub,
        DeviceEvent(
            kind=EventKind.STATE, device_id=detector, time=NOW, attributes={"vehicle_present": True}
        ),
    )
    await hass.async_block_till_done()
    assert hass.states.get(entity_id).state == STATE_ON
    connectivity = _entity(hass, "binary_sensor", detector, "connectivity")
    assert hass.states.get(connectivity).state == STATE_ON
    # the last will: offline, entities unavailable, connectivity off
    deliver(
        hub,
        DeviceEvent(
            kind=EventKind.STATE,
            device_id=detector,
            time=NOW,
            event_type="availability",
            attributes={"online": False},
        ),
    )
    await hass.async_block_till_done()
    assert hass.states.get(entity_id).state == STATE_UNAVAILABLE
    assert hass.states.get(connectivity).state == STATE_OFF


async def test_a_bad_state_value_is_refused_and_changes_nothing(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    hub = _hub(loaded_entry)
    meter = _code(hub, "electricity_meter")
    entity_id = _entity(hass, "sensor", meter, "energy")
    assert deliver(
        hub,
        DeviceEvent(kind=EventKind.STATE, device_id=meter, time=NOW, attributes={"reading": 12.5}),
    )
    assert not deliver(
        hub,
        DeviceEvent(
            kind=EventKind.STATE,
            device_id=meter,
            time=NOW,
            attributes={"reading": "lots", "battery": 50},
        ),
    )
    await hass.async_block_till_done()
    state = hass.states.get(entity_id)
    assert state.state == "12.5"
    assert state.attributes["unit_of_measurement"] == "kWh"
    assert state.attributes["state_class"] == "total_increasing"
    assert "reading: expected a number" in caplog.text


async def test_unknown_devices_are_logged_not_applied(
    hass: HomeAssistant, loaded_entry: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    hub = _hub(loaded_entry)
    assert not deliver(
        hub,
        DeviceEvent(
            kind=EventKind.ALARM, device_id="34010449011348999999", time=NOW, source="mqtt"
        ),
    )
    assert "not in the register" in caplog.text
    assert hub.events_rejected == 1


async def test_plate_read_fires_event_entity_and_bus_event(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    hub = _hub(loaded_entry)
    camera = _code(hub, "plate_camera")
    bus = async_capture_events(hass, EVENT_DEVICE_EVENT)
    deliver(
        hub,
        DeviceEvent(
            kind=EventKind.VEHICLE,
            device_id=camera,
            time=NOW,
            event_type="plate_read",
            plate="皖A12345",
            plate_color="blue",
            confidence=0.97,
            images=(EventImage(ImageType.SCENE, b"\xff\xd8scene"),),
        ),
    )
    await hass.async_block_till_done()
    event_state = hass.states.get(_entity(hass, "event", camera, "plate"))
    assert event_state.attributes["event_type"] == "plate_read"
    assert event_state.attributes["plate"] == "皖A12345"
    assert event_state.attributes["plate_color"] == "blue"
    assert len(bus) == 1
    assert bus[0].data["device_code"] == camera
    assert bus[0].data["plate"] == "皖A12345"
    assert bus[0].data["image_types"] == ["scene"]
    # the camera entity shows the picture
    camera_entity = _entity(hass, "camera", camera, "camera")
    from homeassistant.components.camera import async_get_image

    image = await async_get_image(hass, camera_entity)
    assert image.content == b"\xff\xd8scene"


async def test_alarm_and_clear(hass: HomeAssistant, loaded_entry: MockConfigEntry) -> None:
    hub = _hub(loaded_entry)
    smoke = _code(hub, "smoke_detector")
    binary = _entity(hass, "binary_sensor", smoke, "smoke")
    event_entity = _entity(hass, "event", smoke, "alarm")
    deliver(
        hub,
        DeviceEvent(
            kind=EventKind.ALARM,
            device_id=smoke,
            time=NOW,
            event_type="smoke",
            attributes={"active": True},
        ),
    )
    await hass.async_block_till_done()
    assert hass.states.get(binary).state == STATE_ON
    assert hass.states.get(event_entity).attributes["event_type"] == "alarm"
    deliver(
        hub,
        DeviceEvent(
            kind=EventKind.ALARM,
            device_id=smoke,
            time=NOW,
            event_type="smoke",
            attributes={"active": False},
        ),
    )
    await hass.async_block_till_done()
    assert hass.states.get(binary).state == STATE_OFF
    assert hass.states.get(event_entity).attributes["event_type"] == "cleared"


async def test_patrol_check_in_sets_last_patrol(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    hub = _hub(loaded_entry)
    point = _code(hub, "patrol_checkpoint")
    deliver(
        hub,
        DeviceEvent(
            kind=EventKind.ACCESS,
            device_id=point,
            time=NOW,
            event_type="patrol_check_in",
            person_id="guard-7",
            person_name="王师傅",
        ),
    )
    await hass.async_block_till_done()
    sensor = hass.states.get(_entity(hass, "sensor", point, "last_patrol"))
    assert sensor.state == NOW.isoformat()
    assert sensor.attributes["guard_id"] == "guard-7"
    assert (
        hass.states.get(_entity(hass, "event", point, "patrol")).attributes["event_type"]
        == "checked_in"
    )


async def test_barrier_never_closes_onto_a_vehicle(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    hub = _hub(loaded_entry)
    barrier = next(device for device in hub.devices.values() if device.kind.value == "barrier")
    detector = next(
        device
        for device in hub.devices.values()
        if device.kind.value == "vehicle_detector"
        and device.lane == barrier.lane
        and device.gate == barrier.gate
    )
    deliver(
        hub,
        DeviceEvent(
            kind=EventKind.STATE,
            device_id=detector.code,
            time=NOW,
            attributes={"vehicle_present": True},
        ),
    )
    cover = _entity(hass, "cover", barrier.code, "barrier")
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call("cover", "close_cover", {"entity_id": cover}, blocking=True)
    assert err.value.translation_key == "vehicle_present"


async def test_commands_need_a_connected_transport(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    hub = _hub(loaded_entry)
    barrier = next(device for device in hub.devices.values() if device.kind.value == "barrier")
    cover = _entity(hass, "cover", barrier.code, "barrier")
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call("cover", "open_cover", {"entity_id": cover}, blocking=True)
    assert err.value.translation_key == "no_command_transport"
