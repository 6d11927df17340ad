"""The persistent outbox: ordering, idempotence, restarts, back-off, disk bound."""

from __future__ import annotations

from pathlib import Path

import pytest

from custom_components.smart_community.core.docking.backoff import Backoff
from custom_components.smart_community.core.docking.outbox import Entry, OutboxFull, OutboxStore

from .conftest import FakeClock

DEV_A, DEV_B = "34010400009713280001", "34010400009713280002"


def _add(
    store: OutboxStore,
    key: str,
    device: str = DEV_A,
    *,
    size: int = 10,
    second: str = "20240501083000",
    entries: list[Entry] | None = None,
) -> str:
    result = store.add(
        record_key=key,
        device_id=device,
        second=second,
        serial_count=2,
        build=lambda serial: (f"{device}-{second}-{serial}", b"x" * size),
        entries=entries or [Entry("face", device)],
    )
    return result.object_id


def test_only_the_head_of_each_lane_is_offered(db_path: Path) -> None:
    store = OutboxStore(db_path)
    _add(store, "a1")
    _add(store, "a2")
    _add(store, "b1", DEV_B)
    heads = store.heads()
    assert [(h.lane, h.seq) for h in heads] == [(DEV_A, 1), (DEV_B, 3)]
    store.mark_sent([1])
    assert [h.seq for h in store.heads()] == [2, 3]


def test_serials_are_allocated_per_device_and_second(db_path: Path) -> None:
    store = OutboxStore(db_path)
    assert _add(store, "a1").endswith("-1")
    assert _add(store, "a2").endswith("-3")  # two pictures each: serials 1-2, then 3-4
    assert _add(store, "b1", DEV_B).endswith("-1")
    assert _add(store, "a3", second="20240501083001").endswith("-1")


def test_adding_the_same_record_twice_returns_the_same_object(db_path: Path) -> None:
    store = OutboxStore(db_path)
    first = store.add(
        record_key="r",
        device_id=DEV_A,
        second="20240501083000",
        serial_count=1,
        build=lambda s: (f"id{s}", b"x"),
        entries=[Entry("face", DEV_A)],
    )
    again = store.add(
        record_key="r",
        device_id=DEV_A,
        second="20240501083000",
        serial_count=1,
        build=lambda s: (f"id{s}", b"x"),
        entries=[Entry("face", DEV_A)],
    )
    assert (first.added, again.added) == (True, False)
    assert first.object_id == again.object_id
    assert store.stats(since=0).depth == 1


def test_outbox_survives_a_restart(db_path: Path) -> None:
    store = OutboxStore(db_path)
    ids = [_add(store, f"a{n}") for n in range(3)]
    store.mark_sent([1])
    store.close()
    reopened = OutboxStore(db_path)
    assert reopened.stats(since=0).depth == 2
    items = reopened.load([h.seq for h in reopened.heads()])
    assert [i.object_id for i in items] == [ids[1]]
    assert items[0].payload == b"x" * 10
    # Serial allocation continues after the restart: no ID is ever reused.
    assert _add(reopened, "a3").endswith("-7")


def test_failures_back_off_exponentially_with_injected_clock(db_path: Path) -> None:
    clock = FakeClock()
    store = OutboxStore(db_path, clock=clock)
    _add(store, "a1")
    backoff = Backoff(base=2, factor=2, cap=60, jitter=0.5, random=lambda: 0.5)
    expected = [1.5, 3.0, 6.0, 12.0, 24.0, 45.0, 45.0]  # base*2^(n-1), capped at 60, x0.75
    for delay in expected:
        store.mark_failed([1], "HTTP 503", backoff.delay)
        head = store.heads()[0]
        assert head.next_at == pytest.approx(clock.now + delay)
        clock.advance(delay)
    assert store.heads()[0].attempts == len(expected)
    assert store.stats(since=0).last_error == "HTTP 503"


def test_jitter_spreads_retries() -> None:
    low = Backoff(base=10, jitter=0.5, random=lambda: 0.999).delay(1)
    high = Backoff(base=10, jitter=0.5, random=lambda: 0.0).delay(1)
    assert 5.0 <= low < high == 10.0
    assert Backoff(cap=300).delay(10_000) <= 300


def test_full_outbox_refuses_and_raises_the_alarm(db_path: Path) -> None:
    store = OutboxStore(db_path, max_rows=10, max_bytes=10_000)
    for n in range(10):
        _add(store, f"a{n}")
    assert not store.full_alarm
    with pytest.raises(OutboxFull):
        _add(store, "a10")
    assert store.full_alarm
    assert store.stats(since=0).depth == 10  # nothing dropped, nothing half-added
    # The alarm survives a restart and clears once the backlog drains to 80 %.
    store.close()
    store = OutboxStore(db_path, max_rows=10, max_bytes=10_000)
    assert store.full_alarm
    store.mark_sent([1])
    assert store.full_alarm  # 9 of 10 rows is still above the low watermark
    store.mark_sent([2])
    assert not store.full_alarm
    _add(store, "a10")


def test_byte_limit_counts_every_copy(db_path: Path) -> None:
    store = OutboxStore(db_path, max_bytes=150)
    _add(store, "a0", size=100)
    with pytest.raises(OutboxFull):
        _add(store, "a1", size=30, entries=[Entry("face", DEV_A), Entry("notify:face:S", "S")])
    assert store.stats(since=0).pending_bytes == 100


def test_rejected_items_stay_visible_and_unblock_the_lane(db_path: Path) -> None:
    store = OutboxStore(db_path)
    _add(store, "a1")
    _add(store, "a2")
    store.mark_rejected([1], "StatusCode 8 invalid content")
    stats = store.stats(since=0)
    assert (stats.rejected, stats.depth) == (1, 1)
    assert stats.last_error == "StatusCode 8 invalid content"
    assert [h.seq for h in store.heads()] == [2]


def test_stats_and_daily_counts(db_path: Path) -> None:
    clock = FakeClock()
    store = OutboxStore(db_path, clock=clock)
    _add(store, "a1")
    clock.advance(30)
    assert store.stats(since=0).oldest_age == pytest.approx(30)
    store.mark_sent([1])
    clock.advance(86400)
    _add(store, "a2")
    store.mark_rejected([2], "bad")
    stats = store.stats(since=clock.now - 10)
    assert (stats.sent_since, stats.depth, stats.oldest_age) == (0, 0, None)
    days = store.daily_counts(since=0, utc_offset=8 * 3600)
    assert sorted(days.values(), key=lambda d: d["sent"]) == [
        {"sent": 0, "rejected": 1},
        {"sent": 1, "rejected": 0},
    ]


def test_cancelled_routes_and_purge(db_path: Path) -> None:
    clock = FakeClock()
    store = OutboxStore(db_path, clock=clock)
    _add(store, "a1", entries=[Entry("face", DEV_A), Entry("notify:face:S1", f"S1:{DEV_A}")])
    assert store.cancel_routes(["notify:face:S1"], "subscription cancelled") == 1
    assert [h.route for h in store.heads()] == ["face"]
    store.mark_sent([1])
    clock.advance(9 * 86400)
    assert store.purge(keep_days=8) == 2


def test_next_batch_takes_one_head_per_lane_of_the_oldest_due_route(db_path: Path) -> None:
    clock = FakeClock()
    store = OutboxStore(db_path, clock=clock)
    _add(store, "a1")  # seq 1, lane A, route face
    _add(store, "a2")  # seq 2, lane A: behind a1
    _add(store, "n1", entries=[Entry("notify:face:S", "S:A")])  # seq 3, another route
    _add(store, "b1", DEV_B)  # seq 4, lane B, route face
    batch = store.next_batch(now=clock.now, limit=10, max_bytes=1000)
    assert [(i.seq, i.route) for i in batch] == [(1, "face"), (4, "face")]
    assert [i.seq for i in store.next_batch(now=clock.now, limit=1, max_bytes=1000)] == [1]
    # The byte budget stops the batch, but a single big item still goes alone.
    assert [i.seq for i in store.next_batch(now=clock.now, limit=10, max_bytes=15)] == [1]
    assert [i.seq for i in store.next_batch(now=clock.now, limit=10, max_bytes=1)] == [1]
    # Heads that are not due, or not accepted, wait; the next route gets its turn.
    store.mark_failed([1, 4], "HTTP 500", lambda n: 60.0)
    assert [i.seq for i in store.next_batch(now=clock.now, limit=10, max_bytes=1000)] == [3]
    assert (
        store.next_batch(
            now=clock.now, limit=10, max_bytes=1000, accept=lambda h: h.route == "face"
        )
        == []
    )
    clock.advance(60)
    store.settle(sent=[1], rejected={"StatusCode 8": [3]}, retry=[4], delay=lambda n: 5.0)
    assert [i.seq for i in store.next_batch(now=clock.now, limit=10, max_bytes=1000)] == [2]
    assert store.stats(since=0).rejected == 1


def test_release_skips_the_rest_of_the_back_off(db_path: Path) -> None:
    clock = FakeClock()
    store = OutboxStore(db_path, clock=clock)
    _add(store, "a1")
    store.mark_failed([1], "HTTP 503", lambda n: 300.0)
    assert store.next_batch(now=clock.now, limit=5, max_bytes=100) == []
    assert store.release(now=clock.now) == 1
    assert [i.seq for i in store.next_batch(now=clock.now, limit=5, max_bytes=100)] == [1]


def test_a_full_disk_is_an_outbox_full_with_alarm(db_path: Path) -> None:
    store = OutboxStore(db_path)
    _add(store, "a0")
    page_count = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {page_count}")  # the disk is full now
    with pytest.raises(OutboxFull, match="disk full"):
        _add(store, "a1", size=50_000)
    assert store.full_alarm
    assert store.stats(since=0).depth == 1
