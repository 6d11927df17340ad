"""Voiceprints on real recorded speech (AMI meeting excerpts shipped in pyannote.audio's sdist)."""

from __future__ import annotations

import base64
import io
import json
import wave
from pathlib import Path

import numpy as np
import pytest

from custom_components.smart_community.core.recognition import model_files as mf
from custom_components.smart_community.core.recognition.voice import legacy_torch
from custom_components.smart_community.core.recognition.voice.audio import Audio
from custom_components.smart_community.core.recognition.voice.challenge import ChallengeBook
from custom_components.smart_community.core.recognition.voice.engine import VoiceEngine
from custom_components.smart_community.core.recognition.voice.evaluation import (
    equal_error_rate,
    turn_utterances,
    verification_trials,
)
from custom_components.smart_community.core.recognition.voice.terminal import VoiceTerminalFlow

pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def speech(models_dir: Path) -> dict[str, list[Audio]]:
    by_speaker: dict[str, list[Audio]] = {}
    for speaker, audio in turn_utterances(models_dir / mf.VOICE_SAMPLES, seconds=2.0):
        by_speaker.setdefault(speaker, []).append(audio)
    return by_speaker


@pytest.fixture(scope="module")
def engine(
    models_dir: Path, speech: dict[str, list[Audio]], tmp_path_factory: pytest.TempPathFactory
) -> VoiceEngine:
    voices = VoiceEngine(models_dir, tmp_path_factory.mktemp("voices"))
    for speaker in ("FEE083", "MEE009", "MEE012"):
        for audio in speech[speaker][:2]:
            assert voices.enroll(speaker, audio).accepted
    return voices


def wav(audio: Audio) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(audio.sample_rate)
        out.writeframes((np.clip(audio.samples, -1, 1) * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


def test_the_ge2e_weights_are_read_without_torch(models_dir: Path) -> None:
    state = legacy_torch.load(models_dir / mf.VOICE_ENCODER, only="model_state")
    assert state["lstm.weight_ih_l0"].shape == (1024, 40)
    assert state["lstm.weight_hh_l2"].shape == (1024, 256)
    assert state["linear.weight"].shape == (256, 256)
    assert all(np.isfinite(v).all() for v in state.values())


def test_real_speakers_are_separated(engine: VoiceEngine, speech: dict[str, list[Audio]]) -> None:
    utterances = [(s, a) for s, audios in speech.items() for a in audios]
    embeddings = np.stack([engine.embed(a, 0.0)[0] for _, a in utterances])
    target, non_target = verification_trials(embeddings, [s for s, _ in utterances])
    eer, _ = equal_error_rate(target, non_target)
    assert len(set(speech)) >= 10
    assert eer < 0.15  # 2 s meeting snippets; README gives the measured figure
    assert np.median(target) > np.median(non_target) + 0.1


def test_enrolled_speakers_are_identified_and_others_are_not(
    engine: VoiceEngine, speech: dict[str, list[Audio]]
) -> None:
    right = 0
    for speaker in ("FEE083", "MEE009", "MEE012"):
        for audio in speech[speaker][2:]:
            match = engine.identify(audio)
            assert match.person_id in (speaker, None)
            right += match.person_id == speaker
    assert right >= 5
    for speaker in ("FEE087", "FEO070", "MEE068"):  # never enrolled
        for audio in speech[speaker]:
            assert engine.identify(audio).person_id is None


def test_silence_is_not_enough_to_enrol(engine: VoiceEngine) -> None:
    result = engine.enroll("silent", Audio(np.zeros(32000, dtype=np.float32), 16000))
    assert not result.accepted
    assert "speech" in result.reason
    assert "silent" not in engine.gallery.people


def attempt(challenge_id: str, audio: Audio, **extra: object) -> bytes:
    message = {
        "id": "r2",
        "type": "attempt",
        "challenge_id": challenge_id,
        "format": "wav",
        "audio": base64.b64encode(wav(audio)).decode(),
        **extra,
    }
    return json.dumps(message).encode()


def test_terminal_flow_opens_for_the_resident_answering_a_fresh_challenge(
    engine: VoiceEngine, speech: dict[str, list[Audio]]
) -> None:
    flow = VoiceTerminalFlow(engine, ChallengeBook())
    reply = flow.handle("door-7", b'{"id": "r1", "type": "challenge"}', now=10.0)
    assert reply is not None and reply["type"] == "challenge" and len(reply["digits"]) == 6
    voice = max(speech["MEE009"][2:], key=lambda a: a.seconds)
    decision = flow.handle("door-7", attempt(reply["challenge_id"], voice), now=15.0)
    assert decision is not None
    assert decision["decision"] == "open", decision
    assert decision["person_id"] == "MEE009"
    assert decision["digits_verified"] is False
    # the same challenge again, or the same recording on a new challenge: refused
    again = flow.handle("door-7", attempt(reply["challenge_id"], voice), now=16.0)
    assert again is not None and again["reason"] == "challenge_already_used"
    fresh = flow.handle("door-7", b'{"type": "challenge"}', now=17.0)
    assert fresh is not None
    replay = flow.handle("door-7", attempt(fresh["challenge_id"], voice), now=18.0)
    assert replay is not None
    assert (replay["decision"], replay["reason"]) == ("deny", "replayed_audio")


def test_terminal_flow_denies_a_stranger_and_asks_again_for_silence(
    engine: VoiceEngine, speech: dict[str, list[Audio]]
) -> None:
    flow = VoiceTerminalFlow(engine, ChallengeBook())
    challenge = flow.handle("door", b'{"type": "challenge"}', now=0.0)
    assert challenge is not None
    stranger = max(speech["FEE087"], key=lambda a: a.seconds)
    denied = flow.handle("door", attempt(challenge["challenge_id"], stranger), now=1.0)
    assert denied is not None and denied["decision"] == "deny"
    assert denied["person_id"] is None
    quiet = flow.handle("door", b'{"type": "challenge"}', now=2.0)
    assert quiet is not None
    silent = Audio(np.zeros(48000, dtype=np.float32), 16000)
    retry = flow.handle("door", attempt(quiet["challenge_id"], silent), now=3.0)
    assert retry is not None and retry["decision"] == "retry"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b'{"id": "x", "type": "attempt"}', "challenge_id is required"),
        (b'{"id": "x", "type": "hello"}', "unknown type"),
        (
            b'{"id": "x", "type": "attempt", "challenge_id": "c", "format": "wav", "audio": "!!"}',
            "base64",
        ),
        (
            b'{"id": "x", "type": "attempt", "challenge_id": "c", "format": "mp3", "audio": ""}',
            "format",
        ),
        (
            b'{"id": "x", "type": "attempt", "challenge_id": "c", "format": "pcm_s16le",'
            b' "audio": "AAAA", "sample_rate": "16k"}',
            "sample_rate must be int",
        ),
    ],
)
def test_bad_terminal_messages_get_an_error_and_change_nothing(
    engine: VoiceEngine, payload: bytes, reason: str
) -> None:
    book = ChallengeBook()
    flow = VoiceTerminalFlow(engine, book)
    reply = flow.handle("door", payload, now=0.0)
    assert reply is not None and reply["type"] == "error"
    assert reason in reply["reason"]
    assert flow.handle("door", b"not json", now=0.0) is None
