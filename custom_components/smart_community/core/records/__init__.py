"""Records: every capture, recognition, opening, denial, alarm and patrol check-in."""

from ..standard import MIN_RETENTION_DAYS
from .errors import RecordsError
from .export import export_records
from .from_event import record_from_event
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
from .store import RecordStore, open_store

__all__ = [
    "MIN_RETENTION_DAYS",
    "ClusterStats",
    "DiskUsage",
    "ImageRef",
    "NewRecord",
    "PurgeResult",
    "Record",
    "RecordKind",
    "RecordPage",
    "RecordQuery",
    "RecordStore",
    "RecordsError",
    "Retention",
    "TrajectoryPoint",
    "export_records",
    "open_store",
    "record_from_event",
]
