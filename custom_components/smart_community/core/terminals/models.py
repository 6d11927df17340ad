"""What a terminal's library holds: users with a validity window, cards and one face.

The planner writes the *desired* library of each terminal, the store keeps the *known* one
(what the terminal confirmed), and the diff between the two is a list of operations.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any


class UserKind(StrEnum):
    """The terminal's own user types (ISAPI ``userType``, Dahua ``UserType``)."""

    NORMAL = "normal"
    VISITOR = "visitor"


@dataclass(frozen=True, slots=True)
class ValidityWindow:
    """``[begin, end)`` in aware datetimes; ``None`` ends are open (a resident's lease)."""

    begin: datetime | None = None
    end: datetime | None = None

    def __post_init__(self) -> None:
        for moment in (self.begin, self.end):
            if moment is not None and moment.tzinfo is None:
                raise ValueError("validity windows need aware datetimes")
        if self.begin is not None and self.end is not None and self.end <= self.begin:
            raise ValueError("a validity window must end after it begins")

    @property
    def unlimited(self) -> bool:
        """No window at all: the terminal's "long-term valid" setting."""
        return self.begin is None and self.end is None

    def ended(self, now: datetime) -> bool:
        """Whether the window is over at ``now``."""
        return self.end is not None and now >= self.end

    def to_json(self) -> list[str | None]:
        return [
            self.begin.isoformat() if self.begin else None,
            self.end.isoformat() if self.end else None,
        ]

    @classmethod
    def from_json(cls, data: Any) -> ValidityWindow:
        begin, end = data
        return cls(
            datetime.fromisoformat(begin) if begin else None,
            datetime.fromisoformat(end) if end else None,
        )


ALWAYS_VALID = ValidityWindow()


@dataclass(frozen=True, slots=True)
class FaceRef:
    """The photo a terminal gets: its reference (for the photo source) and a fingerprint of
    its content, so a replaced file with the same name is sent again."""

    ref: str
    fingerprint: str

    @property
    def digest(self) -> str:
        """Short stable identity of this photo version."""
        return hashlib.sha256(f"{self.ref}\0{self.fingerprint}".encode()).hexdigest()[:24]


@dataclass(frozen=True, slots=True, kw_only=True)
class TerminalUser:
    """One user record of a terminal. ``face`` is ``None`` when the user has no face there;
    a known face the terminal reported but we never sent has an empty ``ref``."""

    user_id: str
    person_id: str
    name: str
    kind: UserKind = UserKind.NORMAL
    window: ValidityWindow = ALWAYS_VALID
    cards: frozenset[str] = field(default_factory=frozenset)
    face: FaceRef | None = None

    def same_record(self, other: TerminalUser) -> bool:
        """Equal in what ``UserInfo`` / ``AccessUser`` carries (not face, not cards)."""
        return (
            self.name == other.name
            and self.kind is other.kind
            and self.window == other.window
            and self.person_id == other.person_id
        )

    def bare(self) -> TerminalUser:
        """The record as a fresh add leaves it: no face, no cards yet."""
        return replace(self, cards=frozenset(), face=None)

    def to_json(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "person_id": self.person_id,
            "name": self.name,
            "kind": self.kind.value,
            "window": self.window.to_json(),
            "cards": sorted(self.cards),
            "face": [self.face.ref, self.face.fingerprint] if self.face else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TerminalUser:
        face = data.get("face")
        return cls(
            user_id=str(data["user_id"]),
            person_id=str(data["person_id"]),
            name=str(data["name"]),
            kind=UserKind(data.get("kind", "normal")),
            window=ValidityWindow.from_json(data.get("window", [None, None])),
            cards=frozenset(str(card) for card in data.get("cards", ())),
            face=FaceRef(str(face[0]), str(face[1])) if face else None,
        )


type Library = dict[str, TerminalUser]  # user id -> user


class OpKind(StrEnum):
    """What one queue item asks the terminal to do."""

    DELETE_USER = "delete_user"
    DELETE_CARD = "delete_card"
    DELETE_FACE = "delete_face"
    ADD_USER = "add_user"
    MODIFY_USER = "modify_user"
    SET_FACE = "set_face"
    SET_CARD = "set_card"

    @property
    def removes(self) -> bool:
        return self in (OpKind.DELETE_USER, OpKind.DELETE_CARD, OpKind.DELETE_FACE)


@dataclass(frozen=True, slots=True)
class Operation:
    """One change to one terminal. ``user`` is the desired record (the known one for
    deletions); ``card`` names the card of card operations."""

    kind: OpKind
    user: TerminalUser
    card: str | None = None

    def __post_init__(self) -> None:
        card_op = self.kind in (OpKind.SET_CARD, OpKind.DELETE_CARD)
        if card_op != (self.card is not None):
            raise ValueError(f"{self.kind} {'needs' if card_op else 'takes no'} card")
        if self.kind is OpKind.SET_FACE and self.user.face is None:
            raise ValueError("set_face needs the user's face")

    @property
    def locks(self) -> tuple[str, ...]:
        """Items sharing a lock run in queue order (a card moving between two users too)."""
        locks = [f"user:{self.user.user_id}"]
        if self.card is not None:
            locks.append(f"card:{self.card}")
        return tuple(locks)

    @property
    def signature(self) -> str:
        """Identity of the change: a refused item is not queued again until this changes."""
        detail: Any
        if self.kind in (OpKind.ADD_USER, OpKind.MODIFY_USER):
            detail = [self.user.name, self.user.kind.value, self.user.window.to_json()]
        elif self.kind is OpKind.SET_FACE and self.user.face is not None:
            detail = self.user.face.digest
        else:
            detail = self.card
        text = json.dumps([self.kind.value, self.user.user_id, detail], ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def describe(self) -> str:
        """``set_card 10000007 card=0012345678`` (logs, status)."""
        return f"{self.kind.value} {self.user.user_id}" + (
            f" card={self.card}" if self.card else ""
        )

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "user": self.user.to_json(), "card": self.card}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Operation:
        return cls(OpKind(data["kind"]), TerminalUser.from_json(data["user"]), data.get("card"))


def apply_operation(library: Library, op: Operation) -> None:
    """What the terminal holds once ``op`` succeeded (``library`` is changed in place)."""
    uid = op.user.user_id
    current = library.get(uid)
    if op.kind is OpKind.DELETE_USER:
        library.pop(uid, None)
    elif op.kind is OpKind.ADD_USER:
        library[uid] = op.user.bare()
    elif current is None:
        return  # the user is gone: a face or card cannot outlive it
    elif op.kind is OpKind.MODIFY_USER:
        library[uid] = replace(op.user, cards=current.cards, face=current.face)
    elif op.kind is OpKind.SET_FACE:
        library[uid] = replace(current, face=op.user.face)
    elif op.kind is OpKind.DELETE_FACE:
        library[uid] = replace(current, face=None)
    elif op.kind is OpKind.SET_CARD and op.card is not None:
        library[uid] = replace(current, cards=current.cards | {op.card})
    elif op.kind is OpKind.DELETE_CARD and op.card is not None:
        library[uid] = replace(current, cards=current.cards - {op.card})
