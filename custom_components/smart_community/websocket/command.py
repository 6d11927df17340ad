"""One console command: its type, who may send it, its schema and its handler.

Every command is registered through :func:`async_register`, which checks, in this order:
the permission of the HA user of the connection in the named community (the role model of
``services/action.py``, shared with the actions) — before anything else, so a user without it
learns nothing, not even whether the message was well formed; then the schema (voluptuous:
``invalid_format`` with the parameter in the message); then the community. A feature's
translated error is sent with its key and placeholders, plus ``field``: the parameter it is
about, when the feature did not say (the panel shows the error next to that field).
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import voluptuous as vol
from homeassistant.auth.models import User
from homeassistant.components.websocket_api import async_register_command
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.const import (
    ERR_HOME_ASSISTANT_ERROR,
    ERR_INVALID_FORMAT,
    ERR_UNAUTHORIZED,
)
from homeassistant.components.websocket_api.decorators import async_response
from homeassistant.components.websocket_api.messages import BASE_COMMAND_MESSAGE_SCHEMA
from homeassistant.core import Context, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError, Unauthorized
from homeassistant.helpers import config_validation as cv

from ..const import DOMAIN
from ..permissions import (
    Permission,
    Role,
    community_managers,
    role_may,
    user_role,
)
from ..runtime import CommunityRuntime, loaded_runtime
from ..views import sign

_LOGGER = logging.getLogger(__name__)

MAX_TEXT = 200  # characters of any free-text parameter
MAX_IMAGE_BYTES = 2 * 1024 * 1024  # a decoded picture (the panel scales photos down first)
MAX_FILE_BYTES = 2 * 1024 * 1024  # a register file sent through the websocket
_OFFSET_CURSOR = re.compile(r"o(\d{1,9})", re.ASCII)

# The usual parameter of an error key, when neither the feature nor the value tells.
USUAL_FIELD = {
    "invalid_id_number": "id_number",
    "invalid_mobile": "mobile",
    "invalid_plate": "plate",
    "invalid_plate_color": "color",
    "unknown_building": "building",
    "unknown_unit": "unit",
    "invalid_room": "room",
    "duplicate_person": "person_id",
    "duplicate_plate": "plate",
    "duplicate_card": "cards",
    "unknown_person": "person_id",
    "unknown_vehicle": "plate",
    "unknown_gate": "gates",
    "already_inside": "plate",
    "not_inside": "plate",
    "unknown_device": "device",
    "invalid_cursor": "cursor",
    "unknown_record": "record_id",
    "unknown_cluster": "cluster_id",
    "unknown_session": "session_id",
    "not_a_visitor": "person_id",
    "image_too_large": "image",
    "invalid_image": "image",
    "no_face_in_photo": "image",
    "file_too_large": "data",
    "register_unreadable": "data",
    "unknown_photo": "photo_id",
}

text = vol.All(cv.string, vol.Length(max=MAX_TEXT))
ENTRY: dict[Any, Any] = {vol.Required("entry_id"): vol.All(cv.string, vol.Length(max=64))}
PAGE: dict[Any, Any] = {
    vol.Optional("limit", default=50): vol.All(vol.Coerce(int), vol.Range(min=1, max=200)),
    vol.Optional("cursor"): vol.Any(None, vol.All(cv.string, vol.Length(max=512))),
}

type Handler = Callable[[Request], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class Command:
    """One row of the console's command table."""

    type: str
    permission: Permission | None  # None: any user with a role (the session)
    schema: Mapping[Any, Any]
    handler: Handler
    entry: bool = True  # takes the community's ``entry_id``
    subscription: bool = False  # the handler answers itself (result, then events)
    fields: Mapping[str, str] = field(default_factory=dict)  # error key → parameter


@dataclass(slots=True)
class Request:
    """What a handler gets: the validated message, the caller and the community."""

    hass: HomeAssistant
    connection: ActiveConnection
    msg: dict[str, Any]
    user: User
    role: Role | None
    community: CommunityRuntime | None

    @property
    def runtime(self) -> CommunityRuntime:
        """The community the command names."""
        assert self.community is not None, "a command without entry_id has no community"
        return self.community

    @property
    def context(self) -> Context:
        """The connection's context (the logbook names the user)."""
        return self.connection.context(self.msg)

    def may(self, permission: Permission) -> bool:
        """Whether the caller also holds another permission."""
        return role_may(self.role, permission)

    def sign(self, path: str) -> str:
        """``path`` signed for this connection's refresh token."""
        return sign(self.hass, path, self.connection.refresh_token_id)


def invalid(key: str, **placeholders: str) -> HomeAssistantError:
    """A translated refusal of the console's own."""
    return ServiceValidationError(
        translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
    )


def offset_cursor(cursor: str | None) -> int:
    """The offset of a cursor this backend issued (``o<N>``); anything else is refused."""
    if cursor is None:
        return 0
    match = _OFFSET_CURSOR.fullmatch(cursor)
    if match is None:
        raise invalid("invalid_cursor", cursor=cursor[:40], field="cursor")
    return int(match.group(1))


def page_of[T](items: list[T], msg: Mapping[str, Any]) -> tuple[list[T], str | None]:
    """One page of a list by an offset cursor."""
    start = offset_cursor(msg.get("cursor"))
    end = start + int(msg["limit"])
    return items[start:end], (f"o{end}" if end < len(items) else None)


def decode_base64(data: str, *, limit: int, too_large: str, invalid_key: str) -> bytes:
    """Standard base64 (no ``data:`` prefix) bounded before it is decoded."""
    if len(data) > (limit * 4) // 3 + 8:
        raise invalid(too_large, limit=str(limit // (1024 * 1024)))
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as err:
        if invalid_key == "invalid_image":
            raise invalid("invalid_image", reason="not base64") from err
        raise invalid(invalid_key, path="upload", reason="not base64") from err
    if len(raw) > limit:
        raise invalid(too_large, limit=str(limit // (1024 * 1024)))
    return raw


def picture_bytes(data: str) -> bytes:
    """A picture sent by the panel, refused when too large or not a JPEG / PNG."""
    raw = decode_base64(
        data, limit=MAX_IMAGE_BYTES, too_large="image_too_large", invalid_key="invalid_image"
    )
    if not (raw.startswith(b"\xff\xd8\xff") or raw.startswith(b"\x89PNG\r\n\x1a\n")):
        raise invalid("invalid_image", reason="not a JPEG or PNG picture")
    return raw


def _field_of(err: HomeAssistantError, command: Command, msg: Mapping[str, Any]) -> str | None:
    """The parameter a translated error is about."""
    placeholders = err.translation_placeholders or {}
    values = {str(value) for value in placeholders.values() if value}
    for name, value in msg.items():
        if name in ("type", "id", "entry_id") or value in (None, "", [], {}):
            continue
        candidates = value if isinstance(value, list) else [value]
        if any(str(item) in values for item in candidates if not isinstance(item, dict)):
            return str(name)
    key = err.translation_key or ""
    usual = command.fields.get(key) or USUAL_FIELD.get(key)
    return usual if usual is not None and (usual in msg or key in command.fields) else None


def _send_error(
    connection: ActiveConnection, msg_id: int, err: HomeAssistantError, field_name: str | None
) -> None:
    placeholders = dict(err.translation_placeholders or {})
    if field_name and "field" not in placeholders:
        placeholders["field"] = field_name
        err.translation_placeholders = placeholders
    connection.send_error(
        msg_id,
        ERR_HOME_ASSISTANT_ERROR,
        str(err),
        translation_key=err.translation_key,
        translation_domain=err.translation_domain,
        translation_placeholders=placeholders,
    )


@callback
def async_register(hass: HomeAssistant, command: Command) -> None:
    """Register one command with the permission check, the schema and the errors."""
    full_schema = vol.Schema(
        {
            vol.Required("id"): int,
            vol.Required("type"): command.type,
            **(ENTRY if command.entry else {}),
            **command.schema,
        }
    )

    async def handle(
        hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
    ) -> None:
        user = connection.user
        entry_id = msg.get("entry_id") if isinstance(msg.get("entry_id"), str) else None
        role = user_role(user, community_managers(hass, entry_id))
        allowed = role is not None and (
            command.permission is None or role_may(role, command.permission)
        )
        if not allowed:
            _LOGGER.info("%s may not use %s", user.name, command.type)
            connection.send_error(msg["id"], ERR_UNAUTHORIZED, "Unauthorized")
            return
        try:
            data = full_schema(msg)
        except vol.Invalid as err:
            connection.send_error(
                msg["id"],
                ERR_INVALID_FORMAT,
                vol.humanize.humanize_error(msg, err),
            )
            return
        try:
            community = loaded_runtime(hass, data["entry_id"]) if command.entry else None
            request = Request(hass, connection, data, user, role, community)
            result = await command.handler(request)
        except Unauthorized:
            connection.send_error(msg["id"], ERR_UNAUTHORIZED, "Unauthorized")
            return
        except HomeAssistantError as err:
            if err.translation_key is None:
                raise
            _LOGGER.debug("%s refused: %s", command.type, err)
            _send_error(connection, msg["id"], err, _field_of(err, command, data))
            return
        if not command.subscription:
            connection.send_result(msg["id"], result)

    schema = BASE_COMMAND_MESSAGE_SCHEMA.extend(
        {vol.Required("type"): command.type}, extra=vol.ALLOW_EXTRA
    )
    async_register_command(hass, command.type, async_response(handle), schema)
