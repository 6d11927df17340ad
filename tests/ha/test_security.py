"""Issue 13's findings, each reproduced through HA's real paths and refused.

1 who may call an action · 4 liveness and similarity · 5 device-sent direction and decisions ·
7 personal data outside the records store and the audit trail · 10 the notification's Open
fallback. (2 and 3, device authentication, are in test_http_push.py; 6, subscriptions, in
test_docking.py; 8 and 9 in tests/core and the fuzz targets.)
"""

# The shared fixtures (call, people_entry) are imported from test_people; pytest injects them.

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.auth.models import User
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_capture_events,
)

from custom_components.smart_community.const import DOMAIN, EVENT_DEVICE_EVENT
from custom_components.smart_community.core.credentials import device_password
from custom_components.smart_community.core.devices import Transport
from custom_components.smart_community.core.events import DeviceEvent, EventKind
from custom_components.smart_community.diagnostics import async_get_config_entry_diagnostics
from custom_components.smart_community.features.records import record_query
from custom_components.smart_community.features.staff_alerts import EVENT_MOBILE_ACTION

from .conftest import COMMUNITY_CODE, PUSH_SECRET
from .helpers import deliver, derive, hub_of, runtime_of
from .test_people import (
    EAST_IN_FACE,
    EAST_TERMINAL,
    OWNER_ID_NUMBER,
    Call,
    add_owner,
    call,
    people_entry,
)

__all__ = ["call", "people_entry"]

PLATE_CAMERA_NO_LANE = "34010449011328001016"  # a road camera: no lane, no barrier
ENTRY_PLATE_CAMERA = "34010449981198001009"
EAST_IN_BARRIER = "34010449011398001010"


async def _guard(hass: HomeAssistant) -> User:
    """An HA user of the ordinary group: a guard."""
    return await hass.auth.async_create_user("guard", group_ids=[GROUP_ID_USER])


async def _as(
    hass: HomeAssistant, entry: MockConfigEntry, user: User | MockUser, action: str, **data: Any
) -> dict[str, Any] | None:
    response = await hass.services.async_call(
        DOMAIN,
        action,
        {"config_entry_id": entry.entry_id, **data},
        blocking=True,
        return_response=True,
        context=Context(user_id=user.id),
    )
    return dict(response) if response is not None else None


def _event(**fields: Any) -> DeviceEvent:
    return DeviceEvent(time=dt_util.utcnow(), **fields)


# --- 1: who may call an action ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("add_person", {"person_id": "X", "name": "攻击者", "role": "owner"}),
        ("update_person", {"person_id": "P-0001", "watch_list": "none"}),
        ("search_records", {}),
        ("record_trajectory", {"person_id": "P-0001"}),
        ("export_records", {"file": "exports/all.csv"}),
        ("import_register", {"file": "evil.csv"}),
        ("enroll_face", {"person_id": "P-0001", "files": ["me.jpg"]}),
        ("device_credentials", {}),
        (
            "issue_visitor_pass",
            {
                "host_id": "P-0001",
                "name": "访客",
                "valid_from": "2026-11-25 10:00",
                "valid_until": "2026-11-25 12:00",
            },
        ),
        ("open_parking_session", {"plate": "皖A12345"}),
    ],
)
async def test_a_read_only_user_may_call_no_action(
    hass: HomeAssistant,
    people_entry: MockConfigEntry,
    hass_read_only_user: MockUser,
    action: str,
    data: dict[str, Any],
) -> None:
    with pytest.raises(Unauthorized):
        await _as(hass, people_entry, hass_read_only_user, action, **data)
    assert runtime_of(people_entry).people.snapshot.person("X") is None


async def test_a_guard_issues_visitor_passes_but_changes_no_resident(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry, hass_admin_user: MockUser
) -> None:
    await add_owner(call)
    guard = await _guard(hass)
    start = dt_util.now().replace(microsecond=0)
    issued = await _as(
        hass,
        people_entry,
        guard,
        "issue_visitor_pass",
        host_id="P-0001",
        name="王五",
        valid_from=start.isoformat(),
        valid_until=(start + timedelta(hours=2)).isoformat(),
    )
    assert issued is not None and issued["person"]["role"] == "visitor"
    for action, data in (
        ("add_person", {"person_id": "G-1", "name": "自己", "role": "owner", "cards": ["C1"]}),
        ("update_person", {"person_id": "P-0001", "watch_list": "none"}),
        ("search_records", {}),
        ("device_credentials", {}),
    ):
        with pytest.raises(Unauthorized):
            await _as(hass, people_entry, guard, action, **data)
    assert runtime_of(people_entry).people.snapshot.person("G-1") is None
    added = await _as(
        hass,
        people_entry,
        hass_admin_user,
        "add_person",
        person_id="G-2",
        name="李四",
        role="staff",
    )
    assert added is not None


async def test_faces_are_enrolled_from_photos_not_from_the_records(
    hass: HomeAssistant, people_entry: MockConfigEntry, hass_admin_user: MockUser, config_dir: Path
) -> None:
    """A captured face in the records is evidence, never an enrolment photo."""
    evidence = config_dir / DOMAIN / COMMUNITY_CODE / "images" / "ab" / "capture.jpg"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"\xff\xd8\xff\xd9")
    with pytest.raises(ServiceValidationError) as err:
        await _as(
            hass,
            people_entry,
            hass_admin_user,
            "enroll_face",
            person_id="P-0001",
            files=[str(evidence.relative_to(config_dir))],
        )
    # without models the recognition check comes first; either refusal keeps it out
    assert err.value.translation_key in ("file_in_integration_data", "recognition_unavailable")


# --- 4: liveness and similarity ----------------------------------------------------------------


async def test_a_photo_of_a_resident_does_not_open(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    await add_owner(call)
    hub = hub_of(people_entry)
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    # a terminal that decides by itself, but a dead face and a tiny similarity
    deliver(
        hub,
        _event(
            kind=EventKind.FACE_MATCH,
            device_id=EAST_TERMINAL,
            person_id="P-0001",
            similarity=0.01,
            liveness=False,
        ),
    )
    # the same terminal, sure of the face but without a liveness check
    deliver(
        hub,
        _event(
            kind=EventKind.FACE_MATCH, device_id=EAST_TERMINAL, person_id="P-0001", similarity=0.95
        ),
    )
    # a face camera's own claim (cameras capture; the engine decides)
    deliver(
        hub,
        _event(
            kind=EventKind.FACE_MATCH,
            device_id=EAST_IN_FACE,
            person_id="P-0001",
            similarity=0.99,
            liveness=True,
        ),
    )
    # the engine's match on a single still: not live
    derive(
        hub,
        _event(
            kind=EventKind.FACE_MATCH,
            device_id=EAST_IN_FACE,
            person_id="P-0001",
            liveness=False,
            attributes={"recognised_by": "engine"},
        ),
    )
    # a terminal's live match above the threshold: opens
    deliver(
        hub,
        _event(
            kind=EventKind.FACE_MATCH,
            device_id=EAST_TERMINAL,
            person_id="P-0001",
            similarity=0.93,
            liveness=True,
        ),
    )
    await hass.async_block_till_done()
    assert [(e.data["decision"], e.data["decision_reason"]) for e in events] == [
        ("deny", "low_similarity"),
        ("deny", "not_live"),
        ("deny", "match_not_verified"),
        ("deny", "not_live"),
        ("allow", "resident"),
    ]
    assert runtime_of(people_entry).access.inside == {"P-0001": "owner"}  # only the last


async def test_a_face_just_under_the_threshold_is_asked_again_not_called_a_stranger(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    hub = hub_of(people_entry)
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    for verdict in ("retry", "unknown"):
        derive(
            hub,
            _event(
                kind=EventKind.FACE_MATCH,
                device_id=EAST_IN_FACE,
                liveness=True,
                attributes={"recognised_by": "engine", "face_verdict": verdict},
            ),
        )
    # a device cannot claim the engine's retry: its own face events name nobody
    deliver(
        hub,
        _event(
            kind=EventKind.FACE_MATCH,
            device_id=EAST_TERMINAL,
            liveness=True,
            attributes={"recognised_by": "engine", "face_verdict": "retry"},
        ),
    )
    await hass.async_block_till_done()
    assert [(e.data["decision"], e.data["decision_reason"]) for e in events] == [
        ("deny", "look_again"),
        ("deny", "unknown_person"),
        ("deny", "unknown_person"),
    ]


async def test_an_uncertain_plate_does_not_raise_the_barrier(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    await add_owner(call)
    await call("add_vehicle", plate="皖A12345", owner_id="P-0001", monthly_pass_until="2099-12-31")
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    derive(
        hub_of(people_entry),
        _event(
            kind=EventKind.VEHICLE,
            device_id=ENTRY_PLATE_CAMERA,
            plate="皖A12345",
            attributes={"recognised_by": "engine", "plate_uncertain": True},
        ),
    )
    await hass.async_block_till_done()
    assert (events[-1].data["decision"], events[-1].data["decision_reason"]) == (
        "deny",
        "plate_uncertain",
    )
    assert runtime_of(people_entry).parking.lot.session("皖A12345") is None


# --- 5: the register decides; a payload never does -------------------------------------------


async def test_a_device_sent_direction_does_not_turn_an_entrance_into_an_exit(
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
    derive(
        hub_of(people_entry),
        _event(
            kind=EventKind.FACE_MATCH,
            device_id=EAST_IN_FACE,  # 东门入口: an entrance in the register
            person_id="T-1",
            liveness=True,
            direction="out",
            attributes={"recognised_by": "engine"},
        ),
    )
    await hass.async_block_till_done()
    assert (events[-1].data["decision"], events[-1].data["decision_reason"]) == (
        "deny",
        "tenant_moved_out",
    )


async def test_decisions_sent_by_a_device_are_ignored(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    await add_owner(call)
    hub = hub_of(people_entry)
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    # an alarm claiming a watch-list alert about a resident
    deliver(
        hub,
        _event(
            kind=EventKind.ALARM,
            device_id="34010449011348001043",
            event_type="intrusion",
            attributes={
                "decision": "alert",
                "decision_reason": "black_list",
                "person_name": "张伟",
                # and the integration's own analysis, as a throw whose floor the console names
                "detected_by": "analysis",
                "floor": 12,
                "column": 2,
            },
        ),
    )
    # a plate camera with no lane claiming "allow"
    deliver(
        hub,
        _event(
            kind=EventKind.VEHICLE,
            device_id=ENTRY_PLATE_CAMERA.replace("1009", "1012"),
            plate="苏E00001",
            attributes={"decision": "allow"},
        ),
    )
    await hass.async_block_till_done()
    alarm = events[0].data
    assert "decision" not in alarm and "person_name" not in alarm
    assert "detected_by" not in alarm
    records = runtime_of(people_entry).records
    await records.async_flush()
    page = await records.async_search(record_query({}))
    assert "alert" not in {record.kind.value for record in page.records}


# --- 7: personal data ---------------------------------------------------------------------------


async def test_bus_events_and_entities_carry_no_readable_personal_data(
    hass: HomeAssistant, call: Call, people_entry: MockConfigEntry
) -> None:
    await add_owner(call, cards=["3B6F1A20"])
    await call("update_person", person_id="P-0001", watch_list="watch_list", watch_reason="前科")
    hub = hub_of(people_entry)
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    deliver(
        hub,
        _event(
            kind=EventKind.ACCESS,
            device_id=EAST_TERMINAL,
            event_type="verified",
            method="ic_card",
            person_id=OWNER_ID_NUMBER,  # some terminals use the ID number as the person id
            attributes={"card_no": "3B6F1A20"},
        ),
    )
    await hass.async_block_till_done()
    text = json.dumps(events[-1].data, ensure_ascii=False)
    states = json.dumps(
        [dict(state.attributes) for state in hass.states.async_all("event")],
        ensure_ascii=False,
        default=str,
    )
    for secret in (OWNER_ID_NUMBER, "3B6F1A20", "张伟", "前科"):
        assert secret not in text
        assert secret not in states
    assert "****1A20" in text
    diagnostics = json.dumps(
        await async_get_config_entry_diagnostics(hass, people_entry),
        ensure_ascii=False,
        default=str,
    )
    for secret in (OWNER_ID_NUMBER, "3B6F1A20", "前科", PUSH_SECRET.hex()):
        assert secret not in diagnostics


async def test_searches_exports_and_credentials_are_audited(
    hass: HomeAssistant, people_entry: MockConfigEntry, hass_admin_user: MockUser
) -> None:
    await _as(hass, people_entry, hass_admin_user, "search_records", person_id="P-0001")
    await _as(
        hass, people_entry, hass_admin_user, "export_records", file="exports/r.csv", admin=True
    )
    answer = await _as(
        hass, people_entry, hass_admin_user, "device_credentials", device="34010449971328001001"
    )
    assert answer is not None
    (device,) = answer["devices"]
    assert device["username"] == "34010449971328001001"
    assert device["password"] == device_password(PUSH_SECRET, "34010449971328001001")
    assert device["transport"] == Transport.GAT1400.value
    assert device["receiver"].startswith("/VIID/System/Register")
    answer = await _as(
        hass, people_entry, hass_admin_user, "device_credentials", device="34010449981198001012"
    )
    assert answer is not None
    assert answer["devices"][0]["receiver"] == "/api/smart_community/isapi/34010449981198001012"
    trail = await hass.async_add_executor_job(runtime_of(people_entry).audit.read)
    assert [(entry["action"], entry["user"]) for entry in trail] == [
        ("device_credentials", hass_admin_user.name),
        ("device_credentials", hass_admin_user.name),
        ("export_records", hass_admin_user.name),
        ("search_records", hass_admin_user.name),
    ]
    assert trail[2]["details"]["admin"] is True
    assert trail[3]["details"]["person_id"] == "P-0001"


# --- 10: the notification's Open fallback --------------------------------------------------------


async def test_open_without_an_entity_needs_a_manager(
    hass: HomeAssistant, people_entry: MockConfigEntry, hass_admin_user: MockUser
) -> None:
    from .test_notifications import RecordingTransport

    hub = hub_of(people_entry)
    recorder = RecordingTransport()
    hub.transports = dict.fromkeys(Transport, recorder)
    # the barrier's cover entity is gone (disabled, renamed away): nothing checks the user
    for state in hass.states.async_all("cover"):
        hass.states.async_remove(state.entity_id)
    guard = await _guard(hass)
    for user, expected in ((guard, []), (hass_admin_user, [(EAST_IN_BARRIER, "open")])):
        hass.bus.async_fire(
            EVENT_MOBILE_ACTION,
            {"action": f"SC_OPEN_{EAST_IN_BARRIER}"},
            context=Context(user_id=user.id),
        )
        await hass.async_block_till_done()
        assert [(code, command) for code, command, _ in recorder.commands] == expected
