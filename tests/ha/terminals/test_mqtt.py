"""MQTT access terminals through HA's own MQTT and a real mosquitto: the library commands of
``core/protocols/MQTT.md`` go out, the terminal's command_result events settle them, and its
access events name the registry's person."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import paho.mqtt.client as paho
import pytest
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_capture_events

from custom_components.smart_community.const import DOMAIN, EVENT_DEVICE_EVENT
from custom_components.smart_community.core.docking.backoff import Backoff
from custom_components.smart_community.features import terminals as terminals_feature
from tools.simulator.terminals.mqtt import MqttAccessTerminal

from ...terminal_fakes import jpeg
from ..test_mqtt_transport import Device
from .helpers import FAST, feature_of, photo_file, until, user_id

pytestmark = pytest.mark.mosquitto

PREFIX = "community/340104001001001"
UNIT_1_1 = "34010449011348001021"  # 1栋1单元 unit door, 接入方式 mqtt
EAST_GATE = "34010449011348001004"
SOUTH_GATE = "34010449011348001008"


class MqttTerminals(Device):
    """A paho client playing every MQTT access terminal of the register."""

    def __init__(self, port: int) -> None:
        self.devices: dict[str, MqttAccessTerminal] = {}
        self.refuse_faces: set[str] = set()  # device codes whose face library is full
        super().__init__(port)

    def library(self, code: str) -> MqttAccessTerminal:
        return self.devices.setdefault(code, MqttAccessTerminal())

    def _on_message(self, client: paho.Client, userdata: Any, msg: paho.MQTTMessage) -> None:
        code = msg.topic.split("/")[-2]
        device = self.library(code)
        if code in self.refuse_faces:
            device.library.max_faces = 0
        answer = device.handle(msg.payload)
        if answer is None:  # not a library command (unlock ...): acknowledge it
            body = json.loads(msg.payload)
            answer = json.dumps(
                {"type": "command_result", "command_id": body["id"], "ok": True}
            ).encode()
        client.publish(f"{PREFIX}/{code}/event", answer, qos=1)


@pytest.fixture
def mqtt_terminals(mosquitto_port: int) -> Iterator[MqttTerminals]:
    terminals = MqttTerminals(mosquitto_port)
    yield terminals
    terminals.close()


@pytest.fixture
async def entry(
    hass: HomeAssistant,
    mock_hass_config: None,
    mosquitto_port: int,
    community_entry: MockConfigEntry,
    mqtt_terminals: MqttTerminals,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[MockConfigEntry]:
    """HA's MQTT on mosquitto, then the community (its MQTT terminals need no settings)."""
    monkeypatch.setattr(
        terminals_feature,
        "ENGINE_OPTIONS",
        replace(FAST, mqtt_timeout=2.0, probe_backoff=Backoff(base=0.5, cap=2.0, jitter=0.0)),
    )
    mqtt_entry = MockConfigEntry(
        domain="mqtt",
        data={"broker": "127.0.0.1", "port": mosquitto_port},
        version=1,
        minor_version=2,
    )
    mqtt_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(mqtt_entry.entry_id)
    await hass.async_block_till_done()
    assert await hass.config_entries.async_setup(community_entry.entry_id)
    await hass.async_block_till_done()
    feature = feature_of(community_entry)
    await until(lambda: feature.started, "the engine to start")
    yield community_entry
    assert await hass.config_entries.async_unload(community_entry.entry_id)
    assert await hass.config_entries.async_unload(mqtt_entry.entry_id)
    await hass.async_block_till_done()


async def test_mqtt_terminals_take_the_library_commands_and_name_their_users(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    mqtt_terminals: MqttTerminals,
    config_dir: Path,
) -> None:
    feature = feature_of(entry)
    assert {code for code, spec in feature.specs.items() if spec.vendor.value == "mqtt"} >= {
        UNIT_1_1,
        EAST_GATE,
        SOUTH_GATE,
    }
    mqtt_terminals.refuse_faces.add(SOUTH_GATE)

    async def call(service: str, **data: Any) -> None:
        await hass.services.async_call(
            DOMAIN, service, {"config_entry_id": entry.entry_id, **data}, blocking=True
        )

    await call(
        "add_person",
        person_id="P-11",
        name="张伟",
        role="owner",
        building="1",
        unit="1",
        room="1502",
        cards=["0011000001"],
    )
    photo = jpeg(11)
    await call("add_person_photo", person_id="P-11", file=photo_file(config_dir, "p11.jpg", photo))
    uid = await user_id(hass, entry, "P-11")

    def holds(code: str) -> bool:
        library = mqtt_terminals.library(code).library
        return library.faces.get(uid) == photo and library.card_owner.get("0011000001") == uid

    await until(lambda: holds(UNIT_1_1) and holds(EAST_GATE), "the owner on the door and gate")
    assert mqtt_terminals.library(UNIT_1_1).library.users[uid].name == "张伟"
    await until(
        lambda: (
            feature.status(UNIT_1_1) is not None
            and feature.status(UNIT_1_1).state.value == "in_sync"
        ),
        "the unit door in sync",
    )
    # the south gate answers the face with a refusal: that item fails, the rest is there
    await until(
        lambda: feature.status(SOUTH_GATE) is not None and feature.status(SOUTH_GATE).failed == 1,
        "the south gate's refusal",
    )
    south = feature.status(SOUTH_GATE)
    assert south is not None and south.keeps_refusing  # a full library
    assert "full" in south.failures[0].reason
    assert uid in mqtt_terminals.library(SOUTH_GATE).library.users

    # The terminal recognised the owner by itself and says so with its own user id.
    events = async_capture_events(hass, EVENT_DEVICE_EVENT)
    await hass.async_add_executor_job(
        mqtt_terminals.publish,
        f"{PREFIX}/{UNIT_1_1}/event",
        {"type": "verified", "method": "face", "person_id": uid, "door": "1"},
    )
    await until(lambda: any(e.data["event_type"] == "verified" for e in events), "the event")
    [verified] = [e.data for e in events if e.data["event_type"] == "verified"]
    assert (verified["person_id"], verified["terminal_user_id"]) == ("P-11", uid)
    assert (verified["decision"], verified["decision_reason"]) == ("allow", "resident")
