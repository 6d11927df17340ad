"""PII in output: ID numbers, mobiles, names and card numbers are masked unless an admin asks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..people.id_number import mask_id_numbers_in_text
from ..people.masking import mask_fields
from .models import Record


def mask_value(value: Any) -> Any:
    """Mask personal values: by key in mappings (``card_no``, ``mobile`` ...), ID numbers in
    any other string, recursively through lists and dicts."""
    if isinstance(value, str):
        return mask_id_numbers_in_text(value)
    if isinstance(value, Mapping):
        return mask_fields(value)
    if isinstance(value, list | tuple):
        return [mask_value(item) for item in value]
    return value


def mask_record(record: Record) -> Record:
    """The record as non-admins see it (some devices use the ID number as person id)."""
    return replace(
        record,
        person_id=mask_id_numbers_in_text(record.person_id) if record.person_id else None,
        attributes=mask_value(record.attributes),
    )
