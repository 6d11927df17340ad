"""People registry and access rules in HA: actions, decisions on the bus, community sensors."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.smart_community.const import DOMAIN, EVENT_DEVICE_EVENT
from custom_components.smart_community.core.events import DeviceEvent, EventKind

from .helpers import deliver, derive, hub_of

COMMUNITY_CODE = "340104001001001"
EAST_IN_FACE = "34010449971328001001"
EAST_OUT_FACE = "34010449971328001002"
SOUTH_IN_FACE = "34010449971328001005"
EAST_TERMINAL = "34010449011348001004"
UNIT_1_1_TERMINAL = "34010449011348001021"
UNIT_1_2_TERMINAL = "34010449011348001023"
OWNER_ID_NUMBER = "340121198001011230"
ELDER_ID_NUMBER = "340121195503150026"
BAD_CHECKSUM_ID_NUMBER = "340121198001011231"


@pytest.fixture
async def people_entry(
    hass: HomeAssistant, community_entry: MockConfigEntry, frozen_clock: FrozenDateTimeFactory
) -> MockConfigEntry:
    """The demo community with people, parking and records running."""
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    return community_entry


type Call = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def call(hass: HomeAssistant, people_entry: MockConfigEntry) -> Call:
    """Call one of the integration's actions for the demo community, with its response."""

    async def _call(service: str, **data: Any) -> dict[str, Any]:
        response = await hass.services.async_call(
            DOMAIN,
            service,
            {"config_entry_id": people_entry.entry_id, **data},
            blocking=True,
            return_response=True,
        )
        assert response is not None
        return dict(response)

    return _call


def sensor(hass: HomeAssistant, key: str) -> str:
    """Entity id of a community-level sensor."""
    entity_id = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, f"{COMMUNITY_CODE}_{key}")
    assert entity_id is not None, key
    return entity_id


async def add_owner(call: Call, **changes: Any) -> dict[str, Any]:
    """张伟, owner of 1栋1单元1502."""
    data = {
        "person_id": "P-0001",
        "name": "张伟",
        "role": "owner",
        "id_number": OWNER_ID_NUMBER,
        "mobile": "13800138000",
        "building": "1栋",
        "unit": "1单元",
        "room": "1502",
        **changes,
    }
    return await call("add_person", **{k: v for k, v in data.items() if v is not None})


def face(
    hass: HomeAssistant, entry: MockConfigEntry, device: str, person_id: str | None, at: datetime
) -> None:
    """A live face the recognition engine matched at a device (what opens doors)."""
    assert derive(
        hub_of(entry),
        DeviceEvent(
            kind=EventKind.FACE_MATCH,
            device_id=device,
            time=at,
            person_id=person_id,
            liveness=True,
            attributes={"recognised_by": "engine"},
        ),
    )


def registry_file(hass: HomeAssistant) -> Path:
    """The registry JSON of the demo community."""
    return Path(hass.config.path(DOMAIN, COMMUNITY_CODE, "people.json"))


# --- registry actions -------------------------------------------------------------------------


async def test_add_person_checks_and_masks(hass: HomeAssistant, call: Call) -> None:
    response = await add_owner(call)
    person = response["person"]
    assert person["id_number"] == "340121********1230"
    assert person["mobile"] == "138****8000"
    assert (person["building"], person["unit"], person["room"]) == ("1", "1", "1502")
    saved = json.loads(registry_file(hass).read_text(encoding="utf-8"))
    assert [p["id"] for p in saved["people"]] == ["P-0001"]


@pytest.mark.parametrize(
    ("changes", "key"),
    [
        ({"id_number": BAD_CHECKSUM_ID_NUMBER}, "invalid_id_number"),
        ({"id_number": "340121209901011235"}, "invalid_id_number"),  # no such birth date
        ({"mobile": "12345"}, "invalid_mobile"),
        ({"building": "9栋"}, "unknown_building"),
        ({"unit": "5单元"}, "unknown_unit"),
        ({"room": "15"}, "invalid_room"),
    ],
)
async def test_bad_person_input_is_refused_and_changes_nothing(
    hass: HomeAssistant, call: Call, changes: dict[str, Any], key: str
) -> None:
    await add_owner(call, person_id="P-0000", id_number=None, mobile=None, cards=["IC-9"])
    before = registry_file(hass).read_bytes()
    with pytest.raises(ServiceValidationError) as err:
        await add_owner(call, **changes)
    assert err.value.translation_key == key
    assert registry_file(hass).read_bytes() == before


async def test_update_and_remove_person(hass: HomeAssistant, call: Call) -> None:
    await add_owner(call)
    updated = await call("update_person", person_id="P-0001", room="0802")
    assert updated["person"]["room"] == "0802"
    assert updated["person"]["name"] == "张伟"
    await call("add_vehicle", plate="皖A12345", owner_id="P-0001")
    with pytest.raises(ServiceValidationError) as err:
        await call("remove_person", person_id="P-0001")
    assert err.value.translation_key == "person_in_use"
    with pytest.raises(ServiceValidationError) as err:
        await call("update_person", person_id="nobody", name="x")
    assert err.value.translation_key == "unknown_person"


async def test_add_vehicle_checks_the_plate(hass: HomeAssistant, call: Call) -> None:
    await add_owner(call)
    with pytest.raises(ServiceValidationError) as err:
        await call("add_vehicle", plate="皖A1234", owner_id="P-0001")
    assert err.value.translation_key == "invalid_plate"
    with pytest.raises(ServiceValidationError) as err:
        await call("add_vehicle", plate="皖AI2345", owner_id="P-0001")  # no I on plates
    assert err.value.translation_key == "invalid_plate"
    response = await call(
        "add_vehicle", plate="皖a·d12345", owner_id="P-0001", monthly_pass_until="2099-12-31"
    )
    assert response["plate"] == "皖AD12345"
    assert response["monthly_pass_until"] == "2099-12-31"


async def test_overlapping_visitor_pass_is_refused(hass: HomeAssistant, call: Call) -> None:
    await add_owner(call)
    start = dt_util.now().replace(microsecond=0)
    first = await call(
        "issue_visitor_pass",
        host_id="P-0001",
        name="李娜",
        person_id="V-1",
        valid_from=start.isoformat(),
        valid_until=(start + timedelta(hours=4)).isoformat(),
        gates=["东门"],
    )
    assert first["person"]["gates"] == ["东门"]
    before = registry_file(hass).read_bytes()
    with pytest.raises(ServiceValidationError) as err:
        await call(
            "issue_visitor_pass",
            host_id="P-0001",
            name="李娜",
            person_id="V-1",
            valid_from=(start + timedelta(hours=3)).isoformat(),
            valid_until=(start + timedelta(hours=6)).isoformat(),
        )
    assert err.value.translation_key == "overlapping_pass"
    assert registry_file(hass).read_bytes() == before
    # the next day's visit replaces the pass
    later = await call(
        "issue_visitor_pass",
        host_id="P-0001",
        name="李娜",
        person_id="V-1",
        valid_from=(start + timedelta(days=1)).isoformat(),
        valid_until=(start + timedelta(days=1, hours=2)).isoformat(),
    )
    assert later["person"]["gates"] == []
    with pytest.raises(ServiceValidationError) as err:
        await call(
            "issue_visitor_pass",
            host_id="P-0001",
            name="王五",
            valid_from=start.isoformat(),
            valid_until=(start + timedelta(hours=1)).isoformat(),
            gates=["北门"],
        )
    assert err.value.translation_key == "unknown_gate"


# --- decisions on the bus ---------------------------------------------------------------------


async def test_resident_allowed_and_counted_inside(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    await add_owner(call)
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    now = dt_util.utcnow()
    face(hass, people_entry, EAST_IN_FACE, "P-0001", now)
    await hass.async_block_till_done()
    data = events[-1].data
    assert data["decision"] == "allow"
    assert data["decision_reason"] == "resident"
    assert data["person_name"] == "张*"  # masked on the bus; the records keep the name
    assert data["role"] == "owner"
    assert hass.states.get(sensor(hass, "people_inside")).state == "1"
    assert hass.states.get(sensor(hass, "entries_today")).state == "1"
    # the turnstile's verify of the same entry is not a second entry
    face(hass, people_entry, SOUTH_IN_FACE, "P-0001", now + timedelta(seconds=5))
    await hass.async_block_till_done()
    assert hass.states.get(sensor(hass, "entries_today")).state == "1"
    face(hass, people_entry, EAST_OUT_FACE, "P-0001", now + timedelta(minutes=5))
    await hass.async_block_till_done()
    assert events[-1].data["decision_reason"] == "exit"
    assert hass.states.get(sensor(hass, "people_inside")).state == "0"
    assert hass.states.get(sensor(hass, "exits_today")).state == "1"


async def test_unknown_face_is_denied(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    face(hass, people_entry, EAST_IN_FACE, None, dt_util.utcnow())
    await hass.async_block_till_done()
    assert (events[-1].data["decision"], events[-1].data["decision_reason"]) == (
        "deny",
        "unknown_person",
    )


async def test_unit_door_opens_only_for_its_residents(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    await add_owner(call, cards=["IC-0001"])
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    hub = hub_of(people_entry)
    now = dt_util.utcnow()
    for terminal in (UNIT_1_1_TERMINAL, UNIT_1_2_TERMINAL):
        deliver(
            hub,
            DeviceEvent(
                kind=EventKind.ACCESS,
                device_id=terminal,
                time=now,
                event_type="verified",
                method="ic_card",
                attributes={"card": "IC-0001"},
            ),
        )
    await hass.async_block_till_done()
    assert [e.data["decision_reason"] for e in events] == ["resident", "wrong_unit"]
    assert events[1].data["building"] == "1栋"


async def test_expired_visitor_pass_is_denied(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    await add_owner(call)
    start = dt_util.now().replace(microsecond=0) - timedelta(hours=3)
    await call(
        "issue_visitor_pass",
        host_id="P-0001",
        name="李娜",
        person_id="V-1",
        valid_from=start.isoformat(),
        valid_until=(start + timedelta(hours=2)).isoformat(),
        gates=["东门"],
    )
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    face(hass, people_entry, EAST_IN_FACE, "V-1", start + timedelta(hours=1))
    face(hass, people_entry, SOUTH_IN_FACE, "V-1", start + timedelta(hours=1))
    face(hass, people_entry, EAST_IN_FACE, "V-1", start + timedelta(hours=2))
    await hass.async_block_till_done()
    reasons = [(e.data["decision"], e.data["decision_reason"]) for e in events]
    assert reasons == [
        ("allow", "visitor_pass"),
        ("deny", "gate_not_allowed"),
        ("deny", "pass_expired"),
    ]
    assert events[0].data["role"] == "visitor"
    assert hass.states.get(sensor(hass, "visitors_inside")).state == "1"


async def test_tenant_moved_out_is_denied(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    today = dt_util.now().date()
    await add_owner(
        call,
        person_id="T-1",
        name="赵六",
        role="tenant",
        id_number=None,
        move_in=(today - timedelta(days=200)).isoformat(),
        move_out=(today - timedelta(days=1)).isoformat(),
    )
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    face(hass, people_entry, EAST_IN_FACE, "T-1", dt_util.utcnow())
    await hass.async_block_till_done()
    assert events[-1].data["decision"] == "deny"
    assert events[-1].data["decision_reason"] == "tenant_moved_out"
    assert events[-1].data["move_out"] == (today - timedelta(days=1)).isoformat()
    # moving out later lets them in again
    await call("update_person", person_id="T-1", move_out=(today + timedelta(days=30)).isoformat())
    face(hass, people_entry, EAST_IN_FACE, "T-1", dt_util.utcnow())
    await hass.async_block_till_done()
    assert events[-1].data["decision_reason"] == "resident"


async def test_watch_list_raises_an_alert_on_the_bus(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    await add_owner(call)
    await call("update_person", person_id="P-0001", watch_list="black_list", watch_reason="通缉")
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    face(hass, people_entry, EAST_OUT_FACE, "P-0001", dt_util.utcnow())
    await hass.async_block_till_done()
    data = events[-1].data
    assert (data["decision"], data["decision_reason"]) == ("alert", "black_list")
    assert data["reason"] == "通缉"
    await call("update_person", person_id="P-0001", watch_list="none")
    face(hass, people_entry, EAST_IN_FACE, "P-0001", dt_util.utcnow())
    await hass.async_block_till_done()
    assert events[-1].data["decision"] == "allow"


# --- care residents ---------------------------------------------------------------------------


async def test_care_resident_last_seen_sensor(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    await add_owner(
        call,
        person_id="E-1",
        name="王秀英",
        id_number=ELDER_ID_NUMBER,
        inactivity_hours=12,
        emergency_contact_name="王小明",
        emergency_contact_mobile="13900139000",
        cards=["IC-E1"],
    )
    await hass.async_block_till_done()  # the entry reloads to add the resident's sensor
    entity_id = sensor(hass, "care_last_seen_E-1")
    state = hass.states.get(entity_id)
    assert state.state == "unknown"
    assert state.attributes["inactivity_threshold_hours"] == 12
    assert state.attributes["emergency_contact"] == "王** 139****9000"
    assert "13900139000" not in json.dumps(dict(state.attributes), ensure_ascii=False)
    seen = dt_util.utcnow().replace(microsecond=0)
    hub = hub_of(people_entry)
    deliver(
        hub,
        DeviceEvent(
            kind=EventKind.ACCESS,
            device_id=UNIT_1_1_TERMINAL,
            time=seen,
            event_type="verified",
            method="ic_card",
            attributes={"card": "IC-E1"},  # the card names her, not the terminal
        ),
    )
    await hass.async_block_till_done()
    assert dt_util.parse_datetime(hass.states.get(entity_id).state) == seen
    # survives a reload
    await hass.config_entries.async_reload(people_entry.entry_id)
    await hass.async_block_till_done()
    assert dt_util.parse_datetime(hass.states.get(entity_id).state) == seen
    # ending care removes the sensor
    await call("update_person", person_id="E-1", inactivity_hours=0)
    await hass.async_block_till_done()
    state = hass.states.get(entity_id)
    assert state is None or state.state == "unavailable"


async def test_registry_survives_a_reload(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    await add_owner(call)
    await hass.config_entries.async_reload(people_entry.entry_id)
    await hass.async_block_till_done()
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    face(hass, people_entry, EAST_IN_FACE, "P-0001", dt_util.utcnow())
    await hass.async_block_till_done()
    assert events[-1].data["decision_reason"] == "resident"


async def test_unload_saves_who_is_inside_and_the_sightings(
    hass: HomeAssistant,
    call: Call,
    people_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    await add_owner(call)
    face(hass, people_entry, EAST_IN_FACE, "P-0001", dt_util.utcnow())
    await hass.async_block_till_done()
    assert await hass.config_entries.async_unload(people_entry.entry_id)
    await hass.async_block_till_done()
    occupancy = hass_storage[f"{DOMAIN}.{COMMUNITY_CODE}.occupancy"]["data"]
    assert occupancy["inside"] == {"P-0001": "owner"}
    assert occupancy["counts"]["entries"] == 1
    assert f"{DOMAIN}.{COMMUNITY_CODE}.parking" in hass_storage


async def test_diagnostics_count_people_but_name_nobody(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    from custom_components.smart_community.diagnostics import (
        async_get_config_entry_diagnostics,
    )

    await add_owner(call)
    await call("add_vehicle", plate="皖A12345", owner_id="P-0001")
    face(hass, people_entry, EAST_IN_FACE, "P-0001", dt_util.utcnow())
    await hass.async_block_till_done()
    diagnostics = await async_get_config_entry_diagnostics(hass, people_entry)
    assert diagnostics["people"]["people_by_role"] == {"owner": 1}
    assert diagnostics["people"]["vehicles"] == 1
    assert diagnostics["people"]["inside"] == 1
    assert diagnostics["records"]["backend"] == "sqlite"
    text = json.dumps(diagnostics["people"] | diagnostics["records"], ensure_ascii=False)
    assert "张伟" not in text
    assert "P-0001" not in text
    assert "皖A12345" not in text
