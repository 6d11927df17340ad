"""MQTT transport through HA's MQTT integration (topics documented in core/protocols/MQTT.md).

A device publishes on ``<prefix>/<code>/{event,state,availability}``: its messages are
accepted only on the prefix the register gives it (its 接入地址, else the community's),
which is also what a site's broker ACL grants it (README, "Security model").

Voice terminals (声纹开门) also publish requests on ``<prefix>/<code>/voice/request``; the hub
answers on ``<prefix>/<code>/voice/reply`` (``core/protocols/MQTT.md``, "Voice terminals"). Only
a device the register connects by MQTT, on its own prefix, is answered; the request is decoded
and decided in core (``core/recognition/voice/terminal.py``) through recognition's handler.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from homeassistant.components import mqtt
from homeassistant.core import callback

from ..const import CONF_MQTT_PREFIX, DEFAULT_MQTT_PREFIX
from ..core.devices import Transport
from ..core.events import DeviceEvent, EventKind
from ..core.protocols.errors import DecodeError, EncodeError
from ..core.protocols.mqtt_commands import build_command, encode_command
from ..core.protocols.mqtt_schema import decode_mqtt
from ..core.recognition.voice.terminal import request_id
from ..core.site import RegisteredDevice
from ..issues import IssueFamily, async_clear_issue, async_raise_issue
from .base import Community, EventOrigin, command_failed, no_commands

_LOGGER = logging.getLogger(__name__)

# Pictures make payloads large; decoding those (base64 + checks) goes to the executor.
_INLINE_PAYLOAD_BYTES = 64 * 1024
COMMAND_ACK_TIMEOUT = 5.0
VOICE_REQUEST = "voice/request"
VOICE_REPLY = "voice/reply"
MAX_VOICE_IN_FLIGHT = 4  # per community; more at once are dropped (each is ~0.3 s of CPU)


def device_prefix(community: Community, device: RegisteredDevice) -> str:
    """The topic prefix of a device: its register address, else PREFIX/COMMUNITY_CODE."""
    address = device.address.strip().strip("/")
    if address.endswith(f"/{device.code}"):
        address = address[: -len(device.code) - 1]
    if address:
        return address
    prefix = str(community.entry.options.get(CONF_MQTT_PREFIX, DEFAULT_MQTT_PREFIX)).strip("/")
    return f"{prefix}/{community.community_code}"


class MqttTransport:
    """Subscribes to the community's device topics; publishes commands and awaits the ack."""

    kind = Transport.MQTT

    def __init__(self, community: Community) -> None:
        """Bound to one community."""
        self.community = community
        self.hass = community.hass
        self.active = False
        self._pending: dict[str, asyncio.Future[DeviceEvent]] = {}
        self._unsubscribes: list[Callable[[], None]] = []
        self.decode_errors = 0
        self.voice_in_flight = 0

    async def async_start(self) -> None:
        """One wildcard subscription per distinct prefix; a repair issue without HA's MQTT."""
        community = self.community
        devices = community.site.using(Transport.MQTT)
        if not devices:
            # The last MQTT device left the register: HA's MQTT is no longer needed.
            async_clear_issue(self.hass, IssueFamily.MQTT_MISSING, community.entry.entry_id)
            return
        if not await mqtt.async_wait_for_mqtt_client(self.hass):
            async_raise_issue(
                self.hass,
                IssueFamily.MQTT_MISSING,
                community.entry.entry_id,
                {"community": community.community_name},
            )
            return
        async_clear_issue(self.hass, IssueFamily.MQTT_MISSING, community.entry.entry_id)
        for prefix in sorted({device_prefix(community, device) for device in devices}):
            self._unsubscribes.append(
                await mqtt.async_subscribe(
                    self.hass, f"{prefix}/+/+", self._message_received, qos=1, encoding=None
                )
            )
            self._unsubscribes.append(
                await mqtt.async_subscribe(
                    self.hass,
                    f"{prefix}/+/{VOICE_REQUEST}",
                    self._voice_request,
                    qos=1,
                    encoding=None,
                )
            )
        self.active = True

    async def async_stop(self) -> None:
        """Unsubscribe; commands still waiting for their ack fail."""
        for unsubscribe in self._unsubscribes:
            unsubscribe()
        self._unsubscribes.clear()
        for future in self._pending.values():
            future.cancel()
        self.active = False

    @callback
    def _message_received(self, msg: mqtt.ReceiveMessage) -> None:
        payload = msg.payload if isinstance(msg.payload, bytes) else str(msg.payload).encode()
        if msg.topic.endswith("/command"):
            return  # our own commands echo back on the wildcard
        if len(payload) > _INLINE_PAYLOAD_BYTES:
            self.community.entry.async_create_background_task(
                self.hass,
                self._decode_in_executor(msg.topic, payload),
                "smart_community mqtt decode",
            )
            return
        try:
            event = decode_mqtt(msg.topic, payload)
        except DecodeError as err:
            self._reject(msg.topic, err)
            return
        self._apply(msg.topic, event)

    async def _decode_in_executor(self, topic: str, payload: bytes) -> None:
        try:
            event = await self.hass.async_add_executor_job(decode_mqtt, topic, payload)
        except DecodeError as err:
            self._reject(topic, err)
            return
        self._apply(topic, event)

    @callback
    def _reject(self, topic: str, err: DecodeError) -> None:
        self.decode_errors += 1
        self.community.note_rejected()
        _LOGGER.warning("MQTT message on %s refused: %s", topic[:120], err)

    @callback
    def _apply(self, topic: str, event: DeviceEvent) -> None:
        device = self.community.resolve(event.device_id)
        if device is not None and not topic.startswith(
            f"{device_prefix(self.community, device)}/{device.code}/"
        ):
            # The device's messages are only accepted on its own prefix (the broker's ACL).
            self.community.note_rejected()
            _LOGGER.warning("MQTT message on %s refused: not %s's topic", topic[:120], device.name)
            return
        if event.kind is EventKind.OTHER and event.event_type == "command_result":
            future = self._pending.get(str(event.attributes.get("command_id")))
            if future is not None and not future.done():
                future.set_result(event)
        self.community.async_process_event(event, EventOrigin(Transport.MQTT, topic))

    @callback
    def _voice_request(self, msg: mqtt.ReceiveMessage) -> None:
        """A voice terminal asks: answered in the background on its reply topic."""
        payload = msg.payload if isinstance(msg.payload, bytes) else str(msg.payload).encode()
        base = msg.topic[: -len(VOICE_REQUEST) - 1]
        code = base.rsplit("/", 1)[-1]
        device = self.community.resolve(code)
        if (
            device is None
            or device.transport is not Transport.MQTT
            or base != f"{device_prefix(self.community, device)}/{device.code}"
        ):
            # not a device of the register on its own MQTT prefix: nobody is answered
            self.community.note_rejected()
            _LOGGER.warning(
                "Voice request on %s refused: not a registered MQTT terminal", msg.topic[:120]
            )
            return
        if self.voice_in_flight >= MAX_VOICE_IN_FLIGHT:
            self.community.note_rejected()
            _LOGGER.warning(
                "Voice request of %s dropped: %d already in progress",
                device.name,
                self.voice_in_flight,
            )
            return
        self.voice_in_flight += 1
        self.community.entry.async_create_background_task(
            self.hass, self._answer_voice(device, base, payload), "smart_community voice request"
        )

    async def _answer_voice(self, device: RegisteredDevice, base: str, payload: bytes) -> None:
        try:
            handler = self.community.voice_handler
            reply: dict[str, Any] | None
            try:
                reply = None if handler is None else await handler(device, payload)
                failure = "voice recognition is not running" if handler is None else None
            except Exception:  # the terminal must hear something: a user waits at the door
                _LOGGER.exception("Voice request of %s failed", device.name)
                reply, failure = None, "voice recognition failed: try again or use a card"
            if failure is not None:
                answer_to = await self.hass.async_add_executor_job(request_id, payload)
                if answer_to is not None:
                    reply = {"id": answer_to, "type": "error", "reason": failure}
            if reply is None:
                _LOGGER.warning("Voice request of %s refused: not a request", device.name)
                return
            await mqtt.async_publish(
                self.hass,
                f"{base}/{VOICE_REPLY}",
                json.dumps(reply, ensure_ascii=False),
                qos=1,
                retain=False,
            )
        finally:
            self.voice_in_flight -= 1

    async def async_send_command(
        self, device: RegisteredDevice, command: str, params: Mapping[str, Any]
    ) -> None:
        """Publish the command (QoS 1) and wait for the device's command_result."""
        if not self.active:
            raise no_commands(device)  # HA's MQTT is not set up (a repair issue says so)
        try:
            built = build_command(device.kind, command, **params)
        except EncodeError as err:
            raise command_failed(device, command, str(err)) from err
        topic, payload = encode_command(device_prefix(self.community, device), device.code, built)
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
