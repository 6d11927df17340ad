"""Shared builders for the platform tests: a small community and its people."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from custom_components.smart_community.core.people import (
    Address,
    CareProfile,
    CommunityLayout,
    MonthlyPass,
    Person,
    PersonRole,
    RegistrySnapshot,
    Tenancy,
    Vehicle,
    VisitorPass,
    WatchEntry,
    WatchListKind,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
OWNER_ID_NUMBER = "340121198001011230"
ELDER_ID_NUMBER = "340121195503150026"
CHILD_ID_NUMBER = "340104201006010059"
LEAP_DAY_ID_NUMBER = "340104200002290028"

LAYOUT = CommunityLayout.from_json(
    {
        "1": {"units": ["1", "2"], "floors": 18, "doors_per_floor": 2},
        "3": {"units": ["1"], "floors": 6, "doors_per_floor": 4},
    }
)


def local(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    """A Hefei wall-clock moment."""
    return datetime.combine(date(year, month, day), time(hour, minute), SHANGHAI)


def owner(**changes: object) -> Person:
    """张伟, owner of 1栋1单元1502."""
    fields: dict[str, object] = {
        "id": "owner",
        "name": "张伟",
        "role": PersonRole.OWNER,
        "id_number": OWNER_ID_NUMBER,
        "mobile": "13800138000",
        "address": Address("1", "1", "1502"),
        "cards": ("IC-0001",),
    }
    fields.update(changes)
    return Person(**fields)  # type: ignore[arg-type]


def tenant(**changes: object) -> Person:
    """A tenant of 1栋2单元0801 for the first half of 2026."""
    fields: dict[str, object] = {
        "id": "tenant",
        "name": "李娜",
        "role": PersonRole.TENANT,
        "address": Address("1", "2", "801"),
        "tenancy": Tenancy(move_in=date(2026, 1, 1), move_out=date(2026, 6, 30)),
    }
    fields.update(changes)
    return Person(**fields)  # type: ignore[arg-type]


def visitor(**changes: object) -> Person:
    """Visiting the owner on 2026-03-10 from 09:00 to 18:00 through the east gate."""
    fields: dict[str, object] = {
        "id": "visitor",
        "name": "王芳",
        "role": PersonRole.VISITOR,
        "visit": VisitorPass(
            host_id="owner",
            valid_from=local(2026, 3, 10, 9),
            valid_until=local(2026, 3, 10, 18),
            gates=frozenset({"east"}),
            plate="皖A12345",
        ),
    }
    fields.update(changes)
    return Person(**fields)  # type: ignore[arg-type]


def elder(**changes: object) -> Person:
    """A care resident living with the owner."""
    fields: dict[str, object] = {
        "id": "elder",
        "name": "张奶奶",
        "role": PersonRole.FAMILY,
        "id_number": ELDER_ID_NUMBER,
        "address": Address("1", "1", "1502"),
        "care": CareProfile(
            inactivity_hours=24,
            emergency_contact_name="张伟",
            emergency_contact_mobile="13800138000",
        ),
    }
    fields.update(changes)
    return Person(**fields)  # type: ignore[arg-type]


def staff(**changes: object) -> Person:
    """A property-management cleaner."""
    fields: dict[str, object] = {"id": "staff", "name": "赵师傅", "role": PersonRole.STAFF}
    fields.update(changes)
    return Person(**fields)  # type: ignore[arg-type]


def watched(**changes: object) -> Person:
    """An owner on the black list."""
    return owner(
        id="watched",
        id_number=None,
        cards=(),
        watch=WatchEntry(kind=WatchListKind.BLACK_LIST, reason="court order"),
        **changes,
    )


def owner_car(**changes: object) -> Vehicle:
    """The owner's car with a monthly pass for 2026."""
    fields: dict[str, object] = {
        "plate": "皖AD12345",
        "owner_id": "owner",
        "color": "green",
        "monthly_pass": MonthlyPass(valid_from=date(2026, 1, 1), valid_until=date(2026, 12, 31)),
    }
    fields.update(changes)
    return Vehicle(**fields)  # type: ignore[arg-type]


def snapshot(*people: Person, vehicles: tuple[Vehicle, ...] = ()) -> RegistrySnapshot:
    """A registry snapshot without validation (the decision only reads it)."""
    return RegistrySnapshot.build({p.id: p for p in people}, {v.plate: v for v in vehicles})
