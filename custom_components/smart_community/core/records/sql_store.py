"""The record store logic shared by SQLite and PostgreSQL.

SQL is written once with ``?`` placeholders; a backend supplies connections, the schema,
how times and JSON travel, and bulk loading. Times are kept in UTC; pages are keyset
pages ordered newest first by (time, id).
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any

from ..events import EventImage
from ..people.plate import compact_plate
from .cursor import decode_cursor, encode_cursor
from .embeddings import without_embeddings
from .errors import RecordsError
from .image_files import ImageFiles, image_path, sha256_hex
from .masking import mask_record
from .models import (
    ClusterStats,
    DiskUsage,
    ImageRef,
    NewRecord,
    PurgeResult,
    Record,
    RecordKind,
    RecordPage,
    RecordQuery,
    TrajectoryPoint,
)
from .retention import Retention
from .timestamps import from_us, to_us

COLUMNS = (
    "id, time, kind, device, person_id, cluster_id, plate, outcome, reason, attributes, images"
)
INSERT_COLUMNS = (
    "time",
    "kind",
    "device",
    "person_id",
    "cluster_id",
    "plate",
    "outcome",
    "reason",
    "attributes",
    "images",
)
PURGE_BATCH = 1000
TRAJECTORY_LIMIT = 100_000


class SqlRecordStore(ABC):
    """``RecordStore`` on a SQL database; subclasses are the backends."""

    def __init__(self, images_dir: Path) -> None:
        self.images = ImageFiles(images_dir)
        # Adding an image reference and purging unreferenced images must not interleave.
        self._image_lock = threading.Lock()

    # --- backend hooks ------------------------------------------------------------------
    @abstractmethod
    def _read(self) -> AbstractContextManager[Any]:
        """A cursor for reads."""

    @abstractmethod
    def _write(self) -> AbstractContextManager[Any]:
        """A cursor inside a transaction (commit on exit, rollback on error)."""

    @abstractmethod
    def _sql(self, sql: str) -> str:
        """Adapt ``?`` placeholders."""

    @abstractmethod
    def _time_param(self, moment: datetime) -> Any:
        """A time as the database stores it."""

    @abstractmethod
    def _time_value(self, value: Any) -> datetime:
        """A stored time as an aware UTC datetime."""

    @abstractmethod
    def _json_param(self, value: Any) -> Any:
        """JSON as the database stores it."""

    @abstractmethod
    def _json_value(self, value: Any) -> Any:
        """Stored JSON as Python."""

    @abstractmethod
    def _insert_record(self, cursor: Any, row: tuple[Any, ...]) -> int:
        """Insert one row of ``INSERT_COLUMNS``; the new id."""

    @abstractmethod
    def _database_bytes(self) -> int:
        """Size of the database files / relations."""

    @abstractmethod
    def add_many(self, records: Iterable[NewRecord]) -> int:
        """Insert many image-less records fast; how many."""

    @abstractmethod
    def close(self) -> None:
        """Release connections."""

    # --- writing ------------------------------------------------------------------------
    def row_of(self, record: NewRecord, images: Sequence[ImageRef] = ()) -> tuple[Any, ...]:
        """The INSERT_COLUMNS values of a record."""
        return (
            self._time_param(record.time),
            record.kind.value,
            record.device,
            record.person_id,
            record.cluster_id,
            compact_plate(record.plate) if record.plate else None,
            record.outcome,
            record.reason,
            self._json_param(without_embeddings(record.attributes)),
            self._json_param([[ref.path, ref.sha256] for ref in images]),
        )

    def add(self, record: NewRecord, images: Sequence[EventImage] = ()) -> Record:
        """Store a record and its pictures (deduplicated by hash), all or nothing.

        Plates are stored compact (``皖A12345``) and searched the same way.
        """
        if not images:
            with self._write() as cursor:
                record_id = self._insert_record(cursor, self.row_of(record))
            return self._stored(record, record_id, ())
        with self._image_lock:
            refs, sizes, created = self._write_image_files(record.time, images)
            try:
                with self._write() as cursor:
                    for ref in refs:
                        cursor.execute(
                            self._sql(
                                "INSERT INTO images (sha256, path, size) VALUES (?, ?, ?) "
                                "ON CONFLICT (sha256) DO NOTHING"
                            ),
                            (ref.sha256, ref.path, sizes[ref.sha256]),
                        )
                    record_id = self._insert_record(cursor, self.row_of(record, refs))
                    for sha in dict.fromkeys(ref.sha256 for ref in refs):
                        cursor.execute(
                            self._sql(
                                "INSERT INTO record_images (record_id, sha256) VALUES (?, ?)"
                            ),
                            (record_id, sha),
                        )
            except BaseException:
                for path in created:
                    self.images.delete(path)
                raise
        return self._stored(record, record_id, tuple(refs))

    def add_many_returning(self, records: Sequence[NewRecord]) -> list[Record]:
        """Store image-less records in one transaction and return them with their ids
        (the console's live feed shows a record only once it has an id)."""
        if not records:
            return []
        with self._write() as cursor:
            ids = [self._insert_record(cursor, self.row_of(record)) for record in records]
        return [self._stored(record, rid, ()) for record, rid in zip(records, ids, strict=True)]

    @staticmethod
    def _stored(record: NewRecord, record_id: int, images: tuple[ImageRef, ...]) -> Record:
        fields = _fields(record)
        fields["plate"] = compact_plate(record.plate) if record.plate else None
        return Record(**fields, id=record_id, images=images)

    def _write_image_files(
        self, seen: datetime, images: Sequence[EventImage]
    ) -> tuple[list[ImageRef], dict[str, int], list[str]]:
        refs: list[ImageRef] = []
        sizes: dict[str, int] = {}
        created: list[str] = []
        with self._read() as cursor:
            for image in images:
                sha = sha256_hex(image.data)
                cursor.execute(self._sql("SELECT path FROM images WHERE sha256 = ?"), (sha,))
                row = cursor.fetchone()
                path = row[0] if row else image_path(sha, seen, image.content_type)
                if self.images.write(path, image.data):
                    created.append(path)
                refs.append(ImageRef(path, sha))
                sizes[sha] = len(image.data)
        return refs, sizes, created

    # --- reading ------------------------------------------------------------------------
    def get(self, record_id: int, *, admin: bool = False) -> Record | None:
        """One record by id."""
        with self._read() as cursor:
            cursor.execute(self._sql(f"SELECT {COLUMNS} FROM records WHERE id = ?"), (record_id,))
            row = cursor.fetchone()
        if row is None:
            return None
        record = self._record(row)
        return record if admin else mask_record(record)

    def search(self, query: RecordQuery, *, admin: bool = False) -> RecordPage:
        """A page of matching records, newest first; ID numbers masked unless ``admin``."""
        where, params = self._where(query)
        if query.cursor is not None:
            time_us, last_id = decode_cursor(query.cursor)
            boundary = self._time_param(from_us(time_us))
            # The plain bound lets the (…, time) index range-scan; the OR settles ties.
            where.append("time <= ? AND (time < ? OR id < ?)")
            params += [boundary, boundary, last_id]
        sql = (
            f"SELECT {COLUMNS} FROM records"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY time DESC, id DESC LIMIT ?"
        )
        with self._read() as cursor:
            cursor.execute(self._sql(sql), [*params, query.limit + 1])
            rows = cursor.fetchall()
        records = [self._record(row) for row in rows[: query.limit]]
        next_cursor = None
        if len(rows) > query.limit:
            last = records[-1]
            next_cursor = encode_cursor(to_us(last.time), last.id)
        if not admin:
            records = [mask_record(record) for record in records]
        return RecordPage(tuple(records), next_cursor)

    def iter_records(self, query: RecordQuery, *, admin: bool = False) -> Iterator[Record]:
        """Every matching record, newest first, fetched page by page (for exports)."""
        page_query = RecordQuery(**{**_query_fields(query), "limit": 2000})
        while True:
            page = self.search(page_query, admin=admin)
            yield from page.records
            if page.next_cursor is None:
                return
            page_query = RecordQuery(**{**_query_fields(page_query), "cursor": page.next_cursor})

    def trajectory(
        self,
        *,
        start: datetime,
        end: datetime,
        person_id: str | None = None,
        cluster_id: str | None = None,
    ) -> list[TrajectoryPoint]:
        """Where a person or an unidentified face cluster was seen in ``[start, end)``."""
        query = RecordQuery(person_id=person_id, cluster_id=cluster_id, start=start, end=end)
        if (person_id is None) == (cluster_id is None):
            raise RecordsError("invalid_query", field="person_id")
        where, params = self._where(query)
        sql = (
            "SELECT time, device, kind FROM records WHERE "
            + " AND ".join(where)
            + " ORDER BY time, id LIMIT ?"
        )
        with self._read() as cursor:
            cursor.execute(self._sql(sql), [*params, TRAJECTORY_LIMIT])
            rows = cursor.fetchall()
        return [
            TrajectoryPoint(self._time_value(t), device, RecordKind(kind))
            for t, device, kind in rows
        ]

    def image_path(self, sha256: str) -> str | None:
        """The stored picture with this hash (relative to the image folder), if any."""
        with self._read() as cursor:
            cursor.execute(self._sql("SELECT path FROM images WHERE sha256 = ?"), (sha256,))
            row = cursor.fetchone()
        return str(row[0]) if row else None

    def cluster_stats(self, cluster_ids: Sequence[str]) -> dict[str, ClusterStats]:
        """Visits, first and last sighting and the devices of each face cluster."""
        if not cluster_ids:
            return {}
        marks = ", ".join("?" * len(cluster_ids))
        with self._read() as cursor:
            cursor.execute(
                self._sql(
                    "SELECT cluster_id, count(*), min(time), max(time) FROM records "
                    f"WHERE cluster_id IN ({marks}) GROUP BY cluster_id"
                ),
                list(cluster_ids),
            )
            totals = cursor.fetchall()
            cursor.execute(
                self._sql(
                    "SELECT cluster_id, device, max(time) AS seen FROM records "
                    f"WHERE cluster_id IN ({marks}) GROUP BY cluster_id, device "
                    "ORDER BY seen DESC"
                ),
                list(cluster_ids),
            )
            devices: dict[str, list[str]] = {}
            for cluster_id, device, _seen in cursor.fetchall():
                devices.setdefault(cluster_id, []).append(device)
        return {
            cluster_id: ClusterStats(
                cluster_id=cluster_id,
                visits=int(visits),
                first_seen=self._time_value(first),
                last_seen=self._time_value(last),
                devices=tuple(devices.get(cluster_id, ())),
            )
            for cluster_id, visits, first, last in totals
        }

    def relabel_cluster(self, cluster_id: str, into: str) -> int:
        """Records of one face cluster become records of another (two clusters merged)."""
        with self._write() as cursor:
            cursor.execute(
                self._sql("UPDATE records SET cluster_id = ? WHERE cluster_id = ?"),
                (into, cluster_id),
            )
            return int(cursor.rowcount)

    def name_cluster(self, cluster_id: str, person_id: str) -> int:
        """The unidentified records of a face cluster were this person."""
        with self._write() as cursor:
            cursor.execute(
                self._sql(
                    "UPDATE records SET person_id = ? WHERE cluster_id = ? AND person_id IS NULL"
                ),
                (person_id, cluster_id),
            )
            return int(cursor.rowcount)

    def set_identity(
        self, record_id: int, *, person_id: str | None, cluster_id: str | None
    ) -> bool:
        """Correct who a record shows ("not this person"); False when there is no such record."""
        with self._write() as cursor:
            cursor.execute(
                self._sql("UPDATE records SET person_id = ?, cluster_id = ? WHERE id = ?"),
                (person_id, cluster_id, record_id),
            )
            return int(cursor.rowcount) > 0

    def _where(self, query: RecordQuery) -> tuple[list[str], list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("person_id", query.person_id),
            ("cluster_id", query.cluster_id),
            ("plate", compact_plate(query.plate) if query.plate else None),
            ("device", query.device),
            ("kind", query.kind.value if query.kind else None),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if query.start is not None:
            where.append("time >= ?")
            params.append(self._time_param(query.start))
        if query.end is not None:
            where.append("time < ?")
            params.append(self._time_param(query.end))
        return where, params

    def _record(self, row: Sequence[Any]) -> Record:
        rid, time, kind, device, person, cluster, plate, outcome, reason, attrs, images = row
        return Record(
            id=int(rid),
            time=self._time_value(time),
            kind=RecordKind(kind),
            device=device,
            person_id=person,
            cluster_id=cluster,
            plate=plate,
            outcome=outcome,
            reason=reason,
            attributes=self._json_value(attrs),
            images=tuple(ImageRef(path, sha) for path, sha in self._json_value(images)),
        )

    # --- housekeeping -------------------------------------------------------------------
    def purge(self, retention: Retention, now: datetime) -> PurgeResult:
        """Delete records older than the retention and the pictures no record uses any more.

        Works in batches so neither database holds one huge transaction; files are
        deleted only after their batch committed, so a failed purge keeps them.
        """
        boundary = self._time_param(retention.cutoff(now))
        records = images = freed = 0
        while True:
            with self._image_lock:
                deleted, paths = self._purge_batch(boundary)
                for path in paths:
                    freed += self.images.delete(path)
            records += deleted
            images += len(paths)
            if deleted < PURGE_BATCH:
                return PurgeResult(records=records, images=images, image_bytes=freed)

    def _purge_batch(self, boundary: Any) -> tuple[int, list[str]]:
        with self._write() as cursor:
            cursor.execute(
                self._sql("SELECT id FROM records WHERE time < ? ORDER BY time LIMIT ?"),
                (boundary, PURGE_BATCH),
            )
            ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                return 0, []
            in_ids = f"IN ({', '.join('?' * len(ids))})"
            cursor.execute(
                self._sql(f"SELECT DISTINCT sha256 FROM record_images WHERE record_id {in_ids}"),
                ids,
            )
            shas = [row[0] for row in cursor.fetchall()]
            cursor.execute(self._sql(f"DELETE FROM record_images WHERE record_id {in_ids}"), ids)
            cursor.execute(self._sql(f"DELETE FROM records WHERE id {in_ids}"), ids)
            paths: list[str] = []
            for sha in shas:
                cursor.execute(
                    self._sql(
                        "DELETE FROM images WHERE sha256 = ? AND NOT EXISTS "
                        "(SELECT 1 FROM record_images WHERE sha256 = ?) RETURNING path"
                    ),
                    (sha, sha),
                )
                row = cursor.fetchone()
                if row is not None:
                    paths.append(row[0])
        return len(ids), paths

    def count(self) -> int:
        """Number of records."""
        with self._read() as cursor:
            cursor.execute("SELECT count(*) FROM records")
            return int(cursor.fetchone()[0])

    def disk_usage(self) -> DiskUsage:
        """Bytes of the database plus the image files it references."""
        with self._read() as cursor:
            cursor.execute("SELECT COALESCE(SUM(size), 0) FROM images")
            image_bytes = int(cursor.fetchone()[0])
        return DiskUsage(database_bytes=self._database_bytes(), image_bytes=image_bytes)


def _fields(record: NewRecord) -> dict[str, Any]:
    return {
        "time": record.time,
        "kind": record.kind,
        "device": record.device,
        "person_id": record.person_id,
        "cluster_id": record.cluster_id,
        "plate": record.plate,
        "outcome": record.outcome,
        "reason": record.reason,
        "attributes": without_embeddings(record.attributes),
    }


def _query_fields(query: RecordQuery) -> dict[str, Any]:
    return {
        "person_id": query.person_id,
        "cluster_id": query.cluster_id,
        "plate": query.plate,
        "device": query.device,
        "kind": query.kind,
        "start": query.start,
        "end": query.end,
        "limit": query.limit,
        "cursor": query.cursor,
    }
