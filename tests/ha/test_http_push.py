"""GA/T 1400 and ISAPI pushes into HA's web server: authenticated senders, the protocols' refusals.

Every push device authenticates with its own digest password (derived from the community's
secret); the attacks of issue 13 — no credentials, wrong ones, a ``User-Identify`` header on
its own, a registered sender naming another device, a forged alarm for a device the register
connects another way — are refused with 401 / 403 and leave no trace in the records.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp import ClientResponse
from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.smart_community.const import DOMAIN
from custom_components.smart_community.core.credentials import device_password
from custom_components.smart_community.core.digest import client_authorization
from custom_components.smart_community.core.gat1400.server import DEFAULT_SESSION_TTL

from .conftest import COMMUNITY_CODE, PUSH_SECRET
from .helpers import runtime_of

PAYLOADS = Path(__file__).parents[1] / "data" / "payloads"
FACE_CAMERA = "34010449971328001001"  # gat1400 in the demo register
OTHER_FACE_CAMERA = "34010449971328001002"  # gat1400 too
PLATE_CAMERA = "34010449981198001012"  # isapi, 10.34.1.18 in the register
ROAD_CAMERA = "34010449011328001016"  # isapi, another device
SMOKE = "34010449011348001039"  # mqtt smoke detector
VIID = {"Content-Type": "application/VIID+JSON"}
REGISTER = "/VIID/System/Register"


def password(code: str) -> str:
    """A device's digest password, as the device_credentials action tells the installer."""
    return device_password(PUSH_SECRET, code)


def _event_entity(hass: HomeAssistant, code: str, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id("event", DOMAIN, f"{code}_{key}")
    assert entity_id is not None
    return entity_id


def _faces_body(device: str = FACE_CAMERA) -> bytes:
    text = (PAYLOADS / "gat1400_faces.json").read_text(encoding="utf-8")
    return text.replace("34010400001320000001", device).encode()


async def _with_digest(
    client: object, path: str, body: bytes, headers: dict[str, str], user: str, secret: str
) -> ClientResponse:
    """POST, answer the 401's challenge, POST again."""
    first = await client.post(path, data=body, headers=headers)  # type: ignore[attr-defined]
    assert first.status == 401, await first.text()
    authorization = client_authorization(
        first.headers["WWW-Authenticate"], username=user, password=secret, method="POST", uri=path
    )
    response: ClientResponse = await client.post(  # type: ignore[attr-defined]
        path, data=body, headers={**headers, "Authorization": authorization}
    )
    return response


async def _register(client: object, device: str, secret: str | None = None) -> ClientResponse:
    body = json.dumps({"RegisterObject": {"DeviceID": device}}).encode()
    headers = {**VIID, "User-Identify": device}
    return await _with_digest(client, REGISTER, body, headers, device, secret or password(device))


@pytest.fixture
async def push_entry(
    hass: HomeAssistant, community_entry: MockConfigEntry, config_dir: Path
) -> MockConfigEntry:
    """The demo community; its ISAPI plate camera sits at the test client's address."""
    register = config_dir / DOMAIN / COMMUNITY_CODE / "register.csv"
    text = register.read_text(encoding="utf-8-sig").replace("10.34.1.18", "127.0.0.1", 1)
    register.write_text(text, encoding="utf-8")
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    return community_entry


# --- GA/T 1400 ------------------------------------------------------------------------------


async def test_gat1400_device_registers_with_its_own_password_then_pushes(
    hass: HomeAssistant, push_entry: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    client = await hass_client_no_auth()
    headers = {**VIID, "User-Identify": FACE_CAMERA}
    response = await _register(client, FACE_CAMERA)
    assert response.status == 200
    assert int((await response.json())["ResponseStatusObject"]["StatusCode"]) == 0

    response = await client.post("/VIID/Faces", data=_faces_body(), headers=headers)
    assert response.status == 200
    statuses = (await response.json())["ResponseStatusListObject"]["ResponseStatusObject"]
    assert all(int(item["StatusCode"]) == 0 for item in statuses)
    await hass.async_block_till_done()
    face = hass.states.get(_event_entity(hass, FACE_CAMERA, "face"))
    assert face.attributes["image_types"]

    keepalive = json.dumps({"KeepaliveObject": {"DeviceID": FACE_CAMERA}})
    response = await client.post("/VIID/System/Keepalive", data=keepalive, headers=headers)
    assert response.status == 200


async def test_gat1400_without_or_with_wrong_credentials_is_refused(
    hass: HomeAssistant, push_entry: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    client = await hass_client_no_auth()
    headers = {**VIID, "User-Identify": FACE_CAMERA}
    # a User-Identify header on its own opens nothing
    response = await client.post("/VIID/Faces", data=_faces_body(), headers=headers)
    assert response.status == 401
    # another device's password (or a guess) does not register this one
    response = await _register(client, FACE_CAMERA, password(OTHER_FACE_CAMERA))
    assert response.status == 401
    # a device registers only as itself
    body = json.dumps({"RegisterObject": {"DeviceID": OTHER_FACE_CAMERA}}).encode()
    response = await _with_digest(
        client, REGISTER, body, headers, FACE_CAMERA, password(FACE_CAMERA)
    )
    assert response.status == 403
    response = await client.post("/VIID/Faces", data=_faces_body(), headers=headers)
    assert response.status == 401
    await runtime_of(push_entry).records.async_flush()
    assert runtime_of(push_entry).records.written == 0


async def test_a_registered_sender_cannot_report_for_another_device(
    hass: HomeAssistant, push_entry: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    """The attack of finding 3: a camera's objects naming a device that speaks MQTT."""
    client = await hass_client_no_auth()
    assert (await _register(client, FACE_CAMERA)).status == 200
    headers = {**VIID, "User-Identify": FACE_CAMERA}
    for victim in (OTHER_FACE_CAMERA, "34010449011348001021"):  # gat1400 camera, MQTT terminal
        response = await client.post("/VIID/Faces", data=_faces_body(victim), headers=headers)
        assert response.status == 403
    await hass.async_block_till_done()
    records = runtime_of(push_entry).records
    await records.async_flush()
    assert records.written == 0
    assert runtime_of(push_entry).hub.state_of(OTHER_FACE_CAMERA).last_seen is None


async def test_a_session_expires_without_keepalives(
    hass: HomeAssistant,
    push_entry: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
    freezer: FrozenDateTimeFactory,
) -> None:
    client = await hass_client_no_auth()
    assert (await _register(client, FACE_CAMERA)).status == 200
    headers = {**VIID, "User-Identify": FACE_CAMERA}
    freezer.tick(DEFAULT_SESSION_TTL + timedelta(seconds=1))
    response = await client.post("/VIID/Faces", data=_faces_body(), headers=headers)
    assert response.status == 401  # register again
    assert "WWW-Authenticate" in response.headers
    assert (await _register(client, FACE_CAMERA)).status == 200
    response = await client.post("/VIID/Faces", data=_faces_body(), headers=headers)
    assert response.status == 200


async def test_gat1400_protocol_refusals(
    hass: HomeAssistant, push_entry: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    client = await hass_client_no_auth()
    assert (await _register(client, FACE_CAMERA)).status == 200
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


async def test_a_20_mb_picture_is_refused_and_ha_keeps_going(
    hass: HomeAssistant, push_entry: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    client = await hass_client_no_auth()
    assert (await _register(client, FACE_CAMERA)).status == 200
    headers = {**VIID, "User-Identify": FACE_CAMERA}
    body = json.loads(_faces_body())
    image = body["FaceListObject"]["FaceObject"][0]["SubImageList"]["SubImageInfoObject"][0]
    image["Data"] = "A" * (20 * 1024 * 1024)
    response = await client.post("/VIID/Faces", data=json.dumps(body), headers=headers)
    assert response.status == 413
    response = await client.post("/VIID/Faces", data=_faces_body(), headers=headers)
    assert response.status == 200


async def test_password_guessing_is_slowed_down_and_logged_once(
    hass: HomeAssistant,
    push_entry: MockConfigEntry,
    hass_client_no_auth: ClientSessionGenerator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = await hass_client_no_auth()
    statuses = [
        (await _register(client, FACE_CAMERA, f"guess-{attempt}")).status for attempt in range(10)
    ]
    assert statuses == [401] * 10
    body = json.dumps({"RegisterObject": {"DeviceID": FACE_CAMERA}}).encode()
    response = await client.post(REGISTER, data=body, headers=VIID)
    assert response.status == 429  # even the right password waits now
    assert caplog.text.count("refused (401)") == 1


# --- ISAPI ------------------------------------------------------------------------------------


def _anpr(ip: str = "127.0.0.1") -> bytes:
    return (
        (PAYLOADS / "isapi_anpr_multipart.txt").read_bytes().replace(b"192.168.1.64", ip.encode())
    )


MULTIPART = {"Content-Type": "multipart/form-data; boundary=boundary"}


async def test_isapi_push_with_the_devices_own_password_reaches_it(
    hass: HomeAssistant, push_entry: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    client = await hass_client_no_auth()
    path = f"/api/smart_community/isapi/{COMMUNITY_CODE}"
    response = await _with_digest(
        client, path, _anpr(), MULTIPART, PLATE_CAMERA, password(PLATE_CAMERA)
    )
    assert response.status == 200, await response.text()
    await hass.async_block_till_done()
    plate = hass.states.get(_event_entity(hass, PLATE_CAMERA, "plate"))
    assert plate.attributes["event_type"] == "plate_read"
    assert plate.attributes["plate"]

    # the device's own URL names it too
    body = (PAYLOADS / "isapi_anpr.xml").read_bytes()
    path = f"/api/smart_community/isapi/{PLATE_CAMERA}"
    headers = {"Content-Type": "application/xml"}
    response = await _with_digest(client, path, body, headers, PLATE_CAMERA, password(PLATE_CAMERA))
    assert response.status == 200, await response.text()


async def test_forged_isapi_pushes_are_refused_and_leave_no_trace(
    hass: HomeAssistant, push_entry: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    """Finding 2: one unauthenticated POST turned the smoke sensor on and released the exits."""
    client = await hass_client_no_auth()
    smoke = (
        b'{"ipAddress":"127.0.0.1","eventType":"smokeDetection","eventState":"active",'
        b'"deviceID":"' + SMOKE.encode() + b'","dateTime":"2026-11-25T10:00:00+08:00"}'
    )
    json_headers = {"Content-Type": "application/json"}
    # no credentials at all
    response = await client.post(f"/api/smart_community/isapi/{SMOKE}", data=smoke)
    assert response.status == 401
    # an ISAPI device's real credentials, pushing for the MQTT smoke detector
    response = await _with_digest(
        client,
        f"/api/smart_community/isapi/{SMOKE}",
        smoke,
        json_headers,
        PLATE_CAMERA,
        password(PLATE_CAMERA),
    )
    assert response.status == 403
    # another ISAPI device's alert with this one's password
    response = await _with_digest(
        client,
        f"/api/smart_community/isapi/{ROAD_CAMERA}",
        (PAYLOADS / "isapi_anpr.xml").read_bytes(),
        {"Content-Type": "application/xml"},
        PLATE_CAMERA,
        password(PLATE_CAMERA),
    )
    assert response.status == 403
    # the road camera's own password, but not from its registered address
    response = await _with_digest(
        client,
        f"/api/smart_community/isapi/{ROAD_CAMERA}",
        (PAYLOADS / "isapi_anpr.xml").read_bytes(),
        {"Content-Type": "application/xml"},
        ROAD_CAMERA,
        password(ROAD_CAMERA),
    )
    assert response.status == 403
    await hass.async_block_till_done()
    runtime = runtime_of(push_entry)
    await runtime.records.async_flush()
    assert runtime.records.written == 0
    assert runtime.hub.state_of(SMOKE).last_seen is None


async def test_isapi_protocol_refusals(
    hass: HomeAssistant, push_entry: MockConfigEntry, hass_client_no_auth: ClientSessionGenerator
) -> None:
    client = await hass_client_no_auth()
    path = f"/api/smart_community/isapi/{COMMUNITY_CODE}"
    headers = {"Content-Type": "application/xml"}
    response = await _with_digest(
        client,
        path,
        b"<EventNotificationAlert><eventType>ANPR",
        headers,
        PLATE_CAMERA,
        password(PLATE_CAMERA),
    )
    assert response.status == 400
    response = await _with_digest(
        client, path, b"hello", {"Content-Type": "text/plain"}, PLATE_CAMERA, password(PLATE_CAMERA)
    )
    assert response.status == 415
    response = await client.post(
        "/api/smart_community/isapi/999999999999999", data=b"<x/>", headers=headers
    )
    assert response.status == 404
