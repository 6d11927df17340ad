"""HTTP digest authentication (RFC 7616 subset: MD5, qop=auth), as GA/T 1400 registers use it.

Server side :class:`DigestAuth` issues challenges and checks ``Authorization`` headers.
Nonces are stateless (time stamp + HMAC, so they survive restarts and need no store) and
expire after ``nonce_ttl``; a stale but genuine nonce is reported as ``stale`` so the device
retries without asking the user. The ``nc`` counter of each nonce must grow (replay guard).
Client side :func:`client_authorization` answers a server's challenge (for the upstream
client to the police platform).

The header grammar is parsed with the stdlib's ``urllib.request`` helpers.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.request import parse_http_list, parse_keqv_list

from ...docking.digest import DigestError, authorization_header, parse_challenge
from ..errors import DecodeError

DEFAULT_NONCE_TTL = 300.0
_MAX_TRACKED_NONCES = 4096


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def parse_digest_header(header: str) -> dict[str, str]:
    """Parameters of a ``Digest ...`` header (``Authorization`` or ``WWW-Authenticate``)."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest" or not rest.strip():
        raise DecodeError("not a Digest header")
    try:
        params = parse_keqv_list(parse_http_list(rest))
    except ValueError as err:
        raise DecodeError(f"malformed Digest header: {err}") from err
    return {key.lower(): value for key, value in params.items()}


def digest_response(
    *,
    username: str,
    password: str,
    realm: str,
    method: str,
    uri: str,
    nonce: str,
    nc: str | None = None,
    cnonce: str | None = None,
    qop: str | None = None,
) -> str:
    """The ``response`` value: MD5(HA1:nonce[:nc:cnonce:qop]:HA2)."""
    ha1 = _md5(f"{username}:{realm}:{password}")
    ha2 = _md5(f"{method.upper()}:{uri}")
    if qop:
        return _md5(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")
    return _md5(f"{ha1}:{nonce}:{ha2}")


@dataclass(frozen=True, slots=True)
class DigestResult:
    """Outcome of a verification. ``ok`` only when the response and nonce are good."""

    ok: bool
    username: str | None = None
    stale: bool = False
    reason: str = ""


class DigestAuth:
    """Server side digest authentication for one realm.

    ``password_for(username)`` returns the password or ``None`` for an unknown user.
    """

    def __init__(
        self,
        realm: str,
        password_for: Callable[[str], str | None] | Mapping[str, str],
        *,
        nonce_ttl: float = DEFAULT_NONCE_TTL,
        secret: bytes | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.realm = realm
        self._password_for = password_for.get if isinstance(password_for, Mapping) else password_for
        self._ttl = nonce_ttl
        self._secret = secret or os.urandom(32)
        self._clock = clock
        self._opaque = hashlib.sha256(self._secret + realm.encode()).hexdigest()[:32]
        self._last_nc: dict[str, int] = {}

    def _sign(self, stamp: str) -> str:
        return hmac.new(self._secret, stamp.encode(), hashlib.sha256).hexdigest()[:32]

    def new_nonce(self) -> str:
        """A fresh nonce: ``<time stamp hex><signature>``."""
        stamp = f"{int(self._clock() * 1000):x}"
        return f"{stamp}.{self._sign(stamp)}"

    def challenge(self, *, stale: bool = False) -> str:
        """``WWW-Authenticate`` header value for a 401 answer."""
        header = (
            f'Digest realm="{self.realm}", qop="auth", nonce="{self.new_nonce()}", '
            f'opaque="{self._opaque}", algorithm=MD5'
        )
        return header + (", stale=true" if stale else "")

    def _nonce_age(self, nonce: str) -> float | None:
        stamp, _, signature = nonce.partition(".")
        if not stamp or not hmac.compare_digest(signature, self._sign(stamp)):
            return None
        try:
            issued = int(stamp, 16) / 1000
        except ValueError:
            return None
        return self._clock() - issued

    def verify(self, method: str, authorization: str | None) -> DigestResult:
        """Check an ``Authorization`` header for a request with ``method``."""
        if not authorization:
            return DigestResult(ok=False, reason="no Authorization header")
        try:
            params = parse_digest_header(authorization)
        except DecodeError as err:
            return DigestResult(ok=False, reason=err.reason)
        missing = [k for k in ("username", "realm", "nonce", "uri", "response") if k not in params]
        if missing:
            return DigestResult(ok=False, reason=f"Digest header lacks {', '.join(missing)}")
        username = params["username"]
        if params["realm"] != self.realm:
            return DigestResult(ok=False, username=username, reason="wrong realm")
        if params.get("algorithm", "MD5").upper() != "MD5":
            return DigestResult(ok=False, username=username, reason="only MD5 is supported")
        qop = params.get("qop")
        if qop != "auth":
            return DigestResult(ok=False, username=username, reason="qop=auth is required")
        if "nc" not in params or "cnonce" not in params:
            return DigestResult(ok=False, username=username, reason="qop=auth needs nc and cnonce")
        nonce = params["nonce"]
        age = self._nonce_age(nonce)
        if age is None:
            return DigestResult(ok=False, username=username, reason="unknown nonce")
        password = self._password_for(username)
        if password is None:
            return DigestResult(ok=False, username=username, reason="unknown user")
        expected = digest_response(
            username=username,
            password=password,
            realm=self.realm,
            method=method,
            uri=params["uri"],
            nonce=nonce,
            nc=params["nc"],
            cnonce=params["cnonce"],
            qop=qop,
        )
        if not hmac.compare_digest(expected, params["response"].lower()):
            return DigestResult(ok=False, username=username, reason="wrong password")
        if age > self._ttl or age < -60:
            return DigestResult(ok=False, username=username, stale=True, reason="nonce expired")
        try:
            nc = int(params["nc"], 16)
        except ValueError:
            return DigestResult(ok=False, username=username, reason="malformed nc")
        if nc <= self._last_nc.get(nonce, 0):
            return DigestResult(ok=False, username=username, reason="replayed nonce count")
        if len(self._last_nc) >= _MAX_TRACKED_NONCES:
            self._last_nc.clear()  # old nonces expire anyway; only replays within ttl matter
        self._last_nc[nonce] = nc
        return DigestResult(ok=True, username=username)

    @staticmethod
    def client_authorization(
        challenge: str, *, username: str, password: str, method: str, uri: str, nc: int = 1
    ) -> str:
        """Client side: see :func:`client_authorization`."""
        return client_authorization(
            challenge, username=username, password=password, method=method, uri=uri, nc=nc
        )


def client_authorization(
    challenge: str,
    *,
    username: str,
    password: str,
    method: str,
    uri: str,
    nc: int = 1,
    cnonce: str | None = None,
) -> str:
    """``Authorization`` header answering a server's ``WWW-Authenticate: Digest`` challenge.

    The client side lives in :mod:`..docking.digest` (the upstream client uses it); this is
    the same answer with this module's error type, for devices and the simulator.
    """
    try:
        parsed = parse_challenge(challenge)
        if not parsed.realm:
            raise DigestError("challenge without realm")
        if parsed.algorithm != "MD5":
            raise DigestError(f"unsupported Digest algorithm {parsed.algorithm}")
    except DigestError as err:
        raise DecodeError(f"Digest challenge: {err}") from err
    return authorization_header(
        parsed,
        username=username,
        password=password,
        method=method,
        uri=uri,
        nc=nc,
        cnonce=cnonce or os.urandom(8).hex(),
    )
