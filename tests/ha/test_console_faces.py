"""Faces in the console with the real models: enrolment photos, search by photo, strangers."""

from __future__ import annotations

import base64
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from PIL import Image
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator, WebSocketGenerator

from custom_components.smart_community.core.events import (
    DeviceEvent,
    EventImage,
    EventKind,
    ImageType,
)
from custom_components.smart_community.core.recognition.model_files import default_models_dir

from .console import Console, console_of, user_in_role
from .helpers import deliver, drain_recognition, runtime_of

pytestmark = pytest.mark.models

DATASETS = default_models_dir() / "datasets"
CELEBRITIES = DATASETS / "celebrity5"
STRANGERS = DATASETS / "face_recognition"
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


def _photos(person: str, part: str = "train") -> list[Path]:
    return sorted((CELEBRITIES / part / person).glob("*.jpg"))


def _b64(path_or_bytes: Path | bytes) -> str:
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    return base64.b64encode(data).decode("ascii")


@pytest.fixture
async def manager(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    community_entry: MockConfigEntry,
    frozen_clock: FrozenDateTimeFactory,
) -> AsyncIterator[Console]:
    if not (default_models_dir() / "faces").is_dir():
        pytest.fail("models are not prepared: run scripts/models (scripts/test does)")
    user = await user_in_role(hass, community_entry, "admin", name="管理员")
    hass.config_entries.async_update_entry(
        community_entry, options={"models_dir": str(default_models_dir())}
    )
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    console = await console_of(hass, hass_ws_client, community_entry, user)
    await console.call(
        "people/add", person_id="P1", name="张伟", role="owner", building="1", unit="1", room="101"
    )
    yield console


async def _capture(hass: HomeAssistant, entry: MockConfigEntry, photo: Path, at: datetime) -> None:
    """A face camera at the east gate sends a capture; recognition works it off."""
    hub = runtime_of(entry).hub
    camera = next(
        d.code for d in hub.site if d.kind.value == "face_camera" and "东门入口" in d.name
    )
    assert deliver(
        hub,
        DeviceEvent(
            kind=EventKind.FACE_CAPTURE,
            device_id=camera,
            time=at,
            images=(EventImage(ImageType.FACE, photo.read_bytes()),),
        ),
    )
    await drain_recognition(hass, entry)
    await runtime_of(entry).records.async_flush()


async def test_photos_are_enrolled_or_refused_with_the_reason(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    community_entry: MockConfigEntry,
    manager: Console,
) -> None:
    accepted = []
    for photo in _photos("ben_afflek")[:4]:
        result = (
            await manager.call(
                "people/photos/enroll", person_id="P1", filename=photo.name, image=_b64(photo)
            )
        )["photo"]
        if result["accepted"]:
            accepted.append(result)
    assert len(accepted) >= 3
    first = accepted[0]
    assert first["reason"] == "enrolled" and first["faces"] == 1
    client = await hass_client_no_auth()
    response = await client.get(first["photo"]["url"])
    assert response.status == 200
    crop = Image.open(io.BytesIO(await response.read()))
    assert max(crop.size) <= 320
    # No face: refused with the reason, nothing enrolled.
    blank = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 200, 200)).save(blank, "JPEG")
    refused = (
        await manager.call(
            "people/photos/enroll",
            person_id="P1",
            filename="wall.jpg",
            image=_b64(blank.getvalue()),
        )
    )["photo"]
    assert (refused["accepted"], refused["reason"], refused["faces"]) == (False, "no_face", 0)
    assert refused["photo"] is None
    again = (
        await manager.call(
            "people/photos/enroll",
            person_id="P1",
            filename="again.jpg",
            image=_b64(_photos("ben_afflek")[0]),
        )
    )["photo"]
    assert (again["accepted"], again["reason"]) == (False, "near_duplicate")
    err = await manager.error("people/photos/enroll", person_id="P1", filename="x", image="@@@")
    assert (err.key, err.placeholders["field"]) == ("invalid_image", "image")
    err = await manager.error(
        "people/photos/enroll", person_id="P1", filename="x", image=_b64(b"GIF89a" + bytes(100))
    )
    assert err.key == "invalid_image"
    err = await manager.error(
        "people/photos/enroll", person_id="P1", filename="x", image="A" * 3_000_000
    )
    assert (err.key, err.placeholders["field"]) == ("image_too_large", "image")
    detail = (await manager.call("people/get", person_id="P1"))["person"]
    assert detail["faces"] == len(accepted) and len(detail["photos"]) == len(accepted)
    removed = await manager.call(
        "people/photos/remove", person_id="P1", photo_id=first["photo"]["photo_id"]
    )
    assert removed["removed"] == 1
    assert (await manager.call("people/get", person_id="P1"))["person"]["faces"] == len(
        accepted
    ) - 1
    err = await manager.error("people/photos/remove", person_id="P1", photo_id="0" * 16)
    assert err.key == "unknown_photo"


async def test_search_by_photo_finds_the_person_and_strangers(
    hass: HomeAssistant, community_entry: MockConfigEntry, manager: Console
) -> None:
    for photo in _photos("ben_afflek")[:5]:
        await manager.call("people/photos/enroll", person_id="P1", filename="p", image=_b64(photo))
    resident = _photos("ben_afflek", "val")
    await _capture(hass, community_entry, resident[0], NOW)
    await _capture(hass, community_entry, STRANGERS / "obama.jpg", NOW + timedelta(minutes=1))
    await _capture(hass, community_entry, STRANGERS / "obama2.jpg", NOW + timedelta(minutes=2))
    found = await manager.call("records/search_by_face", image=_b64(resident[1]))
    assert found["faces_in_photo"] == 1
    assert found["person"]["person_id"] == "P1"
    assert {r["person_id"] for r in found["records"]} == {"P1"}
    assert found["face"]["url"].startswith("/api/smart_community/picture/")
    stranger = await manager.call("records/search_by_face", image=_b64(STRANGERS / "obama3.jpg"))
    assert stranger["person"] is None
    assert len(stranger["cluster_ids"]) >= 1
    assert {r["cluster_id"] for r in stranger["records"]} <= set(stranger["cluster_ids"])
    assert len(stranger["records"]) >= 1
    # Searching created no cluster (a search is never a sighting).
    clusters = await manager.call("strangers/list")
    assert sum(c["visits"] for c in clusters["clusters"]) == 2
    err = await manager.error("records/search_by_face", image=_b64(_blank()))
    assert (err.key, err.placeholders["field"]) == ("no_face_in_photo", "image")


def _blank() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 200), (10, 10, 10)).save(out, "JPEG")
    return out.getvalue()


async def test_strangers_are_named_merged_watched_and_corrected(
    hass: HomeAssistant, community_entry: MockConfigEntry, manager: Console
) -> None:
    await _capture(hass, community_entry, STRANGERS / "obama.jpg", NOW)
    await _capture(hass, community_entry, STRANGERS / "biden.jpg", NOW + timedelta(minutes=1))
    listed = (await manager.call("strangers/list", sort="visits"))["clusters"]
    assert len(listed) == 2
    for cluster in listed:
        assert cluster["visits"] == 1 and cluster["places"] == ["东门"]
        assert cluster["number"] >= 1 and cluster["samples"][0]["url"]
    obama, biden = sorted(listed, key=lambda c: c["first_seen"])

    watched = await manager.call(
        "strangers/watch", cluster_id=biden["cluster_id"], watch_list="watch_list", reason="徘徊"
    )
    assert watched["cluster"]["watch"]["kind"] == "watch_list"
    err = await manager.error(
        "strangers/watch", cluster_id=biden["cluster_id"], watch_list="black_list"
    )
    assert (err.key, err.placeholders["field"]) == ("missing_field", "reason")
    # The watched face comes back: an alert, like a watch-listed person.
    await _capture(hass, community_entry, STRANGERS / "biden.jpg", NOW + timedelta(minutes=5))
    alerts = await manager.call("records/search", kind="alert")
    [alert] = alerts["records"]
    assert (alert["outcome"], alert["reason"]) == ("alert", "watch_list")
    assert alert["cluster_id"] == biden["cluster_id"]

    # "Not this person": the capture leaves the cluster for one of its own.
    corrected = await manager.call(
        "faces/not_this_person", record_id=alert["id"], cluster_id=biden["cluster_id"]
    )
    assert corrected["new_cluster_id"] != biden["cluster_id"]
    moved = await manager.call("records/get", record_id=alert["id"])
    assert moved["record"]["cluster_id"] == corrected["new_cluster_id"]
    assert moved["record"]["stranger_number"] == corrected["stranger_number"]
    err = await manager.error("faces/not_this_person", record_id=alert["id"])
    assert err.key == "person_or_cluster"

    err = await manager.error(
        "strangers/merge", cluster_id=obama["cluster_id"], into=obama["cluster_id"]
    )
    assert (err.key, err.placeholders["field"]) == ("same_cluster", "into")
    err = await manager.error("strangers/merge", cluster_id=obama["cluster_id"], into="anon-999")
    assert (err.key, err.placeholders["field"]) == ("unknown_cluster", "into")
    merged = await manager.call(
        "strangers/merge", cluster_id=corrected["new_cluster_id"], into=biden["cluster_id"]
    )
    assert merged["cluster"]["visits"] == 2

    err = await manager.error("strangers/name", cluster_id=obama["cluster_id"], person_id="P404")
    assert (err.key, err.placeholders["field"]) == ("unknown_person", "person_id")
    named = await manager.call("strangers/name", cluster_id=obama["cluster_id"], person_id="P1")
    assert named["name"] == "张伟" and named["embeddings"] == 1
    records = await manager.call("records/search", person_id="P1")
    assert len(records["records"]) == 1  # the cluster's record got the person
    left = (await manager.call("strangers/list"))["clusters"]
    assert [c["cluster_id"] for c in left] == [biden["cluster_id"]]
    trajectory = await manager.call(
        "records/trajectory",
        cluster_id=biden["cluster_id"],
        start=(NOW - timedelta(hours=1)).isoformat(),
        end=(NOW + timedelta(hours=1)).isoformat(),
    )
    assert trajectory["subject"]["stranger_number"] == merged["cluster"]["number"]
    assert trajectory["points"][0]["device_name"].endswith("东门入口人脸抓拍机")
    assert trajectory["points"][0]["images"]
