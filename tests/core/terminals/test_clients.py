"""Vendor clients against misbehaving terminals, and the MQTT access schema."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import aiohttp
import pytest

from custom_components.smart_community.core.protocols.errors import DecodeError, EncodeError
from custom_components.smart_community.core.protocols.mqtt_access import (
    build_access_command,
    decode_access_command,
)
from custom_components.smart_community.core.protocols.mqtt_schema import decode_event
from custom_components.smart_community.core.terminals import (
    AuthenticationFailed,
    BadDeviceAnswer,
    DeviceRefused,
    DeviceUnavailable,
    Operation,
    OpKind,
    TerminalUser,
    ValidityWindow,
)
from custom_components.smart_community.core.terminals.dahua import DahuaTerminal as DahuaClient
from custom_components.smart_community.core.terminals.hikvision import IsapiTerminal
from custom_components.smart_community.core.terminals.http import DigestHttp
from custom_components.smart_community.core.terminals.mqtt import MqttTerminal
from tools.simulator.terminals import CannedAnswer
from tools.simulator.terminals.mqtt import MqttAccessTerminal

from .conftest import PASSWORD, T0, USER, ZONE, Community

USER_A = TerminalUser(
    user_id="10000001",
    person_id="P-1",
    name="张伟",
    window=ValidityWindow(T0, T0 + timedelta(days=1)),
    cards=frozenset({"0012345601"}),
)
ADD = Operation(OpKind.ADD_USER, USER_A)


def _isapi(community: Community, http: aiohttp.ClientSession, **kw: object) -> IsapiTerminal:
    return IsapiTerminal(DigestHttp(http, community.unit_1_1.url, USER, PASSWORD, **kw), zone=ZONE)  # type: ignore[arg-type]


def _dahua(community: Community, http: aiohttp.ClientSession) -> DahuaClient:
    return DahuaClient(DigestHttp(http, community.unit_1_2.url, USER, PASSWORD), zone=ZONE)


@pytest.mark.parametrize(
    ("answer", "error", "words"),
    [
        (CannedAnswer(200, b"<html>hello</html>"), BadDeviceAnswer, "statusCode"),
        (CannedAnswer(200, b"<html><br></html>"), BadDeviceAnswer, "invalid XML"),
        (CannedAnswer(200, b"\x00\x01garbage"), BadDeviceAnswer, "neither JSON nor XML"),
        (CannedAnswer(500, b""), DeviceUnavailable, "HTTP 500"),
        (
            CannedAnswer(200, b'{"statusCode": "x"}', "application/json"),
            BadDeviceAnswer,
            "numeric statusCode",
        ),
        (
            CannedAnswer(
                200,
                b'{"statusCode": 2, "statusString": "Device Busy", "subStatusCode": "busy"}',
                "application/json",
            ),
            DeviceUnavailable,
            "busy",
        ),
        (
            CannedAnswer(
                400,
                b'{"statusCode": 6, "subStatusCode": "badParameters", "errorMsg": "name too long"}',
                "application/json",
            ),
            DeviceRefused,
            "badParameters: name too long",
        ),
    ],
)
async def test_isapi_answers_become_clear_errors(
    community: Community,
    http: aiohttp.ClientSession,
    answer: CannedAnswer,
    error: type[Exception],
    words: str,
) -> None:
    client = _isapi(community, http)
    community.unit_1_1.misbehave(answer)
    with pytest.raises(error, match=words):
        await client.apply(ADD)
    assert community.unit_1_1.library.users == {}  # nothing half-applied on our side either
    await client.apply(ADD)  # the next, normal answer works
    assert "10000001" in community.unit_1_1.library.users


async def test_isapi_refuses_huge_answers_and_endless_searches(
    community: Community, http: aiohttp.ClientSession
) -> None:
    client = _isapi(community, http, max_answer_bytes=1000)
    community.unit_1_1.misbehave(CannedAnswer(200, b"{" + b" " * 5000 + b"}", "application/json"))
    with pytest.raises(BadDeviceAnswer, match=r"over 1000|longer than"):
        await client.apply(ADD)
    endless = json.dumps(
        {"UserInfoSearch": {"responseStatusStrg": "MORE", "UserInfo": []}}
    ).encode()
    community.unit_1_1.misbehave(CannedAnswer(200, endless, "application/json"))
    with pytest.raises(BadDeviceAnswer, match="MORE without records"):
        await client.list_users()


async def test_wrong_password_and_offline_terminal(
    community: Community, http: aiohttp.ClientSession
) -> None:
    wrong = IsapiTerminal(DigestHttp(http, community.unit_1_1.url, USER, "nope"), zone=ZONE)
    with pytest.raises(AuthenticationFailed):
        await wrong.apply(ADD)
    await community.unit_1_1.go_offline()
    with pytest.raises(DeviceUnavailable):
        await _isapi(community, http).probe()


async def test_isapi_round_trip_of_a_user_with_window_card_and_face(
    community: Community, http: aiohttp.ClientSession
) -> None:
    from .conftest import jpeg

    client = _isapi(community, http)
    await client.apply(ADD)
    await client.apply(ADD)  # a repeated add (lost answer) modifies instead
    await client.apply(Operation(OpKind.SET_CARD, USER_A, "0012345601"))
    await client.apply(Operation(OpKind.SET_CARD, USER_A, "0012345601"))  # ours already
    await client.apply(Operation(OpKind.SET_FACE, _with_face(USER_A)), jpeg(1))
    await client.apply(
        Operation(OpKind.SET_FACE, _with_face(USER_A)), jpeg(2)
    )  # replaced via FDSetUp
    [listed] = await client.list_users()
    assert listed.window == USER_A.window and listed.cards == USER_A.cards and listed.has_face
    assert community.unit_1_1.library.faces["10000001"] == jpeg(2)
    with pytest.raises(DeviceRefused, match="picFormatError"):
        await client.apply(Operation(OpKind.SET_FACE, _with_face(USER_A)), b"not a jpeg")
    await client.apply(Operation(OpKind.DELETE_USER, USER_A))
    await client.apply(Operation(OpKind.DELETE_USER, USER_A))  # already gone: fine
    assert community.unit_1_1.library.users == {}


def _with_face(user: TerminalUser) -> TerminalUser:
    from dataclasses import replace

    from custom_components.smart_community.core.terminals import FaceRef

    return replace(user, face=FaceRef("a.jpg", "1"))


async def test_dahua_round_trip_and_its_error_answers(
    community: Community, http: aiohttp.ClientSession
) -> None:
    from .conftest import jpeg

    client = _dahua(community, http)
    await client.apply(ADD)
    await client.apply(ADD)
    await client.apply(Operation(OpKind.SET_CARD, USER_A, "0012345601"))
    await client.apply(Operation(OpKind.SET_FACE, _with_face(USER_A)), jpeg(3))
    [listed] = await client.list_users()
    assert listed.window == USER_A.window and listed.cards == USER_A.cards and listed.has_face
    with pytest.raises(DeviceRefused, match="too small"):
        await client.apply(Operation(OpKind.SET_FACE, _with_face(USER_A)), jpeg(4, size=40))
    community.unit_1_2.misbehave(CannedAnswer(503, b"Error\r\nBusy"))
    with pytest.raises(DeviceUnavailable, match="Busy"):
        await client.apply(ADD)
    community.unit_1_2.misbehave(CannedAnswer(200, b"what?"))
    with pytest.raises(BadDeviceAnswer, match="unexpected answer"):
        await client.apply(ADD)
    community.unit_1_2.misbehave(CannedAnswer(200, b"[1, 2]", "application/json"))
    with pytest.raises(BadDeviceAnswer):
        await client.list_users()
    await client.apply(Operation(OpKind.DELETE_USER, _with_face(USER_A)))
    assert community.unit_1_2.library.users == {} and community.unit_1_2.library.card_owner == {}


def test_mqtt_access_commands_round_trip_and_refuse_bad_parameters() -> None:
    command = build_access_command(
        "person_upsert",
        user_id="1",
        name="张伟",
        valid_from=T0,
        valid_until=T0 + timedelta(hours=1),
    )
    decoded = decode_access_command(command.to_payload())
    assert decoded.params["valid_until"] == T0 + timedelta(hours=1) and decoded.id == command.id
    face = build_access_command("face_set", user_id="1", image=b"\xff\xd8")
    assert decode_access_command(face.to_payload()).image == b"\xff\xd8"
    with pytest.raises(EncodeError, match="required"):
        build_access_command("card_add", user_id="1")
    with pytest.raises(EncodeError, match="after"):
        build_access_command("person_upsert", user_id="1", name="x", valid_from=T0, valid_until=T0)
    with pytest.raises(DecodeError, match="base64"):
        decode_access_command(b'{"id": "1", "command": "face_set", "user_id": "1", "image": "***"}')
    with pytest.raises(DecodeError, match="unknown access command"):
        decode_access_command(b'{"id": "1", "command": "explode"}')


async def test_mqtt_terminal_applies_operations_with_acknowledgements() -> None:
    from .conftest import jpeg

    device = MqttAccessTerminal()
    client: MqttTerminal

    async def publish(topic: str, payload: bytes) -> None:
        assert topic == "sc/T1/command"
        answer = device.handle(payload)
        if answer is not None:
            # the way HA hands it over: the event decoder's command_result attributes
            event = decode_event("T1", answer)
            asyncio.get_running_loop().call_soon(client.feed_result, event.attributes)

    client = MqttTerminal(publish, "sc", "T1", timeout=1.0, zone=ZONE)
    await client.apply(ADD)
    await client.apply(Operation(OpKind.SET_CARD, USER_A, "0012345601"))
    await client.apply(Operation(OpKind.SET_FACE, _with_face(USER_A)), jpeg(5))
    [listed] = await client.list_users()
    assert listed.window == USER_A.window and listed.cards == USER_A.cards and listed.has_face
    with pytest.raises(DeviceRefused, match="too small"):
        await client.apply(Operation(OpKind.SET_FACE, _with_face(USER_A)), jpeg(6, size=40))

    async def silent(topic: str, payload: bytes) -> None:
        return None

    with pytest.raises(DeviceUnavailable, match="no acknowledgement"):
        await MqttTerminal(silent, "sc", "T1", timeout=0.1).apply(ADD)
    assert client.feed_result({"command_id": "unknown", "ok": True}) is False
    assert client.feed_result({"command_id": 5}) is False


def test_mqtt_md_documents_every_access_command_and_parameter() -> None:
    from pathlib import Path

    from custom_components.smart_community.core.protocols import mqtt_access

    doc = (Path(mqtt_access.__file__).parent / "MQTT.md").read_text(encoding="utf-8")
    for command, (required, optional) in mqtt_access.ACCESS_COMMANDS.items():
        row = next(
            (line for line in doc.splitlines() if line.startswith(f"| `{command.value}`")), ""
        )
        assert row, command
        for name in (*required, *optional):
            assert f"`{name}`" in row, (command, name)
