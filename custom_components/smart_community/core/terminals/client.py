"""What every vendor client does for the sync engine, and the shapes they share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from typing import Protocol

from ..events import DeviceEvent
from ..protocols.timeparse import LOCAL_ZONE
from .errors import DeviceRefused
from .http import DigestHttp
from .models import Operation, UserKind, ValidityWindow

# Terminals have no "open end": an unlimited window is written as this span, switched off.
FAR_PAST = datetime(2000, 1, 1)
FAR_FUTURE = datetime(2037, 12, 31, 23, 59, 59)
ONE_SECOND = timedelta(seconds=1)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceUser:
    """A user as the terminal lists it (for a full resync)."""

    user_id: str
    name: str = ""
    kind: UserKind = UserKind.NORMAL
    window: ValidityWindow | None = None  # None: the terminal did not say
    cards: frozenset[str] = field(default_factory=frozenset)
    has_face: bool = False


class TerminalClient(Protocol):
    """One terminal. Every method raises :class:`~.errors.DeviceRefused` (permanent) or
    :class:`~.errors.DeviceUnavailable` (try later); ``face`` is the prepared JPEG of
    ``SET_FACE`` operations."""

    async def apply(self, op: Operation, face: bytes | None = None) -> None: ...

    async def list_users(self) -> list[DeviceUser]: ...

    async def probe(self) -> None: ...

    async def open_door(self, door: int = 1) -> None: ...


type EventSink = Callable[[DeviceEvent], Awaitable[None] | None]


def wall_clock(moment: datetime, zone: tzinfo) -> datetime:
    """The terminal's wall-clock time for an aware moment (terminals keep local time)."""
    return moment.astimezone(zone).replace(tzinfo=None)


def window_span(window: ValidityWindow, zone: tzinfo) -> tuple[bool, datetime, datetime]:
    """``(enabled, first second, last second)`` in terminal wall-clock time; terminals
    treat the end as inclusive, so the last second is one before our exclusive end."""
    if window.unlimited:
        return False, FAR_PAST, FAR_FUTURE
    begin = wall_clock(window.begin, zone) if window.begin else FAR_PAST
    end = wall_clock(window.end, zone) - ONE_SECOND if window.end else FAR_FUTURE
    return True, begin, end


def window_from_span(
    enabled: bool, begin: datetime | None, end: datetime | None, zone: tzinfo
) -> ValidityWindow:
    """Inverse of :func:`window_span` for what a terminal lists."""
    if not enabled:
        return ValidityWindow()
    start = begin.replace(tzinfo=zone) if begin and begin > FAR_PAST else None
    stop = end.replace(tzinfo=zone) + ONE_SECOND if end and end < FAR_FUTURE else None
    if start is not None and stop is not None and stop <= start:
        return ValidityWindow(start, start + ONE_SECOND)
    return ValidityWindow(start, stop)


class HttpTerminal:
    """What the HTTP vendors' clients share: the digest connection, the terminal's clock zone
    (it keeps local wall-clock times) and its doors."""

    def __init__(self, http: DigestHttp, *, zone: tzinfo = LOCAL_ZONE, doors: int = 1) -> None:
        self.http = http
        self.zone = zone
        self.doors = max(1, doors)

    def check_door(self, door: int) -> None:
        """Refuse a door the terminal does not have (before asking it)."""
        if not 1 <= door <= self.doors:
            raise DeviceRefused(f"door {door} is not one of 1..{self.doors}", code="badDoor")
