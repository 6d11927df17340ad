"""The one error parking raises: a translation key plus placeholders."""

from __future__ import annotations

from collections.abc import Mapping


class ParkingError(Exception):
    """Bad parking input; keys: ``invalid_tariff``, ``invalid_period``, ``invalid_capacity``,
    ``naive_time``, ``not_inside``, ``corrupt_state``."""

    def __init__(self, key: str, **placeholders: str) -> None:
        self.key = key
        self.placeholders: Mapping[str, str] = placeholders
        detail = ", ".join(f"{name}={value}" for name, value in placeholders.items())
        super().__init__(f"{key}: {detail}" if detail else key)
