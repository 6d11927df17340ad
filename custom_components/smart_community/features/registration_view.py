"""人证核验 receiver: the population-collection terminal posts a registration to HA.

``POST /api/smart_community/registration/<target>`` where ``<target>`` is the collection
terminal's device code or register address (or the community code when the register has one
collection terminal): a JSON body with the ID card's chip data, the chip photo and a live
photo (``core/terminals/idcheck.py``). Like the other device receivers it does not use HA's
own auth (a terminal holds no HA token) and checks, in order: the sender is a collection
terminal of a loaded community (404), its credentials (:func:`authenticate`: HTTP Digest
with the terminal's own user, its 20-digit code with the password ``device_credentials``
gives, from the address the register gives it; or the community's shared push user; 401 with
a challenge, 403 from another address), the media type (415) and the size (413), then hands
the body to the terminals feature, which parses and verifies it off the event loop. The
answer is JSON: ``{"accepted": true,
"registration_id": ...}`` or ``{"accepted": false, "reason": ...}``.
"""

from __future__ import annotations

import logging

from aiohttp import web
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView

from ..core.protocols.limits import DEFAULT_LIMITS
from ..core.site import RegisteredDevice
from .terminals import REGISTRATION_INDEX, TerminalsFeature

_LOGGER = logging.getLogger(__name__)
REGISTRATION_PATH = "/api/smart_community/registration/{target}"
ACCEPTED_TYPES = frozenset({"application/json", ""})


def authenticate(
    request: web.Request, feature: TerminalsFeature, device: RegisteredDevice
) -> web.Response | None:
    """``None`` when the sender proved it is ``device`` (or the shared push user), else the
    answer: the same model as the devices' push receivers (README "Security model")."""
    auth = feature.registration_auth
    result = auth.verify(request.method, request.headers.get("Authorization"), uri=request.path_qs)
    if not result.ok:
        return web.Response(
            status=401,
            text="unauthorized",
            headers={"WWW-Authenticate": auth.challenge(stale=result.stale)},
        )
    user = result.username or ""
    if user != device.code and feature.site.get(user) is not None:
        return web.Response(status=403, text=f"{user[:40]} may not register for {device.code}")
    own_address = str(device.row.ipv4) if device.row.ipv4 is not None else None
    if user == device.code and own_address not in (None, request.remote):
        _LOGGER.warning("Registration as %s from %s refused", device.code, request.remote)
        return web.Response(status=403, text="not from the terminal's registered address")
    return None


def _find(hass: HomeAssistant, target: str) -> tuple[TerminalsFeature, RegisteredDevice] | None:
    for feature in hass.data.get(REGISTRATION_INDEX, {}).values():
        if (device := feature.collection_terminal(target)) is not None:
            return feature, device
    return None


class RegistrationView(HomeAssistantView):
    """Registrations of the population-collection terminals (人证核验)."""

    url = REGISTRATION_PATH
    name = "api:smart_community:registration"
    requires_auth = False

    async def post(self, request: web.Request, target: str) -> web.Response:
        """One registration: JSON with the card's data and both photos."""
        found = _find(request.app[KEY_HASS], target)
        if found is None:
            _LOGGER.warning(
                "Registration from %s to unknown target %s", request.remote, target[:40]
            )
            return web.Response(status=404, text="unknown collection terminal")
        feature, device = found
        if (denied := authenticate(request, feature, device)) is not None:
            return denied
        content_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in ACCEPTED_TYPES:
            return web.Response(status=415, text="JSON registrations only")
        if (request.content_length or 0) > DEFAULT_LIMITS.max_body_bytes:
            return web.Response(status=413, text="request too large")
        body = await request.read()
        status, answer = await feature.async_receive_registration(body, device)
        return web.json_response(answer, status=status)


@callback
def async_register_registration_view(hass: HomeAssistant) -> None:
    """The receiver on HA's web server (once per HA run)."""
    hass.http.register_view(RegistrationView())
