"""The typed register row and the problems found while reading one."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal
from ipaddress import IPv4Address
from typing import Any

from ..devices import DeviceKind, Transport


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisterRow:
    """One device of the community. Enumerated fields hold the standard's numeric code.

    ``row`` is where it came from (spreadsheet numbering, header = 1; 0 when not from a file).
    Camera rows (``device_kind.is_camera``) have every 一机一档 field; other rows may leave
    those that do not apply empty ("" or None).
    """

    row: int = 0
    code: str
    name: str
    device_kind: DeviceKind
    division: str
    manufacturer: int | None = None
    point_type: int | None = None
    ipv4: IPv4Address | None = None
    camera_type: int | None = None
    camera_function: int | None = None
    power_supply: int | None = None
    resolution: int | None = None
    install_address: str = ""
    longitude: Decimal | None = None
    latitude: Decimal | None = None
    position_type: int | None = None
    direction: int | None = None
    indoor_outdoor: int | None = None
    networked: int | None = None
    police_org: str = ""
    install_date: date | None = None
    management_unit: str = ""
    management_phone: str = ""
    maintenance_unit: str = ""
    maintenance_phone: str = ""
    retention_days: int | None = None
    status: int | None = None
    building: str = ""
    unit: str = ""
    gate: str = ""
    lane: str = ""
    transport: Transport = Transport.NONE
    address: str = ""
    stream_url: str = ""  # rtsp://… the integration analyses (falling-object cameras)

    def same_device_data(self, other: RegisterRow) -> bool:
        """Equal apart from the source row number (what an import compares)."""
        return all(
            getattr(self, name) == getattr(other, name) for name in FIELD_NAMES if name != "row"
        )

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FIELD_NAMES}


FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in fields(RegisterRow))


@dataclass(frozen=True, slots=True)
class RegisterProblem:
    """Something wrong in a register file: row (header = 1), column heading, reason."""

    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.reason}"
