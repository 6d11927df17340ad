"""The community as its 一机一档 register lays it out: one rule for each question about the site.

The register is the only description of the community the integration has. Its rows say
where each device stands: a ``gate`` (东门) and maybe a ``lane`` for entrances, a
``building`` and ``unit`` for unit doors, and the device name (built by the standard's
naming rule) says which way a gate device faces (入口 / 进口 or 出口; 出入口 = both ways).
Everything that asks "which barrier belongs to this plate camera", "which way does this
turnstile let people through", "which units exist" asks :class:`Site`, so that the access
decision, the car park, the compliance check, the staff notifications and the terminal
synchronisation all read the register the same way.

>>> direction_from_text("蜀山区华府骏苑东门出口人脸抓拍机")
<Direction.OUT: 'out'>
>>> direction_from_text("东门人行出入口闸机") is None
True
>>> building_name("3号楼"), unit_name("2单元")
('3', '2')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .devices import KIND_LABELS_ZH, DeviceKind, Transport
from .register.enumerations import EnumStyle, enumeration
from .register.row import RegisterRow

_BUILDING_SUFFIX = re.compile(r"(栋|幢|号楼|号)$")
_UNIT_SUFFIX = re.compile(r"单元$")
_GATE_DEVICES = (DeviceKind.TURNSTILE, DeviceKind.ACCESS_TERMINAL, DeviceKind.BARRIER)


class Direction(StrEnum):
    """Which way a gate device lets people or vehicles through."""

    IN = "in"  # 入口 / 进口
    OUT = "out"  # 出口

    @property
    def zh(self) -> str:
        """The word the naming rule uses."""
        return "入口" if self is Direction.IN else "出口"


def direction_from_text(*texts: str) -> Direction | None:
    """入口 / 进口 or 出口 in a name or address; ``None`` for both ways (出入口) or neither."""
    joined = " ".join(texts)
    if "出入口" in joined:
        return None
    has_in = "入口" in joined or "进口" in joined
    has_out = "出口" in joined
    if has_in and not has_out:
        return Direction.IN
    if has_out and not has_in:
        return Direction.OUT
    return None


def building_name(text: str) -> str:
    """``1栋`` / ``1号楼`` / ``1`` → ``1``: the people registry's form of a building."""
    return _BUILDING_SUFFIX.sub("", text.strip())


def unit_name(text: str) -> str:
    """``2单元`` / ``2`` → ``2``."""
    return _UNIT_SUFFIX.sub("", text.strip())


def lane_key(gate: str, lane: str) -> str:
    """Lanes are numbered per gate (东门 1, 南门 1): the gate makes a lane unique."""
    return f"{gate}车道{lane}" if gate else f"车道{lane}"


@dataclass(frozen=True, slots=True)
class RegisteredDevice:
    """What the integration needs of a register row."""

    code: str
    name: str
    kind: DeviceKind
    manufacturer: str | None
    model: str | None
    area: str | None
    building: str
    unit: str
    gate: str
    lane: str
    transport: Transport
    address: str
    row: RegisterRow
    # The way a gate device faces, from its name or address (None: both ways or not a gate).
    facing: Direction | None = None

    @classmethod
    def from_row(cls, row: RegisterRow) -> RegisteredDevice:
        """Map a register row to a device."""
        manufacturer = (
            enumeration("manufacturer").format(row.manufacturer, EnumStyle.LABEL)
            if row.manufacturer is not None
            else None
        )
        area: str | None = f"{row.building}{row.unit}" if row.building else (row.gate or None)
        return cls(
            code=row.code,
            name=row.name,
            kind=row.device_kind,
            manufacturer=manufacturer,
            model=KIND_LABELS_ZH[row.device_kind],
            area=area,
            building=row.building,
            unit=row.unit,
            gate=row.gate,
            lane=row.lane,
            transport=row.transport,
            address=row.address,
            row=row,
            facing=direction_from_text(row.name, row.install_address) if row.gate else None,
        )

    @property
    def is_unit_door(self) -> bool:
        """A device of a unit (building + unit, no gate): it serves that unit's residents."""
        return bool(self.building and self.unit and not self.gate)

    def direction(self, reported: str | None = None) -> Direction:
        """The register decides the direction; a device's own report counts only where the
        register says the device serves both ways (a 出入口 turnstile). Default: in."""
        if self.facing is not None:
            return self.facing
        if reported in (Direction.IN.value, Direction.OUT.value):
            return Direction(reported)
        return Direction.IN


class Site:
    """The register's devices and the places they make up."""

    def __init__(self, devices: Iterable[RegisteredDevice]) -> None:
        """Devices by their 20-digit code."""
        self.devices: dict[str, RegisteredDevice] = {device.code: device for device in devices}

    @classmethod
    def from_rows(cls, rows: Iterable[RegisterRow]) -> Site:
        """The site of a register."""
        return cls(RegisteredDevice.from_row(row) for row in rows)

    def __iter__(self) -> Iterator[RegisteredDevice]:
        """Devices in register order."""
        return iter(self.devices.values())

    def __len__(self) -> int:
        """How many devices the register has."""
        return len(self.devices)

    def get(self, code: str) -> RegisteredDevice | None:
        """The device with this code."""
        return self.devices.get(code)

    def of_kind(self, *kinds: DeviceKind) -> list[RegisteredDevice]:
        """Devices of these kinds, in register order."""
        return [device for device in self.devices.values() if device.kind in kinds]

    def using(self, transport: Transport) -> list[RegisteredDevice]:
        """Devices reached through ``transport``."""
        return [device for device in self.devices.values() if device.transport is transport]

    # --- places -------------------------------------------------------------------------

    @property
    def gates(self) -> frozenset[str]:
        """The entrances (东门, 南门 …) the register names."""
        return frozenset(device.gate for device in self.devices.values() if device.gate)

    def units(self) -> Mapping[str, frozenset[str]]:
        """Buildings and their units in the registry's form (``{"1": {"1", "2"}}``)."""
        units: dict[str, set[str]] = {}
        for device in self.devices.values():
            if not device.building:
                continue
            names = units.setdefault(building_name(device.building), set())
            if device.unit:
                names.add(unit_name(device.unit))
        return {building: frozenset(names) for building, names in units.items()}

    def unit_devices(self, building: str, unit: str) -> list[RegisteredDevice]:
        """Devices of one unit (registry forms of building and unit)."""
        return [
            device
            for device in self.devices.values()
            if device.is_unit_door
            and building_name(device.building) == building
            and unit_name(device.unit) == unit
        ]

    # --- lanes and gates ----------------------------------------------------------------

    def _same_lane(self, a: RegisteredDevice, b: RegisteredDevice) -> bool:
        return bool(a.lane) and a.lane == b.lane and a.gate == b.gate

    def barrier_of(self, device: RegisteredDevice) -> RegisteredDevice | None:
        """The barrier of a device's lane (a barrier is its own)."""
        if device.kind is DeviceKind.BARRIER:
            return device
        return next(
            (other for other in self.of_kind(DeviceKind.BARRIER) if self._same_lane(device, other)),
            None,
        )

    def detectors_of(self, barrier: RegisteredDevice) -> list[RegisteredDevice]:
        """The vehicle detectors of a barrier's lane."""
        return [
            other
            for other in self.of_kind(DeviceKind.VEHICLE_DETECTOR)
            if self._same_lane(barrier, other)
        ]

    def display_of(self, device: RegisteredDevice) -> RegisteredDevice | None:
        """The plate kit (display and voice) a driver at ``device`` sees."""
        if device.kind is DeviceKind.PLATE_CAMERA:
            return device
        if device.kind not in (DeviceKind.BARRIER, DeviceKind.VEHICLE_DETECTOR):
            return None
        return next(
            (
                other
                for other in self.of_kind(DeviceKind.PLATE_CAMERA)
                if self._same_lane(device, other)
            ),
            None,
        )

    def opener_of(self, device: RegisteredDevice) -> RegisteredDevice | None:
        """The device that opens for a request raised at ``device``.

        A lock, turnstile or barrier opens itself; a plate camera or vehicle detector opens
        its lane's barrier; a face camera opens the turnstile or door terminal of its gate or
        unit door (turnstile first).
        """
        if device.kind in _GATE_DEVICES:
            return device
        if device.kind in (DeviceKind.PLATE_CAMERA, DeviceKind.VEHICLE_DETECTOR):
            return self.barrier_of(device)
        if device.kind is not DeviceKind.FACE_CAMERA:
            return None
        wanted = (DeviceKind.TURNSTILE, DeviceKind.ACCESS_TERMINAL)

        def same_place(other: RegisteredDevice) -> bool:
            if device.gate:
                return other.gate == device.gate
            return other.building == device.building and other.unit == device.unit

        candidates = [other for other in self.of_kind(*wanted) if same_place(other)]
        candidates.sort(key=lambda other: (wanted.index(other.kind), other.code))
        return candidates[0] if candidates else None

    def barrier_at(self, gate: str | None, direction: Direction) -> RegisteredDevice | None:
        """A barrier facing ``direction`` (at ``gate`` when given): where a guard let a car by."""
        return next(
            (
                device
                for device in self.of_kind(DeviceKind.BARRIER)
                if (gate is None or device.gate == gate) and device.direction() is direction
            ),
            None,
        )
