"""The persistent outbox: SQLite tables that survive restarts and outages of days.

Delivery rules
--------------
* **At least once.** An item leaves the ``pending`` state only when the view library
  acknowledged it (or answered that it already has it). Its object JSON, and so its IDs,
  were fixed when it was added, so a resend is recognised upstream as a duplicate.
* **Ordered per lane.** A lane is one device towards one destination. Only the oldest
  pending item of a lane (its *head*) may be sent, and a batch holds at most one item per
  lane, so a later capture of a device never reaches the view library before an earlier
  one was acknowledged.
* **Bounded.** ``max_rows`` / ``max_bytes`` cap what is pending. A full outbox refuses
  new items with :class:`OutboxFull` and raises the ``full_alarm`` flag (cleared once the
  backlog falls under 80 % of both limits): nothing is ever dropped silently.
* **Visible dead letters.** An object the view library rejects for good (invalid
  content) is kept as ``rejected`` with the reason instead of blocking its lane forever.

Delivered rows keep a small tombstone (no payload) for the daily statistics and for
idempotent re-adds; :meth:`OutboxStore.purge` removes them after ``keep_days``.

The tables are prefixed ``docking_`` so they can live in the integration's records
database file. The store is synchronous; :class:`~.service.DockingService` runs it on
one worker thread.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PENDING, SENT, REJECTED, CANCELLED = 0, 1, 2, 3
_LOW_WATERMARK = 0.8

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docking_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    record_key TEXT NOT NULL,
    route TEXT NOT NULL,
    lane TEXT NOT NULL,
    object_id TEXT NOT NULL,
    payload BLOB,
    size INTEGER NOT NULL,
    state INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    next_at REAL NOT NULL,
    done_at REAL,
    last_error TEXT,
    UNIQUE (route, record_key)
);
CREATE INDEX IF NOT EXISTS docking_outbox_lane ON docking_outbox (state, lane, seq);
CREATE INDEX IF NOT EXISTS docking_outbox_seq ON docking_outbox (state, seq);
CREATE INDEX IF NOT EXISTS docking_outbox_done ON docking_outbox (state, done_at, route);
CREATE TABLE IF NOT EXISTS docking_serials (
    device_id TEXT NOT NULL,
    second TEXT NOT NULL,
    next INTEGER NOT NULL,
    PRIMARY KEY (device_id, second)
);
CREATE TABLE IF NOT EXISTS docking_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# The head of every lane. A plain GROUP BY scans every pending row (tens of ms after an
# outage of days); this skip-scan walks the (state, lane, seq) index once per lane.
_HEADS = """
WITH RECURSIVE lanes(lane) AS (
    SELECT MIN(lane) FROM docking_outbox WHERE state = 0
    UNION ALL
    SELECT (SELECT MIN(lane) FROM docking_outbox WHERE state = 0 AND lane > lanes.lane)
    FROM lanes WHERE lanes.lane IS NOT NULL
)
SELECT o.seq, o.lane, o.route, o.next_at, o.size, o.attempts
FROM lanes JOIN docking_outbox o ON o.seq = (
    SELECT MIN(seq) FROM docking_outbox WHERE state = 0 AND lane = lanes.lane
)
ORDER BY o.seq
"""


class OutboxFull(Exception):
    """The outbox reached its row or byte limit; the item was not stored."""


class SerialsExhausted(Exception):
    """A device produced more than 99 999 pictures in one second (not a real camera)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """Where one copy of an object goes: ``route`` (batching key) and ``lane`` (order key)."""

    route: str
    lane: str


@dataclass(frozen=True, slots=True)
class Head:
    """The oldest pending item of a lane, without its payload."""

    seq: int
    lane: str
    route: str
    next_at: float
    size: int
    attempts: int


@dataclass(frozen=True, slots=True)
class Item:
    """A pending item with its payload, ready to send."""

    seq: int
    lane: str
    route: str
    object_id: str
    payload: bytes
    attempts: int
    created_at: float


@dataclass(frozen=True, slots=True)
class AddResult:
    """The object ID of the record and whether this call stored it."""

    object_id: str
    added: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboxStats:
    """Counters for sensors and diagnostics."""

    depth: int
    pending_bytes: int
    oldest_age: float | None  # seconds the oldest pending item has waited
    sent_since: int  # delivered since the ``since`` passed to :meth:`OutboxStore.stats`
    rejected: int
    full_alarm: bool
    last_error: str | None


class OutboxStore:
    """SQLite-backed outbox (see the module docstring for the rules)."""

    def __init__(
        self,
        path: str | Path,
        *,
        max_rows: int = 200_000,
        max_bytes: int = 2_000_000_000,
        clock: Callable[[], float] = time.time,
        synchronous: str = "NORMAL",
    ) -> None:
        if synchronous not in ("NORMAL", "FULL"):
            raise ValueError("synchronous must be NORMAL or FULL")
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self._clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={synchronous}")
        self._db.executescript(_SCHEMA)
        rows, size = self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM docking_outbox WHERE state = 0"
        ).fetchone()
        self._rows: int = rows
        self._bytes: int = size
        self._alarm = self._meta("full_alarm") == "1"

    # -- lifecycle -------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection (the data stays in the file)."""
        with self._lock:
            self._db.close()

    # -- adding ----------------------------------------------------------------------

    def add(
        self,
        *,
        record_key: str,
        device_id: str,
        second: str,
        serial_count: int,
        build: Callable[[int], tuple[str, bytes]],
        entries: Sequence[Entry],
    ) -> AddResult:
        """Store one record for each entry, atomically; idempotent per ``record_key``.

        ``build(first_serial)`` returns the object ID and JSON; serials are allocated per
        device and second so IDs never collide. Raises :class:`OutboxFull`.
        """
        if not entries:
            raise ValueError("at least one entry")
        with self._lock:
            row = self._db.execute(
                "SELECT object_id FROM docking_outbox WHERE route = ? AND record_key = ?",
                (entries[0].route, record_key),
            ).fetchone()
            if row is not None:
                return AddResult(row[0], added=False)
            self._db.execute("BEGIN IMMEDIATE")
            try:
                first = self._allocate(device_id, second, serial_count)
                object_id, payload = build(first)
                full = self._full_message(len(entries), len(payload) * len(entries))
                if full is None:
                    now = self._clock()
                    self._db.executemany(
                        "INSERT INTO docking_outbox (record_key, route, lane, object_id,"
                        " payload, size, created_at, next_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            (
                                record_key,
                                e.route,
                                e.lane,
                                object_id,
                                payload,
                                len(payload),
                                now,
                                now,
                            )
                            for e in entries
                        ],
                    )
                    self._db.execute("COMMIT")
                else:
                    self._db.execute("ROLLBACK")
            except sqlite3.OperationalError as err:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                if "full" not in str(err).lower():
                    raise
                full = f"disk full: {err}"
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
            if full is not None:
                self._set_alarm(True)
                raise OutboxFull(full)
            self._rows += len(entries)
            self._bytes += len(payload) * len(entries)
            return AddResult(object_id, added=True)

    def _allocate(self, device_id: str, second: str, count: int) -> int:
        row = self._db.execute(
            "SELECT next FROM docking_serials WHERE device_id = ? AND second = ?",
            (device_id, second),
        ).fetchone()
        first = row[0] if row else 1
        if first + count - 1 > 99_999:
            raise SerialsExhausted(f"{device_id} at {second}")
        self._db.execute(
            "INSERT INTO docking_serials (device_id, second, next) VALUES (?, ?, ?)"
            " ON CONFLICT (device_id, second) DO UPDATE SET next = excluded.next",
            (device_id, second, first + count),
        )
        return int(first)

    def _full_message(self, rows: int, size: int) -> str | None:
        if self._rows + rows <= self.max_rows and self._bytes + size <= self.max_bytes:
            return None
        return (
            f"outbox full: {self._rows} rows / {self._bytes} bytes pending "
            f"(limits {self.max_rows} / {self.max_bytes})"
        )

    # -- sending ---------------------------------------------------------------------

    def heads(self) -> list[Head]:
        """The head of every lane, oldest first."""
        with self._lock:
            rows = self._db.execute(_HEADS).fetchall()
        return [Head(*row) for row in rows]

    def load(self, seqs: Iterable[int]) -> list[Item]:
        """Pending items with payloads, in ``seq`` order."""
        wanted = list(seqs)
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, lane, route, object_id, payload, attempts, created_at"
                f" FROM docking_outbox WHERE state = 0 AND seq IN ({marks}) ORDER BY seq",
                wanted,
            ).fetchall()
        return [Item(*row) for row in rows]

    def next_batch(
        self,
        *,
        now: float,
        limit: int,
        max_bytes: int,
        accept: Callable[[Head], bool] | None = None,
    ) -> list[Item]:
        """The next batch: due heads of the oldest due route, one per lane, with payloads.

        ``accept`` filters heads (the service holds back direct pushes while it is not
        registered). A single item larger than ``max_bytes`` still goes, alone.
        """
        heads = [h for h in self.heads() if h.next_at <= now and (accept is None or accept(h))]
        if not heads:
            return []
        route = heads[0].route
        chosen: list[int] = []
        size = 0
        for head in heads:
            if head.route != route or len(chosen) >= limit:
                continue
            if chosen and size + head.size > max_bytes:
                continue
            chosen.append(head.seq)
            size += head.size
        return self.load(chosen)

    def settle(
        self,
        *,
        sent: Sequence[int],
        rejected: Mapping[str, Sequence[int]],
        retry: Sequence[int],
        delay: Callable[[int], float],
    ) -> None:
        """Apply the outcome of one batch (see :meth:`mark_sent` and friends)."""
        self.mark_sent(sent)
        for reason, seqs in rejected.items():
            self.mark_rejected(seqs, reason)
        self.mark_failed(retry, "not acknowledged", delay)

    def mark_sent(self, seqs: Sequence[int]) -> None:
        """Acknowledged upstream: keep a tombstone, drop the payload."""
        self._finish(seqs, SENT, None)

    def mark_rejected(self, seqs: Sequence[int], reason: str) -> None:
        """Refused for good upstream: keep the row visible as a dead letter."""
        self._finish(seqs, REJECTED, reason)
        with self._lock:
            self._set_meta("last_error", reason)

    def cancel_routes(self, routes: Sequence[str], reason: str) -> int:
        """Withdraw everything pending on these routes (a cancelled subscription)."""
        if not routes:
            return 0
        marks = ",".join("?" * len(routes))
        with self._lock:
            rows = self._db.execute(
                f"SELECT seq FROM docking_outbox WHERE state = 0 AND route IN ({marks})",
                list(routes),
            ).fetchall()
        self._finish([row[0] for row in rows], CANCELLED, reason)
        return len(rows)

    def _finish(self, seqs: Sequence[int], state: int, reason: str | None) -> None:
        if not seqs:
            return
        now = self._clock()
        marks = ",".join("?" * len(seqs))
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                rows, size = self._db.execute(
                    "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM docking_outbox"
                    f" WHERE state = 0 AND seq IN ({marks})",
                    list(seqs),
                ).fetchone()
                self._db.execute(
                    "UPDATE docking_outbox SET state = ?, done_at = ?, last_error = ?,"
                    f" payload = CASE WHEN ? = {SENT} THEN NULL ELSE payload END"
                    f" WHERE state = 0 AND seq IN ({marks})",
                    [state, now, reason, state, *seqs],
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._rows -= rows
            self._bytes -= size
            if self._alarm and self._below_low_watermark():
                self._set_alarm(False)

    def mark_failed(self, seqs: Sequence[int], error: str, delay: Callable[[int], float]) -> None:
        """Not delivered this time: count the attempt, schedule the next one.

        ``delay(attempts)`` is the back-off after that many consecutive failures.
        """
        if not seqs:
            return
        now = self._clock()
        marks = ",".join("?" * len(seqs))
        with self._lock:
            rows = self._db.execute(
                f"SELECT seq, attempts FROM docking_outbox WHERE state = 0 AND seq IN ({marks})",
                list(seqs),
            ).fetchall()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany(
                    "UPDATE docking_outbox SET attempts = ?, next_at = ?, last_error = ?"
                    " WHERE seq = ?",
                    [(n + 1, now + delay(n + 1), error, seq) for seq, n in rows],
                )
                self._set_meta("last_error", error)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def release(self, *, now: float) -> int:
        """Make waiting items due now (the view library is back: skip the rest of the back-off)."""
        with self._lock:
            return int(
                self._db.execute(
                    "UPDATE docking_outbox SET next_at = ? WHERE state = 0 AND next_at > ?",
                    (now, now),
                ).rowcount
            )

    def record_error(self, error: str) -> None:
        """Remember a failure that concerned no item (register, keepalive)."""
        with self._lock:
            self._set_meta("last_error", error)

    # -- statistics and housekeeping ---------------------------------------------------

    @property
    def full_alarm(self) -> bool:
        """Set when an item was refused because the outbox was full."""
        return self._alarm

    def stats(self, *, since: float) -> OutboxStats:
        """Current counters; ``sent_since`` counts deliveries after ``since`` (epoch s)."""
        now = self._clock()
        with self._lock:
            row = self._db.execute(
                "SELECT created_at FROM docking_outbox WHERE state = 0 ORDER BY seq LIMIT 1"
            ).fetchone()
            oldest = None if row is None else row[0]
            sent = self._db.execute(
                "SELECT COUNT(*) FROM docking_outbox WHERE state = 1 AND done_at >= ?"
                " AND route NOT LIKE 'notify:%'",
                (since,),
            ).fetchone()[0]
            rejected = self._db.execute(
                "SELECT COUNT(*) FROM docking_outbox WHERE state = 2"
            ).fetchone()[0]
            last_error = self._meta("last_error")
        return OutboxStats(
            depth=self._rows,
            pending_bytes=self._bytes,
            oldest_age=None if oldest is None else max(0.0, now - oldest),
            sent_since=sent,
            rejected=rejected,
            full_alarm=self._alarm,
            last_error=last_error,
        )

    def daily_counts(self, *, since: float, utc_offset: float) -> dict[int, dict[str, int]]:
        """Per local day (days since epoch) the number sent / rejected since ``since``."""
        with self._lock:
            rows = self._db.execute(
                "SELECT CAST((done_at + ?) / 86400 AS INTEGER) AS day, state, COUNT(*)"
                " FROM docking_outbox WHERE state IN (1, 2) AND done_at >= ?"
                " AND route NOT LIKE 'notify:%' GROUP BY day, state",
                (utc_offset, since),
            ).fetchall()
        out: dict[int, dict[str, int]] = {}
        for day, state, count in rows:
            out.setdefault(day, {"sent": 0, "rejected": 0})[
                "sent" if state == SENT else "rejected"
            ] = count
        return out

    def purge(self, *, keep_days: float = 8.0) -> int:
        """Delete finished rows and serial counters older than ``keep_days``."""
        cutoff = self._clock() - keep_days * 86400
        cutoff_second = time.strftime("%Y%m%d%H%M%S", time.gmtime(cutoff - 86400))
        with self._lock:
            deleted = self._db.execute(
                "DELETE FROM docking_outbox WHERE state != 0 AND done_at < ?", (cutoff,)
            ).rowcount
            self._db.execute("DELETE FROM docking_serials WHERE second < ?", (cutoff_second,))
        return int(deleted)

    # -- internals -------------------------------------------------------------------

    def _below_low_watermark(self) -> bool:
        return (
            self._rows <= self.max_rows * _LOW_WATERMARK
            and self._bytes <= self.max_bytes * _LOW_WATERMARK
        )

    def _set_alarm(self, value: bool) -> None:
        self._alarm = value
        # On a full disk even this write may fail; the in-memory flag still raises the alarm.
        with contextlib.suppress(sqlite3.OperationalError):
            self._set_meta("full_alarm", "1" if value else "0")

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM docking_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO docking_meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
