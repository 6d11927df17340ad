"""The community layout: which buildings, units and rooms exist.

Rooms are numbered floor + two-digit door (``1502`` = floor 15, door 2), the way Hefei
residential addresses are written (3栋2单元1502).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import RegistryError


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildingLayout:
    """One building: its unit names, floor count and doors per floor."""

    units: frozenset[str]
    floors: int
    doors_per_floor: int


@dataclass(frozen=True, slots=True)
class Address:
    """Where a resident lives; a person's unit door is (building, unit)."""

    building: str
    unit: str
    room: str


@dataclass(frozen=True, slots=True)
class CommunityLayout:
    """Buildings by name (``"3"`` for 3栋)."""

    buildings: Mapping[str, BuildingLayout]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CommunityLayout:
        """``{"3": {"units": ["1", "2"], "floors": 18, "doors_per_floor": 2}, …}``."""
        return cls(
            {
                str(name): BuildingLayout(
                    units=frozenset(str(unit) for unit in spec["units"]),
                    floors=int(spec["floors"]),
                    doors_per_floor=int(spec["doors_per_floor"]),
                )
                for name, spec in data.items()
            }
        )

    def validate_unit(self, building: str, unit: str) -> None:
        """Raise ``unknown_building`` / ``unknown_unit`` unless the pair exists."""
        spec = self.buildings.get(building)
        if spec is None:
            raise RegistryError("unknown_building", building=building)
        if unit not in spec.units:
            raise RegistryError("unknown_unit", building=building, unit=unit)

    def validate_address(self, address: Address) -> Address:
        """Return the address or raise ``unknown_building``, ``unknown_unit``, ``invalid_room``."""
        self.validate_unit(address.building, address.unit)
        spec = self.buildings[address.building]
        room = address.room
        if not (room.isascii() and room.isdigit()) or not 3 <= len(room) <= 8:
            raise RegistryError("invalid_room", room=room)
        floor, door = int(room[:-2]), int(room[-2:])
        if not (1 <= floor <= spec.floors and 1 <= door <= spec.doors_per_floor):
            raise RegistryError("invalid_room", room=room)
        return address
