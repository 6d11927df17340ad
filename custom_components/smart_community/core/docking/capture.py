"""What the integration hands to the docking: one capture record with its pictures.

A :class:`Capture` is built from the shared :class:`DeviceEvent` (face captures and
matches, vehicle passes) plus the record's stable key (the records database row ID), which
the outbox uses so that enqueuing the same record twice never creates a second upstream
object.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from ..events import DeviceEvent, EventImage, EventKind, ImageType


class CaptureKind(StrEnum):
    """Which view-library resource a capture goes to."""

    FACE = "face"  # /VIID/Faces
    MOTOR_VEHICLE = "motor_vehicle"  # /VIID/MotorVehicles
    PERSON = "person"  # /VIID/Persons


class NotDockable(ValueError):
    """The event is not something the police view library takes."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Capture:
    """One record to push upstream."""

    record_key: str
    kind: CaptureKind
    device_id: str  # 20-digit GB/T 28181 code of the capturing device
    time: datetime  # timezone-aware shot time
    images: tuple[EventImage, ...] = ()
    plate: str | None = None
    plate_color: str | None = None


_KIND_BY_EVENT = {
    EventKind.FACE_CAPTURE: CaptureKind.FACE,
    EventKind.FACE_MATCH: CaptureKind.FACE,
    EventKind.VEHICLE: CaptureKind.MOTOR_VEHICLE,
}


def capture_from_event(
    event: DeviceEvent, *, record_key: str, device_id: str | None = None
) -> Capture:
    """Map a decoded event to a capture; ``device_id`` overrides the sender's id.

    The HA layer passes the register's 20-digit code when the device sent a MAC or IP.
    """
    kind = _KIND_BY_EVENT.get(event.kind)
    if kind is None:
        raise NotDockable(f"{event.kind} events are not pushed to the view library")
    if event.time.tzinfo is None:
        raise NotDockable("event time must be timezone-aware")
    code = device_id or event.device_id
    if not (len(code) == 20 and code.isdigit()):
        raise NotDockable(f"device {code!r} has no 20-digit GB/T 28181 code")
    if kind is CaptureKind.MOTOR_VEHICLE and not event.plate and not event.images:
        raise NotDockable("a vehicle pass needs a plate or a picture")
    return Capture(
        record_key=record_key,
        kind=kind,
        device_id=code,
        time=event.time,
        images=_scene_first(event.images),
        plate=event.plate,
        plate_color=event.plate_color,
    )


def _scene_first(images: tuple[EventImage, ...]) -> tuple[EventImage, ...]:
    # The object's SourceID is the first picture's ImageID; GA/T 1400 wants the scene there.
    return tuple(sorted(images, key=lambda image: image.type is not ImageType.SCENE))
