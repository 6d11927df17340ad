"""GA/T 1400 server endpoints as a pure function of the request (no HTTP framework here).

The HA view passes method, path, headers, body and the sender's address to
:meth:`Gat1400Server.handle` and returns the :class:`Gat1400Response` it gets (status,
headers, JSON body); the events go to the hub.

The standard's session rules, enforced on every request: a device registers with HTTP
digest (``/VIID/System/Register``, user = the device's code unless the sender policy knows a
gateway), which opens a session for its ``User-Identify`` bound to the address it came from;
keepalives extend the session, which expires after ``session_ttl`` without one (the device is
challenged and registers again); every other request needs a live session of its
``User-Identify`` from that same address, and each object may only name a device the sender
may report for. Nothing a device sends is trusted before that: a ``User-Identify`` header on
its own, an expired registration or an object naming another device is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from ..digest import DigestAuth
from ..events import DeviceEvent
from ..protocols.documents import load_json
from ..protocols.errors import DecodeError
from ..protocols.images import DEFAULT_MAX_IMAGE_BYTES
from ..protocols.timeparse import LOCAL_ZONE, now_local
from .bodies import BodyKind, DecodedBody, ObjectOutcome, decode_body
from .codes import StatusCode
from .envelope import ResponseStatus, local_time, status_list, status_object

ACCEPTED_CONTENT_TYPES = ("application/viid+json", "application/json")
DEFAULT_SESSION_TTL = timedelta(minutes=3)  # three missed keepalives of the usual 60 s
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


class SenderPolicy(Protocol):
    """Which digest user may register which device, and which devices a sender reports for."""

    def may_register(self, username: str, device_id: str) -> bool:
        """``username`` (the digest user) may open a session as ``device_id``."""

    def may_report(self, sender: str, device_id: str) -> bool:
        """Objects naming ``device_id`` may come from the session of ``sender``."""


@dataclass(frozen=True, slots=True)
class OwnDevicesOnly:
    """Each device of ``known`` registers as itself and reports only for itself."""

    known: Collection[str]

    def may_register(self, username: str, device_id: str) -> bool:
        """The digest user is the device."""
        return username == device_id and device_id in self.known

    def may_report(self, sender: str, device_id: str) -> bool:
        """Its own objects only."""
        return sender == device_id


@dataclass(slots=True)
class Session:
    """A registered device: where it registered from and until when it counts."""

    peer: str | None
    expires: datetime


class Gat1400Server:
    """Stateful only in the sessions it keeps."""

    def __init__(
        self,
        *,
        auth: DigestAuth,
        senders: SenderPolicy,
        server_id: str = "",
        session_ttl: timedelta = DEFAULT_SESSION_TTL,
        max_image_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        clock: Callable[[], datetime] = now_local,
    ) -> None:
        """``auth`` checks Register; ``senders`` says who is who."""
        self.server_id = server_id
        self.auth = auth
        self.senders = senders
        self.session_ttl = session_ttl
        self.max_image_bytes = max_image_bytes
        self.max_body_bytes = max_body_bytes
        self._clock = clock
        self.sessions: dict[str, Session] = {}

    def session_of(self, sender: str, peer: str | None) -> Session | None:
        """The live session of ``sender`` from ``peer`` (expired ones are forgotten)."""
        session = self.sessions.get(sender)
        if session is None:
            return None
        if session.expires <= self._clock():
            del self.sessions[sender]
            return None
        return session if session.peer == peer else None

    # -- helpers --------------------------------------------------------------------------

    def _status(
        self, http: int, url: str, code: StatusCode, text: str, oid: str = "", **extra: Any
    ) -> Gat1400Response:
        status = ResponseStatus(oid, url, code, text, self._clock())
        return Gat1400Response(status=http, body=status_object(status), **extra)

    def _challenge(self, url: str, reason: str, *, stale: bool = False) -> Gat1400Response:
        return self._status(
            401,
            url,
            StatusCode.INVALID_OPERATION,
            f"unauthorised: {reason}",
            headers={"WWW-Authenticate": self.auth.challenge(stale=stale)},
        )

    # -- entry point ----------------------------------------------------------------------

    def handle(
        self,
        method: str,
        path: str,
        headers: Mapping[str, str],
        body: bytes,
        *,
        peer: str | None = None,
    ) -> Gat1400Response:
        """Answer one request from ``peer`` (the sender's address)."""
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
        username = ""
        sender = lower_headers.get("user-identify", "").strip()
        if kind is BodyKind.REGISTER:
            result = self.auth.verify(method, lower_headers.get("authorization"), uri=path)
            if not result.ok:
                return self._challenge(url, result.reason, stale=result.stale)
            username = result.username or ""
        elif self.session_of(sender, peer) is None:
            # No session, an expired one, or one opened from another address: register first.
            return self._challenge(url, "register first")
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
        if kind is BodyKind.REGISTER:
            if not self.senders.may_register(username, decoded.device_id):
                return self._status(
                    403,
                    url,
                    StatusCode.INVALID_OPERATION,
                    f"{username[:40]} may not register as {decoded.device_id[:40]}",
                )
            self.sessions[decoded.device_id] = Session(peer, self._clock() + self.session_ttl)
        elif kind in _OK_TEXT and decoded.device_id != sender:
            return self._status(
                403, url, StatusCode.INVALID_OPERATION, "the body names another device"
            )
        elif kind not in _OK_TEXT:
            decoded, refused = self._only_own_objects(decoded, sender)
            if refused and refused == len(decoded.outcomes):
                answer = self._answer(url, decoded)
                return replace(answer, status=403)
        return self._answer(url, decoded)

    def _only_own_objects(self, decoded: DecodedBody, sender: str) -> tuple[DecodedBody, int]:
        """Objects naming a device the sender may not report for are refused one by one."""
        outcomes = []
        refused = 0
        for outcome in decoded.outcomes:
            events = tuple(
                event if event.device_id else replace(event, device_id=sender)
                for event in outcome.events
            )
            foreign = sorted(
                {e.device_id for e in events if not self.senders.may_report(sender, e.device_id)}
            )
            if foreign:
                error = DecodeError(f"{sender} may not report for {', '.join(foreign)[:80]}")
                outcomes.append(ObjectOutcome(id=outcome.id, error=error))
                refused += 1
            else:
                outcomes.append(replace(outcome, events=events))
        return replace(decoded, outcomes=tuple(outcomes)), refused

    def _answer(self, url: str, decoded: DecodedBody) -> Gat1400Response:
        kind = decoded.kind
        if kind in _OK_TEXT:
            if kind is BodyKind.UNREGISTER:
                self.sessions.pop(decoded.device_id, None)
            elif kind is BodyKind.KEEPALIVE:
                self.sessions[decoded.device_id].expires = self._clock() + self.session_ttl
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
