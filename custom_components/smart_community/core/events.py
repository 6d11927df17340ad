"""The one typed event every transport decodes into and everything downstream consumes."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any


class EventKind(StrEnum):
    """Coarse kind of a device event (``scripts/decode`` prints it as ``kind``)."""

    FACE_CAPTURE = "face_capture"  # a face was captured, not (yet) identified
    FACE_MATCH = "face_match"  # the device or the engine identified a person
    VEHICLE = "vehicle"  # a plate was read / a vehicle passed
    ACCESS = "access"  # door, turnstile or barrier: verified, denied, passage, forced ...
    ALARM = "alarm"  # smoke, manhole, perimeter, falling object, tamper ...
    STATE = "state"  # a state report: online, door open, vehicle present, meter reading ...
    OTHER = "other"  # understood envelope, nothing the integration acts on (keepalive ...)


class ImageType(StrEnum):
    """What an attached picture shows (GA/T 1400 SubImageInfo types, simplified)."""

    FACE = "face"  # face crop
    SCENE = "scene"  # full scene
    PLATE = "plate"  # plate crop
    VEHICLE = "vehicle"  # vehicle crop
    OTHER = "other"
    CLIP = "clip"  # a video clip (MP4) kept as evidence: the integration's own analysis


@dataclass(frozen=True, slots=True)
class EventImage:
    """One picture attached to an event, as raw bytes (normally JPEG; a CLIP is MP4)."""

    type: ImageType
    data: bytes
    content_type: str = "image/jpeg"


@dataclass(frozen=True, slots=True, kw_only=True)
class DeviceEvent:
    """A decoded device message.

    ``device_id`` is the sender's id: the 20-digit GB/T 28181 code when the device sends
    one, else whatever the protocol carries (MAC, serial, ISAPI ipAddress); the hub maps
    it to a register row. ``time`` is always timezone-aware.
    """

    kind: EventKind
    device_id: str
    time: datetime
    event_type: str = ""  # finer type: "smoke", "passage", "forced", "meter_reading" ...
    plate: str | None = None
    plate_color: str | None = None  # blue, yellow, green, white, black, yellow_green
    person_id: str | None = None
    person_name: str | None = None
    similarity: float | None = None
    confidence: float | None = None
    liveness: bool | None = None
    door: str | None = None  # door / lane / channel number as the device names it
    method: str | None = None  # face, ic_card, id_card, fingerprint, voiceprint, qr, remote
    direction: str | None = None  # in / out
    images: tuple[EventImage, ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict)
    source: str = ""  # transport that delivered it: mqtt, gat1400, isapi, dahua, rs485

    def to_json(self, *, with_image_bytes: bool = False) -> dict[str, Any]:
        """JSON-ready form; images as ``{type, bytes}`` (length, or base64 when asked)."""
        out: dict[str, Any] = {
            "kind": self.kind.value,
            "device_id": self.device_id,
            "time": self.time.isoformat(),
        }
        if self.event_type:
            out["event_type"] = self.event_type
        for name in (
            "plate",
            "plate_color",
            "person_id",
            "person_name",
            "similarity",
            "confidence",
            "liveness",
            "door",
            "method",
            "direction",
        ):
            value = getattr(self, name)
            if value is not None:
                out[name] = value
        if self.images:
            out["images"] = [
                {
                    "type": image.type.value,
                    "bytes": base64.b64encode(image.data).decode()
                    if with_image_bytes
                    else len(image.data),
                }
                for image in self.images
            ]
        if self.attributes:
            out["attributes"] = self.attributes
        if self.source:
            out["source"] = self.source
        return out


RECOGNISED_BY_ENGINE = "engine"  # ``recognised_by`` of the integration's own recognition

#: Attributes only the integration sets (the access decision, the car park, recognition).
#: A device that sends them is ignored on these keys: a payload never decides.
INTEGRATION_ATTRIBUTES = frozenset(
    {
        "decision",
        "decision_reason",
        "person_name",
        "role",
        "granted_as",
        "re_entry",
        "parking_free",
        "entered_at",
        "free_spaces",
        "fee",
        "paid",
        "unpaid",
        "parked_minutes",
        "recognised_by",
        "cluster_id",
        "margin",
        "liveness_reason",
        "quality_ok",
        "quality_issues",
        # recognition's evidence for the access decision (README "Recognition")
        "face_verdict",
        "face_band",
        "face_threshold",
        "match_id",
        "plate_uncertain",
        "plate_certain",
        "voice_verdict",
        "voice_margin",
        "digits_verified",
        # the integration's own video analysis (a falling-object throw's floor in the console)
        "detected_by",
    }
)


def as_received(event: DeviceEvent) -> DeviceEvent:
    """The event without attributes a device may not set (see INTEGRATION_ATTRIBUTES)."""
    if not INTEGRATION_ATTRIBUTES & event.attributes.keys():
        return event
    kept = {k: v for k, v in event.attributes.items() if k not in INTEGRATION_ATTRIBUTES}
    return replace(event, attributes=kept)
