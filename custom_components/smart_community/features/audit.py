"""Who looked at whom: an append-only trail of searches, exports, unmasking and credentials.

The records and the credentials are personal or secret; each action that reads them is
written as one JSON line (time, user, action, what was asked) to
``<community folder>/audit.jsonl``, so a manager — or the police — can see later who searched
a person's movements, exported the records unmasked or read a device's password.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

AUDIT_FILE = "audit.jsonl"
MAX_VALUE = 200  # characters kept of one detail


def _short(value: Any) -> Any:
    if isinstance(value, str):
        return value[:MAX_VALUE]
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value)[:MAX_VALUE]


class AuditLog:
    """One community's trail (written in the executor, one line per entry)."""

    def __init__(self, hass: HomeAssistant, folder: Path) -> None:
        """The trail lives beside the register."""
        self.hass = hass
        self.path = folder / AUDIT_FILE
        self._lock = threading.Lock()
        self.written = 0

    def _append(self, line: str) -> None:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as file:
                file.write(line + "\n")
            self.written += 1

    async def async_record(
        self, user_id: str | None, action: str, details: Mapping[str, Any]
    ) -> None:
        """Write one entry: who (``None``: an automation), what, with which parameters."""
        user = await self.hass.auth.async_get_user(user_id) if user_id else None
        entry = {
            "time": dt_util.utcnow().isoformat(),
            "user_id": user_id,
            "user": user.name if user else ("automation" if user_id is None else "unknown"),
            "action": action,
            "details": {str(key): _short(value) for key, value in details.items()},
        }
        await self.hass.async_add_executor_job(
            self._append, json.dumps(entry, ensure_ascii=False, sort_keys=True)
        )

    def read(self, limit: int = 100) -> list[dict[str, Any]]:
        """The latest entries, newest first (blocking)."""
        if not self.path.exists():
            return []
        with self._lock:
            lines = self.path.read_text(encoding="utf-8").splitlines()[-limit:]
        return [json.loads(line) for line in reversed(lines)]
