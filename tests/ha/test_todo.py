"""The community's to-do lists: repair requests (报修) and complaints & suggestions (投诉建议)."""

from __future__ import annotations

from typing import Any

import pytest
from homeassistant.components.todo import DOMAIN as TODO_DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.const import DOMAIN

from .test_people import COMMUNITY_CODE


@pytest.fixture
async def todo_entry(hass: HomeAssistant, community_entry: MockConfigEntry) -> MockConfigEntry:
    """The demo community with its to-do platform."""
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    return community_entry


def todo_list(hass: HomeAssistant, key: str) -> str:
    """Entity id of one of the community's lists."""
    entity_id = er.async_get(hass).async_get_entity_id(
        TODO_DOMAIN, DOMAIN, f"{COMMUNITY_CODE}_{key}"
    )
    assert entity_id is not None, key
    return entity_id


async def items(hass: HomeAssistant, entity_id: str) -> list[dict[str, Any]]:
    """The items of a list, as todo.get_items answers."""
    response = await hass.services.async_call(
        TODO_DOMAIN,
        "get_items",
        {},
        target={"entity_id": entity_id},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return list(response[entity_id]["items"])  # type: ignore[index, call-overload]


async def test_two_lists_per_community(hass: HomeAssistant, todo_entry: MockConfigEntry) -> None:
    repairs = todo_list(hass, "repair_requests")
    complaints = todo_list(hass, "complaints")
    assert hass.states.get(repairs).attributes["friendly_name"] == "华府骏苑 Repair requests"
    assert hass.states.get(complaints).state == "0"


async def test_items_are_added_completed_and_persist_across_reload(
    hass: HomeAssistant, todo_entry: MockConfigEntry
) -> None:
    repairs = todo_list(hass, "repair_requests")
    complaints = todo_list(hass, "complaints")
    for summary in ("3栋2单元1502 水管漏水", "东门闸机异响"):
        await hass.services.async_call(
            TODO_DOMAIN,
            "add_item",
            {"item": summary, "description": "业主报修", "due_date": "2026-12-01"},
            target={"entity_id": repairs},
            blocking=True,
        )
    await hass.services.async_call(
        TODO_DOMAIN,
        "add_item",
        {"item": "晚上广场舞音量过大"},
        target={"entity_id": complaints},
        blocking=True,
    )
    await hass.services.async_call(
        TODO_DOMAIN,
        "update_item",
        {"item": "东门闸机异响", "status": "completed"},
        target={"entity_id": repairs},
        blocking=True,
    )
    assert hass.states.get(repairs).state == "1"  # items needing action

    await hass.config_entries.async_reload(todo_entry.entry_id)
    await hass.async_block_till_done()

    saved = await items(hass, repairs)
    assert [(item["summary"], item["status"]) for item in saved] == [
        ("3栋2单元1502 水管漏水", "needs_action"),
        ("东门闸机异响", "completed"),
    ]
    assert saved[0]["due"] == "2026-12-01"
    assert saved[0]["description"] == "业主报修"
    assert [item["summary"] for item in await items(hass, complaints)] == ["晚上广场舞音量过大"]

    await hass.services.async_call(
        TODO_DOMAIN,
        "remove_completed_items",
        {},
        target={"entity_id": repairs},
        blocking=True,
    )
    assert [item["summary"] for item in await items(hass, repairs)] == ["3栋2单元1502 水管漏水"]


async def test_move_and_unknown_items(hass: HomeAssistant, todo_entry: MockConfigEntry) -> None:
    repairs = todo_list(hass, "repair_requests")
    for summary in ("A", "B", "C"):
        await hass.services.async_call(
            TODO_DOMAIN, "add_item", {"item": summary}, target={"entity_id": repairs}, blocking=True
        )
    entity = hass.data["entity_components"][TODO_DOMAIN].get_entity(repairs)
    uids = [item.uid for item in entity.todo_items]
    await entity.async_move_todo_item(uids[2], None)
    await entity.async_move_todo_item(uids[0], uids[1])
    assert [item.summary for item in entity.todo_items] == ["C", "B", "A"]
    with pytest.raises(ServiceValidationError) as err:
        await entity.async_delete_todo_items(["missing"])
    assert err.value.translation_key == "unknown_todo_item"
    assert len(entity.todo_items) == 3
