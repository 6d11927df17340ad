"""GA/T 1400 push transport: ``/VIID/...`` on HA's web server, for cameras and lower platforms.

Devices cannot send HA access tokens, so the view does not use HA's auth. Each device
registers with HTTP digest as itself (user = its 20-digit code, its own password derived
from the community's secret; a gateway registers as itself and reports for the register's
GA/T 1400 devices; the options' shared user stands for a lower platform), the session is
bound to the address it registered from and expires without keepalives, and every object
must name a device the sender may report for (:mod:`..core.gat1400.server`). A source that
keeps failing is refused for a while and logged once. ``/VIID/Subscribes`` is the police view
library placing subscriptions: the docking feature answers it through
:meth:`Gat1400Transport.set_subscriptions`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from aiohttp import web
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.util.hass_dict import HassKey

from ..const import DOMAIN
from ..core.devices import DeviceKind, Transport
from ..core.digest import DigestAuth
from ..core.gat1400.server import Gat1400Server
from ..core.throttle import FailureThrottle
from .base import Community, EventOrigin, PushCredentials, PushReceiver

_LOGGER = logging.getLogger(__name__)
SUBSCRIBES_PATH = "/VIID/Subscribes"
CONTENT_TYPE = "application/VIID+JSON"


@dataclass(frozen=True, slots=True)
class SubscriptionReply:
    """What the docking's subscription registry answers."""

    status: int
    body: dict[str, Any]


class SubscriptionHandler(Protocol):
    """The docking feature's side of ``/VIID/Subscribes``."""

    @property
    def upstream_host(self) -> str:
        """The police view library's host: the only one allowed to subscribe."""

    def handle_subscription(
        self, method: str, path: str, body: bytes, query: Mapping[str, str]
    ) -> SubscriptionReply:
        """Answer one request (blocking: runs in the executor)."""


class RegisterSenders:
    """The register's answer to "who may register as whom, and report for which device"."""

    def __init__(self, credentials: PushCredentials) -> None:
        """Platforms (sessions opened with the shared user) are remembered by device id."""
        self.credentials = credentials
        self.platforms: set[str] = set()

    def may_register(self, username: str, device_id: str) -> bool:
        """A device or gateway registers as itself; the shared user as any platform id."""
        if self.credentials.is_shared(username):
            self.platforms.add(device_id)
            return True
        self.platforms.discard(device_id)
        return username == device_id and self.credentials.device(device_id) is not None

    def may_report(self, sender: str, device_id: str) -> bool:
        """Its own objects; a gateway's or platform's for the register's GA/T 1400 devices."""
        device = self.credentials.device(device_id)
        if device is None or device.transport is not Transport.GAT1400:
            return False
        if sender == device_id or sender in self.platforms:
            return True
        gateway = self.credentials.device(sender)
        return gateway is not None and gateway.kind is DeviceKind.GATEWAY


class Gat1400Transport(PushReceiver):
    """The community's GA/T 1400 receiver."""

    kind = Transport.GAT1400
    index_key = HassKey(f"{DOMAIN}_gat1400")

    def __init__(self, community: Community) -> None:
        """Digest credentials for Register come from the options."""
        super().__init__(community)
        credentials = PushCredentials.of_transport(community, Transport.GAT1400)
        self.server = Gat1400Server(
            server_id=community.community_code,
            auth=DigestAuth("smart_community", credentials.password_for),
            senders=RegisterSenders(credentials),
        )
        self.throttle = FailureThrottle()
        self.subscriptions: SubscriptionHandler | None = None

    @callback
    def set_subscriptions(self, handler: SubscriptionHandler | None) -> None:
        """The docking feature answers /VIID/Subscribes for this community (None: it stopped)."""
        self.subscriptions = handler

    async def async_handle(self, request: web.Request) -> web.Response:
        """One request of a device of this community."""
        peer = request.remote or ""
        if self.throttle.blocked(peer, now=time.monotonic()):
            self.community.note_rejected()
            return viid_refusal(request.path, 429, "too many failed attempts: try again later")
        body = await request.read()
        answer = await self.hass.async_add_executor_job(
            lambda: self.server.handle(
                request.method, request.path_qs, dict(request.headers), body, peer=peer
            )
        )
        for error in answer.errors[:5]:
            _LOGGER.warning("GA/T 1400 %s from %s: %s", request.path, peer, error[:200])
        # Password attempts that failed and senders naming devices not theirs count against
        # the source; a device whose session expired is simply challenged (it registers again).
        has_authorization = "authorization" in {key.lower() for key in request.headers}
        refused = (answer.status == 401 and has_authorization) or answer.status == 403
        if refused:
            # A wrong password, a forged or expired session, another device's objects.
            self.community.note_rejected()
            failure = self.throttle.failed(peer, now=time.monotonic())
            if failure.log:
                _LOGGER.warning(
                    "GA/T 1400 %s from %s refused (%s): %s",
                    request.path,
                    peer,
                    answer.status,
                    str(answer.body.get("ResponseStatusObject", {}).get("StatusString"))[:120],
                )
        elif answer.status >= 400 and answer.status != 401:
            _LOGGER.warning("GA/T 1400 %s from %s refused (%s)", request.path, peer, answer.status)
        elif answer.status == 200:
            self.throttle.succeeded(peer)
        origin = EventOrigin(Transport.GAT1400, peer)
        for event in answer.events:
            self.community.async_process_event(event, origin)
        return web.json_response(
            answer.body, status=answer.status, headers=answer.headers, content_type=CONTENT_TYPE
        )


def viid_refusal(path: str, status: int, reason: str) -> web.Response:
    """A ResponseStatusObject refusal."""
    return web.json_response(
        {"ResponseStatusObject": {"RequestURL": path, "StatusCode": 4, "StatusString": reason}},
        status=status,
        content_type=CONTENT_TYPE,
    )


async def _addresses(hass: HomeAssistant, host: str) -> set[str]:
    try:
        infos = await hass.loop.getaddrinfo(host, None)
    except OSError:
        return set()
    return {str(info[4][0]) for info in infos}


class Gat1400View(HomeAssistantView):
    """``/VIID/...``: the GA/T 1400 view-library endpoints devices push to."""

    url = "/VIID/{tail:.*}"
    name = "api:smart_community:viid"
    requires_auth = False

    async def _handle(self, request: web.Request) -> web.Response:
        hass = request.app[KEY_HASS]
        transports: list[Gat1400Transport] = list(
            hass.data.get(Gat1400Transport.index_key, {}).values()
        )
        if request.path.rstrip("/").startswith(SUBSCRIBES_PATH):
            return await _subscribes(hass, transports, request)
        transport = _transport_for(transports, request)
        if transport is None:
            _LOGGER.warning(
                "GA/T 1400 %s from %s refused: no community has device %r",
                request.path,
                request.remote,
                request.headers.get("User-Identify", "")[:40],
            )
            return viid_refusal(request.path, 403, "unknown device")
        return await transport.async_handle(request)

    async def get(self, request: web.Request, tail: str) -> web.Response:
        """``/VIID/System/Time``."""
        return await self._handle(request)

    async def post(self, request: web.Request, tail: str) -> web.Response:
        """Register, Keepalive, Faces, MotorVehicles, SubscribeNotifications, Subscribes."""
        return await self._handle(request)

    async def put(self, request: web.Request, tail: str) -> web.Response:
        """``/VIID/Subscribes/<id>``: the view library changes a subscription."""
        return await self._handle(request)

    async def delete(self, request: web.Request, tail: str) -> web.Response:
        """``/VIID/Subscribes?IDList=…``: the view library cancels subscriptions."""
        return await self._handle(request)


def _transport_for(
    transports: list[Gat1400Transport], request: web.Request
) -> Gat1400Transport | None:
    sender = request.headers.get("User-Identify", "").strip()
    if sender:
        return next((t for t in transports if t.community.resolve(sender) is not None), None)
    # Devices that omit User-Identify are accepted when only one community listens.
    return transports[0] if len(transports) == 1 else None


async def _subscribes(
    hass: HomeAssistant, transports: list[Gat1400Transport], request: web.Request
) -> web.Response:
    """``/VIID/Subscribes``: subscriptions the police view library places with us.

    Only the docking's own upstream may subscribe: a subscription makes HA push faces and
    plates to the address it names, so it is accepted only from the view library's host.
    """
    remote = request.remote or ""
    candidates = [
        handler
        for transport in transports
        if (handler := transport.subscriptions) is not None
        and remote in await _addresses(hass, handler.upstream_host)
    ]
    if len(candidates) != 1:
        _LOGGER.warning(
            "GA/T 1400 %s %s from %s refused: %s",
            request.method,
            request.path,
            remote,
            "not the view library of a docking community"
            if not candidates
            else "several communities dock to this view library",
        )
        return viid_refusal(request.path, 403, "not the docking view library")
    body = await request.read()
    reply = await hass.async_add_executor_job(
        candidates[0].handle_subscription, request.method, request.path, body, dict(request.query)
    )
    if reply.status >= 400:
        _LOGGER.warning(
            "GA/T 1400 %s %s from %s refused (%s)",
            request.method,
            request.path,
            remote,
            reply.status,
        )
    return web.json_response(reply.body, status=reply.status, content_type=CONTENT_TYPE)
