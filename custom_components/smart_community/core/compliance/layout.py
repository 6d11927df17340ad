"""What the community looks like and which devices it has, as the device menu sees them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..devices import DeviceKind
from ..site import Direction


class AreaKind(StrEnum):
    """Areas 中配 wants covered by HD cameras."""

    MAIN_ROAD = "main_road"  # 主干道路
    PUBLIC_PLACE = "public_place"  # 公共场所
    CAR_PARK = "car_park"  # 停车场

    @property
    def zh(self) -> str:
        """Chinese name."""
        return {"main_road": "主干道路", "public_place": "公共场所", "car_park": "停车场"}[self]


class DeviceStatus(StrEnum):
    """一机一档 设备状态: only devices in use count as evidence."""

    IN_USE = "in_use"  # 1 在用
    REPAIR = "repair"  # 2 维修
    REMOVED = "removed"  # 3 拆除


@dataclass(frozen=True, slots=True)
class PedestrianGate:
    """A pedestrian gate; both directions unless told otherwise."""

    name: str
    directions: tuple[Direction, ...] = (Direction.IN, Direction.OUT)


@dataclass(frozen=True, slots=True)
class VehicleLane:
    """One vehicle lane (e.g. 东门车行入口)."""

    name: str


@dataclass(frozen=True, slots=True)
class Building:
    """A residential building and its units."""

    name: str
    units: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CoverageArea:
    """A main road, public place or car park to be covered by cameras."""

    kind: AreaKind
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CommunityLayout:
    """Gates, lanes, buildings and areas of one community."""

    name: str
    code: str = ""  # 15-digit community code
    gates: tuple[PedestrianGate, ...] = ()
    lanes: tuple[VehicleLane, ...] = ()
    buildings: tuple[Building, ...] = ()
    areas: tuple[CoverageArea, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class MenuDevice:
    """A device as the menu check needs it (built from a register row by the caller).

    ``direction`` ``None`` means the device serves both directions of its gate (a
    turnstile usually does). ``area`` names the :class:`CoverageArea` a camera covers.
    """

    code: str
    name: str
    kind: DeviceKind
    gate: str = ""
    direction: Direction | None = None
    lane: str = ""
    building: str = ""
    unit: str = ""
    area: str = ""
    location: str = ""
    retention_days: int | None = None
    status: DeviceStatus = DeviceStatus.IN_USE

    @property
    def label(self) -> str:
        """``name (code)`` for evidence lists."""
        return f"{self.name} ({self.code})" if self.code else self.name

    def serves(self, direction: Direction) -> bool:
        """Whether the device covers ``direction`` of its gate."""
        return self.direction is None or self.direction is direction

    def covers(self, area: CoverageArea) -> bool:
        """Whether the device is placed in ``area`` (by ``area`` or its location text)."""
        return self.area == area.name or (bool(area.name) and area.name in self.location)


_STATUS_CODES = {1: DeviceStatus.IN_USE, 2: DeviceStatus.REPAIR, 3: DeviceStatus.REMOVED}


def status_from_code(code: int | None) -> DeviceStatus:
    """The register's 设备状态 code (1 在用, 2 维修, 3 拆除); unknown counts as in use."""
    return _STATUS_CODES.get(code or 1, DeviceStatus.IN_USE)
