"""To-do lists of the community: repair requests (报修) and complaints & suggestions (投诉建议).

Items live in HA's ``.storage`` (one Store per list), so they survive restarts and reloads
and go into HA's backups. Automations add items with ``todo.add_item`` (the elderly
inactivity blueprint does); the property office works them off in the to-do panel.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from homeassistant.components.todo import TodoItem, TodoListEntity
from homeassistant.components.todo.const import TodoItemStatus, TodoListEntityFeature
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.storage import Store

from .const import DOMAIN
from .entity import community_device_info
from .hub import CommunityHub
from .runtime import SmartCommunityConfigEntry

PARALLEL_UPDATES = 0
STORAGE_VERSION = 1
TODO_LISTS = ("repair_requests", "complaints")  # 报修, 投诉建议


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SmartCommunityConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Two lists per community."""
    hub = entry.runtime_data.hub
    lists = [CommunityTodoList(hass, hub, key) for key in TODO_LISTS]
    for todo_list in lists:
        await todo_list.async_load()
    async_add_entities(lists)


def _item_to_json(item: TodoItem) -> dict[str, Any]:
    due = item.due
    return {
        "uid": item.uid,
        "summary": item.summary,
        "status": TodoItemStatus(item.status or TodoItemStatus.NEEDS_ACTION).value,
        "description": item.description,
        "due": due.isoformat() if due else None,
        "due_is_datetime": isinstance(due, datetime),
    }


def _item_from_json(data: dict[str, Any]) -> TodoItem:
    due_text = data.get("due")
    due: date | datetime | None = None
    if due_text:
        due = (
            datetime.fromisoformat(due_text)
            if data.get("due_is_datetime")
            else date.fromisoformat(due_text)
        )
    return TodoItem(
        uid=data["uid"],
        summary=data["summary"],
        status=TodoItemStatus(data["status"]),
        description=data.get("description"),
        due=due,
    )


class CommunityTodoList(TodoListEntity):
    """One to-do list of the community, persisted in a Store."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    _attr_supported_features = (
        TodoListEntityFeature.CREATE_TODO_ITEM
        | TodoListEntityFeature.UPDATE_TODO_ITEM
        | TodoListEntityFeature.DELETE_TODO_ITEM
        | TodoListEntityFeature.MOVE_TODO_ITEM
        | TodoListEntityFeature.SET_DUE_DATE_ON_ITEM
        | TodoListEntityFeature.SET_DUE_DATETIME_ON_ITEM
        | TodoListEntityFeature.SET_DESCRIPTION_ON_ITEM
    )

    def __init__(self, hass: HomeAssistant, hub: CommunityHub, key: str) -> None:
        """The list ``key`` of the community."""
        self._attr_translation_key = key
        self._attr_unique_id = f"{hub.community_code}_{key}"
        self._attr_device_info = community_device_info(hub)
        self._attr_todo_items = []
        self._store: Store[dict[str, Any]] = Store(
            hass, STORAGE_VERSION, f"{DOMAIN}.{hub.community_code}.todo_{key}"
        )

    async def async_load(self) -> None:
        """Read the saved items (Store reads in the executor)."""
        data = await self._store.async_load()
        if data:
            self._attr_todo_items = [_item_from_json(item) for item in data.get("items", [])]

    async def _async_save(self) -> None:
        items = self._attr_todo_items or []
        await self._store.async_save({"items": [_item_to_json(item) for item in items]})
        self.async_write_ha_state()

    def _index(self, uid: str | None) -> int:
        for index, item in enumerate(self._attr_todo_items or []):
            if item.uid == uid:
                return index
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_todo_item",
            translation_placeholders={"uid": str(uid)},
        )

    async def async_create_todo_item(self, item: TodoItem) -> None:
        """Add an item (new items need action)."""
        items = list(self._attr_todo_items or [])
        items.append(
            TodoItem(
                uid=uuid.uuid4().hex,
                summary=item.summary,
                status=item.status or TodoItemStatus.NEEDS_ACTION,
                description=item.description,
                due=item.due,
            )
        )
        self._attr_todo_items = items
        await self._async_save()

    async def async_update_todo_item(self, item: TodoItem) -> None:
        """Replace an item (complete, rename, reschedule)."""
        items = list(self._attr_todo_items or [])
        # The todo service hands the status over as a plain string.
        items[self._index(item.uid)] = replace(
            item, status=TodoItemStatus(item.status or TodoItemStatus.NEEDS_ACTION)
        )
        self._attr_todo_items = items
        await self._async_save()

    async def async_delete_todo_items(self, uids: list[str]) -> None:
        """Remove items."""
        for uid in uids:
            self._index(uid)  # unknown uid: nothing is removed
        self._attr_todo_items = [
            item for item in self._attr_todo_items or [] if item.uid not in set(uids)
        ]
        await self._async_save()

    async def async_move_todo_item(self, uid: str, previous_uid: str | None = None) -> None:
        """Re-order: put ``uid`` right after ``previous_uid`` (first when None)."""
        items = list(self._attr_todo_items or [])
        item = items.pop(self._index(uid))
        self._attr_todo_items = items
        position = 0 if previous_uid is None else self._index(previous_uid) + 1
        items.insert(position, item)
        await self._async_save()
