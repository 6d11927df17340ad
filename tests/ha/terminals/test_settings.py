"""Terminal connections in the options (checked against the terminal, redacted in diagnostics)
and the 人证核验 receiver (sender, digest, media type, size, the card's checks)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from aiohttp import ClientResponse
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.smart_community.core.credentials import device_password
from custom_components.smart_community.core.digest import client_authorization
from custom_components.smart_community.diagnostics import async_get_config_entry_diagnostics
from custom_components.smart_community.features.terminal_settings import (
    TerminalSetting,
    settings_from_options,
)

from ...terminal_fakes import FakeClock, jpeg
from .helpers import (
    COLLECTOR,
    PASSWORD,
    PUSH_PASSWORD,
    PUSH_USER,
    UNIT_3_1,
    USER,
    SimulatedTerminals,
    feature_of,
    set_up,
)

MQTT_UNIT_DOOR = "34010449011348001021"  # 1栋1单元, 接入方式 mqtt
UNSET_UNIT_DOOR = "34010449011348001027"  # 2栋2单元, 接入方式 isapi, not set up
CARD = {
    "name": "张伟",
    "id_number": "110101199003077715",
    "gender": "男",
    "birth_date": "1990-03-07",
    "valid_until": "2035-01-01",
    "live": True,
}


# --- the options step ------------------------------------------------------------------------


async def test_options_step_checks_credentials_against_the_terminal_and_keeps_them(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    terminals: SimulatedTerminals,
) -> None:
    entry = await set_up(hass, community_entry, {"terminals": terminals.settings()})
    flows = hass.config_entries.options
    result = await flows.async_init(entry.entry_id)
    result = await flows.async_configure(
        result["flow_id"], {"retention_days": 30, "mqtt_prefix": "community"}
    )
    assert result["step_id"] == "docking"
    result = await flows.async_configure(result["flow_id"], {})
    assert (result["type"], result["step_id"]) == (FlowResultType.FORM, "terminals")
    assert result["description_placeholders"] == {"count": "10"}
    flow = result["flow_id"]

    async def edit(code: str, **fields: Any) -> dict[str, Any]:
        form = await flows.async_configure(flow, {"terminal": code})
        assert form["step_id"] == "terminal"
        return dict(await flows.async_configure(flow, {"doors": 1, "events": True, **fields}))

    url = terminals.unit_3_1.url
    bad = {"vendor": "auto", "username": USER, "password": PASSWORD}
    result = await edit(UNIT_3_1, **bad, base_url="http://admin:x@10.34.1.33")
    assert result["errors"] == {"base_url": "invalid_terminal_url"}
    result = await flows.async_configure(flow, {**bad, "base_url": url, "password": "wrong"})
    assert result["errors"] == {"base": "invalid_auth"}
    result = await flows.async_configure(flow, {**bad, "base_url": "http://127.0.0.1:9"})
    assert result["errors"] == {"base": "cannot_connect"}
    result = await flows.async_configure(flow, {**bad, "base_url": url, "vendor": "dahua"})
    assert result["errors"] == {"base": "not_a_terminal"}
    result = await flows.async_configure(flow, {"vendor": "auto", "username": USER, "base_url": ""})
    assert result["errors"] == {"base_url": "invalid_terminal_url"}
    # The password field is left empty: the stored one stays, and it is checked.
    requests = terminals.unit_3_1.requests["/ISAPI/System/deviceInfo"]
    result = await flows.async_configure(
        flow, {"vendor": "auto", "base_url": url + "/", "username": USER, "doors": 2}
    )
    assert result["step_id"] == "terminals"
    assert terminals.unit_3_1.requests["/ISAPI/System/deviceInfo"] == requests + 1
    # A terminal not installed yet is saved without the check; another is left alone.
    result = await edit(
        UNSET_UNIT_DOOR,
        vendor="auto",
        base_url="http://10.34.1.31",
        username=USER,
        password="later",
        check_connection=False,
    )
    assert result["step_id"] == "terminals"
    result = await edit(MQTT_UNIT_DOOR, vendor="off")
    assert result["step_id"] == "terminals"
    result = await flows.async_configure(flow, {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    settings = settings_from_options(entry.options)
    assert settings[UNIT_3_1] == TerminalSetting(
        base_url=url, username=USER, password=PASSWORD, doors=2
    )
    assert settings[UNSET_UNIT_DOOR].password == "later"
    assert settings[MQTT_UNIT_DOOR].off
    assert entry.options["retention_days"] == 30  # the other steps' options are kept
    feature = feature_of(entry)  # reloaded with the new settings
    assert feature.specs[UNIT_3_1].doors == 2
    assert feature.skipped[MQTT_UNIT_DOOR] == "off"
    assert UNSET_UNIT_DOOR in feature.specs

    diagnostics = json.dumps(await async_get_config_entry_diagnostics(hass, entry))
    assert PASSWORD not in diagnostics and "later" not in diagnostics
    assert f'"{USER}"' not in diagnostics
    assert url in diagnostics  # where the terminal is stays visible to support


async def test_options_without_a_loaded_community_keep_the_terminal_settings(
    hass: HomeAssistant, community_entry: MockConfigEntry
) -> None:
    stored = {
        UNIT_3_1: TerminalSetting(
            base_url="http://10.34.1.33", username="a", password="b"
        ).to_json()
    }
    hass.config_entries.async_update_entry(community_entry, options={"terminals": stored})
    flows = hass.config_entries.options
    result = await flows.async_init(community_entry.entry_id)
    result = await flows.async_configure(
        result["flow_id"], {"retention_days": 30, "mqtt_prefix": "community"}
    )
    result = await flows.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert community_entry.options["terminals"] == stored


def test_settings_that_are_not_understood_are_skipped() -> None:
    settings = settings_from_options(
        {
            "terminals": {
                "a": {"vendor": "acme"},
                "b": {"doors": "two"},
                "c": {"base_url": 5},
                "d": "x",
                "e": {"vendor": "dahua", "doors": 99},
            }
        }
    )
    assert list(settings) == ["e"] and settings["e"].doors == 8
    assert settings_from_options({"terminals": ["x"]}) == {}


# --- 人证核验: the registration receiver ------------------------------------------------------


async def _post(
    client: Any,
    path: str,
    body: bytes,
    *,
    auth: bool = True,
    content_type: str = "application/json",
    credentials: dict[str, str] | None = None,
) -> ClientResponse:
    """POST with HTTP digest, as a collection terminal does."""
    headers = {"Content-Type": content_type}
    response = await client.post(path, data=body, headers=headers)
    if response.status != 401 or not auth:
        return response
    headers["Authorization"] = client_authorization(
        response.headers["WWW-Authenticate"],
        **(credentials or {"username": PUSH_USER, "password": PUSH_PASSWORD}),
        method="POST",
        uri=path,
    )
    return await client.post(path, data=body, headers=headers)


def registration(**changes: Any) -> bytes:
    photo = base64.b64encode(jpeg(7)).decode()
    return json.dumps(
        {**CARD, "chip_photo": photo, "live_photo": photo, **changes}, ensure_ascii=False
    ).encode()


async def test_the_receiver_checks_sender_credentials_and_body(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    clock: FakeClock,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    entry = await set_up(
        hass, community_entry, {"push_username": PUSH_USER, "push_password": PUSH_PASSWORD}
    )
    client = await hass_client_no_auth()
    path = f"/api/smart_community/registration/{COLLECTOR}"
    assert (await _post(client, "/api/smart_community/registration/nobody", b"{}")).status == 404
    not_a_collector = f"/api/smart_community/registration/{UNIT_3_1}"
    assert (await _post(client, not_a_collector, registration())).status == 404
    challenged = await _post(client, path, registration(), auth=False)
    assert challenged.status == 401 and "Digest" in challenged.headers["WWW-Authenticate"]
    assert (await _post(client, path, registration(), content_type="text/plain")).status == 415
    malformed = await _post(client, path, b"{not json")
    assert malformed.status == 400 and (await malformed.json())["reason"] == "bad_request"
    bad_number = await _post(client, path, registration(id_number="110101199003077714"))
    assert bad_number.status == 200
    assert await bad_number.json() == {
        "accepted": False,
        "reason": "invalid_id_number",
        "detail": {"why": "InvalidChecksum"},
        "similarity": None,
    }
    expired = await _post(client, path, registration(valid_until="2026-11-24"))  # by the clock
    assert (await expired.json())["reason"] == "id_card_expired"
    # The card is fine but there is no face engine to compare the faces with.
    no_models = await _post(client, path, registration())
    assert no_models.status == 503
    assert (await no_models.json())["reason"] == "recognition_unavailable"
    # The community code names the one collection terminal of the register.
    by_community = await _post(client, "/api/smart_community/registration/340104001001001", b"{")
    assert by_community.status == 400
    feature = feature_of(entry)
    assert await feature.async_list_registrations() == []
    assert feature.pending_registrations == 0


async def test_the_receiver_takes_the_terminals_own_password_from_its_address(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    clock: FakeClock,
    hass_client_no_auth: ClientSessionGenerator,
    config_dir: Path,
) -> None:
    register = config_dir / "smart_community" / "340104001001001" / "register.csv"
    original = register.read_text(encoding="utf-8-sig")
    entry = await set_up(hass, community_entry, {})  # no shared push user
    client = await hass_client_no_auth()
    path = f"/api/smart_community/registration/{COLLECTOR}"
    assert (await _post(client, path, registration())).status == 401  # no such user
    secret = bytes.fromhex(entry.data["push_secret"])
    own = {"username": COLLECTOR, "password": device_password(secret, COLLECTOR)}
    # The register puts the terminal at 10.34.1.42; the test client is 127.0.0.1.
    elsewhere = await _post(client, path, b"{", credentials=own)
    assert elsewhere.status == 403
    wrong = {"username": COLLECTOR, "password": device_password(secret, UNIT_3_1)}
    assert (await _post(client, path, b"{", credentials=wrong)).status == 401
    # At its registered address the terminal's own password lets the registration in.
    register.write_text(original.replace("10.34.1.42", "127.0.0.1", 1), encoding="utf-8")
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    at_home = await _post(client, path, b"{", credentials=own)
    assert at_home.status == 400 and (await at_home.json())["reason"] == "bad_request"


async def test_oversized_registrations_are_refused_before_reading(
    hass: HomeAssistant,
    community_entry: MockConfigEntry,
    clock: FakeClock,
    hass_client_no_auth: ClientSessionGenerator,
) -> None:
    await set_up(
        hass, community_entry, {"push_username": PUSH_USER, "push_password": PUSH_PASSWORD}
    )
    client = await hass_client_no_auth()
    path = f"/api/smart_community/registration/{COLLECTOR}"
    body = b"{" + b" " * (16 * 1024 * 1024 + 10) + b"}"
    response = await _post(client, path, body)
    assert response.status == 413
