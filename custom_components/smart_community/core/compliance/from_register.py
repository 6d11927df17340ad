"""The register's site as the device menu sees it: the community's layout and its devices.

The register is the only description of the community the integration has: a gate, lane or
unit that appears on any row must be fully equipped, and a main road, square or car park
named in any device's place must be covered by a camera.
"""

from __future__ import annotations

from ..devices import DeviceKind
from ..site import RegisteredDevice, Site, lane_key
from .layout import (
    AreaKind,
    Building,
    CommunityLayout,
    CoverageArea,
    MenuDevice,
    PedestrianGate,
    VehicleLane,
    status_from_code,
)

# Places of the naming rule's vocabulary that 中配 wants covered by HD cameras.
_AREA_WORDS: tuple[tuple[str, AreaKind], ...] = (
    ("小区道路", AreaKind.MAIN_ROAD),
    ("主干道", AreaKind.MAIN_ROAD),
    ("广场", AreaKind.PUBLIC_PLACE),
    ("停车场", AreaKind.CAR_PARK),
    ("地下车库", AreaKind.CAR_PARK),
)
_PEDESTRIAN = frozenset({DeviceKind.FACE_CAMERA, DeviceKind.TURNSTILE, DeviceKind.ACCESS_TERMINAL})


def menu_device(device: RegisteredDevice) -> MenuDevice:
    """The menu's view of a register device (lanes keyed by gate, direction from the name)."""
    row = device.row
    return MenuDevice(
        code=device.code,
        name=device.name,
        kind=device.kind,
        gate=device.gate,
        direction=device.facing,
        lane=lane_key(device.gate, device.lane) if device.lane else "",
        building=device.building,
        unit=device.unit,
        location=row.install_address or row.address,
        retention_days=row.retention_days,
        status=status_from_code(row.status),
    )


def menu_devices(site: Site) -> list[MenuDevice]:
    """Every register device as the menu sees it."""
    return [menu_device(device) for device in site]


def community_layout(name: str, code: str, site: Site) -> CommunityLayout:
    """The community's gates, lanes, buildings and areas as the register names them."""
    gates: dict[str, None] = {}
    lanes: dict[str, None] = {}
    units: dict[str, dict[str, None]] = {}
    areas: dict[str, AreaKind] = {}
    for device in site:
        if device.lane:
            lanes[lane_key(device.gate, device.lane)] = None
        elif device.gate and device.kind in _PEDESTRIAN:
            gates[device.gate] = None
        if device.building:
            building_units = units.setdefault(device.building, {})
            if device.unit:
                building_units[device.unit] = None
        place = f"{device.name} {device.row.install_address or ''}"
        for word, kind in _AREA_WORDS:
            if word in place:
                areas.setdefault(word, kind)
    return CommunityLayout(
        name=name,
        code=code,
        gates=tuple(PedestrianGate(gate) for gate in gates),
        lanes=tuple(VehicleLane(lane) for lane in lanes),
        buildings=tuple(Building(b, tuple(u)) for b, u in units.items()),
        areas=tuple(CoverageArea(kind, word) for word, kind in areas.items()),
    )
