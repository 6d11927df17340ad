"""Recognition in HA with the real models: enrol, identify, unknown clusters, plates."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.helpers import issue_registry as ir
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_capture_events,
)

from custom_components.smart_community.const import DOMAIN, EVENT_DEVICE_EVENT
from custom_components.smart_community.core.events import (
    DeviceEvent,
    EventImage,
    EventKind,
    ImageType,
)
from custom_components.smart_community.core.recognition.model_files import default_models_dir
from custom_components.smart_community.hub import CommunityHub

from .helpers import deliver, drain_recognition, hub_of

ROOT = Path(__file__).parents[2]
FACES = default_models_dir() / "datasets" / "face_recognition"
PLATES = ROOT / "tests" / "data" / "recognition"
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)

pytestmark = pytest.mark.models


@pytest.fixture
async def recognising_entry(
    hass: HomeAssistant, community_entry: MockConfigEntry, config_dir: Path
) -> MockConfigEntry:
    if not (default_models_dir() / "faces").is_dir():
        pytest.fail("models are not prepared: run scripts/models (scripts/test does)")
    hass.config_entries.async_update_entry(
        community_entry, options={"models_dir": str(default_models_dir())}
    )
    photos = config_dir / "photos"
    photos.mkdir()
    for name in ("obama.jpg", "obama2.jpg", "biden.jpg"):
        shutil.copy(FACES / name, photos / name)
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    return community_entry


def _code(hub: CommunityHub, kind: str) -> str:
    return next(d.code for d in hub.devices.values() if d.kind.value == kind)


async def test_enrol_then_identify_at_a_face_camera(
    hass: HomeAssistant, recognising_entry: MockConfigEntry
) -> None:
    hub: CommunityHub = hub_of(recognising_entry)
    response = await hass.services.async_call(
        DOMAIN,
        "enroll_face",
        {
            "config_entry_id": recognising_entry.entry_id,
            "person_id": "P-obama",
            "files": ["photos/obama.jpg", "photos/missing.jpg"],
        },
        blocking=True,
        return_response=True,
    )
    assert response["accepted"] == 1
    assert response["photos"][0]["quality_band"] == "good"
    assert response["photos"][0]["hygiene"] == []
    assert response["photos"][1]["accepted"] is False
    assert "unreadable" in response["photos"][1]["reason"]

    # the same photo again: a near-duplicate, reported and not added
    again = await hass.services.async_call(
        DOMAIN,
        "enroll_face",
        {
            "config_entry_id": recognising_entry.entry_id,
            "person_id": "P-obama",
            "files": ["photos/obama.jpg"],
        },
        blocking=True,
        return_response=True,
    )
    assert again["accepted"] == 0
    assert again["photos"][0]["hygiene"][0]["finding"] == "near_duplicate"

    bus = async_capture_events(hass, EVENT_DEVICE_EVENT)
    camera = _code(hub, "face_camera")
    photo = (FACES / "obama2.jpg").read_bytes()
    deliver(
        hub,
        DeviceEvent(
            kind=EventKind.FACE_CAPTURE,
            device_id=camera,
            time=NOW,
            event_type="face_capture",
            images=(EventImage(ImageType.SCENE, photo),),
        ),
    )
    await drain_recognition(hass, recognising_entry)
    matches = [event.data for event in bus if event.data["kind"] == "face_match"]
    assert len(matches) == 1
    assert matches[0]["person_id"] == "P-obama"
    assert matches[0]["similarity"] >= 0.55
    assert matches[0]["recognised_by"] == "engine"
    assert matches[0]["face_verdict"] == "match"
    assert matches[0]["face_band"] in ("good", "fair")
    assert matches[0]["match_id"].startswith("fm-")
    # one still image is never liveness evidence
    assert matches[0]["liveness"] is False

    # somebody not enrolled: unknown, kept as an anonymous cluster
    deliver(
        hub,
        DeviceEvent(
            kind=EventKind.FACE_CAPTURE,
            device_id=camera,
            time=NOW,
            event_type="face_capture",
            images=(EventImage(ImageType.SCENE, (FACES / "biden.jpg").read_bytes()),),
        ),
    )
    await drain_recognition(hass, recognising_entry)
    unknown = [event.data for event in bus if event.data["kind"] == "face_match"][-1]
    assert "person_id" not in unknown, unknown
    assert unknown["face_verdict"] == "unknown"
    assert "match_id" not in unknown  # only matches can be corrected
    assert unknown["cluster_id"].startswith("anon")


async def test_not_this_person_keeps_the_face_from_matching_them_again(
    hass: HomeAssistant, recognising_entry: MockConfigEntry, hass_owner_user: MockUser
) -> None:
    # an ordinary user (a guard): the first user is the owner, so the owner comes first
    guard = await hass.auth.async_create_user("guard", group_ids=["system-users"])
    assert not guard.is_admin
    hub: CommunityHub = hub_of(recognising_entry)
    entry_id = recognising_entry.entry_id
    await hass.services.async_call(
        DOMAIN,
        "enroll_face",
        {"config_entry_id": entry_id, "person_id": "P-obama", "files": ["photos/obama.jpg"]},
        blocking=True,
        return_response=True,
    )
    bus = async_capture_events(hass, EVENT_DEVICE_EVENT)
    camera = _code(hub, "face_camera")
    capture = DeviceEvent(
        kind=EventKind.FACE_CAPTURE,
        device_id=camera,
        time=NOW,
        event_type="face_capture",
        images=(EventImage(ImageType.SCENE, (FACES / "obama2.jpg").read_bytes()),),
    )
    deliver(hub, capture)
    await drain_recognition(hass, recognising_entry)
    match = [event.data for event in bus if event.data["kind"] == "face_match"][-1]
    assert match["person_id"] == "P-obama"

    # refusals change nothing: a guard may not, an unknown match id, a person not enrolled
    with pytest.raises(Unauthorized):
        await hass.services.async_call(
            DOMAIN,
            "not_this_person",
            {"config_entry_id": entry_id, "match_id": match["match_id"]},
            blocking=True,
            context=Context(user_id=guard.id),
        )
    for data, key in (
        ({"match_id": "fm-0000000000000000"}, "face_match_unknown"),
        ({"match_id": match["match_id"], "person_id": "P-nobody"}, "face_person_not_enrolled"),
    ):
        with pytest.raises(ServiceValidationError) as err:
            await hass.services.async_call(
                DOMAIN, "not_this_person", {"config_entry_id": entry_id, **data}, blocking=True
            )
        assert err.value.translation_key == key

    response = await hass.services.async_call(
        DOMAIN,
        "not_this_person",
        {"config_entry_id": entry_id, "match_id": match["match_id"]},
        blocking=True,
        return_response=True,
    )
    assert response == {"match_id": match["match_id"], "person_id": "P-obama", "negatives": 1}

    deliver(hub, capture)  # the same face comes back: not matched to them any more
    await drain_recognition(hass, recognising_entry)
    again = [event.data for event in bus if event.data["kind"] == "face_match"][-1]
    assert "person_id" not in again
    assert again["face_verdict"] == "unknown"


async def test_plate_read_when_the_camera_sent_only_a_picture(
    hass: HomeAssistant, recognising_entry: MockConfigEntry
) -> None:
    hub: CommunityHub = hub_of(recognising_entry)
    bus = async_capture_events(hass, EVENT_DEVICE_EVENT)
    camera = _code(hub, "plate_camera")
    deliver(
        hub,
        DeviceEvent(
            kind=EventKind.VEHICLE,
            device_id=camera,
            time=NOW,
            event_type="plate_read",
            images=(EventImage(ImageType.SCENE, (PLATES / "plate_yellow_720p.jpg").read_bytes()),),
        ),
    )
    await drain_recognition(hass, recognising_entry)
    reads = [event.data for event in bus if event.data.get("plate")]
    assert reads[-1]["plate"] == "苏E1234学"
    assert reads[-1]["plate_color"] == "yellow"
    # the access decision reads whether every character is settled
    assert reads[-1]["plate_certain"] is True
    assert reads[-1]["plate_uncertain"] == []


async def test_without_models_recognition_is_off_with_a_repair(
    hass: HomeAssistant, loaded_entry: MockConfigEntry
) -> None:
    # the tests' index is offline (tests/ha/conftest.py): the offline repair, retried later
    issue = ir.async_get(hass).async_get_issue(DOMAIN, f"models_offline_{loaded_entry.entry_id}")
    assert issue is not None
    with pytest.raises(ServiceValidationError) as err:
        await hass.services.async_call(
            DOMAIN,
            "remove_face",
            {"config_entry_id": loaded_entry.entry_id, "person_id": "x"},
            blocking=True,
        )
    assert err.value.translation_key == "recognition_unavailable"
