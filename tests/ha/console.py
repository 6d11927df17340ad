"""Helpers of the console tests: HA users in each role and a websocket client per user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import MockHAClientWebSocket, WebSocketGenerator

from custom_components.smart_community.const import CONF_MANAGERS


class ConsoleError(Exception):
    """A websocket error answer."""

    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error.get("message"))
        self.error = error
        self.code: str = error["code"]
        self.key: str | None = error.get("translation_key")
        self.placeholders: dict[str, str] = error.get("translation_placeholders") or {}


@dataclass
class Console:
    """A connection of one HA user to the console's commands."""

    ws: MockHAClientWebSocket
    entry_id: str

    async def raw(self, type_: str, **params: Any) -> dict[str, Any]:
        """The whole answer of a command."""
        await self.ws.send_json_auto_id({"type": f"smart_community/{type_}", **params})
        answer: dict[str, Any] = await self.ws.receive_json()
        return answer

    async def call(self, type_: str, **params: Any) -> Any:
        """A command of this community; its result or ConsoleError."""
        params.setdefault("entry_id", self.entry_id)
        if params["entry_id"] is None:  # the session names no community
            del params["entry_id"]
        answer = await self.raw(type_, **params)
        if not answer["success"]:
            raise ConsoleError(answer["error"])
        return answer["result"]

    async def error(self, type_: str, **params: Any) -> ConsoleError:
        """The error a command answers with (fails when it succeeds)."""
        try:
            result = await self.call(type_, **params)
        except ConsoleError as err:
            return err
        raise AssertionError(f"{type_} succeeded: {result}")


async def user_in_role(
    hass: HomeAssistant, entry: MockConfigEntry, role: str, name: str | None = None
) -> User:
    """An HA user who is an administrator, a (listed) manager, a guard or read-only."""
    groups = {
        "admin": ["system-admin"],
        "manager": ["system-users"],
        "guard": ["system-users"],
        "read_only": ["system-read-only"],
    }[role]
    if not await hass.auth.async_get_users():
        await hass.auth.async_create_user("Owner", group_ids=["system-admin"])
    user = await hass.auth.async_create_user(name or role, group_ids=groups)
    if role == "manager":
        managers = [*entry.options.get(CONF_MANAGERS, []), user.id]
        hass.config_entries.async_update_entry(
            entry, options={**entry.options, CONF_MANAGERS: managers}
        )
    return user


async def console_of(
    hass: HomeAssistant, ws_client: WebSocketGenerator, entry: MockConfigEntry, user: User
) -> Console:
    """A websocket connection authenticated as ``user``."""
    refresh = await hass.auth.async_create_refresh_token(user, client_id="http://console.test/")
    token = hass.auth.async_create_access_token(refresh)
    return Console(await ws_client(hass, token), entry.entry_id)
