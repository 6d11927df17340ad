"""Inputs and output of the access decision."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import tzinfo
from decimal import Decimal
from enum import StrEnum

from ..devices import DeviceKind
from ..people.models import PersonRole
from ..people.registry import RegistrySnapshot
from ..site import Direction, RegisteredDevice, building_name, unit_name
from .schedule import Schedule


class Outcome(StrEnum):
    """What the device should do."""

    ALLOW = "allow"  # open
    DENY = "deny"  # stay shut
    ALERT = "alert"  # stay shut and tell the guards (watch list)


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessPoint:
    """A gate, turnstile, barrier or unit door, grouped by where it is.

    Entrance devices name their ``gate`` (东门); a unit door names ``building`` and ``unit``.
    """

    device_id: str
    kind: DeviceKind
    gate: str | None = None
    building: str | None = None
    unit: str | None = None
    direction: Direction = Direction.IN

    @property
    def is_unit_door(self) -> bool:
        """Unit doors only open for that unit's residents, their visitors and staff."""
        return self.building is not None

    @classmethod
    def of(cls, device: RegisteredDevice, reported_direction: str | None = None) -> AccessPoint:
        """The register row as the decision sees it (the register decides the direction)."""
        if device.is_unit_door:
            return cls(
                device_id=device.code,
                kind=device.kind,
                building=building_name(device.building),
                unit=unit_name(device.unit),
            )
        return cls(
            device_id=device.code,
            kind=device.kind,
            gate=device.gate or None,
            direction=device.direction(reported_direction),
        )


@dataclass(frozen=True, slots=True)
class PersonSubject:
    """A recognised face, card or QR code; ``person_id=None`` when nobody matched."""

    person_id: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PlateSubject:
    """A plate read at a barrier, with what parking knows about it.

    ``inside``: an open parking session exists; ``fee_due``: what that session still owes
    (the parking lot computes it, so the decision stays a pure table lookup).
    """

    plate: str
    inside: bool = False
    fee_due: Decimal = Decimal(0)


type Subject = PersonSubject | PlateSubject


@dataclass(frozen=True, slots=True, kw_only=True)
class AccessRules:
    """The community's policy plus the registry it applies to.

    ``schedules``: per role; a role not listed may pass at any time.
    ``gate_roles``: roles a gate admits (a staff-only back gate); gates not listed admit all.
    ``gate_schedules``: when a gate is open to people at all; gates not listed: always.
    ``staff_at_unit_doors``: staff and guards open every unit door.
    ``temporary_vehicles``: unregistered cars may enter and pay at exit (临时车).
    """

    registry: RegistrySnapshot
    timezone: tzinfo
    schedules: Mapping[PersonRole, Schedule] = field(default_factory=dict)
    gate_roles: Mapping[str, frozenset[PersonRole]] = field(default_factory=dict)
    gate_schedules: Mapping[str, Schedule] = field(default_factory=dict)
    staff_at_unit_doors: bool = True
    temporary_vehicles: bool = True


@dataclass(frozen=True, slots=True)
class AccessDecision:
    """``reason`` is a translation key; ``detail`` its placeholders."""

    outcome: Outcome
    reason: str
    detail: Mapping[str, str] = field(default_factory=dict)

    @property
    def opens(self) -> bool:
        """Only ``allow`` opens the device."""
        return self.outcome is Outcome.ALLOW

    @property
    def parks_free(self) -> bool:
        """A car let in on a monthly pass or to its own space: open its session as free."""
        granted = self.detail.get("granted_as", self.reason)
        return self.opens and granted in FREE_PARKING_REASONS


FREE_PARKING_REASONS = frozenset({"monthly_pass", "parking_space"})
