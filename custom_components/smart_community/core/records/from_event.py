"""A ``DeviceEvent`` as a record to add (the pictures travel alongside)."""

from __future__ import annotations

from ..events import DeviceEvent
from .models import NewRecord, RecordKind


def record_from_event(
    event: DeviceEvent,
    kind: RecordKind,
    *,
    outcome: str | None = None,
    reason: str | None = None,
    cluster_id: str | None = None,
) -> NewRecord:
    """Copy the event's identity fields; the rest goes into ``attributes``."""
    attributes = dict(event.attributes)
    for name in ("event_type", "similarity", "confidence", "liveness", "door", "method"):
        value = getattr(event, name)
        if value not in (None, ""):
            attributes[name] = value
    for name in ("direction", "plate_color", "source"):
        value = getattr(event, name)
        if value:
            attributes[name] = value
    return NewRecord(
        time=event.time,
        kind=kind,
        device=event.device_id,
        person_id=event.person_id,
        cluster_id=cluster_id,
        plate=event.plate,
        outcome=outcome,
        reason=reason,
        attributes=attributes,
    )
