"""The console's People, Visitors, Parking and Devices commands over the same features."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from freezegun.api import FrozenDateTimeFactory
from homeassistant.auth.models import User
from homeassistant.core import HomeAssistant
from openpyxl import load_workbook
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator, WebSocketGenerator

from custom_components.smart_community.core.people.visitor_token import verify_visitor_token

from .console import Console, console_of, user_in_role
from .helpers import runtime_of

ROOT = Path(__file__).parents[2]
DEMO_REGISTER = ROOT / "tools" / "demo" / "register.csv"
NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)  # 10:00 in Hefei
OWNER_ID_NUMBER = "340121198001011230"


@pytest.fixture
async def consoles(
    hass: HomeAssistant,
    hass_ws_client: WebSocketGenerator,
    community_entry: MockConfigEntry,
    frozen_clock: FrozenDateTimeFactory,
) -> AsyncIterator[dict[str, Console]]:
    users: dict[str, User] = {
        role: await user_in_role(hass, community_entry, role, name=name)
        for role, name in (("admin", "管理员"), ("manager", "物业经理"), ("guard", "赵保安"))
    }
    await hass.config.async_set_time_zone("Asia/Shanghai")
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    yield {
        role: await console_of(hass, hass_ws_client, community_entry, user)
        for role, user in users.items()
    }


async def _family(manager: Console) -> dict[str, str]:
    owner = await manager.call(
        "people/add",
        name="张伟",
        role="owner",
        id_number=OWNER_ID_NUMBER,
        mobile="13800138000",
        building="1",
        unit="1",
        room="1502",
    )
    family = await manager.call(
        "people/add", name="李娜", role="family", building="1", unit="1", room="1502"
    )
    return {"owner": owner["person"]["person_id"], "family": family["person"]["person_id"]}


async def test_people_tree_add_errors_on_their_fields_household_vehicles(
    consoles: dict[str, Console],
) -> None:
    manager = consoles["manager"]
    ids = await _family(manager)
    assert ids == {"owner": "P00001", "family": "P00002"}  # allocated by the registry
    layout = await manager.call("people/layout")
    building_one = next(b for b in layout["buildings"] if b["building"] == "1")
    assert [u["unit"] for u in building_one["units"]] == ["1", "2"]
    assert building_one["units"][0]["rooms"] == [{"room": "1502", "residents": 2}]
    assert len(layout["buildings"]) == 4 and layout["without_address"] == 0

    # The registry's own errors, with the parameter they are about.
    err = await manager.error(
        "people/add",
        name="王",
        role="family",
        building="1",
        unit="1",
        room="1502",
        id_number="340121198001011231",
    )
    assert (err.key, err.placeholders["field"]) == ("invalid_id_number", "id_number")
    err = await manager.error(
        "people/add",
        name="王",
        role="owner",
        building="1",
        unit="1",
        room="1502",
        emergency_contact_mobile="12345",
        inactivity_hours=24,
        mobile="13800138000",
    )
    assert (err.key, err.placeholders["field"]) == ("invalid_mobile", "emergency_contact_mobile")
    err = await manager.error(
        "people/add", name="王", role="owner", building="9", unit="1", room="1"
    )
    assert (err.key, err.placeholders["field"]) == ("unknown_building", "building")
    err = await manager.error(
        "people/add", name="王", role="tenant", building="1", unit="1", room="1502"
    )
    assert (err.key, err.placeholders["field"]) == ("missing_field", "move_in")
    listed = await manager.call("people/list", building="1", unit="1", room="1502")
    assert [p["name"] for p in listed["people"]] == ["张伟", "李娜"]  # nothing half-added

    owner = listed["people"][0]
    assert owner["id_number"] == "340121********1230"
    assert owner["mobile"] == "138****8000"
    vehicle = await manager.call(
        "vehicles/add",
        plate="皖a·12345",
        owner_id=ids["owner"],
        parking_space="B-12",
        monthly_pass_from="2026-01-01",
        monthly_pass_until="2026-12-31",
    )
    assert vehicle["vehicle"]["plate"] == "皖A12345"
    assert vehicle["vehicle"]["monthly_pass"] == {
        "valid_from": "2026-01-01",
        "valid_until": "2026-12-31",
        "active": True,
    }
    err = await manager.error("vehicles/add", plate="XX123", owner_id=ids["owner"])
    assert (err.key, err.placeholders["field"]) == ("invalid_plate", "plate")
    err = await manager.error("vehicles/add", plate="皖A54321", owner_id="P99999")
    assert (err.key, err.placeholders["field"]) == ("unknown_person", "owner_id")
    updated = await manager.call("vehicles/update", plate="皖A12345", parking_space=None)
    assert updated["vehicle"]["parking_space"] is None
    detail = (await manager.call("people/get", person_id=ids["owner"]))["person"]
    assert [p["name"] for p in detail["household"]] == ["李娜"]
    assert [v["plate"] for v in detail["vehicles"]] == ["皖A12345"]
    assert detail["photos"] == [] and detail["faces"] == 0
    found = await consoles["guard"].call("people/list", query="皖A12345")
    assert [p["name"] for p in found["people"]] == ["张伟"]  # guards find hosts
    err = await manager.error("people/remove", person_id=ids["owner"])
    assert err.key == "person_in_use"
    assert (await manager.call("vehicles/remove", plate="皖A12345"))["removed"] is True
    # A masked number the panel echoes back is not a new number.
    same = await manager.call("people/update", person_id=ids["owner"], mobile="138****8000")
    assert same["person"]["mobile"] == "138****8000"
    moved = await manager.call(
        "people/update",
        person_id=ids["family"],
        role="tenant",
        move_in="2026-01-01",
        move_out="2026-11-30",
    )
    assert (moved["person"]["move_in"], moved["person"]["move_out"]) == ("2026-01-01", "2026-11-30")
    assert (await manager.call("people/remove", person_id=ids["family"]))["removed"] is True


async def test_visitor_passes_with_signed_qr_tokens_and_revocation(
    hass: HomeAssistant, community_entry: MockConfigEntry, consoles: dict[str, Console]
) -> None:
    ids = await _family(consoles["manager"])
    guard = consoles["guard"]
    issued = await guard.call(
        "visitors/issue",
        host_id=ids["owner"],
        name="周杰",
        mobile="13912345678",
        valid_from="2026-11-25T09:00",
        valid_until="2026-11-25T18:00",
        gates=["东门"],
        plate="皖A88888",
    )
    visitor = issued["pass"]
    assert visitor["status"] == "active"
    assert visitor["host_address"] == "1栋1单元1502" and visitor["host_name"] == "张伟"
    assert visitor["valid_from"] == "2026-11-25T09:00:00+08:00"
    assert visitor["mobile"] == "139****5678" and visitor["gates"] == ["东门"]
    assert len(visitor["qr"]) <= 200 and visitor["qr"].isascii()
    people = runtime_of(community_entry).people
    assert people.visitor_for_token(visitor["qr"]).id == visitor["person_id"]
    forged = visitor["qr"][:-2] + ("AA" if not visitor["qr"].endswith("AA") else "BB")
    assert people.visitor_for_token(forged) is None
    claims = verify_visitor_token(
        people.qr_secret, "340104001001001", visitor["qr"], now=int(NOW.timestamp())
    )
    assert claims.person_id == visitor["person_id"]

    err = await guard.error(
        "visitors/issue",
        host_id=ids["owner"],
        name="吴磊",
        valid_from="2026-11-25T12:00",
        valid_until="2026-11-25T20:00",
        gates=[],
        plate="皖A88888",
    )
    assert err.key == "overlapping_pass"
    err = await guard.error(
        "visitors/issue",
        host_id=ids["owner"],
        name="吴磊",
        valid_from="2026-11-25T12:00",
        valid_until="2026-11-25T20:00",
        gates=["北门"],
    )
    assert (err.key, err.placeholders["field"]) == ("unknown_gate", "gates")
    err = await guard.error(
        "visitors/issue",
        host_id="P404",
        name="吴磊",
        valid_from="2026-11-25T12:00",
        valid_until="2026-11-25T20:00",
        gates=[],
    )
    assert (err.key, err.placeholders["field"]) == ("unknown_person", "host_id")
    upcoming = await guard.call(
        "visitors/issue",
        host_id=ids["owner"],
        name="吴磊",
        valid_from="2026-11-26T12:00",
        valid_until="2026-11-26T20:00",
        gates=[],
    )
    assert upcoming["pass"]["status"] == "upcoming"
    assert [p["name"] for p in (await guard.call("visitors/list", status="active"))["passes"]] == [
        "周杰"
    ]

    revoked = (await guard.call("visitors/revoke", person_id=visitor["person_id"]))["pass"]
    assert revoked["status"] == "revoked" and revoked["revoked_by"] == "赵保安"
    assert people.visitor_for_token(visitor["qr"]) is None  # the old QR code opens nothing
    err = await guard.error("visitors/revoke", person_id=visitor["person_id"])
    assert err.key == "pass_already_revoked"
    err = await guard.error("visitors/revoke", person_id=ids["owner"])
    assert err.key == "not_a_visitor"
    expired = (await guard.call("visitors/list", status="expired"))["passes"]
    assert [(p["name"], p["status"]) for p in expired] == [("周杰", "revoked")]
    again = (await guard.call("visitors/revoke", person_id=upcoming["pass"]["person_id"]))["pass"]
    assert again["status"] == "revoked"
    assert (await guard.call("visitors/list", status="upcoming"))["passes"] == []


async def test_parking_enter_settle_past_stays_and_collect(
    consoles: dict[str, Console], frozen_clock: FrozenDateTimeFactory
) -> None:
    guard, manager = consoles["guard"], consoles["manager"]
    entered = await guard.call("parking/enter", plate="苏E99887", gate="东门")
    assert entered["car"]["kind"] == "temporary" and entered["car"]["entry_gate"] == "东门"
    err = await guard.error("parking/enter", plate="苏E99887")
    assert (err.key, err.placeholders["field"]) == ("already_inside", "plate")
    err = await guard.error("parking/enter", plate="皖B11111", gate="北门")
    assert (err.key, err.placeholders["field"]) == ("unknown_gate", "gate")
    await guard.call("parking/enter", plate="皖B22222")
    frozen_clock.tick(timedelta(minutes=135))
    status = await manager.call("parking/status")
    inside = {car["plate"]: car for car in status["inside"]}
    assert inside["苏E99887"]["minutes"] == 135
    assert inside["苏E99887"]["fee_due"] != "0.00"
    assert status["free_spaces"] == status["spaces"] - 2
    settled = await guard.call("parking/settle", plate="苏E99887", paid=False, gate="东门")
    assert settled["parked_minutes"] == 135 and settled["paid"] == "0.00"
    assert settled["unpaid"] == settled["fee"] != "0.00"
    await guard.call("parking/settle", plate="皖B22222", paid=True)
    err = await guard.error("parking/settle", plate="苏E99887", paid=True)
    assert (err.key, err.placeholders["field"]) == ("not_inside", "plate")
    err = await guard.error("parking/sessions")
    assert err.code == "unauthorized"  # the Parking view is the managers'
    unpaid = await manager.call("parking/sessions", unpaid_only=True)
    [owing] = unpaid["sessions"]
    assert owing["plate"] == "苏E99887" and owing["settled_by"] == "赵保安"
    assert owing["exit_gate"] == "东门" and owing["kind"] == "temporary"
    page = await manager.call("parking/sessions", limit=1)
    assert len(page["sessions"]) == 1 and page["next_cursor"]
    rest = await manager.call("parking/sessions", limit=1, cursor=page["next_cursor"])
    assert rest["next_cursor"] is None
    assert {page["sessions"][0]["plate"], rest["sessions"][0]["plate"]} == {"苏E99887", "皖B22222"}
    collected = await manager.call("parking/collect", session_id=owing["session_id"])
    assert collected["session"]["unpaid"] == "0.00"
    assert collected["session"]["settled_by"] == "物业经理"
    assert collected["unpaid_total"] == "0.00"
    err = await manager.error("parking/collect", session_id=owing["session_id"])
    assert err.key == "nothing_to_collect"
    err = await manager.error("parking/collect", session_id="S-999")
    assert (err.key, err.placeholders["field"]) == ("unknown_session", "session_id")
    err = await manager.error("parking/sessions", cursor="S-1")
    assert err.key == "invalid_cursor"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


async def test_register_table_check_import_and_exports(
    hass: HomeAssistant,
    hass_client_no_auth: ClientSessionGenerator,
    community_entry: MockConfigEntry,
    consoles: dict[str, Console],
) -> None:
    admin = consoles["admin"]
    table = await admin.call("devices/register")
    assert len(table["rows"]) == 50 and table["file_problems"] == []
    assert [c["key"] for c in table["columns"]][:2] == ["code", "name"]
    assert sum(c["police"] for c in table["columns"]) == 25
    first = table["rows"][0]
    assert first["row"] == 2 and first["cells"]["name"] == first["name"]
    assert first["kind"] == "face_camera" and first["problems"] == []

    # A file with bad cells: every problem on its cell, nothing imported.
    lines = DEMO_REGISTER.read_text(encoding="utf-8-sig").splitlines()
    bad = lines[1].replace("10.34.1.11", "10.34.1.999").replace("117.231560", "117.23")
    new = (
        lines[2]
        .replace("34010449971328001002", "34010449971328001099")
        .replace("东门出口人脸抓拍机", "东门出口人脸抓拍机2")
    )
    data = "\n".join([lines[0], bad, new, *lines[3:]]).encode("utf-8")
    preview = await admin.call("devices/check_file", filename="新登记表.csv", data=_b64(data))
    problems = {(p["row"], p["column"]) for row in preview["rows"] for p in row["problems"]}
    assert {(2, "ipv4"), (2, "longitude")} <= problems
    assert preview["added"] == ["34010449971328001099"]
    assert "34010449971328001002" in preview["absent_from_file"]
    assert len(runtime_of(community_entry).register.rows) == 50
    err = await admin.error(
        "devices/import_file",
        filename="新登记表.csv",
        data=_b64(data),
        accept_good_rows=False,
        replace=False,
    )
    assert (err.key, err.placeholders["field"]) == ("register_has_problems", "data")
    err = await admin.error("devices/check_file", filename="x.csv", data=_b64(b"\x00\xff" * 10))
    assert err.key == "register_unreadable"
    assert err.placeholders["path"] == "x.csv"  # the user's name, never the upload folder
    err = await admin.error("devices/check_file", filename="x.pdf", data=_b64(b"%PDF"))
    assert (err.key, err.placeholders["field"]) == ("register_unreadable", "filename")
    err = await admin.error("devices/check_file", filename="x.csv", data="A" * 3_000_000)
    assert (err.key, err.placeholders["field"]) == ("file_too_large", "data")
    assert not list((runtime_of(community_entry).hub.data_dir / "uploads").glob("*/*"))

    summary = await admin.call(
        "devices/import_file",
        filename="新登记表.csv",
        data=_b64(data),
        accept_good_rows=True,
        replace=False,
    )
    assert summary["applied"] is True and summary["added"] == ["34010449971328001099"]
    assert {(p["row"], p["column"]) for p in summary["problems"]} >= {(2, "ipv4")}
    await hass.async_block_till_done()  # the community reloads with the new register

    police = await admin.call("devices/export", police=True, format="xlsx")
    client = await hass_client_no_auth()
    response = await client.get(police["url"])
    assert response.status == 200
    assert police["filename"].startswith("police-register-")
    path = Path(hass.config.config_dir) / "police.xlsx"
    path.write_bytes(await response.read())
    sheet = load_workbook(path).active
    assert sheet.max_column == 25 and sheet.max_row == police["rows"] + 1

    compliance = await admin.call("devices/compliance")
    assert compliance["tier"] == "high"
    retention = next(i for i in compliance["items"] if i["id"] == "medium_recording_retention")
    assert retention["met"] is False and retention["missing"]
