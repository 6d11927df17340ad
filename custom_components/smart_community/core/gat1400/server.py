"""GA/T 1400 server endpoints as a pure function of the request (no HTTP framework here).

The HA view passes method, path, headers and body to :meth:`Gat1400Server.handle` and
returns the :class:`Gat1400Response` it gets (status, headers, JSON body); the events go to
the dispatcher. Register uses digest authentication when a :class:`DigestAuth` is given;
with ``require_registration`` the data endpoints accept only senders whose ``User-Identify``
header names a registered device.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..digest import DigestAuth
from ..events import DeviceEvent
from ..protocols.documents import load_json
from ..protocols.errors import DecodeError
from ..protocols.images import DEFAULT_MAX_IMAGE_BYTES
from ..protocols.timeparse import LOCAL_ZONE, now_local
from .bodies import BodyKind, DecodedBody, decode_body
from .codes import StatusCode
from .envelope import ResponseStatus, local_time, status_list, status_object

ACCEPTED_CONTENT_TYPES = ("application/viid+json", "application/json")
DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024  # HA refuses larger requests anyway

ROUTES: dict[str, BodyKind] = {
    "/viid/system/register": BodyKind.REGISTER,
    "/viid/system/keepalive": BodyKind.KEEPALIVE,
    "/viid/system/unregister": BodyKind.UNREGISTER,
    "/viid/faces": BodyKind.FACES,
    "/viid/motorvehicles": BodyKind.VEHICLES,
    "/viid/persons": BodyKind.PERSONS,
    "/viid/nonmotorvehicles": BodyKind.NON_MOTOR_VEHICLES,
    "/viid/subscribenotifications": BodyKind.NOTIFICATIONS,
}
_TIME_PATH = "/viid/system/time"
_OK_TEXT = {
    BodyKind.REGISTER: "register ok",
    BodyKind.KEEPALIVE: "keepalive ok",
    BodyKind.UNREGISTER: "unregister ok",
}


@dataclass(frozen=True, slots=True)
class Gat1400Response:
    """What to answer, and what was decoded."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    events: tuple[DeviceEvent, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        """Answers are VIID JSON."""
        return "application/VIID+JSON;charset=UTF-8"


class Gat1400Server:
    """Stateful only in the registrations it remembers."""

    def __init__(
        self,
        *,
        server_id: str = "",
        auth: DigestAuth | None = None,
        require_registration: bool = False,
        max_image_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        clock: Callable[[], datetime] = now_local,
    ) -> None:
        self.server_id = server_id
        self.auth = auth
        self.require_registration = require_registration
        self.max_image_bytes = max_image_bytes
        self.max_body_bytes = max_body_bytes
        self._clock = clock
        self.registered: dict[str, datetime] = {}

    # -- helpers --------------------------------------------------------------------------

    def _status(
        self, http: int, url: str, code: StatusCode, text: str, oid: str = "", **extra: Any
    ) -> Gat1400Response:
        status = ResponseStatus(oid, url, code, text, self._clock())
        return Gat1400Response(status=http, body=status_object(status), **extra)

    def _challenge(self, url: str, reason: str, *, stale: bool = False) -> Gat1400Response:
        assert self.auth is not None
        return self._status(
            401,
            url,
            StatusCode.INVALID_OPERATION,
            f"unauthorised: {reason}",
            headers={"WWW-Authenticate": self.auth.challenge(stale=stale)},
        )

    # -- entry point ----------------------------------------------------------------------

    def handle(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes
    ) -> Gat1400Response:
        """Answer one request."""
        url = path.split("?", 1)[0]
        route = url.rstrip("/").lower()
        lower_headers = {key.lower(): value for key, value in headers.items()}
        if route == _TIME_PATH and method.upper() == "GET":
            return self._time()
        kind = ROUTES.get(route)
        if kind is None:
            return self._status(404, url, StatusCode.INVALID_OPERATION, f"no endpoint {url}")
        if method.upper() != "POST":
            return self._status(
                405, url, StatusCode.INVALID_OPERATION, f"{method} is not allowed on {url}"
            )
        if len(body) > self.max_body_bytes:
            return self._status(
                413,
                url,
                StatusCode.INVALID_OPERATION,
                f"body of {len(body)} bytes exceeds {self.max_body_bytes}",
            )
        content_type = lower_headers.get("content-type", "")
        media = content_type.split(";", 1)[0].strip().lower()
        if media not in ACCEPTED_CONTENT_TYPES and (media or body.lstrip()[:1] not in (b"{", b"[")):
            return self._status(
                415,
                url,
                StatusCode.INVALID_OPERATION,
                f"unsupported Content-Type {content_type or 'none'!r}; send application/VIID+JSON",
            )
        if kind is BodyKind.REGISTER and self.auth is not None:
            result = self.auth.verify(method, lower_headers.get("authorization"))
            if not result.ok:
                return self._challenge(url, result.reason, stale=result.stale)
        elif (
            self.require_registration
            and kind is not BodyKind.REGISTER
            and lower_headers.get("user-identify", "") not in self.registered
        ):
            if self.auth is not None:
                return self._challenge(url, "device is not registered")
            return self._status(401, url, StatusCode.INVALID_OPERATION, "device is not registered")
        try:
            document = load_json(body)
        except DecodeError as err:
            return self._status(400, url, StatusCode.INVALID_JSON_FORMAT, err.reason)
        try:
            decoded = decode_body(
                document, max_image_bytes=self.max_image_bytes, expected=kind, now=self._clock()
            )
        except DecodeError as err:
            return self._status(400, url, StatusCode.INVALID_JSON_CONTENT, str(err))
        return self._answer(url, decoded)

    def _answer(self, url: str, decoded: DecodedBody) -> Gat1400Response:
        kind = decoded.kind
        if kind in _OK_TEXT:
            if kind is BodyKind.UNREGISTER:
                self.registered.pop(decoded.device_id, None)
            else:
                self.registered[decoded.device_id] = self._clock()
            return self._status(
                200,
                url,
                StatusCode.OK,
                _OK_TEXT[kind],
                decoded.device_id,
                events=tuple(decoded.events),
            )
        now = self._clock()
        statuses = [
            ResponseStatus(
                outcome.id,
                url,
                StatusCode.INVALID_JSON_CONTENT if outcome.error else StatusCode.OK,
                str(outcome.error) if outcome.error else "OK",
                now,
            )
            for outcome in decoded.outcomes
        ]
        return Gat1400Response(
            status=200,
            body=status_list(statuses),
            events=tuple(decoded.events),
            errors=tuple(decoded.errors),
        )

    def _time(self) -> Gat1400Response:
        return Gat1400Response(
            status=200,
            body={
                "SystemTimeObject": {
                    "VIIDServerID": self.server_id,
                    "TimeMode": "1",
                    "LocalTime": local_time(self._clock()),
                    "TimeZone": str(LOCAL_ZONE),
                }
            },
        )
