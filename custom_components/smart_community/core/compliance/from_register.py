"""Register rows (一机一档) as menu devices."""

from __future__ import annotations

from ..register.row import RegisterRow
from .layout import MenuDevice, direction_from_text, status_from_code


def menu_device(row: RegisterRow) -> MenuDevice:
    """The menu's view of a register row.

    The gate direction comes from the name or address (the naming rule puts 入口/出口 in the
    location part); coverage areas are matched against the install address.
    """
    return MenuDevice(
        code=row.code,
        name=row.name,
        kind=row.device_kind,
        gate=row.gate,
        direction=direction_from_text(row.name, row.install_address) if row.gate else None,
        lane=row.lane,
        building=row.building,
        unit=row.unit,
        location=row.install_address or row.address,
        retention_days=row.retention_days,
        status=status_from_code(row.status),
    )
