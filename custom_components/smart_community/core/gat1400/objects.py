"""GA/T 1400 data objects into DeviceEvents.

``FaceObject`` (GA/T 1400.3): ``FaceID``, ``DeviceID``, ``ShotTime`` / ``FaceAppearTime`` /
``LocationMarkTime`` (``YYYYMMDDhhmmss``; epoch milliseconds from some platforms), face box
``LeftTopX``.., ``SubImageList.SubImageInfoObject[]`` with ``Type`` (11 face, 14 scene ...),
``Data`` (base64), ``ShotTime``. Matched faces may carry ``SimilaryDegree`` / ``Similarity``.

``MotorVehicleObject``: ``MotorVehicleID``, ``DeviceID``, ``TollgateID``, ``PlateNo``,
``PlateColor`` (colour code), ``PassTime``, ``LaneNo``, ``Direction``, ``PlateReliability``,
``SubImageList`` (01 vehicle, 02 plate ...).

Vendors differ: ``SubImageList`` may be the list itself, keys vary in case, times may be
numbers. Each object decodes on its own so one bad picture fails one object only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..events import DeviceEvent, EventImage, EventKind
from ..protocols.errors import DecodeError
from ..protocols.images import decode_base64_image, make_image
from ..protocols.keys import as_list, pick, pick_str
from ..protocols.limits import DEFAULT_LIMITS, check_count
from ..protocols.numbers import finite_number, fraction
from ..protocols.plate_colors import normalise_plate_color
from ..protocols.timeparse import parse_time
from .codes import sub_image_type

SOURCE = "gat1400"
_NO_PLATE = {"", "无车牌", "未识别", "车牌", "unknown", "00000000", "-"}


def sub_images(obj: Mapping[str, Any], *, max_image_bytes: int) -> tuple[list[EventImage], Any]:
    """Decoded pictures of ``SubImageList`` and the first picture's ``ShotTime``."""
    container = pick(obj, "SubImageList")
    items = pick(container, "SubImageInfoObject") if isinstance(container, Mapping) else container
    images: list[EventImage] = []
    shot_time: Any = None
    listed = as_list(items)
    check_count(len(listed), DEFAULT_LIMITS.max_images, "pictures")
    for index, item in enumerate(listed):
        if not isinstance(item, Mapping):
            raise DecodeError("expected an object", field=f"SubImageInfoObject[{index}]")
        shot_time = shot_time or pick(item, "ShotTime")
        data = pick(item, "Data")
        if data is None:
            continue  # picture stored elsewhere (StoragePath only)
        raw = decode_base64_image(
            data, max_bytes=max_image_bytes, field=f"SubImageInfoObject[{index}].Data"
        )
        images.append(make_image(sub_image_type(pick(item, "Type")), raw))
    return images, shot_time


def _time(obj: Mapping[str, Any], names: tuple[str, ...], fallback: Any) -> Any:
    value = pick(obj, *names) or fallback
    if value is None:
        raise DecodeError(f"no time ({' / '.join(names)})")
    return parse_time(value, field=names[0])


def _similarity(value: Any) -> float | None:
    return fraction(value, "Similarity")


def _bbox(obj: Mapping[str, Any]) -> list[int] | None:
    values = [pick(obj, name) for name in ("LeftTopX", "LeftTopY", "RightBtmX", "RightBtmY")]
    if any(value is None for value in values):
        return None
    try:
        x1, y1, x2, y2 = (int(value) for value in values)
    except (TypeError, ValueError):
        return None
    return [x1, y1, x2 - x1, y2 - y1] if x2 > x1 and y2 > y1 else None


def _device_id(obj: Mapping[str, Any], default: str) -> str:
    return pick_str(obj, "DeviceID", "TollgateID", "SourceID") or default


def face_event(obj: object, *, max_image_bytes: int, device_id: str = "") -> DeviceEvent:
    """A ``FaceObject`` as FACE_CAPTURE (or FACE_MATCH when it names a person)."""
    if not isinstance(obj, Mapping):
        raise DecodeError("FaceObject must be an object")
    images, shot_time = sub_images(obj, max_image_bytes=max_image_bytes)
    time = _time(obj, ("ShotTime", "FaceAppearTime", "LocationMarkTime", "MarkTime"), shot_time)
    person_id = pick_str(obj, "PersonID", "IDNumber", "MatchPersonID")
    attributes: dict[str, Any] = {}
    if face_id := pick_str(obj, "FaceID"):
        attributes["face_id"] = face_id
    if bbox := _bbox(obj):
        attributes["bbox"] = bbox
    return DeviceEvent(
        kind=EventKind.FACE_MATCH if person_id else EventKind.FACE_CAPTURE,
        device_id=_device_id(obj, device_id),
        time=time,
        event_type="face_match" if person_id else "face_capture",
        person_id=person_id,
        person_name=pick_str(obj, "Name", "PersonName"),
        similarity=_similarity(pick(obj, "SimilaryDegree", "Similarity", "SimilarityDegree")),
        images=tuple(images),
        attributes=attributes,
        source=SOURCE,
    )


def vehicle_event(obj: object, *, max_image_bytes: int, device_id: str = "") -> DeviceEvent:
    """A ``MotorVehicleObject`` as a VEHICLE event."""
    if not isinstance(obj, Mapping):
        raise DecodeError("MotorVehicleObject must be an object")
    images, shot_time = sub_images(obj, max_image_bytes=max_image_bytes)
    time = _time(obj, ("PassTime", "MarkTime", "AppearTime"), shot_time)
    plate = pick_str(obj, "PlateNo")
    if plate is not None and plate.lower() in _NO_PLATE:
        plate = None
    attributes: dict[str, Any] = {}
    if vehicle_id := pick_str(obj, "MotorVehicleID"):
        attributes["motor_vehicle_id"] = vehicle_id
    if has_plate := pick_str(obj, "HasPlate"):
        attributes["has_plate"] = has_plate in ("1", "true", "True")
    if direction := pick_str(obj, "Direction"):
        attributes["direction_code"] = direction  # compass code 1..9, not in/out
    if plate_class := pick_str(obj, "PlateClass"):
        attributes["plate_class"] = plate_class
    reliability = finite_number(pick(obj, "PlateReliability"), "PlateReliability")
    if reliability is not None and not 0 <= reliability <= 100:
        raise DecodeError(f"{reliability} is not a percentage", field="PlateReliability")
    confidence = None if reliability is None else reliability / 100
    return DeviceEvent(
        kind=EventKind.VEHICLE,
        device_id=_device_id(obj, device_id),
        time=time,
        event_type="plate_read" if plate else "vehicle_pass",
        plate=plate,
        plate_color=normalise_plate_color(pick(obj, "PlateColor"), gat1400_codes=True),
        confidence=confidence,
        door=pick_str(obj, "LaneNo"),
        images=tuple(images),
        attributes=attributes,
        source=SOURCE,
    )


def person_event(obj: object, *, max_image_bytes: int, device_id: str = "") -> DeviceEvent:
    """A ``PersonObject`` (whole-body capture): understood, not acted on (OTHER)."""
    return _other_event(
        obj,
        "person",
        ("ShotTime", "PersonAppearTime", "LocationMarkTime", "MarkTime"),
        max_image_bytes,
        device_id,
    )


def non_motor_vehicle_event(
    obj: object, *, max_image_bytes: int, device_id: str = ""
) -> DeviceEvent:
    """A ``NonMotorVehicleObject`` (bicycle, e-bike): understood, not acted on (OTHER)."""
    return _other_event(
        obj,
        "non_motor_vehicle",
        ("ShotTime", "AppearTime", "MarkTime", "PassTime"),
        max_image_bytes,
        device_id,
    )


def _other_event(
    obj: object,
    event_type: str,
    time_names: tuple[str, ...],
    max_image_bytes: int,
    device_id: str,
) -> DeviceEvent:
    if not isinstance(obj, Mapping):
        raise DecodeError(f"{event_type} object must be an object")
    images, shot_time = sub_images(obj, max_image_bytes=max_image_bytes)
    return DeviceEvent(
        kind=EventKind.OTHER,
        device_id=_device_id(obj, device_id),
        time=_time(obj, time_names, shot_time),
        event_type=event_type,
        images=tuple(images),
        source=SOURCE,
    )


def object_id(obj: object, *names: str) -> str:
    """The object's id for its ResponseStatusObject (``""`` when it has none)."""
    return pick_str(obj, *names) or ""
