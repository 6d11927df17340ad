"""The persistent side of terminal sync: one SQLite file in the community folder.

* ``terminal_ids``: registry person id ↔ terminal user id (``employeeNo`` / ``UserID``),
  allocated once and never reused, so every access event names the person.
* ``terminal_known``: per terminal, what it confirmed holding (the base of every diff).
* ``terminal_queue``: per terminal, ordered operations with their state (pending, sending,
  failed; done items are counted and dropped), attempts, next try and the device's own error
  text. Items that share a lock (a user, a card) run in queue order; others may overtake.
* ``terminal_devices``: per terminal, counters and the offline / resync bookkeeping.
* ``terminal_photo_quality``: the quality verdict per photo version (assessed once).

The store is synchronous and thread-safe; the engine runs it on a worker thread.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from .models import Library, Operation, OpKind, TerminalUser, apply_operation

FIRST_USER_ID = 10_000_001  # 8 digits: numeric, as every vendor accepts, and no leading zero

_SCHEMA = """
CREATE TABLE IF NOT EXISTS terminal_ids (
    person_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS terminal_known (
    device TEXT NOT NULL,
    user_id TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (device, user_id)
);
CREATE TABLE IF NOT EXISTS terminal_queue (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    device TEXT NOT NULL,
    op TEXT NOT NULL,
    user_id TEXT NOT NULL,
    locks TEXT NOT NULL,
    signature TEXT NOT NULL,
    state INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at REAL NOT NULL,
    created_at REAL NOT NULL,
    last_error TEXT,
    capacity INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS terminal_queue_device ON terminal_queue (device, state, seq);
CREATE TABLE IF NOT EXISTS terminal_devices (
    device TEXT PRIMARY KEY,
    done INTEGER NOT NULL DEFAULT 0,
    last_ok REAL,
    offline_since REAL,
    last_full_sync REAL,
    last_error TEXT
);
CREATE TABLE IF NOT EXISTS terminal_photo_quality (
    ref TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    ok INTEGER NOT NULL,
    score REAL NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (ref, fingerprint)
);
CREATE TABLE IF NOT EXISTS terminal_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class ItemState(IntEnum):
    """Life of a queue item (done items leave the table)."""

    PENDING = 0
    SENDING = 1
    FAILED = 3


@dataclass(frozen=True, slots=True)
class QueueItem:
    """A claimed item, ready to send."""

    seq: int
    op: Operation
    attempts: int


@dataclass(frozen=True, slots=True)
class FailedItem:
    """A refused item as the status shows it."""

    seq: int
    description: str
    person_id: str
    reason: str
    capacity: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueCounts:
    """Per-terminal counts for the status sensor."""

    pending: int
    sending: int
    failed: int
    done: int
    capacity_failures: int
    last_item_error: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceRecord:
    """Per-terminal bookkeeping."""

    last_ok: float | None
    offline_since: float | None
    last_full_sync: float | None
    last_error: str | None


@dataclass(frozen=True, slots=True)
class PhotoVerdict:
    """Whether a photo version passes the enrolment quality rules, with a ranking score."""

    ok: bool
    score: float
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """How one sent item ended: ``done``, ``refused`` (reason) or ``retry`` (reason)."""

    seq: int
    done: bool = False
    refused: str | None = None
    capacity: bool = False
    retry: str | None = None
    count_attempt: bool = True


class SyncStore:
    """See the module docstring. ``path=":memory:"`` for tests."""

    def __init__(self, path: str | Path) -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.execute(
            "UPDATE terminal_queue SET state = ? WHERE state = ?",
            (ItemState.PENDING, ItemState.SENDING),
        )  # sends cut short by a restart go again (every operation is idempotent)
        self._user_ids: dict[str, str] = dict(
            self._db.execute("SELECT person_id, user_id FROM terminal_ids").fetchall()
        )
        self._persons = {uid: pid for pid, uid in self._user_ids.items()}
        self._known: dict[str, Library] = {}

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- ids -----------------------------------------------------------------------------

    def user_ids(self, person_ids: Iterable[str]) -> dict[str, str]:
        """The user id of each person, allocating ids for newcomers (one transaction)."""
        with self._lock:
            wanted = list(dict.fromkeys(person_ids))
            missing = [pid for pid in wanted if pid not in self._user_ids]
            if missing:
                row = self._db.execute(
                    "SELECT value FROM terminal_meta WHERE key='next_user'"
                ).fetchone()
                following = int(row[0]) if row else FIRST_USER_ID
                rows = [(pid, str(following + n)) for n, pid in enumerate(missing)]
                with self._transaction():
                    self._db.executemany("INSERT INTO terminal_ids VALUES (?, ?)", rows)
                    self._db.execute(
                        "INSERT OR REPLACE INTO terminal_meta VALUES ('next_user', ?)",
                        (str(following + len(rows)),),
                    )
                for pid, uid in rows:
                    self._user_ids[pid] = uid
                    self._persons[uid] = pid
            return {pid: self._user_ids[pid] for pid in wanted}

    def person_of(self, user_id: str) -> str | None:
        """The registry person behind a terminal user id."""
        return self._persons.get(user_id)

    # -- known libraries -----------------------------------------------------------------

    def known(self, device: str) -> Library:
        """A copy of what ``device`` confirmed holding."""
        with self._lock:
            return dict(self._known_ref(device))

    def set_known(self, device: str, library: Mapping[str, TerminalUser]) -> None:
        """Replace the known library (after a full resync read the device)."""
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM terminal_known WHERE device = ?", (device,))
            self._db.executemany(
                "INSERT INTO terminal_known VALUES (?, ?, ?)",
                [
                    (device, uid, json.dumps(user.to_json(), ensure_ascii=False))
                    for uid, user in library.items()
                ],
            )
            self._known[device] = dict(library)

    def _known_ref(self, device: str) -> Library:
        library = self._known.get(device)
        if library is None:
            rows = self._db.execute(
                "SELECT record FROM terminal_known WHERE device = ?", (device,)
            ).fetchall()
            library = {}
            for (record,) in rows:
                user = TerminalUser.from_json(json.loads(record))
                library[user.user_id] = user
            self._known[device] = library
        return library

    # -- the queue -----------------------------------------------------------------------

    def in_flight(self, device: str) -> list[Operation]:
        """Operations being sent right now (the diff counts them as done)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT op FROM terminal_queue WHERE device = ? AND state = ? ORDER BY seq",
                (device, ItemState.SENDING),
            ).fetchall()
        return [Operation.from_json(json.loads(row[0])) for row in rows]

    def replace_pending(self, device: str, ops: Sequence[Operation], now: float) -> int:
        """Make the pending items of ``device`` exactly ``ops`` (in order), except what is
        already being sent or was refused with the same signature; refusals that the new plan
        no longer contains are dropped. Returns how many items are pending afterwards."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, signature, state, attempts, next_at, last_error FROM terminal_queue"
                " WHERE device = ? ORDER BY seq",
                (device,),
            ).fetchall()
            pending = [row for row in rows if row[2] == ItemState.PENDING]
            sending = {row[1] for row in rows if row[2] == ItemState.SENDING}
            failed = {row[1]: row[0] for row in rows if row[2] == ItemState.FAILED}
            keep: list[Operation] = []
            blocked_users: set[str] = set()
            for op in ops:
                signature = op.signature
                if op.user.user_id in blocked_users or signature in sending:
                    continue
                if signature in failed:
                    if op.kind in (OpKind.ADD_USER, OpKind.MODIFY_USER):
                        blocked_users.add(op.user.user_id)
                    continue
                keep.append(op)
            wanted = {op.signature for op in ops}
            if [row[1] for row in pending] == [op.signature for op in keep] and all(
                signature in wanted for signature in failed
            ):
                return len(keep)
            earlier = {row[1]: (row[3], row[4], row[5]) for row in pending}
            with self._transaction():
                self._db.execute(
                    "DELETE FROM terminal_queue WHERE device = ? AND state = ?",
                    (device, ItemState.PENDING),
                )
                stale = [seq for signature, seq in failed.items() if signature not in wanted]
                self._db.executemany(
                    "DELETE FROM terminal_queue WHERE seq = ?", [(s,) for s in stale]
                )
                self._db.executemany(
                    "INSERT INTO terminal_queue (device, op, user_id, locks, signature, attempts,"
                    " next_at, created_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            device,
                            json.dumps(op.to_json(), ensure_ascii=False),
                            op.user.user_id,
                            " ".join(op.locks),
                            op.signature,
                            earlier.get(op.signature, (0, now, None))[0],
                            earlier.get(op.signature, (0, now, None))[1],
                            now,
                            earlier.get(op.signature, (0, now, None))[2],
                        )
                        for op in keep
                    ],
                )
            return len(keep)

    def claim(self, device: str, now: float, limit: int, window: int = 400) -> list[QueueItem]:
        """Up to ``limit`` due items whose locks no earlier unfinished item holds; they
        become ``sending``."""
        with self._lock:
            # Two index range scans instead of one IN (...) that sorts every pending row.
            rows = sorted(
                row
                for state in (ItemState.SENDING, ItemState.PENDING)
                for row in self._db.execute(
                    "SELECT seq, op, locks, state, attempts, next_at FROM terminal_queue"
                    " WHERE device = ? AND state = ? ORDER BY seq LIMIT ?",
                    (device, state, window),
                ).fetchall()
            )
            held: set[str] = set()
            chosen: list[QueueItem] = []
            for seq, op, locks, state, attempts, next_at in rows:
                names = locks.split()
                free = state == ItemState.PENDING and next_at <= now and held.isdisjoint(names)
                held.update(names)
                if free:
                    chosen.append(QueueItem(seq, Operation.from_json(json.loads(op)), attempts))
                    if len(chosen) >= limit:
                        break
            if chosen:
                self._db.executemany(
                    "UPDATE terminal_queue SET state = ? WHERE seq = ?",
                    [(ItemState.SENDING, item.seq) for item in chosen],
                )
            return chosen

    def next_due(self, device: str) -> float | None:
        """When the earliest pending item may go."""
        with self._lock:
            row = self._db.execute(
                "SELECT MIN(next_at) FROM terminal_queue WHERE device = ? AND state = ?",
                (device, ItemState.PENDING),
            ).fetchone()
        return None if row is None or row[0] is None else float(row[0])

    def settle(
        self,
        device: str,
        outcomes: Sequence[Outcome],
        *,
        now: float,
        delay: Callable[[int], float],
    ) -> None:
        """Apply the outcome of sent items in one transaction."""
        if not outcomes:
            return
        with self._lock:
            marks = ",".join("?" * len(outcomes))
            rows = dict(
                self._db.execute(
                    f"SELECT seq, op FROM terminal_queue WHERE seq IN ({marks})",
                    [o.seq for o in outcomes],
                ).fetchall()
            )
            attempts = dict(
                self._db.execute(
                    f"SELECT seq, attempts FROM terminal_queue WHERE seq IN ({marks})",
                    [o.seq for o in outcomes],
                ).fetchall()
            )
            known = self._known_ref(device)
            changed: dict[str, TerminalUser | None] = {}
            with self._transaction():
                done = 0
                for outcome in outcomes:
                    raw = rows.get(outcome.seq)
                    if raw is None:
                        continue
                    op = Operation.from_json(json.loads(raw))
                    if outcome.done:
                        apply_operation(known, op)
                        changed[op.user.user_id] = known.get(op.user.user_id)
                        self._db.execute("DELETE FROM terminal_queue WHERE seq = ?", (outcome.seq,))
                        done += 1
                    elif outcome.refused is not None:
                        self._fail(device, outcome.seq, op, outcome.refused, outcome.capacity)
                    else:
                        tries = attempts[outcome.seq] + (1 if outcome.count_attempt else 0)
                        wait = delay(tries) if outcome.count_attempt else 0.0
                        self._db.execute(
                            "UPDATE terminal_queue SET state = ?, attempts = ?, next_at = ?,"
                            " last_error = ? WHERE seq = ?",
                            (ItemState.PENDING, tries, now + wait, outcome.retry, outcome.seq),
                        )
                for uid, user in changed.items():
                    if user is None:
                        self._db.execute(
                            "DELETE FROM terminal_known WHERE device = ? AND user_id = ?",
                            (device, uid),
                        )
                    else:
                        self._db.execute(
                            "INSERT OR REPLACE INTO terminal_known VALUES (?, ?, ?)",
                            (device, uid, json.dumps(user.to_json(), ensure_ascii=False)),
                        )
                if done:
                    self._ensure_device(device)
                    self._db.execute(
                        "UPDATE terminal_devices SET done = done + ?, last_ok = ? WHERE device = ?",
                        (done, now, device),
                    )

    def _fail(self, device: str, seq: int, op: Operation, reason: str, capacity: bool) -> None:
        self._db.execute(
            "UPDATE terminal_queue SET state = ?, last_error = ?, capacity = ? WHERE seq = ?",
            (ItemState.FAILED, reason, int(capacity), seq),
        )
        if op.kind is OpKind.ADD_USER:
            # The user is not on the terminal: its face and cards cannot go either.
            self._db.execute(
                "UPDATE terminal_queue SET state = ?, last_error = ? WHERE device = ? AND"
                " user_id = ? AND state = ? AND seq > ?",
                (
                    ItemState.FAILED,
                    f"not sent: {op.describe()} was refused ({reason})",
                    device,
                    op.user.user_id,
                    ItemState.PENDING,
                    seq,
                ),
            )

    def release(self, device: str) -> None:
        """Items cut off mid-send (engine stopped) go back to pending."""
        with self._lock:
            self._db.execute(
                "UPDATE terminal_queue SET state = ? WHERE device = ? AND state = ?",
                (ItemState.PENDING, device, ItemState.SENDING),
            )

    def release_all_waits(self, device: str, now: float) -> None:
        """The device is back: what waited out a back-off may go now."""
        with self._lock:
            self._db.execute(
                "UPDATE terminal_queue SET next_at = ? WHERE device = ? AND state = ?"
                " AND next_at > ?",
                (now, device, ItemState.PENDING, now),
            )

    def forget_failures(self, device: str) -> int:
        """Drop refused items so the next plan sends them again (after a fix on the device)."""
        with self._lock:
            cursor = self._db.execute(
                "DELETE FROM terminal_queue WHERE device = ? AND state = ?",
                (device, ItemState.FAILED),
            )
            return cursor.rowcount

    def counts(self, device: str) -> QueueCounts:
        with self._lock:
            by_state = dict(
                self._db.execute(
                    "SELECT state, COUNT(*) FROM terminal_queue WHERE device = ? GROUP BY state",
                    (device,),
                ).fetchall()
            )
            capacity = self._db.execute(
                "SELECT COUNT(*) FROM terminal_queue WHERE device = ? AND state = ?"
                " AND capacity = 1",
                (device, ItemState.FAILED),
            ).fetchone()[0]
            last = self._db.execute(
                "SELECT last_error FROM terminal_queue WHERE device = ? AND last_error IS NOT NULL"
                " ORDER BY (state = ?) DESC, seq DESC LIMIT 1",
                (device, ItemState.FAILED),
            ).fetchone()
            done = self._db.execute(
                "SELECT done FROM terminal_devices WHERE device = ?", (device,)
            ).fetchone()
        return QueueCounts(
            pending=by_state.get(ItemState.PENDING, 0),
            sending=by_state.get(ItemState.SENDING, 0),
            failed=by_state.get(ItemState.FAILED, 0),
            done=done[0] if done else 0,
            capacity_failures=capacity,
            last_item_error=last[0] if last else None,
        )

    def failures(self, device: str, limit: int = 50) -> list[FailedItem]:
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, op, last_error, capacity FROM terminal_queue WHERE device = ?"
                " AND state = ? ORDER BY seq LIMIT ?",
                (device, ItemState.FAILED, limit),
            ).fetchall()
        out = []
        for seq, raw, reason, capacity in rows:
            op = Operation.from_json(json.loads(raw))
            out.append(
                FailedItem(seq, op.describe(), op.user.person_id, reason or "", bool(capacity))
            )
        return out

    # -- devices -------------------------------------------------------------------------

    def _ensure_device(self, device: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO terminal_devices (device) VALUES (?)", (device,))

    def device(self, device: str) -> DeviceRecord:
        with self._lock:
            row = self._db.execute(
                "SELECT last_ok, offline_since, last_full_sync, last_error FROM terminal_devices"
                " WHERE device = ?",
                (device,),
            ).fetchone()
        if row is None:
            return DeviceRecord(
                last_ok=None, offline_since=None, last_full_sync=None, last_error=None
            )
        return DeviceRecord(
            last_ok=row[0], offline_since=row[1], last_full_sync=row[2], last_error=row[3]
        )

    def update_device(self, device: str, **values: float | str | None) -> None:
        """Set ``last_ok``, ``offline_since``, ``last_full_sync`` or ``last_error``."""
        allowed = {"last_ok", "offline_since", "last_full_sync", "last_error"}
        if not values or set(values) - allowed:
            raise ValueError(f"update_device takes {sorted(allowed)}")
        with self._lock:
            self._ensure_device(device)
            assignments = ", ".join(f"{name} = ?" for name in values)
            self._db.execute(
                f"UPDATE terminal_devices SET {assignments} WHERE device = ?",
                [*values.values(), device],
            )

    # -- photo verdicts ------------------------------------------------------------------

    def photo_verdict(self, ref: str, fingerprint: str) -> PhotoVerdict | None:
        with self._lock:
            row = self._db.execute(
                "SELECT ok, score, reason FROM terminal_photo_quality"
                " WHERE ref = ? AND fingerprint = ?",
                (ref, fingerprint),
            ).fetchone()
        return None if row is None else PhotoVerdict(bool(row[0]), float(row[1]), str(row[2]))

    def save_photo_verdict(self, ref: str, fingerprint: str, verdict: PhotoVerdict) -> None:
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO terminal_photo_quality VALUES (?, ?, ?, ?, ?)",
                (ref, fingerprint, int(verdict.ok), verdict.score, verdict.reason),
            )

    # -- helpers -------------------------------------------------------------------------

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on any error)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        self._db.execute("COMMIT" if kind is None else "ROLLBACK")
