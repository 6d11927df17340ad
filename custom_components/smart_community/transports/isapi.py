"""Hikvision ISAPI push transport ("HTTP listening" / alarm server) on HA's web server.

A device posts to ``/api/smart_community/isapi/<target>``: ``target`` is a community code
(the alert names its sender by ``deviceID`` or by the device's IP address) or a device's
register address or code (the URL itself names the sender). Every push is authenticated
with HTTP digest (Hikvision's alarm-server settings take a user and password): the user is
the device's 20-digit code with its own password (derived from the community's secret), and
the push must come from the IP address the register gives the device; the options' shared
user stands for a platform pushing for every ISAPI device. A device's alerts are accepted
only for itself. A source that keeps failing is refused for a while and logged once. Alerts
are decoded off the event loop by ``core/protocols/isapi.py``.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from aiohttp import web
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.util.hass_dict import HassKey

from ..const import DOMAIN
from ..core.devices import Transport
from ..core.digest import DigestAuth
from ..core.events import DeviceEvent
from ..core.protocols.errors import DecodeError, LimitExceeded
from ..core.protocols.isapi import decode_isapi
from ..core.protocols.limits import DEFAULT_LIMITS
from ..core.site import RegisteredDevice
from ..core.throttle import FailureThrottle
from .base import Community, EventOrigin, PushCredentials, PushReceiver

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
        self.credentials = PushCredentials.of_transport(community, Transport.ISAPI)
        self.auth = DigestAuth("smart_community", self.credentials.password_for)
        self.throttle = FailureThrottle()
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

    def _may_push(self, user: str, device: RegisteredDevice, peer: str) -> bool:
        """The authenticated user sends for this device, from the device's own address."""
        if self.credentials.is_shared(user):
            return True
        if user != device.code:
            return False
        return device.row.ipv4 is None or str(device.row.ipv4) == peer

    def _refused(self, peer: str, status: int, reason: str) -> web.Response:
        self.community.note_rejected()
        if self.throttle.failed(peer, now=time.monotonic()).log:
            _LOGGER.warning("ISAPI push from %s refused (%s): %s", peer, status, reason)
        return web.Response(status=status, text=reason)

    async def async_handle(
        self, request: web.Request, sender: RegisteredDevice | None
    ) -> web.Response:
        """One push to this community (``sender`` when the URL names the device)."""
        peer = request.remote or ""
        if self.throttle.blocked(peer, now=time.monotonic()):
            self.community.note_rejected()
            return web.Response(status=429, text="too many failed attempts: try again later")
        authorization = request.headers.get("Authorization")
        result = self.auth.verify(request.method, authorization, uri=request.path_qs)
        if not result.ok:
            challenge = web.Response(
                status=401,
                text="digest authentication required",
                headers={"WWW-Authenticate": self.auth.challenge(stale=result.stale)},
            )
            if authorization and not result.stale:
                self._refused(peer, 401, result.reason)
            return challenge
        user = result.username or ""
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
            _LOGGER.warning("ISAPI push from %s refused: %s", peer, err.reason)
            status = 413 if isinstance(err, LimitExceeded) else 400
            return web.Response(status=status, text=f"bad request: {err.reason}")
        origin = EventOrigin(Transport.ISAPI, peer)
        accepted = forbidden = 0
        for decoded in events:
            device_id = sender.code if sender else self.sender_of(decoded, peer)
            device = self.community.resolve(device_id)
            if device is not None and not self._may_push(user, device, peer):
                forbidden += 1
                continue
            if self.community.async_process_event(replace(decoded, device_id=device_id), origin):
                accepted += 1
        if forbidden and not accepted:
            return self._refused(peer, 403, f"{user[:40]} may not push for these devices")
        if events and not accepted:
            return web.Response(status=403, text="device not in the community register")
        self.throttle.succeeded(peer)
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
