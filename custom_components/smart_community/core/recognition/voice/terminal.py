"""The voice door terminal's flow over MQTT, without MQTT: parse requests, produce replies.

Topics (``core/protocols/MQTT.md``, "Voice terminals"): the terminal publishes JSON requests on
``<prefix>/<device_code>/voice/request`` and the hub answers on ``.../voice/reply``:

1. ``{"id": "r1", "type": "challenge"}`` -> ``{"id": "r1", "type": "challenge",
   "challenge_id": ..., "digits": "482913", "prompt": "请读出数字 4 8 2 9 1 3",
   "expires_in_s": 30}``
2. ``{"id": "r2", "type": "attempt", "challenge_id": ..., "format": "wav" | "pcm_s16le",
   "sample_rate": 16000, "channels": 1, "audio": "<base64>", "spoken": "482913"?,
   "live": true?}`` -> ``{"id": "r2", "type": "decision", "challenge_id": ...,
   "decision": "open" | "deny" | "retry", "person_id": ..., "similarity": 0.87,
   "digits_verified": false, "reason": ..., "ms": 412.0}``

``open`` needs the right speaker (``VoiceEngine`` threshold and margin) **and** a fresh answer to
a challenge (``ChallengeBook``). ``retry``: the audio held too little speech (nothing is used up
but the challenge: ask for a new one). A message that is not valid JSON of this shape gets a
``{"type": "error", "reason": ...}`` reply (when it carries an ``id``) and changes nothing.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from .audio import Audio, AudioError, decode_pcm, decode_wav
from .challenge import ChallengeBook, ChallengeError
from .engine import VoiceEngine

MAX_AUDIO_BYTES = 4 * 1024 * 1024  # 60 s of 16 kHz 16-bit stereo fit; anything larger is refused
MAX_MESSAGE_BYTES = MAX_AUDIO_BYTES * 4 // 3 + 4096


class TerminalMessageError(ValueError):
    """A request that does not follow the schema (the reason says what is wrong)."""


@dataclass(frozen=True, kw_only=True)
class ChallengeRequest:
    request_id: str | None


@dataclass(frozen=True, kw_only=True)
class VoiceAttempt:
    request_id: str | None
    challenge_id: str
    audio: Audio
    spoken: str | None
    terminal_live: bool | None


def _field(message: dict[str, Any], name: str, kind: type, required: bool = True) -> Any:
    value = message.get(name)
    if value is None:
        if required:
            raise TerminalMessageError(f"{name} is required")
        return None
    if kind is int and isinstance(value, bool):
        raise TerminalMessageError(f"{name} must be {kind.__name__}")
    if not isinstance(value, kind):
        raise TerminalMessageError(f"{name} must be {kind.__name__}")
    return value


def parse_request(payload: bytes) -> ChallengeRequest | VoiceAttempt:
    if len(payload) > MAX_MESSAGE_BYTES:
        raise TerminalMessageError("message too large")
    try:
        message = json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise TerminalMessageError(f"not JSON: {err}") from err
    if not isinstance(message, dict):
        raise TerminalMessageError("a request is a JSON object")
    request_id = _field(message, "id", str, required=False)
    kind = _field(message, "type", str)
    if kind == "challenge":
        return ChallengeRequest(request_id=request_id)
    if kind != "attempt":
        raise TerminalMessageError(f"unknown type {kind!r}")
    challenge_id = _field(message, "challenge_id", str)
    encoding = _field(message, "format", str)
    try:
        raw = base64.b64decode(_field(message, "audio", str), validate=True)
    except (binascii.Error, ValueError) as err:
        raise TerminalMessageError("audio is not base64") from err
    if len(raw) > MAX_AUDIO_BYTES:
        raise TerminalMessageError("audio too large")
    try:
        if encoding == "wav":
            audio = decode_wav(raw)
        elif encoding == "pcm_s16le":
            rate = _field(message, "sample_rate", int)
            channels = _field(message, "channels", int, required=False) or 1
            audio = decode_pcm(raw, rate, channels)
        else:
            raise TerminalMessageError(f"unknown audio format {encoding!r}")
    except AudioError as err:
        raise TerminalMessageError(f"audio: {err}") from err
    spoken = _field(message, "spoken", str, required=False)
    live = _field(message, "live", bool, required=False)
    return VoiceAttempt(
        request_id=request_id,
        challenge_id=challenge_id,
        audio=audio,
        spoken=spoken,
        terminal_live=live,
    )


class VoiceTerminalFlow:
    """One per hub: the HA side calls ``handle`` (executor thread) for each request payload."""

    def __init__(self, engine: VoiceEngine, challenges: ChallengeBook | None = None) -> None:
        self.engine = engine
        self.challenges = challenges or ChallengeBook()

    def handle(self, terminal_id: str, payload: bytes, now: float) -> dict[str, Any] | None:
        """The reply to publish on ``.../voice/reply`` (None: nothing to answer)."""
        try:
            request = parse_request(payload)
        except TerminalMessageError as err:
            answer_to = request_id(payload)
            if answer_to is None:
                return None  # nobody to answer: the HA side logs the bad message
            return {"id": answer_to, "type": "error", "reason": str(err)}
        if isinstance(request, ChallengeRequest):
            challenge = self.challenges.issue(terminal_id, now)
            return {
                "id": request.request_id,
                "type": "challenge",
                "challenge_id": challenge.challenge_id,
                "digits": challenge.digits,
                "prompt": challenge.prompt,
                "expires_in_s": self.challenges.policy.ttl_s,
            }
        return self.decide(terminal_id, request, now)

    def decide(self, terminal_id: str, attempt: VoiceAttempt, now: float) -> dict[str, Any]:
        reply: dict[str, Any] = {
            "id": attempt.request_id,
            "type": "decision",
            "challenge_id": attempt.challenge_id,
            "decision": "deny",
            "person_id": None,
            "similarity": None,
            "digits_verified": False,
            "reason": "",
            "ms": 0.0,
        }
        try:
            challenge = self.challenges.redeem(attempt.challenge_id, terminal_id, now)
        except ChallengeError as err:
            return {**reply, "reason": str(err.refusal)}
        if attempt.terminal_live is False:
            return {**reply, "reason": "terminal says not live"}
        try:
            match = self.engine.identify(attempt.audio)
        except AudioError as err:
            return {**reply, "decision": "retry", "reason": str(err)}
        reply.update(
            similarity=round(match.similarity, 4),
            ms=round(match.ms, 1),
            candidate=match.candidate,
        )
        try:
            check = self.challenges.check_answer(
                challenge, match.speech_seconds, match.embedding, attempt.spoken
            )
        except ChallengeError as err:
            return {**reply, "reason": str(err.refusal)}
        reply["digits_verified"] = check.digits_verified
        if match.person_id is None:
            return {**reply, "reason": "voice not recognised"}
        return {
            **reply,
            "decision": "open",
            "person_id": match.person_id,
            "reason": "speaker verified",
        }


def request_id(payload: bytes) -> str | None:
    """The ``id`` of a request, when it has one (to answer even a malformed request)."""
    try:
        message = json.loads(payload)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    value = message.get("id") if isinstance(message, dict) else None
    return value if isinstance(value, str) else None
