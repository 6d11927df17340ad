"""HTTP Digest access authentication (RFC 7616), both sides, as devices and view libraries use it.

A server answers a request without credentials with ``401`` and a
``WWW-Authenticate: Digest realm=..., nonce=..., qop="auth"`` challenge; the client repeats
the request with an ``Authorization: Digest ...`` header whose ``response`` is::

    HA1      = H(username ":" realm ":" password)
    HA2      = H(method ":" uri)
    response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)      # qop=auth
    response = H(HA1 ":" nonce ":" HA2)                                # no qop (RFC 2069)

``nc`` counts the requests made with one nonce (8 hex digits), so a client can reuse the
challenge until the server sends a fresh one (``stale=true``).

Client side: :func:`parse_challenge`, :func:`authorization_header` and :class:`DigestSession`
(GA/T 1400 upstream, vendor terminals). Server side: :class:`DigestAuth` (GA/T 1400 and
ISAPI receivers, the simulator, the reference view library), with stateless nonces (time
stamp + HMAC: they survive restarts and need no store) that expire, and a growing ``nc`` per
nonce as the replay guard.

>>> c = parse_challenge('Digest realm="testrealm@host.com", qop="auth", '
...     'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')
>>> digest_response(c, username="Mufasa", password="Circle Of Life", method="GET",
...     uri="/dir/index.html", nc=1, cnonce="0a4f113b")
'6629fae49393a05397450978507c4ef1'
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.request import parse_http_list

from .protocols.errors import DecodeError

DEFAULT_NONCE_TTL = 300.0
MAX_HEADER = 4096  # a genuine Digest header is about 300 characters
_MAX_TRACKED_NONCES = 4096
_ALGORITHMS = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


class DigestError(DecodeError):
    """A Digest header that cannot be used (not Digest, malformed, unsupported algorithm)."""


def parse_digest_header(header: str) -> dict[str, str]:
    """Parameters (lower-case names) of a ``Digest ...`` header, either direction.

    Headers come from the network: over 4 KiB, non-ASCII or control characters, an empty or
    repeated parameter are refused with :class:`DigestError` (the stdlib's helpers crashed on
    ``username=`` and ``hmac.compare_digest`` on non-ASCII text).
    """
    if len(header) > MAX_HEADER:
        raise DigestError(f"Digest header longer than {MAX_HEADER} characters")
    if not header.isascii() or not header.isprintable():
        raise DigestError("Digest header with non-ASCII or control characters")
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest" or not rest.strip():
        raise DigestError("not a Digest header")
    params: dict[str, str] = {}
    for item in parse_http_list(rest):
        key, sep, value = item.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not sep or not key:
            raise DigestError(f"malformed Digest parameter {item[:40]!r}")
        if not value:
            raise DigestError(f"empty Digest parameter {key[:40]!r}")
        if key in params:
            raise DigestError(f"Digest parameter {key[:40]!r} given twice")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        params[key] = value
    return params


def _hash(algorithm: str, text: str) -> str:
    return _ALGORITHMS[algorithm](text.encode("utf-8"), usedforsecurity=False).hexdigest()


def compute_response(
    *,
    algorithm: str,
    username: str,
    password: str,
    realm: str,
    method: str,
    uri: str,
    nonce: str,
    qop: str | None = None,
    nc: str = "",
    cnonce: str = "",
) -> str:
    """The ``response`` value (RFC 7616 section 3.4.1); ``nc`` as sent (8 hex digits)."""
    ha1 = _hash(algorithm, f"{username}:{realm}:{password}")
    ha2 = _hash(algorithm, f"{method.upper()}:{uri}")
    if qop:
        return _hash(algorithm, f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}")
    return _hash(algorithm, f"{ha1}:{nonce}:{ha2}")


# --- client side -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Challenge:
    """The parameters of one ``WWW-Authenticate: Digest`` header."""

    realm: str
    nonce: str
    qop: str | None = None  # "auth" or None (RFC 2069 compatibility)
    opaque: str | None = None
    algorithm: str = "MD5"
    stale: bool = False


def parse_challenge(header: str) -> Challenge:
    """Parse a ``WWW-Authenticate`` value; raise :class:`DigestError` if it is not usable."""
    params = parse_digest_header(header)
    if "nonce" not in params:
        raise DigestError("challenge without nonce")
    algorithm = params.get("algorithm", "MD5").upper()
    if algorithm not in _ALGORITHMS:
        raise DigestError(f"unsupported algorithm {algorithm}")
    qop: str | None = None
    if "qop" in params:
        offered = [item.strip().lower() for item in params["qop"].split(",")]
        if "auth" not in offered:
            raise DigestError(f"unsupported qop {params['qop']!r}")
        qop = "auth"
    return Challenge(
        realm=params.get("realm", ""),
        nonce=params["nonce"],
        qop=qop,
        opaque=params.get("opaque"),
        algorithm=algorithm,
        stale=params.get("stale", "").lower() == "true",
    )


def digest_response(
    challenge: Challenge,
    *,
    username: str,
    password: str,
    method: str,
    uri: str,
    nc: int,
    cnonce: str,
) -> str:
    """The ``response`` value answering ``challenge`` for one request."""
    return compute_response(
        algorithm=challenge.algorithm,
        username=username,
        password=password,
        realm=challenge.realm,
        method=method,
        uri=uri,
        nonce=challenge.nonce,
        qop=challenge.qop,
        nc=f"{nc:08x}",
        cnonce=cnonce,
    )


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def authorization_header(
    challenge: Challenge,
    *,
    username: str,
    password: str,
    method: str,
    uri: str,
    nc: int,
    cnonce: str,
) -> str:
    """The complete ``Authorization`` header value."""
    response = digest_response(
        challenge,
        username=username,
        password=password,
        method=method,
        uri=uri,
        nc=nc,
        cnonce=cnonce,
    )
    parts = [
        f"username={_quote(username)}",
        f"realm={_quote(challenge.realm)}",
        f"nonce={_quote(challenge.nonce)}",
        f"uri={_quote(uri)}",
        f"algorithm={challenge.algorithm}",
        f"response={_quote(response)}",
    ]
    if challenge.qop is not None:
        parts += [f"qop={challenge.qop}", f"nc={nc:08x}", f"cnonce={_quote(cnonce)}"]
    if challenge.opaque is not None:
        parts.append(f"opaque={_quote(challenge.opaque)}")
    return "Digest " + ", ".join(parts)


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
    """``Authorization`` answering one ``WWW-Authenticate`` value (devices, the simulator)."""
    parsed = parse_challenge(challenge)
    if not parsed.realm:
        raise DigestError("challenge without realm")
    return authorization_header(
        parsed,
        username=username,
        password=password,
        method=method,
        uri=uri,
        nc=nc,
        cnonce=cnonce or secrets.token_hex(8),
    )


@dataclass(slots=True)
class DigestSession:
    """Credentials plus the current challenge; counts ``nc`` across requests."""

    username: str
    password: str
    challenge: Challenge | None = None
    nc: int = 0

    def accept(self, header: str) -> None:
        """Take a new challenge (from a 401); restarts the nonce count."""
        self.challenge = parse_challenge(header)
        self.nc = 0

    def authorize(self, method: str, uri: str) -> str | None:
        """The header for the next request, or ``None`` before any challenge."""
        if self.challenge is None:
            return None
        self.nc += 1
        return authorization_header(
            self.challenge,
            username=self.username,
            password=self.password,
            method=method,
            uri=uri,
            nc=self.nc,
            cnonce=secrets.token_hex(8),
        )


# --- server side -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DigestResult:
    """Outcome of a verification. ``ok`` only when the response and nonce are good."""

    ok: bool
    username: str | None = None
    stale: bool = False
    reason: str = ""


class DigestAuth:
    """Server side digest authentication for one realm (MD5, qop=auth).

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
        """``secret`` signs nonces (random per process unless given)."""
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
        """A fresh nonce: ``<time stamp hex>.<signature>``."""
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
        if not stamp or not hmac.compare_digest(
            signature.encode("utf-8", "replace"), self._sign(stamp).encode()
        ):
            return None
        try:
            issued = int(stamp, 16) / 1000
        except ValueError:
            return None
        return self._clock() - issued

    def verify(
        self, method: str, authorization: str | None, *, uri: str | None = None
    ) -> DigestResult:
        """Check an ``Authorization`` header for a request with ``method``.

        ``uri`` is the request's own path and query: a header computed for another URI is
        refused (RFC 7616 section 3.4.6), so a captured header cannot be replayed elsewhere.
        """
        if not authorization:
            return DigestResult(ok=False, reason="no Authorization header")
        try:
            params = parse_digest_header(authorization)
        except DigestError as err:
            return DigestResult(ok=False, reason=err.reason)
        missing = [k for k in ("username", "realm", "nonce", "uri", "response") if k not in params]
        if missing:
            return DigestResult(ok=False, reason=f"Digest header lacks {', '.join(missing)}")
        username = params["username"]
        if uri is not None and params["uri"] != uri:
            return DigestResult(ok=False, username=username, reason="uri is not the request's")
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
        expected = compute_response(
            algorithm="MD5",
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
        if not hmac.compare_digest(
            expected.encode(), params["response"].lower().encode("utf-8", "replace")
        ):
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
