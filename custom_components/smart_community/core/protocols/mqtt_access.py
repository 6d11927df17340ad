"""Access-library commands over MQTT (门禁授权): persons, cards and faces on a terminal.

Published on ``<prefix>/<device_code>/command`` like the other commands (``mqtt_commands``);
the terminal answers each with a ``command_result`` event carrying the command's ``id``::

    {"id": "a1b2c3", "command": "person_upsert", "time": "...", "user_id": "10000001",
     "person_id": "P-1001", "name": "张伟", "user_type": "normal",
     "valid_from": "2025-05-01T00:00:00+08:00", "valid_until": null}
    {"type": "command_result", "command_id": "a1b2c3", "command": "person_upsert", "ok": true}
    {"type": "command_result", "command_id": "f00d", "command": "face_set", "ok": false,
     "reason": "no face in the photo", "retry": false}

``retry`` (default false) marks a refusal worth repeating (busy); ``capacity`` marks a full
library. ``person_list`` pages through what the terminal holds (``persons``, ``total``). The
table of commands and fields is :data:`ACCESS_COMMANDS`, documented in ``MQTT.md``.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from .documents import load_json
from .errors import DecodeError, EncodeError
from .timeparse import now_local, parse_time

MAX_FACE_BYTES = 2 * 1024 * 1024
MAX_PAGE = 500


class AccessCommand(StrEnum):
    """Commands that change or read a terminal's library."""

    PERSON_UPSERT = "person_upsert"
    PERSON_DELETE = "person_delete"
    FACE_SET = "face_set"
    FACE_DELETE = "face_delete"
    CARD_ADD = "card_add"
    CARD_DELETE = "card_delete"
    PERSON_LIST = "person_list"


# command -> (required fields, optional fields)
ACCESS_COMMANDS: dict[AccessCommand, tuple[tuple[str, ...], tuple[str, ...]]] = {
    AccessCommand.PERSON_UPSERT: (
        ("user_id", "name"),
        ("person_id", "user_type", "valid_from", "valid_until"),
    ),
    AccessCommand.PERSON_DELETE: (("user_id",), ()),
    AccessCommand.FACE_SET: (("user_id", "image"), ("face_digest",)),
    AccessCommand.FACE_DELETE: (("user_id",), ()),
    AccessCommand.CARD_ADD: (("user_id", "card"), ()),
    AccessCommand.CARD_DELETE: (("user_id", "card"), ()),
    AccessCommand.PERSON_LIST: ((), ("offset", "limit")),
}
_STRINGS = frozenset({"user_id", "name", "person_id", "card", "face_digest", "image"})
_TIMES = frozenset({"valid_from", "valid_until"})
_INTS = frozenset({"offset", "limit"})
USER_TYPES = ("normal", "visitor")


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessRequest:
    """A validated access-library command; ``image`` is decoded JPEG bytes."""

    command: AccessCommand
    id: str
    time: datetime
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def image(self) -> bytes | None:
        value = self.params.get("image")
        return value if isinstance(value, bytes) else None

    def to_payload(self) -> bytes:
        body: dict[str, Any] = {
            "id": self.id,
            "command": self.command.value,
            "time": self.time.isoformat(),
        }
        for name, value in self.params.items():
            if isinstance(value, bytes):
                body[name] = base64.b64encode(value).decode()
            elif isinstance(value, datetime):
                body[name] = value.isoformat()
            else:
                body[name] = value
        return json.dumps(body, ensure_ascii=False).encode()


def _check(
    command: AccessCommand, params: Mapping[str, Any], error: type[ValueError]
) -> dict[str, Any]:
    required, optional = ACCESS_COMMANDS[command]
    unknown = sorted(set(params) - set(required) - set(optional))
    if unknown:
        raise error(f"{command.value}: unknown parameter(s) {', '.join(unknown)}")
    out: dict[str, Any] = {}
    for name in (*required, *optional):
        value = params.get(name)
        if value is None:
            if name in required:
                raise error(f"{command.value}: parameter {name} is required")
            if name in _TIMES:
                out[name] = None
            continue
        if name in _INTS:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise error(f"parameter {name} must be a whole number >= 0")
            if name == "limit" and not 1 <= value <= MAX_PAGE:
                raise error(f"parameter limit must be 1..{MAX_PAGE}")
            out[name] = value
        elif name in _TIMES:
            if isinstance(value, datetime):
                if value.tzinfo is None:
                    raise error(f"parameter {name} needs a time zone")
                out[name] = value
            elif isinstance(value, str):
                out[name] = parse_time(value, field=name)
            else:
                raise error(f"parameter {name} must be an ISO 8601 time")
        elif name == "image":
            out[name] = _image(value, error)
        elif name == "user_type":
            if value not in USER_TYPES:
                raise error(f"parameter user_type must be one of {', '.join(USER_TYPES)}")
            out[name] = value
        elif name in _STRINGS:
            if not isinstance(value, str) or not value.strip():
                raise error(f"parameter {name} must be a non-empty string")
            out[name] = value
    begin, end = out.get("valid_from"), out.get("valid_until")
    if isinstance(begin, datetime) and isinstance(end, datetime) and end <= begin:
        raise error("valid_until must be after valid_from")
    return out


def _image(value: Any, error: type[ValueError]) -> bytes:
    if isinstance(value, bytes):
        data = value
    elif isinstance(value, str):
        try:
            data = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as err:
            raise error(f"parameter image is not base64: {err}") from err
    else:
        raise error("parameter image must be a base64 string")
    if not data:
        raise error("parameter image is empty")
    if len(data) > MAX_FACE_BYTES:
        raise error(f"parameter image is larger than {MAX_FACE_BYTES} bytes")
    return data


def build_access_command(
    command: AccessCommand | str,
    *,
    command_id: str | None = None,
    time: datetime | None = None,
    **params: Any,
) -> AccessRequest:
    """A command for a terminal, or :class:`EncodeError`."""
    try:
        name = AccessCommand(command)
    except ValueError as err:
        raise EncodeError(f"unknown access command {command!r}") from err
    return AccessRequest(
        command=name,
        id=command_id or uuid.uuid4().hex[:16],
        time=time or now_local(),
        params=_check(name, params, EncodeError),
    )


def decode_access_command(payload: bytes) -> AccessRequest:
    """A command payload as a terminal (or the simulator) reads it."""
    data = load_json(payload)
    if not isinstance(data, dict):
        raise DecodeError("command payload must be a JSON object")
    try:
        name = AccessCommand(str(data.get("command")))
    except ValueError as err:
        raise DecodeError(
            f"unknown access command {data.get('command')!r}", field="command"
        ) from err
    command_id = data.get("id")
    if not isinstance(command_id, str) or not command_id:
        raise DecodeError("required field missing", field="id")
    params = {k: v for k, v in data.items() if k not in ("id", "command", "time")}
    time_value = data.get("time")
    return AccessRequest(
        command=name,
        id=command_id,
        time=parse_time(time_value) if time_value else now_local(),
        params=_check(name, params, DecodeError),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessResult:
    """A terminal's ``command_result`` for an access command."""

    command_id: str
    ok: bool
    reason: str = ""
    retry: bool = False
    capacity: bool = False
    persons: tuple[Mapping[str, Any], ...] = ()
    total: int | None = None


def access_result(fields: Mapping[str, Any]) -> AccessResult:
    """The result fields of a decoded ``command_result`` event (its attributes)."""
    command_id = fields.get("command_id")
    ok = fields.get("ok")
    if not isinstance(command_id, str) or not command_id:
        raise DecodeError("required field missing", field="command_id")
    if not isinstance(ok, bool):
        raise DecodeError("ok must be true or false", field="ok")
    persons = fields.get("persons", [])
    if not isinstance(persons, list) or not all(isinstance(p, Mapping) for p in persons):
        raise DecodeError("persons must be a list of objects", field="persons")
    total = fields.get("total")
    if total is not None and (isinstance(total, bool) or not isinstance(total, int)):
        raise DecodeError("total must be a whole number", field="total")
    reason = fields.get("reason") or ""
    return AccessResult(
        command_id=command_id,
        ok=ok,
        reason=str(reason),
        retry=fields.get("retry") is True,
        capacity=fields.get("capacity") is True,
        persons=tuple(persons),
        total=total,
    )


def result_payload(request: AccessRequest, *, ok: bool, **extra: Any) -> bytes:
    """The ``command_result`` event a terminal publishes for ``request``."""
    body = {
        "type": "command_result",
        "command_id": request.id,
        "command": request.command.value,
        "ok": ok,
    }
    body.update({name: value for name, value in extra.items() if value is not None})
    return json.dumps(body, ensure_ascii=False).encode()
