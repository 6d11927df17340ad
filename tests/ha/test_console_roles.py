"""One role model for the console and the actions: admin, manager (options), guard, read-only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.components import frontend
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import Unauthorized
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.smart_community.const import DOMAIN
from custom_components.smart_community.panel import BUNDLE, PANEL_URL_PATH, bundle_version
from custom_components.smart_community.permissions import ROLE_PERMISSIONS, Permission, Role
from custom_components.smart_community.services import ACTIONS
from custom_components.smart_community.websocket import COMMANDS

from .console import Console, console_of, user_in_role

# The contract (frontend/src/api/types.ts ROLE_PERMISSIONS) and the backend agree.
CONTRACT_TYPES = (Path(__file__).parents[2] / "frontend" / "src" / "api" / "types.ts").read_text(
    encoding="utf-8"
)


@pytest.fixture
async def users(
    hass: HomeAssistant, community_entry: MockConfigEntry, frozen_clock: FrozenDateTimeFactory
) -> AsyncIterator[dict[str, User]]:
    """A user per role, then the community set up (the manager is listed in its options)."""
    found = {
        role: await user_in_role(hass, community_entry, role)
        for role in ("admin", "manager", "guard", "read_only")
    }
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    yield found


async def _console(
    hass: HomeAssistant, ws: WebSocketGenerator, entry: MockConfigEntry, user: User
) -> Console:
    return await console_of(hass, ws, entry, user)


def test_the_backend_table_is_the_contract_table() -> None:
    block = CONTRACT_TYPES.split("export const ROLE_PERMISSIONS = {", 1)[1].split("} as const", 1)[
        0
    ]
    for role in (Role.GUARD, Role.MANAGER):
        listed = block.split(f"{role.value}: [", 1)[1].split("]", 1)[0]
        contract = {item.strip().strip('"') for item in listed.split(",") if item.strip()}
        assert contract == {p.value for p in ROLE_PERMISSIONS[role]}, role
    assert ROLE_PERMISSIONS[Role.ADMIN] == frozenset(Permission)
    table = CONTRACT_TYPES.split("export const COMMAND_PERMISSIONS = {", 1)[1].split("} as const")[
        0
    ]
    for command in COMMANDS:
        line = next(row for row in table.splitlines() if f'"{command.type}"' in row)
        wanted = line.split(":", 2)[-1].strip().rstrip(",")
        assert wanted == ("null" if command.permission is None else f'"{command.permission}"')


async def test_session_reports_the_role_of_each_user(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    community_entry: MockConfigEntry,
    users: dict[str, User],
) -> None:
    for role, permissions in (
        ("admin", {p.value for p in Permission}),
        ("manager", {p.value for p in ROLE_PERMISSIONS[Role.MANAGER]}),
        ("guard", {p.value for p in ROLE_PERMISSIONS[Role.GUARD]}),
    ):
        console = await _console(hass, hass_ws_client, community_entry, users[role])
        session = await console.call("session", entry_id=None)
        assert session["role"] == role
        assert set(session["permissions"]) == permissions
        assert session["user"]["is_admin"] is (role == "admin")
        [community] = session["communities"]
        assert community["entry_id"] == community_entry.entry_id
        assert community["name"] == "华府骏苑"
        assert community["gates"] == ["东门", "南门"]
    read_only = await _console(hass, hass_ws_client, community_entry, users["read_only"])
    answer = await read_only.raw("session")
    assert answer["error"]["code"] == "unauthorized"


async def test_guards_are_refused_manager_commands_before_anything_is_read(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    community_entry: MockConfigEntry,
    users: dict[str, User],
) -> None:
    guard = await _console(hass, hass_ws_client, community_entry, users["guard"])
    for command in COMMANDS:
        if command.permission is None or command.permission in ROLE_PERMISSIONS[Role.GUARD]:
            continue
        # Not even well-formed: the permission is checked first, so nothing leaks.
        answer = await guard.raw(command.type.split("/", 1)[1], entry_id=community_entry.entry_id)
        assert answer["error"]["code"] == "unauthorized", command.type
    # What a guard may do works.
    passes = await guard.call("visitors/list", status="active")
    assert passes == {"passes": [], "next_cursor": None}
    # A manager may not import a register: that is for administrators.
    manager = await _console(hass, hass_ws_client, community_entry, users["manager"])
    err = await manager.error("devices/check_file", filename="r.csv", data="")
    assert err.code == "unauthorized"
    assert (await manager.call("devices/compliance"))["tier"] == "high"


async def test_schema_errors_name_the_parameter_and_unknown_communities_are_refused(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    community_entry: MockConfigEntry,
    users: dict[str, User],
) -> None:
    admin = await _console(hass, hass_ws_client, community_entry, users["admin"])
    err = await admin.error("records/search", limit=1000)
    assert err.code == "invalid_format"
    assert "data['limit']" in err.error["message"]
    err = await admin.error("records/search", entry_id="no-such-entry")
    assert (err.code, err.key) == ("home_assistant_error", "unknown_community")
    assert err.placeholders["community"] == "no-such-entry"


async def test_actions_use_the_same_roles(
    hass: HomeAssistant, community_entry: MockConfigEntry, users: dict[str, User]
) -> None:
    async def call(user: User, action: str, **data: object) -> object:
        return await hass.services.async_call(
            DOMAIN,
            action,
            {"config_entry_id": community_entry.entry_id, **data},
            blocking=True,
            return_response=True,
            context=Context(user_id=user.id),
        )

    person = {"person_id": "P-1", "name": "张伟", "role": "staff"}
    with pytest.raises(Unauthorized):
        await call(users["guard"], "add_person", **person)
    with pytest.raises(Unauthorized):
        await call(users["read_only"], "open_parking_session", plate="皖A12345")
    assert await call(users["manager"], "add_person", **person)
    # Guards let a car in by hand (parking.gate), as they could before the console.
    assert await call(users["guard"], "open_parking_session", plate="皖A12345")
    with pytest.raises(Unauthorized):
        await call(users["manager"], "import_register", file="register.csv")
    permissions = {action.name: action.permission for action in ACTIONS}
    assert permissions["import_register"] is Permission.DEVICES_IMPORT
    assert permissions["close_parking_session"] is Permission.PARKING_GATE


async def test_the_panel_is_in_the_sidebar_while_a_community_is_loaded(
    hass: HomeAssistant, community_entry: MockConfigEntry, users: dict[str, User]
) -> None:
    panel = hass.data[frontend.DATA_PANELS][PANEL_URL_PATH]
    assert panel.sidebar_title == "智慧小区"
    assert panel.require_admin is False
    custom = panel.config["_panel_custom"]
    assert custom["name"] == "smart-community-panel"
    assert custom["module_url"] == f"/smart_community_static/{BUNDLE.name}?v={bundle_version()}"
    assert await hass.config_entries.async_unload(community_entry.entry_id)
    assert PANEL_URL_PATH not in hass.data[frontend.DATA_PANELS]
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    assert PANEL_URL_PATH in hass.data[frontend.DATA_PANELS]


async def test_the_bundle_is_served_from_the_integration_folder(
    hass: HomeAssistant,
    hass_client_no_auth,  # type: ignore[no-untyped-def]
    community_entry: MockConfigEntry,
    users: dict[str, User],
) -> None:
    client = await hass_client_no_auth()
    response = await client.get(f"/smart_community_static/{BUNDLE.name}?v={bundle_version()}")
    assert response.status == 200
    assert await response.read() == BUNDLE.read_bytes()
