"""GA/T 1400 and ISAPI pushes into HA's web server, with the protocols' own refusals."""

from __future__ import annotations

import json
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.smart_community.const import DOMAIN
from custom_components.smart_community.core.digest import client_authorization

from .conftest import COMMUNITY_CODE

PAYLOADS = Path(__file__).parents[1] / "data" / "payloads"
FACE_CAMERA = "34010449971328001001"  # gat1400 in the demo register
PLATE_CAMERA_IP = "10.34.1.18"  # isapi plate camera 34010449981198001012
VIID = {"Content-Type": "application/VIID+JSON"}


def _event_entity(hass: HomeAssistant, code: str, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id("event", DOMAIN, f"{code}_{key}")
    assert entity_id is not None
    return entity_id


def _faces_body() -> bytes:
    text = (PAYLOADS / "gat1400_faces.json").read_text(encoding="utf-8")
    return text.replace("34010400001320000001", FACE_CAMERA).encode()


async def _setup_with_push_credentials(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    hass.config_entries.async_update_entry(
        entry, options={"push_username": "viid", "push_password": "s3cret"}
    )
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()


async def test_gat1400_register_with_digest_then_faces(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    await _setup_with_push_credentials(hass, community_entry)
    client = await hass_client_no_auth()
    headers = {**VIID, "User-Identify": FACE_CAMERA}
    register = json.dumps({"RegisterObject": {"DeviceID": FACE_CAMERA}})

    # data before registration: refused with a challenge
    response = await client.post("/VIID/Faces", data=_faces_body(), headers=headers)
    assert response.status == 401

    response = await client.post("/VIID/System/Register", data=register, headers=headers)
    assert response.status == 401
    challenge = response.headers["WWW-Authenticate"]
    wrong = client_authorization(
        challenge, username="viid", password="wrong", method="POST", uri="/VIID/System/Register"
    )
    response = await client.post(
        "/VIID/System/Register", data=register, headers={**headers, "Authorization": wrong}
    )
    assert response.status == 401
    right = client_authorization(
        challenge, username="viid", password="s3cret", method="POST", uri="/VIID/System/Register"
    )
    response = await client.post(
        "/VIID/System/Register", data=register, headers={**headers, "Authorization": right}
    )
    assert response.status == 200
    status = (await response.json())["ResponseStatusObject"]
    assert int(status["StatusCode"]) == 0

    response = await client.post("/VIID/Faces", data=_faces_body(), headers=headers)
    assert response.status == 200
    statuses = (await response.json())["ResponseStatusListObject"]["ResponseStatusObject"]
    assert all(int(item["StatusCode"]) == 0 for item in statuses)
    await hass.async_block_till_done()
    face = hass.states.get(_event_entity(hass, FACE_CAMERA, "face"))
    assert face.attributes["event_type"] in ("captured", "recognised", "unknown")
    assert face.attributes["image_types"]


async def test_gat1400_refusals(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    client = await hass_client_no_auth()
    headers = {**VIID, "User-Identify": FACE_CAMERA}
    # unknown sender
    response = await client.post(
        "/VIID/Faces", data=_faces_body(), headers={**VIID, "User-Identify": "34010449971328009999"}
    )
    assert response.status == 403
    # truncated JSON: the protocol's "invalid JSON format" status
    response = await client.post("/VIID/Faces", data=_faces_body()[:100], headers=headers)
    assert response.status == 400
    assert int((await response.json())["ResponseStatusObject"]["StatusCode"]) != 0
    # wrong content type
    response = await client.post(
        "/VIID/Faces",
        data=b"<xml/>",
        headers={"Content-Type": "text/xml", "User-Identify": FACE_CAMERA},
    )
    assert response.status == 415
    # bad base64 in one image: that object is refused, HA keeps going
    body = json.loads(_faces_body())
    for face in body["FaceListObject"]["FaceObject"]:
        for image in face["SubImageList"]["SubImageInfoObject"]:
            image["Data"] = "!!!not base64!!!"
    response = await client.post("/VIID/Faces", data=json.dumps(body), headers=headers)
    statuses = (await response.json())["ResponseStatusListObject"]["ResponseStatusObject"]
    assert any(int(item["StatusCode"]) != 0 for item in statuses)
    # time query
    response = await client.get("/VIID/System/Time", headers=headers)
    assert response.status == 200
    assert "SystemTimeObject" in await response.json()


async def test_isapi_anpr_multipart_reaches_the_plate_camera(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    client = await hass_client_no_auth()
    body = (
        (PAYLOADS / "isapi_anpr_multipart.txt")
        .read_bytes()
        .replace(b"192.168.1.64", PLATE_CAMERA_IP.encode())
    )
    response = await client.post(
        f"/api/smart_community/isapi/{COMMUNITY_CODE}",
        data=body,
        headers={"Content-Type": "multipart/form-data; boundary=boundary"},
    )
    assert response.status == 200, await response.text()
    await hass.async_block_till_done()
    plate = hass.states.get(_event_entity(hass, "34010449981198001012", "plate"))
    assert plate.attributes["event_type"] == "plate_read"
    assert plate.attributes["plate"]
    assert "plate" in plate.attributes["image_types"] or "scene" in plate.attributes["image_types"]


async def test_isapi_push_to_a_device_url_names_the_sender(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    client = await hass_client_no_auth()
    body = (PAYLOADS / "isapi_anpr.xml").read_bytes()  # its IP is not in the register
    response = await client.post(
        "/api/smart_community/isapi/34010449981198001012",
        data=body,
        headers={"Content-Type": "application/xml"},
    )
    assert response.status == 200, await response.text()
    await hass.async_block_till_done()
    plate = hass.states.get(_event_entity(hass, "34010449981198001012", "plate"))
    assert plate.attributes["event_type"] == "plate_read"


async def test_isapi_refusals(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    client = await hass_client_no_auth()
    anpr = (PAYLOADS / "isapi_anpr.xml").read_bytes()
    # the original sample's IP is not in the register
    response = await client.post(
        f"/api/smart_community/isapi/{COMMUNITY_CODE}",
        data=anpr,
        headers={"Content-Type": "application/xml"},
    )
    assert response.status == 403
    response = await client.post(
        f"/api/smart_community/isapi/{COMMUNITY_CODE}",
        data=b"<EventNotificationAlert><eventType>ANPR",
        headers={"Content-Type": "application/xml"},
    )
    assert response.status == 400
    response = await client.post(
        "/api/smart_community/isapi/999999999999999",
        data=anpr,
        headers={"Content-Type": "application/xml"},
    )
    assert response.status == 404


async def test_a_20_mb_picture_is_refused_and_ha_keeps_going(
    hass: HomeAssistant,
    loaded_entry: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    client = await hass_client_no_auth()
    headers = {**VIID, "User-Identify": FACE_CAMERA}
    body = json.loads(_faces_body())
    image = body["FaceListObject"]["FaceObject"][0]["SubImageList"]["SubImageInfoObject"][0]
    image["Data"] = "A" * (20 * 1024 * 1024)
    response = await client.post("/VIID/Faces", data=json.dumps(body), headers=headers)
    assert response.status == 413
    response = await client.post("/VIID/Faces", data=_faces_body(), headers=headers)
    assert response.status == 200
