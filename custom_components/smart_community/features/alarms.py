"""Alarms and alerts a person has seen to: who acknowledged which record, and when.

Records are evidence and never change; an acknowledgement is kept beside them, in the
community's storage, for the console's open-alarm list. Acknowledging also fires
``smart_community_acknowledged`` like the Acknowledge button of a staff notification, so the
alarm blueprints that wait for it stop escalating.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.core import Context, HomeAssistant, callback
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from ..const import signal_records_update
from ..core.records import Record, RecordKind
from .persisted import PersistedFeature, community_store
from .staff_alerts import EVENT_ACKNOWLEDGED

ALARM_KINDS = (RecordKind.ALARM, RecordKind.ALERT)
MAX_KEPT = 5000  # acknowledgements kept (the oldest go first; their records age out anyway)

type AcknowledgedListener = Callable[[int, dict[str, str]], None]


class AlarmsFeature(PersistedFeature):
    """Acknowledgements of one community's alarm and alert records."""

    def __init__(self, hass: HomeAssistant, entry_id: str, store: Store[dict[str, Any]]) -> None:
        """Built by :meth:`async_load`."""
        super().__init__(hass, store, signal_records_update(entry_id))
        self.entry_id = entry_id
        self.acknowledged: dict[int, dict[str, str]] = {}
        self._listeners: list[AcknowledgedListener] = []

    @classmethod
    async def async_load(
        cls, hass: HomeAssistant, entry_id: str, community_code: str
    ) -> AlarmsFeature:
        """The acknowledgements of the last run."""
        store = community_store(hass, community_code, "acknowledged")
        feature = cls(hass, entry_id, store)
        saved = await store.async_load() or {}
        feature.acknowledged = {
            int(record_id): {str(k): str(v) for k, v in entry.items()}
            for record_id, entry in saved.get("acknowledged", {}).items()
        }
        return feature

    def state_json(self) -> dict[str, Any]:
        """Who acknowledged what."""
        return {"acknowledged": {str(k): v for k, v in self.acknowledged.items()}}

    def of(self, record_id: int) -> dict[str, str] | None:
        """``{"by", "user_id", "at"}`` of an acknowledged record."""
        return self.acknowledged.get(record_id)

    @callback
    def async_add_listener(self, listener: AcknowledgedListener) -> Callable[[], None]:
        """Call ``listener(record_id, acknowledgement)`` after each acknowledgement."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def async_acknowledge(
        self, record: Record, *, user_id: str, user_name: str, context: Context
    ) -> dict[str, str]:
        """``user_name`` has seen to an alarm or alert (again: the first answer stays)."""
        if (existing := self.acknowledged.get(record.id)) is not None:
            return existing
        entry = {"by": user_name, "user_id": user_id, "at": dt_util.now().isoformat()}
        self.acknowledged[record.id] = entry
        while len(self.acknowledged) > MAX_KEPT:
            del self.acknowledged[min(self.acknowledged)]
        self.changed()
        self.hass.bus.async_fire(
            EVENT_ACKNOWLEDGED,
            {
                "id": str(record.id),
                "record_id": record.id,
                "device_code": record.device,
                "config_entry_id": self.entry_id,
                "user_id": user_id,
                "user_name": user_name,
            },
            context=context,
        )
        for listener in list(self._listeners):
            listener(record.id, entry)
        return entry
