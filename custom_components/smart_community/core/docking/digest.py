"""HTTP Digest access authentication, client side (RFC 7616, the subset GA/T 1400 uses).

A view library answers the first ``/VIID/System/Register`` with ``401`` and a
``WWW-Authenticate: Digest realm=..., nonce=..., qop="auth"`` challenge; the client
repeats the request with an ``Authorization: Digest ...`` header whose ``response`` is::

    HA1      = H(username ":" realm ":" password)
    HA2      = H(method ":" uri)
    response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)      # qop=auth
    response = H(HA1 ":" nonce ":" HA2)                                # no qop (RFC 2069)

``nc`` counts the requests made with one nonce (8 hex digits), so a session can reuse
the challenge for later requests until the server sends a fresh one.

>>> c = parse_challenge('Digest realm="testrealm@host.com", qop="auth", '
...     'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"')
>>> digest_response(c, username="Mufasa", password="Circle Of Life", method="GET",
...     uri="/dir/index.html", nc=1, cnonce="0a4f113b")
'6629fae49393a05397450978507c4ef1'
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Container
from dataclasses import dataclass

_PARAM = re.compile(r'\s*([a-zA-Z0-9_-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^,\s]*)\s*,?')
_ALGORITHMS = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}


class DigestError(ValueError):
    """The challenge cannot be answered (not Digest, unsupported algorithm or qop)."""


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
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        raise DigestError(f"not a Digest challenge: {scheme!r}")
    params: dict[str, str] = {}
    for match in _PARAM.finditer(rest):
        key = match.group(1).lower()
        quoted = match.group(3)
        value = quoted.replace('\\"', '"') if quoted is not None else match.group(2)
        params[key] = value
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


def _hash(algorithm: str, text: str) -> str:
    return _ALGORITHMS[algorithm](text.encode("utf-8")).hexdigest()


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
    """The ``response`` value for one request (RFC 7616 section 3.4.1)."""
    alg = challenge.algorithm
    ha1 = _hash(alg, f"{username}:{challenge.realm}:{password}")
    ha2 = _hash(alg, f"{method}:{uri}")
    if challenge.qop is None:
        return _hash(alg, f"{ha1}:{challenge.nonce}:{ha2}")
    return _hash(alg, f"{ha1}:{challenge.nonce}:{nc:08x}:{cnonce}:{challenge.qop}:{ha2}")


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


def parse_authorization(header: str) -> dict[str, str]:
    """Parameters of an ``Authorization: Digest`` header (used by the reference server)."""
    scheme, _, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        raise DigestError(f"not a Digest authorization: {scheme!r}")
    out: dict[str, str] = {}
    for match in _PARAM.finditer(rest):
        quoted = match.group(3)
        out[match.group(1).lower()] = (
            quoted.replace('\\"', '"').replace("\\\\", "\\")
            if quoted is not None
            else match.group(2)
        )
    return out


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
        cnonce = secrets.token_hex(8)
        return authorization_header(
            self.challenge,
            username=self.username,
            password=self.password,
            method=method,
            uri=uri,
            nc=self.nc,
            cnonce=cnonce,
        )


def verify_authorization(
    header: str | None,
    *,
    method: str,
    request_uri: str,
    username: str,
    password: str,
    realm: str,
    nonces: Container[str],
) -> bool:
    """Server side: whether ``header`` answers one of our ``nonces`` for this request (the
    reference servers and simulated devices use it)."""
    if not header:
        return False
    try:
        params = parse_authorization(header)
        nc = int(params.get("nc", "0"), 16)
    except (DigestError, ValueError):
        return False
    nonce = params.get("nonce", "")
    if nonce not in nonces or params.get("username") != username:
        return False
    expected = digest_response(
        Challenge(realm=realm, nonce=nonce, qop=params.get("qop") or None),
        username=username,
        password=password,
        method=method,
        uri=params.get("uri", ""),
        nc=nc,
        cnonce=params.get("cnonce", ""),
    )
    return secrets.compare_digest(expected, params.get("response", "")) and (
        params.get("uri") == request_uri
    )
