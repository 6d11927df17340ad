"""SQLite backend (stdlib ``sqlite3``, WAL): one connection per thread."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

from .errors import RecordsError
from .models import NewRecord
from .sql_store import INSERT_COLUMNS, SqlRecordStore
from .timestamps import from_us, to_us

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,          -- UTC epoch microseconds
    kind TEXT NOT NULL,
    device TEXT NOT NULL,
    person_id TEXT,
    cluster_id TEXT,
    plate TEXT,
    outcome TEXT,
    reason TEXT,
    attributes TEXT NOT NULL DEFAULT '{}',
    images TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE IF NOT EXISTS images (
    sha256 TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    size INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS record_images (
    record_id INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    PRIMARY KEY (record_id, sha256)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS record_images_sha256 ON record_images (sha256);
"""
# Every index ends in time (and, implicitly, rowid = id), so each filter walks its index
# newest-first and stops after one page. Sparse columns get partial indexes.
SEARCH_INDEXES = {
    "records_time": "records (time)",
    "records_person": "records (person_id, time) WHERE person_id IS NOT NULL",
    "records_cluster": "records (cluster_id, time) WHERE cluster_id IS NOT NULL",
    "records_plate": "records (plate, time) WHERE plate IS NOT NULL",
    "records_device": "records (device, time)",
    "records_kind": "records (kind, time)",
}
BATCH = 50_000


class SqliteRecordStore(SqlRecordStore):
    """Records in a SQLite file."""

    def __init__(self, path: Path, images_dir: Path) -> None:
        super().__init__(images_dir)
        self.path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = self._connection()
            connection.executescript(SCHEMA)
            self._create_indexes(connection)
        except (OSError, sqlite3.DatabaseError) as err:
            self.close()
            raise RecordsError("cannot_open", path=str(path)) from err

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=30
            )
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute("PRAGMA cache_size=-65536")
            connection.execute("PRAGMA temp_store=MEMORY")
            self._local.connection = connection
            with self._connections_lock:
                self._connections.append(connection)
        return connection

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Cursor]:
        cursor = self._connection().cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Cursor]:
        connection = self._connection()
        cursor = connection.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            yield cursor
        except BaseException:
            connection.rollback()
            raise
        else:
            cursor.execute("COMMIT")
        finally:
            cursor.close()

    def _sql(self, sql: str) -> str:
        return sql

    def _time_param(self, moment: datetime) -> int:
        return to_us(moment)

    def _time_value(self, value: Any) -> datetime:
        return from_us(int(value))

    def _json_param(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def _json_value(self, value: Any) -> Any:
        return json.loads(value)

    def _insert_record(self, cursor: Any, row: tuple[Any, ...]) -> int:
        marks = ", ".join("?" * len(INSERT_COLUMNS))
        cursor.execute(f"INSERT INTO records ({', '.join(INSERT_COLUMNS)}) VALUES ({marks})", row)
        return int(cursor.lastrowid)

    def add_many(self, records: Iterable[NewRecord]) -> int:
        """Batched ``executemany``, one transaction per batch."""
        marks = ", ".join("?" * len(INSERT_COLUMNS))
        sql = f"INSERT INTO records ({', '.join(INSERT_COLUMNS)}) VALUES ({marks})"
        total = 0
        rows = (self.row_of(record) for record in records)
        while batch := list(islice(rows, BATCH)):
            with self._write() as cursor:
                cursor.executemany(sql, batch)
            total += len(batch)
        return total

    def bulk_load(self, records: Iterable[NewRecord]) -> int:
        """``add_many`` with the search indexes dropped and rebuilt (imports, benchmark)."""
        connection = self._connection()
        for name in SEARCH_INDEXES:
            connection.execute(f"DROP INDEX IF EXISTS {name}")
        try:
            return self.add_many(records)
        finally:
            self._create_indexes(connection)
            connection.execute("ANALYZE")

    def _create_indexes(self, connection: sqlite3.Connection) -> None:
        for name, definition in SEARCH_INDEXES.items():
            connection.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")

    def _database_bytes(self) -> int:
        total = 0
        for suffix in ("", "-wal", "-shm"):
            candidate = self.path.with_name(self.path.name + suffix)
            if candidate.exists():
                total += candidate.stat().st_size
        return total

    def close(self) -> None:
        """Close every thread's connection."""
        with self._connections_lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
        self._local = threading.local()
