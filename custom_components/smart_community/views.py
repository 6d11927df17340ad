"""Pictures and downloads of the console, only through Home Assistant's authentication.

The console never gets a file path and nothing is put under ``www/`` (served without a
login). The websocket commands answer with URLs signed by :func:`async_sign_path` for the
connection's own refresh token (valid :data:`SIGNED_FOR`); these views serve them:

* ``/api/smart_community/image/<entry>/<sha256>`` and ``.../thumb/<entry>/<sha256>``: a
  picture of the community's records store (and its thumbnail), looked up by its hash in that
  community's store only;
* ``.../photo/<entry>/<person key>/<photo id>``: an enrolled face crop;
* ``.../picture/<entry>/<token>``: a picture made for one answer (the face found in a photo
  searched by), kept in memory for the signed URL's lifetime;
* ``.../download/<token>``: an export written for one user, served once as an attachment and
  deleted;
* ``.../media/<entry>/<sha256>.<jpg|mp4>``: a picture or evidence clip of the records store for
  staff, and for a link the integration signed for a staff notification
  (``features/staff_alerts.py``: HA's signed path for its content user, valid a day, so that
  the guard's phone opens the clip in a browser).

Every view also checks that the user of the token may see that community's pictures: a
signed URL leaked to another HA user is of no use to a user without the permission.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from http import HTTPStatus
from pathlib import Path
from urllib.parse import quote

from aiohttp import web
from homeassistant.auth.models import User
from homeassistant.components.http.auth import SIGN_QUERY_PARAM, STORAGE_KEY, async_sign_path
from homeassistant.components.http.const import KEY_HASS_REFRESH_TOKEN_ID, KEY_HASS_USER
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.http import KEY_HASS, HomeAssistantView
from homeassistant.util.hass_dict import HassKey

from .const import DOMAIN
from .features.records import MEDIA_PREFIX, is_media_path
from .permissions import Permission, user_may
from .runtime import CommunityRuntime

_LOGGER = logging.getLogger(__name__)

SIGNED_FOR = timedelta(minutes=30)  # the live feed loads a picture once; 30 min is plenty
DOWNLOAD_FOR = 600.0  # seconds a download waits to be fetched
PICTURE_FOR = SIGNED_FOR.total_seconds()
MAX_PICTURES = 64  # transient pictures kept at once
BASE = "/api/smart_community"
SHA256 = re.compile(r"[0-9a-f]{64}")
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
DATA_VIEWS: HassKey[ConsoleFiles] = HassKey(f"{DOMAIN}_console_files")
CACHE_HEADERS = {"Cache-Control": "private, max-age=86400, immutable"}


@dataclass(slots=True)
class Download:
    """A file written for one user, served once."""

    path: Path
    filename: str
    user_id: str
    expires: float


@dataclass(slots=True)
class Picture:
    """A picture made for one answer."""

    entry_id: str
    data: bytes
    expires: float


class ConsoleFiles:
    """The downloads waiting to be fetched and the transient pictures of this HA run."""

    def __init__(self) -> None:
        """Empty."""
        self.downloads: dict[str, Download] = {}
        self.pictures: dict[str, Picture] = {}

    def add_download(self, path: Path, filename: str, user_id: str) -> str:
        """Register a written file; its token."""
        self._expire()
        token = secrets.token_urlsafe(24)
        self.downloads[token] = Download(path, filename, user_id, time.monotonic() + DOWNLOAD_FOR)
        return token

    def take_download(self, token: str) -> Download | None:
        """The download of a token, removed (served once)."""
        self._expire()
        return self.downloads.pop(token, None)

    def add_picture(self, entry_id: str, data: bytes) -> str:
        """Keep a picture for the signed URL's lifetime; its token."""
        self._expire()
        while len(self.pictures) >= MAX_PICTURES:
            del self.pictures[next(iter(self.pictures))]
        token = secrets.token_urlsafe(24)
        self.pictures[token] = Picture(entry_id, data, time.monotonic() + PICTURE_FOR)
        return token

    def _expire(self) -> None:
        now = time.monotonic()
        for token in [t for t, d in self.downloads.items() if d.expires < now]:
            self.downloads.pop(token).path.unlink(missing_ok=True)
        for token in [t for t, p in self.pictures.items() if p.expires < now]:
            del self.pictures[token]


def console_files(hass: HomeAssistant) -> ConsoleFiles:
    """This HA run's downloads and transient pictures."""
    if (files := hass.data.get(DATA_VIEWS)) is None:
        files = hass.data[DATA_VIEWS] = ConsoleFiles()
    return files


# --- signed URLs (built in the websocket handlers) ------------------------------------------


def sign(hass: HomeAssistant, path: str, refresh_token_id: str) -> str:
    """``path`` signed for the connection's refresh token."""
    return async_sign_path(hass, path, SIGNED_FOR, refresh_token_id=refresh_token_id)


def image_paths(entry_id: str, sha256: str) -> tuple[str, str]:
    """The full picture's and the thumbnail's path of a stored picture."""
    return f"{BASE}/image/{entry_id}/{sha256}", f"{BASE}/thumb/{entry_id}/{sha256}"


def photo_path(entry_id: str, person_key: str, photo_id: str) -> str:
    """An enrolled face crop's path."""
    return f"{BASE}/photo/{entry_id}/{person_key}/{photo_id}"


def picture_path(entry_id: str, token: str) -> str:
    """A transient picture's path."""
    return f"{BASE}/picture/{entry_id}/{token}"


def download_path(token: str, filename: str) -> str:
    """A download's path (the filename only makes the link readable)."""
    return f"{BASE}/download/{token}/{quote(filename)}"


# --- the views ------------------------------------------------------------------------------


def _runtime(hass: HomeAssistant, entry_id: str) -> CommunityRuntime | None:
    entry = hass.config_entries.async_get_entry(entry_id)
    if entry is None or entry.domain != DOMAIN or entry.state is not ConfigEntryState.LOADED:
        return None
    runtime: CommunityRuntime = entry.runtime_data
    return runtime


def _allowed(request: web.Request, entry_id: str, permission: Permission) -> bool:
    user: User | None = request.get(KEY_HASS_USER)
    hass: HomeAssistant = request.app[KEY_HASS]
    return user is not None and user_may(hass, user, permission, entry_id)


def _notification_link(request: web.Request) -> bool:
    """A link this integration signed for a notification (HA checked signature and expiry)."""
    hass: HomeAssistant = request.app[KEY_HASS]
    return SIGN_QUERY_PARAM in request.query and request.get(
        KEY_HASS_REFRESH_TOKEN_ID
    ) == hass.data.get(STORAGE_KEY)


def _file(path: Path | None, content_type: str = "image/jpeg") -> web.StreamResponse:
    if path is None:
        return web.Response(status=HTTPStatus.NOT_FOUND)
    return web.FileResponse(path, headers={**CACHE_HEADERS, "Content-Type": content_type})


class _PictureView(HomeAssistantView):
    requires_auth = True
    thumbnail = False

    async def get(self, request: web.Request, entry_id: str, sha256: str) -> web.StreamResponse:
        """A picture of the community's records (by hash), for users who see the live feed."""
        hass: HomeAssistant = request.app[KEY_HASS]
        runtime = _runtime(hass, entry_id)
        if runtime is None or not SHA256.fullmatch(sha256):
            return web.Response(status=HTTPStatus.NOT_FOUND)
        if not _allowed(request, entry_id, Permission.LIVE):
            return web.Response(status=HTTPStatus.FORBIDDEN)
        path = await hass.async_add_executor_job(
            lambda: runtime.records.image_file(sha256, thumbnail=self.thumbnail)
        )
        if path is None:
            return web.Response(status=HTTPStatus.NOT_FOUND)
        return _file(path, "image/jpeg" if self.thumbnail else _content_type(path))


class RecordImageView(_PictureView):
    """A stored picture."""

    url = BASE + "/image/{entry_id}/{sha256}"
    name = "api:smart_community:image"


class RecordThumbnailView(_PictureView):
    """A stored picture's thumbnail (made on first use, kept beside it)."""

    url = BASE + "/thumb/{entry_id}/{sha256}"
    name = "api:smart_community:thumb"
    thumbnail = True


class PhotoView(HomeAssistantView):
    """An enrolled face crop, for users who manage people."""

    url = BASE + "/photo/{entry_id}/{person_key}/{photo_id}"
    name = "api:smart_community:photo"
    requires_auth = True

    async def get(
        self, request: web.Request, entry_id: str, person_key: str, photo_id: str
    ) -> web.StreamResponse:
        """The crop, or 404."""
        hass: HomeAssistant = request.app[KEY_HASS]
        runtime = _runtime(hass, entry_id)
        if runtime is None or runtime.recognition is None:
            return web.Response(status=HTTPStatus.NOT_FOUND)
        if not _allowed(request, entry_id, Permission.PEOPLE):
            return web.Response(status=HTTPStatus.FORBIDDEN)
        photos = runtime.recognition.photos
        path = await hass.async_add_executor_job(photos.path_by_key, person_key, photo_id)
        return _file(path)


class TransientPictureView(HomeAssistantView):
    """A picture made for one answer (kept in memory for the signed URL's lifetime)."""

    url = BASE + "/picture/{entry_id}/{token}"
    name = "api:smart_community:picture"
    requires_auth = True

    async def get(self, request: web.Request, entry_id: str, token: str) -> web.Response:
        """The picture, or 404."""
        hass: HomeAssistant = request.app[KEY_HASS]
        picture = console_files(hass).pictures.get(token)
        if picture is None or picture.entry_id != entry_id or picture.expires < time.monotonic():
            return web.Response(status=HTTPStatus.NOT_FOUND)
        if not _allowed(request, entry_id, Permission.RECORDS):
            return web.Response(status=HTTPStatus.FORBIDDEN)
        return web.Response(body=picture.data, content_type="image/jpeg", headers=CACHE_HEADERS)


class MediaView(HomeAssistantView):
    """A stored picture or clip, by its hash, for staff and notification links."""

    url = MEDIA_PREFIX + "{entry_id}/{name}"
    name = "api:smart_community:media"
    requires_auth = True

    async def get(self, request: web.Request, entry_id: str, name: str) -> web.StreamResponse:
        """The file, 404 when the community does not keep it, 403 for other users."""
        hass: HomeAssistant = request.app[KEY_HASS]
        runtime = _runtime(hass, entry_id)
        if runtime is None or not is_media_path(request.path):
            return web.Response(status=HTTPStatus.NOT_FOUND)
        if not (_allowed(request, entry_id, Permission.LIVE) or _notification_link(request)):
            return web.Response(status=HTTPStatus.FORBIDDEN)
        found = await hass.async_add_executor_job(runtime.records.media_file, name)
        if found is None:
            return web.Response(status=HTTPStatus.NOT_FOUND)
        path, content_type = found
        return _file(path, content_type)  # FileResponse answers Range: phones seek in the clip


class DownloadView(HomeAssistantView):
    """An export, once, to the user it was made for."""

    url = BASE + "/download/{token}/{filename}"
    name = "api:smart_community:download"
    requires_auth = True

    async def get(self, request: web.Request, token: str, filename: str) -> web.StreamResponse:
        """The file as an attachment; deleted once sent."""
        hass: HomeAssistant = request.app[KEY_HASS]
        user: User | None = request.get(KEY_HASS_USER)
        files = console_files(hass)
        pending = files.downloads.get(token) if TOKEN.fullmatch(token) else None
        if pending is None or user is None or pending.user_id != user.id:
            return web.Response(status=HTTPStatus.NOT_FOUND)
        download = files.take_download(token)
        if download is None or not download.path.is_file():
            return web.Response(status=HTTPStatus.NOT_FOUND)
        data = await hass.async_add_executor_job(_read_and_delete, download.path)
        return web.Response(
            body=data,
            headers={
                "Content-Type": _content_type(download.path),
                "Content-Disposition": (f"attachment; filename*=UTF-8''{quote(download.filename)}"),
                "Cache-Control": "no-store",
            },
        )


def _read_and_delete(path: Path) -> bytes:
    try:
        return path.read_bytes()
    finally:
        path.unlink(missing_ok=True)


_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".bmp": "image/bmp",
    ".webp": "image/webp",
    ".csv": "text/csv; charset=utf-8",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _content_type(path: Path) -> str:
    return _TYPES.get(path.suffix.casefold(), "application/octet-stream")


@callback
def async_register_console_views(hass: HomeAssistant) -> None:
    """The picture, media and download views (once per HA run)."""
    for view in (
        RecordImageView(),
        RecordThumbnailView(),
        PhotoView(),
        TransientPictureView(),
        DownloadView(),
        MediaView(),
    ):
        hass.http.register_view(view)
