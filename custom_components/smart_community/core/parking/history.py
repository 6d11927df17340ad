"""Closed parking sessions: who stayed, how long, what it cost, what is still owed.

The lot keeps only the cars inside; a car that left becomes a row here (SQLite, the
community's ``parking.db``, next to the records), so a manager can page through past stays,
see the fees left owing and collect one later. Money is kept as integer cents; times as UTC
epoch microseconds. Thread-safe (one connection, a lock); Home Assistant calls it from its
executor.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from .errors import ParkingError
from .lot import ParkingSession
from .tariff import CENT

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    plate TEXT NOT NULL,
    kind TEXT NOT NULL,
    entered_at INTEGER NOT NULL,
    left_at INTEGER NOT NULL,
    entry_barrier TEXT NOT NULL,
    exit_barrier TEXT NOT NULL,
    fee_cents INTEGER NOT NULL,
    paid_cents INTEGER NOT NULL,
    settled_by TEXT
);
CREATE INDEX IF NOT EXISTS sessions_left ON sessions (left_at);
CREATE INDEX IF NOT EXISTS sessions_plate ON sessions (plate, left_at);
CREATE INDEX IF NOT EXISTS sessions_unpaid ON sessions (left_at) WHERE paid_cents < fee_cents;
"""
SESSION_ID = re.compile(r"S-(\d{1,18})", re.ASCII)
_CURSOR = re.compile(r"(\d{1,19})\.(\d{1,18})", re.ASCII)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _us(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ParkingError("naive_time")
    delta = moment.astimezone(UTC) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _time(us: int) -> datetime:
    return datetime.fromtimestamp(us / 1_000_000, UTC)


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _money(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClosedSession:
    """A stay that ended."""

    session_id: str
    plate: str
    kind: str  # monthly_pass / own_space / visitor / temporary
    entered_at: datetime
    left_at: datetime
    entry_barrier: str
    exit_barrier: str
    fee: Decimal
    paid: Decimal
    settled_by: str | None

    @property
    def unpaid(self) -> Decimal:
        """What is still owed."""
        return max(Decimal(0), self.fee - self.paid).quantize(CENT)


@dataclass(frozen=True, slots=True)
class SessionPage:
    """One page of past stays, newest first; ``next_cursor`` None on the last page."""

    sessions: tuple[ClosedSession, ...]
    next_cursor: str | None


class SessionHistory:
    """The closed sessions of one car park."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.executescript(SCHEMA)

    def add(self, session: ParkingSession, *, kind: str, settled_by: str | None) -> ClosedSession:
        """Keep a session that just closed."""
        if session.left_at is None or session.fee is None:
            raise ParkingError("session_open", plate=session.plate)
        with self._lock:
            cursor = self._connection.execute(
                "INSERT INTO sessions (plate, kind, entered_at, left_at, entry_barrier, "
                "exit_barrier, fee_cents, paid_cents, settled_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session.plate,
                    kind,
                    _us(session.entered_at),
                    _us(session.left_at),
                    session.entry_barrier,
                    session.exit_barrier or "",
                    _cents(session.fee),
                    _cents(min(session.paid, session.fee)),
                    settled_by,
                ),
            )
            session_id = int(cursor.lastrowid or 0)
        closed = self.get(f"S-{session_id}")
        assert closed is not None
        return closed

    def get(self, session_id: str) -> ClosedSession | None:
        """One stay by id (``S-123``); None for an id this history never issued."""
        match = SESSION_ID.fullmatch(session_id) if isinstance(session_id, str) else None
        if match is None:
            return None
        with self._lock:
            row = self._connection.execute(
                f"SELECT {_COLUMNS} FROM sessions WHERE id = ?", (int(match.group(1)),)
            ).fetchone()
        return None if row is None else _session(row)

    def collect(self, session_id: str, settled_by: str | None) -> tuple[ClosedSession, Decimal]:
        """The fee left owing is paid now; the session and how much was collected."""
        current = self.get(session_id)
        if current is None:
            raise ParkingError("unknown_session", session_id=str(session_id)[:40])
        owed = current.unpaid
        if owed <= 0:
            raise ParkingError("nothing_to_collect", session_id=session_id)
        with self._lock:
            self._connection.execute(
                "UPDATE sessions SET paid_cents = fee_cents, settled_by = ? WHERE id = ?",
                (settled_by, int(session_id[2:])),
            )
        collected = self.get(session_id)
        assert collected is not None
        return collected, owed

    def search(
        self,
        *,
        plate: str | None = None,
        unpaid_only: bool = False,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> SessionPage:
        """Stays that ended in ``[start, end)``, newest first."""
        where: list[str] = []
        params: list[object] = []
        if plate:
            where.append("plate = ?")
            params.append(plate)
        if unpaid_only:
            where.append("paid_cents < fee_cents")
        if start is not None:
            where.append("left_at >= ?")
            params.append(_us(start))
        if end is not None:
            where.append("left_at < ?")
            params.append(_us(end))
        if cursor is not None:
            match = _CURSOR.fullmatch(cursor) if isinstance(cursor, str) else None
            if match is None:
                raise ParkingError("invalid_cursor", cursor=str(cursor)[:40])
            left_us, last_id = int(match.group(1)), int(match.group(2))
            where.append("(left_at < ? OR (left_at = ? AND id < ?))")
            params += [left_us, left_us, last_id]
        sql = (
            f"SELECT {_COLUMNS} FROM sessions"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY left_at DESC, id DESC LIMIT ?"
        )
        with self._lock:
            rows = self._connection.execute(sql, [*params, limit + 1]).fetchall()
        sessions = tuple(_session(row) for row in rows[:limit])
        next_cursor = None
        if len(rows) > limit:
            last = rows[limit - 1]
            next_cursor = f"{last[4]}.{last[0]}"
        return SessionPage(sessions, next_cursor)

    def unpaid_total(self) -> Decimal:
        """Every fee still owed."""
        with self._lock:
            row = self._connection.execute(
                "SELECT COALESCE(SUM(fee_cents - paid_cents), 0) FROM sessions "
                "WHERE paid_cents < fee_cents"
            ).fetchone()
        return _money(int(row[0]))

    def close(self) -> None:
        """Release the file."""
        with self._lock:
            self._connection.close()


_COLUMNS = (
    "id, plate, kind, entered_at, left_at, entry_barrier, exit_barrier, fee_cents, paid_cents, "
    "settled_by"
)


def _session(row: tuple[object, ...]) -> ClosedSession:
    rid, plate, kind, entered, left, entry, exit_, fee, paid, settled_by = row
    return ClosedSession(
        session_id=f"S-{rid}",
        plate=str(plate),
        kind=str(kind),
        entered_at=_time(int(str(entered))),
        left_at=_time(int(str(left))),
        entry_barrier=str(entry),
        exit_barrier=str(exit_),
        fee=_money(int(str(fee))),
        paid=_money(int(str(paid))),
        settled_by=None if settled_by is None else str(settled_by),
    )
