"""Keyset paging cursor: the (time, id) of the last record of a page, as an opaque string.

A cursor comes back from a caller, so it is untrusted: only what :func:`encode_cursor` can
produce is accepted (ASCII digits, a time that is a datetime, an id that is an SQL integer);
anything else is ``invalid_cursor``, never an ``OverflowError`` from the database driver.
"""

from __future__ import annotations

import re

from .errors import RecordsError
from .timestamps import EPOCH, to_us

_CURSOR = re.compile(r"(-?\d{1,19})\.(\d{1,19})", re.ASCII)
_SHOWN = 40  # characters of a bad cursor quoted in the error
MIN_TIME_US = to_us(EPOCH.replace(year=1, month=1, day=2))
MAX_TIME_US = to_us(EPOCH.replace(year=9999, month=12, day=30))
MAX_RECORD_ID = 2**63 - 1  # SQLite and PostgreSQL BIGINT


def encode_cursor(time_us: int, record_id: int) -> str:
    """``"<epoch µs>.<id>"``."""
    return f"{time_us}.{record_id}"


def decode_cursor(cursor: str) -> tuple[int, int]:
    """Inverse of ``encode_cursor``; anything else is ``invalid_cursor``."""
    match = _CURSOR.fullmatch(cursor) if isinstance(cursor, str) else None
    if match is None:
        raise RecordsError("invalid_cursor", cursor=str(cursor)[:_SHOWN])
    time_us, record_id = int(match.group(1)), int(match.group(2))
    if not MIN_TIME_US <= time_us <= MAX_TIME_US or record_id > MAX_RECORD_ID:
        raise RecordsError("invalid_cursor", cursor=cursor[:_SHOWN])
    return time_us, record_id
