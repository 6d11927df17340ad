"""What happens in the community, as transport-neutral messages with delays.

A *scenario* is one thing happening — a resident passing a gate, a car at the barrier, a
smoke alarm — made of a few messages from the devices involved, each with a delay from the
scenario's start. Choices come from the seeded ``random.Random`` only.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from custom_components.smart_community.core.devices import DeviceKind, Transport

from .images import ImageSource
from .register import SimDevice

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
PROVINCE_LETTERS = "AAAAABCDEFGHJKLMNPRS"
PLATE_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
METER_UNITS = {
    DeviceKind.WATER_METER: ("m3", 0.01, 0.2),
    DeviceKind.ELECTRICITY_METER: ("kWh", 0.1, 2.0),
    DeviceKind.GAS_METER: ("m3", 0.01, 0.1),
}


@dataclass(frozen=True, slots=True)
class SimEvent:
    """An event in MQTT-schema terms; ``images`` maps image field names to JPEG bytes."""

    type: str
    fields: dict[str, Any] = field(default_factory=dict)
    images: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Roster:
    """The people the community's HA knows (``--people``): residents by home, known plates,
    whose face is which photo folder (``--faces``), the guards on patrol.

    Without it the simulator invents 200 residents and 4 guards that HA does not know (its
    access decisions then refuse them as unknown people)."""

    residents: list[tuple[str, str]]
    homes: dict[str, tuple[str, str]]  # person id -> (楼栋, 单元)
    plates: list[str]  # residents' cars
    faces: dict[str, tuple[str, str]] = field(default_factory=dict)  # photo folder -> person
    guards: list[tuple[str, str]] = field(default_factory=list)
    visitor_plates: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: Any) -> Roster:
        """``{"residents": [{id, name, building, unit, plate?, face?}], "visitors": [{id, name,
        plate?, face?}], "guards": [{id, name}]}``; a clear ``ValueError`` for anything else."""
        if not isinstance(data, dict) or not isinstance(data.get("residents"), list):
            raise ValueError("the people file is not {'residents': [...], 'visitors': [...]}")
        roster = cls([], {}, [])
        for group in ("visitors", "guards"):
            if not isinstance(data.get(group, []), list):
                raise ValueError(f"the people file's {group} are not a list")
        for group in ("residents", "visitors", "guards"):
            for item in data.get(group, []):
                if not isinstance(item, dict) or not item.get("id") or not item.get("name"):
                    raise ValueError(f"a person without id or name in the people file: {item!r}")
                person = (str(item["id"]), str(item["name"]))
                if group == "guards":
                    roster.guards.append(person)
                    continue
                if group == "residents":
                    roster.residents.append(person)
                    place = (str(item.get("building", "")), str(item.get("unit", "")))
                    roster.homes[person[0]] = place
                if item.get("plate"):
                    plates = roster.plates if group == "residents" else roster.visitor_plates
                    plates.append(str(item["plate"]))
                if item.get("face"):
                    roster.faces[str(item["face"])] = person
        if not roster.residents:
            raise ValueError("the people file has no residents")
        return roster


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message: an event or a (partial) state update of a device, after ``delay`` s."""

    device: SimDevice
    channel: Literal["event", "state"]
    delay: float = 0.0
    event: SimEvent | None = None
    state: dict[str, Any] | None = None


def _direction(device: SimDevice) -> str:
    return "out" if "出口" in device.name or device.lane == "2" else "in"


class Community:
    """The register's devices grouped the way scenarios need them."""

    def __init__(
        self,
        devices: list[SimDevice],
        rng: random.Random,
        images: ImageSource,
        roster: Roster | None = None,
    ) -> None:
        self.devices = devices
        self.rng = rng
        self.images = images
        self.roster = roster
        self.residents = [
            (f"P-{i:04d}", rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN))
            for i in range(1, 201)
        ]
        self.guards = [
            (f"G-{i:02d}", rng.choice(SURNAMES) + rng.choice(GIVEN)) for i in range(1, 5)
        ]
        if roster is not None:
            self.residents = roster.residents
            self.guards = roster.guards or self.guards
        self.readings = {d.code: round(rng.uniform(100, 5000), 2) for d in devices}
        self.passages: dict[str, int] = {}
        self.lane_free_at: dict[str, float] = {}
        self.now = 0.0

    def of(self, *kinds: DeviceKind) -> list[SimDevice]:
        """Devices of ``kinds``."""
        return [d for d in self.devices if d.kind in kinds]

    def _place(self, device: SimDevice) -> tuple[str, str, str]:
        return (device.gate, device.building, device.unit)

    # -- start-up -----------------------------------------------------------------------------

    def initial_states(self) -> list[Outgoing]:
        """Retained state of every MQTT device at start."""
        states: dict[DeviceKind, Callable[[SimDevice], dict[str, Any]]] = {
            DeviceKind.BARRIER: lambda d: {
                "barrier": "closed",
                "vehicle_present": False,
                "fault": None,
            },
            DeviceKind.VEHICLE_DETECTOR: lambda d: {"vehicle_present": False},
            DeviceKind.TURNSTILE: lambda d: {
                "door": "closed",
                "anti_pinch": False,
                "fault": None,
                "passages_in": 0,
                "passages_out": 0,
            },
            DeviceKind.ACCESS_TERMINAL: lambda d: {"door": "closed", "locked": True},
            DeviceKind.SMOKE_DETECTOR: lambda d: {"alarm": False, "battery": 97},
            DeviceKind.MANHOLE_SENSOR: lambda d: {"alarm": False, "tilt_angle": 0.0, "battery": 88},
            DeviceKind.PERIMETER_SENSOR: lambda d: {"alarm": False, "armed": True},
            DeviceKind.PATROL_CHECKPOINT: lambda d: {"battery": 76},
            DeviceKind.FACE_CAMERA: lambda d: {"recording": True, "retention_days": 90},
            DeviceKind.CAMERA: lambda d: {"recording": True, "retention_days": 30},
            DeviceKind.PLATE_CAMERA: lambda d: {"recording": True, "retention_days": 90},
            DeviceKind.FALLING_OBJECT_CAMERA: lambda d: {"recording": True, "retention_days": 30},
            DeviceKind.NVR: lambda d: {
                "recording": True,
                "retention_days": 30,
                "disk_free_gb": 812.5,
                "channels": 16,
            },
        }
        out = []
        for device in self.devices:
            if device.transport is not Transport.MQTT:
                continue
            if device.kind in METER_UNITS:
                state = {"reading": self.readings[device.code], "unit": METER_UNITS[device.kind][0]}
            elif device.kind in states:
                state = states[device.kind](device)
            else:
                continue
            out.append(Outgoing(device, "state", state=state))
        return out

    # -- scenarios ----------------------------------------------------------------------------

    def scenario(self, index: int, at: float = 0.0) -> list[Outgoing]:
        """The ``index``-th scenario, starting ``at`` seconds into the run.

        A smoke alarm and a manhole tilt come early so that short runs show them too.
        """
        self.now = at
        if index == 3 and (smoke := self.of(DeviceKind.SMOKE_DETECTOR)):
            return self.smoke_alarm(self.rng.choice(smoke))
        if index == 6 and (manholes := self.of(DeviceKind.MANHOLE_SENSOR)):
            return self.manhole_tilt(self.rng.choice(manholes))
        choices: list[tuple[float, Callable[[], list[Outgoing]]]] = [
            (45, self.person),
            (25, self.car),
            (8, self.patrol),
            (8, self.meter),
            (3, self.camera_state),
            (2, self.perimeter),
            (1, self.falling_object),
        ]
        while choices:
            weights = [weight for weight, _ in choices]
            make = self.rng.choices([m for _, m in choices], weights=weights)[0]
            if result := make():
                return result
            # Nothing of that kind in the register (or every lane busy): something else.
            choices = [(w, m) for w, m in choices if m is not make]
        return []

    def person(self) -> list[Outgoing]:
        """A resident shows a face at a gate or unit door and passes."""
        cameras = self.of(DeviceKind.FACE_CAMERA)
        if not cameras:
            return []
        person: tuple[str, str] | None
        face: bytes | None = None  # drawn below, in the seeded order of the choices
        walker = self._face_walker()
        if walker is None:
            camera = self.rng.choice(cameras)
            person = self._resident_at(camera)
        else:  # a photo of someone: an enrolled resident or visitor, or a stranger
            folder, person = walker
            camera = self._camera_for(person[0] if person else None, cameras)
            face = self.images.face_of(folder)
        x, y = self.rng.randint(200, 1400), self.rng.randint(100, 600)
        capture = SimEvent(
            "face_capture",
            {
                "quality": round(self.rng.uniform(0.55, 0.99), 2),
                "bbox": [x, y, self.rng.randint(90, 180), self.rng.randint(110, 220)],
            },
            {
                # a roster's resident without a photo folder is nobody's photo
                "face_image": face
                if face is not None
                else self.images.face(drawn=self.roster is not None),
                "scene_image": self.images.scene(camera.gate or camera.unit or "gate"),
            },
        )
        out = [Outgoing(camera, "event", event=capture)]
        place = self._place(camera)
        direction = _direction(camera)
        terminals = [d for d in self.of(DeviceKind.ACCESS_TERMINAL) if self._place(d) == place]
        if terminals:
            terminal = terminals[0]
            if person is None or self.rng.random() < 0.08:
                verdict = SimEvent(
                    "denied", {"method": "face", "reason": "unknown_person", "door": "1"}
                )
            else:
                verdict = SimEvent(
                    "verified",
                    {
                        "method": "face",
                        "person_id": person[0],
                        "person_name": person[1],
                        "similarity": round(self.rng.uniform(0.82, 0.99), 2),
                        "door": "1",
                        "direction": direction,
                    },
                )
                out.append(
                    Outgoing(terminal, "state", 0.9, state={"door": "open", "locked": False})
                )
                out.append(
                    Outgoing(terminal, "state", 4.0, state={"door": "closed", "locked": True})
                )
            out.append(Outgoing(terminal, "event", 0.8, event=verdict))
        turnstiles = [d for d in self.of(DeviceKind.TURNSTILE) if self._place(d) == place]
        if turnstiles and person is not None:  # a stranger is not let through
            gate = turnstiles[0]
            kind = "tailgating" if self.rng.random() < 0.04 else "passage"
            count = 2 if kind == "tailgating" else 1
            key = f"{gate.code}/{direction}"
            self.passages[key] = self.passages.get(key, 0) + count
            out.append(
                Outgoing(
                    gate,
                    "event",
                    1.5,
                    event=SimEvent(
                        kind,
                        {"direction": direction, "count": count, "person_id": person[0]}
                        if kind == "passage"
                        else {"direction": direction, "count": count},
                    ),
                )
            )
            out.append(
                Outgoing(
                    gate,
                    "state",
                    1.6,
                    state={
                        "door": "closed",
                        "anti_pinch": False,
                        "fault": None,
                        f"passages_{direction}": self.passages[key],
                    },
                )
            )
        return out

    def _resident_at(self, camera: SimDevice) -> tuple[str, str]:
        """Who shows a face: with a roster, mostly someone who lives behind that unit door."""
        if self.roster is not None and camera.building and self.rng.random() < 0.9:
            home = (camera.building, camera.unit)
            living = [r for r in self.residents if self.roster.homes.get(r[0]) == home]
            if living:
                return self.rng.choice(living)
        return self.rng.choice(self.residents)

    def _face_walker(self) -> tuple[str, tuple[str, str] | None] | None:
        """Most of the time, with a roster and face photos: whose photo the camera captures
        (the folder, and the person it belongs to or ``None`` for a stranger). A folder that
        is nobody's in the roster is a stranger's; a third of the photos shown are strangers',
        a sixth visitors' (so that a minute of the demo shows each)."""
        folders = self.images.face_folders()
        if self.roster is None or not folders or self.rng.random() < 0.25:
            return None
        faces = self.roster.faces
        strangers = [f for f in folders if f not in faces]
        visitors = [f for f in folders if f in faces and faces[f][0] not in self.roster.homes]
        residents = [f for f in folders if f in faces and f not in visitors]
        roll = self.rng.random()
        if strangers and roll < 1 / 3:
            pool = strangers
        elif visitors and roll < 1 / 2:
            pool = visitors
        else:
            pool = residents or folders
        folder = self.rng.choice(pool)
        return folder, faces.get(folder)

    def _camera_for(self, person_id: str | None, cameras: list[SimDevice]) -> SimDevice:
        """A known person at their own unit's camera or at a gate; a stranger anywhere."""
        if self.roster is None or person_id is None:
            return self.rng.choice(cameras)
        home = self.roster.homes.get(person_id)  # None: a visitor, at the gates
        at_home = [c for c in cameras if home is not None and (c.building, c.unit) == home]
        gates = [c for c in cameras if not c.building]
        if at_home and (not gates or self.rng.random() < 0.5):
            return self.rng.choice(at_home)
        return self.rng.choice(gates or cameras)

    def _plate(self) -> tuple[str, str]:
        if self.roster is not None and (self.roster.plates or self.roster.visitor_plates):
            roll = self.rng.random()
            known = (
                self.roster.visitor_plates
                if roll < 0.15 and self.roster.visitor_plates
                else self.roster.plates
                if roll < 0.45
                else []
            )
            if known:  # a visitor's or a resident's car
                plate = self.rng.choice(known)
                return plate, "green" if len(plate) == 8 else "blue"
        letter = self.rng.choice(PROVINCE_LETTERS)
        roll = self.rng.random()
        if roll < 0.15:  # new energy: 6 characters, D/F first
            return "皖" + letter + self.rng.choice("DF") + "".join(
                self.rng.choice("0123456789") for _ in range(5)
            ), "green"
        colour = "yellow" if roll < 0.22 else "blue"
        return "皖" + letter + "".join(self.rng.choice(PLATE_CHARS) for _ in range(5)), colour

    def car(self) -> list[Outgoing]:
        """A car arrives at a lane: detector on, plate read, barrier opens, car passes."""
        cameras = [
            d
            for d in self.of(DeviceKind.PLATE_CAMERA)
            if self.lane_free_at.get(f"{d.gate}/{d.lane}", 0.0) <= self.now
        ]
        if not cameras:
            return []  # every lane busy: something else happens
        camera = self.rng.choice(cameras)
        self.lane_free_at[f"{camera.gate}/{camera.lane}"] = self.now + 8.0
        lane = (camera.gate, camera.lane)
        barrier = next((d for d in self.of(DeviceKind.BARRIER) if (d.gate, d.lane) == lane), None)
        detector = next(
            (d for d in self.of(DeviceKind.VEHICLE_DETECTOR) if (d.gate, d.lane) == lane), None
        )
        plate, colour = self._plate()
        direction = _direction(camera)
        out: list[Outgoing] = []
        if detector:
            out.append(Outgoing(detector, "state", 0.0, state={"vehicle_present": True}))
            out.append(Outgoing(detector, "state", 5.0, state={"vehicle_present": False}))
        read = SimEvent(
            "plate_read",
            {
                "plate": plate,
                "plate_color": colour,
                "confidence": round(self.rng.uniform(0.85, 0.99), 2),
                "lane": camera.lane or "1",
                "direction": direction,
            },
            {
                "image": self.images.vehicle(plate, colour),
                "plate_image": self.images.plate(plate, colour),
            },
        )
        out.append(Outgoing(camera, "event", 0.3, event=read))
        if barrier:
            out += [
                Outgoing(barrier, "state", 0.1, state={"vehicle_present": True}),
                Outgoing(barrier, "state", 1.0, state={"barrier": "moving"}),
                Outgoing(barrier, "state", 2.0, state={"barrier": "open"}),
                Outgoing(
                    barrier,
                    "event",
                    4.5,
                    event=SimEvent("passage", {"direction": direction, "count": 1}),
                ),
                Outgoing(barrier, "state", 5.0, state={"vehicle_present": False}),
                Outgoing(barrier, "state", 6.0, state={"barrier": "moving"}),
                Outgoing(barrier, "state", 7.0, state={"barrier": "closed"}),
            ]
        return out

    def smoke_alarm(self, device: SimDevice) -> list[Outgoing]:
        """Smoke: alarm, state, then it clears."""
        return [
            Outgoing(
                device,
                "event",
                0.0,
                event=SimEvent(
                    "alarm", {"alarm": "smoke", "active": True, "level": 4, "value": 0.31}
                ),
            ),
            Outgoing(device, "state", 0.1, state={"alarm": True}),
            Outgoing(
                device, "event", 20.0, event=SimEvent("alarm", {"alarm": "smoke", "active": False})
            ),
            Outgoing(device, "state", 20.1, state={"alarm": False}),
        ]

    def manhole_tilt(self, device: SimDevice) -> list[Outgoing]:
        """A manhole cover is lifted."""
        angle = round(self.rng.uniform(15, 60), 1)
        return [
            Outgoing(
                device,
                "event",
                0.0,
                event=SimEvent(
                    "alarm", {"alarm": "tilt", "active": True, "level": 3, "value": angle}
                ),
            ),
            Outgoing(device, "state", 0.1, state={"alarm": True, "tilt_angle": angle}),
        ]

    def patrol(self) -> list[Outgoing]:
        """A guard checks in."""
        points = self.of(DeviceKind.PATROL_CHECKPOINT)
        if not points:
            return []
        guard_id, name = self.rng.choice(self.guards)
        return [
            Outgoing(
                self.rng.choice(points),
                "event",
                event=SimEvent(
                    "check_in", {"guard_id": guard_id, "guard_name": name, "route": "night-1"}
                ),
            )
        ]

    def meter(self) -> list[Outgoing]:
        """A meter reports its reading."""
        meters = self.of(*METER_UNITS)
        if not meters:
            return []
        meter = self.rng.choice(meters)
        unit, low, high = METER_UNITS[meter.kind]
        self.readings[meter.code] = round(
            self.readings[meter.code] + self.rng.uniform(low, high), 2
        )
        reading = {"reading": self.readings[meter.code], "unit": unit}
        return [
            Outgoing(meter, "event", event=SimEvent("reading", dict(reading))),
            Outgoing(meter, "state", 0.1, state=reading),
        ]

    def camera_state(self) -> list[Outgoing]:
        """A camera or NVR restates recording and retention."""
        cameras = [
            d
            for d in self.of(
                DeviceKind.CAMERA,
                DeviceKind.NVR,
                DeviceKind.FACE_CAMERA,
                DeviceKind.FALLING_OBJECT_CAMERA,
            )
            if d.transport is Transport.MQTT
        ]
        if not cameras:
            return []
        return [
            Outgoing(
                self.rng.choice(cameras),
                "state",
                state={"recording": True, "retention_days": self.rng.choice((30, 90))},
            )
        ]

    def perimeter(self) -> list[Outgoing]:
        """Someone climbs the fence."""
        sensors = self.of(DeviceKind.PERIMETER_SENSOR)
        if not sensors:
            return []
        sensor = self.rng.choice(sensors)
        return [
            Outgoing(
                sensor,
                "event",
                event=SimEvent(
                    "alarm", {"alarm": "intrusion", "active": True, "level": 3, "zone": "1"}
                ),
            ),
            Outgoing(sensor, "state", 0.1, state={"alarm": True}),
            Outgoing(sensor, "state", 30.0, state={"alarm": False}),
        ]

    def falling_object(self) -> list[Outgoing]:
        """Something falls from a balcony; the camera sends the evidence."""
        cameras = self.of(DeviceKind.FALLING_OBJECT_CAMERA)
        if not cameras:
            return []
        camera = self.rng.choice(cameras)
        return [
            Outgoing(
                camera,
                "event",
                event=SimEvent(
                    "alarm",
                    {"alarm": "falling_object", "active": True, "level": 4},
                    {"image": self.images.scene("高空抛物")},
                ),
            )
        ]
