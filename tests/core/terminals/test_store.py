"""The sync queue: ids, order, locks, refusals, retries, persistence."""

from __future__ import annotations

from pathlib import Path

from custom_components.smart_community.core.terminals import (
    Operation,
    OpKind,
    SyncStore,
    TerminalUser,
)
from custom_components.smart_community.core.terminals.diff import diff_library
from custom_components.smart_community.core.terminals.store import Outcome


def _user(uid: str, cards: frozenset[str] = frozenset()) -> TerminalUser:
    return TerminalUser(user_id=uid, person_id=f"P{uid}", name="n", cards=cards)


def test_user_ids_are_allocated_once_and_survive_a_restart(tmp_path: Path) -> None:
    store = SyncStore(tmp_path / "t.db")
    first = store.user_ids(["P-a", "P-b"])
    assert first == {"P-a": "10000001", "P-b": "10000002"}
    assert store.user_ids(["P-b", "P-c"]) == {"P-b": "10000002", "P-c": "10000003"}
    store.close()
    again = SyncStore(tmp_path / "t.db")
    assert again.person_of("10000003") == "P-c"
    assert again.user_ids(["P-d"]) == {"P-d": "10000004"}
    again.close()


def test_items_sharing_a_user_or_a_card_keep_their_order_others_overtake(store: SyncStore) -> None:
    a = _user("1", frozenset({"C"}))
    b = _user("2", frozenset({"C"}))
    ops = [
        Operation(OpKind.DELETE_CARD, a, "C"),
        Operation(OpKind.ADD_USER, b),
        Operation(OpKind.SET_CARD, b, "C"),
        Operation(OpKind.ADD_USER, _user("3")),
    ]
    store.replace_pending("T", ops, now=0)
    first = store.claim("T", now=0, limit=10)
    assert [item.op.kind for item in first] == [
        OpKind.DELETE_CARD,
        OpKind.ADD_USER,
        OpKind.ADD_USER,
    ]
    assert store.claim("T", now=0, limit=10) == []  # set_card waits for both locks
    store.settle(
        "T", [Outcome(seq=item.seq, done=True) for item in first], now=1, delay=lambda n: 1
    )
    [card] = store.claim("T", now=1, limit=10)
    assert card.op.kind is OpKind.SET_CARD


def test_a_refused_add_fails_its_face_and_cards_and_is_not_queued_again(store: SyncStore) -> None:
    user = _user("1", frozenset({"C"}))
    ops = diff_library({"1": user}, {})
    store.replace_pending("T", ops, now=0)
    [add] = store.claim("T", now=0, limit=1)
    store.settle(
        "T",
        [Outcome(seq=add.seq, refused="badParameters: name", capacity=False)],
        now=1,
        delay=lambda n: 1,
    )
    counts = store.counts("T")
    assert (counts.failed, counts.pending) == (2, 0)
    assert "was refused (badParameters: name)" in store.failures("T")[1].reason
    assert store.replace_pending("T", diff_library({"1": user}, {}), now=2) == 0
    assert store.forget_failures("T") == 2
    assert store.replace_pending("T", diff_library({"1": user}, {}), now=3) == 2


def test_a_retry_waits_its_back_off_and_keeps_it_across_a_new_plan(store: SyncStore) -> None:
    ops = diff_library({"1": _user("1")}, {})
    store.replace_pending("T", ops, now=0)
    [item] = store.claim("T", now=0, limit=1)
    store.settle("T", [Outcome(seq=item.seq, retry="Device Busy")], now=10, delay=lambda n: 30 * n)
    assert store.claim("T", now=20, limit=1) == []
    store.replace_pending("T", ops, now=21)  # the same plan again must not reset the wait
    assert store.next_due("T") == 40
    [again] = store.claim("T", now=40, limit=1)
    assert again.attempts == 1
    assert store.counts("T").last_item_error == "Device Busy"


def test_sending_items_go_back_to_pending_after_a_crash(tmp_path: Path) -> None:
    store = SyncStore(tmp_path / "t.db")
    store.replace_pending("T", diff_library({"1": _user("1")}, {}), now=0)
    assert len(store.claim("T", now=0, limit=5)) == 1
    store.close()
    again = SyncStore(tmp_path / "t.db")
    assert len(again.claim("T", now=0, limit=5)) == 1
    again.close()
