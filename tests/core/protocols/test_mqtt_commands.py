"""Commands from the hub: each device kind's commands encode, decode and validate."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from custom_components.smart_community.core.devices import DeviceKind
from custom_components.smart_community.core.protocols.errors import DecodeError, EncodeError
from custom_components.smart_community.core.protocols.mqtt_commands import (
    CommandName,
    build_command,
    decode_command,
    encode_command,
)
from custom_components.smart_community.core.protocols.timeparse import LOCAL_ZONE

T = datetime(2024, 1, 30, 14, 45, tzinfo=LOCAL_ZONE)


@pytest.mark.parametrize(
    "kind,command,params",
    [
        (DeviceKind.TURNSTILE, "open", {"direction": "in"}),
        (DeviceKind.TURNSTILE, "open", {}),
        (DeviceKind.BARRIER, "open", {}),
        (DeviceKind.BARRIER, "close", {}),
        (DeviceKind.BARRIER, "stop", {}),
        (DeviceKind.ACCESS_TERMINAL, "unlock", {"door": "1", "duration_s": 5}),
        (DeviceKind.PLATE_CAMERA, "display", {"text": "皖A12345 欢迎回家", "line": 2}),
        (DeviceKind.PLATE_CAMERA, "voice", {"text": "一路顺风"}),
    ],
)
def test_command_round_trip(kind: DeviceKind, command: str, params: dict[str, Any]) -> None:
    built = build_command(kind, command, command_id="c1", time=T, **params)
    topic, payload = encode_command("sc/hf001", "D9", built)
    assert topic == "sc/hf001/D9/command"
    body = json.loads(payload)
    assert body == {"id": "c1", "command": command, "time": "2024-01-30T14:45:00+08:00", **params}
    assert decode_command(payload, kind) == built


def test_chinese_text_is_sent_unescaped() -> None:
    built = build_command(DeviceKind.PLATE_CAMERA, CommandName.VOICE, text="欢迎")
    assert "欢迎".encode() in built.to_payload()


@pytest.mark.parametrize(
    "kind,command,params,match",
    [
        (DeviceKind.SMOKE_DETECTOR, "open", {}, "does not take"),
        (DeviceKind.BARRIER, "unlock", {}, "does not take"),
        (DeviceKind.BARRIER, "fly", {}, "unknown command"),
        (DeviceKind.TURNSTILE, "open", {"direction": "up"}, "direction"),
        (DeviceKind.ACCESS_TERMINAL, "unlock", {"duration_s": 600}, "1..60"),
        (DeviceKind.ACCESS_TERMINAL, "unlock", {"duration_s": "5"}, "must be int"),
        (DeviceKind.PLATE_CAMERA, "display", {}, "text is required"),
        (DeviceKind.PLATE_CAMERA, "display", {"text": "x" * 65}, "longer than"),
        (DeviceKind.PLATE_CAMERA, "voice", {"text": "  "}, "empty"),
        (DeviceKind.BARRIER, "open", {"speed": 3}, "unknown parameter"),
    ],
)
def test_invalid_commands_are_refused(
    kind: DeviceKind, command: str, params: dict[str, Any], match: str
) -> None:
    with pytest.raises(EncodeError, match=match):
        build_command(kind, command, **params)


@pytest.mark.parametrize(
    "payload",
    [b"[]", b'{"command": "open"}', b'{"id": "1", "command": "jump"}', b"{"],
)
def test_malformed_command_payload(payload: bytes) -> None:
    with pytest.raises(DecodeError):
        decode_command(payload)


def test_device_refuses_a_command_of_another_kind() -> None:
    payload = build_command(DeviceKind.BARRIER, "stop").to_payload()
    with pytest.raises(DecodeError, match="does not take"):
        decode_command(payload, DeviceKind.TURNSTILE)
