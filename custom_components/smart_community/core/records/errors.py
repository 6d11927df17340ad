"""The one error the records store raises: a translation key plus placeholders."""

from __future__ import annotations

from collections.abc import Mapping


class RecordsError(Exception):
    """Bad records input. Keys: ``retention_too_short``, ``invalid_store_url``,
    ``invalid_cursor``, ``invalid_query``, ``naive_time``, ``unknown_export_format``,
    ``cannot_open`` (SQLite file), ``cannot_connect`` (PostgreSQL server)."""

    def __init__(self, key: str, **placeholders: str) -> None:
        self.key = key
        self.placeholders: Mapping[str, str] = placeholders
        detail = ", ".join(f"{name}={value}" for name, value in placeholders.items())
        super().__init__(f"{key}: {detail}" if detail else key)
