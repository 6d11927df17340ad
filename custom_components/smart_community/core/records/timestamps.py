"""UTC epoch microseconds: how SQLite stores times and how paging cursors carry them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_us(moment: datetime) -> int:
    """Epoch microseconds of an aware datetime (exact, no float)."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(time_us: int) -> datetime:
    """Inverse of ``to_us``, in UTC."""
    return EPOCH + timedelta(microseconds=time_us)
