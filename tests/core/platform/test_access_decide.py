"""The access decision, table-driven: one row per rule and edge."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from datetime import time as clock
from decimal import Decimal

import pytest

from custom_components.smart_community.core.access import (
    AccessPoint,
    AccessRules,
    Direction,
    Outcome,
    PersonSubject,
    PlateSubject,
    Schedule,
    Subject,
    TimeWindow,
    decide,
)
from custom_components.smart_community.core.devices import DeviceKind
from custom_components.smart_community.core.people import MonthlyPass, PersonRole, Tenancy

from .helpers import (
    SHANGHAI,
    elder,
    local,
    owner,
    owner_car,
    snapshot,
    staff,
    tenant,
    visitor,
    watched,
)

EAST_IN = AccessPoint(device_id="t-east-in", kind=DeviceKind.TURNSTILE, gate="east")
EAST_OUT = AccessPoint(
    device_id="t-east-out", kind=DeviceKind.TURNSTILE, gate="east", direction=Direction.OUT
)
WEST_IN = AccessPoint(device_id="t-west-in", kind=DeviceKind.TURNSTILE, gate="west")
BACK_IN = AccessPoint(device_id="t-back-in", kind=DeviceKind.TURNSTILE, gate="back")
DOOR_1_1 = AccessPoint(
    device_id="door-1-1", kind=DeviceKind.ACCESS_TERMINAL, building="1", unit="1"
)
DOOR_1_2 = AccessPoint(
    device_id="door-1-2", kind=DeviceKind.ACCESS_TERMINAL, building="1", unit="2"
)
BARRIER_IN = AccessPoint(device_id="b-in", kind=DeviceKind.BARRIER, gate="east")
BARRIER_OUT = AccessPoint(
    device_id="b-out", kind=DeviceKind.BARRIER, gate="east", direction=Direction.OUT
)

WEEKDAYS = frozenset(range(5))
FRIDAY = frozenset({4})
REGISTRY = snapshot(
    owner(),
    tenant(),
    visitor(),
    elder(),
    staff(),
    staff(id="guard", role=PersonRole.GUARD),
    watched(),
    tenant(id="old-tenant", tenancy=Tenancy(move_in=date(2025, 1, 1), move_out=date(2025, 12, 31))),
    vehicles=(
        owner_car(),
        owner_car(plate="皖A55555", monthly_pass=None, parking_space="B2-017"),
        owner_car(
            plate="皖A66666",
            monthly_pass=MonthlyPass(valid_from=date(2025, 1, 1), valid_until=date(2026, 3, 9)),
        ),
        owner_car(plate="皖A77777", monthly_pass=None),
        owner_car(plate="皖A88888", owner_id="watched"),
        owner_car(plate="皖A99999", owner_id="old-tenant"),
    ),
)
RULES = AccessRules(
    registry=REGISTRY,
    timezone=SHANGHAI,
    schedules={
        PersonRole.STAFF: Schedule(WEEKDAYS, (TimeWindow(clock(7), clock(19)),)),
        PersonRole.GUARD: Schedule(FRIDAY, (TimeWindow(clock(22), clock(6)),)),
    },
    gate_roles={"back": frozenset({PersonRole.STAFF, PersonRole.GUARD})},
    gate_schedules={"west": Schedule(windows=(TimeWindow(clock(5), clock(23)),))},
)
STRICT = AccessRules(
    registry=REGISTRY, timezone=SHANGHAI, temporary_vehicles=False, staff_at_unit_doors=False
)
TUESDAY = local(2026, 3, 10, 10)  # inside the visitor's pass, a working day


def person(person_id: str | None) -> PersonSubject:
    return PersonSubject(person_id)


def car(plate: str, *, inside: bool = False, fee: str = "0") -> PlateSubject:
    return PlateSubject(plate=plate, inside=inside, fee_due=Decimal(fee))


CASES: list[tuple[str, Subject, AccessPoint, datetime, AccessRules, Outcome, str]] = [
    # who is unknown
    ("unknown person", person(None), EAST_IN, TUESDAY, RULES, Outcome.DENY, "unknown_person"),
    (
        "unregistered person id",
        person("ghost"),
        EAST_IN,
        TUESDAY,
        RULES,
        Outcome.DENY,
        "unknown_person",
    ),
    (
        "unknown plate, temporary parking allowed",
        car("皖B12345"),
        BARRIER_IN,
        TUESDAY,
        RULES,
        Outcome.ALLOW,
        "temporary_parking",
    ),
    (
        "unknown plate, temporary parking refused",
        car("皖B12345"),
        BARRIER_IN,
        TUESDAY,
        STRICT,
        Outcome.DENY,
        "unknown_plate",
    ),
    # watch list wins over everything, both ways
    (
        "black-listed person",
        person("watched"),
        EAST_IN,
        TUESDAY,
        RULES,
        Outcome.ALERT,
        "black_list",
    ),
    (
        "black-listed person leaving",
        person("watched"),
        EAST_OUT,
        TUESDAY,
        RULES,
        Outcome.ALERT,
        "black_list",
    ),
    (
        "black-listed owner's car",
        car("皖A88888"),
        BARRIER_IN,
        TUESDAY,
        RULES,
        Outcome.ALERT,
        "black_list",
    ),
    # residents
    ("owner at the gate", person("owner"), EAST_IN, TUESDAY, RULES, Outcome.ALLOW, "resident"),
    (
        "owner at own unit door",
        person("owner"),
        DOOR_1_1,
        TUESDAY,
        RULES,
        Outcome.ALLOW,
        "resident",
    ),
    (
        "owner at another unit's door",
        person("owner"),
        DOOR_1_2,
        TUESDAY,
        RULES,
        Outcome.DENY,
        "wrong_unit",
    ),
    (
        "care resident is a normal resident",
        person("elder"),
        DOOR_1_1,
        local(2026, 3, 10, 3),
        RULES,
        Outcome.ALLOW,
        "resident",
    ),
    # tenants
    (
        "tenant during the lease",
        person("tenant"),
        DOOR_1_2,
        TUESDAY,
        RULES,
        Outcome.ALLOW,
        "resident",
    ),
    (
        "tenant before moving in",
        person("tenant"),
        EAST_IN,
        local(2025, 12, 31, 23, 59),
        RULES,
        Outcome.DENY,
        "tenancy_not_started",
    ),
    (
        "tenant on move-in day",
        person("tenant"),
        EAST_IN,
        local(2026, 1, 1, 0, 0),
        RULES,
        Outcome.ALLOW,
        "resident",
    ),
    (
        "tenant on move-out day",
        person("tenant"),
        EAST_IN,
        local(2026, 6, 30, 23, 59),
        RULES,
        Outcome.ALLOW,
        "resident",
    ),
    (
        "tenant after moving out",
        person("tenant"),
        EAST_IN,
        local(2026, 7, 1, 0, 0),
        RULES,
        Outcome.DENY,
        "tenant_moved_out",
    ),
    (
        "moved-out tenant may still leave",
        person("old-tenant"),
        EAST_OUT,
        TUESDAY,
        RULES,
        Outcome.ALLOW,
        "exit",
    ),
    (
        "moved-out tenant's car",
        car("皖A99999"),
        BARRIER_IN,
        TUESDAY,
        RULES,
        Outcome.DENY,
        "tenant_moved_out",
    ),
    # visitors
    (
        "visitor within the pass",
        person("visitor"),
        EAST_IN,
        TUESDAY,
        RULES,
        Outcome.ALLOW,
        "visitor_pass",
    ),
    (
        "visitor before the pass",
        person("visitor"),
        EAST_IN,
        local(2026, 3, 10, 8, 59),
        RULES,
        Outcome.DENY,
        "pass_not_yet_valid",
    ),
    (
        "visitor at the pass's last minute",
        person("visitor"),
        EAST_IN,
        local(2026, 3, 10, 17, 59),
        RULES,
        Outcome.ALLOW,
        "visitor_pass",
    ),
    (
        "visitor when the pass expired",
        person("visitor"),
        EAST_IN,
        local(2026, 3, 10, 18),
        RULES,
        Outcome.DENY,
        "pass_expired",
    ),
    (
        "visitor at a gate not on the pass",
        person("visitor"),
        WEST_IN,
        TUESDAY,
        RULES,
        Outcome.DENY,
        "gate_not_allowed",
    ),
    (
        "visitor at the host's unit door",
        person("visitor"),
        DOOR_1_1,
        TUESDAY,
        RULES,
        Outcome.ALLOW,
        "visitor_pass",
    ),
    (
        "visitor at another unit's door",
        person("visitor"),
        DOOR_1_2,
        TUESDAY,
        RULES,
        Outcome.DENY,
        "wrong_unit",
    ),
    (
        "visitor leaving after the pass expired",
        person("visitor"),
        EAST_OUT,
        local(2026, 3, 11, 9),
        RULES,
        Outcome.ALLOW,
        "exit",
    ),
    (
        "pass given in UTC",
        person("visitor"),
        EAST_IN,
        datetime(2026, 3, 10, 10, 0, tzinfo=UTC),
        RULES,
        Outcome.DENY,
        "pass_expired",
    ),
    # staff schedule, including a window across midnight
    ("staff in working hours", person("staff"), EAST_IN, TUESDAY, RULES, Outcome.ALLOW, "staff"),
    ("staff at a unit door", person("staff"), DOOR_1_2, TUESDAY, RULES, Outcome.ALLOW, "staff"),
    (
        "staff at a unit door, not allowed there",
        person("staff"),
        DOOR_1_2,
        TUESDAY,
        STRICT,
        Outcome.DENY,
        "wrong_unit",
    ),
    (
        "staff before hours",
        person("staff"),
        EAST_IN,
        local(2026, 3, 10, 6, 59),
        RULES,
        Outcome.DENY,
        "outside_hours",
    ),
    (
        "staff at closing time",
        person("staff"),
        EAST_IN,
        local(2026, 3, 10, 19),
        RULES,
        Outcome.DENY,
        "outside_hours",
    ),
    (
        "staff on Saturday",
        person("staff"),
        EAST_IN,
        local(2026, 3, 14, 10),
        RULES,
        Outcome.DENY,
        "outside_hours",
    ),
    (
        "guard Friday 22:00",
        person("guard"),
        EAST_IN,
        local(2026, 3, 13, 22),
        RULES,
        Outcome.ALLOW,
        "staff",
    ),
    (
        "guard Saturday 02:00, Friday's night window",
        person("guard"),
        EAST_IN,
        local(2026, 3, 14, 2),
        RULES,
        Outcome.ALLOW,
        "staff",
    ),
    (
        "guard Saturday 06:00, window over",
        person("guard"),
        EAST_IN,
        local(2026, 3, 14, 6),
        RULES,
        Outcome.DENY,
        "outside_hours",
    ),
    (
        "guard Friday 02:00, Thursday not scheduled",
        person("guard"),
        EAST_IN,
        local(2026, 3, 13, 2),
        RULES,
        Outcome.DENY,
        "outside_hours",
    ),
    (
        "guard Saturday 22:00",
        person("guard"),
        EAST_IN,
        local(2026, 3, 14, 22),
        RULES,
        Outcome.DENY,
        "outside_hours",
    ),
    # gates: who and when
    (
        "resident at a staff-only gate",
        person("owner"),
        BACK_IN,
        TUESDAY,
        RULES,
        Outcome.DENY,
        "gate_not_allowed",
    ),
    (
        "staff at a staff-only gate",
        person("staff"),
        BACK_IN,
        TUESDAY,
        RULES,
        Outcome.ALLOW,
        "staff",
    ),
    (
        "resident at a gate closed for the night",
        person("owner"),
        WEST_IN,
        local(2026, 3, 10, 23, 30),
        RULES,
        Outcome.DENY,
        "outside_hours",
    ),
    (
        "resident at that gate once it opens",
        person("owner"),
        WEST_IN,
        local(2026, 3, 10, 5, 0),
        RULES,
        Outcome.ALLOW,
        "resident",
    ),
    (
        "resident at an always-open gate at night",
        person("owner"),
        EAST_IN,
        local(2026, 3, 10, 23, 30),
        RULES,
        Outcome.ALLOW,
        "resident",
    ),
    # vehicles
    ("monthly pass", car("皖AD12345"), BARRIER_IN, TUESDAY, RULES, Outcome.ALLOW, "monthly_pass"),
    (
        "monthly pass, plate read with separators",
        car("皖ad·12345"),
        BARRIER_IN,
        TUESDAY,
        RULES,
        Outcome.ALLOW,
        "monthly_pass",
    ),
    (
        "monthly pass on its last day",
        car("皖A66666"),
        BARRIER_IN,
        local(2026, 3, 9, 23, 59),
        RULES,
        Outcome.ALLOW,
        "monthly_pass",
    ),
    (
        "monthly pass expired, pays as temporary",
        car("皖A66666"),
        BARRIER_IN,
        TUESDAY,
        RULES,
        Outcome.ALLOW,
        "temporary_parking",
    ),
    (
        "monthly pass expired, no temporary parking",
        car("皖A66666"),
        BARRIER_IN,
        TUESDAY,
        STRICT,
        Outcome.DENY,
        "monthly_pass_expired",
    ),
    (
        "monthly pass not yet valid",
        car("皖AD12345"),
        BARRIER_IN,
        local(2025, 12, 31),
        STRICT,
        Outcome.DENY,
        "no_monthly_pass",
    ),
    (
        "own parking space",
        car("皖A55555"),
        BARRIER_IN,
        TUESDAY,
        STRICT,
        Outcome.ALLOW,
        "parking_space",
    ),
    (
        "registered car without pass",
        car("皖A77777"),
        BARRIER_IN,
        TUESDAY,
        STRICT,
        Outcome.DENY,
        "no_monthly_pass",
    ),
    (
        "visitor's car within the pass",
        car("皖A12345"),
        BARRIER_IN,
        TUESDAY,
        STRICT,
        Outcome.ALLOW,
        "visitor_pass",
    ),
    (
        "visitor's car after the pass",
        car("皖A12345"),
        BARRIER_IN,
        local(2026, 3, 11),
        STRICT,
        Outcome.DENY,
        "pass_expired",
    ),
    (
        "visitor's car before the pass",
        car("皖A12345"),
        BARRIER_IN,
        local(2026, 3, 10, 8),
        STRICT,
        Outcome.DENY,
        "pass_not_yet_valid",
    ),
    (
        "visitor's car leaving, session paid",
        car("皖A12345", inside=True),
        BARRIER_OUT,
        local(2026, 3, 11),
        RULES,
        Outcome.ALLOW,
        "exit",
    ),
    (
        "visitor's car leaving, fee unpaid",
        car("皖A12345", inside=True, fee="6.00"),
        BARRIER_OUT,
        TUESDAY,
        RULES,
        Outcome.DENY,
        "fee_unpaid",
    ),
    (
        "temporary car leaving, fee unpaid",
        car("皖B12345", inside=True, fee="3.00"),
        BARRIER_OUT,
        TUESDAY,
        RULES,
        Outcome.DENY,
        "fee_unpaid",
    ),
    (
        "temporary car leaving, paid",
        car("皖B12345", inside=True),
        BARRIER_OUT,
        TUESDAY,
        RULES,
        Outcome.ALLOW,
        "exit",
    ),
    (
        "unknown car leaving without entry",
        car("皖B12345"),
        BARRIER_OUT,
        TUESDAY,
        RULES,
        Outcome.DENY,
        "no_entry_record",
    ),
    (
        "registered car leaving without entry",
        car("皖AD12345"),
        BARRIER_OUT,
        TUESDAY,
        RULES,
        Outcome.ALLOW,
        "exit",
    ),
    (
        "car already inside enters again",
        car("皖AD12345", inside=True),
        BARRIER_IN,
        TUESDAY,
        RULES,
        Outcome.ALLOW,
        "re_entry",
    ),
    (
        "refused car inside stays refused",
        car("皖A12345", inside=True),
        BARRIER_IN,
        local(2026, 3, 11),
        STRICT,
        Outcome.DENY,
        "pass_expired",
    ),
]


Case = tuple[str, Subject, AccessPoint, datetime, AccessRules, Outcome, str]


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_decision(case: Case) -> None:
    _, subject, device, at, rules, outcome, reason = case
    decision = decide(subject, device, at, rules)
    assert (decision.outcome, decision.reason) == (outcome, reason)
    assert decision.opens is (outcome is Outcome.ALLOW)


def test_alert_carries_the_watch_reason() -> None:
    decision = decide(person("watched"), EAST_IN, TUESDAY, RULES)
    assert dict(decision.detail) == {"person_id": "watched", "reason": "court order"}


def test_re_entry_keeps_the_reason_that_granted_it() -> None:
    decision = decide(car("皖AD12345", inside=True), BARRIER_IN, TUESDAY, RULES)
    assert decision.detail["granted_as"] == "monthly_pass"


def test_fee_unpaid_names_the_amount() -> None:
    decision = decide(car("皖B12345", inside=True, fee="12.50"), BARRIER_OUT, TUESDAY, RULES)
    assert decision.detail["amount"] == "12.50"


def test_temporary_entry_says_whether_a_monthly_pass_expired() -> None:
    assert decide(car("皖A66666"), BARRIER_IN, TUESDAY, RULES).detail["monthly_pass"] == "expired"
    assert decide(car("皖A77777"), BARRIER_IN, TUESDAY, RULES).detail["monthly_pass"] == "none"


def test_visitor_without_a_pass_is_treated_as_expired() -> None:
    rules = AccessRules(registry=snapshot(owner(), visitor(visit=None)), timezone=SHANGHAI)
    decision = decide(person("visitor"), EAST_IN, TUESDAY, rules)
    assert (decision.outcome, decision.reason) == (Outcome.DENY, "pass_expired")


@pytest.mark.parametrize(
    ("subject", "free"),
    [
        (car("皖AD12345"), True),  # monthly pass
        (car("皖A55555"), True),  # own space
        (car("皖AD12345", inside=True), True),  # re-entry on a monthly pass
        (car("皖A77777"), False),  # temporary
        (car("皖A12345"), False),  # visitor pays
        (person("owner"), False),
    ],
)
def test_free_parking_follows_the_reason(subject: Subject, free: bool) -> None:
    device = EAST_IN if isinstance(subject, PersonSubject) else BARRIER_IN
    assert decide(subject, device, TUESDAY, RULES).parks_free is free


def test_closed_gate_names_the_gate() -> None:
    decision = decide(person("owner"), WEST_IN, local(2026, 3, 10, 23, 30), RULES)
    assert dict(decision.detail) == {"gate": "west"}


def test_all_day_window_covers_midnight() -> None:
    always = Schedule(frozenset({1}), (TimeWindow(clock(0), clock(0)),))
    assert always.allows(local(2026, 3, 10, 0, 0))
    assert always.allows(local(2026, 3, 10, 23, 59))
    assert not always.allows(local(2026, 3, 11, 0, 0))


def test_decision_is_fast() -> None:
    subjects: list[Subject] = [
        person("visitor"),
        person("staff"),
        car("皖AD12345"),
        car("皖B12345"),
    ]
    devices = [EAST_IN, DOOR_1_1, BARRIER_IN, BARRIER_IN]
    timings = []
    for i in range(4000):
        began = time.perf_counter_ns()
        decide(subjects[i % 4], devices[i % 4], TUESDAY, RULES)
        timings.append(time.perf_counter_ns() - began)
    timings.sort()
    assert timings[int(len(timings) * 0.95)] < 1_000_000  # 1 ms p95
