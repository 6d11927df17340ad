"""The ``RecordStore`` interface and ``open_store`` choosing the backend by URL.

- ``sqlite:///absolute/path/records.db`` (``sqlite:////…`` is accepted too)
- ``postgresql://user@host:port/dbname`` (or ``postgres://``; any libpq URI)

The API is synchronous and thread-safe; Home Assistant calls it in an executor.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

from ..events import EventImage
from .errors import RecordsError
from .image_files import ImageFiles
from .models import (
    ClusterStats,
    DiskUsage,
    NewRecord,
    PurgeResult,
    Record,
    RecordPage,
    RecordQuery,
    TrajectoryPoint,
)
from .retention import Retention


class RecordStore(Protocol):
    """What Home Assistant (and the benchmark) use; both backends pass the same contract."""

    images: ImageFiles  # the pictures' folder (served by HA's authenticated views)

    def add(self, record: NewRecord, images: Sequence[EventImage] = ()) -> Record:
        """Store one record with its pictures, atomically."""

    def add_many(self, records: Iterable[NewRecord]) -> int:
        """Store many records without pictures."""

    def bulk_load(self, records: Iterable[NewRecord]) -> int:
        """``add_many`` with index rebuild, for imports."""

    def add_many_returning(self, records: Sequence[NewRecord]) -> list[Record]:
        """Store image-less records in one transaction; them with their ids."""

    def image_path(self, sha256: str) -> str | None:
        """Where a stored picture is (relative to the image folder)."""

    def cluster_stats(self, cluster_ids: Sequence[str]) -> dict[str, ClusterStats]:
        """Visits, first / last sighting and devices per face cluster."""

    def relabel_cluster(self, cluster_id: str, into: str) -> int:
        """Move a cluster's records to another cluster."""

    def name_cluster(self, cluster_id: str, person_id: str) -> int:
        """Give a cluster's unidentified records a person."""

    def set_identity(
        self, record_id: int, *, person_id: str | None, cluster_id: str | None
    ) -> bool:
        """Correct a record's person and cluster."""

    def get(self, record_id: int, *, admin: bool = False) -> Record | None:
        """One record."""

    def search(self, query: RecordQuery, *, admin: bool = False) -> RecordPage:
        """One page of matches, newest first."""

    def iter_records(self, query: RecordQuery, *, admin: bool = False) -> Iterator[Record]:
        """All matches, newest first."""

    def trajectory(
        self,
        *,
        start: datetime,
        end: datetime,
        person_id: str | None = None,
        cluster_id: str | None = None,
    ) -> list[TrajectoryPoint]:
        """A person's or face cluster's sightings in time order."""

    def purge(self, retention: Retention, now: datetime) -> PurgeResult:
        """Delete what the retention no longer keeps."""

    def count(self) -> int:
        """Number of records."""

    def disk_usage(self) -> DiskUsage:
        """Database and image bytes."""

    def close(self) -> None:
        """Release connections."""


def open_store(url: str, images_dir: Path) -> RecordStore:
    """Open (creating tables and indexes if needed) the store ``url`` names."""
    if url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://")
        if path.startswith("//"):
            path = path[1:]
        if not path.startswith("/") or path == "/":
            raise RecordsError("invalid_store_url", url=url)
        from .sqlite_store import SqliteRecordStore  # noqa: PLC0415  (one backend loaded)

        return SqliteRecordStore(Path(path), images_dir)
    if url.startswith(("postgresql://", "postgres://")):
        from .postgres_store import PostgresRecordStore  # noqa: PLC0415  (psycopg only for PostgreSQL)

        return PostgresRecordStore(url, images_dir)
    raise RecordsError("invalid_store_url", url=url.rsplit("@", maxsplit=1)[-1])
