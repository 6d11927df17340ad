"""声纹开门 end to end: a unit-door terminal on a real mosquitto, real recorded speech, the
challenge, the speaker check, the access decision, the reply, and the event the records see.

The speech is AMI meeting excerpts (pyannote.audio's test data, prepared by scripts/models).
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import queue
import wave
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import paho.mqtt.client as paho
import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.smart_community.const import DOMAIN, EVENT_DEVICE_EVENT
from custom_components.smart_community.core.recognition import model_files as mf
from custom_components.smart_community.core.recognition.model_files import default_models_dir
from custom_components.smart_community.core.recognition.voice.audio import Audio
from custom_components.smart_community.core.recognition.voice.evaluation import turn_utterances

from .helpers import runtime_of
from .test_mqtt_transport import mqtt_community  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.mosquitto, pytest.mark.models]

PREFIX = "community/340104001001001"
UNIT_DOOR = "34010449011348001021"  # 1栋1单元 unit-door terminal, MQTT
OTHER_UNIT_DOOR = "34010449011348001023"  # 1栋2单元
FACE_CAMERA = "34010449971328001022"  # MQTT, but not a voice terminal
OWNER_ID_NUMBER = "340121198001011230"
RESIDENT, STRANGER = "MEE009", "FEE087"  # AMI speakers


def wav(audio: Audio) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(audio.sample_rate)
        out.writeframes((np.clip(audio.samples, -1, 1) * 32767).astype("<i2").tobytes())
    return buffer.getvalue()


@pytest.fixture(scope="module")
def speech() -> dict[str, list[Audio]]:
    folder = default_models_dir() / mf.VOICE_SAMPLES
    if not folder.is_dir():
        pytest.fail("models are not prepared: run scripts/models (scripts/test does)")
    by_speaker: dict[str, list[Audio]] = {}
    for speaker, audio in turn_utterances(folder, seconds=2.0):
        by_speaker.setdefault(speaker, []).append(audio)
    return by_speaker


class Terminal:
    """A paho client playing the unit-door terminal: asks, records, reads the reply."""

    def __init__(self, port: int, code: str) -> None:
        self.code = code
        self.replies: queue.Queue[dict[str, Any]] = queue.Queue()
        self.client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id=f"terminal-{code}")
        self.client.on_message = lambda _c, _u, msg: self.replies.put(json.loads(msg.payload))
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        self.client.subscribe(f"{PREFIX}/+/voice/reply", qos=1)

    def ask(self, message: dict[str, Any], code: str | None = None) -> None:
        topic = f"{PREFIX}/{code or self.code}/voice/request"
        self.client.publish(topic, json.dumps(message), qos=1).wait_for_publish(5)

    async def reply(self, timeout: float = 20) -> dict[str, Any]:
        for _ in range(int(timeout / 0.05)):
            try:
                return self.replies.get_nowait()
            except queue.Empty:
                await asyncio.sleep(0.05)
        raise AssertionError("no voice reply")

    async def open_door(self, audio: Audio) -> dict[str, Any]:
        self.ask({"id": "c1", "type": "challenge"})
        challenge = await self.reply()
        assert challenge["type"] == "challenge" and len(challenge["digits"]) == 6, challenge
        self.ask(
            {
                "id": "a1",
                "type": "attempt",
                "challenge_id": challenge["challenge_id"],
                "format": "wav",
                "audio": base64.b64encode(wav(audio)).decode(),
            }
        )
        return await self.reply()

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


@pytest.fixture
def terminal(mosquitto_port: int) -> Iterator[Terminal]:
    device = Terminal(mosquitto_port, UNIT_DOOR)
    yield device
    device.close()


@pytest.fixture
def with_models(hass: HomeAssistant, community_entry: MockConfigEntry) -> None:
    hass.config_entries.async_update_entry(
        community_entry, options={"models_dir": str(default_models_dir())}
    )


@pytest.fixture
async def voice_community(
    with_models: None,
    mqtt_community: MockConfigEntry,  # noqa: F811
    config_dir: Path,
    speech: dict[str, list[Audio]],
) -> AsyncIterator[MockConfigEntry]:
    """The community on mosquitto; 张伟 of 1栋1单元 has enrolled three recordings.

    No frozen clock (freezegun breaks HA's MQTT import): an owner may pass at any hour.
    """
    hass = mqtt_community.runtime_data.hub.hass
    recordings = config_dir / "voices"
    recordings.mkdir()
    files = []
    for number, audio in enumerate(speech[RESIDENT][:3]):
        (recordings / f"{number}.wav").write_bytes(wav(audio))
        files.append(f"voices/{number}.wav")
    (recordings / "notes.wav").write_bytes(b"RIFF....not a recording")
    await hass.services.async_call(
        DOMAIN,
        "add_person",
        {
            "config_entry_id": mqtt_community.entry_id,
            "person_id": "P-0001",
            "name": "张伟",
            "role": "owner",
            "id_number": OWNER_ID_NUMBER,
            "mobile": "13800138000",
            "building": "1栋",
            "unit": "1单元",
            "room": "1502",
        },
        blocking=True,
        return_response=True,
    )
    enrolled = await hass.services.async_call(
        DOMAIN,
        "enroll_voice",
        {
            "config_entry_id": mqtt_community.entry_id,
            "person_id": "P-0001",
            "files": [*files, "voices/notes.wav"],
        },
        blocking=True,
        return_response=True,
    )
    assert enrolled["accepted"] == 3, enrolled
    refused = enrolled["recordings"][3]
    assert refused["accepted"] is False and "not a WAV" in refused["reason"]
    assert enrolled["recordings"][2]["similarity_to_own"] > 0.7
    yield mqtt_community


async def test_a_resident_opens_their_unit_door_by_voice(
    hass: HomeAssistant,
    voice_community: MockConfigEntry,
    terminal: Terminal,
    speech: dict[str, list[Audio]],
) -> None:
    bus = async_capture_events(hass, EVENT_DEVICE_EVENT)
    voice = max(speech[RESIDENT][3:], key=lambda a: a.seconds)  # not one enrolled
    reply = await terminal.open_door(voice)
    assert reply["id"] == "a1"
    assert reply["decision"] == "open", reply
    assert reply["person_id"] == "P-0001"
    assert reply["access"] == "allow"
    await hass.async_block_till_done()
    events = [e.data for e in bus if e.data.get("method") == "voiceprint"]
    assert len(events) == 1
    event = events[0]
    assert (event["kind"], event["event_type"], event["device_code"]) == (
        "access",
        "verified",
        UNIT_DOOR,
    )
    assert event["person_id"] == "P-0001" and event["decision"] == "allow"
    assert event["voice_verdict"] == "open" and event["similarity"] >= 0.82
    assert runtime_of(voice_community).recognition.stats.voice_opened == 1  # type: ignore[union-attr]


async def test_a_stranger_is_denied_and_the_attempt_is_recorded(
    hass: HomeAssistant,
    voice_community: MockConfigEntry,
    terminal: Terminal,
    speech: dict[str, list[Audio]],
) -> None:
    bus = async_capture_events(hass, EVENT_DEVICE_EVENT)
    reply = await terminal.open_door(max(speech[STRANGER], key=lambda a: a.seconds))
    assert reply["decision"] == "deny", reply
    assert reply["person_id"] is None
    assert reply["reason"] == "voice not recognised"
    await hass.async_block_till_done()
    event = next(e.data for e in bus if e.data.get("method") == "voiceprint")
    assert event["event_type"] == "denied" and "person_id" not in event


async def test_the_access_decision_can_refuse_a_verified_voice(
    hass: HomeAssistant,
    voice_community: MockConfigEntry,
    mosquitto_port: int,
    speech: dict[str, list[Audio]],
) -> None:
    """张伟's voice at the door of another unit: the speaker is right, the door is not his."""
    other = Terminal(mosquitto_port, OTHER_UNIT_DOOR)
    try:
        reply = await other.open_door(max(speech[RESIDENT][3:], key=lambda a: a.seconds))
    finally:
        other.close()
    assert reply["decision"] == "deny", reply
    assert reply["access"] == "deny" and reply["access_reason"] == "wrong_unit"


async def test_requests_from_devices_that_are_no_voice_terminal(
    hass: HomeAssistant, voice_community: MockConfigEntry, terminal: Terminal
) -> None:
    hub = runtime_of(voice_community).hub
    rejected = hub.events_rejected
    # a device that is not in the register: nobody answers
    terminal.ask({"id": "x1", "type": "challenge"}, code="34010449011348009999")
    # a face camera of the register: answered with an error, no challenge issued
    terminal.ask({"id": "x2", "type": "challenge"}, code=FACE_CAMERA)
    reply = await terminal.reply()
    assert reply == {
        "id": "x2",
        "type": "error",
        "reason": "a face_camera is not a voice terminal",
    }
    # malformed requests to the real terminal: an error for those with an id
    terminal.ask(
        {"id": "x3", "type": "attempt", "challenge_id": "nope", "format": "mp3", "audio": ""}
    )
    reply = await terminal.reply()
    assert reply["id"] == "x3" and reply["type"] == "error"
    await asyncio.sleep(0.5)
    assert terminal.replies.empty()
    assert hub.events_rejected == rejected + 1


async def test_a_failing_engine_answers_the_terminal_with_an_error(
    hass: HomeAssistant, voice_community: MockConfigEntry, terminal: Terminal
) -> None:
    """Someone waits at the door: an engine failure is an answer, not silence."""
    hub = runtime_of(voice_community).hub

    async def broken(device: object, payload: bytes) -> dict[str, object] | None:
        raise RuntimeError("onnxruntime: out of memory")

    hub.voice_handler = broken
    terminal.ask({"id": "f1", "type": "challenge"})
    reply = await terminal.reply()
    assert reply == {
        "id": "f1",
        "type": "error",
        "reason": "voice recognition failed: try again or use a card",
    }
    hub.voice_handler = None  # recognition stopped: the terminal is told so
    terminal.ask({"id": "f2", "type": "challenge"})
    assert (await terminal.reply())["reason"] == "voice recognition is not running"
