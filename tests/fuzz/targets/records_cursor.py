"""Paging cursors handed back by callers of the records search."""

from __future__ import annotations

from custom_components.smart_community.core.records.cursor import decode_cursor, encode_cursor
from custom_components.smart_community.core.records.errors import RecordsError
from custom_components.smart_community.core.records.timestamps import from_us


def seeds() -> list[bytes]:
    """Cursors the store writes."""
    return [encode_cursor(1_700_000_000_000_000, 42).encode(), b"0.1", b"-1.0"]


def one_input(data: bytes) -> None:
    try:
        time_us, record_id = decode_cursor(data.decode("utf-8", errors="replace"))
    except RecordsError:
        return
    from_us(time_us)  # what the store does with it next
    assert 0 <= record_id < 2**63
