"""Occupancy and parking sessions of one car park (all barriers of the community).

Occupied spaces are the open sessions; each barrier also counts its ins and outs. A plate
that enters while a session is still open is a re-entry: the first session is kept (a
missed exit must not restart the clock) and the entry is flagged.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal

from ..people.plate import compact_plate
from .errors import ParkingError
from .tariff import CENT, Tariff, parking_fee


@dataclass(frozen=True, slots=True, kw_only=True)
class ParkingSession:
    """One stay. ``free``: monthly pass, own space or exempt visitor (no fee)."""

    plate: str
    entered_at: datetime
    entry_barrier: str
    free: bool = False
    paid: Decimal = Decimal(0)
    paid_at: datetime | None = None
    left_at: datetime | None = None
    exit_barrier: str | None = None
    fee: Decimal | None = None  # set at exit

    @property
    def is_open(self) -> bool:
        """Still inside."""
        return self.left_at is None

    @property
    def unpaid(self) -> Decimal:
        """What a closed session still owes (the barrier was opened regardless)."""
        return max(Decimal(0), (self.fee or Decimal(0)) - self.paid)


@dataclass(frozen=True, slots=True)
class EntryResult:
    """The session the car is in, and whether it was already inside."""

    session: ParkingSession
    re_entry: bool


@dataclass(frozen=True, slots=True)
class ExitResult:
    """The closed session, or ``None`` when the plate never entered."""

    session: ParkingSession | None


@dataclass(slots=True)
class BarrierCounts:
    """Ins and outs seen at each barrier."""

    entries: Counter[str] = field(default_factory=Counter)
    exits: Counter[str] = field(default_factory=Counter)


class ParkingLot:
    """Thread-safe state of the car park."""

    def __init__(self, *, spaces: int, tariff: Tariff) -> None:
        if spaces < 0:
            raise ParkingError("invalid_capacity", spaces=str(spaces))
        self.spaces = spaces
        self.tariff = tariff
        self.counts = BarrierCounts()
        self._open: dict[str, ParkingSession] = {}
        self._lock = threading.Lock()

    @property
    def occupied(self) -> int:
        """Cars inside (open sessions)."""
        return len(self._open)

    @property
    def free_spaces(self) -> int:
        """Spaces left, never below zero."""
        return max(0, self.spaces - self.occupied)

    def session(self, plate: str) -> ParkingSession | None:
        """The open session of a plate."""
        return self._open.get(compact_plate(plate))

    def open_sessions(self) -> list[ParkingSession]:
        """Every car inside, oldest first."""
        return sorted(self._open.values(), key=lambda s: s.entered_at)

    def enter(self, plate: str, at: datetime, barrier: str, *, free: bool = False) -> EntryResult:
        """A car passed an entry barrier."""
        _require_aware(at)
        plate = compact_plate(plate)
        with self._lock:
            self.counts.entries[barrier] += 1
            current = self._open.get(plate)
            if current is not None:
                return EntryResult(current, re_entry=True)
            session = ParkingSession(plate=plate, entered_at=at, entry_barrier=barrier, free=free)
            self._open[plate] = session
            return EntryResult(session, re_entry=False)

    def restore(self, session: ParkingSession) -> None:
        """Put back an open session saved before a restart."""
        with self._lock:
            self._open[session.plate] = session

    def fee_due(self, plate: str, at: datetime) -> Decimal:
        """What the car must pay to leave at ``at`` (0 if not inside, free or just paid)."""
        session = self.session(plate)
        return Decimal(0).quantize(CENT) if session is None else self._due(session, at)

    def pay(self, plate: str, at: datetime) -> ParkingSession:
        """Settle the fee due at ``at``; the car then has the grace period to leave."""
        _require_aware(at)
        with self._lock:
            session = self._open.get(compact_plate(plate))
            if session is None:
                raise ParkingError("not_inside", plate=plate)
            due = self._due(session, at)
            session = replace(session, paid=session.paid + due, paid_at=at)
            self._open[session.plate] = session
            return session

    def leave(self, plate: str, at: datetime, barrier: str) -> ExitResult:
        """A car passed an exit barrier; its session closes with the fee of the whole stay."""
        _require_aware(at)
        plate = compact_plate(plate)
        with self._lock:
            self.counts.exits[barrier] += 1
            session = self._open.pop(plate, None)
            if session is None:
                return ExitResult(None)
            fee = self._fee(session, at)
            if session.paid_at is not None and self._within_grace(session.paid_at, at):
                fee = min(fee, session.paid)
            return ExitResult(replace(session, left_at=at, exit_barrier=barrier, fee=fee))

    def _fee(self, session: ParkingSession, at: datetime) -> Decimal:
        if session.free:
            return Decimal(0).quantize(CENT)
        return parking_fee(session.entered_at, max(at, session.entered_at), self.tariff)

    def _due(self, session: ParkingSession, at: datetime) -> Decimal:
        if session.paid_at is not None and self._within_grace(session.paid_at, at):
            return Decimal(0).quantize(CENT)
        return max(Decimal(0), self._fee(session, at) - session.paid).quantize(CENT)

    def _within_grace(self, paid_at: datetime, at: datetime) -> bool:
        return at - paid_at <= timedelta(minutes=self.tariff.exit_grace_minutes)


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None:
        raise ParkingError("naive_time")
