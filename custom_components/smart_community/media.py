"""Evidence pictures and clips of the records store, only through Home Assistant's auth.

``/api/smart_community/media/<entry id>/<sha256>.<jpg|mp4>`` serves a file the community's
records store keeps (looked up by its hash in that community's store only). It answers a
guard or manager (a logged-in HA user, or the companion app, which authenticates its own
requests for relative URLs), and a link the integration signed for a staff notification
(``features/staff_alerts.py``: HA's signed paths for its content user, valid for a day, so
that the guard's phone can open the clip in a browser). Nothing is ever put under ``www/``.
"""

from __future__ import annotations

from http import HTTPStatus

from aiohttp import web
from homeassistant.auth.models import User
from homeassistant.components.http.auth import SIGN_QUERY_PARAM, STORAGE_KEY
from homeassistant.components.http.const import KEY_HASS_REFRESH_TOKEN_ID, KEY_HASS_USER
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView

from .const import DOMAIN
from .features.records import MEDIA_PREFIX, is_media_path
from .permissions import Permission, user_may
from .runtime import CommunityRuntime


def _runtime(hass: HomeAssistant, entry_id: str) -> CommunityRuntime | None:
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN or entry.state is not ConfigEntryState.LOADED:
        return None
    runtime: CommunityRuntime = entry.runtime_data
    return runtime


def _allowed(request: web.Request) -> bool:
    hass: HomeAssistant = request.app[KEY_HASS]
    user: User | None = request.get(KEY_HASS_USER)
    if user is not None and user_may(hass, user, Permission.LIVE, None):
        return True
    # A link this integration signed (HA checked the signature and its expiry already).
    return SIGN_QUERY_PARAM in request.query and request.get(
        KEY_HASS_REFRESH_TOKEN_ID
    ) == hass.data.get(STORAGE_KEY)


class MediaView(HomeAssistantView):
    """A stored picture or clip, by its hash, for staff."""

    url = MEDIA_PREFIX + "{entry_id}/{name}"
    name = "api:smart_community:media"
    requires_auth = True

    async def get(self, request: web.Request, entry_id: str, name: str) -> web.StreamResponse:
        """The file, 404 when the community does not keep it, 403 for other users."""
        hass: HomeAssistant = request.app[KEY_HASS]
        runtime = _runtime(hass, entry_id)
        if runtime is None or not is_media_path(request.path):
            return web.Response(status=HTTPStatus.NOT_FOUND)
        if not _allowed(request):
            return web.Response(status=HTTPStatus.FORBIDDEN)
        found = await hass.async_add_executor_job(runtime.records.media_file, name)
        if found is None:
            return web.Response(status=HTTPStatus.NOT_FOUND)
        path, content_type = found
        # FileResponse answers Range requests: phones seek in the clip.
        return web.FileResponse(
            path,
            headers={
                "Content-Type": content_type,
                "Cache-Control": "private, max-age=86400, immutable",
            },
        )


@callback
def async_register_media_view(hass: HomeAssistant) -> None:
    """Once per HA run."""
    hass.http.register_view(MediaView())
