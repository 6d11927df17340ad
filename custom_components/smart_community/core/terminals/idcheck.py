"""人证核验 at the population-collection terminal (基础信息采集终端 + ID reader + camera).

The terminal posts what the ID reader took from the card's chip (name, ID number, gender,
birth date, address, validity, the chip photo) and a live photo of the person at the desk::

    {"name": "张伟", "id_number": "110101199003077715", "gender": "男", "ethnicity": "汉",
     "birth_date": "1990-03-07", "address": "北京市东城区…", "issuer": "…公安局",
     "valid_from": "2020-01-01", "valid_until": "2040-01-01" (or "长期"),
     "chip_photo": "<base64>", "live_photo": "<base64>", "live": true}

Checks, in order, each with its own refusal: the ID number (GB 11643 checksum, birth date,
address code: ``core/people/id_number``); the card's data agreeing with its number (birth
date, gender); the card not expired; the terminal's own liveness result when it sends one;
one face in the chip photo and one usable face in the live photo; the live face matching the
chip photo (cosine similarity of the face engine at :data:`ID_MATCH_THRESHOLD`, calibrated on
chip-sized renderings of the recognition test set, see ``tools/models/idcheck_calibration.py``).
What passes becomes a :class:`PendingRegistration`: a pre-filled person for a manager to
confirm in the console (role and room are the manager's to give).
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from stdnum.cn import ric

from ..people.errors import RegistryError
from ..people.id_number import mask_id_number, validate_id_number
from ..people.json_file import read_json, write_json_atomically
from ..protocols.documents import load_json
from ..protocols.errors import DecodeError
from ..recognition.faces.quality import QualityThresholds

# SFace cosine similarity between an ID card's chip photo (102 x 126, JPEG) and a live photo.
# tools/models/idcheck_calibration.py on the celebrity set (1,890 genuine / 7,546 impostor
# chip-vs-live pairs): FAR 0.1 % at 0.334 (FRR 5.9 %), EER 1.5 % at 0.253, impostor max 0.390.
ID_MATCH_THRESHOLD = 0.34
MAX_PHOTO_BYTES = 4 * 1024 * 1024
LONG_TERM = ("长期", "long_term", "")
_GENDERS = {
    "男": "male",
    "女": "female",
    "male": "male",
    "female": "female",
    "m": "male",
    "f": "female",
}


class Embedder(Protocol):
    """One face's embedding (``None`` and why when there is no usable single face)."""

    def embed(self, image: bytes, *, chip: bool) -> tuple[NDArray[np.float32] | None, str]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class IdCardData:
    """What the ID reader took from the card's chip."""

    name: str
    id_number: str
    gender: str | None = None  # "male" / "female"
    ethnicity: str | None = None
    birth_date: date | None = None
    address: str = ""
    issuer: str = ""
    valid_from: date | None = None
    valid_until: date | None = None  # None: 长期 (long-term)


@dataclass(frozen=True, slots=True, kw_only=True)
class IdRegistration:
    """One posted registration."""

    card: IdCardData
    chip_photo: bytes
    live_photo: bytes
    terminal_live: bool | None = None
    device_code: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class IdCheck:
    """The verdict: ``accepted`` or a refusal ``reason`` (translation key) with details."""

    accepted: bool
    reason: str
    detail: Mapping[str, str] = field(default_factory=dict)
    similarity: float | None = None


class RegistrationError(ValueError):
    """The posted body is not a registration (clear words, nothing stored)."""


def _text(data: Mapping[str, Any], name: str, *, required: bool = False) -> str:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise RegistrationError(f"{name} is required")
        return ""
    if not isinstance(value, str):
        raise RegistrationError(f"{name} must be a string")
    return value.strip()


def _day(data: Mapping[str, Any], name: str) -> date | None:
    text = _text(data, name)
    if text in LONG_TERM:
        return None
    try:
        return date.fromisoformat(text.replace(".", "-"))
    except ValueError:
        try:
            return datetime.strptime(text, "%Y%m%d").date()
        except ValueError:
            raise RegistrationError(f"{name} is not a date: {text!r}") from None


def _photo(data: Mapping[str, Any], name: str) -> bytes:
    text = _text(data, name, required=True)
    try:
        photo = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as err:
        raise RegistrationError(f"{name} is not base64: {err}") from err
    if not photo:
        raise RegistrationError(f"{name} is empty")
    if len(photo) > MAX_PHOTO_BYTES:
        raise RegistrationError(f"{name} is larger than {MAX_PHOTO_BYTES} bytes")
    return photo


def parse_registration(body: bytes, *, device_code: str = "") -> IdRegistration:
    """The JSON body of a registration, or :class:`RegistrationError`."""
    try:
        data = load_json(body)
    except DecodeError as err:
        raise RegistrationError(f"not JSON: {err}") from err
    if not isinstance(data, dict):
        raise RegistrationError("the registration must be a JSON object")
    gender = _text(data, "gender").lower()
    if gender and gender not in _GENDERS:
        raise RegistrationError(f"gender {gender!r} is not 男 / 女")
    live = data.get("live")
    if live is not None and not isinstance(live, bool):
        raise RegistrationError("live must be true or false")
    return IdRegistration(
        card=IdCardData(
            name=_text(data, "name", required=True),
            id_number=_text(data, "id_number", required=True),
            gender=_GENDERS.get(gender),
            ethnicity=_text(data, "ethnicity") or None,
            birth_date=_day(data, "birth_date"),
            address=_text(data, "address"),
            issuer=_text(data, "issuer"),
            valid_from=_day(data, "valid_from"),
            valid_until=_day(data, "valid_until"),
        ),
        chip_photo=_photo(data, "chip_photo"),
        live_photo=_photo(data, "live_photo"),
        terminal_live=live,
        device_code=device_code,
    )


def _refuse(reason: str, **detail: str) -> IdCheck:
    return IdCheck(accepted=False, reason=reason, detail=detail)


def check_card(card: IdCardData, *, today: date) -> IdCheck | None:
    """The card's own checks (no photos): a refusal, or ``None`` when it is fine."""
    try:
        number = validate_id_number(card.id_number)
    except RegistryError as err:
        return _refuse("invalid_id_number", why=err.placeholders.get("reason", ""))
    if card.birth_date is not None and ric.get_birth_date(number) != card.birth_date:
        return _refuse("id_data_mismatch", field="birth_date")
    if card.gender is not None:
        male = int(number[16]) % 2 == 1
        if male != (card.gender == "male"):
            return _refuse("id_data_mismatch", field="gender")
    if card.valid_until is not None and card.valid_until < today:
        return _refuse("id_card_expired", valid_until=card.valid_until.isoformat())
    return None


def verify_registration(
    registration: IdRegistration,
    embedder: Embedder,
    *,
    today: date,
    threshold: float = ID_MATCH_THRESHOLD,
) -> IdCheck:
    """Every check in order; the first failure is the answer."""
    refusal = check_card(registration.card, today=today)
    if refusal is not None:
        return refusal
    if registration.terminal_live is False:
        return _refuse("not_live")
    chip, why_chip = embedder.embed(registration.chip_photo, chip=True)
    if chip is None:
        return _refuse("no_face_in_chip_photo", why=why_chip)
    live, why_live = embedder.embed(registration.live_photo, chip=False)
    if live is None:
        return _refuse("no_usable_live_face", why=why_live)
    similarity = float(np.dot(chip, live))
    if similarity < threshold:
        return IdCheck(
            accepted=False,
            reason="face_mismatch",
            detail={"similarity": f"{similarity:.3f}", "threshold": f"{threshold:.3f}"},
            similarity=similarity,
        )
    return IdCheck(accepted=True, reason="verified", similarity=similarity)


class EngineEmbedder:
    """:class:`Embedder` on the face engine: the live photo passes the enrolment gate, the
    chip photo a gate for its size (the chip holds a 102 x 126 portrait)."""

    def __init__(self, engine: Any) -> None:
        self._engine = engine
        self._chip = QualityThresholds(
            min_face_px=24.0, min_sharpness=2.0, max_yaw=0.5, min_score=0.6
        )

    def embed(self, image: bytes, *, chip: bool) -> tuple[NDArray[np.float32] | None, str]:
        embedding, reason, _ = self._engine.embed_single(image, self._chip if chip else None)
        return embedding, reason


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingRegistration:
    """A verified registration waiting for a manager: the pre-filled person."""

    id: str
    card: IdCardData
    similarity: float
    device_code: str
    received_at: datetime

    def summary(self) -> dict[str, Any]:
        """What the console lists (the ID number masked)."""
        return {
            "id": self.id,
            "name": self.card.name,
            "id_number": mask_id_number(self.card.id_number),
            "gender": self.card.gender,
            "address": self.card.address,
            "similarity": round(self.similarity, 3),
            "device_code": self.device_code,
            "received_at": self.received_at.isoformat(),
        }


class PendingRegistrations:
    """Verified registrations on disk (``<folder>/pending.json`` + photos) until confirmed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._file = folder / "pending.json"

    def _load(self) -> dict[str, dict[str, Any]]:
        data = read_json(self._file)
        return data if isinstance(data, dict) else {}

    def add(
        self, registration: IdRegistration, check: IdCheck, *, received_at: datetime
    ) -> PendingRegistration:
        """Keep a verified registration; refused ones are not stored."""
        if not check.accepted or check.similarity is None:
            raise ValueError("only a verified registration waits for confirmation")
        pending = PendingRegistration(
            id=uuid.uuid4().hex[:12],
            card=registration.card,
            similarity=check.similarity,
            device_code=registration.device_code,
            received_at=received_at,
        )
        photos = self.folder / pending.id
        photos.mkdir(parents=True, exist_ok=True)
        (photos / "live.jpg").write_bytes(registration.live_photo)
        (photos / "chip.jpg").write_bytes(registration.chip_photo)
        entries = self._load()
        card = registration.card
        entries[pending.id] = {
            "card": {
                "name": card.name,
                "id_number": card.id_number,
                "gender": card.gender,
                "ethnicity": card.ethnicity,
                "birth_date": card.birth_date.isoformat() if card.birth_date else None,
                "address": card.address,
                "issuer": card.issuer,
                "valid_from": card.valid_from.isoformat() if card.valid_from else None,
                "valid_until": card.valid_until.isoformat() if card.valid_until else None,
            },
            "similarity": pending.similarity,
            "device_code": pending.device_code,
            "received_at": received_at.isoformat(),
        }
        write_json_atomically(self._file, entries)
        return pending

    def list(self) -> list[PendingRegistration]:
        return [self._entry(key, value) for key, value in self._load().items()]

    def get(self, pending_id: str) -> tuple[PendingRegistration, bytes, bytes]:
        """A registration and its live and chip photos, left in place (a confirmation that
        the registry refuses must not lose it); :class:`KeyError` when there is none."""
        entries = self._load()
        if pending_id not in entries:
            raise KeyError(pending_id)
        photos = self.folder / pending_id
        return (
            self._entry(pending_id, entries[pending_id]),
            (photos / "live.jpg").read_bytes(),
            (photos / "chip.jpg").read_bytes(),
        )

    def take(self, pending_id: str) -> tuple[PendingRegistration, bytes, bytes]:
        """Confirmed or rejected: the registration and its live and chip photos, removed."""
        entries = self._load()
        if pending_id not in entries:
            raise KeyError(pending_id)
        pending = self._entry(pending_id, entries.pop(pending_id))
        photos = self.folder / pending_id
        live = (photos / "live.jpg").read_bytes()
        chip = (photos / "chip.jpg").read_bytes()
        write_json_atomically(self._file, entries)
        for path in photos.iterdir():
            path.unlink()
        photos.rmdir()
        return pending, live, chip

    @staticmethod
    def _entry(key: str, value: Mapping[str, Any]) -> PendingRegistration:
        card = value["card"]

        def day(name: str) -> date | None:
            return date.fromisoformat(card[name]) if card.get(name) else None

        return PendingRegistration(
            id=key,
            card=IdCardData(
                name=card["name"],
                id_number=card["id_number"],
                gender=card.get("gender"),
                ethnicity=card.get("ethnicity"),
                birth_date=day("birth_date"),
                address=card.get("address", ""),
                issuer=card.get("issuer", ""),
                valid_from=day("valid_from"),
                valid_until=day("valid_until"),
            ),
            similarity=float(value["similarity"]),
            device_code=str(value.get("device_code", "")),
            received_at=datetime.fromisoformat(value["received_at"]),
        )
