"""门禁授权 in a real HA against simulated Hikvision and Dahua terminals.

The registry changes through the actions; the terminals' own libraries (users, windows, faces,
cards) are checked on the simulated devices; their own events come back into the hub through
the streams the engine opens. Every date comes from a fake clock (tests/ha/terminals_helpers).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError, Unauthorized
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_capture_events,
)

from custom_components.smart_community.const import DOMAIN, EVENT_DEVICE_EVENT
from custom_components.smart_community.issues import IssueFamily, issue_id

from ...terminal_fakes import FakeClock, jpeg
from .helpers import (
    EAST_GATE,
    T0,
    UNIT_3_1,
    UNIT_3_2,
    Call,
    SimulatedTerminals,
    feature_of,
    photo_file,
    state,
    until,
    user_id,
)


async def add_family(call: Call, config_dir: Path) -> dict[str, bytes]:
    """The Chen family of 3栋1单元502: owner and daughter with cards, a tenant with a lease;
    each with a photo. Returns the photos by person."""
    home = {"building": "3栋", "unit": "1单元", "room": "502"}
    await call(
        "add_person", person_id="P-31", name="陈明", role="owner", cards=["0031000001"], **home
    )
    await call(
        "add_person", person_id="P-32", name="陈小雨", role="family", cards=["0031000002"], **home
    )
    await call(
        "add_person",
        person_id="P-33",
        name="周杰",
        role="tenant",
        move_in="2026-11-01",
        move_out="2026-12-31",
        **home,
    )
    photos = {}
    for number, person in enumerate(("P-31", "P-32", "P-33"), start=1):
        photos[person] = jpeg(number)
        response = await call(
            "add_person_photo",
            person_id=person,
            file=photo_file(config_dir, f"{person}.jpg", photos[person]),
        )
        assert response["photo"].endswith(".jpg")
    return photos


def sensor_of(hass: HomeAssistant, code: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, f"{code}_library_sync")
    assert entity_id is not None
    return entity_id


# --- the registry reaches the terminals ----------------------------------------------------


async def test_a_family_reaches_its_unit_door_and_the_gate_with_faces_cards_and_windows(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    terminals: SimulatedTerminals,
    call: Call,
    config_dir: Path,
) -> None:
    photos = await add_family(call, config_dir)
    ids = {person: await user_id(hass, entry, person) for person in photos}
    unit, gate, other = (
        terminals.unit_3_1.library,
        terminals.gate.library,
        terminals.unit_3_2.library,
    )

    def synced() -> bool:
        return all(len(lib.faces) == 3 and len(lib.card_owner) == 2 for lib in (unit, gate))

    await until(synced, "the family on the unit door and the gate")
    for library in (unit, gate):
        assert {uid: library.faces[uid] for uid in ids.values()} == {
            ids[person]: photo for person, photo in photos.items()
        }
        assert library.card_owner == {"0031000001": ids["P-31"], "0031000002": ids["P-32"]}
        owner, tenant = library.users[ids["P-31"]], library.users[ids["P-33"]]
        assert owner.name == "陈明" and not owner.enabled  # a resident: no window
        assert tenant.enabled
        assert (tenant.begin, tenant.end) == (
            datetime(2026, 11, 1),
            datetime(2026, 12, 31, 23, 59, 59),
        )
    assert other.users == {}  # 3栋2单元 does not open for them
    await until(lambda: state(entry, UNIT_3_1) == "in_sync", "the unit door in sync")
    await hass.async_block_till_done()
    sensor = hass.states.get(sensor_of(hass, UNIT_3_1))
    assert sensor is not None and sensor.state == "in_sync"
    assert (sensor.attributes["users"], sensor.attributes["faces"], sensor.attributes["cards"]) == (
        3,
        3,
        2,
    )
    assert sensor.attributes["vendor"] == "hikvision" and sensor.attributes["failed_items"] == []
    dahua = hass.states.get(sensor_of(hass, UNIT_3_2))
    assert dahua is not None and dahua.attributes["users"] == 0
    # a terminal without settings in the options has no sync sensor
    assert (
        er.async_get(hass).async_get_entity_id(
            "sensor", DOMAIN, "34010449011348001027_library_sync"
        )
        is None
    )


async def test_move_out_and_removal_take_people_off_their_terminals(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    terminals: SimulatedTerminals,
    call: Call,
    config_dir: Path,
) -> None:
    await add_family(call, config_dir)
    tenant, owner = await user_id(hass, entry, "P-33"), await user_id(hass, entry, "P-31")
    unit, gate = terminals.unit_3_1.library, terminals.gate.library
    await until(lambda: len(unit.faces) == 3 and len(gate.faces) == 3, "the family synced")
    # The tenant moved out last week: gone from the door and the gate, face and all.
    await call("update_person", person_id="P-33", move_out="2026-11-18")
    await until(lambda: tenant not in unit.users and tenant not in gate.users, "the tenant gone")
    assert tenant not in unit.faces and tenant not in gate.faces
    await call("remove_person", person_id="P-31")
    await until(lambda: owner not in unit.users and owner not in gate.users, "the owner gone")
    assert "0031000001" not in unit.card_owner and "0031000001" not in gate.card_owner
    assert len(unit.users) == 1  # the daughter stays


async def test_a_visitor_pass_reaches_host_door_and_gate_and_expires_by_itself(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    terminals: SimulatedTerminals,
    call: Call,
    config_dir: Path,
    clock: FakeClock,
) -> None:
    await add_family(call, config_dir)
    start, end = T0 - timedelta(hours=1), T0 + timedelta(hours=2)
    response = await call(
        "issue_visitor_pass",
        host_id="P-31",
        name="来访者",
        valid_from=start.isoformat(),
        valid_until=end.isoformat(),
        gates=["东门"],
    )
    visitor = await user_id(hass, entry, response["person"]["person_id"])
    unit, gate = terminals.unit_3_1.library, terminals.gate.library
    await until(lambda: visitor in unit.users and visitor in gate.users, "the visitor on both")
    local = clock.local()
    pass_user = gate.users[visitor]
    assert pass_user.user_type == "visitor" and pass_user.enabled
    assert pass_user.begin == local - timedelta(hours=1)
    assert pass_user.end == local + timedelta(hours=2) - timedelta(seconds=1)
    assert visitor not in terminals.unit_3_2.library.users
    clock.advance(2 * 3600 + 1)  # the pass is over: nobody has to do anything
    await until(lambda: visitor not in unit.users and visitor not in gate.users, "the pass gone")


async def test_a_terminal_offline_for_an_hour_is_resynced_when_it_is_back(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    terminals: SimulatedTerminals,
    call: Call,
    config_dir: Path,
    clock: FakeClock,
) -> None:
    await add_family(call, config_dir)
    door = terminals.unit_3_1
    await until(lambda: len(door.library.faces) == 3, "the family synced")
    hub = feature_of(entry).hub
    assert hub is not None
    # the door answered the sync: connected, before any event of its own
    await until(lambda: hub.state_of(UNIT_3_1).online is True, "the door connected")
    owner = await user_id(hass, entry, "P-31")
    await door.go_offline()
    await call(
        "add_person",
        person_id="P-34",
        name="陈老",
        role="family",
        building="3",
        unit="1",
        room="502",
    )
    newcomer = await user_id(hass, entry, "P-34")
    await until(lambda: state(entry, UNIT_3_1) == "offline", "the door offline")
    await hass.async_block_till_done()
    assert hass.states.get(sensor_of(hass, UNIT_3_1)).state == "offline"
    assert hub.state_of(UNIT_3_1).online is False  # its connectivity sensor too
    assert state(entry, EAST_GATE) != "offline"  # the gate took the newcomer meanwhile
    await until(lambda: newcomer in terminals.gate.library.users, "the newcomer at the gate")
    # While it was away somebody deleted the owner on the device itself.
    door.library.remove_user(owner)
    await door.come_back()
    clock.advance(3600)  # the next probe is due an hour on: it finds the door back
    await until(
        lambda: newcomer in door.library.users and owner in door.library.users,
        "the door resynced",
    )
    await until(lambda: state(entry, UNIT_3_1) == "in_sync", "the door in sync")
    assert hub.state_of(UNIT_3_1).online is True
    assert owner in door.library.faces
    status = feature_of(entry).status(UNIT_3_1)
    assert status is not None and status.last_full_sync is not None
    assert status.last_full_sync.timestamp() >= clock.now - 1  # read back after the spell


async def test_refusals_fail_their_items_with_the_device_words_and_raise_a_repair_issue(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    terminals: SimulatedTerminals,
    call: Call,
    config_dir: Path,
) -> None:
    door, gate = terminals.unit_3_1.library, terminals.gate.library
    rejected = jpeg(3)  # the tenant's photo: the door's own face modelling fails on it
    door.face_check = lambda picture: "no face in the picture" if picture == rejected else None
    gate.max_faces = 2  # a small gate library: one face of three does not fit
    await add_family(call, config_dir)
    await until(lambda: state(entry, UNIT_3_1) == "failed", "the door failing")
    await until(lambda: state(entry, EAST_GATE) == "failed", "the gate failing")
    await until(lambda: len(door.users) == 3 and len(door.faces) == 2, "the door's others went on")
    await until(lambda: len(gate.users) == 3 and len(gate.card_owner) == 2, "the gate's too")
    door_status = feature_of(entry).status(UNIT_3_1)
    assert door_status is not None and door_status.failed == 1
    [refused] = door_status.failures
    assert refused.person_id == "P-33"
    assert (
        refused.reason
        == "SubpicAnalysisModelingError: face modelling failed: no face in the picture"
    )
    assert not door_status.keeps_refusing  # one bad photo is the person's problem, not the door's
    gate_status = feature_of(entry).status(EAST_GATE)
    assert gate_status is not None and gate_status.keeps_refusing
    [full] = gate_status.failures
    assert full.capacity and "full" in full.reason
    await hass.async_block_till_done()
    sensor = hass.states.get(sensor_of(hass, UNIT_3_1))
    assert sensor.state == "failed" and sensor.attributes["failed"] == 1
    assert sensor.attributes["failed_items"] == [
        {
            "item": f"set_face {await user_id(hass, entry, 'P-33')}",
            "person_id": "P-33",
            "reason": refused.reason,
            "library_full": False,
        }
    ]
    issues = ir.async_get(hass)
    door_issue = issue_id(IssueFamily.TERMINAL_REFUSING, entry.entry_id, UNIT_3_1)
    gate_issue = issue_id(IssueFamily.TERMINAL_REFUSING, entry.entry_id, EAST_GATE)
    assert issues.async_get_issue(DOMAIN, door_issue) is None
    issue = issues.async_get_issue(DOMAIN, gate_issue)
    assert issue is not None and issue.severity is ir.IssueSeverity.ERROR
    assert issue.translation_placeholders["failed"] == "1"
    assert "the face library is full (2)" in issue.translation_placeholders["reasons"]
    assert issue.translation_placeholders["device"].endswith("东门人行通道门禁终端")
    # The site fixes both; a manager resyncs: the refused items go again and pass.
    gate.max_faces = 100
    door.face_check = None
    response = await call("resync_terminals")
    assert {item["device_code"] for item in response["terminals"]} >= {UNIT_3_1, EAST_GATE}
    await until(lambda: len(door.faces) == 3 and len(gate.faces) == 3, "every face in")
    await until(
        lambda: state(entry, UNIT_3_1) == "in_sync" and state(entry, EAST_GATE) == "in_sync",
        "both in sync",
    )
    await until(lambda: issues.async_get_issue(DOMAIN, gate_issue) is None, "the issue gone")


async def test_resync_refuses_unknown_terminals_and_guards(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    call: Call,
    hass_read_only_user: MockUser,
) -> None:
    with pytest.raises(ServiceValidationError) as err:
        await call("resync_terminals", device_code="34010449011348001027")  # no settings
    assert err.value.translation_key == "unknown_terminal"
    with pytest.raises(Unauthorized):
        await call("resync_terminals", context=Context(user_id=hass_read_only_user.id))
    response = await call("resync_terminals")
    assert {item["device_code"] for item in response["terminals"]} >= {
        UNIT_3_1,
        UNIT_3_2,
        EAST_GATE,
    }


async def test_a_bad_photo_is_refused_before_anything_changes(
    hass: HomeAssistant, entry: MockConfigEntry, call: Any, config_dir: Path
) -> None:
    await call(
        "add_person",
        person_id="P-31",
        name="陈明",
        role="owner",
        building="3",
        unit="1",
        room="502",
    )
    with pytest.raises(ServiceValidationError) as err:
        await call(
            "add_person_photo",
            person_id="P-31",
            file=photo_file(config_dir, "x.jpg", b"not a jpeg"),
        )
    assert err.value.translation_key == "photo_unusable"
    with pytest.raises(ServiceValidationError) as err:
        await call(
            "add_person_photo", person_id="P-31", file=photo_file(config_dir, "s.jpg", jpeg(1, 40))
        )
    assert err.value.translation_key == "photo_unusable"
    with pytest.raises(ServiceValidationError) as err:
        await call(
            "add_person_photo", person_id="P-99", file=photo_file(config_dir, "y.jpg", jpeg(2))
        )
    assert err.value.translation_key == "unknown_person"
    with pytest.raises(ServiceValidationError) as err:
        await call("add_person_photo", person_id="P-31", file="photos/missing.jpg")
    assert err.value.translation_key == "photo_unreadable"
    person = feature_of(entry).people.snapshot.person("P-31")
    assert person is not None and person.photos == ()
    assert not list((config_dir / DOMAIN / "340104001001001" / "photos").glob("*.jpg"))


# --- the terminals' own events and doors ---------------------------------------------------


async def test_terminal_events_reach_the_hub_naming_the_registry_person(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    terminals: SimulatedTerminals,
    call: Call,
    config_dir: Path,
) -> None:
    photos = await add_family(call, config_dir)
    await call(
        "add_person",
        person_id="P-41",
        name="林芳",
        role="owner",
        cards=["0032000001"],
        building="3",
        unit="2",
        room="101",
    )
    unit_3_1, unit_3_2 = terminals.unit_3_1, terminals.unit_3_2
    await until(
        lambda: len(unit_3_1.library.faces) == 3 and "0032000001" in unit_3_2.library.card_owner,
        "synced",
    )
    await until(
        lambda: unit_3_1.subscribers == 1 and unit_3_2.subscribers == 1, "event streams open"
    )
    assert terminals.gate.subscribers == 0  # the register connects the gate by MQTT
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    owner = await user_id(hass, entry, "P-31")
    assert unit_3_1.present_face(photos["P-31"]) == (owner, True)  # the terminal's own decision
    assert unit_3_2.present_card("0032000001")[1] is True
    assert unit_3_2.present_card("0031000001")[1] is False  # a 3栋1单元 card at 3栋2单元
    await until(lambda: len(events) >= 3, "three access events")
    by_device = {}
    for event in events:
        by_device.setdefault(event.data["device_code"], []).append(event.data)
    [face] = by_device[UNIT_3_1]
    assert (face["event_type"], face["method"], face["person_id"]) == ("verified", "face", "P-31")
    assert face["terminal_user_id"] == owner
    assert (face["decision"], face["decision_reason"]) == ("allow", "resident")
    card, stranger = by_device[UNIT_3_2]
    assert (card["person_id"], card["decision"]) == ("P-41", "allow")
    assert stranger["event_type"] == "denied" and stranger["card_no"] == "******0001"  # masked
    assert (stranger["person_name"], stranger["decision"]) == ("陈*", "deny")  # by card (masked)
    hub = feature_of(entry).hub
    assert hub is not None and hub.state_of(UNIT_3_2).last_seen is not None


async def test_the_lock_opens_the_door_through_the_terminals_own_api(
    hass: HomeAssistant, entry: MockConfigEntry, terminals: SimulatedTerminals
) -> None:
    registry = er.async_get(hass)
    for code, terminal, path in (
        (UNIT_3_1, terminals.unit_3_1, "/ISAPI/AccessControl/RemoteControl/door/1"),
        (UNIT_3_2, terminals.unit_3_2, "/cgi-bin/accessControl.cgi"),
    ):
        lock = registry.async_get_entity_id("lock", DOMAIN, f"{code}_lock")
        assert lock is not None
        await hass.services.async_call("lock", "open", {"entity_id": lock}, blocking=True)
        assert terminal.requests[path] == 1
    await terminals.unit_3_1.go_offline()
    lock = registry.async_get_entity_id("lock", DOMAIN, f"{UNIT_3_1}_lock")
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call("lock", "unlock", {"entity_id": lock}, blocking=True)
    assert err.value.translation_key == "command_failed"
    # an access terminal the integration does not synchronise keeps its transport's rule
    other = registry.async_get_entity_id("lock", DOMAIN, "34010449011348001027_lock")
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call("lock", "unlock", {"entity_id": other}, blocking=True)
    assert err.value.translation_key == "no_command_transport"
