"""Keyset paging cursor: the (time, id) of the last record of a page, as an opaque string."""

from __future__ import annotations

from .errors import RecordsError


def encode_cursor(time_us: int, record_id: int) -> str:
    """``"<epoch µs>.<id>"``."""
    return f"{time_us}.{record_id}"


def decode_cursor(cursor: str) -> tuple[int, int]:
    """Inverse of ``encode_cursor``; anything else is ``invalid_cursor``."""
    time_text, _, id_text = cursor.partition(".")
    try:
        return int(time_text), int(id_text)
    except ValueError as err:
        raise RecordsError("invalid_cursor", cursor=cursor) from err
