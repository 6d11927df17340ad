"""The car park in HA: plate reads at the lanes open and close sessions, fees, re-entry."""

# The shared fixtures (call) are imported from test_people; pytest injects them.
# ruff: noqa: F811

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.smart_community.const import (
    CONF_DAILY_CAP,
    CONF_FREE_MINUTES,
    CONF_HOURLY_RATE,
    CONF_NIGHT_END,
    CONF_NIGHT_RATE,
    CONF_NIGHT_START,
    CONF_PARKING_SPACES,
    CONF_TEMPORARY_VEHICLES,
    EVENT_DEVICE_EVENT,
)
from custom_components.smart_community.core.events import DeviceEvent, EventKind

from .helpers import deliver, hub_of
from .test_people import Call, add_owner, call, hub_of, sensor  # noqa: F401

ENTRY_CAMERA = "34010449981198001009"  # 东门车辆通道入口车牌识别相机, lane 1
ENTRY_BARRIER = "34010449011398001010"
EXIT_CAMERA = "34010449981198001012"  # 东门车辆通道出口车牌识别相机, lane 2
EXIT_BARRIER = "34010449011398001013"
PLATE = "皖A12345"


@pytest.fixture
async def people_entry(
    hass: HomeAssistant, community_entry: MockConfigEntry, frozen_clock: FrozenDateTimeFactory
) -> MockConfigEntry:
    """The demo community in Hefei time with a 10-space car park and a night tariff."""
    await hass.config.async_set_time_zone("Asia/Shanghai")
    hass.config_entries.async_update_entry(
        community_entry,
        options={
            CONF_PARKING_SPACES: 10,
            CONF_FREE_MINUTES: 30,
            CONF_HOURLY_RATE: 3,
            CONF_DAILY_CAP: 30,
            CONF_NIGHT_RATE: 1,
            CONF_NIGHT_START: "22:00:00",
            CONF_NIGHT_END: "07:00:00",
        },
    )
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    return community_entry


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A Hefei wall-clock moment."""
    return datetime.combine(day, time(hour, minute), dt_util.get_default_time_zone())


def plate_read(
    hass: HomeAssistant, entry: MockConfigEntry, camera: str, at: datetime, plate: str = PLATE
) -> None:
    """A plate camera read a plate."""
    assert deliver(
        hub_of(entry),
        DeviceEvent(
            kind=EventKind.VEHICLE, device_id=camera, time=at, plate=plate, plate_color="blue"
        ),
    )


def decisions(events: list[Any]) -> list[tuple[str, str]]:
    """(decision, reason) of each captured event."""
    return [(e.data["decision"], e.data["decision_reason"]) for e in events]


async def test_temporary_car_pays_across_midnight(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    day = dt_util.now().date() - timedelta(days=2)
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    plate_read(hass, people_entry, ENTRY_CAMERA, local(day, 21, 30))
    await hass.async_block_till_done()
    assert decisions(events) == [("allow", "temporary_parking")]
    assert events[0].data["re_entry"] is False
    assert hass.states.get(sensor(hass, "free_parking_spaces")).state == "9"
    # 22:30, 23:30 and 00:30 start at the night rate: 3 + 1 + 1 + 1
    plate_read(hass, people_entry, EXIT_CAMERA, local(day + timedelta(days=1), 1, 30))
    await hass.async_block_till_done()
    assert decisions(events)[-1] == ("deny", "fee_unpaid")
    assert events[-1].data["amount"] == "6.00"
    closed = await call(
        "close_parking_session",
        plate=PLATE,
        time=local(day + timedelta(days=1), 1, 30).isoformat(),
    )
    assert closed["fee"] == "6.00"
    assert closed["unpaid"] == "0.00"
    assert closed["parked_minutes"] == 240
    assert hass.states.get(sensor(hass, "free_parking_spaces")).state == "10"
    assert float(hass.states.get(sensor(hass, "unpaid_parking_fees")).state) == 0


async def test_re_entry_is_flagged_and_keeps_the_first_session(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    now = dt_util.now()
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    plate_read(hass, people_entry, ENTRY_CAMERA, now - timedelta(hours=2))
    plate_read(hass, people_entry, ENTRY_CAMERA, now - timedelta(hours=1))
    await hass.async_block_till_done()
    assert decisions(events) == [("allow", "temporary_parking"), ("allow", "re_entry")]
    assert events[1].data["re_entry"] is True
    assert events[1].data["granted_as"] == "temporary_parking"
    assert events[1].data["entered_at"] == events[0].data["entered_at"]
    assert hass.states.get(sensor(hass, "free_parking_spaces")).state == "9"
    state = hass.states.get(sensor(hass, "entries_today"))
    assert state.attributes["vehicles"] == 1


async def test_monthly_pass_parks_free(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    await add_owner(call)
    await call("add_vehicle", plate=PLATE, owner_id="P-0001", monthly_pass_until="2099-12-31")
    now = dt_util.now()
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    plate_read(hass, people_entry, ENTRY_CAMERA, now - timedelta(hours=5))
    plate_read(hass, people_entry, EXIT_CAMERA, now)
    await hass.async_block_till_done()
    assert decisions(events) == [("allow", "monthly_pass"), ("allow", "exit")]
    assert events[0].data["parking_free"] is True
    assert events[0].data["person_name"] == "张*"  # masked outside the records store
    assert events[1].data["fee"] == "0.00"
    exits = hass.states.get(sensor(hass, "exits_today"))
    assert exits.attributes["vehicles"] == 1


async def test_car_that_never_entered_cannot_leave(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    plate_read(hass, people_entry, EXIT_CAMERA, dt_util.now())
    await hass.async_block_till_done()
    assert decisions(events) == [("deny", "no_entry_record")]


async def test_guard_lets_a_car_out_unpaid(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    day = dt_util.now().date() - timedelta(days=1)
    opened = await call("open_parking_session", plate="皖b·54321", time=local(day, 9).isoformat())
    assert opened["plate"] == "皖B54321"
    assert opened["entry_barrier"] == ENTRY_BARRIER
    assert opened["free_spaces"] == 9
    with pytest.raises(ServiceValidationError) as err:
        await call("open_parking_session", plate="皖B54321")
    assert err.value.translation_key == "already_inside"
    closed = await call(
        "close_parking_session", plate="皖B54321", time=local(day, 12).isoformat(), paid=False
    )
    assert closed["fee"] == "9.00"
    assert closed["unpaid"] == "9.00"
    await hass.async_block_till_done()
    assert float(hass.states.get(sensor(hass, "unpaid_parking_fees")).state) == 9
    with pytest.raises(ServiceValidationError) as err:
        await call("close_parking_session", plate="皖B54321")
    assert err.value.translation_key == "not_inside"
    with pytest.raises(ServiceValidationError) as err:
        await call("open_parking_session", plate="皖B5432")
    assert err.value.translation_key == "invalid_plate"


async def test_sessions_survive_a_reload(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    plate_read(hass, people_entry, ENTRY_CAMERA, dt_util.now() - timedelta(hours=1))
    await hass.async_block_till_done()
    await hass.config_entries.async_reload(people_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get(sensor(hass, "free_parking_spaces")).state == "9"
    assert hass.states.get(sensor(hass, "entries_today")).attributes["vehicles"] == 1
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    plate_read(hass, people_entry, ENTRY_CAMERA, dt_util.now())
    await hass.async_block_till_done()
    assert decisions(events) == [("allow", "re_entry")]


async def test_without_temporary_parking_unknown_cars_wait_outside(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    hass.config_entries.async_update_entry(
        people_entry, options={**people_entry.options, CONF_TEMPORARY_VEHICLES: False}
    )
    await hass.async_block_till_done()  # options reload the community
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    plate_read(hass, people_entry, ENTRY_CAMERA, dt_util.now())
    await hass.async_block_till_done()
    assert decisions(events) == [("deny", "unknown_plate")]
    assert hass.states.get(sensor(hass, "free_parking_spaces")).state == "10"
