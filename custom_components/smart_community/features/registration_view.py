"""人证核验 receiver: the population-collection terminal posts a registration to HA.

``POST /api/smart_community/registration/<target>`` where ``<target>`` is the collection
terminal's device code or register address (or the community code when the register has one
collection terminal): a JSON body with the ID card's chip data, the chip photo and a live
photo (``core/terminals/idcheck.py``). Like the other device receivers it does not use HA's
own auth (a terminal holds no HA token) and checks, in order: the sender is a collection
terminal of a loaded community (404), its credentials (:func:`authenticate`: HTTP Digest with
the community's push user and password, 401 with a challenge; 403 when none are set), the
media type (415) and the size (413), then hands the body to the terminals feature, which
parses and verifies it off the event loop. The answer is JSON: ``{"accepted": true,
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


def authenticate(request: web.Request, feature: TerminalsFeature) -> web.Response | None:
    """``None`` when the sender proved the community's push credentials, else the answer.

    The one credential check of this receiver, kept apart so that the push receivers'
    common check can take its place.
    """
    auth = feature.push_auth
    if auth is None:
        return web.Response(
            status=403, text="set the push user and password in the community's options"
        )
    result = auth.verify(request.method, request.headers.get("Authorization"), uri=request.path_qs)
    if result.ok:
        return None
    return web.Response(
        status=401,
        text="unauthorized",
        headers={"WWW-Authenticate": auth.challenge(stale=result.stale)},
    )


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
        if (denied := authenticate(request, feature)) is not None:
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
