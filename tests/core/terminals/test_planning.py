"""The planner (who goes where, with which window) and the diff (in which order)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from custom_components.smart_community.core.devices import DeviceKind
from custom_components.smart_community.core.people import (
    Address,
    PeopleRegistry,
    Person,
    PersonRole,
    Tenancy,
    VisitorPass,
)
from custom_components.smart_community.core.register.row import RegisterRow
from custom_components.smart_community.core.terminals import (
    AssignmentPolicy,
    FaceRef,
    OpKind,
    TerminalPlace,
    TerminalUser,
    ValidityWindow,
    place_of,
    plan_libraries,
)
from custom_components.smart_community.core.terminals.diff import diff_library

from .conftest import T0, ZONE, family

UNIT_11 = TerminalPlace("U11", building="1", unit="1")
UNIT_12 = TerminalPlace("U12", building="1", unit="2")
EAST = TerminalPlace("E", gate="东门")
BACK = TerminalPlace("B", gate="后门")
PLACES = [UNIT_11, UNIT_12, EAST, BACK]


def _plan(registry: PeopleRegistry, **policy: object):  # type: ignore[no-untyped-def]
    return plan_libraries(
        registry.snapshot,
        PLACES,
        now=T0,
        policy=AssignmentPolicy(timezone=ZONE, **policy),  # type: ignore[arg-type]
        user_id_of=lambda pid: f"u-{pid}",
    )


def _who(plan, code: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {user.person_id for user in plan.libraries[code].values()}


def test_register_rows_give_unit_doors_and_gates() -> None:
    base = {"division": "340104", "device_kind": DeviceKind.ACCESS_TERMINAL}
    door = RegisterRow(code="A", name="1栋2单元门禁", building="1栋", unit="2单元", **base)  # type: ignore[arg-type]
    gate = RegisterRow(code="B", name="东门门禁", gate="东门", **base)  # type: ignore[arg-type]
    camera = RegisterRow(
        code="C", name="x", division="340104", device_kind=DeviceKind.CAMERA, gate="东门"
    )
    assert place_of(door) == TerminalPlace("A", building="1", unit="2")
    assert place_of(gate) == TerminalPlace("B", gate="东门")
    assert place_of(camera) is None


def test_residents_go_to_their_unit_door_and_every_gate(registry: PeopleRegistry) -> None:
    family(registry)
    plan = _plan(registry)
    assert _who(plan, "U11") == {"P-1", "P-2", "P-3"}
    assert _who(plan, "U12") == set()
    assert _who(plan, "E") == _who(plan, "B") == {"P-1", "P-2", "P-3"}


def test_gate_roles_keep_residents_off_a_staff_gate_and_staff_doors_follow_the_policy(
    registry: PeopleRegistry,
) -> None:
    family(registry)
    registry.add_person(Person(id="S", name="保洁", role=PersonRole.STAFF))
    plan = _plan(
        registry,
        gate_roles={"后门": frozenset({PersonRole.STAFF, PersonRole.GUARD})},
        staff_at_unit_doors=False,
    )
    assert _who(plan, "B") == {"S"}
    assert _who(plan, "U11") == {"P-1", "P-2", "P-3"}
    assert _who(plan, "E") == {"P-1", "P-2", "P-3", "S"}


def test_a_visitor_gets_the_pass_gates_the_host_door_and_the_window(
    registry: PeopleRegistry,
) -> None:
    family(registry)
    registry.add_person(
        Person(
            id="V",
            name="访客",
            role=PersonRole.VISITOR,
            visit=VisitorPass(
                host_id="P-1",
                valid_from=T0,
                valid_until=T0 + timedelta(hours=3),
                gates=frozenset({"东门"}),
            ),
        )
    )
    plan = _plan(registry)
    assert "V" in _who(plan, "E") and "V" not in _who(plan, "B")
    assert "V" in _who(plan, "U11") and "V" not in _who(plan, "U12")
    visitor = plan.libraries["E"]["u-V"]
    assert visitor.window == ValidityWindow(T0, T0 + timedelta(hours=3))
    assert plan.next_change == T0 + timedelta(hours=3)


def test_ended_windows_are_left_off_and_tenancies_cover_whole_days(
    registry: PeopleRegistry,
) -> None:
    address = Address("1", "2", "0101")
    registry.add_person(
        Person(
            id="T-old",
            name="旧租客",
            role=PersonRole.TENANT,
            address=address,
            tenancy=Tenancy(move_in=date(2025, 1, 1), move_out=date(2025, 4, 30)),
        )
    )
    registry.add_person(
        Person(
            id="T-new",
            name="新租客",
            role=PersonRole.TENANT,
            address=address,
            tenancy=Tenancy(move_in=date(2025, 5, 10)),
        )
    )
    plan = _plan(registry)
    assert plan.left_off["T-old"] == "window_over"
    user = plan.libraries["U12"]["u-T-new"]
    assert user.window.begin == datetime(2025, 5, 10, tzinfo=ZONE) and user.window.end is None


def _user(
    uid: str, *, cards: frozenset[str] = frozenset(), face: str | None = None, name: str = "n"
) -> TerminalUser:
    return TerminalUser(
        user_id=uid,
        person_id=uid,
        name=name,
        cards=cards,
        face=FaceRef(face, "1") if face else None,
    )


def test_diff_removes_first_then_changes_records_then_adds() -> None:
    known = {
        "1": _user("1", cards=frozenset({"C1"})),
        "2": _user("2", face="a.jpg"),
        "3": _user("3"),
    }
    desired = {
        "2": _user("2", name="renamed"),
        "3": _user("3", cards=frozenset({"C1"})),
        "4": _user("4", face="b.jpg", cards=frozenset({"C2"})),
    }
    ops = [(op.kind, op.user.user_id, op.card) for op in diff_library(desired, known)]
    assert ops == [
        (OpKind.DELETE_USER, "1", None),
        (OpKind.DELETE_FACE, "2", None),
        (OpKind.MODIFY_USER, "2", None),
        (OpKind.SET_CARD, "3", "C1"),
        (OpKind.ADD_USER, "4", None),
        (OpKind.SET_FACE, "4", None),
        (OpKind.SET_CARD, "4", "C2"),
    ]
    assert diff_library(desired, desired) == []
