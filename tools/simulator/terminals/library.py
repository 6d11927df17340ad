"""A simulated access terminal's own library: users with validity windows, cards, faces.

It keeps what a terminal keeps and refuses what a terminal refuses: a full library
(``max_users`` / ``max_faces``, 20,000 faces by default as the standard's terminals), a
picture that is not a JPEG, too small or too big, or (with a face matcher) shows no face.
Recognition is the terminal's own: :meth:`TerminalLibrary.verify_face` compares a picture with
the enrolled faces and checks the user's window against the terminal's clock.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from PIL import Image, UnidentifiedImageError

#: The demo community's zone (Hefei), the terminals' default wall clock.
HEFEI = ZoneInfo("Asia/Shanghai")
MAX_FACE_BYTES = 200 * 1024
MIN_FACE_SIDE = 80


class LibraryRefusal(Exception):
    """What the terminal says no with: a reason key and words."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


@dataclass(slots=True)
class SimUser:
    """One user record."""

    user_id: str
    name: str
    user_type: str = "normal"
    enabled: bool = False  # the window is enforced only when enabled
    begin: datetime = datetime(2000, 1, 1)
    end: datetime = datetime(2037, 12, 31, 23, 59, 59)
    cards: set[str] = field(default_factory=set)

    def valid_at(self, moment: datetime) -> bool:
        return not self.enabled or self.begin <= moment <= self.end


# (probe picture, enrolled pictures by user id) -> best user id and similarity 0..1
type Matcher = Callable[[bytes, dict[str, bytes]], tuple[str | None, float]]
type FaceCheck = Callable[[bytes], str | None]  # a reason when the picture has no usable face


def exact_matcher(probe: bytes, faces: dict[str, bytes]) -> tuple[str | None, float]:
    """Matches the enrolled picture itself (tests without recognition models)."""
    digest = hashlib.sha256(probe).digest()
    for user_id, data in faces.items():
        if hashlib.sha256(data).digest() == digest:
            return user_id, 1.0
    return None, 0.0


class TerminalLibrary:
    """Users, cards and faces of one simulated terminal."""

    def __init__(
        self,
        *,
        max_users: int = 50_000,
        max_faces: int = 20_000,
        max_cards: int = 50_000,
        clock: Callable[[], datetime] | None = None,
        zone: tzinfo = HEFEI,
        matcher: Matcher = exact_matcher,
        face_check: FaceCheck | None = None,
    ) -> None:
        self.users: dict[str, SimUser] = {}
        self.faces: dict[str, bytes] = {}
        self.card_owner: dict[str, str] = {}
        self.max_users = max_users
        self.max_faces = max_faces
        self.max_cards = max_cards
        # Terminals keep local wall time without a zone, set to the community's zone (not the
        # machine's: the demo's machine runs in UTC while the community is in Hefei).
        self.zone = zone
        self.clock: Callable[[], datetime] = clock or (
            lambda: datetime.now(zone).replace(tzinfo=None)
        )
        self.matcher = matcher
        self.face_check = face_check

    def add_user(self, user: SimUser) -> None:
        if user.user_id in self.users:
            raise LibraryRefusal("exists", f"user {user.user_id} already exists")
        if len(self.users) >= self.max_users:
            raise LibraryRefusal("users_full", f"the user library is full ({self.max_users})")
        self.users[user.user_id] = user

    def update_user(self, user: SimUser) -> None:
        old = self.users.get(user.user_id)
        if old is None:
            raise LibraryRefusal("missing", f"user {user.user_id} does not exist")
        user.cards = old.cards
        self.users[user.user_id] = user

    def remove_user(self, user_id: str) -> None:
        user = self.users.pop(user_id, None)
        if user is None:
            raise LibraryRefusal("missing", f"user {user_id} does not exist")
        for card in user.cards:
            self.card_owner.pop(card, None)
        self.faces.pop(user_id, None)

    def set_face(self, user_id: str, picture: bytes, *, replace: bool) -> None:
        if user_id not in self.users:
            raise LibraryRefusal("missing", f"user {user_id} does not exist")
        if user_id in self.faces and not replace:
            raise LibraryRefusal("face_exists", f"the face of user {user_id} already exists")
        if user_id not in self.faces and len(self.faces) >= self.max_faces:
            raise LibraryRefusal("faces_full", f"the face library is full ({self.max_faces})")
        self.check_picture(picture)
        self.faces[user_id] = picture

    def check_picture(self, picture: bytes) -> None:
        if len(picture) > MAX_FACE_BYTES:
            raise LibraryRefusal("pic_size", f"picture of {len(picture)} bytes is over 200 KB")
        try:
            with Image.open(io.BytesIO(picture)) as image:
                kind, size = image.format, image.size
        except (UnidentifiedImageError, OSError):
            raise LibraryRefusal("pic_format", "the picture is not a JPEG") from None
        if kind != "JPEG":
            raise LibraryRefusal("pic_format", f"the picture is {kind}, not a JPEG")
        if min(size) < MIN_FACE_SIDE:
            raise LibraryRefusal("pic_resolution", f"picture of {size[0]}×{size[1]} is too small")
        if self.face_check is not None and (reason := self.face_check(picture)):
            raise LibraryRefusal("no_face", f"face modelling failed: {reason}")

    def remove_face(self, user_id: str) -> None:
        if self.faces.pop(user_id, None) is None:
            raise LibraryRefusal("missing", f"user {user_id} has no face")

    def add_card(self, user_id: str, card: str) -> None:
        user = self.users.get(user_id)
        if user is None:
            raise LibraryRefusal("missing", f"user {user_id} does not exist")
        if card in self.card_owner:
            raise LibraryRefusal("card_exists", f"card {card} already exists")
        if len(self.card_owner) >= self.max_cards:
            raise LibraryRefusal("cards_full", f"the card library is full ({self.max_cards})")
        user.cards.add(card)
        self.card_owner[card] = user_id

    def remove_card(self, card: str) -> None:
        owner = self.card_owner.pop(card, None)
        if owner is None:
            raise LibraryRefusal("missing", f"card {card} does not exist")
        self.users[owner].cards.discard(card)

    def stamp(self) -> str:
        """The clock's time as ISAPI writes it: local time with the zone's UTC offset."""
        moment = self.clock()
        offset = self.zone.utcoffset(moment) or timedelta()
        minutes = int(offset.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        return (
            moment.strftime("%Y-%m-%dT%H:%M:%S")
            + f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        )

    def verify_face(self, picture: bytes) -> tuple[SimUser | None, bool, float]:
        """``(user, granted, similarity)`` for a face shown at the terminal."""
        user_id, similarity = self.matcher(picture, self.faces)
        user = self.users.get(user_id) if user_id else None
        return user, user is not None and user.valid_at(self.clock()), similarity

    def verify_card(self, card: str) -> tuple[SimUser | None, bool]:
        owner = self.card_owner.get(card)
        user = self.users.get(owner) if owner else None
        return user, user is not None and user.valid_at(self.clock())
