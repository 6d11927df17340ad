"""人证核验 end to end with the real face engine: the collection terminal posts an ID card's
chip photo and a live photo of the same person (real photos from the celebrity set), a
manager confirms, and the person's face reaches the access terminal of their unit."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import ServiceValidationError, Unauthorized
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.smart_community.const import DOMAIN
from custom_components.smart_community.core.recognition import model_files as mf
from tools.models.idcheck_calibration import chip_photo

from .helpers import (
    COLLECTOR,
    Call,
    SimulatedTerminals,
    feature_of,
    until,
    user_id,
)
from .test_settings import CARD, _post

PATH = f"/api/smart_community/registration/{COLLECTOR}"

pytestmark = pytest.mark.models
CELEBRITIES = mf.default_models_dir() / mf.CELEBRITY_FACES / "val"


@pytest.fixture
def extra_options() -> dict[str, Any]:
    """The recognition models: the face engine verifies."""
    if not (mf.default_models_dir() / "faces").is_dir():
        pytest.fail("models are not prepared: run scripts/models (scripts/test does)")
    return {"models_dir": str(mf.default_models_dir())}


async def _registrations(hass: HomeAssistant, entry: MockConfigEntry) -> list[tuple[bytes, bytes]]:
    """(chip, live) pairs of one person: the chip rendered from one photo, live the others."""
    runtime_faces = feature_of(entry)._faces

    def render() -> list[tuple[bytes, bytes]]:
        engine = runtime_faces()
        assert engine is not None
        photos = sorted((CELEBRITIES / "ben_afflek").iterdir())
        chip = chip_photo(engine, photos[0].read_bytes())
        assert chip is not None
        return [(chip, path.read_bytes()) for path in photos[1:]]

    return await hass.async_add_executor_job(render)


def _body(chip: bytes, live: bytes) -> bytes:
    return json.dumps(
        {
            **CARD,
            "chip_photo": base64.b64encode(chip).decode(),
            "live_photo": base64.b64encode(live).decode(),
        },
        ensure_ascii=False,
    ).encode()


async def _accepted(client: Any, pairs: list[tuple[bytes, bytes]]) -> list[dict[str, Any]]:
    """Post (chip, live) pairs until one is accepted: every answer, the accepted one last."""
    answers = []
    for chip, live in pairs:
        response = await _post(client, PATH, _body(chip, live))
        assert response.status == 200
        answers.append(await response.json())
        if answers[-1]["accepted"]:
            break
    return answers


async def test_a_verified_registration_is_confirmed_into_the_registry_and_reaches_the_door(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    terminals: SimulatedTerminals,
    call: Call,
    hass_client_no_auth: ClientSessionGenerator,
    hass_admin_user: MockUser,
    hass_read_only_user: MockUser,
) -> None:
    feature = feature_of(entry)
    answers = await _accepted(await hass_client_no_auth(), await _registrations(hass, entry))
    accepted = answers[-1]
    assert accepted["accepted"] and accepted["similarity"] >= 0.34, answers
    assert {a["reason"] for a in answers[:-1]} <= {"no_usable_live_face"}
    registration_id = accepted["registration_id"]
    [waiting] = await feature.async_list_registrations()
    assert waiting["id"] == registration_id and waiting["name"] == "张伟"
    assert waiting["id_number"] == "110101********7715" and waiting["device_code"] == COLLECTOR
    await hass.async_block_till_done()
    pending_sensor = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, "340104001001001_pending_registrations"
    )
    assert pending_sensor is not None and hass.states.get(pending_sensor).state == "1"

    home = {"registration_id": registration_id, "role": "owner", "building": "3", "unit": "1"}
    home["room"] = "502"
    manager, guest = Context(user_id=hass_admin_user.id), Context(user_id=hass_read_only_user.id)
    with pytest.raises(Unauthorized):
        await call("confirm_registration", guest, **home)
    with pytest.raises(ServiceValidationError) as err:  # the registry refuses: nothing changes
        await call("confirm_registration", manager, **{**home, "building": "9"})
    assert err.value.translation_key == "unknown_building"
    assert [item["id"] for item in await feature.async_list_registrations()] == [registration_id]
    assert not list(feature.photos.root.glob("*.jpg"))  # the photo kept for it went again

    person = (await call("confirm_registration", manager, **home))["person"]
    assert (person["person_id"], person["name"], person["role"]) == ("P00001", "张伟", "owner")
    assert person["id_number"] == "110101********7715"
    registered = feature.people.snapshot.person("P00001")
    assert registered is not None and registered.id_number == "110101199003077715"
    assert len(registered.photos) == 1
    assert await feature.async_list_registrations() == []
    await hass.async_block_till_done()
    assert hass.states.get(pending_sensor).state == "0"
    # The live photo is the resident's face on the door of 3栋1单元.
    uid = await user_id(hass, entry, "P00001")
    await until(lambda: uid in terminals.unit_3_1.library.faces, "the face on the unit door", 60)
    assert feature.face_problems() == {}
    with pytest.raises(ServiceValidationError) as err:
        await call("reject_registration", registration_id=registration_id)
    assert err.value.translation_key == "unknown_registration"


async def test_a_registration_can_be_rejected(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    call: Call,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    answers = await _accepted(await hass_client_no_auth(), await _registrations(hass, entry))
    registration_id = answers[-1]["registration_id"]
    feature = feature_of(entry)
    pending, live, chip = await feature.async_get_registration(registration_id)
    assert pending.card.id_number == "110101199003077715" and pending.device_code == COLLECTOR
    assert chip.startswith(b"\xff\xd8") and live
    rejected = await call("reject_registration", registration_id=registration_id)
    assert rejected == {"registration_id": registration_id, "rejected": True}
    assert await feature.async_list_registrations() == []
    assert not (feature.registrations.folder / registration_id).exists()


async def test_someone_else_in_front_of_the_camera_is_refused(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    [(chip, _), *_] = await _registrations(hass, entry)
    madonna = sorted((CELEBRITIES / "madonna").iterdir())
    answers = await _accepted(
        await hass_client_no_auth(), [(chip, path.read_bytes()) for path in madonna]
    )
    assert not any(answer["accepted"] for answer in answers)
    assert "face_mismatch" in {answer["reason"] for answer in answers}
    assert await feature_of(entry).async_list_registrations() == []
