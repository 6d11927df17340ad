"""What a record is, how to ask for records, and what comes back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from .errors import RecordsError


class RecordKind(StrEnum):
    """Everything the community must keep a record of."""

    FACE_CAPTURE = "face_capture"
    RECOGNITION = "recognition"
    PLATE_READ = "plate_read"
    DOOR_OPEN = "door_open"
    TURNSTILE_OPEN = "turnstile_open"
    BARRIER_OPEN = "barrier_open"
    DENIAL = "denial"
    ALERT = "alert"  # watch-list hit at a device
    ALARM = "alarm"
    PATROL_CHECK_IN = "patrol_check_in"


@dataclass(frozen=True, slots=True)
class ImageRef:
    """A stored picture: path relative to the image base dir, and its SHA-256 (hex)."""

    path: str
    sha256: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NewRecord:
    """A record to add. ``time`` must be timezone-aware; it is stored in UTC."""

    time: datetime
    kind: RecordKind
    device: str = ""
    person_id: str | None = None
    cluster_id: str | None = None  # face cluster of an unidentified face
    plate: str | None = None
    outcome: str | None = None  # allow / deny / alert, or the device's own word
    reason: str | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.time.tzinfo is None:
            raise RecordsError("naive_time", time=self.time.isoformat())


@dataclass(frozen=True, slots=True, kw_only=True)
class Record(NewRecord):
    """A stored record."""

    id: int
    images: tuple[ImageRef, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordQuery:
    """Filters (all optional, combined with AND), time range ``[start, end)``, newest first.

    ``cursor`` is the ``next_cursor`` of the previous page.
    """

    person_id: str | None = None
    cluster_id: str | None = None
    plate: str | None = None
    device: str | None = None
    kind: RecordKind | None = None
    start: datetime | None = None
    end: datetime | None = None
    limit: int = 50
    cursor: str | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= 10_000:
            raise RecordsError("invalid_query", field="limit")
        for moment in (self.start, self.end):
            if moment is not None and moment.tzinfo is None:
                raise RecordsError("naive_time", time=moment.isoformat())
        if self.start and self.end and self.end < self.start:
            raise RecordsError("invalid_query", field="end")


@dataclass(frozen=True, slots=True)
class RecordPage:
    """One page; ``next_cursor`` is ``None`` on the last page."""

    records: tuple[Record, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class TrajectoryPoint:
    """Where a person or face cluster was seen."""

    time: datetime
    device: str
    kind: RecordKind


@dataclass(frozen=True, slots=True)
class ClusterStats:
    """What the records say about one face cluster: how often, when, where."""

    cluster_id: str
    visits: int
    first_seen: datetime
    last_seen: datetime
    devices: tuple[str, ...]  # every device that saw it, most recent first


@dataclass(frozen=True, slots=True)
class PurgeResult:
    """What a purge removed."""

    records: int
    images: int
    image_bytes: int


@dataclass(frozen=True, slots=True)
class DiskUsage:
    """Bytes used by the database and by the image files."""

    database_bytes: int
    image_bytes: int

    @property
    def total_bytes(self) -> int:
        """Database plus images."""
        return self.database_bytes + self.image_bytes
