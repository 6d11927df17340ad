"""人证核验: the card's checks, the face match against the chip photo, pending registrations."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pytest

from custom_components.smart_community.core.terminals.idcheck import (
    EngineEmbedder,
    IdRegistration,
    PendingRegistrations,
    RegistrationError,
    parse_registration,
    verify_registration,
)

from .conftest import ZONE

TODAY = date(2025, 5, 1)
CARD = {
    "name": "张伟",
    "id_number": "110101199003077715",
    "gender": "男",
    "birth_date": "1990-03-07",
    "address": "北京市东城区",
    "valid_until": "2035-01-01",
}


def _body(**changes: object) -> bytes:
    data = {
        **CARD,
        "chip_photo": base64.b64encode(b"chip").decode(),
        "live_photo": base64.b64encode(b"live").decode(),
    }
    data.update(changes)
    return json.dumps({k: v for k, v in data.items() if v is not None}).encode()


class FixedEmbedder:
    """Embeddings chosen by the test: picture bytes → unit vector (or no face)."""

    def __init__(self, vectors: dict[bytes, list[float] | None]) -> None:
        self.vectors = vectors

    def embed(self, image: bytes, *, chip: bool):  # type: ignore[no-untyped-def]
        vector = self.vectors.get(image)
        if vector is None:
            return None, "no face found"
        array = np.array(vector, dtype=np.float32)
        return array / np.linalg.norm(array), "ok"


SAME = FixedEmbedder({b"chip": [1, 0], b"live": [1, 0.1]})


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"id_number": "110101199003077714"}, "invalid_id_number"),
        ({"birth_date": "1990-03-08"}, "id_data_mismatch"),
        ({"gender": "女"}, "id_data_mismatch"),
        ({"valid_until": "2025-04-30"}, "id_card_expired"),
        ({"live": False}, "not_live"),
    ],
)
def test_card_refusals(changes: dict[str, object], reason: str) -> None:
    check = verify_registration(parse_registration(_body(**changes)), SAME, today=TODAY)
    assert (check.accepted, check.reason) == (False, reason)


def test_face_checks() -> None:
    registration = parse_registration(_body())
    assert verify_registration(registration, SAME, today=TODAY).accepted
    other = FixedEmbedder({b"chip": [1, 0], b"live": [0, 1]})
    mismatch = verify_registration(registration, other, today=TODAY)
    assert mismatch.reason == "face_mismatch" and mismatch.detail["similarity"] == "0.000"
    blank = FixedEmbedder({b"live": [1, 0]})
    assert verify_registration(registration, blank, today=TODAY).reason == "no_face_in_chip_photo"
    long_term = parse_registration(_body(valid_until="长期"))
    assert long_term.card.valid_until is None


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"[]", "JSON object"),
        (b"{", "not JSON"),
        (_body(name=None), "name is required"),
        (_body(live_photo="%%%"), "not base64"),
        (_body(gender="x"), "gender"),
        (_body(birth_date="yesterday"), "not a date"),
    ],
)
def test_malformed_registrations_are_refused_clearly(body: bytes, words: str) -> None:
    with pytest.raises(RegistrationError, match=words):
        parse_registration(body)


def test_pending_registrations_wait_for_a_manager(tmp_path: Path) -> None:
    store = PendingRegistrations(tmp_path / "registrations")
    registration = parse_registration(_body(), device_code="34010449011398001038")
    check = verify_registration(registration, SAME, today=TODAY)
    pending = store.add(registration, check, received_at=datetime(2025, 5, 1, 10, tzinfo=ZONE))
    [listed] = store.list()
    assert listed == pending
    assert listed.summary()["id_number"] == "110101********7715"
    looked, live, chip = store.get(pending.id)  # a look leaves it waiting
    assert (looked, live, chip) == (pending, b"live", b"chip") and store.list() == [pending]
    with pytest.raises(KeyError):
        store.get("../../etc")
    taken, live, chip = store.take(pending.id)
    assert (taken.card.name, live, chip) == ("张伟", b"live", b"chip")
    assert store.list() == []
    with pytest.raises(ValueError, match="verified"):
        store.add(
            registration,
            verify_registration(registration, FixedEmbedder({}), today=TODAY),
            received_at=datetime(2025, 5, 1, tzinfo=ZONE),
        )


@pytest.mark.models
def test_live_face_against_a_chip_rendering_with_the_real_engine(
    models_dir: Path, tmp_path: Path
) -> None:
    from custom_components.smart_community.core.recognition import model_files as mf
    from custom_components.smart_community.core.recognition.faces.engine import FaceEngine
    from tools.models.idcheck_calibration import chip_photo

    engine = FaceEngine(models_dir, tmp_path / "gallery")
    root = models_dir / mf.CELEBRITY_FACES / "val"
    ben = sorted((root / "ben_afflek").iterdir())
    madonna = sorted((root / "madonna").iterdir())
    chip = chip_photo(engine, ben[0].read_bytes())
    assert chip is not None
    embedder = EngineEmbedder(engine)

    def registration(live: bytes) -> IdRegistration:
        return parse_registration(
            _body(
                chip_photo=base64.b64encode(chip).decode(),
                live_photo=base64.b64encode(live).decode(),
            )
        )

    same = [
        verify_registration(registration(p.read_bytes()), embedder, today=TODAY) for p in ben[1:]
    ]
    # small web photos may fail the live photo's quality gate, but a usable face must match
    assert all(check.accepted or check.reason == "no_usable_live_face" for check in same)
    assert sum(check.accepted for check in same) >= 2
    others = [
        verify_registration(registration(p.read_bytes()), embedder, today=TODAY) for p in madonna
    ]
    assert not any(check.accepted for check in others)
    assert {check.reason for check in others} <= {"face_mismatch", "no_usable_live_face"}
