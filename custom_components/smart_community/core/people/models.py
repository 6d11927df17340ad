"""What the registry holds: people with their role-specific facts, and vehicles."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from .layout import Address


class PersonRole(StrEnum):
    """Who a person is to the community."""

    OWNER = "owner"  # 业主
    FAMILY = "family"  # 家庭成员
    TENANT = "tenant"  # 租户
    VISITOR = "visitor"  # 访客
    STAFF = "staff"  # 物业工作人员
    GUARD = "guard"  # 保安

    @property
    def is_resident(self) -> bool:
        """Owners, family members and tenants live in the community."""
        return self in (PersonRole.OWNER, PersonRole.FAMILY, PersonRole.TENANT)


class WatchListKind(StrEnum):
    """黑名单 (never let in) or 重点关注 (let staff know): both raise an alert at a device."""

    BLACK_LIST = "black_list"
    WATCH_LIST = "watch_list"


@dataclass(frozen=True, slots=True, kw_only=True)
class WatchEntry:
    """Why a person is on a list and since when."""

    kind: WatchListKind
    reason: str
    since: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CareProfile:
    """An elderly or special-care resident (关爱对象): alert after ``inactivity_hours`` unseen."""

    inactivity_hours: int
    emergency_contact_name: str
    emergency_contact_mobile: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Tenancy:
    """A tenant's lease; ``move_out`` is the last day access is granted (inclusive)."""

    move_in: date
    move_out: date | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class VisitorPass:
    """A visit: valid in ``[valid_from, valid_until)``, at ``gates`` (empty: every gate)."""

    host_id: str
    valid_from: datetime
    valid_until: datetime
    gates: frozenset[str] = frozenset()
    plate: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Person:
    """A registered person. ``address`` is required for residents, ``visit`` for visitors."""

    id: str
    name: str
    role: PersonRole
    id_number: str | None = None
    mobile: str | None = None
    address: Address | None = None
    photos: tuple[str, ...] = ()  # image refs (relative paths under the image store)
    cards: tuple[str, ...] = ()  # IC card numbers
    watch: WatchEntry | None = None
    care: CareProfile | None = None
    tenancy: Tenancy | None = None
    visit: VisitorPass | None = None

    @property
    def needs_care(self) -> bool:
        """The care flag."""
        return self.care is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class MonthlyPass:
    """月卡: free passage at the barrier from ``valid_from`` through ``valid_until``."""

    valid_from: date
    valid_until: date

    def covers(self, day: date) -> bool:
        """Whether the pass is valid on ``day`` (both ends inclusive)."""
        return self.valid_from <= day <= self.valid_until


@dataclass(frozen=True, slots=True, kw_only=True)
class Vehicle:
    """A registered vehicle of a person."""

    plate: str
    owner_id: str
    color: str = "blue"  # plate colour
    parking_space: str | None = None
    monthly_pass: MonthlyPass | None = None
