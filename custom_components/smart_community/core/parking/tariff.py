"""Visitor parking fees in CNY.

- A stay up to ``free_minutes`` costs nothing; a longer one is billed from entry.
- Every started hour costs ``hourly_rate``, or the night rate when the hour starts inside
  the night window (local time, e.g. 22:00–07:00 across midnight).
- Each 24-hour period counted from entry is capped at ``daily_cap``.
- A fee paid at the pay station covers ``exit_grace_minutes`` more to drive out.

>>> from datetime import datetime, timezone, timedelta
>>> t = Tariff(hourly_rate=Decimal("3"), timezone=timezone(timedelta(hours=8)))
>>> start = datetime(2026, 1, 1, 9, 0, tzinfo=t.timezone)
>>> parking_fee(start, start + timedelta(minutes=90), t)
Decimal('6.00')
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal

from ..access.time_window import TimeWindow
from .errors import ParkingError

CENT = Decimal("0.01")
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class NightRate:
    """A cheaper (or dearer) hourly rate inside a local clock window."""

    window: TimeWindow
    hourly_rate: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class Tariff:
    """The community's temporary-parking price list."""

    timezone: tzinfo
    hourly_rate: Decimal
    free_minutes: int = 30
    daily_cap: Decimal | None = None
    night: NightRate | None = None
    exit_grace_minutes: int = 15

    def __post_init__(self) -> None:
        rates = [self.hourly_rate] + ([self.night.hourly_rate] if self.night else [])
        if any(rate < 0 for rate in rates) or self.free_minutes < 0:
            raise ParkingError("invalid_tariff", field="rate")
        if self.daily_cap is not None and self.daily_cap <= 0:
            raise ParkingError("invalid_tariff", field="daily_cap")
        if self.exit_grace_minutes < 0:
            raise ParkingError("invalid_tariff", field="exit_grace_minutes")


def parking_fee(entry: datetime, leave: datetime, tariff: Tariff) -> Decimal:
    """The fee for a stay from ``entry`` to ``leave`` (aware datetimes)."""
    if entry.tzinfo is None or leave.tzinfo is None:
        raise ParkingError("naive_time")
    if leave < entry:
        raise ParkingError("invalid_period", entry=entry.isoformat(), leave=leave.isoformat())
    stay = leave - entry
    if stay <= timedelta(minutes=tariff.free_minutes):
        return Decimal(0).quantize(CENT)
    started_hours = -(-stay // HOUR)  # ceiling division of timedeltas
    total = Decimal(0)
    for day_start in range(0, started_hours, 24):
        day_total = sum(
            (
                _hour_rate(entry + hour * HOUR, tariff)
                for hour in range(day_start, min(day_start + 24, started_hours))
            ),
            Decimal(0),
        )
        if tariff.daily_cap is not None:
            day_total = min(day_total, tariff.daily_cap)
        total += day_total
    return total.quantize(CENT)


def _hour_rate(hour_start: datetime, tariff: Tariff) -> Decimal:
    night = tariff.night
    if night is not None:
        clock = hour_start.astimezone(tariff.timezone).time().replace(tzinfo=None)
        if night.window.contains(clock):
            return night.hourly_rate
    return tariff.hourly_rate
