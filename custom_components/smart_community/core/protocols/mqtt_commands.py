"""Commands the hub publishes on ``<prefix>/<device_code>/command`` (JSON).

    {"id": "c0ffee01", "command": "open", "time": "2025-05-01T08:00:00+08:00", ...params}

The device answers with a ``command_result`` event carrying the same ``id``. Which device
kind takes which command, and the parameters, are in :data:`COMMAND_SPECS` (and MQTT.md).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from ..devices import DeviceKind
from .documents import load_json
from .errors import DecodeError, EncodeError
from .mqtt_schema import Channel, topic_for
from .timeparse import now_local, parse_time

MAX_TEXT = 64  # characters a plate kit's LED line / TTS request takes


class CommandName(StrEnum):
    """The commands of the schema."""

    OPEN = "open"
    CLOSE = "close"
    STOP = "stop"
    UNLOCK = "unlock"
    DISPLAY = "display"
    VOICE = "voice"


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """One command parameter."""

    name: str
    type: type
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


_DIRECTION = ParamSpec("direction", str, choices=("in", "out"))
_TEXT = ParamSpec("text", str, required=True)

COMMAND_SPECS: dict[DeviceKind, dict[CommandName, tuple[ParamSpec, ...]]] = {
    DeviceKind.TURNSTILE: {CommandName.OPEN: (_DIRECTION,)},
    DeviceKind.BARRIER: {CommandName.OPEN: (), CommandName.CLOSE: (), CommandName.STOP: ()},
    DeviceKind.ACCESS_TERMINAL: {
        CommandName.UNLOCK: (
            ParamSpec("door", str),
            ParamSpec("duration_s", int, minimum=1, maximum=60),
        )
    },
    DeviceKind.PLATE_CAMERA: {
        CommandName.DISPLAY: (_TEXT, ParamSpec("line", int, minimum=1, maximum=4)),
        CommandName.VOICE: (_TEXT,),
    },
}


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceCommand:
    """A validated command."""

    command: CommandName
    id: str
    time: datetime
    params: dict[str, Any] = field(default_factory=dict)

    def to_payload(self) -> bytes:
        """The JSON payload (UTF-8, Chinese text unescaped)."""
        body = {"id": self.id, "command": self.command.value, "time": self.time.isoformat()}
        body.update(self.params)
        return json.dumps(body, ensure_ascii=False).encode()


def _check_params(
    params: Mapping[str, Any], specs: tuple[ParamSpec, ...], error: type[ValueError]
) -> dict[str, Any]:
    known = {spec.name: spec for spec in specs}
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise error(f"unknown parameter(s) {', '.join(unknown)}")
    out: dict[str, Any] = {}
    for spec in specs:
        value = params.get(spec.name)
        if value is None:
            if spec.required:
                raise error(f"parameter {spec.name} is required")
            continue
        if isinstance(value, bool) or not isinstance(value, spec.type):
            raise error(f"parameter {spec.name} must be {spec.type.__name__}, got {value!r}")
        if spec.choices and value not in spec.choices:
            raise error(f"parameter {spec.name} must be one of {', '.join(spec.choices)}")
        if isinstance(value, int) and (
            (spec.minimum is not None and value < spec.minimum)
            or (spec.maximum is not None and value > spec.maximum)
        ):
            raise error(f"parameter {spec.name} must be {spec.minimum}..{spec.maximum}")
        if isinstance(value, str) and spec.name == "text":
            if not value.strip():
                raise error("parameter text must not be empty")
            if len(value) > MAX_TEXT:
                raise error(f"parameter text is longer than {MAX_TEXT} characters")
        out[spec.name] = value
    return out


def build_command(
    kind: DeviceKind,
    command: CommandName | str,
    *,
    command_id: str | None = None,
    time: datetime | None = None,
    **params: Any,
) -> DeviceCommand:
    """A command for a device of ``kind``, or :class:`EncodeError` if it takes no such one."""
    try:
        name = CommandName(command)
    except ValueError as err:
        raise EncodeError(f"unknown command {command!r}") from err
    specs = COMMAND_SPECS.get(kind, {})
    if name not in specs:
        raise EncodeError(f"a {kind.value} does not take the {name.value} command")
    return DeviceCommand(
        command=name,
        id=command_id or uuid.uuid4().hex[:12],
        time=time or now_local(),
        params=_check_params(params, specs[name], EncodeError),
    )


def encode_command(prefix: str, device_code: str, command: DeviceCommand) -> tuple[str, bytes]:
    """Topic and payload to publish (QoS 1, not retained)."""
    return topic_for(prefix, device_code, Channel.COMMAND), command.to_payload()


def decode_command(payload: bytes, kind: DeviceKind | None = None) -> DeviceCommand:
    """A command payload as a device reads it; ``kind`` also checks the device takes it."""
    data = load_json(payload)
    if not isinstance(data, dict):
        raise DecodeError("command payload must be a JSON object")
    raw_name = data.get("command")
    try:
        name = CommandName(str(raw_name))
    except ValueError as err:
        raise DecodeError(f"unknown command {raw_name!r}", field="command") from err
    command_id = data.get("id")
    if not isinstance(command_id, str) or not command_id:
        raise DecodeError("required field missing", field="id")
    params = {k: v for k, v in data.items() if k not in ("id", "command", "time")}
    if kind is not None:
        specs = COMMAND_SPECS.get(kind, {})
        if name not in specs:
            raise DecodeError(f"a {kind.value} does not take the {name.value} command")
        params = _check_params(params, specs[name], DecodeError)
    time_value = data.get("time")
    return DeviceCommand(
        command=name,
        id=command_id,
        time=parse_time(time_value) if time_value else now_local(),
        params=params,
    )
