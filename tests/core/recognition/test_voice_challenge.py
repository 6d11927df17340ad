"""The spoken-digit challenge book and the legacy torch reader (no models needed)."""

from __future__ import annotations

import io
import pickle

import numpy as np
import pytest

from custom_components.smart_community.core.recognition.voice import legacy_torch
from custom_components.smart_community.core.recognition.voice.challenge import (
    ChallengeBook,
    ChallengeError,
    ChallengePolicy,
    ChallengeRefusal,
)

EMBED = np.eye(4, dtype=np.float32)


def refusal(call: object) -> ChallengeRefusal:
    with pytest.raises(ChallengeError) as caught:
        call()  # type: ignore[operator]
    return caught.value.refusal


def test_a_challenge_is_random_digits_bound_to_one_terminal() -> None:
    book = ChallengeBook()
    first = book.issue("door-1", now=100.0)
    second = book.issue("door-1", now=100.0)
    assert len(first.digits) == 6 and first.digits.isdigit()
    assert first.challenge_id != second.challenge_id
    assert first.prompt.startswith("请读出数字")
    assert refusal(lambda: book.redeem(first.challenge_id, "door-2", 101.0)) is (
        ChallengeRefusal.WRONG_TERMINAL
    )
    assert book.redeem(first.challenge_id, "door-1", 101.0) == first  # still usable by door-1


def test_a_challenge_is_used_once_and_expires() -> None:
    book = ChallengeBook(ChallengePolicy(ttl_s=30))
    challenge = book.issue("door", now=0.0)
    book.redeem(challenge.challenge_id, "door", 1.0)
    used = refusal(lambda: book.redeem(challenge.challenge_id, "door", 2.0))
    assert used is ChallengeRefusal.USED
    late = book.issue("door", now=0.0)
    assert refusal(lambda: book.redeem(late.challenge_id, "door", 31.0)) is ChallengeRefusal.EXPIRED
    assert refusal(lambda: book.redeem("made-up", "door", 1.0)) is ChallengeRefusal.UNKNOWN


def test_the_answer_must_be_long_enough_for_the_digits() -> None:
    book = ChallengeBook()
    challenge = book.issue("door", 0.0)
    assert refusal(lambda: book.check_answer(challenge, 0.5, EMBED[0], None)) is (
        ChallengeRefusal.TOO_SHORT
    )


def test_the_same_recording_sent_twice_is_a_replay() -> None:
    book = ChallengeBook()
    first = book.issue("door", 0.0)
    assert not book.check_answer(first, 3.0, EMBED[0], None).digits_verified
    second = book.issue("door", 1.0)
    assert refusal(lambda: book.check_answer(second, 3.0, EMBED[0], None)) is (
        ChallengeRefusal.REPLAYED
    )
    third = book.issue("door", 2.0)
    assert book.check_answer(third, 3.0, EMBED[1], None)  # another utterance is fine


def test_spoken_digits_reported_by_the_terminal_are_checked() -> None:
    book = ChallengeBook()
    challenge = book.issue("door", 0.0)
    chinese = "".join("零一二三四五六七八九"[int(d)] for d in challenge.digits)
    assert book.check_answer(challenge, 3.0, EMBED[0], chinese).digits_verified
    other = book.issue("door", 0.0)
    wrong = "".join(str((int(d) + 1) % 10) for d in other.digits)
    assert refusal(lambda: book.check_answer(other, 3.0, EMBED[1], wrong)) is (
        ChallengeRefusal.WRONG_DIGITS
    )


def test_a_policy_can_require_the_transcript() -> None:
    book = ChallengeBook(ChallengePolicy(require_spoken=True))
    challenge = book.issue("door", 0.0)
    assert refusal(lambda: book.check_answer(challenge, 3.0, EMBED[0], None)) is (
        ChallengeRefusal.DIGITS_NOT_VERIFIED
    )


def test_a_file_with_a_foreign_global_is_refused() -> None:
    payload = io.BytesIO()
    for header in (legacy_torch.MAGIC, legacy_torch.PROTOCOL, {"little_endian": True}):
        pickle.dump(header, payload, protocol=2)
    pickle.dump(print, payload, protocol=2)  # builtins.print: code, not weights
    with pytest.raises(legacy_torch.LegacyTorchError, match=r"refusing .*print"):
        legacy_torch.load(payload.getvalue())


def test_a_file_that_is_not_torch_is_refused() -> None:
    with pytest.raises(legacy_torch.LegacyTorchError):
        legacy_torch.load(pickle.dumps(42))
    with pytest.raises(legacy_torch.LegacyTorchError):
        legacy_torch.load(b"not a pickle at all")
