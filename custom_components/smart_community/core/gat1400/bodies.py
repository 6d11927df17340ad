"""GA/T 1400 request bodies: which envelope a body is and the outcome of each object in it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from ..events import DeviceEvent, EventKind
from ..protocols.errors import DecodeError
from ..protocols.keys import as_list, pick, pick_str
from ..protocols.limits import DEFAULT_LIMITS, check_count
from ..protocols.timeparse import now_local, parse_time
from .objects import (
    SOURCE,
    face_event,
    non_motor_vehicle_event,
    object_id,
    person_event,
    vehicle_event,
)


class BodyKind(StrEnum):
    """The envelope of a body (one per endpoint)."""

    REGISTER = "register"
    KEEPALIVE = "keepalive"
    UNREGISTER = "unregister"
    FACES = "faces"
    VEHICLES = "vehicles"
    PERSONS = "persons"
    NON_MOTOR_VEHICLES = "non_motor_vehicles"
    NOTIFICATIONS = "notifications"


_ENVELOPES: dict[str, BodyKind] = {
    "registerobject": BodyKind.REGISTER,
    "keepaliveobject": BodyKind.KEEPALIVE,
    "unregisterobject": BodyKind.UNREGISTER,
    "facelistobject": BodyKind.FACES,
    "motorvehiclelistobject": BodyKind.VEHICLES,
    "personlistobject": BodyKind.PERSONS,
    "nonmotorvehiclelistobject": BodyKind.NON_MOTOR_VEHICLES,
    "subscribenotificationlistobject": BodyKind.NOTIFICATIONS,
}


# Envelope kind -> (list key, item key, decoder, id key) of the object lists.
_LISTS: dict[BodyKind, tuple[str, str, Callable[..., DeviceEvent], str]] = {
    BodyKind.FACES: ("FaceListObject", "FaceObject", face_event, "FaceID"),
    BodyKind.VEHICLES: (
        "MotorVehicleListObject",
        "MotorVehicleObject",
        vehicle_event,
        "MotorVehicleID",
    ),
    BodyKind.PERSONS: ("PersonListObject", "PersonObject", person_event, "PersonID"),
    BodyKind.NON_MOTOR_VEHICLES: (
        "NonMotorVehicleListObject",
        "NonMotorVehicleObject",
        non_motor_vehicle_event,
        "NonMotorVehicleID",
    ),
}
# The same lists embedded in a SubscribeNotificationObject.
_EMBEDDED: tuple[tuple[tuple[str, ...], BodyKind], ...] = (
    (("FaceObjectList", "FaceListObject"), BodyKind.FACES),
    (("MotorVehicleObjectList", "MotorVehicleListObject"), BodyKind.VEHICLES),
    (("PersonObjectList", "PersonListObject"), BodyKind.PERSONS),
    (("NonMotorVehicleObjectList", "NonMotorVehicleListObject"), BodyKind.NON_MOTOR_VEHICLES),
)


@dataclass(frozen=True, slots=True)
class ObjectOutcome:
    """One object of a body: its id, its events, or the error that rejected it."""

    id: str
    events: tuple[DeviceEvent, ...] = ()
    error: DecodeError | None = None


@dataclass(frozen=True, slots=True)
class DecodedBody:
    """A body's envelope kind, the sender (for System bodies) and its objects' outcomes."""

    kind: BodyKind
    device_id: str
    outcomes: tuple[ObjectOutcome, ...]

    @property
    def events(self) -> list[DeviceEvent]:
        """Events of the objects that decoded."""
        return [event for outcome in self.outcomes for event in outcome.events]

    @property
    def errors(self) -> list[str]:
        """One line per rejected object."""
        return [
            f"{outcome.id or '?'}: {outcome.error}" for outcome in self.outcomes if outcome.error
        ]


def body_kind(document: object) -> BodyKind:
    """The envelope of a parsed JSON body."""
    if isinstance(document, list):
        first = document[0] if document else {}
        if pick(first, "PlateNo", "MotorVehicleID", "PassTime") is not None:
            return BodyKind.VEHICLES
        if pick(first, "FaceID", "FaceAppearTime") is not None:
            return BodyKind.FACES
        raise DecodeError("a bare list of neither FaceObject nor MotorVehicleObject")
    if isinstance(document, Mapping):
        for key in document:
            kind = _ENVELOPES.get(str(key).replace("_", "").lower())
            if kind:
                return kind
    raise DecodeError("no GA/T 1400 envelope (FaceListObject, MotorVehicleListObject ...)")


def _list_items(document: object, list_name: str, item_name: str) -> list[Any]:
    if isinstance(document, list):
        return document
    container = pick(document, list_name)
    if isinstance(container, list):
        return container
    if not isinstance(container, Mapping):
        raise DecodeError(f"{list_name} must be an object")
    return as_list(pick(container, item_name))


def _decode_each(
    items: list[Any],
    decode: Callable[..., DeviceEvent],
    id_names: tuple[str, ...],
    label: str,
    max_image_bytes: int,
) -> list[ObjectOutcome]:
    outcomes = []
    for index, item in enumerate(items):
        oid = object_id(item, *id_names) if isinstance(item, Mapping) else ""
        try:
            event = decode(item, max_image_bytes=max_image_bytes)
        except DecodeError as err:
            where = DecodeError(
                err.reason, field=f"{label}[{index}]" + (f".{err.field}" if err.field else "")
            )
            outcomes.append(ObjectOutcome(id=oid, error=where))
        else:
            outcomes.append(ObjectOutcome(id=oid, events=(event,)))
    return outcomes


def _system_event(kind: BodyKind, device_id: str, now: datetime) -> DeviceEvent:
    return DeviceEvent(
        kind=EventKind.OTHER, device_id=device_id, time=now, event_type=kind.value, source=SOURCE
    )


def _notification(note: object, index: int, max_image_bytes: int) -> ObjectOutcome:
    if not isinstance(note, Mapping):
        return ObjectOutcome(
            id="", error=DecodeError("expected an object", field=f"Notification[{index}]")
        )
    oid = pick_str(note, "NotificationID", "SubscribeID") or ""
    inner: list[ObjectOutcome] = []
    for names, kind in _EMBEDDED:
        embedded = pick(note, *names)
        if embedded is not None:
            _, item_key, decode, id_key = _LISTS[kind]
            items = _list_items({"l": embedded}, "l", item_key)
            inner += _decode_each(items, decode, (id_key,), item_key, max_image_bytes)
    events = tuple(event for outcome in inner for event in outcome.events)
    errors = [outcome.error for outcome in inner if outcome.error]
    if errors:
        reason = "; ".join(str(error) for error in errors)
        return ObjectOutcome(id=oid, events=events, error=DecodeError(reason))
    trigger = pick(note, "TriggerTime")
    if trigger is not None:
        parse_time(trigger, field="TriggerTime")  # a malformed time is a malformed notification
    return ObjectOutcome(id=oid, events=events)


def decode_body(
    document: object,
    *,
    max_image_bytes: int,
    expected: BodyKind | None = None,
    now: datetime | None = None,
) -> DecodedBody:
    """Decode a parsed JSON body; ``expected`` is the kind the endpoint takes."""
    kind = body_kind(document)
    if expected is not None and kind is not expected:
        raise DecodeError(f"a {kind.value} body was sent to the {expected.value} endpoint")
    if kind in (BodyKind.REGISTER, BodyKind.KEEPALIVE, BodyKind.UNREGISTER):
        assert isinstance(document, Mapping)
        inner = pick(document, f"{kind.value}Object")
        device_id = pick_str(inner, "DeviceID")
        if not device_id:
            raise DecodeError("required field missing", field=f"{kind.value}Object.DeviceID")
        event = _system_event(kind, device_id, now or now_local())
        return DecodedBody(kind, device_id, (ObjectOutcome(id=device_id, events=(event,)),))
    if kind in _LISTS:
        list_key, item_key, decode, id_key = _LISTS[kind]
        items = _list_items(document, list_key, item_key)
        check_count(len(items), DEFAULT_LIMITS.max_events, "objects")
        outcomes = _decode_each(items, decode, (id_key,), item_key, max_image_bytes)
    else:
        notes = _list_items(
            document, "SubscribeNotificationListObject", "SubscribeNotificationObject"
        )
        check_count(len(notes), DEFAULT_LIMITS.max_events, "notifications")
        outcomes = [_notification(note, i, max_image_bytes) for i, note in enumerate(notes)]
    return DecodedBody(kind, "", tuple(outcomes))
