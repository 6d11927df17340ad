"""The console's shapes (frontend/src/api/types.ts) built from the features' objects.

Personal numbers leave masked (ID numbers, mobiles); pictures leave as signed URLs only;
times in the community's (HA's) time zone; money as decimal strings with two places.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from homeassistant.util import dt as dt_util

from ..core.devices import DeviceKind
from ..core.events import ImageType
from ..core.parking import ParkingSession
from ..core.parking.history import ClosedSession
from ..core.parking.tariff import CENT
from ..core.people import (
    Person,
    PersonRole,
    RegistrySnapshot,
    Vehicle,
    mask_id_number,
    mask_mobile,
)
from ..core.people.masking import mask_watch_reason
from ..core.records import Record, RecordKind
from ..core.site import RegisteredDevice
from ..core.state import StateKey
from ..features.falling import SOURCE as ANALYSIS
from ..features.parking import parking_kind
from ..features.records import MEDIA_PATH
from ..features.strangers import face_image_index, stranger_number
from ..runtime import CommunityRuntime
from ..views import image_paths, photo_path

# The contract's enumerations (types.ts): anything else a device sent is shown as null.
DECISIONS = frozenset({"allow", "deny", "alert"})
DECISION_REASONS = frozenset(
    {
        "resident",
        "staff",
        "visitor_pass",
        "monthly_pass",
        "parking_space",
        "temporary_parking",
        "re_entry",
        "exit",
        "unknown_person",
        "unknown_plate",
        "pass_expired",
        "pass_not_yet_valid",
        "tenant_moved_out",
        "tenancy_not_started",
        "wrong_unit",
        "gate_not_allowed",
        "outside_hours",
        "monthly_pass_expired",
        "no_monthly_pass",
        "fee_unpaid",
        "no_entry_record",
        "black_list",
        "watch_list",
        # the evidence a face or plate needs before anything opens (features/access.py)
        "match_not_verified",
        "low_similarity",
        "not_live",
        "plate_uncertain",
        "look_again",  # the engine's face just under its threshold: the next frame decides
    }
)
ACCESS_METHODS = {
    "face": "face",
    "ic_card": "ic_card",
    "nfc": "ic_card",
    "card": "ic_card",
    "id_card": "id_card",
    "fingerprint": "fingerprint",
    "voiceprint": "voiceprint",
    "voice": "voiceprint",
    "qr": "qr",
    "remote": "remote",
    "plate": "plate",
}
PLATE_COLORS = frozenset({"blue", "yellow", "green", "white", "black", "yellow_green"})
IMAGE_TYPES = frozenset({"face", "scene", "plate", "vehicle"})
GATE_KINDS = (DeviceKind.TURNSTILE, DeviceKind.BARRIER, DeviceKind.ACCESS_TERMINAL)
ALARM_BY_KIND = {
    DeviceKind.SMOKE_DETECTOR: "smoke",
    DeviceKind.MANHOLE_SENSOR: "manhole",
    DeviceKind.PERIMETER_SENSOR: "perimeter",
    DeviceKind.FALLING_OBJECT_CAMERA: "falling_object",
}
ALARM_BY_WORD = {
    "smoke": "smoke",
    "tilt": "manhole",
    "manhole": "manhole",
    "intrusion": "perimeter",
    "perimeter": "perimeter",
    "falling_object": "falling_object",
    "tamper": "tamper",
    "forced": "forced",
    "tailgating": "tailgating",
}
ALARM_KINDS = (RecordKind.ALARM, RecordKind.ALERT)


def iso(moment: datetime | None) -> str | None:
    """A time in the community's zone."""
    return dt_util.as_local(moment).isoformat() if moment is not None else None


def day(value: date | None) -> str | None:
    """A date."""
    return value.isoformat() if value is not None else None


def money(amount: Decimal | None) -> str:
    """CNY with two places."""
    return str((amount or Decimal(0)).quantize(CENT))


def address_text(building: str | None, unit: str | None, room: str | None) -> str | None:
    """``5栋1单元1502``."""
    if not building:
        return None
    return f"{building}栋" + (f"{unit}单元" if unit else "") + (room or "")


def place_of(device: RegisteredDevice | None) -> str | None:
    """Where a device is, as people say it: ``5栋1单元`` or ``东门``."""
    if device is None:
        return None
    if device.building:
        return f"{device.building}{device.unit}"
    return device.gate or device.name


def falling_origin(attributes: Mapping[str, Any]) -> dict[str, Any] | None:
    """Where a thrown object came from (the integration's own analysis): ``{floor, floor_low,
    floor_high, column, confidence}``, or None for any other record. ``detected_by`` is an
    attribute no device may set (``INTEGRATION_ATTRIBUTES``); the numbers are checked again
    here all the same."""
    if attributes.get("detected_by") != ANALYSIS:
        return None
    floor, column = attributes.get("floor"), attributes.get("column")
    if not _whole(floor) or not _whole(column):
        return None
    low, high = attributes.get("floor_low"), attributes.get("floor_high")
    confidence = attributes.get("confidence")
    return {
        "floor": floor,
        "floor_low": low if _whole(low) else floor,
        "floor_high": high if _whole(high) else floor,
        "column": column,
        "confidence": (
            round(float(confidence), 2)
            if isinstance(confidence, int | float) and not isinstance(confidence, bool)
            else None
        ),
    }


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Shaper:
    """Builds the contract's objects for one community and one connection."""

    def __init__(self, runtime: CommunityRuntime, sign: Callable[[str], str]) -> None:
        """``sign`` signs a path for the connection."""
        self.runtime = runtime
        self.sign = sign
        self.entry_id = runtime.entry_id

    # --- pictures ---------------------------------------------------------------------------

    def image_ref(self, sha256: str, kind: str) -> dict[str, str]:
        """A stored picture as ``{type, url, thumb_url}``."""
        full, thumb = image_paths(self.entry_id, sha256)
        return {"type": kind, "url": self.sign(full), "thumb_url": self.sign(thumb)}

    def images(self, record: Record) -> list[dict[str, str]]:
        """A record's pictures (one per picture, in the order the device sent them)."""
        types = record.attributes.get("image_types") or []
        out: list[dict[str, str]] = []
        seen: set[str] = set()
        for index, image in enumerate(record.images):
            stored_type = types[index] if index < len(types) else None
            if image.sha256 in seen or stored_type == ImageType.CLIP:
                continue  # a video clip (falling-object evidence) is no picture to show
            seen.add(image.sha256)
            kind = stored_type if stored_type in IMAGE_TYPES else None
            out.append(self.image_ref(image.sha256, kind or _guess_type(record)))
        return out

    def clips(self, record: Record) -> list[dict[str, str]]:
        """A record's video clips (falling-object evidence) as ``{url}``: MP4, signed."""
        types = record.attributes.get("image_types") or []
        hashes = [
            image.sha256
            for index, image in enumerate(record.images)
            if index < len(types) and types[index] == ImageType.CLIP
        ]
        return [
            {"url": self.sign(MEDIA_PATH.format(entry_id=self.entry_id, name=f"{sha}.mp4"))}
            for sha in dict.fromkeys(hashes)
        ]

    # --- records ----------------------------------------------------------------------------

    def record(self, record: Record) -> dict[str, Any]:
        """A record as the live feed, the search and the dialog show it."""
        runtime = self.runtime
        device = runtime.site.get(record.device)
        attributes = record.attributes
        snapshot = runtime.people.snapshot
        person = snapshot.person(record.person_id) if record.person_id else None
        acknowledged = runtime.alarms.of(record.id)
        similarity = attributes.get("similarity")
        method = ACCESS_METHODS.get(str(attributes.get("method") or ""))
        if method is None and record.kind in (RecordKind.RECOGNITION, RecordKind.FACE_CAPTURE):
            method = "face"
        elif method is None and record.plate:
            method = "plate"
        role = person.role.value if person else attributes.get("role")
        return {
            "id": record.id,
            "time": iso(record.time),
            "kind": record.kind.value,
            "device": record.device,
            "device_name": device.name if device else attributes.get("device_name"),
            "gate": (device.gate or None) if device else None,
            "building": (device.building or None) if device else None,
            "unit": (device.unit or None) if device else None,
            "person_id": record.person_id,
            "person_name": person.name if person else attributes.get("person_name"),
            "role": role if role in PersonRole._value2member_map_ else None,
            "cluster_id": record.cluster_id,
            "stranger_number": stranger_number(record.cluster_id) if not person else None,
            "plate": record.plate,
            "plate_color": (
                attributes.get("plate_color")
                if attributes.get("plate_color") in PLATE_COLORS
                else None
            ),
            "method": method,
            "outcome": record.outcome if record.outcome in DECISIONS else None,
            "reason": record.reason if record.reason in DECISION_REASONS else None,
            "similarity": (
                round(float(similarity), 4) if isinstance(similarity, int | float) else None
            ),
            "alarm": self._alarm(record, device),
            "images": self.images(record),
            "clips": self.clips(record),
            "falling": falling_origin(attributes),
            "acknowledged_by": acknowledged["by"] if acknowledged else None,
            "acknowledged_at": acknowledged["at"] if acknowledged else None,
        }

    @staticmethod
    def _alarm(record: Record, device: RegisteredDevice | None) -> str | None:
        if record.kind not in ALARM_KINDS:
            return None
        attributes = record.attributes
        for word in (attributes.get("event_type"), attributes.get("alarm")):
            if isinstance(word, str) and word in ALARM_BY_WORD:
                return ALARM_BY_WORD[word]
        return ALARM_BY_KIND.get(device.kind) if device else None

    def face_sample(self, record: Record) -> dict[str, Any] | None:
        """A stranger's capture: ``{record_id, time, url, thumb_url}``."""
        index = face_image_index(record)
        if index is None:
            return None
        ref = self.image_ref(record.images[index].sha256, "face")
        return {
            "record_id": record.id,
            "time": iso(record.time),
            "url": ref["url"],
            "thumb_url": ref["thumb_url"],
        }

    # --- gates and counts -------------------------------------------------------------------

    def gate(self, device: RegisteredDevice) -> dict[str, Any]:
        """A turnstile, barrier or door terminal with its online state and position."""
        state = self.runtime.hub.state_of(device.code)
        if device.kind is DeviceKind.BARRIER:
            position = state.get(StateKey.BARRIER)
            shown = (
                "closed"
                if position == "closed"
                else "open"
                if position in ("open", "opening")
                else "unknown"
            )
        else:
            locked = state.get(StateKey.LOCKED)
            shown = "unknown" if locked is None else "closed" if locked else "open"
        return {
            "device": device.code,
            "name": device.name,
            "kind": device.kind.value,
            "gate": device.gate or None,
            "building": device.building or None,
            "unit": device.unit or None,
            "online": state.online,
            "state": shown,
        }

    def gates(self) -> list[dict[str, Any]]:
        """Every gate device of the register, in register order."""
        return [self.gate(device) for device in self.runtime.site if device.kind in GATE_KINDS]

    def counts(self, open_alarms: int) -> dict[str, int]:
        """The live feed's counters."""
        runtime = self.runtime
        today = dt_util.now().date()
        entries, exits = runtime.access.counts.on(today)
        inside = runtime.access.inside
        return {
            "people_inside": len(inside),
            "visitors_inside": sum(1 for role in inside.values() if role == "visitor"),
            "entries_today": entries,
            "exits_today": exits,
            "free_spaces": runtime.parking.lot.free_spaces,
            "open_alarms": open_alarms,
        }

    # --- people -----------------------------------------------------------------------------

    def person(self, person: Person, *, full_reasons: bool = False) -> dict[str, Any]:
        """A person row (ID number and mobiles masked)."""
        runtime = self.runtime
        address = person.address
        care = person.care
        last_seen = runtime.people.last_seen.get(person.id)
        watch = person.watch
        recognition = runtime.recognition
        return {
            "person_id": person.id,
            "name": person.name,
            "role": person.role.value,
            "id_number": mask_id_number(person.id_number) if person.id_number else None,
            "mobile": mask_mobile(person.mobile) if person.mobile else None,
            "building": address.building if address else None,
            "unit": (address.unit or None) if address else None,
            "room": (address.room or None) if address else None,
            "move_in": day(person.tenancy.move_in) if person.tenancy else None,
            "move_out": day(person.tenancy.move_out) if person.tenancy else None,
            "watch": (
                {
                    "kind": watch.kind.value,
                    "reason": watch.reason if full_reasons else mask_watch_reason(watch.reason),
                    "since": iso(watch.since),
                }
                if watch
                else None
            ),
            "care": (
                {
                    "inactivity_hours": care.inactivity_hours,
                    "emergency_contact_name": care.emergency_contact_name,
                    "emergency_contact_mobile": mask_mobile(care.emergency_contact_mobile),
                    "last_seen": iso(last_seen),
                    "overdue": last_seen is None
                    or (dt_util.now() - last_seen).total_seconds() > care.inactivity_hours * 3600,
                }
                if care
                else None
            ),
            "faces": recognition.embeddings_count(person.id) if recognition else 0,
        }

    def vehicle(self, vehicle: Vehicle, snapshot: RegistrySnapshot) -> dict[str, Any]:
        """A vehicle with its owner's name and monthly pass."""
        owner = snapshot.person(vehicle.owner_id)
        monthly = vehicle.monthly_pass
        return {
            "plate": vehicle.plate,
            "owner_id": vehicle.owner_id,
            "owner_name": owner.name if owner else None,
            "color": vehicle.color if vehicle.color in PLATE_COLORS else "blue",
            "parking_space": vehicle.parking_space,
            "monthly_pass": (
                {
                    "valid_from": day(monthly.valid_from),
                    "valid_until": day(monthly.valid_until),
                    "active": monthly.covers(dt_util.now().date()),
                }
                if monthly
                else None
            ),
        }

    def photos(self, person_id: str) -> list[dict[str, str]]:
        """A person's enrolled face crops."""
        recognition = self.runtime.recognition
        if recognition is None:
            return []
        photos = recognition.photos
        key = photos.key(person_id)
        out = []
        for photo_id in photos.photo_ids(person_id):
            path = photo_path(self.entry_id, key, photo_id)
            out.append({"photo_id": photo_id, "url": self.sign(path), "thumb_url": self.sign(path)})
        return out

    def visitor_pass(self, person: Person) -> dict[str, Any]:
        """A visitor's pass with its QR token and status."""
        people = self.runtime.people
        visit = person.visit
        assert visit is not None
        host = people.snapshot.person(visit.host_id)
        host_address = host.address if host else None
        status = people.pass_status(person)
        revoked = people.revoked.get(person.id) if status == "revoked" else None
        return {
            "person_id": person.id,
            "name": person.name,
            "mobile": mask_mobile(person.mobile) if person.mobile else None,
            "host_id": visit.host_id,
            "host_name": host.name if host else visit.host_id,
            "host_address": (
                address_text(host_address.building, host_address.unit, host_address.room)
                if host_address
                else None
            ),
            "valid_from": iso(visit.valid_from),
            "valid_until": iso(visit.valid_until),
            "gates": [gate for gate in self.gate_names() if gate in visit.gates],
            "plate": visit.plate,
            "status": status,
            "qr": people.visitor_token(person),
            "revoked_by": revoked["by"] if revoked else None,
        }

    def gate_names(self) -> list[str]:
        """The register's entrances in register order."""
        return list(dict.fromkeys(device.gate for device in self.runtime.site if device.gate))

    # --- parking ----------------------------------------------------------------------------

    def gate_of_barrier(self, code: str | None) -> str | None:
        """The entrance a barrier stands at (None for a guard's manual passage)."""
        device = self.runtime.site.get(code) if code else None
        return (device.gate or device.name) if device else None

    def car_inside(self, session: ParkingSession, now: datetime) -> dict[str, Any]:
        """A car in the car park with the fee it would pay now."""
        runtime = self.runtime
        snapshot = runtime.people.snapshot
        vehicle = snapshot.vehicle(session.plate)
        owner = snapshot.person(vehicle.owner_id) if vehicle else None
        visitor = snapshot.visitor_for_plate(session.plate) if owner is None else None
        holder = owner or visitor
        return {
            "plate": session.plate,
            "entered_at": iso(session.entered_at),
            "entry_gate": self.gate_of_barrier(session.entry_barrier),
            "minutes": max(0, int((now - session.entered_at).total_seconds() // 60)),
            "kind": parking_kind(snapshot, session),
            "free": session.free,
            "fee_due": money(runtime.parking.lot.fee_due(session.plate, now)),
            "owner_name": holder.name if holder else None,
        }

    def closed_session(self, session: ClosedSession) -> dict[str, Any]:
        """A past stay."""
        return {
            "session_id": session.session_id,
            "plate": session.plate,
            "entered_at": iso(session.entered_at),
            "left_at": iso(session.left_at),
            "entry_gate": self.gate_of_barrier(session.entry_barrier),
            "exit_gate": self.gate_of_barrier(session.exit_barrier),
            "kind": session.kind,
            "fee": money(session.fee),
            "paid": money(session.paid),
            "unpaid": money(session.unpaid),
            "settled_by": session.settled_by,
        }


def _guess_type(record: Record) -> str:
    """Pictures of records stored before their kinds were kept."""
    if record.kind in (RecordKind.FACE_CAPTURE, RecordKind.RECOGNITION):
        return "face"
    return "vehicle" if record.plate else "scene"


def newest_first(records: Iterable[Record]) -> list[Record]:
    """Records sorted newest first (time, then id)."""
    return sorted(records, key=lambda record: (record.time, record.id), reverse=True)
