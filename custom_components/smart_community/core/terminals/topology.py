"""Where an access terminal stands, from its register row (kept in one module on purpose:
``core/site.py`` will own the community's topology, and these few functions move there).

A unit door names its building and unit (``1栋`` / ``1单元``) and no entrance; an entrance
terminal names its gate (东门). Building and unit are written the way the registry writes
addresses: ``1栋`` / ``1号楼`` → ``1``, ``2单元`` → ``2``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..devices import DeviceKind
from ..register.row import RegisterRow

_BUILDING_SUFFIX = re.compile(r"(栋|幢|号楼|号)$")
_UNIT_SUFFIX = re.compile(r"单元$")


def building_name(text: str) -> str:
    """``1栋`` / ``1号楼`` / ``1`` → ``1``."""
    return _BUILDING_SUFFIX.sub("", text.strip())


def unit_name(text: str) -> str:
    """``2单元`` / ``2`` → ``2``."""
    return _UNIT_SUFFIX.sub("", text.strip())


@dataclass(frozen=True, slots=True)
class TerminalPlace:
    """A unit door (``building`` + ``unit``) or an entrance (``gate``)."""

    device_code: str
    gate: str | None = None
    building: str | None = None
    unit: str | None = None

    @property
    def is_unit_door(self) -> bool:
        return self.building is not None and self.unit is not None


def place_of(row: RegisterRow) -> TerminalPlace | None:
    """The place of an access terminal row; ``None`` for other kinds or a row that names
    neither a gate nor a building and unit (it has nobody to admit)."""
    if row.device_kind is not DeviceKind.ACCESS_TERMINAL:
        return None
    if row.building and row.unit and not row.gate:
        return TerminalPlace(
            row.code, building=building_name(row.building), unit=unit_name(row.unit)
        )
    if row.gate:
        return TerminalPlace(row.code, gate=row.gate.strip())
    return None


def terminal_places(rows: Iterable[RegisterRow]) -> list[TerminalPlace]:
    """Every access terminal of the register that has a place."""
    return [place for row in rows if (place := place_of(row)) is not None]
