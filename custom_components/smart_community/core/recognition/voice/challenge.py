"""Replay protection for voice doors: a spoken random-digit challenge, single use, short-lived.

What is verified, honestly:

* **freshness and binding**: the hub draws ``digits`` random digits (``secrets``) for one
  terminal; the terminal shows or speaks them, records the resident, and sends the audio with
  the challenge id. The hub accepts it once, from that terminal, within ``ttl_s``; a second
  attempt with the same id, another terminal's id, or a late one is refused whatever it holds.
  A recording captured earlier cannot carry a challenge issued now.
* **a plausible answer**: the speech must last at least ``seconds_per_digit`` per digit, so a
  short clip of "open the door" or a word is not enough;
* **no digital replay**: the hub remembers the embeddings of recent attempts; audio whose
  embedding is virtually identical (``near_identical``) to one already heard is the same
  recording sent again and is refused;
* **the spoken digits themselves** are checked only when the terminal reports what it
  recognised (``spoken``, from its own speech recogniser). The hub has no offline speech
  recogniser for Chinese digits that a registry package ships with weights and runs inside Home
  Assistant; without ``spoken`` the decision says ``digits_verified: false`` and
  ``ChallengePolicy.require_spoken`` (off by default) decides whether that is enough.

Limits (README "Voiceprint"): a loudspeaker playing a recording of the resident saying the
right digits, spliced on the fly, passes unless the terminal's own liveness check or the
``spoken`` transcript with ``require_spoken`` stops it. Voice is therefore a convenience factor
for the 高配 unit door, not the sole factor for high-security doors.
"""

from __future__ import annotations

import secrets
import threading
from collections import deque
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray


class ChallengeRefusal(StrEnum):
    UNKNOWN = "unknown_challenge"
    EXPIRED = "challenge_expired"
    USED = "challenge_already_used"
    WRONG_TERMINAL = "challenge_of_another_terminal"
    TOO_SHORT = "answer_too_short_for_the_digits"
    WRONG_DIGITS = "wrong_digits_spoken"
    DIGITS_NOT_VERIFIED = "digits_not_verified"
    REPLAYED = "replayed_audio"


class ChallengeError(Exception):
    def __init__(self, refusal: ChallengeRefusal) -> None:
        super().__init__(str(refusal))
        self.refusal = refusal


@dataclass(frozen=True, kw_only=True)
class ChallengePolicy:
    digits: int = 6
    ttl_s: float = 30.0
    seconds_per_digit: float = 0.25
    require_spoken: bool = False
    near_identical: float = 0.995
    remembered_attempts: int = 256
    max_open: int = 1024  # outstanding challenges kept (oldest dropped first)


@dataclass(frozen=True, kw_only=True)
class Challenge:
    challenge_id: str
    terminal_id: str
    digits: str
    issued_at: float
    expires_at: float

    @property
    def prompt(self) -> str:
        return "请读出数字 " + " ".join(self.digits)


@dataclass(frozen=True, kw_only=True)
class ChallengeCheck:
    challenge: Challenge
    digits_verified: bool


def _normalise_digits(text: str) -> str:
    chinese = dict(zip("零〇一二两三四五六七八九幺", "0012234567891", strict=True))
    return "".join(chinese.get(c, c) for c in text if c.isdigit() or c in chinese)


class ChallengeBook:
    """Outstanding challenges and recently heard attempts (thread-safe, in memory).

    Times are passed in (seconds, any monotonic clock) so that tests never depend on the clock.
    """

    def __init__(self, policy: ChallengePolicy | None = None) -> None:
        self.policy = policy or ChallengePolicy()
        self._open: dict[str, Challenge] = {}
        self._used: deque[str] = deque(maxlen=self.policy.max_open)
        self._heard: deque[NDArray[np.float32]] = deque(maxlen=self.policy.remembered_attempts)
        self._lock = threading.Lock()

    def issue(self, terminal_id: str, now: float) -> Challenge:
        digits = "".join(str(secrets.randbelow(10)) for _ in range(self.policy.digits))
        challenge = Challenge(
            challenge_id=secrets.token_urlsafe(12),
            terminal_id=terminal_id,
            digits=digits,
            issued_at=now,
            expires_at=now + self.policy.ttl_s,
        )
        with self._lock:
            for key in [k for k, c in self._open.items() if c.expires_at < now]:
                del self._open[key]
            while len(self._open) >= self.policy.max_open:
                del self._open[next(iter(self._open))]
            self._open[challenge.challenge_id] = challenge
        return challenge

    def redeem(self, challenge_id: str, terminal_id: str, now: float) -> Challenge:
        """Take a challenge out of the book: any attempt uses it up, right or wrong."""
        with self._lock:
            if challenge_id in self._used:
                raise ChallengeError(ChallengeRefusal.USED)
            challenge = self._open.get(challenge_id)
            if challenge is None:
                raise ChallengeError(ChallengeRefusal.UNKNOWN)
            if challenge.terminal_id != terminal_id:
                # not used up: the real terminal may still answer it
                raise ChallengeError(ChallengeRefusal.WRONG_TERMINAL)
            del self._open[challenge_id]
            self._used.append(challenge_id)
        if now > challenge.expires_at:
            raise ChallengeError(ChallengeRefusal.EXPIRED)
        return challenge

    def check_answer(
        self,
        challenge: Challenge,
        speech_seconds: float,
        embedding: NDArray[np.float32],
        spoken: str | None,
    ) -> ChallengeCheck:
        """The answer's plausibility, the transcript if any, and that it is no replay."""
        if speech_seconds < self.policy.seconds_per_digit * len(challenge.digits):
            raise ChallengeError(ChallengeRefusal.TOO_SHORT)
        vector = embedding.astype(np.float32)
        with self._lock:
            replayed = any(
                float(seen @ vector) >= self.policy.near_identical for seen in self._heard
            )
            self._heard.append(vector)
        if replayed:
            raise ChallengeError(ChallengeRefusal.REPLAYED)
        if spoken is not None:
            if _normalise_digits(spoken) != challenge.digits:
                raise ChallengeError(ChallengeRefusal.WRONG_DIGITS)
            return ChallengeCheck(challenge=challenge, digits_verified=True)
        if self.policy.require_spoken:
            raise ChallengeError(ChallengeRefusal.DIGITS_NOT_VERIFIED)
        return ChallengeCheck(challenge=challenge, digits_verified=False)
