"""The operations that turn a terminal's known library into the desired one.

Order: every removal first (users, then cards and faces of kept users), so a terminal near its
capacity makes room before it is asked to take more and a card moving from one person to
another is freed before it is given; then changed records (a shortened pass must not wait
behind a backlog of new faces); then per new or changed user, in user-id order: the record,
its face, its cards. The queue keeps this order for items that share a user or a card and
lets the others overtake.
"""

from __future__ import annotations

from .models import Library, Operation, OpKind


def diff_library(desired: Library, known: Library) -> list[Operation]:
    """Ordered operations from ``known`` to ``desired``."""
    removals: list[Operation] = []
    records: list[Operation] = []
    changes: list[Operation] = []
    for uid in sorted(known.keys() - desired.keys()):
        removals.append(Operation(OpKind.DELETE_USER, known[uid]))
    for uid in sorted(desired):
        want = desired[uid]
        have = known.get(uid)
        if have is None:
            changes.append(Operation(OpKind.ADD_USER, want))
            if want.face is not None:
                changes.append(Operation(OpKind.SET_FACE, want))
            changes.extend(Operation(OpKind.SET_CARD, want, card) for card in sorted(want.cards))
            continue
        removals.extend(
            Operation(OpKind.DELETE_CARD, have, card) for card in sorted(have.cards - want.cards)
        )
        if have.face is not None and want.face is None:
            removals.append(Operation(OpKind.DELETE_FACE, have))
        if not want.same_record(have):
            records.append(Operation(OpKind.MODIFY_USER, want))
        if want.face is not None and want.face != have.face:
            changes.append(Operation(OpKind.SET_FACE, want))
        changes.extend(
            Operation(OpKind.SET_CARD, want, card) for card in sorted(want.cards - have.cards)
        )
    return removals + records + changes
