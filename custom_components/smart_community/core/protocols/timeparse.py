"""Device time stamps into aware datetimes.

Devices send epoch seconds or milliseconds (numbers or digit strings), GA/T 1400's compact
``YYYYMMDDhhmmss`` (optionally with milliseconds), or ISO 8601 with or without separators
and zone. A time without zone is local time of the community: Asia/Shanghai.

>>> parse_time("20240130143400").isoformat()
'2024-01-30T14:34:00+08:00'
>>> parse_time(1706596440000).isoformat()
'2024-01-30T14:34:00+08:00'
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import DecodeError

try:
    LOCAL_ZONE: timezone | ZoneInfo = ZoneInfo("Asia/Shanghai")
except ZoneInfoNotFoundError:  # pragma: no cover - system without tzdata
    LOCAL_ZONE = timezone(timedelta(hours=8), "CST")

# ASCII digits only: str.isdigit() and \d also match "²" or "١", which int() and float() refuse.
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{3})?$", re.ASCII)
_EPOCH_FRACTION = re.compile(r"^\d+\.\d+$", re.ASCII)
_DIGITS = re.compile(r"^\d+$", re.ASCII)
_YEAR_RANGE = range(1990, 2100)
# Any time a device may send: from an unset clock (epoch 0) to the end of the century.
# Outside it a time is garbage, and far outside it breaks datetime arithmetic downstream.
VALID_YEARS = range(1970, 2100)
MAX_TIME_TEXT = 64


def _in_range(moment: datetime, text: object, field: str) -> datetime:
    if moment.year not in VALID_YEARS:
        raise DecodeError(
            f"time {text!r} is outside {VALID_YEARS.start}..{VALID_YEARS.stop - 1}", field=field
        )
    return moment


def _from_epoch(value: float, field: str) -> datetime:
    seconds = value / 1000 if abs(value) >= 1e11 else value
    try:
        moment = datetime.fromtimestamp(seconds, tz=UTC).astimezone(LOCAL_ZONE)
    except (OverflowError, OSError, ValueError) as err:
        raise DecodeError(f"epoch time {value!r} out of range", field=field) from err
    return _in_range(moment, value, field)


def _from_compact(text: str) -> datetime | None:
    match = _COMPACT.match(text)
    if not match:
        return None
    year, month, day, hour, minute, second, millis = match.groups()
    if int(year) not in _YEAR_RANGE:
        return None
    try:
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int(millis or 0) * 1000,
            tzinfo=LOCAL_ZONE,
        )
    except ValueError:
        return None


def parse_time(value: object, *, field: str = "time") -> datetime:
    """Return ``value`` as an aware datetime in 1970..2099, or raise :class:`DecodeError`."""
    if isinstance(value, bool) or value is None:
        raise DecodeError(f"expected a time, got {value!r}", field=field)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=LOCAL_ZONE)
    if isinstance(value, int | float):
        if isinstance(value, int) and abs(value) >= 10**17:  # beyond YYYYMMDDhhmmssfff
            raise DecodeError(f"time {value!r} out of range", field=field)
        compact = _from_compact(str(value)) if isinstance(value, int) else None
        return compact or _from_epoch(float(value), field)
    if not isinstance(value, str):
        raise DecodeError(f"expected a time, got {type(value).__name__}", field=field)
    text = value.strip()
    if not text:
        raise DecodeError("empty time", field=field)
    if len(text) > MAX_TIME_TEXT:
        raise DecodeError(f"time of {len(text)} characters is not a time", field=field)
    if _EPOCH_FRACTION.match(text):
        head, _, fraction = text.partition(".")
        if len(head) == 14:  # YYYYMMDDhhmmss.fff
            compact = _from_compact(head + fraction[:3].ljust(3, "0"))
            if compact:
                return compact
        elif len(head) in (10, 13):
            return _from_epoch(float(text), field)
        raise DecodeError(f"unrecognised time {text!r}", field=field)
    if _DIGITS.match(text):
        compact = _from_compact(text)
        if compact:
            return compact
        if len(text) in (10, 13):
            return _from_epoch(float(text), field)
        raise DecodeError(f"unrecognised time {text!r}", field=field)
    normalised = text.replace("/", "-")
    if normalised.endswith(("Z", "z")):
        normalised = normalised[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(normalised)
    except ValueError as err:
        raise DecodeError(f"unrecognised time {text!r}", field=field) from err
    parsed = _in_range(parsed, text, field)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_ZONE)


def now_local() -> datetime:
    """The current time in the community's zone (used when a message carries no time)."""
    return datetime.now(LOCAL_ZONE)
