"""The one error the people registry raises: a translation key plus placeholders."""

from __future__ import annotations

from collections.abc import Mapping


class RegistryError(Exception):
    """Bad input for the registry; ``key`` is the HA translation key.

    Keys: ``invalid_id_number``, ``invalid_mobile``, ``invalid_plate``, ``invalid_plate_color``,
    ``unknown_building``, ``unknown_unit``, ``invalid_room``, ``unknown_person``,
    ``unknown_vehicle``, ``duplicate_person``, ``duplicate_plate``, ``duplicate_card``,
    ``invalid_period``, ``missing_field``, ``invalid_field``, ``person_in_use``,
    ``corrupt_registry``.
    """

    def __init__(self, key: str, **placeholders: str) -> None:
        self.key = key
        self.placeholders: Mapping[str, str] = placeholders
        detail = ", ".join(f"{name}={value}" for name, value in placeholders.items())
        super().__init__(f"{key}: {detail}" if detail else key)
