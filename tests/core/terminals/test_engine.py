"""The sync engine against simulated Hikvision and Dahua terminals (real HTTP, digest)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, datetime, timedelta

from custom_components.smart_community.core.people import (
    Address,
    Person,
    PersonRole,
    Tenancy,
    VisitorPass,
    WatchEntry,
    WatchListKind,
)
from custom_components.smart_community.core.terminals import (
    SyncState,
)

from .conftest import (
    EAST_GATE,
    UNIT_1_1,
    ZONE,
    Env,
    family,
    settled,
)


async def test_a_family_reaches_its_unit_door_and_the_gate_with_faces_cards_and_windows(
    env: Env,
) -> None:
    family(env.registry)
    engine = env.engine()
    await engine.start(env.registry.snapshot)
    try:
        await settled(engine)
        ids = env.store.user_ids(["P-1", "P-2", "P-3"])
        for terminal in (env.community.unit_1_1, env.community.gate):
            lib = terminal.library
            assert set(lib.users) == set(ids.values())
            assert set(lib.faces) == set(ids.values()), (
                terminal.device_code,
                engine.status(terminal.device_code),
                env.store.known(terminal.device_code)["10000001"],
                terminal.requests,
            )
            assert set(lib.card_owner) == {"0012345601", "0012345602"}
            assert lib.card_owner["0012345601"] == ids["P-1"]
            tenant = lib.users[ids["P-3"]]
            assert tenant.enabled
            assert (tenant.begin, tenant.end) == (
                datetime(2025, 4, 1),
                datetime(2025, 6, 30, 23, 59, 59),
            )
            assert not lib.users[ids["P-1"]].enabled  # an owner: long-term valid
        assert env.community.unit_1_2.library.users == {}  # another unit's door
        status = engine.status(UNIT_1_1)
        assert status is not None
        assert (status.state, status.users, status.faces, status.cards) == (
            SyncState.IN_SYNC,
            3,
            3,
            2,
        )
        # the env.photos sent are the enrolled ones
        assert env.community.unit_1_1.library.faces[ids["P-1"]] == env.photos.read("p1.jpg")
    finally:
        await engine.stop()


async def test_move_out_and_watch_list_remove_people_from_every_terminal(env: Env) -> None:
    people = family(env.registry)
    engine = env.engine()
    await engine.start(env.registry.snapshot)
    try:
        await settled(engine)
        ids = env.store.user_ids(["P-1", "P-2", "P-3"])
        env.registry.remove_person("P-3")
        env.registry.set_watch("P-2", WatchEntry(kind=WatchListKind.BLACK_LIST, reason="test"))
        await engine.registry_changed(env.registry.snapshot)
        await settled(engine)
        for terminal in (env.community.unit_1_1, env.community.gate):
            assert set(terminal.library.users) == {ids["P-1"]}
            assert set(terminal.library.card_owner) == {"0012345601"}
            assert set(terminal.library.faces) == {ids["P-1"]}
        # moving to another unit: off the old door, onto the new one
        env.registry.update_person(replace(people[0], address=Address("1", "2", "0301")))
        await engine.registry_changed(env.registry.snapshot)
        await settled(engine)
        assert env.community.unit_1_1.library.users == {}
        assert set(env.community.unit_1_2.library.users) == {ids["P-1"]}
        assert set(env.community.unit_1_2.library.faces) == {ids["P-1"]}
    finally:
        await engine.stop()


async def test_a_visitor_pass_is_written_and_its_expiry_removes_the_visitor(env: Env) -> None:
    family(env.registry)
    start = datetime.fromtimestamp(env.clock(), ZONE)
    env.registry.add_person(
        Person(
            id="V-1",
            name="访客甲",
            role=PersonRole.VISITOR,
            photos=("p9.jpg",),
            visit=VisitorPass(
                host_id="P-1",
                valid_from=start,
                valid_until=start + timedelta(hours=2),
                gates=frozenset({"东门"}),
            ),
        )
    )
    engine = env.engine()
    await engine.start(env.registry.snapshot)
    try:
        await settled(engine)
        visitor = env.store.user_ids(["V-1"])["V-1"]
        for terminal in (env.community.unit_1_1, env.community.gate):
            user = terminal.library.users[visitor]
            assert user.user_type == "visitor" and user.enabled
            assert user.end == datetime(2025, 5, 1, 10, 59, 59)
        # the terminal refuses after the window even before we remove the visitor
        env.clock.advance(2 * 3600 + 1)
        assert terminal.library.users[visitor].valid_at(env.clock.local()) is False
        await settled(engine)
        assert visitor not in env.community.unit_1_1.library.users
        assert visitor not in env.community.gate.library.users
    finally:
        await engine.stop()


async def test_terminal_offline_for_an_hour_is_resynced_when_back(env: Env) -> None:
    family(env.registry)
    engine = env.engine()
    await engine.start(env.registry.snapshot)
    try:
        await settled(engine)
        await env.community.gate.go_offline()
        env.registry.add_person(
            Person(
                id="P-9",
                name="赵六",
                role=PersonRole.OWNER,
                address=Address("2", "1", "0101"),
                photos=("p5.jpg",),
            )
        )
        env.registry.remove_person("P-2")
        await engine.registry_changed(env.registry.snapshot)
        for _ in range(40):
            await engine.tick()
            await asyncio.sleep(0.05)
            status = engine.status(EAST_GATE)
            if status is not None and status.state is SyncState.OFFLINE:
                break
        assert status is not None and status.state is SyncState.OFFLINE
        assert status.pending > 0 and status.offline_since is not None
        # meanwhile someone changed the terminal by hand: the resync must see it
        stray = env.community.gate.library
        env.clock.advance(3600)
        await env.community.gate.come_back()
        from tools.simulator.terminals import SimUser

        stray.add_user(SimUser(user_id="99999", name="installer"))
        await settled(engine)
        ids = env.store.user_ids(["P-1", "P-3", "P-9"])
        assert set(env.community.gate.library.users) == set(ids.values())
        assert set(env.community.gate.library.faces) == set(ids.values())
        status = engine.status(EAST_GATE)
        assert status is not None and status.state is SyncState.IN_SYNC
        assert (
            status.last_full_sync is not None
            and status.last_full_sync.timestamp() >= env.clock() - 1
        )
    finally:
        await engine.stop()


async def test_refusals_fail_their_item_with_the_device_reason_and_the_rest_goes_on(
    env: Env,
) -> None:
    people = family(env.registry)
    env.registry.update_person(replace(people[1], photos=("tiny.jpg",)))  # too small for a terminal
    env.community.gate.library.max_faces = 1  # the gate's face library is full after one face
    engine = env.engine()
    await engine.start(env.registry.snapshot)
    try:
        await settled(engine)
        ids = env.store.user_ids(["P-1", "P-2", "P-3"])
        unit = engine.status(UNIT_1_1)
        gate = engine.status(EAST_GATE)
        assert unit is not None and gate is not None
        assert unit.state is SyncState.FAILED and unit.failed == 1
        assert "too small" in unit.failures[0].reason and unit.failures[0].person_id == "P-2"
        # everybody else is there, with cards
        assert set(env.community.unit_1_1.library.users) == set(ids.values())
        assert set(env.community.unit_1_1.library.faces) == {ids["P-1"], ids["P-3"]}
        assert set(env.community.gate.library.card_owner) == {"0012345601", "0012345602"}
        assert len(env.community.gate.library.faces) == 1
        assert any("maxNumExceeded" in item.reason for item in gate.failures)
        assert gate.keeps_refusing
        signals = {signal.device_code: signal for signal in engine.refusals()}
        assert signals[EAST_GATE].capacity
        # room is made on the terminal; a resync on demand sends what was refused
        env.community.gate.library.max_faces = 10
        await engine.resync(EAST_GATE)
        await settled(engine)
        assert set(env.community.gate.library.faces) == {ids["P-1"], ids["P-3"]}
        gate = engine.status(EAST_GATE)
        assert gate is not None and not any("maxNumExceeded" in i.reason for i in gate.failures)
    finally:
        await engine.stop()


async def test_staff_follow_their_role_and_watch_list_people_never_go(env: Env) -> None:
    env.registry.add_person(
        Person(id="S-1", name="保安王", role=PersonRole.GUARD, photos=("p7.jpg",))
    )
    env.registry.add_person(
        Person(
            id="B-1",
            name="黑名单",
            role=PersonRole.OWNER,
            address=Address("1", "1", "0101"),
            watch=WatchEntry(kind=WatchListKind.WATCH_LIST, reason="x"),
        )
    )
    engine = env.engine()
    await engine.start(env.registry.snapshot)
    try:
        await settled(engine)
        guard = env.store.user_ids(["S-1"])["S-1"]
        for terminal in (env.community.unit_1_1, env.community.unit_1_2, env.community.gate):
            assert set(terminal.library.users) == {guard}
    finally:
        await engine.stop()


async def test_tenant_move_out_date_passing_removes_the_tenant(env: Env) -> None:
    env.registry.add_person(
        Person(
            id="T-1",
            name="租客",
            role=PersonRole.TENANT,
            address=Address("1", "2", "0202"),
            tenancy=Tenancy(move_in=date(2025, 4, 1), move_out=date(2025, 5, 1)),
        )
    )
    engine = env.engine()
    await engine.start(env.registry.snapshot)
    try:
        await settled(engine)
        tenant = env.store.user_ids(["T-1"])["T-1"]
        assert tenant in env.community.unit_1_2.library.users
        env.clock.advance(15 * 3600)  # 2025-05-02 00:00 local
        await settled(engine)
        assert tenant not in env.community.unit_1_2.library.users
        assert tenant not in env.community.gate.library.users
    finally:
        await engine.stop()


async def test_a_resync_of_a_terminal_in_step_changes_nothing(env: Env) -> None:
    family(env.registry)
    start = datetime.fromtimestamp(env.clock(), ZONE).replace(microsecond=123456)
    env.registry.add_person(
        Person(
            id="V-2",
            name="访客" * 20,  # longer than a terminal keeps
            role=PersonRole.VISITOR,
            visit=VisitorPass(
                host_id="P-1",
                valid_from=start,
                valid_until=start + timedelta(hours=5, microseconds=7),
            ),
        )
    )
    engine = env.engine()
    await engine.start(env.registry.snapshot)
    try:
        await settled(engine)
        writes = {
            terminal.device_code: sum(
                count for path, count in terminal.requests.items() if "Search" not in path
            )
            for terminal in (env.community.unit_1_1, env.community.unit_1_2, env.community.gate)
        }
        await engine.resync()
        await settled(engine)
        for terminal in (env.community.unit_1_1, env.community.unit_1_2, env.community.gate):
            after = sum(count for path, count in terminal.requests.items() if "Search" not in path)
            finds = [path for path in terminal.requests if "Search" in path or "Access" in path]
            assert after == writes[terminal.device_code] or terminal is env.community.unit_1_2, (
                finds
            )
        status = engine.status(UNIT_1_1)
        assert status is not None and status.state is SyncState.IN_SYNC
    finally:
        await engine.stop()


async def test_garbled_answers_are_retried_and_nothing_is_lost(env: Env) -> None:
    from tools.simulator.terminals import CannedAnswer

    family(env.registry)
    env.community.gate.misbehave(
        CannedAnswer(200, b"<html><body>portal</html>"),
        CannedAnswer(502, b""),
        CannedAnswer(200, b'{"statusCode": 2, "statusString": "Device Busy"}', "application/json"),
    )
    engine = env.engine()
    errors: list[str] = []
    engine.add_listener(
        lambda code: (
            errors.append(str(engine.status(code).last_error)) if code == EAST_GATE else None
        )  # type: ignore[union-attr]
    )
    await engine.start(env.registry.snapshot)
    try:
        for _ in range(3):  # each refusal waits out its back-off on the test's clock
            await asyncio.sleep(0.3)
            env.clock.advance(60)
        await settled(engine)
        ids = env.store.user_ids(["P-1", "P-2", "P-3"])
        assert set(env.community.gate.library.users) == set(ids.values())
        assert set(env.community.gate.library.faces) == set(ids.values())
        assert set(env.community.gate.library.card_owner) == {"0012345601", "0012345602"}
        assert any("invalid XML" in error or "statusCode" in error for error in errors)
        status = engine.status(EAST_GATE)
        assert status is not None and status.state is SyncState.IN_SYNC and status.failed == 0
    finally:
        await engine.stop()
