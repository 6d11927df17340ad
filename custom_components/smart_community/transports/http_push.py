"""HTTP push receivers on HA's web server: GA/T 1400 view library and Hikvision ISAPI.

Devices cannot send HA access tokens, so these views do not use HA's auth: GA/T 1400 senders
register with HTTP digest (when the community has push credentials) and must then name a
registered device in ``User-Identify``; ISAPI senders post to their community's URL and only
devices of that community's register are accepted. Everything else is refused with the
protocol's own status and a log line that says why.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from aiohttp import web
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView

from ..const import CONF_PUSH_PASSWORD, CONF_PUSH_USERNAME, DOMAIN
from ..core.digest import DigestAuth
from ..core.events import DeviceEvent
from ..core.gat1400.server import Gat1400Server
from ..core.protocols.errors import DecodeError
from ..core.protocols.isapi import decode_isapi
from ..docking import DATA_DOCKING, DockingRuntime
from ..hub import CommunityHub

_LOGGER = logging.getLogger(__name__)
DATA_HUBS = f"{DOMAIN}_push_hubs"
ISAPI_PATH = "/api/smart_community/isapi/{target}"
SUBSCRIBES_PATH = "/VIID/Subscribes"


def _hubs(hass: HomeAssistant) -> dict[str, CommunityHub]:
    hubs: dict[str, CommunityHub] = hass.data.setdefault(DATA_HUBS, {})
    return hubs


class Gat1400View(HomeAssistantView):
    """``/VIID/...``: the GA/T 1400 view-library endpoints devices push to."""

    url = "/VIID/{tail:.*}"
    name = "api:smart_community:viid"
    requires_auth = False

    async def _handle(self, request: web.Request) -> web.Response:
        hass = request.app[KEY_HASS]
        if request.path.rstrip("/").startswith(SUBSCRIBES_PATH):
            return await _subscribes(hass, request)
        hub = self._hub_for(hass, request)
        if hub is None:
            _LOGGER.warning(
                "GA/T 1400 %s from %s refused: no community has device %r",
                request.path,
                request.remote,
                request.headers.get("User-Identify"),
            )
            return web.json_response(
                {
                    "ResponseStatusObject": {
                        "RequestURL": request.path,
                        "StatusCode": 4,
                        "StatusString": "unknown device",
                    }
                },
                status=403,
                content_type="application/VIID+JSON",
            )
        body = await request.read()
        server: Gat1400Server = hub.gat1400_server
        answer = await hass.async_add_executor_job(
            server.handle, request.method, request.path, dict(request.headers), body
        )
        for error in answer.errors:
            _LOGGER.warning("GA/T 1400 %s from %s: %s", request.path, request.remote, error)
        if answer.status >= 400 and answer.status != 401:
            _LOGGER.warning(
                "GA/T 1400 %s from %s refused (%s): %s",
                request.path,
                request.remote,
                answer.status,
                answer.body.get("ResponseStatusObject", {}).get("StatusString"),
            )
        for event in answer.events:
            hub.async_process_event(event)
        return web.json_response(
            answer.body,
            status=answer.status,
            headers=answer.headers,
            content_type="application/VIID+JSON",
        )

    @staticmethod
    def _hub_for(hass: HomeAssistant, request: web.Request) -> CommunityHub | None:
        hubs = list(_hubs(hass).values())
        sender = request.headers.get("User-Identify", "").strip()
        if sender:
            return next((hub for hub in hubs if hub.resolve(sender) is not None), None)
        # Devices that omit User-Identify are accepted when only one community listens.
        return hubs[0] if len(hubs) == 1 else None

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


def _viid_refusal(path: str, status: int, reason: str) -> web.Response:
    return web.json_response(
        {"ResponseStatusObject": {"RequestURL": path, "StatusCode": 4, "StatusString": reason}},
        status=status,
        content_type="application/VIID+JSON",
    )


async def _upstream_addresses(hass: HomeAssistant, host: str) -> set[str]:
    try:
        infos = await hass.loop.getaddrinfo(host, None)
    except OSError:
        return set()
    return {str(info[4][0]) for info in infos}


async def _subscribes(hass: HomeAssistant, request: web.Request) -> web.Response:
    """``/VIID/Subscribes``: subscriptions the police view library places with us.

    Only the docking's own upstream may subscribe: a subscription makes HA push faces and
    plates to the address it names, so it is accepted only from the view library's host.
    """
    runtimes: dict[str, DockingRuntime] = hass.data.get(DATA_DOCKING, {})
    remote = request.remote or ""
    candidates = [
        runtime
        for runtime in runtimes.values()
        if remote in await _upstream_addresses(hass, runtime.upstream_host)
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
        return _viid_refusal(request.path, 403, "not the docking view library")
    runtime = candidates[0]
    body = await request.read()
    reply = await hass.async_add_executor_job(
        runtime.service.subscriptions.handle,
        request.method,
        request.path,
        body,
        dict(request.query),
    )
    if reply.status >= 400:
        _LOGGER.warning(
            "GA/T 1400 %s %s from %s refused (%s)",
            request.method,
            request.path,
            remote,
            reply.status,
        )
    return web.json_response(reply.body, status=reply.status, content_type="application/VIID+JSON")


class IsapiView(HomeAssistantView):
    """Hikvision "HTTP listening" target.

    ``target`` is a community code (the sender is named by the alert's deviceID or IP
    address) or a device's register address / code (the URL itself names the sender).
    """

    url = ISAPI_PATH
    name = "api:smart_community:isapi"
    requires_auth = False

    async def post(self, request: web.Request, target: str) -> web.Response:
        """An alarm-server push: multipart (document + pictures) or a bare JSON / XML alert."""
        hass = request.app[KEY_HASS]
        hubs = _hubs(hass)
        hub = hubs.get(target)
        sender: str | None = None
        if hub is None:
            for candidate in hubs.values():
                device = candidate.resolve(target)
                if device is not None:
                    hub, sender = candidate, device.code
                    break
        if hub is None:
            _LOGGER.warning("ISAPI push from %s to unknown target %s", request.remote, target)
            return web.Response(status=404, text="unknown community or device")
        body = await request.read()
        try:
            events = await hass.async_add_executor_job(
                decode_isapi, body, request.headers.get("Content-Type")
            )
        except DecodeError as err:
            _LOGGER.warning("ISAPI push from %s refused: %s", request.remote, err)
            return web.Response(status=400, text=f"bad request: {err}")
        accepted = 0
        for decoded in events:
            event = replace(decoded, device_id=sender) if sender else decoded
            if hub.async_process_event(_with_sender(event, request.remote)):
                accepted += 1
        if events and not accepted:
            return web.Response(status=403, text="device not in the community register")
        return web.Response(status=200, text="OK")


def _with_sender(event: DeviceEvent, remote: str | None) -> DeviceEvent:
    """An alert without any device id is attributed to the sending IP address."""
    if event.device_id or not remote:
        return event
    return replace(event, device_id=remote)


@callback
def async_register_push_views(hass: HomeAssistant) -> None:
    """Register the views once per HA run."""
    hass.http.register_view(Gat1400View())
    hass.http.register_view(IsapiView())


async def async_start_http_push(hass: HomeAssistant, hub: CommunityHub) -> None:
    """Make the community reachable by the push views while its entry is loaded."""
    options = hub.entry.options
    username = str(options.get(CONF_PUSH_USERNAME) or "")
    password = str(options.get(CONF_PUSH_PASSWORD) or "")
    auth = DigestAuth("smart_community", {username: password}) if username and password else None
    hub.gat1400_server = Gat1400Server(
        server_id=hub.community_code, auth=auth, require_registration=auth is not None
    )
    hubs = _hubs(hass)
    hubs[hub.community_code] = hub

    @callback
    def _stop() -> None:
        if hubs.get(hub.community_code) is hub:
            del hubs[hub.community_code]

    hub.entry.async_on_unload(_stop)
