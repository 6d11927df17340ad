"""MQTT end to end against a real mosquitto: device message → entity → action → command → ack."""

from __future__ import annotations

import asyncio
import json
import queue
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import paho.mqtt.client as paho
import pytest
from homeassistant.const import STATE_ON, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.smart_community.const import DOMAIN
from custom_components.smart_community.hub import CommunityHub
from custom_components.smart_community.transports import mqtt as mqtt_transport

from .helpers import hub_of

pytestmark = pytest.mark.mosquitto


class Device:
    """A paho client playing the community's devices (answers commands when told to)."""

    def __init__(self, port: int) -> None:
        self.commands: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self.answer: bool | None = True
        self.client = paho.Client(paho.CallbackAPIVersion.VERSION2, client_id="test-device")
        self.client.on_message = self._on_message
        subscribed = threading.Event()
        self.client.on_subscribe = lambda *args: subscribed.set()
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()
        self.client.subscribe("community/+/+/command", qos=1)
        assert subscribed.wait(5)

    def _on_message(self, client: paho.Client, userdata: Any, msg: paho.MQTTMessage) -> None:
        body = json.loads(msg.payload)
        self.commands.put((msg.topic, body))
        if self.answer is None:
            return
        device_topic = msg.topic.rsplit("/", 1)[0]
        client.publish(
            f"{device_topic}/event",
            json.dumps(
                {
                    "type": "command_result",
                    "command_id": body["id"],
                    "command": body["command"],
                    "ok": self.answer,
                    "reason": None if self.answer else "jammed",
                }
            ),
            qos=1,
        )

    def publish(self, topic: str, payload: Any, retain: bool = False) -> None:
        data = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
        self.client.publish(topic, data, qos=1, retain=retain).wait_for_publish(5)

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


@pytest.fixture
def device(mosquitto_port: int) -> Iterator[Device]:
    simulated = Device(mosquitto_port)
    yield simulated
    simulated.close()


@pytest.fixture
async def mqtt_community(
    hass: HomeAssistant,
    socket_enabled: None,
    mock_hass_config: None,
    mosquitto_port: int,
    community_entry: MockConfigEntry,
) -> AsyncIterator[MockConfigEntry]:
    """HA's real MQTT integration connected to mosquitto, then the community."""
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
    await asyncio.sleep(1.5)  # HA batches subscriptions before sending them
    yield community_entry
    assert await hass.config_entries.async_unload(community_entry.entry_id)
    assert await hass.config_entries.async_unload(mqtt_entry.entry_id)
    await hass.async_block_till_done()


def _device(entry: MockConfigEntry, kind: str) -> tuple[str, str]:
    hub: CommunityHub = hub_of(entry)
    found = next(
        d for d in hub.devices.values() if d.kind.value == kind and d.transport.value == "mqtt"
    )
    return found.code, mqtt_transport.device_prefix(hub, found)


def _entity(hass: HomeAssistant, domain: str, code: str, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(domain, DOMAIN, f"{code}_{key}")
    assert entity_id is not None
    return entity_id


async def _wait_for(hass: HomeAssistant, entity_id: str, state: str) -> None:
    for _ in range(100):
        current = hass.states.get(entity_id)
        if current is not None and current.state == state:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{entity_id} stayed {hass.states.get(entity_id)}")


async def test_state_and_last_will_reach_entities(
    hass: HomeAssistant, mqtt_community: MockConfigEntry, device: Device
) -> None:
    code, prefix = _device(mqtt_community, "smoke_detector")
    smoke = _entity(hass, "binary_sensor", code, "smoke")
    await hass.async_add_executor_job(
        device.publish, f"{prefix}/{code}/state", {"alarm": True, "battery": 80}, True
    )
    await _wait_for(hass, smoke, STATE_ON)
    battery = hass.states.get(_entity(hass, "sensor", code, "battery"))
    assert battery.state == "80"
    await hass.async_add_executor_job(
        device.publish, f"{prefix}/{code}/availability", "offline", True
    )
    await _wait_for(hass, smoke, STATE_UNAVAILABLE)
    await hass.async_add_executor_job(
        device.publish, f"{prefix}/{code}/availability", "online", True
    )
    await _wait_for(hass, smoke, STATE_ON)


async def test_malformed_messages_are_refused_and_ha_keeps_going(
    hass: HomeAssistant,
    mqtt_community: MockConfigEntry,
    device: Device,
    caplog: pytest.LogCaptureFixture,
) -> None:
    code, prefix = _device(mqtt_community, "electricity_meter")
    energy = _entity(hass, "sensor", code, "energy")
    await hass.async_add_executor_job(device.publish, f"{prefix}/{code}/event", '{"type": "rea')
    await hass.async_add_executor_job(
        device.publish,
        f"{prefix}/{code}/event",
        {"type": "reading", "reading": "lots", "unit": "kWh"},
    )
    await hass.async_add_executor_job(
        device.publish,
        f"{prefix}/{code}/event",
        {"type": "reading", "reading": 1234.5, "unit": "kWh"},
    )
    await _wait_for(hass, energy, "1234.5")
    assert caplog.text.count("refused") >= 2


async def test_barrier_open_sends_a_command_and_waits_for_the_ack(
    hass: HomeAssistant, mqtt_community: MockConfigEntry, device: Device
) -> None:
    code, prefix = _device(mqtt_community, "access_terminal")
    lock = _entity(hass, "lock", code, "lock")
    await hass.services.async_call("lock", "open", {"entity_id": lock}, blocking=True)
    topic, body = device.commands.get(timeout=5)
    assert topic == f"{prefix}/{code}/command"
    assert body["command"] == "unlock"
    device.answer = False
    with pytest.raises(HomeAssistantError, match="jammed"):
        await hass.services.async_call("lock", "unlock", {"entity_id": lock}, blocking=True)


async def test_a_silent_device_times_out(
    hass: HomeAssistant,
    mqtt_community: MockConfigEntry,
    device: Device,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mqtt_transport, "COMMAND_ACK_TIMEOUT", 0.5)
    code, _ = _device(mqtt_community, "access_terminal")
    device.answer = None
    with pytest.raises(HomeAssistantError, match="no command_result"):
        await hass.services.async_call(
            "lock", "unlock", {"entity_id": _entity(hass, "lock", code, "lock")}, blocking=True
        )


# Every MQTT device kind of the demo: a device message, the entity it must reach.
KIND_CASES = [
    (
        "face_capture_camera",
        "face_camera",
        "event",
        {"type": "face_capture", "face_image": "_JPEG_"},
        "event",
        "face",
        "captured",
    ),
    (
        "access_verified",
        "access_terminal",
        "event",
        {"type": "verified", "method": "face", "person_id": "P-1"},
        "event",
        "access",
        "verified",
    ),
    (
        "terminal_door",
        "access_terminal",
        "state",
        {"door": "open", "locked": False},
        "binary_sensor",
        "door",
        "on",
    ),
    (
        "barrier_state",
        "barrier",
        "state",
        {"barrier": "open", "vehicle_present": False},
        "cover",
        "barrier",
        "open",
    ),
    (
        "detector",
        "vehicle_detector",
        "state",
        {"vehicle_present": True},
        "binary_sensor",
        "vehicle_present",
        "on",
    ),
    (
        "plate_read",
        "plate_camera",
        "event",
        {"type": "plate_read", "plate": "皖A12345", "plate_color": "蓝"},
        "event",
        "plate",
        "plate_read",
    ),
    (
        "smoke",
        "smoke_detector",
        "event",
        {"type": "alarm", "alarm": "smoke", "level": 4},
        "binary_sensor",
        "smoke",
        "on",
    ),
    (
        "manhole",
        "manhole_sensor",
        "event",
        {"type": "alarm", "alarm": "tilt", "value": 23.5},
        "binary_sensor",
        "cover_displaced",
        "on",
    ),
    (
        "perimeter",
        "perimeter_sensor",
        "event",
        {"type": "alarm", "alarm": "intrusion", "zone": "3"},
        "binary_sensor",
        "intrusion",
        "on",
    ),
    (
        "falling",
        "falling_object_camera",
        "event",
        {"type": "alarm", "alarm": "falling_object", "image": "_JPEG_"},
        "event",
        "alarm",
        "alarm",
    ),
    (
        "patrol",
        "patrol_checkpoint",
        "event",
        {"type": "check_in", "guard_id": "G-07", "guard_name": "王五"},
        "event",
        "patrol",
        "checked_in",
    ),
    (
        "water",
        "water_meter",
        "event",
        {"type": "reading", "reading": 12.5, "unit": "m3"},
        "sensor",
        "water",
        "12.5",
    ),
    ("gas", "gas_meter", "state", {"reading": 3.25, "unit": "m3"}, "sensor", "gas", "3.25"),
]


@pytest.mark.parametrize(
    ("kind", "channel", "payload", "domain", "key", "expected"),
    [case[1:] for case in KIND_CASES],
    ids=[case[0] for case in KIND_CASES],
)
async def test_each_device_kind_end_to_end(
    hass: HomeAssistant,
    mqtt_community: MockConfigEntry,
    device: Device,
    kind: str,
    channel: str,
    payload: dict[str, Any],
    domain: str,
    key: str,
    expected: str,
) -> None:
    import base64
    import io

    from PIL import Image

    jpeg = io.BytesIO()
    Image.new("RGB", (32, 32), (120, 90, 60)).save(jpeg, "JPEG")
    body = {
        name: base64.b64encode(jpeg.getvalue()).decode() if value == "_JPEG_" else value
        for name, value in payload.items()
    }
    code, prefix = _device(mqtt_community, kind)
    entity_id = _entity(hass, domain, code, key)
    await hass.async_add_executor_job(device.publish, f"{prefix}/{code}/{channel}", body)
    for _ in range(100):
        state = hass.states.get(entity_id)
        value = state.attributes.get("event_type") if domain == "event" else state.state
        if value == expected:
            break
        await asyncio.sleep(0.05)
    assert value == expected


@pytest.mark.parametrize(
    ("service", "command"),
    [("open_cover", "open"), ("close_cover", "close"), ("stop_cover", "stop")],
)
async def test_barrier_commands_reach_the_wire(
    hass: HomeAssistant, mqtt_community: MockConfigEntry, device: Device, service: str, command: str
) -> None:
    code, prefix = _device(mqtt_community, "barrier")
    cover = _entity(hass, "cover", code, "barrier")
    await hass.services.async_call("cover", service, {"entity_id": cover}, blocking=True)
    topic, body = device.commands.get(timeout=5)
    assert topic == f"{prefix}/{code}/command"
    assert body["command"] == command


async def test_plate_kit_display_and_voice(
    hass: HomeAssistant, mqtt_community: MockConfigEntry, device: Device
) -> None:
    code, prefix = _device(mqtt_community, "plate_camera")
    for key in ("display", "voice"):
        await hass.services.async_call(
            "notify",
            "send_message",
            {"entity_id": _entity(hass, "notify", code, key), "message": "欢迎 皖A12345 余位 12"},
            blocking=True,
        )
        topic, body = device.commands.get(timeout=5)
        assert topic == f"{prefix}/{code}/command"
        assert body["command"] == key
        assert body["text"] == "欢迎 皖A12345 余位 12"
