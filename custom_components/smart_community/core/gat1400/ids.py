"""Object identifiers of the view library (GA/T 1400.1, coding per GA/T 2000.248).

A *basic object* (image, video slice, file) has a 41-digit ID::

    positions  1-20  device / system code (GB/T 28181 20-digit code of the capturing device)
    positions 21-22  sub-type: 01 video slice, 02 image, 03 file, 99 other
    positions 23-36  time the object was produced, YYYYMMDDhhmmss
    positions 37-41  serial number of the basic object

A *semantic attribute object* found in it (person, motor vehicle, face ...) has a 48-digit
ID: the 41-digit basic object ID it belongs to, then::

    positions 42-43  object type: 01 person, 02 motor vehicle, 03 non-motor vehicle,
                     04 thing, 05 scene, 06 face, 07 video-image tag, 99 other
    positions 44-48  serial number of the object inside the basic object

So ``FaceID = SourceID + "06" + serial`` where ``SourceID`` is the scene image's
``ImageID``. The IDs are derived only from the record (device, shot time, serial the
outbox stored with it), never from the time of sending, so a retry carries the same IDs
and the view library recognises it as a duplicate.

>>> src = basic_object_id("34010200001190000001", BasicType.IMAGE, "20240501083000", 7)
>>> src
'34010200001190000001022024050108300000007'
>>> semantic_object_id(src, ObjectType.FACE, 1)
'340102000011900000010220240501083000000070600001'
>>> parse_object_id('340102000011900000010220240501083000000070600001').object_type
<ObjectType.FACE: '06'>
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

BASIC_ID_LENGTH = 41
OBJECT_ID_LENGTH = 48
MAX_SERIAL = 99_999
_TIME = re.compile(r"^\d{14}$")


class BasicType(StrEnum):
    """Sub-type of a basic object (positions 21-22)."""

    VIDEO_SLICE = "01"
    IMAGE = "02"
    FILE = "03"
    OTHER = "99"


class ObjectType(StrEnum):
    """Type of a semantic attribute object (positions 42-43)."""

    PERSON = "01"
    MOTOR_VEHICLE = "02"
    NON_MOTOR_VEHICLE = "03"
    THING = "04"
    SCENE = "05"
    FACE = "06"
    TAG = "07"
    OTHER = "99"


class InvalidObjectId(ValueError):
    """An ID segment is malformed; the message says which one."""


@dataclass(frozen=True, slots=True)
class ObjectId:
    """The parts of a 41- or 48-digit ID."""

    device_id: str
    basic_type: BasicType
    time: str
    basic_serial: int
    object_type: ObjectType | None = None
    object_serial: int | None = None


def _check_serial(serial: int, what: str) -> None:
    if not 0 < serial <= MAX_SERIAL:
        raise InvalidObjectId(f"{what} serial {serial} is outside 1..{MAX_SERIAL}")


def basic_object_id(device_id: str, basic_type: BasicType, time: str, serial: int) -> str:
    """The 41-digit ID of an image / video slice / file."""
    if not (len(device_id) == 20 and device_id.isdigit()):
        raise InvalidObjectId(f"device code {device_id!r} must be 20 digits (positions 1-20)")
    if not _TIME.match(time):
        raise InvalidObjectId(f"time {time!r} must be YYYYMMDDhhmmss (positions 23-36)")
    _check_serial(serial, "basic object")
    return f"{device_id}{basic_type.value}{time}{serial:05d}"


def semantic_object_id(basic_id: str, object_type: ObjectType, serial: int) -> str:
    """The 48-digit ID of a person / vehicle / face found in a basic object."""
    parse_object_id(basic_id)
    if len(basic_id) != BASIC_ID_LENGTH:
        raise InvalidObjectId("a semantic object belongs to a 41-digit basic object")
    _check_serial(serial, "object")
    return f"{basic_id}{object_type.value}{serial:05d}"


def parse_object_id(value: str) -> ObjectId:
    """Split and validate a 41- or 48-digit ID."""
    if len(value) not in (BASIC_ID_LENGTH, OBJECT_ID_LENGTH):
        raise InvalidObjectId(f"length {len(value)}, expected 41 or 48")
    if not value.isdigit():
        raise InvalidObjectId("an object ID has only digits")
    try:
        basic_type = BasicType(value[20:22])
    except ValueError as err:
        raise InvalidObjectId(f"sub-type {value[20:22]} (positions 21-22) unknown") from err
    out = ObjectId(
        device_id=value[:20],
        basic_type=basic_type,
        time=value[22:36],
        basic_serial=int(value[36:41]),
    )
    if len(value) == BASIC_ID_LENGTH:
        return out
    try:
        object_type = ObjectType(value[41:43])
    except ValueError as err:
        raise InvalidObjectId(f"object type {value[41:43]} (positions 42-43) unknown") from err
    return ObjectId(
        device_id=out.device_id,
        basic_type=basic_type,
        time=out.time,
        basic_serial=out.basic_serial,
        object_type=object_type,
        object_serial=int(value[43:48]),
    )
