"""GA/T 1400 client towards the police view library (aiohttp).

Every request carries ``User-Identify`` (our 20-digit platform code). Registration is
``POST /VIID/System/Register``; the view library answers ``401`` with a Digest challenge
and the client repeats it with ``Authorization``. Later requests reuse the challenge with
an increasing ``nc``. A ``401`` on any other request means the view library no longer
knows our session (it restarted, or dropped us): :class:`SessionLost` tells the service
to register again before resending.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from ..digest import DigestError, DigestSession
from .viid import CONTENT_TYPE, ObjectStatus, parse_statuses, parse_viid_time


class DockingError(Exception):
    """The request did not get an acknowledgement (network, HTTP error, bad answer)."""


class SessionLost(DockingError):
    """The view library answered 401: register again."""


class AuthenticationFailed(DockingError):
    """Registration was refused even with credentials (wrong user or password)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientConfig:
    """Where and who we are."""

    base_url: str  # e.g. "http://10.1.2.3:8088"
    platform_id: str  # 20-digit code, sent as User-Identify and DeviceID
    username: str
    password: str
    timeout: float = 10.0


class ViidClient:
    """Register / keepalive / time / object push, over an aiohttp session it does not own."""

    def __init__(self, session: aiohttp.ClientSession, config: ClientConfig) -> None:
        self._session = session
        self.config = config
        self._digest = DigestSession(config.username, config.password)
        self._base = config.base_url.rstrip("/")

    # -- system --------------------------------------------------------------------

    async def register(self) -> None:
        """Register (digest handshake); raises :class:`AuthenticationFailed` if refused."""
        body = _json({"RegisterObject": {"DeviceID": self.config.platform_id}})
        path = "/VIID/System/Register"
        status, payload, challenge = await self._send("POST", self._base + path, body, path)
        if status == 401:
            if challenge is None:
                raise AuthenticationFailed("401 without a Digest challenge")
            try:
                self._digest.accept(challenge)
            except DigestError as err:
                raise AuthenticationFailed(str(err)) from err
            status, payload, _ = await self._send("POST", self._base + path, body, path)
            if status == 401:
                raise AuthenticationFailed("credentials refused")
        self._check_single(status, payload, "register")

    async def unregister(self) -> None:
        """Tell the view library we leave (best effort on shutdown)."""
        body = _json({"UnRegisterObject": {"DeviceID": self.config.platform_id}})
        path = "/VIID/System/UnRegister"
        status, payload, _ = await self._send("POST", self._base + path, body, path)
        self._check_single(status, payload, "unregister")

    async def keepalive(self) -> None:
        """One keepalive; a 401 raises :class:`SessionLost`."""
        body = _json({"KeepaliveObject": {"DeviceID": self.config.platform_id}})
        path = "/VIID/System/Keepalive"
        status, payload, _ = await self._send("POST", self._base + path, body, path)
        self._check_single(status, payload, "keepalive")

    async def system_time(self) -> datetime:
        """The view library's clock (``SystemTimeObject.LocalTime``)."""
        path = "/VIID/System/Time"
        status, payload, _ = await self._send("GET", self._base + path, None, path)
        if status == 401:
            raise SessionLost("time: 401")
        if status != 200 or not isinstance(payload, dict):
            raise DockingError(f"time: HTTP {status}")
        try:
            return parse_viid_time(str(payload["SystemTimeObject"]["LocalTime"]))
        except (KeyError, TypeError, ValueError) as err:
            raise DockingError(f"time: malformed SystemTimeObject ({err})") from err

    # -- objects ---------------------------------------------------------------------

    async def post_objects(self, path: str, body: bytes) -> list[ObjectStatus]:
        """POST a list envelope to one of our view library's resources."""
        status, payload, _ = await self._send("POST", self._base + path, body, path)
        return self._statuses(status, payload, path)

    async def post_to(self, url: str, body: bytes) -> list[ObjectStatus]:
        """POST to a subscriber's ``ReceiveAddr`` (any host); answers a Digest challenge once."""
        uri = _request_uri(url)
        status, payload, challenge = await self._send("POST", url, body, uri, authorize=False)
        if status == 401 and challenge is not None and not same_origin(url, self._base):
            # The docking's credentials are the police platform's: never to another host.
            raise DockingError(f"{url}: asks for credentials, which go only to the view library")
        if status == 401 and challenge is not None:
            session = DigestSession(self.config.username, self.config.password)
            try:
                session.accept(challenge)
            except DigestError as err:
                raise DockingError(f"{url}: {err}") from err
            header = session.authorize("POST", uri)
            status, payload, _ = await self._send(
                "POST", url, body, uri, authorize=False, extra={"Authorization": header or ""}
            )
        if status == 401:
            raise DockingError(f"{url}: 401")
        return self._statuses(status, payload, url)

    # -- internals -------------------------------------------------------------------

    def _statuses(self, status: int, payload: Any, what: str) -> list[ObjectStatus]:
        if status == 401:
            raise SessionLost(f"{what}: 401")
        if status >= 300:
            raise DockingError(f"{what}: HTTP {status}")
        try:
            return parse_statuses(payload)
        except ValueError as err:
            raise DockingError(f"{what}: {err}") from err

    def _check_single(self, status: int, payload: Any, what: str) -> None:
        if status == 401:
            raise SessionLost(f"{what}: 401")
        if status >= 300:
            raise DockingError(f"{what}: HTTP {status}")
        try:
            statuses = parse_statuses(payload)
        except ValueError as err:
            raise DockingError(f"{what}: {err}") from err
        bad = [s for s in statuses if s.code != 0]
        if bad:
            raise DockingError(f"{what}: StatusCode {bad[0].code} {bad[0].text}")

    async def _send(
        self,
        method: str,
        url: str,
        body: bytes | None,
        uri: str,
        *,
        authorize: bool = True,
        extra: dict[str, str] | None = None,
    ) -> tuple[int, Any, str | None]:
        headers = {
            "User-Identify": self.config.platform_id,
            "Content-Type": CONTENT_TYPE,
            "Accept": "application/json,application/VIID+JSON",
        }
        if authorize:
            auth = self._digest.authorize(method, uri)
            if auth is not None:
                headers["Authorization"] = auth
        if extra:
            headers.update(extra)
        try:
            async with self._session.request(
                method,
                url,
                data=body,
                headers=headers,
                timeout=aiohttp.ClientTimeout(total=self.config.timeout),
            ) as resp:
                raw = await resp.read()
                challenge = resp.headers.get("WWW-Authenticate")
                status = resp.status
        except (aiohttp.ClientError, TimeoutError) as err:
            raise DockingError(f"{method} {url}: {type(err).__name__} {err}") from err
        payload: Any = None
        if raw:
            try:
                payload = json.loads(raw)
            except ValueError:
                payload = None
        return status, payload, challenge


def _json(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def same_origin(url: str, base: str) -> bool:
    """Same scheme, host and port (the view library's own address)."""
    a, b = urlsplit(url), urlsplit(base)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


def _request_uri(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "") or "/"
