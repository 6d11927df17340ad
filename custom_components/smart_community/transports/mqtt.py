"""MQTT transport through HA's MQTT integration (topics documented in core/protocols/MQTT.md)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from homeassistant.components import mqtt
from homeassistant.core import HomeAssistant, callback

from ..const import CONF_MQTT_PREFIX, DEFAULT_MQTT_PREFIX
from ..core.devices import Transport
from ..core.events import DeviceEvent, EventKind
from ..core.protocols.errors import DecodeError, EncodeError
from ..core.protocols.mqtt_commands import build_command, encode_command
from ..core.protocols.mqtt_schema import decode_mqtt
from ..hub import CommunityHub, RegisteredDevice, command_failed
from ..issues import IssueFamily, async_clear_issue, async_raise_issue

_LOGGER = logging.getLogger(__name__)

# Pictures make payloads large; decoding those (base64 + checks) goes to the executor.
_INLINE_PAYLOAD_BYTES = 64 * 1024
COMMAND_ACK_TIMEOUT = 5.0


def device_prefix(hub: CommunityHub, device: RegisteredDevice) -> str:
    """The topic prefix of a device: its register address, else PREFIX/COMMUNITY_CODE."""
    address = device.address.strip().strip("/")
    if address.endswith(f"/{device.code}"):
        address = address[: -len(device.code) - 1]
    if address:
        return address
    prefix = str(hub.entry.options.get(CONF_MQTT_PREFIX, DEFAULT_MQTT_PREFIX)).strip("/")
    return f"{prefix}/{hub.community_code}"


class MqttTransport:
    """Subscribes to the community's device topics; publishes commands and awaits the ack."""

    def __init__(self, hass: HomeAssistant, hub: CommunityHub) -> None:
        """Bound to one community."""
        self.hass = hass
        self.hub = hub
        self._pending: dict[str, asyncio.Future[DeviceEvent]] = {}
        self.decode_errors = 0

    async def async_start(self) -> None:
        """One wildcard subscription per distinct prefix."""
        prefixes = {
            device_prefix(self.hub, device)
            for device in self.hub.devices.values()
            if device.transport is Transport.MQTT
        }
        for prefix in sorted(prefixes):
            unsubscribe = await mqtt.async_subscribe(
                self.hass, f"{prefix}/+/+", self._message_received, qos=1, encoding=None
            )
            self.hub.entry.async_on_unload(unsubscribe)

    @callback
    def _message_received(self, msg: mqtt.ReceiveMessage) -> None:
        payload = msg.payload if isinstance(msg.payload, bytes) else str(msg.payload).encode()
        if msg.topic.endswith("/command"):
            return  # our own commands echo back on the wildcard
        if len(payload) > _INLINE_PAYLOAD_BYTES:
            self.hub.entry.async_create_background_task(
                self.hass,
                self._decode_in_executor(msg.topic, payload),
                "smart_community mqtt decode",
            )
            return
        self._deliver(msg.topic, payload)

    async def _decode_in_executor(self, topic: str, payload: bytes) -> None:
        try:
            event = await self.hass.async_add_executor_job(decode_mqtt, topic, payload)
        except DecodeError as err:
            self._reject(topic, err)
            return
        self._apply(event)

    @callback
    def _deliver(self, topic: str, payload: bytes) -> None:
        try:
            event = decode_mqtt(topic, payload)
        except DecodeError as err:
            self._reject(topic, err)
            return
        self._apply(event)

    @callback
    def _reject(self, topic: str, err: DecodeError) -> None:
        self.decode_errors += 1
        self.hub.events_rejected += 1
        _LOGGER.warning("MQTT message on %s refused: %s", topic, err)

    @callback
    def _apply(self, event: DeviceEvent) -> None:
        if event.kind is EventKind.OTHER and event.event_type == "command_result":
            future = self._pending.get(str(event.attributes.get("command_id")))
            if future is not None and not future.done():
                future.set_result(event)
        self.hub.async_process_event(event)

    async def async_send_command(
        self, device: RegisteredDevice, command: str, params: dict[str, Any]
    ) -> None:
        """Publish the command (QoS 1) and wait for the device's command_result."""
        try:
            built = build_command(device.kind, command, **params)
        except EncodeError as err:
            raise command_failed(device, command, str(err)) from err
        topic, payload = encode_command(device_prefix(self.hub, device), device.code, built)
        future: asyncio.Future[DeviceEvent] = self.hass.loop.create_future()
        self._pending[built.id] = future
        try:
            await mqtt.async_publish(self.hass, topic, payload, qos=1, retain=False)
            async with asyncio.timeout(COMMAND_ACK_TIMEOUT):
                result = await future
        except TimeoutError as err:
            raise command_failed(
                device, command, f"no command_result within {COMMAND_ACK_TIMEOUT:.0f} s"
            ) from err
        finally:
            self._pending.pop(built.id, None)
        if not result.attributes.get("ok", False):
            raise command_failed(device, command, str(result.attributes.get("reason") or "refused"))


async def async_start_mqtt(hass: HomeAssistant, hub: CommunityHub) -> None:
    """Start MQTT if any device uses it; a repair issue when HA's MQTT is not set up."""
    if not any(device.transport is Transport.MQTT for device in hub.devices.values()):
        # The last MQTT device left the register: HA's MQTT is no longer needed.
        async_clear_issue(hass, IssueFamily.MQTT_MISSING, hub.entry_id)
        return
    if not await mqtt.async_wait_for_mqtt_client(hass):
        async_raise_issue(
            hass, IssueFamily.MQTT_MISSING, hub.entry_id, {"community": hub.community_name}
        )
        return
    async_clear_issue(hass, IssueFamily.MQTT_MISSING, hub.entry_id)
    transport = MqttTransport(hass, hub)
    await transport.async_start()
    hub.transports[Transport.MQTT] = transport
