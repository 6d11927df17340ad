"""Hikvision ISAPI push transport ("HTTP listening" / alarm server) on HA's web server.

A device posts to ``/api/smart_community/isapi/<target>``: ``target`` is a community code
(the alert names its sender by ``deviceID`` or by the device's IP address) or a device's
register address or code (the URL itself names the sender). Alerts are decoded off the
event loop by ``core/protocols/isapi.py``.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from aiohttp import web
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.util.hass_dict import HassKey

from ..const import DOMAIN
from ..core.devices import Transport
from ..core.events import DeviceEvent
from ..core.protocols.errors import DecodeError, LimitExceeded
from ..core.protocols.isapi import decode_isapi
from ..core.protocols.limits import DEFAULT_LIMITS
from ..core.site import RegisteredDevice
from .base import Community, EventOrigin, PushReceiver

_LOGGER = logging.getLogger(__name__)
ISAPI_PATH = "/api/smart_community/isapi/{target}"
ACCEPTED_TYPES = frozenset({"application/json", "application/xml", "text/xml", ""})


class IsapiTransport(PushReceiver):
    """The community's ISAPI receiver (receive only)."""

    kind = Transport.ISAPI
    index_key = HassKey(f"{DOMAIN}_isapi")

    def __init__(self, community: Community) -> None:
        """ISAPI alerts without a deviceID name the sender by its IP address."""
        super().__init__(community)
        self.by_ip: dict[str, RegisteredDevice] = {
            str(device.row.ipv4): device
            for device in community.site.using(Transport.ISAPI)
            if device.row.ipv4 is not None
        }

    def sender_of(self, event: DeviceEvent, remote: str | None) -> str:
        """The device an alert names: its deviceID, else its IP address (its own or the
        sender's), mapped to the register device with that address."""
        claimed = event.device_id or remote or ""
        device = self.by_ip.get(claimed)
        return device.code if device is not None else claimed

    async def async_handle(
        self, request: web.Request, sender: RegisteredDevice | None
    ) -> web.Response:
        """One push to this community (``sender`` when the URL names the device)."""
        content_type = request.headers.get("Content-Type", "")
        if content_type.split(";")[0].strip().lower() not in ACCEPTED_TYPES and not (
            content_type.lower().startswith("multipart/")
        ):
            return web.Response(status=415, text="multipart, JSON or XML alerts only")
        if (request.content_length or 0) > DEFAULT_LIMITS.max_body_bytes:
            return web.Response(status=413, text="request too large")
        body = await request.read()
        try:
            events = await self.hass.async_add_executor_job(decode_isapi, body, content_type)
        except DecodeError as err:
            self.community.note_rejected()
            _LOGGER.warning("ISAPI push from %s refused: %s", request.remote, err.reason)
            status = 413 if isinstance(err, LimitExceeded) else 400
            return web.Response(status=status, text=f"bad request: {err.reason}")
        origin = EventOrigin(Transport.ISAPI, request.remote)
        accepted = 0
        for decoded in events:
            device_id = sender.code if sender else self.sender_of(decoded, request.remote)
            if self.community.async_process_event(replace(decoded, device_id=device_id), origin):
                accepted += 1
        if events and not accepted:
            return web.Response(status=403, text="device not in the community register")
        return web.Response(status=200, text="OK")


class IsapiView(HomeAssistantView):
    """Hikvision "HTTP listening" target."""

    url = ISAPI_PATH
    name = "api:smart_community:isapi"
    requires_auth = False

    async def post(self, request: web.Request, target: str) -> web.Response:
        """An alarm-server push: multipart (document + pictures) or a bare JSON / XML alert."""
        transports: dict[str, IsapiTransport] = request.app[KEY_HASS].data.get(
            IsapiTransport.index_key, {}
        )
        transport = transports.get(target)
        sender: RegisteredDevice | None = None
        if transport is None:
            for candidate in transports.values():
                if (device := candidate.community.resolve(target)) is not None:
                    transport, sender = candidate, device
                    break
        if transport is None:
            _LOGGER.warning("ISAPI push from %s to unknown target %s", request.remote, target[:40])
            return web.Response(status=404, text="unknown community or device")
        return await transport.async_handle(request, sender)
