"""The register rows the simulator needs, read with the csv module by their headings."""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

from custom_components.smart_community.core.devices import DeviceKind, Transport

_LOGGER = logging.getLogger(__name__)

# Register heading -> field; English spellings are accepted too.
HEADINGS: dict[str, tuple[str, ...]] = {
    "code": ("设备编码", "device_code", "code"),
    "name": ("设备名称", "device_name", "name"),
    "kind": ("设备种类", "device_kind", "kind"),
    "transport": ("接入方式", "transport"),
    "address": ("接入地址", "address", "access_address"),
    "building": ("楼栋", "building"),
    "unit": ("单元", "unit"),
    "gate": ("出入口", "gate"),
    "lane": ("车道", "lane"),
}
DEFAULT_PREFIX = "smart_community"
SIMULATED = (Transport.MQTT, Transport.GAT1400, Transport.ISAPI)


@dataclass(frozen=True, slots=True)
class SimDevice:
    """One simulated device."""

    code: str
    name: str
    kind: DeviceKind
    transport: Transport
    address: str = ""
    building: str = ""
    unit: str = ""
    gate: str = ""
    lane: str = ""

    @property
    def topic_base(self) -> str:
        """``<prefix>/<device_code>``: the address when it already ends with the code."""
        address = self.address.strip().strip("/")
        if not address:
            return f"{DEFAULT_PREFIX}/{self.code}"
        if address.rsplit("/", 1)[-1] == self.code:
            return address
        return f"{address}/{self.code}"

    @property
    def ip_address(self) -> str:
        """A stable fake LAN address for ISAPI bodies."""
        number = int("".join(ch for ch in self.code if ch.isdigit())[-4:] or "0")
        return f"10.34.{number // 250 % 250}.{number % 250 + 2}"


def _cell(row: dict[str, str], field: str) -> str:
    for heading in HEADINGS[field]:
        value = row.get(heading)
        if value:
            return value.strip()
    return ""


def _enum_value(text: str) -> str:
    # Register enumerations may be written "1.海康威视"; kinds and transports are plain.
    return text.split(".", 1)[1] if text[:1].isdigit() and "." in text else text


def read_register(path: Path) -> list[SimDevice]:
    """Devices of the register whose transport the simulator speaks."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    devices: list[SimDevice] = []
    for number, raw in enumerate(rows, start=2):
        row = {(key or "").strip(): value or "" for key, value in raw.items()}
        code = _cell(row, "code")
        try:
            kind = DeviceKind(_enum_value(_cell(row, "kind")))
            transport = Transport(_enum_value(_cell(row, "transport")) or "none")
        except ValueError as err:
            _LOGGER.warning("register line %d (%s) skipped: %s", number, code, err)
            continue
        if not code or transport not in SIMULATED:
            continue
        if kind is DeviceKind.ACCESS_TERMINAL and transport is Transport.ISAPI:
            continue  # a Hikvision terminal: played by tools.simulator.terminals (its own library)
        devices.append(
            SimDevice(
                code=code,
                name=_cell(row, "name"),
                kind=kind,
                transport=transport,
                address=_cell(row, "address"),
                building=_cell(row, "building"),
                unit=_cell(row, "unit"),
                gate=_cell(row, "gate"),
                lane=_cell(row, "lane"),
            )
        )
    return devices
