"""Terminal specs from the register and the config entry's connection settings.

The register (which goes to the police) says where a terminal stands and how it is reached
(接入方式: ``isapi`` → Hikvision, ``dahua`` → Dahua, ``mqtt`` → the MQTT schema; otherwise the
manufacturer decides: 大华 → Dahua, 海康威视 → Hikvision). Addresses and credentials of HTTP
terminals live in the config entry (:class:`TerminalConnection`), never in the register file.

A terminal's event stream (Hikvision ``alertStream``, Dahua ``eventManager`` attach) is that
vendor's protocol, so its events belong to the register's 接入方式 of the same name
(:func:`stream_transport`): the stream is opened only for a row whose 接入方式 is ``isapi``
(Hikvision) or ``dahua`` (Dahua); a terminal the register connects another way (``mqtt``
through a gateway, ``none``) is still synchronised, and its events come the way the register
says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..access.models import AccessRules
from ..devices import DeviceKind, Transport
from ..register.row import RegisterRow
from .engine import TerminalSpec, Vendor
from .planner import AssignmentPolicy
from .topology import place_of

DAHUA_MANUFACTURER = 2  # 大华 in the register's manufacturer enumeration
HIKVISION_MANUFACTURER = 1  # 海康威视


@dataclass(frozen=True, slots=True, kw_only=True)
class TerminalConnection:
    """How to reach one HTTP terminal (kept in the config entry, redacted in diagnostics)."""

    base_url: str
    username: str
    password: str
    vendor: Vendor | None = None  # None: from the register row
    doors: int = 1
    events: bool = True


def vendor_of(row: RegisterRow, connection: TerminalConnection | None = None) -> Vendor | None:
    """The vendor protocol for a terminal row, ``None`` when nothing says how to reach it."""
    if connection is not None and connection.vendor is not None:
        return connection.vendor
    if row.transport is Transport.DAHUA:
        return Vendor.DAHUA
    if row.transport is Transport.MQTT:
        return Vendor.MQTT
    if row.manufacturer == DAHUA_MANUFACTURER:
        return Vendor.DAHUA
    if row.transport is Transport.ISAPI or row.manufacturer == HIKVISION_MANUFACTURER:
        return Vendor.HIKVISION
    return None


def stream_transport(vendor: Vendor) -> Transport | None:
    """The register's 接入方式 whose events a vendor's event stream carries (``None``: MQTT
    terminals have no stream of their own, their events come through the MQTT transport)."""
    if vendor is Vendor.HIKVISION:
        return Transport.ISAPI
    if vendor is Vendor.DAHUA:
        return Transport.DAHUA
    return None


def mqtt_prefix(row: RegisterRow) -> str:
    """``<prefix>`` of an MQTT row's address ``<prefix>/<device_code>`` (the address alone
    when it does not end with the code)."""
    address = row.address.strip().strip("/")
    head, _, last = address.rpartition("/")
    return head if last == row.code and head else address


def terminal_specs(
    rows: Iterable[RegisterRow], connections: Mapping[str, TerminalConnection]
) -> tuple[list[TerminalSpec], dict[str, str]]:
    """``(specs, skipped)``: every access terminal that can be reached, and why the others
    cannot (no place, no vendor, no connection settings for an HTTP terminal)."""
    specs: list[TerminalSpec] = []
    skipped: dict[str, str] = {}
    for row in rows:
        place = place_of(row)
        if place is None:
            if row.device_kind is DeviceKind.ACCESS_TERMINAL:
                skipped[row.code] = "no_place"
            continue
        connection = connections.get(row.code)
        vendor = vendor_of(row, connection)
        if vendor is None:
            skipped[row.code] = "no_vendor"
        elif vendor is Vendor.MQTT:
            specs.append(TerminalSpec(place=place, vendor=vendor, mqtt_prefix=mqtt_prefix(row)))
        elif connection is None or not connection.base_url:
            skipped[row.code] = "no_connection"
        else:
            specs.append(
                TerminalSpec(
                    place=place,
                    vendor=vendor,
                    base_url=connection.base_url,
                    username=connection.username,
                    password=connection.password,
                    doors=connection.doors,
                    events=connection.events and stream_transport(vendor) is row.transport,
                )
            )
    return specs, skipped


def policy_from_rules(rules: AccessRules) -> AssignmentPolicy:
    """The assignment policy of the access decision's rules: the same gates, the same staff."""
    return AssignmentPolicy(
        timezone=rules.timezone,
        gate_roles=dict(rules.gate_roles),
        staff_at_unit_doors=rules.staff_at_unit_doors,
    )
